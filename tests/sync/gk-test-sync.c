/* gk-test-sync.c: syncs run in process, and what the server holds seen
 * through its change feed, for the sync proof tests
 *
 * A sync here is the engine itself (gk_sync_engine_run()) with a store
 * and a client, as `gongkai-cli sync` runs it, without a process per
 * sync: the sweeps run hundreds of them. What the server holds is read as
 * any PC reads it, through GET /api/v1/changes, with the county office's
 * token, which reads the whole catalog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include <string.h>

#include "gk-item-json.h"
#include "gk-test-server.h"
#include "gk-test-util.h"
#include "gk-test-sync.h"

/* The engine's retries, with waits short enough for hundreds of cut
 * syncs: a cut may be cured within the sync, as for a PC, or left to the
 * next. */
static const GkSyncPolicy policy = {
  GK_TEST_WAIT_S * 1000, 2 * GK_TEST_WAIT_S * 1000, 2, 10, 50,
};

static void
state_free (gpointer data)
{
  GkTestServerState *state = data;

  g_clear_object (&state->item);
  g_free (state);
}

/**
 * gk_test_view_new:
 * @base: the server's URL
 * @token: a token that reads the whole catalog
 *
 * Returns: (transfer full): a view that has read nothing yet
 */
GkTestView *
gk_test_view_new (const char *base,
                  const char *token)
{
  GkTestView *view = g_new0 (GkTestView, 1);

  view->client = gk_sync_client_new (base, token, &policy);
  view->cursor = g_strdup ("");
  view->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, state_free);
  return view;
}

void
gk_test_view_free (GkTestView *view)
{
  gk_sync_client_free (view->client);
  g_free (view->cursor);
  g_hash_table_unref (view->items);
  g_free (view);
}

/**
 * gk_test_view_set_server:
 * @view: a view
 * @base: the server's URL, as it runs now
 * @token: a token that reads the whole catalog
 *
 * Reads from a restarted server from where the view is.
 */
void
gk_test_view_set_server (GkTestView *view,
                         const char *base,
                         const char *token)
{
  gk_sync_client_free (view->client);
  view->client = gk_sync_client_new (base, token, &policy);
}

static void
read_change (GkTestView        *view,
             const GkJsonValue *change,
             GPtrArray         *changed)
{
  g_autoptr(GError) error = NULL;
  GkTestServerState *state = g_new0 (GkTestServerState, 1);
  const GkJsonValue *rev = gk_json_value_get_member (change, "rev");
  const GkJsonValue *deleted = gk_json_value_get_member (change, "deleted");
  const GkJsonValue *item = gk_json_value_get_member (change, "item");
  g_autoptr(GString) json = g_string_new (NULL);
  char *id;

  g_assert_true (rev != NULL && rev->type == GK_JSON_INTEGER);
  g_assert_true (deleted != NULL && deleted->type == GK_JSON_BOOLEAN);
  g_assert_true (item != NULL && item->type == GK_JSON_OBJECT);
  gk_json_value_write (item, json);
  state->rev = rev->integer;
  state->deleted = deleted->integer != 0;
  state->item = gk_item_new_from_data (json->str, json->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (state->rev, >=, 1);
  id = g_strdup (gk_item_get_id (state->item));
  g_ptr_array_add (changed, g_strdup (id));
  g_hash_table_replace (view->items, id, state);
}

/**
 * gk_test_view_update:
 * @view: a view
 *
 * Reads the server's changes since the last update, every page.
 *
 * Returns: (transfer full) (element-type utf8): the ids of the items that
 *   changed
 */
GPtrArray *
gk_test_view_update (GkTestView *view)
{
  GPtrArray *changed = g_ptr_array_new_with_free_func (g_free);
  gboolean more = TRUE;

  /* Bounded: a feed that says "more" forever fails the test. */
  for (guint page_no = 0; more; page_no++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GkJsonTree) page = gk_sync_client_get_changes (view->client, view->cursor,
                                                               &error);
      const GkJsonValue *root, *changes, *change, *next, *more_value;

      g_assert_no_error (error);
      g_assert_cmpuint (page_no, <, 10000);
      root = gk_json_tree_get_root (page);
      changes = gk_json_value_get_member (root, "changes");
      next = gk_json_value_get_member (root, "next");
      more_value = gk_json_value_get_member (root, "more");
      g_assert_true (changes != NULL && changes->type == GK_JSON_ARRAY);
      g_assert_true (next != NULL && next->type == GK_JSON_STRING);
      g_assert_true (more_value != NULL && more_value->type == GK_JSON_BOOLEAN);
      change = gk_json_value_first (changes);
      for (guint i = 0; i < changes->n_children; i++, change = gk_json_value_next (change))
        read_change (view, change, changed);
      g_free (view->cursor);
      view->cursor = g_strdup (next->string);
      more = more_value->integer != 0;
    }
  return changed;
}

static void
item_free (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

/**
 * gk_test_expected_new:
 *
 * Returns: (transfer full): a table of what the PCs saved, for
 *   gk_test_view_assert_kept()
 */
GHashTable *
gk_test_expected_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, item_free);
}

