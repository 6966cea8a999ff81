/* test-cli-retry.c: `gongkai-cli sync` sends its requests again after a
 * cut, a lost answer or a busy server, and gives up in bounded time on a
 * server that stalls or dribbles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <sqlite3.h>

#include "gk-fault-proxy.h"
#include "gk-test-cli.h"
#include "gk-test-util.h"

typedef GkTestCli Fixture;

static char *
proxy_url (GkFaultProxy *proxy)
{
  return g_strdup_printf ("http://127.0.0.1:%u", gk_fault_proxy_get_port (proxy));
}

/* `sync` of @dir through @url with --timeout @timeout; its exit status,
 * and in *@seconds how long it ran. */
static int
sync_timed (Fixture    *f,
            const char *dir,
            const char *url,
            const char *timeout,
            double     *seconds,
            char      **err)
{
  gint64 start = g_get_monotonic_time ();
  int status = gk_test_cli_run_err (f, NULL, err, "sync", "--data-dir", dir, "--server", url,
                                    "--token-file", f->token_a, "--timeout", timeout, NULL);

  *seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("sync --timeout %s: exit %d after %.1f s", timeout, status, *seconds);
  return status;
}

static guint
count_in_log (Fixture    *f,
              const char *needle)
{
  g_autofree char *log = NULL;

  g_assert_true (g_file_get_contents (f->county.s.log, &log, NULL, NULL));
  return gk_test_count_substrings (log, needle);
}

/* A cut connection, then an answer lost after the server applied the
 * push: one run of `sync` still completes, and each op is applied once. */
static void
test_cut_once (Fixture       *f,
               gconstpointer  program)
{
  g_autoptr(GkFaultProxy) proxy = gk_fault_proxy_new (f->county.s.port);
  g_autofree char *url = proxy_url (proxy);
  g_autofree char *db = g_build_filename (f->county.s.data, "gongkai-server.db", NULL);
  g_autofree char *catalog = gk_test_cli_write_small_catalog (f, 0);
  double seconds;

  /* GET /info refused at its first byte, with a reset. */
  g_assert_cmpint (gk_test_cli_run (f, NULL, "load", catalog, "--data-dir", f->a, NULL), ==, 0);
  gk_fault_proxy_cut (proxy, 1, GK_FAULT_UP, 0, TRUE);
  g_assert_cmpint (sync_timed (f, f->a, url, "60", &seconds, NULL), ==, 0);
  g_assert_cmpuint (gk_fault_proxy_get_n_cuts (proxy), ==, 1);
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 0);
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM item"), ==, 3);

  /* POST /push applied, its answer cut after 150 bytes: the same ops
   * again, answered from their stored results. */
  g_free (catalog);
  catalog = gk_test_cli_write_small_catalog (f, 1);
  g_assert_cmpint (gk_test_cli_run (f, NULL, "load", catalog, "--data-dir", f->b, NULL), ==, 0);
  gk_fault_proxy_reset_counts (proxy);
  gk_fault_proxy_cut (proxy, 2, GK_FAULT_DOWN, 150, FALSE);
  g_assert_cmpint (sync_timed (f, f->b, url, "60", &seconds, NULL), ==, 0);
  g_assert_cmpuint (gk_fault_proxy_get_n_cuts (proxy), ==, 1);
  g_assert_cmpint (gk_test_cli_count_outbox (f->b), ==, 0);
  g_assert_cmpuint (count_in_log (f, " POST /api/v1/push 200 "), ==, 3);
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM item"), ==, 6);
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM item WHERE rev != 1"), ==, 0);
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM applied_op"), ==, 6);
}

typedef struct
{
  char  *db;
  char  *log;
} Lock;

/* Holds the server's write lock, as a long write would, until the server
 * has answered a push 503 (bounded by GK_TEST_WAIT_S). */
