/* test-store-sync.c: the store's side of sync: schema 3, the outbox, the
 * bases, the server's answers and pulled pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-store-sync [GTEST-OPTIONS] PATH-TO-gongkai-cli
 */

#include <string.h>

#include "gongkai-core.h"
#include "gk-test-util.h"

#define DEPT "dept-民政"

static const char *cli_path;

typedef struct
{
  char    *tmp;
  char    *dir;
  char      *path;    /* the database */
  GkStore   *store;
  GPtrArray *sets;    /* of JsonNode: the ops' sets read by op_set() */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->tmp = gk_test_make_tmp_dir ("store-sync");
  fixture->dir = g_build_filename (fixture->tmp, "store", NULL);
  fixture->path = g_build_filename (fixture->dir, "gongkai.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);
  g_clear_pointer (&fixture->sets, g_ptr_array_unref);
  gk_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->store = gk_store_new (fixture->dir);
  g_assert_true (gk_store_open (fixture->store, &error));
  g_assert_no_error (error);
}

static void
close_store (Fixture *fixture)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
}

/* The database, read and written as any SQLite tool would, beside the store. */
static char *
query_text (Fixture    *fixture,
            const char *sql)
{
  return gk_test_query_text (fixture->path, sql);
}

static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  return gk_test_query_int (fixture->path, sql);
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  gk_test_exec_sql (fixture->path, sql);
}

static GkItem *
make_item (const char *level1)
{
  GkItem *item = gk_item_new ("20");

  gk_item_set_text (item, GK_FIELD_LEVEL1, level1);
  gk_item_set_text (item, GK_FIELD_CONTENT, "低保对象姓名");
  gk_item_set_text (item, GK_FIELD_NOTES, "备注");
  gk_item_set_channels (item, 1u << GK_CHANNEL_WEBSITE);
  return item;
}

static GkItem *
load_item (Fixture    *fixture,
           const char *id)
{
  g_autoptr(GError) error = NULL;
  GkItem *item = gk_store_load_item (fixture->store, id, &error);

  g_assert_no_error (error);
  return item;
}

static void
save (Fixture *fixture,
      GkItem  *item)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_save_item (fixture->store, item, &error));
  g_assert_no_error (error);
}

static void
edit (Fixture    *fixture,
      GkItem     *item,
      GkField     field,
      const char *text)
{
  gk_item_set_text (item, field, text);
  save (fixture, item);
}

static void
delete (Fixture    *fixture,
        const char *id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_delete_item (fixture->store, id, &error));
  g_assert_no_error (error);
}

static void
enroll (Fixture *fixture)
{
  const GkStoreEnrollment enrollment = {
    "https://county.example/sync", NULL, "catalog-2026", DEPT, "editor",
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_enroll (fixture->store, &enrollment, &error));
  g_assert_no_error (error);
}

static char *
server_json (GkItem *item)
{
  g_autoptr(JsonNode) node = gk_item_to_json (item);

  return json_to_string (node, FALSE);
}

/* Pulls one page of @n_items @items at @revs (NULL items: deleted). */
static GHashTable *
pull (Fixture     *fixture,
      const char  *cursor,
      GkItem     **items,
      const char **ids,
      gint64      *revs,
      guint        n_items)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  GkStoreServerItem server[4] = { { 0 } };
  GkStorePage page = { server, n_items, NULL, 0, cursor };
  g_autoptr(GError) error = NULL;
  GHashTable *touched;

  g_assert_cmpuint (n_items, <=, G_N_ELEMENTS (server));
  for (guint i = 0; i < n_items; i++)
    {
      server[i].item_id = ids[i];
      server[i].rev = revs[i];
      server[i].json = items[i] != NULL ? server_json (items[i]) : NULL;
      g_ptr_array_add (texts, (gpointer) server[i].json);
    }
  touched = gk_store_apply_page (fixture->store, &page, &error);
  g_assert_no_error (error);
  g_assert_nonnull (touched);
  return touched;
}

/* Makes @item the server's at @rev, pulled. */
static void
pull_item (Fixture *fixture,
           GkItem  *item,
           gint64   rev)
{
  const char *id = gk_item_get_id (item);
  g_autoptr(GHashTable) touched = pull (fixture, "c", &item, &id, &rev, 1);
}

static GPtrArray *
list_ops (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *ops = gk_store_list_ops (fixture->store, 100, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ops);
  return ops;
}

/* Marks every op to send as sent. */
static void
send_all (Fixture *fixture)
{
  g_autoptr(GPtrArray) ops = list_ops (fixture);
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_mark_ops_sent (fixture->store, ops, &error));
  g_assert_no_error (error);
}

/* @fields: the keys, joined by ",". */
static void
assert_op (GkStoreOp      *op,
           const char     *kind,
           const char     *fields,
           GkStoreOpState  state)
{
  g_autofree char *keys = g_strjoinv (",", op->fields);

  g_assert_cmpstr (op->kind, ==, kind);
  g_assert_cmpstr (keys, ==, fields);
  g_assert_cmpint (op->state, ==, state);
  g_assert_true (g_uuid_string_is_valid (op->op_id));
}

/* The op's set, which the store gives as JSON text, read; kept until
 * the test ends. */
static JsonObject *
op_set (Fixture   *fixture,
        GkStoreOp *op)
{
  JsonNode *node = json_from_string (op->set, NULL);

  g_assert_true (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  if (fixture->sets == NULL)
    fixture->sets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_ptr_array_add (fixture->sets, node);
  return json_node_get_object (node);
}

static GkStoreOp *
op_at (GPtrArray *ops,
       guint      i)
{
  g_assert_cmpuint (i, <, ops->len);
  return g_ptr_array_index (ops, i);
}

static guint
count_unanswered (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  guint n = G_MAXUINT;

  g_assert_true (gk_store_count_ops (fixture->store, &n, NULL, &error));
  g_assert_no_error (error);
  return n;
}

static char *
read_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static void
assert_catalog (GkStore    *store,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_store_load_catalog (store, &error);
  g_autofree char *data = NULL;

  g_assert_no_error (error);
  data = gk_catalog_to_data (catalog, NULL);
  g_assert_cmpstr (data, ==, expected);
}

/* Each item of step @step's rows is as the history says the step left it. */
static void
assert_items_as_step_left (Fixture *fixture,
                           int      step)
{
  const char *ids[] = {
    "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002",
    "7d4f0c1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT after_json FROM history WHERE "
                                              "item_id = '%s' AND step <= %d "
                                              "ORDER BY step DESC", ids[i], step);
      g_autofree char *expected = query_text (fixture, sql);
      g_autoptr(GkItem) item = load_item (fixture, ids[i]);
      g_autofree char *json = item != NULL ? server_json (item) : NULL;

      g_assert_cmpstr (json, ==, expected);
    }
}

