/* test-store.c: the local SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "gongkai-core.h"
#include "gk-test-util.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *tmp = gk_test_make_tmp_dir ("store");

  /* A folder that does not exist yet: the store must create it. */
  fixture->dir = g_build_filename (tmp, "data", "gongkai", NULL);
  g_free (g_steal_pointer (&tmp));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *data_dir = g_path_get_dirname (fixture->dir);
  g_autofree char *tmp = g_path_get_dirname (data_dir);

  gk_test_remove_tree (tmp);
  g_free (fixture->dir);
}

static GkStore *
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GkStore *store = gk_store_new (fixture->dir);

  g_assert_true (gk_store_open (store, &error));
  g_assert_no_error (error);
  return store;
}

static void
close_store (GkStore *store)
{
  g_assert_finalize_object (store);
}

static GkItem *
make_full_item (const char *domain,
                const char *tag)
{
  GkItem *item = gk_item_new (domain);
  const char *levels[] = { "县级", "乡级", NULL };

  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      g_autofree char *text = NULL;

      if (!gk_field_is_text ((GkField) i))
        continue;
      text = g_strdup_printf ("%s 的%s（%s）", gk_field_get_key ((GkField) i), "内容", tag);
      gk_item_set_text (item, (GkField) i, text);
    }
  gk_item_set_channels (item, (1u << GK_CHANNEL_WEBSITE) | (1u << GK_CHANNEL_OTHER)
                              | (1u << GK_CHANNEL_NOTICE_BOARD));
  gk_item_set_audience (item, GK_AUDIENCE_PUBLIC | GK_AUDIENCE_SPECIFIC);
  gk_item_set_method (item, GK_METHOD_PROACTIVE | GK_METHOD_ON_REQUEST);
  gk_item_set_levels (item, levels);
  gk_item_set_position (item, 7);

  return item;
}

static GkItem *
load_item (GkStore    *store,
           const char *id)
{
  g_autoptr(GError) error = NULL;
  GkItem *item = gk_store_load_item (store, id, &error);

  g_assert_no_error (error);
  return item;
}

static void
save_item (GkStore *store,
           GkItem  *item)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_save_item (store, item, &error));
  g_assert_no_error (error);
}

static void
test_store_create (Fixture       *fixture,
                   gconstpointer  data)
{
  GkStore *store = gk_store_new (fixture->dir);
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  /* Nothing happens before open. */
  g_assert_null (gk_store_load_catalog (store, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_OPEN);
  g_clear_error (&error);
  g_assert_false (g_file_test (fixture->dir, G_FILE_TEST_EXISTS));

  g_assert_true (gk_store_open (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (fixture->dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_true (g_file_test (gk_store_get_path (store), G_FILE_TEST_IS_REGULAR));
  g_assert_null (gk_store_get_set_aside_path (store));
  g_assert_false (gk_store_can_undo (store));
  g_assert_false (gk_store_can_redo (store));
  g_assert_cmpuint (gk_store_get_n_history (store), ==, 0);

  catalog = gk_store_load_catalog (store, &error);
  g_assert_no_error (error);
  /* GkCatalog gives "" for an unset unit name. */
  g_assert_cmpstr (gk_catalog_get_unit_name (catalog), ==, "");
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, 0);
  close_store (store);
}

static void
test_store_schema (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const tables[] = {
    "meta", "items", "history", "item_base", "outbox", "sync_state", "conflicts",
  };
  GkStore *store = open_store (fixture);
  g_autofree char *path = g_strdup (gk_store_get_path (store));
  g_autofree char *mode = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 1;

  close_store (store);

  g_assert_cmpint (gk_test_query_int (path, "PRAGMA user_version"), ==, GK_STORE_SCHEMA_VERSION);
  mode = gk_test_query_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema "
                                              "WHERE type = 'table' AND name = '%s'",
                                              tables[i]);

      g_assert_cmpint (gk_test_query_int (path, sql), ==, 1);
    }
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(*) FROM sqlite_schema "
                                            "WHERE type = 'index'"), >=, 3);

  /* An empty file is an empty database: migrated from version 0, not set
   * aside; read-only, it holds no catalog yet. */
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  store = gk_store_new (fixture->dir);
  g_assert_false (gk_store_open_read_only (store, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO);
  close_store (store);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, 0);
  store = open_store (fixture);
  g_assert_null (gk_store_get_set_aside_path (store));
  close_store (store);
  g_assert_cmpint (gk_test_query_int (path, "PRAGMA user_version"), ==, GK_STORE_SCHEMA_VERSION);

  /* Reopening a current file migrates nothing and keeps it. */
  store = open_store (fixture);
  g_assert_null (gk_store_get_set_aside_path (store));
  close_store (store);
  g_assert_cmpint (gk_test_query_int (path, "PRAGMA user_version"), ==, GK_STORE_SCHEMA_VERSION);
}

