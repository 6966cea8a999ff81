/* gk-import-header.c: finding a table's header and mapping its columns
 *
 * A header row names at least three known columns (序号, 一级事项, 公开内容
 * …, with the variants of the ministries' tables); the row under it is its
 * second row when a group (公开对象, 公开方式, 公开层级, 公开渠道) spans
 * several columns. Each column becomes a field, a tick of a group, or
 * something reported as not imported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-import-private.h"

typedef enum
{
  GROUP_NONE,
  GROUP_ITEM,
  GROUP_AUDIENCE,
  GROUP_METHOD,
  GROUP_LEVELS,
  GROUP_CHANNELS,
} Group;

typedef struct
{
  const char     *text;
  GkImportTarget  target;
  GkField         field;
  gboolean        prefix;  /* matches headers starting with text */
  Group           group;   /* the group this header heads, if any */
  gboolean        core;    /* counts towards recognizing a header row */
} HeaderWord;

#define T(x) GK_IMPORT_TARGET_##x
#define F(x) GK_FIELD_##x

static const HeaderWord header_words[] = {
  { "序号", T (IGNORED), 0, FALSE, GROUP_NONE, FALSE },
  { "编号", T (IGNORED), 0, FALSE, GROUP_NONE, FALSE },
  { "公开事项", T (FIELD), F (LEVEL1), FALSE, GROUP_ITEM, TRUE },
  { "一级事项", T (FIELD), F (LEVEL1), FALSE, GROUP_NONE, TRUE },
  { "二级事项", T (FIELD), F (LEVEL2), FALSE, GROUP_NONE, TRUE },
  { "三级事项", T (FIELD), F (LEVEL3), FALSE, GROUP_NONE, TRUE },
  { "公开内容", T (FIELD), F (CONTENT), TRUE, GROUP_NONE, TRUE },
  { "公开要素", T (FIELD), F (CONTENT), TRUE, GROUP_NONE, TRUE },
  { "公开依据", T (FIELD), F (BASIS), TRUE, GROUP_NONE, TRUE },
  { "公开时限", T (FIELD), F (TIME_LIMIT), TRUE, GROUP_NONE, TRUE },
  { "公开主体", T (FIELD), F (SUBJECT), TRUE, GROUP_NONE, TRUE },
  { "公开渠道", T (CHANNELS), 0, TRUE, GROUP_CHANNELS, TRUE },
  { "公开载体", T (CHANNELS), 0, TRUE, GROUP_CHANNELS, TRUE },
  { "公开对象", T (AUDIENCE), 0, FALSE, GROUP_AUDIENCE, TRUE },
  { "全社会", T (AUDIENCE_PUBLIC), 0, FALSE, GROUP_NONE, TRUE },
  { "特定群体", T (AUDIENCE_SPECIFIC), 0, FALSE, GROUP_NONE, TRUE },
  { "特定群众", T (AUDIENCE_SPECIFIC), 0, FALSE, GROUP_NONE, TRUE },
  { "特定对象", T (AUDIENCE_SPECIFIC), 0, FALSE, GROUP_NONE, TRUE },
  { "公开方式", T (METHOD), 0, FALSE, GROUP_METHOD, TRUE },
  { "主动", T (METHOD_PROACTIVE), 0, FALSE, GROUP_NONE, TRUE },
  { "主动公开", T (METHOD_PROACTIVE), 0, FALSE, GROUP_NONE, TRUE },
  { "依申请", T (METHOD_ON_REQUEST), 0, FALSE, GROUP_NONE, TRUE },
  { "依申请公开", T (METHOD_ON_REQUEST), 0, FALSE, GROUP_NONE, TRUE },
  { "公开层级", T (LEVELS), 0, FALSE, GROUP_LEVELS, TRUE },
  { "网站所属栏目", T (FIELD), F (WEB_COLUMN), FALSE, GROUP_NONE, FALSE },
  { "所属栏目", T (FIELD), F (WEB_COLUMN), FALSE, GROUP_NONE, FALSE },
  { "网站栏目", T (FIELD), F (WEB_COLUMN), FALSE, GROUP_NONE, FALSE },
  { "发布栏目", T (FIELD), F (WEB_COLUMN), FALSE, GROUP_NONE, FALSE },
  { "网站链接", T (FIELD), F (WEB_URL), FALSE, GROUP_NONE, FALSE },
  { "网址", T (FIELD), F (WEB_URL), FALSE, GROUP_NONE, FALSE },
  { "链接", T (FIELD), F (WEB_URL), FALSE, GROUP_NONE, FALSE },
  { "备注", T (FIELD), F (NOTES), FALSE, GROUP_NONE, FALSE },
  { "事项编码", T (FIELD), F (CODE), FALSE, GROUP_NONE, FALSE },
  { "事项代码", T (FIELD), F (CODE), FALSE, GROUP_NONE, FALSE },
  { "编码", T (FIELD), F (CODE), FALSE, GROUP_NONE, FALSE },
  { "事项标识", T (ID), 0, FALSE, GROUP_NONE, FALSE },
  { "领域", T (DOMAIN), 0, FALSE, GROUP_NONE, FALSE },
  { "相应领域", T (DOMAIN), 0, FALSE, GROUP_NONE, FALSE },
  { "公开领域", T (DOMAIN), 0, FALSE, GROUP_NONE, FALSE },
  { "所属领域", T (DOMAIN), 0, FALSE, GROUP_NONE, FALSE },
  { "领域名称", T (DOMAIN), 0, FALSE, GROUP_NONE, FALSE },
  { "领域编码", T (DOMAIN), 0, FALSE, GROUP_NONE, FALSE },
  { "试点领域", T (DOMAIN), 0, FALSE, GROUP_NONE, FALSE },
  { "一级目录", T (DOMAIN_OR_NOTES), 0, FALSE, GROUP_NONE, FALSE },
  { "事项类型", T (DOMAIN_OR_NOTES), 0, FALSE, GROUP_NONE, FALSE },
};

