/* test-import-match.c: importing a table whose items the catalog has
 *
 * The catalog is written to the store before the editor starts (no first
 * run); the table is the CSV export of some of its items, one of them
 * changed, and two new ones. The dialog must count them, choose "add the
 * new, update the changed, skip the unchanged", and the import must leave
 * no item twice, the changed fields in the store at once, and go back in
 * one undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gstdio.h>

#include "gk-export.h"
#include "gk-import-dialog.h"
#include "gk-test-app.h"
#include "gk-test-ui.h"
#include "gk-window.h"

#define LEVEL1 "行政许可"
#define OLD_BASIS "《中华人民共和国教师法》"
#define NEW_BASIS "《中华人民共和国教师法》第十条"
#define NEW_TIME_LIMIT "自作出决定之日起10个工作日内"

static char *tmp_dir;
static char *table_path;
static char *changed_id;    /* the item the table changes */
static guint n_stored;      /* the catalog's items before the import */

static GkItem *
add_item (GkCatalog  *catalog,
          const char *level2,
          int         position)
{
  const char *levels[] = { gk_catalog_get_levels (catalog)[0], NULL };
  GkItem *item = gk_test_add_item (catalog, gk_domain_get_nth (3)->code, LEVEL1, level2,
                                   position);

  gk_item_set_text (item, GK_FIELD_CONTENT, "许可决定");
  gk_item_set_text (item, GK_FIELD_BASIS, OLD_BASIS);
  gk_item_set_text (item, GK_FIELD_TIME_LIMIT, "自作出决定之日起20个工作日内");
  gk_item_set_text (item, GK_FIELD_SUBJECT, "县教育局");
  gk_item_set_channels (item, 1u << GK_CHANNEL_WEBSITE);
  gk_item_set_audience (item, GK_AUDIENCE_PUBLIC);
  gk_item_set_method (item, GK_METHOD_PROACTIVE);
  gk_item_set_levels (item, levels);
  return item;
}

static GkItem *
copy_item (GkCatalog *table,
           GkItem    *item)
{
  g_autoptr(GkItem) copy = gk_item_new_with_id (gk_item_get_id (item),
                                                gk_item_get_text (item, GK_FIELD_DOMAIN));

  gk_item_copy_from (copy, item);
  gk_catalog_add_item (table, copy);
  return copy;
}

/* The store holds four items; the table three of them (the second with
 * another basis and time limit) and two new ones. */
static void
make_store_and_table (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkCatalog) table = gk_catalog_new ();
  g_autofree char *data_dir = gk_store_dup_default_data_dir ();
  g_autoptr(GkStore) store = gk_store_new (data_dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  const char *names[] = { "教师资格认定", "民办学校设立", "校车使用许可", "幼儿园设立" };
  GkItem *items[G_N_ELEMENTS (names)];
  GkItem *copy;
  gsize length;

  gk_catalog_set_unit_name (catalog, "测试县教育局");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    items[i] = add_item (catalog, names[i], i);
  n_stored = G_N_ELEMENTS (names);
  g_assert_true (gk_store_open (store, &error));
  g_assert_no_error (error);
  g_assert_true (gk_store_replace_catalog (store, catalog, &error));
  g_assert_no_error (error);

  gk_catalog_set_levels (table, gk_catalog_get_levels (catalog));
  for (guint i = 0; i < 3; i++)
    copy = copy_item (table, items[i]);
  copy = gk_catalog_lookup_item (table, gk_item_get_id (items[1]));
  gk_item_set_text (copy, GK_FIELD_BASIS, NEW_BASIS);
  gk_item_set_text (copy, GK_FIELD_TIME_LIMIT, NEW_TIME_LIMIT);
  changed_id = g_strdup (gk_item_get_id (copy));
  add_item (table, "中小学校设立", 3);
  add_item (table, "校外培训机构设立", 4);

  csv = gk_export_csv (table, NULL, &length, &error);
  g_assert_no_error (error);
  table_path = g_build_filename (tmp_dir, "table.csv", NULL);
  g_assert_true (g_file_set_contents (table_path, csv, length, &error));
  g_assert_no_error (error);
}

static gboolean
dialog_loaded (gpointer data)
{
  return gk_import_dialog_get_loaded (data);
}

static gboolean
window_idle (gpointer data)
{
  return !gk_window_get_busy (data);
}

/* The subtitle of the row titled @title under @root, or NULL. */
static const char *
find_row_subtitle (GtkWidget  *root,
                   const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *found;

      if (ADW_IS_ACTION_ROW (child)
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return adw_action_row_get_subtitle (ADW_ACTION_ROW (child));
      if ((found = find_row_subtitle (child, title)) != NULL)
        return found;
    }
  return NULL;
}

static guint
count_duplicates (GkCatalog *catalog)
{
  g_autoptr(GPtrArray) diagnostics = gk_check_catalog (catalog, NULL, NULL);
  guint n = 0;

  for (guint i = 0; i < diagnostics->len; i++)
    n += strcmp (((GkDiagnostic *) diagnostics->pdata[i])->code, "duplicate-item") == 0;
  return n;
}

static void
assert_imported (GkCatalog *catalog)
{
  GkItem *changed = gk_catalog_lookup_item (catalog, changed_id);

  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, n_stored + 2);
  g_assert_cmpuint (count_duplicates (catalog), ==, 0);
  g_assert_cmpstr (gk_item_get_text (changed, GK_FIELD_BASIS), ==, NEW_BASIS);
  g_assert_cmpstr (gk_item_get_text (changed, GK_FIELD_TIME_LIMIT), ==, NEW_TIME_LIMIT);
}