/* A store of schema 2, made by the tree before schema 3: read as it is
 * read-only, then upgraded with its items, history and undo intact. */
static void
test_upgrade_2 (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *sql = read_fixture ("store-v2.sql");
  g_autofree char *expected = read_fixture ("store-v2.json");
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GError) error = NULL;
  GkStore *reader;

  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  exec_sql (fixture, sql);
  g_assert_cmpint (query_int (fixture, "PRAGMA user_version"), ==, 2);

  reader = gk_store_new (fixture->dir);
  g_assert_true (gk_store_open_read_only (reader, &error));
  g_assert_no_error (error);
  assert_catalog (reader, expected);
  g_assert_finalize_object (reader);
  g_assert_cmpint (query_int (fixture, "PRAGMA user_version"), ==, 2);

  open_store (fixture);
  g_assert_null (gk_store_get_set_aside_path (fixture->store));
  g_assert_cmpint (query_int (fixture, "PRAGMA user_version"), ==, GK_STORE_SCHEMA_VERSION);
  assert_catalog (fixture->store, expected);
  g_assert_cmpuint (gk_store_get_n_history (fixture->store), ==, 9);
  g_assert_cmpint (query_int (fixture, "SELECT seq FROM sqlite_sequence "
                                       "WHERE name = 'history'"), ==, 9);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM items WHERE dept = ''"), ==, 6);

  touched = gk_store_undo (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (touched), ==, 3);
  assert_items_as_step_left (fixture, 1);
  g_clear_pointer (&touched, g_hash_table_unref);
  touched = gk_store_redo (fixture->store, &error);
  g_assert_no_error (error);
  assert_catalog (fixture->store, expected);
  assert_items_as_step_left (fixture, 2);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox"), ==, 0);
}

/* A store that does not sync records nothing for sync, and its items
 * have no department. */
static void
test_alone (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GkItem) item = make_item ("最低生活保障");
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GError) error = NULL;

  open_store (fixture);
  g_assert_null (gk_store_dup_sync_value (fixture->store, GK_STORE_SYNC_SERVER, &error));
  g_assert_no_error (error);
  save (fixture, item);
  edit (fixture, item, GK_FIELD_CONTENT, "保障金额");
  delete (fixture, gk_item_get_id (item));
  touched = gk_store_undo (fixture->store, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (count_unanswered (fixture), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM item_base"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM items WHERE dept = ''"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM history "
                                       "WHERE after_json LIKE '%\"dept\"%'"), ==, 0);
}

/* Enrolling makes every item the department's and a create; leaving
 * forgets the server and keeps the catalog. */
static void
test_enroll (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GkItem) a = make_item ("最低生活保障");
  g_autoptr(GkItem) b = make_item ("特困人员救助供养");
  g_autoptr(GkItem) c = make_item ("临时救助");
  g_autoptr(GkItem) loaded = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  GkStoreOp *op;
  JsonObject *set;

  open_store (fixture);
  save (fixture, a);
  save (fixture, b);
  enroll (fixture);

  ops = list_ops (fixture);
  g_assert_cmpuint (ops->len, ==, 2);
  op = g_ptr_array_index (ops, 0);
  g_assert_cmpuint (g_strv_length (op->fields), ==, GK_N_FIELDS);
  g_assert_cmpint (op->base_rev, ==, GK_STORE_NO_REV);
  assert_op (op, "create", "domain,level1,level2,level3,code,content,basis,time_limit,subject,"
             "channels,channel_other,audience,audience_desc,method,levels,web_column,web_url,"
             "notes", GK_STORE_OP_PENDING);
  set = op_set (fixture, op);
  g_assert_cmpuint (json_object_get_size (set), ==, GK_N_FIELDS);
  g_assert_cmpstr (json_object_get_string_member (set, "content"), ==, "低保对象姓名");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (set,
                                                                                "channels"),
                                                  0), ==, "政府网站");
  loaded = load_item (fixture, gk_item_get_id (a));
  g_assert_cmpstr (gk_item_get_dept (loaded), ==, DEPT);
  value = gk_store_dup_sync_value (fixture->store, GK_STORE_SYNC_ROLE, &error);
  g_assert_cmpstr (value, ==, "editor");
  g_clear_pointer (&value, g_free);

  /* A new item is this department's. */
  save (fixture, c);
  g_assert_cmpstr (gk_item_get_dept (c), ==, DEPT);
  g_assert_cmpuint (count_unanswered (fixture), ==, 3);

  g_assert_true (gk_store_leave (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_null (gk_store_dup_sync_value (fixture->store, GK_STORE_SYNC_SERVER, &error));
  g_assert_cmpuint (count_unanswered (fixture), ==, 0);
  edit (fixture, a, GK_FIELD_NOTES, "离开之后");
  g_assert_cmpuint (count_unanswered (fixture), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM items WHERE dept = '" DEPT "'"),
                   ==, 3);
}

/* Edits join the item's pending op; once it is sent, a new one starts. */
static void
test_edit (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GkItem) item = make_item ("最低生活保障");
  g_autoptr(GPtrArray) ops = NULL;
  GkStoreOp *op;

  open_store (fixture);
  enroll (fixture);
  pull_item (fixture, item, 4);
  g_assert_cmpuint (count_unanswered (fixture), ==, 0);

  edit (fixture, item, GK_FIELD_NOTES, "第一次");
  ops = list_ops (fixture);
  g_assert_cmpuint (ops->len, ==, 1);
  op = g_ptr_array_index (ops, 0);
  assert_op (op, "update", "notes", GK_STORE_OP_PENDING);
  g_assert_cmpint (op->base_rev, ==, 4);
  g_assert_cmpuint (json_object_get_size (op_set (fixture, op)), ==, 1);

  /* The latest value goes, and the keys stay in the table's order. */
  edit (fixture, item, GK_FIELD_CONTENT, "保障金额");
  edit (fixture, item, GK_FIELD_NOTES, "第二次");
  save (fixture, item);
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = list_ops (fixture);
  g_assert_cmpuint (ops->len, ==, 1);
  op = g_ptr_array_index (ops, 0);
  assert_op (op, "update", "content,notes", GK_STORE_OP_PENDING);
  g_assert_cmpstr (json_object_get_string_member (op_set (fixture, op), "notes"), ==,
                   "第二次");

  send_all (fixture);
  edit (fixture, item, GK_FIELD_CONTENT, "发送之后");
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = list_ops (fixture);
  g_assert_cmpuint (ops->len, ==, 2);
  assert_op (op_at (ops, 0), "update", "content,notes", GK_STORE_OP_SENT);
  assert_op (op_at (ops, 1), "update", "content", GK_STORE_OP_PENDING);
}

