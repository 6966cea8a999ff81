/* test-window.c: the editor window driven through its own widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gstdio.h>

#include "gk-application.h"
#include "gk-catalog-tree.h"
#include "gk-channel-chooser.h"
#include "gk-first-run-dialog.h"
#include "gk-item-form.h"
#include "gk-move-dialog.h"
#include "gk-renderer-choice.h"
#include "gk-test-app.h"
#include "gk-test-ui.h"
#include "gk-window.h"

#define UNIQUE_BASIS "《测试条例》第九条"

static gboolean
catalog_started (gpointer data)
{
  GkCatalog *catalog = gk_window_get_catalog (data);

  return *gk_catalog_get_unit_name (catalog) != '\0' && !gk_window_get_busy (data);
}

static gboolean
label_is_saved (gpointer data)
{
  return g_str_equal (gtk_label_get_text (data), "Saved");
}

/* The form's controls, by their names in gk-item-form.ui. */
static GtkWidget *
get_field_widget (GkItemForm *form,
                  GkField     field)
{
  static const char * const ids[GK_N_FIELDS] = {
    [GK_FIELD_LEVEL1] = "level1_row",
    [GK_FIELD_LEVEL2] = "level2_row",
    [GK_FIELD_CONTENT] = "content_view",
    [GK_FIELD_BASIS] = "basis_view",
    [GK_FIELD_TIME_LIMIT] = "time_limit_row",
    [GK_FIELD_SUBJECT] = "subject_row",
    [GK_FIELD_CHANNELS] = "channel_chooser",
    [GK_FIELD_AUDIENCE] = "audience_public_check",
    [GK_FIELD_METHOD] = "method_proactive_check",
  };
  GtkWidget *widget;

  g_assert_nonnull (ids[field]);
  widget = gk_test_get_widget (GTK_WIDGET (form), ids[field]);

  /* The channel checks are made in code: take the first, 政府网站. */
  if (field == GK_FIELD_CHANNELS)
    widget = GTK_WIDGET (gk_channel_chooser_get_check (GK_CHANNEL_CHOOSER (widget),
                                                       GK_CHANNEL_WEBSITE));

  return widget;
}

/* Whether the field's widget or one of its containers up to the form
 * wears @style ("error", "warning"). */
static gboolean
field_shows (GkItemForm *form,
             GkField     field,
             const char *style)
{
  for (GtkWidget *widget = get_field_widget (form, field);
       widget != NULL && widget != GTK_WIDGET (form); widget = gtk_widget_get_parent (widget))
    if (gtk_widget_has_css_class (widget, style))
      return TRUE;

  return FALSE;
}

static gboolean
field_shows_error (GkItemForm *form,
                   GkField     field)
{
  return field_shows (form, field, "error");
}

static void
set_field_text (GkItemForm *form,
                GkField     field,
                const char *text)
{
  GtkWidget *widget = get_field_widget (form, field);

  if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

static void
check_field (GkItemForm *form,
             GkField     field)
{
  GtkWidget *widget = get_field_widget (form, field);

  g_assert_true (GTK_IS_CHECK_BUTTON (widget));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (widget), TRUE);
}

static gboolean
nothing_to_undo (gpointer window)
{
  return !gk_window_get_busy (window) && !gk_store_can_undo (gk_window_get_store (window));
}

static void
complete_first_run (GkWindow *window)
{
  GtkWindow *dialog;
  GtkWidget *start;

  gk_test_wait_until (gk_test_first_run_shown, NULL, "the first-run dialog");
  dialog = gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG);
  start = gk_test_get_widget (GTK_WIDGET (dialog), "start_button");
  /* The PC works alone; joining is test-join's. */
  g_signal_emit_by_name (gk_test_get_widget (GTK_WIDGET (dialog), "alone_row"), "activated");
  g_assert_true (gtk_widget_get_visible (start));
  g_assert_false (gtk_widget_get_sensitive (start));

  gtk_editable_set_text (GTK_EDITABLE (gk_test_get_widget (GTK_WIDGET (dialog), "unit_row")),
                         "测试县人民政府");
  g_assert_true (gtk_widget_get_sensitive (start));
  g_signal_emit_by_name (start, "clicked");

  gk_test_wait_until (catalog_started, window, "the new catalog to be saved");
  g_assert_null (gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG));
  g_assert_cmpstr (gk_catalog_get_unit_name (gk_window_get_catalog (window)), ==,
                   "测试县人民政府");
  /* The standard opening rows are on by default. */
  g_assert_cmpuint (gk_catalog_get_n_items (gk_window_get_catalog (window)), >, 0);

  /* They are the start, not an edit: nothing to undo. */
  gk_test_wait_until (nothing_to_undo, window, "the history to start afresh");
  g_assert_cmpuint (gk_store_get_n_history (gk_window_get_store (window)), ==, 0);
}

