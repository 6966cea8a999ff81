/* test-cut-sweep.c: syncs cut at every part of their exchange, both ways,
 * through the real gongkai-server
 *
 * Two stores of 民政局 (A and B) sync in process through the fault proxy,
 * in turn. In its rounds A creates two items, edits one and deletes one,
 * so its sync is mostly a push (four ops up, its own changes back); in its
 * rounds B edits one, and its sync is mostly a pull (A's four changes down,
 * one op up). Each of the four sweeps (A up, B up, A down, B down: the
 * sync of every fourth round, cut client → server or server → client)
 * cuts at OFFSETS offsets spread over the whole
 * exchange, measured on clean rounds first: the headers and bodies of
 * every request on whichever connection carries them (libsoup opens a new
 * one for a POST), closing (FIN) and resetting (RST) in turn.
 *
 * A cut closing the connection may be cured within the sync by the
 * engine's retry; after a reset the sync runs without retries and fails,
 * for the next to finish. After each cut the next clean sync must leave: nothing to send; every
 * op made applied exactly once (one revision and one stored result per op
 * on the server); the server holding every value the test set; the store
 * holding every item as the server does.
 *
 * A second test cuts syncs of more ops than one push carries, which the
 * engine sends two pushes at a time on two connections: a cut may strike
 * either, or both, before, while or after the server applies them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-fault-proxy.h"
#include "gk-test-server.h"
#include "gk-test-sync.h"
#include "gk-test-util.h"

/* Offsets per sweep; four sweeps. */
#define OFFSETS 200

/* Full comparisons of both stores with the server, every so many rounds. */
#define FULL_CHECK_EVERY 100

/* The items A edits in each round of the test of two pushes in flight
 * (a push carries 200 ops at most), and the offsets of its two sweeps. */
#define MANY_ITEMS 260
#define MANY_OFFSETS 24

typedef struct
{
  GkTestCounty  county;
  GkFaultProxy *proxy;
  char         *proxy_url;
  char         *server_db;
  GkStore      *a;          /* mz PC-1 */
  GkStore      *b;          /* mz PC-2 */
  GkTestView   *view;
  GPtrArray    *created;    /* ids of A's items, in order */
  GHashTable   *expected;   /* id → GkItem as last set here, or NULL: deleted */
  GHashTable   *unchecked[2]; /* for A and B: ids changed since it was checked */
  guint         n_ops;      /* ops made, each to be applied once */
  guint         a_rounds;
} Fixture;

typedef struct
{
  guint64 size;             /* bytes of a clean sync in the sweep's direction */
  guint   n_connections;    /* the requests of a sync may take several */
} Exchange;

static void
set_up (Fixture       *f,
        gconstpointer  program)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  gk_test_county_set_up (&f->county, program);
  f->proxy = gk_fault_proxy_new (f->county.s.port);
  f->proxy_url = g_strdup_printf ("http://127.0.0.1:%u", gk_fault_proxy_get_port (f->proxy));
  f->server_db = g_build_filename (f->county.s.data, "gongkai-server.db", NULL);
  a = g_build_filename (f->county.s.tmp, "a", NULL);
  b = g_build_filename (f->county.s.tmp, "b", NULL);
  f->a = gk_test_open_store (a);
  f->b = gk_test_open_store (b);
  f->view = gk_test_view_new (f->county.s.base, f->county.office);
  f->created = g_ptr_array_new_with_free_func (g_free);
  f->expected = gk_test_expected_new ();
  for (guint i = 0; i < 2; i++)
    f->unchecked[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Enrolled: each store takes the server's catalog. */
  gk_test_sync_clean (f->a, f->proxy_url, f->county.mz1);
  gk_test_sync_clean (f->b, f->proxy_url, f->county.mz2);
}

static void
tear_down (Fixture       *f,
           gconstpointer  program)
{
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  gk_test_view_free (f->view);
  gk_fault_proxy_free (f->proxy);
  gk_test_county_tear_down (&f->county, program);
  g_free (f->proxy_url);
  g_free (f->server_db);
  g_ptr_array_unref (f->created);
  g_hash_table_unref (f->expected);
  for (guint i = 0; i < 2; i++)
    g_hash_table_unref (f->unchecked[i]);
}

