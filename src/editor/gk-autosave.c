/* gk-autosave.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-autosave.h"

/* An edit waits this long for the next keystroke, so that typing a word
 * makes one save and one undo step. */
#define SAVE_DELAY_MS 300

struct _GkAutosave
{
  GObject          parent_instance;

  GkStore         *store;
  GHashTable      *pending;   /* id → Edit */
  GPtrArray       *running;   /* SaveData of the saves the store works on */
  guint            timeout_id;
  guint            n_running;
  gboolean         busy;
  GkAutosaveState  state;
};

G_DEFINE_FINAL_TYPE (GkAutosave, gk_autosave, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_STATE,
  PROP_STATUS_LABEL,
  PROP_STATUS_TOOLTIP,
  N_PROPS
};

enum {
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* An item to save, and the fields the user changed in it: only those are
 * saved over the stored item (gk_store_save_edits()), so that a change a
 * sync brought into another field meanwhile stays. */
typedef struct
{
  GkItem      *item;
  GkFieldMask  fields;
} Edit;

static void
edit_free (gpointer data)
{
  Edit *edit = data;

  g_object_unref (edit->item);
  g_free (edit);
}

typedef struct
{
  GkAutosave *self;
  GPtrArray  *items;   /* what to save again when the save failed */
  GArray     *fields;  /* GkFieldMask of each of @items */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->self);
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_clear_pointer (&data->fields, g_array_unref);
  g_free (data);
}

/* Joins @fields of @item to what waits to be saved. */
static void
add_pending (GkAutosave  *self,
             GkItem      *item,
             GkFieldMask  fields)
{
  Edit *edit = g_hash_table_lookup (self->pending, gk_item_get_id (item));

  if (edit == NULL)
    {
      edit = g_new0 (Edit, 1);
      edit->item = g_object_ref (item);
      g_hash_table_insert (self->pending, g_strdup (gk_item_get_id (item)), edit);
    }
  edit->fields |= fields;
}

static void
set_state (GkAutosave      *self,
           GkAutosaveState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_LABEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TOOLTIP]);
}

static void
update_state (GkAutosave *self,
              gboolean    failed)
{
  gboolean busy = self->n_running > 0 || g_hash_table_size (self->pending) > 0;

  if (failed)
    set_state (self, GK_AUTOSAVE_FAILED);
  else if (busy && self->state != GK_AUTOSAVE_FAILED)
    set_state (self, GK_AUTOSAVE_SAVING);
  else if (!busy && self->state != GK_AUTOSAVE_FAILED)
    set_state (self, GK_AUTOSAVE_SAVED);

  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static void
report_error (GkAutosave   *self,
              const GError *error)
{
  g_warning ("Could not save: %s", error->message);
  g_signal_emit (self, signals[FAILED], 0, error->message);
}

static void
save_items_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SaveData *data = user_data;
  GkAutosave *self = data->self;
  g_autoptr(GError) error = NULL;

  self->n_running--;
  g_ptr_array_remove_fast (self->running, data);
  if (!gk_store_save_items_finish (GK_STORE (object), result, &error))
    {
      /* Keep the items: the next flush tries again. */
      for (guint i = 0; i < data->items->len; i++)
        add_pending (self, data->items->pdata[i],
                     g_array_index (data->fields, GkFieldMask, i));
      report_error (self, error);
      update_state (self, TRUE);
    }
  else
    {
      /* Every earlier failure was retried in this or an earlier step. */
      if (self->state == GK_AUTOSAVE_FAILED && g_hash_table_size (self->pending) == 0)
        set_state (self, GK_AUTOSAVE_SAVING);
      update_state (self, FALSE);
    }

  save_data_free (data);
}

static void
start_save (GkAutosave *self,
            GPtrArray  *items,
            GArray     *fields)
{
  SaveData *data;

  if (items->len == 0 || self->store == NULL)
    return;

  data = g_new0 (SaveData, 1);
  data->self = g_object_ref (self);
  data->items = g_ptr_array_ref (items);
  data->fields = g_array_ref (fields);
  g_ptr_array_add (self->running, data);
  self->n_running++;
  /* Never cancelled: an edit must reach the disk even while closing. */
  gk_store_save_edits_async (self->store, items, (const GkFieldMask *) fields->data, NULL,
                             save_items_cb, data);
  update_state (self, FALSE);
}

