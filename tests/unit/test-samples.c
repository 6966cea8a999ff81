/* test-samples.c: the checks on 80 rows of real catalogs
 *
 * Each row of tests/fixtures/sample-items.json becomes an item; no element
 * the row has complete may be reported missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gongkai-core.h"

typedef struct
{
  JsonArray *rows;
  GkCatalog *catalog;
  GPtrArray *items;   /* row i → item i */
} Fixture;

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

static GkItem *
convert_row (JsonObject *row,
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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all_levels = g_ptr_array_new_null_terminated (8, g_free, TRUE);
  JsonNode *root;

  path = g_test_build_filename (G_TEST_DIST, "fixtures", "sample-items.json", NULL);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  fixture->rows = json_array_ref (json_node_get_array (root));
  g_assert_cmpuint (json_array_get_length (fixture->rows), ==, 80);

  fixture->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (fixture->rows); i++)
    {
      GkItem *item = convert_row (json_array_get_object_element (fixture->rows, i), all_levels);

      gk_item_set_position (item, (int) i);
      g_ptr_array_add (fixture->items, item);
    }

  /* The catalog's level set is every level the rows use. */
  fixture->catalog = gk_catalog_new ();
  gk_catalog_set_levels (fixture->catalog, (const char * const *) all_levels->pdata);
  for (guint i = 0; i < fixture->items->len; i++)
    gk_catalog_add_item (fixture->catalog, g_ptr_array_index (fixture->items, i));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->items, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&fixture->catalog));
  g_clear_pointer (&fixture->rows, json_array_unref);
}

static gboolean
row_text_complete (JsonObject *row,
                   const char *member)
{
  g_autofree char *text = gk_text_normalize (json_object_get_string_member (row, member));

  return *text != '\0';
}

/* Whether the row has the element @field complete. */
static gboolean
row_has_complete (JsonObject *row,
                  GkItem     *item,
                  GkField     field)
{
  switch (field)
    {
    case GK_FIELD_DOMAIN:
      return TRUE;
    case GK_FIELD_LEVEL1:
    case GK_FIELD_CONTENT:
    case GK_FIELD_BASIS:
    case GK_FIELD_TIME_LIMIT:
    case GK_FIELD_SUBJECT:
      return row_text_complete (row, gk_field_get_key (field));
    case GK_FIELD_CHANNELS:
      return json_array_get_length (json_object_get_array_member (row, "channels")) > 0;
    case GK_FIELD_CHANNEL_OTHER:
      /* Complete unless 其他 was ticked and left without its text. */
      return *gk_item_get_text (item, GK_FIELD_CHANNEL_OTHER) != '\0';
    case GK_FIELD_AUDIENCE:
      return row_text_complete (row, "audience");
    case GK_FIELD_AUDIENCE_DESC:
      return strstr (json_object_get_string_member (row, "audience"), "特定群体：") != NULL;
    case GK_FIELD_METHOD:
      return row_text_complete (row, "method");
    case GK_FIELD_LEVELS:
      return json_array_get_length (json_object_get_array_member (row, "level")) > 0;
    default:
      return FALSE;
    }
}

