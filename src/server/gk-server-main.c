/* gk-server-main.c: gongkai-server, the county server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-core-init.h"
#include "gk-server-commands.h"

typedef struct
{
  const char *group;    /* "token" of "token issue" */
  const char *action;   /* NULL for a command of one word */
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "catalog", "add", gk_server_catalog_add, N_("Add a catalog") },
  { "dept", "add", gk_server_dept_add, N_("Add a department to a catalog") },
  { "token", "issue", gk_server_token_issue, N_("Issue a token for a department or the office") },
  { "token", "revoke", gk_server_token_revoke, N_("Revoke a token") },
  { "token", "list", gk_server_token_list, N_("List the tokens") },
  { "serve", NULL, gk_server_serve, N_("Serve the catalogs over HTTP on loopback") },
  { "publish", NULL, gk_server_publish_catalog, N_("Publish a catalog for the portal") },
  { "backup", NULL, gk_server_backup, N_("Copy the database, even while serving") },
  { "restore", NULL, gk_server_restore, N_("Put a backup in the database’s place") },
};

static void
print_help (void)
{
  g_print ("%s\n  gongkai-server %s\n\n", _("Usage:"), _("COMMAND [OPTION…] --data DIR"));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = g_strjoin (" ", commands[i].group, commands[i].action, NULL);

      g_print ("  %-14s %s\n", name, _(commands[i].summary));
    }
  g_print ("\n");
  g_print (_("Run “gongkai-server COMMAND --help” to see the options of a command.\n"));
}

static const Command *
find_command (int    argc,
              char **argv,
              int   *words)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const Command *command = &commands[i];

      if (!g_str_equal (argv[1], command->group))
        continue;
      if (command->action == NULL)
        {
          *words = 1;
          return command;
        }
      if (argc > 2 && g_str_equal (argv[2], command->action))
        {
          *words = 2;
          return command;
        }
    }

  return NULL;
}

int
main (int    argc,
      char **argv)
{
  const Command *command;
  g_autofree char *prgname = NULL;
  int words = 0;

  gk_core_init_i18n ();

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")
      || g_str_equal (argv[1], "help"))
    {
      print_help ();
      return argc < 2 ? GK_SERVER_EXIT_USAGE : GK_SERVER_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("gongkai-server %s\n", PACKAGE_VERSION);
      return GK_SERVER_EXIT_OK;
    }

  command = find_command (argc, argv, &words);
  if (command == NULL)
    {
      g_printerr (_("Unknown command “%s”.\n"), argv[1]);
      g_printerr (_("Run “gongkai-server --help” to see the commands.\n"));
      return GK_SERVER_EXIT_USAGE;
    }

  /* The usage line reads "gongkai-server token issue …". */
  prgname = g_strjoin (" ", "gongkai-server", command->group, command->action, NULL);
  g_set_prgname (prgname);
  return command->run (argc - words, argv + words);
}
