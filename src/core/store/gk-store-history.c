/* gk-store-history.c: GkStore's changes, history, undo and redo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-catalog-json.h"
#include "gk-store-private.h"
#include "gk-store-sync.h"

/*
 * Every change is a row of the history table holding the item before and
 * after it as canonical JSON; rows saved together share a step number,
 * which is what undo and redo work on. A new change after an undo drops
 * (but keeps, for the audit) the steps that could have been redone. The
 * oldest steps are deleted beyond GK_STORE_HISTORY_ROWS rows (see prune()).
 */

/* The changes of one transaction. */
typedef struct
{
  gint64    step;
  gint64    now;
  guint     n_rows;    /* history rows written */
  char     *author;
} Step;

static gboolean
begin (GkStore  *self,
       Step     *step,
       GError  **error)
{
  memset (step, 0, sizeof *step);

  if (!gk_store_begin (self, error))
    return FALSE;

  if (!gk_store_query_int64 (self, "SELECT coalesce (max (step), 0) + 1 FROM history",
                             &step->step, error))
    {
      gk_store_exec (self->db, "ROLLBACK", NULL);
      return FALSE;
    }

  step->now = g_get_real_time ();
  g_mutex_lock (&self->author_lock);
  step->author = g_strdup (self->author);
  g_mutex_unlock (&self->author_lock);
  return TRUE;
}

/*
 * Bounds the history, in the transaction that adds @step: whole steps are
 * kept, newest first, while together they hold at most
 * GK_STORE_HISTORY_ROWS rows, and the newest step always, so that the last
 * change can be undone however big. Older steps are deleted: undo and the
 * audit reach back as far as that. Unbounded, 40 loads of a 3,000-item
 * catalog made a 99 MB file; SQLite reuses the pages freed here, so the
 * file stops growing.
 */
static gboolean
prune (GkStore  *self,
       Step     *step,
       guint    *n_deleted,
       GError  **error)
{
  g_autofree char *sql = NULL;
  gint64 oldest_kept = 0;

  *n_deleted = 0;
  if ((guint) g_atomic_int_get (&self->n_history) + step->n_rows <= GK_STORE_HISTORY_ROWS)
    return TRUE;

  if (!gk_store_query_int64 (self,
                             "SELECT coalesce (min (step), 0) FROM ("
                             "  SELECT step, sum (count (*)) OVER (ORDER BY step DESC) AS kept"
                             "  FROM history GROUP BY step)"
                             " WHERE kept <= " G_STRINGIFY (GK_STORE_HISTORY_ROWS),
                             &oldest_kept, error))
    return FALSE;

  sql = g_strdup_printf ("DELETE FROM history WHERE step < %" G_GINT64_FORMAT,
                         oldest_kept > 0 ? oldest_kept : step->step);
  if (!gk_store_exec (self->db, sql, error))
    return FALSE;
  *n_deleted = (guint) sqlite3_changes (self->db);
  return TRUE;
}

/* Commits when @ok, else rolls back; returns whether the step is saved. */
static gboolean
end (GkStore   *self,
     Step      *step,
     gboolean   ok,
     GError   **error)
{
  guint n_deleted = 0;

  if (ok && step->n_rows > 0)
    ok = prune (self, step, &n_deleted, error);
  ok = gk_store_end (self, ok, error);
  if (ok)
    g_atomic_int_add (&self->n_history, (int) step->n_rows - (int) n_deleted);

  g_clear_pointer (&step->author, g_free);
  gk_store_refresh_flags (self);
  return ok;
}

static char *
item_to_json_text (GkItem *item)
{
  g_autoptr(JsonNode) node = NULL;

  if (item == NULL)
    return NULL;
  node = gk_item_to_json (item);
  return json_to_string (node, FALSE);
}

static gboolean
record (GkStore     *self,
        Step        *step,
        const char  *id,
        char        *before_json,
        char        *after_json,
        GError     **error)
{
  sqlite3_stmt *stmt = self->insert_history;

  /* The first change of a step ends what could be redone. */
  if (step->n_rows == 0
      && !gk_store_exec (self->db,
                         "UPDATE history SET state = 'dropped' WHERE state = 'undone'",
                         error))
    {
      g_free (before_json);
      g_free (after_json);
      return FALSE;
    }

  sqlite3_bind_int64 (stmt, 1, step->step);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, before_json, -1, g_free);
  sqlite3_bind_text (stmt, 4, after_json, -1, g_free);
  sqlite3_bind_int64 (stmt, 5, step->now);
  sqlite3_bind_text (stmt, 6, step->author, -1, SQLITE_STATIC);
  if (!gk_store_step_statement (self, stmt, error))
    return FALSE;

  step->n_rows++;
  return TRUE;
}

