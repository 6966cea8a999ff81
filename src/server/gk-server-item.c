/* gk-server-item.c: items and their revisions in the server's database
 *
 * An item row says which revision is the newest, an item_rev row holds
 * every revision (the merge base of a late op, and the history) with the
 * item object as gk_item_write_json() wrote it, with its department: the
 * change feed and push results send that text as it is, and the one
 * strict reader turns it back into a GkItem to merge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n.h>

#include "gk-item-json.h"
#include "gk-json-out.h"
#include "gk-server-db.h"
#include "gk-server-item.h"

/**
 * gk_server_item_new:
 * @item_id: the item's id
 * @catalog_id: its catalog
 * @dept_id: the department that owns it
 *
 * Returns: (transfer full): an item the server does not have yet (rev 0)
 */
GkServerItem *
gk_server_item_new (const char *item_id,
                    const char *catalog_id,
                    const char *dept_id)
{
  GkServerItem *item = g_new0 (GkServerItem, 1);

  item->item_id = g_strdup (item_id);
  item->catalog_id = g_strdup (catalog_id);
  item->dept_id = g_strdup (dept_id);
  return item;
}

/**
 * gk_server_item_free:
 * @item: (nullable): an item
 */
void
gk_server_item_free (GkServerItem *item)
{
  if (item == NULL)
    return;

  g_free (item->item_id);
  g_free (item->catalog_id);
  g_free (item->dept_id);
  g_clear_object (&item->item);
  g_free (item->json);
  g_free (item);
}

/* A stored item object that does not read back is damage, not a client's
 * mistake: the error says which. */
static GkItem *
read_stored (const char  *json,
             const char  *item_id,
             gint64       rev,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GkItem *item = gk_item_new_from_data (json, strlen (json), NULL, &local_error);

  if (item == NULL)
    {
      /* Formatted apart: G_GINT64_FORMAT would cut the msgid short for xgettext. */
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, rev);

      g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_DATABASE,
                   _("Revision %s of item %s in the database cannot be read: %s"), number,
                   item_id, local_error->message);
    }
  return item;
}

/**
 * gk_server_item_load:
 * @db: a connection
 * @item_id: an item's id
 * @item: (out) (transfer full) (nullable): the item, %NULL when the server
 *   has none of that id
 * @error: return location for a #GError
 *
 * Returns: whether the database could be read
 */
