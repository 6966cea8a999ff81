/* gk-store-outbox.c: the one path of local changes into the outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-catalog-json.h"
#include "gk-item-json.h"
#include "gk-json-out.h"
#include "gk-store-private.h"

/*
 * Every local change of an item (a save from the form, an import, `gongkai-cli
 * load`, undo and redo) is made in gk-store-history.c, which calls
 * gk_store_queue_change() in the transaction of the change. When the store
 * is enrolled (sync_state has a server), the change becomes an op of the
 * outbox, or part of the item's pending op; otherwise nothing is recorded and
 * the editor works alone as before. Changes pulled from the server are
 * written by gk-store-base.c and never come here.
 *
 * An op records the keys of the fields it changes, not their values: those
 * are read from the item when the op is sent (gk_store_list_ops()), so the
 * latest value goes and a second edit before a push makes no second op. An
 * op stays pending until the engine sends it. A sent op is left as it is,
 * since the server may have applied it already under its op_id, and a later
 * edit starts a new pending op.
 */

G_STATIC_ASSERT (GK_N_FIELDS < 32);

/**
 * gk_store_outbox_clear:
 * @outbox: what gk_store_read_outbox() filled
 */
void
gk_store_outbox_clear (GkStoreOutbox *outbox)
{
  g_clear_pointer (&outbox->pending_kind, g_free);
  g_clear_pointer (&outbox->base_json, g_free);
}

/**
 * gk_store_dup_sync_key:
 * @self: an open store
 * @key: a key of the sync_state table
 * @value: (out) (transfer full) (nullable): its value, %NULL when unset
 * @error: return location for a #GError
 *
 * Returns: whether it could be read
 */
gboolean
gk_store_dup_sync_key (GkStore     *self,
                       const char  *key,
                       char       **value,
                       GError     **error)
{
  return gk_store_lookup_text (self, "SELECT value FROM sync_state WHERE key = ?", key, value,
                               error);
}

/**
 * gk_store_set_sync_key:
 * @self: an open store in a transaction
 * @key: a key of the sync_state table
 * @value: (nullable): its value, or %NULL to unset it
 * @error: return location for a #GError
 *
 * Returns: whether it was saved
 */
gboolean
gk_store_set_sync_key (GkStore     *self,
                       const char  *key,
                       const char  *value,
                       GError     **error)
{
  return gk_store_run_text (self,
                            value == NULL
                            ? "DELETE FROM sync_state WHERE key = ?1"
                            : "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?1, ?2)",
                            key, value, error);
}

/**
 * gk_store_adopt_item:
 * @self: an open store
 * @before: (nullable): the stored item @item replaces, %NULL when new
 * @item: the item about to be written by a local change
 * @error: return location for a #GError
 *
 * Settles the department of @item. A local change never moves an item to
 * another department (only the server does). A new item keeps the one it
 * comes with (from a file, or the history when an undo brings it back), and
 * one of no department becomes this PC's department's when the store is
 * enrolled.
 *
 * Returns: whether the store could be read
 */
gboolean
gk_store_adopt_item (GkStore  *self,
                     GkItem   *before,
                     GkItem   *item,
                     GError  **error)
{
  g_autofree char *dept = NULL;

  if (before != NULL)
    {
      gk_item_set_dept (item, gk_item_get_dept (before));
      return TRUE;
    }
  if (*gk_item_get_dept (item) != '\0')
    return TRUE;
  if (!gk_store_dup_sync_key (self, gk_store_sync_keys[GK_STORE_SYNC_DEPT], &dept, error))
    return FALSE;
  if (dept != NULL)
    gk_item_set_dept (item, dept);
  return TRUE;
}

/* The JSON array of the keys of @fields, in the order of the field table,
 * as the outbox keeps them. */
static char *
fields_to_json (GkFieldMask fields)
{
  GString *out = g_string_new (NULL);
  GkJsonOut j;

  gk_json_out_init (&j, out);
  gk_json_out_begin_array (&j);
  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (fields & (1u << f))
        gk_json_out_string (&j, gk_field_get_key (f));
    }
  gk_json_out_end_array (&j);
  return g_string_free (out, FALSE);
}

