/* gk-catalog-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-catalog-model.h"

/* The model keeps one node per domain (all 26, always), one per 一级事项
 * group and one per item. Nodes are reused when the structure changes and
 * stores are only touched where they differ, so GtkTreeListModel keeps the
 * expanded rows and the selection of everything that did not move. */
struct _GkCatalogModel
{
  GObject      parent_instance;

  GkCatalog   *catalog;
  GListStore  *domains;
  GHashTable  *items;      /* id → GkTreeNode (item row) */
  guint        n_errors;
  guint        n_warnings;
};

G_DEFINE_FINAL_TYPE (GkCatalogModel, gk_catalog_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_ERRORS,
  PROP_N_WARNINGS,
  N_PROPS
};

enum {
  BEGIN_UPDATE,
  END_UPDATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void item_changed_cb (GkCatalogModel *self,
                             GkField         field,
                             GkItem         *item);

static void
set_totals (GkCatalogModel *self,
            guint           n_errors,
            guint           n_warnings)
{
  if (self->n_errors != n_errors)
    {
      self->n_errors = n_errors;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ERRORS]);
    }
  if (self->n_warnings != n_warnings)
    {
      self->n_warnings = n_warnings;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WARNINGS]);
    }
}

/* Sets a group's or domain's counts from its children. */
static void
sum_children (GkTreeNode *node)
{
  GListModel *children = G_LIST_MODEL (gk_tree_node_get_children (node));
  guint n = g_list_model_get_n_items (children);
  guint n_items = 0, n_errors = 0, n_warnings = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GkTreeNode) child = g_list_model_get_item (children, i);

      n_errors += gk_tree_node_get_n_errors (child);
      n_warnings += gk_tree_node_get_n_warnings (child);
      n_items += gk_tree_node_get_kind (child) == GK_TREE_NODE_ITEM
                 ? 1 : gk_tree_node_get_n_items (child);
    }

  gk_tree_node_set_n_items (node, n_items);
  gk_tree_node_set_problems (node, n_errors, n_warnings);
}

static void
check_item_node (GkCatalogModel *self,
                 GkTreeNode     *node)
{
  g_autoptr(GPtrArray) diagnostics = g_ptr_array_new_with_free_func (
    (GDestroyNotify) gk_diagnostic_free);
  GkItem *item = gk_tree_node_get_item (node);
  guint n_errors;

  n_errors = gk_check_item (item, gk_catalog_get_levels (self->catalog), diagnostics);
  set_totals (self,
              self->n_errors - gk_tree_node_get_n_errors (node) + n_errors,
              self->n_warnings - gk_tree_node_get_n_warnings (node)
              + (diagnostics->len - n_errors));
  gk_tree_node_set_problems (node, n_errors, diagnostics->len - n_errors);
}

/* Makes @store hold exactly @desired, in order, touching as few
 * positions as possible. */
static void
sync_store (GListStore *store,
            GPtrArray  *desired)
{
  GListModel *model = G_LIST_MODEL (store);
  guint n = g_list_model_get_n_items (model);

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(GObject) object = g_list_model_get_item (model, i - 1);

      if (!g_ptr_array_find (desired, object, NULL))
        g_list_store_remove (store, i - 1);
    }

  for (guint i = 0; i < desired->len; i++)
    {
      g_autoptr(GObject) current = NULL;
      guint found;

      if (i < g_list_model_get_n_items (model))
        current = g_list_model_get_item (model, i);
      if (current == desired->pdata[i])
        continue;
      if (g_list_store_find (store, desired->pdata[i], &found))
        g_list_store_remove (store, found);
      g_list_store_insert (store, i, desired->pdata[i]);
    }
}

static GkTreeNode *
find_group (GListStore *store,
            GPtrArray  *groups,
            const char *level1)
{
  GListModel *model = G_LIST_MODEL (store);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < groups->len; i++)
    if (g_strcmp0 (gk_tree_node_get_level1 (groups->pdata[i]), level1) == 0)
      return g_object_ref (groups->pdata[i]);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GkTreeNode) group = g_list_model_get_item (model, i);

      if (g_strcmp0 (gk_tree_node_get_level1 (group), level1) == 0)
        return g_object_ref (group);
    }

  return NULL;
}

static GkTreeNode *
ensure_item_node (GkCatalogModel *self,
                  GkItem         *item)
{
  GkTreeNode *node = g_hash_table_lookup (self->items, gk_item_get_id (item));

  if (node != NULL)
    return node;

  node = gk_tree_node_new_item (item);
  g_hash_table_insert (self->items, g_strdup (gk_item_get_id (item)), node);
  g_signal_connect_object (item, "changed", G_CALLBACK (item_changed_cb), self,
                           G_CONNECT_SWAPPED);
  check_item_node (self, node);

  return node;
}

