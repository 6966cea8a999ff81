/* gk-renderer.c: the published table as a self-contained HTML page
 *
 * The editor preview re-renders on every keystroke, so the whole page is
 * written into one GString: text is escaped span by span straight into it
 * and the only per-cell buffer is one scratch string reused for all cells.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-renderer.h"
#include "gk-string-private.h"

#define TICK "√"
#define TITLE_SUFFIX "基层政务公开标准目录"

G_DEFINE_QUARK (gk-render-error-quark, gk_render_error)

/* Printed convention of the ministries' templates: bold sans CJK, thin
 * black rules, the header repeated on every printed page. */
static const char page_css[] =
  "html{color-scheme:light}\n"
  "body{font-family:\"Noto Sans CJK SC\",\"Noto Sans SC\",\"Source Han Sans SC\","
  "\"Microsoft YaHei\",\"PingFang SC\",\"WenQuanYi Micro Hei\",sans-serif;"
  "font-size:10.5pt;line-height:1.5;color:#000;background:#fff;margin:1.5em}\n"
  "h1,h2{text-align:center;font-size:1.5em;margin:.5em 0}\n"
  "p.gk-label{text-align:center;margin:0 0 1em}\n"
  "table{border-collapse:collapse;width:100%;table-layout:fixed;margin:0 0 2em}\n"
  "th,td{border:1px solid #000;padding:.3em .4em;vertical-align:middle;"
  "white-space:pre-line;overflow-wrap:anywhere}\n"
  "thead{display:table-header-group}\n"
  "thead th{background:#f2f2f2;text-align:center;font-weight:bold}\n"
  "tbody th{font-weight:normal;text-align:center}\n"
  "td.gk-tick{text-align:center}\n"
  "ul.gk-channels{list-style:none;margin:0;padding:0;white-space:normal}\n"
  "li.gk-off{color:#444}\n"
  "tr{page-break-inside:avoid;break-inside:avoid}\n"
  "tr.gk-highlight>*{background:#fff3bf}\n"
  ".gk-sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;"
  "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}\n"
  "nav.gk-index ol{columns:3;margin:0 0 2em}\n"
  /* On a narrow screen (the editor's preview beside the form, a phone) the
   * table keeps readable columns and the page scrolls sideways. */
  "@media screen{table{min-width:60em}}\n"
  "@media print{body{margin:0}nav.gk-index{display:none}"
  "section+section{page-break-before:always;break-before:page}"
  "tr.gk-highlight>*{background:none}}\n";

/**
 * gk_render_options_init:
 * @options: (out caller-allocates): the options to fill
 *
 * Sets the defaults: the whole catalog, domains with items only, A4.
 */
void
gk_render_options_init (GkRenderOptions *options)
{
  static const GkRenderOptions defaults = GK_RENDER_OPTIONS_INIT;

  g_return_if_fail (options != NULL);

  *options = defaults;
}

/**
 * gk_render_section_free:
 * @section: (transfer full) (nullable): a section
 */
void
gk_render_section_free (GkRenderSection *section)
{
  if (section == NULL)
    return;

  g_clear_pointer (&section->items, g_ptr_array_unref);
  g_free (section);
}

static GkRenderSection *
section_new (GkCatalog      *catalog,
             const GkDomain *domain)
{
  GkRenderSection *section = g_new0 (GkRenderSection, 1);

  section->domain = domain;
  section->items = gk_catalog_dup_domain_items (catalog, domain->code);
  return section;
}

/* What gk_catalog_dup_domain_items() gives for every domain, in one pass
 * over the catalog instead of one per domain. */
static void
dup_all_domain_items (GkCatalog *catalog,
                      GPtrArray *buckets[GK_N_DOMAINS])
{
  guint n_items = gk_catalog_get_n_items (catalog);

  for (guint i = 0; i < GK_N_DOMAINS; i++)
    buckets[i] = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_items; i++)
    {
      GkItem *item = gk_catalog_get_item (catalog, i);
      const char *code = gk_item_get_text (item, GK_FIELD_DOMAIN);
      int index = gk_domain_get_index (gk_domain_lookup_code (code));

      if (index >= 0)
        g_ptr_array_add (buckets[index], g_object_ref (item));
    }
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    g_ptr_array_sort (buckets[i], gk_item_compare);
}