static GkTreeNode *
get_domain_row (GkWindow *window,
                guint     index)
{
  GkCatalogTree *tree = GK_CATALOG_TREE (gk_test_get_widget (GTK_WIDGET (window), "tree"));
  GListModel *domains = gk_catalog_model_get_domains (gk_catalog_tree_get_model (tree));
  g_autoptr(GkTreeNode) node = g_list_model_get_item (domains, index);

  g_assert_cmpint (gk_tree_node_get_kind (node), ==, GK_TREE_NODE_DOMAIN);
  return node;
}

/* Adds an item through the action and the form; returns its id. */
static char *
create_item (GkWindow *window)
{
  GkItemForm *form = GK_ITEM_FORM (gk_test_get_widget (GTK_WIDGET (window), "form"));
  GtkWidget *save_label = gk_test_get_widget (GTK_WIDGET (window), "save_label");
  guint n_items = gk_catalog_get_n_items (gk_window_get_catalog (window));
  GkCatalogTree *tree = GK_CATALOG_TREE (gk_test_get_widget (GTK_WIDGET (window), "tree"));
  GkTreeNode *node;
  guint n_errors;
  GkItem *item;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-item", NULL));
  g_assert_cmpuint (gk_catalog_get_n_items (gk_window_get_catalog (window)), ==, n_items + 1);
  item = gk_item_form_get_item (form);
  g_assert_nonnull (item);

  /* Filed under a new 一级事项: the row moves and stays selected. */
  set_field_text (form, GK_FIELD_LEVEL1, "测试一级事项");
  node = gk_catalog_tree_get_selected (tree);
  g_assert_nonnull (node);
  g_assert_true (gk_tree_node_get_item (node) == item);
  g_assert_cmpstr (gk_tree_node_get_level1 (gk_catalog_model_get_parent (
    gk_catalog_tree_get_model (tree), node)), ==, "测试一级事项");

  set_field_text (form, GK_FIELD_LEVEL2, "测试二级事项");
  set_field_text (form, GK_FIELD_CONTENT, "测试内容");
  set_field_text (form, GK_FIELD_TIME_LIMIT, "信息形成或变更之日起20个工作日内");
  set_field_text (form, GK_FIELD_SUBJECT, "测试县自然资源局");
  check_field (form, GK_FIELD_CHANNELS);
  check_field (form, GK_FIELD_AUDIENCE);
  check_field (form, GK_FIELD_METHOD);

  /* The form writes through to the item. The basis is still missing, but
   * the item is being entered: not an error until asked for. */
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_LEVEL2), ==, "测试二级事项");
  g_assert_false (field_shows_error (form, GK_FIELD_BASIS));
  g_assert_cmpuint (gk_item_form_get_n_errors (form), ==, 0);
  gk_test_wait_until (label_is_saved, save_label, "the first save");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.first-problem", NULL));
  g_assert_true (gk_item_form_get_item (form) == item);
  g_assert_true (field_shows_error (form, GK_FIELD_BASIS));
  g_assert_false (field_shows_error (form, GK_FIELD_LEVEL2));
  g_assert_cmpuint (gk_item_form_get_n_errors (form), >, 0);

  n_errors = gk_tree_node_get_n_errors (get_domain_row (window, 0));
  set_field_text (form, GK_FIELD_BASIS, UNIQUE_BASIS);
  g_assert_false (field_shows_error (form, GK_FIELD_BASIS));
  /* The domain's badge follows the typing. */
  g_assert_cmpuint (gk_tree_node_get_n_errors (get_domain_row (window, 0)), ==, n_errors - 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (save_label)), ==, "Saving…");
  /* Not waiting: closing the window must wait for this save. */

  return g_strdup (gk_item_get_id (item));
}