/**
 * gk_store_fields_from_json:
 * @json: a JSON array of field keys, as the outbox keeps them
 *
 * Returns: the set of fields; keys this version does not know are left out
 */
GkFieldMask
gk_store_fields_from_json (const char *json)
{
  g_autoptr(GkJsonTree) tree = NULL;
  const GkJsonValue *array, *key;
  GkFieldMask fields = 0;
  GkField field;

  if (json == NULL
      || (tree = gk_json_tree_parse (json, strlen (json), 2, NULL, NULL, NULL, NULL)) == NULL)
    return 0;
  array = gk_json_tree_get_root (tree);
  if (array->type != GK_JSON_ARRAY)
    return 0;
  key = gk_json_value_first (array);
  for (guint i = 0; i < array->n_children; i++, key = gk_json_value_next (key))
    {
      if (key->type == GK_JSON_STRING && gk_field_from_key (key->string, &field))
        fields |= 1u << field;
    }
  return fields;
}

/**
 * gk_store_item_from_json:
 * @json: (nullable): an item's canonical JSON, or %NULL for none
 * @id: the item's id, for messages
 * @item: (out) (transfer full) (nullable): the item, %NULL for none
 * @error: return location for a #GError
 *
 * Returns: whether @json, if any, is an item
 */
gboolean
gk_store_item_from_json (const char  *json,
                         const char  *id,
                         GkItem     **item,
                         GError     **error)
{
  *item = NULL;
  if (json == NULL)
    return TRUE;
  *item = gk_item_new_from_data (json, strlen (json), id, error);
  return *item != NULL;
}

