/* gk-window-items.c: the window's actions on items
 *
 * Add, duplicate, delete (with a toast to bring the item back), move,
 * search, jump to the first problem, undo and redo. The catalog editor
 * (gk-catalog-editor.c) changes the catalog and the store; these keep the
 * tree's selection and the form's focus where the user expects them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-move-dialog.h"
#include "gk-window-private.h"

static void
gk_window_add_item_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  GkWindow *self = GK_WINDOW (widget);
  GkItem *item;

  item = gk_catalog_editor_add_item (self->editor, gk_catalog_tree_get_selected (self->tree));
  gk_catalog_tree_select_item (self->tree, item);
  /* Not wrong yet: being entered. */
  gk_catalog_model_set_new_item (self->model, item);
  gk_item_form_recheck (self->form);
  gk_item_form_focus_field (self->form,
                            *gk_item_get_text (item, GK_FIELD_LEVEL1) == '\0'
                            ? GK_FIELD_LEVEL1 : GK_FIELD_LEVEL2);
}

static void
gk_window_duplicate_item_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  GkWindow *self = GK_WINDOW (widget);
  GkItem *source = _gk_window_get_selected_item (self);
  GkItem *copy;

  if (source == NULL)
    return;

  copy = gk_catalog_editor_duplicate_item (self->editor, source);
  gk_catalog_tree_select_item (self->tree, copy);
  gk_item_form_focus_field (self->form, GK_FIELD_LEVEL2);
  _gk_window_add_toast (self, _("Item duplicated"));
}

/* The row to select once the selected item is deleted: the next item of
 * its group, else the previous one, else the domain. */
static GkTreeNode *
find_next_selection (GkWindow *self)
{
  GkTreeNode *node = gk_catalog_tree_get_selected (self->tree);
  GkTreeNode *group = gk_catalog_model_get_parent (self->model, node);
  guint index = 0, n_items = 0;

  if (group == NULL || !_gk_window_get_group_position (self, &index, &n_items) || n_items < 2)
    return g_object_ref (gk_catalog_model_lookup_domain (self->model,
                                                         gk_tree_node_get_domain_code (node)));

  return g_list_model_get_item (G_LIST_MODEL (gk_tree_node_get_children (group)),
                                index + 1 < n_items ? index + 1 : index - 1);
}

static void
gk_window_delete_item_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  GkWindow *self = GK_WINDOW (widget);
  GkItem *selected = _gk_window_get_selected_item (self);
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GkTreeNode) next = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (selected == NULL)
    return;

  item = g_object_ref (selected);
  next = find_next_selection (self);
  g_hash_table_replace (self->deleted, g_strdup (gk_item_get_id (item)), g_object_ref (item));
  gk_catalog_editor_delete_item (self->editor, item);
  if (next != NULL)
    gk_catalog_tree_select_node (self->tree, next);

  /* A toast's title is markup. */
  name = gk_item_dup_title (item);
  title = g_markup_escape_text (name, -1);
  /* Translators: %s is the deleted item's name (its 二级事项) */
  message = g_strdup_printf (_("“%s” deleted"), title);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  /* Its Undo is wanted now, not after the toasts before it. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_action_name (toast, "win.restore-item");
  adw_toast_set_action_target_value (toast, g_variant_new_string (gk_item_get_id (item)));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  _gk_window_update_content (self);
}

static void
gk_window_restore_item_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  GkWindow *self = GK_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *key = NULL;
  g_autoptr(GkItem) item = NULL;

  if (g_hash_table_steal_extended (self->deleted, id, (gpointer *) &key, (gpointer *) &item)
      && gk_catalog_editor_restore_item (self->editor, item))
    gk_catalog_tree_select_item (self->tree, item);
}

static void
move_within_group (GkWindow *self,
                   int       delta)
{
  GkItem *item = _gk_window_get_selected_item (self);

  if (item != NULL && gk_catalog_editor_move_within_group (self->editor, item, delta))
    _gk_window_update_actions (self);
}

static void
gk_window_move_up_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  move_within_group (GK_WINDOW (widget), -1);
}

static void
gk_window_move_down_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  move_within_group (GK_WINDOW (widget), 1);
}

static void
move_dialog_response_cb (GkWindow     *self,
                         const char   *response,
                         GkMoveDialog *dialog)
{
  GkItem *item = gk_move_dialog_get_item (dialog);
  const char *group = gk_move_dialog_get_group (dialog);

  if (g_strcmp0 (response, "move") != 0 || group == NULL)
    return;
  if (gk_catalog_lookup_item (self->catalog, gk_item_get_id (item)) != item)
    return;

  gk_catalog_editor_move_to_group (self->editor, item, group);
  gk_catalog_tree_select_item (self->tree, item);
}

static void
gk_window_move_to_group_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  GkWindow *self = GK_WINDOW (widget);
  GkItem *item = _gk_window_get_selected_item (self);
  g_autoptr(GPtrArray) groups = NULL;
  GtkWidget *dialog;

  if (item == NULL)
    return;

  groups = gk_catalog_model_dup_group_names (self->model,
                                             gk_item_get_text (item, GK_FIELD_DOMAIN));
  dialog = gk_move_dialog_new (GTK_WINDOW (self), item, groups);
  g_signal_connect_object (dialog, "response", G_CALLBACK (move_dialog_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
gk_window_search_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  GkWindow *self = GK_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
gk_window_end_search_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  GkWindow *self = GK_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gk_catalog_tree_set_search_text (self->tree, NULL);
}

static void
gk_window_first_problem_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  GkWindow *self = GK_WINDOW (widget);
  g_autoptr(GPtrArray) diagnostics = NULL;
  GkItem *item;
  GkField field = GK_FIELD_LEVEL1;

  /* Asked for: the missing elements of the item just added too. */
  gk_catalog_model_set_new_item (self->model, NULL);
  gk_item_form_recheck (self->form);
  item = gk_catalog_model_get_first_problem (self->model);
  if (item == NULL)
    return;

  if (!gk_catalog_tree_select_item (self->tree, item))
    {
      /* Hidden by the search: show everything again. */
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
      gk_catalog_tree_set_search_text (self->tree, NULL);
      gk_catalog_tree_select_item (self->tree, item);
    }

  diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_diagnostic_free);
  gk_check_item (item, _gk_window_get_levels (self), diagnostics);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      GkDiagnostic *diagnostic = diagnostics->pdata[i];

      /* The first error wins over any warning before it. */
      if (i == 0 || diagnostic->severity == GK_SEVERITY_ERROR)
        field = diagnostic->field;
      if (diagnostic->severity == GK_SEVERITY_ERROR)
        break;
    }
  gk_item_form_focus_field (self->form, field);
}

