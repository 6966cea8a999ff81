/* test-changes.c: what the server tells of its items, through the real
 * server: the change feed in pages and its cursors (410 once the server
 * id changed), and an item's history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <sqlite3.h>

#include "gk-test-server.h"
#include "gk-test-util.h"

typedef GkTestCounty Fixture;

/* Creates @n items of 民政局, one push; returns their ids. */
static GStrv
create_items (Fixture *f,
              guint    n)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *body = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *set = g_strdup_printf ("{\"domain\":\"20\",\"level1\":\"事项%u\"}", i);

      g_ptr_array_add (ops, gk_test_op ("create", id, 0, set, NULL));
      g_strv_builder_add (ids, id);
    }
  g_ptr_array_add (ops, NULL);
  body = gk_test_push_body ((const char * const *) ops->pdata);
  answer = gk_test_server_request (&f->s, "POST", "/api/v1/push", f->mz1, body, SOUP_STATUS_OK);

  return g_strv_builder_end (ids);
}

/* Pushes one op, which must have @result. */
static void
push_one (Fixture    *f,
          const char *token,
          char       *op,
          const char *result)
{
  g_autofree char *owned = op;
  g_autoptr(JsonArray) results = gk_test_server_push (&f->s, token, op, NULL);

  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0),
                                                  "result"), ==, result);
}

static JsonObject *
get_changes (Fixture    *f,
             const char *token,
             const char *cursor,
             guint       limit)
{
  g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%s&limit=%u", escaped, limit);

  return gk_test_server_request (&f->s, "GET", path, token, NULL, SOUP_STATUS_OK);
}

/* The change @i of @page: its seq, rev, deleted and item id. */
static void
assert_change (JsonObject *page,
               guint       i,
               gint64      seq,
               gint64      rev,
               gboolean    deleted,
               const char *item_id)
{
  JsonArray *changes = json_object_get_array_member (page, "changes");
  JsonObject *change = json_array_get_object_element (changes, i);
  JsonObject *item = json_object_get_object_member (change, "item");

  g_assert_cmpint (json_object_get_int_member (change, "seq"), ==, seq);
  g_assert_cmpint (json_object_get_int_member (change, "rev"), ==, rev);
  g_assert_true (json_object_get_boolean_member (change, "deleted") == deleted);
  g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, item_id);
  g_assert_cmpstr (json_object_get_string_member (item, "dept"), ==, "mz");
}

/* The cursor is base64url of SERVER_ID:SEQ (opaque to clients). */
static void
assert_next (JsonObject *page,
             gint64      seq,
             gboolean    more)
{
  g_autofree char *text = g_strdup_printf ("%s:%" G_GINT64_FORMAT,
                                           json_object_get_string_member (page, "server_id"),
                                           seq);
  g_autofree char *next = g_base64_encode ((const guchar *) text, strlen (text));

  g_strdelimit (next, "+", '-');
  g_strdelimit (next, "/", '_');
  if (strchr (next, '=') != NULL)
    *strchr (next, '=') = '\0';
  g_assert_cmpstr (json_object_get_string_member (page, "next"), ==, next);
  g_assert_true (json_object_get_boolean_member (page, "more") == more);
}

static guint
count_changes (JsonObject *page)
{
  return json_array_get_length (json_object_get_array_member (page, "changes"));
}

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  g_auto(GStrv) ids = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) last = NULL;
  g_autoptr(JsonObject) all = NULL;
  g_autoptr(JsonObject) empty = NULL;

  /* Before any change, the empty cursor: a PC that never pulled holds it,
   * and the first push's answer starts from it. */
  empty = get_changes (f, f->jy, "", 3);
  g_assert_cmpuint (count_changes (empty), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (empty, "next"), ==, "");
  g_assert_false (json_object_get_boolean_member (empty, "more"));

  ids = create_items (f, 5);
  push_one (f, f->mz2, gk_test_op ("update", ids[0], 1, "{\"notes\":\"n\"}", NULL), "applied");
  push_one (f, f->mz2, gk_test_op ("delete", ids[1], 1, NULL, NULL), "applied");

  /* In seq order, each item once, in its latest state; tombstones too. */
  first = get_changes (f, f->jy, "", 3);
  g_assert_cmpuint (count_changes (first), ==, 3);
  assert_change (first, 0, 3, 1, FALSE, ids[2]);
  assert_change (first, 2, 5, 1, FALSE, ids[4]);
  assert_next (first, 5, TRUE);

  second = get_changes (f, f->jy, json_object_get_string_member (first, "next"), 3);
  g_assert_cmpuint (count_changes (second), ==, 2);
  assert_change (second, 0, 6, 2, FALSE, ids[0]);
  assert_change (second, 1, 7, 2, TRUE, ids[1]);
  assert_next (second, 7, FALSE);

  /* Nothing new: the cursor stays at the newest change. */
  last = get_changes (f, f->mz1, json_object_get_string_member (second, "next"), 3);
  g_assert_cmpuint (count_changes (last), ==, 0);
  assert_next (last, 7, FALSE);

  all = gk_test_server_request (&f->s, "GET", "/api/v1/changes", f->mz1, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (count_changes (all), ==, 5);
  assert_next (all, 7, FALSE);
}