gboolean
gk_server_item_load (sqlite3       *db,
                     const char    *item_id,
                     GkServerItem **item,
                     GError       **error)
{
  static const char sql[] =
    "SELECT item.catalog_id, item.dept_id, item.rev, item.seq, item.deleted, newest.fields"
    " FROM item" GK_SERVER_ITEM_JOIN_NEWEST
    " WHERE item.id = ?";
  g_autoptr(GkServerCachedStmt) stmt = NULL;
  g_autoptr(GkServerItem) found = NULL;
  int rc;

  *item = NULL;
  if (!gk_server_db_prepare_cached (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, item_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return gk_server_db_set_error (db, error);

  found = gk_server_item_new (item_id, (const char *) sqlite3_column_text (stmt, 0),
                              (const char *) sqlite3_column_text (stmt, 1));
  found->rev = sqlite3_column_int64 (stmt, 2);
  found->seq = sqlite3_column_int64 (stmt, 3);
  found->deleted = sqlite3_column_int (stmt, 4) != 0;
  found->json = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  found->item = read_stored (found->json, item_id, found->rev, error);
  if (found->item == NULL)
    return FALSE;

  *item = g_steal_pointer (&found);
  return TRUE;
}

/**
 * gk_server_item_load_rev:
 * @db: a connection
 * @item_id: an item's id
 * @rev: one of its revisions
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the item as revision @rev left it
 */
GkItem *
gk_server_item_load_rev (sqlite3     *db,
                         const char  *item_id,
                         gint64       rev,
                         GError     **error)
{
  static const char sql[] = "SELECT fields FROM item_rev WHERE item_id = ? AND rev = ?";
  g_autoptr(GkServerCachedStmt) stmt = NULL;

  if (!gk_server_db_prepare_cached (db, sql, &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, item_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, rev);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gk_server_db_set_error (db, error);
      return NULL;
    }

  return read_stored ((const char *) sqlite3_column_text (stmt, 0), item_id, rev, error);
}

/**
 * gk_server_item_read_seq:
 * @db: a connection: the writer's, in its transaction, to give the next
 * @seq: (out): the last change number given
 * @error: return location for a #GError
 *
 * Change numbers are given inside the write transaction, so commit order
 * is seq order. A push reads the last one once, numbers its revisions
 * from it and writes the last it gave once (gk_server_item_write_seq()):
 * an UPDATE of the counter per revision was a third of the writer's time.
 * The change feed reads it as the newest change.
 *
 * Returns: whether it could be read
 */
gboolean
gk_server_item_read_seq (sqlite3  *db,
                         gint64   *seq,
                         GError  **error)
{
  g_autofree char *value = gk_server_db_dup_meta (db, "seq", error);

  if (value == NULL)
    return FALSE;
  *seq = g_ascii_strtoll (value, NULL, 10);
  return TRUE;
}

/**
 * gk_server_item_write_seq:
 * @db: the writer's connection, in the transaction of gk_server_item_read_seq()
 * @seq: the last change number given
 * @error: return location for a #GError
 *
 * Returns: whether it was written
 */
gboolean
gk_server_item_write_seq (sqlite3  *db,
                          gint64    seq,
                          GError  **error)
{
  static const char sql[] = "UPDATE meta SET value = ? WHERE key = 'seq'";
  g_autoptr(GkServerCachedStmt) stmt = NULL;

  if (!gk_server_db_prepare_cached (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  return gk_server_db_step_done (stmt, error);
}

static gboolean
write_item (sqlite3       *db,
            GkServerItem  *item,
            const char    *token_id,
            GError       **error)
{
  static const char sql[] =
    "INSERT INTO item (id, catalog_id, dept_id, rev, seq, deleted, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT (id) DO UPDATE SET rev = ?4, seq = ?5, deleted = ?6, updated_at = ?7,"
    "  updated_by = ?8";
  g_autoptr(GkServerCachedStmt) stmt = NULL;

  if (!gk_server_db_prepare_cached (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, item->item_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, item->catalog_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, item->dept_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, item->rev);
  sqlite3_bind_int64 (stmt, 5, item->seq);
  sqlite3_bind_int (stmt, 6, item->deleted);
  sqlite3_bind_int64 (stmt, 7, gk_item_get_modified (item->item) / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 8, token_id, -1, SQLITE_STATIC);
  return gk_server_db_step_done (stmt, error);
}

static char *
dup_field_keys (GkFieldMask fields)
{
  GString *out = g_string_new (NULL);
  GkJsonOut j;

  gk_json_out_init (&j, out);
  gk_json_out_begin_array (&j);
  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (fields & GK_FIELD_MASK (f))
        gk_json_out_string (&j, gk_field_get_key (f));
    }
  gk_json_out_end_array (&j);

  return g_string_free (out, FALSE);
}

static gboolean
write_revision (sqlite3       *db,
                GkServerItem  *item,
                const char    *op_id,
                const char    *token_id,
                GkFieldMask    changed,
                GError       **error)
{
  static const char sql[] =
    "INSERT INTO item_rev (item_id, rev, seq, deleted, fields, op_id, token_id, at, changed)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  g_autoptr(GkServerCachedStmt) stmt = NULL;
  g_autofree char *keys = dup_field_keys (changed);

  if (!gk_server_db_prepare_cached (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, item->item_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, item->rev);
  sqlite3_bind_int64 (stmt, 3, item->seq);
  sqlite3_bind_int (stmt, 4, item->deleted);
  sqlite3_bind_text (stmt, 5, item->json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, op_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, token_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, gk_item_get_modified (item->item) / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 9, keys, -1, SQLITE_STATIC);
  return gk_server_db_step_done (stmt, error);
}

/**
 * gk_server_item_save:
 * @db: the writer's connection, in a transaction
 * @item: the item's new revision: @rev, @deleted and @item set, its
 *   times the server's
 * @seq: (inout): the last change number given; the revision gets the next
 * @op_id: the op that made it
 * @token_id: the token that sent the op
 * @changed: the fields in which it differs from the revision before
 * @error: return location for a #GError
 *
 * Gives the revision the next change number, writes it as the item's
 * newest and keeps it among its revisions; sets its @seq and @json.
 *
 * Returns: whether it was written
 */
gboolean
gk_server_item_save (sqlite3       *db,
                     GkServerItem  *item,
                     gint64        *seq,
                     const char    *op_id,
                     const char    *token_id,
                     GkFieldMask    changed,
                     GError       **error)
{
  GString *json = g_string_new (NULL);

  gk_item_write_json (item->item, item->dept_id, json);
  g_free (item->json);
  item->json = g_string_free (json, FALSE);
  item->seq = ++*seq;

  return write_item (db, item, token_id, error)
         && write_revision (db, item, op_id, token_id, changed, error);
}
