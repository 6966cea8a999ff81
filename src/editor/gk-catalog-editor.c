/* gk-catalog-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-catalog-editor.h"
#include "gk-import-match.h"

/* Adding, copying, deleting and reordering items: each change of the
 * catalog is saved as one store step, so one undo takes it back. Item
 * positions run 0, 1, … through a domain in the order of the tree. */
struct _GkCatalogEditor
{
  GObject         parent_instance;

  GkCatalogModel *model;
  GkAutosave     *autosave;
};

G_DEFINE_FINAL_TYPE (GkCatalogEditor, gk_catalog_editor, G_TYPE_OBJECT)

static void
gk_catalog_editor_dispose (GObject *object)
{
  GkCatalogEditor *self = GK_CATALOG_EDITOR (object);

  g_clear_object (&self->model);
  g_clear_object (&self->autosave);

  G_OBJECT_CLASS (gk_catalog_editor_parent_class)->dispose (object);
}

static void
gk_catalog_editor_class_init (GkCatalogEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gk_catalog_editor_dispose;
}

static void
gk_catalog_editor_init (GkCatalogEditor *self)
{
}

/**
 * gk_catalog_editor_new:
 * @model: the tree of the catalog to edit
 * @autosave: what saves the changes
 *
 * Returns: (transfer full): a new editor
 */
GkCatalogEditor *
gk_catalog_editor_new (GkCatalogModel *model,
                       GkAutosave     *autosave)
{
  GkCatalogEditor *self = g_object_new (GK_TYPE_CATALOG_EDITOR, NULL);

  self->model = g_object_ref (model);
  self->autosave = g_object_ref (autosave);

  return self;
}

static GkCatalog *
get_catalog (GkCatalogEditor *self)
{
  return gk_catalog_model_get_catalog (self->model);
}

/* Gives the items of a domain the positions 0, 1, … in @order and saves
 * those that moved, together with @extra, as one undo step: their
 * positions, and @fields (new items are saved whole). */
static void
renumber_and_save (GkCatalogEditor *self,
                   GPtrArray       *order,
                   GkItem          *extra,
                   GkFieldMask      fields)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < order->len; i++)
    {
      GkItem *item = order->pdata[i];

      if (gk_item_get_position (item) != (int) i || item == extra)
        {
          gk_item_set_position (item, i);
          g_ptr_array_add (changed, g_object_ref (item));
        }
    }
  if (extra != NULL && !g_ptr_array_find (changed, extra, NULL))
    g_ptr_array_add (changed, g_object_ref (extra));

  gk_autosave_save_now (self->autosave, changed, fields);
}

/* Where the group of @level1 ends in @order, or the end of @order. */
static guint
find_group_end (GPtrArray  *order,
                const char *level1)
{
  guint index = order->len;
  gboolean in_group = FALSE;

  for (guint i = 0; i < order->len; i++)
    {
      gboolean same = g_strcmp0 (gk_item_get_text (order->pdata[i], GK_FIELD_LEVEL1),
                                 level1) == 0;

      if (same)
        index = i + 1;
      else if (in_group)
        break;
      in_group = same;
    }

  return index;
}

/* Adds @item to the catalog right after @after, or at the end of its
 * group, and saves it. */
static void
insert_item (GkCatalogEditor *self,
             GkItem          *item,
             GkItem          *after)
{
  const char *code = gk_item_get_text (item, GK_FIELD_DOMAIN);
  g_autoptr(GPtrArray) order = gk_catalog_model_dup_domain_items (self->model, code);
  guint index;

  if (after != NULL && g_ptr_array_find (order, after, &index))
    index++;
  else
    index = find_group_end (order, gk_item_get_text (item, GK_FIELD_LEVEL1));

  g_ptr_array_insert (order, index, g_object_ref (item));
  renumber_and_save (self, order, item, 0);
  gk_catalog_add_item (get_catalog (self), item);
  gk_catalog_model_refresh_domain (self->model, code);
}

/**
 * gk_catalog_editor_add_item:
 * @where: (nullable): the selected row: the new item goes into its domain
 *   and group, after it if it is an item
 *
 * Returns: (transfer none): the new item, in the catalog and saved
 */
