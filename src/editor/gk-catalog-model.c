/* gk-catalog-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-catalog-model.h"

/* The model keeps one node per domain (all 26, always) and one per 一级事项
 * group, each group with the list of its items. Item rows are made only
 * when a group's children are first asked for (a row is expanded, a search
 * looks into it, an item is revealed), so a 10,000-item catalog opens
 * without 10,000 row objects. The problem counts of every item are kept in
 * a small record beside the item, because the domain and group rows show
 * them from the start.
 *
 * Two kinds of item wait with their missing elements (gk_check_drop_missing())
 * so a new catalog does not open on a wall of red: a starter draft nobody
 * has touched (gk_catalog_is_untouched_draft(), known from the item itself)
 * counts as one "to complete" instead, and the item the user just added
 * shows them once the user leaves it or asks for the problems
 * (gk_catalog_model_set_new_item()). Values typed wrongly are errors at
 * once, in both.
 *
 * Nodes are reused when the structure changes and stores are only touched
 * where they differ, so GtkTreeListModel keeps the expanded rows and the
 * selection of everything that did not move. */
typedef struct
{
  GkTreeNode *node;        /* NULL until its group is filled */
  GkTreeNode *group;       /* the group it is filed under, or NULL */
  guint       n_errors;
  guint       n_warnings;   /* the duplicate's warning included */
  char       *names_key;    /* its entry in the model's names, or NULL */
  gboolean    duplicate;    /* it repeats the names of an item before it */
  gboolean    draft;        /* an untouched starter draft: to complete */
} ItemInfo;

struct _GkCatalogModel
{
  GObject      parent_instance;

  GkCatalog   *catalog;
  GListStore  *domains;
  GHashTable  *infos;        /* GkItem → ItemInfo */
  GHashTable  *names;        /* gk_check_dup_names_key() → GPtrArray of GkItem */
  GPtrArray   *diagnostics;  /* reused by every check */
  GPtrArray   *scratch;      /* reused by every sync of a store */
  guint        n_errors;
  guint        n_warnings;
  guint        n_drafts;
  GkItem      *new_item;     /* added, not left yet: its missing elements wait */
  char        *dept;         /* the totals count only its items, or all */
};

G_DEFINE_FINAL_TYPE (GkCatalogModel, gk_catalog_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_ERRORS,
  PROP_N_WARNINGS,
  PROP_N_DRAFTS,
  N_PROPS
};

enum {
  BEGIN_UPDATE,
  END_UPDATE,
  ITEM_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void item_changed (GkCatalogModel *self,
                          GkField         field,
                          GkItem         *item);

static void
set_totals (GkCatalogModel *self,
            guint           n_errors,
            guint           n_warnings,
            guint           n_drafts)
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
  if (self->n_drafts != n_drafts)
    {
      self->n_drafts = n_drafts;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DRAFTS]);
    }
}

/* Whether the totals count @item's problems. An item of no department is
 * one made here since the last sync: this PC's. */
static gboolean
counts_in_totals (GkCatalogModel *self,
                  GkItem         *item)
{
  const char *dept = gk_item_get_dept (item);

  return self->dept == NULL || *dept == '\0' || g_str_equal (dept, self->dept);
}

static ItemInfo *
lookup_info (GkCatalogModel *self,
             GkItem         *item)
{
  return item != NULL ? g_hash_table_lookup (self->infos, item) : NULL;
}

static gboolean counts_in_totals (GkCatalogModel *self,
                                  GkItem         *item);

/* Sets a group's counts from its items (those counted, see
 * gk_catalog_model_set_dept()). */
static void
sum_group (GkCatalogModel *self,
           GkTreeNode     *group)
{
  GPtrArray *members = gk_tree_node_get_members (group);
  guint n_items = 0, n_errors = 0, n_warnings = 0, n_drafts = 0;

  for (guint i = 0; i < members->len; i++)
    {
      ItemInfo *info = lookup_info (self, members->pdata[i]);

      if (!counts_in_totals (self, members->pdata[i]))
        continue;
      n_items++;
      n_errors += info->n_errors;
      n_warnings += info->n_warnings;
      n_drafts += info->draft;
    }

  gk_tree_node_set_n_items (group, n_items);
  gk_tree_node_set_problems (group, n_errors, n_warnings);
  gk_tree_node_set_n_drafts (group, n_drafts);
}

