/* test-export.c: the CSV and XLSX exports
 *
 * The CSV is read back with an RFC 4180 reader written here; the workbook
 * is opened as the zip it is (libarchive) and its sheet XML inspected.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <archive.h>
#include <archive_entry.h>

#include "gongkai-core.h"
#include "gk-test-util.h"
#include "gk-export.h"
#include "gk-test-samples.h"

#define BOM "\xEF\xBB\xBF"

static const char *cli_path;

/* RFC 4180: records end in CR LF; a quoted field may hold anything, "" is
 * a quote. Returns records as GStrv, failing the test on malformed data. */
static GPtrArray *
parse_csv (const char *data,
           gsize       length)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = data;
  const char *end = data + length;

  while (p < end)
    {
      if (*p == '"')
        {
          for (p++; ; p++)
            {
              g_assert_true (p < end);
              if (*p == '"' && p + 1 < end && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (field, *p);
            }
          p++;
          /* After a closing quote only a separator may follow. */
          g_assert_true (p < end && (*p == ',' || *p == '\r'));
        }
      else
        {
          for (; p < end && *p != ',' && *p != '\r'; p++)
            {
              g_assert_true (*p != '"' && *p != '\n');
              g_string_append_c (field, *p);
            }
          g_assert_true (p < end);
        }

      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        {
          p++;
          continue;
        }
      g_assert_true (p + 1 < end && p[1] == '\n');
      p += 2;
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
      fields = g_ptr_array_new_with_free_func (g_free);
    }

  return records;
}

static GPtrArray *
export_csv (GkCatalog             *catalog,
            const GkRenderOptions *options)
{
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *data = gk_export_csv (catalog, options, &length, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, strlen (data));
  g_assert_true (g_str_has_prefix (data, BOM));
  g_assert_true (g_str_has_suffix (data, "\r\n"));
  g_assert_true (g_utf8_validate (data, length, NULL));
  return parse_csv (data + strlen (BOM), length - strlen (BOM));
}

static guint
field_index (GStrv       header,
             const char *name)
{
  for (guint i = 0; header[i] != NULL; i++)
    {
      if (g_str_equal (header[i], name))
        return i;
    }
  g_error ("no CSV column “%s”", name);
  return 0;
}

static GStrv
find_record (GPtrArray  *records,
             const char *id)
{
  GStrv header = g_ptr_array_index (records, 0);
  guint id_column = field_index (header, "事项标识");

  for (guint i = 1; i < records->len; i++)
    {
      GStrv record = g_ptr_array_index (records, i);

      if (g_str_equal (record[id_column], id))
        return record;
    }
  g_error ("no CSV row for %s", id);
  return NULL;
}

