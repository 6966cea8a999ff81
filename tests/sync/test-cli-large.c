/* test-cli-large.c: `gongkai-cli sync` of changes bigger than one push
 * may carry: cut into pushes that fit the server's limit of bytes, and an
 * item too large to send alone refused on the PC with its reason, without
 * holding back the others
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-test-cli.h"
#include "gk-test-util.h"

typedef GkTestCli Fixture;

/* A catalog of @n items whose content is @length copies of @unit, and one
 * more item whose text fields are each @length copies of @unit when
 * @with_huge. */
static char *
write_catalog (Fixture    *f,
               guint       n,
               const char *unit,
               guint       length,
               gboolean    with_huge)
{
  char *path = gk_test_cli_path_in (f, "large.json");
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const char * const levels[] = { "县级", "乡级", NULL };

  for (guint i = 0; i < length; i++)
    g_string_append (text, unit);
  gk_catalog_set_unit_name (catalog, "某某县");
  gk_catalog_set_levels (catalog, levels);
  for (guint i = 0; i < n + (with_huge ? 1 : 0); i++)
    {
      g_autoptr(GkItem) item = gk_item_new ("20");
      g_autofree char *level2 = g_strdup_printf ("第 %u 项", i);

      gk_item_set_text (item, GK_FIELD_LEVEL1, "最低生活保障");
      gk_item_set_text (item, GK_FIELD_LEVEL2, level2);
      gk_item_set_text (item, GK_FIELD_CONTENT, text->str);
      if (i == n)
        {
          gk_item_set_text (item, GK_FIELD_LEVEL2, "太大的事项");
          gk_item_set_text (item, GK_FIELD_LEVEL3, text->str);
          gk_item_set_text (item, GK_FIELD_BASIS, text->str);
          gk_item_set_text (item, GK_FIELD_TIME_LIMIT, text->str);
          gk_item_set_text (item, GK_FIELD_SUBJECT, text->str);
          gk_item_set_text (item, GK_FIELD_NOTES, text->str);
        }
      gk_item_set_position (item, (int) i);
      gk_catalog_add_item (catalog, item);
    }
  g_assert_true (gk_catalog_save_to_file (catalog, file, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static gint64
count_server_items (Fixture *f)
{
  g_autofree char *db = g_build_filename (f->county.s.data, "gongkai-server.db", NULL);

  return gk_test_query_int (db, "SELECT count(*) FROM item");
}

/* 150 items of 3,000 CJK characters (9 KB each, 1.35 MB in all) are more
 * than one push may carry: sent in several, all of them, each once; the
 * other PC gets the same catalog. */
static void
test_split (Fixture       *f,
            gconstpointer  program)
{
  g_autofree char *catalog = write_catalog (f, 150, "内", 3000, FALSE);
  g_autofree char *out = NULL;

  g_assert_cmpint (gk_test_cli_run (f, NULL, "load", catalog, "--data-dir", f->a, NULL), ==, 0);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, &out), ==, 0);
  g_assert_true (g_str_has_prefix (out, "pushed 150, "));
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 0);
  g_assert_cmpint (count_server_items (f), ==, 150);

  g_assert_cmpint (gk_test_cli_sync (f, f->b, f->token_b, NULL), ==, 0);
  gk_test_cli_assert_same_dumps (f);
}

/* An item whose texts make more than 1 MiB of JSON alone (control
 * characters, six bytes each once escaped): refused on the PC with the
 * reason (exit 1, kept in the outbox), and the items beside it sent. */
static void
test_too_large (Fixture       *f,
                gconstpointer  program)
{
  g_autofree char *catalog = write_catalog (f, 3, "\x01", 30000, TRUE);
  g_autofree char *out = NULL;
  g_autofree char *db = g_build_filename (f->a, "gongkai.db", NULL);

  g_assert_cmpint (gk_test_cli_run (f, NULL, "load", catalog, "--data-dir", f->a, NULL), ==, 0);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, &out), ==, 1);
  g_assert_true (g_str_has_prefix (out, "pushed 3, "));
  g_assert_nonnull (strstr (out, "too_large"));
  g_assert_cmpint (count_server_items (f), ==, 3);
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM outbox WHERE state = 'rejected' "
                                      "AND reason LIKE 'rejected: too_large:%'"), ==, 1);

  /* Kept, and refused again the same way: nothing else waits behind it. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, &out), ==, 1);
  g_assert_true (g_str_has_prefix (out, "pushed 0, "));
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  const char *program = gk_test_cli_init (&argc, &argv);

  gk_test_cli_add ("/cli-large/split", program, (GTestFixtureFunc) test_split);
  gk_test_cli_add ("/cli-large/too-large", program, (GTestFixtureFunc) test_too_large);

  return g_test_run ();
}