static GPtrArray *
list_ops_of (Fixture *fixture,
             GkItem  *item)
{
  GPtrArray *ops = list_ops (fixture);

  for (guint i = ops->len; i > 0; i--)
    {
      GkStoreOp *op = g_ptr_array_index (ops, i - 1);

      if (strcmp (op->item_id, gk_item_get_id (item)) != 0)
        g_ptr_array_remove_index (ops, i - 1);
    }
  return ops;
}

static void
assert_n_ops (Fixture *fixture,
              GkItem  *item,
              guint    n)
{
  g_autoptr(GPtrArray) ops = list_ops_of (fixture, item);

  g_assert_cmpuint (ops->len, ==, n);
}

/* A new item is a create; deleted before a push, nothing is left. */
static void
test_create_delete (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GkItem) fresh = make_item ("新事项");
  g_autoptr(GkItem) based = make_item ("服务器上的事项");
  g_autoptr(GkItem) edited = make_item ("改过又删的事项");
  g_autoptr(GkItem) sent = make_item ("发送过的新事项");
  g_autoptr(GPtrArray) ops = NULL;

  open_store (fixture);
  enroll (fixture);
  save (fixture, fresh);
  edit (fixture, fresh, GK_FIELD_CONTENT, "改过");
  ops = list_ops_of (fixture, fresh);
  g_assert_cmpuint (ops->len, ==, 1);
  g_assert_cmpstr (op_at (ops, 0)->kind, ==, "create");
  delete (fixture, gk_item_get_id (fresh));
  assert_n_ops (fixture, fresh, 0);

  pull_item (fixture, based, 2);
  delete (fixture, gk_item_get_id (based));
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = list_ops_of (fixture, based);
  g_assert_cmpuint (ops->len, ==, 1);
  assert_op (op_at (ops, 0), "delete", "", GK_STORE_OP_PENDING);
  g_assert_cmpint (op_at (ops, 0)->base_rev, ==, 2);
  g_assert_cmpuint (json_object_get_size (op_set (fixture, op_at (ops, 0))), ==, 0);

  pull_item (fixture, edited, 1);
  edit (fixture, edited, GK_FIELD_CONTENT, "改过");
  delete (fixture, gk_item_get_id (edited));
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = list_ops_of (fixture, edited);
  g_assert_cmpuint (ops->len, ==, 1);
  assert_op (op_at (ops, 0), "delete", "", GK_STORE_OP_PENDING);

  save (fixture, sent);
  send_all (fixture);
  delete (fixture, gk_item_get_id (sent));
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = list_ops_of (fixture, sent);
  g_assert_cmpuint (ops->len, ==, 2);
  g_assert_cmpstr (op_at (ops, 0)->kind, ==, "create");
  g_assert_cmpint (op_at (ops, 0)->state, ==, GK_STORE_OP_SENT);
  assert_op (op_at (ops, 1), "delete", "", GK_STORE_OP_PENDING);
}

static void
undo (Fixture  *fixture,
      gboolean  redo)
{
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GError) error = NULL;

  if (redo)
    touched = gk_store_redo (fixture->store, &error);
  else
    touched = gk_store_undo (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (touched);
}

/* Undo and redo are local changes. */
static void
test_undo_redo (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GkItem) item = make_item ("最低生活保障");
  g_autoptr(GkItem) gone = make_item ("删了又撤销的事项");
  g_autoptr(GkItem) loaded = NULL;
  g_autoptr(GPtrArray) ops = NULL;

  open_store (fixture);
  enroll (fixture);
  pull_item (fixture, item, 1);
  edit (fixture, item, GK_FIELD_CONTENT, "改过");
  send_all (fixture);

  undo (fixture, FALSE);
  loaded = load_item (fixture, gk_item_get_id (item));
  g_assert_cmpstr (gk_item_get_text (loaded, GK_FIELD_CONTENT), ==, "低保对象姓名");
  ops = list_ops_of (fixture, item);
  g_assert_cmpuint (ops->len, ==, 2);
  assert_op (op_at (ops, 1), "update", "content", GK_STORE_OP_PENDING);
  undo (fixture, TRUE);
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = list_ops_of (fixture, item);
  g_assert_cmpuint (ops->len, ==, 2);
  assert_op (op_at (ops, 1), "update", "content", GK_STORE_OP_PENDING);
  g_assert_cmpstr (json_object_get_string_member (op_set (fixture, op_at (ops, 1)),
                                                  "content"), ==, "改过");

  /* A delete undone before a push: the item is as the server has it. */
  pull_item (fixture, gone, 3);
  delete (fixture, gk_item_get_id (gone));
  assert_n_ops (fixture, gone, 1);
  undo (fixture, FALSE);
  assert_n_ops (fixture, gone, 0);
  g_clear_object (&loaded);
  loaded = load_item (fixture, gk_item_get_id (gone));
  g_assert_nonnull (loaded);
}

