/* test-pdf.c: the table painter and the PDF export
 *
 * The PDF is read back with poppler: pages, metadata, embedded fonts,
 * bookmarks and the text of every page. The painter's pages are drawn on
 * cairo recording surfaces, whose ink extents show whether anything falls
 * off the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <pango/pangocairo.h>
#include <poppler.h>

#include "gongkai-core.h"
#include "gk-test-util.h"
#include "gk-export-pdf.h"
#include "gk-table-painter.h"
#include "gk-test-samples.h"

#define A4_WIDTH  841.89
#define A4_HEIGHT 595.28
#define A3_WIDTH  1190.55
#define A3_HEIGHT 841.89

static const char *cli_path;

static PopplerDocument *
open_pdf (const char *path)
{
  g_autofree char *data = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  PopplerDocument *document;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length, >, 5);
  g_assert_cmpmem (data, 5, "%PDF-", 5);

  uri = g_filename_to_uri (path, NULL, &error);
  g_assert_no_error (error);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  return document;
}

/* The text of a page without any white space: cells wrap their lines and
 * poppler joins them with spaces or newlines. */
static char *
dup_page_text (PopplerDocument *document,
               int              index)
{
  PopplerPage *page = poppler_document_get_page (document, index);
  g_autofree char *text = poppler_page_get_text (page);
  GString *out = g_string_new (NULL);

  g_object_unref (page);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x3000)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in “%.200s…”", needle, haystack);
}

/* The header rows and "第N页共M页" on every page. */
static void
assert_every_page (PopplerDocument *document)
{
  int n_pages = poppler_document_get_n_pages (document);

  for (int i = 0; i < n_pages; i++)
    {
      g_autofree char *text = dup_page_text (document, i);
      g_autofree char *number = g_strdup_printf ("第%d页共%d页", i + 1, n_pages);

      assert_contains (text, "公开事项");
      assert_contains (text, "一级事项");
      assert_contains (text, "公开内容（要素）");
      assert_contains (text, "公开渠道和载体");
      assert_contains (text, "公开层级");
      assert_contains (text, number);
    }
}

/* The CJK fonts are in the file, as subsets. */
static void
assert_cjk_embedded (PopplerDocument *document)
{
  PopplerFontInfo *info = poppler_font_info_new (document);
  PopplerFontsIter *iter = NULL;
  guint cjk = 0;

  g_assert_true (poppler_font_info_scan (info, poppler_document_get_n_pages (document), &iter));
  g_assert_nonnull (iter);
  do
    {
      const char *name = poppler_fonts_iter_get_name (iter);

      g_assert_true (poppler_fonts_iter_is_embedded (iter));
      if (name != NULL && strstr (name, "CJK") != NULL)
        {
          g_assert_true (poppler_fonts_iter_is_subset (iter));
          cjk++;
        }
    }
  while (poppler_fonts_iter_next (iter));
  poppler_fonts_iter_free (iter);
  poppler_font_info_free (info);

  g_assert_cmpuint (cjk, >, 0);
}

static void
assert_page_size (PopplerDocument *document,
                  double           width,
                  double           height)
{
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      double w, h;

      poppler_page_get_size (page, &w, &h);
      g_object_unref (page);
      g_assert_cmpfloat_with_epsilon (w, width, 0.5);
      g_assert_cmpfloat_with_epsilon (h, height, 0.5);
    }
}

static guint
count_bookmarks (PopplerDocument *document,
                 const char      *title)
{
  PopplerIndexIter *iter = poppler_index_iter_new (document);
  guint n = 0;

  if (iter == NULL)
    return 0;
  do
    {
      PopplerAction *action = poppler_index_iter_get_action (iter);

      if (action->type == POPPLER_ACTION_GOTO_DEST && g_strcmp0 (action->any.title, title) == 0)
        n++;
      poppler_action_free (action);
    }
  while (poppler_index_iter_next (iter));
  poppler_index_iter_free (iter);

  return n;
}

