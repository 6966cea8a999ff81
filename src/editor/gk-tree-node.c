/* gk-tree-node.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-tree-node.h"

/* Item rows keep no text of their own: the title is read from the item
 * and the domain code is an interned string. Groups keep their items in
 * @members and make their item rows only when asked for them. */
struct _GkTreeNode
{
  GObject             parent_instance;

  GkTreeNodeKind      kind;
  guint               n_items;
  guint               n_errors;
  guint               n_warnings;
  guint               n_drafts;     /* untouched starter drafts */
  const char         *domain_code;  /* interned */
  char               *level1;
  char               *title;        /* NULL for item rows */
  GkItem             *item;
  GListStore         *children;
  GPtrArray          *members;
  GkTreeNodeFillFunc  fill_func;
  gpointer            fill_data;
};

G_DEFINE_FINAL_TYPE (GkTreeNode, gk_tree_node, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_TITLE,
  PROP_ITEM,
  PROP_N_ITEMS,
  PROP_N_ERRORS,
  PROP_N_WARNINGS,
  PROP_HAS_ERRORS,
  PROP_HAS_COUNT,
  PROP_COUNT_LABEL,
  PROP_ERRORS_LABEL,
  PROP_PROBLEMS_TOOLTIP,
  PROP_N_DRAFTS,
  PROP_HAS_DRAFTS,
  PROP_DRAFTS_LABEL,
  PROP_ACCESSIBLE_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gk_tree_node_finalize (GObject *object)
{
  GkTreeNode *self = GK_TREE_NODE (object);

  g_clear_pointer (&self->level1, g_free);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_object (&self->item);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (gk_tree_node_parent_class)->finalize (object);
}

static char *
dup_problems_tooltip (GkTreeNode *self)
{
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;

  if (self->n_errors == 0 && self->n_warnings == 0)
    return NULL;

  /* Translators: part of a tooltip like "2 errors, 1 warning" */
  errors = g_strdup_printf (ngettext ("%u error", "%u errors", self->n_errors), self->n_errors);
  warnings = g_strdup_printf (ngettext ("%u warning", "%u warnings", self->n_warnings),
                              self->n_warnings);
  /* Translators: "2 errors, 1 warning" */
  return g_strdup_printf (_("%s, %s"), errors, warnings);
}

/* An item row says what it is; a group or a domain how many it holds. */
static char *
dup_drafts_label (GkTreeNode *self)
{
  if (self->n_drafts == 0)
    return NULL;
  if (self->kind == GK_TREE_NODE_ITEM)
    /* Translators: a starter draft nobody has completed yet, in the tree */
    return g_strdup (C_("draft", "To complete"));
  /* Translators: how many starter drafts of a domain or a group nobody
   * has completed yet, in the tree */
  return g_strdup_printf (ngettext ("%u to complete", "%u to complete", self->n_drafts),
                          self->n_drafts);
}

/* What a screen reader says of the row: "01 国土空间规划，3 个事项，1 个错误，
 * 0 个警告，2 项待完善", the counts that the row shows as bare numbers and
 * badges. */
static char *
dup_accessible_label (GkTreeNode *self)
{
  g_autofree char *problems = dup_problems_tooltip (self);
  g_autofree char *drafts = dup_drafts_label (self);
  g_autofree char *count = NULL;
  g_autofree char *with_count = NULL;
  g_autofree char *with_problems = NULL;
  const char *label = gk_tree_node_get_title (self);

  if (self->kind != GK_TREE_NODE_ITEM)
    {
      count = g_strdup_printf (ngettext ("%u item", "%u items", self->n_items), self->n_items);
      label = with_count = g_strdup_printf (_("%s, %s"), label, count);
    }
  if (problems != NULL)
    label = with_problems = g_strdup_printf (_("%s, %s"), label, problems);
  if (drafts == NULL)
    return g_strdup (label);
  return g_strdup_printf (_("%s, %s"), label, drafts);
}

static void
gk_tree_node_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GkTreeNode *self = GK_TREE_NODE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_TITLE:
      g_value_set_string (value, gk_tree_node_get_title (self));
      break;
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_N_ERRORS:
      g_value_set_uint (value, self->n_errors);
      break;
    case PROP_N_WARNINGS:
      g_value_set_uint (value, self->n_warnings);
      break;
    case PROP_HAS_ERRORS:
      g_value_set_boolean (value, self->n_errors > 0);
      break;
    case PROP_HAS_COUNT:
      g_value_set_boolean (value, self->kind != GK_TREE_NODE_ITEM);
      break;
    case PROP_COUNT_LABEL:
      g_value_take_string (value, self->kind != GK_TREE_NODE_ITEM
                           ? g_strdup_printf ("%u", self->n_items) : NULL);
      break;
    case PROP_ERRORS_LABEL:
      g_value_take_string (value, g_strdup_printf ("%u", self->n_errors));
      break;
    case PROP_PROBLEMS_TOOLTIP:
      g_value_take_string (value, dup_problems_tooltip (self));
      break;
    case PROP_N_DRAFTS:
      g_value_set_uint (value, self->n_drafts);
      break;
    case PROP_HAS_DRAFTS:
      g_value_set_boolean (value, self->n_drafts > 0);
      break;
    case PROP_DRAFTS_LABEL:
      g_value_take_string (value, dup_drafts_label (self));
      break;
    case PROP_ACCESSIBLE_LABEL:
      g_value_take_string (value, dup_accessible_label (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_tree_node_class_init (GkTreeNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gk_tree_node_finalize;
  object_class->get_property = gk_tree_node_get_property;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, 0, GK_TREE_NODE_ITEM, 0, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_ITEM] = g_param_spec_object ("item", NULL, NULL, GK_TYPE_ITEM, flags);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_ERRORS] = g_param_spec_uint ("n-errors", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_WARNINGS] =
    g_param_spec_uint ("n-warnings", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HAS_ERRORS] = g_param_spec_boolean ("has-errors", NULL, NULL, FALSE, flags);
  properties[PROP_HAS_COUNT] = g_param_spec_boolean ("has-count", NULL, NULL, FALSE, flags);
  properties[PROP_COUNT_LABEL] = g_param_spec_string ("count-label", NULL, NULL, NULL, flags);
  properties[PROP_ERRORS_LABEL] = g_param_spec_string ("errors-label", NULL, NULL, NULL, flags);
  properties[PROP_PROBLEMS_TOOLTIP] =
    g_param_spec_string ("problems-tooltip", NULL, NULL, NULL, flags);
  properties[PROP_N_DRAFTS] = g_param_spec_uint ("n-drafts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HAS_DRAFTS] = g_param_spec_boolean ("has-drafts", NULL, NULL, FALSE, flags);
  properties[PROP_DRAFTS_LABEL] = g_param_spec_string ("drafts-label", NULL, NULL, NULL, flags);
  properties[PROP_ACCESSIBLE_LABEL] =
    g_param_spec_string ("accessible-label", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gk_tree_node_init (GkTreeNode *self)
{
}

static GkTreeNode *
new_node (GkTreeNodeKind  kind,
          const char     *domain_code,
          const char     *title)
{
  GkTreeNode *self = g_object_new (GK_TYPE_TREE_NODE, NULL);

  self->kind = kind;
  self->domain_code = g_intern_string (domain_code);
  self->title = g_strdup (title);
  if (kind != GK_TREE_NODE_ITEM)
    self->children = g_list_store_new (GK_TYPE_TREE_NODE);

  return self;
}

/**
 * gk_tree_node_new_domain:
 * @domain: one of the 26 domains
 *
 * Returns: (transfer full): a domain row, titled "01 国土空间规划"
 */
GkTreeNode *
gk_tree_node_new_domain (const GkDomain *domain)
{
  g_autofree char *title = g_strdup_printf ("%s %s", domain->code, domain->name);

  return new_node (GK_TREE_NODE_DOMAIN, domain->code, title);
}

/**
 * gk_tree_node_new_group:
 * @domain_code: the domain the group belongs to
 * @level1: the 一级事项 shared by the group's items, may be empty
 *
 * Returns: (transfer full): a group row
 */
GkTreeNode *
gk_tree_node_new_group (const char *domain_code,
                        const char *level1)
{
  GkTreeNode *self;

  self = new_node (GK_TREE_NODE_GROUP, domain_code,
                   level1 != NULL && *level1 != '\0' ? level1 : _("No First-Level Item"));
  self->level1 = g_strdup (level1 != NULL ? level1 : "");
  self->members = g_ptr_array_new_with_free_func (g_object_unref);

  return self;
}

/**
 * gk_tree_node_new_item:
 * @item: the item shown by the row
 *
 * Returns: (transfer full): an item row; its title is read from @item, and
 *   the model calls gk_tree_node_notify_title() when it changes
 */
GkTreeNode *
gk_tree_node_new_item (GkItem *item)
{
  GkTreeNode *self;

  self = new_node (GK_TREE_NODE_ITEM, gk_item_get_text (item, GK_FIELD_DOMAIN), NULL);
  self->item = g_object_ref (item);

  return self;
}

GkTreeNodeKind
gk_tree_node_get_kind (GkTreeNode *self)
{
  g_return_val_if_fail (GK_IS_TREE_NODE (self), GK_TREE_NODE_ITEM);

  return self->kind;
}

/**
 * gk_tree_node_get_children:
 *
 * Returns: (transfer none) (nullable): the child rows, %NULL for an item;
 *   a group's are made now if they were not yet
 */
GListStore *
gk_tree_node_get_children (GkTreeNode *self)
{
  GkTreeNodeFillFunc func;

  g_return_val_if_fail (GK_IS_TREE_NODE (self), NULL);

  if (self->fill_func != NULL)
    {
      func = self->fill_func;
      self->fill_func = NULL;
      func (self, self->fill_data);
    }

  return self->children;
}

/**
 * gk_tree_node_get_item:
 *
 * Returns: (transfer none) (nullable): the item of an item row
 */
GkItem *
gk_tree_node_get_item (GkTreeNode *self)
{
  g_return_val_if_fail (GK_IS_TREE_NODE (self), NULL);

  return self->item;
}

const char *
gk_tree_node_get_domain_code (GkTreeNode *self)
{
  g_return_val_if_fail (GK_IS_TREE_NODE (self), NULL);

  return self->domain_code;
}

/* The domain an item row was last filed under, which the model needs
 * when the item's domain changes. */
void
gk_tree_node_set_domain_code (GkTreeNode *self,
                              const char *domain_code)
{
  g_return_if_fail (GK_IS_TREE_NODE (self));

  self->domain_code = g_intern_string (domain_code);
}

/**
 * gk_tree_node_get_level1:
 *
 * Returns: (nullable): the 一级事项 of a group row, "" for the untitled group
 */
const char *
gk_tree_node_get_level1 (GkTreeNode *self)
{
  g_return_val_if_fail (GK_IS_TREE_NODE (self), NULL);

  return self->level1;
}

/* An item row shows its 二级事项. It sits under its group's row, so the
 * 一级事项 in its place (gk_item_dup_title()) would read as a second group:
 * an item without a 二级事项 says so. */
const char *
gk_tree_node_get_title (GkTreeNode *self)
{
  const char *text;

  g_return_val_if_fail (GK_IS_TREE_NODE (self), NULL);

  if (self->item == NULL)
    return self->title;

  text = gk_item_get_text (self->item, GK_FIELD_LEVEL2);
  if (*text != '\0')
    return text;

  /* Translators: a row of the tree for an item whose 二级事项 is empty */
  return _("(No name yet)");
}

void
gk_tree_node_set_title (GkTreeNode *self,
                        const char *title)
{
  g_return_if_fail (GK_IS_TREE_NODE (self));
  g_return_if_fail (self->item == NULL);

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESSIBLE_LABEL]);
}

guint
gk_tree_node_get_n_items (GkTreeNode *self)
{
  g_return_val_if_fail (GK_IS_TREE_NODE (self), 0);

  return self->n_items;
}

void
gk_tree_node_set_n_items (GkTreeNode *self,
                          guint       n_items)
{
  g_return_if_fail (GK_IS_TREE_NODE (self));

  if (self->n_items == n_items)
    return;

  self->n_items = n_items;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT_LABEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESSIBLE_LABEL]);
}