/* `gongkai-cli load` and a save of many items (an import) make ops. */
static void
test_load (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *catalog_path = g_test_build_filename (G_TEST_DIST, "fixtures",
                                                         "render-small.json", NULL);
  const char *args[] = { catalog_path, "--data-dir", NULL, NULL };
  g_autoptr(GPtrArray) imported = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  open_store (fixture);
  enroll (fixture);
  close_store (fixture);
  args[2] = fixture->dir;
  g_assert_cmpint (gk_test_run_cli (cli_path, "load", args, NULL, &err), ==, 0);

  open_store (fixture);
  ops = list_ops (fixture);
  g_assert_cmpuint (ops->len, ==, 6);
  for (guint i = 0; i < ops->len; i++)
    g_assert_cmpstr (op_at (ops, i)->kind, ==, "create");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM items WHERE dept = '" DEPT "'"),
                   ==, 6);

  g_ptr_array_add (imported, make_item ("导入的一"));
  g_ptr_array_add (imported, make_item ("导入的二"));
  g_assert_true (gk_store_save_items (fixture->store, imported, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_unanswered (fixture), ==, 8);
}

/* Pulled changes make no op and no undo step; a pending local change keeps
 * its values. */
static void
test_pull (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GkItem) theirs = make_item ("最低生活保障");
  g_autoptr(GkItem) other = make_item ("特困人员救助供养");
  g_autoptr(GkItem) mine = NULL;
  g_autoptr(GkItem) loaded = NULL;
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree char *cursor = NULL;
  GkItem *page[2] = { theirs, other };
  const char *ids[2] = { gk_item_get_id (theirs), gk_item_get_id (other) };
  gint64 revs[2] = { 1, 1 };

  open_store (fixture);
  enroll (fixture);
  touched = pull (fixture, "c1", page, ids, revs, 2);
  g_assert_cmpuint (g_hash_table_size (touched), ==, 2);
  g_assert_cmpuint (count_unanswered (fixture), ==, 0);
  g_assert_false (gk_store_can_undo (fixture->store));
  loaded = load_item (fixture, ids[0]);
  g_assert_true (gk_item_equal (loaded, theirs));

  mine = gk_test_copy_item (theirs);
  edit (fixture, mine, GK_FIELD_CONTENT, "我的");
  gk_item_set_text (theirs, GK_FIELD_CONTENT, "他们的");
  gk_item_set_text (theirs, GK_FIELD_NOTES, "他们的备注");
  page[1] = NULL;
  revs[0] = revs[1] = 2;
  g_clear_pointer (&touched, g_hash_table_unref);
  touched = pull (fixture, "c2", page, ids, revs, 2);
  g_assert_cmpuint (g_hash_table_size (touched), ==, 2);
  g_assert_null (g_hash_table_lookup (touched, ids[1]));
  g_assert_null (load_item (fixture, ids[1]));
  g_clear_object (&loaded);
  loaded = load_item (fixture, ids[0]);
  g_assert_cmpstr (gk_item_get_text (loaded, GK_FIELD_CONTENT), ==, "我的");
  g_assert_cmpstr (gk_item_get_text (loaded, GK_FIELD_NOTES), ==, "他们的备注");
  ops = list_ops (fixture);
  g_assert_cmpuint (ops->len, ==, 1);
  assert_op (op_at (ops, 0), "update", "content", GK_STORE_OP_PENDING);
  g_assert_cmpint (op_at (ops, 0)->base_rev, ==, 2);
  g_assert_cmpuint (gk_store_get_n_history (fixture->store), ==, 1);
  cursor = gk_store_dup_sync_value (fixture->store, GK_STORE_SYNC_CURSOR, NULL);
  g_assert_cmpstr (cursor, ==, "c2");

  /* An older version than the base is not taken. */
  gk_item_set_text (theirs, GK_FIELD_NOTES, "旧的");
  revs[0] = 1;
  g_clear_pointer (&touched, g_hash_table_unref);
  touched = pull (fixture, "c3", page, ids, revs, 1);
  g_assert_cmpuint (g_hash_table_size (touched), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT rev FROM item_base WHERE json LIKE '%他们的备注%'"),
                   ==, 2);
}

/* Answers the oldest op to send; @op_id is set to its id. */
static GHashTable *
answer (Fixture        *fixture,
        GkStoreAnswer  *reply,
        char          **op_id,
        GError        **error)
{
  g_autoptr(GPtrArray) ops = list_ops (fixture);

  g_free (*op_id);
  *op_id = g_strdup (op_at (ops, 0)->op_id);
  reply->op_id = *op_id;
  return gk_store_record_answers (fixture->store, reply, 1, NULL, NULL, error);
}

/* An answer removes the op and sets the base in one transaction; a
 * rejected op stays, with its reason. */
