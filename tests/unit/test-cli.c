/* test-cli.c: the real gongkai-cli binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-cli [GTEST-OPTIONS] PATH-TO-gongkai-cli
 */

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "gongkai-core.h"
#include "gk-test-util.h"

static const char *cli_path;

typedef struct
{
  char *tmp;
  char *data_dir;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->tmp = gk_test_make_tmp_dir ("cli");
  fixture->data_dir = g_build_filename (fixture->tmp, "store", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gk_test_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
  g_free (fixture->data_dir);
}

static char *
tmp_file (Fixture    *fixture,
          const char *name)
{
  return g_build_filename (fixture->tmp, name, NULL);
}

/* Runs gongkai-cli with the NULL-terminated arguments, untranslated. */
static void
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_null_terminated (8, NULL, TRUE);
  const char *arg;
  va_list ap;

  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);

  run->status = gk_test_run_cli (cli_path, NULL, (const char * const *) args->pdata,
                                 &run->out, &run->err);
}

static GkCatalog *
read_catalog (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GkCatalog *catalog = gk_catalog_new_from_file (file, NULL, &error);

  g_assert_no_error (error);
  return catalog;
}

static void
write_catalog (GkCatalog  *catalog,
               const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_catalog_save_to_file (catalog, file, NULL, &error));
  g_assert_no_error (error);
}

/* An item as the standard asks for it. */
static GkItem *
make_complete_item (void)
{
  GkItem *item = gk_item_new ("01");
  const char *levels[] = { "县级", NULL };

  gk_item_set_text (item, GK_FIELD_LEVEL1, "政策文件");
  gk_item_set_text (item, GK_FIELD_LEVEL2, "规划政策文件");
  gk_item_set_text (item, GK_FIELD_CONTENT, "国土空间规划相关政策文件");
  gk_item_set_text (item, GK_FIELD_BASIS, "《中华人民共和国政府信息公开条例》");
  gk_item_set_text (item, GK_FIELD_TIME_LIMIT, "信息形成或者变更之日起20个工作日内");
  gk_item_set_text (item, GK_FIELD_SUBJECT, "县自然资源局");
  gk_item_set_channels (item, 1u << GK_CHANNEL_WEBSITE);
  gk_item_set_audience (item, GK_AUDIENCE_PUBLIC);
  gk_item_set_method (item, GK_METHOD_PROACTIVE);
  gk_item_set_levels (item, levels);
  return item;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static void
test_cli_help (Fixture       *fixture,
               gconstpointer  data)
{
  g_auto(Run) help = { 0, };
  g_auto(Run) version = { 0, };
  g_auto(Run) unknown = { 0, };
  g_auto(Run) sub_help = { 0, };

  run_cli (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  for (guint i = 0; i < 4; i++)
    {
      const char *commands[] = { "new", "check", "load", "dump" };
      g_autofree char *line = g_strdup_printf ("\n  %s ", commands[i]);

      g_assert_nonnull (strstr (help.out, line));
    }

  run_cli (&version, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "gongkai-cli "));

  run_cli (&unknown, "frobnicate", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "frobnicate"));

  run_cli (&sub_help, "new", "--help", NULL);
  g_assert_cmpint (sub_help.status, ==, 0);
  g_assert_nonnull (strstr (sub_help.out, "--starter"));
}

