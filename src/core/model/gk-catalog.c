/* gk-catalog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-catalog.h"
#include "gk-domain.h"
#include "gk-item-private.h"

struct _GkCatalog
{
  GObject      parent_instance;

  char        *unit_name;
  GkUnitKind   unit_kind;
  GStrv        levels;
  char        *label;

  GPtrArray   *items;   /* of GkItem, owned, in insertion order */
  GHashTable  *by_id;   /* id → GkItem, borrowed from @items */
};

G_DEFINE_TYPE (GkCatalog, gk_catalog, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UNIT_NAME,
  PROP_UNIT_KIND,
  PROP_LABEL,
  PROP_LEVELS,
  N_PROPS
};

enum {
  ITEM_ADDED,
  ITEM_REMOVED,
  ITEM_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const struct
{
  const char *key;
  const char *label;
} unit_kinds[] = {
  { "county", N_("County government") },
  { "township", N_("Township or subdistrict") },
  { "department", N_("County department") },
  { "village", N_("Village or residents’ committee") },
};

/**
 * gk_unit_kind_get_key:
 * @kind: a unit kind
 *
 * Returns: (transfer none): the key of @kind in the JSON form, e.g. "county"
 */
const char *
gk_unit_kind_get_key (GkUnitKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (unit_kinds), NULL);

  return unit_kinds[kind].key;
}

/**
 * gk_unit_kind_get_label:
 * @kind: a unit kind
 *
 * Returns: (transfer none): the translated name of @kind
 */
const char *
gk_unit_kind_get_label (GkUnitKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (unit_kinds), NULL);

  return _(unit_kinds[kind].label);
}

/**
 * gk_unit_kind_from_key:
 * @key: (nullable): a key such as "county"
 * @kind: (out) (optional): return location for the kind
 *
 * Returns: %TRUE if @key names a unit kind
 */