static void
test_answer (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GkItem) item = make_item ("最低生活保障");
  g_autoptr(GkItem) merged = NULL;
  g_autoptr(GkItem) loaded = NULL;
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *op_id = NULL;
  GkStoreAnswer reply = { GK_STORE_ANSWER_APPLIED, };
  guint n_rejected = 0;

  open_store (fixture);
  enroll (fixture);
  pull_item (fixture, item, 1);
  edit (fixture, item, GK_FIELD_CONTENT, "我的");
  send_all (fixture);

  /* Merged with someone's notes. */
  merged = gk_test_copy_item (item);
  gk_item_set_text (merged, GK_FIELD_NOTES, "别人的备注");
  json = server_json (merged);
  reply.item = (GkStoreServerItem) { NULL, 2, json };
  touched = answer (fixture, &reply, &op_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (touched), ==, 1);
  g_assert_cmpuint (count_unanswered (fixture), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT rev FROM item_base"), ==, 2);
  loaded = load_item (fixture, gk_item_get_id (item));
  g_assert_cmpstr (gk_item_get_text (loaded, GK_FIELD_NOTES), ==, "别人的备注");

  edit (fixture, loaded, GK_FIELD_CONTENT, "越权的修改");
  reply = (GkStoreAnswer) { GK_STORE_ANSWER_REJECTED, .reason = "forbidden: 不是本部门的事项" };
  g_clear_pointer (&touched, g_hash_table_unref);
  touched = answer (fixture, &reply, &op_id, &error);
  g_assert_no_error (error);
  g_assert_true (gk_store_count_ops (fixture->store, NULL, &n_rejected, &error));
  g_assert_cmpuint (n_rejected, ==, 1);
  g_assert_cmpuint (count_unanswered (fixture), ==, 0);
  rejected = gk_store_list_rejected_ops (fixture->store, &error);
  g_assert_cmpuint (rejected->len, ==, 1);
  g_assert_cmpstr (op_at (rejected, 0)->reason, ==,
                   "forbidden: 不是本部门的事项");

  edit (fixture, loaded, GK_FIELD_NOTES, "冲突的修改");
  reply = (GkStoreAnswer) { GK_STORE_ANSWER_CONFLICT, .item = { NULL, 3, json },
                            .conflict = { "conflict-1", gk_item_get_id (item), "{}", "open" } };
  g_clear_pointer (&touched, g_hash_table_unref);
  touched = answer (fixture, &reply, &op_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_unanswered (fixture), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM conflicts WHERE state = 'open'"),
                   ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT rev FROM item_base"), ==, 3);

  /* A second answer to an op recorded already changes nothing. */
  g_clear_pointer (&touched, g_hash_table_unref);
  reply = (GkStoreAnswer) { GK_STORE_ANSWER_APPLIED, op_id, { NULL, 9, json } };
  touched = gk_store_record_answers (fixture->store, &reply, 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (touched), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT rev FROM item_base"), ==, 3);
}

/* The store's cursor once answers were recorded: @touched, what the
 * recording gave, with @error. */
static char *
dup_recorded_cursor (Fixture       *fixture,
                     GHashTable    *touched,
                     const GError  *error)
{
  g_autoptr(GError) local = NULL;
  char *cursor;

  g_assert_no_error (error);
  g_assert_nonnull (touched);
  cursor = gk_store_dup_sync_value (fixture->store, GK_STORE_SYNC_CURSOR, &local);
  g_assert_no_error (local);
  return cursor;
}

/* Answers the oldest op as applied at @rev, with the push's cursors;
 * returns the store's cursor after it. */
static char *
answer_push (Fixture     *fixture,
             GkItem      *item,
             gint64       rev,
             const char  *extra_op_id,
             const char  *since,
             const char  *next)
{
  g_autoptr(GPtrArray) ops = list_ops (fixture);
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = server_json (item);
  GkStoreAnswer replies[2] = {
    { GK_STORE_ANSWER_APPLIED, op_at (ops, 0)->op_id, { NULL, rev, json } },
    { GK_STORE_ANSWER_APPLIED, extra_op_id, { NULL, rev, json } },
  };

  send_all (fixture);
  touched = gk_store_record_answers (fixture->store, replies, extra_op_id != NULL ? 2 : 1,
                                     since, next, &error);
  return dup_recorded_cursor (fixture, touched, error);
}

/* A push's answer moves the cursor past its own changes when the store
 * had seen everything before them and took each answer: the pull after
 * it does not fetch them back. Otherwise the cursor stays. */
static void
test_follow_push (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GkItem) item = make_item ("最低生活保障");
  g_autofree char *cursor = NULL;

  open_store (fixture);
  enroll (fixture);
  save (fixture, item);

  /* A store that never pulled holds the empty cursor. */
  cursor = answer_push (fixture, item, 1, NULL, "", "n1");
  g_assert_cmpstr (cursor, ==, "n1");
  g_clear_pointer (&cursor, g_free);

  /* Someone else's change came between: the pull must fetch it. */
  edit (fixture, item, GK_FIELD_CONTENT, "第二次");
  cursor = answer_push (fixture, item, 2, NULL, "x9", "n2");
  g_assert_cmpstr (cursor, ==, "n1");
  g_clear_pointer (&cursor, g_free);

  /* An answer to an op the store no longer holds was not taken. */
  edit (fixture, item, GK_FIELD_CONTENT, "第三次");
  cursor = answer_push (fixture, item, 3, "9f0e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c", "n1", "n3");
  g_assert_cmpstr (cursor, ==, "n1");
  g_clear_pointer (&cursor, g_free);

  /* A change answered without its state was not taken either. */
  edit (fixture, item, GK_FIELD_CONTENT, "第四次");
  cursor = answer_push (fixture, item, GK_STORE_NO_REV, NULL, "n1", "n4");
  g_assert_cmpstr (cursor, ==, "n1");
  g_clear_pointer (&cursor, g_free);

  /* An answer without cursors (an older server) leaves it. */
  edit (fixture, item, GK_FIELD_CONTENT, "第五次");
  cursor = answer_push (fixture, item, 5, NULL, NULL, NULL);
  g_assert_cmpstr (cursor, ==, "n1");
  g_clear_pointer (&cursor, g_free);

  edit (fixture, item, GK_FIELD_CONTENT, "第六次");
  cursor = answer_push (fixture, item, 6, NULL, "n1", "n6");
  g_assert_cmpstr (cursor, ==, "n6");
}

/* Answers the two oldest ops, of @first and @second, at @rev, as two
 * pushes with the cursors given, recorded together in that order;
 * returns the store's cursor after them. */
static char *
answer_two_pushes (Fixture    *fixture,
                   GkItem     *first,
                   GkItem     *second,
                   gint64      rev,
                   const char *cursors[4])
{
  g_autoptr(GPtrArray) ops = list_ops (fixture);
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_json = server_json (first);
  g_autofree char *second_json = server_json (second);
  GkStoreAnswer replies[2] = {
    { GK_STORE_ANSWER_APPLIED, op_at (ops, 0)->op_id, { NULL, rev, first_json } },
    { GK_STORE_ANSWER_APPLIED, op_at (ops, 1)->op_id, { NULL, rev, second_json } },
  };
  GkStorePushAnswers pushes[2] = {
    { &replies[0], 1, cursors[0], cursors[1] },
    { &replies[1], 1, cursors[2], cursors[3] },
  };
  char *cursor;

  g_assert_cmpstr (op_at (ops, 0)->item_id, ==, gk_item_get_id (first));
  g_assert_cmpstr (op_at (ops, 1)->item_id, ==, gk_item_get_id (second));
  send_all (fixture);
  touched = gk_store_record_pushes (fixture->store, pushes, 2, &error);
  cursor = dup_recorded_cursor (fixture, touched, error);
  g_assert_cmpuint (count_unanswered (fixture), ==, 0);
  return cursor;
}

/* Two pushes sent at once are recorded together, in the order the
 * server applied them: the cursor follows both. Given the other way
 * round, it follows the one that comes right after it, and the pull
 * fetches the other's changes again. */
static void
test_follow_pushes (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GkItem) first = make_item ("最低生活保障");
  g_autoptr(GkItem) second = make_item ("临时救助");
  const char *in_order[4] = { "", "n1", "n1", "n2" };
  const char *reversed[4] = { "n3", "n4", "n2", "n3" };
  g_autofree char *cursor = NULL;

  open_store (fixture);
  enroll (fixture);
  save (fixture, first);
  save (fixture, second);
  cursor = answer_two_pushes (fixture, first, second, 1, in_order);
  g_assert_cmpstr (cursor, ==, "n2");
  g_clear_pointer (&cursor, g_free);

  edit (fixture, first, GK_FIELD_CONTENT, "第二次");
  edit (fixture, second, GK_FIELD_CONTENT, "第二次");
  cursor = answer_two_pushes (fixture, first, second, 2, reversed);
  g_assert_cmpstr (cursor, ==, "n3");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM item_base WHERE rev = 2"), ==, 2);
}

