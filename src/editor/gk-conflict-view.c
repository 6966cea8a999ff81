/* gk-conflict-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-conflict-field.h"
#include "gk-conflict-view.h"

/*
 * A conflict record shown field by field (GkConflictField). A conflict of
 * fields is settled with the results chosen; an edit of a deleted item
 * and a delete of a changed one by "Restore" (keep the item) or "Delete
 * Anyway". The view only says what was chosen (GkConflictView::resolve):
 * saving it is the inbox's work.
 */

struct _GkConflictView
{
  GtkBox      parent_instance;

  GtkLabel   *title_label;
  GtkLabel   *kind_label;
  GtkBox     *fields_box;
  GtkButton  *delete_button;
  GtkButton  *restore_button;
  GtkButton  *resolve_button;

  JsonObject *record;
};

G_DEFINE_FINAL_TYPE (GkConflictView, gk_conflict_view, GTK_TYPE_BOX)

enum
{
  RESOLVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
keep_clicked_cb (GkConflictView *self)
{
  g_signal_emit (self, signals[RESOLVE], 0, TRUE);
}

static void
delete_clicked_cb (GkConflictView *self)
{
  g_signal_emit (self, signals[RESOLVE], 0, FALSE);
}

static void
gk_conflict_view_dispose (GObject *object)
{
  GkConflictView *self = GK_CONFLICT_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), GK_TYPE_CONFLICT_VIEW);
  g_clear_pointer (&self->record, json_object_unref);

  G_OBJECT_CLASS (gk_conflict_view_parent_class)->dispose (object);
}

static void
gk_conflict_view_class_init (GkConflictViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gk_conflict_view_dispose;

  /**
   * GkConflictView::resolve:
   * @self: the view
   * @keep: %TRUE to keep the item with gk_conflict_view_dup_values(),
   *   %FALSE to delete it
   *
   * The user settled the conflict shown.
   */
  signals[RESOLVE] = g_signal_new ("resolve", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gongkai/Gongkai/ui/"
                                               "gk-conflict-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GkConflictView, title_label);
  gtk_widget_class_bind_template_child (widget_class, GkConflictView, kind_label);
  gtk_widget_class_bind_template_child (widget_class, GkConflictView, fields_box);
  gtk_widget_class_bind_template_child (widget_class, GkConflictView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, GkConflictView, restore_button);
  gtk_widget_class_bind_template_child (widget_class, GkConflictView, resolve_button);
  gtk_widget_class_bind_template_callback (widget_class, keep_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
}

static void
gk_conflict_view_init (GkConflictView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * gk_conflict_view_new:
 *
 * Returns: (transfer floating): a new view, showing no conflict yet
 */
GtkWidget *
gk_conflict_view_new (void)
{
  return g_object_new (GK_TYPE_CONFLICT_VIEW, NULL);
}

static const char *
describe_kind (const char *kind)
{
  if (g_strcmp0 (kind, "edit_deleted") == 0)
    return _("This item was changed on this PC after another PC deleted it. Restore it "
             "with these changes, or leave it deleted.");
  if (g_strcmp0 (kind, "delete_changed") == 0)
    return _("This item was deleted on this PC after another PC changed it, so it was "
             "kept. Restore it with their changes, or delete it anyway.");
  return _("The same fields were changed on this PC and on another PC of the department. "
           "The server kept their change; choose what stays in each field.");
}

static void
clear_fields (GkConflictView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box))) != NULL)
    gtk_box_remove (self->fields_box, child);
}

/**
 * gk_conflict_view_set_conflict:
 * @self: a view
 * @record: (nullable): a conflict record as the server sends it
 *   (docs/sync-protocol.md "Conflicts"), or %NULL to show none
 * @title: (nullable): the name of its item
 *
 * Shows @record, each result first what the server kept (theirs).
 */
void
gk_conflict_view_set_conflict (GkConflictView *self,
                               JsonObject     *record,
                               const char     *title)
{
  const char *kind;
  JsonArray *fields;
  gboolean choosable;

  g_return_if_fail (GK_IS_CONFLICT_VIEW (self));

  clear_fields (self);
  g_clear_pointer (&self->record, json_object_unref);
  gtk_widget_set_visible (GTK_WIDGET (self), record != NULL);
  if (record == NULL)
    return;

  self->record = json_object_ref (record);
  kind = json_object_get_string_member_with_default (record, "kind", "fields");
  choosable = g_str_equal (kind, "fields");
  gtk_label_set_label (self->title_label, title != NULL ? title : "");
  gtk_label_set_label (self->kind_label, describe_kind (kind));
  gtk_widget_set_visible (GTK_WIDGET (self->resolve_button), choosable);
  gtk_widget_set_visible (GTK_WIDGET (self->restore_button), !choosable);
  gtk_widget_set_visible (GTK_WIDGET (self->delete_button), !choosable);

  fields = json_object_has_member (record, "fields")
           ? json_object_get_array_member (record, "fields") : NULL;
  for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
    {
      JsonObject *entry = json_array_get_object_element (fields, i);
      GkField field;

      /* A field this version does not know cannot be shown or set. */
      if (entry != NULL
          && gk_field_from_key (json_object_get_string_member_with_default (entry, "field", ""),
                                &field))
        gtk_box_append (self->fields_box, gk_conflict_field_new (field, entry, kind));
    }
  gk_conflict_view_set_busy (self, FALSE);
}

/**
 * gk_conflict_view_get_conflict:
 *
 * Returns: (transfer none) (nullable): the record shown
 */
JsonObject *
gk_conflict_view_get_conflict (GkConflictView *self)
{
  g_return_val_if_fail (GK_IS_CONFLICT_VIEW (self), NULL);

  return self->record;
}

/**
 * gk_conflict_view_get_field:
 * @self: a view
 * @field: a field
 *
 * Returns: (transfer none) (nullable): the #GkConflictField of @field, if
 *   the conflict has it
 */
GtkWidget *
gk_conflict_view_get_field (GkConflictView *self,
                            GkField         field)
{
  g_return_val_if_fail (GK_IS_CONFLICT_VIEW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (gk_conflict_field_get_field (GK_CONFLICT_FIELD (child)) == field)
      return child;
  return NULL;
}

/**
 * gk_conflict_view_dup_values:
 * @self: a view
 *
 * Returns: (transfer full): the results, each field's key with its value
 *   in the JSON form of the record
 */
JsonObject *
gk_conflict_view_dup_values (GkConflictView *self)
{
  JsonObject *values;

  g_return_val_if_fail (GK_IS_CONFLICT_VIEW (self), NULL);

  values = json_object_new ();
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GkConflictField *field = GK_CONFLICT_FIELD (child);

      json_object_set_member (values, gk_field_get_key (gk_conflict_field_get_field (field)),
                              gk_conflict_field_dup_value (field));
    }
  return values;
}

/**
 * gk_conflict_view_set_busy:
 * @self: a view
 * @busy: whether a choice is being saved
 *
 * While busy, nothing can be chosen again.
 */
void
gk_conflict_view_set_busy (GkConflictView *self,
                           gboolean        busy)
{
  g_return_if_fail (GK_IS_CONFLICT_VIEW (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->fields_box), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->delete_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->resolve_button), !busy);
}