/* A version 1 file (history CHECK written with IN) is brought to the
 * current schema with its history, row ids and AUTOINCREMENT counter kept
 * and the same constraint. (test-store-sync.c upgrades a version 2 file.) */
static void
test_store_upgrade_1 (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char downgrade[] =
    "BEGIN;"
    "ALTER TABLE items DROP COLUMN dept;"
    "DROP TABLE item_base; DROP TABLE outbox; DROP TABLE sync_state; DROP TABLE conflicts;"
    "DROP TABLE resync_base;"
    "CREATE TABLE old (id INTEGER PRIMARY KEY AUTOINCREMENT, step INTEGER NOT NULL,"
    "  item_id TEXT NOT NULL, before_json TEXT, after_json TEXT, at INTEGER NOT NULL,"
    "  author TEXT, state TEXT NOT NULL DEFAULT 'done'"
    "  CHECK (state IN ('done', 'undone', 'dropped')));"
    "INSERT INTO old SELECT * FROM history;"
    "UPDATE sqlite_sequence SET seq = 41 WHERE name = 'old';"
    "DROP TABLE history;"
    "ALTER TABLE old RENAME TO history;"
    "CREATE INDEX history_step ON history (step);"
    "CREATE INDEX history_state_step ON history (state, step);"
    "CREATE INDEX history_item ON history (item_id);"
    "PRAGMA user_version = 1;"
    "COMMIT;";
  GkStore *store = open_store (fixture);
  g_autofree char *path = g_strdup (gk_store_get_path (store));
  g_autoptr(GkItem) item = gk_item_new ("01");
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;

  gk_item_set_text (item, GK_FIELD_LEVEL1, "政策文件");
  g_assert_true (gk_store_save_item (store, item, &error));
  g_assert_no_error (error);
  gk_item_set_text (item, GK_FIELD_LEVEL2, "规范性文件");
  g_assert_true (gk_store_save_item (store, item, &error));
  close_store (store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, downgrade, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (gk_test_query_int (path, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(*) FROM history"), ==, 2);

  store = open_store (fixture);
  g_assert_null (gk_store_get_set_aside_path (store));
  close_store (store);

  g_assert_cmpint (gk_test_query_int (path, "PRAGMA user_version"), ==, GK_STORE_SCHEMA_VERSION);
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(*) FROM history"), ==, 2);
  g_assert_cmpint (gk_test_query_int (path, "SELECT max(id) FROM history"), ==, 2);
  g_assert_cmpint (gk_test_query_int (path, "SELECT seq FROM sqlite_sequence "
                                            "WHERE name = 'history'"), ==, 41);
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(*) FROM sqlite_schema "
                                            "WHERE name = 'history' AND sql LIKE '%IN (%'"),
                   ==, 0);
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(*) FROM sqlite_schema "
                                            "WHERE type = 'index' AND tbl_name = 'history'"),
                   ==, 3);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sql = g_strdup ("UPDATE history SET state = 'lost' WHERE id = 1");
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  sqlite3_close (db);
}

static void
test_store_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  GkStore *store = open_store (fixture);
  g_autoptr(GkItem) item = make_full_item ("05", "一");
  g_autoptr(GkItem) other = make_full_item ("01", "二");
  g_autoptr(GkItem) loaded = NULL;
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkCatalog) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  const char *levels[] = { "县级", "乡、村级", NULL };
  gint64 before = g_get_real_time ();

  gk_catalog_set_unit_name (catalog, "某某县人民政府");
  gk_catalog_set_unit_kind (catalog, GK_UNIT_TOWNSHIP);
  gk_catalog_set_levels (catalog, levels);
  gk_catalog_set_label (catalog, "2026 年版");
  g_assert_true (gk_store_save_catalog_info (store, catalog, &error));
  g_assert_no_error (error);

  gk_item_set_times (item, 0, 0);
  save_item (store, item);
  save_item (store, other);
  g_assert_cmpint (gk_item_get_created (item), >=, before);
  g_assert_cmpint (gk_item_get_modified (item), ==, gk_item_get_created (item));
  close_store (store);

  store = open_store (fixture);
  loaded = load_item (store, gk_item_get_id (item));
  g_assert_nonnull (loaded);
  g_assert_true (gk_item_equal (loaded, item));
  g_assert_cmpuint (gk_item_get_channels (loaded), ==, gk_item_get_channels (item));
  g_assert_true (gk_item_has_level (loaded, "乡级"));
  g_assert_null (load_item (store, "00000000-0000-4000-8000-000000000000"));

  reloaded = gk_store_load_catalog (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gk_catalog_get_unit_name (reloaded), ==, "某某县人民政府");
  g_assert_cmpint (gk_catalog_get_unit_kind (reloaded), ==, GK_UNIT_TOWNSHIP);
  g_assert_cmpstrv (gk_catalog_get_levels (reloaded), levels);
  g_assert_cmpstr (gk_catalog_get_label (reloaded), ==, "2026 年版");
  g_assert_cmpuint (gk_catalog_get_n_items (reloaded), ==, 2);
  /* Domain order: 01 before 05. */
  g_assert_true (gk_item_equal (gk_catalog_get_item (reloaded, 0), other));
  g_assert_true (gk_item_equal (gk_catalog_get_item (reloaded, 1), item));

  close_store (store);
}

