/* gk-cli-set.c: gongkai-cli set, one item's fields changed in the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n.h>

#include "gk-cli.h"
#include "gk-item-json.h"

/* @value as the canonical JSON form has it: a string, or for a set an
 * array of the names typed between commas. */
static JsonNode *
value_to_json (GkField     field,
               const char *value)
{
  g_auto(GStrv) names = NULL;
  JsonArray *array;

  switch (gk_field_get_kind (field))
    {
    case GK_FIELD_KIND_CHANNELS:
    case GK_FIELD_KIND_AUDIENCE:
    case GK_FIELD_KIND_METHOD:
    case GK_FIELD_KIND_LEVELS:
      names = gk_text_split_levels (value);
      array = json_array_sized_new (g_strv_length (names));
      for (guint i = 0; names[i] != NULL; i++)
        json_array_add_string_element (array, names[i]);
      return json_node_init_array (json_node_alloc (), array);
    default:
      return json_node_init_string (json_node_alloc (), value);
    }
}

/* Levels outside the catalog's level set, or texts a spreadsheet cannot
 * hold, are what the server would refuse: refused here first. */
static gboolean
check_value (GkField      field,
             GkItem      *item,
             GkCatalog   *catalog,
             GError     **error)
{
  const char * const *levels = gk_item_get_levels (item);
  const char * const *allowed = gk_catalog_get_levels (catalog);

  if (field == GK_FIELD_LEVELS)
    {
      for (guint i = 0; levels != NULL && levels[i] != NULL; i++)
        {
          if (!g_strv_contains (allowed, levels[i]))
            {
              g_set_error (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_INVALID,
                           _("levels: “%s” is not a level of the catalog"), levels[i]);
              return FALSE;
            }
        }
    }
  else if (gk_field_is_text (field)
           && gk_text_check_cell (gk_item_get_text (item, field)) != GK_CELL_TEXT_OK)
    {
      g_set_error (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_INVALID,
                   _("%s: the text is longer than a spreadsheet cell holds (%d characters), "
                     "or holds U+FFFE or U+FFFF"), gk_field_get_key (field),
                   GK_TEXT_MAX_CELL_CHARS);
      return FALSE;
    }
  return TRUE;
}

/**
 * gk_cli_apply_assignment:
 * @item: the item to change
 * @catalog: its catalog, for the level set
 * @assignment: `KEY=VALUE`, the key as in the canonical JSON form, a set
 *   as names between commas
 * @fields: (inout): the field set is added to it
 * @error: return location for a #GError
 *
 * Sets one field of @item from the command line, checked as a catalog
 * file's items are (docs/catalog-format.md). On error @item may hold part
 * of the value: the caller saves nothing then.
 *
 * Returns: whether @assignment was valid
 */
gboolean
gk_cli_apply_assignment (GkItem       *item,
                         GkCatalog    *catalog,
                         const char   *assignment,
                         GkFieldMask  *fields,
                         GError      **error)
{
  const char *equals = strchr (assignment, '=');
  g_autofree char *key = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GkJsonTree) tree = NULL;
  GkField field;

  if (equals == NULL)
    {
      g_set_error (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_INVALID,
                   _("“%s” is not KEY=VALUE"), assignment);
      return FALSE;
    }
  key = g_strndup (assignment, equals - assignment);
  if (!gk_field_from_key (key, &field))
    {
      g_set_error (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_INVALID,
                   _("Unknown key “%s”: the keys are those of the catalog format, such as "
                     "content, basis, channels or levels"), key);
      return FALSE;
    }

  node = value_to_json (field, equals + 1);
  tree = gk_json_tree_new_from_node (node);
  if (!gk_item_read_field (item, field, gk_json_tree_get_root (tree), key, error)
      || !check_value (field, item, catalog, error))
    return FALSE;
  *fields |= GK_FIELD_MASK (field);
  return TRUE;
}

/**
 * gk_cli_load_item:
 * @store: an open store
 * @id: an item's id, as typed
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the item, or %NULL with @error when
 *   the store has none of that id
 */
GkItem *
gk_cli_load_item (GkStore     *store,
                  const char  *id,
                  GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (id, -1);
  g_autoptr(GError) local = NULL;
  GkItem *item = gk_store_load_item (store, lower, &local);

  if (item == NULL && local == NULL)
    g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO, _("There is no item “%s” in the store"),
                 id);
  else if (item == NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return item;
}

/**
 * gk_cli_set:
 * @argc: the argument count
 * @argv: the arguments, "set" first
 *
 * `gongkai-cli set [--data-dir DIR] ITEM-ID KEY=VALUE…`: changes fields of
 * one item, as the editor's form would, through the store's one path of
 * local changes (an undo step; an op of the outbox when the store syncs).
 *
 * Returns: 0 when saved, 1 when the store refused the change, 2 for a usage
 *   error, an unknown item, key or bad value (nothing changed)
 */
int
gk_cli_set (int    argc,
            char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("ITEM-ID KEY=VALUE…"));
  g_autoptr(GkStore) store = NULL;
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;
  GkFieldMask fields = 0;

  g_option_context_set_summary (context,
                                _("Change fields of one item of the editor’s store. Keys are "
                                  "those of the catalog format (content, basis, channels…); "
                                  "lists are names between commas."));
  gk_cli_add_data_dir_option (context, &data_dir);
  if (!gk_cli_parse (context, &argc, &argv))
    return GK_CLI_EXIT_USAGE;
  if (argc < 3)
    {
      g_printerr (_("Usage: gongkai-cli set [--data-dir DIR] ITEM-ID KEY=VALUE…\n"));
      return GK_CLI_EXIT_USAGE;
    }

  store = gk_cli_open_store (data_dir, &error);
  if (store == NULL
      || (catalog = gk_store_load_catalog (store, &error)) == NULL
      || (item = gk_cli_load_item (store, argv[1], &error)) == NULL)
    {
      gk_cli_print_error (NULL, error);
      return GK_CLI_EXIT_USAGE;
    }
  for (int i = 2; i < argc; i++)
    {
      if (!gk_cli_apply_assignment (item, catalog, argv[i], &fields, &error))
        {
          gk_cli_print_error (NULL, error);
          return GK_CLI_EXIT_USAGE;
        }
    }
  if (!gk_store_save_item (store, item, &error))
    {
      gk_cli_print_error (NULL, error);
      return GK_CLI_EXIT_FAILED;
    }
  return GK_CLI_EXIT_OK;
}