static void
test_small (void)
{
  g_autoptr(GkCatalog) catalog = gk_test_load_catalog ("render-small.json");
  g_autofree char *dir = gk_test_make_tmp_dir ("pdf");
  g_autofree char *path = g_build_filename (dir, "small.pdf", NULL);
  PopplerDocument *document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *creator = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *all = NULL;
  int n_pages;

  /* An old file is replaced, no temporary file is left. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_true (gk_export_pdf (catalog, NULL, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gk_test_count_entries (dir), ==, 1);

  document = open_pdf (path);
  n_pages = poppler_document_get_n_pages (document);
  /* Two domains, each from a new page. */
  g_assert_cmpint (n_pages, >=, 2);
  title = poppler_document_get_title (document);
  creator = poppler_document_get_creator (document);
  g_assert_cmpstr (title, ==, "某某县基层政务公开标准目录");
  g_assert_cmpstr (creator, ==, "Gongkai");
  assert_page_size (document, A4_WIDTH, A4_HEIGHT);
  assert_cjk_embedded (document);
  assert_every_page (document);
  g_assert_cmpuint (count_bookmarks (document, "社会救助"), ==, 1);
  g_assert_cmpuint (count_bookmarks (document, "义务教育"), ==, 1);

  first = dup_page_text (document, 0);
  last = dup_page_text (document, n_pages - 1);
  assert_contains (first, "某某县社会救助领域基层政务公开标准目录");
  assert_contains (first, "2024年版");
  assert_contains (first, "县民政局");
  assert_contains (first, "办事指南");
  assert_contains (first, "■政府网站");
  assert_contains (first, "□政府公报");
  /* Level columns are the catalog's; the 三级事项 column only where used. */
  assert_contains (first, "乡、村级");
  g_assert_null (strstr (first, "三级事项"));
  assert_contains (last, "某某县义务教育领域基层政务公开标准目录");
  assert_contains (last, "三级事项");
  assert_contains (last, "√（适龄儿童家长）");

  for (int i = 0; i < n_pages; i++)
    {
      g_autofree char *text = dup_page_text (document, i);
      g_autofree char *joined = g_strconcat (all != NULL ? all : "", text, NULL);

      g_free (all);
      all = g_steal_pointer (&joined);
    }
  /* Text is drawn as text, not markup: nothing is escaped. */
  assert_contains (all, "<script>");
  assert_contains (all, "■其他（村务公开栏）");
  assert_contains (all, "√（申请人）");

  g_object_unref (document);
  gk_test_remove_tree (dir);
}

static void
test_samples (void)
{
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GkCatalog) catalog = gk_test_samples_load (&rows, &items);
  g_autofree char *dir = gk_test_make_tmp_dir ("pdf");
  g_autofree char *path = g_build_filename (dir, "samples.pdf", NULL);
  PopplerDocument *document = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  int n_pages;

  options.paper = GK_PAPER_A3;
  g_assert_true (gk_export_pdf (catalog, &options, path, &error));
  g_assert_no_error (error);

  document = open_pdf (path);
  n_pages = poppler_document_get_n_pages (document);
  g_assert_cmpint (n_pages, >, 1);
  assert_page_size (document, A3_WIDTH, A3_HEIGHT);
  assert_cjk_embedded (document);
  assert_every_page (document);

  for (int i = 0; i < n_pages; i++)
    {
      g_autofree char *text = dup_page_text (document, i);

      g_string_append (all, text);
    }

  /* Every item is there: the first line of a cell holds at least the
   * first four characters of its 二级事项. */
  for (guint i = 0; i < items->len; i++)
    {
      const char *level2 = gk_item_get_text (g_ptr_array_index (items, i), GK_FIELD_LEVEL2);
      g_autofree char *start = g_utf8_substring (level2, 0, MIN (g_utf8_strlen (level2, -1), 4));
      /* Poppler may cut a line at a space. */
      g_autofree char *bare = g_strdelimit (g_strdup (start), " \n", '\0');

      if (*bare != '\0')
        assert_contains (all->str, bare);
    }

  g_object_unref (document);
  gk_test_remove_tree (dir);
}

static const char * const contents[] = {
  "项目名称、建设单位、建设地点、建设规模、批准文号、批准时间、批准机关",
  "办理依据、申请条件、办理材料、办理流程、办理时限、收费标准（涉密信息、法律法规规定不予公开的除外）",
  "资金分配结果",
};

/* @n items in 社会救助, nine to a 一级事项 named 事项组NN, with contents of
 * one to seven times a sample's length so rows differ in height; item 5 gets
 * @long_content if given. */