static void
delete_item_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GkAutosave) self = user_data;
  g_autoptr(GError) error = NULL;

  self->n_running--;
  if (!gk_store_delete_item_finish (GK_STORE (object), result, &error))
    {
      report_error (self, error);
      update_state (self, TRUE);
      return;
    }
  update_state (self, FALSE);
}

static gboolean
timeout_cb (gpointer user_data)
{
  GkAutosave *self = user_data;

  self->timeout_id = 0;
  gk_autosave_flush (self);

  return G_SOURCE_REMOVE;
}

static void
gk_autosave_dispose (GObject *object)
{
  GkAutosave *self = GK_AUTOSAVE (object);

  /* A pending edit is never dropped silently. */
  if (self->store != NULL && g_hash_table_size (self->pending) > 0)
    gk_autosave_flush (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gk_autosave_parent_class)->dispose (object);
}

static void
gk_autosave_finalize (GObject *object)
{
  GkAutosave *self = GK_AUTOSAVE (object);

  g_hash_table_unref (self->pending);
  g_ptr_array_unref (self->running);

  G_OBJECT_CLASS (gk_autosave_parent_class)->finalize (object);
}

static const char *
get_status_label (GkAutosave *self)
{
  switch (self->state)
    {
    case GK_AUTOSAVE_SAVING:
      return _("Saving…");
    case GK_AUTOSAVE_SAVED:
      return _("Saved");
    case GK_AUTOSAVE_FAILED:
      return _("Not saved");
    case GK_AUTOSAVE_IDLE:
    default:
      return "";
    }
}

static const char *
get_status_tooltip (GkAutosave *self)
{
  switch (self->state)
    {
    case GK_AUTOSAVE_SAVING:
      return _("Your changes are being saved");
    case GK_AUTOSAVE_SAVED:
      return _("All changes are saved on this computer");
    case GK_AUTOSAVE_FAILED:
      return _("The last changes could not be saved; they are kept and saved again with the "
               "next change");
    case GK_AUTOSAVE_IDLE:
    default:
      return NULL;
    }
}

static void
gk_autosave_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GkAutosave *self = GK_AUTOSAVE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, gk_autosave_get_busy (self));
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, get_status_label (self));
      break;
    case PROP_STATUS_TOOLTIP:
      g_value_set_string (value, get_status_tooltip (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_autosave_class_init (GkAutosaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gk_autosave_dispose;
  object_class->finalize = gk_autosave_finalize;
  object_class->get_property = gk_autosave_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, flags);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, GK_AUTOSAVE_IDLE, GK_AUTOSAVE_FAILED,
                      GK_AUTOSAVE_IDLE, flags);
  properties[PROP_STATUS_LABEL] = g_param_spec_string ("status-label", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_TOOLTIP] =
    g_param_spec_string ("status-tooltip", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GkAutosave::failed:
   * @message: the store's error message
   *
   * Emitted when a save or a deletion failed.
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
gk_autosave_init (GkAutosave *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, edit_free);
  self->running = g_ptr_array_new ();
}

/**
 * gk_autosave_new:
 *
 * Returns: (transfer full): a new autosave, idle until it has a store
 */
GkAutosave *
gk_autosave_new (void)
{
  return g_object_new (GK_TYPE_AUTOSAVE, NULL);
}

/**
 * gk_autosave_set_store:
 * @store: (transfer none): the open store
 */
void
gk_autosave_set_store (GkAutosave *self,
                       GkStore    *store)
{
  g_return_if_fail (GK_IS_AUTOSAVE (self));

  /* What the store loaded is saved. */
  if (g_set_object (&self->store, store) && store != NULL)
    update_state (self, FALSE);
}

/**
 * gk_autosave_schedule:
 * @item: an edited item
 * @field: the field the user changed
 *
 * Saves @field of @item after a short pause in typing.
 */
void
gk_autosave_schedule (GkAutosave *self,
                      GkItem     *item,
                      GkField     field)
{
  g_return_if_fail (GK_IS_AUTOSAVE (self));
  g_return_if_fail (GK_IS_ITEM (item));
  g_return_if_fail (field < GK_N_FIELDS);

  add_pending (self, item, GK_FIELD_MASK (field));
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (SAVE_DELAY_MS, timeout_cb, self);
  update_state (self, FALSE);
}

/**
 * gk_autosave_flush:
 *
 * Starts saving the scheduled items now, as one step.
 */
void
gk_autosave_flush (GkAutosave *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) fields = g_array_new (FALSE, FALSE, sizeof (GkFieldMask));
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (GK_IS_AUTOSAVE (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->store == NULL)
    return;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Edit *edit = value;

      g_ptr_array_add (items, g_object_ref (edit->item));
      g_array_append_val (fields, edit->fields);
    }
  g_hash_table_remove_all (self->pending);

  start_save (self, items, fields);
}