/* Refuses the only op to send, as the server would. */
static void
refuse (Fixture *fixture)
{
  GkStoreAnswer reply = { GK_STORE_ANSWER_REJECTED, .item = { NULL, GK_STORE_NO_REV, NULL },
                          .reason = "invalid: levels: 乡级 不在本目录的层级中" };
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;

  send_all (fixture);
  touched = answer (fixture, &reply, &op_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_unanswered (fixture), ==, 0);
}

/* A refused change is fixed by editing the item, which sends its fields
 * again (a refused create as a create), or dropped: its fields get back
 * the server's values, and an item the server never took goes. */
static void
test_rejected (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GkItem) item = make_item ("最低生活保障");
  g_autoptr(GkItem) fresh = make_item ("临时救助");
  g_autoptr(GkItem) after = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = gk_item_get_id (item);

  open_store (fixture);
  enroll (fixture);
  pull_item (fixture, item, 1);

  /* An update refused, then fixed in another field: both fields go. */
  edit (fixture, item, GK_FIELD_CONTENT, "越界的内容");
  refuse (fixture);
  edit (fixture, item, GK_FIELD_NOTES, "改正后");
  ops = list_ops (fixture);
  g_assert_cmpuint (ops->len, ==, 1);
  assert_op (op_at (ops, 0), "update", "content,notes", GK_STORE_OP_PENDING);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'rejected'"),
                   ==, 0);
  g_clear_pointer (&ops, g_ptr_array_unref);

  /* Refused again, then dropped: the server's values come back. */
  refuse (fixture);
  g_assert_true (gk_store_drop_rejected (fixture->store, id, &after, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gk_item_get_text (after, GK_FIELD_CONTENT), ==, "低保对象姓名");
  g_assert_cmpstr (gk_item_get_text (after, GK_FIELD_NOTES), ==, "备注");
  g_clear_object (&after);
  after = load_item (fixture, id);
  g_assert_cmpstr (gk_item_get_text (after, GK_FIELD_CONTENT), ==, "低保对象姓名");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox"), ==, 0);
  g_clear_object (&after);

  /* A create refused, then edited: a create of every field again, which
   * the engine sends (an update of an item the server never had waits
   * for ever). */
  save (fixture, fresh);
  refuse (fixture);
  edit (fixture, fresh, GK_FIELD_NOTES, "改正后");
  ops = list_ops (fixture);
  g_assert_cmpuint (ops->len, ==, 1);
  g_assert_cmpstr (op_at (ops, 0)->kind, ==, "create");
  g_assert_cmpint (op_at (ops, 0)->base_rev, ==, GK_STORE_NO_REV);
  g_clear_pointer (&ops, g_ptr_array_unref);

  /* Refused again and dropped: the server never had it, it goes. */
  refuse (fixture);
  g_assert_true (gk_store_drop_rejected (fixture->store, gk_item_get_id (fresh), &after,
                                         &error));
  g_assert_no_error (error);
  g_assert_null (after);
  g_assert_null (load_item (fixture, gk_item_get_id (fresh)));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox"), ==, 0);
}

/* A failure between removing the op and setting the base (a crash) keeps
 * the op and the old base; a failed page keeps the old cursor. */
static void
test_answer_atomic (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GkItem) item = make_item ("最低生活保障");
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *op_id = NULL;
  GkStoreServerItem server = { gk_item_get_id (item), 5, NULL };
  GkStorePage page = { &server, 1, NULL, 0, "c9" };
  GkStoreAnswer reply = { GK_STORE_ANSWER_APPLIED, };

  open_store (fixture);
  enroll (fixture);
  pull_item (fixture, item, 1);
  edit (fixture, item, GK_FIELD_CONTENT, "我的");
  send_all (fixture);
  exec_sql (fixture, "CREATE TRIGGER fail_base BEFORE INSERT ON item_base "
                     "BEGIN SELECT RAISE (ABORT, 'simulated failure'); END;");

  json = server_json (item);
  reply.item = (GkStoreServerItem) { NULL, 2, json };
  touched = answer (fixture, &reply, &op_id, &error);
  g_assert_null (touched);
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO);
  g_clear_error (&error);
  ops = list_ops (fixture);
  g_assert_cmpuint (ops->len, ==, 1);
  assert_op (op_at (ops, 0), "update", "content", GK_STORE_OP_SENT);
  g_assert_cmpint (query_int (fixture, "SELECT rev FROM item_base"), ==, 1);

  server.json = json;
  g_assert_null (gk_store_apply_page (fixture->store, &page, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO);
  g_clear_error (&error);
  cursor = gk_store_dup_sync_value (fixture->store, GK_STORE_SYNC_CURSOR, &error);
  g_assert_cmpstr (cursor, ==, "c");

  exec_sql (fixture, "DROP TRIGGER fail_base");
  touched = answer (fixture, &reply, &op_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_unanswered (fixture), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT rev FROM item_base"), ==, 2);
}


/* A store of schema 3 that syncs is upgraded to 4 with everything it
 * holds: items, bases, the outbox and the sync state. */
static void
test_upgrade_3 (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GkItem) a = make_item ("最低生活保障");
  g_autoptr(GkItem) b = make_item ("特困人员救助供养");
  g_autofree char *cursor = NULL;
  g_autoptr(GError) error = NULL;

  open_store (fixture);
  enroll (fixture);
  pull_item (fixture, a, 3);
  save (fixture, b);
  edit (fixture, a, GK_FIELD_NOTES, "改过");
  close_store (fixture);
  /* As schema 3 left it: no resync_base. */
  exec_sql (fixture, "DROP TABLE resync_base; ALTER TABLE outbox DROP COLUMN resolves; "
                    "PRAGMA user_version = 3");

  open_store (fixture);
  g_assert_null (gk_store_get_set_aside_path (fixture->store));
  g_assert_cmpint (query_int (fixture, "PRAGMA user_version"), ==, 4);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM resync_base"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM items"), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT rev FROM item_base"), ==, 3);
  g_assert_cmpuint (count_unanswered (fixture), ==, 2);
  cursor = gk_store_dup_sync_value (fixture->store, GK_STORE_SYNC_CURSOR, &error);
  g_assert_cmpstr (cursor, ==, "c");
}

