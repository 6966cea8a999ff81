/* gk-table-painter.c: the published table on paper
 *
 * The table is the renderer's (gk-renderer.h): the same sections, columns,
 * 一级事项 runs and cell texts. gk-table-layout.c measures it and cuts it
 * into pages; this file draws a page of that layout.
 *
 * Units are points. The page given to paginate() is the area to draw in:
 * the PDF export adds its margins; for GtkPrintOperation use
 * GTK_UNIT_POINTS and the print context's width and height.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "gk-table-layout.h"
#include "gk-table-painter.h"

#define RULE  0.5   /* cell borders */
#define SHADE 0.95  /* header background, as the HTML's #f2f2f2 */

struct _GkTablePainter
{
  GObject        parent_instance;

  GPtrArray     *sections;  /* (element-type GkRenderSection) */
  char          *title;
  GkTableLayout *layout;
  GPtrArray     *warnings;  /* (nullable): the options', where to report */
};

G_DEFINE_FINAL_TYPE (GkTablePainter, gk_table_painter, G_TYPE_OBJECT)

static void
gk_table_painter_finalize (GObject *object)
{
  GkTablePainter *self = GK_TABLE_PAINTER (object);

  /* The layout borrows the sections' items. */
  g_clear_pointer (&self->layout, gk_table_layout_free);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

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
}

/**
 * gk_table_painter_new_for_options:
 * @catalog: a catalog
 * @options: (nullable): which domain (or all of them, with or without the
 *   empty ones); %NULL for the domains with items
 * @error: return location for a #GError
 *
 * Prepares the published table of @options for paper. The painter keeps
 * the items: paginate again after they change. Pagination adds its
 * warnings to @options' warnings, if any, without repeating one.
 *
 * Returns: (transfer full) (nullable): a painter, or %NULL if the domain is
 *   unknown or there is no table to draw
 */
GkTablePainter *
gk_table_painter_new_for_options (GkCatalog              *catalog,
                                  const GkRenderOptions  *options,
                                  GError                **error)
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
  self->layout = gk_table_layout_new (catalog, sections);
  whole = options == NULL || options->domain_code == NULL;
  self->title = gk_render_dup_title (catalog, whole ? NULL
                                     : ((GkRenderSection *) sections->pdata[0])->domain);
  self->sections = g_steal_pointer (&sections);
  if (options != NULL && options->warnings != NULL)
    self->warnings = g_ptr_array_ref (options->warnings);

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
 * or the items change. Characters no installed font has, drawn as boxes,
 * are reported in the warnings of the painter's options.
 *
 * Returns: the number of pages
 */
guint
gk_table_painter_paginate (GkTablePainter *self,
                           cairo_t        *cr,
                           double          page_width,
                           double          page_height)
{
  GPtrArray *warnings;
  guint n_pages;

  g_return_val_if_fail (GK_IS_TABLE_PAINTER (self), 0);
  g_return_val_if_fail (cr != NULL, 0);
  g_return_val_if_fail (page_width > 0 && page_height > 0, 0);

  n_pages = gk_table_layout_paginate (self->layout, cr, page_width, page_height);
  warnings = self->layout->warnings;
  for (guint i = 0; self->warnings != NULL && i < warnings->len; i++)
    {
      if (!g_ptr_array_find_with_equal_func (self->warnings, warnings->pdata[i], g_str_equal,
                                             NULL))
        g_ptr_array_add (self->warnings, g_strdup (warnings->pdata[i]));
    }

  return n_pages;
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

  return self->layout->pages->len;
}

static void
show_text (GkTableStyles *styles,
           PangoLayout   *layout,
           double         x,
           double         y)
{
  gk_text_batch_show (styles->batch, layout, x, y);
}

/* Shows @layout clipped to a rectangle, one run at a time as Pango does:
 * cairo then leaves out the runs wholly outside the clip, and draws those
 * wholly inside it unclipped, as before the batch. */
