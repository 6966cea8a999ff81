/* gk-window.c: the main window, its catalog and its selection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "gk-accessible.h"
#include "gk-bench.h"
#include "gk-first-run-dialog.h"
#include "gk-window-private.h"

G_DEFINE_FINAL_TYPE (GkWindow, gk_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LOADED,
  PROP_PREVIEW_VISIBLE,
  PROP_OWN_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_gk_window_add_toast (GkWindow   *self,
                      const char *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/* The store gives "" (the header says NULL) before the first run. */
static gboolean
has_unit (GkCatalog *catalog)
{
  const char *name = catalog != NULL ? gk_catalog_get_unit_name (catalog) : NULL;

  return name != NULL && *name != '\0';
}

GkItem *
_gk_window_get_selected_item (GkWindow *self)
{
  GkTreeNode *node = gk_catalog_tree_get_selected (self->tree);

  return node != NULL ? gk_tree_node_get_item (node) : NULL;
}

const char * const *
_gk_window_get_levels (GkWindow *self)
{
  return gk_catalog_get_levels (self->catalog);
}

/* Shows the form for the selected item, or why there is none. */
void
_gk_window_update_content (GkWindow *self)
{
  GkItem *item = self->catalog != NULL ? _gk_window_get_selected_item (self) : NULL;

  if (item != NULL)
    {
      gk_item_form_set_item (self->form, item, _gk_window_get_levels (self));
      _gk_window_update_form_notices (self);
      gtk_stack_set_visible_child_name (self->content_stack, "form");
      return;
    }

  gk_item_form_set_item (self->form, NULL, NULL);
  gtk_stack_set_visible_child_name (self->content_stack,
                                    self->catalog != NULL
                                    && gk_catalog_get_n_items (self->catalog) > 0
                                    ? "none" : "empty");
}

/* The preview shows the domain of the selected row, its item highlighted. */
static void
update_preview (GkWindow *self)
{
  GkTreeNode *node = gk_catalog_tree_get_selected (self->tree);

  gk_preview_show (self->preview, node != NULL ? gk_tree_node_get_domain_code (node) : NULL,
                   node != NULL ? gk_tree_node_get_item (node) : NULL);
}

/* Keeps the preview's own width in the settings, though the paned counts
 * from the form's side. The form keeps its width when the window resizes:
 * the wide table is what gains from the room. */
static void
preview_position_cb (GkWindow *self)
{
  int total = gtk_widget_get_width (GTK_WIDGET (self->preview_paned));
  int position = gtk_paned_get_position (self->preview_paned);
  int width;

  if (self->settings == NULL || total <= 0
      || !gtk_widget_get_visible (GTK_WIDGET (self->preview)))
    return;

  if (!self->preview_width_restored)
    {
      self->preview_width_restored = TRUE;
      width = g_settings_get_int (self->settings, "preview-width");
      gtk_paned_set_position (self->preview_paned, MAX (total - width, 0));
      return;
    }

  width = total - position;
  if (width != g_settings_get_int (self->settings, "preview-width"))
    g_settings_set_int (self->settings, "preview-width", width);
}

static void
selected_cb (GkWindow *self)
{
  GkItem *item = _gk_window_get_selected_item (self);

  /* Shown again at the next start. */
  if (item != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, "last-item", gk_item_get_id (item));

  /* Leaving the item just added: its missing elements count now. */
  if (self->model != NULL && item != gk_catalog_model_get_new_item (self->model))
    gk_catalog_model_set_new_item (self->model, NULL);

  /* The tree selects the same item again after moving its row: the form,
   * where the user may be typing, is left alone then. */
  if (item == NULL || item != gk_item_form_get_item (self->form))
    {
      gk_autosave_flush (self->autosave);
      _gk_window_update_content (self);
    }
  update_preview (self);
  _gk_window_update_actions (self);
}

static void
item_activated_cb (GkWindow *self,
                   GkItem   *item)
{
  gk_item_form_focus_field (self->form, GK_FIELD_LEVEL2);
}

static void
form_edited_cb (GkWindow *self,
                GkItem   *item,
                GkField   field)
{
  gk_autosave_schedule (self->autosave, item, field);
}

static void abort_close (GkWindow   *self,
                         const char *message);

