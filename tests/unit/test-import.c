/* test-import.c: reading published tables (XLSX, CSV) into catalogs
 *
 * The fixtures in tests/fixtures/import are written by make-fixtures.py
 * there; each test states the exact items and report it expects. The round
 * trips go through the project's own CSV and XLSX exports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#include "gongkai-core.h"
#include "gk-test-util.h"
#include "gk-export.h"
#include "gk-importer.h"
#include "gk-import-match.h"
#include "gk-import-private.h"
#include "gk-test-samples.h"

#define CH(x) (1u << GK_CHANNEL_##x)
#define PUB GK_AUDIENCE_PUBLIC
#define SPEC GK_AUDIENCE_SPECIFIC
#define PRO GK_METHOD_PROACTIVE
#define REQ GK_METHOD_ON_REQUEST

static const char *cli_path;

typedef struct
{
  const char *domain;
  const char *level1;
  const char *level2;
  const char *level3;
  const char *content;
  const char *basis;
  const char *time_limit;
  const char *subject;
  guint       channels;
  const char *other;
  guint       audience;
  const char *audience_desc;
  guint       method;
  const char *levels;     /* "|"-joined */
  const char *web_column;
  const char *notes;
  int         position;
} Expected;

typedef struct
{
  guint         row;     /* from 1; 0 for the sheet */
  int           column;  /* -1 for the row */
  GkImportIssue issue;
  const char   *quoted;  /* text the message must contain, or NULL */
} ExpectedProblem;

static GkCatalog *
import_fixture (const char      *name,
                const char      *default_domain,
                GkImportReport **report,
                char           **title_unit,
                GError         **error)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "import", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GkImporter) importer = gk_importer_new ();
  GkCatalog *catalog;

  gk_importer_set_default_domain (importer, default_domain);
  catalog = gk_importer_import_file (importer, file, NULL, error);
  if (report != NULL)
    *report = g_object_ref (gk_importer_get_report (importer));
  if (title_unit != NULL)
    *title_unit = g_strdup (gk_importer_get_title_unit (importer));
  return catalog;
}

static void
assert_item (GkItem         *item,
             const Expected *e)
{
  g_autofree char *levels = g_strjoinv ("|", (char **) gk_item_get_levels (item));

  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_DOMAIN), ==, e->domain);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_LEVEL1), ==, e->level1);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_LEVEL2), ==, e->level2);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_LEVEL3), ==, e->level3);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_CONTENT), ==, e->content);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_BASIS), ==, e->basis);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_TIME_LIMIT), ==, e->time_limit);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_SUBJECT), ==, e->subject);
  g_assert_cmphex (gk_item_get_channels (item), ==, e->channels);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_CHANNEL_OTHER), ==, e->other);
  g_assert_cmphex (gk_item_get_audience (item), ==, e->audience);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_AUDIENCE_DESC), ==, e->audience_desc);
  g_assert_cmphex (gk_item_get_method (item), ==, e->method);
  g_assert_cmpstr (levels, ==, e->levels);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_WEB_COLUMN), ==, e->web_column);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_NOTES), ==, e->notes);
  g_assert_cmpint (gk_item_get_position (item), ==, e->position);
}

static void
assert_items (GkCatalog      *catalog,
              const Expected *expected,
              guint           n_expected)
{
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    assert_item (gk_catalog_get_item (catalog, i), &expected[i]);
}

static void
assert_problems (GkImportReport        *report,
                 const char            *sheet,
                 const ExpectedProblem *expected,
                 guint                  n_expected)
{
  guint n = 0;

  for (guint i = 0; i < gk_import_report_get_n_problems (report); i++)
    {
      const GkImportProblem *p = gk_import_report_get_problem (report, i);

      if (sheet != NULL && !g_str_equal (p->sheet, sheet))
        continue;
      g_assert_cmpuint (n, <, n_expected);
      g_assert_cmpuint (p->row, ==, expected[n].row);
      g_assert_cmpint (p->column, ==, expected[n].column);
      g_assert_cmpint (p->issue, ==, expected[n].issue);
      g_assert_cmpstr (p->message, !=, "");
      if (expected[n].quoted != NULL)
        g_assert_nonnull (strstr (p->message, expected[n].quoted));
      n++;
    }
  g_assert_cmpuint (n, ==, n_expected);
}

