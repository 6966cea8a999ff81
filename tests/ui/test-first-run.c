/* test-first-run.c: the first run as a department meets it, through the
 * real window
 *
 * The unit's domains suggested from its name and kind, ticked and
 * unticked; starter rows only there, with the unit as 公开主体; joining
 * makes none. Drafts nobody touched are to complete, not errors, after a
 * restart too; a changed draft is checked as any item; a new item shows
 * its missing elements once left or asked for, values typed wrongly at
 * once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-catalog-tree.h"
#include "gk-field-row.h"
#include "gk-first-run-dialog.h"
#include "gk-item-form.h"
#include "gk-join-dialog.h"
#include "gk-test-app.h"
#include "gk-test-ui.h"

#define UNIT "某某县教育局"

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static GtkWidget *
find_below (GtkWidget *widget,
            GType      type)
{
  return gk_test_find_matching (widget, is_of_type, GSIZE_TO_POINTER (type));
}

/* The domains' check buttons, in the table's order, as the user sees
 * them: one per row of the group's list. */
static GPtrArray *
get_domain_checks (GtkWidget *dialog)
{
  GtkWidget *list = find_below (gk_test_get_widget (dialog, "domains_group"),
                                GTK_TYPE_LIST_BOX);
  GPtrArray *checks = g_ptr_array_new ();

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = find_below (row, GTK_TYPE_CHECK_BUTTON);

      g_assert_nonnull (check);
      g_ptr_array_add (checks, check);
    }
  g_assert_cmpuint (checks->len, ==, GK_N_DOMAINS);
  return checks;
}

/* The ticks as a set, read from the widgets. */
static GkDomainSet
get_ticked (GPtrArray *checks)
{
  GkDomainSet ticked = 0;

  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (checks->pdata[i]))
      ticked |= GK_DOMAIN_SET (i);
  return ticked;
}

static void
set_unit_name (GtkWidget  *dialog,
               const char *name)
{
  gtk_editable_set_text (GTK_EDITABLE (gk_test_get_widget (dialog, "unit_row")), name);
}

static GkUnitKind
get_kind (GtkWidget *dialog)
{
  return gk_first_run_dialog_get_unit_kind (GK_FIRST_RUN_DIALOG (dialog));
}

/* The suggestion follows the name and the kind until the user chooses;
 * then what the user chose stays. */
