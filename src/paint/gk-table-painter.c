/* gk-table-painter.c: the published table on paper
 *
 * The table is the renderer's (gk-renderer.h): the same sections, columns,
 * 一级事项 runs and cell texts; this file only measures and draws it.
 * Pagination lays every cell out and keeps the row heights only; drawing a
 * page lays its own rows out again, so memory stays small whatever the size
 * of the catalog. Short texts, which repeat from row to row and page to
 * page, keep their layouts in a bounded cache.
 *
 * Units are points. The page given to paginate() is the area to draw in:
 * the PDF export adds its margins; for GtkPrintOperation use
 * GTK_UNIT_POINTS and the print context's width and height. Metrics are
 * unhinted, so the line breaks do not depend on the target's resolution.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "gk-table-painter.h"

/* The fonts of the HTML page, then the usual CJK fonts of office PCs. */
#define FONT_SANS  "Noto Sans CJK SC,Noto Sans SC,Source Han Sans SC,Source Han Sans CN," \
                   "WenQuanYi Micro Hei,Microsoft YaHei,sans-serif"
#define FONT_SERIF "Noto Serif CJK SC,Noto Serif SC,Source Han Serif SC,Source Han Serif CN," \
                   "SimSun,serif"

#define PADDING     3.0   /* inside a cell */
#define RULE        0.5   /* cell borders */
#define SHADE       0.95  /* header background, as the HTML's #f2f2f2 */
#define TITLE_GAP   8.0   /* between the title (and label) and the table */
#define FOOTER_GAP  6.0   /* between the table and the page number */
#define MIN_SLICE   12.0  /* the smallest part of a split row */
#define SEPARATOR   "\xE3\x80\x80"  /* U+3000 IDEOGRAPHIC SPACE, between channels */
#define CACHE_TEXT  256   /* longest text (bytes) whose layout is kept */
#define CACHE_SIZE  4096  /* layouts kept at most */

typedef struct
{
  const GkDomain *domain;
  GPtrArray      *items;      /* (element-type GkItem): the section's */
  GArray         *columns;    /* (element-type GkColumn) */
  char           *title;
  guint          *run_start;  /* per row: the first row of its 一级事项 run */
  double         *x;          /* the columns' left edges, and the right edge */
  double         *heights;    /* per row */
  gboolean       *split;      /* per row: split over pages, text at the top */
  guint           level1;     /* index of the 一级事项 column */
  double          head1;      /* the two header rows */
  double          head2;
  double          title_height;
  guint           first_page;
} Table;

/* A row on a page: whole, or the part of a row taller than a page. */
typedef struct
{
  guint  row;
  double offset;  /* from the top of the row, > 0 continues a split row */
  double height;
} Slice;

typedef struct
{
  guint    table;
  guint    first_slice;
  guint    n_slices;
  gboolean title;
  double   bottom;
} Page;

/* One layout per style, reused for every cell. */
typedef struct
{
  PangoLayout *text;
  PangoLayout *center;
  PangoLayout *head;
  PangoLayout *title;
  PangoLayout *measure;  /* unwrapped, for the width of a channel */
  GString     *flowed;
  GString     *key;
  GHashTable  *widths;   /* the painter's */
  GHashTable  *layouts;  /* the painter's */
} Styles;

struct _GkTablePainter
{
  GObject               parent_instance;

  GPtrArray            *sections;  /* (element-type GkRenderSection) */
  GArray               *tables;    /* (element-type Table) */
  GArray               *slices;    /* (element-type Slice) */
  GArray               *pages;     /* (element-type Page) */
  char                 *title;
  char                 *label;
  PangoContext         *context;
  PangoFontDescription *body_font;
  PangoFontDescription *head_font;
  PangoFontDescription *title_font;
  double                width;
  double                height;
  double                footer_height;
  GHashTable           *widths;    /* channel text → its width */
  GHashTable           *layouts;   /* style, width and text → PangoLayout */
};

G_DEFINE_FINAL_TYPE (GkTablePainter, gk_table_painter, G_TYPE_OBJECT)

