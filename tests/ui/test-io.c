/* test-io.c: import, export and print from the editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gstdio.h>

#include "gk-application.h"
#include "gk-export-dialog.h"
#include "gk-export-job.h"
#include "gk-first-run-dialog.h"
#include "gk-import-dialog.h"
#include "gk-importer.h"
#include "gk-item-form.h"
#include "gk-print-operation.h"
#include "gk-test-app.h"
#include "gk-test-ui.h"
#include "gk-window.h"

static char *tmp_dir;

static GkCatalog *
load_catalog (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "render-small.json",
                                                 NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GkCatalog *catalog = gk_catalog_new_from_file (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), >, 0);
  return catalog;
}

static GFile *
get_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "import", name, NULL);

  return g_file_new_for_path (path);
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;

  return n;
}

static const char *
get_row_title (GtkWidget *list,
               guint      index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index);

  g_assert_nonnull (row);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* Export */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Done;

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Done *done = user_data;

  done->ok = gk_export_write_file_finish (result, &done->error);
  done->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Done *) data)->done;
}

/* Exports @catalog in the worker and returns what it wrote. */
static GBytes *
export (GkCatalog             *catalog,
        GkExportFormat         format,
        const GkRenderOptions *options,
        GFile                 *file,
        GError               **error)
{
  Done done = { FALSE, FALSE, NULL };
  g_autofree char *removed_id = NULL;
  GkItem *first = gk_catalog_get_item (catalog, 0);
  g_autoptr(GkItem) hold = g_object_ref (first);

  gk_export_write_file_async (catalog, format, options, file, NULL, export_cb, &done);
  /* The export works on a copy: changing the catalog now changes nothing. */
  gk_catalog_remove_item (catalog, gk_item_get_id (first));
  gk_test_wait_until (is_done, &done, "the export");
  gk_catalog_add_item (catalog, hold);
  if (!done.ok)
    {
      g_propagate_error (error, done.error);
      return NULL;
    }
  return g_file_load_bytes (file, NULL, NULL, error);
}

static gboolean
bytes_start_with (GBytes     *bytes,
                  const char *prefix)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  return length >= strlen (prefix) && memcmp (data, prefix, strlen (prefix)) == 0;
}

static void
test_export_formats (void)
{
  g_autoptr(GkCatalog) catalog = load_catalog ();
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  g_autofree char *title = gk_render_dup_title (catalog, NULL);
  const char *level2 = gk_item_get_text (gk_catalog_get_item (catalog, 0), GK_FIELD_LEVEL2);

  for (GkExportFormat format = GK_EXPORT_FORMAT_HTML; format <= GK_EXPORT_FORMAT_CSV; format++)
    {
      g_autofree char *name = gk_export_dup_file_name (catalog, NULL, format);
      g_autoptr(GFile) file = g_file_new_build_filename (tmp_dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *expected = g_strconcat (title, ".",
                                               gk_export_format_get_extension (format), NULL);

      g_assert_cmpstr (name, ==, expected);
      bytes = export (catalog, format, &options, file, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (bytes), >, 0);
      switch (format)
        {
        case GK_EXPORT_FORMAT_HTML:
          g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes), title));
          /* The item removed after the export started is in it. */
          g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes), level2));
          break;
        case GK_EXPORT_FORMAT_CSV:
          g_assert_true (bytes_start_with (bytes, "\xEF\xBB\xBF"));
          break;
        case GK_EXPORT_FORMAT_XLSX:
          g_assert_true (bytes_start_with (bytes, "PK\x03\x04"));
          break;
        case GK_EXPORT_FORMAT_PDF:
          g_assert_true (bytes_start_with (bytes, "%PDF"));
          break;
        default:
          g_assert_not_reached ();
        }
      g_assert_true (g_file_delete (file, NULL, NULL));
    }
}