static void
test_suggested_domains (void)
{
  GtkWidget *dialog = gk_first_run_dialog_new (NULL);
  g_autoptr(GPtrArray) checks = get_domain_checks (dialog);
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  AdwComboRow *kind_row = ADW_COMBO_ROW (gk_test_get_widget (dialog, "kind_row"));
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);

  /* Nothing typed: a county government, every domain. */
  g_assert_cmpint (get_kind (dialog), ==, GK_UNIT_COUNTY);
  g_assert_cmphex (get_ticked (checks), ==, GK_DOMAIN_SET_ALL);

  /* An education bureau: a department, 义务教育 only; what is ticked is
   * said above the long list. */
  set_unit_name (dialog, UNIT);
  g_assert_cmpint (get_kind (dialog), ==, GK_UNIT_DEPARTMENT);
  g_assert_cmphex (get_ticked (checks), ==, GK_DOMAIN_SET (23));
  g_assert_cmphex (gk_first_run_dialog_get_domains (GK_FIRST_RUN_DIALOG (dialog)), ==,
                   GK_DOMAIN_SET (23));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (
    ADW_PREFERENCES_GROUP (gk_test_get_widget (dialog, "domains_group"))), "24 义务教育"));

  /* A township government: all of them. */
  set_unit_name (dialog, "城关镇人民政府");
  g_assert_cmpint (get_kind (dialog), ==, GK_UNIT_TOWNSHIP);
  g_assert_cmphex (get_ticked (checks), ==, GK_DOMAIN_SET_ALL);

  /* The kind chosen by the user stays, and the domains follow it: a
   * department its name does not place gets none. */
  set_unit_name (dialog, "某某县档案局");
  adw_combo_row_set_selected (kind_row, GK_UNIT_COUNTY);
  g_assert_cmphex (get_ticked (checks), ==, GK_DOMAIN_SET_ALL);
  adw_combo_row_set_selected (kind_row, GK_UNIT_DEPARTMENT);
  g_assert_cmphex (get_ticked (checks), ==, 0);
  set_unit_name (dialog, "城关镇人民政府");
  g_assert_cmpint (get_kind (dialog), ==, GK_UNIT_DEPARTMENT);

  /* All and None, and one tick by hand: the name no longer changes them. */
  g_signal_emit_by_name (gk_test_get_widget (dialog, "all_button"), "clicked");
  g_assert_cmphex (get_ticked (checks), ==, GK_DOMAIN_SET_ALL);
  g_signal_emit_by_name (gk_test_get_widget (dialog, "none_button"), "clicked");
  g_assert_cmphex (get_ticked (checks), ==, 0);
  gtk_check_button_set_active (checks->pdata[24], TRUE);
  set_unit_name (dialog, UNIT);
  g_assert_cmphex (get_ticked (checks), ==, GK_DOMAIN_SET (24));

  /* Starter rows in the ticked domain only, the unit their 公开主体. */
  gk_first_run_dialog_apply (GK_FIRST_RUN_DIALOG (dialog), catalog);
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), >=, 3);
  for (guint i = 0; i < gk_catalog_get_n_items (catalog); i++)
    {
      GkItem *item = gk_catalog_get_item (catalog, i);

      g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_DOMAIN), ==, "25");
      g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_SUBJECT), ==, UNIT);
    }

  /* Starting empty leaves the list aside. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gk_test_get_widget (dialog, "empty_check")),
                               TRUE);
  g_assert_false (gtk_widget_get_sensitive (gk_test_get_widget (dialog, "domains_group")));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (weak);
}

static gboolean
join_dialog_shown (gpointer unused)
{
  return gk_test_find_toplevel (GK_TYPE_JOIN_DIALOG) != NULL;
}

static gboolean
catalog_started (gpointer window)
{
  return *gk_catalog_get_unit_name (gk_window_get_catalog (window)) != '\0'
         && !gk_window_get_busy (window);
}

static GkCatalogModel *
get_model (GkWindow *window)
{
  return gk_catalog_tree_get_model (GK_CATALOG_TREE (gk_test_get_widget (GTK_WIDGET (window),
                                                                         "tree")));
}

static GkItemForm *
get_form (GkWindow *window)
{
  return GK_ITEM_FORM (gk_test_get_widget (GTK_WIDGET (window), "form"));
}

static GkTreeNode *
get_domain_row (GkWindow   *window,
                const char *code)
{
  return gk_catalog_model_lookup_domain (get_model (window), code);
}

static const char *
get_totals (GkWindow *window)
{
  return gtk_button_get_label (GTK_BUTTON (gk_test_get_widget (GTK_WIDGET (window),
                                                               "problems_button")));
}

static gboolean
draft_notice_shown (GkWindow *window)
{
  return gtk_widget_get_visible (gk_test_get_widget (GTK_WIDGET (get_form (window)),
                                                     "draft_box"));
}

static guint n_starter_rows;

/* The first start: joining is asked for and given up (no rows made), then
 * the unit works alone, as an education bureau. */
static void
first_start (GkWindow *window)
{
  GkCatalog *catalog = gk_window_get_catalog (window);
  GkCatalogModel *model = get_model (window);
  GtkWidget *dialog;

  gk_test_wait_until (gk_test_first_run_shown, NULL, "the first-run dialog");
  dialog = GTK_WIDGET (gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG));
  g_signal_emit_by_name (gk_test_get_widget (dialog, "join_row"), "activated");
  gk_test_wait_until (join_dialog_shown, NULL, "the join dialog");
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, 0);
  gtk_window_close (gk_test_find_toplevel (GK_TYPE_JOIN_DIALOG));
  gk_test_wait_until (gk_test_first_run_shown, NULL, "the first-run dialog again");
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, 0);

  dialog = GTK_WIDGET (gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG));
  g_signal_emit_by_name (gk_test_get_widget (dialog, "alone_row"), "activated");
  set_unit_name (dialog, UNIT);
  g_signal_emit_by_name (gk_test_get_widget (dialog, "start_button"), "clicked");
  gk_test_wait_until (catalog_started, window, "the new catalog to be saved");

  /* 义务教育's rows only, the bureau their 公开主体. */
  n_starter_rows = gk_catalog_get_n_items (catalog);
  g_assert_cmpuint (n_starter_rows, >=, 3);
  for (guint i = 0; i < n_starter_rows; i++)
    {
      GkItem *item = gk_catalog_get_item (catalog, i);

      g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_DOMAIN), ==, "24");
      g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_SUBJECT), ==, UNIT);
    }

  /* Drafts to complete, not errors: in the totals and on the rows. */
  g_assert_cmpuint (gk_catalog_model_get_n_errors (model), ==, 0);
  g_assert_cmpuint (gk_catalog_model_get_n_drafts (model), ==, n_starter_rows);
  g_assert_cmpuint (gk_tree_node_get_n_drafts (get_domain_row (window, "24")), ==,
                    n_starter_rows);
  g_assert_cmpuint (gk_tree_node_get_n_errors (get_domain_row (window, "24")), ==, 0);
  g_assert_true (g_str_has_suffix (get_totals (window), "to complete"));
  g_assert_false (gtk_widget_has_css_class (gk_test_get_widget (GTK_WIDGET (window),
                                                                "problems_button"), "error"));
}

