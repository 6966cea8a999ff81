/* gk-cli-export.c: gongkai-cli export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n.h>

#include "gk-cli.h"
#include "gk-export.h"
#include "gk-export-pdf.h"

typedef enum
{
  FORMAT_NONE,
  FORMAT_HTML,
  FORMAT_CSV,
  FORMAT_XLSX,
  FORMAT_PDF,
} Format;

static Format
parse_format (const char *text)
{
  if (text == NULL)
    return FORMAT_NONE;
  if (g_ascii_strcasecmp (text, "html") == 0 || g_ascii_strcasecmp (text, "htm") == 0)
    return FORMAT_HTML;
  if (g_ascii_strcasecmp (text, "csv") == 0)
    return FORMAT_CSV;
  if (g_ascii_strcasecmp (text, "xlsx") == 0)
    return FORMAT_XLSX;
  if (g_ascii_strcasecmp (text, "pdf") == 0)
    return FORMAT_PDF;
  return FORMAT_NONE;
}

/* Without --format, the output's extension tells. */
static const char *
get_extension (const char *output)
{
  const char *dot = strrchr (output, '.');

  return dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL ? dot + 1 : NULL;
}

static gboolean
parse_paper (const char  *text,
             GkPaperSize *paper)
{
  if (text == NULL || g_ascii_strcasecmp (text, "a4") == 0)
    *paper = GK_PAPER_A4;
  else if (g_ascii_strcasecmp (text, "a3") == 0)
    *paper = GK_PAPER_A3;
  else
    return FALSE;

  return TRUE;
}

/* "-" is standard output, for the text formats. */
static gboolean
write_text (const char  *output,
            const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (g_str_equal (output, "-"))
    return gk_cli_write_stdout (data, length, error);

  file = g_file_new_for_commandline_arg (output);
  return gk_file_replace_contents (file, data, length, NULL, error);
}

static gboolean
export (GkCatalog             *catalog,
        Format                 format,
        const GkRenderOptions *options,
        const char            *output,
        GError               **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  switch (format)
    {
    case FORMAT_HTML:
      data = gk_render_html (catalog, options, error);
      length = data != NULL ? strlen (data) : 0;
      break;
    case FORMAT_CSV:
      data = gk_export_csv (catalog, options, &length, error);
      break;
    case FORMAT_XLSX:
      return gk_export_xlsx (catalog, options, output, error);
    case FORMAT_PDF:
      return gk_export_pdf (catalog, options, output, error);
    case FORMAT_NONE:
    default:
      g_assert_not_reached ();
    }

  return data != NULL && write_text (output, data, length, error);
}

static guint
count_items (GkCatalog  *catalog,
             const char *domain)
{
  g_autoptr(GPtrArray) items = NULL;

  if (domain == NULL)
    return gk_catalog_get_n_items (catalog);

  items = gk_catalog_dup_domain_items (catalog, domain);
  return items->len;
}

/* Checks what the option parser cannot: one input, a known format and paper;
 * the renderer checks the domain. */
static gboolean
check_arguments (int              argc,
                 const char      *output,
                 const char      *format_text,
                 const char      *paper_text,
                 Format          *format,
                 GkRenderOptions *options)
{
  if (argc != 2 || output == NULL)
    {
      g_printerr (_("Usage: gongkai-cli export FILE.json --format html|csv|xlsx|pdf -o OUTPUT\n"));
      return FALSE;
    }

  if (format_text == NULL)
    format_text = get_extension (output);
  if (format_text == NULL)
    {
      g_printerr (_("Give the format with --format html, csv, xlsx or pdf.\n"));
      return FALSE;
    }
  *format = parse_format (format_text);
  if (*format == FORMAT_NONE)
    {
      g_printerr (_("Unknown format “%s”: use html, csv, xlsx or pdf.\n"), format_text);
      return FALSE;
    }
  if (*format == FORMAT_XLSX && g_str_equal (output, "-"))
    {
      g_printerr (_("An XLSX workbook cannot be written to standard output.\n"));
      return FALSE;
    }
  if (*format == FORMAT_PDF && g_str_equal (output, "-"))
    {
      g_printerr (_("A PDF document cannot be written to standard output.\n"));
      return FALSE;
    }
  /* Before anything is read or written: the renderer would say the same
   * after reading the catalog. */
  if (options->domain_code != NULL && gk_domain_lookup (options->domain_code) == NULL)
    {
      g_printerr (_("Unknown domain “%s”.\n"), options->domain_code);
      return FALSE;
    }
  if (!parse_paper (paper_text, &options->paper))
    {
      g_printerr (_("Unknown paper size “%s”: use a4 or a3.\n"), paper_text);
      return FALSE;
    }
  return TRUE;
}