static void
test_store_history (Fixture       *fixture,
                    gconstpointer  data)
{
  GkStore *store = open_store (fixture);
  g_autoptr(GkItem) item = make_full_item ("03", "v1");
  g_autofree char *path = g_strdup (gk_store_get_path (store));
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  gint64 created;

  gk_store_set_author (store, "张三");
  save_item (store, item);
  created = gk_item_get_created (item);
  g_assert_cmpuint (gk_store_get_n_history (store), ==, 1);

  /* Saving it unchanged is no change. */
  save_item (store, item);
  g_assert_cmpuint (gk_store_get_n_history (store), ==, 1);

  g_usleep (2000);
  gk_item_set_text (item, GK_FIELD_CONTENT, "新的公开内容");
  save_item (store, item);
  g_assert_cmpuint (gk_store_get_n_history (store), ==, 2);
  g_assert_cmpint (gk_item_get_created (item), ==, created);
  g_assert_cmpint (gk_item_get_modified (item), >, created);
  close_store (store);

  g_assert_cmpint (gk_test_query_int (path, "SELECT count(*) FROM history"), ==, 2);
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(DISTINCT step) FROM history"), ==, 2);
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(*) FROM history "
                                            "WHERE before_json IS NULL"), ==, 1);
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(*) FROM history "
                                            "WHERE author = '张三' AND state = 'done'"), ==, 2);
  sql = g_strdup_printf ("SELECT after_json FROM history WHERE item_id = '%s' "
                         "ORDER BY id DESC", gk_item_get_id (item));
  after = gk_test_query_text (path, sql);
  g_assert_nonnull (strstr (after, "新的公开内容"));
}

static GkItem *
step_item (GHashTable *touched,
           const char *id)
{
  gpointer value = NULL;

  g_assert_nonnull (touched);
  g_assert_true (g_hash_table_lookup_extended (touched, id, NULL, &value));
  return value;
}

static void
test_store_undo_redo (Fixture       *fixture,
                      gconstpointer  data)
{
  GkStore *store = open_store (fixture);
  g_autoptr(GkItem) item = make_full_item ("02", "v1");
  g_autoptr(GkItem) v1 = NULL;
  g_autoptr(GkItem) v2 = NULL;
  g_autoptr(GkItem) loaded = NULL;
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = gk_item_get_id (item);

  save_item (store, item);
  v1 = gk_test_copy_item (item);
  gk_item_set_text (item, GK_FIELD_BASIS, "《政府信息公开条例》");
  save_item (store, item);
  v2 = gk_test_copy_item (item);
  g_assert_true (gk_store_can_undo (store));
  g_assert_false (gk_store_can_redo (store));

  touched = gk_store_undo (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (touched), ==, 1);
  g_assert_true (gk_item_equal (step_item (touched, id), item) == FALSE);
  g_assert_cmpstr (gk_item_get_text (step_item (touched, id), GK_FIELD_BASIS), ==,
                   gk_item_get_text (v1, GK_FIELD_BASIS));
  loaded = load_item (store, id);
  g_assert_true (gk_item_content_equal (loaded, v1));
  g_clear_object (&loaded);
  g_clear_pointer (&touched, g_hash_table_unref);
  g_assert_true (gk_store_can_redo (store));

  /* Undoing the creation deletes the item. */
  touched = gk_store_undo (store, &error);
  g_assert_no_error (error);
  g_assert_null (step_item (touched, id));
  g_assert_null (load_item (store, id));
  g_clear_pointer (&touched, g_hash_table_unref);
  g_assert_false (gk_store_can_undo (store));

  /* Nothing left: NULL without an error. */
  g_assert_null (gk_store_undo (store, &error));
  g_assert_no_error (error);

  /* Redo survives a restart. */
  close_store (store);
  store = open_store (fixture);
  g_assert_false (gk_store_can_undo (store));
  g_assert_true (gk_store_can_redo (store));

  touched = gk_store_redo (store, &error);
  g_assert_no_error (error);
  g_assert_true (gk_item_content_equal (step_item (touched, id), v1));
  g_clear_pointer (&touched, g_hash_table_unref);
  touched = gk_store_redo (store, &error);
  g_assert_no_error (error);
  loaded = load_item (store, id);
  g_assert_true (gk_item_equal (loaded, v2));
  g_clear_object (&loaded);
  g_clear_pointer (&touched, g_hash_table_unref);
  g_assert_false (gk_store_can_redo (store));
  g_assert_null (gk_store_redo (store, &error));
  g_assert_no_error (error);

  /* And undo too. */
  close_store (store);
  store = open_store (fixture);
  g_assert_true (gk_store_can_undo (store));
  touched = gk_store_undo (store, &error);
  g_assert_no_error (error);
  loaded = load_item (store, id);
  g_assert_true (gk_item_equal (loaded, v1));
  g_assert_cmpuint (gk_store_get_n_history (store), ==, 2);

  close_store (store);
}