static void
edit (Fixture    *f,
      GkStore    *store,
      const char *id,
      GkField     field,
      const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkItem) item = gk_store_load_item (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (item);
  gk_item_set_text (item, field, text);
  gk_test_save_expected (store, item, f->expected);
  f->n_ops++;
}

/* A's changes: two new items, an edit of the first of its round before
 * and a delete of the second of its round before that. B's: an edit of
 * another field of the first item of A's fourth round before, which A no
 * longer changes and whose last change B has pulled. No two ops touch one
 * item at once, so none merges with another and each makes one revision. */
static void
make_changes (Fixture *f,
              guint    store,
              guint    round)
{
  guint a = f->a_rounds;

  if (store == 1)
    {
      g_autofree char *text = g_strdup_printf ("B 第 %u 轮注", round);

      if (a >= 4)
        edit (f, f->b, g_ptr_array_index (f->created, 2 * (a - 4)), GK_FIELD_NOTES, text);
      return;
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GkItem) item = gk_test_new_item ("A", round, i);

      g_ptr_array_add (f->created, g_strdup (gk_item_get_id (item)));
      gk_test_save_expected (f->a, item, f->expected);
      f->n_ops++;
    }
  if (a >= 1)
    {
      g_autofree char *text = g_strdup_printf ("A 第 %u 轮改", round);

      edit (f, f->a, g_ptr_array_index (f->created, 2 * (a - 1)), GK_FIELD_CONTENT, text);
    }
  if (a >= 2)
    {
      gk_test_delete_expected (f->a, g_ptr_array_index (f->created, 2 * (a - 2) + 1),
                               f->expected);
      f->n_ops++;
    }
  f->a_rounds++;
}

/* After @store synced: the server applied each op once and holds what the
 * test set, and @store holds every item changed since it was last checked
 * as the server does. */
static void
check_round (Fixture *f,
             guint    store)
{
  g_autoptr(GPtrArray) changed = gk_test_view_update (f->view);
  GHashTableIter iter;
  gpointer id;

  gk_test_assert_applied_once (f->server_db, f->n_ops, f->created->len);
  gk_test_view_assert_kept (f->view, f->expected);
  g_hash_table_remove_all (f->expected);
  for (guint i = 0; i < changed->len; i++)
    for (guint s = 0; s < 2; s++)
      g_hash_table_add (f->unchecked[s], g_strdup (g_ptr_array_index (changed, i)));
  g_hash_table_iter_init (&iter, f->unchecked[store]);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    gk_test_view_assert_item (f->view, store == 0 ? f->a : f->b, id);
  g_hash_table_remove_all (f->unchecked[store]);
}

/* Both stores hold every item as the server does. */
static void
check_all (Fixture *f)
{
  gk_test_sync_clean (f->a, f->proxy_url, f->county.mz1);
  gk_test_sync_clean (f->b, f->proxy_url, f->county.mz2);
  gk_test_view_assert_store (f->view, f->a);
  gk_test_view_assert_store (f->view, f->b);
}

/* One sync cut at @offset bytes in @direction (FIN, or RST if @reset),
 * then the clean sync after it. Returns whether the cut struck. */