static void
assert_not_imported (GkCatalog *catalog)
{
  GkItem *changed = gk_catalog_lookup_item (catalog, changed_id);

  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, n_stored);
  g_assert_cmpstr (gk_item_get_text (changed, GK_FIELD_BASIS), ==, OLD_BASIS);
}

static void
import_steps (GkWindow *window)
{
  g_autoptr(GFile) file = g_file_new_for_path (table_path);
  GkCatalog *catalog = gk_window_get_catalog (window);
  GkImportDialog *dialog;
  GtkWidget *add_button;

  assert_not_imported (catalog);
  dialog = GK_IMPORT_DIALOG (gk_window_import_file (window, file));
  gk_test_wait_until (dialog_loaded, dialog, "the table to be read");

  /* The counts, at the top. */
  g_assert_cmpuint (gk_import_dialog_get_n_matched (dialog, GK_IMPORT_MATCH_NEW), ==, 2);
  g_assert_cmpuint (gk_import_dialog_get_n_matched (dialog, GK_IMPORT_MATCH_CHANGED), ==, 1);
  g_assert_cmpuint (gk_import_dialog_get_n_matched (dialog, GK_IMPORT_MATCH_UNCHANGED), ==, 2);
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (
    gk_test_get_widget (GTK_WIDGET (dialog), "matches_group"))), ==,
                   "2 new, 1 changed, 2 unchanged");
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (
    gk_test_get_widget (GTK_WIDGET (dialog), "matches_group"))), ==,
                   "2 items will be added, 1 item will be updated.");
  /* What changes in the changed item, by the fields' names. */
  g_assert_cmpstr (find_row_subtitle (gk_test_get_widget (GTK_WIDGET (dialog), "changes_row"),
                                      LEVEL1 " / 民办学校设立"), ==, "Legal basis, Time limit");

  /* The defaults, and the default button, add nothing twice. */
  g_assert_cmpint (gk_import_dialog_get_action (dialog, GK_IMPORT_MATCH_NEW), ==,
                   GK_IMPORT_ACTION_ADD);
  g_assert_cmpint (gk_import_dialog_get_action (dialog, GK_IMPORT_MATCH_CHANGED), ==,
                   GK_IMPORT_ACTION_UPDATE);
  g_assert_cmpint (gk_import_dialog_get_action (dialog, GK_IMPORT_MATCH_UNCHANGED), ==,
                   GK_IMPORT_ACTION_SKIP);
  g_assert_false (gk_import_dialog_set_action (dialog, GK_IMPORT_MATCH_NEW,
                                               GK_IMPORT_ACTION_UPDATE));
  add_button = gk_test_get_widget (GTK_WIDGET (dialog), "add_button");
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == add_button);
  g_assert_true (gtk_widget_get_sensitive (add_button));
  /* Nothing changes before the user imports. */
  assert_not_imported (catalog);

  g_signal_emit_by_name (add_button, "clicked");
  g_assert_null (gk_test_find_toplevel (GK_TYPE_IMPORT_DIALOG));
  assert_imported (catalog);
  gk_test_wait_until (window_idle, window, "the import to be saved");
}

static gboolean
import_undone (gpointer data)
{
  return gk_catalog_get_n_items (gk_window_get_catalog (data)) == n_stored
         && !gk_window_get_busy (data);
}

static void
undo_steps (GkWindow *window)
{
  GkCatalog *catalog = gk_window_get_catalog (window);

  assert_imported (catalog);
  /* One undo takes the additions and the update back together. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  gk_test_wait_until (import_undone, window, "the import to be undone");
  assert_not_imported (catalog);
}

static void
test_window (void)
{
  g_autoptr(GkCatalog) stored = NULL;

  make_store_and_table ();

  gk_test_run_application (import_steps);
  stored = gk_test_load_default_store ();
  assert_imported (stored);
  g_clear_object (&stored);

  gk_test_run_application (undo_steps);
  stored = gk_test_load_default_store ();
  assert_not_imported (stored);
}

static gboolean
refuse_other_dept (GkItem   *item,
                   gpointer  user_data)
{
  return strcmp (gk_item_get_dept (item), "other") != 0;
}

/* Another department's item (read-only when the PC syncs with the county
 * server) is never updated, and the dialog says so. */
static void
test_read_only (void)
{
  g_autoptr(GkCatalog) catalog = gk_test_load_default_store ();
  g_autoptr(GFile) file = g_file_new_for_path (table_path);
  g_autoptr(GPtrArray) updates = NULL;
  GtkWidget *dialog;
  const char *subtitle;

  gk_item_set_dept (gk_catalog_lookup_item (catalog, changed_id), "other");
  dialog = gk_import_dialog_new (NULL, catalog, file, NULL);
  gk_import_dialog_set_can_edit_func (GK_IMPORT_DIALOG (dialog), refuse_other_dept, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  gk_test_wait_until (dialog_loaded, dialog, "the table to be read");

  g_assert_cmpuint (gk_import_dialog_get_n_matched (GK_IMPORT_DIALOG (dialog),
                                                    GK_IMPORT_MATCH_CHANGED), ==, 1);
  updates = gk_import_dialog_dup_updates (GK_IMPORT_DIALOG (dialog));
  g_assert_cmpuint (updates->len, ==, 0);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (
    gk_test_get_widget (dialog, "changed_row")));
  g_assert_nonnull (strstr (subtitle, "belong to other departments"));
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (
    gk_test_get_widget (dialog, "matches_group"))), ==,
                   "2 items will be added, 0 items will be updated.");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = g_dir_make_tmp ("gongkai-import-match-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  /* Before anything asks GLib for the user data dir, which it caches. */
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", tmp_dir, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/import-match/window", test_window);
  g_test_add_func ("/ui/import-match/read-only", test_read_only);

  status = g_test_run ();
  gk_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (table_path);
  g_free (changed_id);
  return status;
}