/**
 * gk_render_dup_sections:
 * @catalog: a catalog
 * @options: (nullable): what to render, %NULL for the defaults
 * @error: return location for a #GError
 *
 * Splits the catalog into its tables, in domain order.
 *
 * Returns: (transfer container) (element-type GkRenderSection) (nullable):
 *   the sections, or %NULL if the domain of @options is unknown
 */
GPtrArray *
gk_render_dup_sections (GkCatalog             *catalog,
                        const GkRenderOptions *options,
                        GError               **error)
{
  GkRenderOptions defaults = GK_RENDER_OPTIONS_INIT;
  g_autoptr(GPtrArray) sections = NULL;
  GPtrArray *buckets[GK_N_DOMAINS];

  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;

  sections = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_render_section_free);
  if (options->domain_code != NULL)
    {
      const GkDomain *domain = gk_domain_lookup (options->domain_code);

      if (domain == NULL)
        {
          g_set_error (error, GK_RENDER_ERROR, GK_RENDER_ERROR_UNKNOWN_DOMAIN,
                       _("Unknown domain “%s”: give a code from 01 to 26 or a domain name"),
                       options->domain_code);
          return NULL;
        }
      g_ptr_array_add (sections, section_new (catalog, domain));
      return g_steal_pointer (&sections);
    }

  dup_all_domain_items (catalog, buckets);
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      GkRenderSection *section = g_new0 (GkRenderSection, 1);

      section->domain = gk_domain_get_nth (i);
      section->items = g_steal_pointer (&buckets[i]);
      if (section->items->len == 0 && !options->include_empty_domains)
        gk_render_section_free (section);
      else
        g_ptr_array_add (sections, section);
    }

  return g_steal_pointer (&sections);
}

/**
 * gk_render_dup_title:
 * @catalog: a catalog
 * @domain: (nullable): a domain, or %NULL for the whole catalog
 *
 * Returns: (transfer full): the published title, e.g.
 *   "某某县社会救助领域基层政务公开标准目录"
 */
char *
gk_render_dup_title (GkCatalog      *catalog,
                     const GkDomain *domain)
{
  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  if (domain == NULL)
    return g_strconcat (gk_catalog_get_unit_name (catalog), TITLE_SUFFIX, NULL);

  return g_strconcat (gk_catalog_get_unit_name (catalog), domain->name,
                      "领域" TITLE_SUFFIX, NULL);
}

static void
add_column (GArray       *columns,
            GkColumnKind  kind,
            const char   *group,
            const char   *label,
            double        width)
{
  GkColumn column = { kind, group, label, width };

  g_array_append_val (columns, column);
}

static gboolean
items_have_level3 (GPtrArray *items)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      if (*gk_item_get_text (g_ptr_array_index (items, i), GK_FIELD_LEVEL3) != '\0')
        return TRUE;
    }

  return FALSE;
}

/**
 * gk_render_dup_columns:
 * @catalog: a catalog; its level set gives the 公开层级 columns
 * @items: (element-type GkItem) (nullable): the items of the table; a
 *   三级事项 column is added when one of them has a 三级事项
 *
 * Returns: (transfer full) (element-type GkColumn): the leaf columns in
 *   order; labels of level columns are borrowed from @catalog
 */
GArray *
gk_render_dup_columns (GkCatalog *catalog,
                       GPtrArray *items)
{
  const char * const *levels;
  GArray *columns;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  columns = g_array_sized_new (FALSE, FALSE, sizeof (GkColumn), 20);
  add_column (columns, GK_COLUMN_NUMBER, NULL, "序号", 5);
  add_column (columns, GK_COLUMN_LEVEL1, "公开事项", "一级事项", 12);
  add_column (columns, GK_COLUMN_LEVEL2, "公开事项", "二级事项", 14);
  if (items_have_level3 (items))
    add_column (columns, GK_COLUMN_LEVEL3, "公开事项", "三级事项", 12);
  add_column (columns, GK_COLUMN_CONTENT, NULL, "公开内容（要素）", 36);
  add_column (columns, GK_COLUMN_BASIS, NULL, "公开依据", 30);
  add_column (columns, GK_COLUMN_TIME_LIMIT, NULL, "公开时限", 18);
  add_column (columns, GK_COLUMN_SUBJECT, NULL, "公开主体", 14);
  add_column (columns, GK_COLUMN_CHANNELS, NULL, "公开渠道和载体", 24);
  add_column (columns, GK_COLUMN_PUBLIC, "公开对象", "全社会", 7);
  add_column (columns, GK_COLUMN_SPECIFIC, "公开对象", "特定群体", 10);
  add_column (columns, GK_COLUMN_PROACTIVE, "公开方式", "主动", 6);
  add_column (columns, GK_COLUMN_ON_REQUEST, "公开方式", "依申请", 7);

  levels = gk_catalog_get_levels (catalog);
  for (guint i = 0; levels[i] != NULL; i++)
    add_column (columns, GK_COLUMN_LEVEL, "公开层级", levels[i], 7);

  return columns;
}

