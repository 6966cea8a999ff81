/* gk-server-push.h: POST /api/v1/push
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-server.h"

G_BEGIN_DECLS

void  gk_server_push_handle (GkServer            *server,
                             SoupServerMessage   *msg,
                             const GkServerAuth  *auth,
                             const GkJsonValue   *body);

G_END_DECLS