GkItem *
gk_catalog_editor_add_item (GkCatalogEditor *self,
                            GkTreeNode      *where)
{
  g_autoptr(GkItem) item = NULL;
  GkItem *after = NULL;
  const char *level1 = "";

  g_return_val_if_fail (GK_IS_CATALOG_EDITOR (self), NULL);

  item = gk_item_new (where != NULL ? gk_tree_node_get_domain_code (where)
                                    : gk_domain_get_nth (0)->code);
  if (where != NULL && gk_tree_node_get_kind (where) == GK_TREE_NODE_GROUP)
    level1 = gk_tree_node_get_level1 (where);
  else if (where != NULL && gk_tree_node_get_kind (where) == GK_TREE_NODE_ITEM)
    {
      after = gk_tree_node_get_item (where);
      level1 = gk_item_get_text (after, GK_FIELD_LEVEL1);
    }
  gk_item_set_text (item, GK_FIELD_LEVEL1, level1);
  gk_item_set_levels (item, gk_catalog_get_levels (get_catalog (self)));

  insert_item (self, item, after);
  return item;
}

/* Files @item at the end of its group in the order of its domain, which
 * is made on first use; collects the domains in @orders. */
static void
file_item (GkCatalogEditor *self,
           GHashTable      *orders,
           GkItem          *item)
{
  const char *code = gk_item_get_text (item, GK_FIELD_DOMAIN);
  GPtrArray *order = g_hash_table_lookup (orders, code);

  if (order == NULL)
    {
      order = gk_catalog_model_dup_domain_items (self->model, code);
      g_hash_table_insert (orders, (gpointer) g_intern_string (code), order);
    }
  g_ptr_array_insert (order,
                      find_group_end (order, gk_item_get_text (item, GK_FIELD_LEVEL1)),
                      g_object_ref (item));
}

/* Adds @item to @changed, to be saved with @fields, unless @seen has it. */
static void
add_changed (GPtrArray   *changed,
             GArray      *masks,
             GHashTable  *seen,
             GkItem      *item,
             GkFieldMask  fields)
{
  if (!g_hash_table_add (seen, item))
    return;
  g_ptr_array_add (changed, g_object_ref (item));
  g_array_append_val (masks, fields);
}

/**
 * gk_catalog_editor_import:
 * @items: (element-type GkItem): new items, with domains, whose ids are
 *   not in the catalog
 * @updates: (element-type GkImportMatch): changed matches: their catalog
 *   items take the table's values in the fields that differ
 *
 * Adds @items, each at the end of its group, and updates the items of
 * @updates, and saves them with the items they moved as one step: one
 * undo takes the whole import back.
 */
void
gk_catalog_editor_import (GkCatalogEditor *self,
                          GPtrArray       *items,
                          GPtrArray       *updates)
{
  g_autoptr(GHashTable) orders = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) masks = g_array_new (FALSE, FALSE, sizeof (GkFieldMask));
  g_autoptr(GHashTable) added = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer code, order;

  g_return_if_fail (GK_IS_CATALOG_EDITOR (self));

  for (guint i = 0; i < updates->len; i++)
    {
      const GkImportMatch *match = updates->pdata[i];

      gk_import_match_update (match);
      add_changed (changed, masks, seen, match->existing, match->changed);
    }

  orders = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                  (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < items->len; i++)
    {
      file_item (self, orders, items->pdata[i]);
      g_hash_table_add (added, items->pdata[i]);
    }

  g_hash_table_iter_init (&iter, orders);
  while (g_hash_table_iter_next (&iter, NULL, &order))
    for (guint i = 0; i < ((GPtrArray *) order)->len; i++)
      {
        GkItem *item = ((GPtrArray *) order)->pdata[i];

        if (gk_item_get_position (item) != (int) i || g_hash_table_contains (added, item))
          {
            gk_item_set_position (item, i);
            add_changed (changed, masks, seen, item, 0);
          }
      }
  if (changed->len == 0)
    return;

  gk_autosave_save_edits_now (self->autosave, changed, (const GkFieldMask *) masks->data);
  for (guint i = 0; i < items->len; i++)
    gk_catalog_add_item (get_catalog (self), items->pdata[i]);
  g_hash_table_iter_init (&iter, orders);
  while (g_hash_table_iter_next (&iter, &code, NULL))
    gk_catalog_model_refresh_domain (self->model, code);
}

/**
 * gk_catalog_editor_duplicate_item:
 * @item: an item of the catalog
 *
 * Returns: (transfer none): the copy, right after @item, saved
 */
GkItem *
gk_catalog_editor_duplicate_item (GkCatalogEditor *self,
                                  GkItem          *item)
{
  g_autoptr(GkItem) copy = NULL;

  g_return_val_if_fail (GK_IS_CATALOG_EDITOR (self), NULL);
  g_return_val_if_fail (GK_IS_ITEM (item), NULL);

  copy = gk_item_duplicate (item);
  insert_item (self, copy, item);
  return copy;
}

