/* test-catalog-model-lazy.c: item rows are made only for groups somebody
 * looks into, and the counts are right without them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-catalog-model.h"
#include "gk-test-ui.h"

static GkTreeNode *
get_group (GkCatalogModel *model,
           const char     *domain_code,
           guint           index)
{
  GkTreeNode *domain = gk_catalog_model_lookup_domain (model, domain_code);
  g_autoptr(GkTreeNode) group = NULL;

  group = g_list_model_get_item (G_LIST_MODEL (gk_tree_node_get_children (domain)), index);
  g_assert_nonnull (group);
  return group;
}

static void
count_changes_cb (GkCatalogModel *model,
                  GkItem         *item,
                  GkField         field,
                  guint          *n_changes)
{
  (*n_changes)++;
}

static void
test_lazy_groups (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkCatalogModel) model = NULL;
  GkTreeNode *first, *second, *node;
  GkItem *a, *b, *c;
  guint n_changes = 0, n_errors;

  a = gk_test_add_item (catalog, "03", "财政预算", "预算公开", 0);
  b = gk_test_add_item (catalog, "03", "财政预算", "决算公开", 1);
  c = gk_test_add_item (catalog, "03", "政府采购", "采购意向", 2);
  model = gk_catalog_model_new (catalog);
  g_signal_connect (model, "item-changed", G_CALLBACK (count_changes_cb), &n_changes);

  /* Groups and counts exist; item rows do not yet. */
  first = get_group (model, "03", 0);
  second = get_group (model, "03", 1);
  g_assert_false (gk_tree_node_is_filled (first));
  g_assert_false (gk_tree_node_is_filled (second));
  g_assert_cmpuint (gk_tree_node_get_n_items (first), ==, 2);
  g_assert_cmpuint (gk_tree_node_get_members (first)->len, ==, 2);
  g_assert_cmpuint (gk_tree_node_get_n_items (gk_catalog_model_lookup_domain (model, "03")),
                    ==, 3);
  n_errors = gk_tree_node_get_n_errors (first);
  g_assert_cmpuint (n_errors, >=, 2);

  /* A change in a group without rows still counts. */
  gk_item_set_text (a, GK_FIELD_BASIS, "《中华人民共和国预算法》");
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpuint (gk_tree_node_get_n_errors (first), ==, n_errors - 1);
  g_assert_false (gk_tree_node_is_filled (first));

  /* Moving into a group without rows, then asking for them. */
  gk_item_set_text (c, GK_FIELD_LEVEL1, "财政预算");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gk_tree_node_get_children (
    gk_catalog_model_lookup_domain (model, "03")))), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gk_tree_node_get_children (first))),
                    ==, 3);
  g_assert_true (gk_tree_node_is_filled (first));

  /* Rows show the item's own title, and follow it. */
  node = gk_catalog_model_lookup_item (model, gk_item_get_id (b));
  g_assert_nonnull (node);
  g_assert_cmpstr (gk_tree_node_get_title (node), ==, "决算公开");
  gk_item_set_text (b, GK_FIELD_LEVEL2, "");
  g_assert_cmpstr (gk_tree_node_get_title (node), ==, "(No name yet)");
  g_assert_true (gk_catalog_model_get_parent (model, node) == first);

  /* An item looked up in another domain makes only that group's rows. */
  a = gk_test_add_item (catalog, "04", "统计数据", "统计公报", 0);
  gk_test_add_item (catalog, "04", "统计调查", "调查项目", 1);
  node = gk_catalog_model_lookup_item (model, gk_item_get_id (a));
  g_assert_nonnull (node);
  g_assert_true (gk_tree_node_is_filled (get_group (model, "04", 0)));
  g_assert_false (gk_tree_node_is_filled (get_group (model, "04", 1)));
  g_assert_cmpstr (gk_tree_node_get_domain_code (node), ==, "04");

  /* Into another domain: the row goes with it. */
  gk_item_set_text (a, GK_FIELD_DOMAIN, "01");
  g_assert_cmpuint (gk_tree_node_get_n_items (gk_catalog_model_lookup_domain (model, "04")),
                    ==, 1);
  g_assert_cmpuint (gk_tree_node_get_n_items (gk_catalog_model_lookup_domain (model, "01")),
                    ==, 1);
  g_assert_true (gk_catalog_model_lookup_item (model, gk_item_get_id (a)) == node);
  g_assert_cmpstr (gk_tree_node_get_domain_code (node), ==, "01");

  g_assert_finalize_object (g_steal_pointer (&model));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/editor/catalog-model/lazy-groups", test_lazy_groups);

  return g_test_run ();
}