typedef struct
{
  GkItem     *item;
  const char *basis;
} BasisWait;

static gboolean
basis_is (gpointer data)
{
  BasisWait *wait = data;

  return g_str_equal (gk_item_get_text (wait->item, GK_FIELD_BASIS), wait->basis);
}

static void
check_undo_redo (GkWindow *window,
                 GkItem   *item)
{
  BasisWait wait = { item, "" };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  gk_test_wait_until (basis_is, &wait, "undo of the basis");
  /* Only the last step is undone. */
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_LEVEL2), ==, "测试二级事项");

  wait.basis = UNIQUE_BASIS;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  gk_test_wait_until (basis_is, &wait, "redo of the basis");
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_LEVEL2), ==, "测试二级事项");
}

typedef struct
{
  GListModel *rows;
  guint       n_domains;
  guint       n_items;
  GkItem     *item;
} RowCount;

static void
count_rows (RowCount *count)
{
  count->n_domains = count->n_items = 0;
  count->item = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (count->rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (count->rows, i);
      g_autoptr(GkTreeNode) node = gtk_tree_list_row_get_item (row);

      if (gk_tree_node_get_kind (node) == GK_TREE_NODE_DOMAIN)
        count->n_domains++;
      else if (gk_tree_node_get_kind (node) == GK_TREE_NODE_ITEM)
        {
          count->n_items++;
          count->item = gk_tree_node_get_item (node);
        }
    }
}

static gboolean
only_one_item_shown (gpointer data)
{
  count_rows (data);
  return ((RowCount *) data)->n_domains == 1 && ((RowCount *) data)->n_items == 1;
}

static gboolean
all_domains_shown (gpointer data)
{
  count_rows (data);
  return ((RowCount *) data)->n_domains == GK_N_DOMAINS;
}

static gboolean
one_domain_shown (gpointer data)
{
  count_rows (data);
  return ((RowCount *) data)->n_domains == 1;
}

/* The action the window's Esc runs. */
static const char *
get_escape_action (GtkWidget *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);
  g_autoptr(GtkShortcutTrigger) escape = gtk_keyval_trigger_new (GDK_KEY_Escape, 0);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), escape)
              && GTK_IS_NAMED_ACTION (action))
            return gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
        }
    }
  return NULL;
}

static void
check_search (GkWindow *window,
              GkItem   *item)
{
  GkCatalogTree *tree = GK_CATALOG_TREE (gk_test_get_widget (GTK_WIDGET (window), "tree"));
  GtkWidget *entry = gk_test_get_widget (GTK_WIDGET (window), "search_entry");
  GtkSearchBar *bar = GTK_SEARCH_BAR (gk_test_get_widget (GTK_WIDGET (window), "search_bar"));
  RowCount count = { gk_catalog_tree_get_rows (tree), };

  g_assert_true (all_domains_shown (&count));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (bar));

  /* Matched in the basis, casefolded. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "测试条例");
  gk_test_wait_until (only_one_item_shown, &count, "the search to filter the tree");
  g_assert_true (count.item == item);

  gtk_editable_set_text (GTK_EDITABLE (entry), "no such text anywhere");
  gk_test_run_for (400);
  count_rows (&count);
  g_assert_cmpuint (count.n_items, ==, 0);
  g_assert_cmpuint (count.n_domains, ==, 0);

  /* Escape in the entry closes the bar and shows everything again. */
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_false (gtk_search_bar_get_search_mode (bar));
  gk_test_wait_until (all_domains_shown, &count, "the tree to show everything again");

  /* A domain's code finds its items; Enter goes to the first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  gtk_editable_set_text (GTK_EDITABLE (entry), gk_item_get_text (item, GK_FIELD_DOMAIN));
  gk_test_wait_until (one_domain_shown, &count, "the search to find the domain");
  g_signal_emit_by_name (entry, "activate");
  g_assert_nonnull (gk_catalog_tree_get_selected (tree));
  g_assert_cmpint (gk_tree_node_get_kind (gk_catalog_tree_get_selected (tree)), ==,
                   GK_TREE_NODE_ITEM);
  g_assert_cmpstr (gk_item_get_text (gk_tree_node_get_item (gk_catalog_tree_get_selected (tree)),
                                     GK_FIELD_DOMAIN), ==,
                   gk_item_get_text (item, GK_FIELD_DOMAIN));

  /* Escape with the focus in the tree closes the search too: the
   * window's Esc runs it. */
  g_assert_cmpstr (get_escape_action (GTK_WIDGET (window)), ==, "win.end-search");
  gtk_widget_grab_focus (GTK_WIDGET (tree));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.end-search", NULL));
  g_assert_false (gtk_search_bar_get_search_mode (bar));
  gk_test_wait_until (all_domains_shown, &count, "the tree to show everything again");
}