static GkCatalog *
make_domain (guint       n,
             const char *long_content)
{
  const char * const levels[] = { "县级", "乡级", NULL };
  GkCatalog *catalog = gk_catalog_new ();

  gk_catalog_set_unit_name (catalog, "某某县");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GkItem) item = gk_item_new ("20");
      g_autofree char *level1 = g_strdup_printf ("事项组%02u", i / 9);
      g_autofree char *level2 = g_strdup_printf ("审批结果%03u", i);
      g_autoptr(GString) content = g_string_new (NULL);

      gk_item_set_text (item, GK_FIELD_LEVEL1, level1);
      gk_item_set_text (item, GK_FIELD_LEVEL2, level2);
      for (guint k = 0; k <= (i * 5) % 7; k++)
        g_string_append (content, contents[i % G_N_ELEMENTS (contents)]);
      gk_item_set_text (item, GK_FIELD_CONTENT, i == 5 && long_content != NULL
                        ? long_content : content->str);
      gk_item_set_text (item, GK_FIELD_BASIS, "《中华人民共和国政府信息公开条例》");
      gk_item_set_text (item, GK_FIELD_TIME_LIMIT, "信息形成或者变更之日起20个工作日内");
      gk_item_set_text (item, GK_FIELD_SUBJECT, "县民政局");
      gk_item_set_channels (item, (i * 2654435761u) & GK_CHANNEL_MASK_ALL);
      gk_item_set_audience (item, GK_AUDIENCE_PUBLIC);
      gk_item_set_method (item, GK_METHOD_PROACTIVE);
      gk_item_set_levels (item, levels);
      gk_item_set_position (item, (int) i);
      gk_catalog_add_item (catalog, item);
    }

  return catalog;
}

/* Paginates @painter on a page of the given size and checks every page:
 * the table ends above the page number, nothing is drawn off the page.
 * Returns the number of pages. */
static guint
paginate_and_check (GkTablePainter *painter,
                    double          width,
                    double          height)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  guint n_pages = gk_table_painter_paginate (painter, cr, width, height);

  g_assert_cmpuint (gk_table_painter_get_n_pages (painter), ==, n_pages);
  for (guint p = 0; p < n_pages; p++)
    {
      cairo_surface_t *page = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      cairo_t *page_cr = cairo_create (page);
      GkTablePageInfo info;
      double x, y, w, h;

      g_assert_true (gk_table_painter_get_page_info (painter, p, &info));
      g_assert_cmpfloat (info.table_bottom, <=, info.footer_top);
      g_assert_cmpfloat (info.footer_top, <, height);

      gk_table_painter_draw_page (painter, page_cr, p);
      g_assert_cmpint (cairo_status (page_cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_recording_surface_ink_extents (page, &x, &y, &w, &h);
      /* Half a border may stick out, and the extents are whole units. */
      g_assert_cmpfloat (x, >=, -2);
      g_assert_cmpfloat (y, >=, -2);
      g_assert_cmpfloat (x + w, <=, width + 2);
      g_assert_cmpfloat (y + h, <=, height + 2);
      cairo_destroy (page_cr);
      cairo_surface_destroy (page);
    }
  g_assert_false (gk_table_painter_get_page_info (painter, n_pages, &(GkTablePageInfo) { 0 }));

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return n_pages;
}

static void
test_pagination (void)
{
  g_autoptr(GkCatalog) catalog = make_domain (200, NULL);
  g_autoptr(GkTablePainter) painter = NULL;
  g_autoptr(GError) error = NULL;
  guint next_row = 0;
  guint n_pages;

  painter = gk_table_painter_new (catalog, "社会救助", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gk_table_painter_get_n_tables (painter), ==, 1);
  g_assert_cmpstr (gk_table_painter_get_domain (painter, 0)->code, ==, "20");
  g_assert_cmpstr (gk_table_painter_get_title (painter), ==,
                   "某某县社会救助领域基层政务公开标准目录");

  n_pages = paginate_and_check (painter, A4_WIDTH - 56.7, A4_HEIGHT - 62.4);
  g_assert_cmpuint (n_pages, >, 1);

  /* Rows shorter than a page are never split: each is on one page, in
   * order, and only the first page has the title. */
  for (guint p = 0; p < n_pages; p++)
    {
      GkTablePageInfo info;

      g_assert_true (gk_table_painter_get_page_info (painter, p, &info));
      g_assert_cmpuint (info.table, ==, 0);
      g_assert_true (info.title == (p == 0));
      g_assert_cmpuint (info.first_row, ==, next_row);
      g_assert_cmpuint (info.n_rows, >, 0);
      next_row += info.n_rows;
    }
  g_assert_cmpuint (next_row, ==, 200);

  /* The same rows take fewer pages on A3; paginating again starts over. */
  g_assert_cmpuint (paginate_and_check (painter, A3_WIDTH - 56.7, A3_HEIGHT - 62.4), <, n_pages);
  g_assert_cmpuint (paginate_and_check (painter, A4_WIDTH - 56.7, A4_HEIGHT - 62.4), ==, n_pages);

  g_assert_finalize_object (g_steal_pointer (&painter));
}

/* A run of 一级事项 cut by a page shows its text again at the top of the
 * next page, once for all its rows there. */
static void
test_level1_repeated (void)
{
  g_autoptr(GkCatalog) catalog = make_domain (200, NULL);
  g_autofree char *dir = gk_test_make_tmp_dir ("pdf");
  g_autofree char *path = g_build_filename (dir, "domain.pdf", NULL);
  g_autoptr(GkTablePainter) painter = gk_table_painter_new (catalog, "20", NULL);
  PopplerDocument *document = NULL;
  g_autoptr(GError) error = NULL;
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  guint continued = 0;
  guint n_pages;

  options.domain_code = "20";
  g_assert_true (gk_export_pdf (catalog, &options, path, &error));
  g_assert_no_error (error);
  document = open_pdf (path);

  /* The export's page: A4 less its margins. */
  n_pages = paginate_and_check (painter, A4_WIDTH - 56.7, A4_HEIGHT - 62.4);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, n_pages);
  assert_every_page (document);

  for (guint p = 0; p < n_pages; p++)
    {
      g_autofree char *text = dup_page_text (document, p);
      GkTablePageInfo info;
      g_autofree char *group = NULL;

      g_assert_true (gk_table_painter_get_page_info (painter, p, &info));
      group = g_strdup_printf ("事项组%02u", info.first_row / 9);
      g_assert_cmpuint (gk_test_count_substrings (text, group), ==, 1);
      if (info.first_row % 9 != 0)
        continued++;
    }
  g_assert_cmpuint (continued, >, 0);

  g_object_unref (document);
  gk_test_remove_tree (dir);
}

