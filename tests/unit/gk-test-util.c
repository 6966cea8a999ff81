/* gk-test-util.c: fixtures, temporary directories and the CLI, for the
 * unit tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE  /* setresuid () and setresgid () */

#include <grp.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "gk-test-util.h"

/**
 * gk_test_get_program:
 * @argc: the argument count, after g_test_init()
 * @argv: the arguments, after g_test_init()
 * @name: the program the test expects, for the usage message
 *
 * The program under test is passed after the gtest options (see
 * tests/unit/meson.build); aborts with a usage message when it is not.
 *
 * Returns: (transfer none): its path
 */
const char *
gk_test_get_program (int         argc,
                     char      **argv,
                     const char *name)
{
  if (argc < 2)
    g_error ("Usage: %s [OPTION…] PATH-TO-%s", argv[0], name);

  return argv[1];
}

/**
 * gk_test_make_tmp_dir:
 * @name: a short name for the directory, such as the test's
 *
 * Returns: (transfer full): the path of a new, empty temporary directory;
 *   remove it with gk_test_remove_tree()
 */
char *
gk_test_make_tmp_dir (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpl = g_strdup_printf ("gk-test-%s-XXXXXX", name);
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);

  return dir;
}

/**
 * gk_test_remove_tree:
 * @path: a file or directory
 *
 * Removes @path and everything below it; nothing when it does not exist.
 */
void
gk_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      gk_test_remove_tree (child);
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    g_assert_no_errno (g_remove (path));
}

/* The user and group "nobody" and "nogroup" of Debian. */
#define UNPRIVILEGED_ID 65534

/**
 * gk_test_lose_privileges:
 *
 * Root reads and writes files whatever their mode, so a test of permissions
 * that runs as root continues as nobody, with no supplementary groups. The
 * saved user id stays root's, so that gk_test_regain_privileges() can come
 * back for the tear-down; programs started meanwhile are nobody for good
 * (exec makes the saved id nobody too). Other users keep their own id: the
 * modes bind them already.
 */
void
gk_test_lose_privileges (void)
{
  if (geteuid () != 0)
    return;

  g_assert_no_errno (setgroups (0, NULL));
  g_assert_no_errno (setresgid (UNPRIVILEGED_ID, UNPRIVILEGED_ID, 0));
  g_assert_no_errno (setresuid (UNPRIVILEGED_ID, UNPRIVILEGED_ID, 0));
}

/**
 * gk_test_regain_privileges:
 *
 * Undoes gk_test_lose_privileges(); nothing when that did nothing.
 */
void
gk_test_regain_privileges (void)
{
  uid_t ruid, euid, suid;
  const gid_t root_group = 0;

  g_assert_no_errno (getresuid (&ruid, &euid, &suid));
  if (suid != 0 || euid == 0)
    return;

  g_assert_no_errno (setresuid (0, 0, 0));
  g_assert_no_errno (setresgid (0, 0, 0));
  g_assert_no_errno (setgroups (1, &root_group));
}

static void
give_away (const char *path,
           guint       mode)
{
  if (geteuid () == 0)
    g_assert_no_errno (lchown (path, UNPRIVILEGED_ID, UNPRIVILEGED_ID));
  g_assert_no_errno (g_chmod (path, mode));
}

/**
 * gk_test_set_modes:
 * @top: a directory made by gk_test_make_tmp_dir()
 * @dir: a directory inside @top
 * @dir_mode: the mode for @dir
 * @file_mode: the mode for the files in @dir
 *
 * Sets the modes of @dir and its files and, when the test runs as root,
 * makes them nobody's: then, after gk_test_lose_privileges(), the modes
 * decide as they do for a user's own files. The directories from @top down
 * to @dir become reachable by all.
 */
void
gk_test_set_modes (const char *top,
                   const char *dir,
                   guint       dir_mode,
                   guint       file_mode)
{
  g_autoptr(GDir) handle = NULL;
  g_autofree char *parent = g_path_get_dirname (dir);
  const char *name;

  g_assert_true (g_str_has_prefix (dir, top));
  while (g_str_has_prefix (parent, top))
    {
      char *up = g_path_get_dirname (parent);

      g_assert_no_errno (g_chmod (parent, 0755));
      g_free (parent);
      parent = up;
    }

  give_away (dir, 0700);
  handle = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      give_away (path, file_mode);
    }
  g_assert_no_errno (g_chmod (dir, dir_mode));
}

/**
 * gk_test_read_bytes:
 * @path: a file
 *
 * Returns: (transfer full): what @path holds
 */
GBytes *
gk_test_read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/**
 * gk_test_bytes_contain:
 * @data: bytes, which may hold NUL bytes
 * @size: their size
 * @needle: a string
 *
 * memmem() is a GNU extension.
 *
 * Returns: whether @needle is in @data
 */
gboolean
gk_test_bytes_contain (const char *data,
                       gsize       size,
                       const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= size; i++)
    {
      if (memcmp (data + i, needle, n) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * gk_test_assert_no_token_in_dir:
 * @dir: a folder (a PC's store, a test's HOME)
 * @tokens: (array zero-terminated=1): the tokens it synced with
 *
 * No file of @dir or of its folders (the store, its -wal and -shm) holds a
 * token: the store keeps the server, never the token.
 */
void
gk_test_assert_no_token_in_dir (const char         *dir,
                                const char * const *tokens)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GBytes) bytes = NULL;
      gsize size;
      const char *data;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          gk_test_assert_no_token_in_dir (path, tokens);
          continue;
        }
      bytes = gk_test_read_bytes (path);
      data = g_bytes_get_data (bytes, &size);
      for (guint i = 0; tokens[i] != NULL; i++)
        if (gk_test_bytes_contain (data, size, tokens[i]))
          g_error ("A token is in %s", path);
    }
}