/**
 * gk_render_get_group_span:
 * @columns: (element-type GkColumn): the table's columns
 * @index: a column
 *
 * The first header row: a group heading (公开对象, 公开方式 …) spans its
 * columns; a column without one spans both header rows alone.
 *
 * Returns: how many columns from @index share its group heading (1 for a
 *   column without one)
 */
guint
gk_render_get_group_span (GArray *columns,
                          guint   index)
{
  const GkColumn *column;
  guint span = 1;

  g_return_val_if_fail (columns != NULL && index < columns->len, 1);

  column = &g_array_index (columns, GkColumn, index);
  while (column->group != NULL && index + span < columns->len
         && g_array_index (columns, GkColumn, index + span).group == column->group)
    span++;

  return span;
}

/**
 * gk_render_get_level1_span:
 * @items: (element-type GkItem): items in table order
 * @index: the first row of a run
 *
 * Items in a row with the same non-empty 一级事项 share one merged cell.
 *
 * Returns: the number of rows from @index the 一级事项 cell spans (≥ 1)
 */
guint
gk_render_get_level1_span (GPtrArray *items,
                           guint      index)
{
  const char *level1;
  guint end;

  g_return_val_if_fail (items != NULL && index < items->len, 1);

  level1 = gk_item_get_text (g_ptr_array_index (items, index), GK_FIELD_LEVEL1);
  if (*level1 == '\0')
    return 1;

  for (end = index + 1; end < items->len; end++)
    {
      if (strcmp (gk_item_get_text (g_ptr_array_index (items, end), GK_FIELD_LEVEL1),
                  level1) != 0)
        break;
    }

  return end - index;
}

/* "■政府网站" or "□政府网站"; 其他 carries its text. */
static void
append_channel (GString  *out,
                GkItem   *item,
                GkChannel channel)
{
  gboolean on = (gk_item_get_channels (item) & (1u << channel)) != 0;
  const char *other = gk_item_get_text (item, GK_FIELD_CHANNEL_OTHER);

  g_string_append (out, on ? "■" : "□");
  g_string_append (out, gk_channel_get_name (channel));
  if (channel == GK_CHANNEL_OTHER && *other != '\0')
    {
      g_string_append (out, "（");
      g_string_append (out, other);
      g_string_append (out, "）");
    }
}

static void
append_specific (GString *out,
                 GkItem  *item)
{
  const char *desc = gk_item_get_text (item, GK_FIELD_AUDIENCE_DESC);

  if (!(gk_item_get_audience (item) & GK_AUDIENCE_SPECIFIC))
    return;

  g_string_append (out, TICK);
  if (*desc != '\0')
    {
      g_string_append (out, "（");
      g_string_append (out, desc);
      g_string_append (out, "）");
    }
}

static void
append_tick (GString  *out,
             gboolean  on)
{
  if (on)
    g_string_append (out, TICK);
}

static GkField
column_field (GkColumnKind kind)
{
  switch (kind)
    {
    case GK_COLUMN_LEVEL1:
      return GK_FIELD_LEVEL1;
    case GK_COLUMN_LEVEL2:
      return GK_FIELD_LEVEL2;
    case GK_COLUMN_LEVEL3:
      return GK_FIELD_LEVEL3;
    case GK_COLUMN_CONTENT:
      return GK_FIELD_CONTENT;
    case GK_COLUMN_BASIS:
      return GK_FIELD_BASIS;
    case GK_COLUMN_TIME_LIMIT:
      return GK_FIELD_TIME_LIMIT;
    case GK_COLUMN_SUBJECT:
      return GK_FIELD_SUBJECT;
    default:
      return GK_N_FIELDS;
    }
}