static void
test_store_redo_dropped (Fixture       *fixture,
                         gconstpointer  data)
{
  GkStore *store = open_store (fixture);
  g_autoptr(GkItem) item = make_full_item ("04", "v1");
  g_autoptr(GkItem) other = make_full_item ("04", "其他");
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (gk_store_get_path (store));

  save_item (store, item);
  gk_item_set_text (item, GK_FIELD_SUBJECT, "县民政局");
  save_item (store, item);
  touched = gk_store_undo (store, &error);
  g_assert_no_error (error);
  g_assert_true (gk_store_can_redo (store));

  save_item (store, other);
  g_assert_false (gk_store_can_redo (store));
  g_assert_null (gk_store_redo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gk_store_get_n_history (store), ==, 3);
  close_store (store);

  /* The dropped change is still there for the audit. */
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(*) FROM history "
                                            "WHERE state = 'dropped'"), ==, 1);
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(*) FROM history "
                                            "WHERE state = 'dropped' "
                                            "AND after_json LIKE '%县民政局%'"),
                   ==, 1);
}

static void
test_store_delete (Fixture       *fixture,
                   gconstpointer  data)
{
  GkStore *store = open_store (fixture);
  g_autoptr(GkItem) item = make_full_item ("07", "删除");
  g_autoptr(GkItem) loaded = NULL;
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (gk_store_get_path (store));
  const char *id = gk_item_get_id (item);

  save_item (store, item);
  g_assert_true (gk_store_delete_item (store, id, &error));
  g_assert_no_error (error);
  g_assert_null (load_item (store, id));
  g_assert_cmpuint (gk_store_get_n_history (store), ==, 2);

  /* Deleting what is not there is no change. */
  g_assert_true (gk_store_delete_item (store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gk_store_get_n_history (store), ==, 2);

  touched = gk_store_undo (store, &error);
  g_assert_no_error (error);
  g_assert_true (gk_item_equal (step_item (touched, id), item));
  loaded = load_item (store, id);
  g_assert_true (gk_item_equal (loaded, item));
  close_store (store);

  g_assert_cmpint (gk_test_query_int (path, "SELECT count(*) FROM history "
                                            "WHERE after_json IS NULL AND state = 'undone'"),
                   ==, 1);
}

static void
test_store_save_items (Fixture       *fixture,
                       gconstpointer  data)
{
  GkStore *store = open_store (fixture);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (gk_store_get_path (store));

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *tag = g_strdup_printf ("%u", i);

      g_ptr_array_add (items, make_full_item ("08", tag));
    }
  g_assert_true (gk_store_save_items (store, items, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gk_store_get_n_history (store), ==, 3);
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(DISTINCT step) FROM history"), ==, 1);

  touched = gk_store_undo (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (touched), ==, 3);
  for (guint i = 0; i < items->len; i++)
    g_assert_null (load_item (store, gk_item_get_id (g_ptr_array_index (items, i))));
  g_assert_false (gk_store_can_undo (store));

  close_store (store);
}

static void
test_store_replace (Fixture       *fixture,
                    gconstpointer  data)
{
  GkStore *store = open_store (fixture);
  g_autoptr(GkItem) kept = make_full_item ("09", "留");
  g_autoptr(GkItem) gone = make_full_item ("09", "去");
  g_autoptr(GkItem) added = make_full_item ("10", "新");
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkCatalog) reloaded = NULL;
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GError) error = NULL;

  save_item (store, kept);
  save_item (store, gone);

  gk_catalog_set_unit_name (catalog, "某某乡人民政府");
  gk_catalog_add_item (catalog, kept);
  gk_catalog_add_item (catalog, added);
  g_assert_true (gk_store_replace_catalog (store, catalog, &error));
  g_assert_no_error (error);

  reloaded = gk_store_load_catalog (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gk_catalog_get_unit_name (reloaded), ==, "某某乡人民政府");
  g_assert_cmpuint (gk_catalog_get_n_items (reloaded), ==, 2);
  g_assert_nonnull (gk_catalog_lookup_item (reloaded, gk_item_get_id (added)));
  g_assert_null (load_item (store, gk_item_get_id (gone)));

  /* One step: one undo brings the deleted item back and drops the new one. */
  touched = gk_store_undo (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (touched), ==, 2);
  g_assert_null (load_item (store, gk_item_get_id (added)));
  g_clear_object (&gone);
  gone = load_item (store, gk_item_get_id (kept));
  g_assert_nonnull (gone);

  close_store (store);
}

