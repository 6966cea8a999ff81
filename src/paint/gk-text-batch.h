/* gk-text-batch.h: the glyphs of many laid-out texts shown in few cairo
 * operations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

typedef struct
{
  cairo_t             *cr;
  cairo_scaled_font_t *font;      /* of the glyphs held, or NULL */
  GArray              *glyphs;    /* (element-type cairo_glyph_t) */
  GArray              *clusters;  /* (element-type cairo_text_cluster_t) */
  GString             *text;
  gboolean             enabled;   /* the target keeps text with its glyphs */
} GkTextBatch;

void gk_text_batch_init       (GkTextBatch *batch,
                               cairo_t     *cr);
void gk_text_batch_show       (GkTextBatch *batch,
                               PangoLayout *layout,
                               double       x,
                               double       y);
void gk_text_batch_flush      (GkTextBatch *batch);
void gk_text_batch_clear      (GkTextBatch *batch);

G_END_DECLS