static gboolean
cut_sync (Fixture          *f,
          GkStore          *store,
          const char       *token,
          GkFaultDirection  direction,
          guint64           offset,
          gboolean          reset,
          guint            *n_failed)
{
  g_autoptr(GkSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint n_cuts;

  gk_fault_proxy_reset_counts (f->proxy);
  gk_fault_proxy_cut (f->proxy, GK_FAULT_EXCHANGE, direction, offset, reset);
  /* A cut closing the connection (FIN) may be cured within the sync by
   * the engine's retry; after a reset the sync has one attempt per
   * request and is left to fail, for the next sync to finish: both paths. */
  report = gk_test_sync_attempts (store, f->proxy_url, token, reset ? 1 : 2, &error);
  n_cuts = gk_fault_proxy_get_n_cuts (f->proxy);
  gk_fault_proxy_clear_fault (f->proxy);
  if (report == NULL)
    {
      /* What the PC may retry; any other error would show a cut network
       * as a bug of one side. */
      if (!g_error_matches (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_NETWORK))
        g_error ("A sync cut at byte %" G_GUINT64_FORMAT " %s (%s) failed with: %s", offset,
                 direction == GK_FAULT_UP ? "up" : "down", reset ? "RST" : "FIN",
                 error->message);
      (*n_failed)++;
    }
  gk_test_sync_clean (store, f->proxy_url, token);
  return n_cuts > 0;
}

static void
measure (Fixture          *f,
         GkStore          *store,
         const char       *token,
         GkFaultDirection  direction,
         Exchange         *exchange)
{
  gk_fault_proxy_reset_counts (f->proxy);
  gk_test_sync_clean (store, f->proxy_url, token);
  exchange->n_connections = MAX (exchange->n_connections,
                                 gk_fault_proxy_get_n_connections (f->proxy));
  exchange->size = MAX (exchange->size, gk_fault_proxy_get_bytes (f->proxy, direction));
}

static void
test_sweep (Fixture       *f,
            gconstpointer  program)
{
  const char *names[4] = { "A up", "B up", "A down", "B down" };
  Exchange exchanges[4] = { { 0, 0 } };
  guint n_struck[4] = { 0 };
  guint n_failed[4] = { 0 };
  guint round = 0;
  gint64 start = g_get_monotonic_time ();

  /* Round k is of sweep k % 4: A, B, A, B. Clean rounds first, until the
   * changes are those of every later round, to measure each sweep's
   * exchange. */
  for (; round < 16; round++)
    {
      guint sweep = round % 4;
      guint store = sweep % 2;

      make_changes (f, store, round);
      measure (f, store == 0 ? f->a : f->b, store == 0 ? f->county.mz1 : f->county.mz2,
               sweep < 2 ? GK_FAULT_UP : GK_FAULT_DOWN, &exchanges[sweep]);
      check_round (f, store);
    }
  for (guint sweep = 0; sweep < 4; sweep++)
    g_test_message ("%s: %" G_GUINT64_FORMAT " bytes, up to %u connections", names[sweep],
                    exchanges[sweep].size, exchanges[sweep].n_connections);

  for (guint k = 0; k < 4 * OFFSETS; k++, round++)
    {
      guint sweep = round % 4;
      guint store = sweep % 2;
      GkFaultDirection d = sweep < 2 ? GK_FAULT_UP : GK_FAULT_DOWN;
      guint64 offset = exchanges[sweep].size * (k / 4) / OFFSETS;
      gboolean reset = (k / 4) % 2 == 1;

      make_changes (f, store, round);
      n_struck[sweep] += cut_sync (f, store == 0 ? f->a : f->b,
                                   store == 0 ? f->county.mz1 : f->county.mz2,
                                   d, offset, reset, &n_failed[sweep]);
      check_round (f, store);
      if (k % FULL_CHECK_EVERY == FULL_CHECK_EVERY - 1)
        check_all (f);
    }
  check_all (f);

  for (guint sweep = 0; sweep < 4; sweep++)
    {
      g_test_message ("%s: %u offsets, %u cuts struck, %u syncs failed", names[sweep],
                      OFFSETS, n_struck[sweep], n_failed[sweep]);
      /* Every offset is inside the exchange: each cut strikes. */
      g_assert_cmpuint (n_struck[sweep], ==, OFFSETS);
      /* Most syncs cut with a reset fail (they are not retried, but
       * libsoup itself sends a GET cut on a reused connection again). */
      g_assert_cmpuint (n_failed[sweep], >, OFFSETS / 8);
    }
  g_test_message ("%u rounds, %u ops, %.1f s", round, f->n_ops,
                  (g_get_monotonic_time () - start) / 1e6);
}

/* When the server began and ended the last @n pushes it logged, in µs
 * since the epoch: the access log gives each request's end and length. */
static void
read_last_pushes (Fixture *f,
                  guint    n,
                  gint64  *starts,
                  gint64  *ends)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint found = 0;

  g_file_get_contents (f->county.s.log, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = g_strv_length (lines); i > 0 && found < n; i--)
    {
      g_auto(GStrv) words = g_strsplit (lines[i - 1], " ", -1);
      g_autoptr(GDateTime) end = NULL;

      if (g_strv_length (words) < 8 || g_strcmp0 (words[3], "/api/v1/push") != 0)
        continue;
      end = g_date_time_new_from_iso8601 (words[0], NULL);
      g_assert_nonnull (end);
      ends[found] = g_date_time_to_unix (end) * G_USEC_PER_SEC
                    + g_date_time_get_microsecond (end);
      starts[found] = ends[found] - (gint64) (g_ascii_strtod (words[6], NULL) * 1000);
      found++;
    }
  g_assert_cmpuint (found, ==, n);
}

