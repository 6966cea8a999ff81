/* test-cut-sweep.c: syncs cut at every part of their exchange, both ways,
 * through the real gongkai-server
 *
 * Two stores of 民政局 (A and B) sync in process through the fault proxy.
 * Each round A creates two items, edits one and deletes one, and B edits
 * one; then one of the round's syncs is cut. A's sync is mostly a push
 * (four ops up, its own changes back), B's mostly a pull (A's four changes
 * down, one op up). Their sizes are measured on clean rounds first, and
 * each of the four sweeps (A or B, client → server or server → client)
 * cuts at OFFSETS offsets spread over the whole exchange, headers and
 * bodies of every request on whichever connection carries them (libsoup
 * opens a new one for a POST), closing (FIN) and resetting (RST) in turn.
 *
 * After each cut the next clean syncs must leave: nothing to send; every
 * op made applied exactly once (one revision and one stored result per op
 * on the server); the server holding every value the test set; both
 * stores holding every item as the server does.
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
  GPtrArray    *b_behind;   /* the items the last round changed, which B lacks */
  guint         n_ops;      /* ops made, each to be applied once */
} Fixture;

typedef struct
{
  guint64 size[2];          /* bytes of a clean sync, by direction */
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
  g_clear_pointer (&f->b_behind, g_ptr_array_unref);
}

static void
save (Fixture *f,
      GkStore *store,
      GkItem  *item)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_save_item (store, item, &error));
  g_assert_no_error (error);
  g_hash_table_insert (f->expected, g_strdup (gk_item_get_id (item)), gk_item_duplicate (item));
  f->n_ops++;
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
  save (f, store, item);
}

/* The round's changes: A creates two items, edits the first of the round
 * before and deletes the second of the round before that; B edits another
 * field of the first item of three rounds before, whose last change it has
 * pulled. No two of them touch one item, so no op merges with another and
 * each makes one revision. */
static void
make_changes (Fixture *f,
              guint    round)
{
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GkItem) item = gk_test_new_item ("A", round, i);

      g_ptr_array_add (f->created, g_strdup (gk_item_get_id (item)));
      save (f, f->a, item);
    }
  if (round >= 1)
    {
      g_autofree char *text = g_strdup_printf ("A 第 %u 轮改", round);

      edit (f, f->a, g_ptr_array_index (f->created, 2 * (round - 1)), GK_FIELD_CONTENT, text);
    }
  if (round >= 2)
    {
      const char *id = g_ptr_array_index (f->created, 2 * (round - 2) + 1);
      g_autoptr(GError) error = NULL;

      g_assert_true (gk_store_delete_item (f->a, id, &error));
      g_assert_no_error (error);
      g_hash_table_insert (f->expected, g_strdup (id), NULL);
      f->n_ops++;
    }
  if (round >= 3)
    {
      g_autofree char *text = g_strdup_printf ("B 第 %u 轮注", round);

      edit (f, f->b, g_ptr_array_index (f->created, 2 * (round - 3)), GK_FIELD_NOTES, text);
    }
}

/* The server applied each op once and holds what the test set. A, which
 * synced last, holds every item the round changed as the server does; B
 * those of the round before, unless A changed them again. */
static void
check_round (Fixture *f)
{
  g_autoptr(GPtrArray) changed = gk_test_view_update (f->view);
  g_autoptr(GHashTable) now = g_hash_table_new (g_str_hash, g_str_equal);

  gk_test_assert_applied_once (f->server_db, f->n_ops, f->created->len);
  gk_test_view_assert_kept (f->view, f->expected);
  g_hash_table_remove_all (f->expected);
  for (guint i = 0; i < changed->len; i++)
    {
      gk_test_view_assert_item (f->view, f->a, g_ptr_array_index (changed, i));
      g_hash_table_add (now, g_ptr_array_index (changed, i));
    }
  for (guint i = 0; f->b_behind != NULL && i < f->b_behind->len; i++)
    {
      const char *id = g_ptr_array_index (f->b_behind, i);

      if (!g_hash_table_contains (now, id))
        gk_test_view_assert_item (f->view, f->b, id);
    }
  g_clear_pointer (&f->b_behind, g_ptr_array_unref);
  f->b_behind = g_steal_pointer (&changed);
}

