/* test-render.c: the structure of the published HTML table
 *
 * The page is parsed back with libxml2's HTML parser and its structure is
 * compared with the catalog: header rows and spans, merged 一级事项 cells,
 * ■/□ channel lists, √ columns found through the header labels, escaping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include "gongkai-core.h"
#include "gk-test-util.h"
#include "gk-renderer.h"
#include "gk-test-samples.h"

#define N_BASE_COLUMNS 12 /* the 14 leaf columns less the two levels */

typedef struct
{
  char              *html;
  htmlDocPtr         doc;
  xmlXPathContextPtr xpath;
} Page;

static Page *
page_new (GkCatalog             *catalog,
          const GkRenderOptions *options)
{
  g_autoptr(GError) error = NULL;
  Page *page = g_new0 (Page, 1);

  page->html = gk_render_html (catalog, options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (page->html);
  page->doc = htmlReadMemory (page->html, (int) strlen (page->html), "page.html", "UTF-8",
                              HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  g_assert_nonnull (page->doc);
  page->xpath = xmlXPathNewContext (page->doc);
  return page;
}

static void
page_free (Page *page)
{
  xmlXPathFreeContext (page->xpath);
  xmlFreeDoc (page->doc);
  g_free (page->html);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

static xmlXPathObjectPtr
eval (Page       *page,
      xmlNodePtr  node,
      const char *expr)
{
  xmlXPathObjectPtr result;

  page->xpath->node = node != NULL ? node : xmlDocGetRootElement (page->doc);
  result = xmlXPathEvalExpression ((const xmlChar *) expr, page->xpath);
  g_assert_nonnull (result);
  return result;
}

static GPtrArray *
find (Page       *page,
      xmlNodePtr  node,
      const char *expr)
{
  xmlXPathObjectPtr result = eval (page, node, expr);
  GPtrArray *nodes = g_ptr_array_new ();

  g_assert_cmpint (result->type, ==, XPATH_NODESET);
  for (int i = 0; result->nodesetval != NULL && i < result->nodesetval->nodeNr; i++)
    g_ptr_array_add (nodes, result->nodesetval->nodeTab[i]);
  xmlXPathFreeObject (result);
  return nodes;
}

static char *
text_of (Page       *page,
         xmlNodePtr  node,
         const char *expr)
{
  g_autofree char *string_expr = g_strdup_printf ("string(%s)", expr);
  xmlXPathObjectPtr result = eval (page, node, string_expr);
  char *text;

  text = g_strdup ((const char *) result->stringval);
  xmlXPathFreeObject (result);
  return text;
}

static guint
count_nodes (Page       *page,
             const char *expr)
{
  g_autoptr(GPtrArray) nodes = find (page, NULL, expr);

  return nodes->len;
}

static char *
node_text (xmlNodePtr node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strdup ((const char *) content);

  xmlFree (content);
  return text;
}

static guint
int_attribute (xmlNodePtr  node,
               const char *name,
               guint       fallback)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  guint result = value != NULL ? (guint) g_ascii_strtoull ((const char *) value, NULL, 10)
                               : fallback;

  xmlFree (value);
  return result;
}

static char *
attribute (xmlNodePtr  node,
           const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *result = g_strdup ((const char *) value);

  xmlFree (value);
  return result;
}

static void
add_label (GStrvBuilder *labels,
           xmlNodePtr    th)
{
  g_autofree char *text = node_text (th);

  g_strv_builder_add (labels, text);
}

/* Reads the two header rows back into leaf labels, checking the spans on
 * the way: single columns span both rows, groups span their leaves. */
static GStrv
read_leaf_labels (Page       *page,
                  xmlNodePtr  table)
{
  g_autoptr(GPtrArray) rows = find (page, table, "thead/tr");
  g_autoptr(GPtrArray) top = NULL;
  g_autoptr(GPtrArray) bottom = NULL;
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  guint next = 0;

  g_assert_cmpuint (rows->len, ==, 2);
  top = find (page, g_ptr_array_index (rows, 0), "th");
  bottom = find (page, g_ptr_array_index (rows, 1), "th");
  for (guint i = 0; i < top->len; i++)
    {
      xmlNodePtr th = g_ptr_array_index (top, i);
      guint colspan = int_attribute (th, "colspan", 1);
      g_autofree char *scope = attribute (th, "scope");

      if (int_attribute (th, "rowspan", 1) == 2)
        {
          g_assert_cmpuint (colspan, ==, 1);
          g_assert_cmpstr (scope, ==, "col");
          add_label (labels, th);
          continue;
        }
      g_assert_cmpstr (scope, ==, "colgroup");
      for (guint k = 0; k < colspan; k++, next++)
        {
          g_autofree char *leaf_scope = NULL;

          g_assert_cmpuint (next, <, bottom->len);
          leaf_scope = attribute (g_ptr_array_index (bottom, next), "scope");
          g_assert_cmpstr (leaf_scope, ==, "col");
          add_label (labels, g_ptr_array_index (bottom, next));
        }
    }
  g_assert_cmpuint (next, ==, bottom->len);

  return g_strv_builder_end (labels);
}

static guint
column_of (GStrv       labels,
           const char *label)
{
  for (guint i = 0; labels[i] != NULL; i++)
    {
      if (g_str_equal (labels[i], label))
        return i;
    }
  g_error ("no column “%s”", label);
  return 0;
}

/* The cells of each body row at their column, a row covered by a merged
 * 一级事项 cell above getting that cell; checks every row is full. */
static GPtrArray *
read_grid (Page       *page,
           xmlNodePtr  table,
           guint       n_columns,
           guint       level1_column)
{
  g_autoptr(GPtrArray) rows = find (page, table, "tbody/tr");
  GPtrArray *grid = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  xmlNodePtr merged = NULL;
  guint merged_left = 0;

  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *cells = find (page, g_ptr_array_index (rows, r), "th|td");

      if (merged_left > 0)
        {
          g_assert_cmpuint (cells->len, ==, n_columns - 1);
          g_ptr_array_insert (cells, level1_column, merged);
          merged_left--;
        }
      else
        {
          g_assert_cmpuint (cells->len, ==, n_columns);
          merged = g_ptr_array_index (cells, level1_column);
          merged_left = int_attribute (merged, "rowspan", 1) - 1;
          g_assert_cmpuint (r + merged_left, <, rows->len);
        }
      g_ptr_array_add (grid, cells);
    }

  return grid;
}

static const char *
tick (gboolean on)
{
  return on ? "√" : "";
}

/* Every row against its item: order, ids, texts, channels and ticks. */
static void
check_rows (Page       *page,
            xmlNodePtr  table,
            GkCatalog  *catalog,
            GPtrArray  *items)
{
  g_auto(GStrv) labels = read_leaf_labels (page, table);
  const char * const *levels = gk_catalog_get_levels (catalog);
  guint n_columns = g_strv_length (labels);
  g_autoptr(GPtrArray) rows = find (page, table, "tbody/tr");
  g_autoptr(GPtrArray) grid = read_grid (page, table, n_columns,
                                         column_of (labels, "一级事项"));

  g_assert_cmpuint (n_columns, >=, N_BASE_COLUMNS + g_strv_length ((GStrv) levels));
  g_assert_cmpuint (rows->len, ==, items->len);
  for (guint r = 0; r < items->len; r++)
    {
      GkItem *item = g_ptr_array_index (items, r);
      GPtrArray *cells = g_ptr_array_index (grid, r);
      g_autofree char *id = attribute (g_ptr_array_index (rows, r), "id");
      g_autofree char *data_item = attribute (g_ptr_array_index (rows, r), "data-item");
      g_autofree char *expected_id = g_strconcat ("item-", gk_item_get_id (item), NULL);
      g_autofree char *channels = NULL;
      g_autofree char *specific = NULL;
      guint n_chosen = 0;

      g_assert_cmpstr (id, ==, expected_id);
      g_assert_cmpstr (data_item, ==, gk_item_get_id (item));

#define CELL(label) node_text (g_ptr_array_index (cells, column_of (labels, label)))
#define ASSERT_CELL(label, expected) \
      G_STMT_START { \
        g_autofree char *cell_ = CELL (label); \
        g_assert_cmpstr (cell_, ==, expected); \
      } G_STMT_END

      ASSERT_CELL ("一级事项", gk_item_get_text (item, GK_FIELD_LEVEL1));
      ASSERT_CELL ("二级事项", gk_item_get_text (item, GK_FIELD_LEVEL2));
      ASSERT_CELL ("公开内容（要素）", gk_item_get_text (item, GK_FIELD_CONTENT));
      ASSERT_CELL ("公开依据", gk_item_get_text (item, GK_FIELD_BASIS));
      ASSERT_CELL ("公开时限", gk_item_get_text (item, GK_FIELD_TIME_LIMIT));
      ASSERT_CELL ("公开主体", gk_item_get_text (item, GK_FIELD_SUBJECT));
      ASSERT_CELL ("全社会", tick (gk_item_get_audience (item) & GK_AUDIENCE_PUBLIC));
      ASSERT_CELL ("主动", tick (gk_item_get_method (item) & GK_METHOD_PROACTIVE));
      ASSERT_CELL ("依申请", tick (gk_item_get_method (item) & GK_METHOD_ON_REQUEST));
      for (guint l = 0; levels[l] != NULL; l++)
        ASSERT_CELL (levels[l], tick (gk_item_has_level (item, levels[l])));

      specific = CELL ("特定群体");
      if (!(gk_item_get_audience (item) & GK_AUDIENCE_SPECIFIC))
        g_assert_cmpstr (specific, ==, "");
      else if (*gk_item_get_text (item, GK_FIELD_AUDIENCE_DESC) == '\0')
        g_assert_cmpstr (specific, ==, "√");
      else
        {
          g_assert_true (g_str_has_prefix (specific, "√（"));
          g_assert_nonnull (strstr (specific, gk_item_get_text (item, GK_FIELD_AUDIENCE_DESC)));
        }

      channels = CELL ("公开渠道和载体");
      for (GkChannel c = 0; c < GK_N_CHANNELS; c++)
        {
          g_autofree char *on = g_strconcat ("■", gk_channel_get_name (c), NULL);
          g_autofree char *off = g_strconcat ("□", gk_channel_get_name (c), NULL);
          gboolean chosen = (gk_item_get_channels (item) & (1u << c)) != 0;

          g_assert_true (strstr (channels, chosen ? on : off) != NULL);
          n_chosen += chosen;
        }
      g_assert_cmpuint (gk_test_count_substrings (channels, "■"), ==, n_chosen);
      g_assert_cmpuint (gk_test_count_substrings (channels, "□"), ==, GK_N_CHANNELS - n_chosen);
#undef ASSERT_CELL
#undef CELL
    }
}

static void
test_small_domain (void)
{
  g_autoptr(GkCatalog) catalog = gk_test_load_catalog ("render-small.json");
  g_autoptr(GPtrArray) items = gk_catalog_dup_domain_items (catalog, "20");
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  g_autoptr(Page) page = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_auto(GStrv) labels = NULL;
  g_autofree char *title = NULL;
  g_autofree char *h1 = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *channels = NULL;
  g_autofree char *span = NULL;
  g_autofree char *second = NULL;

  options.domain_code = "社会救助";
  page = page_new (catalog, &options);

  lang = text_of (page, NULL, "/html/@lang");
  g_assert_cmpstr (lang, ==, "zh-CN");
  title = text_of (page, NULL, "/html/head/title");
  g_assert_cmpstr (title, ==, "某某县社会救助领域基层政务公开标准目录");
  h1 = text_of (page, NULL, "//h1");
  g_assert_cmpstr (h1, ==, title);
  caption = text_of (page, NULL, "//table/caption");
  g_assert_cmpstr (caption, ==, title);

  tables = find (page, NULL, "//table");
  g_assert_cmpuint (tables->len, ==, 1);
  labels = read_leaf_labels (page, g_ptr_array_index (tables, 0));
  g_assert_cmpuint (g_strv_length (labels), ==, 14);
  g_assert_cmpstr (labels[0], ==, "序号");
  g_assert_cmpstr (labels[12], ==, "县级");
  g_assert_cmpstr (labels[13], ==, "乡、村级");
  check_rows (page, g_ptr_array_index (tables, 0), catalog, items);

  /* Three rows of 最低生活保障 under one cell, then 特困人员救助供养 alone. */
  g_assert_cmpuint (count_nodes (page, "//tbody/tr"), ==, 4);
  g_assert_cmpuint (count_nodes (page, "//tbody/tr/td[@rowspan]"), ==, 1);
  span = text_of (page, NULL, "//tbody/tr[1]/td[1]/@rowspan");
  g_assert_cmpstr (span, ==, "3");
  second = text_of (page, NULL, "//tbody/tr[4]/td[1]");
  g_assert_cmpstr (second, ==, "特困人员救助供养");

  /* Row headers, and the 其他 channel with its text. */
  g_assert_cmpuint (count_nodes (page, "//tbody/tr/th[@scope='row']"), ==, 4);
  channels = text_of (page, NULL, "//tr[@id='item-00000000-0000-4000-8000-000000000004']/td/ul");
  g_assert_nonnull (strstr (channels, "■其他（村务公开栏）"));
}

/* Catalog text never becomes markup. */
static void
test_small_escaping (void)
{
  g_autoptr(GkCatalog) catalog = gk_test_load_catalog ("render-small.json");
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  g_autoptr(Page) page = NULL;
  g_autoptr(GPtrArray) scripts = NULL;
  g_autofree char *content = NULL;
  g_autofree char *quoted = NULL;

  options.domain_code = "20";
  page = page_new (catalog, &options);

  scripts = find (page, NULL, "//script");
  g_assert_cmpuint (scripts->len, ==, 0);
  g_assert_null (strstr (page->html, "<script"));
  g_assert_nonnull (strstr (page->html, "&lt;script&gt;"));
  content = text_of (page, NULL, "//tr[@data-item='00000000-0000-4000-8000-000000000004']/td[3]");
  g_assert_cmpstr (content, ==, "<script>alert('x')</script>");
  quoted = text_of (page, NULL, "//tr[@data-item='00000000-0000-4000-8000-000000000003']/td[2]");
  g_assert_cmpstr (quoted, ==, "投诉电话：\"12345\", 地址 <县政府> & 民政局\n第二行");
}

static void
test_small_catalog (void)
{
  g_autoptr(GkCatalog) catalog = gk_test_load_catalog ("render-small.json");
  g_autoptr(Page) page = page_new (catalog, NULL);
  g_autoptr(GPtrArray) links = find (page, NULL, "//nav//a");
  g_autoptr(GPtrArray) tables = find (page, NULL, "//section/table");
  g_autoptr(GPtrArray) items = gk_catalog_dup_domain_items (catalog, "24");
  g_auto(GStrv) labels = NULL;
  g_autofree char *h1 = text_of (page, NULL, "//h1");
  g_autofree char *href = NULL;
  g_autofree char *h2 = NULL;
  g_autofree char *level3 = NULL;

  g_assert_cmpstr (h1, ==, "某某县基层政务公开标准目录");
  g_assert_cmpuint (links->len, ==, 2);
  href = attribute (g_ptr_array_index (links, 1), "href");
  g_assert_cmpstr (href, ==, "#domain-24");
  g_assert_cmpuint (count_nodes (page, "//section[@id='domain-24']/table"), ==, 1);
  h2 = text_of (page, NULL, "//section[@id='domain-24']/h2");
  g_assert_cmpstr (h2, ==, "某某县义务教育领域基层政务公开标准目录");

  /* 义务教育 has a 三级事项, so its 公开事项 group has three leaves. */
  g_assert_cmpuint (tables->len, ==, 2);
  labels = read_leaf_labels (page, g_ptr_array_index (tables, 1));
  g_assert_cmpuint (g_strv_length (labels), ==, 15);
  g_assert_cmpstr (labels[3], ==, "三级事项");
  level3 = text_of (page, NULL, "//section[@id='domain-24']//tbody/tr[2]/td[3]");
  g_assert_cmpstr (level3, ==, "家庭经济困难学生");
  check_rows (page, g_ptr_array_index (tables, 1), catalog, items);
  g_clear_pointer (&labels, g_strfreev);
  labels = read_leaf_labels (page, g_ptr_array_index (tables, 0));
  g_assert_cmpuint (g_strv_length (labels), ==, 14);
}

static void
test_options (void)
{
  g_autoptr(GkCatalog) catalog = gk_test_load_catalog ("render-small.json");
  GkRenderOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(Page) all = NULL;
  g_autoptr(Page) marked = NULL;
  g_autoptr(GPtrArray) highlighted = NULL;
  g_autofree char *id = NULL;
  char *html;

  gk_render_options_init (&options);
  g_assert_null (options.domain_code);
  g_assert_false (options.include_empty_domains);

  options.domain_code = "99";
  html = gk_render_html (catalog, &options, &error);
  g_assert_null (html);
  g_assert_error (error, GK_RENDER_ERROR, GK_RENDER_ERROR_UNKNOWN_DOMAIN);

  options.domain_code = NULL;
  options.include_empty_domains = TRUE;
  options.paper = GK_PAPER_A3;
  all = page_new (catalog, &options);
  g_assert_cmpuint (count_nodes (all, "//section/table"), ==, GK_N_DOMAINS);
  g_assert_cmpuint (count_nodes (all, "//nav//a"), ==, GK_N_DOMAINS);
  g_assert_nonnull (strstr (all->html, "@page{size:A3 landscape"));

  gk_render_options_init (&options);
  options.domain_code = "20";
  options.highlight_id = "00000000-0000-4000-8000-000000000003";
  marked = page_new (catalog, &options);
  highlighted = find (marked, NULL, "//tr[contains(@class, 'gk-highlight')]");
  g_assert_cmpuint (highlighted->len, ==, 1);
  id = attribute (g_ptr_array_index (highlighted, 0), "data-item");
  g_assert_cmpstr (id, ==, options.highlight_id);
}

/* The print rules and fonts the published page relies on. */
static void
test_css (void)
{
  g_autoptr(GkCatalog) catalog = gk_test_load_catalog ("render-small.json");
  g_autoptr(Page) page = page_new (catalog, NULL);
  g_autofree char *css = text_of (page, NULL, "/html/head/style");

  g_assert_nonnull (strstr (css, "\"Noto Sans CJK SC\""));
  g_assert_nonnull (strstr (css, "@page{size:A4 landscape"));
  g_assert_nonnull (strstr (css, "thead{display:table-header-group}"));
  g_assert_nonnull (strstr (css, "page-break-inside:avoid"));
  g_assert_cmpuint (count_nodes (page, "/html/head/meta[@charset='utf-8']"), ==, 1);
}

/* The 80 real rows: every domain's table matches its items. */
static void
test_samples (void)
{
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GkCatalog) catalog = gk_test_samples_load (&rows, &items);
  g_autoptr(Page) page = page_new (catalog, NULL);
  g_autoptr(GPtrArray) sections = gk_render_dup_sections (catalog, NULL, NULL);
  g_autoptr(GPtrArray) tables = find (page, NULL, "//section/table");
  guint n_rows = 0;

  g_assert_cmpuint (tables->len, ==, sections->len);
  g_assert_cmpuint (sections->len, >, 1);
  for (guint s = 0; s < sections->len; s++)
    {
      GkRenderSection *section = g_ptr_array_index (sections, s);

      check_rows (page, g_ptr_array_index (tables, s), catalog, section->items);
      n_rows += section->items->len;
    }
  g_assert_cmpuint (n_rows, ==, 80);
  g_assert_cmpuint (count_nodes (page, "//tbody/tr"), ==, 80);
}

