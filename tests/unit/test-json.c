/* test-json.c: the canonical JSON form and its strict reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "gongkai-core.h"

static GkItem *
make_item (const char *domain,
           int         n)
{
  const char * const levels[] = { "县级", "乡、村级", NULL };
  g_autofree char *level2 = g_strdup_printf ("二级事项 %d “引号” \\ \"x\"", n);
  GkItem *item = gk_item_new (domain);

  gk_item_set_text (item, GK_FIELD_LEVEL1, "行政许可");
  gk_item_set_text (item, GK_FIELD_LEVEL2, level2);
  gk_item_set_text (item, GK_FIELD_CONTENT, "许可决定\n（涉密信息除外）\t");
  gk_item_set_text (item, GK_FIELD_BASIS, "《中华人民共和国行政许可法》");
  gk_item_set_text (item, GK_FIELD_TIME_LIMIT, "作出行政决定之日起7个工作日内");
  gk_item_set_text (item, GK_FIELD_SUBJECT, "自然资源局");
  gk_item_set_channels (item, n % 2 ? GK_CHANNEL_MASK_ALL : 1u << GK_CHANNEL_WEBSITE);
  gk_item_set_text (item, GK_FIELD_CHANNEL_OTHER, n % 2 ? "12345热线" : "");
  gk_item_set_audience (item, n % 2 ? GK_AUDIENCE_PUBLIC | GK_AUDIENCE_SPECIFIC
                                    : GK_AUDIENCE_PUBLIC);
  gk_item_set_text (item, GK_FIELD_AUDIENCE_DESC, n % 2 ? "申请人" : "");
  gk_item_set_method (item, n % 3 ? GK_METHOD_PROACTIVE : GK_METHOD_ON_REQUEST);
  gk_item_set_levels (item, n % 2 ? levels : levels + 1);
  gk_item_set_text (item, GK_FIELD_CODE, n % 2 ? "A-01" : "");
  gk_item_set_text (item, GK_FIELD_WEB_URL, "https://example.org/?a=1&b=<2>");
  gk_item_set_text (item, GK_FIELD_NOTES, "\xf0\x9f\x98\x80 emoji");
  gk_item_set_position (item, n * 10 - 20);
  /* Microseconds, a time before 1970 and one with no fraction. */
  gk_item_set_times (item, n == 1 ? -86400123456 : 1700000000000000 + n,
                     1700000000123456 + n * 1000);

  return item;
}

static GkCatalog *
make_catalog (gboolean reverse)
{
  const char * const levels[] = { "县级", "乡、村级", NULL };
  const char *domains[] = { "05", "01", "26", "01", "13", "01" };
  GkCatalog *catalog = gk_catalog_new ();
  GkItem *items[G_N_ELEMENTS (domains)];

  gk_catalog_set_unit_name (catalog, "某某县人民政府");
  gk_catalog_set_unit_kind (catalog, GK_UNIT_DEPARTMENT);
  gk_catalog_set_levels (catalog, levels);
  gk_catalog_set_label (catalog, "2024年版");

  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
      g_autoptr(GkItem) template = make_item (domains[i], (int) i);

      items[i] = gk_item_new_with_id (id, NULL);
      gk_item_copy_from (items[i], template);
    }
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      guint k = reverse ? G_N_ELEMENTS (domains) - 1 - i : i;

      gk_catalog_add_item (catalog, items[k]);
      g_object_unref (items[k]);
    }

  return catalog;
}

static void
assert_catalogs_equal (GkCatalog *a,
                       GkCatalog *b)
{
  g_assert_cmpstr (gk_catalog_get_unit_name (a), ==, gk_catalog_get_unit_name (b));
  g_assert_cmpint (gk_catalog_get_unit_kind (a), ==, gk_catalog_get_unit_kind (b));
  g_assert_cmpstr (gk_catalog_get_label (a), ==, gk_catalog_get_label (b));
  g_assert_true (g_strv_equal (gk_catalog_get_levels (a), gk_catalog_get_levels (b)));
  g_assert_cmpuint (gk_catalog_get_n_items (a), ==, gk_catalog_get_n_items (b));
  for (guint i = 0; i < gk_catalog_get_n_items (a); i++)
    {
      GkItem *item = gk_catalog_get_item (a, i);
      GkItem *other = gk_catalog_lookup_item (b, gk_item_get_id (item));

      g_assert_nonnull (other);
      g_assert_true (gk_item_equal (item, other));
    }
}

