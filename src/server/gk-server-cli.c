/* gk-server-cli.c: what the commands of gongkai-server share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n.h>

#include "gk-text.h"
#include "gk-server-commands.h"
#include "gk-server-db.h"

/**
 * gk_server_cli_parse:
 * @context: the options of a command, without --data
 * @data_dir: (out): where --data puts the server's folder
 * @argc: (inout): the argument count, the command first
 * @argv: (inout): the arguments
 *
 * Adds --data and parses the options, printing what is wrong to stderr.
 * Every command needs --data.
 *
 * Returns: whether the options were valid
 */
gboolean
gk_server_cli_parse (GOptionContext   *context,
                     char            **data_dir,
                     int              *argc,
                     char           ***argv)
{
  GOptionEntry entries[] = {
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, data_dir,
      N_("The server’s folder, with its database (required)"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      g_printerr (_("Run “%s --help” to see the options.\n"), g_get_prgname ());
      return FALSE;
    }
  if (*data_dir == NULL)
    {
      g_printerr (_("%s: the server’s folder is missing: add --data DIR.\n"), g_get_prgname ());
      return FALSE;
    }

  return TRUE;
}

/**
 * gk_server_cli_check_id:
 * @id: the id of a catalog or a department, as typed
 *
 * Ids appear in URLs and folder names (a catalog is published under
 * published/ID/): letters, digits, ".", "_" and "-", at most 64, starting
 * with a letter or a digit.
 *
 * Returns: whether @id may be used, having said why not
 */
gboolean
gk_server_cli_check_id (const char *id)
{
  static const char allowed[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                "0123456789._-";
  gsize length = strlen (id);

  if (length > 0 && length <= 64 && g_ascii_isalnum (id[0]) && strspn (id, allowed) == length)
    return TRUE;

  g_printerr (_("“%s” cannot be an id: use 1 to 64 letters, digits, “.”, “_” or “-”, "
                "starting with a letter or a digit.\n"), id);
  return FALSE;
}

/**
 * gk_server_cli_dup_text:
 * @text: a name or a label, as typed
 *
 * Returns: (transfer full) (nullable): @text normalized, or %NULL (having
 *   said why) when it is empty or holds control characters, which would
 *   garble `token list` and the log
 */
char *
gk_server_cli_dup_text (const char *text)
{
  g_autofree char *normalized = gk_text_normalize (text);

  if (*normalized == '\0')
    {
      g_printerr (_("A name or a label cannot be empty.\n"));
      return NULL;
    }
  for (const char *p = normalized; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        {
          g_printerr (_("A name or a label cannot hold control characters (like tabs or line "
                        "breaks).\n"));
          return NULL;
        }
    }

  return g_steal_pointer (&normalized);
}

/**
 * gk_server_cli_fail:
 * @error: what went wrong
 *
 * Returns: %GK_SERVER_EXIT_FAILED, having printed @error
 */
int
gk_server_cli_fail (const GError *error)
{
  g_printerr ("%s\n", error->message);
  return GK_SERVER_EXIT_FAILED;
}

/**
 * gk_server_cli_open:
 * @data_dir: the server's folder
 *
 * Opens the database, creating the folder and the database when missing.
 *
 * Returns: (transfer full) (nullable): the connection, or %NULL having
 *   said why
 */
sqlite3 *
gk_server_cli_open (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = gk_server_db_open (data_dir, TRUE, &error);

  if (db == NULL)
    gk_server_cli_fail (error);

  return db;
}

/**
 * gk_server_cli_format_time:
 * @unix_seconds: a time stored in the database
 *
 * Returns: (transfer full): the time in the local time zone, to the minute
 */
char *
gk_server_cli_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}
