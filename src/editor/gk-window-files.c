/* gk-window-files.c: the window's import, export and print
 *
 * The file choosers and the toasts that say how it went;
 * gk-import-dialog.c, gk-export-job.c and gk-print-operation.c do the
 * work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-export-dialog.h"
#include "gk-import-dialog.h"
#include "gk-print-operation.h"
#include "gk-window-private.h"

static const char *
get_current_domain (GkWindow *self)
{
  GkTreeNode *node = gk_catalog_tree_get_selected (self->tree);

  return node != NULL ? gk_tree_node_get_domain_code (node) : NULL;
}

/* "Added 3 items, updated 2" */
static char *
describe_import (guint n_added,
                 guint n_updated)
{
  g_autofree char *added = NULL;
  g_autofree char *updated = NULL;

  if (n_updated == 0)
    return g_strdup_printf (ngettext ("Imported %u item", "Imported %u items", n_added),
                            n_added);
  if (n_added == 0)
    return g_strdup_printf (ngettext ("Updated %u item", "Updated %u items", n_updated),
                            n_updated);
  added = g_strdup_printf (ngettext ("Added %u item", "Added %u items", n_added), n_added);
  /* Translators: follows "Added 3 items, " */
  updated = g_strdup_printf (ngettext ("updated %u item", "updated %u items", n_updated),
                             n_updated);
  /* Translators: an import's toast: added, updated */
  return g_strdup_printf (_("%s, %s"), added, updated);
}

static void
import_confirmed_cb (GkWindow       *self,
                     GkImportDialog *dialog)
{
  g_autoptr(GPtrArray) items = gk_import_dialog_dup_items (dialog);
  g_autoptr(GPtrArray) updates = gk_import_dialog_dup_updates (dialog);
  g_autofree char *title = NULL;

  if (self->editor == NULL || items->len + updates->len == 0)
    return;

  gk_catalog_editor_import (self->editor, items, updates);
  gk_catalog_tree_select_item (self->tree, items->len > 0
                                           ? items->pdata[0]
                                           : ((GkImportMatch *) updates->pdata[0])->existing);
  _gk_window_update_content (self);
  title = describe_import (items->len, updates->len);
  _gk_window_add_toast (self, title);
}

/* Another department's items are not updated by an import. */
static gboolean
can_edit_cb (GkItem   *item,
             gpointer  user_data)
{
  g_autofree char *reason = _gk_window_dup_read_only_reason (user_data, item);

  return reason == NULL;
}

static void
import_chooser_response_cb (GkWindow             *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && self->model != NULL)
    gk_window_import_file (self, file);
  g_object_unref (chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *mime_type,
            const char     *pattern)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_suffix (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
gk_window_import_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  GkWindow *self = GK_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) tables = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import a Catalog Table"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_file_filter_set_name (tables, _("Catalog tables (XLSX, CSV)"));
  gtk_file_filter_add_suffix (tables, "xlsx");
  gtk_file_filter_add_suffix (tables, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), tables);
  add_filter (GTK_FILE_CHOOSER (chooser), _("Spreadsheets (XLSX)"),
              gk_export_format_get_mime_type (GK_EXPORT_FORMAT_XLSX), "xlsx");
  add_filter (GTK_FILE_CHOOSER (chooser), _("Comma-separated values (CSV)"), "text/csv", "csv");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
launch_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_warning ("Could not open the export: %s", error->message);
}

static void
open_export_cb (AdwToast *toast,
                GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launch_cb, NULL);
}

static void
unref_file (gpointer  data,
            GClosure *closure)
{
  g_object_unref (data);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GFile *file = G_FILE (object);
  g_autoptr(GkWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (!gk_export_write_file_finish (result, &error))
    {
      g_autofree char *message = g_markup_escape_text (error->message, -1);

      g_debug ("Could not export: %s", error->message);
      /* Translators: %s is the reason */
      title = g_strdup_printf (_("Could not export: %s"), message);
      toast = adw_toast_new (title);
      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  /* Toast titles are markup. */
  basename = g_file_get_basename (file);
  name = g_markup_escape_text (basename, -1);
  /* Translators: %s is a file name */
  title = g_strdup_printf (_("Exported to “%s”"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Open"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_export_cb),
                         g_object_ref (file), unref_file, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
export_chooser_response_cb (GkWindow             *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  GkExportFormat format;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && self->catalog != NULL)
    {
      format = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser), "format"));
      options.domain_code = g_object_get_data (G_OBJECT (chooser), "domain");
      options.paper = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser), "paper"));
      gk_window_export_file (self, format, &options, file);
    }
  g_object_unref (chooser);
}