static void
test_round_trip (void)
{
  g_autoptr(GkCatalog) catalog = make_catalog (FALSE);
  g_autoptr(GkCatalog) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *again = NULL;
  gsize length = 0;

  data = gk_catalog_to_data (catalog, &length);
  g_assert_cmpuint (length, ==, strlen (data));
  g_assert_true (g_str_has_suffix (data, "}\n"));
  g_assert_true (g_utf8_validate (data, -1, NULL));

  back = gk_catalog_new_from_data (data, (gssize) length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  assert_catalogs_equal (catalog, back);

  again = gk_catalog_to_data (back, NULL);
  g_assert_cmpstr (again, ==, data);

  g_clear_object (&back);
  back = gk_catalog_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  assert_catalogs_equal (back, catalog);
}

/* Every control character is escaped, so the file is valid JSON. */
static void
test_control_characters (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkCatalog) back = NULL;
  g_autoptr(GkItem) item = gk_item_new ("01");
  g_autoptr(GString) text = g_string_new ("a");
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  gk_catalog_set_unit_name (catalog, "测试县");

  for (char c = 1; c < 0x20; c++)
    g_string_append_c (text, c);
  g_string_append (text, "\x7f\"\\/b");
  gk_item_set_text (item, GK_FIELD_NOTES, text->str);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_NOTES), ==, text->str);
  gk_catalog_add_item (catalog, item);

  data = gk_catalog_to_data (catalog, NULL);
  g_assert_nonnull (strstr (data, "\\u0001"));
  g_assert_nonnull (strstr (data, "\\u001f"));
  back = gk_catalog_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_true (gk_item_equal (item, gk_catalog_get_item (back, 0)));
}

static void
test_deterministic (void)
{
  g_autoptr(GkCatalog) a = make_catalog (FALSE);
  g_autoptr(GkCatalog) b = make_catalog (TRUE);
  g_autofree char *data_a = gk_catalog_to_data (a, NULL);
  g_autofree char *data_b = gk_catalog_to_data (b, NULL);
  g_autofree char *data_a2 = gk_catalog_to_data (a, NULL);
  const char *p01, *p05, *p26;

  g_assert_cmpstr (data_a, ==, data_b);
  g_assert_cmpstr (data_a, ==, data_a2);

  /* Items come by domain code, whatever order they were added in. */
  p01 = strstr (data_a, "\"domain\" : \"01\"");
  p05 = strstr (data_a, "\"domain\" : \"05\"");
  p26 = strstr (data_a, "\"domain\" : \"26\"");
  g_assert_nonnull (p01);
  g_assert_true (p01 < p05 && p05 < p26);
}

static void
test_item_json (void)
{
  g_autoptr(GkItem) item = make_item ("20", 3);
  g_autoptr(GkItem) back = NULL;
  g_autoptr(JsonNode) node = gk_item_to_json (item);
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  g_autoptr(GList) members = NULL;
  const char *order[] = {
    "id", "domain", "level1", "level2", "level3", "code", "content", "basis", "time_limit",
    "subject", "channels", "channel_other", "audience", "audience_desc", "method", "levels",
    "web_column", "web_url", "notes", "position", "created", "modified",
  };
  guint i = 0;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (order));
  for (GList *l = members; l != NULL; l = l->next)
    g_assert_cmpstr (l->data, ==, order[i++]);
  g_assert_cmpstr (json_object_get_string_member (object, "domain"), ==, "20");
  g_assert_cmpstr (json_object_get_string_member (object, "modified"), ==,
                   "2023-11-14T22:13:20.126456Z");

  back = gk_item_new_from_json (node, "item", &error);
  g_assert_no_error (error);
  g_assert_true (gk_item_equal (item, back));

  g_clear_object (&back);
  back = gk_item_new_from_json (NULL, NULL, &error);
  g_assert_error (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_INVALID);
  g_assert_null (back);
  g_clear_error (&error);

  /* Without a place, messages start with the member. */
  json_object_set_array_member (object, "channels", json_array_new ());
  json_array_add_string_element (json_object_get_array_member (object, "channels"), "微博");
  back = gk_item_new_from_json (node, NULL, &error);
  g_assert_error (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "channels[0]: unknown channel “微博”"));
  g_assert_null (back);
}

