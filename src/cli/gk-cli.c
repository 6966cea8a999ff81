/* gk-cli.c: gongkai-cli, the headless tool on the core library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gk-cli.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "new", gk_cli_new, N_("Create a catalog file") },
  { "check", gk_cli_check, N_("Check every item of a catalog file") },
  { "load", gk_cli_load, N_("Replace the editor’s catalog with a catalog file") },
  { "dump", gk_cli_dump, N_("Write the editor’s catalog to a file") },
  { "export", gk_cli_export, N_("Export a catalog file as HTML, CSV, XLSX or PDF") },
  { "import", gk_cli_import, N_("Import a published table (XLSX or CSV) into a catalog file") },
  { "sync", gk_cli_sync, N_("Sync the editor’s catalog with the county server") },
  { "set", gk_cli_set, N_("Change fields of one item of the editor’s catalog") },
  { "conflicts", gk_cli_conflicts, N_("List the open conflicts of the last sync") },
  { "resolve", gk_cli_resolve, N_("Settle an open conflict") },
};

/**
 * gk_cli_parse:
 * @context: the options of a subcommand
 * @argc: (inout): the argument count, the subcommand first
 * @argv: (inout): the arguments
 *
 * Parses the options, printing what is wrong to stderr.
 *
 * Returns: whether the options were valid
 */
gboolean
gk_cli_parse (GOptionContext   *context,
              int              *argc,
              char           ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("gongkai-cli %s", (*argv)[0]);

  /* The usage line reads "gongkai-cli check …" rather than "check …". */
  if (g_get_prgname () == NULL)
    g_set_prgname (prgname);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;

  g_printerr ("%s: %s\n", prgname, error->message);
  g_printerr (_("Run “%s --help” to see the options.\n"), prgname);
  return FALSE;
}

/**
 * gk_cli_dup_escaped:
 * @text: text from a file, to be printed on a terminal
 *
 * Shows control characters as `\x1b`, `\n` …: an item's text could
 * otherwise move the cursor, rewrite the screen or set the title of the
 * terminal it is printed on (escape sequences), or break a one-line
 * diagnostic in two.
 *
 * Returns: (transfer full): @text with C0, DEL and C1 controls escaped
 */
char *
gk_cli_dup_escaped (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c >= 0x80 && c < 0xa0)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (out, FALSE);
}

/**
 * gk_cli_print_error:
 * @path: the file concerned
 * @error: what went wrong
 *
 * Prints @error to stderr, naming @path when the message does not.
 */
void
gk_cli_print_error (const char   *path,
                    const GError *error)
{
  g_autofree char *message = gk_cli_dup_escaped (error->message);

  if (path != NULL && strstr (error->message, path) == NULL)
    g_printerr ("%s: %s\n", path, message);
  else
    g_printerr ("%s\n", message);
}

/**
 * gk_cli_read:
 * @path: a catalog file
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the catalog in @path
 */
GkCatalog *
gk_cli_read (const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

  return gk_catalog_new_from_file (file, NULL, error);
}

static gboolean
is_same_file (const char *a,
              const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0
         && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/**
 * gk_cli_may_write:
 * @output: where the command is to write, "-" for standard output
 * @force: whether --force was given
 * @inputs: (nullable) (array zero-terminated=1): the files the command reads
 *
 * Tells whether @output may be written, printing why not: an existing
 * file only with --force, and never one of @inputs (by any name), whose
 * contents would be lost before they were read.
 *
 * Returns: whether @output may be written
 */
gboolean
gk_cli_may_write (const char        *output,
                  gboolean           force,
                  const char * const *inputs)
{
  if (g_str_equal (output, "-"))
    return TRUE;

  for (guint i = 0; inputs != NULL && inputs[i] != NULL; i++)
    {
      if (is_same_file (output, inputs[i]))
        {
          g_printerr (_("“%s” is the file being read; write to another file.\n"), output);
          return FALSE;
        }
    }
  if (!force && g_file_test (output, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("“%s” already exists; use --force to overwrite it.\n"), output);
      return FALSE;
    }

  return TRUE;
}

/**
 * gk_cli_write_catalog:
 * @catalog: a catalog
 * @output: the file to write, "-" for standard output
 * @error: return location for a #GError
 *
 * Returns: whether the catalog was written
 */
gboolean
gk_cli_write_catalog (GkCatalog   *catalog,
                      const char  *output,
                      GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (g_str_equal (output, "-"))
    {
      g_autofree char *data = gk_catalog_to_data (catalog, NULL);

      return gk_cli_write_stdout (data, strlen (data), error);
    }

  file = g_file_new_for_commandline_arg (output);
  return gk_catalog_save_to_file (catalog, file, NULL, error);
}

/**
 * gk_cli_write_stdout:
 * @data: (array length=length): what to write
 * @length: its length
 * @error: return location for a #GError
 *
 * Returns: whether all of @data reached standard output
 */
gboolean
gk_cli_write_stdout (const char  *data,
                     gsize        length,
                     GError     **error)
{
  if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Could not write to standard output"));
      return FALSE;
    }

  return TRUE;
}

