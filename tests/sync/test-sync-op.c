/* test-sync-op.c: what the client and the server share to read and write
 * the protocol's JSON, in process: ops read and checked, their digests,
 * items on their own, compact JSON around pieces kept as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gongkai-core.h"
#include "gk-item-json.h"
#include "gk-json-out.h"
#include "gk-sync-op.h"

#define ITEM_ID "0B5A3C8E-1C2D-4E5F-8A9B-0C1D2E3F4A5B"
#define OP_ID "9f0e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c"

static const char * const levels[] = { "县级", "乡级", NULL };

/* Reads the first op of {"ops": [@op]}; NULL with @error when refused. */
static GkSyncOp *
read_op (const char  *op,
         GError     **error)
{
  g_autofree char *body = g_strdup_printf ("{\"ops\":[%s]}", op);
  g_autoptr(GkJsonTree) tree = gk_json_tree_parse (body, strlen (body), 32, NULL, NULL, NULL,
                                                   NULL);
  const GkJsonValue *ops;

  g_assert_nonnull (tree);
  ops = gk_json_value_get_member (gk_json_tree_get_root (tree), "ops");
  return gk_sync_op_read (gk_json_value_first (ops), 0, levels, error);
}

static void
test_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkSyncOp) op = read_op ("{\"op_id\":\"" OP_ID "\",\"item_id\":\"" ITEM_ID "\","
                                    "\"kind\":\"update\",\"base_rev\":7,\"set\":{"
                                    "\"basis\":\"  《办法》\\u3000\",\"channels\":[\"两微一端\","
                                    "\"政府网站\"],\"levels\":[\"乡级\"]}}", &error);

  g_assert_no_error (error);
  g_assert_null (op->invalid);
  g_assert_cmpstr (op->item_id, ==, "0b5a3c8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
  g_assert_cmpint (op->kind, ==, GK_SYNC_OP_UPDATE);
  g_assert_cmpint (op->base_rev, ==, 7);
  g_assert_null (op->resolves);
  g_assert_cmpuint (op->fields, ==, GK_FIELD_MASK (GK_FIELD_BASIS)
                    | GK_FIELD_MASK (GK_FIELD_CHANNELS) | GK_FIELD_MASK (GK_FIELD_LEVELS));
  g_assert_cmpstr (gk_item_get_text (op->item, GK_FIELD_BASIS), ==, "《办法》");
  g_assert_true (gk_item_has_level (op->item, "乡级"));
}

static void
assert_same_digest (const char *a,
                    const char *b,
                    gboolean    same)
{
  g_autoptr(GkSyncOp) op_a = read_op (a, NULL);
  g_autoptr(GkSyncOp) op_b = read_op (b, NULL);

  g_assert_nonnull (op_a);
  g_assert_nonnull (op_b);
  g_assert_true ((memcmp (op_a->digest, op_b->digest, sizeof op_a->digest) == 0) == same);
}

/* The digest is of the op as read: its order, its white space and the
 * spelling of its texts do not count; what it does does. */
static void
test_digest (void)
{
  const char *op = "{\"op_id\":\"" OP_ID "\",\"item_id\":\"" ITEM_ID "\",\"kind\":\"update\","
                   "\"base_rev\":7,\"set\":{\"basis\":\"A\",\"method\":[\"主动\",\"依申请\"]}}";

  assert_same_digest (op, "{ \"set\" : { \"method\" : [\"依申请\", \"主动\"], \"basis\" : \" A\" },"
                          " \"base_rev\" : 7, \"kind\" : \"update\", \"item_id\" : \""
                          ITEM_ID "\", \"op_id\" : \"" OP_ID "\" }", TRUE);
  assert_same_digest (op, "{\"op_id\":\"" OP_ID "\",\"item_id\":\"" ITEM_ID "\","
                          "\"kind\":\"update\",\"base_rev\":7,\"set\":{\"basis\":\"B\","
                          "\"method\":[\"主动\",\"依申请\"]}}", FALSE);
  assert_same_digest (op, "{\"op_id\":\"" OP_ID "\",\"item_id\":\"" ITEM_ID "\","
                          "\"kind\":\"update\",\"base_rev\":8,\"set\":{\"basis\":\"A\","
                          "\"method\":[\"主动\",\"依申请\"]}}", FALSE);
}

/* What no result could name: the whole push is refused. */
static void
test_bad_op (void)
{
  static const char * const ops[] = {
    "[]",
    "{\"item_id\":\"" ITEM_ID "\",\"kind\":\"delete\",\"base_rev\":1}",
    "{\"op_id\":\"" OP_ID "\",\"item_id\":\"x\",\"kind\":\"delete\",\"base_rev\":1}",
    "{\"op_id\":\"" OP_ID "\",\"item_id\":\"" ITEM_ID "\",\"kind\":\"undo\",\"base_rev\":1}",
    "{\"op_id\":\"" OP_ID "\",\"item_id\":\"" ITEM_ID "\",\"kind\":\"delete\"}",
    "{\"op_id\":\"" OP_ID "\",\"item_id\":\"" ITEM_ID "\",\"kind\":\"delete\",\"base_rev\":1.5}",
    "{\"op_id\":\"" OP_ID "\",\"item_id\":\"" ITEM_ID "\",\"kind\":\"delete\",\"base_rev\":1,"
    "\"set\":{}}",
    "{\"op_id\":\"" OP_ID "\",\"item_id\":\"" ITEM_ID "\",\"kind\":\"update\",\"base_rev\":1}",
    "{\"op_id\":\"" OP_ID "\",\"item_id\":\"" ITEM_ID "\",\"kind\":\"update\",\"base_rev\":1,"
    "\"set\":{},\"resolves\":7}",
    "{\"op_id\":\"" OP_ID "\",\"item_id\":\"" ITEM_ID "\",\"kind\":\"update\",\"base_rev\":1,"
    "\"set\":{},\"dept\":\"mz\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GkSyncOp) op = read_op (ops[i], &error);

      g_assert_null (op);
      g_assert_error (error, GK_SYNC_ERROR, GK_SYNC_ERROR_BAD_OP);
      g_assert_true (g_str_has_prefix (error->message, "ops[0]: "));
    }
}