/* Both stores hold every item as the server does. */
static void
check_all (Fixture *f)
{
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
  report = gk_test_sync (store, f->proxy_url, token, &error);
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
measure (Fixture  *f,
         GkStore  *store,
         const char *token,
         Exchange *exchange)
{
  gk_fault_proxy_reset_counts (f->proxy);
  gk_test_sync_clean (store, f->proxy_url, token);
  exchange->n_connections = MAX (exchange->n_connections,
                                 gk_fault_proxy_get_n_connections (f->proxy));
  for (GkFaultDirection d = GK_FAULT_UP; d <= GK_FAULT_DOWN; d++)
    exchange->size[d] = MAX (exchange->size[d], gk_fault_proxy_get_bytes (f->proxy, d));
}

static void
test_sweep (Fixture       *f,
            gconstpointer  program)
{
  Exchange exchanges[2] = { { { 0, 0 }, 0 }, { { 0, 0 }, 0 } };
  const char *names[2] = { "A (push)", "B (pull)" };
  guint n_struck[4] = { 0 };
  guint n_failed[4] = { 0 };
  guint round = 0;
  gint64 start = g_get_monotonic_time ();

  /* Clean rounds, until the changes are those of every later round. */
  for (; round < 4; round++)
    {
      make_changes (f, round);
      measure (f, f->b, f->county.mz2, &exchanges[1]);
      measure (f, f->a, f->county.mz1, &exchanges[0]);
      check_round (f);
    }
  for (guint e = 0; e < 2; e++)
    g_test_message ("%s: %" G_GUINT64_FORMAT " bytes up, %" G_GUINT64_FORMAT " down, "
                    "up to %u connections", names[e], exchanges[e].size[GK_FAULT_UP],
                    exchanges[e].size[GK_FAULT_DOWN], exchanges[e].n_connections);

  /* Each round B syncs, then A; one of the two syncs is cut. */
  for (guint k = 0; k < 4 * OFFSETS; k++, round++)
    {
      guint sweep = k % 4;
      guint e = sweep / 2;
      GkFaultDirection d = sweep % 2 == 0 ? GK_FAULT_UP : GK_FAULT_DOWN;
      guint64 offset = exchanges[e].size[d] * (k / 4) / OFFSETS;
      gboolean reset = (k / 4) % 2 == 1;

      make_changes (f, round);
      if (e == 1)
        n_struck[sweep] += cut_sync (f, f->b, f->county.mz2, d, offset, reset,
                                     &n_failed[sweep]);
      else
        gk_test_sync_clean (f->b, f->proxy_url, f->county.mz2);
      if (e == 0)
        n_struck[sweep] += cut_sync (f, f->a, f->county.mz1, d, offset, reset,
                                     &n_failed[sweep]);
      else
        gk_test_sync_clean (f->a, f->proxy_url, f->county.mz1);
      check_round (f);
      if (k % FULL_CHECK_EVERY == FULL_CHECK_EVERY - 1)
        check_all (f);
    }
  check_all (f);

  for (guint sweep = 0; sweep < 4; sweep++)
    {
      g_test_message ("%s %s: %u offsets, %u cuts struck, %u syncs failed",
                      names[sweep / 2], sweep % 2 == 0 ? "up" : "down", OFFSETS,
                      n_struck[sweep], n_failed[sweep]);
      /* Every offset is inside the exchange: each cut strikes. */
      g_assert_cmpuint (n_struck[sweep], ==, OFFSETS);
      g_assert_cmpuint (n_failed[sweep], >, OFFSETS / 2);
    }
  g_test_message ("%u rounds, %u ops, %.1f s", round, f->n_ops,
                  (g_get_monotonic_time () - start) / 1e6);
}

int
main (int    argc,
      char **argv)
{
  const char *program;

  g_test_init (&argc, &argv, NULL);
  program = gk_test_get_program (argc, argv, "gongkai-server");
  g_test_add ("/cut-sweep/sweep", Fixture, program, set_up, test_sweep, tear_down);

  return g_test_run ();
}