static void
autosave_failed_cb (GkWindow   *self,
                    const char *message)
{
  AdwToast *toast;
  g_autofree char *title = NULL;

  if (self->closing)
    {
      abort_close (self, message);
      return;
    }

  /* Translators: %s is the reason, e.g. "disk is full" */
  title = g_strdup_printf (_("Could not save: %s"), message);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
search_changed_cb (GkWindow *self)
{
  gk_catalog_tree_set_search_text (self->tree,
                                   gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* Enter in the search goes to the first item found. */
static void
search_activate_cb (GkWindow *self)
{
  gk_catalog_tree_set_search_text (self->tree,
                                   gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gk_catalog_tree_select_first_item (self->tree);
}

static void
update_problems (GkWindow *self)
{
  guint n_errors = self->model != NULL ? gk_catalog_model_get_n_errors (self->model) : 0;
  guint n_warnings = self->model != NULL ? gk_catalog_model_get_n_warnings (self->model) : 0;
  guint n_drafts = self->model != NULL ? gk_catalog_model_get_n_drafts (self->model) : 0;
  GString *label = g_string_new (NULL);
  GtkWidget *button = GTK_WIDGET (self->problems_button);

  if (n_errors > 0)
    g_string_append_printf (label, ngettext ("%u error", "%u errors", n_errors), n_errors);
  if (n_warnings > 0)
    {
      if (label->len > 0)
        /* Translators: between the parts of the catalog's totals, "3 errors
         * · 2 warnings · 12 to complete" */
        g_string_append (label, _(" · "));
      g_string_append_printf (label, ngettext ("%u warning", "%u warnings", n_warnings),
                              n_warnings);
    }
  if (n_drafts > 0)
    {
      if (label->len > 0)
        g_string_append (label, _(" · "));
      /* Translators: starter drafts nobody has completed yet */
      g_string_append_printf (label, ngettext ("%u to complete", "%u to complete", n_drafts),
                              n_drafts);
    }
  if (label->len == 0)
    g_string_append (label, _("No problems"));

  gtk_button_set_label (self->problems_button, label->str);
  g_string_free (label, TRUE);
  gtk_widget_set_visible (button, self->model != NULL);
  if (n_errors > 0)
    gtk_widget_add_css_class (button, "error");
  else
    gtk_widget_remove_css_class (button, "error");
  if (n_errors == 0 && n_warnings > 0)
    gtk_widget_add_css_class (button, "warning");
  else
    gtk_widget_remove_css_class (button, "warning");

  _gk_window_update_actions (self);
}

static void
update_save_style (GkWindow *self)
{
  if (gk_autosave_get_state (self->autosave) == GK_AUTOSAVE_FAILED)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->save_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->save_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->save_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->save_label), "dim-label");
    }
}

/* Where the selected item sits in its group: index and group size. */
gboolean
_gk_window_get_group_position (GkWindow *self,
                               guint    *index,
                               guint    *n_items)
{
  GkTreeNode *node = gk_catalog_tree_get_selected (self->tree);
  GkTreeNode *group;
  GListStore *children;

  if (node == NULL || gk_tree_node_get_kind (node) != GK_TREE_NODE_ITEM)
    return FALSE;

  group = gk_catalog_model_get_parent (self->model, node);
  if (group == NULL)
    return FALSE;

  children = gk_tree_node_get_children (group);
  *n_items = g_list_model_get_n_items (G_LIST_MODEL (children));
  return g_list_store_find (children, node, index);
}

void
_gk_window_update_actions (GkWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean ready = self->model != NULL && has_unit (self->catalog);
  gboolean has_item = ready && _gk_window_get_selected_item (self) != NULL;
  gboolean busy = gk_autosave_get_busy (self->autosave);
  guint index = 0, n_items = 0;
  g_autofree char *read_only = has_item ? _gk_window_dup_read_only_reason (
    self, _gk_window_get_selected_item (self)) : NULL;
  gboolean editable = has_item && read_only == NULL;
  gboolean placed = editable && _gk_window_get_group_position (self, &index, &n_items);
  /* With the county office's token, no item may be added or changed. */
  gboolean writes = self->sync == NULL || !gk_sync_service_get_joined (self->sync)
                    || gk_sync_service_get_dept (self->sync) != NULL;

  gtk_widget_action_set_enabled (widget, "win.add-item", ready && writes);
  gtk_widget_action_set_enabled (widget, "win.duplicate-item", has_item && writes);
  gtk_widget_action_set_enabled (widget, "win.delete-item", editable);
  gtk_widget_action_set_enabled (widget, "win.item-history",
                                 has_item && self->sync != NULL
                                 && gk_sync_service_get_joined (self->sync));
  gtk_widget_action_set_enabled (widget, "win.move-to-group", editable);
  gtk_widget_action_set_enabled (widget, "win.move-up", placed && index > 0);
  gtk_widget_action_set_enabled (widget, "win.move-down", placed && index + 1 < n_items);
  gtk_widget_action_set_enabled (widget, "win.search", ready);
  gtk_widget_action_set_enabled (widget, "win.end-search",
                                 gtk_search_bar_get_search_mode (self->search_bar));
  gtk_widget_action_set_enabled (widget, "win.undo",
                                 ready && !self->stepping
                                 && (busy || gk_store_can_undo (self->store)));
  gtk_widget_action_set_enabled (widget, "win.redo",
                                 ready && !self->stepping && gk_store_can_redo (self->store));
  gtk_widget_action_set_enabled (widget, "win.import", ready);
  gtk_widget_action_set_enabled (widget, "win.export", ready);
  gtk_widget_action_set_enabled (widget, "win.print", ready);
  gtk_widget_action_set_enabled (widget, "win.first-problem",
                                 ready && (gk_catalog_model_get_n_errors (self->model) > 0
                                           || gk_catalog_model_get_n_warnings (self->model) > 0
                                           || gk_catalog_model_get_n_drafts (self->model) > 0
                                           || gk_catalog_model_get_new_item (self->model)
                                              != NULL));
}

static void
after_paint_cb (GkWindow      *self,
                GdkFrameClock *clock)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  g_print ("first-frame-ms %.1f rss-kib %u\n",
           gk_bench_get_ms_since_start (), gk_bench_get_rss_kib ());
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

/* For bench/: report the first frame drawn with the catalog in the tree. */
static void
watch_first_frame (GkWindow *self)
{
  GdkFrameClock *clock;

  if (g_getenv ("GONGKAI_BENCH_FIRST_FRAME") == NULL)
    return;

  if (!gtk_widget_get_realized (GTK_WIDGET (self)))
    {
      g_signal_connect_swapped (self, "realize", G_CALLBACK (watch_first_frame), self);
      return;
    }
  g_signal_handlers_disconnect_by_func (self, watch_first_frame, self);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  self->after_paint_id = g_signal_connect_object (clock, "after-paint",
                                                  G_CALLBACK (after_paint_cb), self,
                                                  G_CONNECT_SWAPPED);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_title (GkWindow *self)
{
  adw_window_title_set_subtitle (self->window_title,
                                 gk_catalog_get_unit_name (self->catalog));
}

static void
catalog_info_saved_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GkWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gk_store_save_catalog_info_finish (GK_STORE (object), result, &error))
    autosave_failed_cb (self, error->message);
}

