/* gk-server-auth.h: who a request's bearer token speaks for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *token_id;
  char   *catalog_id;
  char   *dept_id;        /* NULL for the county office */
  gint64  last_used_at;   /* Unix seconds, 0 for never */
} GkServerAuth;

void          gk_server_auth_free         (GkServerAuth  *auth);
gboolean      gk_server_auth_lookup       (sqlite3       *db,
                                           const char    *token,
                                           gsize          length,
                                           GkServerAuth **auth,
                                           GError       **error);
gboolean      gk_server_auth_write_last_use (sqlite3     *db,
                                             gpointer     data,
                                             GError     **error);
gpointer      gk_server_auth_last_use_new (const char    *token_id,
                                           gint64         at);
void          gk_server_auth_last_use_free (gpointer     data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkServerAuth, gk_server_auth_free)

G_END_DECLS