/*
 * Saves @item as part of @step. Its created time is kept from the stored item
 * and its modified time becomes the step's, unless @keep_times (a catalog
 * read from a file): then the item's own times are kept where it has them.
 * Its department is settled by gk_store_adopt_item(). Saving an item exactly
 * as stored changes nothing and leaves no history.
 *
 * Of an item already stored, only @fields are taken from @item (and its
 * position): the others keep their stored values. An editor saves what the
 * user typed, and a change pulled from the server meanwhile into another
 * field must not be overwritten by the copy the editor showed before it.
 */
static gboolean
save_in_step (GkStore      *self,
              Step         *step,
              GkItem       *item,
              GkFieldMask   fields,
              gboolean      keep_times,
              GError      **error)
{
  g_autoptr(GkItem) before = NULL;
  g_autofree char *before_json = NULL;
  gint64 created = gk_item_get_created (item);
  gint64 modified = gk_item_get_modified (item);
  gint64 stored_created, stored_modified;

  if (!gk_store_select_item (self, gk_item_get_id (item), &before, error)
      || !gk_store_adopt_item (self, before, item, error))
    return FALSE;

  for (GkField f = 0; before != NULL && f < GK_N_FIELDS; f++)
    if ((fields & GK_FIELD_MASK (f)) == 0)
      gk_item_copy_field (item, before, f);

  stored_created = before != NULL ? gk_item_get_created (before) : 0;
  stored_modified = before != NULL ? gk_item_get_modified (before) : step->now;
  if (!keep_times || created <= 0)
    created = stored_created > 0 ? stored_created : (created > 0 ? created : step->now);
  if (!keep_times || modified <= 0)
    modified = stored_modified;

  gk_item_set_times (item, created, modified);
  if (before != NULL)
    {
      if (gk_item_equal (before, item))
        return TRUE;
      before_json = item_to_json_text (before);
      if (!keep_times || modified == stored_modified)
        gk_item_set_times (item, created, step->now);
    }

  return gk_store_write_item (self, item, error)
         && gk_store_queue_change (self, before, item, error)
         && record (self, step, gk_item_get_id (item), g_steal_pointer (&before_json),
                    item_to_json_text (item), error);
}

static gboolean
delete_in_step (GkStore     *self,
                Step        *step,
                const char  *id,
                GError     **error)
{
  g_autoptr(GkItem) before = NULL;

  if (!gk_store_select_item (self, id, &before, error))
    return FALSE;
  if (before == NULL)
    return TRUE;

  return gk_store_remove_item (self, id, error)
         && gk_store_queue_change (self, before, NULL, error)
         && record (self, step, id, item_to_json_text (before), NULL, error);
}

/**
 * gk_store_save_catalog_info:
 * @self: an open store
 * @catalog: the catalog whose unit, kind, level set and label to store
 * @error: return location for a #GError
 *
 * Stores what describes the catalog (not its items, and not in the
 * history). Once a unit name is stored the first run is done.
 *
 * Returns: whether it was saved
 */
gboolean
gk_store_save_catalog_info (GkStore    *self,
                            GkCatalog  *catalog,
                            GError    **error)
{
  Step step;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (GK_IS_CATALOG (catalog), FALSE);

  if (!gk_store_check_open (self, error) || !begin (self, &step, error))
    return FALSE;

  return end (self, &step, gk_store_write_meta (self, catalog, error), error);
}

/**
 * gk_store_save_edits:
 * @self: an open store
 * @items: (element-type GkItem): the items to save
 * @fields: (nullable) (array): for each of @items, the fields the user
 *   changed; %NULL for all of them
 * @error: return location for a #GError
 *
 * Saves all of @items in one transaction as one undo step, setting their
 * created and modified times. Of an item already stored, only its @fields
 * and its position are taken; a new item is saved whole. Items saved
 * unchanged leave no history; when none changed there is no step, and what
 * could be redone stays.
 *
 * Returns: whether all were saved (on failure none is)
 */
