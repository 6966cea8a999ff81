/* gk-store-conflict.c: the server's conflict records, kept for the PC
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-store-private.h"
#include "gk-store-sync.h"

/*
 * The conflicts table holds the records as the server sends them (its
 * JSON, docs/sync-protocol.md "Conflicts"): met by this PC's push, or
 * listed by the server after a pull, for every PC of the department. A
 * record stays "open" until the server no longer lists it as open: then
 * another PC, or this one, has resolved it.
 */

/**
 * gk_store_save_conflict:
 * @self: an open store in a transaction
 * @conflict: a record of the server
 * @error: return location for a #GError
 *
 * Returns: whether it was saved, replacing an earlier copy
 */
gboolean
gk_store_save_conflict (GkStore                *self,
                        const GkStoreConflict  *conflict,
                        GError                **error)
{
  sqlite3_stmt *stmt = gk_store_get_statement (self, "INSERT OR REPLACE INTO conflicts "
                                               "(id, item_id, json, state) "
                                               "VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, conflict->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, conflict->item_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, conflict->json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, conflict->state, -1, SQLITE_STATIC);
  return gk_store_step_statement (self, stmt, error);
}

static gboolean
set_open (GkStore                *self,
          const GkStoreConflict  *conflicts,
          guint                   n_conflicts,
          gboolean                complete,
          GError                **error)
{
  /* Those the server no longer lists were resolved since. */
  if (complete && !gk_store_exec (self->db, "UPDATE conflicts SET state = 'resolved' "
                                  "WHERE state = 'open'", error))
    return FALSE;
  for (guint i = 0; i < n_conflicts; i++)
    {
      GkStoreConflict open = conflicts[i];

      open.state = "open";
      if (!gk_store_save_conflict (self, &open, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * gk_store_set_open_conflicts:
 * @self: an open store
 * @conflicts: (array length=n_conflicts): the open conflicts the server
 *   lists
 * @n_conflicts: how many
 * @complete: whether the server listed all of them (not `more`)
 * @tag: (nullable): the server's `conflicts_tag` of the list
 * @error: return location for a #GError
 *
 * Keeps the server's list of open conflicts, in one transaction. When the
 * list is complete, the records it lacks are marked resolved, and @tag is
 * kept as the tag of the list the store holds (%GK_STORE_SYNC_CONFLICTS_TAG);
 * otherwise no tag is kept, and the list is asked for again.
 *
 * Returns: whether it was saved
 */
gboolean
gk_store_set_open_conflicts (GkStore                *self,
                             const GkStoreConflict  *conflicts,
                             guint                   n_conflicts,
                             gboolean                complete,
                             const char             *tag,
                             GError                **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (conflicts != NULL || n_conflicts == 0, FALSE);

  if (!gk_store_begin (self, error))
    return FALSE;
  return gk_store_end (self,
                       set_open (self, conflicts, n_conflicts, complete, error)
                       && gk_store_set_sync_key (self,
                                                 gk_store_sync_keys[GK_STORE_SYNC_CONFLICTS_TAG],
                                                 complete ? tag : NULL, error),
                       error);
}

/**
 * gk_store_list_open_conflicts:
 * @self: an open store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type JsonObject): the open conflict
 *   records, as the server sent them, in the order they were met; %NULL on
 *   error
 */
GPtrArray *
gk_store_list_open_conflicts (GkStore  *self,
                              GError  **error)
{
  g_autoptr(GPtrArray) records = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  /* A record saved again gets a new rowid: the server's time orders them. */
  if (!gk_store_check_open (self, error)
      || (stmt = gk_store_get_statement (self, "SELECT json FROM conflicts "
                                         "WHERE state = 'open' ORDER BY "
                                         "json_extract (json, '$.created'), rowid",
                                         error)) == NULL)
    return NULL;
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) node = json_from_string ((const char *) sqlite3_column_text (stmt, 0),
                                                   NULL);

      /* Written by this store from the server's JSON: always an object. */
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (records, json_object_ref (json_node_get_object (node)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gk_store_set_error (self->db, error);
      return NULL;
    }
  return g_steal_pointer (&records);
}

/**
 * gk_store_count_open_conflicts:
 * @self: an open store
 * @n_open: (out): the number of open conflict records
 * @error: return location for a #GError
 *
 * Counts what gk_store_list_open_conflicts() lists, without reading the
 * records.
 *
 * Returns: whether the store could be read
 */
gboolean
gk_store_count_open_conflicts (GkStore  *self,
                               guint    *n_open,
                               GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (n_open != NULL, FALSE);

  *n_open = 0;
  if (!gk_store_check_open (self, error)
      || (stmt = gk_store_get_statement (self, "SELECT count(*) FROM conflicts "
                                         "WHERE state = 'open'", error)) == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *n_open = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || gk_store_set_error (self->db, error);
}

/**
 * gk_store_load_last_version:
 * @self: an open store
 * @id: an item's id
 * @error: return location for a #GError
 *
 * The item as the newest local change of it left it, from the history:
 * to restore an item a sync deleted since this PC changed it (an
 * `edit_deleted` conflict), whose content the store keeps nowhere else
 * (a delete pulled from the server takes the item away, and makes no undo
 * step).
 *
 * Returns: (transfer full) (nullable): the item, or %NULL without @error
 *   when the history holds no change of it (none made here, or trimmed)
 */
GkItem *
gk_store_load_last_version (GkStore     *self,
                            const char  *id,
                            GError     **error)
{
  g_autofree char *json = NULL;
  GkItem *item = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  /* A local delete's row holds the item before it; any other's, after. */
  if (!gk_store_check_open (self, error)
      || !gk_store_lookup_text (self, "SELECT coalesce (after_json, before_json) "
                                "FROM history WHERE item_id = ? AND state = 'done' "
                                "ORDER BY id DESC LIMIT 1", id, &json, error)
      || !gk_store_item_from_json (json, id, &item, error))
    return NULL;
  return item;
}
