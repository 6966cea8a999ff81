/* test-push.c: POST /api/v1/push through the real server
 *
 * Two departments, two PCs of one of them and the county office push to
 * gongkai-server on 127.0.0.1 (gk-test-server.c): creates and updates,
 * department isolation, retries answered with the stored results, the
 * merge of concurrent edits and its conflicts, deletes, per-op errors and
 * bodies refused whole. No token may be kept in the server's folder or
 * its log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-test-server.h"
#include "gk-test-util.h"

typedef GkTestCounty Fixture;

/* Result @i of @results, checked: its result and, unless 0, its rev. */
static JsonObject *
assert_result (JsonArray  *results,
               guint       i,
               const char *result,
               gint64      rev)
{
  JsonObject *object = json_array_get_object_element (results, i);

  g_assert_cmpstr (json_object_get_string_member (object, "result"), ==, result);
  if (rev > 0)
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object,
                                                                                "state"),
                                                 "rev"), ==, rev);
  return object;
}

static const char *
get_error_code (JsonArray *results,
                guint      i)
{
  JsonObject *object = json_array_get_object_element (results, i);

  g_assert_false (json_object_has_member (object, "state"));
  return json_object_get_string_member (json_object_get_object_member (object, "error"),
                                        "code");
}

/* The item's state in the change feed, or NULL. */
static JsonObject *
get_state (Fixture    *f,
           const char *item_id)
{
  g_autoptr(JsonObject) feed = NULL;
  JsonArray *changes;

  feed = gk_test_server_request (&f->s, "GET", "/api/v1/changes", f->office, NULL,
                                 SOUP_STATUS_OK);
  changes = json_object_get_array_member (feed, "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      JsonObject *item = json_object_get_object_member (change, "item");

      if (g_str_equal (json_object_get_string_member (item, "id"), item_id))
        return json_object_ref (change);
    }

  return NULL;
}

static const char *
get_text (JsonObject *state,
          const char *key)
{
  return json_object_get_string_member (json_object_get_object_member (state, "item"), key);
}

/* Creates an item of 民政局 whose basis is "A": rev 1. */
static char *
create_item (Fixture *f)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *op = gk_test_op ("create", id, 0,
                                    "{\"domain\":\"20\",\"level1\":\"最低生活保障\","
                                    "\"basis\":\"A\",\"channels\":[\"政府网站\"]}", NULL);
  g_autoptr(JsonArray) results = gk_test_server_push (&f->s, f->mz1, op, NULL);

  assert_result (results, 0, "applied", 1);
  return g_steal_pointer (&id);
}

static void
test_create_update (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = create_item (f);
  g_autofree char *update = gk_test_op ("update", id, 1, "{\"basis\":\" 《社会救助暂行办法》 \"}",
                                        NULL);
  g_autofree char *again = gk_test_op ("update", id, 2, "{\"basis\":\"《社会救助暂行办法》\"}",
                                       NULL);
  g_autoptr(JsonArray) first = gk_test_server_push (&f->s, f->mz1, update, NULL);
  g_autoptr(JsonArray) second = NULL;
  g_autoptr(JsonObject) state = NULL;
  JsonObject *result, *item;

  /* The state answered is the item as the op left it, normalized. */
  result = assert_result (first, 0, "applied", 2);
  item = json_object_get_object_member (json_object_get_object_member (result, "state"), "item");
  g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (item, "dept"), ==, "mz");
  g_assert_cmpstr (json_object_get_string_member (item, "basis"), ==, "《社会救助暂行办法》");
  g_assert_cmpstr (json_object_get_string_member (item, "level1"), ==, "最低生活保障");

  /* The same value again changes nothing: no new rev. */
  second = gk_test_server_push (&f->s, f->mz2, again, NULL);
  assert_result (second, 0, "noop", 2);

  state = get_state (f, id);
  g_assert_cmpint (json_object_get_int_member (state, "rev"), ==, 2);
  g_assert_false (json_object_get_boolean_member (state, "deleted"));
}