guint
gk_tree_node_get_n_errors (GkTreeNode *self)
{
  g_return_val_if_fail (GK_IS_TREE_NODE (self), 0);

  return self->n_errors;
}

guint
gk_tree_node_get_n_warnings (GkTreeNode *self)
{
  g_return_val_if_fail (GK_IS_TREE_NODE (self), 0);

  return self->n_warnings;
}

void
gk_tree_node_set_problems (GkTreeNode *self,
                           guint       n_errors,
                           guint       n_warnings)
{
  GObject *object = G_OBJECT (self);
  gboolean had_errors;

  g_return_if_fail (GK_IS_TREE_NODE (self));

  if (self->n_errors == n_errors && self->n_warnings == n_warnings)
    return;

  had_errors = self->n_errors > 0;
  g_object_freeze_notify (object);
  if (self->n_errors != n_errors)
    {
      self->n_errors = n_errors;
      g_object_notify_by_pspec (object, properties[PROP_N_ERRORS]);
      g_object_notify_by_pspec (object, properties[PROP_ERRORS_LABEL]);
    }
  if (self->n_warnings != n_warnings)
    {
      self->n_warnings = n_warnings;
      g_object_notify_by_pspec (object, properties[PROP_N_WARNINGS]);
    }
  if (had_errors != (n_errors > 0))
    g_object_notify_by_pspec (object, properties[PROP_HAS_ERRORS]);
  g_object_notify_by_pspec (object, properties[PROP_PROBLEMS_TOOLTIP]);
  g_object_notify_by_pspec (object, properties[PROP_ACCESSIBLE_LABEL]);
  g_object_thaw_notify (object);
}