static void
test_optional_members (void)
{
  const char *data =
    "{\"format\":1,\"unit\":{\"name\":\"村委会\",\"kind\":\"village\"},\"levels\":[\"村级\"],"
    "\"items\":[{\"id\":\"0B5A3C8E-1C2D-4E5F-8A9B-0C1D2E3F4A5B\",\"domain\":\"24\","
    "\"level1\":\" 招生 \",\"future\":{\"a\":[1,2]}}],\"extension\":true}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_catalog_new_from_data (data, -1, &error);
  GkItem *item;

  g_assert_no_error (error);
  g_assert_cmpstr (gk_catalog_get_label (catalog), ==, "");
  g_assert_cmpint (gk_catalog_get_unit_kind (catalog), ==, GK_UNIT_VILLAGE);
  item = gk_catalog_get_item (catalog, 0);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_LEVEL1), ==, "招生");
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_CONTENT), ==, "");
  g_assert_cmpuint (gk_item_get_channels (item), ==, 0);
  g_assert_cmpint (gk_item_get_position (item), ==, 0);
  g_assert_cmpint (gk_item_get_created (item), ==, 0);
  g_assert_cmpint (gk_item_get_modified (item), ==, 0);
}

/* The owning department is written after the position, only when the
 * item has one: a catalog of no department writes what it always wrote. */
static void
test_dept (void)
{
  g_autoptr(GkCatalog) catalog = make_catalog (FALSE);
  g_autoptr(GkCatalog) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *before = gk_catalog_to_data (catalog, NULL);
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  GkItem *item = gk_catalog_get_item (catalog, 0);

  g_assert_null (strstr (before, "\"dept\""));
  gk_item_set_dept (item, "dept-民政");
  node = gk_item_to_json (item);
  text = json_to_string (node, FALSE);
  g_assert_nonnull (strstr (text, "\"dept\":\"dept-民政\",\"created\""));

  data = gk_catalog_to_data (catalog, NULL);
  g_assert_true (strstr (data, "\"dept\"") == g_strrstr (data, "\"dept\""));
  g_assert_nonnull (strstr (data, "\"position\" : -20,\n      \"dept\" : \"dept-民政\",\n"));
  back = gk_catalog_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  assert_catalogs_equal (catalog, back);
  g_assert_cmpstr (gk_item_get_dept (gk_catalog_lookup_item (back, gk_item_get_id (item))), ==,
                   "dept-民政");

  gk_item_set_dept (item, "");
  g_free (data);
  data = gk_catalog_to_data (catalog, NULL);
  g_assert_cmpstr (data, ==, before);
}

/* Everything RFC 8259 allows is read, escapes included. */
static void
test_escapes (void)
{
  const char *data =
    "{ \"format\" : 1 , \"unit\" : { \"name\" : \"\\u6751\\/\\\"\\\\\\b\\f\\n\\r\\tz\" ,"
    " \"kind\" : \"village\" } ,\r\n\t\"levels\" : [ \"\\ud83d\\ude00\" ] ,"
    " \"x\" : [ -0.5e+3, 0, 1E2, true, false, null, {} ] , \"items\" : [ ] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_catalog_new_from_data (data, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (gk_catalog_get_unit_name (catalog), ==, "村/\"\\\b\f\n\r\tz");
  g_assert_cmpstr (gk_catalog_get_levels (catalog)[0], ==, "\xf0\x9f\x98\x80");
}