/**
 * gk_cli_add_data_dir_option:
 * @context: the options of a command that works on a store
 * @data_dir: (out): where --data-dir goes
 */
void
gk_cli_add_data_dir_option (GOptionContext  *context,
                            char           **data_dir)
{
  GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, data_dir,
      N_("The store’s folder (default: the editor’s)"), N_("DIR") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/**
 * gk_cli_open_store:
 * @data_dir: (nullable): the store's directory, %NULL for the editor's
 * @error: return location for a #GError
 *
 * Opens the store and tells the user when an unusable database was set aside.
 *
 * Returns: (transfer full) (nullable): the open store
 */
GkStore *
gk_cli_open_store (const char  *data_dir,
                   GError     **error)
{
  g_autoptr(GkStore) store = gk_store_new (data_dir);

  if (!gk_store_open (store, error))
    return NULL;

  if (gk_store_get_set_aside_path (store) != NULL)
    {
      g_autofree char *advice = gk_store_dup_set_aside_advice (store);

      g_printerr ("%s\n%s\n", gk_store_get_set_aside_reason (store), advice);
    }

  return g_steal_pointer (&store);
}

static gboolean
fill_catalog (GkCatalog   *catalog,
              const char  *unit,
              const char  *kind_key,
              const char  *levels_text,
              const char  *label)
{
  GkUnitKind kind = GK_UNIT_COUNTY;

  if (kind_key != NULL && !gk_unit_kind_from_key (kind_key, &kind))
    {
      g_printerr (_("Unknown unit kind “%s”: use county, township, department or village.\n"),
                  kind_key);
      return FALSE;
    }

  gk_catalog_set_unit_name (catalog, unit);
  gk_catalog_set_unit_kind (catalog, kind);
  if (label != NULL)
    gk_catalog_set_label (catalog, label);

  if (levels_text != NULL)
    {
      g_auto(GStrv) levels = gk_text_split_levels (levels_text);

      if (levels[0] == NULL)
        {
          g_printerr (_("The list of levels is empty.\n"));
          return FALSE;
        }
      gk_catalog_set_levels (catalog, (const char * const *) levels);
    }

  return TRUE;
}

/* "24,25", "义务教育,医疗卫生" or "all" into a set; %FALSE with a message
 * for a name the table does not know. */
static gboolean
parse_domains (const char  *text,
               GkDomainSet *domains)
{
  g_auto(GStrv) parts = g_regex_split_simple ("[,，、]", text, 0, 0);
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  *domains = 0;
  if (g_strcmp0 (trimmed, "all") == 0)
    {
      *domains = GK_DOMAIN_SET_ALL;
      return TRUE;
    }
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const GkDomain *domain;

      if (*g_strstrip (parts[i]) == '\0')
        continue;
      domain = gk_domain_lookup (parts[i]);
      if (domain == NULL)
        {
          g_printerr (_("Unknown domain “%s”: give its code (01 to 26) or its name.\n"),
                      parts[i]);
          return FALSE;
        }
      *domains |= GK_DOMAIN_SET (gk_domain_get_index (domain));
    }
  return TRUE;
}

/* The domains of the starter rows: those named, or those the unit's name
 * and kind suggest, as the editor's first run does. */
static gboolean
add_starter_rows (GkCatalog  *catalog,
                  const char *domains_text)
{
  GkDomainSet domains;

  if (domains_text != NULL && !parse_domains (domains_text, &domains))
    return FALSE;
  if (domains_text == NULL)
    domains = gk_unit_suggest_domains (gk_catalog_get_unit_name (catalog),
                                       gk_catalog_get_unit_kind (catalog));
  if (domains == 0)
    {
      g_printerr (_("No domain is suggested for “%s”: name the unit’s domains with "
                    "--domains.\n"), gk_catalog_get_unit_name (catalog));
      return FALSE;
    }
  gk_catalog_add_starter_domains (catalog, domains);
  return TRUE;
}