/* The mapping of one sheet as "I|F:level1|CH:政府网站|…". */
static char *
mapping_of (GkImportReport *report,
            const char     *sheet,
            guint           header_row)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < gk_import_report_get_n_columns (report); i++)
    {
      const GkImportColumn *c = gk_import_report_get_column (report, i);
      static const char *codes[] = {
        "I", "F:", "D", "DN", "CH*", "CH:", "A*", "AP", "AS", "M*", "MP", "MR", "L*", "L:",
        "N:", "ID", "?"
      };

      if (!g_str_equal (c->sheet, sheet) || c->header_row != header_row)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '|');
      g_string_append (out, codes[c->target]);
      if (c->target == GK_IMPORT_TARGET_FIELD)
        g_string_append (out, gk_field_get_key (c->field));
      else if (g_str_has_suffix (codes[c->target], ":"))
        g_string_append (out, c->detail);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_standard (void)
{
  static const Expected expected[] = {
    { "20", "最低生活保障", "审批结果", "", "低保对象姓名、保障金额", "《社会救助暂行办法》",
      "信息形成或者变更之日起20个工作日内", "民政局",
      CH (WEBSITE) | CH (NEW_MEDIA) | CH (NOTICE_BOARD) | CH (OTHER), "12345热线",
      PUB, "", PRO, "县级|乡级", "", "", 0 },
    /* Merged 一级事项, "—" 二级事项, 同上, Word's R/£ marks. */
    { "20", "最低生活保障", "", "", "申请条件", "《社会救助暂行办法》", "即时", "民政局",
      CH (WEBSITE) | CH (NEW_MEDIA) | CH (READING_POINT), "",
      SPEC, "申请人", REQ, "乡级", "", "", 1 },
    /* 口 for □, ◆ and ▲ for ■, "是", "教师", ✓; phonetic guide left out. */
    { "20", "特困人员救助供养", "救助标准", "", "标准", "《社会救助暂行办法》", "20个工作日",
      "民政局", CH (GAZETTE) | CH (NEW_MEDIA), "",
      PUB | SPEC, "教师", PRO, "县级", "", "年度更新", 2 },
  };
  static const ExpectedProblem problems[] = {
    { 2, -1, GK_IMPORT_ISSUE_SKIPPED_ROW, "索引号：000-2024-001" },
    { 6, 4, GK_IMPORT_ISSUE_SAME_AS_ABOVE, NULL },
    { 8, -1, GK_IMPORT_ISSUE_SKIPPED_ROW, "注：■表示必选项" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GkImportReport) report = NULL;
  g_autofree char *unit = NULL;
  g_autoptr(GkCatalog) catalog = import_fixture ("standard.xlsx", NULL, &report, &unit, &error);
  g_autofree char *mapping = NULL;
  const char * const *levels;

  g_assert_no_error (error);
  assert_items (catalog, expected, G_N_ELEMENTS (expected));
  assert_problems (report, NULL, problems, G_N_ELEMENTS (problems));
  g_assert_cmpstr (unit, ==, "某某县");

  mapping = mapping_of (report, "Sheet1", 4);
  g_assert_cmpstr (mapping, ==,
                   "I|F:level1|F:level2|F:content|F:basis|F:time_limit|F:subject|CH*|AP|AS|MP|MR"
                   "|L:县级|L:乡级|F:notes");
  g_assert_cmpuint (gk_import_report_get_n_columns (report), ==, 15);
  g_assert_cmpstr (gk_import_report_get_column (report, 1)->header, ==, "公开事项/一级事项");

  levels = gk_catalog_get_levels (catalog);
  g_assert_cmpstr (levels[0], ==, "县级");
  g_assert_cmpstr (levels[1], ==, "乡级");
  g_assert_null (levels[2]);
}

static void
test_variants (void)
{
  static const Expected expected[] = {
    { "08", "征收决定", "征收决定公告", "补偿方案", "决定内容",
      "《国有土地上房屋征收与补偿条例》", "7个工作日", "区住建局",
      CH (WEBSITE) | CH (NEW_MEDIA) | CH (PRINT) | CH (DOOR_TO_DOOR), "",
      PUB, "", PRO, "区级", "征收公告", "咨询电话：0000-1234567", 0 },
    { "08", "征收决定", "补偿结果", "", "补偿金额", "《国有土地上房屋征收与补偿条例》",
      "20个工作日", "区住建局", CH (WEBSITE) | CH (OTHER), "征收信息平台",
      SPEC, "", REQ, "镇街级", "", "", 1 },
    { "08", "房屋征收评估", "评估机构", "", "机构名单", "《评估办法》", "及时", "区住建局",
      CH (WEBSITE) | CH (OTHER), "微信公众号", SPEC, "被征收人", PRO, "区级|镇街级", "", "", 2 },
    /* Sheet 就业创业: domain from the sheet name, one column per channel. */
    { "18", "就业政策", "政策文件", "", "文件全文", "《就业促进法》", "20个工作日", "人社局",
      CH (WEBSITE) | CH (OTHER), "人社APP", PUB, "", PRO, "", "",
      "监督举报电话：12345\n责任科室：就业科", 0 },
  };
  static const ExpectedProblem problems1[] = {
    { 5, 5, GK_IMPORT_ISSUE_SAME_AS_ABOVE, NULL },
    { 5, -1, GK_IMPORT_ISSUE_LEVEL1_INHERITED, "征收决定" },
    { 6, 0, GK_IMPORT_ISSUE_UNKNOWN_DOMAIN, "99" },
    { 6, 8, GK_IMPORT_ISSUE_UNKNOWN_CHANNEL, "微信公众号" },
    { 6, 9, GK_IMPORT_ISSUE_UNKNOWN_MARK, "X" },
  };
  static const ExpectedProblem problems2[] = {
    { 2, -1, GK_IMPORT_ISSUE_NO_LEVELS, NULL },
  };
  static const ExpectedProblem problems3[] = {
    { 0, -1, GK_IMPORT_ISSUE_SKIPPED_SHEET, NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GkImportReport) report = NULL;
  g_autofree char *unit = NULL;
  g_autoptr(GkCatalog) catalog = import_fixture ("variants.xlsx", NULL, &report, &unit, &error);
  g_autofree char *mapping1 = NULL;
  g_autofree char *mapping2 = NULL;
  const char * const *levels;

  g_assert_no_error (error);
  assert_items (catalog, expected, G_N_ELEMENTS (expected));
  assert_problems (report, "Sheet1", problems1, G_N_ELEMENTS (problems1));
  assert_problems (report, "就业创业", problems2, G_N_ELEMENTS (problems2));
  assert_problems (report, "下拉列表", problems3, G_N_ELEMENTS (problems3));
  g_assert_cmpuint (gk_import_report_get_n_problems (report), ==, 7);
  g_assert_cmpstr (unit, ==, "某某区");

  mapping1 = mapping_of (report, "Sheet1", 3);
  g_assert_cmpstr (mapping1, ==,
                   "D|F:level1|F:level2|F:level3|F:content|F:basis|F:subject|F:time_limit|CH*"
                   "|AP|AS|MP|MR|L:区级|L:镇街级|N:咨询电话|F:web_column");
  mapping2 = mapping_of (report, "就业创业", 2);
  g_assert_cmpstr (mapping2, ==,
                   "I|F:level1|F:level2|F:content|F:basis|F:time_limit|F:subject"
                   "|CH:政府网站|CH:两微一端|CH:其他|AP|AS|MP|MR|N:监督举报电话|N:责任科室");

  levels = gk_catalog_get_levels (catalog);
  g_assert_cmpstr (levels[0], ==, "区级");
  g_assert_cmpstr (levels[1], ==, "镇街级");
  g_assert_null (levels[2]);
}

static void
test_multi (void)
{
  static const Expected expected[] = {
    { "13", "法律援助", "援助条件", "", "条件", "《法律援助法》", "及时", "司法所",
      CH (PRINT), "", PUB, "", PRO, "镇级|村级", "", "", 0 },
    /* After the title row 户籍管理领域; 一级目录 names no domain: notes. */
    { "22", "户口迁移", "", "", "条件", "《户口登记条例》", "即时", "派出所",
      CH (SERVICE_CENTER), "", SPEC, "迁移人员", PRO | REQ, "镇级", "", "一级目录：重点工作", 0 },
    /* After the repeated header. */
    { "22", "身份证办理", "办理流程", "", "流程", "《居民身份证法》", "即时", "派出所",
      CH (WEBSITE), "", PUB, "", PRO, "", "", "", 1 },
  };
  static const ExpectedProblem problems[] = {
    { 1, -1, GK_IMPORT_ISSUE_SKIPPED_ROW, "某某镇基层政务公开标准目录" },
    { 4, -1, GK_IMPORT_ISSUE_TITLE, "22 户籍管理" },
    { 7, 10, GK_IMPORT_ISSUE_UNKNOWN_LEVEL, "村" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GkImportReport) report = NULL;
  g_autoptr(GkCatalog) catalog = import_fixture ("multi.xlsx", NULL, &report, NULL, &error);
  g_autofree char *mapping = NULL;

  g_assert_no_error (error);
  assert_items (catalog, expected, G_N_ELEMENTS (expected));
  assert_problems (report, NULL, problems, G_N_ELEMENTS (problems));
  mapping = mapping_of (report, "目录", 6);
  g_assert_cmpstr (mapping, ==,
                   "DN|F:level1|F:level2|F:content|F:basis|F:time_limit|F:subject|CH*|A*|M*|L*");
  g_assert_cmpuint (gk_import_report_get_n_columns (report), ==, 22);
}

static void
test_csv_gbk (void)
{
  static const Expected expected[] = {
    { "24", "招生入学", "招生政策", "", "招生范围、时间", "《义务教育法》", "招生前", "教育局",
      CH (WEBSITE) | CH (NEW_MEDIA), "", PUB, "", PRO, "市级|县级|乡级", "",
      "事项类型：行政许可", 0 },
    { "24", "招生入学", "", "", "划片结果", "《义务教育法》", "招生前", "教育局",
      CH (WEBSITE) | CH (PRINT), "", SPEC, "适龄儿童家长", REQ, "县级", "", "需要核对", 1 },
  };
  static const ExpectedProblem problems[] = {
    { 3, 6, GK_IMPORT_ISSUE_SAME_AS_ABOVE, NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GkImportReport) report = NULL;
  g_autoptr(GkCatalog) catalog = import_fixture ("gbk.csv", NULL, &report, NULL, &error);
  g_autofree char *mapping = NULL;

  g_assert_no_error (error);
  assert_items (catalog, expected, G_N_ELEMENTS (expected));
  assert_problems (report, NULL, problems, G_N_ELEMENTS (problems));
  mapping = mapping_of (report, "gbk", 1);
  g_assert_cmpstr (mapping, ==,
                   "I|D|DN|F:level1|F:level2|F:content|F:basis|F:time_limit|F:subject|CH*|A*|M*"
                   "|L*|F:notes");
  g_assert_cmpstr (gk_catalog_get_levels (catalog)[0], ==, "市级");
}

static void
test_csv_two_rows (void)
{
  static const Expected expected[] = {
    { "15", "灾情信息", "灾情发布", "", "灾情\n损失", "《自然灾害救助条例》", "及时", "应急管理局",
      CH (WEBSITE) | CH (BROADCAST) | CH (OTHER), "应急广播", PUB, "", PRO, "县级|乡、村级",
      "灾情发布", "", 0 },
    { "15", "灾情信息", "救助款物", "", "发放情况", "《自然灾害救助条例》", "10个工作日",
      "应急管理局", CH (WEBSITE) | CH (TARGETED), "", PUB | SPEC, "受灾群众", PRO, "乡、村级",
      "", "", 1 },
  };
  static const ExpectedProblem problems[] = {
    { 4, 1, GK_IMPORT_ISSUE_SAME_AS_ABOVE, NULL },
    { 4, 4, GK_IMPORT_ISSUE_SAME_AS_ABOVE, NULL },
    { 4, 15, GK_IMPORT_ISSUE_UNMAPPED_CELL, "多余的\"文字\"" },
    { 6, -1, GK_IMPORT_ISSUE_SKIPPED_ROW, "合计" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GkImportReport) report = NULL;
  g_autoptr(GkCatalog) catalog = NULL;

  /* Without a domain the rows are reported, not dropped, and an import
   * of none of them fails. */
  catalog = import_fixture ("two-row.csv", NULL, &report, NULL, &error);
  g_assert_error (error, GK_IMPORT_ERROR, GK_IMPORT_ERROR_NOTHING_IMPORTED);
  g_assert_nonnull (strstr (error->message, " 3 rows"));
  g_assert_null (catalog);
  g_assert_cmpuint (gk_import_report_count_issue (report, GK_IMPORT_ISSUE_NO_DOMAIN), ==, 2);
  g_clear_error (&error);
  g_clear_object (&report);

  catalog = import_fixture ("two-row.csv", "救灾", &report, NULL, &error);
  g_assert_no_error (error);
  assert_items (catalog, expected, G_N_ELEMENTS (expected));
  assert_problems (report, NULL, problems, G_N_ELEMENTS (problems));
}

/* An unlabeled column after 公开层级, with text in the first data row:
 * that row is an item, not a second header row, and so are the rows after
 * it; the cell is reported. */
static void
test_csv_unlabeled_column (void)
{
  static const char * const level1[] = {
    "最低生活保障", "最低生活保障", "特困人员救助供养", "临时救助", "临时救助",
  };
  static const ExpectedProblem problems[] = {
    { 2, 12, GK_IMPORT_ISSUE_UNMAPPED_CELL, "咨询电话12345" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GkImportReport) report = NULL;
  g_autoptr(GkCatalog) catalog = NULL;
  g_autofree char *mapping = NULL;
  g_autofree char *text = NULL;

  catalog = import_fixture ("unlabeled-column.csv", NULL, &report, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, G_N_ELEMENTS (level1));
  for (guint i = 0; i < G_N_ELEMENTS (level1); i++)
    g_assert_cmpstr (gk_item_get_text (gk_catalog_get_item (catalog, i), GK_FIELD_LEVEL1), ==,
                     level1[i]);
  assert_problems (report, NULL, problems, G_N_ELEMENTS (problems));
  mapping = mapping_of (report, "unlabeled-column", 1);
  g_assert_cmpstr (mapping, ==,
                   "I|D|F:level1|F:level2|F:content|F:basis|F:time_limit|F:subject|CH*|A*|M*|L*");
  g_clear_object (&catalog);
  g_clear_object (&report);

  /* With one row, the report no longer says that every row was imported. */
  catalog = import_fixture ("unlabeled-column-one-row.csv", NULL, &report, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, 1);
  assert_problems (report, NULL, problems, G_N_ELEMENTS (problems));
  text = gk_import_report_to_string (report);
  g_assert_null (strstr (text, "Every row was imported"));
}

/* Items of @catalog by domain and position, for comparing catalogs. */
static GPtrArray *
ordered_items (GkCatalog *catalog)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint d = 0; d < GK_N_DOMAINS; d++)
    {
      g_autoptr(GPtrArray) items = gk_catalog_dup_domain_items (catalog,
                                                                gk_domain_get_nth (d)->code);

      for (guint i = 0; i < items->len; i++)
        g_ptr_array_add (all, g_object_ref (g_ptr_array_index (items, i)));
    }
  return all;
}

static void
assert_same_catalog (GkCatalog *original,
                     GkCatalog *imported,
                     gboolean   same_ids)
{
  g_autoptr(GPtrArray) a = ordered_items (original);
  g_autoptr(GPtrArray) b = ordered_items (imported);

  g_assert_true (g_strv_equal (gk_catalog_get_levels (original),
                               gk_catalog_get_levels (imported)));
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      GkItem *x = g_ptr_array_index (a, i);
      GkItem *y = g_ptr_array_index (b, i);

      if (!gk_item_content_equal (x, y))
        {
          g_autoptr(JsonNode) nx = gk_item_to_json (x);
          g_autoptr(JsonNode) ny = gk_item_to_json (y);
          g_autofree char *tx = json_to_string (nx, TRUE);
          g_autofree char *ty = json_to_string (ny, TRUE);

          g_test_message ("item %u differs:\n%s\n%s", i, tx, ty);
        }
      g_assert_true (gk_item_content_equal (x, y));
      if (same_ids)
        g_assert_cmpstr (gk_item_get_id (x), ==, gk_item_get_id (y));
    }
}

/* The samples write an empty 二级事项 as "—", which an import reads as
 * empty, and tick columns give an item's levels in the catalog's order:
 * compare with both already done. */
static GkCatalog *
load_samples (void)
{
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GkCatalog *catalog = gk_test_samples_load (&rows, &items);
  const char * const *all = gk_catalog_get_levels (catalog);

  for (guint i = 0; i < items->len; i++)
    {
      GkItem *item = g_ptr_array_index (items, i);
      g_autoptr(GPtrArray) levels = g_ptr_array_new_null_terminated (4, NULL, TRUE);

      if (gk_import_is_dash (gk_item_get_text (item, GK_FIELD_LEVEL2)))
        gk_item_set_text (item, GK_FIELD_LEVEL2, "");
      for (guint j = 0; all[j] != NULL; j++)
        {
          if (gk_item_has_level (item, all[j]))
            g_ptr_array_add (levels, (gpointer) all[j]);
        }
      gk_item_set_levels (item, (const char * const *) levels->pdata);
    }
  return catalog;
}

/* @catalog exported to CSV and imported again by @importer. */
static GkCatalog *
import_csv_export (GkCatalog  *catalog,
                   GkImporter *importer)
{
  g_autoptr(GkWorkbook) workbook = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  GkCatalog *imported;
  gsize length;

  csv = gk_export_csv (catalog, NULL, &length, &error);
  g_assert_no_error (error);
  workbook = gk_workbook_new_from_csv (csv, length, "export", &error);
  g_assert_no_error (error);
  imported = gk_importer_import_workbook (importer, workbook, &error);
  g_assert_no_error (error);
  return imported;
}

/* Exports @original to CSV, imports that, and compares: the same items,
 * ids included, and nothing in the report. */
static void
assert_csv_round_trip (GkCatalog *original)
{
  g_autoptr(GkImporter) importer = gk_importer_new ();
  g_autoptr(GkCatalog) imported = import_csv_export (original, importer);

  assert_same_catalog (original, imported, TRUE);
  g_assert_cmpuint (gk_import_report_get_n_problems (gk_importer_get_report (importer)), ==, 0);
}

static void
test_round_trip_csv (void)
{
  g_autoptr(GkCatalog) original = load_samples ();

  assert_csv_round_trip (original);
}

/* Texts that spreadsheets would run as formulas leave the CSV export
 * guarded and come back as they were, and so do texts that only start
 * like the guard (docs/exports.md). */
static void
test_round_trip_csv_formulas (void)
{
  g_autoptr(GkCatalog) original = gk_test_formula_catalog (NULL);

  assert_csv_round_trip (original);
}

static void
test_round_trip_xlsx (void)
{
  g_autoptr(GkCatalog) original = load_samples ();
  g_autoptr(GkImporter) importer = gk_importer_new ();
  g_autoptr(GkCatalog) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gk_test_make_tmp_dir ("import");
  g_autofree char *path = g_build_filename (dir, "export.xlsx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_no_error (error);
  g_assert_true (gk_export_xlsx (original, NULL, path, &error));
  g_assert_no_error (error);
  imported = gk_importer_import_file (importer, file, NULL, &error);
  g_assert_no_error (error);

  assert_same_catalog (original, imported, FALSE);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static guint
count_matches (GPtrArray         *matches,
               GkImportMatchKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < matches->len; i++)
    n += ((GkImportMatch *) matches->pdata[i])->kind == kind;
  return n;
}

/* A table of the catalog imported again: each item matches its own by its
 * names; items the catalog lost are new, items it has with another legal
 * basis are changed in that field only, a repeat within the table is new,
 * and a field the table does not give is never taken for a change. */
static void
test_match (void)
{
  g_autoptr(GkCatalog) catalog = load_samples ();
  g_autoptr(GkImporter) importer = gk_importer_new ();
  g_autoptr(GkCatalog) found = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GkItem) repeat = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *labels = NULL;
  GkFieldMask fields;
  guint n_items;

  /* The samples hold an item entered twice: only one of them stays, so that
   * every item has names of its own. */
  for (guint i = gk_catalog_get_n_items (catalog); i-- > 0;)
    {
      GkItem *item = gk_catalog_get_item (catalog, i);
      char *key = gk_check_dup_names_key (item);

      if (key == NULL || !g_hash_table_add (keys, key))
        gk_catalog_remove_item (catalog, gk_item_get_id (item));
    }
  n_items = gk_catalog_get_n_items (catalog);
  g_assert_cmpuint (n_items, >, 70);
  found = import_csv_export (catalog, importer);
  fields = gk_import_report_get_fields (gk_importer_get_report (importer));
  g_assert_cmpuint (fields & GK_FIELD_MASK (GK_FIELD_BASIS), !=, 0);
  g_assert_cmpuint (fields & GK_FIELD_MASK (GK_FIELD_LEVELS), !=, 0);

  /* The export unchanged: every item is there, the same. */
  matches = gk_import_match_catalog (found, catalog, fields);
  g_assert_cmpuint (matches->len, ==, n_items);
  g_assert_cmpuint (count_matches (matches, GK_IMPORT_MATCH_UNCHANGED), ==, n_items);
  for (guint i = 0; i < matches->len; i++)
    {
      GkImportMatch *match = matches->pdata[i];

      g_assert_cmpstr (gk_item_get_id (match->existing), ==, gk_item_get_id (match->found));
    }
  g_clear_pointer (&matches, g_ptr_array_unref);

  /* Two items gone from the catalog, three with another basis there, and
   * one row of the table repeated. */
  for (guint i = 0; i < 2; i++)
    g_assert_true (gk_catalog_remove_item (catalog,
                                           gk_item_get_id (gk_catalog_get_item (catalog, 0))));
  for (guint i = 0; i < 3; i++)
    gk_item_set_text (gk_catalog_get_item (catalog, 10 + i * 7), GK_FIELD_BASIS, "《旧条例》");
  repeat = gk_item_duplicate (gk_catalog_get_item (found, 40));
  gk_item_set_position (repeat, G_MAXINT);
  gk_catalog_add_item (found, repeat);

  matches = gk_import_match_catalog (found, catalog, fields);
  g_assert_cmpuint (matches->len, ==, n_items + 1);
  g_assert_cmpuint (count_matches (matches, GK_IMPORT_MATCH_NEW), ==, 3);
  g_assert_cmpuint (count_matches (matches, GK_IMPORT_MATCH_CHANGED), ==, 3);
  g_assert_cmpuint (count_matches (matches, GK_IMPORT_MATCH_UNCHANGED), ==, n_items - 5);
  for (guint i = 0; i < matches->len; i++)
    {
      GkImportMatch *match = matches->pdata[i];

      if (match->kind == GK_IMPORT_MATCH_NEW)
        {
          g_assert_null (match->existing);
          continue;
        }
      g_assert_true (match->found != repeat);
      if (match->kind != GK_IMPORT_MATCH_CHANGED)
        continue;
      g_assert_cmpuint (match->changed, ==, GK_FIELD_MASK (GK_FIELD_BASIS));
      labels = gk_field_mask_dup_labels (match->changed);
      g_assert_cmpstr (labels, ==, "Legal basis");
      g_clear_pointer (&labels, g_free);
      gk_import_match_update (match);
      g_assert_true (gk_item_content_equal (match->existing, match->found));
    }
  g_clear_pointer (&matches, g_ptr_array_unref);

  /* Changed again, by a table without a 依据 column: nothing changes. */
  gk_item_set_text (gk_catalog_get_item (catalog, 10), GK_FIELD_BASIS, "《旧条例》");
  matches = gk_import_match_catalog (found, catalog, fields & ~GK_FIELD_MASK (GK_FIELD_BASIS));
  g_assert_cmpuint (count_matches (matches, GK_IMPORT_MATCH_CHANGED), ==, 0);
  g_clear_pointer (&matches, g_ptr_array_unref);

  /* Without a 一级事项 an item has no names to match by: new. */
  gk_item_set_text (gk_catalog_get_item (found, 5), GK_FIELD_LEVEL1, "");
  matches = gk_import_match_catalog (found, catalog, fields);
  g_assert_cmpuint (count_matches (matches, GK_IMPORT_MATCH_NEW), ==, 4);
}

/* A catalog big enough that its XLSX sheets are parsed by two threads
 * (gk-import-xlsx.c: 256 KiB of sheet XML or more). */
static GkCatalog *
make_big_catalog (void)
{
  GkCatalog *catalog = gk_catalog_new ();

  gk_catalog_set_unit_name (catalog, "明水县人民政府");
  gk_catalog_set_levels (catalog, (const char * const []) { "县级", "乡级", NULL });
  for (guint i = 0; i < 2600; i++)
    {
      g_autoptr(GkItem) item = gk_item_new (gk_domain_get_nth (i % GK_N_DOMAINS)->code);
      g_autofree char *level1 = g_strdup_printf ("一级事项%u", i / 40);
      g_autofree char *level2 = g_strdup_printf ("二级事项%u", i);
      g_autofree char *content = g_strdup_printf ("第%u项的公开内容：规划批准文件、规划文本及图件", i);
      GkChannel channels = (GkChannel) (1u << (i % GK_N_CHANNELS));

      gk_item_set_text (item, GK_FIELD_LEVEL1, level1);
      gk_item_set_text (item, GK_FIELD_LEVEL2, level2);
      gk_item_set_text (item, GK_FIELD_CONTENT, content);
      gk_item_set_text (item, GK_FIELD_BASIS, i % 3 ? "《中华人民共和国政府信息公开条例》"
                                                   : "《中华人民共和国城乡规划法》");
      gk_item_set_text (item, GK_FIELD_TIME_LIMIT, "自信息形成或者变更之日起20个工作日内");
      gk_item_set_text (item, GK_FIELD_SUBJECT, "县自然资源局");
      gk_item_set_channels (item, channels);
      gk_item_set_audience (item, i % 7 ? GK_AUDIENCE_PUBLIC : GK_AUDIENCE_SPECIFIC);
      if (i % 7 == 0)
        gk_item_set_text (item, GK_FIELD_AUDIENCE_DESC, "申请人及利害关系人");
      gk_item_set_method (item, i % 5 ? GK_METHOD_PROACTIVE : GK_METHOD_ON_REQUEST);
      gk_item_set_levels (item, i % 2 ? (const char * const []) { "县级", NULL }
                                      : (const char * const []) { "县级", "乡级", NULL });
      gk_item_set_position (item, (int) i);
      gk_catalog_add_item (catalog, item);
    }
  return catalog;
}

/* Copies the zip at @path into a new one in memory, the parts @broken cut
 * in the middle of their XML. */
static GBytes *
break_parts (const char         *path,
             const char * const *broken)
{
  struct archive *in = archive_read_new ();
  struct archive *out = archive_write_new ();
  struct archive_entry *entry;
  gsize buffer_size = 16 * 1024 * 1024;
  guint8 *buffer = g_malloc (buffer_size);
  size_t used = 0;
  guint n_found = 0;

  g_assert_cmpint (archive_read_support_format_zip (in), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_read_open_filename (in, path, 65536), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_set_format_zip (out), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_memory (out, buffer, buffer_size, &used), ==, ARCHIVE_OK);
  while (archive_read_next_header (in, &entry) == ARCHIVE_OK)
    {
      gsize size = (gsize) archive_entry_size (entry);
      g_autofree char *data = g_malloc (size + 1);

      g_assert_cmpint (archive_read_data (in, data, size), ==, (la_ssize_t) size);
      if (g_strv_contains (broken, archive_entry_pathname (entry)))
        {
          size /= 2;
          archive_entry_set_size (entry, (la_int64_t) size);
          n_found++;
        }
      g_assert_cmpint (archive_write_header (out, entry), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (out, data, size), ==, (la_ssize_t) size);
    }
  g_assert_cmpuint (n_found, ==, g_strv_length ((char **) broken));
  g_assert_cmpint (archive_write_close (out), ==, ARCHIVE_OK);
  archive_write_free (out);
  archive_read_free (in);

  return g_bytes_new_take (buffer, used);
}

/* The error of reading @bytes, which must fail as damaged. */
static char *
dup_damage (GBytes *bytes)
{
  g_autoptr(GkWorkbook) workbook = NULL;
  g_autoptr(GError) error = NULL;

  workbook = gk_workbook_new_from_xlsx (g_bytes_get_data (bytes, NULL),
                                        g_bytes_get_size (bytes), &error);
  g_assert_null (workbook);
  g_assert_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_CORRUPT);
  return g_strdup (error->message);
}

/* Big workbooks take the two-thread path: the same items come back, and
 * of two damaged sheets the first in sheet order is reported, whichever
 * thread finds its damage first. */
static void
test_two_threads (void)
{
  static const char * const third[] = { "xl/worksheets/sheet3.xml", NULL };
  static const char * const third_and_last[] = {
    "xl/worksheets/sheet3.xml", "xl/worksheets/sheet26.xml", NULL
  };
  g_autoptr(GkCatalog) original = make_big_catalog ();
  g_autoptr(GkImporter) importer = gk_importer_new ();
  g_autoptr(GkCatalog) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gk_test_make_tmp_dir ("import");
  g_autofree char *path = g_build_filename (dir, "big.xlsx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) one = NULL;
  g_autoptr(GBytes) two = NULL;
  g_autofree char *one_message = NULL;

  g_assert_true (gk_export_xlsx (original, NULL, path, &error));
  g_assert_no_error (error);
  imported = gk_importer_import_file (importer, file, NULL, &error);
  g_assert_no_error (error);
  assert_same_catalog (original, imported, FALSE);
  g_assert_cmpuint (gk_import_report_get_n_problems (gk_importer_get_report (importer)), ==, 0);

  one = break_parts (path, third);
  two = break_parts (path, third_and_last);
  one_message = dup_damage (one);
  g_assert_nonnull (strstr (one_message, "sheet3.xml"));
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *message = dup_damage (two);

      g_assert_cmpstr (message, ==, one_message);
    }

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_malformed (void)
{
  static const struct
  {
    const char *name;
    GQuark    (*domain) (void);
    int         code;
  } cases[] = {
    { "not-zip.xlsx", gk_sheet_error_quark, GK_SHEET_ERROR_FORMAT },
    { "truncated.xlsx", gk_sheet_error_quark, GK_SHEET_ERROR_CORRUPT },
    { "no-workbook.xlsx", gk_sheet_error_quark, GK_SHEET_ERROR_FORMAT },
    { "bad-xml.xlsx", gk_sheet_error_quark, GK_SHEET_ERROR_CORRUPT },
    { "doctype.xlsx", gk_sheet_error_quark, GK_SHEET_ERROR_CORRUPT },
    { "doctype-after-error.xlsx", gk_sheet_error_quark, GK_SHEET_ERROR_CORRUPT },
    { "bad-bytes.xlsx", gk_sheet_error_quark, GK_SHEET_ERROR_CORRUPT },
    { "bad-string-index.xlsx", gk_sheet_error_quark, GK_SHEET_ERROR_CORRUPT },
    { "huge-dimension.xlsx", gk_sheet_error_quark, GK_SHEET_ERROR_TOO_LARGE },
    { "huge-merge.xlsx", gk_sheet_error_quark, GK_SHEET_ERROR_TOO_LARGE },
    { "no-table.xlsx", gk_import_error_quark, GK_IMPORT_ERROR_NO_TABLE },
    { "unterminated.csv", gk_sheet_error_quark, GK_SHEET_ERROR_CORRUPT },
    { "bad-encoding.csv", gk_sheet_error_quark, GK_SHEET_ERROR_ENCODING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GkCatalog) catalog = import_fixture (cases[i].name, NULL, NULL, NULL, &error);

      g_test_message ("%s", cases[i].name);
      g_assert_null (catalog);
      g_assert_error (error, cases[i].domain (), cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
    }
}

/* A zip whose one sheet unpacks to more than the limit, written here rather
 * than committed: deflate shrinks 300 MiB of spaces to about 300 KiB. */
static void
test_zip_bomb (void)
{
  struct archive *archive = archive_write_new ();
  struct archive_entry *entry = archive_entry_new ();
  g_autofree char *chunk = g_malloc (1024 * 1024);
  gsize size = 300u * 1024 * 1024;
  gsize buffer_size = 2 * 1024 * 1024;
  g_autofree guint8 *buffer = g_malloc (buffer_size);
  size_t used = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GkWorkbook) workbook = NULL;

  memset (chunk, ' ', 1024 * 1024);
  g_assert_cmpint (archive_write_set_format_zip (archive), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_memory (archive, buffer, buffer_size, &used), ==,
                   ARCHIVE_OK);
  archive_entry_set_pathname (entry, "xl/worksheets/sheet1.xml");
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, (la_int64_t) size);
  g_assert_cmpint (archive_write_header (archive, entry), ==, ARCHIVE_OK);
  for (gsize written = 0; written < size; written += 1024 * 1024)
    g_assert_cmpint (archive_write_data (archive, chunk, 1024 * 1024), ==, 1024 * 1024);
  g_assert_cmpint (archive_write_close (archive), ==, ARCHIVE_OK);
  archive_entry_free (entry);
  archive_write_free (archive);

  workbook = gk_workbook_new_from_xlsx (buffer, used, &error);
  g_assert_null (workbook);
  g_assert_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE);
}

static void
test_csv_reader (void)
{
  static const char data[] = "\xEF\xBB\xBF" "a,\"b,\"\"c\"\"\",\r\n"
                             "\"multi\r\nline\",x\"y\n"
                             "last";
  g_autoptr(GError) error = NULL;
  g_autoptr(GkWorkbook) book = gk_workbook_new_from_csv (data, sizeof data - 1, "s", &error);
  g_autoptr(GkWorkbook) tabs = NULL;
  g_autoptr(GkWorkbook) empty = NULL;
  GkSheet *sheet;

  g_assert_no_error (error);
  sheet = gk_workbook_get_sheet (book, 0);
  g_assert_cmpstr (gk_sheet_get_name (sheet), ==, "s");
  g_assert_cmpuint (gk_sheet_get_n_rows (sheet), ==, 3);
  g_assert_cmpstr (gk_sheet_get_cell (sheet, 0, 0), ==, "a");
  g_assert_cmpstr (gk_sheet_get_cell (sheet, 0, 1), ==, "b,\"c\"");
  g_assert_cmpstr (gk_sheet_get_cell (sheet, 0, 2), ==, "");
  g_assert_cmpstr (gk_sheet_get_cell (sheet, 1, 0), ==, "multi\r\nline");
  g_assert_cmpstr (gk_sheet_get_cell (sheet, 1, 1), ==, "x\"y");
  g_assert_cmpstr (gk_sheet_get_cell (sheet, 2, 0), ==, "last");
  g_assert_cmpstr (gk_sheet_get_cell (sheet, 99, 99), ==, "");

  tabs = gk_workbook_new_from_csv ("一\t二\n", strlen ("一\t二\n"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gk_sheet_get_cell (gk_workbook_get_sheet (tabs, 0), 0, 1), ==, "二");

  empty = gk_workbook_new_from_csv ("", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gk_sheet_get_n_rows (gk_workbook_get_sheet (empty, 0)), ==, 0);

  g_assert_null (gk_workbook_new_from_csv ("a\0b", 3, NULL, &error));
  g_assert_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_ENCODING);
}

/* @utf8 with its {GBK} parts in GB18030, the way a spreadsheet saves them. */
static GString *
mixed_text (const char *utf8)
{
  GString *out = g_string_new (NULL);
  g_auto(GStrv) parts = g_strsplit_set (utf8, "{}", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *gbk = NULL;
      gsize length = 0;

      if (i % 2 == 0)
        {
          g_string_append (out, parts[i]);
          continue;
        }
      gbk = g_convert (parts[i], -1, "GB18030", "UTF-8", NULL, &length, NULL);
      g_assert_nonnull (gbk);
      g_string_append_len (out, gbk, (gssize) length);
    }
  return out;
}

/* A file that mixes UTF-8 and GBK is refused with the line where the
 * encoding changes and what to do about it; so is one in neither. */
static void
test_csv_mixed_encoding (void)
{
  static const struct
  {
    const char *text;
    guint       line;
    gboolean    mixed;
  } cases[] = {
    /* UTF-8, with or without its byte order mark, then GBK. */
    { "\xEF\xBB\xBF序号,一级事项\r\n1,招生入学\r\n2,{招生入学}\r\n", 3, TRUE },
    { "序号,一级事项\n1,招生入学\n2,划片\n3,{招生入学}\n", 4, TRUE },
    /* GBK, then UTF-8 that GB18030 would read as other characters … */
    { "{序号,一级事项}\r\n1,{招生入学}\r\n\"2\n3\",招生\r\n", 4, TRUE },
    /* … or not at all. */
    { "{序号,一级事项}\r\n1,{招生}\r\n2,招,生\r\n", 3, TRUE },
    { "a,b\n\xFF\xFE\xFF,\x80\n", 2, FALSE },
    { "a\nb", 2, FALSE }, /* and a NUL byte */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) data = mixed_text (cases[i].text);
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_strdup_printf ("Line %u of the CSV file ", cases[i].line);

      g_test_message ("case %u", i);
      if (i == G_N_ELEMENTS (cases) - 1)
        g_string_append_len (data, "\0c\n", 3);
      g_assert_null (gk_workbook_new_from_csv (data->str, data->len, NULL, &error));
      g_assert_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_ENCODING);
      g_assert_true (g_str_has_prefix (error->message, line));
      g_assert_nonnull (strstr (error->message, "“CSV UTF-8” from Excel or WPS"));
      g_assert_true ((strstr (error->message, "mixes") != NULL) == cases[i].mixed);
    }
}

