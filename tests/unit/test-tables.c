/* test-tables.c: the compiled-in tables agree with data/domains.tsv and
 * data/channels.tsv, the reference tables they were written from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>

#include "gongkai-core.h"

/* Returns the data rows of a TSV file of the project's data/ folder, each
 * split into its fields; the header row is checked and dropped. */
static GPtrArray *
read_tsv (const char *name,
          const char *header)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpstr (lines[0], ==, header);
  for (guint i = 1; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[i], "\t", -1));

  return rows;
}

static void
test_tables_domains (void)
{
  g_autoptr(GPtrArray) rows = read_tsv ("domains.tsv", "code\tname\taliases\ttypical_subject");

  g_assert_cmpuint (rows->len, ==, GK_N_DOMAINS);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = rows->pdata[i];
      const GkDomain *domain = gk_domain_get_nth (i);
      g_auto(GStrv) aliases = g_strsplit (row[2], ";", -1);

      g_assert_cmpuint (g_strv_length (row), ==, 4);
      g_assert_cmpstr (domain->code, ==, row[0]);
      g_assert_cmpstr (domain->name, ==, row[1]);
      g_assert_cmpstr (domain->typical_subject, ==, row[3]);
      g_assert_true (gk_domain_lookup (row[0]) == domain);
      g_assert_true (gk_domain_lookup (row[1]) == domain);
      for (guint j = 0; aliases[j] != NULL; j++)
        if (aliases[j][0] != '\0')
          g_assert_true (gk_domain_lookup (aliases[j]) == domain);
    }
}

static void
test_tables_channels (void)
{
  g_autoptr(GPtrArray) rows = read_tsv ("channels.tsv", "order\tname\tvariants_seen");

  g_assert_cmpuint (rows->len, ==, GK_N_CHANNELS);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = rows->pdata[i];
      g_auto(GStrv) variants = g_strsplit (row[2] != NULL ? row[2] : "", ";", -1);
      GkChannel channel;

      g_assert_cmpint (atoi (row[0]), ==, i + 1);
      g_assert_cmpstr (gk_channel_get_name (i), ==, row[1]);
      g_assert_true (gk_channel_lookup (row[1], &channel));
      g_assert_cmpint (channel, ==, i);
      for (guint j = 0; variants[j] != NULL; j++)
        {
          if (variants[j][0] == '\0')
            continue;
          g_assert_true (gk_channel_lookup (variants[j], &channel));
          g_assert_cmpint (channel, ==, i);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tables/domains", test_tables_domains);
  g_test_add_func ("/tables/channels", test_tables_channels);

  return g_test_run ();
}
