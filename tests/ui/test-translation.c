/* test-translation.c: in a zh_CN.UTF-8 session no English is visible
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the real editor in Chinese, once on a catalog with items (an item
 * with errors selected, so the form shows its messages, and the problems
 * button its totals) and once on an empty store (the first-run dialog), and
 * reads every text a user can see: labels, buttons, row titles and
 * subtitles, placeholders, tooltips, window titles, status pages and the
 * primary menu. A run of two Latin letters is English that escaped the
 * translation.
 */

#include <locale.h>
#include <string.h>

#include "gongkai-core.h"
#include "gk-application.h"
#include "gk-first-run-dialog.h"
#include "gk-test-app.h"
#include "gk-test-ui.h"
#include "gk-window.h"

static GPtrArray *english;

/* Key names in shortcut hints (“撤销（Ctrl+Z）”) are the same in every
 * language: they are printed on the keys. */
static const char * const key_names[] = {
  "Ctrl", "Shift", "Alt", "Super", "Esc", "Tab", "Enter", "Delete", "Home", "End",
  "Up", "Down", "Left", "Right", NULL
};

/* Whether @text holds a run of two or more Latin letters that is not a
 * key name. */
static gboolean
has_latin_word (const char *text)
{
  const char *p = text;

  while (p != NULL && *p != '\0')
    {
      const char *start = p;
      g_autofree char *word = NULL;

      while (g_ascii_isalpha (*p))
        p++;
      if (p - start < 2)
        {
          p = *p != '\0' && p == start ? p + 1 : p;
          continue;
        }
      word = g_strndup (start, p - start);
      if (!g_strv_contains (key_names, word))
        return TRUE;
    }
  return FALSE;
}

static void
check_text (GtkWidget  *widget,
            const char *what,
            const char *text)
{
  if (text != NULL && has_latin_word (text))
    g_ptr_array_add (english, g_strdup_printf ("%s %s: “%s”",
                                               G_OBJECT_TYPE_NAME (widget), what, text));
}

static void
check_menu (GtkWidget  *widget,
            GMenuModel *menu)
{
  for (int i = 0; menu != NULL && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuModel) section = NULL;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        check_text (widget, "menu item", label);
      section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      check_menu (widget, section);
      g_clear_object (&section);
      section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SUBMENU);
      check_menu (widget, section);
    }
}

/* Checks @widget and, when it is shown, everything below it. */
static void
check_widget (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return;

  check_text (widget, "tooltip", gtk_widget_get_tooltip_text (widget));
  if (GTK_IS_LABEL (widget))
    check_text (widget, "label", gtk_label_get_text (GTK_LABEL (widget)));
  if (GTK_IS_WINDOW (widget))
    check_text (widget, "title", gtk_window_get_title (GTK_WINDOW (widget)));
  if (GTK_IS_ENTRY (widget))
    check_text (widget, "placeholder", gtk_entry_get_placeholder_text (GTK_ENTRY (widget)));
  if (GTK_IS_TEXT (widget))
    check_text (widget, "placeholder", gtk_text_get_placeholder_text (GTK_TEXT (widget)));
  if (GTK_IS_SEARCH_ENTRY (widget))
    {
      g_autofree char *placeholder = NULL;

      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      check_text (widget, "placeholder", placeholder);
    }
  if (ADW_IS_PREFERENCES_ROW (widget))
    check_text (widget, "title", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  if (ADW_IS_ACTION_ROW (widget))
    check_text (widget, "subtitle", adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)));
  if (ADW_IS_PREFERENCES_GROUP (widget))
    {
      check_text (widget, "title",
                  adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)));
      check_text (widget, "description",
                  adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (widget)));
    }
  if (ADW_IS_STATUS_PAGE (widget))
    {
      check_text (widget, "title", adw_status_page_get_title (ADW_STATUS_PAGE (widget)));
      check_text (widget, "description",
                  adw_status_page_get_description (ADW_STATUS_PAGE (widget)));
    }
  if (ADW_IS_WINDOW_TITLE (widget))
    check_text (widget, "title", adw_window_title_get_title (ADW_WINDOW_TITLE (widget)));
  if (GTK_IS_MENU_BUTTON (widget))
    check_menu (widget, gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_widget (child);
}