static void
fill_groups (GkCatalogModel *self,
             GkTreeNode     *domain,
             GPtrArray      *groups,
             GPtrArray      *group_items)
{
  g_autoptr(GPtrArray) items = NULL;
  const char *code = gk_tree_node_get_domain_code (domain);

  /* In position order. */
  items = gk_catalog_dup_domain_items (self->catalog, code);

  for (guint i = 0; i < items->len; i++)
    {
      GkItem *item = items->pdata[i];
      const char *level1 = gk_item_get_text (item, GK_FIELD_LEVEL1);
      GkTreeNode *node = ensure_item_node (self, item);
      g_autoptr(GkTreeNode) group = NULL;
      guint index;

      gk_tree_node_set_domain_code (node, code);
      group = find_group (gk_tree_node_get_children (domain), groups,
                          level1 != NULL ? level1 : "");
      if (group == NULL)
        group = gk_tree_node_new_group (code, level1);
      if (!g_ptr_array_find (groups, group, &index))
        {
          index = groups->len;
          g_ptr_array_add (groups, g_object_ref (group));
          g_ptr_array_add (group_items, g_ptr_array_new ());
        }
      g_ptr_array_add (group_items->pdata[index], node);
    }
}

/**
 * gk_catalog_model_refresh_domain:
 * @domain_code: a domain code
 *
 * Regroups and reorders the domain's rows from its items' 一级事项 and
 * positions. Call it after changing positions, which GkItem does not signal.
 */
void
gk_catalog_model_refresh_domain (GkCatalogModel *self,
                                 const char     *domain_code)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) group_items = g_ptr_array_new_with_free_func (
    (GDestroyNotify) g_ptr_array_unref);
  GkTreeNode *domain;

  g_return_if_fail (GK_IS_CATALOG_MODEL (self));

  domain = gk_catalog_model_lookup_domain (self, domain_code);
  if (domain == NULL)
    return;

  fill_groups (self, domain, groups, group_items);

  g_signal_emit (self, signals[BEGIN_UPDATE], 0);
  for (guint i = 0; i < groups->len; i++)
    {
      sync_store (gk_tree_node_get_children (groups->pdata[i]), group_items->pdata[i]);
      sum_children (groups->pdata[i]);
    }
  sync_store (gk_tree_node_get_children (domain), groups);
  sum_children (domain);
  g_signal_emit (self, signals[END_UPDATE], 0);
}

static void
refresh_item_ancestors (GkCatalogModel *self,
                        GkTreeNode     *node)
{
  GkTreeNode *domain = gk_catalog_model_lookup_domain (self,
                                                       gk_tree_node_get_domain_code (node));
  GListModel *groups;
  guint n;

  if (domain == NULL)
    return;

  groups = G_LIST_MODEL (gk_tree_node_get_children (domain));
  n = g_list_model_get_n_items (groups);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GkTreeNode) group = g_list_model_get_item (groups, i);

      if (g_list_store_find (gk_tree_node_get_children (group), node, NULL))
        sum_children (group);
    }
  sum_children (domain);
}

static void
item_changed_cb (GkCatalogModel *self,
                 GkField         field,
                 GkItem         *item)
{
  GkTreeNode *node = g_hash_table_lookup (self->items, gk_item_get_id (item));
  g_autofree char *title = NULL;
  g_autofree char *old_domain = NULL;

  if (node == NULL)
    return;

  title = gk_item_dup_title (item);
  gk_tree_node_set_title (node, title);
  check_item_node (self, node);

  if (field == GK_FIELD_DOMAIN)
    {
      old_domain = g_strdup (gk_tree_node_get_domain_code (node));
      gk_catalog_model_refresh_domain (self, old_domain);
      gk_catalog_model_refresh_domain (self, gk_item_get_text (item, GK_FIELD_DOMAIN));
    }
  else if (field == GK_FIELD_LEVEL1)
    gk_catalog_model_refresh_domain (self, gk_tree_node_get_domain_code (node));
  else
    refresh_item_ancestors (self, node);
}

static void
item_added_cb (GkCatalogModel *self,
               GkItem         *item)
{
  gk_catalog_model_refresh_domain (self, gk_item_get_text (item, GK_FIELD_DOMAIN));
}