/* Sets a domain's counts from its groups. */
static void
sum_domain (GkTreeNode *domain)
{
  GListModel *groups = G_LIST_MODEL (gk_tree_node_get_children (domain));
  guint n = g_list_model_get_n_items (groups);
  guint n_items = 0, n_errors = 0, n_warnings = 0, n_drafts = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GkTreeNode) group = g_list_model_get_item (groups, i);

      n_items += gk_tree_node_get_n_items (group);
      n_errors += gk_tree_node_get_n_errors (group);
      n_warnings += gk_tree_node_get_n_warnings (group);
      n_drafts += gk_tree_node_get_n_drafts (group);
    }

  gk_tree_node_set_n_items (domain, n_items);
  gk_tree_node_set_problems (domain, n_errors, n_warnings);
  gk_tree_node_set_n_drafts (domain, n_drafts);
}

static void refresh_item_ancestors (GkCatalogModel *self,
                                    ItemInfo       *info);

/* Whether @item comes after another of @members in the catalog order: of
 * items entered twice, gk_check_catalog() reports the later ones. */
static gboolean
is_later_duplicate (GPtrArray *members,
                    GkItem    *item)
{
  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      GkItem *other = members->pdata[i];

      if (other != item && gk_item_compare (&other, &item) < 0)
        return TRUE;
    }
  return FALSE;
}

/* Gives @members other than @except the duplicate's warning they now
 * have or lose, with their counts. */
static void
recheck_duplicates (GkCatalogModel *self,
                    GPtrArray      *members,
                    GkItem         *except)
{
  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      GkItem *item = members->pdata[i];
      ItemInfo *info = lookup_info (self, item);
      gboolean duplicate = is_later_duplicate (members, item);
      int delta;

      if (item == except || info == NULL || info->duplicate == duplicate)
        continue;
      delta = duplicate ? 1 : -1;
      info->duplicate = duplicate;
      info->n_warnings += delta;
      if (counts_in_totals (self, item))
        set_totals (self, self->n_errors, self->n_warnings + delta, self->n_drafts);
      if (info->node != NULL)
        gk_tree_node_set_problems (info->node, info->n_errors, info->n_warnings);
      refresh_item_ancestors (self, info);
    }
}

/* Files @item under its names again (they may have changed), settles its
 * own duplicate flag, and the other items' it shared or now shares. */
static void
file_names (GkCatalogModel *self,
            GkItem         *item,
            ItemInfo       *info)
{
  g_autofree char *key = gk_check_dup_names_key (item);
  GPtrArray *members;

  if (g_strcmp0 (key, info->names_key) != 0)
    {
      members = info->names_key != NULL ? g_hash_table_lookup (self->names, info->names_key)
                                        : NULL;
      if (members != NULL)
        {
          g_ptr_array_remove_fast (members, item);
          recheck_duplicates (self, members, item);
          if (members->len == 0)
            g_hash_table_remove (self->names, info->names_key);
        }
      g_free (info->names_key);
      info->names_key = g_steal_pointer (&key);
      if (info->names_key != NULL)
        {
          members = g_hash_table_lookup (self->names, info->names_key);
          if (members == NULL)
            {
              members = g_ptr_array_new ();
              g_hash_table_insert (self->names, g_strdup (info->names_key), members);
            }
          g_ptr_array_add (members, item);
          recheck_duplicates (self, members, item);
        }
    }
  members = info->names_key != NULL ? g_hash_table_lookup (self->names, info->names_key) : NULL;
  info->duplicate = is_later_duplicate (members, item);
}

/* Takes @item out of the names; the items it shared them with are
 * checked again. */
static void
unfile_names (GkCatalogModel *self,
              GkItem         *item,
              ItemInfo       *info)
{
  GPtrArray *members = info->names_key != NULL ? g_hash_table_lookup (self->names,
                                                                      info->names_key) : NULL;

  if (members == NULL)
    return;
  g_ptr_array_remove_fast (members, item);
  recheck_duplicates (self, members, item);
  if (members->len == 0)
    g_hash_table_remove (self->names, info->names_key);
  g_clear_pointer (&info->names_key, g_free);
}

