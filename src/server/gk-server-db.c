/* gk-server-db.c: SQLite calls and their errors, for the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-server-db.h"

G_DEFINE_QUARK (gk-server-error-quark, gk_server_error)

/* Each connection's prepared statements, by their SQL: connection → (SQL →
 * statement). A connection is used by one thread only (gk-server-schema.c),
 * so only the outer table needs the lock. */
static GMutex      caches_lock;
static GHashTable *caches;

/* A full disk and a database held by another process call for other
 * answers (503 and a retry) than a failure of the database itself. */
static GkServerError
error_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return GK_SERVER_ERROR_FULL;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return GK_SERVER_ERROR_BUSY;
    default:
      return GK_SERVER_ERROR_DATABASE;
    }
}

/**
 * gk_server_db_set_error:
 * @db: the connection whose last call failed
 * @error: return location for a #GError
 *
 * Returns: %FALSE, so that callers can `return gk_server_db_set_error (…)`
 */
gboolean
gk_server_db_set_error (sqlite3  *db,
                        GError  **error)
{
  g_set_error (error, GK_SERVER_ERROR, error_code (sqlite3_extended_errcode (db)),
               _("Database error: %s"), sqlite3_errmsg (db));
  return FALSE;
}

/**
 * gk_server_db_exec:
 * @db: a connection
 * @sql: statements without results
 * @error: return location for a #GError
 *
 * Returns: whether all of @sql ran
 */
gboolean
gk_server_db_exec (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc == SQLITE_OK)
    return TRUE;

  g_set_error (error, GK_SERVER_ERROR, error_code (rc), _("Database error: %s"),
               message != NULL ? message : sqlite3_errmsg (db));
  sqlite3_free (message);
  return FALSE;
}

/**
 * gk_server_db_prepare:
 * @db: a connection
 * @sql: one statement
 * @stmt: (out): the prepared statement
 * @error: return location for a #GError
 *
 * Returns: whether @sql was prepared
 */
gboolean
gk_server_db_prepare (sqlite3       *db,
                      const char    *sql,
                      sqlite3_stmt **stmt,
                      GError       **error)
{
  if (sqlite3_prepare_v2 (db, sql, -1, stmt, NULL) == SQLITE_OK)
    return TRUE;

  return gk_server_db_set_error (db, error);
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static GHashTable *
get_cache (sqlite3  *db,
           gboolean  create)
{
  GHashTable *cache;

  g_mutex_lock (&caches_lock);
  if (caches == NULL && create)
    caches = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  cache = caches != NULL ? g_hash_table_lookup (caches, db) : NULL;
  if (cache == NULL && create)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     finalize_stmt);
      g_hash_table_insert (caches, db, cache);
    }
  g_mutex_unlock (&caches_lock);

  return cache;
}

/**
 * gk_server_db_prepare_cached:
 * @db: a connection
 * @sql: one statement, the same text each time
 * @stmt: (out) (transfer none): the statement, to be given back with
 *   gk_server_db_release() (g_autoptr(GkServerCachedStmt) does)
 * @error: return location for a #GError
 *
 * Like gk_server_db_prepare(), for the statements run at every request or
 * every op: each is prepared once per connection (preparing costs about
 * as much as running one of them), and kept until gk_server_db_close().
 *
 * Returns: whether @sql was prepared
 */
gboolean
gk_server_db_prepare_cached (sqlite3             *db,
                             const char          *sql,
                             GkServerCachedStmt **stmt,
                             GError             **error)
{
  GHashTable *cache = get_cache (db, TRUE);

  *stmt = g_hash_table_lookup (cache, sql);
  if (*stmt != NULL)
    return TRUE;
  if (sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) != SQLITE_OK)
    return gk_server_db_set_error (db, error);

  g_hash_table_insert (cache, g_strdup (sql), *stmt);
  return TRUE;
}

/**
 * gk_server_db_release:
 * @stmt: (nullable): a statement of gk_server_db_prepare_cached()
 *
 * Resets it and clears its bindings, so that it holds no read transaction
 * open and no pointer to the caller's values.
 */
void
gk_server_db_release (GkServerCachedStmt *stmt)
{
  if (stmt == NULL)
    return;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/**
 * gk_server_db_step_done:
 * @stmt: a statement without results
 * @error: return location for a #GError
 *
 * Returns: whether @stmt ran to its end
 */
gboolean
gk_server_db_step_done (sqlite3_stmt  *stmt,
                        GError       **error)
{
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;

  return gk_server_db_set_error (sqlite3_db_handle (stmt), error);
}

/**
 * gk_server_db_begin:
 * @db: a connection
 * @error: return location for a #GError
 *
 * Starts a write transaction. IMMEDIATE takes the write lock now: a
 * transaction that read first and then wrote could fail with SQLITE_BUSY
 * half-way when an administration command holds the lock.
 *
 * Returns: whether the transaction started
 */
gboolean
gk_server_db_begin (sqlite3  *db,
                    GError  **error)
{
  return gk_server_db_exec (db, "BEGIN IMMEDIATE", error);
}

/**
 * gk_server_db_commit:
 * @db: a connection in a transaction
 * @error: return location for a #GError
 *
 * Commits, or rolls back when the commit fails. With synchronous=FULL the
 * change is on the disk when this returns.
 *
 * Returns: whether the transaction was committed
 */
gboolean
gk_server_db_commit (sqlite3  *db,
                     GError  **error)
{
  if (gk_server_db_exec (db, "COMMIT", error))
    return TRUE;

  gk_server_db_rollback (db);
  return FALSE;
}

/**
 * gk_server_db_rollback:
 * @db: a connection
 *
 * Rolls back the transaction in progress, if any.
 */
void
gk_server_db_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    gk_server_db_exec (db, "ROLLBACK", NULL);
}

/**
 * gk_server_db_close:
 * @db: (nullable): a connection
 */
void
gk_server_db_close (sqlite3 *db)
{
  if (db != NULL && get_cache (db, FALSE) != NULL)
    {
      g_mutex_lock (&caches_lock);
      g_hash_table_remove (caches, db);
      g_mutex_unlock (&caches_lock);
    }
  /* sqlite3_close_v2() closes once the last statement is finalized. */
  sqlite3_close_v2 (db);
}

/**
 * gk_server_db_dup_meta:
 * @db: a connection
 * @key: a key of the meta table, e.g. "server_id"
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): its value, as text
 */
char *
gk_server_db_dup_meta (sqlite3     *db,
                       const char  *key,
                       GError     **error)
{
  g_autoptr(GkServerCachedStmt) stmt = NULL;

  if (!gk_server_db_prepare_cached (db, "SELECT value FROM meta WHERE key = ?", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gk_server_db_set_error (db, error);
      return NULL;
    }

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}