/* Applies what the store changed back to the catalog the user sees. */
static void
apply_step (GkWindow   *self,
            GHashTable *items)
{
  GkItem *select;

  select = gk_catalog_editor_apply_step (self->editor, items, gk_item_form_get_item (self->form));
  if (select != NULL)
    gk_catalog_tree_select_item (self->tree, select);
  _gk_window_update_content (self);
}

static void
step_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GkWindow *self = user_data;
  g_autoptr(GHashTable) items = NULL;
  g_autoptr(GError) error = NULL;

  items = gk_store_step_finish (GK_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->stepping = FALSE;
  if (error != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Could not undo or redo: %s"),
                                                error->message);

      g_warning ("%s", title);
      _gk_window_add_toast (self, title);
    }
  else if (items == NULL)
    _gk_window_add_toast (self, _("Nothing to undo or redo"));
  else
    apply_step (self, items);

  _gk_window_update_actions (self);
}

static void
step (GkWindow *self,
      gboolean  redo)
{
  if (self->store == NULL || self->stepping)
    return;

  /* The store queues work in call order: the pending edit is saved as
   * its own step first, and that is the step undone. */
  gk_autosave_flush (self->autosave);
  self->stepping = TRUE;
  if (redo)
    gk_store_redo_async (self->store, self->cancellable, step_cb, self);
  else
    gk_store_undo_async (self->store, self->cancellable, step_cb, self);
  _gk_window_update_actions (self);
}

static void
gk_window_undo_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  step (GK_WINDOW (widget), FALSE);
}

static void
gk_window_redo_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  step (GK_WINDOW (widget), TRUE);
}

void
_gk_window_class_init_item_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.add-item", NULL,
                                   gk_window_add_item_action);
  gtk_widget_class_install_action (widget_class, "win.duplicate-item", NULL,
                                   gk_window_duplicate_item_action);
  gtk_widget_class_install_action (widget_class, "win.delete-item", NULL,
                                   gk_window_delete_item_action);
  gtk_widget_class_install_action (widget_class, "win.restore-item", "s",
                                   gk_window_restore_item_action);
  gtk_widget_class_install_action (widget_class, "win.move-up", NULL,
                                   gk_window_move_up_action);
  gtk_widget_class_install_action (widget_class, "win.move-down", NULL,
                                   gk_window_move_down_action);
  gtk_widget_class_install_action (widget_class, "win.move-to-group", NULL,
                                   gk_window_move_to_group_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL,
                                   gk_window_search_action);
  /* Esc ends the search wherever the focus is (the tree, the form), as it
   * does in the search entry; enabled only while searching, so that Esc
   * goes on elsewhere otherwise. */
  gtk_widget_class_install_action (widget_class, "win.end-search", NULL,
                                   gk_window_end_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.end-search",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "win.first-problem", NULL,
                                   gk_window_first_problem_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, gk_window_undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, gk_window_redo_action);
}
