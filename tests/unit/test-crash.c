/* test-crash.c: no acknowledged save is lost when the editor is killed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-crash [GTEST-OPTIONS] PATH-TO-gk-crash-child
 */

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "gongkai-core.h"
#include "gk-test-util.h"

#define N_KILLS 60

static const char *child_path;

/* Whether the child has acknowledged at least one save in the report. */
static gboolean
has_report_line (const char *report_path)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (report_path, &contents, NULL, NULL) &&
         strchr (contents, '\n') != NULL;
}

/* Starts the child writing its reports to a file: a pipe could fill up
 * and stall it, and a file keeps what was written before the kill.
 *
 * Most kills land at a random moment after the first acknowledged save, so
 * they hit saves in flight whatever the speed of the machine (a sanitizer
 * build starts several times slower); every fifth lands while the child
 * is still opening or creating the database. */
static void
run_and_kill (const char *data_dir,
              const char *report_path,
              guint       iteration)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  gboolean early = iteration % 5 == 0;
  int delay_ms = early ? g_test_rand_int_range (0, 50) : g_test_rand_int_range (0, 300);

  g_subprocess_launcher_set_stdout_file_path (launcher, report_path);
  child = g_subprocess_launcher_spawn (launcher, &error, child_path, data_dir, NULL);
  g_assert_no_error (error);

  if (!early)
    {
      gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

      while (!has_report_line (report_path) && g_get_monotonic_time () < deadline)
        g_usleep (2000);
      g_assert_true (has_report_line (report_path));
    }

  g_usleep ((gulong) delay_ms * 1000);
  g_subprocess_send_signal (child, SIGKILL);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);

  /* Exiting on its own means it failed (e.g. it found its store set aside). */
  if (!g_subprocess_get_if_signaled (child))
    g_error ("gk-crash-child exited with status %d", g_subprocess_get_exit_status (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
}

/* Adds the UUIDs of the complete "saved UUID" lines of the report. */
static guint
read_report (const char *report_path,
             GHashTable *saved)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (report_path, &contents, NULL, &error));
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  /* The last piece is whatever followed the last newline. */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (lines[i], "saved "));
      g_assert_true (g_uuid_string_is_valid (lines[i] + strlen ("saved ")));
      g_hash_table_add (saved, g_strdup (lines[i] + strlen ("saved ")));
      n++;
    }

  return n;
}

static void
assert_database (const char *path,
                 GHashTable *saved)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer id;

  /* Opening read-write lets SQLite recover the write-ahead log as the
   * editor would. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  /* A kill while the first schema was being created leaves no table;
   * that is only acceptable while no save has been acknowledged. */
  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM items WHERE id = ?", -1,
                          &stmt, NULL) != SQLITE_OK)
    {
      g_assert_cmpuint (g_hash_table_size (saved), ==, 0);
      sqlite3_close (db);
      return;
    }
  g_hash_table_iter_init (&iter, saved);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      if (sqlite3_column_int (stmt, 0) != 1)
        g_error ("acknowledged item %s is not in the database", (const char *) id);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  sqlite3_close (db);
}

static void
test_crash_kill (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("gk-test-crash-XXXXXX", &error);
  g_autofree char *data_dir = g_build_filename (tmp, "data", NULL);
  g_autofree char *report_path = g_build_filename (tmp, "report.txt", NULL);
  g_autofree char *db_path = g_build_filename (data_dir, "gongkai.db", NULL);
  g_autoptr(GHashTable) saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GkStore) store = NULL;
  guint n_reported = 0;

  g_assert_no_error (error);

  for (guint i = 0; i < N_KILLS; i++)
    {
      run_and_kill (data_dir, report_path, i);
      n_reported += read_report (report_path, saved);
      if (g_file_test (db_path, G_FILE_TEST_EXISTS))
        assert_database (db_path, saved);
    }

  g_test_message ("%u saves acknowledged over %d kills", n_reported, N_KILLS);
  /* The kills must have landed while saving, not only before the first. */
  g_assert_cmpuint (n_reported, >, N_KILLS);

  /* The store itself finds nothing to set aside. */
  store = gk_store_new (data_dir);
  g_assert_true (gk_store_open (store, &error));
  g_assert_no_error (error);
  g_assert_null (gk_store_get_set_aside_path (store));
  g_assert_finalize_object (g_steal_pointer (&store));

  gk_test_remove_tree (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  child_path = gk_test_get_program (argc, argv, "gk-crash-child");

  g_test_add_func ("/crash/kill", test_crash_kill);

  return g_test_run ();
}