/**
 * gk_render_append_cell_text:
 * @out: where to append
 * @item: the item of the row
 * @column: the column
 * @number: the row's 序号
 *
 * Appends the plain text of a cell: ticks as "√", channels one per line
 * as "■name" / "□name".
 */
void
gk_render_append_cell_text (GString        *out,
                            GkItem         *item,
                            const GkColumn *column,
                            guint           number)
{
  g_return_if_fail (out != NULL && GK_IS_ITEM (item) && column != NULL);

  switch (column->kind)
    {
    case GK_COLUMN_NUMBER:
      g_string_append_printf (out, "%u", number);
      break;
    case GK_COLUMN_CHANNELS:
      for (GkChannel c = 0; c < GK_N_CHANNELS; c++)
        {
          if (c > 0)
            g_string_append_c (out, '\n');
          append_channel (out, item, c);
        }
      break;
    case GK_COLUMN_PUBLIC:
      append_tick (out, gk_item_get_audience (item) & GK_AUDIENCE_PUBLIC);
      break;
    case GK_COLUMN_SPECIFIC:
      append_specific (out, item);
      break;
    case GK_COLUMN_PROACTIVE:
      append_tick (out, gk_item_get_method (item) & GK_METHOD_PROACTIVE);
      break;
    case GK_COLUMN_ON_REQUEST:
      append_tick (out, gk_item_get_method (item) & GK_METHOD_ON_REQUEST);
      break;
    case GK_COLUMN_LEVEL:
      append_tick (out, gk_item_has_level (item, column->label));
      break;
    default:
      g_string_append (out, gk_item_get_text (item, column_field (column->kind)));
      break;
    }
}

/* Writing the page: a row is some hundred pieces (gk-string-private.h). */

/* A string literal. */
#define put(out, literal) gk_string_put ((out), "" literal, sizeof (literal) - 1)

