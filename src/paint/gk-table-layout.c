/* gk-table-layout.c: the published table measured and cut into pages
 *
 * Pagination lays every cell out and keeps the row heights only; drawing a
 * page (gk-table-painter.c) lays its own rows out again, so memory stays
 * small whatever the size of the catalog. Short texts, which repeat from
 * row to row and page to page, keep their layouts in a bounded cache; long
 * ones keep where their pieces of whole lines start (gk-long-text.c), so a
 * page lays out only the lines it shows.
 *
 * Units are points. Metrics are unhinted, so the line breaks do not
 * depend on the target's resolution.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-table-layout.h"

/* The fonts of the HTML page, then the usual CJK fonts of office PCs,
 * then fonts with the rare characters of CJK Extension B and after (𠀀,
 * 𪚥, in names of people and places) that those lack. */
#define FONT_EXT_B "Plangothic P1,SimSun-ExtB,HanaMinB,HanaMinA,BabelStone Han"
#define FONT_SANS  "Noto Sans CJK SC,Noto Sans SC,Source Han Sans SC,Source Han Sans CN," \
                   "WenQuanYi Micro Hei,Microsoft YaHei," FONT_EXT_B ",sans-serif"
#define FONT_SERIF "Noto Serif CJK SC,Noto Serif SC,Source Han Serif SC,Source Han Serif CN," \
                   "SimSun," FONT_EXT_B ",serif"

#define TITLE_GAP   8.0   /* between the title (and label) and the table */
#define MIN_SLICE   12.0  /* the smallest part of a split row */
#define SEPARATOR   "\xE3\x80\x80"  /* U+3000 IDEOGRAPHIC SPACE, between channels */
#define CACHE_TEXT  1024  /* longest text (bytes) whose layout is kept */
#define CACHE_SIZE  4096  /* layouts kept at most */

static guint
find_column (GArray       *columns,
             GkColumnKind  kind)
{
  for (guint c = 0; c < columns->len; c++)
    {
      if (g_array_index (columns, GkColumn, c).kind == kind)
        return c;
    }

  g_return_val_if_reached (0);
}

static void
table_init (GkTableGrid           *table,
            GkCatalog             *catalog,
            const GkRenderSection *section)
{
  GPtrArray *items = section->items;

  table->domain = section->domain;
  table->items = items;
  table->columns = gk_render_dup_columns (catalog, items);
  table->title = gk_render_dup_title (catalog, section->domain);
  table->level1 = find_column (table->columns, GK_COLUMN_LEVEL1);
  table->x = g_new0 (double, table->columns->len + 1);
  table->heights = g_new0 (double, MAX (items->len, 1));
  table->split = g_new0 (gboolean, MAX (items->len, 1));
  table->level1_split = g_new0 (gboolean, MAX (items->len, 1));
  table->run_start = g_new0 (guint, MAX (items->len, 1));
  table->long_texts = g_hash_table_new_full (NULL, NULL, NULL,
                                             (GDestroyNotify) gk_long_text_free);

  for (guint i = 0; i < items->len; )
    {
      guint span = gk_render_get_level1_span (items, i);

      for (guint k = i; k < i + span; k++)
        table->run_start[k] = i;
      i += span;
    }
}

static void
table_clear (gpointer data)
{
  GkTableGrid *table = data;

  g_clear_pointer (&table->columns, g_array_unref);
  g_clear_pointer (&table->title, g_free);
  g_clear_pointer (&table->run_start, g_free);
  g_clear_pointer (&table->x, g_free);
  g_clear_pointer (&table->heights, g_free);
  g_clear_pointer (&table->split, g_free);
  g_clear_pointer (&table->level1_split, g_free);
  g_clear_pointer (&table->long_texts, g_hash_table_unref);
}

/* Whether @cr differs from the target the context was last set for in
 * what matters to text: the transformation but its translation, and the
 * target's font options. Remembers @cr's. */
static gboolean
target_changed (GkTableLayout *self,
                cairo_t       *cr)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  cairo_matrix_t ctm;
  gboolean changed;

  cairo_get_matrix (cr, &ctm);
  cairo_surface_get_font_options (cairo_get_target (cr), options);
  changed = self->target_options == NULL
            || !cairo_font_options_equal (options, self->target_options)
            || ctm.xx != self->ctm.xx || ctm.yx != self->ctm.yx
            || ctm.xy != self->ctm.xy || ctm.yy != self->ctm.yy;
  g_clear_pointer (&self->target_options, cairo_font_options_destroy);
  self->target_options = options;
  self->ctm = ctm;

  return changed;
}

