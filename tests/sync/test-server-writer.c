/* test-server-writer.c: the server's writer thread, its checkpoints, and
 * requests that wait for it, in process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include <glib/gstdio.h>

#include "gk-server.h"
#include "gk-server-checkpointer.h"
#include "gk-server-db.h"
#include "gk-server-response.h"
#include "gk-server-token.h"
#include "gk-test-util.h"

#define WAIT_S 30
#define TOKEN "gk1_test-token-for-the-writer-test-only-0000000"

typedef struct
{
  GThread  *main_thread;
  GThread  *ran_on;
  guint     n_run;
  gboolean  fail;
  gboolean  done;
  gboolean  committed;
  const char *id;
  gboolean  quick;
} Job;

/* Adds the catalog @id, or one named after the job's order; fails after
 * it if asked. */
static gboolean
insert_catalog (sqlite3  *db,
                gpointer  data,
                GError  **error)
{
  Job *job = data;
  g_autofree char *id = job->id != NULL ? g_strdup (job->id)
                                        : g_strdup_printf ("c%u", ++job->n_run);
  g_autofree char *sql = g_strdup_printf ("INSERT INTO catalog (id, unit, levels, created_at)"
                                          " VALUES ('%s', 'u', '[]', 0)", id);

  job->ran_on = g_thread_self ();
  /* Long enough for the main loop to show that it was not waiting, and
   * for the jobs after the first to be queued while it runs. */
  if (!job->quick)
    g_usleep (100 * 1000);
  if (!gk_server_db_exec (db, sql, error))
    return FALSE;
  if (job->fail)
    {
      g_set_error_literal (error, GK_SERVER_ERROR, GK_SERVER_ERROR_FAILED, "asked to fail");
      return FALSE;
    }

  return TRUE;
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_thread_self () == job->main_thread);
  job->committed = gk_server_writer_run_finish (GK_SERVER_WRITER (source), result, &error);
  g_assert_true (job->committed == (error == NULL));
  job->done = TRUE;
}

static gint64
count_catalogs (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM catalog", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
wait_for (gboolean *done,
          guint    *iterations)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  while (!*done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      if (iterations != NULL)
        (*iterations)++;
      g_usleep (1000);
    }
}

/* On its own thread, in a transaction each, committed or rolled back;
 * the callback in the caller's context, which keeps running meanwhile. */
static void
test_writer (void)
{
  g_autofree char *dir = gk_test_make_tmp_dir ("writer");
  g_autoptr(GError) error = NULL;
  sqlite3 *db = gk_server_db_open (dir, TRUE, &error);
  sqlite3 *reader = NULL;
  g_autoptr(GkServerWriter) writer = NULL;
  Job ok = { g_thread_self (), NULL, 0, FALSE, FALSE, FALSE, NULL, FALSE };
  Job failing = { g_thread_self (), NULL, 0, TRUE, FALSE, FALSE, NULL, FALSE };
  guint iterations = 0;

  g_assert_no_error (error);
  writer = gk_server_writer_new (db);
  reader = gk_server_db_open_reader (dir, &error);
  g_assert_no_error (error);

  gk_server_writer_run_async (writer, insert_catalog, &ok, NULL, NULL, written_cb, &ok);
  gk_server_writer_run_async (writer, insert_catalog, &failing, NULL, NULL, written_cb,
                              &failing);
  wait_for (&ok.done, &iterations);
  wait_for (&failing.done, &iterations);

  g_assert_true (ok.committed);
  g_assert_false (failing.committed);
  g_assert_true (ok.ran_on != g_thread_self ());
  g_assert_true (failing.ran_on == ok.ran_on);
  g_assert_cmpuint (iterations, >, 10);
  g_assert_cmpint (count_catalogs (reader), ==, 1);

  gk_server_writer_stop (writer);
  gk_server_db_close (reader);
  g_assert_finalize_object (g_steal_pointer (&writer));
  gk_test_remove_tree (dir);
}

