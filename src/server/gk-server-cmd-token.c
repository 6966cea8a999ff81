/* gk-server-cmd-token.c: gongkai-server token issue, revoke, list
 *
 * A token is printed once, by `token issue`, alone on standard output so
 * that it can be piped to where it goes; the database keeps only its
 * SHA-256. Nothing else ever prints it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "gk-server-commands.h"
#include "gk-server-db.h"
#include "gk-server-token.h"

/* Token ids are 48 random bits: a clash is unlikely, and one more draw
 * settles it. */
#define ID_ATTEMPTS 3

/* The catalog of department @dept_id, or @catalog_id itself if it exists;
 * NULL having said why when there is no such department or catalog. */
static char *
find_catalog (sqlite3    *db,
              const char *dept_id,
              const char *catalog_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  const char *sql = dept_id != NULL ? "SELECT catalog_id FROM dept WHERE id = ?"
                                    : "SELECT id FROM catalog WHERE id = ?";
  int rc;

  if (!gk_server_db_prepare (db, sql, &stmt, &error))
    {
      gk_server_cli_fail (error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, dept_id != NULL ? dept_id : catalog_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      gk_server_db_set_error (db, &error);
      gk_server_cli_fail (error);
    }
  else if (dept_id != NULL)
    g_printerr (_("There is no department “%s”: add it first with “gongkai-server dept "
                  "add”.\n"), dept_id);
  else
    g_printerr (_("There is no catalog “%s”: add it first with “gongkai-server catalog "
                  "add”.\n"), catalog_id);
  return NULL;
}

static gboolean
insert_token (sqlite3     *db,
              const char  *token,
              const char  *token_id,
              const char  *catalog_id,
              const char  *dept_id,
              const char  *label,
              gboolean    *id_taken,
              GError     **error)
{
  static const char sql[] =
    "INSERT INTO token (id, hash, catalog_id, dept_id, role, label, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, unixepoch ())";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint8 hash[GK_SERVER_TOKEN_HASH_SIZE];

  if (!gk_server_db_prepare (db, sql, &stmt, error))
    return FALSE;

  gk_server_token_hash (token, strlen (token), hash);
  sqlite3_bind_text (stmt, 1, token_id, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, hash, sizeof hash, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, catalog_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, dept_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, dept_id != NULL ? "department" : "office", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, label, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;

  *id_taken = sqlite3_extended_errcode (db) == SQLITE_CONSTRAINT_PRIMARYKEY;
  return gk_server_db_set_error (db, error);
}

/* Makes a token and its row; returns the token, its id in @token_id. */
static char *
issue (sqlite3     *db,
       const char  *catalog_id,
       const char  *dept_id,
       const char  *label,
       char       **token_id,
       GError     **error)
{
  for (guint attempt = 1; ; attempt++)
    {
      g_autofree char *token = gk_server_token_generate (error);
      g_autofree char *id = token != NULL ? gk_server_token_generate_id (error) : NULL;
      gboolean id_taken = FALSE;

      if (id != NULL
          && insert_token (db, token, id, catalog_id, dept_id, label, &id_taken, error))
        {
          *token_id = g_steal_pointer (&id);
          return g_steal_pointer (&token);
        }
      if (token != NULL)
        explicit_bzero (token, strlen (token));
      if (!id_taken || attempt == ID_ATTEMPTS)
        return NULL;
      g_clear_error (error);
    }
}

static int
issue_and_print (const char *data_dir,
                 const char *dept_id,
                 const char *office,
                 const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *catalog_id = NULL;
  g_autofree char *token_id = NULL;
  g_autofree char *token = NULL;
  sqlite3 *db = gk_server_cli_open (data_dir);

  if (db == NULL)
    return GK_SERVER_EXIT_FAILED;
  catalog_id = find_catalog (db, dept_id, office);
  if (catalog_id != NULL)
    token = issue (db, catalog_id, dept_id, label, &token_id, &error);
  gk_server_db_close (db);
  if (catalog_id == NULL)
    return GK_SERVER_EXIT_FAILED;
  if (token == NULL)
    return gk_server_cli_fail (error);

  g_print ("%s\n", token);
  fflush (stdout);
  explicit_bzero (token, strlen (token));
  if (dept_id != NULL)
    g_printerr (_("Issued the token %s for the department “%s” (catalog “%s”).\n"),
                token_id, dept_id, catalog_id);
  else
    g_printerr (_("Issued the token %s for the county office of the catalog “%s”.\n"),
                token_id, catalog_id);
  g_printerr (_("It is shown only this once: the server keeps only its hash.\n"));
  return GK_SERVER_EXIT_OK;
}

/**
 * gk_server_token_issue:
 * @argc: the argument count
 * @argv: the arguments, "issue" first
 *
 * `gongkai-server token issue (--dept ID | --office CATALOG) [--label TEXT]
 * --data DIR`
 *
 * Returns: the exit status
 */
int
gk_server_token_issue (int    argc,
                       char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *dept_id = NULL;
  g_autofree char *office = NULL;
  g_autofree char *label_arg = NULL;
  GOptionEntry entries[] = {
    { "dept", 0, 0, G_OPTION_ARG_STRING, &dept_id,
      N_("For a PC of this department"), N_("ID") },
    { "office", 0, 0, G_OPTION_ARG_STRING, &office,
      N_("For the county office of this catalog: it reads everything and publishes"),
      N_("CATALOG") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label_arg,
      N_("What the token is for, shown by “token list” (a PC’s name)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *label = NULL;

  g_option_context_set_summary (context, _("Issue a token and print it, once."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gk_server_cli_parse (context, &data_dir, &argc, &argv))
    return GK_SERVER_EXIT_USAGE;
  if (argc != 1 || (dept_id == NULL) == (office == NULL))
    {
      g_printerr (_("Usage: gongkai-server token issue (--dept ID | --office CATALOG) "
                    "[--label TEXT] --data DIR\n"));
      return GK_SERVER_EXIT_USAGE;
    }
  if (label_arg != NULL && (label = gk_server_cli_dup_text (label_arg)) == NULL)
    return GK_SERVER_EXIT_USAGE;

  return issue_and_print (data_dir, dept_id, office, label);
}

/* Sets @revoked when a token was revoked now, @found when it exists. */
static gboolean
revoke (sqlite3     *db,
        const char  *token_id,
        gboolean    *revoked,
        gboolean    *found,
        GError     **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;
  int rc;

  if (!gk_server_db_prepare (db, "UPDATE token SET revoked_at = unixepoch ()"
                             " WHERE id = ? AND revoked_at IS NULL", &update, error)
      || !gk_server_db_prepare (db, "SELECT 1 FROM token WHERE id = ?", &select, error))
    return FALSE;

  sqlite3_bind_text (update, 1, token_id, -1, SQLITE_STATIC);
  if (!gk_server_db_step_done (update, error))
    return FALSE;
  *revoked = sqlite3_changes (db) > 0;

  sqlite3_bind_text (select, 1, token_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (select);
  *found = rc == SQLITE_ROW;
  return rc == SQLITE_ROW || rc == SQLITE_DONE || gk_server_db_set_error (db, error);
}

/**
 * gk_server_token_revoke:
 * @argc: the argument count
 * @argv: the arguments, "revoke" first
 *
 * `gongkai-server token revoke TOKEN-ID --data DIR`: the server refuses
 * the token from its next request on.
 *
 * Returns: the exit status
 */
int
gk_server_token_revoke (int    argc,
                        char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("TOKEN-ID"));
  g_autoptr(GError) error = NULL;
  gboolean revoked = FALSE;
  gboolean found = FALSE;
  gboolean ok;
  sqlite3 *db;

  g_option_context_set_summary (context, _("Revoke a token, named by its id (see “token "
                                           "list”)."));
  if (!gk_server_cli_parse (context, &data_dir, &argc, &argv))
    return GK_SERVER_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("Usage: gongkai-server token revoke TOKEN-ID --data DIR\n"));
      return GK_SERVER_EXIT_USAGE;
    }

  if ((db = gk_server_cli_open (data_dir)) == NULL)
    return GK_SERVER_EXIT_FAILED;
  ok = revoke (db, argv[1], &revoked, &found, &error);
  gk_server_db_close (db);

  if (!ok)
    return gk_server_cli_fail (error);
  if (!found)
    {
      g_printerr (_("There is no token with the id “%s”.\n"), argv[1]);
      return GK_SERVER_EXIT_FAILED;
    }
  if (revoked)
    g_printerr (_("Revoked the token %s.\n"), argv[1]);
  else
    g_printerr (_("The token %s was revoked already.\n"), argv[1]);
  return GK_SERVER_EXIT_OK;
}

static void
print_token_row (sqlite3_stmt *stmt)
{
  const char *dept = (const char *) sqlite3_column_text (stmt, 2);
  const char *label = (const char *) sqlite3_column_text (stmt, 4);
  g_autofree char *last_use = NULL;
  g_autofree char *state = NULL;

  if (sqlite3_column_type (stmt, 5) == SQLITE_NULL)
    last_use = g_strdup (_("never"));
  else
    last_use = gk_server_cli_format_time (sqlite3_column_int64 (stmt, 5));
  if (sqlite3_column_type (stmt, 6) == SQLITE_NULL)
    state = g_strdup (_("active"));
  else
    {
      g_autofree char *when = gk_server_cli_format_time (sqlite3_column_int64 (stmt, 6));

      state = g_strdup_printf (_("revoked %s"), when);
    }

  g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", sqlite3_column_text (stmt, 0),
           g_str_equal (sqlite3_column_text (stmt, 3), "office") ? _("office") : _("department"),
           dept != NULL ? dept : "-", sqlite3_column_text (stmt, 1),
           label != NULL ? label : "", last_use, state);
}

static gboolean
list_tokens (sqlite3  *db,
             GError  **error)
{
  static const char sql[] =
    "SELECT id, catalog_id, dept_id, role, label, last_used_at, revoked_at FROM token"
    " ORDER BY catalog_id, dept_id IS NOT NULL, dept_id, created_at, id";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!gk_server_db_prepare (db, sql, &stmt, error))
    return FALSE;

  /* Tab-separated, for people and for scripts (cut -f). */
  g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", _("ID"), _("ROLE"), _("DEPARTMENT"), _("CATALOG"),
           _("LABEL"), _("LAST USE"), _("STATE"));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    print_token_row (stmt);

  return rc == SQLITE_DONE || gk_server_db_set_error (db, error);
}

/**
 * gk_server_token_list:
 * @argc: the argument count
 * @argv: the arguments, "list" first
 *
 * `gongkai-server token list --data DIR`: ids, roles, departments,
 * labels, last uses; never a token, which the server does not have.
 *
 * Returns: the exit status
 */
int
gk_server_token_list (int    argc,
                      char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  gboolean ok;

  g_option_context_set_summary (context, _("List the tokens issued."));
  if (!gk_server_cli_parse (context, &data_dir, &argc, &argv))
    return GK_SERVER_EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr (_("Usage: gongkai-server token list --data DIR\n"));
      return GK_SERVER_EXIT_USAGE;
    }

  if ((db = gk_server_cli_open (data_dir)) == NULL)
    return GK_SERVER_EXIT_FAILED;
  ok = list_tokens (db, &error);
  gk_server_db_close (db);

  return ok ? GK_SERVER_EXIT_OK : gk_server_cli_fail (error);
}