static void
test_export_domain_and_errors (void)
{
  g_autoptr(GkCatalog) catalog = load_catalog ();
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  const GkDomain *domain = gk_domain_lookup ("24");
  g_autofree char *title = gk_render_dup_title (catalog, domain);
  g_autofree char *name = gk_export_dup_file_name (catalog, "24", GK_EXPORT_FORMAT_HTML);
  g_autoptr(GFile) file = g_file_new_build_filename (tmp_dir, name, NULL);
  g_autoptr(GFile) nowhere = g_file_new_build_filename (tmp_dir, "missing", "x.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (g_str_has_prefix (name, title));
  options.domain_code = "24";
  bytes = export (catalog, GK_EXPORT_FORMAT_HTML, &options, file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  title));
  g_assert_true (g_file_delete (file, NULL, NULL));

  /* A folder that does not exist: an error, no crash, no file. */
  g_assert_null (export (catalog, GK_EXPORT_FORMAT_PDF, &options, nowhere, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_query_exists (nowhere, NULL));
}

static void
test_export_dialog (void)
{
  GtkWidget *parent = gtk_window_new ();
  GtkWidget *dialog = gk_export_dialog_new (GTK_WINDOW (parent), "20");
  GtkWidget *paper_row = gk_test_get_widget (dialog, "paper_row");
  AdwComboRow *scope_row = ADW_COMBO_ROW (gk_test_get_widget (dialog, "scope_row"));
  AdwComboRow *format_row = ADW_COMBO_ROW (gk_test_get_widget (dialog, "format_row"));

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpint (gk_export_dialog_get_format (GK_EXPORT_DIALOG (dialog)), ==,
                   GK_EXPORT_FORMAT_XLSX);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (format_row)), ==, 4);
  g_assert_true (gtk_widget_get_sensitive (paper_row));
  gk_export_dialog_set_format (GK_EXPORT_DIALOG (dialog), GK_EXPORT_FORMAT_CSV);
  g_assert_false (gtk_widget_get_sensitive (paper_row));
  adw_combo_row_set_selected (format_row, GK_EXPORT_FORMAT_PDF);
  g_assert_true (gtk_widget_get_sensitive (paper_row));
  g_assert_cmpint (gk_export_dialog_get_format (GK_EXPORT_DIALOG (dialog)), ==,
                   GK_EXPORT_FORMAT_PDF);

  g_assert_null (gk_export_dialog_get_domain_code (GK_EXPORT_DIALOG (dialog)));
  adw_combo_row_set_selected (scope_row, 1);
  g_assert_cmpstr (gk_export_dialog_get_domain_code (GK_EXPORT_DIALOG (dialog)), ==, "20");
  adw_combo_row_set_selected (ADW_COMBO_ROW (paper_row), 1);
  g_assert_cmpint (gk_export_dialog_get_paper (GK_EXPORT_DIALOG (dialog)), ==, GK_PAPER_A3);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Nothing selected: only the whole catalog. */
  dialog = gk_export_dialog_new (GTK_WINDOW (parent), NULL);
  g_assert_false (gtk_widget_get_sensitive (gk_test_get_widget (dialog, "scope_row")));
  g_assert_null (gk_export_dialog_get_domain_code (GK_EXPORT_DIALOG (dialog)));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (parent));
}

/* Print */

static guint
print_to_pdf (GkCatalog  *catalog,
              gboolean    domain_only,
              GError    **layout_error)
{
  g_autoptr(GkPrintOperation) operation = gk_print_operation_new (catalog, "24");
  g_autofree char *path = g_build_filename (tmp_dir, "print.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;
  guint n_pages;

  gk_print_operation_set_domain_only (operation, domain_only);
  gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (operation), path);
  result = gtk_print_operation_run (GTK_PRINT_OPERATION (operation),
                                    GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
  g_assert_no_error (error);
  if (result != GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_CANCEL);
      g_assert_nonnull (gk_print_operation_get_layout_error (operation));
      *layout_error = g_error_copy (gk_print_operation_get_layout_error (operation));
      g_file_delete (file, NULL, NULL);
      return 0;
    }

  n_pages = gk_print_operation_get_n_pages (operation);
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bytes_start_with (bytes, "%PDF"));
  g_assert_true (g_file_delete (file, NULL, NULL));
  return n_pages;
}

static void
test_print (void)
{
  g_autoptr(GkCatalog) catalog = load_catalog ();
  g_autoptr(GkCatalog) empty = gk_catalog_new ();
  g_autoptr(GError) error = NULL;
  guint n_whole, n_domain;

  n_whole = print_to_pdf (catalog, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_whole, >, 0);

  /* One of the two domains: fewer pages or as many. */
  n_domain = print_to_pdf (catalog, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_domain, >, 0);
  g_assert_cmpuint (n_domain, <=, n_whole);

  /* Nothing to print ends cancelled, with the reason. */
  gk_catalog_set_unit_name (empty, "测试县");
  g_assert_cmpuint (print_to_pdf (empty, FALSE, &error), ==, 0);
  g_assert_nonnull (error);
}

