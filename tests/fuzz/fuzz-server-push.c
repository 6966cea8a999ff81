/* fuzz-server-push.c: libFuzzer target for the server's reading of a push
 * and its applying, and for its cursors
 *
 * An input is a push body as POST /api/v1/push receives it, read the way
 * gk-server-push.c reads it (the strict JSON reader, {"ops": […]} with at
 * most 200 ops, each op checked by gk_sync_op_read() against the catalog's
 * levels), then applied by gk_server_push_write() to a real server
 * database in a transaction that is rolled back, so that every input meets
 * the same items: three of 民政局 (one at rev 2 with an open conflict, one
 * deleted) and one of 教育局, with the merge, the conflicts and the refusals that brings.
 *
 * A first byte of M, J or O makes the push that of 民政局, 教育局 or the
 * county office (M when absent); C makes the rest a cursor of
 * GET /api/v1/changes?since=, decoded as the server does.
 *
 * What must hold, else the target aborts: a push whose ops were all read
 * is applied without error, with one result per op, each a JSON object;
 * every item's rev is its newest revision; a cursor that decodes encodes
 * back to the same seq.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gk-server-apply.h"
#include "gk-server-db.h"
#include "gk-server-feed.h"
#include "gk-server.h"

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static sqlite3 *db;
static char *server_id;
static const char * const levels[] = { "县级", "乡级", NULL };

/* The items every input meets, pushed as 民政局 and 教育局 would. */
static const char baseline_mz[] =
  "{\"ops\":["
  "{\"op_id\":\"a0000000-0000-4000-8000-000000000001\",\"kind\":\"create\","
  "\"item_id\":\"00000000-0000-4000-8000-000000000001\",\"base_rev\":0,\"set\":"
  "{\"domain\":\"20\",\"level1\":\"最低生活保障\",\"level2\":\"保障对象\",\"content\":\"标准\","
  "\"channels\":[\"政府网站\"],\"audience\":[\"全社会\"],\"method\":[\"主动\"],"
  "\"levels\":[\"县级\"]}},"
  "{\"op_id\":\"a0000000-0000-4000-8000-000000000002\",\"kind\":\"create\","
  "\"item_id\":\"00000000-0000-4000-8000-000000000002\",\"base_rev\":0,\"set\":"
  "{\"domain\":\"20\",\"level1\":\"特困人员救助供养\",\"notes\":\"备注\"}},"
  "{\"op_id\":\"a0000000-0000-4000-8000-000000000003\",\"kind\":\"create\","
  "\"item_id\":\"00000000-0000-4000-8000-000000000003\",\"base_rev\":0,\"set\":"
  "{\"domain\":\"20\",\"level1\":\"临时救助\"}}]}";
static const char baseline_mz_2[] =
  "{\"ops\":["
  "{\"op_id\":\"a0000000-0000-4000-8000-000000000004\",\"kind\":\"update\","
  "\"item_id\":\"00000000-0000-4000-8000-000000000001\",\"base_rev\":1,\"set\":"
  "{\"content\":\"标准二\"}},"
  "{\"op_id\":\"a0000000-0000-4000-8000-000000000005\",\"kind\":\"delete\","
  "\"item_id\":\"00000000-0000-4000-8000-000000000003\",\"base_rev\":1}]}";
static const char baseline_mz_3[] =
  "{\"ops\":["
  "{\"op_id\":\"a0000000-0000-4000-8000-000000000006\",\"kind\":\"update\","
  "\"item_id\":\"00000000-0000-4000-8000-000000000001\",\"base_rev\":1,\"set\":"
  "{\"content\":\"标准三\"}}]}";
static const char baseline_jy[] =
  "{\"ops\":["
  "{\"op_id\":\"a0000000-0000-4000-8000-000000000007\",\"kind\":\"create\","
  "\"item_id\":\"00000000-0000-4000-8000-000000000004\",\"base_rev\":0,\"set\":"
  "{\"domain\":\"20\",\"level1\":\"学前教育\"}}]}";

static void
fail (const char   *what,
      const GError *error)
{
  g_printerr ("fuzz-server-push: %s: %s\n", what, error != NULL ? error->message : "");
  abort ();
}

static void
exec (const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!gk_server_db_exec (db, sql, &error))
    fail (sql, error);
}

static GkServerAuth *
auth_new (char role)
{
  GkServerAuth *auth = g_new0 (GkServerAuth, 1);

  auth->catalog_id = g_strdup ("county");
  auth->token_id = g_strdup (role == 'O' ? "t_office" : role == 'J' ? "t_jy" : "t_mz");
  auth->dept_id = role == 'O' ? NULL : g_strdup (role == 'J' ? "jy" : "mz");
  return auth;
}