/**
 * gk_table_layout_update_context:
 * @self: a paginated layout
 * @cr: the cairo context to draw on
 *
 * Updates the Pango context for @cr when it differs from the one used
 * before: each update invalidates every layout made with the context, the
 * cached ones included, so a page drawn with the same transformation (the
 * margins of the PDF export are a translation) keeps them. Metrics are
 * unhinted, so an update never changes the line breaks.
 */
void
gk_table_layout_update_context (GkTableLayout *self,
                                cairo_t       *cr)
{
  if (target_changed (self, cr))
    pango_cairo_update_context (cr, self->context);
}

/* Unhinted metrics and unrounded positions: the same line breaks on the
 * PDF, on paper and in a print preview at any zoom. */
static void
setup_context (GkTableLayout *self,
               cairo_t       *cr)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  target_changed (self, cr);

  g_clear_object (&self->context);
  self->context = pango_cairo_create_context (cr);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (self->context, FALSE);
  /* Font sizes in points are then cairo units, whatever the target. */
  pango_cairo_context_set_resolution (self->context, 72);
  /* Fallback fonts then draw the simplified Chinese glyph forms. */
  pango_context_set_language (self->context, pango_language_from_string ("zh-cn"));
}

/* 9 pt on A4 landscape as the ministries' templates; A3 gets the 五号
 * (10.5 pt) of printed documents. */
static void
setup_fonts (GkTableLayout *self)
{
  double size = self->width < 1000 ? 9.0 : 10.5;

  g_clear_pointer (&self->body_font, pango_font_description_free);
  g_clear_pointer (&self->head_font, pango_font_description_free);
  g_clear_pointer (&self->title_font, pango_font_description_free);

  self->body_font = pango_font_description_new ();
  pango_font_description_set_family (self->body_font, FONT_SANS);
  pango_font_description_set_size (self->body_font, (int) (size * PANGO_SCALE));

  self->head_font = pango_font_description_copy (self->body_font);
  pango_font_description_set_weight (self->head_font, PANGO_WEIGHT_BOLD);

  self->title_font = pango_font_description_new ();
  pango_font_description_set_family (self->title_font, FONT_SERIF);
  pango_font_description_set_weight (self->title_font, PANGO_WEIGHT_BOLD);
  pango_font_description_set_size (self->title_font, (int) (size * 16 / 9 * PANGO_SCALE));
}

static PangoLayout *
new_layout (GkTableLayout              *self,
            const PangoFontDescription *font,
            PangoAlignment              alignment)
{
  PangoLayout *layout = pango_layout_new (self->context);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return layout;
}

/**
 * gk_table_styles_init:
 * @styles: (out caller-allocates): the styles to set up
 * @layout: a paginated layout, whose fonts and caches they use
 *
 * Clear them with gk_table_styles_clear().
 */
void
gk_table_styles_init (GkTableStyles *styles,
                      GkTableLayout *layout)
{
  styles->text = new_layout (layout, layout->body_font, PANGO_ALIGN_LEFT);
  styles->center = new_layout (layout, layout->body_font, PANGO_ALIGN_CENTER);
  styles->head = new_layout (layout, layout->head_font, PANGO_ALIGN_CENTER);
  styles->title = new_layout (layout, layout->title_font, PANGO_ALIGN_CENTER);
  styles->measure = new_layout (layout, layout->body_font, PANGO_ALIGN_LEFT);
  styles->flowed = g_string_sized_new (512);
  styles->key = g_string_sized_new (512);
  styles->widths = layout->widths;
  styles->layouts = layout->layouts;
  styles->batch = NULL;
}

/**
 * gk_table_styles_clear:
 * @styles: styles set up by gk_table_styles_init()
 */
void
gk_table_styles_clear (GkTableStyles *styles)
{
  g_clear_object (&styles->text);
  g_clear_object (&styles->center);
  g_clear_object (&styles->head);
  g_clear_object (&styles->title);
  g_clear_object (&styles->measure);
  g_string_free (g_steal_pointer (&styles->flowed), TRUE);
  g_string_free (g_steal_pointer (&styles->key), TRUE);
}