static void
test_csv_small (void)
{
  static const char * const expected_header[] = {
    "序号", "领域", "一级事项", "二级事项", "三级事项", "公开内容", "公开依据", "公开时限",
    "公开主体", "公开渠道和载体", "全社会", "特定群体", "主动", "依申请", "县级", "乡、村级",
    "网站所属栏目", "备注", "事项编码", "网站链接", "事项标识", NULL,
  };
  g_autoptr(GkCatalog) catalog = gk_test_load_catalog ("render-small.json");
  g_autoptr(GPtrArray) records = export_csv (catalog, NULL);
  GStrv header = g_ptr_array_index (records, 0);
  GStrv quoted;
  GStrv other;
  GStrv first;

  g_assert_cmpstrv (header, expected_header);
  g_assert_cmpuint (records->len, ==, 1 + gk_catalog_get_n_items (catalog));
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpuint (g_strv_length (g_ptr_array_index (records, i)), ==,
                      g_strv_length (header));

  /* Quotes, a comma and a line break survive. */
  quoted = find_record (records, "00000000-0000-4000-8000-000000000003");
  g_assert_cmpstr (quoted[field_index (header, "公开内容")], ==,
                   "投诉电话：\"12345\", 地址 <县政府> & 民政局\n第二行");
  g_assert_cmpstr (quoted[field_index (header, "备注")], ==, "备注，带逗号");
  g_assert_cmpstr (quoted[field_index (header, "网站所属栏目")], ==, "社会救助/低保");
  g_assert_cmpstr (quoted[field_index (header, "序号")], ==, "3");
  g_assert_cmpstr (quoted[field_index (header, "一级事项")], ==, "最低生活保障");

  other = find_record (records, "00000000-0000-4000-8000-000000000004");
  g_assert_cmpstr (other[field_index (header, "公开渠道和载体")], ==,
                   "政府网站、其他（村务公开栏）");
  g_assert_cmpstr (other[field_index (header, "全社会")], ==, "");
  g_assert_cmpstr (other[field_index (header, "特定群体")], ==, "√（申请人）");
  g_assert_cmpstr (other[field_index (header, "主动")], ==, "");
  g_assert_cmpstr (other[field_index (header, "依申请")], ==, "√");
  g_assert_cmpstr (other[field_index (header, "县级")], ==, "");
  g_assert_cmpstr (other[field_index (header, "乡、村级")], ==, "√");
  g_assert_cmpstr (other[field_index (header, "领域")], ==, "社会救助");

  first = g_ptr_array_index (records, 1);
  g_assert_cmpstr (first[field_index (header, "事项标识")], ==,
                   "00000000-0000-4000-8000-000000000001");
  g_assert_cmpstr (first[field_index (header, "公开渠道和载体")], ==,
                   "政府网站、政务服务中心、便民服务站");
}

static void
test_csv_domain (void)
{
  g_autoptr(GkCatalog) catalog = gk_test_load_catalog ("render-small.json");
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  GStrv header;
  GStrv record;
  char *data;

  options.domain_code = "24";
  records = export_csv (catalog, &options);
  header = g_ptr_array_index (records, 0);
  g_assert_cmpuint (records->len, ==, 3);
  record = g_ptr_array_index (records, 2);
  g_assert_cmpstr (record[field_index (header, "三级事项")], ==, "家庭经济困难学生");
  g_assert_cmpstr (record[field_index (header, "公开渠道和载体")], ==, "");

  options.domain_code = "nowhere";
  data = gk_export_csv (catalog, &options, NULL, &error);
  g_assert_null (data);
  g_assert_error (error, GK_RENDER_ERROR, GK_RENDER_ERROR_UNKNOWN_DOMAIN);
}

/* The real rows read back field for field. */
static void
test_csv_samples (void)
{
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GkCatalog) catalog = gk_test_samples_load (&rows, &items);
  g_autoptr(GPtrArray) records = export_csv (catalog, NULL);
  GStrv header = g_ptr_array_index (records, 0);

  g_assert_cmpuint (records->len, ==, 81);
  for (guint i = 0; i < items->len; i++)
    {
      GkItem *item = g_ptr_array_index (items, i);
      GStrv record = find_record (records, gk_item_get_id (item));

      g_assert_cmpstr (record[field_index (header, "一级事项")], ==,
                       gk_item_get_text (item, GK_FIELD_LEVEL1));
      g_assert_cmpstr (record[field_index (header, "公开内容")], ==,
                       gk_item_get_text (item, GK_FIELD_CONTENT));
      g_assert_cmpstr (record[field_index (header, "公开依据")], ==,
                       gk_item_get_text (item, GK_FIELD_BASIS));
    }
}

/* A text a spreadsheet would run as a formula gets a ' in front and is
 * quoted, as OWASP advises against CSV injection; a text that only starts
 * like that gets one more ', so the import can take exactly one away. */