static void
test_departments (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = create_item (f);
  g_autofree char *by_jy = gk_test_op ("update", id, 1, "{\"basis\":\"B\"}", NULL);
  g_autofree char *delete = gk_test_op ("delete", id, 1, NULL, NULL);
  g_autofree char *new_id = g_uuid_string_random ();
  g_autofree char *create = gk_test_op ("create", new_id, 0, "{\"domain\":\"20\"}", NULL);
  g_autoptr(JsonArray) jy = gk_test_server_push (&f->s, f->jy, by_jy, NULL);
  g_autoptr(JsonArray) jy_delete = gk_test_server_push (&f->s, f->jy, delete, NULL);
  g_autoptr(JsonArray) office = gk_test_server_push (&f->s, f->office, by_jy, create, NULL);
  g_autoptr(JsonObject) state = get_state (f, id);

  /* 教育局 may not change 民政局's item; the office writes nothing. */
  assert_result (jy, 0, "forbidden", 0);
  g_assert_cmpstr (get_error_code (jy, 0), ==, "other_department");
  g_assert_cmpstr (get_error_code (jy_delete, 0), ==, "other_department");
  g_assert_cmpstr (get_error_code (office, 0), ==, "read_only");
  g_assert_cmpstr (get_error_code (office, 1), ==, "read_only");

  /* Nothing changed. */
  g_assert_cmpint (json_object_get_int_member (state, "rev"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (state, "seq"), ==, 1);
  g_assert_cmpstr (get_text (state, "basis"), ==, "A");
  g_assert_null (get_state (f, new_id));
}

static GBytes *
push_raw (Fixture    *f,
          const char *token,
          const char *body)
{
  g_autofree char *authorization = gk_test_bearer (token);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessage) msg = NULL;
  GBytes *response;

  response = gk_test_server_send (&f->s, &msg, "POST", "/api/v1/push", authorization, bytes,
                                  FALSE);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  return response;
}

/* An update of @item_id from rev 1 setting the basis, with @op_id. */
static char *
basis_op (const char *op_id,
          const char *item_id,
          const char *basis)
{
  return g_strdup_printf ("{\"op_id\":\"%s\",\"item_id\":\"%s\",\"kind\":\"update\","
                          "\"base_rev\":1,\"set\":{\"basis\":\"%s\"}}", op_id, item_id, basis);
}

