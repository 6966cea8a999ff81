/* gk-cli-check.c: gongkai-cli check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-cli.h"

/* "01 国土空间规划/政策文件/法律法规": what a user finds the item by. */
static char *
dup_item_path (GkItem *item)
{
  const char *code = gk_item_get_text (item, GK_FIELD_DOMAIN);
  const GkDomain *domain = gk_domain_lookup_code (code);
  const char *level1 = gk_item_get_text (item, GK_FIELD_LEVEL1);
  const char *level2 = gk_item_get_text (item, GK_FIELD_LEVEL2);
  GString *path = g_string_new (NULL);

  if (domain != NULL)
    g_string_append_printf (path, "%s %s", domain->code, domain->name);
  else
    g_string_append (path, code != NULL && *code != '\0' ? code : "?");

  if (level1 != NULL && *level1 != '\0')
    g_string_append_printf (path, "/%s", level1);
  if (level2 != NULL && *level2 != '\0')
    g_string_append_printf (path, "/%s", level2);
  if ((level1 == NULL || *level1 == '\0') && (level2 == NULL || *level2 == '\0'))
    {
      g_autofree char *title = gk_item_dup_title (item);

      g_string_append_printf (path, "/%s", title);
    }

  return g_string_free (path, FALSE);
}

static void
print_diagnostic (GkCatalog          *catalog,
                  const GkDiagnostic *diagnostic)
{
  GkItem *item = gk_catalog_lookup_item (catalog, diagnostic->item_id);
  g_autofree char *path = NULL;
  g_autofree char *line = NULL;
  g_autofree char *escaped = NULL;

  path = item != NULL ? dup_item_path (item) : g_strdup (diagnostic->item_id);
  /* gcc style: the machine name last, in brackets. */
  line = g_strdup_printf ("%s: %s: %s: %s [%s]",
                          path,
                          gk_field_get_label (diagnostic->field),
                          diagnostic->severity == GK_SEVERITY_ERROR ? _("error") : _("warning"),
                          diagnostic->message,
                          diagnostic->code);
  escaped = gk_cli_dup_escaped (line);
  g_print ("%s\n", escaped);
}

/* The editor shows these as "to complete", not as errors: says how many
 * of what was printed are theirs. */
static void
print_drafts (GkCatalog  *catalog,
              const char *path)
{
  guint n_drafts = 0;

  for (guint i = 0; i < gk_catalog_get_n_items (catalog); i++)
    n_drafts += gk_catalog_is_untouched_draft (catalog, gk_catalog_get_item (catalog, i));
  if (n_drafts == 0)
    return;
  g_printerr (ngettext ("%s: %u item is a starter draft nobody has changed, still to complete; "
                        "its errors are among those above.\n",
                        "%s: %u items are starter drafts nobody has changed, still to complete; "
                        "their errors are among those above.\n",
                        n_drafts), path, n_drafts);
}

/**
 * gk_cli_check:
 * @argc: the argument count
 * @argv: the arguments, "check" first
 *
 * `gongkai-cli check FILE.json`: prints one line per diagnostic to stdout,
 * `ITEM-PATH: FIELD: error|warning: MESSAGE [CODE]`, and a summary to stderr
 * (with how many items are untouched starter drafts, if any).
 *
 * Returns: 0 without errors (warnings allowed), 1 with errors, 2 when the
 *   file cannot be read
 */
int
gk_cli_check (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE.json"));
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *errors_text = NULL;
  g_autofree char *warnings_text = NULL;
  guint n_errors = 0;
  guint n_warnings = 0;

  g_option_context_set_summary (context,
                                _("Check every item of a catalog file. Prints one line per "
                                  "problem:\n  ITEM: FIELD: error|warning: MESSAGE [CODE]\n"
                                  "Exits with 0 when there is no error, 1 when there are "
                                  "errors and 2 when the file cannot be read."));
  if (!gk_cli_parse (context, &argc, &argv))
    return GK_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("Usage: gongkai-cli check FILE.json\n"));
      return GK_CLI_EXIT_USAGE;
    }

  catalog = gk_cli_read (argv[1], &error);
  if (catalog == NULL)
    {
      gk_cli_print_error (argv[1], error);
      return GK_CLI_EXIT_USAGE;
    }

  diagnostics = gk_check_catalog (catalog, &n_errors, &n_warnings);
  for (guint i = 0; i < diagnostics->len; i++)
    print_diagnostic (catalog, g_ptr_array_index (diagnostics, i));

  errors_text = g_strdup_printf (ngettext ("%u error", "%u errors", n_errors), n_errors);
  warnings_text = g_strdup_printf (ngettext ("%u warning", "%u warnings", n_warnings),
                                   n_warnings);
  /* Translators: the summary of `gongkai-cli check`, e.g.
   * "FILE: 3 errors, 1 warning in 120 items" */
  g_printerr (ngettext ("%s: %s, %s in %u item\n", "%s: %s, %s in %u items\n",
                        gk_catalog_get_n_items (catalog)),
              argv[1], errors_text, warnings_text, gk_catalog_get_n_items (catalog));
  print_drafts (catalog, argv[1]);

  return n_errors > 0 ? GK_CLI_EXIT_FAILED : GK_CLI_EXIT_OK;
}