static void
test_csv_formulas (void)
{
  static const struct
  {
    const char *text;
    const char *field;
  } cases[] = {
    { "=HYPERLINK(\"http://example.com/\",\"点击查看\")",
      "'=HYPERLINK(\"http://example.com/\",\"点击查看\")" },
    { "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0" },
    { "+86 12345", "'+86 12345" },
    { "-5", "'-5" },
    { "@SUM(A1:A2)", "'@SUM(A1:A2)" },
    { "'=1+1", "''=1+1" },
    { "''+2", "'''+2" },
    { "'\t@x", "''\t@x" },
    { "'\r=x", "''\r=x" },
    { "'普通文本", NULL },
    { "'", NULL },
    { "''", NULL },
    { "一级=二级", NULL },
  };
  const char * const *texts = NULL;
  g_autoptr(GkCatalog) catalog = gk_test_formula_catalog (&texts);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = gk_export_csv (catalog, NULL, NULL, &error);
  g_autoptr(GPtrArray) records = export_csv (catalog, NULL);
  GStrv header = g_ptr_array_index (records, 0);

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1 + G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GStrv record = g_ptr_array_index (records, i + 1);
      const char *field = cases[i].field != NULL ? cases[i].field : cases[i].text;
      g_auto(GStrv) parts = g_strsplit (field, "\"", -1);
      g_autofree char *doubled = g_strjoinv ("\"\"", parts);
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", doubled);

      g_assert_cmpstr (texts[i], ==, cases[i].text);
      g_assert_cmpstr (record[field_index (header, "一级事项")], ==, field);
      g_assert_cmpstr (record[field_index (header, "公开内容")], ==, field);
      g_assert_cmpstr (record[field_index (header, "网站链接")], ==, field);
      if (cases[i].field != NULL)
        g_assert_cmpuint (gk_test_count_substrings (data, quoted), ==, 11);
    }
  g_assert_null (texts[G_N_ELEMENTS (cases)]);
}

/* Every member of a zip, by name. */
static GHashTable *
read_zip (const char *path)
{
  GHashTable *members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_format_zip (archive);
  g_assert_cmpint (archive_read_open_filename (archive, path, 16384), ==, ARCHIVE_OK);
  while (archive_read_next_header (archive, &entry) == ARCHIVE_OK)
    {
      GString *data = g_string_new (NULL);
      char buffer[8192];
      la_ssize_t n;

      while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
        g_string_append_len (data, buffer, n);
      g_assert_cmpint (n, ==, 0);
      g_hash_table_insert (members, g_strdup (archive_entry_pathname (entry)),
                           g_string_free (data, FALSE));
    }
  archive_read_free (archive);

  return members;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found", needle);
}

static void
test_xlsx_small (void)
{
  static const char * const merges[] = {
    "A1:N1",                                              /* title */
    "A2:A3", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", /* single columns */
    "B2:C2", "I2:J2", "K2:L2", "M2:N2",                   /* groups */
    "B4:B6",                                              /* 最低生活保障 */
  };
  g_autoptr(GkCatalog) catalog = gk_test_load_catalog ("render-small.json");
  g_autofree char *dir = gk_test_make_tmp_dir ("export");
  g_autofree char *path = g_build_filename (dir, "catalog.xlsx", NULL);
  g_autoptr(GHashTable) zip = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  const char *sheet;
  const char *strings;
  const char *workbook;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_true (gk_export_xlsx (catalog, NULL, path, &error));
  g_assert_no_error (error);
  /* The old file was replaced and no temporary file is left. */
  g_assert_cmpuint (gk_test_count_entries (dir), ==, 1);

  zip = read_zip (path);
  sheet = g_hash_table_lookup (zip, "xl/worksheets/sheet1.xml");
  strings = g_hash_table_lookup (zip, "xl/sharedStrings.xml");
  workbook = g_hash_table_lookup (zip, "xl/workbook.xml");
  g_assert_nonnull (sheet);
  g_assert_nonnull (strings);
  g_assert_nonnull (workbook);
  g_assert_true (g_hash_table_contains (zip, "xl/worksheets/sheet2.xml"));
  g_assert_false (g_hash_table_contains (zip, "xl/worksheets/sheet3.xml"));

  count = g_strdup_printf ("<mergeCells count=\"%u\">", (guint) G_N_ELEMENTS (merges));
  assert_contains (sheet, count);
  for (guint i = 0; i < G_N_ELEMENTS (merges); i++)
    {
      g_autofree char *merge = g_strdup_printf ("<mergeCell ref=\"%s\"/>", merges[i]);

      assert_contains (sheet, merge);
    }

  assert_contains (workbook, "name=\"社会救助\"");
  assert_contains (workbook, "name=\"义务教育\"");
  assert_contains (workbook, "_xlnm.Print_Titles");
  assert_contains (sheet, "orientation=\"landscape\"");
  assert_contains (sheet, "paperSize=\"9\"");
  assert_contains (sheet, "fitToHeight=\"0\"");
  assert_contains (sheet, "第 &amp;P 页 共 &amp;N 页");
  assert_contains (strings, "某某县社会救助领域基层政务公开标准目录");
  assert_contains (strings, "■其他（村务公开栏）");
  assert_contains (strings, "□政府公报");
  assert_contains (strings, "√（申请人）");
  assert_contains (strings, "&lt;script&gt;");
  assert_contains (strings, "乡、村级");

  gk_test_remove_tree (dir);
}

