/* test-catalog-model.c: the tree model and the structural edits, without
 * a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>

#include "gk-catalog-editor.h"
#include "gk-catalog-model.h"
#include "gk-catalog-tree.h"
#include "gk-test-ui.h"

static GkTreeNode *
get_child (GkTreeNode *node,
           guint       index)
{
  g_autoptr(GkTreeNode) child = NULL;

  child = g_list_model_get_item (G_LIST_MODEL (gk_tree_node_get_children (node)), index);
  g_assert_nonnull (child);
  return child;
}

static guint
get_n_children (GkTreeNode *node)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gk_tree_node_get_children (node)));
}

static void
test_model_structure (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkCatalogModel) model = NULL;
  GkItem *a, *b, *c;
  GkTreeNode *domain;
  g_autofree char *id = NULL;
  guint n_errors;

  a = gk_test_add_item (catalog, "01", "规划编制", "总体规划", 0);
  b = gk_test_add_item (catalog, "01", "行政许可", "用地许可", 1);
  c = gk_test_add_item (catalog, "01", "规划编制", "详细规划", 2);
  model = gk_catalog_model_new (catalog);

  /* All 26 domains, always; groups in order of their first item. */
  g_assert_cmpuint (g_list_model_get_n_items (gk_catalog_model_get_domains (model)), ==,
                    GK_N_DOMAINS);
  domain = gk_catalog_model_lookup_domain (model, "01");
  g_assert_cmpstr (gk_tree_node_get_title (domain), ==, "01 国土空间规划");
  g_assert_cmpuint (gk_tree_node_get_n_items (domain), ==, 3);
  g_assert_cmpuint (get_n_children (domain), ==, 2);
  g_assert_cmpstr (gk_tree_node_get_level1 (get_child (domain, 0)), ==, "规划编制");
  g_assert_cmpuint (get_n_children (get_child (domain, 0)), ==, 2);
  g_assert_true (gk_tree_node_get_item (get_child (get_child (domain, 0), 1)) == c);

  /* Drafts: every item misses elements, and the domain adds them up. */
  n_errors = gk_tree_node_get_n_errors (domain);
  g_assert_cmpuint (n_errors, >=, 3);
  g_assert_cmpuint (gk_catalog_model_get_n_errors (model), ==, n_errors);
  gk_item_set_text (a, GK_FIELD_BASIS, "《中华人民共和国城乡规划法》");
  g_assert_cmpuint (gk_tree_node_get_n_errors (domain), ==, n_errors - 1);
  g_assert_cmpuint (gk_catalog_model_get_n_errors (model), ==, n_errors - 1);

  /* A new 一级事项 moves the item; the emptied group goes. */
  gk_item_set_text (b, GK_FIELD_LEVEL1, "规划编制");
  g_assert_cmpuint (get_n_children (domain), ==, 1);
  g_assert_cmpuint (get_n_children (get_child (domain, 0)), ==, 3);

  /* Another domain. */
  gk_item_set_text (c, GK_FIELD_DOMAIN, "05");
  g_assert_cmpuint (gk_tree_node_get_n_items (domain), ==, 2);
  g_assert_cmpuint (gk_tree_node_get_n_items (gk_catalog_model_lookup_domain (model, "05")),
                    ==, 1);

  /* Titles follow the 二级事项. */
  gk_item_set_text (a, GK_FIELD_LEVEL2, "国土空间总体规划");
  g_assert_cmpstr (gk_tree_node_get_title (gk_catalog_model_lookup_item (model,
                                                                         gk_item_get_id (a))),
                   ==, "国土空间总体规划");
  /* Without one, a placeholder, never the group's name a second time. */
  gk_item_set_text (a, GK_FIELD_LEVEL2, "");
  g_assert_cmpstr (gk_tree_node_get_title (gk_catalog_model_lookup_item (model,
                                                                         gk_item_get_id (a))),
                   ==, "(No name yet)");
  gk_item_set_text (a, GK_FIELD_LEVEL2, "国土空间总体规划");

  id = g_strdup (gk_item_get_id (b));
  gk_catalog_remove_item (catalog, id);
  g_assert_null (gk_catalog_model_lookup_item (model, id));
  g_assert_cmpuint (gk_tree_node_get_n_items (domain), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_editor_order (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkCatalogModel) model = NULL;
  g_autoptr(GkAutosave) autosave = gk_autosave_new ();
  g_autoptr(GkCatalogEditor) editor = NULL;
  g_autoptr(GPtrArray) order = NULL;
  GkItem *a, *b, *c, *added, *copy;
  g_autofree char *id = NULL;
  GkTreeNode *group;

  a = gk_test_add_item (catalog, "02", "批准服务", "审批结果", 0);
  b = gk_test_add_item (catalog, "02", "批准服务", "核准结果", 1);
  c = gk_test_add_item (catalog, "02", "招标投标", "招标公告", 2);
  model = gk_catalog_model_new (catalog);
  editor = gk_catalog_editor_new (model, autosave);

  /* Up and down only inside the group. */
  g_assert_false (gk_catalog_editor_move_within_group (editor, a, -1));
  g_assert_false (gk_catalog_editor_move_within_group (editor, b, 1));
  g_assert_true (gk_catalog_editor_move_within_group (editor, b, -1));
  order = gk_catalog_model_dup_domain_items (model, "02");
  g_assert_true (order->pdata[0] == b && order->pdata[1] == a && order->pdata[2] == c);
  g_assert_cmpint (gk_item_get_position (b), <, gk_item_get_position (a));
  g_clear_pointer (&order, g_ptr_array_unref);

  /* Added into the selected group, at its end. */
  group = gk_catalog_model_get_parent (model, gk_catalog_model_lookup_item (
    model, gk_item_get_id (a)));
  added = gk_catalog_editor_add_item (editor, group);
  g_assert_cmpstr (gk_item_get_text (added, GK_FIELD_LEVEL1), ==, "批准服务");
  g_assert_cmpstr (gk_item_get_text (added, GK_FIELD_DOMAIN), ==, "02");
  order = gk_catalog_model_dup_domain_items (model, "02");
  g_assert_true (order->pdata[2] == added && order->pdata[3] == c);
  g_clear_pointer (&order, g_ptr_array_unref);

  /* A copy right after its original. */
  copy = gk_catalog_editor_duplicate_item (editor, b);
  order = gk_catalog_model_dup_domain_items (model, "02");
  g_assert_true (order->pdata[0] == b && order->pdata[1] == copy);
  g_clear_pointer (&order, g_ptr_array_unref);

  /* To the end of another group, or a new one. */
  gk_catalog_editor_move_to_group (editor, a, "招标投标");
  order = gk_catalog_model_dup_domain_items (model, "02");
  g_assert_true (order->pdata[order->len - 1] == a);
  g_clear_pointer (&order, g_ptr_array_unref);
  gk_catalog_editor_move_to_group (editor, a, "新的一级事项");
  g_assert_cmpuint (get_n_children (gk_catalog_model_lookup_domain (model, "02")), ==, 3);

  id = g_strdup (gk_item_get_id (copy));
  gk_catalog_editor_delete_item (editor, copy);
  g_assert_null (gk_catalog_lookup_item (catalog, id));
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
focus_in (gpointer data)
{
  GtkWidget *widget = data;
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
row_is_expanded (GkCatalogTree *tree,
                 GkTreeNode    *node)
{
  GListModel *rows = gk_catalog_tree_get_rows (tree);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (item == G_OBJECT (node))
        return gtk_tree_list_row_get_expanded (row);
    }

  g_error ("No row for %s", gk_tree_node_get_title (node));
}

/* Whether the keyboard focus, which must follow the cursor, is in the
 * row of @node: on its expander, or on the row when that cannot take it. */
static gboolean
has_focus_on (GkCatalogTree *tree,
              GkTreeNode    *node)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (tree)));
  g_autoptr(GObject) item = NULL;

  if (focus != NULL && !GTK_IS_TREE_EXPANDER (focus))
    focus = gtk_widget_get_first_child (focus);
  if (!GTK_IS_TREE_EXPANDER (focus))
    return FALSE;

  item = gtk_tree_expander_get_item (GTK_TREE_EXPANDER (focus));
  return item == G_OBJECT (node);
}