/* See gk_catalog_model_check_item(); @info's duplicate flag is known. */
static gboolean
check_into (GkCatalogModel *self,
            GkItem         *item,
            ItemInfo       *info,
            GPtrArray      *diagnostics)
{
  gboolean draft;

  gk_check_item (item, gk_catalog_get_levels (self->catalog), diagnostics);
  if (info != NULL && info->duplicate)
    gk_check_report_duplicate (item, diagnostics);
  draft = gk_catalog_is_untouched_draft (self->catalog, item);
  if (draft || item == self->new_item)
    gk_check_drop_missing (diagnostics);
  return draft;
}

static void
check_item (GkCatalogModel *self,
            GkItem         *item,
            ItemInfo       *info)
{
  guint n_errors = 0, n_warnings;
  gboolean draft;

  g_ptr_array_set_size (self->diagnostics, 0);
  file_names (self, item, info);
  draft = check_into (self, item, info, self->diagnostics);
  for (guint i = 0; i < self->diagnostics->len; i++)
    n_errors += ((GkDiagnostic *) self->diagnostics->pdata[i])->severity == GK_SEVERITY_ERROR;
  n_warnings = self->diagnostics->len - n_errors;
  if (counts_in_totals (self, item))
    set_totals (self,
                self->n_errors - info->n_errors + n_errors,
                self->n_warnings - info->n_warnings + n_warnings,
                self->n_drafts - info->draft + draft);
  info->n_errors = n_errors;
  info->n_warnings = n_warnings;
  info->draft = draft;
  if (info->node != NULL)
    {
      gk_tree_node_set_problems (info->node, n_errors, n_warnings);
      gk_tree_node_set_n_drafts (info->node, draft);
    }
}

static ItemInfo *
ensure_info (GkCatalogModel *self,
             GkItem         *item)
{
  ItemInfo *info = lookup_info (self, item);

  if (info != NULL)
    return info;

  info = g_new0 (ItemInfo, 1);
  g_hash_table_insert (self->infos, g_object_ref (item), info);
  check_item (self, item, info);

  return info;
}

static void
free_info (gpointer data)
{
  ItemInfo *info = data;

  g_clear_object (&info->node);
  g_free (info->names_key);
  g_free (info);
}

static GkTreeNode *
ensure_item_node (GkCatalogModel *self,
                  GkItem         *item)
{
  ItemInfo *info = ensure_info (self, item);

  if (info->node == NULL)
    {
      info->node = gk_tree_node_new_item (item);
      gk_tree_node_set_problems (info->node, info->n_errors, info->n_warnings);
      gk_tree_node_set_n_drafts (info->node, info->draft);
    }

  return info->node;
}

/* Makes @store hold exactly @desired, in order. Only the span between the
 * first and the last difference is replaced, in one splice. */
static void
sync_store (GListStore *store,
            GPtrArray  *desired)
{
  GListModel *model = G_LIST_MODEL (store);
  guint n = g_list_model_get_n_items (model);
  guint start = 0, end_old = n, end_new = desired->len;

  while (start < n && start < desired->len)
    {
      g_autoptr(GObject) current = g_list_model_get_item (model, start);

      if (current != desired->pdata[start])
        break;
      start++;
    }
  while (end_old > start && end_new > start)
    {
      g_autoptr(GObject) current = g_list_model_get_item (model, end_old - 1);

      if (current != desired->pdata[end_new - 1])
        break;
      end_old--;
      end_new--;
    }

  if (start == end_old && start == end_new)
    return;
  g_list_store_splice (store, start, end_old - start, desired->pdata + start, end_new - start);
}

/* Puts the item rows of a group that has them in its store. */
static void
sync_group (GkCatalogModel *self,
            GkTreeNode     *group)
{
  GPtrArray *members = gk_tree_node_get_members (group);

  g_ptr_array_set_size (self->scratch, 0);
  for (guint i = 0; i < members->len; i++)
    g_ptr_array_add (self->scratch, ensure_item_node (self, members->pdata[i]));
  sync_store (gk_tree_node_get_children (group), self->scratch);
  g_ptr_array_set_size (self->scratch, 0);
}

static void
fill_group_cb (GkTreeNode *group,
               gpointer    user_data)
{
  sync_group (user_data, group);
}

/* Files @items (one domain's, in position order) into groups in order of
 * their first item, reusing the domain's groups by 一级事项. */