guint
gk_tree_node_get_n_drafts (GkTreeNode *self)
{
  g_return_val_if_fail (GK_IS_TREE_NODE (self), 0);

  return self->n_drafts;
}

/**
 * gk_tree_node_set_n_drafts:
 * @n_drafts: the untouched starter drafts of the row: 0 or 1 for an item
 *
 * Starter drafts are not errors yet: the row shows them as to complete.
 */
void
gk_tree_node_set_n_drafts (GkTreeNode *self,
                           guint       n_drafts)
{
  GObject *object = G_OBJECT (self);
  gboolean had_drafts;

  g_return_if_fail (GK_IS_TREE_NODE (self));

  if (self->n_drafts == n_drafts)
    return;

  had_drafts = self->n_drafts > 0;
  self->n_drafts = n_drafts;
  g_object_freeze_notify (object);
  g_object_notify_by_pspec (object, properties[PROP_N_DRAFTS]);
  g_object_notify_by_pspec (object, properties[PROP_DRAFTS_LABEL]);
  g_object_notify_by_pspec (object, properties[PROP_ACCESSIBLE_LABEL]);
  if (had_drafts != (n_drafts > 0))
    g_object_notify_by_pspec (object, properties[PROP_HAS_DRAFTS]);
  g_object_thaw_notify (object);
}

