/* gk-conflict-inbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-conflict-inbox.h"
#include "gk-sync-labels.h"
#include "gk-conflict-view.h"
#include "gk-item-json.h"
#include "gk-sync-record.h"

/*
 * The open conflicts the last sync left in the store (the server's list:
 * every PC of the department sees the same), each settled in the view.
 * Settling is an ordinary local edit naming the conflict
 * (gk_store_resolve()), saved on the store's worker in turn with the
 * window's saves; the next sync sends it. GkConflictInbox::resolved tells
 * the window, which shows the item and syncs.
 */

struct _GkConflictInbox
{
  AdwWindow        parent_instance;

  AdwWindowTitle  *window_title;
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *conflicts_list;
  GkConflictView  *view;

  GkStore         *store;
  GkCatalog       *catalog;
  GHashTable      *departments;   /* id → name */
  GCancellable    *cancellable;   /* of the listing */
  gboolean         busy;          /* a choice is being saved */
};

G_DEFINE_FINAL_TYPE (GkConflictInbox, gk_conflict_inbox, ADW_TYPE_WINDOW)

enum
{
  RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the worker reads for the list. */
typedef struct
{
  GPtrArray  *records;       /* JsonObject */
  char       *departments;   /* /info's departments, JSON, or NULL */
  GHashTable *deleted;       /* item id → GkItem as last changed here, to name
                              * the items a sync deleted */
} Listing;

static void
listing_free (gpointer data)
{
  Listing *listing = data;

  g_clear_pointer (&listing->records, g_ptr_array_unref);
  g_clear_pointer (&listing->deleted, g_hash_table_unref);
  g_free (listing->departments);
  g_free (listing);
}

static gpointer
list_on_worker (GkStore   *store,
                gpointer   data,
                GError   **error)
{
  g_autoptr(GPtrArray) records = gk_store_list_open_conflicts (store, error);
  Listing *listing;

  if (records == NULL)
    return NULL;
  listing = g_new0 (Listing, 1);
  /* Without the names the departments are shown by their ids. */
  listing->departments = gk_store_dup_sync_value (store, GK_STORE_SYNC_DEPARTMENTS, NULL);
  listing->deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  for (guint i = 0; i < records->len; i++)
    {
      const char *id = json_object_get_string_member_with_default (records->pdata[i],
                                                                   "item_id", "");
      g_autoptr(GkItem) item = gk_store_load_item (store, id, NULL);

      /* Only to name it: without it the record's values do. */
      if (item == NULL && (item = gk_store_load_last_version (store, id, NULL)) != NULL)
        g_hash_table_replace (listing->deleted, g_strdup (id), g_steal_pointer (&item));
    }
  listing->records = g_steal_pointer (&records);
  return listing;
}

/* A choice of the user, saved on the worker. */
typedef struct
{
  JsonObject *record;
  JsonObject *values;   /* the results, for a conflict of fields */
  gboolean    keep;     /* FALSE: delete the item */
} Resolution;

static void
resolution_free (gpointer data)
{
  Resolution *resolution = data;

  g_clear_pointer (&resolution->record, json_object_unref);
  g_clear_pointer (&resolution->values, json_object_unref);
  g_free (resolution);
}

static const char *
get_member (JsonObject *object,
            const char *name)
{
  return json_object_get_string_member_with_default (object, name, "");
}

static gboolean
apply_values (GkItem      *item,
              JsonObject  *values,
              GError     **error)
{
  g_autoptr(GList) keys = json_object_get_members (values);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_autoptr(GkJsonTree) tree = gk_json_tree_new_from_node (json_object_get_member (values,
                                                                                      l->data));
      GkField field;

      if (gk_field_from_key (l->data, &field)
          && !gk_item_read_field (item, field, gk_json_tree_get_root (tree), l->data, error))
        return FALSE;
    }
  return TRUE;
}