static void
assert_invalid (const char  *kind,
                const char  *set,
                GkSyncError  code,
                const char  *field)
{
  g_autofree char *text = g_strdup_printf ("{\"op_id\":\"" OP_ID "\",\"item_id\":\"" ITEM_ID
                                           "\",\"kind\":\"%s\",\"base_rev\":0,\"set\":%s}",
                                           kind, set);
  g_autoptr(GkSyncOp) op = read_op (text, NULL);

  g_assert_nonnull (op);
  g_assert_error (op->invalid, GK_SYNC_ERROR, (gint) code);
  g_assert_cmpstr (op->invalid_field, ==, field);
  g_assert_cmpstr (gk_sync_error_get_code (code), !=, "bad_request");
}

/* What makes one op `invalid`, and no other. */
static void
test_invalid (void)
{
  g_autofree char *long_text = g_strnfill (GK_TEXT_MAX_CELL_CHARS + 1, 'x');
  g_autofree char *too_long = g_strdup_printf ("{\"notes\":\"%s\"}", long_text);
  g_autofree char *longest = g_strdup_printf ("{\"notes\":\"%.*s\"}", GK_TEXT_MAX_CELL_CHARS,
                                              long_text);
  g_autofree char *fits = g_strdup_printf ("{\"op_id\":\"" OP_ID "\",\"item_id\":\"" ITEM_ID
                                           "\",\"kind\":\"update\",\"base_rev\":1,\"set\":%s}",
                                           longest);
  g_autoptr(GkSyncOp) op = read_op (fits, NULL);

  g_assert_null (op->invalid);
  assert_invalid ("update", "{\"id\":\"x\"}", GK_SYNC_ERROR_UNKNOWN_FIELD, NULL);
  assert_invalid ("update", "{\"audience\":[\"全体\"]}", GK_SYNC_ERROR_BAD_VALUE, "audience");
  assert_invalid ("update", "{\"method\":\"主动\"}", GK_SYNC_ERROR_BAD_VALUE, "method");
  assert_invalid ("update", "{\"levels\":[\"村级\"]}", GK_SYNC_ERROR_BAD_VALUE, "levels");
  assert_invalid ("update", "{\"domain\":\"\"}", GK_SYNC_ERROR_BAD_VALUE, "domain");
  assert_invalid ("update", too_long, GK_SYNC_ERROR_TEXT_TOO_LONG, "notes");
  assert_invalid ("update", "{\"content\":\"\\ufffe\"}", GK_SYNC_ERROR_BAD_TEXT, "content");
  assert_invalid ("create", "{\"content\":\"c\"}", GK_SYNC_ERROR_MISSING_DOMAIN, "domain");
}

/* An item on its own reads back as it was written, with the department
 * the server keeps for it after its position (once, as in catalog files). */
static void
test_item_json (void)
{
  g_autoptr(GkItem) item = gk_item_new_with_id (ITEM_ID, "20");
  g_autoptr(GkItem) back = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char * const item_levels[] = { "乡级", "县级", NULL };

  gk_item_set_text (item, GK_FIELD_LEVEL1, "最低生活保障");
  gk_item_set_channels (item, 1u << 3);
  gk_item_set_levels (item, item_levels);
  gk_item_write_json (item, "mz", out);
  g_assert_true (g_str_has_prefix (out->str, "{\n  \"id\" : \"0b5a3c8e-1c2d-4e5f-8a9b-"
                                   "0c1d2e3f4a5b\",\n  \"domain\""));
  g_assert_nonnull (strstr (out->str, "\"position\" : 0,\n  \"dept\" : \"mz\""));
  g_assert_null (strstr (strstr (out->str, "\"dept\"") + 1, "\"dept\""));

  back = gk_item_new_from_data (out->str, out->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gk_item_get_dept (back), ==, "mz");
  gk_item_set_dept (back, "");
  g_assert_true (gk_item_equal (item, back));
}

static void
test_json_out (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GkJsonOut j;

  gk_json_out_init (&j, out);
  gk_json_out_begin_object (&j);
  gk_json_out_string_member (&j, "a", "x\"y");
  gk_json_out_member (&j, "b");
  gk_json_out_begin_array (&j);
  gk_json_out_int (&j, -3);
  gk_json_out_begin_object (&j);
  gk_json_out_end_object (&j);
  gk_json_out_raw (&j, "[1, 2]");
  gk_json_out_string (&j, NULL);
  gk_json_out_end_array (&j);
  gk_json_out_boolean_member (&j, "c", TRUE);
  gk_json_out_time_member (&j, "d", 1);
  gk_json_out_end_object (&j);

  g_assert_cmpstr (out->str, ==, "{\"a\":\"x\\\"y\",\"b\":[-3,{},[1, 2],null],\"c\":true,"
                                 "\"d\":\"1970-01-01T00:00:00.000001Z\"}");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-op/read", test_read);
  g_test_add_func ("/sync-op/digest", test_digest);
  g_test_add_func ("/sync-op/bad-op", test_bad_op);
  g_test_add_func ("/sync-op/invalid", test_invalid);
  g_test_add_func ("/sync-op/item-json", test_item_json);
  g_test_add_func ("/sync-op/json-out", test_json_out);

  return g_test_run ();
}
