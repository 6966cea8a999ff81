/* gk-cli-import.c: gongkai-cli import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n.h>

#include "gk-cli.h"
#include "gk-importer.h"

/* Without --unit: the unit named in the title, else the file's name. */
static char *
choose_unit (const char *unit,
             GkImporter *importer,
             GFile      *file)
{
  g_autofree char *basename = NULL;
  char *dot;

  if (unit != NULL)
    return g_strdup (unit);
  if (gk_importer_get_title_unit (importer) != NULL)
    return g_strdup (gk_importer_get_title_unit (importer));

  basename = g_file_get_basename (file);
  dot = strrchr (basename, '.');
  if (dot != NULL && dot != basename)
    *dot = '\0';
  return g_steal_pointer (&basename);
}

/**
 * gk_cli_import:
 * @argc: the argument count
 * @argv: the arguments, "import" first
 *
 * `gongkai-cli import FILE.{xlsx,csv} [--unit NAME] [--domain DOMAIN]
 * [--force] -o FILE.json`: prints the column mapping and every row or cell
 * that was not imported, and writes the catalog.
 *
 * Returns: the exit status
 */
int
gk_cli_import (int    argc,
               char **argv)
{
  g_autofree char *unit = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *output = NULL;
  g_autofree char *unit_name = NULL;
  g_autofree char *text = NULL;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "unit", 'u', 0, G_OPTION_ARG_STRING, &unit,
      N_("Name of the administrative unit (default: from the title or the file name)"),
      N_("NAME") },
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &domain,
      N_("Domain of tables that name none (code, name or alias)"), N_("DOMAIN") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Overwrite the output file if it exists"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Where to write the catalog (required)"), N_("FILE.json") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE.xlsx|FILE.csv"));
  g_autoptr(GkImporter) importer = gk_importer_new ();
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context,
                                _("Import a published catalog table (XLSX or CSV) into a "
                                  "catalog file, and report what could not be imported."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gk_cli_parse (context, &argc, &argv))
    return GK_CLI_EXIT_USAGE;

  if (argc != 2 || output == NULL || (unit != NULL && *g_strstrip (unit) == '\0'))
    {
      g_printerr (_("Usage: gongkai-cli import FILE.xlsx|FILE.csv [--unit NAME] -o FILE.json\n"));
      return GK_CLI_EXIT_USAGE;
    }
  if (domain != NULL && gk_domain_lookup (domain) == NULL)
    {
      g_printerr (_("Unknown domain “%s”.\n"), domain);
      return GK_CLI_EXIT_USAGE;
    }

  if (!gk_cli_may_write (output, force, (const char * const []) { argv[1], NULL }))
    return GK_CLI_EXIT_FAILED;

  gk_importer_set_default_domain (importer, domain);
  file = g_file_new_for_commandline_arg (argv[1]);
  catalog = gk_importer_import_file (importer, file, NULL, &error);
  /* When no row could be imported, the report says why for each. */
  if (gk_importer_get_report (importer) != NULL
      && (error == NULL
          || g_error_matches (error, GK_IMPORT_ERROR, GK_IMPORT_ERROR_NOTHING_IMPORTED)))
    {
      text = gk_import_report_to_string (gk_importer_get_report (importer));
      g_print ("%s", text);
    }
  if (catalog == NULL)
    {
      gk_cli_print_error (argv[1], error);
      if (gk_importer_get_report (importer) != NULL
          && gk_import_report_count_issue (gk_importer_get_report (importer),
                                           GK_IMPORT_ISSUE_NO_DOMAIN) > 0)
        g_printerr (_("Give the domain of tables that name none with --domain.\n"));
      return GK_CLI_EXIT_FAILED;
    }

  unit_name = choose_unit (unit, importer, file);
  gk_catalog_set_unit_name (catalog, unit_name);
  if (!gk_cli_write_catalog (catalog, output, &error))
    {
      gk_cli_print_error (output, error);
      return GK_CLI_EXIT_FAILED;
    }
  g_printerr (ngettext ("Imported %u item into “%s” (unit “%s”).\n",
                        "Imported %u items into “%s” (unit “%s”).\n",
                        gk_catalog_get_n_items (catalog)),
              gk_catalog_get_n_items (catalog), output, unit_name);
  return GK_CLI_EXIT_OK;
}