/**
 * gk_catalog_editor_delete_item:
 * @item: an item of the catalog
 *
 * Removes @item from the catalog and from the store. Keep a reference to
 * bring it back with gk_catalog_editor_restore_item().
 */
void
gk_catalog_editor_delete_item (GkCatalogEditor *self,
                               GkItem          *item)
{
  g_autoptr(GkItem) hold = NULL;

  g_return_if_fail (GK_IS_CATALOG_EDITOR (self));
  g_return_if_fail (GK_IS_ITEM (item));

  hold = g_object_ref (item);
  gk_catalog_remove_item (get_catalog (self), gk_item_get_id (item));
  gk_autosave_delete (self->autosave, gk_item_get_id (item));
}

/**
 * gk_catalog_editor_restore_item:
 * @item: a deleted item
 *
 * Returns: whether @item was put back (%FALSE if it is already there)
 */
gboolean
gk_catalog_editor_restore_item (GkCatalogEditor *self,
                                GkItem          *item)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (GK_IS_CATALOG_EDITOR (self), FALSE);
  g_return_val_if_fail (GK_IS_ITEM (item), FALSE);

  if (gk_catalog_lookup_item (get_catalog (self), gk_item_get_id (item)) != NULL)
    return FALSE;

  g_ptr_array_add (items, g_object_ref (item));
  gk_autosave_save_now (self->autosave, items, GK_FIELD_MASK_ALL);
  gk_catalog_add_item (get_catalog (self), item);
  return TRUE;
}

/**
 * gk_catalog_editor_move_within_group:
 * @item: an item of the catalog
 * @delta: -1 to move up, 1 to move down
 *
 * Returns: whether @item moved; it stays inside its 一级事项 group
 */
gboolean
gk_catalog_editor_move_within_group (GkCatalogEditor *self,
                                     GkItem          *item,
                                     int              delta)
{
  const char *code;
  g_autoptr(GPtrArray) order = NULL;
  guint index;
  gpointer other;

  g_return_val_if_fail (GK_IS_CATALOG_EDITOR (self), FALSE);
  g_return_val_if_fail (delta == -1 || delta == 1, FALSE);

  code = gk_item_get_text (item, GK_FIELD_DOMAIN);
  order = gk_catalog_model_dup_domain_items (self->model, code);
  if (!g_ptr_array_find (order, item, &index)
      || (delta < 0 && index == 0) || (delta > 0 && index + 1 >= order->len))
    return FALSE;

  other = order->pdata[index + delta];
  if (g_strcmp0 (gk_item_get_text (other, GK_FIELD_LEVEL1),
                 gk_item_get_text (item, GK_FIELD_LEVEL1)) != 0)
    return FALSE;

  order->pdata[index + delta] = item;
  order->pdata[index] = other;
  renumber_and_save (self, order, NULL, 0);
  gk_catalog_model_refresh_domain (self->model, code);

  return TRUE;
}

/**
 * gk_catalog_editor_move_to_group:
 * @item: an item of the catalog
 * @level1: the 一级事项 to file it under, existing or new
 *
 * Moves @item to the end of that group.
 */
void
gk_catalog_editor_move_to_group (GkCatalogEditor *self,
                                 GkItem          *item,
                                 const char      *level1)
{
  const char *code = gk_item_get_text (item, GK_FIELD_DOMAIN);
  g_autofree char *normalized = gk_text_normalize (level1);
  g_autoptr(GPtrArray) order = NULL;

  g_return_if_fail (GK_IS_CATALOG_EDITOR (self));

  if (g_strcmp0 (normalized, gk_item_get_text (item, GK_FIELD_LEVEL1)) == 0)
    return;

  order = gk_catalog_model_dup_domain_items (self->model, code);
  g_ptr_array_remove (order, item);
  g_ptr_array_insert (order, find_group_end (order, normalized), g_object_ref (item));
  gk_item_set_text (item, GK_FIELD_LEVEL1, normalized);
  renumber_and_save (self, order, item, GK_FIELD_MASK (GK_FIELD_LEVEL1));
  gk_catalog_model_refresh_domain (self->model, code);
}

/* Copies into @item what @saved holds: everything after an undo; after a
 * sync, the fields the user has not changed since the last save (the
 * store merged those into @saved already, or will when they are saved),
 * and not the position, which only this PC sets. */