static JsonObject *
parse_answer (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* @second answers the ops of @first again: the same results, byte for
 * byte, and no change of its own. */
static void
assert_same_results (GBytes *first,
                     GBytes *second)
{
  g_autoptr(JsonObject) a = parse_answer (first);
  g_autoptr(JsonObject) b = parse_answer (second);
  g_autofree char *a_results = json_to_string (json_object_get_member (a, "results"), FALSE);
  g_autofree char *b_results = json_to_string (json_object_get_member (b, "results"), FALSE);
  g_autofree char *a_raw = g_strndup (g_bytes_get_data (first, NULL), g_bytes_get_size (first));
  g_autofree char *b_raw = g_strndup (g_bytes_get_data (second, NULL),
                                      g_bytes_get_size (second));

  g_assert_cmpstr (a_results, ==, b_results);
  /* And the results' own bytes, not only what json-glib reads of them. */
  g_assert_cmpstr (strstr (a_raw, "\"results\""), ==, strstr (b_raw, "\"results\""));
  g_assert_cmpstr (json_object_get_string_member (b, "since"), ==,
                   json_object_get_string_member (b, "next"));
}

static void
test_retry (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *id = create_item (f);
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *update = basis_op (op_id, id, "B");
  g_autofree char *reused = basis_op (op_id, id, "C");
  const char *ops[] = { update, NULL };
  g_autofree char *body = gk_test_push_body (ops);
  g_autoptr(GBytes) first = push_raw (f, f->mz1, body);
  g_autoptr(GBytes) second = push_raw (f, f->mz1, body);
  g_autoptr(JsonArray) results = NULL;
  g_autoptr(JsonObject) state = get_state (f, id);
  g_autoptr(JsonObject) first_answer = NULL;
  g_autoptr(JsonObject) second_answer = NULL;

  /* The answer is lost, the PC sends the push again: the same bytes for
   * each op, and the change counted once. The retry made no change: its
   * cursors are both where the first push's changes end. */
  assert_same_results (first, second);
  first_answer = parse_answer (first);
  second_answer = parse_answer (second);
  g_assert_cmpstr (json_object_get_string_member (first_answer, "since"), !=,
                   json_object_get_string_member (first_answer, "next"));
  g_assert_cmpstr (json_object_get_string_member (second_answer, "next"), ==,
                   json_object_get_string_member (first_answer, "next"));
  g_assert_cmpint (json_object_get_int_member (state, "rev"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (state, "seq"), ==, 2);
  g_assert_cmpstr (get_text (state, "basis"), ==, "B");

  /* An op_id used before for another op is a bug of the PC. */
  results = gk_test_server_push (&f->s, f->mz1, reused, NULL);
  assert_result (results, 0, "rejected", 0);
  g_assert_cmpstr (get_error_code (results, 0), ==, "op_id_reused");
}

/* A retry's answer is made again from the revision the op left, not the
 * item as it is now, and so is a no-op's (the revision it met); a
 * conflict's is kept whole. */
static void
test_retry_later (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = create_item (f);
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *noop_id = g_uuid_string_random ();
  g_autofree char *update = basis_op (op_id, id, "B");
  g_autofree char *noop = basis_op (noop_id, id, "B");
  g_autofree char *conflict_id = g_uuid_string_random ();
  g_autofree char *conflict = basis_op (conflict_id, id, "C");
  g_autofree char *later = gk_test_op ("update", id, 1, "{\"content\":\"D\"}", NULL);
  const char *ops[] = { update, NULL };
  const char *noops[] = { noop, NULL };
  const char *conflicts[] = { conflict, NULL };
  const char *laters[] = { later, NULL };
  g_autofree char *body = gk_test_push_body (ops);
  g_autofree char *noop_body = gk_test_push_body (noops);
  g_autofree char *conflict_body = gk_test_push_body (conflicts);
  g_autofree char *later_body = gk_test_push_body (laters);
  g_autoptr(GBytes) first = push_raw (f, f->mz1, body);
  g_autoptr(GBytes) noop_first = push_raw (f, f->mz2, noop_body);
  g_autoptr(GBytes) conflict_first = push_raw (f, f->mz2, conflict_body);
  g_autoptr(GBytes) changed = push_raw (f, f->mz2, later_body);
  g_autoptr(GBytes) second = push_raw (f, f->mz1, body);
  g_autoptr(GBytes) noop_second = push_raw (f, f->mz2, noop_body);
  g_autoptr(GBytes) conflict_second = push_raw (f, f->mz2, conflict_body);
  g_autoptr(JsonObject) state = get_state (f, id);

  /* The item is at revision 3 now (another field, merged); both
   * answers still give the revision 2 their op left or met. */
  g_assert_cmpint (json_object_get_int_member (state, "rev"), ==, 3);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (noop_first, NULL),
                                  g_bytes_get_size (noop_first), "\"result\":\"noop\""));
  assert_same_results (first, second);
  assert_same_results (noop_first, noop_second);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (conflict_first, NULL),
                                  g_bytes_get_size (conflict_first), "\"result\":\"conflict\""));
  assert_same_results (conflict_first, conflict_second);
  g_assert_nonnull (changed);
}

static JsonArray *
list_conflicts (Fixture    *f,
                const char *token,
                const char *state)
{
  g_autofree char *path = g_strconcat ("/api/v1/conflicts?state=", state, NULL);
  g_autoptr(JsonObject) answer = NULL;

  answer = gk_test_server_request (&f->s, "GET", path, token, NULL, SOUP_STATUS_OK);
  g_assert_false (json_object_get_boolean_member (answer, "more"));
  return json_array_ref (json_object_get_array_member (answer, "conflicts"));
}