gboolean
gk_unit_kind_from_key (const char *key,
                       GkUnitKind *kind)
{
  if (key == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (unit_kinds); i++)
    {
      if (strcmp (unit_kinds[i].key, key) == 0)
        {
          if (kind != NULL)
            *kind = (GkUnitKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The endings that say a unit's kind, in the order they are tried: 乡村振兴局
 * is a department, not a village. */
static const struct
{
  GkUnitKind  kind;
  const char *ending;
} kind_endings[] = {
  { GK_UNIT_DEPARTMENT, "局" },
  { GK_UNIT_VILLAGE, "村民委员会" },
  { GK_UNIT_VILLAGE, "居民委员会" },
  { GK_UNIT_VILLAGE, "村委会" },
  { GK_UNIT_VILLAGE, "居委会" },
  { GK_UNIT_VILLAGE, "社区" },
  { GK_UNIT_VILLAGE, "村" },
  { GK_UNIT_TOWNSHIP, "镇人民政府" },
  { GK_UNIT_TOWNSHIP, "乡人民政府" },
  { GK_UNIT_TOWNSHIP, "街道办事处" },
  { GK_UNIT_TOWNSHIP, "镇" },
  { GK_UNIT_TOWNSHIP, "乡" },
  { GK_UNIT_TOWNSHIP, "街道" },
  { GK_UNIT_COUNTY, "人民政府" },
  { GK_UNIT_COUNTY, "县" },
  { GK_UNIT_COUNTY, "区" },
};

/**
 * gk_unit_guess_kind:
 * @unit_name: (nullable): a unit's name
 * @kind: (out): return location for the kind
 *
 * The kind a unit's name says: a department named like a domain's usual
 * owner (gk_domain_is_owned_by()) or ending in 局; a village committee
 * (…村民委员会, …社区), a township (…镇人民政府, …街道办事处, …乡) or a
 * county government (…县人民政府, …区) by its ending.
 *
 * Returns: whether the name says a kind
 */
gboolean
gk_unit_guess_kind (const char *unit_name,
                    GkUnitKind *kind)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (kind != NULL, FALSE);

  if (unit_name == NULL)
    return FALSE;
  name = gk_text_normalize (unit_name);
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      if (gk_domain_is_owned_by (gk_domain_get_nth (i), name))
        {
          *kind = GK_UNIT_DEPARTMENT;
          return TRUE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (kind_endings); i++)
    {
      if (g_str_has_suffix (name, kind_endings[i].ending)
          && strlen (name) > strlen (kind_endings[i].ending))
        {
          *kind = kind_endings[i].kind;
          return TRUE;
        }
    }
  return FALSE;
}

/* An item reports its changes to the first catalog that holds it: the
 * editor's. A snapshot taken for an export or a check holds the same
 * items without taking them over. */
static void
hold_item (GkCatalog *self,
           GkItem    *item)
{
  if (gk_item_get_catalog (item) == NULL)
    gk_item_set_catalog (item, self);
}

static void
release_item (GkCatalog *self,
              GkItem    *item)
{
  if (gk_item_get_catalog (item) == self)
    gk_item_set_catalog (item, NULL);
}

static void
gk_catalog_finalize (GObject *object)
{
  GkCatalog *self = GK_CATALOG (object);

  g_clear_pointer (&self->unit_name, g_free);
  g_clear_pointer (&self->levels, g_strfreev);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  for (guint i = 0; i < self->items->len; i++)
    release_item (self, g_ptr_array_index (self->items, i));
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (gk_catalog_parent_class)->finalize (object);
}

static void
gk_catalog_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GkCatalog *self = GK_CATALOG (object);

  switch (prop_id)
    {
    case PROP_UNIT_NAME:
      g_value_set_string (value, self->unit_name);
      break;
    case PROP_UNIT_KIND:
      g_value_set_uint (value, self->unit_kind);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_LEVELS:
      g_value_set_boxed (value, self->levels);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_catalog_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  GkCatalog *self = GK_CATALOG (object);

  switch (prop_id)
    {
    case PROP_UNIT_NAME:
      gk_catalog_set_unit_name (self, g_value_get_string (value));
      break;
    case PROP_UNIT_KIND:
      gk_catalog_set_unit_kind (self, (GkUnitKind) g_value_get_uint (value));
      break;
    case PROP_LABEL:
      gk_catalog_set_label (self, g_value_get_string (value));
      break;
    case PROP_LEVELS:
      gk_catalog_set_levels (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_catalog_class_init (GkCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_catalog_finalize;
  object_class->get_property = gk_catalog_get_property;
  object_class->set_property = gk_catalog_set_property;

  properties[PROP_UNIT_NAME] =
    g_param_spec_string ("unit-name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A GkUnitKind; there is no GType for it, the editor only shows it. */
  properties[PROP_UNIT_KIND] =
    g_param_spec_uint ("unit-kind", NULL, NULL, GK_UNIT_COUNTY, GK_UNIT_VILLAGE, GK_UNIT_COUNTY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVELS] =
    g_param_spec_boxed ("levels", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GkCatalog::item-added:
   * @self: the catalog
   * @item: the item added
   */
  signals[ITEM_ADDED] =
    g_signal_new ("item-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, GK_TYPE_ITEM);

  /**
   * GkCatalog::item-removed:
   * @self: the catalog
   * @item: the item removed, still alive during the emission
   */
  signals[ITEM_REMOVED] =
    g_signal_new ("item-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, GK_TYPE_ITEM);

  /**
   * GkCatalog::item-changed:
   * @self: the catalog
   * @item: an item of the catalog
   * @field: the field that changed
   *
   * Every edit of an item the catalog holds, after GkItem::changed: one
   * handler on the catalog follows all its items (the editor's tree model),
   * where a handler per item would cost 10,000 closures.
   */
  signals[ITEM_CHANGED] =
    g_signal_new ("item-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, GK_TYPE_ITEM, GK_TYPE_FIELD);
}

/**
 * gk_catalog_item_changed:
 * @self: a catalog
 * @item: one of its items
 * @field: what changed
 *
 * Emits GkCatalog::item-changed; called by the item.
 */
void
gk_catalog_item_changed (GkCatalog *self,
                         GkItem    *item,
                         GkField    field)
{
  g_signal_emit (self, signals[ITEM_CHANGED], 0, item, field);
}

static void
gk_catalog_init (GkCatalog *self)
{
  static const char * const default_levels[] = { "县级", "乡级", NULL };

  self->unit_name = g_strdup ("");
  self->unit_kind = GK_UNIT_COUNTY;
  self->levels = g_strdupv ((char **) default_levels);
  self->label = g_strdup ("");
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * gk_catalog_new:
 *
 * Creates an empty catalog of a county government with the default level
 * set 县级, 乡级.
 *
 * Returns: (transfer full): a new catalog
 */
GkCatalog *
gk_catalog_new (void)
{
  return g_object_new (GK_TYPE_CATALOG, NULL);
}

/**
 * gk_catalog_get_unit_name:
 * @self: a catalog
 *
 * Returns: (transfer none): the name of the unit, "" when not set
 */
const char *
gk_catalog_get_unit_name (GkCatalog *self)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);

  return self->unit_name;
}

/**
 * gk_catalog_set_unit_name:
 * @self: a catalog
 * @name: (nullable): the name of the unit, normalized like item text
 */
void
gk_catalog_set_unit_name (GkCatalog  *self,
                          const char *name)
{
  g_autofree char *normalized = NULL;

  g_return_if_fail (GK_IS_CATALOG (self));

  normalized = gk_text_normalize (name);
  if (strcmp (normalized, self->unit_name) == 0)
    return;

  g_free (self->unit_name);
  self->unit_name = g_steal_pointer (&normalized);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT_NAME]);
}

/**
 * gk_catalog_get_unit_kind:
 * @self: a catalog
 *
 * Returns: the kind of unit the catalog belongs to
 */
GkUnitKind
gk_catalog_get_unit_kind (GkCatalog *self)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), GK_UNIT_COUNTY);

  return self->unit_kind;
}

/**
 * gk_catalog_set_unit_kind:
 * @self: a catalog
 * @kind: the kind of unit
 */
void
gk_catalog_set_unit_kind (GkCatalog  *self,
                          GkUnitKind  kind)
{
  g_return_if_fail (GK_IS_CATALOG (self));
  g_return_if_fail ((guint) kind <= GK_UNIT_VILLAGE);

  if (self->unit_kind == kind)
    return;

  self->unit_kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT_KIND]);
}

/**
 * gk_catalog_get_levels:
 * @self: a catalog
 *
 * Returns: (transfer none) (array zero-terminated=1): the level set
 */
const char * const *
gk_catalog_get_levels (GkCatalog *self)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);

  return (const char * const *) self->levels;
}

static void
drop_other_levels (GkItem             *item,
                   const char * const *allowed)
{
  const char * const *levels = gk_item_get_levels (item);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (guint i = 0; levels[i] != NULL; i++)
    {
      if (g_strv_contains (allowed, levels[i]))
        g_strv_builder_add (builder, levels[i]);
    }
  kept = g_strv_builder_end (builder);
  gk_item_set_levels (item, (const char * const *) kept);
}

/**
 * gk_catalog_set_levels:
 * @self: a catalog
 * @levels: (nullable) (array zero-terminated=1): the level set, e.g.
 *   县级, 乡、村级; normalized, without empty strings or repetitions
 *
 * Items lose the levels that are not in the new set (each emits
 * GkItem::changed), so what the editor shows is what is saved.
 */
void
gk_catalog_set_levels (GkCatalog          *self,
                       const char * const *levels)
{
  g_autoptr(GPtrArray) array = g_ptr_array_new_null_terminated (4, g_free, TRUE);

  g_return_if_fail (GK_IS_CATALOG (self));

  for (guint i = 0; levels != NULL && levels[i] != NULL; i++)
    {
      char *level = gk_text_normalize (levels[i]);

      if (*level == '\0' || g_strv_contains ((const char * const *) array->pdata, level))
        g_free (level);
      else
        g_ptr_array_add (array, level);
    }

  if (g_strv_equal ((const char * const *) array->pdata, (const char * const *) self->levels))
    return;

  g_strfreev (self->levels);
  self->levels = (GStrv) g_ptr_array_free (g_steal_pointer (&array), FALSE);
  for (guint i = 0; i < self->items->len; i++)
    drop_other_levels (g_ptr_array_index (self->items, i), (const char * const *) self->levels);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVELS]);
}

