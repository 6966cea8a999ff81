/* test-backup.c: gongkai-server backup and restore, through the real
 * server
 *
 * Backups taken while a client pushes without a pause are whole and
 * consistent (integrity_check, every item's history up to its rev, seq
 * increasing); a backup never goes over a file without --force, nor ever
 * over the live database. A restore refuses while the server serves,
 * keeps the database it replaces, and gives the copy a new server id: an
 * old cursor is answered 410, an empty one gets the backup's items. A
 * file that is not a backup of gongkai-server changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gstdio.h>

#include "gk-test-server.h"
#include "gk-test-util.h"

typedef GkTestCounty Fixture;

#define ITEM_SET "{\"domain\":\"20\",\"level1\":\"最低生活保障\",\"basis\":\"A\"}"

/* A client of 民政局 that pushes until told to stop: each push creates
 * an item and updates the one before it. */
typedef struct
{
  char   *base;
  char   *token;
  gint    stop;
  gint    pushes;
} Pusher;

static void
push_body (SoupSession *session,
           const char  *uri,
           const char  *authorization,
           const char  *body)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
}

static gpointer
push_loop (gpointer data)
{
  Pusher *pusher = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", GK_TEST_WAIT_S,
                                                                  NULL);
  g_autofree char *uri = g_strconcat (pusher->base, "/api/v1/push", NULL);
  g_autofree char *authorization = gk_test_bearer (pusher->token);
  g_autofree char *previous = NULL;

  /* Bounded, whatever the main thread does. */
  for (guint round = 0; round < 2000 && !g_atomic_int_get (&pusher->stop); round++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *create = gk_test_op ("create", id, 0, ITEM_SET, NULL);
      g_autofree char *update = NULL;
      g_autofree char *body = NULL;

      if (previous != NULL)
        update = gk_test_op ("update", previous, 1, "{\"basis\":\"B\"}", NULL);
      body = g_strdup_printf ("{\"ops\":[%s%s%s]}", create, update != NULL ? "," : "",
                              update != NULL ? update : "");
      push_body (session, uri, authorization, body);
      g_atomic_int_inc (&pusher->pushes);
      g_free (previous);
      previous = g_steal_pointer (&id);
    }

  return NULL;
}

static void
wait_for_pushes (Pusher *pusher,
                 gint    n)
{
  gint64 deadline = g_get_monotonic_time () + GK_TEST_WAIT_S * G_USEC_PER_SEC;

  while (g_atomic_int_get (&pusher->pushes) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10000);
    }
}

static gint64
count (const char *path,
       const char *sql)
{
  return gk_test_query_int (path, sql);
}

/* One committed state: whole, and every item as its history says. */
static gint64
assert_consistent (const char *backup)
{
  g_autofree char *check = gk_test_query_text (backup, "PRAGMA integrity_check");
  g_autofree char *mode = gk_test_query_text (backup, "PRAGMA journal_mode");
  g_autofree char *wal = g_strconcat (backup, "-wal", NULL);

  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpstr (mode, ==, "delete");
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* Each item's rev is its newest revision and it has all the others. */
  g_assert_cmpint (count (backup, "SELECT count(*) FROM item WHERE"
                                  " rev != (SELECT max(rev) FROM item_rev WHERE item_id = item.id)"
                                  " OR rev != (SELECT count(*) FROM item_rev"
                                  "            WHERE item_id = item.id)"), ==, 0);
  g_assert_cmpint (count (backup, "SELECT count(*) FROM item WHERE seq != (SELECT seq FROM"
                                  " item_rev WHERE item_id = item.id AND rev = item.rev)"), ==, 0);
  /* seq grows with each revision, and the last one given is there. */
  g_assert_cmpint (count (backup, "SELECT count(*) FROM item_rev AS a JOIN item_rev AS b"
                                  " ON b.item_id = a.item_id AND b.rev = a.rev + 1"
                                  " WHERE b.seq <= a.seq"), ==, 0);
  g_assert_cmpint (count (backup, "SELECT (SELECT value FROM meta WHERE key = 'seq')"
                                  " = (SELECT max(seq) FROM item_rev)"), ==, 1);
  /* Every applied op that changed something, and its change. */
  g_assert_cmpint (count (backup, "SELECT count(*) FROM applied_op WHERE seq IS NOT NULL"
                                  " AND seq NOT IN (SELECT seq FROM item_rev)"), ==, 0);

  return count (backup, "SELECT count(*) FROM item");
}