/* What the user chose in the print dialog is there the next time. */
static void
test_print_settings_kept (void)
{
  g_autoptr(GkCatalog) catalog = load_catalog ();
  g_autoptr(GkPrintOperation) first = NULL;
  g_autoptr(GkPrintOperation) second = NULL;
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a3 = gtk_paper_size_new (GTK_PAPER_NAME_A3);
  g_autofree char *path = g_build_filename (tmp_dir, "kept.pdf", NULL);
  g_autofree char *kept = g_build_filename (g_get_user_config_dir (), "gongkai",
                                            "print-settings.ini", NULL);
  g_autoptr(GError) error = NULL;
  GtkPrintSettings *loaded;
  GtkPageSetup *loaded_setup;

  /* Nothing kept (the print test before kept its own): no settings. */
  g_remove (kept);
  first = gk_print_operation_new (catalog, "24");
  g_assert_null (gtk_print_operation_get_print_settings (GTK_PRINT_OPERATION (first)));

  /* As the dialog leaves them: two copies, A3 portrait. */
  gtk_print_settings_set_n_copies (settings, 2);
  gtk_print_operation_set_print_settings (GTK_PRINT_OPERATION (first), settings);
  gtk_page_setup_set_paper_size (setup, a3);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (first), setup);
  gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (first), path);
  g_assert_cmpint (gtk_print_operation_run (GTK_PRINT_OPERATION (first),
                                            GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error),
                   ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));

  second = gk_print_operation_new (catalog, NULL);
  loaded = gtk_print_operation_get_print_settings (GTK_PRINT_OPERATION (second));
  g_assert_nonnull (loaded);
  g_assert_cmpint (gtk_print_settings_get_n_copies (loaded), ==, 2);
  loaded_setup = gtk_print_operation_get_default_page_setup (GTK_PRINT_OPERATION (second));
  g_assert_cmpstr (gtk_paper_size_get_name (gtk_page_setup_get_paper_size (loaded_setup)), ==,
                   GTK_PAPER_NAME_A3);
  g_assert_cmpint (gtk_page_setup_get_orientation (loaded_setup), ==,
                   GTK_PAGE_ORIENTATION_PORTRAIT);

  /* A damaged file is ignored: the defaults again. */
  g_assert_true (g_file_set_contents (kept, "[Print Settings\nn-copies=", -1, NULL));
  g_clear_object (&second);
  second = gk_print_operation_new (catalog, NULL);
  g_assert_null (gtk_print_operation_get_print_settings (GTK_PRINT_OPERATION (second)));
  loaded_setup = gtk_print_operation_get_default_page_setup (GTK_PRINT_OPERATION (second));
  g_assert_cmpint (gtk_page_setup_get_orientation (loaded_setup), ==,
                   GTK_PAGE_ORIENTATION_LANDSCAPE);

  g_assert_cmpint (g_remove (kept), ==, 0);
  g_remove (path);
}

/* Import dialog on its own */

static gboolean
dialog_loaded (gpointer data)
{
  return gk_import_dialog_get_loaded (data);
}

static GtkWidget *
open_import_dialog (GkCatalog  *catalog,
                    const char *fixture,
                    const char *default_domain)
{
  g_autoptr(GFile) file = get_fixture (fixture);
  GtkWidget *dialog = gk_import_dialog_new (NULL, catalog, file, default_domain);

  gtk_window_present (GTK_WINDOW (dialog));
  gk_test_wait_until (dialog_loaded, dialog, "the file to be read");
  return dialog;
}

/* What the core reports for the file, to compare with what is shown. */
static void
count_report (const char *fixture,
              const char *default_domain,
              guint      *n_columns,
              guint      *n_problems,
              guint      *n_notes)
{
  g_autoptr(GFile) file = get_fixture (fixture);
  g_autoptr(GkImporter) importer = gk_importer_new ();
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  GkImportReport *report;

  gk_importer_set_default_domain (importer, default_domain);
  catalog = gk_importer_import_file (importer, file, NULL, &error);
  if (!g_error_matches (error, GK_IMPORT_ERROR, GK_IMPORT_ERROR_NOTHING_IMPORTED))
    g_assert_no_error (error);
  report = gk_importer_get_report (importer);
  *n_columns = gk_import_report_get_n_columns (report);
  *n_problems = *n_notes = 0;
  for (guint i = 0; i < gk_import_report_get_n_problems (report); i++)
    if (gk_import_issue_is_note (gk_import_report_get_problem (report, i)->issue))
      (*n_notes)++;
    else
      (*n_problems)++;
}