/**
 * gk_table_lay_out_text:
 * @layout: a layout of the style wanted
 * @text: the text
 * @width: the width to wrap at, in points
 *
 * Returns: the height of @text laid out in @layout
 */
double
gk_table_lay_out_text (PangoLayout *layout,
                       const char  *text,
                       double       width)
{
  int height;

  pango_layout_set_width (layout, pango_units_from_double (MAX (width, 1.0)));
  pango_layout_set_height (layout, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, NULL, &height);
  return pango_units_to_double (height);
}

static char
style_key (GkTableStyles *styles,
           PangoLayout   *style)
{
  if (style == styles->center)
    return 'c';
  if (style == styles->head)
    return 'h';
  if (style == styles->title)
    return 'T';
  return 't';
}

/* The key of a cached layout: style, width in Pango units and text. Not
 * with printf: formatting a double per cell cost more than the lookup. */
static void
set_key (GString    *key,
         char        style,
         double      width,
         const char *text)
{
  guint units = (guint) pango_units_from_double (MAX (width, 1.0));

  g_string_truncate (key, 0);
  g_string_append_c (key, style);
  do
    {
      g_string_append_c (key, (char) ('a' + units % 16));
      units /= 16;
    }
  while (units > 0);
  g_string_append_c (key, '|');
  g_string_append (key, text);
}

/**
 * gk_table_styles_lay_out:
 * @styles: the styles
 * @layout: (inout) (transfer none): the style's layout, replaced by the
 *   one holding @text, valid until the next call
 * @text: the text
 * @width: the width to wrap at, in points
 *
 * Like gk_table_lay_out_text(), but short texts keep their layout: the
 * header on every page, and the subjects, time limits, bases, ticks and
 * channel lists that repeat from row to row, are laid out once for
 * measuring and drawing.
 *
 * Returns: the height of @text
 */
double
gk_table_styles_lay_out (GkTableStyles  *styles,
                         PangoLayout   **layout,
                         const char     *text,
                         double          width)
{
  PangoLayout *cached;
  int height;

  if (strlen (text) > CACHE_TEXT)
    return gk_table_lay_out_text (*layout, text, width);

  set_key (styles->key, style_key (styles, *layout), width, text);
  cached = g_hash_table_lookup (styles->layouts, styles->key->str);
  if (cached == NULL)
    {
      if (g_hash_table_size (styles->layouts) >= CACHE_SIZE)
        g_hash_table_remove_all (styles->layouts);
      cached = pango_layout_copy (*layout);
      gk_table_lay_out_text (cached, text, width);
      g_hash_table_insert (styles->layouts, g_strdup (styles->key->str), cached);
    }
  *layout = cached;
  pango_layout_get_size (cached, NULL, &height);
  return pango_units_to_double (height);
}

static gboolean
is_centered (GkColumnKind kind)
{
  return kind == GK_COLUMN_NUMBER || kind >= GK_COLUMN_PUBLIC;
}

/**
 * gk_table_grid_get_width:
 * @table: a measured table
 * @first: the first column of a cell
 * @last: its last column
 *
 * Returns: the width for text inside the cell over @first to @last
 */
double
gk_table_grid_get_width (const GkTableGrid *table,
                         guint              first,
                         guint              last)
{
  return table->x[last + 1] - table->x[first] - 2 * GK_TABLE_PADDING;
}

/**
 * gk_table_text_top:
 * @cell_height: the height of a cell
 * @text_height: the height of its text
 *
 * Text is centred vertically, as in the HTML page.
 *
 * Returns: where the text starts, from the top of the cell
 */
double
gk_table_text_top (double cell_height,
                   double text_height)
{
  return MAX (GK_TABLE_PADDING, (cell_height - text_height) / 2);
}

/**
 * gk_table_grid_get_text_top:
 * @table: a measured table
 * @row: a row
 * @text_height: the height of the text of one of its cells
 *
 * Like gk_table_text_top(), but in a row split over pages text starts at
 * the top, so the first part shows the row's number and names.
 *
 * Returns: where the text starts, from the top of the row
 */
double
gk_table_grid_get_text_top (const GkTableGrid *table,
                            guint              row,
                            double             text_height)
{
  if (table->split[row])
    return GK_TABLE_PADDING;

  return gk_table_text_top (table->heights[row], text_height);
}