static void
test_no_false_errors (Fixture       *fixture,
                      gconstpointer  data)
{
  const char * const *levels = gk_catalog_get_levels (fixture->catalog);
  guint rows_with_warnings = 0;
  guint rows_without_errors = 0;

  for (guint i = 0; i < fixture->items->len; i++)
    {
      JsonObject *row = json_array_get_object_element (fixture->rows, i);
      GkItem *item = g_ptr_array_index (fixture->items, i);
      g_autoptr(GPtrArray) diagnostics = NULL;
      g_autoptr(GString) warnings = g_string_new (NULL);
      guint n_errors;

      diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_diagnostic_free);
      n_errors = gk_check_item (item, levels, diagnostics);
      for (guint k = 0; k < diagnostics->len; k++)
        {
          GkDiagnostic *d = g_ptr_array_index (diagnostics, k);

          if (d->severity == GK_SEVERITY_WARNING)
            g_string_append_printf (warnings, " %s(%s)", d->code, gk_field_get_key (d->field));
          else if (row_has_complete (row, item, d->field))
            g_error ("row %u (%s): false error %s: %s", i,
                     json_object_get_string_member (row, "level2"), d->code, d->message);
        }
      if (warnings->len > 0)
        {
          g_test_message ("row %u %s/%s: warnings%s", i,
                          json_object_get_string_member (row, "domain"),
                          json_object_get_string_member (row, "level2"), warnings->str);
          rows_with_warnings++;
        }
      if (n_errors == 0)
        rows_without_errors++;
    }
  g_test_message ("%u rows without errors, %u rows with warnings",
                  rows_without_errors, rows_with_warnings);
  /* Most rows of real catalogs that list every element are complete. */
  g_assert_cmpuint (rows_without_errors, >, 0);
}

/* A row with every element given has no error at all. */
static void
test_complete_rows (Fixture       *fixture,
                    gconstpointer  data)
{
  const char * const *levels = gk_catalog_get_levels (fixture->catalog);
  guint n_complete = 0;

  for (guint i = 0; i < fixture->items->len; i++)
    {
      JsonObject *row = json_array_get_object_element (fixture->rows, i);
      GkItem *item = g_ptr_array_index (fixture->items, i);
      g_autoptr(GPtrArray) diagnostics = NULL;
      gboolean complete = TRUE;

      for (GkField f = 0; f < GK_N_FIELDS && complete; f++)
        {
          if (f == GK_FIELD_DOMAIN || f == GK_FIELD_LEVEL1 || f == GK_FIELD_CONTENT
              || f == GK_FIELD_BASIS || f == GK_FIELD_TIME_LIMIT || f == GK_FIELD_SUBJECT
              || f == GK_FIELD_CHANNELS || f == GK_FIELD_AUDIENCE || f == GK_FIELD_METHOD
              || f == GK_FIELD_LEVELS)
            complete = row_has_complete (row, item, f);
        }
      if ((gk_item_get_channels (item) & (1u << GK_CHANNEL_OTHER))
          && !row_has_complete (row, item, GK_FIELD_CHANNEL_OTHER))
        complete = FALSE;
      if ((gk_item_get_audience (item) & GK_AUDIENCE_SPECIFIC)
          && !row_has_complete (row, item, GK_FIELD_AUDIENCE_DESC))
        complete = FALSE;
      if (!complete)
        continue;

      n_complete++;
      diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_diagnostic_free);
      g_assert_cmpuint (gk_check_item (item, levels, diagnostics), ==, 0);
    }
  g_test_message ("%u complete rows", n_complete);
  g_assert_cmpuint (n_complete, >, 0);
}

/* The real rows survive the canonical form unchanged. */
static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gk_catalog_to_data (fixture->catalog, NULL);
  g_autoptr(GkCatalog) back = gk_catalog_new_from_data (text, -1, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (gk_catalog_get_n_items (back), ==, fixture->items->len);
  for (guint i = 0; i < fixture->items->len; i++)
    {
      GkItem *item = g_ptr_array_index (fixture->items, i);

      g_assert_true (gk_item_equal (item, gk_catalog_lookup_item (back, gk_item_get_id (item))));
    }
  again = gk_catalog_to_data (back, NULL);
  g_assert_cmpstr (again, ==, text);
}

int
main (int   argc,
      char *argv[])
{
  gk_core_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/samples/no-false-errors", Fixture, NULL,
              fixture_set_up, test_no_false_errors, fixture_tear_down);
  g_test_add ("/samples/complete-rows", Fixture, NULL,
              fixture_set_up, test_complete_rows, fixture_tear_down);
  g_test_add ("/samples/round-trip", Fixture, NULL,
              fixture_set_up, test_round_trip, fixture_tear_down);

  return g_test_run ();
}
