/* test-cli-sync.c: `gongkai-cli sync` of two stores through the real
 * gongkai-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-fault-proxy.h"
#include "gk-test-cli.h"
#include "gk-test-util.h"

typedef GkTestCli Fixture;

/* Writes @json, for `load`, with the content of its first item other than
 * @other_than (%NULL: its first item) changed to @content. Items are
 * picked by id, not by place: positions are not synced (a PC keeps its
 * own, docs/sync-protocol.md), so two PCs may list a domain in different
 * orders. Sets @changed_id, when not %NULL, to the item's id. */
static char *
write_changed (Fixture     *f,
               const char  *json,
               const char  *other_than,
               const char  *content,
               char       **changed_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  char *path = gk_test_cli_path_in (f, "changed.json");
  JsonObject *item = NULL;
  JsonArray *items;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "items");
  for (guint i = 0; i < json_array_get_length (items) && item == NULL; i++)
    {
      JsonObject *candidate = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (candidate, "id"), other_than) != 0)
        item = candidate;
    }
  g_assert_nonnull (item);
  json_object_set_string_member (item, "content", content);
  if (changed_id != NULL)
    *changed_id = g_strdup (json_object_get_string_member (item, "id"));
  text = json_to_string (json_parser_get_root (parser), TRUE);
  gk_test_write_file (path, text);
  return path;
}

/* The ids of @dir's items, one per line, in the catalog's order. */
static char *
dup_item_order (Fixture    *f,
                const char *dir)
{
  g_autofree char *json = gk_test_cli_dump (f, dir);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GString *order = g_string_new (NULL);
  JsonArray *items;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (order, "%s\n",
                            json_object_get_string_member (
                              json_array_get_object_element (items, i), "id"));
  return g_string_free (order, FALSE);
}

static void
test_two_stores (Fixture       *f,
                 gconstpointer  program)
{
  g_autofree char *catalog = gk_test_cli_path_in (f, "catalog.json");
  g_autofree char *bad = gk_test_cli_path_in (f, "token-bad");
  g_autofree char *out = NULL;
  g_autofree char *a_json = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *a_order = NULL;
  g_autofree char *b_order = NULL;
  const char *tokens[] = { f->county.mz1, f->county.mz2, "gk1_wrongwrongwrong", NULL };

  /* Usage and file errors. */
  g_assert_cmpint (gk_test_cli_run (f, NULL, "sync", "--data-dir", f->a, "--server",
                                    f->county.s.base, NULL), ==, 2);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, catalog, NULL), ==, 2);
  gk_test_write_file (bad, "\n");
  g_assert_cmpint (gk_test_cli_sync (f, f->a, bad, NULL), ==, 2);

  gk_test_cli_load_starter (f, f->a);

  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, &out), ==, 0);
  g_assert_true (g_str_has_prefix (out, "pushed "));
  g_assert_nonnull (strstr (out, ", conflicts 0\n"));
  g_assert_false (g_str_has_prefix (out, "pushed 0,"));
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gk_test_cli_sync (f, f->b, f->token_b, &out), ==, 0);
  g_assert_true (g_str_has_prefix (out, "pushed 0, pulled "));
  gk_test_cli_assert_same_dumps (f);

  /* B lists the catalog in A's order, which its one push gave the server:
   * pulled items go after the last of their domain. */
  a_order = dup_item_order (f, f->a);
  b_order = dup_item_order (f, f->b);
  g_assert_cmpstr (b_order, ==, a_order);

  /* An edit in A reaches B. */
  a_json = gk_test_cli_dump (f, f->a);
  changed = write_changed (f, a_json, NULL, "改过的内容", NULL);
  g_assert_cmpint (gk_test_cli_run (f, NULL, "load", changed, "--data-dir", f->a, NULL), ==, 0);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, NULL), ==, 0);
  g_assert_cmpint (gk_test_cli_sync (f, f->b, f->token_b, NULL), ==, 0);
  gk_test_cli_assert_same_dumps (f);
  g_free (a_json);
  a_json = gk_test_cli_dump (f, f->b);
  g_assert_nonnull (strstr (a_json, "改过的内容"));

  /* A refused token loses nothing. */
  g_free (changed);
  changed = write_changed (f, a_json, NULL, "又改过的内容", NULL);
  g_assert_cmpint (gk_test_cli_run (f, NULL, "load", changed, "--data-dir", f->a, NULL), ==, 0);
  gk_test_write_file (bad, "gk1_wrongwrongwrong\n");
  g_assert_cmpint (gk_test_cli_sync (f, f->a, bad, NULL), ==, 3);
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 1);

  /* Nor does a stopped server. */
  g_assert_cmpint (gk_test_server_stop (&f->county.s), ==, 0);
  g_clear_object (&f->county.s.server);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, NULL), ==, 3);
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 1);

  /* No token in the stores, nor in what the CLI printed. */
  gk_test_assert_no_token_in_dir (f->a, tokens);
  gk_test_assert_no_token_in_dir (f->b, tokens);
  for (guint i = 0; tokens[i] != NULL; i++)
    g_assert_false (gk_test_bytes_contain (f->outputs->str, f->outputs->len, tokens[i]));
}