/**
 * gk_catalog_get_label:
 * @self: a catalog
 *
 * Returns: (transfer none): the year or version label, "" when not set
 */
const char *
gk_catalog_get_label (GkCatalog *self)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);

  return self->label;
}

/**
 * gk_catalog_set_label:
 * @self: a catalog
 * @label: (nullable): a year or version label, e.g. "2024年版"
 */
void
gk_catalog_set_label (GkCatalog  *self,
                      const char *label)
{
  g_autofree char *normalized = NULL;

  g_return_if_fail (GK_IS_CATALOG (self));

  normalized = gk_text_normalize (label);
  if (strcmp (normalized, self->label) == 0)
    return;

  g_free (self->label);
  self->label = g_steal_pointer (&normalized);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

/**
 * gk_catalog_get_n_items:
 * @self: a catalog
 *
 * Returns: the number of items
 */
guint
gk_catalog_get_n_items (GkCatalog *self)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), 0);

  return self->items->len;
}

/**
 * gk_catalog_get_item:
 * @self: a catalog
 * @index: an index below gk_catalog_get_n_items()
 *
 * Items are kept in the order they were added; use
 * gk_catalog_dup_domain_items() for the user's order.
 *
 * Returns: (transfer none) (nullable): the item, or %NULL if out of range
 */