/**
 * gk_test_count_entries:
 * @dir: a directory
 *
 * Returns: the number of files and directories right inside @dir
 */
guint
gk_test_count_entries (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) handle = g_dir_open (dir, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  while (g_dir_read_name (handle) != NULL)
    n++;

  return n;
}

/**
 * gk_test_assert_only_store:
 * @dir: a store's folder
 *
 * Asserts that @dir holds the store's file and nothing else but the -wal
 * and -shm files that SQLite may add next to it: nothing was set aside.
 */
void
gk_test_assert_only_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) handle = g_dir_open (dir, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      if (strcmp (name, "gongkai.db-wal") != 0 && strcmp (name, "gongkai.db-shm") != 0)
        g_assert_cmpstr (name, ==, "gongkai.db");
    }
}

/**
 * gk_test_count_substrings:
 * @haystack: a text
 * @needle: what to look for
 *
 * Returns: how many times @needle occurs in @haystack, overlaps included
 */
guint
gk_test_count_substrings (const char *haystack,
                          const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

/**
 * gk_test_load_catalog:
 * @fixture: the name of a catalog file in tests/fixtures
 *
 * Returns: (transfer full): the catalog it holds
 */
GkCatalog *
gk_test_load_catalog (const char *fixture)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", fixture, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GkCatalog *catalog = gk_catalog_new_from_file (file, NULL, &error);

  g_assert_no_error (error);

  return catalog;
}

/* Texts a spreadsheet would run as formulas (CSV injection), and texts
 * that start like the export's guard against that without being guarded. */
static const char * const formula_texts[] = {
  "=HYPERLINK(\"http://example.com/\",\"点击查看\")", "=cmd|' /C calc'!A0", "+86 12345",
  "-5", "@SUM(A1:A2)", "'=1+1", "''+2", "'\t@x", "'\r=x", "'普通文本", "'", "''",
  "一级=二级", NULL,
};

/**
 * gk_test_formula_catalog:
 * @texts: (out) (optional) (transfer none): the texts, %NULL-terminated
 *
 * Returns: (transfer full): a catalog with one item of 社会救助 per text,
 *   the text in every text field, at positions 0, 1, …
 */
GkCatalog *
gk_test_formula_catalog (const char * const **texts)
{
  static const GkField fields[] = {
    GK_FIELD_LEVEL1, GK_FIELD_LEVEL2, GK_FIELD_LEVEL3, GK_FIELD_CONTENT, GK_FIELD_BASIS,
    GK_FIELD_TIME_LIMIT, GK_FIELD_SUBJECT, GK_FIELD_WEB_COLUMN, GK_FIELD_NOTES,
    GK_FIELD_CODE, GK_FIELD_WEB_URL,
  };
  GkCatalog *catalog = gk_catalog_new ();

  for (guint i = 0; formula_texts[i] != NULL; i++)
    {
      g_autoptr(GkItem) item = gk_item_new ("20");

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        gk_item_set_text (item, fields[f], formula_texts[i]);
      gk_item_set_position (item, (int) i);
      g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_CONTENT), ==, formula_texts[i]);
      gk_catalog_add_item (catalog, item);
    }
  if (texts != NULL)
    *texts = formula_texts;
  return catalog;
}

/**
 * gk_test_run_cli:
 * @cli_path: the gongkai-cli to run
 * @command: (nullable): its command, such as "export", or %NULL
 * @args: (array zero-terminated=1): the arguments after @command
 * @out: (out) (optional): where to put what it wrote on stdout
 * @err: (out) (optional): where to put what it wrote on stderr
 *
 * Runs gongkai-cli, untranslated so its messages can be compared. Its
 * output is captured even when the caller does not want it, so that it
 * never reaches the TAP stream.
 *
 * Returns: its exit status
 */
int
gk_test_run_cli (const char         *cli_path,
                 const char         *command,
                 const char * const *args,
                 char              **out,
                 char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ignored_out = NULL;
  g_autofree char *ignored_err = NULL;

  g_ptr_array_add (argv, (gpointer) cli_path);
  if (command != NULL)
    g_ptr_array_add (argv, (gpointer) command);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, NULL, NULL,
                                 out != NULL ? out : &ignored_out,
                                 err != NULL ? err : &ignored_err,
                                 &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

/**
 * gk_test_copy_item:
 * @item: an item
 *
 * Returns: (transfer full): the same item (gk_item_duplicate() makes a new
 *   one, with a new id)
 */
GkItem *
gk_test_copy_item (GkItem *item)
{
  GkItem *copy = gk_item_new_with_id (gk_item_get_id (item),
                                      gk_item_get_text (item, GK_FIELD_DOMAIN));

  gk_item_copy_from (copy, item);
  return copy;
}

/**
 * gk_test_query_text:
 * @path: a database
 * @sql: a query
 *
 * Runs @sql on the file directly, as any SQLite tool would.
 *
 * Returns: (transfer full) (nullable): the first column of its first row
 */
char *
gk_test_query_text (const char *path,
                    const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/**
 * gk_test_query_int:
 * @path: a database
 * @sql: a query with a result
 *
 * Returns: the first column of its first row as an integer
 */
gint64
gk_test_query_int (const char *path,
                   const char *sql)
{
  g_autofree char *text = gk_test_query_text (path, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

/**
 * gk_test_exec_sql:
 * @path: a database
 * @sql: statements
 *
 * Runs @sql on the file directly, as any SQLite tool would.
 */
void
gk_test_exec_sql (const char *path,
                  const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}