/* `sync --push-only` hands the PC's changes in and reads nobody's: what
 * another PC sent waits for the next full sync. */
static void
test_push_only (Fixture       *f,
                gconstpointer  program)
{
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *b_id = NULL;

  gk_test_cli_load_starter (f, f->a);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, NULL), ==, 0);
  g_assert_cmpint (gk_test_cli_sync (f, f->b, f->token_b, NULL), ==, 0);

  /* B changes an item; A sends a change of its own without reading B's. */
  json = gk_test_cli_dump (f, f->b);
  changed = write_changed (f, json, NULL, "乙改的内容", &b_id);
  g_assert_cmpint (gk_test_cli_run (f, NULL, "load", changed, "--data-dir", f->b, NULL), ==, 0);
  g_assert_cmpint (gk_test_cli_sync (f, f->b, f->token_b, NULL), ==, 0);
  g_clear_pointer (&json, g_free);
  json = gk_test_cli_dump (f, f->a);
  g_clear_pointer (&changed, g_free);
  changed = write_changed (f, json, b_id, "甲改的内容", NULL);
  g_assert_cmpint (gk_test_cli_run (f, NULL, "load", changed, "--data-dir", f->a, NULL), ==, 0);
  g_assert_cmpint (gk_test_cli_run (f, &out, "sync", "--push-only", "--data-dir", f->a,
                                    "--server", f->county.s.base, "--token-file", f->token_a,
                                    NULL), ==, 0);
  g_assert_cmpstr (out, ==, "pushed 1, pulled 0, conflicts 0\n");
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 0);
  g_clear_pointer (&json, g_free);
  json = gk_test_cli_dump (f, f->a);
  g_assert_null (strstr (json, "乙改的内容"));

  /* The next full sync reads it. */
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, NULL), ==, 0);
  g_assert_cmpint (gk_test_cli_sync (f, f->b, f->token_b, NULL), ==, 0);
  gk_test_cli_assert_same_dumps (f);
}

/* A PC that pulled the empty server first pushes its catalog and does not
 * fetch it back: its cursor is the one the push's answer starts from. */
static void
test_push_after_empty_pull (Fixture       *f,
                            gconstpointer  program)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, &out), ==, 0);
  g_assert_cmpstr (out, ==, "pushed 0, pulled 0, conflicts 0\n");
  g_clear_pointer (&out, g_free);

  gk_test_cli_load_starter (f, f->a);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, &out), ==, 0);
  g_assert_false (g_str_has_prefix (out, "pushed 0,"));
  g_assert_nonnull (strstr (out, ", pulled 0, conflicts 0\n"));

  g_assert_cmpint (gk_test_cli_sync (f, f->b, f->token_b, NULL), ==, 0);
  gk_test_cli_assert_same_dumps (f);
}

/* An op the server refuses is kept and shown, and the sync says so. */
static void
test_refused (Fixture       *f,
              gconstpointer  program)
{
  g_autofree char *catalog = gk_test_cli_path_in (f, "catalog.json");
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  JsonObject *root;
  JsonObject *item;

  g_assert_cmpint (gk_test_cli_run (f, NULL, "new", "--unit", "某某县", "--levels",
                                    "县级,乡级,省级", "--starter", "-o", catalog, NULL), ==, 0);
  g_file_get_contents (catalog, &text, NULL, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  /* 省级 is not a level of the server's catalog: one item has it alone,
   * the others have 县级 alone. */
  root = json_node_get_object (json_parser_get_root (parser));
  items = json_object_get_array_member (root, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonArray *levels = json_array_new ();

      item = json_array_get_object_element (items, i);
      json_array_add_string_element (levels, i == 0 ? "省级" : "县级");
      json_object_set_array_member (item, "levels", levels);
    }
  item = json_array_get_object_element (items, 0);
  g_free (text);
  text = json_to_string (json_parser_get_root (parser), TRUE);
  gk_test_write_file (catalog, text);
  g_assert_cmpint (gk_test_cli_run (f, NULL, "load", catalog, "--data-dir", f->a, NULL), ==, 0);

  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, &out), ==, 1);
  g_assert_nonnull (strstr (out, "pushed 132, "));
  g_assert_nonnull (strstr (out, json_object_get_string_member (item, "id")));
  g_assert_nonnull (strstr (out, "bad_value (levels)"));
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 1);

  /* It stays in the outbox, shown on every sync, and is not sent again. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, &out), ==, 1);
  g_assert_true (g_str_has_prefix (out, "pushed 0, "));
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 1);
}

/* A cursor of a restored server (another server_id, answered 410) makes
 * the next sync read everything again. */