/**
 * gk_cli_new:
 * @argc: the argument count
 * @argv: the arguments, "new" first
 *
 * `gongkai-cli new --unit NAME [--kind KIND] [--levels A,B] [--label TEXT]
 * [--starter] [--domains LIST] [--force] -o FILE`
 *
 * Returns: the exit status
 */
int
gk_cli_new (int    argc,
            char **argv)
{
  g_autofree char *unit = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *levels = NULL;
  g_autofree char *label = NULL;
  g_autofree char *output = NULL;
  g_autofree char *domains = NULL;
  gboolean starter = FALSE;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "unit", 'u', 0, G_OPTION_ARG_STRING, &unit,
      N_("Name of the administrative unit (required)"), N_("NAME") },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind,
      N_("Kind of unit: county (default), township, department or village"), N_("KIND") },
    { "levels", 'l', 0, G_OPTION_ARG_STRING, &levels,
      N_("Comma-separated level set (default 县级,乡级)"), N_("LEVELS") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label,
      N_("Year or version label of the catalog"), N_("TEXT") },
    { "starter", 's', 0, G_OPTION_ARG_NONE, &starter,
      N_("Add starter rows, with the unit as responsible body, in the domains suggested "
         "from its name and kind"), NULL },
    { "domains", 0, 0, G_OPTION_ARG_STRING, &domains,
      N_("The domains of the starter rows: codes or names, comma-separated, or “all”"),
      N_("LIST") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Overwrite the output file if it exists"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Where to write the catalog (required)"), N_("FILE.json") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, _("Create a catalog file for a unit."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gk_cli_parse (context, &argc, &argv))
    return GK_CLI_EXIT_USAGE;

  if (unit == NULL || *g_strstrip (unit) == '\0' || output == NULL || argc > 1)
    {
      g_printerr (_("Usage: gongkai-cli new --unit NAME -o FILE.json\n"));
      return GK_CLI_EXIT_USAGE;
    }
  if (!fill_catalog (catalog, unit, kind, levels, label))
    return GK_CLI_EXIT_USAGE;

  if ((starter || domains != NULL) && !add_starter_rows (catalog, domains))
    return GK_CLI_EXIT_USAGE;

  if (!gk_cli_may_write (output, force, NULL))
    return GK_CLI_EXIT_FAILED;
  file = g_file_new_for_commandline_arg (output);
  if (!gk_catalog_save_to_file (catalog, file, NULL, &error))
    {
      gk_cli_print_error (output, error);
      return GK_CLI_EXIT_FAILED;
    }

  g_printerr (ngettext ("Wrote %u item to “%s”.\n", "Wrote %u items to “%s”.\n",
                        gk_catalog_get_n_items (catalog)),
              gk_catalog_get_n_items (catalog), output);
  return GK_CLI_EXIT_OK;
}

static void
print_help (void)
{
  g_print ("%s\n  gongkai-cli %s\n\n", _("Usage:"), _("COMMAND [OPTION…]"));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-8s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("Options:"));
  g_print ("  %-16s %s\n", "-h, --help", _("Show this help"));
  g_print ("  %-16s %s\n", "--version", _("Show the version"));
  g_print ("\n");
  g_print (_("Run “gongkai-cli COMMAND --help” to see the options of a command.\n"));
}

int
main (int    argc,
      char **argv)
{
  /* No g_set_prgname() here: gk_cli_parse() sets it, and GLib 2.74 wants
   * it set only once. */
  gk_core_init_i18n ();
  /* Past a file-size limit, write() fails with EFBIG and the command says
   * so, instead of the process being killed half-way. */
  signal (SIGXFSZ, SIG_IGN);

  if (argc < 2)
    {
      print_help ();
      return GK_CLI_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")
      || g_str_equal (argv[1], "help"))
    {
      print_help ();
      return GK_CLI_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("gongkai-cli %s\n", PACKAGE_VERSION);
      return GK_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        return commands[i].run (argc - 1, argv + 1);
    }

  g_printerr (_("Unknown command “%s”.\n"), argv[1]);
  g_printerr (_("Run “gongkai-cli --help” to see the commands.\n"));
  return GK_CLI_EXIT_USAGE;
}