static void
regroup_domain (GkCatalogModel *self,
                GkTreeNode     *domain,
                GPtrArray      *items)
{
  GListModel *old = G_LIST_MODEL (gk_tree_node_get_children (domain));
  guint n_old = g_list_model_get_n_items (old);
  g_autoptr(GHashTable) old_groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) new_groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);
  const char *code = gk_tree_node_get_domain_code (domain);

  for (guint i = 0; i < n_old; i++)
    {
      g_autoptr(GkTreeNode) group = g_list_model_get_item (old, i);
      GPtrArray *members = gk_tree_node_get_members (group);

      /* Items that left the domain stay unfiled until another domain
       * takes them. */
      for (guint j = 0; j < members->len; j++)
        {
          ItemInfo *info = lookup_info (self, members->pdata[j]);

          if (info != NULL && info->group == group)
            info->group = NULL;
        }
      g_ptr_array_set_size (members, 0);
      g_hash_table_insert (old_groups, (gpointer) gk_tree_node_get_level1 (group), group);
    }

  for (guint i = 0; i < items->len; i++)
    {
      GkItem *item = items->pdata[i];
      const char *level1 = gk_item_get_text (item, GK_FIELD_LEVEL1);
      ItemInfo *info = ensure_info (self, item);
      GkTreeNode *group = g_hash_table_lookup (new_groups, level1);

      if (group == NULL)
        {
          group = g_hash_table_lookup (old_groups, level1);
          if (group != NULL)
            g_object_ref (group);
          else
            {
              group = gk_tree_node_new_group (code, level1);
              gk_tree_node_set_fill_func (group, fill_group_cb, self);
            }
          g_ptr_array_add (groups, group);
          g_hash_table_insert (new_groups, (gpointer) gk_tree_node_get_level1 (group), group);
        }
      g_ptr_array_add (gk_tree_node_get_members (group), g_object_ref (item));
      info->group = group;
      if (info->node != NULL)
        gk_tree_node_set_domain_code (info->node, code);
    }

  for (guint i = 0; i < n_old; i++)
    {
      g_autoptr(GkTreeNode) group = g_list_model_get_item (old, i);

      /* A group that goes may outlive the model in a view. */
      if (g_hash_table_lookup (new_groups, gk_tree_node_get_level1 (group)) != group)
        gk_tree_node_set_fill_func (group, NULL, NULL);
    }

  for (guint i = 0; i < groups->len; i++)
    {
      if (gk_tree_node_is_filled (groups->pdata[i]))
        sync_group (self, groups->pdata[i]);
      sum_group (self, groups->pdata[i]);
    }
  sync_store (gk_tree_node_get_children (domain), groups);
  sum_domain (domain);
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
  g_autoptr(GPtrArray) items = NULL;
  GkTreeNode *domain;

  g_return_if_fail (GK_IS_CATALOG_MODEL (self));

  domain = gk_catalog_model_lookup_domain (self, domain_code);
  if (domain == NULL)
    return;

  items = gk_catalog_dup_domain_items (self->catalog, gk_tree_node_get_domain_code (domain));
  g_signal_emit (self, signals[BEGIN_UPDATE], 0);
  regroup_domain (self, domain, items);
  g_signal_emit (self, signals[END_UPDATE], 0);
}

/* All domains in one pass over the catalog, in the order of
 * gk_catalog_dup_domain_items(): by position, then order of adding. */
static void
refresh_all (GkCatalogModel *self)
{
  GPtrArray *buckets[GK_N_DOMAINS];
  guint n = gk_catalog_get_n_items (self->catalog);

  for (guint i = 0; i < GK_N_DOMAINS; i++)
    buckets[i] = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      GkItem *item = gk_catalog_get_item (self->catalog, i);
      const GkDomain *domain = gk_domain_lookup_code (gk_item_get_text (item, GK_FIELD_DOMAIN));

      /* Every item is followed and counted, as GkCatalogModel::item-changed
       * promises, even one whose domain the table would not know. */
      ensure_info (self, item);
      if (domain != NULL)
        g_ptr_array_add (buckets[gk_domain_get_index (domain)], g_object_ref (item));
    }

  g_signal_emit (self, signals[BEGIN_UPDATE], 0);
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      g_autoptr(GkTreeNode) domain = g_list_model_get_item (G_LIST_MODEL (self->domains), i);

      g_ptr_array_sort (buckets[i], gk_item_compare);
      regroup_domain (self, domain, buckets[i]);
      g_ptr_array_unref (buckets[i]);
    }
  g_signal_emit (self, signals[END_UPDATE], 0);
}

