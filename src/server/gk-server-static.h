/* gk-server-static.h: the published catalogs, read-only at /catalog/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-server.h"

G_BEGIN_DECLS

#define GK_SERVER_STATIC_PREFIX "/catalog/"

void  gk_server_static_add_routes (GkServer *server);

G_END_DECLS