static gpointer
hold_lock (gpointer data)
{
  Lock *lock = data;
  sqlite3 *db = NULL;
  gint64 deadline = g_get_monotonic_time () + GK_TEST_WAIT_S * G_USEC_PER_SEC;

  g_assert_cmpint (sqlite3_open (lock->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *log = NULL;

      g_file_get_contents (lock->log, &log, NULL, NULL);
      if (log != NULL && strstr (log, " POST /api/v1/push 503 ") != NULL)
        break;
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return NULL;
}

/* The server's database is locked longer than the server waits for it
 * (its busy timeout is 5 s): it answers the push 503 with Retry-After: 5,
 * and the client waits that long and sends the push again, which goes
 * through once the lock is let go. */
static void
test_busy (Fixture       *f,
           gconstpointer  program)
{
  g_autofree char *db = g_build_filename (f->county.s.data, "gongkai-server.db", NULL);
  g_autofree char *catalog = gk_test_cli_write_small_catalog (f, 0);
  Lock lock = { db, f->county.s.log };
  GThread *holder;
  double seconds;

  g_assert_cmpint (gk_test_cli_run (f, NULL, "load", catalog, "--data-dir", f->a, NULL), ==, 0);
  holder = g_thread_new ("lock", hold_lock, &lock);
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (sync_timed (f, f->a, f->county.s.base, "40", &seconds, NULL), ==, 0);
  g_thread_join (holder);

  g_assert_cmpuint (count_in_log (f, " POST /api/v1/push 503 "), ==, 1);
  g_assert_cmpuint (count_in_log (f, " POST /api/v1/push 200 "), ==, 1);
  /* At least 5 s of the server's wait, then the 5 s it asked for. */
  g_assert_cmpfloat (seconds, >=, 9.5);
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 0);
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM item"), ==, 3);
}

/*
 * A server that never answers, and one that answers a byte every 200 ms,
 * so that no socket operation ever times out: `sync --timeout 3` ends each
 * attempt at its deadline, and gives up (exit 3) soon after 3 s, with
 * nothing lost. One slow connection alone is retried, and the sync
 * completes.
 */
static void
test_stalled (Fixture       *f,
              gconstpointer  program)
{
  g_autoptr(GkFaultProxy) proxy = gk_fault_proxy_new (f->county.s.port);
  g_autofree char *url = proxy_url (proxy);
  g_autofree char *catalog = gk_test_cli_write_small_catalog (f, 0);
  g_autofree char *store = g_build_filename (f->a, "gongkai.db", NULL);
  g_autofree char *db = g_build_filename (f->county.s.data, "gongkai-server.db", NULL);
  double seconds;

  g_assert_cmpint (gk_test_cli_run (f, NULL, "load", catalog, "--data-dir", f->a, NULL), ==, 0);

  for (guint interval = 0; interval <= 200; interval += 200)
    {
      g_autofree char *err = NULL;

      gk_fault_proxy_reset_counts (proxy);
      gk_fault_proxy_slow (proxy, 0, GK_FAULT_DOWN, 20, interval);
      g_assert_cmpint (sync_timed (f, f->a, url, "3", &seconds, &err), ==, 3);
      g_assert_nonnull (strstr (err, "did not answer within"));
      g_assert_cmpfloat (seconds, >=, 2.9);
      g_assert_cmpfloat (seconds, <, 8);
      g_assert_cmpuint (gk_fault_proxy_get_bytes (proxy, GK_FAULT_UP), >, 0);
      g_assert_cmpint (gk_test_query_int (store, "SELECT count(*) FROM items"), ==, 3);
    }

  gk_fault_proxy_reset_counts (proxy);
  gk_fault_proxy_slow (proxy, 1, GK_FAULT_DOWN, 20, 200);
  g_assert_cmpint (sync_timed (f, f->a, url, "8", &seconds, NULL), ==, 0);
  g_assert_cmpfloat (seconds, >=, 3.9);
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 0);
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM item"), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  const char *program = gk_test_cli_init (&argc, &argv);

  gk_test_cli_add ("/cli-retry/cut-once", program, (GTestFixtureFunc) test_cut_once);
  gk_test_cli_add ("/cli-retry/busy", program, (GTestFixtureFunc) test_busy);
  gk_test_cli_add ("/cli-retry/stalled", program, (GTestFixtureFunc) test_stalled);

  return g_test_run ();
}