static void
assert_conflict_field (JsonObject *conflict,
                       const char *field,
                       const char *base,
                       const char *mine,
                       const char *theirs)
{
  JsonArray *fields = json_object_get_array_member (conflict, "fields");
  JsonObject *first = json_array_get_object_element (fields, 0);

  g_assert_cmpuint (json_array_get_length (fields), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "field"), ==, field);
  g_assert_cmpstr (json_object_get_string_member (first, "base"), ==, base);
  if (mine != NULL)
    g_assert_cmpstr (json_object_get_string_member (first, "mine"), ==, mine);
  else
    g_assert_false (json_object_has_member (first, "mine"));
  g_assert_cmpstr (json_object_get_string_member (first, "theirs"), ==, theirs);
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *id = create_item (f);
  g_autofree char *by_pc1 = gk_test_op ("update", id, 1, "{\"basis\":\"B\"}", NULL);
  g_autofree char *by_pc2 = gk_test_op ("update", id, 1, "{\"basis\":\"C\"}", NULL);
  g_autoptr(JsonArray) first = gk_test_server_push (&f->s, f->mz1, by_pc1, NULL);
  g_autoptr(JsonArray) second = gk_test_server_push (&f->s, f->mz2, by_pc2, NULL);
  g_autoptr(JsonArray) open = list_conflicts (f, f->mz1, "open");
  g_autoptr(JsonArray) office = list_conflicts (f, f->office, "open");
  g_autoptr(JsonArray) jy = list_conflicts (f, f->jy, "open");
  g_autoptr(JsonObject) state = get_state (f, id);
  JsonObject *result, *conflict;

  /* Both PCs changed the basis from rev 1: the second meets the first. */
  assert_result (first, 0, "applied", 2);
  result = assert_result (second, 0, "conflict", 2);
  conflict = json_object_get_object_member (result, "conflict");
  g_assert_cmpstr (json_object_get_string_member (conflict, "kind"), ==, "fields");
  assert_conflict_field (conflict, "basis", "A", "C", "B");
  g_assert_cmpstr (get_text (state, "basis"), ==, "B");

  /* Every PC of the department sees it, and the office; 教育局 does not. */
  g_assert_cmpuint (json_array_get_length (open), ==, 1);
  g_assert_cmpuint (json_array_get_length (office), ==, 1);
  g_assert_cmpuint (json_array_get_length (jy), ==, 0);
  conflict = json_array_get_object_element (open, 0);
  g_assert_cmpstr (json_object_get_string_member (conflict, "item_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (conflict, "dept"), ==, "mz");
  g_assert_cmpstr (json_object_get_string_member (conflict, "state"), ==, "open");
  g_assert_cmpint (json_object_get_int_member (conflict, "base_rev"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (conflict, "rev"), ==, 2);
  assert_conflict_field (conflict, "basis", "A", "C", "B");
}

static void
test_resolve (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = create_item (f);
  g_autofree char *by_pc1 = gk_test_op ("update", id, 1, "{\"basis\":\"B\"}", NULL);
  g_autofree char *by_pc2 = gk_test_op ("update", id, 1, "{\"basis\":\"C\"}", NULL);
  g_autofree char *resolve = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *other_id = g_uuid_string_random ();
  g_autoptr(JsonArray) first = gk_test_server_push (&f->s, f->mz1, by_pc1, NULL);
  g_autoptr(JsonArray) second = gk_test_server_push (&f->s, f->mz2, by_pc2, NULL);
  g_autoptr(JsonArray) settled = NULL;
  g_autoptr(JsonArray) refused = NULL;
  g_autoptr(JsonArray) open = NULL;
  g_autoptr(JsonArray) resolved = NULL;
  const char *conflict_id;

  conflict_id = json_object_get_string_member (
    json_object_get_object_member (assert_result (second, 0, "conflict", 2), "conflict"), "id");

  /* Resolving is an edit that names the conflict. */
  unknown = gk_test_op ("update", id, 2, "{\"basis\":\"C\"}", other_id);
  refused = gk_test_server_push (&f->s, f->mz2, unknown, NULL);
  g_assert_cmpstr (get_error_code (refused, 0), ==, "unknown_conflict");
  resolve = gk_test_op ("update", id, 2, "{\"basis\":\"C\"}", conflict_id);
  settled = gk_test_server_push (&f->s, f->mz2, resolve, NULL);
  assert_result (settled, 0, "applied", 3);

  open = list_conflicts (f, f->mz1, "open");
  resolved = list_conflicts (f, f->mz1, "resolved");
  g_assert_cmpuint (json_array_get_length (open), ==, 0);
  g_assert_cmpuint (json_array_get_length (resolved), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (resolved, 0),
                                                  "id"), ==, conflict_id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (resolved, 0),
                                                  "state"), ==, "resolved");
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *id = create_item (f);
  g_autofree char *by_pc1 = gk_test_op ("update", id, 1,
                                        "{\"content\":\"救助标准\","
                                        "\"channels\":[\"政府网站\",\"两微一端\"]}", NULL);
  g_autofree char *by_pc2 = gk_test_op ("update", id, 1,
                                        "{\"time_limit\":\"20个工作日内\","
                                        "\"channels\":[\"政府网站\",\"政务服务中心\"]}", NULL);
  g_autoptr(JsonArray) first = gk_test_server_push (&f->s, f->mz1, by_pc1, NULL);
  g_autoptr(JsonArray) second = gk_test_server_push (&f->s, f->mz2, by_pc2, NULL);
  g_autoptr(JsonArray) open = list_conflicts (f, f->mz1, "open");
  g_autoptr(JsonObject) state = get_state (f, id);
  JsonArray *channels;

  /* Other fields, and other elements of a set: both kept. */
  assert_result (first, 0, "applied", 2);
  assert_result (second, 0, "merged", 3);
  g_assert_cmpstr (get_text (state, "content"), ==, "救助标准");
  g_assert_cmpstr (get_text (state, "time_limit"), ==, "20个工作日内");
  g_assert_cmpstr (get_text (state, "basis"), ==, "A");
  channels = json_object_get_array_member (json_object_get_object_member (state, "item"),
                                           "channels");
  g_assert_cmpuint (json_array_get_length (channels), ==, 3);
  g_assert_cmpuint (json_array_get_length (open), ==, 0);
}