static void
press (GkCatalogTree *tree,
       const char    *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tree), action, NULL));
}

/* Right and Left walk the tree like GNOME's file trees: open, go in,
 * close, go out. */
static void
test_tree_keys (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkCatalogModel) model = NULL;
  GtkWidget *window = gtk_window_new ();
  GkCatalogTree *tree = GK_CATALOG_TREE (gk_catalog_tree_new ());
  GkTreeNode *domain, *group, *item;

  gk_test_add_item (catalog, "01", "规划编制", "总体规划", 0);
  gk_test_add_item (catalog, "01", "行政许可", "用地许可", 1);
  model = gk_catalog_model_new (catalog);
  domain = gk_catalog_model_lookup_domain (model, "01");
  group = get_child (domain, 0);
  item = get_child (group, 0);

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (tree));
  gk_catalog_tree_set_model (tree, model);
  gtk_window_present (GTK_WINDOW (window));
  gk_test_wait_until (is_mapped, tree, "the tree to be mapped");
  g_assert_true (gk_catalog_tree_select_node (tree, domain));
  g_assert_false (row_is_expanded (tree, domain));
  /* Somewhere in the list, so that the focus has a row to follow (the
   * window may have put it there). */
  gtk_widget_child_focus (GTK_WIDGET (tree), GTK_DIR_TAB_FORWARD);
  g_assert_true (focus_in (tree));

  press (tree, "tree.expand-row");
  g_assert_true (row_is_expanded (tree, domain));
  g_assert_true (gk_catalog_tree_get_selected (tree) == domain);
  press (tree, "tree.expand-row");
  g_assert_true (gk_catalog_tree_get_selected (tree) == group);
  g_assert_true (has_focus_on (tree, group));
  press (tree, "tree.expand-row");
  g_assert_true (row_is_expanded (tree, group));
  press (tree, "tree.expand-row");
  g_assert_true (gk_catalog_tree_get_selected (tree) == item);
  press (tree, "tree.expand-row");
  g_assert_true (gk_catalog_tree_get_selected (tree) == item);

  press (tree, "tree.collapse-row");
  g_assert_true (gk_catalog_tree_get_selected (tree) == group);
  g_assert_true (row_is_expanded (tree, group));
  press (tree, "tree.collapse-row");
  g_assert_false (row_is_expanded (tree, group));
  g_assert_true (gk_catalog_tree_get_selected (tree) == group);
  press (tree, "tree.collapse-row");
  g_assert_true (gk_catalog_tree_get_selected (tree) == domain);
  g_assert_true (has_focus_on (tree, domain));
  g_assert_true (row_is_expanded (tree, domain));
  press (tree, "tree.collapse-row");
  g_assert_false (row_is_expanded (tree, domain));
  press (tree, "tree.collapse-row");
  g_assert_true (gk_catalog_tree_get_selected (tree) == domain);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The tree is one Tab stop: Tab from a row goes to what follows the tree,
 * not to the next row, and Shift+Tab comes back to the row it left. */