static void
assert_bad_request (Fixture    *f,
                    const char *path,
                    guint       status,
                    const char *type)
{
  g_autofree char *authorization = gk_test_bearer (f->mz1);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  body = gk_test_server_send (&f->s, &msg, "GET", path, authorization, NULL, FALSE);
  gk_test_assert_problem (msg, body, status, type);
}

static void
test_bad_queries (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const paths[] = {
    "/api/v1/changes?limit=0",
    "/api/v1/changes?limit=501",
    "/api/v1/changes?limit=x",
    "/api/v1/changes?since=%25%25",
    "/api/v1/changes?since=YWJj",
    "/api/v1/changes?since=&access_token=x",
    "/api/v1/conflicts?state=closed",
    "/api/v1/conflicts?dept=jy",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    assert_bad_request (f, paths[i], SOUP_STATUS_BAD_REQUEST, "invalid-request");
}

static void
set_server_id (Fixture    *f,
               const char *server_id)
{
  g_autofree char *path = g_build_filename (f->s.data, "gongkai-server.db", NULL);
  g_autofree char *sql = g_strdup_printf ("UPDATE meta SET value = '%s' WHERE key = 'server_id'",
                                          server_id);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A database of schema 4, whose items held their fields in item as well
 * as in item_rev, is migrated when the server starts and serves the same
 * changes from item_rev alone. */
static void
test_migrated (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->s.data, "gongkai-server.db", NULL);
  g_auto(GStrv) ids = create_items (f, 3);
  g_autoptr(JsonObject) before = get_changes (f, f->mz1, "", 500);
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonNode) before_node = NULL;
  g_autoptr(JsonNode) after_node = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;

  g_assert_cmpint (gk_test_server_stop (&f->s), ==, 0);
  gk_test_exec_sql (db, "ALTER TABLE item ADD COLUMN fields TEXT NOT NULL DEFAULT '';"
                        "UPDATE item SET fields = (SELECT fields FROM item_rev"
                        "  WHERE item_id = item.id AND rev = item.rev);"
                        "PRAGMA user_version = 4;");
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM item WHERE fields LIKE '%事项%'"),
                   ==, 3);
  gk_test_server_start (&f->s);

  after = get_changes (f, f->mz1, "", 500);
  before_node = json_node_init_object (json_node_alloc (), before);
  after_node = json_node_init_object (json_node_alloc (), after);
  before_text = json_to_string (before_node, FALSE);
  after_text = json_to_string (after_node, FALSE);
  g_assert_cmpstr (after_text, ==, before_text);
  g_assert_nonnull (strstr (after_text, ids[2]));
  g_assert_cmpint (gk_test_query_int (db, "PRAGMA user_version"), ==, 5);
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM pragma_table_info ('item')"
                                          " WHERE name = 'fields'"), ==, 0);
}

static void
test_restored (Fixture       *f,
               gconstpointer  data)
{
  g_auto(GStrv) ids = create_items (f, 2);
  g_autoptr(JsonObject) before = get_changes (f, f->mz1, "", 500);
  g_autofree char *ahead = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) gone = NULL;
  g_autoptr(JsonObject) again = NULL;

  /* As a restore leaves it (`restore` makes a new id): the server is
   * stopped, its database replaced, and started again. */
  g_assert_cmpint (gk_test_server_stop (&f->s), ==, 0);
  set_server_id (f, "0123456789abcdef0123456789abcdef");
  gk_test_server_start (&f->s);

  path = g_strdup_printf ("/api/v1/changes?since=%s",
                          json_object_get_string_member (before, "next"));
  gone = gk_test_server_request (&f->s, "GET", path, f->mz1, NULL, SOUP_STATUS_GONE);
  g_assert_cmpstr (json_object_get_string_member (gone, "code"), ==, "cursor_reset");
  g_assert_cmpstr (json_object_get_string_member (gone, "server_id"), ==,
                   "0123456789abcdef0123456789abcdef");

  /* A cursor past the newest change: numbers this database never gave. */
  ahead = g_base64_encode ((const guchar *) "0123456789abcdef0123456789abcdef:3", 34);
  *strchr (ahead, '=') = '\0';
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/v1/changes?since=%s", ahead);
  assert_bad_request (f, path, SOUP_STATUS_GONE, "cursor-reset");

  again = get_changes (f, f->mz1, "", 500);
  g_assert_cmpuint (count_changes (again), ==, 2);
  assert_next (again, 2, FALSE);
}