static void
test_deletes (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = create_item (f);
  g_autofree char *edit = gk_test_op ("update", id, 1, "{\"basis\":\"B\"}", NULL);
  g_autofree char *stale_delete = gk_test_op ("delete", id, 1, NULL, NULL);
  g_autofree char *delete = gk_test_op ("delete", id, 2, NULL, NULL);
  g_autofree char *late_edit = gk_test_op ("update", id, 2, "{\"notes\":\"N\"}", NULL);
  g_autofree char *again = gk_test_op ("delete", id, 3, NULL, NULL);
  g_autoptr(JsonArray) edited = gk_test_server_push (&f->s, f->mz1, edit, NULL);
  g_autoptr(JsonArray) stale = gk_test_server_push (&f->s, f->mz2, stale_delete, NULL);
  g_autoptr(JsonArray) deleted = gk_test_server_push (&f->s, f->mz1, delete, NULL);
  g_autoptr(JsonArray) late = gk_test_server_push (&f->s, f->mz2, late_edit, NULL);
  g_autoptr(JsonArray) twice = gk_test_server_push (&f->s, f->mz1, again, NULL);
  g_autoptr(JsonObject) state = get_state (f, id);
  JsonObject *conflict;

  /* A delete of an item changed since its base does not delete it. */
  assert_result (edited, 0, "applied", 2);
  conflict = json_object_get_object_member (assert_result (stale, 0, "conflict", 2),
                                            "conflict");
  g_assert_cmpstr (json_object_get_string_member (conflict, "kind"), ==, "delete_changed");
  assert_conflict_field (conflict, "basis", "A", NULL, "B");

  /* A delete leaves a tombstone; an edit of it is a conflict. */
  assert_result (deleted, 0, "applied", 3);
  conflict = json_object_get_object_member (assert_result (late, 0, "conflict", 3), "conflict");
  g_assert_cmpstr (json_object_get_string_member (conflict, "kind"), ==, "edit_deleted");
  assert_conflict_field (conflict, "notes", "", "N", "");
  assert_result (twice, 0, "noop", 3);
  g_assert_true (json_object_get_boolean_member (state, "deleted"));
  g_assert_cmpstr (get_text (state, "basis"), ==, "B");
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = create_item (f);
  g_autofree char *delete = gk_test_op ("delete", id, 1, NULL, NULL);
  g_autofree char *late_edit = gk_test_op ("update", id, 1, "{\"notes\":\"N\"}", NULL);
  g_autofree char *restore = NULL;
  g_autoptr(JsonArray) deleted = gk_test_server_push (&f->s, f->mz1, delete, NULL);
  g_autoptr(JsonArray) late = gk_test_server_push (&f->s, f->mz2, late_edit, NULL);
  g_autoptr(JsonArray) restored = NULL;
  g_autoptr(JsonObject) state = NULL;
  const char *conflict_id;

  assert_result (deleted, 0, "applied", 2);
  conflict_id = json_object_get_string_member (
    json_object_get_object_member (assert_result (late, 0, "conflict", 2), "conflict"), "id");

  /* An update that resolves an edit_deleted conflict restores the item. */
  restore = gk_test_op ("update", id, 2, "{\"notes\":\"N\"}", conflict_id);
  restored = gk_test_server_push (&f->s, f->mz2, restore, NULL);
  assert_result (restored, 0, "applied", 3);
  state = get_state (f, id);
  g_assert_false (json_object_get_boolean_member (state, "deleted"));
  g_assert_cmpstr (get_text (state, "notes"), ==, "N");
  g_assert_cmpstr (get_text (state, "basis"), ==, "A");
}

