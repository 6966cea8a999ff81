/* gk-server-cmd-catalog.c: gongkai-server catalog add, dept add
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-json-syntax.h"
#include "gk-text.h"
#include "gk-server-commands.h"
#include "gk-server-db.h"

/* The level set of a county's catalog, as the editor's new catalogs have. */
#define DEFAULT_LEVELS "县级,乡级"

static char *
levels_to_json (const char * const *levels)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; levels[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      gk_json_write_string (levels[i], out);
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* Runs @stmt, an INSERT of a row with a new id; @taken tells when the id
 * is taken. */
static gboolean
insert_row (sqlite3_stmt  *stmt,
            gboolean      *taken,
            GError       **error)
{
  sqlite3 *db = sqlite3_db_handle (stmt);

  *taken = FALSE;
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;

  *taken = sqlite3_extended_errcode (db) == SQLITE_CONSTRAINT_PRIMARYKEY;
  return gk_server_db_set_error (db, error);
}

static int
add_catalog (const char *data_dir,
             const char *id,
             const char *unit,
             const char *levels_json)
{
  static const char sql[] =
    "INSERT INTO catalog (id, unit, levels, created_at) VALUES (?, ?, ?, unixepoch ())";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = gk_server_cli_open (data_dir);
  gboolean taken = FALSE;
  int status = GK_SERVER_EXIT_OK;

  if (db == NULL)
    return GK_SERVER_EXIT_FAILED;
  if (gk_server_db_prepare (db, sql, &stmt, &error))
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, unit, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, levels_json, -1, SQLITE_STATIC);
      insert_row (stmt, &taken, &error);
    }
  if (taken)
    g_printerr (_("There is a catalog with the id “%s” already.\n"), id);
  else if (error != NULL)
    gk_server_cli_fail (error);
  if (error != NULL)
    status = GK_SERVER_EXIT_FAILED;

  g_clear_pointer (&stmt, sqlite3_finalize);
  gk_server_db_close (db);
  return status;
}

/**
 * gk_server_catalog_add:
 * @argc: the argument count
 * @argv: the arguments, "add" first
 *
 * `gongkai-server catalog add ID --unit NAME [--levels 县级,乡级] --data DIR`
 *
 * Returns: the exit status
 */
int
gk_server_catalog_add (int    argc,
                       char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *unit_arg = NULL;
  g_autofree char *levels_arg = NULL;
  GOptionEntry entries[] = {
    { "unit", 'u', 0, G_OPTION_ARG_STRING, &unit_arg,
      N_("Name of the administrative unit whose catalog it is (required)"), N_("NAME") },
    { "levels", 'l', 0, G_OPTION_ARG_STRING, &levels_arg,
      N_("Comma-separated level set (default 县级,乡级)"), N_("LEVELS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID"));
  g_autofree char *unit = NULL;
  g_autofree char *levels_json = NULL;
  g_auto(GStrv) levels = NULL;
  int status;

  g_option_context_set_summary (context, _("Add a catalog that departments contribute to."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gk_server_cli_parse (context, &data_dir, &argc, &argv))
    return GK_SERVER_EXIT_USAGE;
  if (argc != 2 || unit_arg == NULL)
    {
      g_printerr (_("Usage: gongkai-server catalog add ID --unit NAME [--levels LEVELS] "
                    "--data DIR\n"));
      return GK_SERVER_EXIT_USAGE;
    }
  if (!gk_server_cli_check_id (argv[1]) || (unit = gk_server_cli_dup_text (unit_arg)) == NULL)
    return GK_SERVER_EXIT_USAGE;
  levels = gk_text_split_levels (levels_arg != NULL ? levels_arg : DEFAULT_LEVELS);
  if (levels[0] == NULL)
    {
      g_printerr (_("The list of levels is empty.\n"));
      return GK_SERVER_EXIT_USAGE;
    }

  levels_json = levels_to_json ((const char * const *) levels);
  status = add_catalog (data_dir, argv[1], unit, levels_json);
  if (status == GK_SERVER_EXIT_OK)
    g_printerr (_("Added the catalog “%s” of %s.\n"), argv[1], unit);
  return status;
}

static gboolean
catalog_exists (sqlite3     *db,
                const char  *id,
                gboolean    *exists,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!gk_server_db_prepare (db, "SELECT 1 FROM catalog WHERE id = ?", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *exists = rc == SQLITE_ROW;

  return rc == SQLITE_ROW || rc == SQLITE_DONE || gk_server_db_set_error (db, error);
}

static int
add_dept (sqlite3    *db,
          const char *id,
          const char *name,
          const char *catalog_id)
{
  static const char sql[] =
    "INSERT INTO dept (id, catalog_id, name, created_at) VALUES (?, ?, ?, unixepoch ())";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean exists;
  gboolean taken;

  if (!catalog_exists (db, catalog_id, &exists, &error))
    return gk_server_cli_fail (error);
  if (!exists)
    {
      g_printerr (_("There is no catalog “%s”: add it first with “gongkai-server catalog "
                    "add”.\n"), catalog_id);
      return GK_SERVER_EXIT_FAILED;
    }
  if (!gk_server_db_prepare (db, sql, &stmt, &error))
    return gk_server_cli_fail (error);

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, catalog_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
  if (insert_row (stmt, &taken, &error))
    return GK_SERVER_EXIT_OK;
  if (!taken)
    return gk_server_cli_fail (error);

  g_printerr (_("There is a department with the id “%s” already.\n"), id);
  return GK_SERVER_EXIT_FAILED;
}

/**
 * gk_server_dept_add:
 * @argc: the argument count
 * @argv: the arguments, "add" first
 *
 * `gongkai-server dept add ID NAME --catalog ID --data DIR`
 *
 * Returns: the exit status
 */
int
gk_server_dept_add (int    argc,
                    char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *catalog = NULL;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_STRING, &catalog,
      N_("The catalog the department contributes to (required)"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID NAME"));
  g_autofree char *name = NULL;
  sqlite3 *db;
  int status;

  g_option_context_set_summary (context, _("Add a department to a catalog."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gk_server_cli_parse (context, &data_dir, &argc, &argv))
    return GK_SERVER_EXIT_USAGE;
  if (argc != 3 || catalog == NULL)
    {
      g_printerr (_("Usage: gongkai-server dept add ID NAME --catalog ID --data DIR\n"));
      return GK_SERVER_EXIT_USAGE;
    }
  if (!gk_server_cli_check_id (argv[1]) || (name = gk_server_cli_dup_text (argv[2])) == NULL)
    return GK_SERVER_EXIT_USAGE;

  if ((db = gk_server_cli_open (data_dir)) == NULL)
    return GK_SERVER_EXIT_FAILED;
  status = add_dept (db, argv[1], name, catalog);
  gk_server_db_close (db);

  if (status == GK_SERVER_EXIT_OK)
    g_printerr (_("Added the department “%s” (%s) to the catalog “%s”.\n"), argv[1], name,
                catalog);
  return status;
}