/* Cells, quoted or not, are cut off at the limit with their line; the
 * inputs are made here rather than committed. */
static void
test_csv_cell_limit (void)
{
  gsize max = GK_SHEET_MAX_CELL_BYTES;
  g_autoptr(GString) data = g_string_new ("序号,一级事项\r\n1,");
  g_autoptr(GkWorkbook) book = NULL;
  g_autoptr(GError) error = NULL;

  /* Up to the limit, and in quotes with a line break. */
  g_string_append_c (data, '"');
  g_string_set_size (data, data->len + max - 1);
  memset (data->str + data->len - (max - 1), 'x', max - 1);
  g_string_append (data, "\n\"\r\n2,");
  g_string_set_size (data, data->len + max);
  memset (data->str + data->len - max, 'y', max);
  book = gk_workbook_new_from_csv (data->str, data->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (gk_sheet_get_cell (gk_workbook_get_sheet (book, 0), 1, 1)), ==, max);
  g_assert_cmpuint (strlen (gk_sheet_get_cell (gk_workbook_get_sheet (book, 0), 2, 1)), ==, max);

  /* One byte more, unquoted: on line 4, after the quoted line break. */
  g_string_append_c (data, 'y');
  g_assert_null (gk_workbook_new_from_csv (data->str, data->len, NULL, &error));
  g_assert_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "Line 4 of the CSV file has a cell longer than 1024 KiB.");
  g_clear_error (&error);

  /* One byte more in quotes, without the closing quote: too long, not
   * unterminated, on the line where it starts. */
  g_string_truncate (data, strlen ("序号,一级事项\r\n1,\""));
  g_string_set_size (data, data->len + 4 * max);
  memset (data->str + data->len - 4 * max, 'x', 4 * max);
  g_assert_null (gk_workbook_new_from_csv (data->str, data->len, NULL, &error));
  g_assert_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "Line 2 of the CSV file has a cell longer than 1024 KiB.");
}