static void
test_cli_new (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = tmp_file (fixture, "new.json");
  g_autoptr(GkCatalog) catalog = NULL;
  g_auto(Run) run = { 0, };
  g_auto(Run) again = { 0, };
  g_auto(Run) bad_kind = { 0, };
  g_auto(Run) no_unit = { 0, };
  const char *levels[] = { "县级", "乡、村级", NULL };

  run_cli (&run, "new", "--unit", "某某县自然资源局", "--kind", "department",
           "--levels", "县级,乡、村级", "--starter", "-o", path, NULL);
  g_assert_cmpint (run.status, ==, 0);

  catalog = read_catalog (path);
  g_assert_cmpstr (gk_catalog_get_unit_name (catalog), ==, "某某县自然资源局");
  g_assert_cmpint (gk_catalog_get_unit_kind (catalog), ==, GK_UNIT_DEPARTMENT);
  g_assert_cmpstrv (gk_catalog_get_levels (catalog), levels);
  /* Starter rows in the domains its name suggests (自然资源局: 01 and 07),
   * with the unit as their responsible body. */
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      g_autoptr(GPtrArray) items = NULL;
      const char *code = gk_domain_get_nth (i)->code;

      items = gk_catalog_dup_domain_items (catalog, code);
      g_assert_cmpuint (items->len > 0, ==, g_str_equal (code, "01") || g_str_equal (code, "07"));
      for (guint j = 0; j < items->len; j++)
        g_assert_cmpstr (gk_item_get_text (items->pdata[j], GK_FIELD_SUBJECT), ==,
                         "某某县自然资源局");
    }

  /* An existing file is not overwritten. */
  run_cli (&again, "new", "--unit", "别的单位", "-o", path, NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_clear_object (&catalog);
  catalog = read_catalog (path);
  g_assert_cmpstr (gk_catalog_get_unit_name (catalog), ==, "某某县自然资源局");

  run_cli (&bad_kind, "new", "--unit", "某某", "--kind", "city", "-o", path, NULL);
  g_assert_cmpint (bad_kind.status, ==, 2);
  run_cli (&no_unit, "new", "-o", path, NULL);
  g_assert_cmpint (no_unit.status, ==, 2);
}

/* The domains of the starter rows named, by code or name, or all; a
 * department its name does not place, or a domain the table does not
 * know, is told and writes nothing. */
static void
test_cli_new_domains (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *named_path = tmp_file (fixture, "named.json");
  g_autofree char *all_path = tmp_file (fixture, "all.json");
  g_autofree char *none_path = tmp_file (fixture, "none.json");
  g_autoptr(GkCatalog) named = NULL;
  g_autoptr(GkCatalog) all = NULL;
  g_auto(Run) named_run = { 0, };
  g_auto(Run) all_run = { 0, };
  g_auto(Run) unplaced = { 0, };
  g_auto(Run) unknown = { 0, };
  g_auto(Run) checked = { 0, };

  run_cli (&named_run, "new", "--unit", "某某县档案局", "--kind", "department",
           "--domains", "24，医疗卫生", "-o", named_path, NULL);
  g_assert_cmpint (named_run.status, ==, 0);
  named = read_catalog (named_path);
  for (guint i = 0; i < gk_catalog_get_n_items (named); i++)
    {
      const char *code = gk_item_get_text (gk_catalog_get_item (named, i), GK_FIELD_DOMAIN);

      g_assert_true (g_str_equal (code, "24") || g_str_equal (code, "25"));
    }
  g_assert_cmpuint (gk_catalog_get_n_items (named), >=, 6);

  run_cli (&all_run, "new", "--unit", "某某县档案局", "--domains", "all", "-o", all_path, NULL);
  g_assert_cmpint (all_run.status, ==, 0);
  all = read_catalog (all_path);
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      g_autoptr(GPtrArray) items = gk_catalog_dup_domain_items (all, gk_domain_get_nth (i)->code);

      g_assert_cmpuint (items->len, >, 0);
    }

  /* Untouched drafts: every error is printed, and the summary says how
   * many drafts there are. */
  run_cli (&checked, "check", all_path, NULL);
  g_assert_cmpint (checked.status, ==, 1);
  g_assert_cmpuint (count_lines (checked.out), ==, gk_catalog_get_n_items (all));
  g_assert_nonnull (strstr (checked.err, "items are starter drafts nobody has changed"));

  run_cli (&unplaced, "new", "--unit", "某某县档案局", "--kind", "department", "--starter",
           "-o", none_path, NULL);
  g_assert_cmpint (unplaced.status, ==, 2);
  g_assert_nonnull (strstr (unplaced.err, "--domains"));
  run_cli (&unknown, "new", "--unit", "某某县档案局", "--domains", "24,天文", "-o", none_path,
           NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "天文"));
  g_assert_false (g_file_test (none_path, G_FILE_TEST_EXISTS));
}