/* As gk-server-push.c reads a body; NULL when the server refuses it. */
static GkServerPush *
read_push (const char *data,
           gsize       size,
           char        role)
{
  g_autoptr(GkJsonTree) tree = NULL;
  g_autoptr(GkServerAuth) auth = auth_new (role);
  g_autoptr(GkServerPush) push = NULL;
  const GkJsonValue *body, *ops, *value;

  tree = gk_json_tree_parse (data, size, GK_SERVER_MAX_DEPTH, NULL, NULL, NULL, NULL);
  if (tree == NULL)
    return NULL;
  /* The type first: gk_json_value_get_member() wants an object (the
   * server asks it of any body; see tests/fuzz/README.md). */
  body = gk_json_tree_get_root (tree);
  if (body->type != GK_JSON_OBJECT)
    return NULL;
  ops = gk_json_value_get_member (body, "ops");
  if (body->n_children != 1 || ops == NULL || ops->type != GK_JSON_ARRAY
      || ops->n_children > GK_SERVER_MAX_OPS)
    return NULL;

  push = gk_server_push_new (auth, server_id);
  value = gk_json_value_first (ops);
  for (guint i = 0; i < ops->n_children; i++, value = gk_json_value_next (value))
    {
      GkSyncOp *op = gk_sync_op_read (value, i, levels, NULL);

      if (op == NULL)
        return NULL;
      g_ptr_array_add (push->ops, op);
    }
  return g_steal_pointer (&push);
}

/* Applies @push in a transaction, checks what it answered, and commits or
 * rolls back. */
static void
apply (GkServerPush *push,
       gboolean      commit)
{
  g_autoptr(GError) error = NULL;

  if (!gk_server_db_begin (db, &error))
    fail ("begin", error);
  if (!gk_server_push_write (db, push, &error))
    fail ("a push that was read could not be applied", error);
  if (push->results->len != push->ops->len)
    fail ("not one result per op", NULL);
  for (guint i = 0; i < push->results->len; i++)
    {
      const char *result = g_ptr_array_index (push->results, i);
      g_autoptr(GkJsonTree) tree = gk_json_tree_parse (result, strlen (result),
                                                       GK_SERVER_MAX_DEPTH, NULL, NULL,
                                                       NULL, &error);

      if (tree == NULL || gk_json_tree_get_root (tree)->type != GK_JSON_OBJECT
          || gk_json_value_get_member (gk_json_tree_get_root (tree), "op_id") == NULL)
        fail (result, error);
      /* To see what an input meets: GK_FUZZ_VERBOSE=1 fuzz-server-push FILE */
      if (g_getenv ("GK_FUZZ_VERBOSE") != NULL)
        g_printerr ("%s\n", result);
    }
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    if (!gk_server_db_prepare (db, "SELECT count(*) FROM item WHERE rev != "
                               "(SELECT max(rev) FROM item_rev WHERE item_id = item.id)",
                               &stmt, &error))
      fail ("prepare", error);
    if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) != 0)
      fail ("an item's rev is not its newest revision", NULL);
  }
  if (commit)
    {
      if (!gk_server_db_commit (db, &error))
        fail ("commit", error);
    }
  else
    gk_server_db_rollback (db);
}

static void
push_baseline (const char *body,
               char        role)
{
  g_autoptr(GkServerPush) push = read_push (body, strlen (body), role);

  if (push == NULL)
    fail ("the baseline push was refused", NULL);
  apply (push, TRUE);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fuzz-server-push-XXXXXX", &error);

  /* A critical is a bug the server would only log: here it stops. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  if (dir == NULL)
    fail ("tmp", error);
  db = gk_server_db_open (dir, TRUE, &error);
  if (db == NULL)
    fail ("open", error);
  /* What `catalog add`, `dept add` and `token issue` write; the inputs
   * never commit, so nothing else is ever written. */
  /* A known server id, so that the seeds can hold this server's cursors. */
  exec ("PRAGMA synchronous = OFF;"
        "UPDATE meta SET value = '0123456789abcdef0123456789abcdef' WHERE key = 'server_id';"
        "INSERT INTO catalog VALUES ('county', '某某县', '[\"县级\",\"乡级\"]', 0);"
        "INSERT INTO dept VALUES ('mz', 'county', '民政局', 0), ('jy', 'county', '教育局', 0);");
  server_id = gk_server_db_dup_meta (db, "server_id", &error);
  if (server_id == NULL)
    fail ("server_id", error);
  push_baseline (baseline_mz, 'M');
  push_baseline (baseline_mz_2, 'M');
  push_baseline (baseline_mz_3, 'M');
  push_baseline (baseline_jy, 'J');
  return 0;
}

static void
decode_cursor (const char *data,
               gsize       size)
{
  g_autofree char *cursor = g_strndup (data, size);
  g_autofree char *again = NULL;
  gint64 seq, seq_again;

  if (strlen (cursor) != size
      || !gk_server_cursor_decode (cursor, server_id, &seq, NULL))
    return;
  again = gk_server_cursor_encode (server_id, seq);
  if (!gk_server_cursor_decode (again, server_id, &seq_again, NULL) || seq_again != seq)
    fail ("a cursor does not decode to what it encodes", NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  char role = 'M';
  g_autoptr(GkServerPush) push = NULL;

  if (size > 0 && memchr ("MJOC", text[0], 4) != NULL)
    {
      role = text[0];
      text++;
      size--;
    }

  if (role == 'C')
    {
      decode_cursor (text, size);
      return 0;
    }
  push = read_push (text, size, role);
  if (push != NULL && push->ops->len > 0)
    apply (push, FALSE);
  return 0;
}
