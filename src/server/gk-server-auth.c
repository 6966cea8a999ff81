/* gk-server-auth.c: who a request's bearer token speaks for
 *
 * The department of a request always comes from its token, never from
 * what the request says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-server-auth.h"
#include "gk-server-db.h"
#include "gk-server-token.h"

/**
 * gk_server_auth_free:
 * @auth: (transfer full) (nullable): what a token speaks for
 */
void
gk_server_auth_free (GkServerAuth *auth)
{
  if (auth == NULL)
    return;

  g_free (auth->token_id);
  g_free (auth->catalog_id);
  g_free (auth->dept_id);
  g_free (auth);
}

/**
 * gk_server_auth_lookup:
 * @db: a connection
 * @token: (array length=length): a bearer token
 * @length: its length
 * @auth: (out) (transfer full) (nullable): what @token speaks for, %NULL
 *   when it is unknown or revoked
 * @error: return location for a #GError
 *
 * Returns: whether the database could be read
 */
gboolean
gk_server_auth_lookup (sqlite3       *db,
                       const char    *token,
                       gsize          length,
                       GkServerAuth **auth,
                       GError       **error)
{
  static const char sql[] =
    "SELECT id, catalog_id, dept_id, ifnull (last_used_at, 0) FROM token"
    " WHERE hash = ? AND revoked_at IS NULL";
  g_autoptr(GkServerCachedStmt) stmt = NULL;
  guint8 hash[GK_SERVER_TOKEN_HASH_SIZE];
  int rc;

  *auth = NULL;
  if (!gk_server_db_prepare_cached (db, sql, &stmt, error))
    return FALSE;

  gk_server_token_hash (token, length, hash);
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return gk_server_db_set_error (db, error);

  *auth = g_new0 (GkServerAuth, 1);
  (*auth)->token_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  (*auth)->catalog_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  (*auth)->dept_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  (*auth)->last_used_at = sqlite3_column_int64 (stmt, 3);
  return TRUE;
}

typedef struct
{
  char   *token_id;
  gint64  at;
} LastUse;

/**
 * gk_server_auth_last_use_new:
 * @token_id: a token's id
 * @at: when it was used, Unix seconds
 *
 * Returns: (transfer full): the data of gk_server_auth_write_last_use()
 */
gpointer
gk_server_auth_last_use_new (const char *token_id,
                             gint64      at)
{
  LastUse *last_use = g_new0 (LastUse, 1);

  last_use->token_id = g_strdup (token_id);
  last_use->at = at;
  return last_use;
}

/**
 * gk_server_auth_last_use_free:
 * @data: (transfer full): from gk_server_auth_last_use_new()
 */
void
gk_server_auth_last_use_free (gpointer data)
{
  LastUse *last_use = data;

  g_free (last_use->token_id);
  g_free (last_use);
}

/**
 * gk_server_auth_write_last_use:
 * @db: the writer's connection, in a transaction
 * @data: from gk_server_auth_last_use_new()
 * @error: return location for a #GError
 *
 * A #GkServerWriteFunc that records when a token was last used (for
 * `token list`), never moving the time back.
 *
 * Returns: whether the row was written
 */
gboolean
gk_server_auth_write_last_use (sqlite3  *db,
                               gpointer  data,
                               GError  **error)
{
  static const char sql[] =
    "UPDATE token SET last_used_at = max (ifnull (last_used_at, 0), ?) WHERE id = ?";
  LastUse *last_use = data;
  g_autoptr(GkServerCachedStmt) stmt = NULL;

  if (!gk_server_db_prepare_cached (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, last_use->at);
  sqlite3_bind_text (stmt, 2, last_use->token_id, -1, SQLITE_STATIC);
  return gk_server_db_step_done (stmt, error);
}