static char *item_id;
static char *moved_id;

static gboolean
window_idle (gpointer data)
{
  return !gk_window_get_busy (data);
}

static gboolean
move_dialog_shown (gpointer data)
{
  return gk_test_find_toplevel (GK_TYPE_MOVE_DIALOG) != NULL;
}

static void
check_move_to_group (GkWindow *window,
                     GkItem   *item)
{
  GtkWindow *dialog;

  g_assert_true (gk_window_select_item (window, item));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.move-to-group", NULL));
  gk_test_wait_until (move_dialog_shown, NULL, "the move dialog");
  dialog = gk_test_find_toplevel (GK_TYPE_MOVE_DIALOG);

  /* Its own group is offered but cannot be chosen. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "move"));
  gtk_editable_set_text (GTK_EDITABLE (gk_test_get_widget (GTK_WIDGET (dialog), "new_row")),
                         "新一级事项");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "move"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "move");

  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_LEVEL1), ==, "新一级事项");
  g_assert_true (gk_tree_node_get_item (gk_catalog_tree_get_selected (
    GK_CATALOG_TREE (gk_test_get_widget (GTK_WIDGET (window), "tree")))) == item);
  gk_test_wait_until (window_idle, window, "the move to be saved");
}


static void
check_problems (GkWindow *window)
{
  GtkButton *button = GTK_BUTTON (gk_test_get_widget (GTK_WIDGET (window), "problems_button"));
  GkItemForm *form = GK_ITEM_FORM (gk_test_get_widget (GTK_WIDGET (window), "form"));

  /* The opening rows are drafts to complete, not errors. */
  g_assert_true (g_str_has_suffix (gtk_button_get_label (button), "to complete"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (button), "error"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.first-problem", NULL));
  g_assert_nonnull (gk_item_form_get_item (form));
  g_assert_cmpuint (gk_item_form_get_n_errors (form), ==, 0);
  g_assert_true (gtk_widget_get_visible (gk_test_get_widget (GTK_WIDGET (form), "draft_box")));
}

static void
check_move (GkWindow *window)
{
  GkCatalog *catalog = gk_window_get_catalog (window);
  g_autoptr(GPtrArray) before = gk_catalog_dup_domain_items (catalog, "01");
  g_autoptr(GPtrArray) after = NULL;
  GkItem *first = before->pdata[0];
  GkItem *second = before->pdata[1];

  /* Two opening rows of one 一级事项 group. */
  g_assert_cmpstr (gk_item_get_text (first, GK_FIELD_LEVEL1), ==,
                   gk_item_get_text (second, GK_FIELD_LEVEL1));
  g_assert_true (gk_window_select_item (window, first));
  /* The first of its group cannot go up. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.move-up", NULL);
  after = gk_catalog_dup_domain_items (catalog, "01");
  g_assert_true (after->pdata[0] == first);
  g_clear_pointer (&after, g_ptr_array_unref);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.move-down", NULL));

  after = gk_catalog_dup_domain_items (catalog, "01");
  g_assert_true (after->pdata[0] == second);
  g_assert_true (after->pdata[1] == first);
  gk_test_wait_until (window_idle, window, "the new order to be saved");
  moved_id = g_strdup (gk_item_get_id (first));
}

/* Whether a label under @root shows @text. */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static void
check_delete (GkWindow *window,
              GkItem   *item)
{
  GkCatalog *catalog = gk_window_get_catalog (window);
  g_autofree char *id = g_strdup (gk_item_get_id (item));
  g_autofree char *name = gk_item_dup_title (item);
  g_autofree char *toast = g_strdup_printf ("“%s” deleted", name);

  g_assert_true (gk_window_select_item (window, item));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-item", NULL));
  g_assert_null (gk_catalog_lookup_item (catalog, id));
  /* The toast names the item. */
  gk_test_run_for (50);
  g_assert_true (shows_text (GTK_WIDGET (window), toast));
  gk_test_wait_until (window_idle, window, "the deletion to be saved");

  /* What the toast's Undo button does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-item", "s", id));
  g_assert_true (gk_catalog_lookup_item (catalog, id) == item);
  gk_test_wait_until (window_idle, window, "the item to be saved again");
}

static gboolean
message_shown (gpointer data)
{
  return gk_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static AdwMessageDialog *
find_errors_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window)
          && g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)),
                        "The Catalog Is Not Complete") == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
errors_told (gpointer unused)
{
  return find_errors_dialog () != NULL;
}

static gboolean
errors_gone (gpointer unused)
{
  return find_errors_dialog () == NULL;
}

/* The starter rows are drafts to complete: exporting or printing says so
 * first, and "Show Them" goes to the first. */
static void
check_export_with_errors (GkWindow *window)
{
  const char *actions[] = { "win.export", "win.print" };
  GkItemForm *form = GK_ITEM_FORM (gk_test_get_widget (GTK_WIDGET (window), "form"));
  GkCatalogModel *model = gk_catalog_tree_get_model (
    GK_CATALOG_TREE (gk_test_get_widget (GTK_WIDGET (window), "tree")));

  g_assert_cmpuint (gk_catalog_model_get_n_errors (model), ==, 0);
  g_assert_cmpuint (gk_catalog_model_get_n_drafts (model), >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      AdwMessageDialog *dialog;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), actions[i], NULL));
      gk_test_wait_until (errors_told, NULL, "the dialog about the errors");
      dialog = find_errors_dialog ();
      g_assert_true (adw_message_dialog_has_response (dialog, "anyway"));
      /* As the user clicks it: the dialog closes itself. */
      adw_message_dialog_response (dialog, "show");
      gtk_window_close (GTK_WINDOW (dialog));
      gk_test_wait_until (errors_gone, NULL, "the dialog to close");
      /* The first draft is shown, as one. */
      g_assert_nonnull (gk_item_form_get_item (form));
      g_assert_true (gk_catalog_is_untouched_draft (gk_window_get_catalog (window),
                                                    gk_item_form_get_item (form)));
      g_assert_true (gtk_widget_get_visible (gk_test_get_widget (GTK_WIDGET (form),
                                                                 "draft_box")));
    }
}

/* The damaged file put there by main() is kept aside, and the user told. */
static void
acknowledge_set_aside (GkWindow *window)
{
  const char *aside = gk_store_get_set_aside_path (gk_window_get_store (window));
  AdwMessageDialog *dialog;

  g_assert_nonnull (aside);
  g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));
  gk_test_wait_until (message_shown, NULL, "the message about the damaged file");
  dialog = ADW_MESSAGE_DIALOG (gk_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), aside));

  /* The first run waits until the message is read. */
  g_assert_null (gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG));
  adw_message_dialog_response (dialog, "ok");
}