static void
send_push (Fixture    *f,
           const char *token,
           const char *op,
           GkTestSent *sent)
{
  const char *ops[] = { op, NULL };
  g_autofree char *body = gk_test_push_body (ops);

  gk_test_server_post_async (&f->s, NULL, "/api/v1/push", token, body, sent);
}

static const char *
get_sent_result (GkTestSent *sent)
{
  g_autoptr(JsonObject) answer = gk_test_parse_object (sent->body);
  JsonArray *results = json_object_get_array_member (answer, "results");

  return g_intern_string (json_object_get_string_member (
    json_array_get_object_element (results, 0), "result"));
}

static void
test_concurrent (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = create_item (f);
  g_autofree char *by_pc1 = gk_test_op ("update", id, 1, "{\"basis\":\"B\"}", NULL);
  g_autofree char *by_pc2 = gk_test_op ("update", id, 1, "{\"basis\":\"C\"}", NULL);
  GkTestSent one;
  GkTestSent two;
  g_autoptr(JsonArray) open = NULL;
  const char *results[2];

  /* Both at once: the writer takes them one after the other. */
  send_push (f, f->mz1, by_pc1, &one);
  send_push (f, f->mz2, by_pc2, &two);
  gk_test_wait_for (&one.done, "the first push");
  gk_test_wait_for (&two.done, "the second push");
  results[0] = get_sent_result (&one);
  results[1] = get_sent_result (&two);
  gk_test_sent_clear (&one);
  gk_test_sent_clear (&two);

  g_assert_true ((results[0] == g_intern_static_string ("applied")
                  && results[1] == g_intern_static_string ("conflict"))
                 || (results[0] == g_intern_static_string ("conflict")
                     && results[1] == g_intern_static_string ("applied")));
  open = list_conflicts (f, f->mz1, "open");
  g_assert_cmpuint (json_array_get_length (open), ==, 1);
}