static JsonArray *
get_history (Fixture    *f,
             const char *item_id,
             const char *query,
             gboolean    more)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/items/%s/history%s", item_id, query);
  g_autoptr(JsonObject) answer = NULL;

  answer = gk_test_server_request (&f->s, "GET", path, f->jy, NULL, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (answer, "item_id"), ==, item_id);
  g_assert_true (json_object_get_boolean_member (answer, "more") == more);
  return json_array_ref (json_object_get_array_member (answer, "revisions"));
}

/* Revision @i: its rev, who made it and the fields it changed. */
static void
assert_revision (JsonArray  *revisions,
                 guint       i,
                 gint64      rev,
                 const char *token,
                 const char *changed)
{
  JsonObject *revision = json_array_get_object_element (revisions, i);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *keys = NULL;

  json_generator_set_root (generator, json_object_get_member (revision, "changed"));
  keys = json_generator_to_data (generator, NULL);
  g_assert_cmpint (json_object_get_int_member (revision, "rev"), ==, rev);
  g_assert_cmpstr (json_object_get_string_member (revision, "token"), ==, token);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (revision, "token_id"), "t_"));
  g_assert_cmpstr (json_object_get_string_member (revision, "dept"), ==, "mz");
  g_assert_cmpstr (keys, ==, changed);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (revision, "at"), "Z"));
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_auto(GStrv) ids = create_items (f, 1);
  g_autofree char *unknown = g_uuid_string_random ();
  g_autofree char *path = g_strdup_printf ("/api/v1/items/%s/history", unknown);
  g_autoptr(JsonArray) all = NULL;
  g_autoptr(JsonArray) newest = NULL;
  g_autoptr(JsonArray) older = NULL;

  push_one (f, f->mz2, gk_test_op ("update", ids[0], 1, "{\"basis\":\"B\"}", NULL), "applied");
  push_one (f, f->mz1, gk_test_op ("update", ids[0], 2, "{\"notes\":\"N\"}", NULL), "applied");
  push_one (f, f->mz2, gk_test_op ("delete", ids[0], 3, NULL, NULL), "applied");

  all = get_history (f, ids[0], "", FALSE);
  g_assert_cmpuint (json_array_get_length (all), ==, 4);
  assert_revision (all, 0, 4, "mz PC-2", "[]");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (all, 0),
                                                 "deleted"));
  assert_revision (all, 1, 3, "mz PC-1", "[\"notes\"]");
  assert_revision (all, 2, 2, "mz PC-2", "[\"basis\"]");
  assert_revision (all, 3, 1, "mz PC-1", "[\"domain\",\"level1\"]");

  /* In pages, newest first. */
  newest = get_history (f, ids[0], "?limit=2", TRUE);
  assert_revision (newest, 1, 3, "mz PC-1", "[\"notes\"]");
  older = get_history (f, ids[0], "?before=3&limit=2", FALSE);
  assert_revision (older, 0, 2, "mz PC-2", "[\"basis\"]");
  assert_revision (older, 1, 1, "mz PC-1", "[\"domain\",\"level1\"]");

  assert_bad_request (f, path, SOUP_STATUS_NOT_FOUND, "not-found");
  assert_bad_request (f, "/api/v1/items/not-an-id/history", SOUP_STATUS_NOT_FOUND, "not-found");
  assert_bad_request (f, "/api/v1/items//history", SOUP_STATUS_NOT_FOUND, "not-found");
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/v1/items/%s/history?limit=101", ids[0]);
  assert_bad_request (f, path, SOUP_STATUS_BAD_REQUEST, "invalid-request");
}

int
main (int    argc,
      char **argv)
{
  const char *program;

  g_test_init (&argc, &argv, NULL);
  program = gk_test_get_program (argc, argv, "gongkai-server");
#define ADD(path, func) \
  g_test_add (path, Fixture, program, gk_test_county_set_up, func, gk_test_county_tear_down)
  ADD ("/changes/pages", test_pages);
  ADD ("/changes/bad-queries", test_bad_queries);
  ADD ("/changes/restored", test_restored);
  ADD ("/changes/migrated", test_migrated);
  ADD ("/changes/history", test_history);
#undef ADD

  return g_test_run ();
}