GkItem *
gk_catalog_get_item (GkCatalog *self,
                     guint      index)
{
  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);

  if (index >= self->items->len)
    return NULL;

  return g_ptr_array_index (self->items, index);
}

/**
 * gk_catalog_lookup_item:
 * @self: a catalog
 * @id: an item id, in any case
 *
 * Returns: (transfer none) (nullable): the item with @id, if any
 */
GkItem *
gk_catalog_lookup_item (GkCatalog  *self,
                        const char *id)
{
  g_autofree char *lower = NULL;
  GkItem *item;

  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);

  if (id == NULL)
    return NULL;

  item = g_hash_table_lookup (self->by_id, id);
  if (item != NULL)
    return item;

  /* Item ids are lower case (see gk_item_new_with_id()); an id without
   * upper case letters needs no second look. */
  for (const char *p = id; *p != '\0'; p++)
    {
      if (g_ascii_isupper (*p))
        {
          lower = g_ascii_strdown (id, -1);
          return g_hash_table_lookup (self->by_id, lower);
        }
    }

  return NULL;
}

/**
 * gk_catalog_add_item:
 * @self: a catalog
 * @item: (transfer none): an item with a domain, whose id is not in the
 *   catalog yet
 *
 * Adds @item and emits GkCatalog::item-added.
 */
void
gk_catalog_add_item (GkCatalog *self,
                     GkItem    *item)
{
  g_return_if_fail (GK_IS_CATALOG (self));
  g_return_if_fail (GK_IS_ITEM (item));
  /* An item's domain is always a known code or "" (see gk_item_set_text()). */
  g_return_if_fail (*gk_item_get_text (item, GK_FIELD_DOMAIN) != '\0');
  g_return_if_fail (!g_hash_table_contains (self->by_id, gk_item_get_id (item)));

  g_ptr_array_add (self->items, g_object_ref (item));
  g_hash_table_insert (self->by_id, (gpointer) gk_item_get_id (item), item);
  hold_item (self, item);
  g_signal_emit (self, signals[ITEM_ADDED], 0, item);
}

/**
 * gk_catalog_remove_item:
 * @self: a catalog
 * @id: an item id
 *
 * Removes the item with @id and emits GkCatalog::item-removed.
 *
 * Returns: %TRUE if there was such an item
 */
gboolean
gk_catalog_remove_item (GkCatalog  *self,
                        const char *id)
{
  g_autoptr(GkItem) item = NULL;
  GkItem *found;
  guint index;

  g_return_val_if_fail (GK_IS_CATALOG (self), FALSE);

  found = gk_catalog_lookup_item (self, id);
  if (found == NULL)
    return FALSE;

  item = g_object_ref (found);
  g_hash_table_remove (self->by_id, gk_item_get_id (item));
  if (g_ptr_array_find (self->items, item, &index))
    g_ptr_array_remove_index (self->items, index);
  release_item (self, item);
  g_signal_emit (self, signals[ITEM_REMOVED], 0, item);

  return TRUE;
}

/**
 * gk_catalog_dup_domain_items:
 * @self: a catalog
 * @domain_code: a domain code (a name or alias works too)
 *
 * Returns: (transfer container) (element-type GkItem): the items of the
 *   domain, sorted by position; items with the same position keep the
 *   order they were added in
 */
GPtrArray *
gk_catalog_dup_domain_items (GkCatalog  *self,
                             const char *domain_code)
{
  const GkDomain *domain;
  const char *code;
  GPtrArray *result;

  g_return_val_if_fail (GK_IS_CATALOG (self), NULL);

  result = g_ptr_array_new_with_free_func (g_object_unref);
  domain = gk_domain_lookup (domain_code);
  code = domain != NULL ? domain->code : domain_code;
  if (code == NULL)
    return result;

  for (guint i = 0; i < self->items->len; i++)
    {
      GkItem *item = g_ptr_array_index (self->items, i);

      if (strcmp (gk_item_get_text (item, GK_FIELD_DOMAIN), code) == 0)
        g_ptr_array_add (result, g_object_ref (item));
    }
  g_ptr_array_sort (result, gk_item_compare);

  return result;
}