static void
test_file (void)
{
  g_autoptr(GkCatalog) catalog = make_catalog (FALSE);
  g_autoptr(GkCatalog) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gongkai-json-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) missing = NULL;
  g_autoptr(GFile) parent = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "catalog.json", NULL);
  file = g_file_new_for_path (path);

  g_assert_true (gk_catalog_save_to_file (catalog, file, NULL, &error));
  g_assert_no_error (error);
  /* Saving over an existing file replaces it. */
  gk_catalog_set_label (catalog, "2025年版");
  g_assert_true (gk_catalog_save_to_file (catalog, file, NULL, &error));
  g_assert_no_error (error);

  back = gk_catalog_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  assert_catalogs_equal (catalog, back);

  parent = g_file_get_parent (file);
  missing = g_file_get_child (parent, "missing.json");
  g_clear_object (&back);
  back = gk_catalog_new_from_file (missing, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (back);
  g_clear_error (&error);

  /* No temporary file is left next to it. */
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (g_dir_read_name (listing), ==, "catalog.json");
    g_assert_null (g_dir_read_name (listing));
  }

  /* A failed save reports the error. */
  {
    g_autoptr(GFile) nowhere = g_file_get_child (missing, "catalog.json");

    g_assert_false (gk_catalog_save_to_file (catalog, nowhere, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Levels outside the set never reach the file, so it always reads back. */
static void
test_levels_outside_set (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkCatalog) back = NULL;
  g_autoptr(GkItem) item = gk_item_new ("01");
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  const char * const levels[] = { "县级", "市级", NULL };
  const char * const new_set[] = { "县级", NULL };

  gk_catalog_set_unit_name (catalog, "测试县");

  gk_item_set_levels (item, levels);
  gk_catalog_add_item (catalog, item);
  data = gk_catalog_to_data (catalog, NULL);
  back = gk_catalog_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal (gk_item_get_levels (gk_catalog_get_item (back, 0)), new_set));

  /* Changing the catalog's set drops the levels it no longer has. */
  gk_catalog_set_levels (catalog, new_set);
  g_assert_true (g_strv_equal (gk_item_get_levels (item), new_set));
}

#define ID0 "0b5a3c8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
#define ID1 "1b5a3c8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
#define HEAD_NO_LABEL "{\"format\":1,\"unit\":{\"name\":\"X\",\"kind\":\"county\"}," \
                      "\"levels\":[\"县级\",\"乡级\"],"
#define HEAD HEAD_NO_LABEL "\"label\":\"\","
#define ITEM_WITH(id, extra) "{\"id\":\"" id "\",\"domain\":\"01\",\"level1\":\"a\"" extra "}"
#define ITEM(extra) ITEM_WITH (ID0, extra)
#define DOC(items) HEAD "\"items\":[" items "]}"

typedef struct
{
  const char   *name;
  const char   *data;
  gssize        length;
  GkFormatError code;
  const char   *place;   /* must appear in the message */
} Malformed;

static const Malformed malformed[] = {
  { "empty", "", 0, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "spaces", "  \n ", -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "truncated", HEAD "\"items\":[" ITEM (""), -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "trailing-garbage", DOC ("") " x", -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "not-json", "format = 1", -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "invalid-utf8", "\xff\xfe{}", -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "invalid-utf8-in-string", DOC (ITEM (",\"content\":\"\xc3\x28\"")), -1,
    GK_FORMAT_ERROR_SYNTAX, NULL },
  { "overlong-utf8", DOC (ITEM (",\"content\":\"\xc0\xaf\"")), -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "nul-byte", "{\"format\":1}\0{}", 15, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "comment", "{\"format\":1/* x */}", -1, GK_FORMAT_ERROR_SYNTAX, "line 1, column 12" },
  { "trailing-comma", "{\"format\":1,}", -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "trailing-comma-array", DOC (ITEM (",\"levels\":[\"县级\",]")), -1,
    GK_FORMAT_ERROR_SYNTAX, NULL },
  { "single-quotes", "{'format':1}", -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "unquoted-member", "{format:1}", -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "hex-number", "{\"format\":0x1}", -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "leading-zero", "{\"format\":01}", -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "bare-minus", "{\"format\":-}", -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "nan", "{\"format\":NaN}", -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "raw-tab", DOC (ITEM (",\"content\":\"a\tb\"")), -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "bad-escape", DOC (ITEM (",\"content\":\"\\x41\"")), -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "lone-surrogate", DOC (ITEM (",\"content\":\"\\ud800\"")), -1, GK_FORMAT_ERROR_SYNTAX,
    NULL },
  { "lone-low-surrogate", DOC (ITEM (",\"content\":\"\\udc00\"")), -1,
    GK_FORMAT_ERROR_SYNTAX, NULL },
  { "escaped-nul", DOC (ITEM (",\"content\":\"a\\u0000b\"")), -1, GK_FORMAT_ERROR_SYNTAX,
    NULL },
  { "two-values", DOC ("") " {}", -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "unterminated-string", "{\"format", -1, GK_FORMAT_ERROR_SYNTAX, NULL },
  { "line-and-column", "{\n  \"format\": 1,\n  x\n}", -1, GK_FORMAT_ERROR_SYNTAX,
    "line 3, column 3" },
  { "array", "[]", -1, GK_FORMAT_ERROR_INVALID, NULL },
  { "string", "\"catalog\"", -1, GK_FORMAT_ERROR_INVALID, NULL },
  { "no-format", "{}", -1, GK_FORMAT_ERROR_VERSION, NULL },
  { "format-2", "{\"format\":2,\"items\":[]}", -1, GK_FORMAT_ERROR_VERSION, "2" },
  { "format-string", "{\"format\":\"1\"}", -1, GK_FORMAT_ERROR_VERSION, "format" },
  { "format-0", "{\"format\":0}", -1, GK_FORMAT_ERROR_VERSION, "format" },
  { "format-float", "{\"format\":1.0}", -1, GK_FORMAT_ERROR_VERSION, "format" },
  { "no-unit", "{\"format\":1,\"levels\":[\"县级\"],\"items\":[]}", -1,
    GK_FORMAT_ERROR_INVALID, "unit" },
  { "unit-string", "{\"format\":1,\"unit\":\"X\"}", -1, GK_FORMAT_ERROR_INVALID, "unit" },
  { "unit-name-number", "{\"format\":1,\"unit\":{\"name\":5,\"kind\":\"county\"}}", -1,
    GK_FORMAT_ERROR_INVALID, "unit.name" },
  { "unit-kind-unknown", "{\"format\":1,\"unit\":{\"name\":\"X\",\"kind\":\"city\"}}", -1,
    GK_FORMAT_ERROR_INVALID, "unit.kind: unknown unit kind “city”" },
  { "no-levels", "{\"format\":1,\"unit\":{\"name\":\"X\",\"kind\":\"county\"},\"items\":[]}", -1,
    GK_FORMAT_ERROR_INVALID, "levels" },
  { "levels-empty", "{\"format\":1,\"unit\":{\"name\":\"X\",\"kind\":\"county\"},"
    "\"levels\":[],\"items\":[]}", -1, GK_FORMAT_ERROR_INVALID, "levels" },
  { "levels-number", "{\"format\":1,\"unit\":{\"name\":\"X\",\"kind\":\"county\"},"
    "\"levels\":[\"县级\",3],\"items\":[]}", -1, GK_FORMAT_ERROR_INVALID, "levels[1]" },
  { "levels-twice", "{\"format\":1,\"unit\":{\"name\":\"X\",\"kind\":\"county\"},"
    "\"levels\":[\"县级\",\" 县级\"],\"items\":[]}", -1, GK_FORMAT_ERROR_INVALID, "levels[1]" },
  { "label-number", HEAD_NO_LABEL "\"label\":3,\"items\":[]}", -1, GK_FORMAT_ERROR_INVALID,
    "label" },
  /* A member given twice: which value was meant is unknown. */
  { "label-twice", HEAD "\"label\":\"2026\",\"items\":[]}", -1, GK_FORMAT_ERROR_SYNTAX,
    "given twice" },
  { "unit-name-twice", "{\"format\":1,\"unit\":{\"name\":\"X\",\"name\":\"Y\","
    "\"kind\":\"county\"},\"levels\":[\"县级\"],\"items\":[]}", -1, GK_FORMAT_ERROR_SYNTAX,
    "line 1, column 32: a member name given twice" },
  { "item-member-twice", DOC (ITEM (",\"content\":\"a\",\"content\":\"b\"")), -1,
    GK_FORMAT_ERROR_SYNTAX, "given twice" },
  { "member-twice-escaped", DOC (ITEM (",\"notes\":\"a\",\"not\\u0065s\":\"b\"")), -1,
    GK_FORMAT_ERROR_SYNTAX, "given twice" },
  { "unit-name-empty", "{\"format\":1,\"unit\":{\"name\":\"\",\"kind\":\"county\"},"
    "\"levels\":[\"县级\"],\"items\":[]}", -1, GK_FORMAT_ERROR_INVALID, "unit.name" },
  { "unit-name-blank", "{\"format\":1,\"unit\":{\"name\":\" \\u3000\\n\",\"kind\":\"county\"},"
    "\"levels\":[\"县级\"],\"items\":[]}", -1, GK_FORMAT_ERROR_INVALID, "unit.name" },
  { "no-items", HEAD "\"x\":[]}", -1, GK_FORMAT_ERROR_INVALID, "items" },
  { "items-object", HEAD "\"items\":{}}", -1, GK_FORMAT_ERROR_INVALID, "items" },
  { "item-number", DOC ("3"), -1, GK_FORMAT_ERROR_INVALID, "items[0]" },
  { "item-null", DOC ("null"), -1, GK_FORMAT_ERROR_INVALID, "items[0]" },
  { "item-no-id", DOC ("{\"domain\":\"01\",\"level1\":\"a\"}"), -1, GK_FORMAT_ERROR_INVALID,
    "items[0]: missing member “id”" },
  { "item-bad-id", DOC (ITEM_WITH ("abc", "")), -1, GK_FORMAT_ERROR_INVALID, "items[0].id" },
  { "item-id-number", DOC ("{\"id\":7,\"domain\":\"01\",\"level1\":\"a\"}"), -1,
    GK_FORMAT_ERROR_INVALID, "items[0].id" },
  { "item-no-domain", DOC ("{\"id\":\"" ID0 "\",\"level1\":\"a\"}"), -1,
    GK_FORMAT_ERROR_INVALID, "items[0]: missing member “domain”" },
  { "unknown-domain", DOC ("{\"id\":\"" ID0 "\",\"domain\":\"27\",\"level1\":\"a\"}"), -1,
    GK_FORMAT_ERROR_INVALID, "items[0].domain: unknown domain “27”" },
  { "domain-name", DOC ("{\"id\":\"" ID0 "\",\"domain\":\"国土空间规划\",\"level1\":\"a\"}"), -1,
    GK_FORMAT_ERROR_INVALID, "items[0].domain" },
  { "no-level1", DOC ("{\"id\":\"" ID0 "\",\"domain\":\"01\"}"), -1, GK_FORMAT_ERROR_INVALID,
    "items[0]: missing member “level1”" },
  { "level1-number", DOC ("{\"id\":\"" ID0 "\",\"domain\":\"01\",\"level1\":1}"), -1,
    GK_FORMAT_ERROR_INVALID, "items[0].level1" },
  { "content-null", DOC (ITEM (",\"content\":null")), -1, GK_FORMAT_ERROR_INVALID,
    "items[0].content" },
  { "content-array", DOC (ITEM (",\"content\":[\"a\"]")), -1, GK_FORMAT_ERROR_INVALID,
    "items[0].content" },
  { "channels-string", DOC (ITEM (",\"channels\":\"政府网站\"")), -1, GK_FORMAT_ERROR_INVALID,
    "items[0].channels" },
  { "unknown-channel", DOC (ITEM (",\"channels\":[\"政府网站\",\"xx\"]")), -1,
    GK_FORMAT_ERROR_INVALID, "items[0].channels[1]: unknown channel “xx”" },
  { "channel-number", DOC (ITEM (",\"channels\":[1]")), -1, GK_FORMAT_ERROR_INVALID,
    "items[0].channels[0]" },
  { "unknown-audience", DOC (ITEM (",\"audience\":[\"所有人\"]")), -1, GK_FORMAT_ERROR_INVALID,
    "items[0].audience[0]: unknown audience “所有人”" },
  { "unknown-method", DOC (ITEM (",\"method\":[\"主动\",\"被动\"]")), -1,
    GK_FORMAT_ERROR_INVALID, "items[0].method[1]: unknown method “被动”" },
  { "level-not-in-set", DOC (ITEM (",\"levels\":[\"县级\",\"村级\"]")), -1,
    GK_FORMAT_ERROR_INVALID, "items[0].levels[1]" },
  { "level-number", DOC (ITEM (",\"levels\":[true]")), -1, GK_FORMAT_ERROR_INVALID,
    "items[0].levels[0]" },
  { "position-float", DOC (ITEM (",\"position\":1.5")), -1, GK_FORMAT_ERROR_INVALID,
    "items[0].position" },
  { "position-string", DOC (ITEM (",\"position\":\"1\"")), -1, GK_FORMAT_ERROR_INVALID,
    "items[0].position" },
  { "position-huge", DOC (ITEM (",\"position\":99999999999")), -1, GK_FORMAT_ERROR_INVALID,
    "items[0].position" },
  { "created-garbage", DOC (ITEM (",\"created\":\"yesterday\"")), -1, GK_FORMAT_ERROR_INVALID,
    "items[0].created" },
  { "modified-number", DOC (ITEM (",\"modified\":1700000000")), -1, GK_FORMAT_ERROR_INVALID,
    "items[0].modified" },
  { "duplicate-id", DOC (ITEM ("") "," ITEM ("")), -1, GK_FORMAT_ERROR_INVALID,
    "items[1].id: duplicate item id" },
  { "duplicate-id-case", DOC (ITEM ("") "," ITEM_WITH (ID1, "") ","
    ITEM_WITH ("0B5A3C8E-1C2D-4E5F-8A9B-0C1D2E3F4A5B", "")), -1, GK_FORMAT_ERROR_INVALID,
    "items[2].id: duplicate item id" },
  { "second-item", DOC (ITEM ("") "," ITEM_WITH (ID1, ",\"channels\":[\"政府网站\",5]")), -1,
    GK_FORMAT_ERROR_INVALID, "items[1].channels[1]" },
  { "dept-not-string", DOC (ITEM (",\"dept\":7")), -1, GK_FORMAT_ERROR_INVALID, "items[0].dept" },
};

static void
test_malformed (gconstpointer data)
{
  const Malformed *m = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = NULL;

  catalog = gk_catalog_new_from_data (m->data, m->length, &error);
  g_assert_null (catalog);
  g_assert_error (error, GK_FORMAT_ERROR, (int) m->code);
  g_assert_cmpstr (error->message, !=, "");
  if (m->place != NULL && strstr (error->message, m->place) == NULL)
    g_error ("“%s” does not name “%s”", error->message, m->place);
}

static void
test_deep_nesting (void)
{
  gsize depth = 100000;
  GString *data = g_string_new ("{\"format\":1,\"unit\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = NULL;
  g_autofree char *text = NULL;

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (data, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (data, ']');
  g_string_append_c (data, '}');
  text = g_string_free (data, FALSE);

  catalog = gk_catalog_new_from_data (text, -1, &error);
  g_assert_null (catalog);
  g_assert_error (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_TOO_DEEP);
}

/* Every proper prefix of a valid file is an error, never a crash. */
static void
test_truncated (void)
{
  g_autoptr(GkCatalog) catalog = make_catalog (FALSE);
  g_autofree char *data = NULL;
  gsize length;

  /* Without the final newline the last prefix is a complete document. */
  data = gk_catalog_to_data (catalog, &length);
  length--;
  for (gsize i = 0; i < length; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GkCatalog) back = gk_catalog_new_from_data (data, (gssize) i, &error);

      g_assert_null (back);
      g_assert_error (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_SYNTAX);
    }
}

/* Random damage must give a catalog or an error, nothing else. */
static void
test_mutations (void)
{
  g_autoptr(GkCatalog) catalog = make_catalog (FALSE);
  g_autofree char *data = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20191127);
  const char bytes[] = "{}[]\",:0-e\\\xc3\xa9\xff\x00 ";
  gsize length;

  data = gk_catalog_to_data (catalog, &length);
  for (guint round = 0; round < 3000; round++)
    {
      g_autofree char *copy = g_memdup2 (data, length);
      g_autoptr(GError) error = NULL;
      g_autoptr(GkCatalog) back = NULL;
      guint n = (guint) g_rand_int_range (rand, 1, 4);

      for (guint k = 0; k < n; k++)
        copy[g_rand_int_range (rand, 0, (gint32) length)] =
          bytes[g_rand_int_range (rand, 0, sizeof bytes - 1)];

      back = gk_catalog_new_from_data (copy, (gssize) length, &error);
      if (back == NULL)
        g_assert_true (error != NULL && error->domain == GK_FORMAT_ERROR);
      else
        g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* The messages are compared with their English text. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_unsetenv ("LANGUAGE");
  gk_core_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/round-trip", test_round_trip);
  g_test_add_func ("/json/control-characters", test_control_characters);
  g_test_add_func ("/json/deterministic", test_deterministic);
  g_test_add_func ("/json/item", test_item_json);
  g_test_add_func ("/json/optional-members", test_optional_members);
  g_test_add_func ("/json/dept", test_dept);
  g_test_add_func ("/json/escapes", test_escapes);
  g_test_add_func ("/json/file", test_file);
  g_test_add_func ("/json/levels-outside-set", test_levels_outside_set);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *path = g_strdup_printf ("/json/malformed/%s", malformed[i].name);

      g_test_add_data_func (path, &malformed[i], test_malformed);
    }
  g_test_add_func ("/json/deep-nesting", test_deep_nesting);
  g_test_add_func ("/json/truncated", test_truncated);
  g_test_add_func ("/json/mutations", test_mutations);

  return g_test_run ();
}
