/* gk-store-resync.c: a full resync after the server was restored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-store-private.h"
#include "gk-store-sync.h"

/*
 * A server restored from a backup has lost what it accepted after the
 * backup was taken; a PC may still hold it, as its bases: the last state
 * the server acknowledged of each item. When the engine notices the
 * restore (another server_id, or 410 on the change feed), the bases move
 * to resync_base and the cursor is forgotten; the engine then pulls
 * everything again. Each item the restored server sends is compared with
 * the base it replaces before it is taken (take_server_item()), so that
 * the changes queued again keep their values in the local item: when the
 * PC's base is newer (its rev is greater), the fields in which it differs
 * are queued as an update on the server's rev, or a delete when the PC's
 * base was deleted. Once the pull is complete, the items the restored
 * server lacks entirely are queued as creates (gk_store_finish_resync()).
 * Each step is in the transaction of its page, and resync_base keeps
 * what is still to compare: a resync cut half-way goes on where it was.
 *
 * Ops sent to the old server and not answered are sent again under new
 * op_ids: the restored server may hold the old ids' results of another
 * state of the item.
 */

/* The first column of every row of @sql. */
static GPtrArray *
collect_texts (GkStore     *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = gk_store_get_statement (self, sql, error);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (texts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gk_store_set_error (self->db, error);
      return NULL;
    }
  return g_steal_pointer (&texts);
}

static gboolean
renew_sent_ops (GkStore  *self,
                GError  **error)
{
  g_autoptr(GPtrArray) ids = collect_texts (self, "SELECT op_id FROM outbox "
                                            "WHERE state = 'sent'", error);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      g_autofree char *op_id = g_uuid_string_random ();

      if (!gk_store_run_text (self, "UPDATE outbox SET op_id = ?2, state = 'pending' "
                              "WHERE op_id = ?1", g_ptr_array_index (ids, i), op_id, error))
        return FALSE;
    }
  return ids != NULL;
}

static gboolean
begin_resync (GkStore     *self,
              const char  *server_id,
              GError     **error)
{
  /* A second restore during a resync keeps the bases of the first. */
  return gk_store_exec (self->db, "INSERT OR IGNORE INTO resync_base "
                        "(item_id, rev, json, deleted) "
                        "SELECT item_id, rev, json, deleted FROM item_base; "
                        "DELETE FROM item_base;", error)
         && renew_sent_ops (self, error)
         && gk_store_set_sync_key (self, gk_store_sync_keys[GK_STORE_SYNC_SERVER_ID], server_id,
                                   error)
         && gk_store_set_sync_key (self, gk_store_sync_keys[GK_STORE_SYNC_CURSOR], NULL, error);
}

/**
 * gk_store_begin_resync:
 * @self: an open, enrolled store
 * @server_id: the restored server's id
 * @error: return location for a #GError
 *
 * Starts a full resync, in one transaction: the outbox is kept, the bases
 * are kept aside to compare with what the restored server sends, the
 * server's new id is stored and the cursor forgotten, so that the next
 * pull reads everything. Call gk_store_finish_resync() once it has.
 *
 * Returns: whether it was saved
 */
gboolean
gk_store_begin_resync (GkStore     *self,
                       const char  *server_id,
                       GError     **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (server_id != NULL, FALSE);

  if (!gk_store_begin (self, error))
    return FALSE;
  return gk_store_end (self, begin_resync (self, server_id, error), error);
}

/**
 * gk_store_is_resyncing:
 * @self: an open store
 * @resyncing: (out): whether a resync is under way, begun and not finished
 * @error: return location for a #GError
 *
 * Returns: whether the store could be read
 */
gboolean
gk_store_is_resyncing (GkStore   *self,
                       gboolean  *resyncing,
                       GError   **error)
{
  gint64 n = 0;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  if (!gk_store_check_open (self, error)
      || !gk_store_query_int64 (self, "SELECT count(*) FROM resync_base", &n, error))
    return FALSE;
  *resyncing = n > 0;
  return TRUE;
}