static void
test_cli_check (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *good_path = tmp_file (fixture, "good.json");
  g_autofree char *bad_path = tmp_file (fixture, "bad.json");
  g_autofree char *garbage_path = tmp_file (fixture, "garbage.json");
  g_autofree char *missing_path = tmp_file (fixture, "missing.json");
  g_autofree char *expected = NULL;
  g_autoptr(GkCatalog) good = gk_catalog_new ();
  g_autoptr(GkCatalog) bad = gk_catalog_new ();
  g_autoptr(GkItem) item = make_complete_item ();
  g_autoptr(GkItem) broken = make_complete_item ();
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) good_run = { 0, };
  g_auto(Run) bad_run = { 0, };
  g_auto(Run) garbage_run = { 0, };
  g_auto(Run) missing_run = { 0, };
  g_auto(Run) good_export = { 0, };
  g_auto(Run) bad_export = { 0, };
  guint n_errors = 0, n_warnings = 0;

  gk_catalog_set_unit_name (good, "某某县人民政府");
  gk_catalog_add_item (good, item);
  diagnostics = gk_check_catalog (good, &n_errors, &n_warnings);
  g_assert_cmpuint (n_errors, ==, 0);
  write_catalog (good, good_path);

  run_cli (&good_run, "check", good_path, NULL);
  g_assert_cmpint (good_run.status, ==, 0);
  g_assert_cmpuint (count_lines (good_run.out), ==, n_warnings);
  g_assert_nonnull (strstr (good_run.err, "0 errors"));
  /* Exported without a word of errors. */
  run_cli (&good_export, "export", good_path, "-F", "csv", "-o", "-", NULL);
  g_assert_cmpint (good_export.status, ==, 0);
  g_assert_null (strstr (good_export.err, "error"));
  g_clear_pointer (&diagnostics, g_ptr_array_unref);

  gk_catalog_set_unit_name (bad, "某某县人民政府");
  gk_item_set_text (broken, GK_FIELD_BASIS, "");
  gk_catalog_add_item (bad, broken);
  diagnostics = gk_check_catalog (bad, &n_errors, &n_warnings);
  g_assert_cmpuint (n_errors, >, 0);
  write_catalog (bad, bad_path);

  run_cli (&bad_run, "check", bad_path, NULL);
  g_assert_cmpint (bad_run.status, ==, 1);
  g_assert_cmpuint (count_lines (bad_run.out), ==, diagnostics->len);
  expected = g_strdup_printf ("01 国土空间规划/政策文件/规划政策文件: %s: error: ",
                              gk_field_get_label (GK_FIELD_BASIS));
  g_assert_nonnull (strstr (bad_run.out, expected));

  /* Exported all the same, with one line that says how many errors are
   * left; the exit status is unchanged. */
  run_cli (&bad_export, "export", bad_path, "-F", "csv", "-o", "-", NULL);
  g_assert_cmpint (bad_export.status, ==, 0);
  g_assert_cmpuint (count_lines (bad_export.err), ==, 1);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("-: warning: the catalog still has %u error", n_errors);
  g_assert_nonnull (strstr (bad_export.err, expected));

  g_assert_true (g_file_set_contents (garbage_path, "\x89PNG\r\n\x1a\n{{{", -1, &error));
  g_assert_no_error (error);
  run_cli (&garbage_run, "check", garbage_path, NULL);
  g_assert_cmpint (garbage_run.status, ==, 2);
  g_assert_cmpstr (garbage_run.out, ==, "");
  g_assert_nonnull (strstr (garbage_run.err, garbage_path));

  run_cli (&missing_run, "check", missing_path, NULL);
  g_assert_cmpint (missing_run.status, ==, 2);
  g_assert_cmpstr (missing_run.err, !=, "");
}

