/* gk-server-commands.h: the commands of gongkai-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>
#include <glib.h>

G_BEGIN_DECLS

enum
{
  GK_SERVER_EXIT_OK = 0,
  GK_SERVER_EXIT_FAILED = 1,   /* the command ran and failed */
  GK_SERVER_EXIT_USAGE = 2,    /* bad arguments */
};

/* Each takes the arguments after the command's words, its last word first
 * ("add", "issue", "serve"). */
int       gk_server_catalog_add    (int              argc,
                                    char           **argv);
int       gk_server_dept_add       (int              argc,
                                    char           **argv);
int       gk_server_token_issue    (int              argc,
                                    char           **argv);
int       gk_server_token_revoke   (int              argc,
                                    char           **argv);
int       gk_server_token_list     (int              argc,
                                    char           **argv);
int       gk_server_serve          (int              argc,
                                    char           **argv);
int       gk_server_publish_catalog (int             argc,
                                    char           **argv);
int       gk_server_backup         (int              argc,
                                    char           **argv);
int       gk_server_restore        (int              argc,
                                    char           **argv);

/* gk-server-cli.c */
gboolean  gk_server_cli_parse      (GOptionContext  *context,
                                    char           **data_dir,
                                    int             *argc,
                                    char          ***argv);
gboolean  gk_server_cli_check_id   (const char      *id);
char     *gk_server_cli_dup_text   (const char      *text);
sqlite3  *gk_server_cli_open       (const char      *data_dir);
int       gk_server_cli_fail       (const GError    *error);
char     *gk_server_cli_format_time (gint64          unix_seconds);

G_END_DECLS