static gboolean
read_ops (GkStore        *self,
          const char     *id,
          GkStoreOutbox  *outbox,
          GError        **error)
{
  sqlite3_stmt *stmt = gk_store_get_statement (self, "SELECT id, kind, fields, state "
                                               "FROM outbox WHERE item_id = ? ORDER BY id",
                                               error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *json = (const char *) sqlite3_column_text (stmt, 2);
      GkFieldMask fields = gk_store_fields_from_json (json);

      const char *state = (const char *) sqlite3_column_text (stmt, 3);

      outbox->has_ops = TRUE;
      outbox->op_fields |= fields;
      if (strcmp (state, "rejected") == 0)
        {
          outbox->has_rejected = TRUE;
          outbox->rejected_fields |= fields;
          outbox->rejected_create |= strcmp ((const char *) sqlite3_column_text (stmt, 1),
                                             "create") == 0;
        }
      if (strcmp (state, "pending") != 0)
        continue;
      outbox->pending = sqlite3_column_int64 (stmt, 0);
      g_free (outbox->pending_kind);
      outbox->pending_kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      outbox->pending_fields = fields;
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE || gk_store_set_error (self->db, error);
}

static gboolean
read_base (GkStore        *self,
           const char     *id,
           GkStoreOutbox  *outbox,
           GError        **error)
{
  sqlite3_stmt *stmt = gk_store_get_statement (self, "SELECT rev, json, deleted "
                                               "FROM item_base WHERE item_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      outbox->has_base = TRUE;
      outbox->base_rev = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_column_int64 (stmt, 2) == 0)
        outbox->base_json = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || gk_store_set_error (self->db, error);
}

/**
 * gk_store_read_outbox:
 * @self: an open store
 * @id: an item's id
 * @outbox: (out caller-allocates): what the outbox and the base say about
 *   it; gk_store_outbox_clear() it after
 * @error: return location for a #GError
 *
 * Returns: whether they could be read
 */
gboolean
gk_store_read_outbox (GkStore        *self,
                      const char     *id,
                      GkStoreOutbox  *outbox,
                      GError        **error)
{
  memset (outbox, 0, sizeof *outbox);
  return read_ops (self, id, outbox, error) && read_base (self, id, outbox, error);
}

/* insert_op() with its fields given as fields_to_json() wrote them. */
static gboolean
insert_op_json (GkStore        *self,
                const char     *id,
                const char     *kind,
                GkStoreOutbox  *outbox,
                const char     *fields,
                GError        **error)
{
  sqlite3_stmt *stmt = gk_store_get_statement (self, "INSERT INTO outbox (op_id, item_id, "
                                               "kind, base_rev, fields, created) "
                                               "VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, g_uuid_string_random (), -1, g_free);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  if (outbox->has_base)
    sqlite3_bind_int64 (stmt, 4, outbox->base_rev);
  sqlite3_bind_text (stmt, 5, fields, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());
  return gk_store_step_statement (self, stmt, error);
}

static gboolean
insert_op (GkStore        *self,
           const char     *id,
           const char     *kind,
           GkStoreOutbox  *outbox,
           GkFieldMask     fields,
           GError        **error)
{
  g_autofree char *json = fields_to_json (fields);

  return insert_op_json (self, id, kind, outbox, json, error);
}

/* Gives the pending op of @outbox @kind and @fields, or deletes it when
 * @kind is NULL. */
static gboolean
update_pending (GkStore        *self,
                GkStoreOutbox  *outbox,
                const char     *kind,
                GkFieldMask   fields,
                GError        **error)
{
  sqlite3_stmt *stmt;

  if (kind == NULL)
    stmt = gk_store_get_statement (self, "DELETE FROM outbox WHERE id = ?", error);
  else
    stmt = gk_store_get_statement (self, "UPDATE outbox SET kind = ?2, fields = ?3 "
                                   "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, outbox->pending);
  if (kind != NULL)
    {
      sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, fields_to_json (fields), -1, g_free);
    }
  return gk_store_step_statement (self, stmt, error);
}

/* A pending create and its delete before any push cancel each other; an
 * item the server never heard of needs no op. */
static gboolean
queue_delete (GkStore        *self,
              const char     *id,
              GkStoreOutbox  *outbox,
              GError        **error)
{
  if (outbox->pending != 0)
    return update_pending (self, outbox,
                           strcmp (outbox->pending_kind, "create") == 0 ? NULL : "delete", 0,
                           error);
  if (!outbox->has_base && !outbox->has_ops)
    return TRUE;
  return insert_op (self, id, "delete", outbox, 0, error);
}

/* The fields in which @after differs from what the server last had, for an
 * item that comes back after a local delete (an undo). */
static gboolean
fields_from_base (GkStoreOutbox  *outbox,
                  GkItem         *after,
                  GkFieldMask  *fields,
                  GError        **error)
{
  g_autoptr(GkItem) base = NULL;

  if (!gk_store_item_from_json (outbox->base_json, gk_item_get_id (after), &base, error))
    return FALSE;
  *fields = base != NULL ? gk_item_get_differing_fields (base, after) : GK_FIELD_MASK_ALL;
  return TRUE;
}

static gboolean
delete_rejected (GkStore     *self,
                 const char  *id,
                 GError     **error)
{
  sqlite3_stmt *stmt = gk_store_get_statement (self, "DELETE FROM outbox WHERE item_id = ? "
                                               "AND state = 'rejected'", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  return gk_store_step_statement (self, stmt, error);
}

/*
 * An edit of an item whose change the server refused is the user fixing
 * it: the refused op's fields go again with the edit's (the latest values
 * are read when it is sent), and a refused create is a create again. Left
 * alone, the refused op would keep its fields from the server forever, and
 * the edit of an item the server never took could not be sent at all.
 */
static gboolean
queue_edit (GkStore        *self,
            GkStoreOutbox  *outbox,
            GkItem         *before,
            GkItem         *after,
            GError        **error)
{
  const char *id = gk_item_get_id (after);
  gboolean comes_back = outbox->pending_kind != NULL
                        && strcmp (outbox->pending_kind, "delete") == 0;
  gboolean is_new = !outbox->has_base && (!outbox->has_ops || outbox->rejected_create);
  GkFieldMask fields;

  if (before == NULL || comes_back)
    {
      if (!fields_from_base (outbox, after, &fields, error))
        return FALSE;
    }
  else
    fields = gk_item_get_differing_fields (before, after);

  if (outbox->has_rejected)
    {
      if (fields == 0)
        return TRUE;
      if (!delete_rejected (self, id, error))
        return FALSE;
      fields |= outbox->rejected_fields;
    }

  if (comes_back)
    return update_pending (self, outbox, fields != 0 ? "update" : NULL, fields, error);
  if (outbox->pending != 0 && is_new && outbox->rejected_create)
    return update_pending (self, outbox, "create", GK_FIELD_MASK_ALL, error);
  if (outbox->pending != 0)
    return (outbox->pending_fields | fields) == outbox->pending_fields
           || update_pending (self, outbox, outbox->pending_kind,
                              outbox->pending_fields | fields, error);
  if (is_new)
    return insert_op (self, id, "create", outbox, GK_FIELD_MASK_ALL, error);
  return fields == 0 || insert_op (self, id, "update", outbox, fields, error);
}

/**
 * gk_store_queue_change:
 * @self: an open store in a transaction
 * @before: (nullable): the item as stored before the change, %NULL for a
 *   new item
 * @after: (nullable): the item as the change stores it, %NULL for a delete
 * @error: return location for a #GError
 *
 * Records a local change of one item in the outbox when the store is
 * enrolled, in the transaction of the change (refused, with
 * %GK_STORE_ERROR_READ_ONLY, when it is enrolled with the office's token): the fields whose values
 * differ, merged into the item's pending op if it has one. A create when
 * the server has no base of the item and there was no op for it; a pending
 * create deleted before any push cancels both.
 *
 * Returns: whether it was recorded (or there was nothing to record)
 */
gboolean
gk_store_queue_change (GkStore  *self,
                       GkItem   *before,
                       GkItem   *after,
                       GError  **error)
{
  const char *id = gk_item_get_id (after != NULL ? after : before);
  g_autofree char *server = NULL;
  g_autofree char *dept = NULL;
  GkStoreOutbox outbox;
  gboolean ok;

  if (!gk_store_dup_sync_key (self, gk_store_sync_keys[GK_STORE_SYNC_SERVER], &server,
                              error)
      || !gk_store_dup_sync_key (self, gk_store_sync_keys[GK_STORE_SYNC_DEPT], &dept, error))
    return FALSE;
  if (server == NULL)
    return TRUE;
  /* Enrolled with the office's token: no department would own the change,
   * and the server would refuse it (read_only). */
  if (dept == NULL)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_READ_ONLY,
                   _("This PC syncs with the county office’s token, which reads every "
                     "department’s items and may change none: there is no department to own "
                     "a change made here. Make changes on a PC of the department that owns "
                     "the item."));
      return FALSE;
    }

  ok = gk_store_read_outbox (self, id, &outbox, error);
  if (ok && after == NULL)
    ok = queue_delete (self, id, &outbox, error);
  else if (ok)
    ok = queue_edit (self, &outbox, before, after, error);
  gk_store_outbox_clear (&outbox);
  return ok;
}

/* Where an item comes in the catalog's order (gk_item_compare()). */
typedef struct
{
  char  *id;
  char  *domain;
  int    position;
} Place;

static void
place_clear (gpointer data)
{
  Place *place = data;

  g_free (place->id);
  g_free (place->domain);
}

static int
compare_places (gconstpointer a,
                gconstpointer b)
{
  const Place *pa = a, *pb = b;

  return gk_item_order_compare (pa->domain, pa->position, pa->id,
                                pb->domain, pb->position, pb->id);
}

/* The items' ids, domains and positions, in the catalog's order: read in
 * the table's order and sorted here, as gk_store_load_catalog() does. */
static GArray *
list_places (GkStore  *self,
             GError  **error)
{
  sqlite3_stmt *stmt = gk_store_get_statement (self, "SELECT id, domain, position FROM items",
                                               error);
  g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (Place));
  int rc;

  if (stmt == NULL)
    return NULL;
  g_array_set_clear_func (places, place_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Place place = {
        g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        sqlite3_column_int (stmt, 2),
      };

      g_array_append_val (places, place);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gk_store_set_error (self->db, error);
      return NULL;
    }
  g_array_sort (places, compare_places);
  return g_steal_pointer (&places);
}