static double
get_text_width (GkTableStyles *styles,
                const char    *text)
{
  double *width = g_hash_table_lookup (styles->widths, text);
  int size;

  if (width != NULL)
    return *width;

  pango_layout_set_text (styles->measure, text, -1);
  pango_layout_get_size (styles->measure, &size, NULL);
  width = g_new (double, 1);
  *width = pango_units_to_double (size);
  g_hash_table_insert (styles->widths, g_strdup (text), width);
  return *width;
}

/* The renderer lists the channels one per line; on paper they flow as in
 * the printed templates, several to a line, a channel broken only when it
 * is wider than the cell. */
static const char *
flow_channels (GkTableStyles *styles,
               char          *text,
               double         width)
{
  double space = get_text_width (styles, SEPARATOR);
  double x = 0;
  char *line = text;

  g_string_truncate (styles->flowed, 0);
  while (line != NULL)
    {
      char *end = strchr (line, '\n');
      double line_width;

      if (end != NULL)
        *end = '\0';
      line_width = get_text_width (styles, line);
      /* Some slack: the line as a whole must not wrap where the sum fits. */
      if (styles->flowed->len > 0 && x + space + line_width <= width - 0.5)
        {
          g_string_append (styles->flowed, SEPARATOR);
          x += space + line_width;
        }
      else
        {
          if (styles->flowed->len > 0)
            g_string_append_c (styles->flowed, '\n');
          x = line_width;
        }
      g_string_append (styles->flowed, line);
      line = end != NULL ? end + 1 : NULL;
    }

  return styles->flowed->str;
}

/* The text of a cell, in @scratch or the styles' flowed text. */
static const char *
get_cell_text (const GkTableGrid *table,
               GkTableStyles     *styles,
               GString           *scratch,
               guint              row,
               guint              c,
               double             width)
{
  const GkColumn *column = &g_array_index (table->columns, GkColumn, c);

  g_string_truncate (scratch, 0);
  gk_render_append_cell_text (scratch, g_ptr_array_index (table->items, row), column, row + 1);
  if (column->kind == GK_COLUMN_CHANNELS)
    return flow_channels (styles, scratch->str, width);

  return scratch->str;
}

/**
 * gk_table_grid_lay_out_cell:
 * @table: a table
 * @styles: the styles
 * @scratch: a string to build the cell's text in
 * @row: a row
 * @c: a column
 * @layout: (out) (transfer none): the layout of the cell's text, valid
 *   until the next call; for a long text, the style to lay its pieces out in
 * @long_text: (out) (optional) (transfer none): the pieces of a text longer
 *   than %GK_LONG_TEXT, kept until the next pagination, or %NULL
 *
 * Returns: the height of the cell's text
 */
double
gk_table_grid_lay_out_cell (const GkTableGrid  *table,
                            GkTableStyles      *styles,
                            GString            *scratch,
                            guint               row,
                            guint               c,
                            PangoLayout       **layout,
                            const GkLongText  **long_text)
{
  const GkColumn *column = &g_array_index (table->columns, GkColumn, c);
  double width = gk_table_grid_get_width (table, c, c);
  gpointer key = GUINT_TO_POINTER (row * table->columns->len + c);
  GkLongText *pieces = NULL;

  *layout = is_centered (column->kind) ? styles->center : styles->text;
  /* A long text is built and cut once, not for every page it is on. */
  if (g_hash_table_size (table->long_texts) > 0)
    pieces = g_hash_table_lookup (table->long_texts, key);
  if (pieces == NULL)
    {
      const char *text = get_cell_text (table, styles, scratch, row, c, width);

      if (long_text != NULL)
        *long_text = NULL;
      if (strlen (text) <= GK_LONG_TEXT)
        return gk_table_styles_lay_out (styles, layout, text, width);
      pieces = gk_long_text_new (*layout, text, width);
      g_hash_table_insert (table->long_texts, key, pieces);
    }
  if (long_text != NULL)
    *long_text = pieces;

  return pieces->height;
}

/* Columns in proportion to the spreadsheet's widths, as the HTML page. */
static void
measure_columns (GkTableGrid *table,
                 double       width)
{
  double total = 0;
  double x = 0;

  for (guint c = 0; c < table->columns->len; c++)
    total += g_array_index (table->columns, GkColumn, c).width;

  for (guint c = 0; c < table->columns->len; c++)
    {
      table->x[c] = x;
      x += width * g_array_index (table->columns, GkColumn, c).width / total;
    }
  table->x[table->columns->len] = width;
}

/* The height of a header cell's text over columns @first to @last, laid
 * out through the cache, where drawing finds it on every page. */