gboolean
gk_store_save_edits (GkStore            *self,
                     GPtrArray          *items,
                     const GkFieldMask  *fields,
                     GError            **error)
{
  Step step;
  gboolean ok = TRUE;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);

  if (!gk_store_check_open (self, error) || !begin (self, &step, error))
    return FALSE;

  for (guint i = 0; ok && i < items->len; i++)
    ok = save_in_step (self, &step, g_ptr_array_index (items, i),
                       fields != NULL ? fields[i] : GK_FIELD_MASK_ALL, FALSE, error);

  return end (self, &step, ok, error);
}

/**
 * gk_store_save_items:
 * @self: an open store
 * @items: (element-type GkItem): the items to save, whole
 * @error: return location for a #GError
 *
 * Saves all of @items as one undo step; see gk_store_save_edits().
 *
 * Returns: whether all were saved (on failure none is)
 */
gboolean
gk_store_save_items (GkStore    *self,
                     GPtrArray  *items,
                     GError    **error)
{
  return gk_store_save_edits (self, items, NULL, error);
}

/**
 * gk_store_forget_history:
 * @self: an open store
 * @error: return location for a #GError
 *
 * Forgets every undo step: what the store holds becomes the start. For a
 * catalog just begun (the first run's starter rows), whose undo would
 * silently remove all it was given.
 *
 * Returns: whether the history was forgotten
 */
gboolean
gk_store_forget_history (GkStore  *self,
                         GError  **error)
{
  gboolean ok;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  if (!gk_store_check_open (self, error) || !gk_store_begin (self, error))
    return FALSE;
  ok = gk_store_exec (self->db, "DELETE FROM history", error);
  ok = gk_store_end (self, ok, error);
  if (ok)
    g_atomic_int_set (&self->n_history, 0);
  gk_store_refresh_flags (self);
  return ok;
}

/**
 * gk_store_save_item:
 * @self: an open store
 * @item: the item to save
 * @error: return location for a #GError
 *
 * Saves one item as one undo step; see gk_store_save_items().
 *
 * Returns: whether it was saved
 */
gboolean
gk_store_save_item (GkStore  *self,
                    GkItem   *item,
                    GError  **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  g_return_val_if_fail (GK_IS_ITEM (item), FALSE);

  g_ptr_array_add (items, item);
  return gk_store_save_items (self, items, error);
}

/**
 * gk_store_delete_item:
 * @self: an open store
 * @id: the UUID of the item to delete
 * @error: return location for a #GError
 *
 * Deletes an item as one undo step. Deleting an item that does not exist
 * does nothing.
 *
 * Returns: whether it was deleted (or did not exist)
 */
gboolean
gk_store_delete_item (GkStore     *self,
                      const char  *id,
                      GError     **error)
{
  Step step;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!gk_store_check_open (self, error) || !begin (self, &step, error))
    return FALSE;

  return end (self, &step, delete_in_step (self, &step, id, error), error);
}

/**
 * gk_store_resolve:
 * @self: an open, enrolled store
 * @conflict_id: the conflict settled
 * @item_id: its item
 * @item: (nullable): the item with the values the user chose, or %NULL to
 *   delete it
 * @fields: the conflict's fields
 * @error: return location for a #GError
 *
 * Settles a conflict as the protocol does: an ordinary local edit, saved as
 * one undo step by the path of every local change, whose op carries
 * `resolves` and @fields. The server marks the conflict resolved when it
 * takes the op; every PC of the department then sees it resolved.
 *
 * Returns: whether it was saved
 */
gboolean
gk_store_resolve (GkStore      *self,
                  const char   *conflict_id,
                  const char   *item_id,
                  GkItem       *item,
                  GkFieldMask   fields,
                  GError      **error)
{
  Step step;
  gboolean ok;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (conflict_id != NULL && item_id != NULL, FALSE);
  g_return_val_if_fail (item == NULL || g_str_equal (gk_item_get_id (item), item_id), FALSE);

  if (!gk_store_check_open (self, error) || !begin (self, &step, error))
    return FALSE;
  ok = item != NULL ? save_in_step (self, &step, item, GK_FIELD_MASK_ALL, FALSE, error)
                    : delete_in_step (self, &step, item_id, error);
  ok = ok && gk_store_queue_resolve (self, item_id, conflict_id,
                                     item != NULL ? "update" : "delete", fields, error);
  return end (self, &step, ok, error);
}