/* A row taller than a page is split over pages, and only that row. */
static void
test_tall_row (void)
{
  g_autoptr(GString) content = g_string_new (NULL);
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GkTablePainter) painter = NULL;
  guint split = 0;
  guint n_pages;
  int last_row = -1;

  for (guint i = 0; i < 120; i++)
    g_string_append (content, "本行很长，用于测试跨页拆分的单元格文字。");
  catalog = make_domain (12, content->str);
  painter = gk_table_painter_new (catalog, NULL, NULL);
  n_pages = paginate_and_check (painter, A4_WIDTH - 56.7, A4_HEIGHT - 62.4);

  for (guint p = 0; p < n_pages; p++)
    {
      GkTablePageInfo info;

      g_assert_true (gk_table_painter_get_page_info (painter, p, &info));
      if ((int) info.first_row == last_row)
        {
          g_assert_cmpuint (info.first_row, ==, 5);
          split++;
        }
      else
        g_assert_cmpint ((int) info.first_row, ==, last_row + 1);
      last_row = info.first_row + info.n_rows - 1;
    }
  g_assert_cmpuint (split, >=, 1);
  g_assert_cmpint (last_row, ==, 11);
}

/* Ten ideographs found nowhere else in make_domain()'s table, and 。. */
#define DIGITS "甲乙丙丁戊己庚辛壬癸"

static gboolean
is_long_cell_char (gunichar c)
{
  return c == 0x3002 || g_utf8_strchr (DIGITS, -1, c) != NULL;
}

/* The characters of @text that is_long_cell_char() keeps, in order. */
static void
append_long_cell_chars (GString    *out,
                        const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_long_cell_char (c))
        g_string_append_unichar (out, c);
    }
}

/* Sentences of numbers written with DIGITS: 甲。乙。丙。…乙甲。, @n_chars
 * characters in all. */
