/* test-failed-write.c: a write that fails leaves the old file as it was
 *
 * Every writer of gongkai-cli (the catalog of `new`, `import` and `dump`;
 * the HTML, CSV, XLSX and PDF of `export`) replaces an existing file on a
 * file system that is really full (a small tmpfs, when the test runs as
 * root and may mount one) and under a real file-size limit (RLIMIT_FSIZE,
 * always). Each must exit with 1, name the problem, and leave the old
 * file byte for byte and no stray file beside it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "gongkai-core.h"
#include "gk-test-samples.h"
#include "gk-test-util.h"

#define OLD_CONTENTS "the file saved before: 保存过的文件\n"
#define FILE_SIZE_LIMIT (48 * 1024)   /* more than the store's -shm */

static const char *cli_path;

typedef struct
{
  char *inputs;     /* the big catalog, its CSV export and a store, elsewhere */
  char *catalog;
  char *csv;
  char *store;
  char *target;     /* the folder written to: full, or under the limit */
  gboolean mounted;
} Fixture;

/* The 80 real rows, five times over: every export of it is far larger
 * than what the full file system or the size limit lets through. */
static void
write_big_catalog (const char *path)
{
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GkCatalog) catalog = gk_test_samples_load (&rows, &items);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  for (guint copy = 0; copy < 4; copy++)
    {
      for (guint i = 0; i < items->len; i++)
        {
          g_autoptr(GkItem) item = gk_item_new (gk_item_get_text (g_ptr_array_index (items, i),
                                                                  GK_FIELD_DOMAIN));

          for (GkField field = 0; field < GK_N_FIELDS; field++)
            if (gk_field_is_text (field))
              gk_item_set_text (item, field,
                                gk_item_get_text (g_ptr_array_index (items, i), field));
          gk_catalog_add_item (catalog, item);
        }
    }
  g_assert_true (gk_catalog_save_to_file (catalog, file, NULL, &error));
  g_assert_no_error (error);
}

static void
make_inputs (Fixture *fixture)
{
  fixture->inputs = gk_test_make_tmp_dir ("failed-write-inputs");
  fixture->catalog = g_build_filename (fixture->inputs, "big.json", NULL);
  fixture->csv = g_build_filename (fixture->inputs, "big.csv", NULL);
  fixture->store = g_build_filename (fixture->inputs, "store", NULL);
  write_big_catalog (fixture->catalog);
  {
    const char * const csv_args[] = { fixture->catalog, "-F", "csv", "-o", fixture->csv, NULL };
    const char * const load_args[] = { fixture->catalog, "--data-dir", fixture->store, NULL };

    g_assert_cmpint (gk_test_run_cli (cli_path, "export", csv_args, NULL, NULL), ==, 0);
    g_assert_cmpint (gk_test_run_cli (cli_path, "load", load_args, NULL, NULL), ==, 0);
  }
}

/* Fills the tmpfs, the old file already in it. */
static void
fill_up (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "filler", NULL);
  g_autofree char *block = g_malloc0 (4096);
  int fd = g_open (path, O_WRONLY | O_CREAT, 0600);

  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, 4096) == 4096)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  gboolean full_disk = GPOINTER_TO_INT (data);

  make_inputs (fixture);
  fixture->target = gk_test_make_tmp_dir ("failed-write");
  if (full_disk)
    {
      if (geteuid () != 0
          || mount ("tmpfs", fixture->target, "tmpfs", MS_NOSUID | MS_NODEV,
                    "size=1m,mode=0700") != 0)
        {
          g_test_skip ("mounting a small tmpfs needs root; the file-size limit test covers "
                       "the same code");
          return;
        }
      fixture->mounted = TRUE;
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->mounted)
    g_assert_cmpint (umount (fixture->target), ==, 0);
  gk_test_remove_tree (fixture->target);
  gk_test_remove_tree (fixture->inputs);
  g_free (fixture->target);
  g_free (fixture->inputs);
  g_free (fixture->catalog);
  g_free (fixture->csv);
  g_free (fixture->store);
}

static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit = { FILE_SIZE_LIMIT, FILE_SIZE_LIMIT };

  setrlimit (RLIMIT_FSIZE, &limit);
}

/* Runs gongkai-cli, under the file-size limit unless the disk is full. */
static int
run_cli (Fixture            *fixture,
         const char * const *argv,
         char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  if (!fixture->mounted)
    g_subprocess_launcher_set_child_setup (launcher, limit_file_size, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

static void
assert_old_file_kept (Fixture    *fixture,
                      const char *old)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (old, &contents, NULL, &error));
  g_assert_no_error (error);
  /* Not g_assert_cmpstr(): a replaced file would fill the log. */
  g_assert_true (g_str_equal (contents, OLD_CONTENTS));
  /* The old file, and the filler on a full disk: no temporary left. */
  g_assert_cmpuint (gk_test_count_entries (fixture->target), ==, fixture->mounted ? 2 : 1);
}

