/* gk-test-samples.c: the sample rows as items
 *
 * The rows come from real published catalogs; cells the source left empty
 * read "（未填写）" or "（未注明）", audience is "全社会；特定群体：desc" and
 * channels are names, 其他 followed by ":text".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-test-samples.h"

/* Text the source tables use for a cell left empty. */
static gboolean
is_placeholder (const char *text)
{
  return *text == '\0' || strcmp (text, "（未填写）") == 0 || strcmp (text, "（未注明）") == 0;
}

static void
convert_channels (JsonObject *row,
                  GkItem     *item)
{
  JsonArray *channels = json_object_get_array_member (row, "channels");
  g_autoptr(GString) other = g_string_new (NULL);
  guint set = 0;

  for (guint i = 0; i < json_array_get_length (channels); i++)
    {
      const char *text = json_array_get_string_element (channels, i);
      g_auto(GStrv) parts = g_strsplit (text, ":", 2);
      GkChannel channel;

      if (!gk_channel_lookup (parts[0], &channel))
        g_error ("channel “%s” does not resolve", text);
      set |= 1u << channel;
      if (channel == GK_CHANNEL_OTHER && parts[1] != NULL && !is_placeholder (parts[1]))
        g_string_append_printf (other, "%s%s", other->len > 0 ? "、" : "", parts[1]);
    }
  gk_item_set_channels (item, set);
  gk_item_set_text (item, GK_FIELD_CHANNEL_OTHER, other->str);
}

static void
convert_audience (JsonObject *row,
                  GkItem     *item)
{
  g_auto(GStrv) parts = g_strsplit (json_object_get_string_member (row, "audience"), "；", -1);
  GkAudience audience = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *desc;

      if (*parts[i] == '\0')
        continue;
      if (g_str_has_prefix (parts[i], "全社会"))
        audience |= GK_AUDIENCE_PUBLIC;
      else if (g_str_has_prefix (parts[i], "特定群体"))
        {
          audience |= GK_AUDIENCE_SPECIFIC;
          desc = strstr (parts[i], "：");
          if (desc != NULL)
            gk_item_set_text (item, GK_FIELD_AUDIENCE_DESC, desc + strlen ("："));
        }
      else
        g_error ("unknown audience “%s”", parts[i]);
    }
  gk_item_set_audience (item, audience);
}

static void
convert_method (JsonObject *row,
                GkItem     *item)
{
  const char *text = json_object_get_string_member (row, "method");
  GkMethod method = 0;

  if (strstr (text, "主动") != NULL)
    method |= GK_METHOD_PROACTIVE;
  if (strstr (text, "依申请") != NULL)
    method |= GK_METHOD_ON_REQUEST;
  if (method == 0 && *text != '\0')
    g_error ("unknown method “%s”", text);
  gk_item_set_method (item, method);
}

/**
 * gk_test_samples_convert_row:
 * @row: one row of sample-items.json
 * @all_levels: (element-type utf8): levels seen so far; the row's new ones
 *   are added
 *
 * Returns: (transfer full): the row as an item; aborts the test on a row
 *   that does not resolve
 */
GkItem *
gk_test_samples_convert_row (JsonObject *row,
                             GPtrArray  *all_levels)
{
  const char *texts[][2] = {
    { "level1", NULL }, { "level2", NULL }, { "content", NULL }, { "basis", NULL },
    { "time_limit", NULL }, { "subject", NULL },
  };
  const char *domain_name = json_object_get_string_member (row, "domain");
  const GkDomain *domain = gk_domain_lookup (domain_name);
  JsonArray *levels = json_object_get_array_member (row, "level");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  GkItem *item;

  if (domain == NULL)
    g_error ("domain “%s” does not resolve", domain_name);
  item = gk_item_new (domain->code);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      GkField field;

      g_assert_true (gk_field_from_key (texts[i][0], &field));
      gk_item_set_text (item, field, json_object_get_string_member (row, texts[i][0]));
    }
  convert_channels (row, item);
  convert_audience (row, item);
  convert_method (row, item);

  for (guint i = 0; i < json_array_get_length (levels); i++)
    {
      const char *level = json_array_get_string_element (levels, i);

      g_strv_builder_add (builder, level);
      if (!g_ptr_array_find_with_equal_func (all_levels, level, g_str_equal, NULL))
        g_ptr_array_add (all_levels, g_strdup (level));
    }
  strv = g_strv_builder_end (builder);
  gk_item_set_levels (item, (const char * const *) strv);

  return item;
}

/**
 * gk_test_samples_load:
 * @rows: (out) (transfer full): the rows of the fixture
 * @items: (out) (transfer full) (element-type GkItem): row i → item i, at
 *   position i
 *
 * Returns: (transfer full): a catalog of all 80 items whose level set is
 *   every level the rows use
 */
GkCatalog *
gk_test_samples_load (JsonArray **rows,
                      GPtrArray **items)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all_levels = g_ptr_array_new_null_terminated (8, g_free, TRUE);
  GkCatalog *catalog;
  JsonNode *root;

  path = g_test_build_filename (G_TEST_DIST, "fixtures", "sample-items.json", NULL);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  *rows = json_array_ref (json_node_get_array (root));
  g_assert_cmpuint (json_array_get_length (*rows), ==, 80);

  *items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (*rows); i++)
    {
      GkItem *item = gk_test_samples_convert_row (json_array_get_object_element (*rows, i),
                                                  all_levels);

      gk_item_set_position (item, (int) i);
      g_ptr_array_add (*items, item);
    }

  catalog = gk_catalog_new ();
  gk_catalog_set_unit_name (catalog, "样例县人民政府");
  gk_catalog_set_levels (catalog, (const char * const *) all_levels->pdata);
  for (guint i = 0; i < (*items)->len; i++)
    gk_catalog_add_item (catalog, g_ptr_array_index (*items, i));

  return catalog;
}