static GBytes *
write_garbage (const char *path)
{
  g_autoptr(GError) error = NULL;
  GByteArray *bytes = g_byte_array_new ();

  for (guint i = 0; i < 8192; i++)
    {
      guint8 byte = (guint8) g_test_rand_int_range (0, 256);

      g_byte_array_append (bytes, &byte, 1);
    }
  g_assert_true (g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error));
  g_assert_no_error (error);

  return g_byte_array_free_to_bytes (bytes);
}

static void
assert_file_bytes (const char *path,
                   GBytes     *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL),
                   g_bytes_get_size (expected));
}

static void
assert_store_works (GkStore *store)
{
  g_autoptr(GkItem) item = make_full_item ("11", "新库");
  g_autoptr(GkItem) loaded = NULL;

  save_item (store, item);
  loaded = load_item (store, gk_item_get_id (item));
  g_assert_true (gk_item_equal (loaded, item));
}

static void
test_store_damaged (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GBytes) garbage = NULL;
  g_autoptr(GBytes) wal = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "gongkai.db", NULL);
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm_path = g_strconcat (path, "-shm", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *aside_wal = NULL;
  g_autofree char *aside_shm = NULL;
  g_autofree char *base = NULL;
  GkStore *store;

  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  garbage = write_garbage (path);
  wal = write_garbage (wal_path);
  g_bytes_unref (write_garbage (shm_path));

  store = open_store (fixture);
  g_assert_nonnull (gk_store_get_set_aside_path (store));
  g_assert_nonnull (gk_store_get_set_aside_reason (store));
  aside = g_strdup (gk_store_get_set_aside_path (store));
  base = g_path_get_basename (aside);
  g_assert_true (g_str_has_prefix (base, "gongkai-damaged-"));
  g_assert_true (g_str_has_suffix (base, ".db"));

  /* Kept byte for byte, with its -wal; and its -shm, which only indexes
   * the -wal and which SQLite rewrites when it reads it. */
  assert_file_bytes (aside, garbage);
  aside_wal = g_strconcat (aside, "-wal", NULL);
  assert_file_bytes (aside_wal, wal);
  aside_shm = g_strconcat (aside, "-shm", NULL);
  g_assert_true (g_file_test (aside_shm, G_FILE_TEST_IS_REGULAR));

  assert_store_works (store);
  close_store (store);

  /* The new file is fine, the old one is still there. */
  store = open_store (fixture);
  g_assert_null (gk_store_get_set_aside_path (store));
  close_store (store);
  assert_file_bytes (aside, garbage);
}

static void
test_store_damaged_twice (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "gongkai.db", NULL);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autofree char *aside = NULL;
  GkStore *store;

  /* Two damaged files in the same second must not overwrite each other. */
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  first = write_garbage (path);
  store = open_store (fixture);
  aside = g_strdup (gk_store_get_set_aside_path (store));
  close_store (store);
  g_remove (path);
  second = write_garbage (path);
  store = open_store (fixture);
  g_assert_cmpstr (gk_store_get_set_aside_path (store), !=, aside);
  assert_file_bytes (aside, first);
  assert_file_bytes (gk_store_get_set_aside_path (store), second);
  close_store (store);
}

/* A row in a domain this version does not know (a newer version's, or an
 * edit by hand) cannot be shown or written out as it is: reading it fails
 * and names it, and replacing the catalog does not delete it unrecorded. */