static gboolean
is_row_of (GtkWidget     *widget,
           gconstpointer  field)
{
  return GK_IS_FIELD_ROW (widget)
         && gk_field_row_get_field (GK_FIELD_ROW (widget)) == (GkField) GPOINTER_TO_INT (field);
}

/* The control of @field in the form, through its GkFieldRow. */
static GtkWidget *
find_control (GtkWidget *form,
              GkField    field)
{
  GtkWidget *row = gk_test_find_matching (form, is_row_of, GINT_TO_POINTER (field));

  g_assert_nonnull (row);
  return gk_field_row_get_control (GK_FIELD_ROW (row));
}

/* Whether the control of @field, or a container of it in the form, wears
 * @style ("error", "warning"). */
static gboolean
field_shows (GkItemForm *form,
             GkField     field,
             const char *style)
{
  GtkWidget *control = find_control (GTK_WIDGET (form), field);

  for (GtkWidget *w = control; w != NULL && w != GTK_WIDGET (form); w = gtk_widget_get_parent (w))
    if (gtk_widget_has_css_class (w, style))
      return TRUE;
  return FALSE;
}

/* As typed: through the form's own control. */
static void
set_text (GkItemForm *form,
          GkField     field,
          const char *text)
{
  GtkWidget *control = find_control (GTK_WIDGET (form), field);

  if (GTK_IS_TEXT_VIEW (control))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (control)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (control), text);
  g_assert_cmpstr (gk_item_get_text (gk_item_form_get_item (form), field), ==, text);
}

static gboolean
window_idle (gpointer window)
{
  return !gk_window_get_busy (window);
}

/* A draft changed is an item like the others: its missing content is an
 * error, until it is filled in. */
static void
check_touched_draft (GkWindow *window,
                     GkItem   *draft)
{
  GkCatalogModel *model = get_model (window);
  GkItemForm *form = get_form (window);

  g_assert_true (gk_window_select_item (window, draft));
  g_assert_true (draft_notice_shown (window));
  g_assert_cmpuint (gk_item_form_get_n_errors (form), ==, 0);
  g_assert_false (field_shows (form, GK_FIELD_CONTENT, "error"));

  set_text (form, GK_FIELD_LEVEL2, "法律法规和规章");
  g_assert_false (draft_notice_shown (window));
  g_assert_true (field_shows (form, GK_FIELD_CONTENT, "error"));
  g_assert_cmpuint (gk_catalog_model_get_n_drafts (model), ==, n_starter_rows - 1);
  g_assert_cmpuint (gk_catalog_model_get_n_errors (model), ==, 1);
  g_assert_cmpuint (gk_tree_node_get_n_errors (get_domain_row (window, "24")), ==, 1);

  set_text (form, GK_FIELD_CONTENT, "适用的法律、法规和规章目录");
  g_assert_false (field_shows (form, GK_FIELD_CONTENT, "error"));
  g_assert_cmpuint (gk_catalog_model_get_n_errors (model), ==, 0);
  gk_test_wait_until (window_idle, window, "the draft to be saved");
}

/* A new item waits with its missing elements while it is entered; a value
 * typed wrongly shows at once; leaving it or asking for the problems
 * shows the rest. */