/* The ' that guards a formula in our export goes; any other ' stays. */
static void
test_csv_formula_guard (void)
{
  static const char data[] = "'=1+1,\"'=HYPERLINK(\"\"x\"\")\",''=2,'''-3,\"'\t@4\",\"'\r+5\"\r\n"
                             "'x,',''x,=6,'=,'-,a'=\r\n";
  static const char * const cells[2][7] = {
    { "=1+1", "=HYPERLINK(\"x\")", "'=2", "''-3", "\t@4", "\r+5", "" },
    { "'x", "'", "''x", "=6", "=", "-", "a'=" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GkWorkbook) book = gk_workbook_new_from_csv (data, sizeof data - 1, "s", &error);
  GkSheet *sheet;

  g_assert_no_error (error);
  sheet = gk_workbook_get_sheet (book, 0);
  for (guint row = 0; row < 2; row++)
    for (guint c = 0; c < 7; c++)
      g_assert_cmpstr (gk_sheet_get_cell (sheet, row, c), ==, cells[row][c]);
}

static void
test_grid (void)
{
  g_autoptr(GkWorkbook) book = gk_workbook_new ();
  GkSheet *sheet = gk_workbook_add_sheet (book, "grid");
  g_autoptr(GError) error = NULL;
  g_autofree char *a = gk_sheet_column_name (0);
  g_autofree char *aa = gk_sheet_column_name (26);
  g_autofree char *xfd = gk_sheet_column_name (16383);

  g_assert_cmpstr (a, ==, "A");
  g_assert_cmpstr (aa, ==, "AA");
  g_assert_cmpstr (xfd, ==, "XFD");

  g_assert_true (gk_sheet_set_cell (sheet, 2, 3, "右下", &error));
  g_assert_true (gk_sheet_set_cell (sheet, 0, 0, "左上", &error));
  g_assert_true (gk_sheet_add_merge (sheet, 0, 0, 3, 1));
  g_assert_false (gk_sheet_add_merge (sheet, 2, 2, 1, 1));
  g_assert_true (gk_sheet_apply_merges (sheet, &error));
  g_assert_no_error (error);
  /* Filled within the rows and columns that hold text. */
  g_assert_cmpstr (gk_sheet_get_cell (sheet, 2, 1), ==, "左上");
  g_assert_true (gk_sheet_is_merged (sheet, 2, 1));
  g_assert_false (gk_sheet_is_merged (sheet, 0, 0));
  g_assert_cmpstr (gk_sheet_get_cell (sheet, 2, 3), ==, "右下");
  g_assert_cmpuint (gk_sheet_get_row_width (sheet, 2), ==, 4);
  g_assert_cmpuint (gk_sheet_get_n_rows (sheet), ==, 3);

  g_assert_false (gk_sheet_set_cell (sheet, GK_SHEET_MAX_ROWS, 0, "远", &error));
  g_assert_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE);
}

