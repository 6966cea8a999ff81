/* test-samples.c: the checks on 80 rows of real catalogs
 *
 * Each row of tests/fixtures/sample-items.json becomes an item; no element
 * the row has complete may be reported missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-test-samples.h"

typedef struct
{
  JsonArray *rows;
  GkCatalog *catalog;
  GPtrArray *items;   /* row i → item i */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->catalog = gk_test_samples_load (&fixture->rows, &fixture->items);
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