static void
check_new_item (GkWindow *window,
                GkItem   *other)
{
  GkCatalogModel *model = get_model (window);
  GkItemForm *form = get_form (window);
  GtkWidget *totals = gk_test_get_widget (GTK_WIDGET (window), "problems_button");
  guint n_errors = gk_catalog_model_get_n_errors (model);
  GkItem *item;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-item", NULL));
  item = gk_item_form_get_item (form);
  g_assert_nonnull (item);
  g_assert_true (gk_catalog_model_get_new_item (model) == item);
  g_assert_false (draft_notice_shown (window));
  g_assert_cmpuint (gk_item_form_get_n_errors (form), ==, 0);
  g_assert_false (field_shows (form, GK_FIELD_BASIS, "error"));
  g_assert_cmpuint (gk_catalog_model_get_n_errors (model), ==, n_errors);

  set_text (form, GK_FIELD_LEVEL2, "学区划分");
  set_text (form, GK_FIELD_TIME_LIMIT, "信息形成之日起30日内");
  g_assert_true (field_shows (form, GK_FIELD_TIME_LIMIT, "warning"));
  g_assert_false (field_shows (form, GK_FIELD_BASIS, "error"));

  /* Left: counted and shown when it is back. */
  g_assert_true (gk_window_select_item (window, other));
  g_assert_null (gk_catalog_model_get_new_item (model));
  g_assert_cmpuint (gk_catalog_model_get_n_errors (model), >, n_errors);
  g_assert_true (gk_window_select_item (window, item));
  g_assert_true (field_shows (form, GK_FIELD_BASIS, "error"));

  /* Another one, and the problems asked for with the totals' button. */
  n_errors = gk_catalog_model_get_n_errors (model);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-item", NULL));
  item = gk_item_form_get_item (form);
  g_assert_true (gk_catalog_model_get_new_item (model) == item);
  g_assert_cmpuint (gk_catalog_model_get_n_errors (model), ==, n_errors);
  g_signal_emit_by_name (totals, "clicked");
  g_assert_cmpuint (gk_catalog_model_get_n_errors (model), >, n_errors);
  g_assert_null (gk_catalog_model_get_new_item (model));
  g_assert_nonnull (strstr (gtk_button_get_label (GTK_BUTTON (totals)), "errors"));
  gk_test_wait_until (window_idle, window, "the items to be saved");
}

static char *touched_id;

/* After a restart: the drafts nobody changed are still to complete, the
 * changed one is an item like the others. */
static void
second_start (GkWindow *window)
{
  GkCatalog *catalog = gk_window_get_catalog (window);
  GkCatalogModel *model = get_model (window);
  g_autoptr(GPtrArray) items = gk_catalog_dup_domain_items (catalog, "24");
  GkItem *touched = items->pdata[0];

  g_assert_null (gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG));
  g_assert_cmpuint (items->len, ==, n_starter_rows);
  g_assert_cmpuint (gk_catalog_model_get_n_drafts (model), ==, n_starter_rows);
  g_assert_cmpuint (gk_catalog_model_get_n_errors (model), ==, 0);

  check_touched_draft (window, touched);
  touched_id = g_strdup (gk_item_get_id (touched));
  check_new_item (window, items->pdata[1]);
}

static void
third_start (GkWindow *window)
{
  GkCatalog *catalog = gk_window_get_catalog (window);
  GkCatalogModel *model = get_model (window);
  GkItem *touched = gk_catalog_lookup_item (catalog, touched_id);

  g_assert_nonnull (touched);
  g_assert_false (gk_catalog_is_untouched_draft (catalog, touched));
  g_assert_cmpuint (gk_catalog_model_get_n_drafts (model), ==, n_starter_rows - 1);
  g_assert_cmpuint (gk_tree_node_get_n_drafts (get_domain_row (window, "24")), ==,
                    n_starter_rows - 1);
}

static void
test_first_run_drafts (void)
{
  gk_test_run_application (first_start);
  gk_test_run_application (second_start);
  gk_test_run_application (third_start);
  g_clear_pointer (&touched_id, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = g_dir_make_tmp ("gongkai-first-run-XXXXXX", NULL);

  /* Before anything asks GLib for the user data dir, which it caches. */
  g_assert_nonnull (tmp);
  g_setenv ("XDG_DATA_HOME", tmp, TRUE);
  g_setenv ("XDG_CONFIG_HOME", tmp, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_unsetenv ("GSK_RENDERER");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/first-run/suggested-domains", test_suggested_domains);
  g_test_add_func ("/first-run/drafts", test_first_run_drafts);

  return g_test_run ();
}
