/* test-file.c: writing whole files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gongkai-core.h"
#include "gk-test-util.h"

static char *
read_all (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&contents);
}

static void
test_replace (void)
{
  g_autofree char *dir = gk_test_make_tmp_dir ("file");
  g_autofree char *path = g_build_filename (dir, "catalog.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", "catalog.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) nowhere = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (3 * 1024 * 1024 + 7, 'x');
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  /* A new file, then one replaced by a longer text (written in one go). */
  g_assert_true (gk_file_replace_contents (file, "政务公开", strlen ("政务公开"), NULL, &error));
  g_assert_no_error (error);
  first = read_all (path);
  g_assert_cmpstr (first, ==, "政务公开");
  g_assert_true (gk_file_replace_contents (file, big, strlen (big), NULL, &error));
  g_assert_no_error (error);
  second = read_all (path);
  g_assert_cmpstr (second, ==, big);
  g_assert_cmpuint (gk_test_count_entries (dir), ==, 1);

  /* Nowhere to write: an error, nothing created. */
  g_assert_false (gk_file_replace_contents (nowhere, "x", 1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (gk_test_count_entries (dir), ==, 1);

  gk_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/file/replace", test_replace);

  return g_test_run ();
}