/**
 * gk_tree_node_notify_title:
 *
 * Tells the views of an item row that its item's title may have changed.
 */
void
gk_tree_node_notify_title (GkTreeNode *self)
{
  g_return_if_fail (GK_IS_TREE_NODE (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESSIBLE_LABEL]);
}

/**
 * gk_tree_node_set_fill_func:
 * @func: (nullable): called once, the first time the children are asked for
 *
 * Makes a group's item rows wait until somebody looks at them.
 */
void
gk_tree_node_set_fill_func (GkTreeNode         *self,
                            GkTreeNodeFillFunc  func,
                            gpointer            user_data)
{
  g_return_if_fail (GK_IS_TREE_NODE (self));
  g_return_if_fail (self->kind == GK_TREE_NODE_GROUP);

  self->fill_func = func;
  self->fill_data = user_data;
}

/**
 * gk_tree_node_is_filled:
 *
 * Returns: whether the children store holds the rows (no fill pending)
 */
gboolean
gk_tree_node_is_filled (GkTreeNode *self)
{
  g_return_val_if_fail (GK_IS_TREE_NODE (self), FALSE);

  return self->fill_func == NULL;
}

/**
 * gk_tree_node_get_members:
 *
 * Returns: (transfer none) (nullable) (element-type GkItem): a group's items
 *   in tree order, whether or not their rows exist yet
 */
GPtrArray *
gk_tree_node_get_members (GkTreeNode *self)
{
  g_return_val_if_fail (GK_IS_TREE_NODE (self), NULL);

  return self->members;
}

/**
 * gk_tree_node_set_members:
 * @members: (transfer full) (element-type GkItem): the group's items, with
 *   g_object_unref() as free function
 */
void
gk_tree_node_set_members (GkTreeNode *self,
                          GPtrArray  *members)
{
  g_return_if_fail (GK_IS_TREE_NODE (self));
  g_return_if_fail (self->kind == GK_TREE_NODE_GROUP);

  g_ptr_array_unref (self->members);
  self->members = members;
}
