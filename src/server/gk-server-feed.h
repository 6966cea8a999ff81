/* gk-server-feed.h: GET /api/v1/changes, and its cursors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-server.h"

G_BEGIN_DECLS

char     *gk_server_cursor_encode (const char          *server_id,
                                   gint64               seq);
gboolean  gk_server_cursor_decode (const char          *cursor,
                                   const char          *server_id,
                                   gint64              *seq,
                                   GError             **error);
void      gk_server_feed_handle   (GkServer            *server,
                                   SoupServerMessage   *msg,
                                   const GkServerAuth  *auth,
                                   const GkJsonValue   *body);

G_END_DECLS