/* Under Xvfb OpenGL is Mesa's llvmpipe, or none: the window must draw with
 * cairo, and only then (main() unsets GSK_RENDERER, which would win). */
static void
check_renderer (GkWindow *window)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  GkOpenGL open_gl = gk_renderer_choice_probe (display);

  g_test_message ("OpenGL: %d, renderer: %s", open_gl, G_OBJECT_TYPE_NAME (renderer));
  if (open_gl != GK_OPEN_GL_HARDWARE)
    g_assert_true (GSK_IS_CAIRO_RENDERER (renderer));
  g_assert_true ((open_gl != GK_OPEN_GL_HARDWARE) ==
                 (g_object_get_data (G_OBJECT (display), "gsk-renderer") != NULL));
}

/* Which of the panes holds the focus: 0 the tree, 1 the form, 2 the
 * preview, -1 none or a hidden one (a page of the content stack not
 * shown is in none of them). */
static int
get_focused_pane (GkWindow *window)
{
  const char *ids[] = { "tree", "form", "preview" };
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  g_assert_nonnull (focus);
  for (int i = 0; i < (int) G_N_ELEMENTS (ids); i++)
    {
      GtkWidget *pane = gk_test_get_widget (GTK_WIDGET (window), ids[i]);

      /* Never a pane that is not shown (the tree's own focus may rest on
       * a row scrolled out of view, which GtkListView keeps). */
      if (focus == pane || gtk_widget_is_ancestor (focus, pane))
        return gtk_widget_get_mapped (pane) ? i : -1;
    }
  return -1;
}