static void
begin_resync (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gboolean resyncing = FALSE;

  g_assert_true (gk_store_begin_resync (fixture->store, "restored", &error));
  g_assert_no_error (error);
  g_assert_true (gk_store_is_resyncing (fixture->store, &resyncing, &error));
  g_assert_true (resyncing);
}

static GkStoreOp *
find_op (GPtrArray  *ops,
         const char *item_id)
{
  for (guint i = 0; i < ops->len; i++)
    {
      GkStoreOp *op = g_ptr_array_index (ops, i);

      if (g_str_equal (op->item_id, item_id))
        return op;
    }
  return NULL;
}

/*
 * A resync after the server was restored: an item the server has at an
 * older rev gets the fields it lost queued on its rev, and keeps them
 * here; an item it has as acknowledged, nothing; a delete it lost is
 * queued again; an item it lacks becomes a create holding the pending
 * edit; a sent op goes again under a new op_id.
 */
static void
test_resync (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GkItem) a = make_item ("最低生活保障");
  g_autoptr(GkItem) b = make_item ("特困人员救助供养");
  g_autoptr(GkItem) c = make_item ("临时救助");
  g_autoptr(GkItem) d = make_item ("医疗救助");
  g_autoptr(GkItem) old_a = NULL;
  g_autoptr(GkItem) loaded = NULL;
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sent_id = NULL;
  g_autofree char *value = NULL;
  gboolean resyncing = TRUE;
  GkItem *items[4];
  const char *ids[4];
  gint64 revs[4];
  GkStoreOp *op;

  open_store (fixture);
  enroll (fixture);
  old_a = gk_test_copy_item (a);
  gk_item_set_text (a, GK_FIELD_CONTENT, "第五版的内容");
  pull_item (fixture, a, 5);
  pull_item (fixture, b, 3);
  pull_item (fixture, c, 2);
  {
    GkItem *none = NULL;
    const char *id = gk_item_get_id (d);
    gint64 rev = 4;

    g_clear_pointer (&touched, g_hash_table_unref);
    touched = pull (fixture, "c", &none, &id, &rev, 1);
  }
  edit (fixture, b, GK_FIELD_NOTES, "已发出");
  send_all (fixture);
  sent_id = query_text (fixture, "SELECT op_id FROM outbox WHERE state = 'sent'");
  edit (fixture, c, GK_FIELD_NOTES, "未发出");

  begin_resync (fixture);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM resync_base"), ==, 4);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM item_base"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'sent'"),
                   ==, 0);
  value = gk_store_dup_sync_value (fixture->store, GK_STORE_SYNC_SERVER_ID, &error);
  g_assert_cmpstr (value, ==, "restored");
  g_clear_pointer (&value, g_free);
  value = gk_store_dup_sync_value (fixture->store, GK_STORE_SYNC_CURSOR, &error);
  g_assert_null (value);

  /* The restored server: a at rev 3 with the old content, b as it was,
   * d not deleted at rev 2; it lacks c. */
  items[0] = old_a;
  items[1] = b;
  items[2] = d;
  ids[0] = gk_item_get_id (a);
  ids[1] = gk_item_get_id (b);
  ids[2] = gk_item_get_id (d);
  revs[0] = 3;
  revs[1] = 3;
  revs[2] = 2;
  {
    g_autoptr(GkItem) b_as_acknowledged = load_item (fixture, gk_item_get_id (b));

    gk_item_set_text (b_as_acknowledged, GK_FIELD_NOTES, "备注");
    items[1] = b_as_acknowledged;
    g_clear_pointer (&touched, g_hash_table_unref);
    touched = pull (fixture, "r1", items, ids, revs, 3);
  }
  loaded = load_item (fixture, gk_item_get_id (a));
  g_assert_cmpstr (gk_item_get_text (loaded, GK_FIELD_CONTENT), ==, "第五版的内容");
  g_assert_true (gk_store_finish_resync (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_true (gk_store_is_resyncing (fixture->store, &resyncing, &error));
  g_assert_false (resyncing);

  ops = list_ops (fixture);
  g_assert_cmpuint (ops->len, ==, 4);
  op = find_op (ops, gk_item_get_id (a));
  assert_op (op, "update", "content", GK_STORE_OP_PENDING);
  g_assert_cmpint (op->base_rev, ==, 3);
  op = find_op (ops, gk_item_get_id (b));
  assert_op (op, "update", "notes", GK_STORE_OP_PENDING);
  g_assert_cmpstr (op->op_id, !=, sent_id);
  g_assert_cmpint (op->base_rev, ==, 3);
  op = find_op (ops, gk_item_get_id (c));
  g_assert_cmpstr (op->kind, ==, "create");
  g_assert_cmpint (op->base_rev, ==, GK_STORE_NO_REV);
  g_assert_cmpstr (json_object_get_string_member (op_set (fixture, op), "notes"), ==,
                   "未发出");
  op = find_op (ops, gk_item_get_id (d));
  assert_op (op, "delete", "", GK_STORE_OP_PENDING);
  g_assert_cmpint (op->base_rev, ==, 2);
}

/* The open conflicts the server lists replace the store's; those it no
 * longer lists are resolved, unless the list was cut (`more`). */
static void
test_open_conflicts (Fixture       *fixture,
                     gconstpointer  data)
{
  const GkStoreConflict listed[] = {
    { "c-2", "item-1", "{\"id\":\"c-2\",\"created\":\"2026-12-06T02:00:00.000000Z\"}", "open" },
    { "c-1", "item-1", "{\"id\":\"c-1\",\"created\":\"2026-12-06T01:00:00.000000Z\"}", "open" },
  };
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tag = NULL;

  open_store (fixture);
  enroll (fixture);
  g_assert_true (gk_store_set_open_conflicts (fixture->store, listed, 2, TRUE, "t1", &error));
  tag = gk_store_dup_sync_value (fixture->store, GK_STORE_SYNC_CONFLICTS_TAG, &error);
  g_assert_cmpstr (tag, ==, "t1");
  g_clear_pointer (&tag, g_free);
  open = gk_store_list_open_conflicts (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 2);
  /* In the order they were met. */
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (open, 0), "id"), ==,
                   "c-1");
  g_clear_pointer (&open, g_ptr_array_unref);

  g_assert_true (gk_store_set_open_conflicts (fixture->store, listed, 1, TRUE, "t2", &error));
  /* A list cut short (`more`) keeps no tag: it is asked for again. */
  g_assert_true (gk_store_set_open_conflicts (fixture->store, NULL, 0, FALSE, "t3", &error));
  g_assert_no_error (error);
  tag = gk_store_dup_sync_value (fixture->store, GK_STORE_SYNC_CONFLICTS_TAG, &error);
  g_assert_no_error (error);
  g_assert_null (tag);
  open = gk_store_list_open_conflicts (fixture->store, &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (open, 0), "id"), ==,
                   "c-2");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM conflicts "
                                       "WHERE id = 'c-1' AND state = 'resolved'"), ==, 1);
}