static void
test_restored (Fixture       *f,
               gconstpointer  program)
{
  g_autofree char *db = g_build_filename (f->county.s.data, "gongkai-server.db", NULL);
  g_autofree char *out = NULL;

  gk_test_cli_load_starter (f, f->a);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, NULL), ==, 0);

  /* As a restore leaves it: a new id, the same changes. */
  g_assert_cmpint (gk_test_server_stop (&f->county.s), ==, 0);
  g_clear_object (&f->county.s.server);
  gk_test_exec_sql (db, "UPDATE meta SET value = '0123456789abcdef0123456789abcdef' "
                    "WHERE key = 'server_id'");
  gk_test_server_start (&f->county.s);

  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, &out), ==, 0);
  g_assert_cmpstr (out, ==, "pushed 0, pulled 133, conflicts 0\n");
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 0);
}

/*
 * The exchange of a sync cut at many byte offsets, both ways, on each of
 * its connections (GET /info, POST /push, GET /changes): the cut sync may
 * fail (exit 3), the next clean one must complete, and then the store has
 * nothing left to send and the server holds every item exactly once,
 * applied once (rev 1). Each round pushes three new items from a new store.
 */
static void
test_cut (Fixture       *f,
          gconstpointer  program)
{
  g_autoptr(GkFaultProxy) proxy = gk_fault_proxy_new (f->county.s.port);
  g_autofree char *proxy_url = g_strdup_printf ("http://127.0.0.1:%u",
                                                gk_fault_proxy_get_port (proxy));
  g_autofree char *db = g_build_filename (f->county.s.data, "gongkai-server.db", NULL);
  const guint64 offsets[] = { 0, 1, 40, 150, 400, 1500 };
  guint round = 0;
  guint n_cut = 0;

  for (guint connection = 1; connection <= 3; connection++)
    for (GkFaultDirection d = GK_FAULT_UP; d <= GK_FAULT_DOWN; d++)
      for (guint k = 0; k < G_N_ELEMENTS (offsets); k++, round++)
        {
          g_autofree char *catalog = gk_test_cli_write_small_catalog (f, round);
          g_autofree char *name = g_strdup_printf ("cut-store-%u", round);
          g_autofree char *store = gk_test_cli_path_in (f, name);
          int status;

          g_assert_cmpint (gk_test_cli_run (f, NULL, "load", catalog, "--data-dir", store, NULL),
                           ==, 0);
          gk_fault_proxy_reset_counts (proxy);
          gk_fault_proxy_cut (proxy, connection, d, offsets[k], k % 2 == 1);
          status = gk_test_cli_run (f, NULL, "sync", "--data-dir", store, "--server", proxy_url,
                                    "--token-file", f->token_a, NULL);
          g_assert_true (status == 0 || status == 3);
          n_cut += gk_fault_proxy_get_n_cuts (proxy);

          gk_fault_proxy_clear_fault (proxy);
          g_assert_cmpint (gk_test_cli_run (f, NULL, "sync", "--data-dir", store, "--server",
                                            proxy_url, "--token-file", f->token_a, NULL), ==, 0);
          g_assert_cmpint (gk_test_cli_count_outbox (store), ==, 0);
          g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM item"), ==,
                           3 * (round + 1));
          g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM item WHERE rev != 1"),
                           ==, 0);
        }
  /* The faults struck: most rounds were really cut. */
  g_test_message ("%u of %u syncs cut", n_cut, round);
  g_assert_cmpuint (n_cut, >=, round / 2);
}

int
main (int    argc,
      char **argv)
{
  const char *program = gk_test_cli_init (&argc, &argv);

  gk_test_cli_add ("/cli-sync/two-stores", program, (GTestFixtureFunc) test_two_stores);
  gk_test_cli_add ("/cli-sync/restored", program, (GTestFixtureFunc) test_restored);
  gk_test_cli_add ("/cli-sync/refused", program, (GTestFixtureFunc) test_refused);
  gk_test_cli_add ("/cli-sync/cut", program, (GTestFixtureFunc) test_cut);
  gk_test_cli_add ("/cli-sync/push-only", program, (GTestFixtureFunc) test_push_only);
  gk_test_cli_add ("/cli-sync/push-after-empty-pull", program,
                   (GTestFixtureFunc) test_push_after_empty_pull);

  return g_test_run ();
}