/**
 * gk_test_save_expected:
 * @store: an open store
 * @item: an item to save
 * @expected: a table of gk_test_expected_new()
 *
 * Saves @item, a local change, and records it in @expected.
 */
void
gk_test_save_expected (GkStore    *store,
                       GkItem     *item,
                       GHashTable *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_save_item (store, item, &error));
  g_assert_no_error (error);
  g_hash_table_replace (expected, g_strdup (gk_item_get_id (item)), gk_item_duplicate (item));
}

/**
 * gk_test_delete_expected:
 * @store: an open store
 * @id: an item of it
 * @expected: a table of gk_test_expected_new()
 *
 * Deletes the item, a local change, and records it in @expected.
 */
void
gk_test_delete_expected (GkStore    *store,
                         const char *id,
                         GHashTable *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_delete_item (store, id, &error));
  g_assert_no_error (error);
  g_hash_table_replace (expected, g_strdup (id), NULL);
}

/**
 * gk_test_view_assert_kept:
 * @view: an up-to-date view
 * @expected: (element-type utf8 GkItem): id → the item as a PC last saved
 *   it, or %NULL for an item it deleted
 *
 * Nothing is lost: the server holds every item as it was last saved (its
 * fields; the department is the server's to set) and every delete.
 */
void
gk_test_view_assert_kept (GkTestView *view,
                          GHashTable *expected)
{
  GHashTableIter iter;
  gpointer id, item;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &id, &item))
    {
      GkTestServerState *state = g_hash_table_lookup (view->items, id);

      if (state == NULL)
        g_error ("The server lost item %s", (const char *) id);
      if (item == NULL && !state->deleted)
        g_error ("The server lost the delete of item %s", (const char *) id);
      if (item != NULL && (state->deleted || !gk_item_content_equal (item, state->item)))
        g_error ("The server lost a change of item %s", (const char *) id);
    }
}

/**
 * gk_test_assert_applied_once:
 * @server_db: the server's database
 * @n_ops: the ops the PCs made, none of which merged with another
 * @n_items: the items they created
 *
 * Each op was applied exactly once: one revision and one stored result
 * each, whatever was sent again, and no conflict.
 */
void
gk_test_assert_applied_once (const char *server_db,
                             guint       n_ops,
                             guint       n_items)
{
  g_assert_cmpint (gk_test_query_int (server_db, "SELECT count(*) FROM item_rev"), ==, n_ops);
  g_assert_cmpint (gk_test_query_int (server_db, "SELECT count(DISTINCT op_id) FROM item_rev"),
                   ==, n_ops);
  g_assert_cmpint (gk_test_query_int (server_db, "SELECT count(*) FROM applied_op"), ==, n_ops);
  g_assert_cmpint (gk_test_query_int (server_db, "SELECT count(*) FROM conflict"), ==, 0);
  g_assert_cmpint (gk_test_query_int (server_db, "SELECT count(*) FROM item"), ==, n_items);
}

/**
 * gk_test_view_assert_item:
 * @view: an up-to-date view
 * @store: a store that has just synced
 * @id: an item
 *
 * The store holds the item as the server does (its fields and its
 * department), or not at all when the server deleted it or never had it.
 */
void
gk_test_view_assert_item (GkTestView *view,
                          GkStore    *store,
                          const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkItem) local = gk_store_load_item (store, id, &error);
  GkTestServerState *state = g_hash_table_lookup (view->items, id);

  g_assert_no_error (error);
  if (state == NULL || state->deleted)
    {
      if (local != NULL)
        g_error ("%s: item %s is %s on the server but still in the store",
                 gk_store_get_data_dir (store), id, state == NULL ? "unknown" : "deleted");
      return;
    }
  if (local == NULL)
    g_error ("%s: item %s (rev %" G_GINT64_FORMAT ") is missing from the store",
             gk_store_get_data_dir (store), id, state->rev);
  if (!gk_item_content_equal (local, state->item)
      || g_strcmp0 (gk_item_get_dept (local), gk_item_get_dept (state->item)) != 0)
    {
      g_autoptr(GString) a = g_string_new (NULL);
      g_autoptr(GString) b = g_string_new (NULL);

      gk_item_write_json (local, gk_item_get_dept (local), a);
      gk_item_write_json (state->item, gk_item_get_dept (state->item), b);
      g_error ("%s: item %s differs from the server's rev %" G_GINT64_FORMAT ":\n%s\n%s",
               gk_store_get_data_dir (store), id, state->rev, a->str, b->str);
    }
}

/**
 * gk_test_view_assert_store:
 * @view: an up-to-date view
 * @store: a store that has just synced
 *
 * Every item of the server is in the store as the server holds it, and
 * the store holds no other item.
 */
void
gk_test_view_assert_store (GkTestView *view,
                           GkStore    *store)
{
  gk_test_view_assert_store_except (view, store, NULL);
}