/* An update of a new random item, whose values are checked first. */
static char *
update_new (const char *set)
{
  g_autofree char *id = g_uuid_string_random ();

  return gk_test_op ("update", id, 1, set, NULL);
}

typedef struct
{
  char       *op;
  const char *code;    /* of the error, NULL for an op applied */
  const char *field;   /* the error's field, if any */
} Case;

static void
assert_cases (JsonArray *results,
              Case      *cases,
              guint      n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      JsonObject *error;

      if (cases[i].code == NULL)
        {
          assert_result (results, i, "applied", 2);
          continue;
        }
      g_assert_cmpstr (get_error_code (results, i), ==, cases[i].code);
      error = json_object_get_object_member (result, "error");
      if (cases[i].field != NULL)
        g_assert_cmpstr (json_object_get_string_member (error, "field"), ==, cases[i].field);
      g_assert_cmpstr (json_object_get_string_member (error, "detail"), !=, "");
    }
}

/* Each op of one push refused for its own reason, and the one good op
 * applied all the same. */
static void
test_invalid_ops (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = create_item (f);
  g_autofree char *other = create_item (f);
  g_autofree char *new_id = g_uuid_string_random ();
  g_autofree char *long_text = g_strnfill (GK_TEXT_MAX_CELL_CHARS + 1, 'x');
  g_autofree char *too_long = g_strdup_printf ("{\"notes\":\"%s\"}", long_text);
  Case cases[] = {
    { update_new ("{\"colour\":\"red\"}"), "unknown_field", NULL },
    { update_new ("{\"position\":3}"), "unknown_field", NULL },
    { update_new ("{\"basis\":7}"), "bad_value", "basis" },
    { update_new ("{\"domain\":\"20x\"}"), "bad_value", "domain" },
    { update_new ("{\"channels\":[\"xx\"]}"), "bad_value", "channels" },
    { update_new ("{\"levels\":[\"省级\"]}"), "bad_value", "levels" },
    { update_new (too_long), "text_too_long", "notes" },
    { update_new ("{\"notes\":\"a\\uffffb\"}"), "bad_text", "notes" },
    { update_new ("{\"notes\":\"n\"}"), "unknown_item", NULL },
    { gk_test_op ("create", new_id, 1, "{\"domain\":\"20\"}", NULL), "bad_base_rev", NULL },
    { gk_test_op ("update", other, 2, "{\"notes\":\"n\"}", NULL), "bad_base_rev", NULL },
    { gk_test_op ("update", other, 1, "{\"notes\":\"n\"}", NULL), "item_repeated", NULL },
    { gk_test_op ("update", id, 1, "{\"notes\":\"n\"}", NULL), NULL, NULL },
  };
  const char *ops[G_N_ELEMENTS (cases) + 1];
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(JsonObject) unchanged = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    ops[i] = cases[i].op;
  ops[G_N_ELEMENTS (cases)] = NULL;
  body = gk_test_push_body (ops);
  answer = gk_test_server_request (&f->s, "POST", "/api/v1/push", f->mz1, body, SOUP_STATUS_OK);
  assert_cases (json_object_get_array_member (answer, "results"), cases, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_free (cases[i].op);

  state = get_state (f, id);
  unchanged = get_state (f, other);
  g_assert_cmpstr (get_text (state, "notes"), ==, "n");
  g_assert_cmpint (json_object_get_int_member (unchanged, "rev"), ==, 1);
  g_assert_cmpstr (get_text (unchanged, "notes"), ==, "");
}

/* A push that cannot be read is refused whole; the server serves on. */
static void
assert_refused (Fixture    *f,
                const char *body,
                gsize       length,
                guint       status,
                const char *type)
{
  g_autofree char *authorization = gk_test_bearer (f->mz1);
  g_autoptr(GBytes) bytes = g_bytes_new (body, length);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(JsonObject) info = NULL;

  response = gk_test_server_send (&f->s, &msg, "POST", "/api/v1/push", authorization, bytes,
                                  FALSE);
  gk_test_assert_problem (msg, response, status, type);
  info = gk_test_server_request (&f->s, "GET", "/api/v1/info", f->mz1, NULL, SOUP_STATUS_OK);
}

static char *
make_ops (guint n)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_uuid_string_random ();

      g_ptr_array_add (ops, gk_test_op ("create", id, 0, "{\"domain\":\"20\"}", NULL));
    }
  g_ptr_array_add (ops, NULL);

  return gk_test_push_body ((const char * const *) ops->pdata);
}

