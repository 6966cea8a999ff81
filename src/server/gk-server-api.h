/* gk-server-api.h: the endpoints of /api/v1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-server.h"

G_BEGIN_DECLS

void  gk_server_api_add_routes (GkServer *server);

G_END_DECLS