static int
count_commit (void *data)
{
  (*(guint *) data)++;
  return 0;
}

/* Quick jobs queued while a long one runs share the next transaction and
 * one commit (the long one, past the group's budget, is committed alone);
 * each runs on what the ones before it left, and one that fails is rolled
 * back alone, the others committed. */
static void
test_group_commit (void)
{
  g_autofree char *dir = gk_test_make_tmp_dir ("group");
  g_autoptr(GError) error = NULL;
  sqlite3 *db = gk_server_db_open (dir, TRUE, &error);
  sqlite3 *reader = NULL;
  g_autoptr(GkServerWriter) writer = NULL;
  GThread *self = g_thread_self ();
  /* The second "a" meets the first one's row. */
  Job jobs[] = {
    { self, NULL, 0, FALSE, FALSE, FALSE, "a", FALSE },
    { self, NULL, 0, FALSE, FALSE, FALSE, "b", TRUE },
    { self, NULL, 0, TRUE, FALSE, FALSE, "c", TRUE },
    { self, NULL, 0, FALSE, FALSE, FALSE, "d", TRUE },
    { self, NULL, 0, FALSE, FALSE, FALSE, "e", TRUE },
    { self, NULL, 0, FALSE, FALSE, FALSE, "a", TRUE },
  };
  guint commits = 0;

  g_assert_no_error (error);
  sqlite3_commit_hook (db, count_commit, &commits);
  writer = gk_server_writer_new (db);
  reader = gk_server_db_open_reader (dir, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    gk_server_writer_run_async (writer, insert_catalog, &jobs[i], NULL, NULL, written_cb,
                                &jobs[i]);
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    wait_for (&jobs[i].done, NULL);

  g_assert_true (jobs[0].committed);
  g_assert_true (jobs[1].committed);
  g_assert_false (jobs[2].committed);
  g_assert_true (jobs[3].committed);
  g_assert_true (jobs[4].committed);
  g_assert_false (jobs[5].committed);
  g_assert_cmpint (count_catalogs (reader), ==, 4);
  /* The first job alone, then the others together (in one commit unless
   * the machine stalls the writer past the group's budget). */
  g_assert_cmpuint (commits, >=, 2);
  g_assert_cmpuint (commits, <, G_N_ELEMENTS (jobs));

  gk_server_writer_stop (writer);
  gk_server_db_close (reader);
  g_assert_finalize_object (g_steal_pointer (&writer));
  gk_test_remove_tree (dir);
}

static void
reply (SoupServerMessage *msg,
       gpointer           data,
       const GError      *error)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  g_assert_no_error (error);
  json_node_take_object (root, json_object_new ());
  gk_server_respond_json (msg, SOUP_STATUS_CREATED, root);
}

static void
handle_write (GkServer           *server,
              SoupServerMessage  *msg,
              const GkServerAuth *auth,
              const GkJsonValue  *body)
{
  Job *job = g_new0 (Job, 1);

  job->main_thread = g_thread_self ();
  gk_server_reply_after_write (server, msg, insert_catalog, reply, job, g_free);
}