static void
test_writers (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *old = NULL;
  g_autofree char *filler = NULL;
  const char *cases[][9] = {
    { "new", "--unit", "测试县", "--starter", "--force", "-o", NULL },
    { "import", fixture->csv, "--force", "-o", NULL },
    { "dump", "--data-dir", fixture->store, "--force", "-o", NULL },
    { "export", fixture->catalog, "-F", "csv", "--force", "-o", NULL },
    { "export", fixture->catalog, "-F", "html", "--force", "-o", NULL },
    { "export", fixture->catalog, "-F", "xlsx", "--force", "-o", NULL },
    { "export", fixture->catalog, "-F", "pdf", "--force", "-o", NULL },
  };

  if (g_test_failed () || (GPOINTER_TO_INT (data) && !fixture->mounted))
    return;

  old = g_build_filename (fixture->target, "old", NULL);
  if (fixture->mounted)
    {
      filler = g_build_filename (fixture->target, "filler", NULL);
      g_assert_true (g_file_set_contents (old, OLD_CONTENTS, -1, NULL));
      fill_up (fixture->target);
    }

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *err = NULL;

      if (!fixture->mounted)
        g_assert_true (g_file_set_contents (old, OLD_CONTENTS, -1, NULL));
      g_ptr_array_add (argv, (gpointer) cli_path);
      for (guint i = 0; cases[c][i] != NULL; i++)
        g_ptr_array_add (argv, (gpointer) cases[c][i]);
      g_ptr_array_add (argv, old);
      g_ptr_array_add (argv, NULL);

      g_test_message ("gongkai-cli %s %s", cases[c][0], cases[c][c < 3 ? 0 : 3]);
      g_assert_cmpint (run_cli (fixture, (const char * const *) argv->pdata, &err), ==, 1);
      g_assert_nonnull (strstr (err, old));
      /* libxlsxwriter gives its own reason, not the system's. */
      if (c != 5)
        g_assert_nonnull (strstr (err, fixture->mounted ? "No space left on device"
                                                        : "File too large"));
      assert_old_file_kept (fixture, old);
    }
}

/* The editor's exports and print settings use the same function. */
static void
test_replace_contents (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *old = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (256 * 1024, 'x');

  if (g_test_failed () || !fixture->mounted)
    return;

  old = g_build_filename (fixture->target, "old", NULL);
  g_assert_true (g_file_set_contents (old, OLD_CONTENTS, -1, NULL));
  fill_up (fixture->target);
  file = g_file_new_for_path (old);
  g_assert_false (gk_file_replace_contents (file, big, strlen (big), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, old));
  assert_old_file_kept (fixture, old);
}

/* The store tells a full disk apart from other failures, and the item it
 * could not save is still the one saved before. */
static void
test_store_full (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GkStore) store = NULL;
  g_autoptr(GkStore) again = NULL;
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GkItem) item = gk_item_new ("01");
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (256 * 1024, 'x');

  if (g_test_failed () || !fixture->mounted)
    return;

  store = gk_store_new (fixture->target);
  gk_store_open (store, &error);
  g_assert_no_error (error);
  gk_item_set_text (item, GK_FIELD_LEVEL1, "保存过的");
  g_assert_true (gk_store_save_item (store, item, &error));
  g_assert_no_error (error);
  fill_up (fixture->target);

  gk_item_set_text (item, GK_FIELD_CONTENT, big);
  g_assert_false (gk_store_save_item (store, item, &error));
  g_assert_error (error, GK_STORE_ERROR, GK_STORE_ERROR_FULL);
  g_assert_finalize_object (g_steal_pointer (&store));

  again = gk_store_new (fixture->target);
  g_clear_error (&error);
  g_assert_true (gk_store_open_read_only (again, &error));
  g_assert_no_error (error);
  catalog = gk_store_load_catalog (again, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gk_item_get_text (gk_catalog_lookup_item (catalog, gk_item_get_id (item)),
                                     GK_FIELD_CONTENT), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  cli_path = gk_test_get_program (argc, argv, "gongkai-cli");

  g_test_add ("/failed-write/file-size-limit", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_writers, fixture_tear_down);
  g_test_add ("/failed-write/full-disk", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_writers, fixture_tear_down);
  g_test_add ("/failed-write/full-disk-replace-contents", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_replace_contents, fixture_tear_down);
  g_test_add ("/failed-write/full-disk-store", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_store_full, fixture_tear_down);

  return g_test_run ();
}