/* The rows of one section: each where the renderer said, its item's
 * <tr>…</tr> line, one after the other from <tbody> to </tbody>. */
static void
check_section_rows (GString         *out,
                    GArray          *rows,
                    guint            first,
                    GkRenderSection *section)
{
  for (guint i = 0; i < section->items->len; i++)
    {
      const GkRenderRow *row = &g_array_index (rows, GkRenderRow, first + i);
      GkItem *item = g_ptr_array_index (section->items, i);
      g_autofree char *tr = g_strdup_printf ("<tr id=\"item-%s\"", gk_item_get_id (item));
      g_autofree char *span = NULL;

      g_assert_true (row->item == item);
      g_assert_cmpuint (row->start, <, row->end);
      g_assert_cmpuint (row->end, <=, out->len);
      span = g_strndup (out->str + row->start, row->end - row->start);
      g_assert_true (g_str_has_prefix (span, tr));
      g_assert_true (g_str_has_suffix (span, "</tr>\n"));
      g_assert_null (strstr (span + 1, "<tr"));
      if (i == 0)
        g_assert_cmpmem (out->str + row->start - 8, 8, "<tbody>\n", 8);
      else
        g_assert_cmpuint (row->start, ==, (row - 1)->end);
      if (i + 1 == section->items->len)
        g_assert_true (g_str_has_prefix (out->str + row->end, "</tbody>"));
    }
}

