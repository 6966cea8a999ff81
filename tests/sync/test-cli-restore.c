/* test-cli-restore.c: `gongkai-cli sync` after the server was restored
 * from an older backup: what the PC had seen acknowledged goes back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-fault-proxy.h"
#include "gk-test-cli.h"
#include "gk-test-util.h"

typedef GkTestCli Fixture;

static char *
server_db (Fixture *f)
{
  return g_build_filename (f->county.s.data, "gongkai-server.db", NULL);
}

/* A backup of the serving server in @file, as the county office takes it:
 * `gongkai-server backup`, SQLite's online backup, while it serves. */
static void
backup_server (Fixture    *f,
               const char *file)
{
  g_assert_cmpint (gk_test_server_admin (&f->county.s, NULL, "backup", "-o", file, NULL), ==, 0);
}

/* The server restored from @file: stopped, `gongkai-server restore` (the
 * backup in place of the database, with a new server_id), started again. */
static void
restore_server (Fixture    *f,
                const char *file)
{
  g_assert_cmpint (gk_test_server_stop (&f->county.s), ==, 0);
  g_clear_object (&f->county.s.server);
  g_assert_cmpint (gk_test_server_admin (&f->county.s, NULL, "restore", file, NULL), ==, 0);
  gk_test_server_start (&f->county.s);
}

static JsonNode *
parse_file (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

/* The items of @items that no earlier change_catalog() added, in order. */
static GPtrArray *
original_items (JsonArray *items)
{
  GPtrArray *original = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "level3"), "新加的事项") != 0)
        g_ptr_array_add (original, item);
    }
  return original;
}

static JsonNode *
node_of (JsonArray  *items,
         JsonObject *item)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      if (json_array_get_object_element (items, i) == item)
        return json_array_get_element (items, i);
    }
  g_assert_not_reached ();
}

/*
 * Changes @dir's catalog by loading it again: the first original item's
 * content, the second deleted, a new item (the third's copy under another
 * id), the fourth's notes. Returns the new item's id.
 */
static char *
change_catalog (Fixture    *f,
                const char *dir,
                const char *suffix)
{
  g_autofree char *text = gk_test_cli_dump (f, dir);
  g_autoptr(JsonNode) root = parse_file (text);
  g_autofree char *file = NULL;
  g_autofree char *content = g_strconcat ("恢复前的内容", suffix, NULL);
  g_autofree char *notes = g_strconcat ("恢复后的备注", suffix, NULL);
  g_autofree char *err = NULL;
  JsonArray *items = json_object_get_array_member (json_node_get_object (root), "items");
  g_autoptr(GPtrArray) original = original_items (items);
  JsonObject *removed = g_ptr_array_index (original, 1);
  g_autofree char *third = NULL;
  JsonNode *copy;
  char *id = g_uuid_string_random ();

  json_object_set_string_member (g_ptr_array_index (original, 0), "content", content);
  json_object_set_string_member (g_ptr_array_index (original, 3), "notes", notes);
  /* json_node_copy() would share the object: a copy through its text. */
  third = json_to_string (node_of (items, g_ptr_array_index (original, 2)), FALSE);
  copy = parse_file (third);
  json_object_set_string_member (json_node_get_object (copy), "id", id);
  json_object_set_string_member (json_node_get_object (copy), "level3", "新加的事项");
  json_array_add_element (items, copy);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      if (json_array_get_object_element (items, i) == removed)
        json_array_remove_element (items, i--);
    }

  g_free (text);
  text = json_to_string (root, TRUE);
  file = gk_test_cli_path_in (f, "changed.json");
  gk_test_write_file (file, text);
  g_assert_cmpint (gk_test_cli_run_err (f, NULL, &err, "load", file, "--data-dir", dir, NULL),
                   ==, 0);
  return id;
}

/*
 * The server is restored from a backup older than changes it had
 * acknowledged to PC A (an edit, a delete, a new item): A's next sync
 * notices the new server_id, reads everything again and sends those
 * changes again, with a change A made meanwhile, even when its first try
 * is cut half-way; the server then holds every item once, as A has them,
 * and a new PC B gets the same catalog.
 */
static void
test_lost_changes (Fixture       *f,
                   gconstpointer  program)
{
  g_autofree char *backup = gk_test_cli_path_in (f, "backup.db");
  g_autofree char *db = server_db (f);
  g_autofree char *store = g_build_filename (f->a, "gongkai.db", NULL);
  g_autoptr(GkFaultProxy) proxy = NULL;
  g_autofree char *url = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items;
  const char *edited;

  gk_test_cli_load_starter (f, f->a);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, NULL), ==, 0);
  text = gk_test_cli_dump (f, f->a);
  root = parse_file (text);
  items = json_object_get_array_member (json_node_get_object (root), "items");
  edited = json_object_get_string_member (json_array_get_object_element (items, 0), "id");

  backup_server (f, backup);
  new_id = change_catalog (f, f->a, "");
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, &out), ==, 0);
  g_assert_true (g_str_has_prefix (out, "pushed 4, "));
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM item"), ==, 134);

  restore_server (f, backup);
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM item"), ==, 133);
  /* A change made while the server was down, not sent yet. */
  g_free (change_catalog (f, f->a, "（二）"));
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 4);

  /* The resync cut half-way: the change feed stalls after 5,000 bytes
   * (GET /info passes). What it must still compare is kept. */
  proxy = gk_fault_proxy_new (f->county.s.port);
  url = g_strdup_printf ("http://127.0.0.1:%u", gk_fault_proxy_get_port (proxy));
  gk_fault_proxy_slow (proxy, 0, GK_FAULT_DOWN, 5000, 0);
  g_assert_cmpint (gk_test_cli_run (f, NULL, "sync", "--data-dir", f->a, "--server", url,
                                    "--token-file", f->token_a, "--timeout", "2", NULL), ==, 3);
  g_assert_cmpint (gk_test_query_int (store, "SELECT count(*) FROM resync_base"), ==, 134);
  g_assert_cmpint (gk_test_query_int (store, "SELECT count(*) FROM item_base"), ==, 0);
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 4);
  g_clear_pointer (&proxy, gk_fault_proxy_free);

  g_assert_cmpint (gk_test_cli_run_err (f, &out, &err, "sync", "--data-dir", f->a, "--server",
                                        f->county.s.base, "--token-file", f->token_a, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (err, "restored from a backup"));
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 0);

  /* Every item once; the edits, the deletes and the new items are back. */
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM item"), ==, 135);
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM item WHERE deleted"), ==, 2);
  sql = g_strdup_printf ("SELECT count(*) FROM item JOIN item_rev ON item_id = id "
                         "AND item_rev.rev = item.rev WHERE id = '%s' AND NOT item.deleted "
                         "AND fields LIKE '%%恢复前的内容（二）%%'", edited);
  g_assert_cmpint (gk_test_query_int (db, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM item WHERE id = '%s' AND NOT deleted", new_id);
  g_assert_cmpint (gk_test_query_int (db, sql), ==, 1);

  /* A new PC gets what A has; A has nothing left to send. */
  g_assert_cmpint (gk_test_cli_sync (f, f->b, f->token_b, NULL), ==, 0);
  gk_test_cli_assert_same_dumps (f);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, &out), ==, 0);
  g_assert_cmpstr (out, ==, "pushed 0, pulled 0, conflicts 0\n");
}

int
main (int    argc,
      char **argv)
{
  const char *program = gk_test_cli_init (&argc, &argv);

  gk_test_cli_add ("/cli-restore/lost-changes", program, (GTestFixtureFunc) test_lost_changes);

  return g_test_run ();
}