/**
 * gk_test_view_assert_store_except:
 * @view: an up-to-date view
 * @store: a store that has just synced
 * @except: (nullable): ids of items not to compare
 *
 * As gk_test_view_assert_store(), leaving out the items of @except.
 */
void
gk_test_view_assert_store_except (GkTestView *view,
                                  GkStore    *store,
                                  GHashTable *except)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_store_load_catalog (store, &error);
  GHashTableIter iter;
  gpointer id, value;
  guint n_live = 0;
  guint n_local = 0;

  g_assert_no_error (error);
  g_hash_table_iter_init (&iter, view->items);
  while (g_hash_table_iter_next (&iter, &id, &value))
    {
      GkTestServerState *state = value;

      if (except != NULL && g_hash_table_contains (except, id))
        continue;
      gk_test_view_assert_item (view, store, id);
      n_live += state->deleted ? 0 : 1;
    }
  for (guint i = 0; i < gk_catalog_get_n_items (catalog); i++)
    {
      const char *local_id = gk_item_get_id (gk_catalog_get_item (catalog, i));

      if (except != NULL && g_hash_table_contains (except, local_id))
        continue;
      gk_test_view_assert_item (view, store, local_id);
      n_local++;
    }
  g_assert_cmpuint (n_local, ==, n_live);
}

/**
 * gk_test_open_store:
 * @dir: a folder
 *
 * Returns: (transfer full): the store in @dir, open
 */
GkStore *
gk_test_open_store (const char *dir)
{
  g_autoptr(GkStore) store = gk_store_new (dir);
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_open (store, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

/**
 * gk_test_sync_attempts:
 * @store: an open store
 * @base: the server's URL (or a proxy's)
 * @token: the PC's token
 * @max_attempts: attempts of each request: 1 leaves a cut to the next sync
 * @error: return location for a #GError
 *
 * One sync, as `gongkai-cli sync` runs it, with a new client (its waits
 * between attempts shorter).
 *
 * Returns: (transfer full) (nullable): the engine's report
 */
GkSyncReport *
gk_test_sync_attempts (GkStore     *store,
                       const char  *base,
                       const char  *token,
                       guint        max_attempts,
                       GError     **error)
{
  GkSyncPolicy attempts = policy;
  g_autoptr(GkSyncClient) client = NULL;

  attempts.max_attempts = max_attempts;
  client = gk_sync_client_new (base, token, &attempts);
  return gk_sync_engine_run (store, client, error);
}

/**
 * gk_test_sync:
 * @store: an open store
 * @base: the server's URL (or a proxy's)
 * @token: the PC's token
 * @error: return location for a #GError
 *
 * One sync with the engine's retries (see gk_test_sync_attempts()).
 *
 * Returns: (transfer full) (nullable): the engine's report
 */
GkSyncReport *
gk_test_sync (GkStore     *store,
              const char  *base,
              const char  *token,
              GError     **error)
{
  return gk_test_sync_attempts (store, base, token, policy.max_attempts, error);
}

/**
 * gk_test_sync_clean:
 * @store: an open store
 * @base: the server's URL (or a proxy's)
 * @token: the PC's token
 *
 * A sync that must succeed with nothing refused and leave nothing to send.
 */
void
gk_test_sync_clean (GkStore    *store,
                    const char *base,
                    const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkSyncReport) report = gk_test_sync (store, base, token, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  for (guint i = 0; i < report->rejected->len; i++)
    {
      GkSyncRejected *rejected = g_ptr_array_index (report->rejected, i);

      g_error ("%s: op %s of item %s refused: %s", gk_store_get_data_dir (store),
               rejected->op_id, rejected->item_id, rejected->reason);
    }
  g_assert_cmpuint (gk_test_count_unanswered (store), ==, 0);
}

/**
 * gk_test_count_unanswered:
 * @store: an open store
 *
 * Returns: the ops of its outbox the server has not answered yet
 */
guint
gk_test_count_unanswered (GkStore *store)
{
  g_autoptr(GError) error = NULL;
  guint unanswered = 0;
  guint rejected = 0;

  g_assert_true (gk_store_count_ops (store, &unanswered, &rejected, &error));
  g_assert_no_error (error);
  return unanswered;
}

/**
 * gk_test_new_item:
 * @label: who makes it, for its text
 * @round: the round it is made in
 * @index: its number in the round
 *
 * Returns: (transfer full): a new item (a new id) of domain 20 with
 *   texts that say where it comes from
 */
GkItem *
gk_test_new_item (const char *label,
                  guint       round,
                  guint       index)
{
  GkItem *item = gk_item_new ("20");
  g_autofree char *level2 = g_strdup_printf ("%s 第 %u 轮第 %u 项", label, round, index);
  const char * const levels[] = { "县级", NULL };

  gk_item_set_text (item, GK_FIELD_LEVEL1, "最低生活保障");
  gk_item_set_text (item, GK_FIELD_LEVEL2, level2);
  gk_item_set_text (item, GK_FIELD_CONTENT, "保障对象、标准");
  gk_item_set_levels (item, levels);
  gk_item_set_position (item, (int) index);
  return item;
}