/* F6 as GtkPaned's binding sends it. */
static void
press_f6 (GkWindow *window,
          gboolean  shift)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (gk_test_get_widget (GTK_WIDGET (window), "paned"),
                         "cycle-child-focus", shift, &handled);
  g_assert_true (handled);
}

/* F6 goes round the visible panes, tree, form and preview, and back;
 * Shift+F6 the other way; a hidden preview is left out. */
static void
check_panes (GkWindow *window)
{
  GtkWidget *tree = gk_test_get_widget (GTK_WIDGET (window), "tree");

  g_assert_true (gtk_widget_child_focus (tree, GTK_DIR_TAB_FORWARD));
  g_assert_cmpint (get_focused_pane (window), ==, 0);
  press_f6 (window, FALSE);
  g_assert_cmpint (get_focused_pane (window), ==, 1);
  press_f6 (window, FALSE);
  g_assert_cmpint (get_focused_pane (window), ==, 2);
  press_f6 (window, FALSE);
  g_assert_cmpint (get_focused_pane (window), ==, 0);
  press_f6 (window, TRUE);
  g_assert_cmpint (get_focused_pane (window), ==, 2);

  /* Hiding the preview, which holds the focus, gives the focus to the
   * form; then F6 goes round the tree and the form only. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-preview", NULL));
  g_assert_cmpint (get_focused_pane (window), ==, 1);
  gk_test_run_for (50);
  g_assert_true (gtk_widget_child_focus (tree, GTK_DIR_TAB_FORWARD));
  press_f6 (window, FALSE);
  g_assert_cmpint (get_focused_pane (window), ==, 1);
  press_f6 (window, FALSE);
  g_assert_cmpint (get_focused_pane (window), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-preview", NULL));
  gk_test_run_for (50);
}

static void
first_start (GkWindow *window)
{
  check_renderer (window);
  acknowledge_set_aside (window);
  complete_first_run (window);
  check_export_with_errors (window);
  item_id = create_item (window);
  check_panes (window);

  /* Kept in GSettings for the next start. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_paned_set_position (GTK_PANED (gk_test_get_widget (GTK_WIDGET (window), "paned")), 280);
}

static gboolean
widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* Whether a shortcut label under @widget shows @accelerator. */
static gboolean
shows_accelerator (GtkWidget  *widget,
                   const char *accelerator)
{
  if (GTK_IS_SHORTCUT_LABEL (widget)
      && g_strcmp0 (gtk_shortcut_label_get_accelerator (GTK_SHORTCUT_LABEL (widget)),
                    accelerator) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (shows_accelerator (child, accelerator))
        return TRUE;
    }
  return FALSE;
}

/* Ctrl+? shows the shortcuts window, built on demand, and Escape hides it. */
static void
check_shortcuts (GkWindow *window)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (window));
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (application,
                                                                 "win.show-help-overlay");
  GtkWindow *shortcuts;

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));
  g_assert_null (gk_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay",
                                             NULL));
  shortcuts = gk_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));
  gk_test_wait_until (widget_mapped, shortcuts,
                      "the shortcuts window to show");
  /* The rows that name an action show the application's accelerators. */
  g_assert_true (shows_accelerator (GTK_WIDGET (shortcuts), "<Control>f"));
  g_assert_true (shows_accelerator (GTK_WIDGET (shortcuts), "<Shift><Control>z"));

  gtk_window_close (shortcuts);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay",
                                             NULL));
  g_assert_true (gk_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) == shortcuts);
  gtk_window_close (shortcuts);
}

