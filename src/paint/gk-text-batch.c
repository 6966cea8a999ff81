/* gk-text-batch.c: the glyphs of many laid-out texts shown in few cairo
 * operations
 *
 * pango_cairo_show_layout() makes one cairo operation per run, that is per
 * line of a cell: ~90 a page of the published table. On a PDF surface each
 * operation is recorded, analysed (its extents merged into a region that
 * grows with the page) and replayed, which cost more than the glyphs. The
 * batch does what Pango's cairo renderer does (the same glyph positions,
 * computed the same way, and the same text clusters, so the text can
 * still be searched and copied) but keeps the glyphs of consecutive runs
 * in the same font for one cairo_show_text_glyphs().
 *
 * Anything the batch does not do as Pango would (right-to-left runs,
 * vertical text, ellipsis, attributes, missing glyphs drawn as boxes, a
 * target without text support) goes to pango_cairo_show_layout().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-text-batch.h"

/**
 * gk_text_batch_init:
 * @batch: (out caller-allocates): the batch to set up
 * @cr: where to draw
 *
 * Clear it with gk_text_batch_clear(), which shows what is left.
 */
void
gk_text_batch_init (GkTextBatch *batch,
                    cairo_t     *cr)
{
  batch->cr = cr;
  batch->font = NULL;
  batch->glyphs = g_array_sized_new (FALSE, FALSE, sizeof (cairo_glyph_t), 1024);
  batch->clusters = g_array_sized_new (FALSE, FALSE, sizeof (cairo_text_cluster_t), 1024);
  batch->text = g_string_sized_new (4096);
  batch->enabled = cairo_surface_has_show_text_glyphs (cairo_get_target (cr));
}

/**
 * gk_text_batch_flush:
 * @batch: a batch
 *
 * Shows the glyphs held. Call it before anything else is drawn.
 */
void
gk_text_batch_flush (GkTextBatch *batch)
{
  if (batch->glyphs->len > 0 || batch->clusters->len > 0)
    {
      cairo_save (batch->cr);
      cairo_set_scaled_font (batch->cr, batch->font);
      cairo_show_text_glyphs (batch->cr, batch->text->str, (int) batch->text->len,
                              (cairo_glyph_t *) (gpointer) batch->glyphs->data,
                              (int) batch->glyphs->len,
                              (cairo_text_cluster_t *) (gpointer) batch->clusters->data,
                              (int) batch->clusters->len, 0);
      cairo_restore (batch->cr);
    }
  g_array_set_size (batch->glyphs, 0);
  g_array_set_size (batch->clusters, 0);
  g_string_truncate (batch->text, 0);
  batch->font = NULL;
}

/**
 * gk_text_batch_clear:
 * @batch: a batch set up by gk_text_batch_init()
 */
void
gk_text_batch_clear (GkTextBatch *batch)
{
  gk_text_batch_flush (batch);
  g_array_unref (g_steal_pointer (&batch->glyphs));
  g_array_unref (g_steal_pointer (&batch->clusters));
  g_string_free (g_steal_pointer (&batch->text), TRUE);
}

/* Whether the batch draws @run as Pango's renderer would. */
static gboolean
run_is_plain (PangoGlyphItem *run)
{
  PangoAnalysis *analysis = &run->item->analysis;
  PangoGlyphString *glyphs = run->glyphs;

  if ((analysis->level & 1) != 0 || analysis->extra_attrs != NULL
      || (analysis->flags & (PANGO_ANALYSIS_FLAG_CENTERED_BASELINE
                             | PANGO_ANALYSIS_FLAG_IS_ELLIPSIS)) != 0
      || !PANGO_IS_CAIRO_FONT (analysis->font)
      || pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (analysis->font)) == NULL)
    return FALSE;

  for (int i = 0; i < glyphs->num_glyphs; i++)
    {
      if ((glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0
          && glyphs->glyphs[i].glyph != PANGO_GLYPH_EMPTY)
        return FALSE;
    }

  return TRUE;
}

/* The clusters of @run, as pango_cairo_renderer_draw_glyph_item() counts
 * them: empty glyphs are not shown, so not counted. */