static void
test_import_dialog_csv (void)
{
  g_autoptr(GkCatalog) catalog = load_catalog ();
  GtkWidget *dialog;
  GtkWidget *add_button;
  g_autoptr(GPtrArray) items = NULL;
  guint n_columns, n_problems, n_notes;

  /* No domain in the table and none given: every row is a problem, and
   * the dialog says that nothing can be imported. */
  count_report ("two-row.csv", NULL, &n_columns, &n_problems, &n_notes);
  dialog = open_import_dialog (catalog, "two-row.csv", NULL);
  add_button = gk_test_get_widget (dialog, "add_button");
  g_assert_cmpuint (gk_import_dialog_get_n_found (GK_IMPORT_DIALOG (dialog)), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (add_button));
  g_assert_true (g_str_has_prefix (adw_preferences_group_get_description (
    ADW_PREFERENCES_GROUP (gk_test_get_widget (dialog, "found_group"))), "Nothing was imported"));
  g_assert_cmpuint (n_problems, >=, 2);
  g_assert_cmpuint (count_rows (gk_test_get_widget (dialog, "problems_list")), ==, n_problems);
  g_assert_cmpuint (count_rows (gk_test_get_widget (dialog, "mapping_list")), ==, n_columns);
  g_assert_cmpstr (get_row_title (gk_test_get_widget (dialog, "mapping_list"), 1), ==,
                   "公开事项/一级事项");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* With the domain the user is in, both rows are items. */
  dialog = open_import_dialog (catalog, "two-row.csv", "救灾");
  g_assert_cmpuint (gk_import_dialog_get_n_found (GK_IMPORT_DIALOG (dialog)), ==, 2);
  g_assert_true (gtk_widget_get_sensitive (gk_test_get_widget (dialog, "add_button")));
  g_assert_cmpuint (count_rows (gk_test_get_widget (dialog, "domains_list")), ==, 1);
  items = gk_import_dialog_dup_items (GK_IMPORT_DIALOG (dialog));
  g_assert_cmpuint (items->len, ==, 2);
  for (guint i = 0; i < items->len; i++)
    g_assert_null (gk_catalog_lookup_item (catalog, gk_item_get_id (items->pdata[i])));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_import_dialog_notes_and_errors (void)
{
  g_autoptr(GkCatalog) catalog = load_catalog ();
  guint n_columns, n_problems, n_notes;
  GtkWidget *dialog;

  /* Only notes: the list of what was left out is empty. */
  count_report ("gbk.csv", NULL, &n_columns, &n_problems, &n_notes);
  g_assert_cmpuint (n_problems, ==, 0);
  dialog = open_import_dialog (catalog, "gbk.csv", NULL);
  g_assert_cmpuint (count_rows (gk_test_get_widget (dialog, "problems_list")), ==, 0);
  g_assert_cmpuint (count_rows (gk_test_get_widget (dialog, "notes_list")), ==, n_notes);
  g_assert_true (gtk_widget_get_visible (gk_test_get_widget (dialog, "notes_group")) ==
                 (n_notes > 0));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Not a workbook: the reason, and nothing to add. */
  dialog = open_import_dialog (catalog, "not-zip.xlsx", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
    GTK_STACK (gk_test_get_widget (dialog, "stack"))), ==, "error");
  g_assert_false (gtk_widget_get_visible (gk_test_get_widget (dialog, "add_button")));
  g_assert_nonnull (adw_status_page_get_description (
    ADW_STATUS_PAGE (gk_test_get_widget (dialog, "error_page"))));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Import through the window, saved and undone */

static guint n_before;

static gboolean
window_idle (gpointer data)
{
  return !gk_window_get_busy (data);
}

static gboolean
catalog_started (gpointer data)
{
  return *gk_catalog_get_unit_name (gk_window_get_catalog (data)) != '\0'
         && !gk_window_get_busy (data);
}

static void
complete_first_run (GkWindow *window)
{
  GtkWidget *dialog;

  gk_test_wait_until (gk_test_first_run_shown, NULL, "the first-run dialog");
  dialog = GTK_WIDGET (gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG));
  g_signal_emit_by_name (gk_test_get_widget (dialog, "alone_row"), "activated");
  gtk_editable_set_text (GTK_EDITABLE (gk_test_get_widget (dialog, "unit_row")), "测试县");
  g_signal_emit_by_name (gk_test_get_widget (dialog, "start_button"), "clicked");
  gk_test_wait_until (catalog_started, window, "the new catalog to be saved");
}