static void
check_window_state (GkWindow *window)
{
  GtkPaned *paned;
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);
  paned = GTK_PANED (gk_test_get_widget (GTK_WIDGET (window), "paned"));
  g_assert_cmpint (gtk_paned_get_position (paned), ==, 280);
}

static GkWindow *the_window;

static gboolean
item_gone (gpointer id)
{
  return gk_catalog_lookup_item (gk_window_get_catalog (the_window), id) == NULL;
}

static void
check_duplicate (GkWindow *window,
                 GkItem   *item)
{
  GkCatalog *catalog = gk_window_get_catalog (window);
  GkItemForm *form = GK_ITEM_FORM (gk_test_get_widget (GTK_WIDGET (window), "form"));
  guint n_items = gk_catalog_get_n_items (catalog);
  g_autoptr(GPtrArray) order = NULL;
  g_autofree char *copy_id = NULL;
  GkCatalogModel *model = gk_catalog_tree_get_model (
    GK_CATALOG_TREE (gk_test_get_widget (GTK_WIDGET (window), "tree")));
  GkItem *copy;
  guint index;

  the_window = window;
  g_assert_true (gk_window_select_item (window, item));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.duplicate-item", NULL));
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, n_items + 1);

  /* The copy is selected, right after the original. */
  copy = gk_item_form_get_item (form);
  g_assert_true (copy != item);
  g_assert_cmpstr (gk_item_get_id (copy), !=, gk_item_get_id (item));
  g_assert_cmpstr (gk_item_get_text (copy, GK_FIELD_BASIS), ==, UNIQUE_BASIS);
  order = gk_catalog_dup_domain_items (catalog, gk_item_get_text (item, GK_FIELD_DOMAIN));
  g_assert_true (g_ptr_array_find (order, item, &index));
  g_assert_true (order->pdata[index + 1] == copy);

  /* The copy repeats the original's names: warned of, on the copy only, as
   * `gongkai-cli check` does; a name of its own ends it. */
  g_assert_true (gk_catalog_model_is_duplicate (model, copy));
  g_assert_false (gk_catalog_model_is_duplicate (model, item));
  g_assert_true (field_shows (form, GK_FIELD_LEVEL2, "warning"));
  g_assert_cmpuint (gk_tree_node_get_n_warnings (gk_catalog_model_lookup_item (
    model, gk_item_get_id (copy))), >, 0);
  set_field_text (form, GK_FIELD_LEVEL2, "复制后改名的二级事项");
  g_assert_false (gk_catalog_model_is_duplicate (model, copy));
  g_assert_false (field_shows (form, GK_FIELD_LEVEL2, "warning"));
  set_field_text (form, GK_FIELD_LEVEL2, gk_item_get_text (item, GK_FIELD_LEVEL2));
  g_assert_true (gk_catalog_model_is_duplicate (model, copy));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-item", NULL));
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, n_items);
  gk_test_wait_until (window_idle, window, "the copy to be deleted");

  /* Undoing a duplicate shows the original again, not another item the
   * undo touched. */
  g_assert_true (gk_window_select_item (window, item));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.duplicate-item", NULL));
  copy_id = g_strdup (gk_item_get_id (gk_item_form_get_item (form)));
  gk_test_wait_until (window_idle, window, "the copy to be saved");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  gk_test_wait_until (item_gone, copy_id, "the undo to remove the copy");
  gk_test_wait_until (window_idle, window, "the undo to end");
  g_assert_true (gk_item_form_get_item (form) == item);
}

static void
second_start (GkWindow *window)
{
  GkItemForm *form = GK_ITEM_FORM (gk_test_get_widget (GTK_WIDGET (window), "form"));
  GkItem *item;

  /* The same data: no first run, and the item is back, in the tree. */
  g_assert_null (gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG));
  item = gk_catalog_lookup_item (gk_window_get_catalog (window), item_id);
  g_assert_nonnull (item);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_BASIS), ==, UNIQUE_BASIS);
  /* The item the user was on is shown again. */
  g_assert_true (gk_item_form_get_item (form) == item);
  g_assert_true (gk_window_select_item (window, item));
  g_assert_true (gk_item_form_get_item (form) == item);

  check_window_state (window);
  check_shortcuts (window);
  check_undo_redo (window, item);
  check_search (window, item);
  check_duplicate (window, item);
  check_problems (window);
  check_move (window);
  check_delete (window, item);
  check_move_to_group (window, item);
}