static void
table_clear (gpointer data)
{
  Table *table = data;

  g_clear_pointer (&table->columns, g_array_unref);
  g_clear_pointer (&table->title, g_free);
  g_clear_pointer (&table->run_start, g_free);
  g_clear_pointer (&table->x, g_free);
  g_clear_pointer (&table->heights, g_free);
  g_clear_pointer (&table->split, g_free);
}

static void
gk_table_painter_finalize (GObject *object)
{
  GkTablePainter *self = GK_TABLE_PAINTER (object);

  g_clear_pointer (&self->tables, g_array_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->slices, g_array_unref);
  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_object (&self->context);
  g_clear_pointer (&self->widths, g_hash_table_unref);
  g_clear_pointer (&self->layouts, g_hash_table_unref);
  g_clear_pointer (&self->body_font, pango_font_description_free);
  g_clear_pointer (&self->head_font, pango_font_description_free);
  g_clear_pointer (&self->title_font, pango_font_description_free);

  G_OBJECT_CLASS (gk_table_painter_parent_class)->finalize (object);
}

static void
gk_table_painter_class_init (GkTablePainterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gk_table_painter_finalize;
}

static void
gk_table_painter_init (GkTablePainter *self)
{
  self->tables = g_array_new (FALSE, TRUE, sizeof (Table));
  g_array_set_clear_func (self->tables, table_clear);
  self->slices = g_array_new (FALSE, FALSE, sizeof (Slice));
  self->pages = g_array_new (FALSE, FALSE, sizeof (Page));
  self->widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

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
table_init (Table                 *table,
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
  table->run_start = g_new0 (guint, MAX (items->len, 1));

  for (guint i = 0; i < items->len; )
    {
      guint span = gk_render_get_level1_span (items, i);

      for (guint k = i; k < i + span; k++)
        table->run_start[k] = i;
      i += span;
    }
}

/**
 * gk_table_painter_new_for_options:
 * @catalog: a catalog
 * @options: (nullable): which domain (or all of them, with or without the
 *   empty ones); %NULL for the domains with items
 * @error: return location for a #GError
 *
 * Prepares the published table of @options for paper. The painter keeps
 * the items: paginate again after they change.
 *
 * Returns: (transfer full) (nullable): a painter, or %NULL if the domain is
 *   unknown or there is no table to draw
 */
GkTablePainter *
gk_table_painter_new_for_options (GkCatalog             *catalog,
                                  const GkRenderOptions *options,
                                  GError               **error)
{
  g_autoptr(GPtrArray) sections = NULL;
  GkTablePainter *self;
  gboolean whole;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sections = gk_render_dup_sections (catalog, options, error);
  if (sections == NULL)
    return NULL;
  if (sections->len == 0)
    {
      g_set_error_literal (error, GK_RENDER_ERROR, GK_RENDER_ERROR_EMPTY,
                           _("The catalog has no items"));
      return NULL;
    }

  self = g_object_new (GK_TYPE_TABLE_PAINTER, NULL);
  for (guint i = 0; i < sections->len; i++)
    {
      Table table = { 0 };

      table_init (&table, catalog, g_ptr_array_index (sections, i));
      g_array_append_val (self->tables, table);
    }
  whole = options == NULL || options->domain_code == NULL;
  self->title = gk_render_dup_title (catalog, whole ? NULL
                                     : ((GkRenderSection *) sections->pdata[0])->domain);
  self->label = g_strdup (gk_catalog_get_label (catalog));
  self->sections = g_steal_pointer (&sections);

  return self;
}

/**
 * gk_table_painter_new:
 * @catalog: a catalog
 * @domain_code: (nullable): the domain to draw (code, name or alias), or
 *   %NULL for every domain with items, each starting on a new page
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a painter, or %NULL if the domain is
 *   unknown or the catalog has no items
 */
GkTablePainter *
gk_table_painter_new (GkCatalog   *catalog,
                      const char  *domain_code,
                      GError     **error)
{
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;

  options.domain_code = domain_code;
  return gk_table_painter_new_for_options (catalog, &options, error);
}

/* Unhinted metrics and unrounded positions: the same line breaks on the
 * PDF, on paper and in a print preview at any zoom. */
static void
setup_context (GkTablePainter *self,
               cairo_t        *cr)
{
  cairo_font_options_t *options = cairo_font_options_create ();

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
setup_fonts (GkTablePainter *self)
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
new_layout (GkTablePainter             *self,
            const PangoFontDescription *font,
            PangoAlignment              alignment)
{
  PangoLayout *layout = pango_layout_new (self->context);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return layout;
}

static void
styles_init (Styles         *styles,
             GkTablePainter *self)
{
  styles->text = new_layout (self, self->body_font, PANGO_ALIGN_LEFT);
  styles->center = new_layout (self, self->body_font, PANGO_ALIGN_CENTER);
  styles->head = new_layout (self, self->head_font, PANGO_ALIGN_CENTER);
  styles->title = new_layout (self, self->title_font, PANGO_ALIGN_CENTER);
  styles->measure = new_layout (self, self->body_font, PANGO_ALIGN_LEFT);
  styles->flowed = g_string_sized_new (512);
  styles->key = g_string_sized_new (512);
  styles->widths = self->widths;
  styles->layouts = self->layouts;
}

static void
styles_clear (Styles *styles)
{
  g_clear_object (&styles->text);
  g_clear_object (&styles->center);
  g_clear_object (&styles->head);
  g_clear_object (&styles->title);
  g_clear_object (&styles->measure);
  g_string_free (g_steal_pointer (&styles->flowed), TRUE);
  g_string_free (g_steal_pointer (&styles->key), TRUE);
}

/* Lays @text out @width wide; returns its height. */
static double
layout_text (PangoLayout *layout,
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
style_key (Styles      *styles,
           PangoLayout *style)
{
  if (style == styles->center)
    return 'c';
  if (style == styles->head)
    return 'h';
  if (style == styles->title)
    return 'T';
  return 't';
}

/* Like layout_text(), but short texts keep their layout: the header on
 * every page, and the subjects, time limits, bases, ticks and channel
 * lists that repeat from row to row, are laid out once for measuring and
 * drawing. *@layout is valid until the next call. */
static double
lay_out (Styles       *styles,
         PangoLayout **layout,
         const char   *text,
         double        width)
{
  PangoLayout *cached;
  int height;

  if (strlen (text) > CACHE_TEXT)
    return layout_text (*layout, text, width);

  g_string_printf (styles->key, "%c%.3f|%s", style_key (styles, *layout), width, text);
  cached = g_hash_table_lookup (styles->layouts, styles->key->str);
  if (cached == NULL)
    {
      if (g_hash_table_size (styles->layouts) >= CACHE_SIZE)
        g_hash_table_remove_all (styles->layouts);
      cached = pango_layout_copy (*layout);
      layout_text (cached, text, width);
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

/* Width inside the cell over columns @first to @last. */
static double
inner_width (const Table *table,
             guint        first,
             guint        last)
{
  return table->x[last + 1] - table->x[first] - 2 * PADDING;
}

/* Text is centred vertically, as in the HTML page. */
static double
text_top (double cell_height,
          double text_height)
{
  return MAX (PADDING, (cell_height - text_height) / 2);
}

/* In a row split over pages, text starts at the top so the first part
 * shows the row's number and names. */
static double
row_text_top (const Table *table,
              guint        row,
              double       text_height)
{
  return table->split[row] ? PADDING : text_top (table->heights[row], text_height);
}

static double
get_text_width (Styles     *styles,
                const char *text)
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
flow_channels (Styles *styles,
               char   *text,
               double  width)
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

/* Lays out the cell of @row in column @c; returns the text's height. */
static double
layout_cell (const Table  *table,
             Styles       *styles,
             GString      *scratch,
             guint         row,
             guint         c,
             PangoLayout **layout)
{
  const GkColumn *column = &g_array_index (table->columns, GkColumn, c);
  double width = inner_width (table, c, c);
  const char *text;

  *layout = is_centered (column->kind) ? styles->center : styles->text;
  g_string_truncate (scratch, 0);
  gk_render_append_cell_text (scratch, g_ptr_array_index (table->items, row), column, row + 1);
  text = scratch->str;
  if (column->kind == GK_COLUMN_CHANNELS)
    text = flow_channels (styles, scratch->str, width);

  return lay_out (styles, layout, text, width);
}

/* Columns in proportion to the spreadsheet's widths, as the HTML page. */
static void
measure_columns (Table  *table,
                 double  width)
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

static guint
group_span (GArray *columns,
            guint   index)
{
  const GkColumn *column = &g_array_index (columns, GkColumn, index);
  guint span = 1;

  while (column->group != NULL && index + span < columns->len
         && g_array_index (columns, GkColumn, index + span).group == column->group)
    span++;

  return span;
}

/* Groups span their columns in the first header row, single columns both
 * rows: the second row grows when a single column needs more. */
static void
measure_header (Table       *table,
                PangoLayout *head)
{
  double single = 0;

  table->head1 = table->head2 = 0;
  for (guint i = 0; i < table->columns->len; )
    {
      const GkColumn *column = &g_array_index (table->columns, GkColumn, i);
      guint span = group_span (table->columns, i);

      if (column->group == NULL)
        single = MAX (single, layout_text (head, column->label, inner_width (table, i, i)));
      else
        {
          table->head1 = MAX (table->head1, layout_text (head, column->group,
                                                         inner_width (table, i, i + span - 1)));
          for (guint k = i; k < i + span; k++)
            {
              const char *label = g_array_index (table->columns, GkColumn, k).label;

              table->head2 = MAX (table->head2,
                                  layout_text (head, label, inner_width (table, k, k)));
            }
        }
      i += span;
    }
  table->head1 += 2 * PADDING;
  table->head2 += 2 * PADDING;
  table->head2 = MAX (table->head2, single + 2 * PADDING - table->head1);
}

/* A merged 一级事项 cell needs room for its text over its whole run: the
 * run's last row grows when the other cells leave too little. */
static void
fit_level1_runs (Table   *table,
                 Styles  *styles,
                 GString *scratch)
{
  for (guint r = 0; r < table->items->len; )
    {
      PangoLayout *layout;
      double need = layout_cell (table, styles, scratch, r, table->level1, &layout) + 2 * PADDING;
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
measure_rows (Table   *table,
              Styles  *styles,
              GString *scratch)
{
  for (guint r = 0; r < table->items->len; r++)
    {
      double height = 0;

      for (guint c = 0; c < table->columns->len; c++)
        {
          PangoLayout *layout;

          if (c != table->level1)
            height = MAX (height, layout_cell (table, styles, scratch, r, c, &layout));
        }
      table->heights[r] = height + 2 * PADDING;
      table->split[r] = FALSE;
    }
  fit_level1_runs (table, styles, scratch);
}

static void
measure_title (GkTablePainter *self,
               Table          *table,
               Styles         *styles)
{
  table->title_height = layout_text (styles->title, table->title, self->width) + TITLE_GAP;
  if (*self->label != '\0')
    table->title_height += layout_text (styles->center, self->label, self->width) + 2;
}

static double
start_page (GkTablePainter *self,
            guint           t,
            gboolean        title)
{
  const Table *table = &g_array_index (self->tables, Table, t);
  Page page = { t, self->slices->len, 0, title, 0 };

  page.bottom = (title ? table->title_height : 0) + table->head1 + table->head2;
  g_array_append_val (self->pages, page);
  return page.bottom;
}

static void
add_slice (GkTablePainter *self,
           guint           row,
           double          offset,
           double          height,
           double         *y)
{
  Slice slice = { row, offset, height };
  Page *page = &g_array_index (self->pages, Page, self->pages->len - 1);

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

/* How much of row @r from @offset goes on this page, at most @room: up to
 * the first text line that would be cut in two, unless that wastes more
 * than half the room (a cell of one enormous line). */
static double
find_cut (const Table *table,
          Styles      *styles,
          GString     *scratch,
          guint        r,
          double       offset,
          double       room)
{
  double limit = offset + room;
  double cut = limit;

  for (guint c = 0; c < table->columns->len; c++)
    {
      PangoLayout *layout;
      double height;

      if (c == table->level1)
        continue;
      height = layout_cell (table, styles, scratch, r, c, &layout);
      cut = MIN (cut, line_cut (layout, row_text_top (table, r, height), limit));
    }

  return cut - offset < room / 2 ? room : cut - offset;
}

/* Rows go whole on the page where they fit; a row is split only when it
 * is taller than a page, or when it would leave the page with its title
 * and header alone, starting where it is unless little room is left. */
static void
paginate_table (GkTablePainter *self,
                guint           t,
                Styles         *styles,
                GString        *scratch)
{
  Table *table = &g_array_index (self->tables, Table, t);
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
          const Page *page = &g_array_index (self->pages, Page, self->pages->len - 1);
          double cut;

          if (page->n_slices > 0 && (rest <= full || body - y < full / 4))
            {
              y = start_page (self, t, FALSE);
              continue;
            }
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
measure_table (GkTablePainter *self,
               Table          *table,
               Styles         *styles,
               GString        *scratch)
{
  measure_columns (table, self->width);
  measure_header (table, styles->head);
  measure_title (self, table, styles);
  measure_rows (table, styles, scratch);
}

static char *
dup_page_number (guint page,
                 guint n_pages)
{
  return g_strdup_printf ("第 %u 页 共 %u 页", page + 1, n_pages);
}

/**
 * gk_table_painter_paginate:
 * @self: a painter
 * @cr: a cairo context on the target (PDF surface or print context), used
 *   to measure text
 * @page_width: width of the area to draw in, in points
 * @page_height: its height, in points
 *
 * Lays the tables out on pages of the given size: title on the first page
 * of each table, header rows on every page, rows whole unless taller than
 * a page, the page number at the bottom. Call it again when the page size
 * or the items change.
 *
 * Returns: the number of pages
 */
guint
gk_table_painter_paginate (GkTablePainter *self,
                           cairo_t        *cr,
                           double          page_width,
                           double          page_height)
{
  g_autoptr(GString) scratch = g_string_sized_new (512);
  g_autofree char *sample = NULL;
  Styles styles;

  g_return_val_if_fail (GK_IS_TABLE_PAINTER (self), 0);
  g_return_val_if_fail (cr != NULL, 0);
  g_return_val_if_fail (page_width > 0 && page_height > 0, 0);

  self->width = page_width;
  self->height = page_height;
  setup_context (self, cr);
  setup_fonts (self);
  g_array_set_size (self->slices, 0);
  g_array_set_size (self->pages, 0);
  g_hash_table_remove_all (self->widths);
  g_hash_table_remove_all (self->layouts);

  styles_init (&styles, self);
  sample = dup_page_number (999, 999);
  self->footer_height = layout_text (styles.center, sample, page_width) + FOOTER_GAP;
  for (guint t = 0; t < self->tables->len; t++)
    {
      measure_table (self, &g_array_index (self->tables, Table, t), &styles, scratch);
      paginate_table (self, t, &styles, scratch);
    }
  styles_clear (&styles);

  return self->pages->len;
}

/**
 * gk_table_painter_get_n_pages:
 * @self: a painter
 *
 * Returns: the number of pages of the last gk_table_painter_paginate(), 0
 *   before it
 */
guint
gk_table_painter_get_n_pages (GkTablePainter *self)
{
  g_return_val_if_fail (GK_IS_TABLE_PAINTER (self), 0);

  return self->pages->len;
}

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_box (cairo_t  *cr,
          double    x,
          double    y,
          double    width,
          double    height,
          gboolean  shaded)
{
  cairo_rectangle (cr, x, y, width, height);
  if (shaded)
    {
      cairo_set_source_rgb (cr, SHADE, SHADE, SHADE);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
    }
  cairo_stroke (cr);
}

static double
draw_title (GkTablePainter *self,
            cairo_t        *cr,
            const Table    *table,
            Styles         *styles)
{
  double height = layout_text (styles->title, table->title, self->width);

  show_text (cr, styles->title, 0, 0);
  if (*self->label != '\0')
    {
      layout_text (styles->center, self->label, self->width);
      show_text (cr, styles->center, 0, height + 2);
    }

  return table->title_height;
}

static void
draw_head_cell (cairo_t     *cr,
                Styles      *styles,
                const Table *table,
                guint        first,
                guint        last,
                double       y,
                double       height,
                const char  *text)
{
  PangoLayout *layout = styles->head;
  double x = table->x[first];
  double text_height = lay_out (styles, &layout, text, inner_width (table, first, last));

  draw_box (cr, x, y, table->x[last + 1] - x, height, TRUE);
  show_text (cr, layout, x + PADDING, y + text_top (height, text_height));
}

static void
draw_header (cairo_t     *cr,
             const Table *table,
             Styles      *styles,
             double       y)
{
  for (guint i = 0; i < table->columns->len; )
    {
      const GkColumn *column = &g_array_index (table->columns, GkColumn, i);
      guint span = group_span (table->columns, i);

      if (column->group == NULL)
        draw_head_cell (cr, styles, table, i, i, y, table->head1 + table->head2, column->label);
      else
        {
          draw_head_cell (cr, styles, table, i, i + span - 1, y, table->head1, column->group);
          for (guint k = i; k < i + span; k++)
            draw_head_cell (cr, styles, table, k, k, y + table->head1, table->head2,
                            g_array_index (table->columns, GkColumn, k).label);
        }
      i += span;
    }
}

/* The cells of one slice but the 一级事项, drawn per run. Text of a split
 * row is placed as in the whole row and clipped to the slice. */
static void
draw_slice (cairo_t     *cr,
            const Table *table,
            Styles      *styles,
            GString     *scratch,
            const Slice *slice,
            double       y)
{
  gboolean clip = slice->offset > 0 || slice->height < table->heights[slice->row];
  double top = y - slice->offset;  /* of the whole row */

  for (guint c = 0; c < table->columns->len; c++)
    {
      double x = table->x[c];
      double width = table->x[c + 1] - x;
      PangoLayout *layout;
      double height;

      if (c == table->level1)
        continue;
      height = layout_cell (table, styles, scratch, slice->row, c, &layout);
      cairo_save (cr);
      if (clip)
        {
          cairo_rectangle (cr, x, y, width, slice->height);
          cairo_clip (cr);
        }
      show_text (cr, layout, x + PADDING, top + row_text_top (table, slice->row, height));
      cairo_restore (cr);
      draw_box (cr, x, y, width, slice->height, FALSE);
    }
}

/* The merged 一级事项 cell of a run, or of its part on this page: a run
 * continued from the page before repeats its text, ellipsized if the part
 * is too short for it. */
static void
draw_level1 (cairo_t     *cr,
             const Table *table,
             Styles      *styles,
             GString     *scratch,
             guint        row,
             double       y,
             double       height)
{
  guint c = table->level1;
  double x = table->x[c];
  double width = table->x[c + 1] - x;
  g_autoptr(PangoLayout) copy = NULL;
  PangoLayout *layout;
  double text_height = layout_cell (table, styles, scratch, row, c, &layout);
  int size;

  cairo_save (cr);
  if (text_height > height - 2 * PADDING)
    {
      /* The layout may be the cache's: ellipsize a copy. */
      layout = copy = pango_layout_copy (layout);
      pango_layout_set_height (layout, pango_units_from_double (MAX (height - 2 * PADDING, 1)));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_size (layout, NULL, &size);
      text_height = pango_units_to_double (size);
      cairo_rectangle (cr, x, y, width, height);
      cairo_clip (cr);
    }
  show_text (cr, layout, x + PADDING, y + text_top (height, text_height));
  cairo_restore (cr);
  draw_box (cr, x, y, width, height, FALSE);
}

static void
draw_rows (GkTablePainter *self,
           cairo_t        *cr,
           const Page     *page,
           Styles         *styles,
           double          y)
{
  const Table *table = &g_array_index (self->tables, Table, page->table);
  const Slice *slices = &g_array_index (self->slices, Slice, page->first_slice);
  g_autoptr(GString) scratch = g_string_sized_new (512);
  double run_y = y;

  for (guint s = 0; s < page->n_slices; s++)
    {
      guint run = table->run_start[slices[s].row];

      draw_slice (cr, table, styles, scratch, &slices[s], y);
      y += slices[s].height;
      if (s + 1 == page->n_slices || table->run_start[slices[s + 1].row] != run)
        {
          draw_level1 (cr, table, styles, scratch, run, run_y, y - run_y);
          run_y = y;
        }
    }
}

static void
draw_footer (GkTablePainter *self,
             cairo_t        *cr,
             Styles         *styles,
             guint           page)
{
  g_autofree char *text = dup_page_number (page, self->pages->len);
  double height = layout_text (styles->center, text, self->width);

  show_text (cr, styles->center, 0, self->height - height);
}

/**
 * gk_table_painter_draw_page:
 * @self: a painter
 * @cr: where to draw, with the origin at the top left of the area given to
 *   gk_table_painter_paginate() and points as units
 * @page: the page, from 0
 *
 * Draws one page: the title on the first page of a table, the two header
 * rows, the rows, the page number "第 N 页 共 M 页".
 */
void
gk_table_painter_draw_page (GkTablePainter *self,
                            cairo_t        *cr,
                            guint           page)
{
  const Page *p;
  const Table *table;
  Styles styles;
  double y = 0;

  g_return_if_fail (GK_IS_TABLE_PAINTER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < self->pages->len);

  p = &g_array_index (self->pages, Page, page);
  table = &g_array_index (self->tables, Table, p->table);
  pango_cairo_update_context (cr, self->context);
  styles_init (&styles, self);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, RULE);
  if (p->title)
    y = draw_title (self, cr, table, &styles);
  draw_header (cr, table, &styles, y);
  draw_rows (self, cr, p, &styles, y + table->head1 + table->head2);
  draw_footer (self, cr, &styles, page);
  cairo_restore (cr);

  styles_clear (&styles);
}

/**
 * gk_table_painter_get_page_info:
 * @self: a painter
 * @page: a page, from 0
 * @info: (out caller-allocates): what the page holds
 *
 * Returns: %FALSE if there is no such page
 */
gboolean
gk_table_painter_get_page_info (GkTablePainter  *self,
                                guint            page,
                                GkTablePageInfo *info)
{
  const Page *p;

  g_return_val_if_fail (GK_IS_TABLE_PAINTER (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (page >= self->pages->len)
    return FALSE;

  p = &g_array_index (self->pages, Page, page);
  info->table = p->table;
  info->title = p->title;
  info->n_rows = p->n_slices;
  info->first_row = p->n_slices > 0 ? g_array_index (self->slices, Slice, p->first_slice).row : 0;
  info->table_bottom = p->bottom;
  info->footer_top = self->height - self->footer_height + FOOTER_GAP;
  return TRUE;
}

/**
 * gk_table_painter_get_n_tables:
 * @self: a painter
 *
 * Returns: the number of tables: one per domain drawn
 */
guint
gk_table_painter_get_n_tables (GkTablePainter *self)
{
  g_return_val_if_fail (GK_IS_TABLE_PAINTER (self), 0);

  return self->tables->len;
}

/**
 * gk_table_painter_get_domain:
 * @self: a painter
 * @table: a table, from 0
 *
 * Returns: (transfer none): the domain of @table
 */
const GkDomain *
gk_table_painter_get_domain (GkTablePainter *self,
                             guint           table)
{
  g_return_val_if_fail (GK_IS_TABLE_PAINTER (self), NULL);
  g_return_val_if_fail (table < self->tables->len, NULL);

  return g_array_index (self->tables, Table, table).domain;
}

/**
 * gk_table_painter_get_first_page:
 * @self: a painter
 * @table: a table, from 0
 *
 * Returns: the page where @table starts, after pagination
 */
guint
gk_table_painter_get_first_page (GkTablePainter *self,
                                 guint           table)
{
  g_return_val_if_fail (GK_IS_TABLE_PAINTER (self), 0);
  g_return_val_if_fail (table < self->tables->len, 0);

  return g_array_index (self->tables, Table, table).first_page;
}

/**
 * gk_table_painter_get_title:
 * @self: a painter
 *
 * Returns: the title of the document: the domain's table title, or the
 *   catalog's for every domain
 */
const char *
gk_table_painter_get_title (GkTablePainter *self)
{
  g_return_val_if_fail (GK_IS_TABLE_PAINTER (self), NULL);

  return self->title;
}

/**
 * gk_table_painter_get_paper_size:
 * @paper: a paper size
 * @width: (out): width of the landscape sheet, in points
 * @height: (out): its height
 */
void
gk_table_painter_get_paper_size (GkPaperSize  paper,
                                 double      *width,
                                 double      *height)
{
  double long_mm = paper == GK_PAPER_A3 ? 420 : 297;
  double short_mm = paper == GK_PAPER_A3 ? 297 : 210;

  *width = long_mm * 72 / 25.4;
  *height = short_mm * 72 / 25.4;
}
