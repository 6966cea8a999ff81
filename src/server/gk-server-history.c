/* gk-server-history.c: GET /api/v1/items/{id}/history
 *
 * An item's revisions, newest first: the state each change left, who
 * made it (the department, and the token by its id and label, never the
 * token), when, and the fields it changed. Every token of the catalog may
 * read it, as it may read the items.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n.h>

#include "gk-server-db.h"
#include "gk-server-history.h"
#include "gk-server-input.h"
#include "gk-server-response.h"

#define MAX_REVISIONS 100
#define DEFAULT_REVISIONS 20

typedef struct
{
  const char *item_id;
  gint64      before;
  gint64      limit;
} History;

/* The item's department, when the token's catalog has the item. */
static gboolean
find_item (sqlite3             *db,
           const GkServerAuth  *auth,
           const char          *item_id,
           char               **dept_id,
           GError             **error)
{
  static const char sql[] = "SELECT dept_id FROM item WHERE id = ? AND catalog_id = ?";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!gk_server_db_prepare (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, item_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, auth->catalog_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_NOT_FOUND,
                   _("The catalog has no item “%s”."), item_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return gk_server_db_set_error (db, error);

  *dept_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
}

static void
write_revision (GkJsonOut    *j,
                sqlite3_stmt *stmt,
                const char   *dept_id)
{
  gk_json_out_begin_object (j);
  gk_json_out_int_member (j, "rev", sqlite3_column_int64 (stmt, 0));
  gk_json_out_int_member (j, "seq", sqlite3_column_int64 (stmt, 1));
  gk_json_out_boolean_member (j, "deleted", sqlite3_column_int (stmt, 2) != 0);
  gk_json_out_string_member (j, "op_id", (const char *) sqlite3_column_text (stmt, 3));
  gk_json_out_string_member (j, "dept", dept_id);
  gk_json_out_string_member (j, "token_id", (const char *) sqlite3_column_text (stmt, 4));
  gk_json_out_string_member (j, "token", (const char *) sqlite3_column_text (stmt, 5));
  gk_json_out_time_member (j, "at", sqlite3_column_int64 (stmt, 6) * G_USEC_PER_SEC);
  gk_json_out_member (j, "changed");
  gk_json_out_raw (j, (const char *) sqlite3_column_text (stmt, 7));
  gk_json_out_member (j, "item");
  gk_json_out_raw (j, (const char *) sqlite3_column_text (stmt, 8));
  gk_json_out_end_object (j);
}

static gboolean
list_revisions (sqlite3             *db,
                const GkServerAuth  *auth,
                gpointer             data,
                GkJsonOut           *j,
                GError             **error)
{
  static const char sql[] =
    "SELECT r.rev, r.seq, r.deleted, r.op_id, r.token_id, ifnull (t.label, ''), r.at,"
    "  r.changed, r.fields FROM item_rev r LEFT JOIN token t ON t.id = r.token_id"
    " WHERE r.item_id = ? AND r.rev < ? ORDER BY r.rev DESC LIMIT ?";
  History *history = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *dept_id = NULL;
  gint64 n = 0;
  int rc;

  if (!find_item (db, auth, history->item_id, &dept_id, error)
      || !gk_server_db_prepare (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, history->item_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, history->before);
  sqlite3_bind_int64 (stmt, 3, history->limit + 1);

  gk_json_out_string_member (j, "item_id", history->item_id);
  gk_json_out_member (j, "revisions");
  gk_json_out_begin_array (j);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && n++ < history->limit)
    write_revision (j, stmt, dept_id);
  gk_json_out_end_array (j);
  gk_json_out_boolean_member (j, "more", rc == SQLITE_ROW);

  return rc == SQLITE_DONE || rc == SQLITE_ROW || gk_server_db_set_error (db, error);
}

/* The {id} of /api/v1/items/{id}/history, in lower case; NULL when it is
 * no UUID, and so no item's. */
static char *
dup_item_id (SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);

  if (g_strv_length (segments) != 6 || !g_uuid_string_is_valid (segments[4]))
    return NULL;

  return g_ascii_strdown (segments[4], -1);
}

/**
 * gk_server_history_handle:
 *
 * GET /api/v1/items/{id}/history?before=REV&limit=N: the revisions older
 * than REV (all when absent), at most N (1 to 100, 20 when absent).
 */
void
gk_server_history_handle (GkServer           *server,
                          SoupServerMessage  *msg,
                          const GkServerAuth *auth,
                          const GkJsonValue  *body)
{
  static const char * const names[] = { "before", "limit", NULL };
  g_autofree char *item_id = dup_item_id (msg);
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GError) error = NULL;
  History history = { item_id, G_MAXINT64, DEFAULT_REVISIONS };

  if (item_id == NULL)
    g_set_error (&error, GK_SERVER_ERROR, GK_SERVER_ERROR_NOT_FOUND,
                 _("The path does not name an item by its UUID."));
  else if ((query = gk_server_input_parse_query (msg, names, &error)) != NULL
           && gk_server_input_get_int (query, "before", 1, G_MAXINT64, &history.before, &error)
           && gk_server_input_get_int (query, "limit", 1, MAX_REVISIONS, &history.limit,
                                       &error))
    {
      gk_server_respond_read (server, msg, auth, list_revisions, &history);
      return;
    }

  gk_server_respond_error (msg, error);
}
