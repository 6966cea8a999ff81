/* gk-server-cmd-backup.c: gongkai-server backup, restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-server-backup.h"
#include "gk-server-commands.h"

/**
 * gk_server_backup:
 * @argc: the argument count
 * @argv: the arguments, "backup" first
 *
 * `gongkai-server backup --data DIR -o FILE [--force]`: copies the
 * database into FILE, while `serve` runs too.
 *
 * Returns: the exit status
 */
int
gk_server_backup (int    argc,
                  char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *output = NULL;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The backup file to write (required)"), N_("FILE") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Replace FILE if it exists"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, _("Copy the server’s database into a file, while it "
                                           "serves too. Restore it with “gongkai-server "
                                           "restore”."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gk_server_cli_parse (context, &data_dir, &argc, &argv))
    return GK_SERVER_EXIT_USAGE;
  if (argc != 1 || output == NULL)
    {
      g_printerr (_("Usage: gongkai-server backup --data DIR -o FILE\n"));
      return GK_SERVER_EXIT_USAGE;
    }
  if (!force && g_file_test (output, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("“%s” exists: add --force to replace it.\n"), output);
      return GK_SERVER_EXIT_FAILED;
    }

  if (!gk_server_backup_write (data_dir, output, &error))
    return gk_server_cli_fail (error);

  g_print (_("The database was copied into %s.\n"), output);
  return GK_SERVER_EXIT_OK;
}

/**
 * gk_server_restore:
 * @argc: the argument count
 * @argv: the arguments, "restore" first
 *
 * `gongkai-server restore --data DIR FILE`: puts a backup in the place of
 * the database (kept aside), with a new server id; refuses while `serve`
 * serves DIR.
 *
 * Returns: the exit status
 */
int
gk_server_restore (int    argc,
                   char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *server_id = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, _("Put a backup in the place of the server’s "
                                           "database, with the server stopped. The database "
                                           "in use is kept beside it; the PCs read the "
                                           "catalog again at their next sync and send what "
                                           "the backup lacks."));
  if (!gk_server_cli_parse (context, &data_dir, &argc, &argv))
    return GK_SERVER_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("Usage: gongkai-server restore --data DIR FILE\n"));
      return GK_SERVER_EXIT_USAGE;
    }

  if (!gk_server_backup_restore (data_dir, argv[1], &aside, &server_id, &error))
    return gk_server_cli_fail (error);

  g_print (_("Restored %s. The new server id is %s: each PC reads the catalog again at its "
             "next sync and sends the changes the backup lacks.\n"), argv[1], server_id);
  if (aside != NULL)
    g_print (_("The database in use before is kept as %s.\n"), aside);
  return GK_SERVER_EXIT_OK;
}
