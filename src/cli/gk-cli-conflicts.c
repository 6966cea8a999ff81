/* gk-cli-conflicts.c: gongkai-cli conflicts and resolve, the open
 * conflicts of the department shown and settled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n.h>

#include "gk-cli.h"
#include "gk-item-json.h"
#include "gk-sync-record.h"

/* A value of a conflict record as one line: a text, or a set's names
 * between commas; NULL when the record has none (a delete's "mine"). */
static char *
dup_value_text (JsonObject *field,
                const char *side)
{
  JsonNode *node = json_object_get_member (field, side);
  g_autoptr(GString) text = NULL;
  g_autofree char *raw = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      text = g_string_new (NULL);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *name = json_array_get_string_element (array, i);

          g_string_append_printf (text, "%s%s", i > 0 ? "," : "", name != NULL ? name : "");
        }
      raw = g_string_free (g_steal_pointer (&text), FALSE);
    }
  else
    raw = g_strdup (json_node_get_string (node) != NULL ? json_node_get_string (node) : "");
  return gk_cli_dup_escaped (raw);
}

static const char *
describe_kind (const char *kind)
{
  if (g_strcmp0 (kind, "edit_deleted") == 0)
    return _("changed after another PC deleted the item");
  if (g_strcmp0 (kind, "delete_changed") == 0)
    return _("deleted after another PC changed the item");
  return _("the same fields changed on two PCs");
}

static void
print_side (const char *label,
            JsonObject *field,
            const char *side)
{
  g_autofree char *value = dup_value_text (field, side);

  if (value != NULL)
    g_print ("    %s “%s”\n", label, value);
  else
    g_print ("    %s %s\n", label, _("(deleted)"));
}

static void
print_conflict (GkStore    *store,
                JsonObject *record)
{
  const char *item_id = json_object_get_string_member_with_default (record, "item_id", "");
  g_autoptr(GkItem) item = gk_store_load_item (store, item_id, NULL);
  g_autofree char *title = item != NULL ? gk_item_dup_title (item) : g_strdup (_("(deleted)"));
  g_autofree char *escaped = gk_cli_dup_escaped (title);
  JsonNode *fields = json_object_get_member (record, "fields");
  JsonArray *array = fields != NULL && JSON_NODE_HOLDS_ARRAY (fields)
                     ? json_node_get_array (fields) : NULL;

  g_print (_("%s  item %s “%s”: %s\n"),
           json_object_get_string_member_with_default (record, "id", ""), item_id, escaped,
           describe_kind (json_object_get_string_member_with_default (record, "kind", "")));
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *field = json_array_get_object_element (array, i);
      const char *key;
      GkField f;

      if (field == NULL)
        continue;
      key = json_object_get_string_member_with_default (field, "field", "");
      /* The key is what `resolve` takes; the label is what the user reads. */
      if (gk_field_from_key (key, &f))
        g_print ("  %s (%s)\n", key, gk_field_get_label (f));
      else
        g_print ("  %s\n", key);
      /* base: before either change; mine: the change that met the
       * conflict; theirs: what the server kept. */
      print_side (_("base:  "), field, "base");
      print_side (_("mine:  "), field, "mine");
      print_side (_("theirs:"), field, "theirs");
    }
}

/**
 * gk_cli_conflicts:
 * @argc: the argument count
 * @argv: the arguments, "conflicts" first
 *
 * `gongkai-cli conflicts [--data-dir DIR]`: the open conflicts of the
 * department as the last sync left them, each with its fields' values.
 *
 * Returns: 0, 2 for a usage error or a store that cannot be read
 */
int
gk_cli_conflicts (int    argc,
                  char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GkStore) store = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, _("List the open conflicts, as the last sync left "
                                           "them: for each field its value before both "
                                           "changes (base), the change that met the conflict "
                                           "(mine) and what the server kept (theirs)."));
  gk_cli_add_data_dir_option (context, &data_dir);
  if (!gk_cli_parse (context, &argc, &argv))
    return GK_CLI_EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr (_("Usage: gongkai-cli conflicts [--data-dir DIR]\n"));
      return GK_CLI_EXIT_USAGE;
    }

  store = gk_cli_open_store (data_dir, &error);
  if (store == NULL || (records = gk_store_list_open_conflicts (store, &error)) == NULL)
    {
      gk_cli_print_error (NULL, error);
      return GK_CLI_EXIT_USAGE;
    }
  for (guint i = 0; i < records->len; i++)
    print_conflict (store, g_ptr_array_index (records, i));
  return GK_CLI_EXIT_OK;
}

static JsonObject *
find_conflict (GPtrArray  *records,
               const char *id)
{
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);

      if (g_ascii_strcasecmp (json_object_get_string_member_with_default (record, "id", ""),
                              id) == 0)
        return record;
    }
  return NULL;
}

/* Gives @item the @side value of each field of @record (the fields are
 * added to @fields). */