static void
test_tree_tab (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkCatalogModel) model = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *before = gtk_button_new_with_label ("before");
  GtkWidget *after = gtk_button_new_with_label ("after");
  GkCatalogTree *tree = GK_CATALOG_TREE (gk_catalog_tree_new ());
  GtkWidget *row;

  gk_test_add_item (catalog, "01", "规划编制", "总体规划", 0);
  gk_test_add_item (catalog, "02", "项目审批", "批准结果", 1);
  model = gk_catalog_model_new (catalog);
  gtk_box_append (GTK_BOX (box), before);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (tree));
  gtk_box_append (GTK_BOX (box), after);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gk_catalog_tree_set_model (tree, model);
  gtk_window_present (GTK_WINDOW (window));
  gk_test_wait_until (is_mapped, tree, "the tree to be mapped");

  g_assert_true (gtk_widget_grab_focus (before));
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_in (tree));
  row = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_in (after));
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_BACKWARD));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == row);
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_BACKWARD));
  g_assert_true (focus_in (before));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The widget that shows @row, if the list made one. */
static GtkWidget *
find_row_widget (GtkWidget      *list_view,
                 GtkTreeListRow *row)
{
  for (GtkWidget *child = gtk_widget_get_first_child (list_view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *expander = gtk_widget_get_first_child (child);

      if (GTK_IS_TREE_EXPANDER (expander)
          && gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (expander)) == row)
        return child;
    }
  return NULL;
}