static void
assert_no_english (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      check_widget (window);
    }

  for (guint i = 0; i < english->len; i++)
    g_printerr ("untranslated: %s\n", (char *) english->pdata[i]);
  g_assert_cmpuint (english->len, ==, 0);
}

/* A catalog with the opening rows of every domain, drafts to complete;
 * the first changed, with errors. */
static void
write_catalog (const char *data_dir)
{
  g_autoptr(GkStore) store = gk_store_new (data_dir);
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  gk_catalog_set_unit_name (catalog, "测试县人民政府");
  gk_catalog_add_starter_domains (catalog, GK_DOMAIN_SET_ALL);
  gk_item_set_text (gk_catalog_get_item (catalog, 0), GK_FIELD_BASIS, "");
  for (guint i = 0; i < gk_catalog_get_n_items (catalog); i++)
    g_ptr_array_add (items, gk_catalog_get_item (catalog, i));

  g_assert_true (gk_store_open (store, &error));
  g_assert_true (gk_store_save_catalog_info (store, catalog, &error));
  g_assert_true (gk_store_save_items (store, items, &error));
  g_assert_no_error (error);
}

/* The first untouched draft, or the first item that is not one. */
static GkItem *
find_item (GkCatalog *catalog,
           gboolean   draft)
{
  for (guint i = 0; i < gk_catalog_get_n_items (catalog); i++)
    {
      GkItem *item = gk_catalog_get_item (catalog, i);

      if (gk_catalog_is_untouched_draft (catalog, item) == draft)
        return item;
    }
  g_assert_not_reached ();
}

static void
catalog_steps (GkWindow *window)
{
  GkCatalog *catalog = gk_window_get_catalog (window);

  /* Nothing selected: the empty state. */
  gk_test_run_for (200);
  assert_no_english ();

  /* An item with errors: the form, its messages and the totals. */
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), >, 0);
  g_assert_true (gk_window_select_item (window, find_item (catalog, FALSE)));
  gk_test_run_for (200);
  assert_no_english ();

  /* A draft to complete: its notice, and its row's. */
  g_assert_true (gk_window_select_item (window, find_item (catalog, TRUE)));
  gk_test_run_for (200);
  assert_no_english ();

  /* Search open. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  gk_test_run_for (200);
  assert_no_english ();

  /* The shortcuts window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay",
                                             NULL));
  gk_test_run_for (200);
  g_assert_nonnull (gk_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  assert_no_english ();
}

static void
first_run_steps (GkWindow *window)
{
  GtkWindow *dialog;

  gk_test_wait_until (gk_test_first_run_shown, NULL, "the first-run dialog");
  gk_test_run_for (200);
  assert_no_english ();

  /* The unit's page, with the domains suggested for an education bureau. */
  dialog = gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG);
  g_signal_emit_by_name (gk_test_get_widget (GTK_WIDGET (dialog), "alone_row"), "activated");
  gtk_editable_set_text (GTK_EDITABLE (gk_test_get_widget (GTK_WIDGET (dialog), "unit_row")),
                         "某某县教育局");
  gk_test_run_for (400);
  assert_no_english ();

  gtk_window_destroy (dialog);
}

/* GLib reads XDG_DATA_HOME once, so both tests share one data dir: first
 * the empty store, then the same store with a catalog written into it. */
static char *data_home;

static void
test_translation_first_run (void)
{
  gk_test_run_application (first_run_steps);
}

static void
test_translation_catalog (void)
{
  g_autofree char *data_dir = g_build_filename (data_home, "gongkai", NULL);

  write_catalog (data_dir);
  gk_test_run_application (catalog_steps);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tmp = g_dir_make_tmp ("gongkai-zh-XXXXXX", NULL);
  int status;

  english = found;
  data_home = tmp;
  g_setenv ("XDG_DATA_HOME", tmp, TRUE);
  g_setenv ("LANG", "zh_CN.UTF-8", TRUE);
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  g_unsetenv ("LANGUAGE");
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    g_error ("The zh_CN.UTF-8 locale is missing: generate it (build-aux/dev.sh does as root)");

  gk_core_init_i18n ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/translation/first-run", test_translation_first_run);
  g_test_add_func ("/translation/catalog", test_translation_catalog);
  status = g_test_run ();

  gk_test_remove_tree (tmp);
  return status;
}