/**
 * gk_store_queue_creates:
 * @self: an open store in a transaction, enrolled with a department, whose
 *   outbox is empty and which holds no base
 * @error: return location for a #GError
 *
 * Queues each item of the store, in the catalog's order, as a create of
 * all its fields: what gk_store_queue_change() records for an item the
 * server has no base of and the outbox no op, without reading the sync
 * state and the outbox again for each item (an enrollment of 10,000 items
 * spent a quarter of a second on them), nor the items themselves (a
 * create sends their values as they are when it is sent). For an
 * enrollment, which empties both.
 *
 * Returns: whether they were queued
 */
gboolean
gk_store_queue_creates (GkStore  *self,
                        GError  **error)
{
  g_autofree char *all = fields_to_json (GK_FIELD_MASK_ALL);
  g_autoptr(GArray) places = list_places (self, error);
  GkStoreOutbox none = { 0 };

  if (places == NULL)
    return FALSE;
  for (guint i = 0; i < places->len; i++)
    {
      Place *place = &g_array_index (places, Place, i);

      if (!insert_op_json (self, place->id, "create", &none, all, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * gk_store_queue_again:
 * @self: an open store in a transaction
 * @id: an item's id
 * @outbox: what gk_store_read_outbox() said of it
 * @kind: "create", "update" or "delete"
 * @fields: for an update, the fields to send again
 * @error: return location for a #GError
 *
 * Queues again, for a server restored from a backup, a change the server
 * had acknowledged before the restore (gk-store-resync.c): joined to the
 * item's pending op if it has one (a pending delete stays a delete). A
 * create replaces the item's unanswered ops: it sends every field of the
 * item as it is here, which holds their changes.
 *
 * Returns: whether it was queued
 */
gboolean
gk_store_queue_again (GkStore        *self,
                      const char     *id,
                      GkStoreOutbox  *outbox,
                      const char     *kind,
                      GkFieldMask     fields,
                      GError        **error)
{
  if (strcmp (kind, "create") == 0)
    {
      GkStoreOutbox none = { 0 };

      return gk_store_run_text (self, "DELETE FROM outbox WHERE item_id = ?1 "
                                "AND state != 'rejected'", id, NULL, error)
             && insert_op (self, id, "create", &none, GK_FIELD_MASK_ALL, error);
    }
  if (outbox->pending == 0)
    return insert_op (self, id, kind, outbox, fields, error);
  if (strcmp (kind, "delete") == 0)
    return update_pending (self, outbox, "delete", 0, error);
  if (strcmp (outbox->pending_kind, "delete") == 0)
    return TRUE;
  return update_pending (self, outbox, outbox->pending_kind, outbox->pending_fields | fields,
                         error);
}

/**
 * gk_store_queue_resolve:
 * @self: an open store in a transaction
 * @id: an item's id
 * @conflict_id: the conflict the item's pending op settles
 * @kind: "update", or "delete" when the user chose the item deleted
 * @fields: for an update, the conflict's fields: the op sends the values
 *   chosen even where they equal what the item held
 * @error: return location for a #GError
 *
 * Makes the item's pending op, made by the change just saved or a new one,
 * carry `resolves`. A pending op settles one conflict at most: one that
 * settles another already is left as it is, and this is an error.
 *
 * Returns: whether it was queued
 */
gboolean
gk_store_queue_resolve (GkStore     *self,
                        const char  *id,
                        const char  *conflict_id,
                        const char  *kind,
                        GkFieldMask  fields,
                        GError     **error)
{
  g_autofree char *other = NULL;
  GkStoreOutbox outbox;
  gboolean ok;

  if (!gk_store_lookup_text (self, "SELECT resolves FROM outbox WHERE item_id = ? "
                             "AND state = 'pending' AND resolves IS NOT NULL", id, &other,
                             error))
    return FALSE;
  if (other != NULL && g_strcmp0 (other, conflict_id) != 0)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
                   _("A change of this item waiting to be sent settles another conflict "
                     "already: sync first, then settle this one."));
      return FALSE;
    }

  ok = gk_store_read_outbox (self, id, &outbox, error);
  if (ok && outbox.pending == 0)
    ok = insert_op (self, id, kind, &outbox, fields, error);
  else if (ok && strcmp (kind, "delete") == 0)
    ok = update_pending (self, &outbox, "delete", 0, error);
  else if (ok && strcmp (outbox.pending_kind, "delete") != 0)
    ok = update_pending (self, &outbox, outbox.pending_kind, outbox.pending_fields | fields,
                         error);
  gk_store_outbox_clear (&outbox);
  return ok && gk_store_run_text (self, "UPDATE outbox SET resolves = ?2 WHERE item_id = ?1 "
                                  "AND state = 'pending'", id, conflict_id, error);
}