static double
lay_out_head (const GkTableGrid *table,
              GkTableStyles     *styles,
              const char        *text,
              guint              first,
              guint              last)
{
  PangoLayout *layout = styles->head;

  return gk_table_styles_lay_out (styles, &layout, text,
                                  gk_table_grid_get_width (table, first, last));
}

/* Groups span their columns in the first header row, single columns both
 * rows: the second row grows when a single column needs more. */
static void
measure_header (GkTableGrid   *table,
                GkTableStyles *styles)
{
  double single = 0;

  table->head1 = table->head2 = 0;
  for (guint i = 0; i < table->columns->len; )
    {
      const GkColumn *column = &g_array_index (table->columns, GkColumn, i);
      guint span = gk_render_get_group_span (table->columns, i);

      if (column->group == NULL)
        single = MAX (single, lay_out_head (table, styles, column->label, i, i));
      else
        {
          table->head1 = MAX (table->head1,
                              lay_out_head (table, styles, column->group, i, i + span - 1));
          for (guint k = i; k < i + span; k++)
            {
              const char *label = g_array_index (table->columns, GkColumn, k).label;

              table->head2 = MAX (table->head2, lay_out_head (table, styles, label, k, k));
            }
        }
      i += span;
    }
  table->head1 += 2 * GK_TABLE_PADDING;
  table->head2 += 2 * GK_TABLE_PADDING;
  table->head2 = MAX (table->head2, single + 2 * GK_TABLE_PADDING - table->head1);
}

/* Lays a cell out for its height, and warns of a character no font has. */
static double
measure_cell (GkTableLayout     *self,
              const GkTableGrid *table,
              GkTableStyles     *styles,
              GString           *scratch,
              guint              row,
              guint              c)
{
  const GkLongText *long_text;
  PangoLayout *layout;
  double height;

  height = gk_table_grid_lay_out_cell (table, styles, scratch, row, c, &layout, &long_text);
  gk_table_layout_warn_missing (self, table, row, c, long_text != NULL ? long_text->missing
                                : gk_layout_find_missing (layout));

  return height;
}

/* A merged 一级事项 cell needs room for its text over its whole run: the
 * run's last row grows when the other cells leave too little. */
static void
fit_level1_runs (GkTableLayout *self,
                 GkTableGrid   *table,
                 GkTableStyles *styles,
                 GString       *scratch)
{
  for (guint r = 0; r < table->items->len; )
    {
      double need = measure_cell (self, table, styles, scratch, r, table->level1)
                    + 2 * GK_TABLE_PADDING;
      double have = 0;
      guint end;

      for (end = r; end < table->items->len && table->run_start[end] == r; end++)
        have += table->heights[end];
      if (need > have)
        table->heights[end - 1] += need - have;
      r = end;
    }
}

static void
measure_rows (GkTableLayout *self,
              GkTableGrid   *table,
              GkTableStyles *styles,
              GString       *scratch)
{
  g_hash_table_remove_all (table->long_texts);
  for (guint r = 0; r < table->items->len; r++)
    {
      double height = 0;

      for (guint c = 0; c < table->columns->len; c++)
        {
          if (c != table->level1)
            height = MAX (height, measure_cell (self, table, styles, scratch, r, c));
        }
      table->heights[r] = height + 2 * GK_TABLE_PADDING;
      table->split[r] = FALSE;
      table->level1_split[r] = FALSE;
    }
  fit_level1_runs (self, table, styles, scratch);
}

static void
measure_title (GkTableLayout *self,
               GkTableGrid   *table,
               GkTableStyles *styles)
{
  table->title_height = gk_table_lay_out_text (styles->title, table->title, self->width)
                        + TITLE_GAP;
  gk_table_layout_warn_missing_in_title (self, styles->title);
  if (*self->label != '\0')
    {
      table->title_height += gk_table_lay_out_text (styles->center, self->label, self->width)
                             + 2;
      gk_table_layout_warn_missing_in_title (self, styles->center);
    }
}

static double
start_page (GkTableLayout *self,
            guint          t,
            gboolean       title)
{
  const GkTableGrid *table = &g_array_index (self->tables, GkTableGrid, t);
  GkTablePage page = { t, self->slices->len, 0, title, 0 };

  page.bottom = (title ? table->title_height : 0) + table->head1 + table->head2;
  g_array_append_val (self->pages, page);
  return page.bottom;
}