static void
take_saved (GkCatalogEditor *self,
            GkItem          *item,
            GkItem          *saved,
            gboolean         pulled)
{
  GkFieldMask unsaved;

  if (!pulled)
    {
      gk_item_copy_from (item, saved);
      return;
    }
  unsaved = gk_autosave_get_unsaved_fields (self->autosave, gk_item_get_id (item));
  gk_item_set_dept (item, gk_item_get_dept (saved));
  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if ((unsaved & GK_FIELD_MASK (f)) == 0 && !gk_item_field_equal (item, saved, f))
        gk_item_copy_field (item, saved, f);
    }
}

/* The item before @item in the tree (the one a copy was made from), else
 * the one after it, else none. */
static GkItem *
find_neighbour (GkCatalogEditor *self,
                GkItem          *item)
{
  g_autoptr(GPtrArray) order = gk_catalog_model_dup_domain_items (
    self->model, gk_item_get_text (item, GK_FIELD_DOMAIN));
  guint index;

  if (!g_ptr_array_find (order, item, &index))
    return NULL;
  if (index > 0)
    return g_object_ref (order->pdata[index - 1]);
  if (index + 1 < order->len)
    return g_object_ref (order->pdata[index + 1]);
  return NULL;
}

static GkItem *
apply_items (GkCatalogEditor *self,
             GHashTable      *items,
             GkItem          *shown,
             gboolean         pulled)
{
  g_autoptr(GHashTable) domains = g_hash_table_new (g_str_hash, g_str_equal);
  GkCatalog *catalog = get_catalog (self);
  GkItem *select = NULL;
  g_autoptr(GkItem) neighbour = NULL;
  GHashTableIter iter;
  gpointer id, saved, code;

  /* The item shown goes (the undo of a duplicate, say): the one beside it
   * is shown instead, not whichever other item the step touched. */
  if (shown != NULL && g_hash_table_contains (items, gk_item_get_id (shown))
      && g_hash_table_lookup (items, gk_item_get_id (shown)) == NULL)
    neighbour = find_neighbour (self, shown);

  g_hash_table_iter_init (&iter, items);
  while (g_hash_table_iter_next (&iter, &id, &saved))
    {
      GkItem *item = gk_catalog_lookup_item (catalog, id);

      if (item != NULL)
        g_hash_table_add (domains, (gpointer) g_intern_string (
          gk_item_get_text (item, GK_FIELD_DOMAIN)));
      if (saved == NULL)
        {
          if (item != NULL)
            gk_catalog_remove_item (catalog, id);
          continue;
        }
      if (item != NULL)
        take_saved (self, item, saved, pulled);
      else
        gk_catalog_add_item (catalog, (item = saved));
      g_hash_table_add (domains, (gpointer) g_intern_string (
        gk_item_get_text (item, GK_FIELD_DOMAIN)));
      if (select == NULL || item == shown)
        select = item;
    }

  /* Positions are not signalled by GkItem. */
  g_hash_table_iter_init (&iter, domains);
  while (g_hash_table_iter_next (&iter, &code, NULL))
    gk_catalog_model_refresh_domain (self->model, code);

  if (neighbour != NULL && gk_catalog_lookup_item (catalog, gk_item_get_id (neighbour)) != NULL)
    return neighbour;
  return select;
}

/**
 * gk_catalog_editor_apply_step:
 * @items: (element-type utf8 GkItem): what an undo or redo returned:
 *   id → the item as saved, or %NULL when it no longer exists
 * @shown: (nullable): the item the user looks at
 *
 * Brings the catalog in line with the store after an undo or redo.
 *
 * Returns: (transfer none) (nullable): the item to show: @shown if the
 *   step touched it, else one the step touched
 */
GkItem *
gk_catalog_editor_apply_step (GkCatalogEditor *self,
                              GHashTable      *items,
                              GkItem          *shown)
{
  g_return_val_if_fail (GK_IS_CATALOG_EDITOR (self), NULL);

  return apply_items (self, items, shown, FALSE);
}

/**
 * gk_catalog_editor_apply_pulled:
 * @items: (element-type utf8 GkItem): what a sync changed in the store:
 *   id → the item as stored, or %NULL when it no longer exists
 *
 * Brings the catalog in line with the store after a sync, without
 * touching what the user typed and the store has not acknowledged yet.
 */
void
gk_catalog_editor_apply_pulled (GkCatalogEditor *self,
                                GHashTable      *items)
{
  g_return_if_fail (GK_IS_CATALOG_EDITOR (self));

  apply_items (self, items, NULL, TRUE);
}