static void
add_clusters (GkTextBatch    *batch,
              PangoGlyphItem *run,
              const char     *text)
{
  PangoGlyphItemIter iter;

  if (!pango_glyph_item_iter_init_start (&iter, run, text))
    return;
  do
    {
      cairo_text_cluster_t cluster;

      cluster.num_bytes = iter.end_index - iter.start_index;
      cluster.num_glyphs = iter.end_glyph - iter.start_glyph;
      for (int i = iter.start_glyph; i < iter.end_glyph; i++)
        {
          if (run->glyphs->glyphs[i].glyph == PANGO_GLYPH_EMPTY)
            cluster.num_glyphs--;
        }
      g_array_append_val (batch->clusters, cluster);
    }
  while (pango_glyph_item_iter_next_cluster (&iter));
}

/* Adds the glyphs of @run drawn at @x, @y (Pango units from the origin
 * @x0, @y0), with the arithmetic of pango_cairo_renderer_show_text_glyphs()
 * so that the positions are the same to the last bit. */
static void
add_run (GkTextBatch    *batch,
         PangoGlyphItem *run,
         const char     *text,
         double          x0,
         double          y0,
         int             x,
         int             y)
{
  PangoCairoFont *pango_font = PANGO_CAIRO_FONT (run->item->analysis.font);
  cairo_scaled_font_t *font = pango_cairo_font_get_scaled_font (pango_font);
  PangoGlyphString *glyphs = run->glyphs;
  double base_x = x0 + (double) x / PANGO_SCALE;
  double base_y = y0 + (double) y / PANGO_SCALE;
  int x_position = 0;

  if (font != batch->font)
    {
      gk_text_batch_flush (batch);
      batch->font = font;
    }

  for (int i = 0; i < glyphs->num_glyphs; i++)
    {
      PangoGlyphInfo *gi = &glyphs->glyphs[i];

      if (gi->glyph != PANGO_GLYPH_EMPTY)
        {
          cairo_glyph_t glyph;

          glyph.index = gi->glyph;
          glyph.x = base_x + (double) (x_position + gi->geometry.x_offset) / PANGO_SCALE;
          glyph.y = gi->geometry.y_offset == 0 ? base_y
                    : base_y + (double) (gi->geometry.y_offset) / PANGO_SCALE;
          g_array_append_val (batch->glyphs, glyph);
        }
      x_position += gi->geometry.width;
    }

  add_clusters (batch, run, text);
  g_string_append_len (batch->text, text + run->item->offset, run->item->length);
}

/* Whether every run of @layout can go in the batch. */
static gboolean
layout_is_plain (PangoLayout *layout)
{
  GSList *lines = pango_layout_get_lines_readonly (layout);

  if (pango_layout_get_attributes (layout) != NULL || pango_layout_is_ellipsized (layout))
    return FALSE;

  for (GSList *l = lines; l != NULL; l = l->next)
    {
      PangoLayoutLine *line = l->data;

      for (GSList *r = line->runs; r != NULL; r = r->next)
        {
          if (!run_is_plain (r->data))
            return FALSE;
        }
    }

  return TRUE;
}

/**
 * gk_text_batch_show:
 * @batch: a batch
 * @layout: a laid-out text
 * @x: where its top left goes, in user space
 * @y: likewise
 *
 * Like cairo_move_to() and pango_cairo_show_layout(), but the glyphs may
 * be shown only at the next gk_text_batch_flush().
 */
void
gk_text_batch_show (GkTextBatch *batch,
                    PangoLayout *layout,
                    double       x,
                    double       y)
{
  const char *text = pango_layout_get_text (layout);
  PangoLayoutIter *iter;
  double x0, y0;

  /* The renderer starts from the current point, which cairo keeps in
   * fixed point: go through it for the same rounding. */
  cairo_move_to (batch->cr, x, y);
  if (!batch->enabled || !layout_is_plain (layout))
    {
      gk_text_batch_flush (batch);
      pango_cairo_show_layout (batch->cr, layout);
      return;
    }
  cairo_get_current_point (batch->cr, &x0, &y0);

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      int baseline = pango_layout_iter_get_baseline (iter);
      int x_off = 0;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      for (GSList *r = line->runs; r != NULL; r = r->next)
        {
          PangoGlyphItem *run = r->data;

          x_off += run->start_x_offset;
          add_run (batch, run, text, x0, y0, logical.x + x_off, baseline - run->y_offset);
          x_off += pango_glyph_string_get_width (run->glyphs) + run->end_x_offset;
        }
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}
