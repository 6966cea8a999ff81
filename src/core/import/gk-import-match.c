/* gk-import-match.c: the items of an imported table matched with a catalog's
 *
 * An item of the table is the catalog's item with the same names (domain,
 * 一级事项, 二级事项, 三级事项: gk_check_dup_names_key(), the key by which
 * `gongkai-cli check` and the editor find an item entered twice), so that
 * importing a table again updates what it changed instead of adding every
 * item a second time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-check.h"
#include "gk-domain.h"
#include "gk-import-match.h"

/**
 * gk_import_match_copy:
 * @match: a match
 *
 * Returns: (transfer full): a copy of @match, holding its items
 */
GkImportMatch *
gk_import_match_copy (const GkImportMatch *match)
{
  GkImportMatch *copy = g_new (GkImportMatch, 1);

  *copy = *match;
  g_object_ref (copy->found);
  if (copy->existing != NULL)
    g_object_ref (copy->existing);
  return copy;
}

/**
 * gk_import_match_free:
 * @match: (nullable): a match
 */
void
gk_import_match_free (GkImportMatch *match)
{
  if (match == NULL)
    return;

  g_clear_object (&match->found);
  g_clear_object (&match->existing);
  g_free (match);
}

/* The catalog's items by their names; of two with the same names the one
 * before in the catalog's order, which the check keeps as the original. */
static GHashTable *
index_names (GkCatalog *catalog)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_items = gk_catalog_get_n_items (catalog);
  g_autoptr(GPtrArray) items = g_ptr_array_sized_new (n_items);

  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (items, gk_catalog_get_item (catalog, i));
  g_ptr_array_sort (items, gk_item_compare);

  for (guint i = 0; i < items->len; i++)
    {
      char *key = gk_check_dup_names_key (items->pdata[i]);

      if (key == NULL || g_hash_table_contains (names, key))
        g_free (key);
      else
        g_hash_table_insert (names, key, items->pdata[i]);
    }
  return names;
}

/**
 * gk_import_match_catalog:
 * @found: the items read from a table
 * @catalog: the catalog they would go into
 * @fields: the fields the table gives (gk_import_report_get_fields()):
 *   only these are compared, since a column the table lacks does not
 *   mean the catalog's values are to be cleared
 *
 * Matches each item of @found with the item of @catalog with its names.
 * An item of @catalog is matched once: a second item of the table with
 * the same names is new.
 *
 * Returns: (transfer full) (element-type GkImportMatch): one match per
 *   item of @found, domain by domain in the table's order
 */
GPtrArray *
gk_import_match_catalog (GkCatalog   *found,
                         GkCatalog   *catalog,
                         GkFieldMask  fields)
{
  g_autoptr(GHashTable) names = NULL;
  GPtrArray *matches;

  g_return_val_if_fail (GK_IS_CATALOG (found), NULL);
  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  names = index_names (catalog);
  matches = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_import_match_free);
  for (guint d = 0; d < GK_N_DOMAINS; d++)
    {
      g_autoptr(GPtrArray) items = gk_catalog_dup_domain_items (found,
                                                                gk_domain_get_nth (d)->code);

      for (guint i = 0; i < items->len; i++)
        {
          g_autofree char *key = gk_check_dup_names_key (items->pdata[i]);
          g_autofree char *taken = NULL;
          GkImportMatch match = { items->pdata[i], NULL, GK_IMPORT_MATCH_NEW, 0 };

          /* Taken out once matched: the next with these names is new. */
          if (key != NULL && g_hash_table_steal_extended (names, key, (gpointer *) &taken,
                                                          (gpointer *) &match.existing))
            {
              match.changed = gk_item_get_differing_fields (match.existing, match.found)
                              & fields;
              match.kind = match.changed != 0 ? GK_IMPORT_MATCH_CHANGED
                                              : GK_IMPORT_MATCH_UNCHANGED;
            }
          g_ptr_array_add (matches, gk_import_match_copy (&match));
        }
    }
  return matches;
}

/**
 * gk_import_match_update:
 * @match: a changed match
 *
 * Gives the catalog's item the values of the table's in the fields that
 * differ; the caller saves it.
 */
void
gk_import_match_update (const GkImportMatch *match)
{
  g_return_if_fail (match != NULL && match->existing != NULL);

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (match->changed & GK_FIELD_MASK (f))
        gk_item_copy_field (match->existing, match->found, f);
    }
}