static char *
dup_numbered_text (guint n_chars)
{
  GString *text = g_string_new (NULL);
  guint length = 0;

  for (guint i = 0; length < n_chars; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i);

      for (const char *d = number; *d != '\0' && length < n_chars; d++, length++)
        {
          const char *digit = g_utf8_offset_to_pointer (DIGITS, *d - '0');

          g_string_append_len (text, digit, g_utf8_next_char (digit) - digit);
        }
      if (length < n_chars)
        {
          g_string_append (text, "。");
          length++;
        }
    }
  return g_string_free (text, FALSE);
}

/* Where poppler found each character of @page: on the page. */
static void
assert_text_on_page (PopplerPage *page)
{
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  double width, height;

  poppler_page_get_size (page, &width, &height);
  g_assert_true (poppler_page_get_text_layout (page, &rects, &n_rects));
  for (guint i = 0; i < n_rects; i++)
    {
      g_assert_cmpfloat (rects[i].x1, >=, -0.5);
      g_assert_cmpfloat (rects[i].y1, >=, -0.5);
      g_assert_cmpfloat (rects[i].x2, <=, width + 0.5);
      g_assert_cmpfloat (rects[i].y2, <=, height + 0.5);
    }
  g_free (rects);
}

/* Exports @catalog and checks that @content is printed whole, once and in
 * order, and that all text stays on its page. */
static void
assert_all_printed (GkCatalog  *catalog,
                    const char *content)
{
  g_autofree char *dir = gk_test_make_tmp_dir ("pdf");
  g_autofree char *path = g_build_filename (dir, "long.pdf", NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) found = g_string_new (NULL);
  PopplerDocument *document = NULL;
  g_autoptr(GError) error = NULL;
  int n_pages;

  g_assert_true (gk_export_pdf (catalog, NULL, path, &error));
  g_assert_no_error (error);
  document = open_pdf (path);
  n_pages = poppler_document_get_n_pages (document);
  g_assert_cmpint (n_pages, >, 10);

  for (int i = 0; i < n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *text = poppler_page_get_text (page);

      assert_text_on_page (page);
      append_long_cell_chars (found, text);
      g_object_unref (page);
    }
  append_long_cell_chars (expected, content);
  g_assert_cmpuint (g_utf8_strlen (found->str, -1), ==, g_utf8_strlen (expected->str, -1));
  g_assert_true (g_str_equal (found->str, expected->str));

  g_object_unref (document);
  gk_test_remove_tree (dir);
}

/* A cell of 300,000 characters, far taller than a page: Pango laid it out
 * as one line past ~230,000 (its widths summed in int overflowed), and
 * every page laid the whole cell out again. */
static void
test_long_cell (void)
{
  g_autofree char *content = dup_numbered_text (300000);
  g_autoptr(GkCatalog) catalog = make_domain (12, content);

  g_assert_cmpuint (g_utf8_strlen (content, -1), ==, 300000);
  assert_all_printed (catalog, content);
}

/* A 一级事项 of its own taller than a page continues over the pages as
 * the other cells do, instead of showing its beginning on each. */
static void
test_long_level1 (void)
{
  g_autofree char *content = dup_numbered_text (30000);
  g_autoptr(GkCatalog) catalog = make_domain (1, NULL);
  g_autoptr(GPtrArray) items = gk_catalog_dup_domain_items (catalog, "20");

  gk_item_set_text (g_ptr_array_index (items, 0), GK_FIELD_LEVEL1, content);
  assert_all_printed (catalog, content);
}

/* Rare characters of CJK Extension B, in names of people and places. */
#define EXT_B "\xF0\xA0\x80\x80\xF0\xAA\x9A\xA5"  /* U+20000 𠀀, U+2A6A5 𪚥 */

/* The whole text of @path, without white space. */
static char *
dup_document_text (const char *path)
{
  PopplerDocument *document = open_pdf (path);
  GString *all = g_string_new (NULL);

  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      g_autofree char *text = dup_page_text (document, i);

      g_string_append (all, text);
    }
  g_object_unref (document);
  return g_string_free (all, FALSE);
}

/* Where a font has them, the characters are printed with it: Pango finds
 * no glyph missing, and poppler reads the characters back, not the hex
 * digits of the boxes Pango draws for a missing glyph. */