static void
put_uint (GString *out,
          guint    value)
{
  char buffer[16];
  char *p = buffer + sizeof buffer;

  do
    {
      *--p = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  gk_string_put (out, p, (gsize) (buffer + sizeof buffer - p));
}

/* Appends @text with the five HTML specials escaped, copying the runs
 * between them in one go (strcspn() looks at many bytes at a time). */
static void
append_escaped (GString    *out,
                const char *text)
{
  const char *p = text;

  for (;;)
    {
      gsize run = strcspn (p, "&<>\"'");

      gk_string_put (out, p, run);
      p += run;
      switch (*p)
        {
        case '\0':
          return;
        case '&':
          put (out, "&amp;");
          break;
        case '<':
          put (out, "&lt;");
          break;
        case '>':
          put (out, "&gt;");
          break;
        case '"':
          put (out, "&quot;");
          break;
        default:
          put (out, "&#39;");
          break;
        }
      p++;
    }
}

/* What does not change from row to row, escaped once per page. */
typedef struct
{
  GString *channel[GK_N_CHANNELS][2];   /* <li class="gk-off">□name, <li class="gk-on">■name */
} RowParts;

static void
row_parts_init (RowParts *parts)
{
  for (GkChannel c = 0; c < GK_N_CHANNELS; c++)
    {
      for (guint on = 0; on < 2; on++)
        {
          GString *li = g_string_new (on ? "<li class=\"gk-on\">" : "<li class=\"gk-off\">");

          append_escaped (li, on ? "■" : "□");
          append_escaped (li, gk_channel_get_name (c));
          parts->channel[c][on] = li;
        }
    }
}

static void
row_parts_clear (RowParts *parts)
{
  for (GkChannel c = 0; c < GK_N_CHANNELS; c++)
    {
      for (guint on = 0; on < 2; on++)
        g_string_free (g_steal_pointer (&parts->channel[c][on]), TRUE);
    }
}

/* One colgroup per header group (what scope="colgroup" refers to) and per
 * single column; widths in proportion to the spreadsheet's, so the table
 * fits the page whatever the number of levels. */
static void
append_colgroups (GString *out,
                  GArray  *columns)
{
  double total = 0;

  for (guint i = 0; i < columns->len; i++)
    total += g_array_index (columns, GkColumn, i).width;

  for (guint i = 0; i < columns->len; i++)
    {
      const GkColumn *column = &g_array_index (columns, GkColumn, i);
      const GkColumn *previous = i > 0 ? column - 1 : NULL;
      gboolean opens = column->group == NULL || previous == NULL
                       || previous->group != column->group;
      gboolean closes = column->group == NULL || i + 1 == columns->len
                        || (column + 1)->group != column->group;
      char width[G_ASCII_DTOSTR_BUF_SIZE];

      /* The locale must not turn the decimal point into a comma. */
      g_ascii_formatd (width, sizeof width, "%.2f", 100 * column->width / total);
      if (opens)
        g_string_append (out, "<colgroup>");
      g_string_append_printf (out, "<col style=\"width:%s%%\">", width);
      if (closes)
        g_string_append (out, "</colgroup>");
    }
  g_string_append_c (out, '\n');
}

/* First header row: groups span their columns, single columns both rows;
 * the second row holds the groups' leaves. */
static void
append_thead (GString *out,
              GArray  *columns)
{
  g_string_append (out, "<thead>\n<tr>");
  for (guint i = 0; i < columns->len; )
    {
      const GkColumn *column = &g_array_index (columns, GkColumn, i);
      guint span = gk_render_get_group_span (columns, i);

      if (column->group != NULL)
        g_string_append_printf (out, "<th scope=\"colgroup\" colspan=\"%u\">%s</th>",
                                span, column->group);
      else
        {
          g_string_append (out, "<th scope=\"col\" rowspan=\"2\">");
          append_escaped (out, column->label);
          g_string_append (out, "</th>");
        }
      i += span;
    }

  g_string_append (out, "</tr>\n<tr>");
  for (guint i = 0; i < columns->len; i++)
    {
      const GkColumn *column = &g_array_index (columns, GkColumn, i);

      if (column->group == NULL)
        continue;
      g_string_append (out, "<th scope=\"col\">");
      append_escaped (out, column->label);
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr>\n</thead>\n");
}

static void
append_channels_cell (GString        *out,
                      const RowParts *parts,
                      GkItem         *item)
{
  guint channels = gk_item_get_channels (item);
  const char *other = gk_item_get_text (item, GK_FIELD_CHANNEL_OTHER);

  put (out, "<td><ul class=\"gk-channels\">");
  for (GkChannel c = 0; c < GK_N_CHANNELS; c++)
    {
      const GString *li = parts->channel[c][(channels >> c) & 1];

      gk_string_put (out, li->str, li->len);
      /* 其他 carries its text, as append_channel() writes it. */
      if (c == GK_CHANNEL_OTHER && *other != '\0')
        {
          append_escaped (out, "（");
          append_escaped (out, other);
          append_escaped (out, "）");
        }
      put (out, "</li>");
    }
  put (out, "</ul></td>");
}

static void
append_tick_cell (GString  *out,
                  gboolean  on)
{
  if (on)
    put (out, "<td class=\"gk-tick\">" TICK "</td>");
  else
    put (out, "<td class=\"gk-tick\"></td>");
}

/* The cell of gk_render_append_cell_text() for @column, escaped. */
static void
append_cell (GString        *out,
             const RowParts *parts,
             GkItem         *item,
             const GkColumn *column,
             guint           number)
{
  const char *desc;

  switch (column->kind)
    {
    case GK_COLUMN_NUMBER:
      put (out, "<th scope=\"row\">");
      put_uint (out, number);
      put (out, "</th>");
      return;
    case GK_COLUMN_CHANNELS:
      append_channels_cell (out, parts, item);
      return;
    case GK_COLUMN_PUBLIC:
      append_tick_cell (out, gk_item_get_audience (item) & GK_AUDIENCE_PUBLIC);
      return;
    case GK_COLUMN_SPECIFIC:
      desc = gk_item_get_text (item, GK_FIELD_AUDIENCE_DESC);
      if (!(gk_item_get_audience (item) & GK_AUDIENCE_SPECIFIC) || *desc == '\0')
        {
          append_tick_cell (out, gk_item_get_audience (item) & GK_AUDIENCE_SPECIFIC);
          return;
        }
      put (out, "<td class=\"gk-tick\">" TICK);
      append_escaped (out, "（");
      append_escaped (out, desc);
      append_escaped (out, "）");
      put (out, "</td>");
      return;
    case GK_COLUMN_PROACTIVE:
      append_tick_cell (out, gk_item_get_method (item) & GK_METHOD_PROACTIVE);
      return;
    case GK_COLUMN_ON_REQUEST:
      append_tick_cell (out, gk_item_get_method (item) & GK_METHOD_ON_REQUEST);
      return;
    case GK_COLUMN_LEVEL:
      append_tick_cell (out, gk_item_has_level (item, column->label));
      return;
    default:
      put (out, "<td>");
      append_escaped (out, gk_item_get_text (item, column_field (column->kind)));
      put (out, "</td>");
      return;
    }
}

static void
append_row (GString               *out,
            const RowParts        *parts,
            GArray                *columns,
            GPtrArray             *items,
            guint                  index,
            guint                 *level1_left,
            const GkRenderOptions *options)
{
  GkItem *item = g_ptr_array_index (items, index);
  const char *id = gk_item_get_id (item);

  put (out, "<tr id=\"item-");
  append_escaped (out, id);
  put (out, "\" data-item=\"");
  append_escaped (out, id);
  if (options->highlight_id != NULL && g_ascii_strcasecmp (options->highlight_id, id) == 0)
    put (out, "\" class=\"gk-highlight");
  put (out, "\">");

  for (guint c = 0; c < columns->len; c++)
    {
      const GkColumn *column = &g_array_index (columns, GkColumn, c);

      if (column->kind == GK_COLUMN_LEVEL1)
        {
          guint span;

          /* Rows inside a merged run have no 一级事项 cell of their own. */
          if (*level1_left > 0)
            {
              (*level1_left)--;
              continue;
            }
          span = gk_render_get_level1_span (items, index);
          *level1_left = span - 1;
          if (span > 1)
            {
              put (out, "<td rowspan=\"");
              put_uint (out, span);
              put (out, "\">");
            }
          else
            put (out, "<td>");
          append_escaped (out, gk_item_get_text (item, GK_FIELD_LEVEL1));
          put (out, "</td>");
          continue;
        }
      append_cell (out, parts, item, column, index + 1);
    }
  put (out, "</tr>\n");
}

static void
add_row (GArray *rows,
         GkItem *item,
         gsize   start,
         gsize   end)
{
  GkRenderRow row = { g_object_ref (item), start, end };

  g_array_append_val (rows, row);
}

static void
append_section (GString               *out,
                const RowParts        *parts,
                GkCatalog             *catalog,
                const GkRenderSection *section,
                gboolean               whole,
                const GkRenderOptions *options,
                GArray                *rows)
{
  g_autofree char *title = gk_render_dup_title (catalog, section->domain);
  g_autoptr(GArray) columns = gk_render_dup_columns (catalog, section->items);
  const char *heading = whole ? "h2" : "h1";
  guint level1_left = 0;

  g_string_append_printf (out, "<section id=\"domain-%s\" aria-labelledby=\"title-%s\">\n",
                          section->domain->code, section->domain->code);
  g_string_append_printf (out, "<%s id=\"title-%s\">", heading, section->domain->code);
  append_escaped (out, title);
  g_string_append_printf (out, "</%s>\n", heading);
  if (!whole && *gk_catalog_get_label (catalog) != '\0')
    {
      g_string_append (out, "<p class=\"gk-label\">");
      append_escaped (out, gk_catalog_get_label (catalog));
      g_string_append (out, "</p>\n");
    }

  g_string_append (out, "<table>\n<caption class=\"gk-sr-only\">");
  append_escaped (out, title);
  g_string_append (out, "</caption>\n");
  append_colgroups (out, columns);
  append_thead (out, columns);
  g_string_append (out, "<tbody>\n");
  for (guint i = 0; i < section->items->len; i++)
    {
      gsize start = out->len;

      append_row (out, parts, columns, section->items, i, &level1_left, options);
      if (rows != NULL)
        add_row (rows, g_ptr_array_index (section->items, i), start, out->len);
    }
  g_string_append (out, "</tbody>\n</table>\n</section>\n");
}

static void
append_index (GString   *out,
              GPtrArray *sections)
{
  g_string_append (out, "<nav class=\"gk-index\" aria-labelledby=\"gk-index-title\">\n"
                        "<h2 id=\"gk-index-title\">领域目录</h2>\n<ol>\n");
  for (guint i = 0; i < sections->len; i++)
    {
      const GkRenderSection *section = g_ptr_array_index (sections, i);

      g_string_append_printf (out, "<li><a href=\"#domain-%s\">%s</a>（%u）</li>\n",
                              section->domain->code, section->domain->name,
                              section->items->len);
    }
  g_string_append (out, "</ol>\n</nav>\n");
}

static void
append_head (GString               *out,
             const char            *title,
             const GkRenderOptions *options)
{
  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
                        "<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<meta name=\"generator\" content=\"Gongkai " PACKAGE_VERSION "\">\n"
                        "<title>");
  append_escaped (out, title);
  g_string_append (out, "</title>\n<style>\n");
  g_string_append (out, page_css);
  g_string_append_printf (out, "@page{size:%s landscape;margin:12mm 10mm}\n",
                          options->paper == GK_PAPER_A3 ? "A3" : "A4");
  g_string_append (out, "</style>\n</head>\n");
}

/**
 * gk_render_html_append:
 * @catalog: a catalog
 * @options: (nullable): what to render, %NULL for the whole catalog
 * @out: where to append the page
 * @rows: (element-type GkRenderRow) (nullable): an array from
 *   gk_render_rows_new() where to append where each item's row is in @out,
 *   in page order, or %NULL
 * @error: return location for a #GError
 *
 * Appends a complete HTML document: one domain's table under its title, or
 * for the whole catalog a domain index followed by one section per domain.
 * All catalog text is escaped. The rows are recorded as they are written:
 * the live preview replaces the rows that changed since the page it shows.
 *
 * Returns: %FALSE if the domain of @options is unknown (@out and @rows are
 *   unchanged)
 */
gboolean
gk_render_html_append (GkCatalog             *catalog,
                       const GkRenderOptions *options,
                       GString               *out,
                       GArray                *rows,
                       GError               **error)
{
  GkRenderOptions defaults = GK_RENDER_OPTIONS_INIT;
  g_autoptr(GPtrArray) sections = NULL;
  g_autofree char *title = NULL;
  RowParts parts;
  gboolean whole;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (rows == NULL || g_array_get_element_size (rows) == sizeof (GkRenderRow),
                        FALSE);

  if (options == NULL)
    options = &defaults;
  sections = gk_render_dup_sections (catalog, options, error);
  if (sections == NULL)
    return FALSE;

  whole = options->domain_code == NULL;
  if (whole)
    title = gk_render_dup_title (catalog, NULL);
  else
    title = gk_render_dup_title (catalog, ((GkRenderSection *) sections->pdata[0])->domain);

  append_head (out, title, options);
  g_string_append (out, "<body>\n");
  if (whole)
    {
      g_string_append (out, "<header>\n<h1>");
      append_escaped (out, title);
      g_string_append (out, "</h1>\n");
      if (*gk_catalog_get_label (catalog) != '\0')
        {
          g_string_append (out, "<p class=\"gk-label\">");
          append_escaped (out, gk_catalog_get_label (catalog));
          g_string_append (out, "</p>\n");
        }
      g_string_append (out, "</header>\n");
      append_index (out, sections);
    }
  row_parts_init (&parts);
  for (guint i = 0; i < sections->len; i++)
    append_section (out, &parts, catalog, g_ptr_array_index (sections, i), whole, options,
                    rows);
  row_parts_clear (&parts);
  g_string_append (out, "</body>\n</html>\n");

  return TRUE;
}

/**
 * gk_render_html:
 * @catalog: a catalog
 * @options: (nullable): what to render, %NULL for the whole catalog
 * @error: return location for a #GError
 *
 * Renders the published page; see gk_render_html_append().
 *
 * Returns: (transfer full) (nullable): the HTML document, UTF-8, or %NULL
 *   if the domain of @options is unknown
 */
char *
gk_render_html (GkCatalog             *catalog,
                const GkRenderOptions *options,
                GError               **error)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Rows take about 1.3 kB. Reallocating a large page copies it and keeps
   * both copies resident (8 MiB more at 10,000 items); pages of the
   * buffer that are never written cost nothing. */
  out = g_string_sized_new (65536 + (gsize) gk_catalog_get_n_items (catalog) * 1280);
  if (!gk_render_html_append (catalog, options, out, NULL, error))
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
render_row_clear (gpointer data)
{
  GkRenderRow *row = data;

  g_clear_object (&row->item);
}

/**
 * gk_render_rows_new:
 *
 * Returns: (transfer full) (element-type GkRenderRow): an empty array for
 *   gk_render_html_append() to record rows in; it drops the rows' items
 *   when they are removed
 */
GArray *
gk_render_rows_new (void)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (GkRenderRow));

  g_array_set_clear_func (rows, render_row_clear);
  return rows;
}
