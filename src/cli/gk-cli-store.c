/* gk-cli-store.c: gongkai-cli load and dump, on the editor's store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-cli.h"

/**
 * gk_cli_load:
 * @argc: the argument count
 * @argv: the arguments, "load" first
 *
 * `gongkai-cli load FILE.json [--data-dir DIR]`: replaces the store's
 * catalog with the file's in one transaction, one undo step in the editor.
 *
 * Returns: 0 on success, 1 when the store cannot be written, 2 when the
 *   file cannot be read
 */
int
gk_cli_load (int    argc,
             char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE.json"));
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GkStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context,
                                _("Replace the catalog of the editor’s store with the one "
                                  "in FILE.json. The change can be undone in the editor."));
  gk_cli_add_data_dir_option (context, &data_dir);
  if (!gk_cli_parse (context, &argc, &argv))
    return GK_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("Usage: gongkai-cli load FILE.json [--data-dir DIR]\n"));
      return GK_CLI_EXIT_USAGE;
    }

  catalog = gk_cli_read (argv[1], &error);
  if (catalog == NULL)
    {
      gk_cli_print_error (argv[1], error);
      return GK_CLI_EXIT_USAGE;
    }

  store = gk_cli_open_store (data_dir, &error);
  if (store == NULL || !gk_store_replace_catalog (store, catalog, &error))
    {
      gk_cli_print_error (NULL, error);
      return GK_CLI_EXIT_FAILED;
    }

  g_printerr (ngettext ("Loaded %u item into “%s”.\n", "Loaded %u items into “%s”.\n",
                        gk_catalog_get_n_items (catalog)),
              gk_catalog_get_n_items (catalog), gk_store_get_path (store));
  return GK_CLI_EXIT_OK;
}

/* The store's database and its journal: a dump written over them would
 * destroy what it copies. */
static GStrv
dup_store_files (const char *data_dir)
{
  g_autofree char *default_dir = gk_store_dup_default_data_dir ();
  const char *dir = data_dir != NULL ? data_dir : default_dir;
  GStrv files = g_new0 (char *, 4);

  files[0] = g_build_filename (dir, "gongkai.db", NULL);
  files[1] = g_strconcat (files[0], "-wal", NULL);
  files[2] = g_strconcat (files[0], "-shm", NULL);
  return files;
}

/**
 * gk_cli_dump:
 * @argc: the argument count
 * @argv: the arguments, "dump" first
 *
 * `gongkai-cli dump [--force] -o FILE.json [--data-dir DIR]`: writes the store's
 * catalog in its canonical form ("-" for stdout).
 *
 * Returns: 0 on success, 1 on failure
 */
int
gk_cli_dump (int    argc,
             char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *output = NULL;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Overwrite the output file if it exists"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Where to write the catalog, - for standard output (required)"), N_("FILE.json") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) store_files = NULL;
  const char *unit;

  g_option_context_set_summary (context, _("Write the catalog of the editor’s store to a file."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  gk_cli_add_data_dir_option (context, &data_dir);
  if (!gk_cli_parse (context, &argc, &argv))
    return GK_CLI_EXIT_USAGE;
  if (output == NULL || argc != 1)
    {
      g_printerr (_("Usage: gongkai-cli dump [--force] -o FILE.json [--data-dir DIR]\n"));
      return GK_CLI_EXIT_USAGE;
    }

  /* Dumping reads: it must not create a store where there is none, nor
   * set aside or upgrade one, and it works where the store may not be
   * written. */
  store_files = dup_store_files (data_dir);
  if (!g_file_test (store_files[0], G_FILE_TEST_EXISTS))
    {
      g_printerr (_("There is no catalog in “%s” yet.\n"), store_files[0]);
      return GK_CLI_EXIT_FAILED;
    }
  if (!gk_cli_may_write (output, force, (const char * const *) store_files))
    return GK_CLI_EXIT_FAILED;

  store = gk_store_new (data_dir);
  if (gk_store_open_read_only (store, &error))
    catalog = gk_store_load_catalog (store, &error);
  if (catalog == NULL)
    {
      gk_cli_print_error (NULL, error);
      return GK_CLI_EXIT_FAILED;
    }
  unit = gk_catalog_get_unit_name (catalog);
  if (unit == NULL || *unit == '\0')
    {
      g_printerr (_("There is no catalog in “%s” yet.\n"), gk_store_get_path (store));
      return GK_CLI_EXIT_FAILED;
    }

  if (!gk_cli_write_catalog (catalog, output, &error))
    {
      gk_cli_print_error (output, error);
      return GK_CLI_EXIT_FAILED;
    }
  return GK_CLI_EXIT_OK;
}