static void
refresh_item_ancestors (GkCatalogModel *self,
                        ItemInfo       *info)
{
  GkTreeNode *domain;

  if (info->group == NULL)
    return;

  domain = gk_catalog_model_lookup_domain (self, gk_tree_node_get_domain_code (info->group));
  sum_group (self, info->group);
  if (domain != NULL)
    sum_domain (domain);
}

static void
item_changed (GkCatalogModel *self,
              GkField         field,
              GkItem         *item)
{
  ItemInfo *info = lookup_info (self, item);
  g_autofree char *old_domain = NULL;

  if (info == NULL)
    return;

  if (info->node != NULL && (field == GK_FIELD_LEVEL1 || field == GK_FIELD_LEVEL2))
    gk_tree_node_notify_title (info->node);
  check_item (self, item, info);

  if (field == GK_FIELD_DOMAIN)
    {
      if (info->group != NULL)
        old_domain = g_strdup (gk_tree_node_get_domain_code (info->group));
      gk_catalog_model_refresh_domain (self, old_domain);
      gk_catalog_model_refresh_domain (self, gk_item_get_text (item, GK_FIELD_DOMAIN));
    }
  else if (field == GK_FIELD_LEVEL1 && info->group != NULL)
    gk_catalog_model_refresh_domain (self, gk_tree_node_get_domain_code (info->group));
  else
    refresh_item_ancestors (self, info);
}

/* The catalog reports the edits of all its items, on the thread that
 * edits them: the model's. */
static void
item_changed_cb (GkCatalogModel *self,
                 GkItem         *item,
                 GkField         field)
{
  if (lookup_info (self, item) == NULL)
    return;

  g_object_ref (self);
  item_changed (self, field, item);
  g_signal_emit (self, signals[ITEM_CHANGED], 0, item, field);
  g_object_unref (self);
}

static void
item_added_cb (GkCatalogModel *self,
               GkItem         *item)
{
  ensure_info (self, item);
  gk_catalog_model_refresh_domain (self, gk_item_get_text (item, GK_FIELD_DOMAIN));
}

static void
item_removed_cb (GkCatalogModel *self,
                 GkItem         *item)
{
  ItemInfo *info = lookup_info (self, item);
  g_autofree char *domain_code = NULL;

  if (info == NULL)
    return;

  if (info->group != NULL)
    domain_code = g_strdup (gk_tree_node_get_domain_code (info->group));
  if (counts_in_totals (self, item))
    set_totals (self, self->n_errors - info->n_errors, self->n_warnings - info->n_warnings,
                self->n_drafts - info->draft);
  if (self->new_item == item)
    g_clear_object (&self->new_item);
  unfile_names (self, item, info);
  g_hash_table_remove (self->infos, item);
  gk_catalog_model_refresh_domain (self, domain_code);
}