/* Rather than the folder the editor happened to start in. */
static void
set_documents_folder (GtkFileChooser *chooser)
{
  const char *path = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr(GFile) folder = NULL;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_DIR))
    path = g_get_home_dir ();
  folder = g_file_new_for_path (path);
  gtk_file_chooser_set_current_folder (chooser, folder, NULL);
}

static void
export_dialog_response_cb (GkWindow       *self,
                           const char     *response,
                           GkExportDialog *dialog)
{
  GkExportFormat format = gk_export_dialog_get_format (dialog);
  const char *domain = gk_export_dialog_get_domain_code (dialog);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (g_strcmp0 (response, "export") != 0 || self->catalog == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export the Catalog"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  name = gk_export_dup_file_name (self->catalog, domain, format);
  set_documents_folder (GTK_FILE_CHOOSER (chooser));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  add_filter (GTK_FILE_CHOOSER (chooser), gk_export_format_get_label (format),
              gk_export_format_get_mime_type (format), gk_export_format_get_extension (format));
  g_object_set_data (G_OBJECT (chooser), "format", GUINT_TO_POINTER (format));
  g_object_set_data_full (G_OBJECT (chooser), "domain", g_strdup (domain), g_free);
  g_object_set_data (G_OBJECT (chooser), "paper",
                     GUINT_TO_POINTER (gk_export_dialog_get_paper (dialog)));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef void (*Continuation) (GkWindow *self);

static void
errors_response_cb (GkWindow         *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  Continuation next = g_object_get_data (G_OBJECT (dialog), "next");

  if (g_strcmp0 (response, "anyway") == 0)
    next (self);
  else if (g_strcmp0 (response, "show") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.first-problem", NULL);
}

/* Starter drafts go out with their content empty. */
static char *
dup_drafts_message (guint n_drafts,
                    guint n_errors)
{
  g_autofree char *drafts = NULL;
  g_autofree char *errors = NULL;

  drafts = g_strdup_printf (ngettext ("%u starter draft is still to complete.",
                                      "%u starter drafts are still to complete.",
                                      n_drafts), n_drafts);
  if (n_errors == 0)
    /* Translators: %s is "12 starter drafts are still to complete." */
    return g_strdup_printf (_("%s The catalog would go out as it is; the county portal’s "
                              "checks may refuse it."), drafts);

  errors = g_strdup_printf (ngettext ("%u error is left besides.", "%u errors are left besides.",
                                      n_errors), n_errors);
  /* Translators: "12 starter drafts are still to complete. 3 errors are
   * left besides." and what follows from it */
  return g_strdup_printf (_("%s %s The catalog would go out as it is; the county portal’s "
                            "checks may refuse it."), drafts, errors);
}

/* What goes out of the editor (an export, a print) may reach the portal
 * or a meeting: with errors left, the user is told how many first, and
 * chooses to see them or to go on. */
static void
confirm_errors_then (GkWindow     *self,
                     const char   *anyway,
                     Continuation  next)
{
  guint n_errors, n_drafts;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->model == NULL)
    {
      next (self);
      return;
    }
  /* Going out is asking for the problems: the item just added counts. */
  gk_catalog_model_set_new_item (self->model, NULL);
  n_errors = gk_catalog_model_get_n_errors (self->model);
  n_drafts = gk_catalog_model_get_n_drafts (self->model);
  if (n_errors == 0 && n_drafts == 0)
    {
      next (self);
      return;
    }
  body = n_drafts > 0 ? dup_drafts_message (n_drafts, n_errors)
                      : g_strdup_printf (ngettext ("%u error is left in the catalog. It would "
                                                   "go out as it is; the county portal’s "
                                                   "checks may refuse it.",
                                                   "%u errors are left in the catalog. They "
                                                   "would go out as they are; the county "
                                                   "portal’s checks may refuse them.",
                                                   n_errors), n_errors);
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   n_drafts > 0 ? _("The Catalog Is Not Complete")
                                                : _("The Catalog Still Has Errors"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "anyway", anyway,
                                    "show", _("_Show Them"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "show");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "show",
                                              ADW_RESPONSE_SUGGESTED);
  g_object_set_data (G_OBJECT (dialog), "next", next);
  g_signal_connect_object (dialog, "response", G_CALLBACK (errors_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_export_dialog (GkWindow *self)
{
  GtkWidget *dialog = gk_export_dialog_new (GTK_WINDOW (self), get_current_domain (self));

  g_signal_connect_object (dialog, "response", G_CALLBACK (export_dialog_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
gk_window_export_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  confirm_errors_then (GK_WINDOW (widget), _("_Export Anyway"), show_export_dialog);
}

static void
print_done_cb (GkWindow                *self,
               GtkPrintOperationResult  result,
               GkPrintOperation        *operation)
{
  const GError *layout_error = gk_print_operation_get_layout_error (operation);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *title = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    gtk_print_operation_get_error (GTK_PRINT_OPERATION (operation), &error);
  else if (result == GTK_PRINT_OPERATION_RESULT_CANCEL && layout_error != NULL)
    error = g_error_copy (layout_error);
  if (error == NULL)
    return;

  g_debug ("Could not print: %s", error->message);
  message = g_markup_escape_text (error->message, -1);
  /* Translators: %s is the reason */
  title = g_strdup_printf (_("Could not print: %s"), message);
  _gk_window_add_toast (self, title);
}

static void
start_print (GkWindow *self)
{
  g_autoptr(GkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  if (self->catalog == NULL)
    return;

  operation = gk_print_operation_new (self->catalog, get_current_domain (self));
  gtk_print_operation_set_allow_async (GTK_PRINT_OPERATION (operation), TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self,
                           G_CONNECT_SWAPPED);
  if (gtk_print_operation_run (GTK_PRINT_OPERATION (operation),
                               GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self),
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    g_warning ("Could not print: %s", error->message);
}

static void
gk_window_print_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  confirm_errors_then (GK_WINDOW (widget), _("_Print Anyway"), start_print);
}

void
_gk_window_class_init_file_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import", NULL,
                                   gk_window_import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL,
                                   gk_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL,
                                   gk_window_print_action);
}

/**
 * gk_window_import_file:
 * @file: an XLSX or CSV file
 *
 * Reads @file and shows what it holds in a dialog, from which the user
 * adds the new items to the catalog and updates the changed ones (one
 * undo step), or not.
 *
 * Returns: (transfer none): the import dialog, shown
 */
GtkWidget *
gk_window_import_file (GkWindow *self,
                       GFile    *file)
{
  GtkWidget *dialog;

  g_return_val_if_fail (GK_IS_WINDOW (self), NULL);
  g_return_val_if_fail (self->catalog != NULL, NULL);

  dialog = gk_import_dialog_new (GTK_WINDOW (self), self->catalog, file,
                                 get_current_domain (self));
  /* The dialog is destroyed with the window. */
  gk_import_dialog_set_can_edit_func (GK_IMPORT_DIALOG (dialog), can_edit_cb, self);
  g_signal_connect_object (dialog, "import", G_CALLBACK (import_confirmed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/**
 * gk_window_export_file:
 * @format: the format to write
 * @options: which domain, and the paper for PDF and XLSX
 * @file: where to write (replaced if it exists)
 *
 * Writes a copy of the catalog in a worker thread, then tells the user in
 * a toast: where it went, with a button to open it, or why it failed.
 */
void
gk_window_export_file (GkWindow              *self,
                       GkExportFormat         format,
                       const GkRenderOptions *options,
                       GFile                 *file)
{
  g_return_if_fail (GK_IS_WINDOW (self));
  g_return_if_fail (self->catalog != NULL);

  /* The form's pending edit is in the catalog already: the copy has it. */
  gk_export_write_file_async (self->catalog, format, options, file, NULL,
                              export_done_cb, g_object_ref (self));
}