/* A's change of every one of its items, each an op of its own. */
static void
edit_all (Fixture *f,
          guint    round)
{
  g_autofree char *text = g_strdup_printf ("A 第 %u 轮全改", round);

  for (guint i = 0; i < f->created->len; i++)
    edit (f, f->a, g_ptr_array_index (f->created, i), GK_FIELD_NOTES, text);
}

static void
test_two_pushes (Fixture       *f,
                 gconstpointer  program)
{
  g_autoptr(GkSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 starts[2], ends[2];
  Exchange exchanges[2] = { { 0, 0 } };
  guint n_struck[2] = { 0 };
  guint n_failed[2] = { 0 };
  guint round = 0;

  for (guint i = 0; i < MANY_ITEMS; i++)
    {
      g_autoptr(GkItem) item = gk_test_new_item ("A", 0, i);

      g_ptr_array_add (f->created, g_strdup (gk_item_get_id (item)));
      gk_test_save_expected (f->a, item, f->expected);
      f->n_ops++;
    }
  gk_test_sync_clean (f->a, f->proxy_url, f->county.mz1);
  check_round (f, 0);

  /* Both pushes are answered, and the store's cursor follows both: the
   * pull fetches none of their changes back. */
  edit_all (f, round++);
  report = gk_test_sync (f->a, f->proxy_url, f->county.mz1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, MANY_ITEMS);
  g_assert_cmpuint (report->pulled, ==, 0);
  check_round (f, 0);
  /* And they were at the server at once: each began before the other
   * was answered. */
  read_last_pushes (f, 2, starts, ends);
  g_assert_cmpint (starts[0], <, ends[1]);
  g_assert_cmpint (starts[1], <, ends[0]);

  /* Clean rounds measure the exchange each way; every later round has
   * as many ops, and its answers are as long or longer (revisions and
   * change numbers only grow). */
  for (guint sweep = 0; sweep < 2; sweep++, round++)
    {
      edit_all (f, round);
      measure (f, f->a, f->county.mz1, sweep == 0 ? GK_FAULT_UP : GK_FAULT_DOWN,
               &exchanges[sweep]);
      check_round (f, 0);
    }

  for (guint k = 0; k < 2 * MANY_OFFSETS; k++, round++)
    {
      guint sweep = k % 2;
      guint64 offset = exchanges[sweep].size * (k / 2) / MANY_OFFSETS;

      edit_all (f, round);
      n_struck[sweep] += cut_sync (f, f->a, f->county.mz1,
                                   sweep == 0 ? GK_FAULT_UP : GK_FAULT_DOWN, offset,
                                   (k / 2) % 2 == 1, &n_failed[sweep]);
      check_round (f, 0);
    }
  check_all (f);

  for (guint sweep = 0; sweep < 2; sweep++)
    {
      g_test_message ("%s: %" G_GUINT64_FORMAT " bytes, %u cuts struck, %u syncs failed",
                      sweep == 0 ? "up" : "down", exchanges[sweep].size, n_struck[sweep],
                      n_failed[sweep]);
      g_assert_cmpuint (n_struck[sweep], ==, MANY_OFFSETS);
    }
}

int
main (int    argc,
      char **argv)
{
  const char *program;

  g_test_init (&argc, &argv, NULL);
  program = gk_test_get_program (argc, argv, "gongkai-server");
  g_test_add ("/cut-sweep/sweep", Fixture, program, set_up, test_sweep, tear_down);
  g_test_add ("/cut-sweep/two-pushes", Fixture, program, set_up, test_two_pushes, tear_down);

  return g_test_run ();
}