static void
add_token (const char *dir)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = gk_server_db_open (dir, TRUE, &error);
  sqlite3_stmt *stmt = NULL;
  guint8 hash[GK_SERVER_TOKEN_HASH_SIZE];

  g_assert_no_error (error);
  g_assert_true (gk_server_db_exec (db, "INSERT INTO catalog VALUES ('county', 'u', '[]', 0)",
                                    &error));
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO token (id, hash, catalog_id, role,"
                                       " created_at) VALUES ('t_1', ?, 'county', 'office', 0)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  gk_server_token_hash (TOKEN, strlen (TOKEN), hash);
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  gk_server_db_close (db);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                              &error);

  g_assert_no_error (error);
  *done = TRUE;
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_server_stop_finish (GK_SERVER (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Adds 256 KiB to the database: a few such commits take the log past the
 * 1,000 pages of a checkpoint. */
static gboolean
insert_blob (sqlite3  *db,
             gpointer  data,
             GError  **error)
{
  return gk_server_db_exec (db, "CREATE TABLE IF NOT EXISTS blob (b BLOB);"
                            "INSERT INTO blob VALUES (randomblob (262144))", error);
}

static goffset
file_size (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? buf.st_size : 0;
}

/* The checkpointer's thread checkpoints the log past 1,000 pages, and
 * commits without a pause between them still leave a bounded log: 80 MiB
 * committed leave at most some 16 (without any checkpoint it would hold
 * all 80), and every commit is in the database. */
static void
test_checkpoint (void)
{
  g_autofree char *dir = gk_test_make_tmp_dir ("checkpoint");
  g_autofree char *path = g_build_filename (dir, GK_SERVER_DB_NAME, NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = gk_server_db_open (dir, TRUE, &error);
  sqlite3 *reader = NULL;
  g_autoptr(GkServerCheckpointer) checkpointer = NULL;
  g_autoptr(GkServerWriter) writer = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  checkpointer = gk_server_checkpointer_new (db, path, &error);
  g_assert_no_error (error);
  writer = gk_server_writer_new (db);
  for (guint i = 0; i < 320; i++)
    {
      Job job = { g_thread_self (), NULL, 0, FALSE, FALSE, FALSE, NULL, FALSE };

      gk_server_writer_run_async (writer, insert_blob, &job, NULL, NULL, written_cb, &job);
      wait_for (&job.done, NULL);
      g_assert_true (job.committed);
    }
  gk_server_writer_stop (writer);

  g_assert_cmpuint (gk_server_checkpointer_get_n_done (checkpointer), >, 0);
  g_assert_cmpint (file_size (dir, GK_SERVER_DB_NAME "-wal"), <, 24 * 1024 * 1024);
  g_assert_cmpint (file_size (dir, GK_SERVER_DB_NAME), >, 56 * 1024 * 1024);
  reader = gk_server_db_open_reader (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (reader, "SELECT count (*) FROM blob", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 320);
  sqlite3_finalize (stmt);

  gk_server_db_close (reader);
  g_assert_finalize_object (g_steal_pointer (&writer));
  gk_server_checkpointer_stop (checkpointer);
  g_assert_finalize_object (g_steal_pointer (&checkpointer));
  gk_test_remove_tree (dir);
}

/* A request paused while the writer commits, answered after: the server
 * runs in this process, so the client must be asynchronous too. */
static void
test_reply_after_write (void)
{
  g_autofree char *dir = gk_test_make_tmp_dir ("reply");
  g_autoptr(GError) error = NULL;
  g_autoptr(GkServer) server = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", WAIT_S, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *uri = NULL;
  gboolean done = FALSE;

  add_token (dir);
  server = gk_server_new (dir, &error);
  g_assert_no_error (error);
  gk_server_add_route (server, "POST", "/test/write", FALSE, handle_write);
  g_assert_true (gk_server_listen (server, G_INET_SOCKET_ADDRESS (address), &error));
  g_assert_no_error (error);

  uri = g_strdup_printf ("http://127.0.0.1:%u/test/write", gk_server_get_port (server));
  msg = soup_message_new ("POST", uri);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Bearer " TOKEN);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &done);
  wait_for (&done, NULL);

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_CREATED);
  g_assert_cmpint (count_catalogs (gk_server_get_reader (server)), ==, 2);

  done = FALSE;
  gk_server_stop_async (server, NULL, stopped_cb, &done);
  wait_for (&done, NULL);
  gk_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-writer/transactions", test_writer);
  g_test_add_func ("/server-writer/group-commit", test_group_commit);
  g_test_add_func ("/server-writer/reply-after-write", test_reply_after_write);
  g_test_add_func ("/server-writer/checkpoint", test_checkpoint);

  return g_test_run ();
}