static void
test_xlsx_options (void)
{
  g_autoptr(GkCatalog) catalog = gk_test_load_catalog ("render-small.json");
  g_autoptr(GkCatalog) empty = gk_catalog_new ();
  g_autofree char *dir = gk_test_make_tmp_dir ("export");
  g_autofree char *path = g_build_filename (dir, "domain.xlsx", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "missing", "x.xlsx", NULL);
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  g_autoptr(GHashTable) zip = NULL;
  g_autoptr(GError) error = NULL;
  const char *sheet;

  /* 义务教育 alone, on A3, with its 三级事项 column: 15 columns. */
  options.domain_code = "义务教育";
  options.paper = GK_PAPER_A3;
  g_assert_true (gk_export_xlsx (catalog, &options, path, &error));
  g_assert_no_error (error);
  zip = read_zip (path);
  sheet = g_hash_table_lookup (zip, "xl/worksheets/sheet1.xml");
  g_assert_nonnull (sheet);
  g_assert_false (g_hash_table_contains (zip, "xl/worksheets/sheet2.xml"));
  assert_contains (sheet, "paperSize=\"8\"");
  assert_contains (sheet, "<mergeCell ref=\"A1:O1\"/>");
  assert_contains (sheet, "<mergeCell ref=\"B2:D2\"/>");

  g_assert_false (gk_export_xlsx (empty, NULL, path, &error));
  g_assert_error (error, GK_RENDER_ERROR, GK_RENDER_ERROR_EMPTY);
  g_clear_error (&error);

  g_assert_false (gk_export_xlsx (catalog, NULL, nowhere, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  options.include_empty_domains = TRUE;
  options.domain_code = NULL;
  g_assert_true (gk_export_xlsx (catalog, &options, path, &error));
  g_assert_no_error (error);
  g_clear_pointer (&zip, g_hash_table_unref);
  zip = read_zip (path);
  g_assert_true (g_hash_table_contains (zip, "xl/worksheets/sheet26.xml"));

  gk_test_remove_tree (dir);
}

/* Workbooks hold the texts as text cells: nothing to run, nothing to guard. */
static void
test_xlsx_formulas (void)
{
  g_autoptr(GkCatalog) catalog = gk_test_formula_catalog (NULL);
  g_autofree char *dir = gk_test_make_tmp_dir ("export");
  g_autofree char *path = g_build_filename (dir, "formulas.xlsx", NULL);
  g_autoptr(GHashTable) zip = NULL;
  g_autoptr(GError) error = NULL;
  const char *sheet;
  const char *strings;

  g_assert_true (gk_export_xlsx (catalog, NULL, path, &error));
  g_assert_no_error (error);
  zip = read_zip (path);
  sheet = g_hash_table_lookup (zip, "xl/worksheets/sheet1.xml");
  strings = g_hash_table_lookup (zip, "xl/sharedStrings.xml");
  g_assert_null (strstr (sheet, "<f>"));
  g_assert_null (strstr (sheet, "<f "));
  g_assert_null (strstr (sheet, "t=\"str\""));
  assert_contains (strings, "<t>=cmd|' /C calc'!A0</t>");
  assert_contains (strings, "<t>+86 12345</t>");
  assert_contains (strings, "<t>@SUM(A1:A2)</t>");
  assert_contains (strings, "<t>-5</t>");

  gk_test_remove_tree (dir);
}

static void
test_cli (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "render-small.json",
                                                    NULL);
  g_autofree char *dir = gk_test_make_tmp_dir ("export");
  g_autofree char *html = g_build_filename (dir, "page.html", NULL);
  g_autofree char *csv = g_build_filename (dir, "rows.csv", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "sheets.xlsx", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GHashTable) zip = NULL;

  {
    const char * const args[] = { fixture, "--domain", "20", "-o", html, NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (gk_test_run_cli (cli_path, "export", args, NULL, &err), ==, 0);
    g_assert_true (g_file_get_contents (html, &data, NULL, NULL));
    assert_contains (data, "<title>某某县社会救助领域基层政务公开标准目录</title>");
    g_assert_null (strstr (data, "义务教育"));
    g_clear_pointer (&data, g_free);
  }
  {
    const char * const args[] = { fixture, "--format", "CSV", "-o", csv, NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (gk_test_run_cli (cli_path, "export", args, NULL, &err), ==, 0);
    g_assert_true (g_file_get_contents (csv, &data, NULL, NULL));
    g_assert_true (g_str_has_prefix (data, BOM "序号,领域,"));
    g_clear_pointer (&data, g_free);
  }
  {
    const char * const args[] = { fixture, "-F", "xlsx", "--paper", "a3", "-o", xlsx, NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (gk_test_run_cli (cli_path, "export", args, NULL, &err), ==, 0);
    zip = read_zip (xlsx);
    assert_contains (g_hash_table_lookup (zip, "xl/worksheets/sheet2.xml"), "paperSize=\"8\"");
  }

  /* Usage errors exit with 2 and say why; nothing is written. */
  {
    const char * const unknown_domain[] = { fixture, "-d", "99", "-o", csv, NULL };
    const char * const no_format[] = { fixture, "-o", "out.odt", NULL };
    const char * const xlsx_stdout[] = { fixture, "-F", "xlsx", "-o", "-", NULL };
    const char * const no_output[] = { fixture, "-F", "html", NULL };
    const char * const *cases[] = { unknown_domain, no_format, xlsx_stdout, no_output };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *err = NULL;

        g_assert_cmpint (gk_test_run_cli (cli_path, "export", cases[i], NULL, &err), ==, 2);
        g_assert_cmpstr (err, !=, "");
      }
    g_assert_cmpuint (gk_test_count_entries (dir), ==, 3);
  }

  gk_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gk_core_init_i18n ();
  g_test_init (&argc, &argv, NULL);
  cli_path = gk_test_get_program (argc, argv, "gongkai-cli");

  g_test_add_func ("/export/csv/small", test_csv_small);
  g_test_add_func ("/export/csv/domain", test_csv_domain);
  g_test_add_func ("/export/csv/samples", test_csv_samples);
  g_test_add_func ("/export/csv/formulas", test_csv_formulas);
  g_test_add_func ("/export/xlsx/small", test_xlsx_small);
  g_test_add_func ("/export/xlsx/options", test_xlsx_options);
  g_test_add_func ("/export/xlsx/formulas", test_xlsx_formulas);
  g_test_add_func ("/export/cli", test_cli);

  return g_test_run ();
}