static void
gk_catalog_model_dispose (GObject *object)
{
  GkCatalogModel *self = GK_CATALOG_MODEL (object);
  GListModel *domains = G_LIST_MODEL (self->domains);

  /* Groups may outlive the model in a view: they must not call back. */
  for (guint i = 0; domains != NULL && i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(GkTreeNode) domain = g_list_model_get_item (domains, i);
      GListModel *groups = G_LIST_MODEL (gk_tree_node_get_children (domain));

      for (guint j = 0; j < g_list_model_get_n_items (groups); j++)
        {
          g_autoptr(GkTreeNode) group = g_list_model_get_item (groups, j);

          gk_tree_node_set_fill_func (group, NULL, NULL);
        }
    }

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  g_clear_pointer (&self->infos, g_hash_table_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_object (&self->domains);
  g_clear_object (&self->catalog);
  g_clear_object (&self->new_item);
  g_clear_pointer (&self->dept, g_free);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->scratch, g_ptr_array_unref);

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
    case PROP_N_DRAFTS:
      g_value_set_uint (value, self->n_drafts);
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
  /* The untouched starter drafts: to complete, not errors yet. */
  properties[PROP_N_DRAFTS] =
    g_param_spec_uint ("n-drafts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Around changes of the stores, so a view can keep its selection. */
  signals[BEGIN_UPDATE] = g_signal_new ("begin-update", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
  signals[END_UPDATE] = g_signal_new ("end-update", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 0);

  /**
   * GkCatalogModel::item-changed:
   * @item: an item of the catalog
   * @field: the field that changed
   *
   * GkItem::changed of any item of the catalog, after the model followed
   * it: one handler instead of one per item.
   */
  signals[ITEM_CHANGED] = g_signal_new ("item-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 2, GK_TYPE_ITEM, GK_TYPE_FIELD);
}

static void
gk_catalog_model_init (GkCatalogModel *self)
{
  self->domains = g_list_store_new (GK_TYPE_TREE_NODE);
  self->infos = g_hash_table_new_full (NULL, NULL, g_object_unref, free_info);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_diagnostic_free);
  self->scratch = g_ptr_array_new ();

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
  g_signal_connect_object (catalog, "item-changed", G_CALLBACK (item_changed_cb), self,
                           G_CONNECT_SWAPPED);
  refresh_all (self);

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
  ItemInfo *info;

  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), NULL);

  info = lookup_info (self, gk_catalog_lookup_item (self->catalog, id));
  if (info == NULL || info->group == NULL)
    return NULL;

  /* Makes the group's rows if they are not there yet. */
  gk_tree_node_get_children (info->group);
  return info->node;
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
  ItemInfo *info;

  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), NULL);
  g_return_val_if_fail (GK_IS_TREE_NODE (node), NULL);

  switch (gk_tree_node_get_kind (node))
    {
    case GK_TREE_NODE_ITEM:
      info = lookup_info (self, gk_tree_node_get_item (node));
      return info != NULL && info->node == node ? info->group : NULL;
    case GK_TREE_NODE_GROUP:
      domain = gk_catalog_model_lookup_domain (self, gk_tree_node_get_domain_code (node));
      if (domain != NULL && g_list_store_find (gk_tree_node_get_children (domain), node, NULL))
        return domain;
      return NULL;
    case GK_TREE_NODE_DOMAIN:
    default:
      return NULL;
    }
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
  gpointer item, info;

  g_return_if_fail (GK_IS_CATALOG_MODEL (self));

  g_hash_table_iter_init (&iter, self->infos);
  while (g_hash_table_iter_next (&iter, &item, &info))
    check_item (self, item, info);
  refresh_all (self);
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
      GPtrArray *members = gk_tree_node_get_members (group);

      for (guint j = 0; j < members->len; j++)
        g_ptr_array_add (items, g_object_ref (members->pdata[j]));
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

typedef enum
{
  FIND_ERROR,
  FIND_WARNING,
  FIND_DRAFT,
} Find;

static GkItem *
find_problem (GkCatalogModel *self,
              Find            what)
{
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      g_autoptr(GPtrArray) items = gk_catalog_model_dup_domain_items (
        self, gk_domain_get_nth (i)->code);

      for (guint j = 0; j < items->len; j++)
        {
          ItemInfo *info = lookup_info (self, items->pdata[j]);

          if (info != NULL && (what == FIND_ERROR ? info->n_errors > 0
                               : what == FIND_WARNING ? info->n_warnings > 0 : info->draft))
            return items->pdata[j];
        }
    }

  return NULL;
}

/**
 * gk_catalog_model_get_first_problem:
 *
 * Returns: (transfer none) (nullable): the first item in tree order with an
 *   error, or else with a warning, or else the first draft to complete
 */
GkItem *
gk_catalog_model_get_first_problem (GkCatalogModel *self)
{
  GkItem *item = NULL;

  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), NULL);

  for (Find what = FIND_ERROR; item == NULL && what <= FIND_DRAFT; what++)
    item = find_problem (self, what);
  return item;
}

/**
 * gk_catalog_model_set_dept:
 * @dept: (nullable): a department's id, or %NULL for every item
 *
 * Limits the problem totals (#GkCatalogModel:n-errors and :n-warnings) and
 * the rows' counts to the items of @dept and those made here since the last
 * sync. Call it again when items may have changed department (after a
 * sync).
 */