static void
test_ext_b_fallback (void)
{
  g_autoptr(GkCatalog) catalog = make_domain (12, "户主姓名" EXT_B "某");
  g_autofree char *dir = gk_test_make_tmp_dir ("pdf");
  g_autofree char *path = g_build_filename (dir, "ext-b.pdf", NULL);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* build-aux/dev.sh installs fonts-hanazono for them. */
  pango_layout_set_text (layout, EXT_B, -1);
  if (pango_layout_get_unknown_glyphs_count (layout) > 0)
    g_error ("No installed font has U+20000 and U+2A6A5: install fonts-hanazono");
  g_object_unref (layout);
  g_object_unref (context);

  options.warnings = warnings;
  g_assert_true (gk_export_pdf (catalog, &options, path, &error));
  g_assert_no_error (error);
  text = dup_document_text (path);
  assert_contains (text, "户主姓名" EXT_B "某");
  g_assert_cmpuint (warnings->len, ==, 0);

  gk_test_remove_tree (dir);
}

/* A character no installed font has (here one for private use) is
 * printed as a box, the document is still written, and a warning names
 * the item; after 20 cells, one more tells how many others. */
static void
test_missing_glyph_warning (void)
{
  g_autoptr(GkCatalog) catalog = make_domain (30, NULL);
  g_autoptr(GPtrArray) items = gk_catalog_dup_domain_items (catalog, "20");
  g_autofree char *dir = gk_test_make_tmp_dir ("pdf");
  g_autofree char *path = g_build_filename (dir, "missing.pdf", NULL);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 25; i++)
    gk_item_set_text (g_ptr_array_index (items, i), GK_FIELD_SUBJECT,
                      "县民政局\xF4\x8F\xBF\xBD");  /* U+10FFFD */
  options.warnings = warnings;
  g_assert_true (gk_export_pdf (catalog, &options, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gk_test_count_entries (dir), ==, 1);

  g_assert_cmpuint (warnings->len, ==, 21);
  g_assert_cmpstr (warnings->pdata[3], ==,
                   "社会救助, row 4 “审批结果003”, 公开主体: no installed font has the "
                   "character \xF4\x8F\xBF\xBD (U+10FFFD); it is printed as a box");
  g_assert_cmpstr (warnings->pdata[20], ==,
                   "5 more cells have characters no installed font has");

  gk_test_remove_tree (dir);
}

/* Without a font for Extension B (fontconfig told to reject those that
 * have U+20000), the command line user is warned, with the item. */
static void
test_missing_glyph_cli (void)
{
  g_autofree char *dir = gk_test_make_tmp_dir ("pdf");
  g_autofree char *json = g_build_filename (dir, "ext-b.json", NULL);
  g_autofree char *pdf = g_build_filename (dir, "ext-b.pdf", NULL);
  g_autofree char *config = g_build_filename (dir, "fonts.conf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (json);
  g_autoptr(GkCatalog) catalog = make_domain (3, NULL);
  g_autoptr(GPtrArray) items = gk_catalog_dup_domain_items (catalog, "20");
  g_autoptr(GError) error = NULL;
  const char * const args[] = { json, "-o", pdf, NULL };
  g_autofree char *saved = g_strdup (g_getenv ("FONTCONFIG_FILE"));
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (config,
    "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
    "<fontconfig><include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>"
    "<selectfont><rejectfont><pattern><patelt name=\"charset\"><charset><int>0x20000</int>"
    "</charset></patelt></pattern></rejectfont></selectfont></fontconfig>\n", -1, NULL));
  gk_item_set_text (g_ptr_array_index (items, 1), GK_FIELD_CONTENT, "户主姓名" EXT_B);
  g_assert_true (gk_catalog_save_to_file (catalog, file, NULL, &error));
  g_assert_no_error (error);

  g_setenv ("FONTCONFIG_FILE", config, TRUE);
  g_assert_cmpint (gk_test_run_cli (cli_path, "export", args, NULL, &err), ==, 0);
  if (saved != NULL)
    g_setenv ("FONTCONFIG_FILE", saved, TRUE);
  else
    g_unsetenv ("FONTCONFIG_FILE");

  assert_contains (err, "warning: 社会救助, row 2 “审批结果001”, 公开内容（要素）: no "
                   "installed font has the character \xF0\xA0\x80\x80 (U+20000)");
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  gk_test_remove_tree (dir);
}