/* How many of @items the catalog has by domain, 一级事项 and 二级事项. */
static guint
count_in_catalog (GkCatalog *catalog,
                  GPtrArray *items)
{
  guint n = 0;

  for (guint i = 0; i < items->len; i++)
    for (guint j = 0; j < gk_catalog_get_n_items (catalog); j++)
      {
        GkItem *a = items->pdata[i], *b = gk_catalog_get_item (catalog, j);

        if (g_str_equal (gk_item_get_text (a, GK_FIELD_DOMAIN),
                         gk_item_get_text (b, GK_FIELD_DOMAIN))
            && g_str_equal (gk_item_get_text (a, GK_FIELD_LEVEL1),
                            gk_item_get_text (b, GK_FIELD_LEVEL1))
            && g_str_equal (gk_item_get_text (a, GK_FIELD_LEVEL2),
                            gk_item_get_text (b, GK_FIELD_LEVEL2)))
          {
            n++;
            break;
          }
      }
  return n;
}

static gboolean
file_written (gpointer data)
{
  g_autoptr(GFileInfo) info = g_file_query_info (data, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  return info != NULL && g_file_info_get_size (info) > 0;
}

/* The export of the window writes a copy of the catalog in the worker
 * and leaves the window alone, even when it fails. */
static void
export_from_window (GkWindow *window)
{
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  g_autofree char *name = gk_export_dup_file_name (gk_window_get_catalog (window), NULL,
                                                   GK_EXPORT_FORMAT_CSV);
  g_autoptr(GFile) file = g_file_new_build_filename (tmp_dir, name, NULL);
  g_autoptr(GFile) nowhere = g_file_new_build_filename (tmp_dir, "missing", name, NULL);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (g_str_has_prefix (name, "测试县"));
  gk_window_export_file (window, GK_EXPORT_FORMAT_CSV, &options, file);
  gk_window_export_file (window, GK_EXPORT_FORMAT_CSV, &options, nowhere);
  gk_test_wait_until (file_written, file, "the export to be written");
  gk_test_run_for (200);
  bytes = g_file_load_bytes (file, NULL, NULL, NULL);
  g_assert_true (bytes_start_with (bytes, "\xEF\xBB\xBF"));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  "审批结果"));
  g_assert_false (g_file_query_exists (nowhere, NULL));
  g_assert_true (g_file_delete (file, NULL, NULL));
}

static GPtrArray *imported;  /* copies of the items added, for the later runs */