/* Third start: what the second one changed was saved. */
static void
third_start (GkWindow *window)
{
  GkCatalog *catalog = gk_window_get_catalog (window);
  GkItem *item = gk_catalog_lookup_item (catalog, item_id);
  g_autoptr(GPtrArray) items = gk_catalog_dup_domain_items (catalog, "01");
  GkItemForm *form = GK_ITEM_FORM (gk_test_get_widget (GTK_WIDGET (window), "form"));

  g_assert_nonnull (item);
  /* Again the item the user was on. */
  g_assert_true (gk_item_form_get_item (form) == item);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_BASIS), ==, UNIQUE_BASIS);
  g_assert_cmpstr (gk_item_get_id (items->pdata[1]), ==, moved_id);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_LEVEL1), ==, "新一级事项");
}

static void
test_window_lifecycle (void)
{
  gk_test_run_application (first_start);
  g_assert_nonnull (item_id);
  gk_test_run_application (second_start);
  gk_test_run_application (third_start);
  g_clear_pointer (&item_id, g_free);
  g_clear_pointer (&moved_id, g_free);
}

/* The level set as typed, and the empty start. */
static void
test_first_run_dialog (void)
{
  GtkWidget *dialog = gk_first_run_dialog_new (NULL);
  GtkWidget *levels_row = gk_test_get_widget (dialog, "levels_row");
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_auto(GStrv) levels = NULL;
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_editable_set_text (GTK_EDITABLE (gk_test_get_widget (dialog, "unit_row")),
                         " 某某镇人民政府 ");
  gtk_editable_set_text (GTK_EDITABLE (levels_row), "县级， 乡、村级,,");
  adw_combo_row_set_selected (ADW_COMBO_ROW (gk_test_get_widget (dialog, "kind_row")),
                              GK_UNIT_TOWNSHIP);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gk_test_get_widget (dialog, "empty_check")),
                               TRUE);

  levels = gk_first_run_dialog_dup_levels (GK_FIRST_RUN_DIALOG (dialog));
  g_assert_cmpuint (g_strv_length (levels), ==, 2);
  g_assert_cmpstr (levels[0], ==, "县级");
  g_assert_cmpstr (levels[1], ==, "乡、村级");

  gk_first_run_dialog_apply (GK_FIRST_RUN_DIALOG (dialog), catalog);
  g_assert_cmpstr (gk_catalog_get_unit_name (catalog), ==, "某某镇人民政府");
  g_assert_cmpint (gk_catalog_get_unit_kind (catalog), ==, GK_UNIT_TOWNSHIP);
  g_assert_cmpstrv (gk_catalog_get_levels (catalog), levels);
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, 0);

  /* A preset replaces the level set. */
  g_assert_true (gtk_widget_activate_action (dialog, "first-run.preset", "s", "镇级,村级"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (levels_row)), ==, "镇级,村级");

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (weak);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = g_dir_make_tmp ("gongkai-ui-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmp, "gongkai", NULL);
  g_autofree char *db = g_build_filename (data_dir, "gongkai.db", NULL);
  int status;

  /* Before anything asks GLib for the user data dir, which it caches. */
  g_assert_nonnull (tmp);
  g_setenv ("XDG_DATA_HOME", tmp, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_unsetenv ("GSK_RENDERER");

  /* A damaged catalog file from an earlier start. */
  g_assert_true (g_mkdir_with_parents (data_dir, 0700) == 0);
  g_assert_true (g_file_set_contents (db, "not a database", -1, NULL));

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/first-run/levels", test_first_run_dialog);
  g_test_add_func ("/ui/window/lifecycle", test_window_lifecycle);
  status = g_test_run ();

  gk_test_remove_tree (tmp);
  return status;
}