/* Collects the ids of all stored items. */
static gboolean
select_ids (GkStore     *self,
            GHashTable  *ids,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "SELECT id FROM items", -1, &stmt, NULL) != SQLITE_OK)
    return gk_store_set_error (self->db, error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;
  return gk_store_set_error (self->db, error);
}

static gboolean
replace_in_step (GkStore    *self,
                 Step       *step,
                 GkCatalog  *catalog,
                 GError    **error)
{
  g_autoptr(GHashTable) gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer id;

  if (!gk_store_write_meta (self, catalog, error) || !select_ids (self, gone, error))
    return FALSE;

  for (guint i = 0; i < gk_catalog_get_n_items (catalog); i++)
    {
      GkItem *item = gk_catalog_get_item (catalog, i);

      g_hash_table_remove (gone, gk_item_get_id (item));
      if (!save_in_step (self, step, item, GK_FIELD_MASK_ALL, TRUE, error))
        return FALSE;
    }

  g_hash_table_iter_init (&iter, gone);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      if (!delete_in_step (self, step, id, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * gk_store_replace_catalog:
 * @self: an open store
 * @catalog: the catalog to store
 * @error: return location for a #GError
 *
 * Makes the store hold exactly @catalog: its description and its items,
 * deleting the stored items it does not have. One transaction, one undo
 * step for the items (the description is not in the history).
 *
 * Returns: whether it was saved (on failure nothing is)
 */
gboolean
gk_store_replace_catalog (GkStore    *self,
                          GkCatalog  *catalog,
                          GError    **error)
{
  Step step;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (GK_IS_CATALOG (catalog), FALSE);

  if (!gk_store_check_open (self, error) || !begin (self, &step, error))
    return FALSE;

  return end (self, &step, replace_in_step (self, &step, catalog, error), error);
}

/* Gives @to, one side of a history row whose other side is @from, what
 * the row did not change from @current, the item as it is now. */
static void
keep_unchanged_parts (GkItem *to,
                      GkItem *from,
                      GkItem *current)
{
  gint64 created = gk_item_get_created (to);
  gint64 modified = gk_item_get_modified (to);

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (gk_item_field_equal (from, to, f))
        gk_item_copy_field (to, current, f);
    }
  if (gk_item_get_position (from) == gk_item_get_position (to))
    gk_item_set_position (to, gk_item_get_position (current));
  if (gk_item_get_created (from) == created)
    created = gk_item_get_created (current);
  if (gk_item_get_modified (from) == modified)
    modified = gk_item_get_modified (current);
  gk_item_set_times (to, created, modified);
}

/*
 * Puts back side @to_json of a history row of @id whose other side is
 * @from_json (NULL: the item did not exist). Only what the row changed is
 * put back, onto the item as it is now, so that changes pulled from the
 * server since (gk-store-base.c), which are not in the history, stay;
 * without them the item is @from_json, and becomes exactly @to_json. It is
 * a local change like any other: it goes into the outbox.
 */
static gboolean
restore (GkStore     *self,
         const char  *id,
         const char  *from_json,
         const char  *to_json,
         GHashTable  *touched,
         GError     **error)
{
  g_autoptr(GkItem) current = NULL;
  g_autoptr(GkItem) from = NULL;
  g_autoptr(GkItem) to = NULL;

  if (!gk_store_select_item (self, id, &current, error)
      || !gk_store_item_from_json (from_json, id, &from, error)
      || !gk_store_item_from_json (to_json, id, &to, error))
    return FALSE;

  if (to == NULL)
    {
      g_hash_table_replace (touched, g_strdup (id), NULL);
      return current == NULL
             || (gk_store_remove_item (self, id, error)
                 && gk_store_queue_change (self, current, NULL, error));
    }

  if (current != NULL && from != NULL)
    keep_unchanged_parts (to, from, current);
  g_hash_table_replace (touched, g_strdup (id), g_object_ref (to));
  return gk_store_adopt_item (self, current, to, error)
         && gk_store_write_item (self, to, error)
         && gk_store_queue_change (self, current, to, error);
}

/*
 * Applies one side of the rows of the step chosen by @pick_sql and gives
 * them @new_state. Undo walks the rows backwards, restoring "before"; redo
 * walks them forwards, applying "after".
 */
static gboolean
apply_step (GkStore     *self,
            const char  *pick_sql,
            gboolean     undo,
            GHashTable  *touched,
            GError     **error)
{
  g_autofree char *rows_sql = NULL;
  g_autofree char *mark_sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  gint64 step = 0;
  int rc = SQLITE_DONE;

  if (!gk_store_query_int64 (self, pick_sql, &step, error))
    return FALSE;
  if (step == 0)
    return TRUE;

  rows_sql = g_strdup_printf ("SELECT item_id, %s, %s FROM history "
                              "WHERE step = %" G_GINT64_FORMAT " AND state = '%s' "
                              "ORDER BY id %s",
                              undo ? "after_json" : "before_json",
                              undo ? "before_json" : "after_json", step,
                              undo ? "done" : "undone", undo ? "DESC" : "ASC");
  mark_sql = g_strdup_printf ("UPDATE history SET state = '%s' "
                              "WHERE step = %" G_GINT64_FORMAT " AND state = '%s'",
                              undo ? "undone" : "done", step, undo ? "done" : "undone");

  if (sqlite3_prepare_v2 (self->db, rows_sql, -1, &stmt, NULL) != SQLITE_OK)
    return gk_store_set_error (self->db, error);

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ok = restore (self, (const char *) sqlite3_column_text (stmt, 0),
                  (const char *) sqlite3_column_text (stmt, 1),
                  (const char *) sqlite3_column_text (stmt, 2), touched, error);
  if (ok && rc != SQLITE_DONE)
    ok = gk_store_set_error (self->db, error);
  sqlite3_finalize (stmt);

  return ok && gk_store_exec (self->db, mark_sql, error);
}

static GHashTable *
undo_or_redo (GkStore   *self,
              gboolean   undo,
              GError   **error)
{
  g_autoptr(GHashTable) touched = NULL;
  Step step;
  gboolean ok;

  if (!gk_store_check_open (self, error) || !begin (self, &step, error))
    return NULL;

  touched = gk_store_new_touched ();
  ok = apply_step (self,
                   undo
                   ? "SELECT coalesce (max (step), 0) FROM history WHERE state = 'done'"
                   : "SELECT coalesce (min (step), 0) FROM history WHERE state = 'undone'",
                   undo, touched, error);

  if (!end (self, &step, ok, error) || g_hash_table_size (touched) == 0)
    return NULL;
  return g_steal_pointer (&touched);
}

/**
 * gk_store_undo:
 * @self: an open store
 * @error: return location for a #GError
 *
 * Undoes the latest step that is done: every item it touched is put back
 * as it was before (or deleted if it did not exist).
 *
 * Returns: (transfer full) (nullable) (element-type utf8 GkItem): the
 *   touched items by id, with %NULL for deleted ones; %NULL without @error
 *   when there was nothing to undo
 */
GHashTable *
gk_store_undo (GkStore  *self,
               GError  **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return undo_or_redo (self, TRUE, error);
}

/**
 * gk_store_redo:
 * @self: an open store
 * @error: return location for a #GError
 *
 * Redoes the earliest undone step; see gk_store_undo().
 *
 * Returns: (transfer full) (nullable) (element-type utf8 GkItem): the
 *   touched items by id, %NULL without @error when there was nothing to redo
 */
GHashTable *
gk_store_redo (GkStore  *self,
               GError  **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return undo_or_redo (self, FALSE, error);
}

/**
 * gk_store_can_undo:
 * @self: a store
 *
 * Safe to call from the main thread while the worker runs.
 *
 * Returns: whether a step can be undone (as of the last finished work)
 */
gboolean
gk_store_can_undo (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  return g_atomic_int_get (&self->can_undo);
}

/**
 * gk_store_can_redo:
 * @self: a store
 *
 * Returns: whether a step can be redone (as of the last finished work)
 */
gboolean
gk_store_can_redo (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  return g_atomic_int_get (&self->can_redo);
}

/**
 * gk_store_get_n_history:
 * @self: a store
 *
 * Returns: the number of history rows (one per item per change, whether
 *   done, undone or dropped)
 */
guint
gk_store_get_n_history (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), 0);

  return (guint) g_atomic_int_get (&self->n_history);
}