static void
test_while_pushing (Fixture       *f,
                    gconstpointer  data)
{
  Pusher pusher = { f->s.base, f->mz1, 0, 0 };
  g_autofree char *live = g_build_filename (f->s.data, "gongkai-server.db", NULL);
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GBytes) still = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autofree char *first = NULL;
  GThread *thread;
  gint64 last = 0;

  thread = g_thread_new ("pusher", push_loop, &pusher);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("backup-%u.db", i);
      g_autofree char *backup = g_build_filename (f->s.tmp, name, NULL);
      g_autofree char *out = NULL;
      gint64 items;

      wait_for_pushes (&pusher, 5 * (i + 1));
      g_assert_cmpint (gk_test_server_admin (&f->s, &out, "backup", "-o", backup, NULL), ==, 0);
      g_assert_nonnull (strstr (out, backup));
      items = assert_consistent (backup);
      g_assert_cmpint (items, >=, 5 * (i + 1));
      g_assert_cmpint (items, >=, last);
      last = items;
      if (i == 0)
        first = g_steal_pointer (&backup);
    }
  g_atomic_int_set (&pusher.stop, 1);
  g_thread_join (thread);
  g_test_message ("%d pushes, 3 backups meanwhile", pusher.pushes);

  /* Not over a file without --force; with it, yes. */
  kept = gk_test_read_bytes (first);
  g_assert_cmpint (gk_test_server_admin (&f->s, NULL, "backup", "-o", first, NULL), ==, 1);
  still = gk_test_read_bytes (first);
  g_assert_true (g_bytes_equal (kept, still));
  g_assert_cmpint (gk_test_server_admin (&f->s, NULL, "backup", "-o", first, "--force", NULL),
                   ==, 0);
  g_assert_cmpint (assert_consistent (first), ==, pusher.pushes);

  /* Never over the live database, even with --force. */
  g_assert_cmpint (gk_test_server_admin (&f->s, NULL, "backup", "-o", live, "--force", NULL),
                   ==, 1);
  info = gk_test_server_request (&f->s, "GET", "/api/v1/info", f->mz1, NULL, SOUP_STATUS_OK);
  g_assert_cmpint (count (live, "SELECT count(*) FROM item"), ==, pusher.pushes);
}

static char *
create_item (Fixture *f)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *op = gk_test_op ("create", id, 0, ITEM_SET, NULL);
  g_autoptr(JsonArray) results = gk_test_server_push (&f->s, f->mz1, op, NULL);

  return g_steal_pointer (&id);
}

static gboolean
changes_have (JsonObject *feed,
              const char *id)
{
  JsonArray *changes = json_object_get_array_member (feed, "changes");

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *item = json_object_get_object_member (json_array_get_object_element (changes,
                                                                                       i),
                                                        "item");

      if (g_str_equal (json_object_get_string_member (item, "id"), id))
        return TRUE;
    }

  return FALSE;
}

static char *
find_aside (const char *data_dir)
{
  g_autoptr(GDir) dir = g_dir_open (data_dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, "gongkai-server.db.before-restore-")
          && !g_str_has_suffix (name, "-wal") && !g_str_has_suffix (name, "-shm"))
        return g_build_filename (data_dir, name, NULL);
    }

  return NULL;
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->s.tmp, "backup.db", NULL);
  g_autofree char *before = create_item (f);
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *check = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) old_info = NULL;
  g_autoptr(JsonObject) feed = NULL;
  g_autoptr(JsonObject) gone = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) new_info = NULL;

  g_assert_cmpint (gk_test_server_admin (&f->s, NULL, "backup", "-o", backup, NULL), ==, 0);
  after = create_item (f);
  old_info = gk_test_server_request (&f->s, "GET", "/api/v1/info", f->mz1, NULL, SOUP_STATUS_OK);
  feed = gk_test_server_request (&f->s, "GET", "/api/v1/changes", f->mz1, NULL, SOUP_STATUS_OK);
  g_assert_true (changes_have (feed, after));

  /* Not while the server serves the folder; nor does a second server. */
  g_assert_cmpint (gk_test_server_admin (&f->s, NULL, "restore", backup, NULL), ==, 1);
  g_assert_null (find_aside (f->s.data));
  g_assert_cmpint (gk_test_server_admin (&f->s, NULL, "serve", "--listen", "127.0.0.1:0", NULL),
                   ==, 1);

  g_assert_cmpint (gk_test_server_stop (&f->s), ==, 0);
  g_assert_cmpint (gk_test_server_admin (&f->s, &out, "restore", backup, NULL), ==, 0);
  aside = find_aside (f->s.data);
  g_assert_nonnull (aside);
  g_assert_nonnull (strstr (out, aside));
  /* The database set aside holds everything, the item after the backup too. */
  sql = g_strdup_printf ("SELECT count(*) FROM item WHERE id = '%s'", after);
  g_assert_cmpint (gk_test_query_int (aside, sql), ==, 1);
  check = gk_test_query_text (aside, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");

  gk_test_server_start (&f->s);
  new_info = gk_test_server_request (&f->s, "GET", "/api/v1/info", f->mz1, NULL, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (new_info, "server_id"), !=,
                   json_object_get_string_member (old_info, "server_id"));
  g_assert_nonnull (strstr (out, json_object_get_string_member (new_info, "server_id")));

  /* An old cursor: 410, with the new id; an empty one: the backup's items. */
  path = g_strdup_printf ("/api/v1/changes?since=%s", json_object_get_string_member (feed, "next"));
  gone = gk_test_server_request (&f->s, "GET", path, f->mz1, NULL, SOUP_STATUS_GONE);
  g_assert_cmpstr (json_object_get_string_member (gone, "code"), ==, "cursor_reset");
  g_assert_cmpstr (json_object_get_string_member (gone, "server_id"), ==,
                   json_object_get_string_member (new_info, "server_id"));
  again = gk_test_server_request (&f->s, "GET", "/api/v1/changes", f->mz1, NULL, SOUP_STATUS_OK);
  g_assert_true (changes_have (again, before));
  g_assert_false (changes_have (again, after));
}