/* The base kept aside for @id, if any, taken out of resync_base. */
static gboolean
take_kept_base (GkStore     *self,
                const char  *id,
                gboolean    *found,
                gint64      *rev,
                char       **json,
                gboolean    *deleted,
                GError     **error)
{
  sqlite3_stmt *stmt = gk_store_get_statement (self, "SELECT rev, json, deleted "
                                               "FROM resync_base WHERE item_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  if (*found)
    {
      *rev = sqlite3_column_int64 (stmt, 0);
      *json = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      *deleted = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return gk_store_set_error (self->db, error);
  return !*found || gk_store_run_text (self, "DELETE FROM resync_base WHERE item_id = ?1", id,
                                       NULL, error);
}

/* Queues what the kept base of @id has and @server (NULL: deleted there)
 * lacks. */
static gboolean
queue_lost (GkStore     *self,
            const char  *id,
            const char  *kept_json,
            gboolean     kept_deleted,
            GkItem      *server,
            GError     **error)
{
  g_autoptr(GkItem) kept = NULL;
  GkStoreOutbox outbox;
  const char *kind = kept_deleted ? "delete" : "update";
  GkFieldMask fields = 0;
  gboolean ok;

  if (kept_deleted && server == NULL)
    return TRUE;
  if (!kept_deleted)
    {
      if (!gk_store_item_from_json (kept_json, id, &kept, error))
        return FALSE;
      /* Deleted there, not here: every field. */
      fields = server != NULL ? gk_item_get_differing_fields (kept, server) : GK_FIELD_MASK_ALL;
      if (fields == 0)
        return TRUE;
    }

  ok = gk_store_read_outbox (self, id, &outbox, error)
       && gk_store_queue_again (self, id, &outbox, kind, fields, error);
  gk_store_outbox_clear (&outbox);
  return ok;
}

/**
 * gk_store_compare_resync_base:
 * @self: an open store in a transaction
 * @server: an item as the restored server sent it
 * @item: (nullable): @server's item, %NULL when deleted there
 * @error: return location for a #GError
 *
 * During a resync, compares @server with the base kept aside for it,
 * before it is taken: when the kept base is newer, what the server lost is
 * queued again. The kept base is then forgotten.
 *
 * Returns: whether it was done
 */
gboolean
gk_store_compare_resync_base (GkStore                  *self,
                              const GkStoreServerItem  *server,
                              GkItem                   *item,
                              GError                  **error)
{
  g_autofree char *json = NULL;
  gboolean found = FALSE, deleted = FALSE;
  gint64 rev = 0;

  if (!take_kept_base (self, server->item_id, &found, &rev, &json, &deleted, error))
    return FALSE;
  if (!found || rev <= server->rev)
    return TRUE;
  return queue_lost (self, server->item_id, json, deleted, item, error);
}

static gboolean
finish_resync (GkStore  *self,
               GError  **error)
{
  g_autoptr(GPtrArray) ids = collect_texts (self, "SELECT item_id FROM resync_base "
                                            "WHERE deleted = 0", error);

  if (ids == NULL)
    return FALSE;

  /* The restored server never had these: a create of the item as it is
   * here; or, deleted here since, nothing to send at all. */
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GkItem) local = NULL;
      GkStoreOutbox none = { 0 };

      if (!gk_store_select_item (self, id, &local, error))
        return FALSE;
      if (local == NULL
          ? !gk_store_run_text (self, "DELETE FROM outbox WHERE item_id = ?1 "
                                "AND state != 'rejected'", id, NULL, error)
          : !gk_store_queue_again (self, id, &none, "create", 0, error))
        return FALSE;
    }
  return gk_store_exec (self->db, "DELETE FROM resync_base;", error);
}

/**
 * gk_store_finish_resync:
 * @self: an open store
 * @error: return location for a #GError
 *
 * Ends a resync once every item of the restored server has been pulled:
 * the items it lacks entirely are queued as creates, in one transaction.
 * Does nothing when no resync is under way.
 *
 * Returns: whether it was saved
 */
gboolean
gk_store_finish_resync (GkStore  *self,
                        GError  **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  if (!gk_store_begin (self, error))
    return FALSE;
  return gk_store_end (self, finish_resync (self, error), error);
}