#undef T
#undef F

/* The first characters of the header words, sorted, without repeats. */
static gunichar word_starts[G_N_ELEMENTS (header_words)];
static guint n_word_starts;

static int
compare_unichar (gconstpointer a,
                 gconstpointer b)
{
  gunichar x = *(const gunichar *) a;
  gunichar y = *(const gunichar *) b;

  return x < y ? -1 : x > y;
}

/**
 * gk_import_header_init:
 *
 * Sorts the first characters of the header words, once.
 */
void
gk_import_header_init (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (header_words); i++)
    word_starts[i] = g_utf8_get_char (header_words[i].text);
  qsort (word_starts, G_N_ELEMENTS (header_words), sizeof (gunichar), compare_unichar);
  for (guint i = 0; i < G_N_ELEMENTS (header_words); i++)
    {
      if (n_word_starts == 0 || word_starts[n_word_starts - 1] != word_starts[i])
        word_starts[n_word_starts++] = word_starts[i];
    }
}

static void
free_column (gpointer data)
{
  GkImportCol *column = data;

  if (column == NULL)
    return;
  g_free (column->detail);
  g_free (column->header);
  g_free (column);
}

/* Every way lookup_word() matches needs @squeezed to start with the
 * first character of a word: most cells of a sheet are items and fail
 * here, without a copy. */