static void
test_errors (void)
{
  g_autoptr(GkCatalog) catalog = gk_test_load_catalog ("render-small.json");
  g_autoptr(GkCatalog) empty = gk_catalog_new ();
  g_autofree char *dir = gk_test_make_tmp_dir ("pdf");
  g_autofree char *nowhere = g_build_filename (dir, "missing", "x.pdf", NULL);
  g_autofree char *path = g_build_filename (dir, "x.pdf", NULL);
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  g_autoptr(GkTablePainter) painter = NULL;
  g_autoptr(GError) error = NULL;

  painter = gk_table_painter_new (catalog, "99", &error);
  g_assert_error (error, GK_RENDER_ERROR, GK_RENDER_ERROR_UNKNOWN_DOMAIN);
  g_assert_null (painter);
  g_clear_error (&error);

  g_assert_false (gk_export_pdf (empty, NULL, path, &error));
  g_assert_error (error, GK_RENDER_ERROR, GK_RENDER_ERROR_EMPTY);
  g_clear_error (&error);

  g_assert_false (gk_export_pdf (catalog, NULL, nowhere, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, nowhere));
  g_clear_error (&error);
  g_assert_cmpuint (gk_test_count_entries (dir), ==, 0);

  /* One empty domain still makes a page: its title and header. */
  options.domain_code = "01";
  g_assert_true (gk_export_pdf (catalog, &options, path, &error));
  g_assert_no_error (error);
  {
    PopplerDocument *document = open_pdf (path);

    g_assert_cmpint (poppler_document_get_n_pages (document), ==, 1);
    assert_every_page (document);
    g_object_unref (document);
  }

  gk_test_remove_tree (dir);
}

static void
test_cli (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "render-small.json",
                                                    NULL);
  g_autofree char *dir = gk_test_make_tmp_dir ("pdf");
  g_autofree char *a3 = g_build_filename (dir, "a3.pdf", NULL);
  g_autofree char *by_extension = g_build_filename (dir, "domain.PDF", NULL);

  {
    const char * const args[] = { fixture, "--format", "pdf", "--paper", "a3", "-o", a3, NULL };
    g_autofree char *err = NULL;
    PopplerDocument *document = NULL;

    g_assert_cmpint (gk_test_run_cli (cli_path, "export", args, NULL, &err), ==, 0);
    document = open_pdf (a3);
    assert_page_size (document, A3_WIDTH, A3_HEIGHT);
    g_object_unref (document);
  }
  {
    const char * const args[] = { fixture, "-d", "24", "-o", by_extension, NULL };
    g_autofree char *err = NULL;
    PopplerDocument *document = NULL;
    g_autofree char *title = NULL;

    g_assert_cmpint (gk_test_run_cli (cli_path, "export", args, NULL, &err), ==, 0);
    document = open_pdf (by_extension);
    title = poppler_document_get_title (document);
    g_assert_cmpstr (title, ==, "某某县义务教育领域基层政务公开标准目录");
    assert_page_size (document, A4_WIDTH, A4_HEIGHT);
    g_object_unref (document);
  }
  {
    const char * const args[] = { fixture, "-F", "pdf", "-o", "-", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (gk_test_run_cli (cli_path, "export", args, NULL, &err), ==, 2);
    g_assert_cmpstr (err, !=, "");
  }
  g_assert_cmpuint (gk_test_count_entries (dir), ==, 2);

  gk_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gk_core_init_i18n ();
  g_test_init (&argc, &argv, NULL);
  cli_path = gk_test_get_program (argc, argv, "gongkai-cli");

  g_test_add_func ("/pdf/small", test_small);
  g_test_add_func ("/pdf/samples", test_samples);
  g_test_add_func ("/pdf/painter/pagination", test_pagination);
  g_test_add_func ("/pdf/painter/level1-repeated", test_level1_repeated);
  g_test_add_func ("/pdf/painter/tall-row", test_tall_row);
  g_test_add_func ("/pdf/painter/long-cell", test_long_cell);
  g_test_add_func ("/pdf/painter/long-level1", test_long_level1);
  g_test_add_func ("/pdf/ext-b/fallback", test_ext_b_fallback);
  g_test_add_func ("/pdf/ext-b/warning", test_missing_glyph_warning);
  g_test_add_func ("/pdf/ext-b/cli", test_missing_glyph_cli);
  g_test_add_func ("/pdf/errors", test_errors);
  g_test_add_func ("/pdf/cli", test_cli);

  return g_test_run ();
}