static void
add_slice (GkTableLayout *self,
           guint          row,
           double         offset,
           double         height,
           double        *y)
{
  GkTableSlice slice = { row, offset, height };
  GkTablePage *page = &g_array_index (self->pages, GkTablePage, self->pages->len - 1);

  g_array_append_val (self->slices, slice);
  page->n_slices++;
  *y += height;
  page->bottom = *y;
}

/* The top of the first line of @layout, placed at @top, that @limit would
 * cut in two; @limit when there is none. */
static double
line_cut (PangoLayout *layout,
          double       top,
          double       limit)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double cut = limit;

  do
    {
      PangoRectangle rect;
      double y0, y1;

      pango_layout_iter_get_line_extents (iter, NULL, &rect);
      y0 = top + pango_units_to_double (rect.y);
      y1 = y0 + pango_units_to_double (rect.height);
      if (y0 < limit && y1 > limit)
        {
          cut = y0;
          break;
        }
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  return cut;
}

/* Like line_cut(), for the piece of @long_text at @limit. */
static double
long_text_cut (const GkLongText *long_text,
               PangoLayout      *layout,
               double            width,
               double            top,
               double            limit)
{
  guint piece = gk_long_text_find_piece (long_text, limit - top);

  top += g_array_index (long_text->pieces, GkTextPiece, piece).top;
  gk_long_text_lay_out (long_text, piece, layout, width);
  return line_cut (layout, top, limit);
}

/* How much of row @r from @offset goes on this page, at most @room: up to
 * the first text line that would be cut in two, unless that wastes more
 * than half the room (a cell of one enormous line). */
static double
find_cut (const GkTableGrid *table,
          GkTableStyles     *styles,
          GString           *scratch,
          guint              r,
          double             offset,
          double             room)
{
  double limit = offset + room;
  double cut = limit;

  for (guint c = 0; c < table->columns->len; c++)
    {
      const GkLongText *long_text;
      PangoLayout *layout;
      double height;
      double top;

      if (c == table->level1 && !table->level1_split[r])
        continue;
      height = gk_table_grid_lay_out_cell (table, styles, scratch, r, c, &layout, &long_text);
      top = gk_table_grid_get_text_top (table, r, height);
      if (long_text != NULL)
        cut = MIN (cut, long_text_cut (long_text, layout, gk_table_grid_get_width (table, c, c),
                                       top, limit));
      else
        cut = MIN (cut, line_cut (layout, top, limit));
    }

  return cut - offset < room / 2 ? room : cut - offset;
}

/* Whether the 一级事项 of row @r, merged with no other row's, is taller
 * than the @full room of a page: repeated on each page as a merged cell
 * is, it would never show whole, so it continues as the other cells. */
static gboolean
is_level1_tall (const GkTableGrid *table,
                GkTableStyles     *styles,
                GString           *scratch,
                guint              r,
                double             full)
{
  PangoLayout *layout;

  if (table->run_start[r] != r
      || (r + 1 < table->items->len && table->run_start[r + 1] == r))
    return FALSE;

  return gk_table_grid_lay_out_cell (table, styles, scratch, r, table->level1, &layout, NULL)
         + 2 * GK_TABLE_PADDING > full;
}

/* Rows go whole on the page where they fit; a row is split only when it
 * is taller than a page, or when it would leave the page with its title
 * and header alone, starting where it is unless little room is left. */
static void
paginate_table (GkTableLayout *self,
                guint          t,
                GkTableStyles *styles,
                GString       *scratch)
{
  GkTableGrid *table = &g_array_index (self->tables, GkTableGrid, t);
  double body = self->height - self->footer_height;
  double full = body - table->head1 - table->head2;
  double y = start_page (self, t, TRUE);

  table->first_page = self->pages->len - 1;
  for (guint r = 0; r < table->items->len; r++)
    {
      double offset = 0;
      double rest = table->heights[r];

      while (rest > body - y)
        {
          const GkTablePage *page = &g_array_index (self->pages, GkTablePage, self->pages->len - 1);
          double cut;

          if (page->n_slices > 0 && (rest <= full || body - y < full / 4))
            {
              y = start_page (self, t, FALSE);
              continue;
            }
          if (!table->split[r])
            table->level1_split[r] = is_level1_tall (table, styles, scratch, r, full);
          table->split[r] = TRUE;
          cut = find_cut (table, styles, scratch, r, offset, MAX (body - y, MIN_SLICE));
          cut = MIN (cut, rest);
          add_slice (self, r, offset, cut, &y);
          offset += cut;
          rest -= cut;
          y = start_page (self, t, FALSE);
        }
      if (rest > 0 || offset == 0)
        add_slice (self, r, offset, rest, &y);
    }
}