/* Where the renderer says each item's row is, its row is: the preview
 * compares and sends rows by these positions. */
static void
check_row_positions (GkCatalog             *catalog,
                     const GkRenderOptions *options)
{
  g_autoptr(GString) out = g_string_new ("text before the page");
  g_autoptr(GArray) rows = gk_render_rows_new ();
  g_autoptr(GPtrArray) sections = gk_render_dup_sections (catalog, options, NULL);
  g_autofree char *html = gk_render_html (catalog, options, NULL);
  gsize before = out->len;
  guint n_rows = 0;

  g_assert_true (gk_render_html_append (catalog, options, out, rows, NULL));
  /* Recording the rows does not change a byte of the page. */
  g_assert_cmpstr (out->str + before, ==, html);

  for (guint s = 0; s < sections->len; s++)
    {
      GkRenderSection *section = g_ptr_array_index (sections, s);

      g_assert_cmpuint (n_rows + section->items->len, <=, rows->len);
      check_section_rows (out, rows, n_rows, section);
      n_rows += section->items->len;
    }
  g_assert_cmpuint (rows->len, ==, n_rows);
  g_assert_cmpuint (gk_test_count_substrings (html, "<tr id=\"item-"), ==, n_rows);
}

static void
test_row_positions (void)
{
  g_autoptr(GkCatalog) catalog = gk_test_load_catalog ("render-small.json");
  g_autoptr(JsonArray) sample_rows = NULL;
  g_autoptr(GPtrArray) sample_items = NULL;
  g_autoptr(GkCatalog) samples = gk_test_samples_load (&sample_rows, &sample_items);
  g_autoptr(GString) out = g_string_new ("unchanged");
  g_autoptr(GArray) rows = gk_render_rows_new ();
  g_autoptr(GError) error = NULL;
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;

  /* A domain with a merged 一级事项, escaped text and the highlight, the
   * whole catalog, with the empty domains, and the 80 real rows. */
  options.domain_code = "20";
  options.highlight_id = "00000000-0000-4000-8000-000000000003";
  check_row_positions (catalog, &options);
  check_row_positions (catalog, NULL);
  gk_render_options_init (&options);
  options.include_empty_domains = TRUE;
  check_row_positions (catalog, &options);
  check_row_positions (samples, NULL);

  /* An unknown domain records nothing. */
  options.domain_code = "99";
  g_assert_false (gk_render_html_append (catalog, &options, out, rows, &error));
  g_assert_error (error, GK_RENDER_ERROR, GK_RENDER_ERROR_UNKNOWN_DOMAIN);
  g_assert_cmpstr (out->str, ==, "unchanged");
  g_assert_cmpuint (rows->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gk_core_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/small/domain", test_small_domain);
  g_test_add_func ("/render/small/escaping", test_small_escaping);
  g_test_add_func ("/render/small/catalog", test_small_catalog);
  g_test_add_func ("/render/options", test_options);
  g_test_add_func ("/render/css", test_css);
  g_test_add_func ("/render/samples", test_samples);
  g_test_add_func ("/render/row-positions", test_row_positions);

  return g_test_run ();
}