void
gk_catalog_model_set_dept (GkCatalogModel *self,
                           const char     *dept)
{
  GHashTableIter iter;
  gpointer item, value;
  guint n_errors = 0, n_warnings = 0, n_drafts = 0;

  g_return_if_fail (GK_IS_CATALOG_MODEL (self));

  /* Every item counts, as before: nothing to count again. */
  if (dept == NULL && self->dept == NULL)
    return;
  g_free (self->dept);
  self->dept = g_strdup (dept);
  g_hash_table_iter_init (&iter, self->infos);
  while (g_hash_table_iter_next (&iter, &item, &value))
    {
      ItemInfo *info = value;

      if (!counts_in_totals (self, item))
        continue;
      n_errors += info->n_errors;
      n_warnings += info->n_warnings;
      n_drafts += info->draft;
    }
  set_totals (self, n_errors, n_warnings, n_drafts);

  /* The rows' counts as well. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->domains)); i++)
    {
      g_autoptr(GkTreeNode) domain = g_list_model_get_item (G_LIST_MODEL (self->domains), i);
      GListModel *groups = G_LIST_MODEL (gk_tree_node_get_children (domain));

      for (guint j = 0; j < g_list_model_get_n_items (groups); j++)
        {
          g_autoptr(GkTreeNode) group = g_list_model_get_item (groups, j);

          sum_group (self, group);
        }
      sum_domain (domain);
    }
}

/**
 * gk_catalog_model_is_duplicate:
 * @item: an item of the catalog
 *
 * Returns: whether @item repeats the domain and names of an item before it
 *   in the catalog order, as `gongkai-cli check` reports it
 */
gboolean
gk_catalog_model_is_duplicate (GkCatalogModel *self,
                               GkItem         *item)
{
  ItemInfo *info;

  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), FALSE);

  info = lookup_info (self, item);
  return info != NULL && info->duplicate;
}

guint
gk_catalog_model_get_n_drafts (GkCatalogModel *self)
{
  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), 0);

  return self->n_drafts;
}

/**
 * gk_catalog_model_check_item:
 * @item: an item of the catalog
 * @diagnostics: (element-type GkDiagnostic): where to add what is found
 *
 * Checks @item as the model counts it, for the form to show the same:
 * gk_check_item() against the catalog's level set and the warning of an
 * item entered twice; without the missing elements of an untouched
 * starter draft or of the new item (gk_catalog_model_set_new_item()).
 *
 * Returns: whether @item is an untouched starter draft, to complete
 */
gboolean
gk_catalog_model_check_item (GkCatalogModel *self,
                             GkItem         *item,
                             GPtrArray      *diagnostics)
{
  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), FALSE);
  g_return_val_if_fail (GK_IS_ITEM (item), FALSE);

  return check_into (self, item, lookup_info (self, item), diagnostics);
}

/**
 * gk_catalog_model_set_new_item:
 * @item: (nullable): the item the user just added, or %NULL
 *
 * Lets the missing elements of @item wait: an item being entered is not
 * wrong yet. Call it again with %NULL when the user leaves it or asks for
 * the problems; they are counted and shown from then on, as they are for
 * every item after a restart. Values typed wrongly count at once.
 */
void
gk_catalog_model_set_new_item (GkCatalogModel *self,
                               GkItem         *item)
{
  g_autoptr(GkItem) old = NULL;
  ItemInfo *info;

  g_return_if_fail (GK_IS_CATALOG_MODEL (self));
  g_return_if_fail (item == NULL || GK_IS_ITEM (item));

  if (self->new_item == item)
    return;
  old = g_steal_pointer (&self->new_item);
  self->new_item = item != NULL ? g_object_ref (item) : NULL;
  if ((info = lookup_info (self, old)) != NULL)
    {
      check_item (self, old, info);
      refresh_item_ancestors (self, info);
    }
  if ((info = lookup_info (self, item)) != NULL)
    {
      check_item (self, item, info);
      refresh_item_ancestors (self, info);
    }
}

/**
 * gk_catalog_model_get_new_item:
 *
 * Returns: (transfer none) (nullable): the item whose missing elements wait
 */
GkItem *
gk_catalog_model_get_new_item (GkCatalogModel *self)
{
  g_return_val_if_fail (GK_IS_CATALOG_MODEL (self), NULL);

  return self->new_item;
}