static void
test_parse_cells (void)
{
  g_autofree char *rest = NULL;
  GkChannelCell cell;
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) levels = NULL;

  g_assert_cmpint (gk_import_parse_mark ("√（申请人）", &rest), ==, GK_MARK_YES);
  g_assert_cmpstr (rest, ==, "申请人");
  g_clear_pointer (&rest, g_free);
  g_assert_cmpint (gk_import_parse_mark ("口", &rest), ==, GK_MARK_NO);
  g_clear_pointer (&rest, g_free);
  g_assert_cmpint (gk_import_parse_mark ("R", &rest), ==, GK_MARK_YES);
  g_clear_pointer (&rest, g_free);
  g_assert_cmpint (gk_import_parse_mark ("—", &rest), ==, GK_MARK_EMPTY);
  g_assert_true (gk_import_is_dash ("-"));
  g_assert_true (gk_import_is_dash ("─"));
  g_assert_true (gk_import_is_dash ("——"));
  g_assert_false (gk_import_is_dash ("无-"));
  g_assert_cmpint (gk_import_parse_mark ("教师", &rest), ==, GK_MARK_TEXT);
  g_assert_cmpstr (rest, ==, "教师");
  g_clear_pointer (&rest, g_free);

  /* 、 inside a channel name, 其他 with parentheses holding 、. */
  gk_import_parse_channels ("社区/企事业单位、村公示栏（电子屏）、发布会/听证会、"
                            "其他（12345热线、信用网）", &cell);
  g_assert_cmphex (cell.channels, ==, CH (NOTICE_BOARD) | CH (HEARING) | CH (OTHER));
  g_assert_cmpstr (cell.other, ==, "12345热线、信用网");
  g_assert_cmpuint (cell.unknown->len, ==, 0);
  gk_channel_cell_clear (&cell);

  /* The template's prompt after 其他 is no text; its legend is no channel. */
  gk_import_parse_channels ("■表示必选项，□表示可选项 ■政府网站 □其他（需写明，如：12345政务服务热线）",
                            &cell);
  g_assert_cmphex (cell.channels, ==, CH (WEBSITE));
  g_assert_cmpstr (cell.other, ==, "");
  gk_channel_cell_clear (&cell);

  g_assert_cmpstr (gk_import_parse_domain ("01国土空间规划")->code, ==, "01");
  g_assert_cmpstr (gk_import_parse_domain ("社会救助（20）")->code, ==, "20");
  g_assert_cmpstr (gk_import_parse_domain ("扶贫领域")->code, ==, "14");
  g_assert_null (gk_import_parse_domain ("Sheet1"));
  g_assert_cmpstr (gk_import_find_domain ("某某县义务教育领域基层政务公开标准目录", &rest)->code,
                   ==, "24");
  g_assert_cmpstr (rest, ==, "某某县");

  levels = gk_import_split_levels ("县级、乡、村级，市级", unknown);
  g_assert_cmpstr (levels[0], ==, "县级");
  g_assert_cmpstr (levels[1], ==, "乡、村级");
  g_assert_cmpstr (levels[2], ==, "市级");
  g_assert_null (levels[3]);
  g_assert_cmpuint (unknown->len, ==, 0);
  g_assert_true (gk_import_is_level_name ("镇街级"));
  g_assert_false (gk_import_is_level_name ("一级事项"));
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GkCatalog **catalog = user_data;
  g_autoptr(GError) error = NULL;

  *catalog = gk_importer_import_file_finish (GK_IMPORTER (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "import",
                                                 "standard.xlsx", NULL);
  g_autofree char *missing = g_test_build_filename (G_TEST_DIST, "fixtures", "import",
                                                    "missing.xlsx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GkImporter) importer = gk_importer_new ();
  g_autoptr(GError) error = NULL;
  GkCatalog *catalog = NULL;

  gk_importer_import_file_async (importer, file, NULL, import_done_cb, &catalog);
  while (catalog == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, 3);
  g_assert_cmpuint (gk_import_report_get_n_problems (gk_importer_get_report (importer)), ==, 3);
  g_assert_finalize_object (catalog);

  g_assert_null (gk_importer_import_file (importer, missing_file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_cli (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "import",
                                                    "standard.xlsx", NULL);
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "fixtures", "import",
                                                "two-row.csv", NULL);
  g_autofree char *bad = g_test_build_filename (G_TEST_DIST, "fixtures", "import",
                                                "truncated.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gk_test_make_tmp_dir ("import");
  g_autofree char *json = g_build_filename (dir, "out.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (json);
  g_autoptr(GkCatalog) catalog = NULL;

  g_assert_no_error (error);
  {
    const char * const args[] = { fixture, "-o", json, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (gk_test_run_cli (cli_path, "import", args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "“公开事项/一级事项”"));
    g_assert_nonnull (strstr (out, "索引号：000-2024-001"));
    catalog = gk_catalog_new_from_file (file, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, 3);
    g_assert_cmpstr (gk_catalog_get_unit_name (catalog), ==, "某某县");
    g_clear_object (&catalog);
  }
  {
    /* Refuses to overwrite without --force. */
    const char * const args[] = { csv, "--unit", "某某县应急管理局", "-d", "15", "-o", json,
                                  NULL };
    const char * const forced[] = { csv, "--unit", "某某县应急管理局", "-d", "15", "-f",
                                    "-o", json, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (gk_test_run_cli (cli_path, "import", args, NULL, NULL), ==, 1);
    g_assert_cmpint (gk_test_run_cli (cli_path, "import", forced, &out, &err), ==, 0);
    catalog = gk_catalog_new_from_file (file, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, 2);
    g_assert_cmpstr (gk_catalog_get_unit_name (catalog), ==, "某某县应急管理局");
  }
  {
    /* Nothing imported: the report, why, and no catalog written. */
    const char * const args[] = { csv, "-o", json, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (g_unlink (json), ==, 0);
    g_assert_cmpint (gk_test_run_cli (cli_path, "import", args, &out, &err), ==, 1);
    g_assert_cmpuint (gk_test_count_substrings (out, "The row’s domain is unknown"), ==, 2);
    g_assert_nonnull (strstr (err, "two-row.csv: Nothing was imported"));
    g_assert_nonnull (strstr (err, "--domain"));
    g_assert_false (g_file_test (json, G_FILE_TEST_EXISTS));
  }
  {
    const char * const broken[] = { bad, "-f", "-o", json, NULL };
    const char * const no_output[] = { csv, NULL };
    const char * const bad_domain[] = { csv, "-d", "nowhere", "-o", json, NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (gk_test_run_cli (cli_path, "import", broken, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "truncated.xlsx"));
    g_assert_cmpint (gk_test_run_cli (cli_path, "import", no_output, NULL, NULL), ==, 2);
    g_assert_cmpint (gk_test_run_cli (cli_path, "import", bad_domain, NULL, NULL), ==, 2);
  }

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gk_core_init_i18n ();
  g_test_init (&argc, &argv, NULL);
  cli_path = gk_test_get_program (argc, argv, "gongkai-cli");

  g_test_add_func ("/import/xlsx/standard", test_standard);
  g_test_add_func ("/import/xlsx/variants", test_variants);
  g_test_add_func ("/import/xlsx/multi", test_multi);
  g_test_add_func ("/import/xlsx/malformed", test_malformed);
  g_test_add_func ("/import/xlsx/zip-bomb", test_zip_bomb);
  g_test_add_func ("/import/xlsx/two-threads", test_two_threads);
  g_test_add_func ("/import/csv/gbk", test_csv_gbk);
  g_test_add_func ("/import/csv/two-rows", test_csv_two_rows);
  g_test_add_func ("/import/csv/unlabeled-column", test_csv_unlabeled_column);
  g_test_add_func ("/import/csv/reader", test_csv_reader);
  g_test_add_func ("/import/csv/formula-guard", test_csv_formula_guard);
  g_test_add_func ("/import/csv/mixed-encoding", test_csv_mixed_encoding);
  g_test_add_func ("/import/csv/cell-limit", test_csv_cell_limit);
  g_test_add_func ("/import/grid", test_grid);
  g_test_add_func ("/import/cells", test_parse_cells);
  g_test_add_func ("/import/round-trip/csv", test_round_trip_csv);
  g_test_add_func ("/import/round-trip/csv-formulas", test_round_trip_csv_formulas);
  g_test_add_func ("/import/round-trip/xlsx", test_round_trip_xlsx);
  g_test_add_func ("/import/match", test_match);
  g_test_add_func ("/import/async", test_async);
  g_test_add_func ("/import/cli", test_cli);

  return g_test_run ();
}