static void
test_cli_load_dump (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *in_path = tmp_file (fixture, "in.json");
  g_autofree char *out_path = tmp_file (fixture, "out.json");
  g_autofree char *second_path = tmp_file (fixture, "second.json");
  g_autofree char *in_data = NULL;
  g_autofree char *out_data = NULL;
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GkStore) store = NULL;
  g_autoptr(GHashTable) touched = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) empty_dump = { 0, };
  g_auto(Run) created = { 0, };
  g_auto(Run) loaded = { 0, };
  g_auto(Run) dumped = { 0, };
  g_auto(Run) second = { 0, };
  g_auto(Run) reloaded = { 0, };

  run_cli (&empty_dump, "dump", "-o", out_path, "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (empty_dump.status, ==, 1);
  g_assert_false (g_file_test (out_path, G_FILE_TEST_EXISTS));

  run_cli (&created, "new", "--unit", "某某乡人民政府", "--kind", "township", "--starter",
           "--label", "2026", "-o", in_path, NULL);
  g_assert_cmpint (created.status, ==, 0);
  run_cli (&loaded, "load", in_path, "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (loaded.status, ==, 0);
  run_cli (&dumped, "dump", "-o", out_path, "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (dumped.status, ==, 0);

  /* Byte for byte: the canonical form of the same catalog. */
  g_assert_true (g_file_get_contents (in_path, &in_data, NULL, &error));
  g_assert_true (g_file_get_contents (out_path, &out_data, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out_data, ==, in_data);

  /* Loading another catalog replaces the first, as one undo step. */
  run_cli (&second, "new", "--unit", "另一个乡", "-o", second_path, NULL);
  g_assert_cmpint (second.status, ==, 0);
  run_cli (&reloaded, "load", second_path, "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (reloaded.status, ==, 0);

  store = gk_store_new (fixture->data_dir);
  g_assert_true (gk_store_open (store, &error));
  g_assert_no_error (error);
  catalog = gk_store_load_catalog (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gk_catalog_get_unit_name (catalog), ==, "另一个乡");
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, 0);
  g_clear_object (&catalog);

  touched = gk_store_undo (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (touched);
  catalog = read_catalog (in_path);
  g_assert_cmpuint (g_hash_table_size (touched), ==, gk_catalog_get_n_items (catalog));
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* -o never replaces a file without --force, and never the file being read,
 * by whatever name: the user's catalog would be lost before it was read. */
static void
test_cli_overwrite (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *catalog_path = tmp_file (fixture, "c.json");
  g_autofree char *link_path = tmp_file (fixture, "link.json");
  g_autofree char *csv_path = tmp_file (fixture, "c.csv");
  g_autofree char *db_path = g_build_filename (fixture->data_dir, "gongkai.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *db_before = NULL;
  g_autofree char *db_after = NULL;
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkItem) item = make_complete_item ();
  gsize db_length, db_after_length;
  g_auto(Run) loaded = { 0, };
  g_auto(Run) no_force = { 0, };
  g_auto(Run) forced = { 0, };
  g_auto(Run) onto_input = { 0, };
  g_auto(Run) onto_link = { 0, };
  g_auto(Run) dump_existing = { 0, };
  g_auto(Run) dump_onto_store = { 0, };
  g_auto(Run) import_onto_input = { 0, };

  gk_catalog_set_unit_name (catalog, "某某县人民政府");
  gk_catalog_add_item (catalog, item);
  write_catalog (catalog, catalog_path);
  g_assert_true (g_file_get_contents (catalog_path, &before, NULL, NULL));
  g_assert_true (g_file_set_contents (csv_path, "old", -1, NULL));
  g_assert_cmpint (symlink (catalog_path, link_path), ==, 0);

  run_cli (&no_force, "export", catalog_path, "-F", "csv", "-o", csv_path, NULL);
  g_assert_cmpint (no_force.status, ==, 1);
  g_assert_nonnull (strstr (no_force.err, "--force"));
  g_assert_true (g_file_get_contents (csv_path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "old");
  run_cli (&forced, "export", catalog_path, "-F", "csv", "--force", "-o", csv_path, NULL);
  g_assert_cmpint (forced.status, ==, 0);

  run_cli (&onto_input, "export", catalog_path, "-F", "csv", "--force", "-o", catalog_path,
           NULL);
  g_assert_cmpint (onto_input.status, ==, 1);
  g_assert_nonnull (strstr (onto_input.err, "being read"));
  run_cli (&onto_link, "export", link_path, "-F", "html", "--force", "-o", catalog_path, NULL);
  g_assert_cmpint (onto_link.status, ==, 1);
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (catalog_path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  run_cli (&import_onto_input, "import", csv_path, "--force", "-o", csv_path, NULL);
  g_assert_cmpint (import_onto_input.status, ==, 1);
  g_assert_nonnull (strstr (import_onto_input.err, "being read"));

  run_cli (&loaded, "load", catalog_path, "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (loaded.status, ==, 0);
  run_cli (&dump_existing, "dump", "-o", csv_path, "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (dump_existing.status, ==, 1);
  g_assert_true (g_file_get_contents (db_path, &db_before, &db_length, NULL));
  run_cli (&dump_onto_store, "dump", "--force", "-o", db_path, "--data-dir", fixture->data_dir,
           NULL);
  g_assert_cmpint (dump_onto_store.status, ==, 1);
  g_assert_true (g_file_get_contents (db_path, &db_after, &db_after_length, NULL));
  g_assert_cmpmem (db_after, db_after_length, db_before, db_length);
}

/* What is not a regular file is refused before it is read: /dev/zero would
 * fill the memory. So is a file over the size limit (a sparse one here). */
static void
test_cli_not_a_file (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *huge_path = tmp_file (fixture, "huge.json");
  g_auto(Run) device = { 0, };
  g_auto(Run) folder = { 0, };
  g_auto(Run) import_device = { 0, };
  g_auto(Run) huge = { 0, };
  FILE *huge_file;

  run_cli (&device, "check", "/dev/zero", NULL);
  g_assert_cmpint (device.status, ==, 2);
  g_assert_nonnull (strstr (device.err, "is not a file"));
  run_cli (&folder, "export", fixture->tmp, "-F", "html", "-o", "-", NULL);
  g_assert_cmpint (folder.status, ==, 2);
  g_assert_nonnull (strstr (folder.err, "is not a file"));
  run_cli (&import_device, "import", "/dev/zero", "-o", huge_path, NULL);
  g_assert_cmpint (import_device.status, ==, 1);
  g_assert_nonnull (strstr (import_device.err, "is not a file"));
  g_assert_false (g_file_test (huge_path, G_FILE_TEST_EXISTS));

  huge_file = fopen (huge_path, "w");
  g_assert_nonnull (huge_file);
  g_assert_cmpint (ftruncate (fileno (huge_file), GK_CATALOG_MAX_BYTES + 1), ==, 0);
  fclose (huge_file);
  run_cli (&huge, "check", huge_path, NULL);
  g_assert_cmpint (huge.status, ==, 2);
  g_assert_nonnull (strstr (huge.err, "too large"));
}

/* Item text printed on a terminal cannot send it escape sequences. */
static void
test_cli_check_escapes (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = tmp_file (fixture, "escapes.json");
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkItem) item = make_complete_item ();
  g_auto(Run) run = { 0, };

  gk_catalog_set_unit_name (catalog, "某某县人民政府");
  gk_item_set_text (item, GK_FIELD_LEVEL1, "政策\x1b]0;owned\x07文件\x1b[2J\xc2\x9b" "1m");
  gk_item_set_text (item, GK_FIELD_BASIS, "");
  gk_catalog_add_item (catalog, item);
  write_catalog (catalog, path);

  run_cli (&run, "check", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_null (strchr (run.out, '\x1b'));
  g_assert_null (strchr (run.out, '\x07'));
  g_assert_null (strstr (run.out, "\xc2\x9b"));
  g_assert_nonnull (strstr (run.out, "政策\\x1b]0;owned\\x07文件\\x1b[2J\\u009b1m"));
}

/* Texts a spreadsheet cannot hold: errors of `check` naming the item and
 * the field, and an XLSX export that names the item instead of writing a
 * workbook Excel cannot open. */
static void
test_cli_cell_limits (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = tmp_file (fixture, "cells.json");
  g_autofree char *xlsx_path = tmp_file (fixture, "cells.xlsx");
  g_autofree char *long_text = g_strnfill (GK_TEXT_MAX_CELL_CHARS + 1, 'a');
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkItem) nonchar = make_complete_item ();
  g_autoptr(GkItem) too_long = make_complete_item ();
  g_auto(Run) check = { 0, };
  g_auto(Run) xlsx = { 0, };

  gk_catalog_set_unit_name (catalog, "某某县人民政府");
  gk_item_set_text (nonchar, GK_FIELD_LEVEL2, "非字符");
  gk_item_set_text (nonchar, GK_FIELD_CONTENT, "内容\xef\xbf\xbe");
  gk_item_set_text (too_long, GK_FIELD_LEVEL2, "很长");
  gk_item_set_position (too_long, 1);
  gk_item_set_text (too_long, GK_FIELD_NOTES, long_text);
  gk_catalog_add_item (catalog, nonchar);
  gk_catalog_add_item (catalog, too_long);
  write_catalog (catalog, path);

  run_cli (&check, "check", path, NULL);
  g_assert_cmpint (check.status, ==, 1);
  g_assert_nonnull (strstr (check.out, "政策文件/非字符: "));
  g_assert_nonnull (strstr (check.out, "[noncharacter]"));
  g_assert_nonnull (strstr (check.out, "政策文件/很长: "));
  g_assert_nonnull (strstr (check.out, "[text-too-long]"));

  run_cli (&xlsx, "export", path, "-F", "xlsx", "-o", xlsx_path, NULL);
  g_assert_cmpint (xlsx.status, ==, 1);
  g_assert_nonnull (strstr (xlsx.err, "非字符"));
  g_assert_false (g_file_test (xlsx_path, G_FILE_TEST_EXISTS));
}

static void
assert_unchanged (const char *path,
                  GBytes     *bytes)
{
  g_autoptr(GBytes) now = gk_test_read_bytes (path);

  g_assert_true (g_bytes_equal (now, bytes));
}

/* Loads a starter catalog into the store; returns its canonical text. */
static char *
load_starter (Fixture *fixture)
{
  g_autofree char *in_path = tmp_file (fixture, "in.json");
  g_autoptr(GError) error = NULL;
  g_auto(Run) created = { 0, };
  g_auto(Run) loaded = { 0, };
  char *in_data = NULL;

  run_cli (&created, "new", "--unit", "某某乡人民政府", "--starter", "-o", in_path, NULL);
  g_assert_cmpint (created.status, ==, 0);
  run_cli (&loaded, "load", in_path, "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (loaded.status, ==, 0);
  g_assert_true (g_file_get_contents (in_path, &in_data, NULL, &error));
  g_assert_no_error (error);
  return in_data;
}

/* A store in a folder that may only be read: dump works, load says why it
 * cannot, and nothing changes. */
static void
test_cli_read_only (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *in_data = load_starter (fixture);
  g_autofree char *in_path = tmp_file (fixture, "in.json");
  g_autofree char *db_path = g_build_filename (fixture->data_dir, "gongkai.db", NULL);
  g_autoptr(GBytes) bytes = gk_test_read_bytes (db_path);
  g_auto(Run) dumped = { 0, };
  g_auto(Run) loaded = { 0, };

  gk_test_set_modes (fixture->tmp, fixture->data_dir, 0500, 0400);
  g_assert_no_errno (g_chmod (in_path, 0644));
  gk_test_lose_privileges ();
  g_assert_cmpint (g_access (fixture->data_dir, W_OK), ==, -1);
  g_assert_cmpint (g_access (db_path, W_OK), ==, -1);

  run_cli (&dumped, "dump", "-o", "-", "--data-dir", fixture->data_dir, NULL);
  run_cli (&loaded, "load", in_path, "--data-dir", fixture->data_dir, NULL);
  gk_test_regain_privileges ();

  g_assert_cmpstr (dumped.err, ==, "");
  g_assert_cmpint (dumped.status, ==, 0);
  g_assert_cmpstr (dumped.out, ==, in_data);
  g_assert_cmpint (loaded.status, ==, 1);
  g_assert_nonnull (strstr (loaded.err, "permission"));
  g_assert_nonnull (strstr (loaded.err, db_path));
  g_assert_cmpuint (gk_test_count_entries (fixture->data_dir), ==, 1);
  assert_unchanged (db_path, bytes);
}

/* A store file that may not be read is reported, not set aside. */
static void
test_cli_unreadable (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *in_data = load_starter (fixture);
  g_autofree char *db_path = g_build_filename (fixture->data_dir, "gongkai.db", NULL);
  g_autoptr(GBytes) bytes = gk_test_read_bytes (db_path);
  g_auto(Run) dumped = { 0, };

  gk_test_set_modes (fixture->tmp, fixture->data_dir, 0700, 0);
  gk_test_lose_privileges ();
  g_assert_cmpint (g_access (db_path, R_OK), ==, -1);
  run_cli (&dumped, "dump", "-o", "-", "--data-dir", fixture->data_dir, NULL);
  gk_test_regain_privileges ();

  g_assert_cmpint (dumped.status, ==, 1);
  g_assert_cmpstr (dumped.out, ==, "");
  g_assert_nonnull (strstr (dumped.err, "permission"));
  g_assert_nonnull (strstr (dumped.err, db_path));
  g_assert_cmpuint (gk_test_count_entries (fixture->data_dir), ==, 1);
  assert_unchanged (db_path, bytes);
}

/* Runs one statement on the store's file and returns the first column of
 * its first row, if any. */
static char *
store_sql (Fixture    *fixture,
           const char *sql)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, "gongkai.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpint (sqlite3_finalize (stmt), ==, SQLITE_OK);
  sqlite3_close (db);
  return text;
}

/* A store of a newer version: dump and load refuse it and change nothing. */
static void
test_cli_newer (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *in_data = load_starter (fixture);
  g_autofree char *in_path = tmp_file (fixture, "in.json");
  g_autofree char *db_path = g_build_filename (fixture->data_dir, "gongkai.db", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_auto(Run) dumped = { 0, };
  g_auto(Run) loaded = { 0, };

  g_free (store_sql (fixture, "PRAGMA user_version = 99"));
  bytes = gk_test_read_bytes (db_path);

  run_cli (&dumped, "dump", "-o", "-", "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (dumped.status, ==, 1);
  g_assert_cmpstr (dumped.out, ==, "");
  g_assert_nonnull (strstr (dumped.err, "newer"));
  g_assert_nonnull (strstr (dumped.err, db_path));
  gk_test_assert_only_store (fixture->data_dir);
  assert_unchanged (db_path, bytes);

  run_cli (&loaded, "load", in_path, "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (loaded.status, ==, 1);
  g_assert_nonnull (strstr (loaded.err, "newer"));
  gk_test_assert_only_store (fixture->data_dir);
  assert_unchanged (db_path, bytes);
}

/* A row of a domain this version does not know is not left out of a dump:
 * the dump fails and names it. */
static void
test_cli_unknown_domain (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *in_data = load_starter (fixture);
  g_autofree char *out_path = tmp_file (fixture, "out.json");
  g_autofree char *id = store_sql (fixture, "UPDATE items SET domain = '27' "
                                            "WHERE rowid = 1 RETURNING id");
  g_auto(Run) dumped = { 0, };

  g_assert_nonnull (id);
  run_cli (&dumped, "dump", "-o", out_path, "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (dumped.status, ==, 1);
  g_assert_nonnull (strstr (dumped.err, id));
  g_assert_nonnull (strstr (dumped.err, "“27”"));
  g_assert_false (g_file_test (out_path, G_FILE_TEST_EXISTS));
}

static GBytes *
write_random (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  for (guint i = 0; i < 4096; i++)
    {
      guint8 byte = (guint8) g_test_rand_int_range (0, 256);

      g_byte_array_append (bytes, &byte, 1);
    }
  g_assert_true (g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error));
  g_assert_no_error (error);
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* A damaged store: dump says so and changes nothing; load sets it aside
 * with its -wal and -shm and says where it went and how to recover it. */
static void
test_cli_damaged (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fixture->data_dir, "gongkai.db", NULL);
  g_autofree char *wal_path = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *shm_path = g_strconcat (db_path, "-shm", NULL);
  g_autofree char *in_path = tmp_file (fixture, "in.json");
  g_autofree char *aside = NULL;
  g_autofree char *aside_wal = NULL;
  g_autofree char *aside_shm = NULL;
  g_autoptr(GBytes) garbage = NULL;
  g_autoptr(GBytes) wal = NULL;
  g_autoptr(GBytes) shm = NULL;
  g_auto(Run) created = { 0, };
  g_auto(Run) dumped = { 0, };
  g_auto(Run) loaded = { 0, };
  const char *start, *end;

  run_cli (&created, "new", "--unit", "某某乡人民政府", "-o", in_path, NULL);
  g_assert_cmpint (created.status, ==, 0);
  g_assert_no_errno (g_mkdir (fixture->data_dir, 0700));
  garbage = write_random (db_path);
  wal = write_random (wal_path);
  shm = write_random (shm_path);

  run_cli (&dumped, "dump", "-o", "-", "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (dumped.status, ==, 1);
  g_assert_nonnull (strstr (dumped.err, db_path));
  g_assert_cmpuint (gk_test_count_entries (fixture->data_dir), ==, 3);
  assert_unchanged (db_path, garbage);
  assert_unchanged (wal_path, wal);

  run_cli (&loaded, "load", in_path, "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (loaded.status, ==, 0);
  g_assert_nonnull (strstr (loaded.err, "recover"));
  start = strstr (loaded.err, fixture->data_dir);
  g_assert_nonnull (start);
  end = strstr (start, ".db");
  g_assert_nonnull (end);
  aside = g_strndup (start, end + 3 - start);
  g_assert_true (g_str_has_prefix (aside + strlen (fixture->data_dir), "/gongkai-damaged-"));
  assert_unchanged (aside, garbage);
  aside_wal = g_strconcat (aside, "-wal", NULL);
  assert_unchanged (aside_wal, wal);
  aside_shm = g_strconcat (aside, "-shm", NULL);
  g_assert_true (g_file_test (aside_shm, G_FILE_TEST_IS_REGULAR));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  cli_path = gk_test_get_program (argc, argv, "gongkai-cli");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/help", test_cli_help);
  ADD ("/cli/new", test_cli_new);
  ADD ("/cli/new-domains", test_cli_new_domains);
  ADD ("/cli/check", test_cli_check);
  ADD ("/cli/load-dump", test_cli_load_dump);
  ADD ("/cli/overwrite", test_cli_overwrite);
  ADD ("/cli/not-a-file", test_cli_not_a_file);
  ADD ("/cli/check-escapes", test_cli_check_escapes);
  ADD ("/cli/cell-limits", test_cli_cell_limits);
  ADD ("/cli/read-only", test_cli_read_only);
  ADD ("/cli/unreadable", test_cli_unreadable);
  ADD ("/cli/newer", test_cli_newer);
  ADD ("/cli/unknown-domain", test_cli_unknown_domain);
  ADD ("/cli/damaged", test_cli_damaged);

#undef ADD

  return g_test_run ();
}