/* Returns the item saved, or NULL without error when it was deleted. */
static gpointer
resolve_on_worker (GkStore   *store,
                   gpointer   data,
                   GError   **error)
{
  Resolution *r = data;
  const char *item_id = get_member (r->record, "item_id");
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) local_error = NULL;

  if (r->keep)
    {
      item = gk_store_load_item (store, item_id, &local_error);
      /* Deleted by the sync: the item as this PC changed it. The record's
       * values alone would empty the other fields on the server. */
      if (item == NULL && local_error == NULL)
        item = gk_store_load_last_version (store, item_id, &local_error);
      if (item == NULL && local_error == NULL)
        g_set_error (&local_error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
                     _("This PC holds no copy of the deleted item’s content, so it cannot "
                       "be restored here. Restore it on the PC where it was changed, or "
                       "leave it deleted."));
      if (item == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (r->values != NULL && !apply_values (item, r->values, error))
        return NULL;
    }
  if (!gk_store_resolve (store, get_member (r->record, "id"), item_id, item,
                         gk_sync_read_conflict_fields (r->record), error))
    return NULL;
  return g_steal_pointer (&item);
}

/* The name of @record's item: its domain, 一级事项 and 二级事项, from the
 * catalog, or as last changed here (@deleted), or from the record's values. */
static char *
dup_item_name (GkConflictInbox *self,
               JsonObject      *record,
               GHashTable      *deleted)
{
  const char *id = get_member (record, "item_id");
  GkItem *item = gk_catalog_lookup_item (self->catalog, id);
  const char *parts[3] = { "", "", "" };
  static const GkField fields[3] = { GK_FIELD_DOMAIN, GK_FIELD_LEVEL1, GK_FIELD_LEVEL2 };
  JsonArray *array = json_object_has_member (record, "fields")
                     ? json_object_get_array_member (record, "fields") : NULL;
  const GkDomain *domain;
  GString *name = g_string_new (NULL);

  if (item == NULL)
    item = g_hash_table_lookup (deleted, id);
  for (guint f = 0; f < 3; f++)
    {
      if (item != NULL)
        parts[f] = gk_item_get_text (item, fields[f]);
      for (guint i = 0; item == NULL && array != NULL && i < json_array_get_length (array); i++)
        {
          JsonObject *entry = json_array_get_object_element (array, i);

          if (entry != NULL && g_str_equal (get_member (entry, "field"),
                                            gk_field_get_key (fields[f])))
            parts[f] = *get_member (entry, "theirs") != '\0' ? get_member (entry, "theirs")
                                                             : get_member (entry, "mine");
        }
    }
  domain = gk_domain_lookup_code (parts[0]);
  if (domain != NULL)
    g_string_append (name, domain->name);
  for (guint f = 1; f < 3; f++)
    if (*parts[f] != '\0')
      g_string_append_printf (name, "%s%s", name->len > 0 ? " · " : "", parts[f]);
  if (name->len == 0)
    g_string_append (name, item != NULL ? _("Untitled item") : _("Deleted item"));
  return g_string_free (name, FALSE);
}

/* The fields, who and when of @record, as one line each. */
static char *
dup_fields_text (JsonObject *record)
{
  return gk_field_mask_dup_labels (gk_sync_read_conflict_fields (record));
}

static char *
dup_who_when (GkConflictInbox *self,
              JsonObject      *record)
{
  const char *dept = get_member (record, "dept");
  const char *name = dept != NULL ? g_hash_table_lookup (self->departments, dept) : NULL;
  g_autofree char *when = gk_sync_format_server_time (get_member (record, "created"));

  /* TRANSLATORS: a department, then when the conflict was met. */
  return g_strdup_printf (_("%s, %s"), name != NULL ? name : dept != NULL ? dept : "", when);
}

static GtkWidget *
add_label (GtkWidget  *box,
           const char *text,
           const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static GtkWidget *
create_row (GkConflictInbox *self,
            JsonObject      *record,
            GHashTable      *deleted)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  g_autofree char *name = dup_item_name (self, record, deleted);
  g_autofree char *fields = dup_fields_text (record);
  g_autofree char *who_when = dup_who_when (self, record);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  add_label (box, name, "heading");
  add_label (box, fields, NULL);
  add_label (box, who_when, "dim-label");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "record", json_object_ref (record),
                          (GDestroyNotify) json_object_unref);
  g_object_set_data_full (G_OBJECT (row), "name", g_steal_pointer (&name), g_free);
  return row;
}

static void
update_state (GkConflictInbox *self)
{
  guint n = gk_conflict_inbox_get_n_conflicts (self);
  g_autofree char *subtitle = n > 0 ? g_strdup_printf (g_dngettext (NULL, "%u conflict waits",
                                                                    "%u conflicts wait", n), n)
                                    : NULL;

  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  if (n > 0 && gtk_list_box_get_selected_row (self->conflicts_list) == NULL)
    gtk_list_box_select_row (self->conflicts_list,
                             gtk_list_box_get_row_at_index (self->conflicts_list, 0));
}