static void
measure_table (GkTableLayout *self,
               GkTableGrid   *table,
               GkTableStyles *styles,
               GString       *scratch)
{
  measure_columns (table, self->width);
  measure_header (table, styles);
  measure_title (self, table, styles);
  measure_rows (self, table, styles, scratch);
}

/**
 * gk_table_layout_dup_page_number:
 * @page: a page, from 0
 * @n_pages: the number of pages
 *
 * Returns: (transfer full): the footer of @page
 */
char *
gk_table_layout_dup_page_number (guint page,
                                 guint n_pages)
{
  return g_strdup_printf ("第 %u 页 共 %u 页", page + 1, n_pages);
}

/**
 * gk_table_layout_new:
 * @catalog: the catalog of @sections
 * @sections: (element-type GkRenderSection): the sections to lay out, which
 *   must outlive the layout
 *
 * Returns: (transfer full): a layout of one table per section, to paginate
 */
GkTableLayout *
gk_table_layout_new (GkCatalog *catalog,
                     GPtrArray *sections)
{
  GkTableLayout *self = g_new0 (GkTableLayout, 1);

  self->tables = g_array_new (FALSE, TRUE, sizeof (GkTableGrid));
  g_array_set_clear_func (self->tables, table_clear);
  self->slices = g_array_new (FALSE, FALSE, sizeof (GkTableSlice));
  self->pages = g_array_new (FALSE, FALSE, sizeof (GkTablePage));
  self->widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->label = g_strdup (gk_catalog_get_label (catalog));
  self->warnings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < sections->len; i++)
    {
      GkTableGrid table = { 0 };

      table_init (&table, catalog, g_ptr_array_index (sections, i));
      g_array_append_val (self->tables, table);
    }

  return self;
}

/**
 * gk_table_layout_free:
 * @self: (transfer full): a layout
 */
void
gk_table_layout_free (GkTableLayout *self)
{
  g_clear_pointer (&self->tables, g_array_unref);
  g_clear_pointer (&self->slices, g_array_unref);
  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_object (&self->context);
  g_clear_pointer (&self->target_options, cairo_font_options_destroy);
  g_clear_pointer (&self->widths, g_hash_table_unref);
  g_clear_pointer (&self->layouts, g_hash_table_unref);
  g_clear_pointer (&self->body_font, pango_font_description_free);
  g_clear_pointer (&self->head_font, pango_font_description_free);
  g_clear_pointer (&self->title_font, pango_font_description_free);
  g_free (self);
}

/**
 * gk_table_layout_paginate:
 * @self: a layout
 * @cr: a cairo context on the target, used to measure text
 * @page_width: width of the area to draw in, in points
 * @page_height: its height, in points
 *
 * See gk_table_painter_paginate().
 *
 * Returns: the number of pages
 */
guint
gk_table_layout_paginate (GkTableLayout *self,
                          cairo_t       *cr,
                          double         page_width,
                          double         page_height)
{
  g_autoptr(GString) scratch = g_string_sized_new (512);
  g_autofree char *sample = NULL;
  GkTableStyles styles;

  self->width = page_width;
  self->height = page_height;
  setup_context (self, cr);
  setup_fonts (self);
  g_array_set_size (self->slices, 0);
  g_array_set_size (self->pages, 0);
  g_hash_table_remove_all (self->widths);
  g_hash_table_remove_all (self->layouts);
  g_ptr_array_set_size (self->warnings, 0);
  self->n_missing = 0;

  gk_table_styles_init (&styles, self);
  sample = gk_table_layout_dup_page_number (999, 999);
  self->footer_height = gk_table_lay_out_text (styles.center, sample, page_width)
                        + GK_TABLE_FOOTER_GAP;
  for (guint t = 0; t < self->tables->len; t++)
    {
      measure_table (self, &g_array_index (self->tables, GkTableGrid, t), &styles, scratch);
      paginate_table (self, t, &styles, scratch);
    }
  gk_table_layout_warn_more_missing (self);
  gk_table_styles_clear (&styles);

  return self->pages->len;
}