static void
test_store_unknown_domain (Fixture       *fixture,
                           gconstpointer  data)
{
  GkStore *store = open_store (fixture);
  g_autoptr(GkItem) item = make_full_item ("18", "未知");
  g_autoptr(GkItem) other = make_full_item ("01", "已知");
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (gk_store_get_path (store));
  g_autofree char *sql = NULL;
  const char *id = gk_item_get_id (item);

  save_item (store, item);
  save_item (store, other);
  close_store (store);
  sql = g_strdup_printf ("UPDATE items SET domain = '99' WHERE id = '%s'", id);
  gk_test_exec_sql (path, sql);

  store = open_store (fixture);
  g_assert_null (gk_store_load_catalog (store, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_UNKNOWN_DOMAIN);
  g_assert_nonnull (strstr (error->message, id));
  g_assert_nonnull (strstr (error->message, "“99”"));
  g_clear_error (&error);
  g_assert_null (gk_store_load_item (store, id, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_UNKNOWN_DOMAIN);
  g_clear_error (&error);

  gk_catalog_set_unit_name (catalog, "某某县人民政府");
  gk_catalog_add_item (catalog, other);
  g_assert_false (gk_store_replace_catalog (store, catalog, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_UNKNOWN_DOMAIN);
  close_store (store);
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(*) FROM items WHERE domain = '99'"),
                   ==, 1);
}

static gint64
store_size (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;
  gint64 size;

  g_assert_no_errno (g_stat (path, &st));
  size = st.st_size;
  if (g_stat (wal, &st) == 0)
    size += st.st_size;
  return size;
}

/* Reloading a 3,000-item catalog 40 times, every item changed each time,
 * made a 99 MB file. The history now keeps the newest steps up to its
 * bound, which four such loads pass: from then on the file stops growing,
 * and the last load can still be undone. */
static void
test_store_history_bounded (Fixture       *fixture,
                            gconstpointer  data)
{
  GkStore *store = open_store (fixture);
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (gk_store_get_path (store));
  const guint n_items = 3000, n_loads = 8, n_bounded = 5;
  gint64 bounded_size = 0;

  gk_catalog_set_unit_name (catalog, "某某县人民政府");
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GkItem) item = gk_item_new (gk_domain_get_nth (i % GK_N_DOMAINS)->code);

      gk_item_set_text (item, GK_FIELD_LEVEL1, "政策文件");
      gk_catalog_add_item (catalog, item);
    }
  g_assert_cmpuint (GK_STORE_HISTORY_ROWS, <, (n_bounded - 1) * n_items);

  for (guint load = 0; load < n_loads; load++)
    {
      g_autofree char *content = g_strdup_printf ("第 %u 次载入的公开内容", load);

      for (guint i = 0; i < n_items; i++)
        gk_item_set_text (gk_catalog_get_item (catalog, i), GK_FIELD_CONTENT, content);
      g_assert_true (gk_store_replace_catalog (store, catalog, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (gk_store_get_n_history (store), <=, GK_STORE_HISTORY_ROWS);
      if (load + 1 == n_bounded)
        bounded_size = store_size (path);
    }
  g_test_message ("%" G_GINT64_FORMAT " bytes after %u loads, %" G_GINT64_FORMAT " after %u",
                  bounded_size, n_bounded, store_size (path), n_loads);
  g_assert_cmpint (store_size (path), <=, bounded_size + bounded_size / 20);

  touched = gk_store_undo (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (touched), ==, n_items);
  close_store (store);
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(*) FROM history"), <=,
                   GK_STORE_HISTORY_ROWS);
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(DISTINCT step) FROM history"), ==,
                   GK_STORE_HISTORY_ROWS / n_items);
}

/* A file of a newer version is not ours to change or to move: opening it is
 * refused, and it stays as it is until the user decides. */
static void
test_store_newer (Fixture       *fixture,
                  gconstpointer  data)
{
  GkStore *store = open_store (fixture);
  g_autoptr(GkItem) item = make_full_item ("12", "旧");
  g_autofree char *path = g_strdup (gk_store_get_path (store));
  g_autoptr(GBytes) bytes = NULL;

  save_item (store, item);
  close_store (store);

  gk_test_exec_sql (path, "PRAGMA user_version = 99");
  bytes = gk_test_read_bytes (path);

  for (guint read_only = 0; read_only < 2; read_only++)
    {
      g_autoptr(GError) error = NULL;

      store = gk_store_new (fixture->dir);
      if (read_only)
        g_assert_false (gk_store_open_read_only (store, &error));
      else
        g_assert_false (gk_store_open (store, &error));
      g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NEWER);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_null (gk_store_get_set_aside_path (store));
      close_store (store);
    }

  gk_test_assert_only_store (fixture->dir);
  assert_file_bytes (path, bytes);
}

/* See gk_test_set_modes(). */
static void
set_store_modes (Fixture *fixture,
                 guint    dir_mode,
                 guint    file_mode)
{
  g_autofree char *data_dir = g_path_get_dirname (fixture->dir);
  g_autofree char *tmp = g_path_get_dirname (data_dir);

  gk_test_set_modes (tmp, fixture->dir, dir_mode, file_mode);
}

/* A store with one item and the label "wal" that only its -wal holds: the
 * state a crash or a running editor leaves. */
