/* gk-server-conflict.c: conflict records, kept and listed
 *
 * A conflict is recorded in the transaction of the op that met it, with
 * the base, mine and theirs of each field (gk-sync-record.c writes them),
 * and stays open until an op names it in `resolves`. Every PC of the
 * department lists the open ones (GET /api/v1/conflicts), so that whoever
 * can settle one sees it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-server-conflict.h"
#include "gk-server-db.h"
#include "gk-server-input.h"
#include "gk-server-response.h"
#include "gk-sync-record.h"

/* A page of the list, newest first for the resolved ones. */
#define MAX_LISTED 500

/**
 * gk_server_conflict_find_open:
 * @db: a connection
 * @conflict_id: the id an op's `resolves` gives
 * @item_id: the op's item
 * @kind: (out): the kind of the open conflict of @item_id of that id, or
 *   %GK_MERGE_CONFLICT_NONE when there is none
 * @error: return location for a #GError
 *
 * Returns: whether the database could be read
 */
gboolean
gk_server_conflict_find_open (sqlite3          *db,
                              const char       *conflict_id,
                              const char       *item_id,
                              GkMergeConflict  *kind,
                              GError          **error)
{
  static const char sql[] =
    "SELECT kind FROM conflict WHERE id = ? AND item_id = ? AND state = 'open'";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *kind = GK_MERGE_CONFLICT_NONE;
  if (!gk_server_db_prepare (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, conflict_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, item_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return gk_server_db_set_error (db, error);

  for (GkMergeConflict k = GK_MERGE_CONFLICT_FIELDS; k <= GK_MERGE_CONFLICT_DELETE_CHANGED; k++)
    {
      if (g_str_equal (gk_merge_conflict_to_string (k), sqlite3_column_text (stmt, 0)))
        *kind = k;
    }
  return TRUE;
}

static gboolean
insert_conflict (sqlite3             *db,
                 const char          *id,
                 const GkServerItem  *item,
                 const GkSyncOp      *op,
                 GkMergeResult       *merge,
                 const char          *fields,
                 gint64               at,
                 GError             **error)
{
  static const char sql[] =
    "INSERT INTO conflict (id, catalog_id, item_id, dept_id, op_id, kind, base_rev,"
    "  server_rev, fields, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!gk_server_db_prepare (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, item->catalog_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, item->item_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, item->dept_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, op->op_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, gk_merge_conflict_to_string (merge->conflict), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, op->base_rev);
  sqlite3_bind_int64 (stmt, 8, item->rev);
  sqlite3_bind_text (stmt, 9, fields, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, at / G_USEC_PER_SEC);
  return gk_server_db_step_done (stmt, error);
}

/**
 * gk_server_conflict_record:
 * @db: the writer's connection, in a transaction
 * @item: the item as the op met it (its rev is the one recorded)
 * @op: the op that met the conflict
 * @merge: its merge, with a conflict
 * @at: now, microseconds since the Unix epoch
 * @conflict_json: where to append the conflict object of the push
 *   result: its id, kind and fields
 * @error: return location for a #GError
 *
 * Returns: whether the record was written
 */
gboolean
gk_server_conflict_record (sqlite3             *db,
                           const GkServerItem  *item,
                           const GkSyncOp      *op,
                           GkMergeResult       *merge,
                           gint64               at,
                           GString             *conflict_json,
                           GError             **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GString) fields = g_string_new (NULL);
  GkJsonOut j;

  gk_json_out_init (&j, fields);
  gk_sync_write_conflict_fields (&j, merge);
  if (!insert_conflict (db, id, item, op, merge, fields->str, at, error))
    return FALSE;

  gk_json_out_init (&j, conflict_json);
  gk_json_out_begin_object (&j);
  gk_json_out_string_member (&j, "id", id);
  gk_json_out_string_member (&j, "kind", gk_merge_conflict_to_string (merge->conflict));
  gk_json_out_member (&j, "fields");
  gk_json_out_raw (&j, fields->str);
  gk_json_out_end_object (&j);
  return TRUE;
}

/**
 * gk_server_conflict_resolve:
 * @db: the writer's connection, in a transaction
 * @conflict_id: an open conflict
 * @op_id: the op that settles it
 * @at: now, microseconds since the Unix epoch
 * @error: return location for a #GError
 *
 * Returns: whether the record was written
 */
gboolean
gk_server_conflict_resolve (sqlite3     *db,
                            const char  *conflict_id,
                            const char  *op_id,
                            gint64       at,
                            GError     **error)
{
  static const char sql[] =
    "UPDATE conflict SET state = 'resolved', resolved_by_op = ?, resolved_at = ?"
    " WHERE id = ? AND state = 'open'";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!gk_server_db_prepare (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, at / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 3, conflict_id, -1, SQLITE_STATIC);
  return gk_server_db_step_done (stmt, error);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static void
write_record (GkJsonOut    *j,
              sqlite3_stmt *stmt)
{
  gk_json_out_begin_object (j);
  gk_json_out_string_member (j, "id", column_text (stmt, 0));
  gk_json_out_string_member (j, "item_id", column_text (stmt, 1));
  gk_json_out_string_member (j, "dept", column_text (stmt, 2));
  gk_json_out_string_member (j, "kind", column_text (stmt, 3));
  gk_json_out_string_member (j, "state", column_text (stmt, 4));
  gk_json_out_string_member (j, "op_id", column_text (stmt, 5));
  gk_json_out_int_member (j, "base_rev", sqlite3_column_int64 (stmt, 6));
  gk_json_out_int_member (j, "rev", sqlite3_column_int64 (stmt, 7));
  gk_json_out_time_member (j, "created", sqlite3_column_int64 (stmt, 8) * G_USEC_PER_SEC);
  if (sqlite3_column_type (stmt, 10) != SQLITE_NULL)
    {
      gk_json_out_string_member (j, "resolved_by", column_text (stmt, 10));
      gk_json_out_time_member (j, "resolved", sqlite3_column_int64 (stmt, 11) * G_USEC_PER_SEC);
    }
  gk_json_out_member (j, "fields");
  gk_json_out_raw (j, column_text (stmt, 9));
  gk_json_out_end_object (j);
}

/**
 * gk_server_conflict_write_tag:
 * @db: a connection, in a read transaction
 * @auth: the request's token
 * @j: where the member `conflicts_tag` is written
 * @error: return location for a #GError
 *
 * Writes a text that changes whenever the department's list of open
 * conflicts (the catalog's, for the office) changes: the number of open
 * records, of all records and the newest record's rowid. Records are never
 * deleted, so a new record raises the last two and a resolved one moves
 * one from the first. A PC asks for the list only when the tag differs
 * from that of the list it holds (docs/sync-protocol.md).
 *
 * Returns: whether the database could be read
 */
gboolean
gk_server_conflict_write_tag (sqlite3             *db,
                              const GkServerAuth  *auth,
                              GkJsonOut           *j,
                              GError             **error)
{
  static const char sql[] =
    "SELECT total (state = 'open'), count(*), ifnull (max (rowid), 0) FROM conflict"
    " WHERE catalog_id = ?1 AND (?2 IS NULL OR dept_id = ?2)";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *tag = NULL;

  if (!gk_server_db_prepare (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, auth->catalog_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, auth->dept_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return gk_server_db_set_error (db, error);
  tag = g_strdup_printf ("%lld.%lld.%lld", (long long) sqlite3_column_int64 (stmt, 0),
                         (long long) sqlite3_column_int64 (stmt, 1),
                         (long long) sqlite3_column_int64 (stmt, 2));
  gk_json_out_string_member (j, "conflicts_tag", tag);
  return TRUE;
}

typedef struct
{
  gboolean open;
} Listing;

/* The department's conflicts; all of the catalog's for the office. */
static gboolean
list_conflicts (sqlite3             *db,
                const GkServerAuth  *auth,
                gpointer             data,
                GkJsonOut           *j,
                GError             **error)
{
  static const char sql[] =
    "SELECT id, item_id, dept_id, kind, state, op_id, base_rev, server_rev, created_at,"
    "  fields, resolved_by_op, resolved_at FROM conflict"
    " WHERE catalog_id = ?1 AND (?2 IS NULL OR dept_id = ?2) AND state = ?3"
    " ORDER BY CASE WHEN ?3 = 'open' THEN rowid ELSE -rowid END LIMIT ?4";
  Listing *listing = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n = 0;
  int rc;

  if (!gk_server_db_prepare (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, auth->catalog_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, auth->dept_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, listing->open ? "open" : "resolved", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, MAX_LISTED + 1);

  gk_json_out_member (j, "conflicts");
  gk_json_out_begin_array (j);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && n++ < MAX_LISTED)
    write_record (j, stmt);
  gk_json_out_end_array (j);
  gk_json_out_boolean_member (j, "more", rc == SQLITE_ROW);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return gk_server_db_set_error (db, error);
  /* In the same read transaction: the tag of exactly this list. */
  return gk_server_conflict_write_tag (db, auth, j, error);
}

/**
 * gk_server_conflict_handle:
 *
 * GET /api/v1/conflicts?state=open|resolved: the open conflicts (the
 * default) in the order they were met, or the resolved ones, newest
 * first; at most 500, `more` says whether there are others.
 */
void
gk_server_conflict_handle (GkServer           *server,
                           SoupServerMessage  *msg,
                           const GkServerAuth *auth,
                           const GkJsonValue  *body)
{
  static const char * const names[] = { "state", NULL };
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GError) error = NULL;
  Listing listing = { TRUE };
  const char *state;

  query = gk_server_input_parse_query (msg, names, &error);
  state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  if (state != NULL && !g_str_equal (state, "open") && !g_str_equal (state, "resolved"))
    g_set_error (&error, GK_SERVER_ERROR, GK_SERVER_ERROR_INVALID,
                 _("“state” must be open or resolved."));
  if (error != NULL)
    {
      gk_server_respond_error (msg, error);
      return;
    }

  listing.open = state == NULL || g_str_equal (state, "open");
  gk_server_respond_read (server, msg, auth, list_conflicts, &listing);
}
