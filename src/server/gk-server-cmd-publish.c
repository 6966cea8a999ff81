/* gk-server-cmd-publish.c: gongkai-server publish
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-server-commands.h"
#include "gk-server-db.h"
#include "gk-server-lock.h"
#include "gk-server-publish.h"

static void
print_held_back (const GkServerPublication *publication)
{
  if (publication->held_back->len == 0)
    return;

  g_print (g_dngettext (GETTEXT_PACKAGE, "%u item was held back: it has errors.\n",
                        "%u items were held back: they have errors.\n",
                        publication->held_back->len),
           publication->held_back->len);
  for (guint i = 0; i < publication->held_back->len; i++)
    {
      const GkServerHeldBack *held = g_ptr_array_index (publication->held_back, i);

      g_print (_("  item %s, department %s:\n"), held->item_id, held->dept_id);
      for (guint p = 0; p < held->problems->len; p++)
        {
          const GkDiagnostic *problem = g_ptr_array_index (held->problems, p);

          g_print ("    %s: %s\n", gk_field_get_label (problem->field), problem->message);
        }
    }
}

static int
run (const char *data_dir,
     const char *catalog_id)
{
  g_autoptr(GkServerPublication) publication = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *at = NULL;
  sqlite3 *db;
  int fd;

  /* Upgrades the schema if need be; the publication reads on its own. */
  db = gk_server_db_open (data_dir, FALSE, &error);
  if (db == NULL)
    return gk_server_cli_fail (error);
  gk_server_db_close (db);

  fd = gk_server_publish_lock (data_dir, catalog_id, &error);
  if (fd < 0)
    return gk_server_cli_fail (error);
  publication = gk_server_publish (data_dir, catalog_id, &error);
  gk_server_lock_release (fd);
  if (publication == NULL)
    return gk_server_cli_fail (error);

  folder = g_build_filename (data_dir, GK_SERVER_PUBLISHED_DIR, catalog_id, NULL);
  at = gk_server_cli_format_time (g_date_time_to_unix (publication->at));
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Published %u item of the catalog “%s” into %s at %s.\n",
                        "Published %u items of the catalog “%s” into %s at %s.\n",
                        publication->n_items),
           publication->n_items, catalog_id, folder, at);
  print_held_back (publication);

  return GK_SERVER_EXIT_OK;
}

/**
 * gk_server_publish_catalog:
 * @argc: the argument count
 * @argv: the arguments, "publish" first
 *
 * `gongkai-server publish CATALOG --data DIR`: publishes the catalog as it
 * is now under DIR/published/CATALOG/, holding back (and listing) the
 * items with errors. Exits 0 when it published, even with items held back.
 *
 * Returns: the exit status
 */
int
gk_server_publish_catalog (int    argc,
                           char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("CATALOG"));

  g_option_context_set_summary (context, _("Publish a catalog for the portal: index.html, a "
                                           "page per domain, catalog.json, the XLSX and the "
                                           "PDF, under DIR/published/CATALOG/. Items with "
                                           "errors are held back and listed."));
  if (!gk_server_cli_parse (context, &data_dir, &argc, &argv))
    return GK_SERVER_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("Usage: gongkai-server publish CATALOG --data DIR\n"));
      return GK_SERVER_EXIT_USAGE;
    }
  if (!gk_server_cli_check_id (argv[1]))
    return GK_SERVER_EXIT_USAGE;

  return run (data_dir, argv[1]);
}