static void
show_error (GkConflictInbox *self,
            const char      *what,
            GError          *error)
{
  g_autofree char *title = g_strdup_printf ("%s %s", what, error->message);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GkConflictInbox *self = user_data;
  g_autoptr(GError) error = NULL;
  Listing *listing = gk_store_call_finish (GK_STORE (source), result, &error);
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conflicts_list))) != NULL)
    gtk_list_box_remove (self->conflicts_list, child);
  if (listing == NULL)
    show_error (self, _("The conflicts could not be read:"), error);
  else
    {
      g_hash_table_unref (self->departments);
      self->departments = gk_sync_parse_department_names (listing->departments);
      for (guint i = 0; i < listing->records->len; i++)
        gtk_list_box_append (self->conflicts_list,
                             create_row (self, g_ptr_array_index (listing->records, i),
                                         listing->deleted));
      listing_free (listing);
    }
  update_state (self);
}

/**
 * gk_conflict_inbox_reload:
 * @self: an inbox
 *
 * Reads the open conflicts from the store again: after a sync, which may
 * have brought new ones or seen others resolved on another PC.
 */
void
gk_conflict_inbox_reload (GkConflictInbox *self)
{
  g_return_if_fail (GK_IS_CONFLICT_INBOX (self));

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gk_store_call_async (self->store, list_on_worker, NULL, NULL, listing_free,
                       self->cancellable, listed_cb, self);
}

static void
row_selected_cb (GkConflictInbox *self,
                 GtkListBoxRow   *row)
{
  if (row == NULL)
    gk_conflict_view_set_conflict (self->view, NULL, NULL);
  else
    gk_conflict_view_set_conflict (self->view, g_object_get_data (G_OBJECT (row), "record"),
                                   g_object_get_data (G_OBJECT (row), "name"));
  gk_conflict_view_set_busy (self->view, self->busy);
}

static GtkListBoxRow *
find_row (GkConflictInbox *self,
          const char      *conflict_id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->conflicts_list, i)) != NULL; i++)
    if (g_strcmp0 (get_member (g_object_get_data (G_OBJECT (row), "record"), "id"),
                   conflict_id) == 0)
      return row;
  return NULL;
}

/* Each field of @record with its @side value. */
static JsonObject *
dup_side_values (JsonObject *record,
                 const char *side)
{
  JsonArray *array = json_object_has_member (record, "fields")
                     ? json_object_get_array_member (record, "fields") : NULL;
  JsonObject *values = json_object_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      JsonNode *value = entry != NULL ? json_object_get_member (entry, side) : NULL;

      if (value != NULL)
        json_object_set_member (values, get_member (entry, "field"), json_node_copy (value));
    }
  return values;
}

/* The inbox and the record of a choice being saved. */
typedef struct
{
  GkConflictInbox *self;
  JsonObject      *record;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  json_object_unref (pending->record);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  GkConflictInbox *self = pending->self;
  JsonObject *record = pending->record;
  g_autoptr(GError) error = NULL;
  g_autoptr(GkItem) item = gk_store_call_finish (GK_STORE (source), result, &error);
  GtkListBoxRow *row;

  self->busy = FALSE;
  /* Closed meanwhile: the choice is saved, the window is told. */
  if (self->store == NULL)
    {
      if (error != NULL)
        g_warning ("A conflict could not be settled: %s", error->message);
      else
        g_signal_emit (self, signals[RESOLVED], 0, get_member (record, "item_id"), item);
      return;
    }
  gk_conflict_view_set_busy (self->view, FALSE);
  if (error != NULL)
    {
      show_error (self, _("The conflict could not be settled:"), error);
      return;
    }

  row = find_row (self, get_member (record, "id"));
  if (row != NULL)
    {
      int index = gtk_list_box_row_get_index (row);

      gtk_list_box_remove (self->conflicts_list, GTK_WIDGET (row));
      row = gtk_list_box_get_row_at_index (self->conflicts_list, index);
      if (row == NULL && index > 0)
        row = gtk_list_box_get_row_at_index (self->conflicts_list, index - 1);
      gtk_list_box_select_row (self->conflicts_list, row);
    }
  update_state (self);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("Conflict settled; the next sync sends it")));
  g_signal_emit (self, signals[RESOLVED], 0, get_member (record, "item_id"), item);
}