/* Whether the row at @position is drawn inside the tree's viewport. */
static gboolean
row_in_view (GkCatalogTree *tree,
             guint          position)
{
  GtkWidget *list_view = gk_test_get_widget (GTK_WIDGET (tree), "list_view");
  GtkWidget *viewport = gtk_widget_get_parent (list_view);
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (gk_catalog_tree_get_rows (tree),
                                                         position);
  GtkWidget *widget = find_row_widget (list_view, row);
  graphene_rect_t bounds;

  return widget != NULL && gtk_widget_get_mapped (widget)
         && gtk_widget_compute_bounds (widget, viewport, &bounds)
         && bounds.origin.y >= 0
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (viewport);
}

static gboolean
can_scroll (gpointer adjustment)
{
  return gtk_adjustment_get_page_size (adjustment) > 0
         && gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment);
}

/* The last domain opened at the bottom of a short tree scrolls the tree:
 * the rows it revealed are in view, the domain's too. */
static void
test_tree_scroll_on_expand (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkCatalogModel) model = NULL;
  GtkWidget *window = gtk_window_new ();
  GkCatalogTree *tree = GK_CATALOG_TREE (gk_catalog_tree_new ());
  GListModel *rows;
  g_autoptr(GtkTreeListRow) last = NULL;
  GtkAdjustment *adjustment;
  guint position;

  gk_test_add_item (catalog, "26", "供水服务", "停水通知", 0);
  model = gk_catalog_model_new (catalog);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (tree));
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 240);
  gk_catalog_tree_set_model (tree, model);
  gtk_window_present (GTK_WINDOW (window));
  gk_test_wait_until (is_mapped, tree, "the tree to be mapped");

  /* Scrolled to the end, as a user would to reach the last domain. */
  rows = gk_catalog_tree_get_rows (tree);
  position = g_list_model_get_n_items (rows) - 1;
  adjustment = gtk_scrollable_get_vadjustment (
    GTK_SCROLLABLE (gk_test_get_widget (GTK_WIDGET (tree), "list_view")));
  gk_test_wait_until (can_scroll, adjustment, "the tree to be laid out");
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  gk_test_run_for (200);
  g_assert_true (row_in_view (tree, position));
  g_assert_false (row_in_view (tree, 0));

  /* As a click on its arrow does. */
  last = g_list_model_get_item (rows, position);
  gtk_tree_list_row_set_expanded (last, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, position + 2);
  gk_test_run_for (200);
  g_assert_true (row_in_view (tree, position + 1));
  g_assert_true (row_in_view (tree, position));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/editor/catalog-model/structure", test_model_structure);
  g_test_add_func ("/editor/catalog-editor/order", test_editor_order);
  g_test_add_func ("/editor/catalog-tree/keys", test_tree_keys);
  g_test_add_func ("/editor/catalog-tree/tab", test_tree_tab);
  g_test_add_func ("/editor/catalog-tree/scroll-on-expand", test_tree_scroll_on_expand);

  return g_test_run ();
}
