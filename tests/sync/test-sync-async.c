/* test-sync-async.c: gk_sync_engine_run_async(), one sync on a thread of
 * its own against the real gongkai-server, and its cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gongkai-core.h"
#include "gk-fault-proxy.h"
#include "gk-sync-engine.h"
#include "gk-test-server.h"
#include "gk-test-sync.h"
#include "gk-test-util.h"

typedef struct
{
  GkTestCounty  county;
  GkStore      *store;
  char         *dir;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  program)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  const char * const levels[] = { "县级", "乡级", NULL };

  gk_test_county_set_up (&f->county, program);
  f->dir = g_build_filename (f->county.s.tmp, "store", NULL);
  f->store = gk_store_new (f->dir);
  g_assert_true (gk_store_open (f->store, &error));
  g_assert_no_error (error);
  gk_catalog_set_unit_name (catalog, "某某县");
  gk_catalog_set_levels (catalog, levels);
  gk_catalog_add_starter_domains (catalog, GK_DOMAIN_SET_ALL);
  g_assert_true (gk_store_replace_catalog (f->store, catalog, &error));
  g_assert_no_error (error);
}

static void
tear_down (Fixture       *f,
           gconstpointer  program)
{
  g_assert_finalize_object (f->store);
  g_free (f->dir);
  gk_test_county_tear_down (&f->county, program);
}

typedef struct
{
  GkSyncReport *report;
  GError       *error;
  gboolean      done;
  guint         ticks;   /* of the main loop while the sync ran */
  guint         received; /* items told by the progress */
} Run;

/* On the main loop's thread, as the sync receives pages. */
static void
progress_cb (guint    n_items,
             gpointer user_data)
{
  Run *run = user_data;

  g_assert_false (run->done);
  run->received += n_items;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  run->report = gk_sync_engine_run_finish (GK_STORE (source), result, &run->error);
  run->done = TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  ((Run *) user_data)->ticks++;
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @run is done; the loop keeps ticking. */
static void
wait_for (Run *run)
{
  guint tick = g_timeout_add (5, tick_cb, run);

  gk_test_wait_for (&run->done, "the sync");
  g_source_remove (tick);
}

/* Another department's PC sends its catalog (24 义务教育), for this one to
 * pull; returns how many items it holds. */
static guint
sync_other_pc (Fixture *f)
{
  g_autofree char *dir = g_build_filename (f->county.s.tmp, "jy", NULL);
  g_autoptr(GkStore) store = gk_store_new (dir);
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_open (store, &error));
  g_assert_no_error (error);
  gk_catalog_add_starter_domains (catalog, GK_DOMAIN_SET (23));
  g_assert_true (gk_store_replace_catalog (store, catalog, &error));
  g_assert_no_error (error);
  gk_test_sync_clean (store, f->county.s.base, f->county.jy);
  return gk_catalog_get_n_items (catalog);
}

/* Runs one sync of the store on a thread of its own until it is done. */
static GkSyncReport *
run_sync (Fixture *f,
          guint   *received)
{
  Run run = { NULL, NULL, FALSE, 0, 0 };
  guint unanswered = G_MAXUINT;
  g_autoptr(GError) error = NULL;

  gk_sync_engine_run_async (f->store, f->county.s.base, f->county.mz1, NULL, progress_cb, &run,
                            NULL, done_cb, &run);
  wait_for (&run);
  g_assert_no_error (run.error);
  g_assert_nonnull (run.report);
  g_test_message ("%u main loop ticks during the sync", run.ticks);
  g_assert_cmpuint (run.ticks, >, 0);
  g_assert_cmpuint (run.report->rejected->len, ==, 0);
  g_assert_true (gk_store_count_ops (f->store, &unanswered, NULL, &error));
  g_assert_cmpuint (unanswered, ==, 0);
  *received = run.received;
  return run.report;
}

/* A sync in a thread pushes and pulls while the main loop goes on, telling
 * its progress there. What it pushed does not come back in its pull
 * (the push's answer moved its cursor); what another PC pushed does. */
static void
test_run (Fixture       *f,
          gconstpointer  program)
{
  GkSyncReport *report;
  guint received = G_MAXUINT;
  guint n_other;

  report = run_sync (f, &received);
  g_assert_cmpuint (report->pushed, ==, 133);
  g_assert_cmpuint (report->pulled, ==, 0);
  g_assert_cmpuint (received, ==, 0);
  gk_sync_report_free (report);

  n_other = sync_other_pc (f);
  g_assert_cmpuint (n_other, >, 0);
  report = run_sync (f, &received);
  g_assert_cmpuint (report->pushed, ==, 0);
  /* The progress told of every item pulled, before the end. */
  g_assert_cmpuint (report->pulled, ==, n_other);
  g_assert_cmpuint (received, ==, n_other);
  gk_sync_report_free (report);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* A server that holds its answer: cancelling ends the sync at once,
 * though the attempt's deadline is 30 s away; nothing is lost. */
static void
test_cancel (Fixture       *f,
             gconstpointer  program)
{
  g_autoptr(GkFaultProxy) proxy = gk_fault_proxy_new (f->county.s.port);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u",
                                          gk_fault_proxy_get_port (proxy));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run = { NULL, NULL, FALSE, 0, 0 };
  gint64 start;

  gk_fault_proxy_slow (proxy, 0, GK_FAULT_DOWN, 0, 0);
  start = g_get_monotonic_time ();
  g_timeout_add (300, cancel_cb, cancellable);
  gk_sync_engine_run_async (f->store, url, f->county.mz1, NULL, NULL, NULL, cancellable, done_cb,
                            &run);
  wait_for (&run);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (run.report);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&run.error);

  /* The next sync, through a proxy that passes, completes. */
  gk_fault_proxy_clear_fault (proxy);
  run.done = FALSE;
  gk_sync_engine_run_async (f->store, url, f->county.mz1, NULL, NULL, NULL, NULL, done_cb, &run);
  wait_for (&run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.report->pushed, ==, 133);
  gk_sync_report_free (run.report);
}

int
main (int    argc,
      char **argv)
{
  const char *program;

  g_test_init (&argc, &argv, NULL);
  program = gk_test_get_program (argc, argv, "gongkai-server");
  g_test_add ("/sync-async/run", Fixture, program, set_up, test_run, tear_down);
  g_test_add ("/sync-async/cancel", Fixture, program, set_up, test_cancel, tear_down);

  return g_test_run ();
}