static void
item_removed_cb (GkCatalogModel *self,
                 GkItem         *item)
{
  GkTreeNode *node = g_hash_table_lookup (self->items, gk_item_get_id (item));
  g_autofree char *domain_code = NULL;

  if (node == NULL)
    return;

  domain_code = g_strdup (gk_tree_node_get_domain_code (node));
  set_totals (self,
              self->n_errors - gk_tree_node_get_n_errors (node),
              self->n_warnings - gk_tree_node_get_n_warnings (node));
  g_signal_handlers_disconnect_by_func (item, item_changed_cb, self);
  g_hash_table_remove (self->items, gk_item_get_id (item));
  gk_catalog_model_refresh_domain (self, domain_code);
}

static void
disconnect_item (gpointer key,
                 gpointer value,
                 gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (gk_tree_node_get_item (value), item_changed_cb,
                                        user_data);
}

static void
gk_catalog_model_dispose (GObject *object)
{
  GkCatalogModel *self = GK_CATALOG_MODEL (object);

  if (self->items != NULL)
    g_hash_table_foreach (self->items, disconnect_item, self);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_object (&self->domains);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (gk_catalog_model_parent_class)->dispose (object);
}

static void
gk_catalog_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GkCatalogModel *self = GK_CATALOG_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_ERRORS:
      g_value_set_uint (value, self->n_errors);
      break;
    case PROP_N_WARNINGS:
      g_value_set_uint (value, self->n_warnings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_catalog_model_class_init (GkCatalogModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gk_catalog_model_dispose;
  object_class->get_property = gk_catalog_model_get_property;

  properties[PROP_N_ERRORS] =
    g_param_spec_uint ("n-errors", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_WARNINGS] =
    g_param_spec_uint ("n-warnings", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Around changes of the stores, so a view can keep its selection. */
  signals[BEGIN_UPDATE] = g_signal_new ("begin-update", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
  signals[END_UPDATE] = g_signal_new ("end-update", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 0);
}

static void
gk_catalog_model_init (GkCatalogModel *self)
{
  self->domains = g_list_store_new (GK_TYPE_TREE_NODE);
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      g_autoptr(GkTreeNode) node = gk_tree_node_new_domain (gk_domain_get_nth (i));

      g_list_store_append (self->domains, node);
    }
}

/**
 * gk_catalog_model_new:
 * @catalog: the catalog to show
 *
 * Returns: (transfer full): a model that follows @catalog's items
 */
GkCatalogModel *
gk_catalog_model_new (GkCatalog *catalog)
{
  GkCatalogModel *self;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  self = g_object_new (GK_TYPE_CATALOG_MODEL, NULL);
  self->catalog = g_object_ref (catalog);
  g_signal_connect_object (catalog, "item-added", G_CALLBACK (item_added_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (catalog, "item-removed", G_CALLBACK (item_removed_cb), self,
                           G_CONNECT_SWAPPED);

  for (guint i = 0; i < GK_N_DOMAINS; i++)
    gk_catalog_model_refresh_domain (self, gk_domain_get_nth (i)->code);

  return self;
}

/**
 * gk_catalog_model_get_catalog:
 *
 * Returns: (transfer none): the catalog
 */
GkCatalog *
gk_catalog_model_get_catalog (GkCatalogModel *self)
{
  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), NULL);

  return self->catalog;
}

/**
 * gk_catalog_model_get_domains:
 *
 * Returns: (transfer none): the 26 domain rows, a list of GkTreeNode
 */
GListModel *
gk_catalog_model_get_domains (GkCatalogModel *self)
{
  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), NULL);

  return G_LIST_MODEL (self->domains);
}

/**
 * gk_catalog_model_lookup_domain:
 *
 * Returns: (transfer none) (nullable): the row of the domain
 */
GkTreeNode *
gk_catalog_model_lookup_domain (GkCatalogModel *self,
                                const char     *domain_code)
{
  const GkDomain *domain;
  g_autoptr(GkTreeNode) node = NULL;

  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), NULL);

  domain = domain_code != NULL ? gk_domain_lookup (domain_code) : NULL;
  if (domain == NULL)
    return NULL;

  /* The store holds a reference for as long as the model lives. */
  node = g_list_model_get_item (G_LIST_MODEL (self->domains), gk_domain_get_index (domain));
  return node;
}

/**
 * gk_catalog_model_lookup_item:
 *
 * Returns: (transfer none) (nullable): the row of the item with @id
 */
GkTreeNode *
gk_catalog_model_lookup_item (GkCatalogModel *self,
                              const char     *id)
{
  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), NULL);

  return g_hash_table_lookup (self->items, id);
}