static void
show_clipped_text (cairo_t       *cr,
                   GkTableStyles *styles,
                   PangoLayout   *layout,
                   double         x,
                   double         y,
                   double         clip_x,
                   double         clip_y,
                   double         clip_width,
                   double         clip_height)
{
  gk_text_batch_flush (styles->batch);
  cairo_save (cr);
  cairo_rectangle (cr, clip_x, clip_y, clip_width, clip_height);
  cairo_clip (cr);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
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
draw_title (GkTablePainter    *self,
            cairo_t           *cr,
            const GkTableGrid *table,
            GkTableStyles     *styles)
{
  double height = gk_table_lay_out_text (styles->title, table->title, self->layout->width);

  show_text (styles, styles->title, 0, 0);
  if (*self->layout->label != '\0')
    {
      gk_table_lay_out_text (styles->center, self->layout->label, self->layout->width);
      show_text (styles, styles->center, 0, height + 2);
    }

  return table->title_height;
}

/* A page is drawn in passes: the header's boxes (in their order, as the
 * shaded cells overlap), all text, then the other borders. Text never
 * reaches a border (padding), so this paints what drawing cell by cell
 * did, but the PDF gets one text object per page instead of one per cell
 * and no colour change between cells: cairo's PDF output formats every
 * number of every operator, and was most of the export's time. Within a
 * text object cairo places glyphs to 1/1000 em (0.01 mm), not exactly, so
 * rendered at 150 dpi and more a glyph may fall on the neighbouring
 * quarter pixel. */
typedef enum
{
  DRAW_BOXES,
  DRAW_TEXT,
} DrawPass;

static void
draw_head_cell (cairo_t           *cr,
                GkTableStyles     *styles,
                const GkTableGrid *table,
                DrawPass           pass,
                guint              first,
                guint              last,
                double             y,
                double             height,
                const char        *text)
{
  PangoLayout *layout = styles->head;
  double width = gk_table_grid_get_width (table, first, last);
  double x = table->x[first];
  double text_height;

  if (pass == DRAW_BOXES)
    {
      draw_box (cr, x, y, table->x[last + 1] - x, height, TRUE);
      return;
    }
  text_height = gk_table_styles_lay_out (styles, &layout, text, width);
  show_text (styles, layout, x + GK_TABLE_PADDING, y + gk_table_text_top (height, text_height));
}

static void
draw_header (cairo_t           *cr,
             const GkTableGrid *table,
             GkTableStyles     *styles,
             DrawPass           pass,
             double             y)
{
  for (guint i = 0; i < table->columns->len; )
    {
      const GkColumn *column = &g_array_index (table->columns, GkColumn, i);
      guint span = gk_render_get_group_span (table->columns, i);

      if (column->group == NULL)
        draw_head_cell (cr, styles, table, pass, i, i, y, table->head1 + table->head2,
                        column->label);
      else
        {
          draw_head_cell (cr, styles, table, pass, i, i + span - 1, y, table->head1,
                          column->group);
          for (guint k = i; k < i + span; k++)
            draw_head_cell (cr, styles, table, pass, k, k, y + table->head1, table->head2,
                            g_array_index (table->columns, GkColumn, k).label);
        }
      i += span;
    }
}

/* The pieces of a long text in column @c that show between @y and @y +
 * @height, the text's top at @top; clipped there if @clip. */
static void
draw_long_text (cairo_t           *cr,
                const GkTableGrid *table,
                GkTableStyles     *styles,
                const GkLongText  *long_text,
                PangoLayout       *layout,
                guint              c,
                double             top,
                double             y,
                double             height,
                gboolean           clip)
{
  double width = gk_table_grid_get_width (table, c, c);
  double x = table->x[c];

  /* From the piece at @y to the last one above the end. */
  for (guint i = gk_long_text_find_piece (long_text, y - top);
       i < long_text->pieces->len; i++)
    {
      const GkTextPiece *piece = &g_array_index (long_text->pieces, GkTextPiece, i);

      if (top + piece->top >= y + height)
        break;
      gk_long_text_lay_out (long_text, i, layout, width);
      if (clip)
        show_clipped_text (cr, styles, layout, x + GK_TABLE_PADDING, top + piece->top,
                           x, y, table->x[c + 1] - x, height);
      else
        show_text (styles, layout, x + GK_TABLE_PADDING, top + piece->top);
    }
}

/* The text of a cell of a slice. Text of a split row is placed as in the
 * whole row and clipped to the slice. */
static void
draw_cell_text (cairo_t            *cr,
                const GkTableGrid  *table,
                GkTableStyles      *styles,
                GString            *scratch,
                const GkTableSlice *slice,
                guint               c,
                double              y)
{
  gboolean clip = slice->offset > 0 || slice->height < table->heights[slice->row];
  double x = table->x[c];
  const GkLongText *long_text;
  PangoLayout *layout;
  double height;
  double top;

  height = gk_table_grid_lay_out_cell (table, styles, scratch, slice->row, c, &layout,
                                       &long_text);
  top = y - slice->offset + gk_table_grid_get_text_top (table, slice->row, height);
  if (long_text != NULL)
    draw_long_text (cr, table, styles, long_text, layout, c, top, y, slice->height, clip);
  else if (clip)
    show_clipped_text (cr, styles, layout, x + GK_TABLE_PADDING, top,
                       x, y, table->x[c + 1] - x, slice->height);
  else
    show_text (styles, layout, x + GK_TABLE_PADDING, top);
}

/* The merged 一级事项 cell of a run, or of its part on this page: a run
 * continued from the page before repeats its text, ellipsized if the part
 * is too short for it. */
static void
draw_level1_text (cairo_t           *cr,
                  const GkTableGrid *table,
                  GkTableStyles     *styles,
                  GString           *scratch,
                  guint              row,
                  double             y,
                  double             height)
{
  guint c = table->level1;
  double x = table->x[c];
  g_autoptr(PangoLayout) copy = NULL;
  const GkLongText *long_text;
  PangoLayout *layout;
  double text_height = gk_table_grid_lay_out_cell (table, styles, scratch, row, c, &layout,
                                                   &long_text);
  double top = y + gk_table_text_top (height, text_height);
  int size;

  if (text_height <= height - 2 * GK_TABLE_PADDING && long_text != NULL)
    {
      draw_long_text (cr, table, styles, long_text, layout, c, top, y, height, FALSE);
      return;
    }
  if (text_height <= height - 2 * GK_TABLE_PADDING)
    {
      show_text (styles, layout, x + GK_TABLE_PADDING, top);
      return;
    }

  /* The layout may be the cache's: ellipsize a copy, of the first piece
   * of a long text. */
  if (long_text != NULL)
    gk_long_text_lay_out (long_text, 0, layout, gk_table_grid_get_width (table, c, c));
  layout = copy = pango_layout_copy (layout);
  pango_layout_set_height (layout,
                           pango_units_from_double (MAX (height - 2 * GK_TABLE_PADDING, 1)));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_size (layout, NULL, &size);
  text_height = pango_units_to_double (size);
  show_clipped_text (cr, styles, layout, x + GK_TABLE_PADDING,
                     y + gk_table_text_top (height, text_height),
                     x, y, table->x[c + 1] - x, height);
}

static void
draw_rows_text (const GkTableGrid  *table,
                const GkTableSlice *slices,
                guint               n_slices,
                cairo_t            *cr,
                GkTableStyles      *styles,
                double              y)
{
  g_autoptr(GString) scratch = g_string_sized_new (512);
  double run_y = y;

  for (guint s = 0; s < n_slices; s++)
    {
      guint run = table->run_start[slices[s].row];

      for (guint c = 0; c < table->columns->len; c++)
        {
          if (c != table->level1 || table->level1_split[slices[s].row])
            draw_cell_text (cr, table, styles, scratch, &slices[s], c, y);
        }
      y += slices[s].height;
      if (s + 1 == n_slices || table->run_start[slices[s + 1].row] != run)
        {
          if (!table->level1_split[slices[s].row])
            draw_level1_text (cr, table, styles, scratch, run, run_y, y - run_y);
          run_y = y;
        }
    }
}

/* The borders, one stroke per cell: a path of several cells would paint
 * their common edges once instead of twice, and cairo writes a path of
 * several rectangles as lines, which costs more than the strokes saved. */
static void
draw_rows_boxes (const GkTableGrid  *table,
                 const GkTableSlice *slices,
                 guint               n_slices,
                 cairo_t            *cr,
                 double              y)
{
  double run_y = y;

  for (guint s = 0; s < n_slices; s++)
    {
      guint run = table->run_start[slices[s].row];

      for (guint c = 0; c < table->columns->len; c++)
        {
          if (c != table->level1)
            draw_box (cr, table->x[c], y, table->x[c + 1] - table->x[c], slices[s].height,
                      FALSE);
        }
      y += slices[s].height;
      if (s + 1 == n_slices || table->run_start[slices[s + 1].row] != run)
        {
          guint c = table->level1;

          draw_box (cr, table->x[c], run_y, table->x[c + 1] - table->x[c], y - run_y, FALSE);
          run_y = y;
        }
    }
}

static void
draw_rows (GkTablePainter    *self,
           cairo_t           *cr,
           const GkTablePage *page,
           GkTableStyles     *styles,
           DrawPass           pass,
           double             y)
{
  GkTableLayout *layout = self->layout;
  const GkTableGrid *table = &g_array_index (layout->tables, GkTableGrid, page->table);
  const GkTableSlice *slices = &g_array_index (layout->slices, GkTableSlice, page->first_slice);

  if (pass == DRAW_TEXT)
    draw_rows_text (table, slices, page->n_slices, cr, styles, y);
  else
    draw_rows_boxes (table, slices, page->n_slices, cr, y);
}

static void
draw_footer (GkTablePainter *self,
             cairo_t        *cr,
             GkTableStyles  *styles,
             guint           page)
{
  g_autofree char *text = gk_table_layout_dup_page_number (page, self->layout->pages->len);
  double height = gk_table_lay_out_text (styles->center, text, self->layout->width);

  show_text (styles, styles->center, 0, self->layout->height - height);
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
  const GkTablePage *p;
  const GkTableGrid *table;
  GkTableStyles styles;
  GkTextBatch batch;
  double y = 0;

  g_return_if_fail (GK_IS_TABLE_PAINTER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < self->layout->pages->len);

  p = &g_array_index (self->layout->pages, GkTablePage, page);
  table = &g_array_index (self->layout->tables, GkTableGrid, p->table);
  gk_table_layout_update_context (self->layout, cr);
  gk_table_styles_init (&styles, self->layout);
  gk_text_batch_init (&batch, cr);
  styles.batch = &batch;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, RULE);
  if (p->title)
    y = draw_title (self, cr, table, &styles);
  gk_text_batch_flush (&batch);
  draw_header (cr, table, &styles, DRAW_BOXES, y);
  draw_header (cr, table, &styles, DRAW_TEXT, y);
  draw_rows (self, cr, p, &styles, DRAW_TEXT, y + table->head1 + table->head2);
  gk_text_batch_flush (&batch);
  draw_rows (self, cr, p, &styles, DRAW_BOXES, y + table->head1 + table->head2);
  draw_footer (self, cr, &styles, page);
  gk_text_batch_clear (&batch);
  cairo_restore (cr);

  gk_table_styles_clear (&styles);
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
  const GkTablePage *p;

  g_return_val_if_fail (GK_IS_TABLE_PAINTER (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (page >= self->layout->pages->len)
    return FALSE;

  p = &g_array_index (self->layout->pages, GkTablePage, page);
  info->table = p->table;
  info->title = p->title;
  info->n_rows = p->n_slices;
  info->first_row = 0;
  if (p->n_slices > 0)
    info->first_row = g_array_index (self->layout->slices, GkTableSlice, p->first_slice).row;
  info->table_bottom = p->bottom;
  info->footer_top = self->layout->height - self->layout->footer_height + GK_TABLE_FOOTER_GAP;
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

  return self->layout->tables->len;
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
  g_return_val_if_fail (table < self->layout->tables->len, NULL);

  return g_array_index (self->layout->tables, GkTableGrid, table).domain;
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
  g_return_val_if_fail (table < self->layout->tables->len, 0);

  return g_array_index (self->layout->tables, GkTableGrid, table).first_page;
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