static void
resolve_cb (GkConflictInbox *self,
            gboolean         keep)
{
  JsonObject *record = gk_conflict_view_get_conflict (self->view);
  Resolution *resolution;
  Pending *pending;

  if (record == NULL || self->busy)
    return;

  resolution = g_new0 (Resolution, 1);
  resolution->record = json_object_ref (record);
  resolution->keep = keep;
  if (keep && g_str_equal (get_member (record, "kind"), "fields"))
    resolution->values = gk_conflict_view_dup_values (self->view);
  else if (keep && g_str_equal (get_member (record, "kind"), "edit_deleted"))
    resolution->values = dup_side_values (record, "mine");
  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->record = json_object_ref (record);
  self->busy = TRUE;
  gk_conflict_view_set_busy (self->view, TRUE);
  /* Not cancelled when the inbox closes: the choice is saved all the same. */
  gk_store_call_async (self->store, resolve_on_worker, resolution, resolution_free,
                       g_object_unref, NULL, resolved_cb, pending);
}

static void
gk_conflict_inbox_dispose (GObject *object)
{
  GkConflictInbox *self = GK_CONFLICT_INBOX (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->departments, g_hash_table_unref);

  G_OBJECT_CLASS (gk_conflict_inbox_parent_class)->dispose (object);
}

static void
gk_conflict_inbox_class_init (GkConflictInboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gk_conflict_inbox_dispose;

  /**
   * GkConflictInbox::resolved:
   * @self: the inbox
   * @item_id: the item of the conflict settled
   * @item: (nullable): the item as saved, %NULL when it was deleted
   *
   * A conflict was settled and saved, as a local edit waiting to be sent:
   * the window shows the item and syncs.
   */
  signals[RESOLVED] = g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                    GK_TYPE_ITEM);

  g_type_ensure (GK_TYPE_CONFLICT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gongkai/Gongkai/ui/"
                                               "gk-conflict-inbox.ui");
  gtk_widget_class_bind_template_child (widget_class, GkConflictInbox, window_title);
  gtk_widget_class_bind_template_child (widget_class, GkConflictInbox, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GkConflictInbox, stack);
  gtk_widget_class_bind_template_child (widget_class, GkConflictInbox, conflicts_list);
  gtk_widget_class_bind_template_child (widget_class, GkConflictInbox, view);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, resolve_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gk_conflict_inbox_init (GkConflictInbox *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->departments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * gk_conflict_inbox_new:
 * @parent: the window it is modal to
 * @store: the open store, used on its worker only
 *   (gk_store_call_async())
 * @catalog: the window's catalog, to name the items
 *
 * Returns: (transfer floating): a new inbox, reading the conflicts
 */
GtkWidget *
gk_conflict_inbox_new (GtkWindow *parent,
                       GkStore   *store,
                       GkCatalog *catalog)
{
  GkConflictInbox *self;

  g_return_val_if_fail (GK_IS_STORE (store), NULL);
  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  self = g_object_new (GK_TYPE_CONFLICT_INBOX, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->catalog = g_object_ref (catalog);
  gk_conflict_inbox_reload (self);
  return GTK_WIDGET (self);
}

/**
 * gk_conflict_inbox_is_loading:
 *
 * Returns: whether the conflicts are being read
 */
gboolean
gk_conflict_inbox_is_loading (GkConflictInbox *self)
{
  g_return_val_if_fail (GK_IS_CONFLICT_INBOX (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "loading") == 0;
}

/**
 * gk_conflict_inbox_get_n_conflicts:
 *
 * Returns: how many open conflicts it lists
 */
guint
gk_conflict_inbox_get_n_conflicts (GkConflictInbox *self)
{
  guint n = 0;

  g_return_val_if_fail (GK_IS_CONFLICT_INBOX (self), 0);

  while (gtk_list_box_get_row_at_index (self->conflicts_list, (int) n) != NULL)
    n++;
  return n;
}

/**
 * gk_conflict_inbox_select:
 * @self: an inbox
 * @conflict_id: a conflict's id
 *
 * Shows the conflict @conflict_id.
 *
 * Returns: whether the inbox lists it
 */
gboolean
gk_conflict_inbox_select (GkConflictInbox *self,
                          const char      *conflict_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (GK_IS_CONFLICT_INBOX (self), FALSE);

  row = find_row (self, conflict_id);
  if (row != NULL)
    gtk_list_box_select_row (self->conflicts_list, row);
  return row != NULL;
}