static gpointer
forget_history (GkStore  *store,
                gpointer  data,
                GError  **error)
{
  return gk_store_forget_history (store, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
history_forgotten_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GkWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (gk_store_call_finish (GK_STORE (object), result, &error) == NULL)
    g_warning ("Could not start the undo history afresh: %s", error->message);
  _gk_window_update_actions (self);
}

static void
first_run_done_cb (GkWindow         *self,
                   GkFirstRunDialog *dialog)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  gk_first_run_dialog_apply (dialog, self->catalog);
  gk_store_save_catalog_info_async (self->store, self->catalog, NULL,
                                    catalog_info_saved_cb, g_object_ref (self));
  for (guint i = 0; i < gk_catalog_get_n_items (self->catalog); i++)
    g_ptr_array_add (items, g_object_ref (gk_catalog_get_item (self->catalog, i)));
  if (items->len > 0)
    gk_autosave_save_now (self->autosave, items, GK_FIELD_MASK_ALL);
  /* The starter rows are where the catalog begins, not an edit: an undo
   * right after would remove them all without a word. Queued after their
   * save, on the same worker. */
  gk_store_call_async (self->store, forget_history, NULL, NULL, NULL, NULL, history_forgotten_cb,
                       g_object_ref (self));

  gk_catalog_model_recheck (self->model);
  update_title (self);
  _gk_window_update_content (self);
  _gk_window_update_actions (self);
}