/* What restore makes of a file that is no backup: an error, and nothing
 * changed in the folder. */
static void
assert_refused (Fixture    *f,
                const char *file,
                const char *message)
{
  g_autofree char *live = g_build_filename (f->s.data, "gongkai-server.db", NULL);
  g_autoptr(GBytes) kept = gk_test_read_bytes (live);
  g_autoptr(GBytes) still = NULL;
  guint entries = gk_test_count_entries (f->s.data);
  const char *args[] = { "--data", f->s.data, file, NULL };
  g_autofree char *err = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, f->s.program, "restore", args[0],
                                         args[1], args[2], NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  if (strstr (err, message) == NULL)
    g_error ("restore of %s said “%s”, not “%s”", file, err, message);
  g_assert_nonnull (strstr (err, "Nothing was changed."));

  still = gk_test_read_bytes (live);
  g_assert_true (g_bytes_equal (kept, still));
  g_assert_cmpuint (gk_test_count_entries (f->s.data), ==, entries);
  g_assert_null (find_aside (f->s.data));
}

static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->s.tmp, "backup.db", NULL);
  g_autofree char *text = g_build_filename (f->s.tmp, "notes.txt", NULL);
  g_autofree char *cut = g_build_filename (f->s.tmp, "cut.db", NULL);
  g_autofree char *other = g_build_filename (f->s.tmp, "other.db", NULL);
  g_autofree char *newer = g_build_filename (f->s.tmp, "newer.db", NULL);
  g_autofree char *missing = g_build_filename (f->s.tmp, "missing.db", NULL);
  g_autoptr(GBytes) whole = NULL;
  g_autofree char *item = create_item (f);

  g_assert_cmpint (gk_test_server_admin (&f->s, NULL, "backup", "-o", backup, NULL), ==, 0);
  g_assert_cmpint (gk_test_server_stop (&f->s), ==, 0);

  g_assert_true (g_file_set_contents (text, "县民政局 2024 年工作要点\n", -1, NULL));
  whole = gk_test_read_bytes (backup);
  g_assert_true (g_file_set_contents (cut, g_bytes_get_data (whole, NULL),
                                      g_bytes_get_size (whole) / 2, NULL));
  gk_test_exec_sql (other, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"
                           "INSERT INTO notes (text) VALUES ('x');");
  g_assert_true (g_file_set_contents (newer, g_bytes_get_data (whole, NULL),
                                      g_bytes_get_size (whole), NULL));
  gk_test_exec_sql (newer, "PRAGMA user_version = 99");

  assert_refused (f, text, "is not a backup of gongkai-server");
  assert_refused (f, cut, "is not a backup of gongkai-server");
  assert_refused (f, other, "is not a backup of gongkai-server");
  assert_refused (f, newer, "newer gongkai-server (schema 99");
  assert_refused (f, missing, "There is no file");

  /* The real backup still restores. */
  g_assert_cmpint (gk_test_server_admin (&f->s, NULL, "restore", backup, NULL), ==, 0);
  gk_test_server_start (&f->s);
}

int
main (int    argc,
      char **argv)
{
  const char *program;

  g_test_init (&argc, &argv, NULL);
  program = gk_test_get_program (argc, argv, "gongkai-server");

  g_test_add ("/backup/while-pushing", Fixture, program, gk_test_county_set_up,
              test_while_pushing, gk_test_county_tear_down);
  g_test_add ("/backup/restore", Fixture, program, gk_test_county_set_up, test_restore,
              gk_test_county_tear_down);
  g_test_add ("/backup/bad-files", Fixture, program, gk_test_county_set_up, test_bad_files,
              gk_test_county_tear_down);

  return g_test_run ();
}