static gboolean
may_start_word (const char *squeezed)
{
  const guchar *p = (const guchar *) squeezed;
  /* Cells are valid UTF-8; header words start with CJK characters. */
  gunichar c = (p[0] & 0xF0) == 0xE0
               ? ((gunichar) (p[0] & 0x0F) << 12) | ((gunichar) (p[1] & 0x3F) << 6) | (p[2] & 0x3F)
               : g_utf8_get_char (squeezed);
  guint lo = 0;
  guint hi = n_word_starts;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (word_starts[mid] == c)
        return TRUE;
      if (word_starts[mid] < c)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

static const HeaderWord *
lookup_word (const char *squeezed)
{
  g_autofree char *stripped = NULL;

  if (*squeezed == '\0' || !may_start_word (squeezed))
    return NULL;
  stripped = gk_import_strip_parens (squeezed);
  for (guint i = 0; i < G_N_ELEMENTS (header_words); i++)
    {
      const HeaderWord *word = &header_words[i];

      if (g_str_equal (squeezed, word->text) || g_str_equal (stripped, word->text)
          || (word->prefix && g_str_has_prefix (squeezed, word->text)))
        return word;
    }
  return NULL;
}

/* A cell of a header row: its squeezed text and the word it names. */
typedef struct
{
  char             *text;
  const HeaderWord *word;
} HeaderCell;

/* The header word a cell names, and its squeezed text if @squeezed is not
 * %NULL. Most cells of a sheet are items and do not start like a header
 * word: they are neither copied nor looked up. */
static const HeaderWord *
match_cell (GkImportSheet  *state,
            guint           row,
            guint           column,
            char          **squeezed)
{
  const char *cell = gk_sheet_get_cell (state->sheet, row, column);
  g_autofree char *text = NULL;
  const HeaderWord *word = NULL;

  if (squeezed != NULL || may_start_word (gk_import_skip_spaces (cell)))
    {
      text = gk_import_squeeze (cell);
      word = lookup_word (text);
    }
  if (squeezed != NULL)
    *squeezed = g_steal_pointer (&text);
  return word;
}

/* Every column of @row up to @width; the array ends with a %NULL text. */
static HeaderCell *
match_row (GkImportSheet *state,
           guint          row,
           guint          width)
{
  HeaderCell *cells = g_new0 (HeaderCell, width + 1);

  for (guint c = 0; c < width; c++)
    cells[c].word = match_cell (state, row, c, &cells[c].text);
  return cells;
}

static void
header_cells_free (HeaderCell *cells)
{
  for (HeaderCell *cell = cells; cell->text != NULL; cell++)
    g_free (cell->text);
  g_free (cells);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeaderCell, header_cells_free)

/**
 * gk_import_sheet_is_header_row:
 * @state: the sheet being read
 * @row: a row, from 0
 *
 * Returns: whether @row names at least three of the table's columns, one
 *   of them the item or its content
 */
gboolean
gk_import_sheet_is_header_row (GkImportSheet *state,
                               guint          row)
{
  guint width = gk_sheet_get_row_width (state->sheet, row);
  guint64 seen = 0;
  guint n_seen = 0;
  gboolean anchor = FALSE;

  G_STATIC_ASSERT (G_N_ELEMENTS (header_words) <= 64);

  /* Most rows are items or empty: no need to look at their words. */
  if (width < 3)
    return FALSE;
  for (guint c = 0; c < width; c++)
    {
      const HeaderWord *word = match_cell (state, row, c, NULL);

      if (word == NULL || !word->core)
        continue;
      seen |= G_GUINT64_CONSTANT (1) << (word - header_words);
      anchor |= word->group == GROUP_ITEM || word->field == GK_FIELD_LEVEL1
                || word->field == GK_FIELD_CONTENT;
    }
  for (; seen != 0; seen &= seen - 1)
    n_seen++;
  return anchor && n_seen >= 3;
}

/* The group each column of a header row belongs to: its own, or that of
 * the group cell to its left when it is empty (a group without merges). */
static Group *
column_groups (const HeaderCell *cells,
               guint             width)
{
  Group *groups = g_new0 (Group, width + 1);
  Group current = GROUP_NONE;

  for (guint c = 0; c < width; c++)
    {
      if (*cells[c].text != '\0')
        current = cells[c].word != NULL ? cells[c].word->group : GROUP_NONE;
      groups[c] = current;
    }
  return groups;
}

static gboolean
is_sub_word (Group             group,
             const HeaderCell *cell)
{
  const HeaderWord *word = cell->word;
  GkChannel channel;

  switch (group)
    {
    case GROUP_LEVELS:
      return TRUE;
    case GROUP_CHANNELS:
      return gk_channel_lookup (cell->text, &channel);
    case GROUP_ITEM:
    case GROUP_AUDIENCE:
    case GROUP_METHOD:
      return word != NULL && word->group == GROUP_NONE && word->core;
    case GROUP_NONE:
    default:
      return FALSE;
    }
}

/* The row under a header (@sub) is its second row when some group spans
 * two or more columns that the row names. A column of its own (序号,
 * 一级事项, 公开内容 …) spans both rows of a header: other text under it
 * makes the row an item, whatever it has under the groups. An empty cell
 * right of a group counts as the group's, and so do unlabeled columns at
 * the end: an item with text there and under 公开层级 once passed for a
 * second header row, and the whole table was lost. */
static gboolean
is_sub_header (const HeaderCell *top,
               const HeaderCell *sub,
               const Group      *groups,
               guint             width)
{
  guint counts[GROUP_CHANNELS + 1] = { 0 };

  for (guint c = 0; c < width; c++)
    {
      if (*sub[c].text == '\0' || g_str_equal (top[c].text, sub[c].text))
        continue;
      if (groups[c] == GROUP_NONE && top[c].word != NULL && sub[c].word == NULL)
        return FALSE;
      if (groups[c] != GROUP_NONE && is_sub_word (groups[c], &sub[c]))
        counts[groups[c]]++;
    }
  for (guint g = GROUP_ITEM; g <= GROUP_CHANNELS; g++)
    {
      if (counts[g] >= 2)
        return TRUE;
    }
  return FALSE;
}

static GkImportCol *
new_column (GkImportTarget  target,
            GkField         field,
            const char     *detail)
{
  GkImportCol *column = g_new0 (GkImportCol, 1);

  column->target = target;
  column->field = field;
  column->detail = g_strdup (detail);
  return column;
}

static GkImportCol *
map_in_group (Group       group,
              const char *leaf)
{
  GkChannel channel;

  if (group == GROUP_LEVELS && lookup_word (leaf) == NULL)
    return new_column (GK_IMPORT_TARGET_LEVEL, 0, leaf);
  if (group == GROUP_CHANNELS && gk_channel_lookup (leaf, &channel))
    {
      GkImportCol *column = new_column (GK_IMPORT_TARGET_CHANNEL, 0, gk_channel_get_name (channel));

      column->channel = channel;
      return column;
    }
  return NULL;
}

/* What a column becomes, from its group (first header row) and leaf. */
static GkImportCol *
map_column (Group       group,
            const char *top,
            const char *leaf)
{
  const HeaderWord *word;
  GkImportCol *column;

  if (*leaf == '\0')
    return NULL;
  if (group != GROUP_NONE && !g_str_equal (top, leaf)
      && (column = map_in_group (group, leaf)) != NULL)
    return column;

  word = lookup_word (leaf);
  if (word != NULL)
    return new_column (word->target, word->field,
                       word->target == GK_IMPORT_TARGET_DOMAIN_OR_NOTES ? leaf : NULL);
  if (gk_import_is_level_name (leaf))
    return new_column (GK_IMPORT_TARGET_LEVEL, 0, leaf);

  return new_column (GK_IMPORT_TARGET_NOTES, 0, leaf);
}

static void
flush_pending (GkImportSheet *state)
{
  for (guint i = 0; i < state->pending->len; i++)
    gk_import_sheet_report (state, g_array_index (state->pending_rows, guint, i), -1,
                            GK_IMPORT_ISSUE_SKIPPED_ROW,
                            _("Text before the table header was not imported: “%s”."),
                            (const char *) g_ptr_array_index (state->pending, i));
  g_ptr_array_set_size (state->pending, 0);
  g_array_set_size (state->pending_rows, 0);
}

static void
report_columns (GkImportSheet *state,
                guint          header_row)
{
  gboolean has_levels = FALSE;

  for (guint c = 0; c < state->columns->len; c++)
    {
      GkImportCol *column = g_ptr_array_index (state->columns, c);

      if (column == NULL)
        continue;
      has_levels |= column->target == GK_IMPORT_TARGET_LEVEL
                    || column->target == GK_IMPORT_TARGET_LEVELS;
      if (column->target == GK_IMPORT_TARGET_LEVEL)
        gk_importer_add_level (state->self, column->detail);
      gk_import_report_add_column (state->self->report, state->name, header_row + 1, c,
                                   column->header, column->target, column->field,
                                   column->target == GK_IMPORT_TARGET_NOTES
                                   ? column->header : column->detail);
    }
  if (!has_levels)
    gk_import_sheet_report (state, header_row, -1, GK_IMPORT_ISSUE_NO_LEVELS,
                            _("The table has no 公开层级 columns: its items get no levels."));
}

/**
 * gk_import_sheet_read_header:
 * @state: the sheet being read
 * @row: a header row
 *
 * Maps the columns of the header at @row (and of the row under it when it
 * is the header's second row) and reports them.
 *
 * Returns: the last row of the header
 */
guint
gk_import_sheet_read_header (GkImportSheet *state,
                             guint          row)
{
  guint both = MAX (gk_sheet_get_row_width (state->sheet, row),
                    gk_sheet_get_row_width (state->sheet, row + 1));
  g_autoptr(HeaderCell) top = match_row (state, row, both);
  g_autoptr(HeaderCell) sub = match_row (state, row + 1, both);
  g_autofree Group *groups = column_groups (top, both);
  gboolean two_rows = is_sub_header (top, sub, groups, both);
  guint width = two_rows ? both : gk_sheet_get_row_width (state->sheet, row);
  const char *group_text = NULL;

  g_clear_pointer (&state->columns, g_ptr_array_unref);
  state->columns = g_ptr_array_new_with_free_func (free_column);
  flush_pending (state);

  for (guint c = 0; c < width; c++)
    {
      const char *top_text = top[c].text;
      const char *sub_text = two_rows ? sub[c].text : "";
      const char *leaf = *sub_text != '\0' ? sub_text : top_text;
      GkImportCol *column = map_column (groups[c], top_text, leaf);

      if (*top_text != '\0')
        group_text = top_text;
      else if (groups[c] != GROUP_NONE && group_text != NULL)
        top_text = group_text;
      if (column != NULL)
        column->header = *top_text != '\0' && *sub_text != '\0' && !g_str_equal (top_text, sub_text)
                         ? g_strdup_printf ("%s/%s", top_text, sub_text) : g_strdup (leaf);
      g_ptr_array_add (state->columns, column);
    }

  report_columns (state, two_rows ? row + 1 : row);
  g_clear_pointer (&state->prev, g_ptr_array_unref);
  state->prev_level1 = NULL;
  return two_rows ? row + 1 : row;
}