static void
show_first_run (GkWindow *self)
{
  GtkWidget *dialog = gk_first_run_dialog_new (GTK_WINDOW (self));

  g_signal_connect_object (dialog, "done", G_CALLBACK (first_run_done_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "join-requested", G_CALLBACK (_gk_window_show_join), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The first run, until the catalog has a unit: the user's, or the county
 * server's once joined. */
void
_gk_window_maybe_show_first_run (GkWindow *self)
{
  if (self->catalog != NULL && !has_unit (self->catalog))
    show_first_run (self);
}

/* Told before the first run, which follows when the user has read it. */
static void
show_notice (GkWindow   *self,
             const char *heading,
             const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "ok", _("_OK"));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (_gk_window_maybe_show_first_run), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_set_aside (GkWindow *self)
{
  g_autofree char *advice = gk_store_dup_set_aside_advice (self->store);
  g_autofree char *body = g_strdup_printf ("%s\n\n%s",
                                           gk_store_get_set_aside_reason (self->store),
                                           advice);

  show_notice (self, _("The Catalog File Was Kept Aside"), body);
}

static gboolean
check_item (GkItem    *item,
            GPtrArray *diagnostics,
            gpointer   model)
{
  return gk_catalog_model_check_item (model, item, diagnostics);
}

/* Shows @catalog: the store's, when it opened and again when a sync
 * replaced it as a whole. */
void
_gk_window_set_catalog (GkWindow  *self,
                        GkCatalog *catalog)
{
  /* The form and the tree let go of the old items first. */
  gk_item_form_set_item (self->form, NULL, NULL);
  g_clear_object (&self->editor);
  g_clear_object (&self->model);
  g_clear_object (&self->catalog);
  self->catalog = g_object_ref (catalog);
  self->model = gk_catalog_model_new (catalog);
  g_signal_connect_object (self->model, "notify::n-errors", G_CALLBACK (update_problems), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::n-warnings", G_CALLBACK (update_problems),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::n-drafts", G_CALLBACK (update_problems),
                           self, G_CONNECT_SWAPPED);
  gk_catalog_tree_set_model (self->tree, self->model);
  gk_item_form_set_check_func (self->form, check_item, self->model);
  /* Another item's change may make the one shown a duplicate. */
  g_signal_connect_object (self->model, "notify::n-warnings",
                           G_CALLBACK (gk_item_form_recheck), self->form, G_CONNECT_SWAPPED);
  gk_preview_set_model (self->preview, self->model);
  gk_autosave_set_store (self->autosave, self->store);
  self->editor = gk_catalog_editor_new (self->model, self->autosave);
#ifdef __GLIBC__
  /* The load on the store's worker thread leaves freed pages in that
   * thread's malloc arena: give them back (about 3 MiB for 10,000 items). */
  malloc_trim (0);
#endif

  _gk_window_apply_own_items (self);
  gtk_stack_set_visible_child_name (self->main_stack, "catalog");
  update_title (self);
  update_problems (self);
  _gk_window_update_content (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/* The item the user was on when the editor closed, as they left it. */
static void
reopen_last_item (GkWindow *self)
{
  g_autofree char *id = NULL;
  GkItem *item;

  if (self->settings == NULL)
    return;
  id = g_settings_get_string (self->settings, "last-item");
  item = *id != '\0' ? gk_catalog_lookup_item (self->catalog, id) : NULL;
  if (item != NULL)
    gk_window_select_item (self, item);
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GkWindow *self = user_data;
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = gk_store_open_finish (GK_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (catalog == NULL)
    {
      g_warning ("Could not open the catalog: %s", error->message);
      adw_status_page_set_icon_name (self->loading_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->loading_page, _("Could Not Open the Catalog"));
      adw_status_page_set_description (self->loading_page, error->message);
      return;
    }

  _gk_window_set_catalog (self, catalog);
  reopen_last_item (self);
  _gk_window_start_sync (self);
  if (gk_store_get_set_aside_path (self->store) != NULL)
    show_set_aside (self);
  else if (gk_store_get_read_only_reason (self->store) != NULL)
    show_notice (self, _("The Catalog Is Read-Only"),
                 gk_store_get_read_only_reason (self->store));
  else
    _gk_window_maybe_show_first_run (self);
  watch_first_frame (self);
}

static void
busy_while_closing_cb (GkWindow *self)
{
  GApplication *application;

  if (gk_autosave_get_busy (self->autosave))
    return;

  g_signal_handlers_disconnect_by_func (self->autosave, busy_while_closing_cb, self);
  application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_destroy (GTK_WINDOW (self));
  if (application != NULL)
    g_application_release (application);
}

static void
close_failed_response_cb (GkWindow   *self,
                          const char *response)
{
  if (g_strcmp0 (response, "discard") == 0)
    gtk_window_destroy (GTK_WINDOW (self));
  else if (g_strcmp0 (response, "retry") == 0)
    gtk_window_close (GTK_WINDOW (self));
}

/* A save failed while closing: the window comes back, with the edits
 * still in memory, and the user decides. */
static void
abort_close (GkWindow   *self,
             const char *message)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  AdwMessageDialog *dialog;

  self->closing = FALSE;
  g_signal_handlers_disconnect_by_func (self->autosave, busy_while_closing_cb, self);
  gtk_window_present (GTK_WINDOW (self));
  if (application != NULL)
    g_application_release (application);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Changes Could Not Be Saved"),
                                                       message));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Open"),
                                    "discard", _("_Discard and Close"),
                                    "retry", _("_Try Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "retry", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "retry");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_failed_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Closing waits until the store has acknowledged every edit; the window
 * hides meanwhile and holds the application. */
static gboolean
gk_window_close_request (GtkWindow *window)
{
  GkWindow *self = GK_WINDOW (window);
  GtkApplication *application = gtk_window_get_application (window);

  if (self->closing)
    return TRUE;

  gk_autosave_flush (self->autosave);
  /* An exchange in flight ends at once: what it stored stays, as after a
   * cut, and the next start goes on from there. */
  if (self->sync != NULL)
    gk_sync_service_stop (self->sync);
  if (!gk_autosave_get_busy (self->autosave))
    return GTK_WINDOW_CLASS (gk_window_parent_class)->close_request (window);

  self->closing = TRUE;
  if (application != NULL)
    g_application_hold (G_APPLICATION (application));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_connect_object (self->autosave, "notify::busy",
                           G_CALLBACK (busy_while_closing_cb), self, G_CONNECT_SWAPPED);

  return TRUE;
}

static void
bind_settings (GkWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed; the window size is not kept",
                 APPLICATION_ID);
      return;
    }

  self->settings = g_settings_new_full (schema, NULL, NULL);
  g_settings_bind (self->settings, "window-width", self, "default-width",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sidebar-width", self->paned, "position",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "preview-visible", self, "preview-visible",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
gk_window_constructed (GObject *object)
{
  GkWindow *self = GK_WINDOW (object);
  g_autofree char *data_dir = gk_store_dup_default_data_dir ();

  G_OBJECT_CLASS (gk_window_parent_class)->constructed (object);

  bind_settings (self);
  _gk_window_update_actions (self);

  /* The window shows at once; the catalog arrives from the worker. */
  self->store = gk_store_new (data_dir);
  gk_store_open_async (self->store, self->cancellable, open_cb, self);
}

static void
gk_window_dispose (GObject *object)
{
  GkWindow *self = GK_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->sync != NULL)
    gk_sync_service_stop (self->sync);
  g_clear_object (&self->sync);
  if (self->autosave != NULL)
    gk_autosave_flush (self->autosave);
  gtk_widget_dispose_template (GTK_WIDGET (self), GK_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->editor);
  g_clear_object (&self->model);
  g_clear_object (&self->catalog);
  g_clear_object (&self->store);
  g_clear_pointer (&self->deleted, g_hash_table_unref);

  G_OBJECT_CLASS (gk_window_parent_class)->dispose (object);
}

static void
gk_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  GkWindow *self = GK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, gk_window_get_loaded (self));
      break;
    case PROP_PREVIEW_VISIBLE:
      g_value_set_boolean (value, self->preview_visible);
      break;
    case PROP_OWN_ITEMS:
      g_value_set_boolean (value, self->own_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  GkWindow *self = GK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PREVIEW_VISIBLE:
      if (self->preview_visible != g_value_get_boolean (value))
        {
          self->preview_visible = g_value_get_boolean (value);
          _gk_window_leave_hidden_preview (self);
          gtk_widget_set_visible (GTK_WIDGET (self->preview), self->preview_visible);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_OWN_ITEMS:
      if (self->own_items != g_value_get_boolean (value))
        {
          self->own_items = g_value_get_boolean (value);
          _gk_window_apply_own_items (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* GtkApplication would build the shortcuts window with every main window
 * (from gtk/help-overlay.ui; a tenth of the window's start-up): it is
 * built the first time the user asks for it instead. As the window's help
 * overlay, it shows the accelerators of the actions it names. */
static void
gk_window_show_shortcuts_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  GtkApplicationWindow *self = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *shortcuts = gtk_application_window_get_help_overlay (self);
  g_autoptr(GtkBuilder) builder = NULL;

  if (shortcuts == NULL)
    {
      builder = gtk_builder_new_from_resource ("/io/github/gongkai/Gongkai/ui/"
                                               "gk-shortcuts-window.ui");
      shortcuts = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (self, shortcuts);
    }
  gtk_window_present (GTK_WINDOW (shortcuts));
}

static void
gk_window_class_init (GkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = gk_window_constructed;
  object_class->dispose = gk_window_dispose;
  object_class->get_property = gk_window_get_property;
  object_class->set_property = gk_window_set_property;
  window_class->close_request = gk_window_close_request;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW_VISIBLE] =
    g_param_spec_boolean ("preview-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether the tree and the problem totals show only the department's
   * items. */
  properties[PROP_OWN_ITEMS] =
    g_param_spec_boolean ("own-items", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GK_TYPE_AUTOSAVE);
  g_type_ensure (GK_TYPE_CATALOG_TREE);
  g_type_ensure (GK_TYPE_ITEM_FORM);
  g_type_ensure (GK_TYPE_PREVIEW);
  g_type_ensure (GK_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gongkai/Gongkai/ui/gk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GkWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, problems_button);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, save_label);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, tree);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, form);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, preview_paned);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, preview);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, autosave);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, GkWindow, sync_indicator);
  gtk_widget_class_bind_template_callback (widget_class, selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, item_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, autosave_failed_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "update_actions",
                                                G_CALLBACK (_gk_window_update_actions));
  gtk_widget_class_bind_template_callback (widget_class, preview_position_cb);

  _gk_window_class_init_item_actions (widget_class);
  _gk_window_class_init_file_actions (widget_class);
  _gk_window_class_init_sync_actions (widget_class);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-preview",
                                            "preview-visible");
  gtk_widget_class_install_property_action (widget_class, "win.own-items", "own-items");
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   gk_window_show_shortcuts_action);
}