static GkItem *
make_store_with_wal (Fixture *fixture)
{
  GkStore *store = open_store (fixture);
  GkItem *item = make_full_item ("15", "只读");
  g_autofree char *path = g_strdup (gk_store_get_path (store));
  sqlite3 *db = NULL;

  save_item (store, item);
  close_store (store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE meta SET unit_name = '某某县', label = 'wal'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  return item;
}

typedef struct
{
  guint    dir_mode;
  guint    file_mode;
  gboolean wal;        /* the last change is in the -wal */
} ReadOnlyCase;

static void
assert_read_only_store (GkStore *store,
                        GkItem  *item)
{
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GkItem) other = make_full_item ("16", "写");
  g_autoptr(GError) error = NULL;

  catalog = gk_store_load_catalog (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gk_catalog_lookup_item (catalog, gk_item_get_id (item)));
  g_assert_cmpstr (gk_catalog_get_label (catalog), ==, "wal");

  /* Writes are refused, with a message, not attempted. */
  g_assert_false (gk_store_save_item (store, other, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, gk_store_get_data_dir (store)));
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_error (&error);
  g_assert_false (gk_store_can_undo (store));
  g_assert_null (gk_store_undo (store, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_READ_ONLY);
}

/* The folder or the file may be read, not written: the catalog can be read
 * (also what only the -wal holds), nothing is written or created, and once
 * the modes are back the store works as before. */
static void
test_store_read_only (Fixture       *fixture,
                      gconstpointer  data)
{
  const ReadOnlyCase *test = data;
  g_autoptr(GkItem) item = make_store_with_wal (fixture);
  g_autofree char *path = g_build_filename (fixture->dir, "gongkai.db", NULL);
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) wal = NULL;
  g_autoptr(GError) error = NULL;
  GkStore *store;
  guint n_files;

  if (!test->wal)
    close_store (open_store (fixture));
  n_files = gk_test_count_entries (fixture->dir);
  g_assert_cmpuint (n_files, ==, test->wal ? 3 : 1);
  bytes = gk_test_read_bytes (path);
  if (test->wal)
    wal = gk_test_read_bytes (wal_path);

  set_store_modes (fixture, test->dir_mode, test->file_mode);
  gk_test_lose_privileges ();
  g_assert_cmpint (g_access (test->file_mode & 0200 ? fixture->dir : path, W_OK), ==, -1);

  store = gk_store_new (fixture->dir);
  g_assert_true (gk_store_open (store, &error));
  g_assert_no_error (error);
  g_assert_nonnull (gk_store_get_read_only_reason (store));
  assert_read_only_store (store, item);
  close_store (store);

  store = gk_store_new (fixture->dir);
  g_assert_true (gk_store_open_read_only (store, &error));
  g_assert_no_error (error);
  assert_read_only_store (store, item);
  close_store (store);

  g_assert_cmpuint (gk_test_count_entries (fixture->dir), ==, n_files);
  assert_file_bytes (path, bytes);
  if (test->wal)
    assert_file_bytes (wal_path, wal);

  /* Nothing left behind stops the owner from writing once it may. */
  gk_test_regain_privileges ();
  set_store_modes (fixture, 0700, 0600);
  gk_test_lose_privileges ();
  store = open_store (fixture);
  g_assert_null (gk_store_get_read_only_reason (store));
  assert_store_works (store);
  close_store (store);
  gk_test_regain_privileges ();
}

/* A file that may not be read is a permission problem, not damage: the
 * store says so and leaves it where and as it is. */
static void
test_store_unreadable (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GkItem) item = make_full_item ("17", "不可读");
  GkStore *store = open_store (fixture);
  g_autofree char *path = g_strdup (gk_store_get_path (store));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  save_item (store, item);
  close_store (store);
  bytes = gk_test_read_bytes (path);

  set_store_modes (fixture, 0700, 0);
  gk_test_lose_privileges ();
  g_assert_cmpint (g_access (path, R_OK), ==, -1);

  store = gk_store_new (fixture->dir);
  g_assert_false (gk_store_open (store, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "permission"));
  g_assert_null (gk_store_get_set_aside_path (store));
  g_clear_error (&error);
  g_assert_false (gk_store_open_read_only (store, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_PERMISSION);
  close_store (store);
  gk_test_regain_privileges ();

  g_assert_cmpuint (gk_test_count_entries (fixture->dir), ==, 1);
  assert_file_bytes (path, bytes);
}

typedef struct
{
  GMainLoop *loop;
  GArray    *order;
  guint      pending;
  GkCatalog *catalog;
  GHashTable *touched;
} AsyncState;

typedef struct
{
  AsyncState *state;
  guint       index;
} AsyncCall;

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->catalog = gk_store_open_finish (GK_STORE (object), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (state->catalog);
  g_main_loop_quit (state->loop);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autofree AsyncCall *call = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_save_items_finish (GK_STORE (object), result, &error));
  g_assert_no_error (error);
  g_array_append_val (call->state->order, call->index);
  if (--call->state->pending == 0)
    g_main_loop_quit (call->state->loop);
}

