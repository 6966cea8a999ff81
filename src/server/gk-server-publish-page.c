/* gk-server-publish-page.c: the published catalog's index page
 *
 * The domain pages are the renderer's (gk-renderer.c), as the editor's
 * preview shows them; the index is this file's: the catalog's title, when
 * it was published, a link to each domain's page and the downloads. Like
 * the renderer's pages it is catalog data, in Chinese whatever the
 * server's locale, and in the renderer's style.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-server-publish.h"
#include "gk-server-publish-page.h"

static const char index_css[] =
  "html{color-scheme:light}\n"
  "body{font-family:\"Noto Sans CJK SC\",\"Noto Sans SC\",\"Source Han Sans SC\","
  "\"Microsoft YaHei\",\"PingFang SC\",\"WenQuanYi Micro Hei\",sans-serif;"
  "font-size:10.5pt;line-height:1.6;color:#000;background:#fff;margin:1.5em auto;"
  "max-width:60em;padding:0 1.5em}\n"
  "h1{text-align:center;font-size:1.5em;margin:.5em 0}\n"
  "h2{font-size:1.15em;margin:1.5em 0 .5em;border-bottom:2px solid #b71c1c;"
  "padding-bottom:.2em}\n"
  "p.gk-published{text-align:center;color:#444;margin:0 0 1em}\n"
  "table{border-collapse:collapse;width:100%}\n"
  "th,td{border:1px solid #000;padding:.35em .6em}\n"
  "thead th{background:#f2f2f2;text-align:center}\n"
  "td.gk-number,td.gk-count{text-align:center;width:6em}\n"
  "a{color:#0b4f9c}\n"
  "nav.gk-downloads ul{list-style:none;padding:0;margin:0 0 1.5em;display:flex;gap:2em;"
  "justify-content:center;flex-wrap:wrap}\n"
  "@media print{nav.gk-downloads{display:none}}\n";

/* Links shown above a domain page's table, off paper. */
static const char nav_style[] =
  "<style>\nnav.gk-back{margin:0 0 1em}nav.gk-back a{margin-right:1.5em;color:#0b4f9c}\n"
  "@media print{nav.gk-back{display:none}}\n</style>\n";

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (out, escaped);
}

static void
append_published (GString   *out,
                  GDateTime *at,
                  guint      n_items)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (at);
  g_autofree char *iso = g_date_time_format_iso8601 (at);
  g_autofree char *shown = g_date_time_format (local, "%Y年%-m月%-d日 %H:%M");

  g_string_append_printf (out, "<p class=\"gk-published\">发布时间：<time datetime=\"%s\">%s"
                               "</time>　共 %u 个事项</p>\n", iso, shown, n_items);
}

static void
append_domains (GString   *out,
                GPtrArray *sections)
{
  g_string_append (out, "<h2 id=\"gk-domains\">领域目录</h2>\n");
  if (sections->len == 0)
    {
      g_string_append (out, "<p>目录尚无已发布的事项。</p>\n");
      return;
    }

  g_string_append (out, "<table aria-labelledby=\"gk-domains\">\n<thead><tr><th>序号</th>"
                        "<th>领域</th><th>事项数</th></tr></thead>\n<tbody>\n");
  for (guint i = 0; i < sections->len; i++)
    {
      const GkRenderSection *section = g_ptr_array_index (sections, i);

      g_string_append_printf (out, "<tr id=\"domain-%s\"><td class=\"gk-number\">%u</td>"
                                   "<td><a href=\"%s.html\">", section->domain->code, i + 1,
                              section->domain->code);
      append_escaped (out, section->domain->name);
      g_string_append_printf (out, "</a></td><td class=\"gk-count\">%u</td></tr>\n",
                              section->items->len);
    }
  g_string_append (out, "</tbody>\n</table>\n");
}

/* Above the domains, where a reader sees them first. */
static void
append_downloads (GString  *out,
                  gboolean  tables)
{
  g_string_append (out, "<nav class=\"gk-downloads\" aria-label=\"下载\">\n<ul>\n");
  if (tables)
    g_string_append (out, "<li><a href=\"" GK_SERVER_PUBLISHED_XLSX "\" download>"
                          "下载 Excel 表格</a></li>\n"
                          "<li><a href=\"" GK_SERVER_PUBLISHED_PDF "\" download>"
                          "下载 PDF 文档</a></li>\n");
  g_string_append (out, "<li><a href=\"" GK_SERVER_PUBLISHED_JSON "\" download>"
                        "下载目录数据（JSON）</a></li>\n</ul>\n</nav>\n");
}

/**
 * gk_server_publish_page_index:
 * @catalog: the catalog published
 * @sections: (element-type GkRenderSection): its domains with items, as
 *   gk_render_dup_sections() gives them
 * @at: when it was published
 * @downloads: whether the XLSX and PDF are published (not for a catalog
 *   without items)
 *
 * Returns: (transfer full): the HTML of index.html
 */
char *
gk_server_publish_page_index (GkCatalog *catalog,
                              GPtrArray *sections,
                              GDateTime *at,
                              gboolean   downloads)
{
  g_autofree char *title = gk_render_dup_title (catalog, NULL);
  GString *out = g_string_new (NULL);

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
                        "<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<meta name=\"generator\" content=\"Gongkai " PACKAGE_VERSION "\">\n"
                        "<title>");
  append_escaped (out, title);
  g_string_append_printf (out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>",
                          index_css);
  append_escaped (out, title);
  g_string_append (out, "</h1>\n");
  append_published (out, at, gk_catalog_get_n_items (catalog));
  append_downloads (out, downloads);
  g_string_append (out, "</header>\n<main>\n");
  append_domains (out, sections);
  g_string_append (out, "</main>\n</body>\n</html>\n");

  return g_string_free (out, FALSE);
}

/**
 * gk_server_publish_page_add_nav:
 * @page: a domain's page, as gk_render_html_append() wrote it
 *
 * Adds links back to the index and to the downloads above the table,
 * hidden in print.
 */
void
gk_server_publish_page_add_nav (GString *page)
{
  static const char nav[] =
    "<nav class=\"gk-back\"><a href=\"./\">返回领域目录</a>"
    "<a href=\"" GK_SERVER_PUBLISHED_XLSX "\" download>下载 Excel 表格</a>"
    "<a href=\"" GK_SERVER_PUBLISHED_PDF "\" download>下载 PDF 文档</a></nav>\n";
  const char *head_end = strstr (page->str, "</head>");
  const char *body;

  g_return_if_fail (head_end != NULL);

  g_string_insert (page, head_end - page->str, nav_style);
  body = strstr (page->str, "<body>\n");
  g_return_if_fail (body != NULL);
  g_string_insert (page, body - page->str + strlen ("<body>\n"), nav);
}
