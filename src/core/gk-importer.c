/* gk-importer.c: published tables to a catalog
 *
 * Reads the sheets row by row: rows before a header give the title (and so
 * the domain), a header row (and the sub-header row below it) maps the
 * columns, and every later row is an item, a title between tables, a
 * repeated header, or something reported as not imported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-importer.h"
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

static void
init_word_starts (void)
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

G_DEFINE_TYPE (GkImporter, gk_importer, G_TYPE_OBJECT)

G_DEFINE_QUARK (gk-import-error-quark, gk_import_error)

static void
gk_importer_finalize (GObject *object)
{
  GkImporter *self = GK_IMPORTER (object);

  g_clear_object (&self->report);
  g_clear_pointer (&self->title_unit, g_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_clear_pointer (&self->symbol_texts, g_hash_table_unref);
  g_clear_pointer (&self->channel_cells, g_hash_table_unref);
  g_clear_pointer (&self->channel_texts, g_hash_table_unref);
  g_clear_pointer (&self->cell_texts, g_hash_table_unref);
  g_clear_pointer (&self->texts, g_ptr_array_unref);

  G_OBJECT_CLASS (gk_importer_parent_class)->finalize (object);
}

static void
gk_importer_class_init (GkImporterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gk_importer_finalize;
  init_word_starts ();
}

static void
gk_importer_init (GkImporter *self)
{
}

/**
 * gk_importer_new:
 *
 * Returns: (transfer full): a new importer
 */
GkImporter *
gk_importer_new (void)
{
  return g_object_new (GK_TYPE_IMPORTER, NULL);
}

/**
 * gk_importer_set_default_domain:
 * @self: an importer
 * @domain: (nullable): a domain code, name or alias used for tables whose
 *   domain neither a column, a title nor the sheet name gives
 */
void
gk_importer_set_default_domain (GkImporter *self,
                                const char *domain)
{
  g_return_if_fail (GK_IS_IMPORTER (self));

  self->default_domain = gk_import_parse_domain (domain != NULL ? domain : "");
}

/**
 * gk_importer_get_report:
 * @self: an importer
 *
 * Returns: (transfer none) (nullable): the report of the last import
 */
GkImportReport *
gk_importer_get_report (GkImporter *self)
{
  g_return_val_if_fail (GK_IS_IMPORTER (self), NULL);

  return self->report;
}

/**
 * gk_importer_get_title_unit:
 * @self: an importer
 *
 * Returns: (transfer none) (nullable): the unit named before the domain in
 *   the first title ("某某县" of "某某县社会救助领域…目录"), if any
 */