static gboolean
take_side (GkItem      *item,
           JsonObject  *record,
           const char  *side,
           GkFieldMask *fields,
           GError     **error)
{
  JsonArray *array = json_object_get_array_member (record, "fields");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      const char *key = json_object_get_string_member_with_default (entry, "field", "");
      JsonNode *value = json_object_get_member (entry, side);
      g_autoptr(GkJsonTree) tree = NULL;
      GkField field;

      if (!gk_field_from_key (key, &field) || value == NULL)
        continue;
      tree = gk_json_tree_new_from_node (value);
      if (!gk_item_read_field (item, field, gk_json_tree_get_root (tree), key, error))
        return FALSE;
      *fields |= GK_FIELD_MASK (field);
    }
  return TRUE;
}

/*
 * What settling @record means for its item: kept with the side taken or
 * the values given (*@item), or deleted (*@item NULL). A conflict of an
 * edit of a deleted item can be settled by leaving it deleted only: to
 * bring it back the whole item is needed, which the PC no longer has.
 */
static gboolean
choose (GkStore      *store,
        JsonObject   *record,
        const char   *take,
        char        **assignments,
        GkItem      **item,
        GkFieldMask  *fields,
        GError      **error)
{
  const char *kind = json_object_get_string_member_with_default (record, "kind", "fields");
  const char *item_id = json_object_get_string_member_with_default (record, "item_id", "");
  gboolean deleted_mine = g_str_equal (kind, "delete_changed") && g_strcmp0 (take, "mine") == 0;
  gboolean deleted_theirs = g_str_equal (kind, "edit_deleted") && g_strcmp0 (take, "theirs") == 0;
  g_autoptr(GkCatalog) catalog = NULL;

  *item = NULL;
  *fields = gk_sync_read_conflict_fields (record);
  if (deleted_mine || deleted_theirs)
    return TRUE;
  if (g_str_equal (kind, "edit_deleted"))
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
                   _("Item %s was deleted on another PC: this conflict can only be settled "
                     "from the command line by keeping it deleted (--take theirs)."), item_id);
      return FALSE;
    }
  if ((catalog = gk_store_load_catalog (store, error)) == NULL
      || (*item = gk_cli_load_item (store, item_id, error)) == NULL)
    return FALSE;
  if (take != NULL && g_str_equal (kind, "fields")
      && !take_side (*item, record, take, fields, error))
    return FALSE;
  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    {
      if (!gk_cli_apply_assignment (*item, catalog, assignments[i], fields, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * gk_cli_resolve:
 * @argc: the argument count
 * @argv: the arguments, "resolve" first
 *
 * `gongkai-cli resolve [--data-dir DIR] CONFLICT-ID (--take mine|theirs |
 * KEY=VALUE…)`: settles an open conflict by a local edit naming it, which
 * the next sync sends; every PC of the department then sees it resolved.
 *
 * Returns: 0 when saved, 1 when the store refused it, 2 for a usage error,
 *   an unknown conflict, key or bad value (nothing changed)
 */
int
gk_cli_resolve (int    argc,
                char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *take = NULL;
  GOptionEntry entries[] = {
    { "take", 0, 0, G_OPTION_ARG_STRING, &take,
      N_("Keep the values of the change that met the conflict (mine) or the server’s (theirs)"),
      N_("mine|theirs") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("CONFLICT-ID [KEY=VALUE…]"));
  g_autoptr(GkStore) store = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *record;
  GkFieldMask fields = 0;

  g_option_context_set_summary (context, _("Settle an open conflict: keep one side’s values, "
                                           "or give the values to keep. The next sync sends "
                                           "it; every PC of the department then sees the "
                                           "conflict resolved."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  gk_cli_add_data_dir_option (context, &data_dir);
  if (!gk_cli_parse (context, &argc, &argv))
    return GK_CLI_EXIT_USAGE;
  if (argc < 2 || (take == NULL) == (argc == 2)
      || (take != NULL && !g_str_equal (take, "mine") && !g_str_equal (take, "theirs")))
    {
      g_printerr (_("Usage: gongkai-cli resolve [--data-dir DIR] CONFLICT-ID "
                    "(--take mine|theirs | KEY=VALUE…)\n"));
      return GK_CLI_EXIT_USAGE;
    }

  store = gk_cli_open_store (data_dir, &error);
  if (store == NULL || (records = gk_store_list_open_conflicts (store, &error)) == NULL)
    {
      gk_cli_print_error (NULL, error);
      return GK_CLI_EXIT_USAGE;
    }
  record = find_conflict (records, argv[1]);
  if (record == NULL)
    {
      g_printerr (_("There is no open conflict “%s”: run gongkai-cli conflicts to see them.\n"),
                  argv[1]);
      return GK_CLI_EXIT_USAGE;
    }
  if (!choose (store, record, take, argv + 2, &item, &fields, &error))
    {
      gk_cli_print_error (NULL, error);
      return GK_CLI_EXIT_USAGE;
    }
  if (!gk_store_resolve (store, json_object_get_string_member (record, "id"),
                         json_object_get_string_member (record, "item_id"), item, fields,
                         &error))
    {
      gk_cli_print_error (NULL, error);
      return GK_CLI_EXIT_FAILED;
    }
  return GK_CLI_EXIT_OK;
}
