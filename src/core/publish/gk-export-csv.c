/* gk-export-csv.c: one row per item, for spreadsheets and for re-import
 *
 * UTF-8 with a byte order mark (Excel on Chinese Windows reads BOM-less
 * CSV as GBK), RFC 4180 quoting and CR LF line ends; texts that would be
 * formulas get a ' in front. Unlike the published table nothing is merged:
 * every row carries its domain and 一级事项, so the importer can read the
 * file back row by row. The trailing columns 事项编码, 网站链接 and 事项标识
 * keep what the table leaves out, so a file exported and imported again
 * loses nothing and updates the same items.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-csv-private.h"
#include "gk-export.h"

#define BOM "\xEF\xBB\xBF"

static const char * const head_columns[] = {
  "序号", "领域", "一级事项", "二级事项", "三级事项", "公开内容", "公开依据", "公开时限",
  "公开主体", "公开渠道和载体", "全社会", "特定群体", "主动", "依申请",
};

static const char * const tail_columns[] = {
  "网站所属栏目", "备注", "事项编码", "网站链接", "事项标识",
};

/* RFC 4180: a field with a quote, comma or line break is quoted, quotes
 * doubled. Line breaks inside text stay LF; only records end in CR LF. A
 * text a spreadsheet would run as a formula gets a ' in front and quotes
 * (gk-csv-private.h). */
static void
append_field (GString    *out,
              const char *text,
              gboolean    first)
{
  gboolean guard = gk_csv_needs_guard (text);

  if (!first)
    g_string_append_c (out, ',');

  if (!guard && strpbrk (text, "\",\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  if (guard)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_header (GString            *out,
               const char * const *levels)
{
  for (guint i = 0; i < G_N_ELEMENTS (head_columns); i++)
    append_field (out, head_columns[i], i == 0);
  for (guint i = 0; levels[i] != NULL; i++)
    append_field (out, levels[i], FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (tail_columns); i++)
    append_field (out, tail_columns[i], FALSE);
  g_string_append (out, "\r\n");
}

/* The chosen channels joined with "、", 其他 last as "其他（text）"; no
 * standard name contains "、", so the list splits back unambiguously up to
 * the 其他 entry. */
static void
append_channels (GString *scratch,
                 GkItem  *item)
{
  guint channels = gk_item_get_channels (item);
  const char *other = gk_item_get_text (item, GK_FIELD_CHANNEL_OTHER);

  g_string_truncate (scratch, 0);
  for (GkChannel c = 0; c < GK_N_CHANNELS; c++)
    {
      if (!(channels & (1u << c)))
        continue;
      if (scratch->len > 0)
        g_string_append (scratch, "、");
      g_string_append (scratch, gk_channel_get_name (c));
      if (c == GK_CHANNEL_OTHER && *other != '\0')
        g_string_append_printf (scratch, "（%s）", other);
    }
}

static void
append_text (GString *out,
             GkItem  *item,
             GkField  field)
{
  append_field (out, gk_item_get_text (item, field), FALSE);
}

static void
append_tick (GString  *out,
             gboolean  on)
{
  append_field (out, on ? "√" : "", FALSE);
}

static void
append_item (GString            *out,
             GString            *scratch,
             const GkDomain     *domain,
             GkItem             *item,
             guint               number,
             const char * const *levels)
{
  static const GkColumn specific = { GK_COLUMN_SPECIFIC, NULL, NULL, 0 };
  static const GkField texts[] = {
    GK_FIELD_LEVEL1, GK_FIELD_LEVEL2, GK_FIELD_LEVEL3, GK_FIELD_CONTENT,
    GK_FIELD_BASIS, GK_FIELD_TIME_LIMIT, GK_FIELD_SUBJECT,
  };

  g_string_append_printf (out, "%u", number);
  append_field (out, domain->name, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    append_text (out, item, texts[i]);

  append_channels (scratch, item);
  append_field (out, scratch->str, FALSE);

  append_tick (out, gk_item_get_audience (item) & GK_AUDIENCE_PUBLIC);
  g_string_truncate (scratch, 0);
  gk_render_append_cell_text (scratch, item, &specific, number);
  append_field (out, scratch->str, FALSE);
  append_tick (out, gk_item_get_method (item) & GK_METHOD_PROACTIVE);
  append_tick (out, gk_item_get_method (item) & GK_METHOD_ON_REQUEST);
  for (guint i = 0; levels[i] != NULL; i++)
    append_tick (out, gk_item_has_level (item, levels[i]));

  append_text (out, item, GK_FIELD_WEB_COLUMN);
  append_text (out, item, GK_FIELD_NOTES);
  append_text (out, item, GK_FIELD_CODE);
  append_text (out, item, GK_FIELD_WEB_URL);
  append_field (out, gk_item_get_id (item), FALSE);
  g_string_append (out, "\r\n");
}

/**
 * gk_export_csv:
 * @catalog: a catalog
 * @options: (nullable): which domain, %NULL for the whole catalog
 * @length: (out) (optional): the length of the data in bytes
 * @error: return location for a #GError
 *
 * Writes a header row and one row per item, domain by domain in position
 * order. Columns: 序号, 领域, 一级事项, 二级事项, 三级事项, 公开内容,
 * 公开依据, 公开时限, 公开主体, 公开渠道和载体, 全社会, 特定群体, 主动,
 * 依申请, one per level of the catalog, 网站所属栏目, 备注, 事项编码,
 * 网站链接, 事项标识 (the item id).
 *
 * Returns: (transfer full) (nullable): the CSV data, or %NULL if the domain
 *   of @options is unknown
 */
char *
gk_export_csv (GkCatalog             *catalog,
               const GkRenderOptions *options,
               gsize                 *length,
               GError               **error)
{
  const char * const *levels;
  g_autoptr(GPtrArray) sections = NULL;
  g_autoptr(GString) scratch = NULL;
  GString *out;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sections = gk_render_dup_sections (catalog, options, error);
  if (sections == NULL)
    return NULL;

  levels = gk_catalog_get_levels (catalog);
  scratch = g_string_sized_new (256);
  out = g_string_sized_new (4096);
  g_string_append (out, BOM);
  append_header (out, levels);
  for (guint s = 0; s < sections->len; s++)
    {
      const GkRenderSection *section = g_ptr_array_index (sections, s);

      for (guint i = 0; i < section->items->len; i++)
        append_item (out, scratch, section->domain, g_ptr_array_index (section->items, i),
                     i + 1, levels);
    }

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