static void
step_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->touched = gk_store_step_finish (GK_STORE (object), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (state->loop);
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_false (gk_store_delete_item_finish (GK_STORE (object), result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_main_loop_quit (state->loop);
}

static void
test_store_async (Fixture       *fixture,
                  gconstpointer  data)
{
  AsyncState state = { 0, };
  GkStore *store = gk_store_new (fixture->dir);
  g_autoptr(GkItem) item = make_full_item ("13", "v");
  g_autoptr(GkItem) loaded = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = NULL;
  const guint n_saves = 20;

  state.loop = g_main_loop_new (NULL, FALSE);
  state.order = g_array_new (FALSE, FALSE, sizeof (guint));

  gk_store_open_async (store, NULL, open_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_cmpuint (gk_catalog_get_n_items (state.catalog), ==, 0);

  /* The caller goes on editing while the saves are queued. */
  for (guint i = 0; i < n_saves; i++)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new ();
      g_autofree char *content = g_strdup_printf ("版本 %u", i);
      AsyncCall *call = g_new0 (AsyncCall, 1);

      gk_item_set_text (item, GK_FIELD_CONTENT, content);
      g_ptr_array_add (items, item);
      call->state = &state;
      call->index = i;
      state.pending++;
      gk_store_save_items_async (store, items, NULL, saved_cb, call);
    }
  gk_item_set_text (item, GK_FIELD_CONTENT, "never saved");
  g_main_loop_run (state.loop);

  g_assert_cmpuint (state.order->len, ==, n_saves);
  for (guint i = 0; i < n_saves; i++)
    g_assert_cmpuint (g_array_index (state.order, guint, i), ==, i);
  g_assert_true (gk_store_can_undo (store));
  g_assert_cmpuint (gk_store_get_n_history (store), ==, n_saves);

  gk_store_undo_async (store, NULL, step_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_nonnull (state.touched);
  g_assert_cmpstr (gk_item_get_text (step_item (state.touched, gk_item_get_id (item)),
                                     GK_FIELD_CONTENT), ==, "版本 18");
  g_assert_true (gk_store_can_redo (store));

  g_cancellable_cancel (cancellable);
  gk_store_delete_item_async (store, gk_item_get_id (item), cancellable, cancelled_cb, &state);
  g_main_loop_run (state.loop);

  path = g_strdup (gk_store_get_path (store));
  close_store (store);

  store = open_store (fixture);
  loaded = load_item (store, gk_item_get_id (item));
  g_assert_nonnull (loaded);
  g_assert_cmpstr (gk_item_get_text (loaded, GK_FIELD_CONTENT), ==, "版本 18");
  close_store (store);
  g_assert_cmpint (gk_test_query_int (path, "SELECT count(*) FROM history WHERE after_json "
                                            "LIKE '%版本 19%' AND state = 'undone'"), ==, 1);

  g_clear_object (&state.catalog);
  g_clear_pointer (&state.touched, g_hash_table_unref);
  g_array_unref (state.order);
  g_main_loop_unref (state.loop);
}

static void
flushed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_save_items_finish (GK_STORE (object), result, &error));
  g_assert_no_error (error);
  if (--state->pending == 0)
    g_main_loop_quit (state->loop);
}

static void
test_store_flush (Fixture       *fixture,
                  gconstpointer  data)
{
  AsyncState state = { 0, };
  GkStore *store = open_store (fixture);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  GkStore *reader;

  state.loop = g_main_loop_new (NULL, FALSE);
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new ();
      g_autofree char *tag = g_strdup_printf ("%u", i);
      GkItem *item = make_full_item ("14", tag);

      g_ptr_array_add (all, item);
      g_ptr_array_add (items, item);
      state.pending++;
      gk_store_save_items_async (store, items, NULL, flushed_cb, &state);
    }

  /* No main loop has run: the saves are on disk all the same. */
  gk_store_flush (store);
  reader = open_store (fixture);
  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(GkItem) loaded = load_item (reader, gk_item_get_id (g_ptr_array_index (all, i)));

      g_assert_nonnull (loaded);
    }
  close_store (reader);

  g_main_loop_run (state.loop);
  g_assert_cmpuint (state.pending, ==, 0);
  close_store (store);
  g_main_loop_unref (state.loop);
}

int
main (int    argc,
      char **argv)
{
  const ReadOnlyCase read_only_folder = { 0500, 0600, FALSE };
  const ReadOnlyCase read_only_file = { 0700, 0400, FALSE };
  const ReadOnlyCase read_only_wal = { 0500, 0400, TRUE };

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/create", test_store_create);
  ADD ("/store/schema", test_store_schema);
  ADD ("/store/upgrade-1", test_store_upgrade_1);
  ADD ("/store/round-trip", test_store_round_trip);
  ADD ("/store/history", test_store_history);
  ADD ("/store/undo-redo", test_store_undo_redo);
  ADD ("/store/redo-dropped", test_store_redo_dropped);
  ADD ("/store/delete", test_store_delete);
  ADD ("/store/save-items", test_store_save_items);
  ADD ("/store/replace", test_store_replace);
  ADD ("/store/damaged", test_store_damaged);
  ADD ("/store/damaged-twice", test_store_damaged_twice);
  ADD ("/store/newer", test_store_newer);
  ADD ("/store/unreadable", test_store_unreadable);
  ADD ("/store/unknown-domain", test_store_unknown_domain);
  ADD ("/store/history-bounded", test_store_history_bounded);
  g_test_add ("/store/read-only/folder", Fixture, &read_only_folder, fixture_set_up,
              test_store_read_only, fixture_tear_down);
  g_test_add ("/store/read-only/file", Fixture, &read_only_file, fixture_set_up,
              test_store_read_only, fixture_tear_down);
  g_test_add ("/store/read-only/wal", Fixture, &read_only_wal, fixture_set_up,
              test_store_read_only, fixture_tear_down);
  ADD ("/store/async", test_store_async);
  ADD ("/store/flush", test_store_flush);

#undef ADD

  return g_test_run ();
}