static void
import_steps (GkWindow *window)
{
  GkCatalog *catalog;
  g_autoptr(GFile) file = get_fixture ("standard.xlsx");
  g_autoptr(GPtrArray) items = NULL;
  GkItemForm *form;
  GtkWidget *dialog;
  gpointer weak;

  complete_first_run (window);
  catalog = gk_window_get_catalog (window);
  n_before = gk_catalog_get_n_items (catalog);

  dialog = gk_window_import_file (window, file);
  gk_test_wait_until (dialog_loaded, dialog, "the file to be read");
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  /* Nothing is added before the user says so. */
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, n_before);
  g_assert_cmpuint (gk_import_dialog_get_n_found (GK_IMPORT_DIALOG (dialog)), ==, 3);
  g_assert_cmpuint (count_rows (gk_test_get_widget (dialog, "mapping_list")), ==, 15);
  g_assert_cmpstr (get_row_title (gk_test_get_widget (dialog, "mapping_list"), 2), ==,
                   "公开事项/二级事项");
  g_assert_cmpuint (count_rows (gk_test_get_widget (dialog, "problems_list")), ==, 2);
  g_assert_cmpuint (count_rows (gk_test_get_widget (dialog, "notes_list")), ==, 1);
  items = gk_import_dialog_dup_items (GK_IMPORT_DIALOG (dialog));
  g_assert_cmpuint (count_in_catalog (catalog, items), ==, 0);
  g_assert_cmpuint (gk_import_dialog_get_n_matched (GK_IMPORT_DIALOG (dialog),
                                                    GK_IMPORT_MATCH_NEW), ==, 3);

  g_signal_emit_by_name (gk_test_get_widget (dialog, "add_button"), "clicked");
  g_assert_null (gk_test_find_toplevel (GK_TYPE_IMPORT_DIALOG));
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, n_before + 3);
  g_assert_cmpuint (count_in_catalog (catalog, items), ==, 3);
  /* The first imported item is selected. */
  form = GK_ITEM_FORM (gk_test_get_widget (GTK_WIDGET (window), "form"));
  g_assert_nonnull (gk_item_form_get_item (form));
  g_assert_cmpstr (gk_item_get_text (gk_item_form_get_item (form), GK_FIELD_LEVEL2), ==,
                   "审批结果");
  gk_test_wait_until (window_idle, window, "the import to be saved");

  /* The same file again: all three are already there, as they are, and
   * nothing is to be done unless the user asks to add them again. */
  dialog = gk_window_import_file (window, file);
  gk_test_wait_until (dialog_loaded, dialog, "the file to be read again");
  g_assert_cmpuint (gk_import_dialog_get_n_matched (GK_IMPORT_DIALOG (dialog),
                                                    GK_IMPORT_MATCH_UNCHANGED), ==, 3);
  g_assert_false (gtk_widget_get_sensitive (gk_test_get_widget (dialog, "add_button")));
  g_assert_true (gk_import_dialog_set_action (GK_IMPORT_DIALOG (dialog),
                                              GK_IMPORT_MATCH_UNCHANGED, GK_IMPORT_ACTION_ADD));
  g_assert_true (gtk_widget_get_sensitive (gk_test_get_widget (dialog, "add_button")));
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  g_signal_emit_by_name (gk_test_get_widget (dialog, "cancel_button"), "clicked");
  gk_test_wait_until (gk_test_pointer_cleared, &weak, "the dialog to go");
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, n_before + 3);

  export_from_window (window);

  imported = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (imported, g_object_ref (items->pdata[i]));
}

static gboolean
import_undone (gpointer data)
{
  return gk_catalog_get_n_items (gk_window_get_catalog (data)) == n_before
         && !gk_window_get_busy (data);
}

static void
undo_steps (GkWindow *window)
{
  GkCatalog *catalog = gk_window_get_catalog (window);

  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, n_before + 3);
  /* One undo takes the whole import back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  gk_test_wait_until (import_undone, window, "the import to be undone");
  g_assert_cmpuint (count_in_catalog (catalog, imported), ==, 0);
}

static void
test_import_window (void)
{
  g_autoptr(GkCatalog) stored = NULL;

  gk_test_run_application (import_steps);
  stored = gk_test_load_default_store ();
  g_assert_cmpuint (gk_catalog_get_n_items (stored), ==, n_before + 3);
  g_assert_cmpuint (count_in_catalog (stored, imported), ==, 3);
  g_clear_object (&stored);

  gk_test_run_application (undo_steps);
  stored = gk_test_load_default_store ();
  g_assert_cmpuint (gk_catalog_get_n_items (stored), ==, n_before);
  g_assert_cmpuint (count_in_catalog (stored, imported), ==, 0);
  g_clear_pointer (&imported, g_ptr_array_unref);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = g_dir_make_tmp ("gongkai-io-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  /* Before anything asks GLib for the user data dir, which it caches. */
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", tmp_dir, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/io/export/formats", test_export_formats);
  g_test_add_func ("/ui/io/export/domain-and-errors", test_export_domain_and_errors);
  g_test_add_func ("/ui/io/export/dialog", test_export_dialog);
  g_test_add_func ("/ui/io/print", test_print);
  g_test_add_func ("/ui/io/print/settings-kept", test_print_settings_kept);
  g_test_add_func ("/ui/io/import/csv", test_import_dialog_csv);
  g_test_add_func ("/ui/io/import/notes-and-errors", test_import_dialog_notes_and_errors);
  g_test_add_func ("/ui/io/import/window", test_import_window);
  status = g_test_run ();

  gk_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