/* A catalog with errors is exported all the same (a draft to pass
 * round), but the user is told before it reaches the portal: one line, the
 * exit status unchanged. */
static void
warn_of_errors (GkCatalog  *catalog,
                const char *input,
                const char *output)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  guint n_errors = 0;

  diagnostics = gk_check_catalog (catalog, &n_errors, NULL);
  if (n_errors == 0)
    return;
  g_printerr ("%s: %s: ", output, _("warning"));
  g_printerr (ngettext ("the catalog still has %u error; “gongkai-cli check %s” lists it\n",
                        "the catalog still has %u errors; “gongkai-cli check %s” lists them\n",
                        n_errors),
              n_errors, input);
}

/**
 * gk_cli_export:
 * @argc: the argument count
 * @argv: the arguments, "export" first
 *
 * `gongkai-cli export FILE.json [--format html|csv|xlsx|pdf] [--domain CODE]
 * [--paper a4|a3] [--all-domains] [--force] -o OUTPUT`
 *
 * Returns: the exit status
 */
int
gk_cli_export (int    argc,
               char **argv)
{
  g_autofree char *format_text = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *output = NULL;
  gboolean all_domains = FALSE;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "format", 'F', 0, G_OPTION_ARG_STRING, &format_text,
      N_("Output format: html, csv, xlsx or pdf (default: from the output’s extension)"),
      N_("FORMAT") },
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &domain,
      N_("Export only this domain (code 01–26 or name)"), N_("CODE") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper,
      N_("Paper size for printing: a4 (default) or a3"), N_("SIZE") },
    { "all-domains", 'a', 0, G_OPTION_ARG_NONE, &all_domains,
      N_("Also export the domains without items"), NULL },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Overwrite the output file if it exists"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Where to write the export, - for standard output (required)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE.json"));
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  Format format;

  g_option_context_set_summary (context,
                                _("Export a catalog file as a web page (html), a spreadsheet "
                                  "(xlsx, one sheet per domain), a document to print (pdf) "
                                  "or one row per item (csv)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gk_cli_parse (context, &argc, &argv))
    return GK_CLI_EXIT_USAGE;

  options.domain_code = domain;
  options.include_empty_domains = all_domains;
  options.warnings = warnings;
  if (!check_arguments (argc, output, format_text, paper, &format, &options))
    return GK_CLI_EXIT_USAGE;
  if (!gk_cli_may_write (output, force, (const char * const []) { argv[1], NULL }))
    return GK_CLI_EXIT_FAILED;

  catalog = gk_cli_read (argv[1], &error);
  if (catalog == NULL)
    {
      gk_cli_print_error (argv[1], error);
      return GK_CLI_EXIT_USAGE;
    }

  if (!export (catalog, format, &options, output, &error))
    {
      if (g_error_matches (error, GK_RENDER_ERROR, GK_RENDER_ERROR_UNKNOWN_DOMAIN))
        {
          g_printerr ("%s\n", error->message);
          return GK_CLI_EXIT_USAGE;
        }
      gk_cli_print_error (output, error);
      return GK_CLI_EXIT_FAILED;
    }

  /* Written all the same, but not as the user may think. */
  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("%s: %s: %s\n", output, _("warning"), (const char *) warnings->pdata[i]);
  warn_of_errors (catalog, argv[1], output);
  if (!g_str_equal (output, "-"))
    g_printerr (ngettext ("Exported %u item to “%s”.\n", "Exported %u items to “%s”.\n",
                          count_items (catalog, domain)),
                count_items (catalog, domain), output);
  return GK_CLI_EXIT_OK;
}
