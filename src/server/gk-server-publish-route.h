/* gk-server-publish-route.h: POST /api/v1/publish
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-server.h"

G_BEGIN_DECLS

void  gk_server_publish_handle (GkServer           *server,
                                SoupServerMessage  *msg,
                                const GkServerAuth *auth,
                                const GkJsonValue  *body);

G_END_DECLS