const char *
gk_importer_get_title_unit (GkImporter *self)
{
  g_return_val_if_fail (GK_IS_IMPORTER (self), NULL);

  return self->title_unit;
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

/**
 * gk_import_sheet_report:
 * @state: the sheet being read
 * @row: the row, from 0
 * @column: the column, from 0, or -1 for the whole row
 * @issue: the kind of problem
 * @format: a translated printf() format of the message
 * @...: its arguments
 *
 * Adds a problem to the report, numbering the row from 1 as people do.
 */
void
gk_import_sheet_report (GkImportSheet *state,
                        guint          row,
                        int            column,
                        GkImportIssue  issue,
                        const char    *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  gk_import_report_add_problem (state->self->report, state->name, row + 1, column, issue,
                                message);
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

/* A header row names at least three of the table's columns, one of them
 * the item or its content. */
static gboolean
is_header_row (GkImportSheet *state,
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
 * two or more columns that the row names. */
static gboolean
is_sub_header (const HeaderCell *top,
               const HeaderCell *sub,
               const Group      *groups,
               guint             width)
{
  guint counts[GROUP_CHANNELS + 1] = { 0 };

  for (guint c = 0; c < width; c++)
    {
      if (groups[c] != GROUP_NONE && *sub[c].text != '\0'
          && !g_str_equal (top[c].text, sub[c].text) && is_sub_word (groups[c], &sub[c]))
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

/**
 * gk_importer_add_level:
 * @self: an importer
 * @level: a level name
 *
 * Adds @level to the catalog's level set, in order of appearance.
 */
void
gk_importer_add_level (GkImporter *self,
                       const char *level)
{
  for (guint i = 0; i < self->levels->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (self->levels, i), level))
        return;
    }
  g_ptr_array_add (self->levels, g_strdup (level));
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

/* Maps the columns of the header at @row; returns the last header row. */
static guint
read_header (GkImportSheet *state,
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

/**
 * gk_import_sheet_get_column:
 * @state: the sheet being read
 * @column: a column, from 0
 *
 * Returns: (transfer none) (nullable): what the current header maps
 *   @column to, %NULL for a column without header
 */
GkImportCol *
gk_import_sheet_get_column (GkImportSheet *state,
                            guint          c)
{
  return c < state->columns->len ? g_ptr_array_index (state->columns, c) : NULL;
}

/* A title: "XX县XX领域基层政务公开标准目录", or just the domain's name. */
static const GkDomain *
title_domain (GkImportSheet *state,
              const char    *text,
              gboolean       loose)
{
  g_autofree char *prefix = NULL;
  const GkDomain *domain = gk_import_parse_domain (text);

  if (domain == NULL && (loose || strstr (text, "领域") != NULL || strstr (text, "目录") != NULL))
    domain = gk_import_find_domain (text, &prefix);
  if (domain != NULL && state->self->title_unit == NULL && prefix != NULL && *prefix != '\0'
      && g_utf8_strlen (prefix, -1) <= 30)
    state->self->title_unit = g_steal_pointer (&prefix);
  return domain;
}

/* The one distinct text of a row, and in how many cells it stands. */
static const char *
single_text (GPtrArray *texts,
             guint     *n_cells,
             guint     *first)
{
  const char *found = NULL;

  *n_cells = 0;
  for (guint c = 0; c < texts->len; c++)
    {
      const char *text = g_ptr_array_index (texts, c);

      if (*text == '\0')
        continue;
      if (found != NULL && !g_str_equal (found, text))
        return NULL;
      if (found == NULL)
        *first = c;
      found = text;
      (*n_cells)++;
    }
  return found;
}

/* Cells with symbols of U+2000…U+2FFF (UTF-8 lead byte E2: √, ■ □ of
 * channel lists) take the slow path of gk_text_normalize(), and they
 * repeat from row to row, so each distinct one is normalized once. */
#define SYMBOL_TEXT_MAX 1024
#define SYMBOL_TEXTS_MAX 8192

static char *
normalize_text (GkImporter *self,
                const char *cell)
{
  const char *cached;
  gsize len;
  char *text;

  len = strnlen (cell, SYMBOL_TEXT_MAX);
  if (len == SYMBOL_TEXT_MAX || memchr (cell, 0xE2, len) == NULL)
    return gk_text_normalize (cell);
  if (self->symbol_texts == NULL)
    self->symbol_texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cached = g_hash_table_lookup (self->symbol_texts, cell);
  if (cached != NULL)
    return g_strdup (cached);
  text = gk_text_normalize (cell);
  if (g_hash_table_size (self->symbol_texts) < SYMBOL_TEXTS_MAX)
    g_hash_table_insert (self->symbol_texts, g_memdup2 (cell, len + 1), g_strdup (text));

  return text;
}

/* The normalized text of a cell, kept until the end of the import. The
 * cells of one XLSX shared string share their text, and the workbook
 * outlives the import: each is normalized once, found by its address, and
 * most are kept as they are, without a copy. */
static const char *
normalize_cell (GkImporter *self,
                const char *cell)
{
  const char *kept;
  char *text;

  if (*cell == '\0')
    return "";
  kept = g_hash_table_lookup (self->cell_texts, cell);
  if (kept != NULL)
    return kept;
  text = normalize_text (self, cell);
  if (strcmp (text, cell) == 0)
    {
      g_free (text);
      kept = cell;
    }
  else
    {
      g_ptr_array_add (self->texts, text);
      kept = text;
    }
  g_hash_table_insert (self->cell_texts, (gpointer) cell, (gpointer) kept);
  return kept;
}

/* The row's normalized cells; they are kept by the importer. */
static GPtrArray *
row_texts (GkImportSheet *state,
           guint          row,
           gboolean      *empty)
{
  guint width = MAX (gk_sheet_get_row_width (state->sheet, row),
                     state->columns != NULL ? state->columns->len : 0);
  GPtrArray *texts = g_ptr_array_sized_new (width);

  *empty = TRUE;
  for (guint c = 0; c < width; c++)
    {
      const char *text = normalize_cell (state->self, gk_sheet_get_cell (state->sheet, row, c));

      *empty &= *text == '\0';
      g_ptr_array_add (texts, (gpointer) text);
    }
  return texts;
}

/* Title rows between tables switch the domain; other rows with one text
 * over several cells (notes under the table) are reported. */
static gboolean
handle_single_text_row (GkImportSheet *state,
                        guint          row,
                        GPtrArray     *texts)
{
  guint n_cells, first = 0;
  const char *text = single_text (texts, &n_cells, &first);
  GkImportCol *column;
  const GkDomain *domain;

  if (text == NULL)
    return FALSE;
  column = gk_import_sheet_get_column (state, first);
  if (n_cells == 1 && column != NULL && column->target != GK_IMPORT_TARGET_IGNORED)
    return FALSE;

  domain = title_domain (state, text, TRUE);
  if (domain != NULL)
    {
      state->domain = domain;
      g_clear_pointer (&state->prev, g_ptr_array_unref);
      state->prev_level1 = NULL;
      gk_import_sheet_report (state, row, -1, GK_IMPORT_ISSUE_TITLE,
                              _("Title row: the rows below belong to the domain %s %s."),
                              domain->code, domain->name);
      return TRUE;
    }
  gk_import_sheet_report (state, row, -1, GK_IMPORT_ISSUE_SKIPPED_ROW,
                          _("This row is not an item and was not imported: “%s”."), text);
  return TRUE;
}

static gboolean
is_same_as_above (const char *text)
{
  return g_str_equal (text, "同上") || g_str_equal (text, "同上。");
}

static void
resolve_same_as_above (GkImportSheet *state,
                       guint          row,
                       GPtrArray     *texts)
{
  for (guint c = 0; c < texts->len; c++)
    {
      if (!is_same_as_above (g_ptr_array_index (texts, c)))
        continue;
      if (state->prev != NULL && c < state->prev->len)
        {
          texts->pdata[c] = g_ptr_array_index (state->prev, c);
          gk_import_sheet_report (state, row, (int) c, GK_IMPORT_ISSUE_SAME_AS_ABOVE,
                                  _("“同上” was replaced by the text of row %u."),
                                  state->prev_row + 1);
        }
      else
        {
          texts->pdata[c] = (gpointer) "";
          gk_import_sheet_report (state, row, (int) c, GK_IMPORT_ISSUE_NO_SAME_AS_ABOVE,
                                  _("“同上” has no item row above it; the cell was left empty."));
        }
    }
}

/* Rows before the first header: the title gives the domain and the unit;
 * the rest (索引号, 发布机构 …) is reported once a table is found. */
static void
handle_preamble_row (GkImportSheet *state,
                     guint          row,
                     GPtrArray     *texts)
{
  guint n_cells, first = 0;
  const char *text = single_text (texts, &n_cells, &first);
  const GkDomain *domain = text != NULL ? title_domain (state, text, FALSE) : NULL;
  g_autoptr(GString) joined = g_string_new (NULL);

  if (domain != NULL)
    {
      state->domain = domain;
      return;
    }
  for (guint c = 0; c < texts->len; c++)
    {
      const char *cell = g_ptr_array_index (texts, c);

      if (*cell == '\0' || (joined->len > 0 && g_str_equal (cell, text != NULL ? text : "")))
        continue;
      g_string_append_printf (joined, "%s%s", joined->len > 0 ? " | " : "", cell);
    }
  g_array_append_val (state->pending_rows, row);
  g_ptr_array_add (state->pending, g_string_free (g_steal_pointer (&joined), FALSE));
}

static void
handle_row (GkImportSheet *state,
            guint          row,
            GPtrArray     *texts)
{
  if (state->columns == NULL)
    {
      handle_preamble_row (state, row, texts);
      return;
    }
  if (handle_single_text_row (state, row, texts))
    return;
  resolve_same_as_above (state, row, texts);
  gk_import_sheet_import_row (state, row, texts);
}

static void
import_sheet (GkImporter *self,
              GkSheet    *sheet)
{
  GkImportSheet state = { self, sheet, gk_sheet_get_name (sheet), NULL, NULL,
                       g_ptr_array_new_with_free_func (g_free),
                       g_array_new (FALSE, FALSE, sizeof (guint)), NULL, 0, NULL,
                       g_string_new (NULL), g_string_new (NULL),
                       g_ptr_array_new_with_free_func (g_free) };
  guint n_rows = gk_sheet_get_n_rows (sheet);

  state.domain = gk_import_parse_domain (state.name);
  if (state.domain == NULL)
    state.domain = gk_import_find_domain (state.name, NULL);

  for (guint row = 0; row < n_rows; row++)
    {
      gboolean empty;
      g_autoptr(GPtrArray) texts = NULL;

      if (gk_sheet_get_row_width (sheet, row) == 0)
        continue;
      if (is_header_row (&state, row))
        {
          row = read_header (&state, row);
          continue;
        }
      texts = row_texts (&state, row, &empty);
      if (!empty)
        handle_row (&state, row, texts);
    }

  if (state.columns == NULL && n_rows > 0)
    gk_import_report_add_problem (self->report, state.name, 0, -1,
                                  GK_IMPORT_ISSUE_SKIPPED_SHEET,
                                  _("No table header was found in this sheet; it was not "
                                    "imported."));
  g_clear_pointer (&state.columns, g_ptr_array_unref);
  g_clear_pointer (&state.prev, g_ptr_array_unref);
  g_ptr_array_unref (state.pending);
  g_array_unref (state.pending_rows);
  g_string_free (state.other, TRUE);
  g_string_free (state.notes, TRUE);
  g_ptr_array_unref (state.levels);
}

static void
reset (GkImporter *self)
{
  g_clear_object (&self->report);
  g_clear_pointer (&self->title_unit, g_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_clear_pointer (&self->cell_texts, g_hash_table_unref);
  g_clear_pointer (&self->texts, g_ptr_array_unref);
  self->report = gk_import_report_new ();
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->levels = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cell_texts = g_hash_table_new (NULL, NULL);
  self->texts = g_ptr_array_new_with_free_func (g_free);
  memset (self->positions, 0, sizeof self->positions);
}

/**
 * gk_importer_import_workbook:
 * @self: an importer
 * @workbook: the sheets to read
 * @error: return location for a #GError
 *
 * Reads every visible sheet. Whatever is not imported is in the report
 * (gk_importer_get_report()), with its sheet, row and column.
 *
 * Returns: (transfer full) (nullable): a catalog (without unit name) with
 *   the items in sheet order, or %NULL if no sheet has a catalog table
 */
GkCatalog *
gk_importer_import_workbook (GkImporter  *self,
                             GkWorkbook  *workbook,
                             GError     **error)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  gboolean found = FALSE;

  g_return_val_if_fail (GK_IS_IMPORTER (self), NULL);

  reset (self);
  for (guint i = 0; i < gk_workbook_get_n_sheets (workbook); i++)
    {
      GkSheet *sheet = gk_workbook_get_sheet (workbook, i);
      guint n_columns = gk_import_report_get_n_columns (self->report);

      if (gk_sheet_get_hidden (sheet))
        {
          if (gk_sheet_get_n_rows (sheet) > 0)
            gk_import_report_add_problem (self->report, gk_sheet_get_name (sheet), 0, -1,
                                          GK_IMPORT_ISSUE_SKIPPED_SHEET,
                                          _("The sheet is hidden; it was not imported."));
          continue;
        }
      import_sheet (self, sheet);
      found |= gk_import_report_get_n_columns (self->report) > n_columns;
    }
  g_clear_pointer (&self->symbol_texts, g_hash_table_unref);
  g_clear_pointer (&self->channel_cells, g_hash_table_unref);
  g_clear_pointer (&self->channel_texts, g_hash_table_unref);
  g_clear_pointer (&self->cell_texts, g_hash_table_unref);
  g_clear_pointer (&self->texts, g_ptr_array_unref);

  if (!found)
    {
      g_set_error (error, GK_IMPORT_ERROR, GK_IMPORT_ERROR_NO_TABLE,
                   _("No catalog table was found: no row has headers such as "
                     "一级事项, 公开内容 and 公开时限."));
      return NULL;
    }

  if (self->levels->len > 0)
    gk_catalog_set_levels (catalog, (const char * const *) self->levels->pdata);
  for (guint i = 0; i < self->items->len; i++)
    gk_catalog_add_item (catalog, g_ptr_array_index (self->items, i));

  return g_steal_pointer (&catalog);
}

/**
 * gk_importer_import_file:
 * @self: an importer
 * @file: an XLSX or CSV file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the catalog read from @file
 */
GkCatalog *
gk_importer_import_file (GkImporter    *self,
                         GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GkWorkbook) workbook = NULL;

  g_return_val_if_fail (GK_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  workbook = gk_workbook_new_from_file (file, cancellable, error);
  if (workbook == NULL)
    return NULL;

  return gk_importer_import_workbook (self, workbook, error);
}

static void
import_file_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  GkCatalog *catalog = gk_importer_import_file (source_object, task_data, cancellable, &error);

  if (catalog == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, catalog, g_object_unref);
}

/**
 * gk_importer_import_file_async:
 * @self: an importer, not used until the import finishes
 * @file: an XLSX or CSV file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the import is done
 * @user_data: data for @callback
 *
 * Reads and imports @file in a worker thread, so the main loop never waits
 * on a large workbook.
 */
void
gk_importer_import_file_async (GkImporter          *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GK_IS_IMPORTER (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_importer_import_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, import_file_thread);
}

/**
 * gk_importer_import_file_finish:
 * @self: an importer
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the catalog; the report is
 *   gk_importer_get_report()
 */
GkCatalog *
gk_importer_import_file_finish (GkImporter    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gk_importer_import_file_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