/**
 * gk_catalog_model_get_parent:
 * @node: a row of the model
 *
 * Returns: (transfer none) (nullable): the group of an item row, the
 *   domain of a group row, %NULL for a domain row or a row not in the tree
 */
GkTreeNode *
gk_catalog_model_get_parent (GkCatalogModel *self,
                             GkTreeNode     *node)
{
  GkTreeNode *domain;
  GListModel *groups;

  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), NULL);
  g_return_val_if_fail (GK_IS_TREE_NODE (node), NULL);

  domain = gk_catalog_model_lookup_domain (self, gk_tree_node_get_domain_code (node));
  if (domain == NULL || domain == node)
    return NULL;

  groups = G_LIST_MODEL (gk_tree_node_get_children (domain));
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(GkTreeNode) group = g_list_model_get_item (groups, i);

      if (group == node)
        return domain;
      if (g_list_store_find (gk_tree_node_get_children (group), node, NULL))
        return group;
    }

  return NULL;
}

/**
 * gk_catalog_model_recheck:
 *
 * Checks every item again, e.g. after the catalog's level set changed.
 */
void
gk_catalog_model_recheck (GkCatalogModel *self)
{
  GHashTableIter iter;
  gpointer node;

  g_return_if_fail (GK_IS_CATALOG_MODEL (self));

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &node))
    check_item_node (self, node);
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    gk_catalog_model_refresh_domain (self, gk_domain_get_nth (i)->code);
}

/**
 * gk_catalog_model_dup_domain_items:
 *
 * Returns: (transfer container) (element-type GkItem): the domain's items in
 *   the order of the tree (group by group)
 */
GPtrArray *
gk_catalog_model_dup_domain_items (GkCatalogModel *self,
                                   const char     *domain_code)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GkTreeNode *domain = gk_catalog_model_lookup_domain (self, domain_code);
  GListModel *groups;

  if (domain == NULL)
    return items;

  groups = G_LIST_MODEL (gk_tree_node_get_children (domain));
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(GkTreeNode) group = g_list_model_get_item (groups, i);
      GListModel *children = G_LIST_MODEL (gk_tree_node_get_children (group));

      for (guint j = 0; j < g_list_model_get_n_items (children); j++)
        {
          g_autoptr(GkTreeNode) node = g_list_model_get_item (children, j);

          g_ptr_array_add (items, g_object_ref (gk_tree_node_get_item (node)));
        }
    }

  return items;
}

/**
 * gk_catalog_model_dup_group_names:
 *
 * Returns: (transfer full) (element-type utf8): the domain's 一级事项 in
 *   tree order
 */
GPtrArray *
gk_catalog_model_dup_group_names (GkCatalogModel *self,
                                  const char     *domain_code)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GkTreeNode *domain = gk_catalog_model_lookup_domain (self, domain_code);
  GListModel *groups;

  if (domain == NULL)
    return names;

  groups = G_LIST_MODEL (gk_tree_node_get_children (domain));
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(GkTreeNode) group = g_list_model_get_item (groups, i);

      g_ptr_array_add (names, g_strdup (gk_tree_node_get_level1 (group)));
    }

  return names;
}

guint
gk_catalog_model_get_n_errors (GkCatalogModel *self)
{
  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), 0);

  return self->n_errors;
}

guint
gk_catalog_model_get_n_warnings (GkCatalogModel *self)
{
  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), 0);

  return self->n_warnings;
}

static GkItem *
find_problem (GkCatalogModel *self,
              gboolean        errors)
{
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      g_autoptr(GPtrArray) items = gk_catalog_model_dup_domain_items (
        self, gk_domain_get_nth (i)->code);

      for (guint j = 0; j < items->len; j++)
        {
          GkTreeNode *node = gk_catalog_model_lookup_item (
            self, gk_item_get_id (items->pdata[j]));

          if ((errors ? gk_tree_node_get_n_errors (node)
                      : gk_tree_node_get_n_warnings (node)) > 0)
            return items->pdata[j];
        }
    }

  return NULL;
}

/**
 * gk_catalog_model_get_first_problem:
 *
 * Returns: (transfer none) (nullable): the first item in tree order with an
 *   error, or else with a warning
 */
GkItem *
gk_catalog_model_get_first_problem (GkCatalogModel *self)
{
  GkItem *item;

  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), NULL);

  item = find_problem (self, TRUE);
  return item != NULL ? item : find_problem (self, FALSE);
}