/* Settling a conflict is a local edit whose op names it and sends the
 * conflict's fields, even those the user left as they were. */
static void
test_resolve (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GkItem) item = make_item ("最低生活保障");
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = gk_item_get_id (item);
  GkFieldMask fields = GK_FIELD_MASK (GK_FIELD_CONTENT) | GK_FIELD_MASK (GK_FIELD_NOTES);
  GkStoreOp *op;

  open_store (fixture);
  enroll (fixture);
  pull_item (fixture, item, 2);
  gk_item_set_text (item, GK_FIELD_CONTENT, "选定的内容");
  g_assert_true (gk_store_resolve (fixture->store, "c-1", id, item, fields, &error));
  g_assert_no_error (error);
  ops = list_ops (fixture);
  g_assert_cmpuint (ops->len, ==, 1);
  op = op_at (ops, 0);
  assert_op (op, "update", "content,notes", GK_STORE_OP_PENDING);
  g_assert_cmpstr (op->resolves, ==, "c-1");
  g_assert_cmpint (op->base_rev, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (op_set (fixture, op), "notes"), ==,
                   "备注");
  g_assert_true (gk_store_can_undo (fixture->store));

  /* One op settles one conflict. */
  g_assert_false (gk_store_resolve (fixture->store, "c-2", id, item, fields, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = list_ops (fixture);
  g_assert_cmpstr (op_at (ops, 0)->resolves, ==, "c-1");

  /* Settled by deleting the item. */
  g_assert_true (gk_store_resolve (fixture->store, "c-1", id, NULL, fields, &error));
  g_assert_no_error (error);
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = list_ops (fixture);
  g_assert_cmpuint (ops->len, ==, 1);
  assert_op (op_at (ops, 0), "delete", "", GK_STORE_OP_PENDING);
  g_assert_cmpstr (op_at (ops, 0)->resolves, ==, "c-1");
}

/* The item as the newest local change left it, from the history: none
 * for an item only pulled; after an edit, the edit; after a local delete,
 * the item before it. */
static void
test_last_version (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GkItem) item = make_item ("恢复用的事项");
  g_autoptr(GkItem) last = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = gk_item_get_id (item);

  open_store (fixture);
  enroll (fixture);
  pull_item (fixture, item, 1);
  last = gk_store_load_last_version (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_null (last);

  edit (fixture, item, GK_FIELD_CONTENT, "本机改过");
  last = gk_store_load_last_version (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gk_item_get_text (last, GK_FIELD_CONTENT), ==, "本机改过");
  g_assert_cmpstr (gk_item_get_text (last, GK_FIELD_LEVEL1), ==, "恢复用的事项");
  g_clear_object (&last);

  delete (fixture, id);
  last = gk_store_load_last_version (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (last);
  g_assert_cmpstr (gk_item_get_text (last, GK_FIELD_CONTENT), ==, "本机改过");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  cli_path = gk_test_get_program (argc, argv, "gongkai-cli");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store-sync/upgrade-2", test_upgrade_2);
  ADD ("/store-sync/alone", test_alone);
  ADD ("/store-sync/enroll", test_enroll);
  ADD ("/store-sync/edit", test_edit);
  ADD ("/store-sync/create-delete", test_create_delete);
  ADD ("/store-sync/undo-redo", test_undo_redo);
  ADD ("/store-sync/load", test_load);
  ADD ("/store-sync/pull", test_pull);
  ADD ("/store-sync/answer", test_answer);
  ADD ("/store-sync/follow-push", test_follow_push);
  ADD ("/store-sync/follow-pushes", test_follow_pushes);
  ADD ("/store-sync/answer-atomic", test_answer_atomic);
  ADD ("/store-sync/rejected", test_rejected);
  ADD ("/store-sync/upgrade-3", test_upgrade_3);
  ADD ("/store-sync/resync", test_resync);
  ADD ("/store-sync/open-conflicts", test_open_conflicts);
  ADD ("/store-sync/resolve", test_resolve);
  ADD ("/store-sync/last-version", test_last_version);

#undef ADD

  return g_test_run ();
}