static void
gk_window_init (GkWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->preview_visible = TRUE;
  self->deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
  gk_accessible_fix_widgets (GTK_WIDGET (self));
  gk_accessible_name_text (GTK_WIDGET (self->search_entry), _("Search items"));
  _gk_window_init_panes (self);
  g_signal_connect_object (self->autosave, "notify::state", G_CALLBACK (update_save_style),
                           self, G_CONNECT_SWAPPED);
  update_problems (self);
}

/**
 * gk_window_new:
 * @application: the application
 *
 * Returns: (transfer floating): a new window, which opens the store in the
 *   default data directory
 */
GtkWidget *
gk_window_new (GtkApplication *application)
{
  return g_object_new (GK_TYPE_WINDOW, "application", application, NULL);
}

/**
 * gk_window_get_catalog:
 *
 * Returns: (transfer none) (nullable): the catalog, once loaded
 */
GkCatalog *
gk_window_get_catalog (GkWindow *self)
{
  g_return_val_if_fail (GK_IS_WINDOW (self), NULL);

  return self->catalog;
}

/**
 * gk_window_get_store:
 *
 * Returns: (transfer none): the store
 */
GkStore *
gk_window_get_store (GkWindow *self)
{
  g_return_val_if_fail (GK_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * gk_window_get_loaded:
 *
 * Returns: whether the catalog is loaded and shown
 */
gboolean
gk_window_get_loaded (GkWindow *self)
{
  g_return_val_if_fail (GK_IS_WINDOW (self), FALSE);

  return self->model != NULL;
}

/**
 * gk_window_get_busy:
 *
 * Returns: whether edits wait to be saved or acknowledged by the store
 */
gboolean
gk_window_get_busy (GkWindow *self)
{
  g_return_val_if_fail (GK_IS_WINDOW (self), FALSE);

  return gk_autosave_get_busy (self->autosave);
}

/**
 * gk_window_get_saving:
 *
 * Returns: whether the store has not answered a save yet
 */
gboolean
gk_window_get_saving (GkWindow *self)
{
  g_return_val_if_fail (GK_IS_WINDOW (self), FALSE);

  return gk_autosave_get_saving (self->autosave);
}

/**
 * gk_window_flush:
 *
 * Starts saving the pending edits now instead of after the typing pause.
 */
void
gk_window_flush (GkWindow *self)
{
  g_return_if_fail (GK_IS_WINDOW (self));

  gk_autosave_flush (self->autosave);
}

/**
 * gk_window_select_item:
 * @item: an item of the catalog
 *
 * Returns: whether the item could be selected in the tree
 */
gboolean
gk_window_select_item (GkWindow *self,
                       GkItem   *item)
{
  g_return_val_if_fail (GK_IS_WINDOW (self), FALSE);

  return gk_catalog_tree_select_item (self->tree, item);
}