static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  static const char bad_utf8[] = "{\"ops\":[{\"op_id\":\"\xc3\x28\"}]}";
  static const char * const bodies[] = {
    "[]",
    "{}",
    "{\"ops\":{}}",
    "{\"ops\":[],\"extra\":1}",
    "{\"ops\":[7]}",
    "{\"ops\":[{\"item_id\":\"0b5a3c8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"kind\":\"delete\","
    "\"base_rev\":1}]}",
    "{\"ops\":[{\"op_id\":\"x\",\"item_id\":\"0b5a3c8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\","
    "\"kind\":\"delete\",\"base_rev\":1}]}",
    "{\"ops\":[{\"op_id\":\"9f0e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c\","
    "\"item_id\":\"0b5a3c8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"kind\":\"move\",\"base_rev\":1}]}",
    "{\"ops\":[{\"op_id\":\"9f0e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c\","
    "\"item_id\":\"0b5a3c8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"kind\":\"delete\","
    "\"base_rev\":\"1\"}]}",
    "{\"ops\":[{\"op_id\":\"9f0e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c\","
    "\"item_id\":\"0b5a3c8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"kind\":\"update\","
    "\"base_rev\":-1,\"set\":{}}]}",
    "{\"ops\":[{\"op_id\":\"9f0e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c\","
    "\"item_id\":\"0b5a3c8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"kind\":\"update\","
    "\"base_rev\":1,\"set\":[]}]}",
    "{\"ops\":[{\"op_id\":\"9f0e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c\","
    "\"item_id\":\"0b5a3c8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"kind\":\"update\","
    "\"base_rev\":1,\"set\":{},\"resolved\":\"x\"}]}",
  };
  g_autofree char *too_many = make_ops (201);
  g_autofree char *most = make_ops (200);
  g_autoptr(JsonArray) results = NULL;
  g_autoptr(JsonObject) answer = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    assert_refused (f, bodies[i], strlen (bodies[i]), SOUP_STATUS_BAD_REQUEST,
                    "invalid-request");
  assert_refused (f, bad_utf8, sizeof bad_utf8 - 1, SOUP_STATUS_BAD_REQUEST, "invalid-utf8");
  assert_refused (f, too_many, strlen (too_many), SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                  "too-many-ops");

  /* 200 ops are one push, applied in one transaction. */
  answer = gk_test_server_request (&f->s, "POST", "/api/v1/push", f->mz1, most, SOUP_STATUS_OK);
  results = json_array_ref (json_object_get_array_member (answer, "results"));
  g_assert_cmpuint (json_array_get_length (results), ==, 200);
  assert_result (results, 199, "applied", 1);
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
  ADD ("/push/create-update", test_create_update);
  ADD ("/push/departments", test_departments);
  ADD ("/push/retry", test_retry);
  ADD ("/push/retry-later", test_retry_later);
  ADD ("/push/conflict", test_conflict);
  ADD ("/push/resolve", test_resolve);
  ADD ("/push/merge", test_merge);
  ADD ("/push/deletes", test_deletes);
  ADD ("/push/restore", test_restore);
  ADD ("/push/concurrent", test_concurrent);
  ADD ("/push/invalid-ops", test_invalid_ops);
  ADD ("/push/hostile", test_hostile);
#undef ADD

  return g_test_run ();
}