/**
 * gk_autosave_save_edits_now:
 * @items: (element-type GkItem): items to save as one step
 * @fields: (array): for each of @items, the fields changed in it (their
 *   positions are always saved, and new items whole)
 *
 * Saves the scheduled items first, so the store sees the changes in the
 * order the user made them.
 */
void
gk_autosave_save_edits_now (GkAutosave        *self,
                            GPtrArray         *items,
                            const GkFieldMask *fields)
{
  g_autoptr(GArray) masks = g_array_sized_new (FALSE, FALSE, sizeof (GkFieldMask), items->len);

  g_return_if_fail (GK_IS_AUTOSAVE (self));

  /* What the user typed in them and was not saved yet goes with them. */
  for (guint i = 0; i < items->len; i++)
    {
      Edit *edit = g_hash_table_lookup (self->pending, gk_item_get_id (items->pdata[i]));
      GkFieldMask mask = fields[i] | (edit != NULL ? edit->fields : 0);

      g_array_append_val (masks, mask);
      g_hash_table_remove (self->pending, gk_item_get_id (items->pdata[i]));
    }
  gk_autosave_flush (self);
  start_save (self, items, masks);
}

/**
 * gk_autosave_save_now:
 * @items: (element-type GkItem): items to save as one step
 * @fields: the fields changed in each of @items
 *
 * gk_autosave_save_edits_now() with the same fields for every item.
 */
void
gk_autosave_save_now (GkAutosave  *self,
                      GPtrArray   *items,
                      GkFieldMask  fields)
{
  g_autofree GkFieldMask *masks = g_new (GkFieldMask, items->len + 1);

  for (guint i = 0; i < items->len; i++)
    masks[i] = fields;
  gk_autosave_save_edits_now (self, items, masks);
}

/**
 * gk_autosave_get_unsaved_fields:
 * @id: an item's id
 *
 * Returns: the fields of the item the user changed that the store has not
 *   acknowledged yet: scheduled, or in a save under way. A sync's change
 *   must not be shown over them.
 */
GkFieldMask
gk_autosave_get_unsaved_fields (GkAutosave *self,
                                const char *id)
{
  Edit *edit;
  GkFieldMask fields = 0;

  g_return_val_if_fail (GK_IS_AUTOSAVE (self), 0);

  edit = g_hash_table_lookup (self->pending, id);
  if (edit != NULL)
    fields = edit->fields;
  for (guint i = 0; i < self->running->len; i++)
    {
      SaveData *data = self->running->pdata[i];

      for (guint j = 0; j < data->items->len; j++)
        if (g_strcmp0 (gk_item_get_id (data->items->pdata[j]), id) == 0)
          fields |= g_array_index (data->fields, GkFieldMask, j);
    }
  return fields;
}

/**
 * gk_autosave_delete:
 * @id: the id of an item removed from the catalog
 */
void
gk_autosave_delete (GkAutosave *self,
                    const char *id)
{
  g_return_if_fail (GK_IS_AUTOSAVE (self));

  g_hash_table_remove (self->pending, id);
  gk_autosave_flush (self);
  if (self->store == NULL)
    return;

  self->n_running++;
  gk_store_delete_item_async (self->store, id, NULL, delete_item_cb, g_object_ref (self));
  update_state (self, FALSE);
}

/**
 * gk_autosave_get_busy:
 *
 * Returns: whether items wait to be saved or the store has not
 *   acknowledged a save yet
 */
gboolean
gk_autosave_get_busy (GkAutosave *self)
{
  g_return_val_if_fail (GK_IS_AUTOSAVE (self), FALSE);

  return self->n_running > 0 || g_hash_table_size (self->pending) > 0;
}

/**
 * gk_autosave_get_saving:
 *
 * Returns: whether the store is working on a save or a deletion; unlike
 *   gk_autosave_get_busy(), items kept after a failed save do not count
 */
gboolean
gk_autosave_get_saving (GkAutosave *self)
{
  g_return_val_if_fail (GK_IS_AUTOSAVE (self), FALSE);

  return self->n_running > 0;
}

GkAutosaveState
gk_autosave_get_state (GkAutosave *self)
{
  g_return_val_if_fail (GK_IS_AUTOSAVE (self), GK_AUTOSAVE_IDLE);

  return self->state;
}
