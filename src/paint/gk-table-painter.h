/* gk-table-painter.h: the published table drawn with Pango on cairo, page
 * by page, for the PDF export and the editor's printing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "gk-renderer.h"

G_BEGIN_DECLS

#define GK_TYPE_TABLE_PAINTER (gk_table_painter_get_type ())

G_DECLARE_FINAL_TYPE (GkTablePainter, gk_table_painter, GK, TABLE_PAINTER, GObject)

/**
 * GkTablePageInfo:
 * @table: index of the table (domain) the page belongs to
 * @first_row: the first row (index in the table) on the page, or the row
 *   continued from the page before
 * @n_rows: the rows on the page, whole or in part
 * @title: whether the page starts its table with the title
 * @table_bottom: where the table ends on the page, in points from the top
 * @footer_top: where the footer with the page number begins
 *
 * What a page holds, after gk_table_painter_paginate().
 */
typedef struct
{
  guint    table;
  guint    first_row;
  guint    n_rows;
  gboolean title;
  double   table_bottom;
  double   footer_top;
} GkTablePageInfo;

GkTablePainter *gk_table_painter_new             (GkCatalog             *catalog,
                                                  const char            *domain_code,
                                                  GError               **error);
GkTablePainter *gk_table_painter_new_for_options (GkCatalog             *catalog,
                                                  const GkRenderOptions *options,
                                                  GError               **error);
guint           gk_table_painter_paginate        (GkTablePainter        *self,
                                                  cairo_t               *cr,
                                                  double                 page_width,
                                                  double                 page_height);
guint           gk_table_painter_get_n_pages     (GkTablePainter        *self);
void            gk_table_painter_draw_page       (GkTablePainter        *self,
                                                  cairo_t               *cr,
                                                  guint                  page);
gboolean        gk_table_painter_get_page_info   (GkTablePainter        *self,
                                                  guint                  page,
                                                  GkTablePageInfo       *info);
guint           gk_table_painter_get_n_tables    (GkTablePainter        *self);
const GkDomain *gk_table_painter_get_domain      (GkTablePainter        *self,
                                                  guint                  table);
guint           gk_table_painter_get_first_page  (GkTablePainter        *self,
                                                  guint                  table);
const char     *gk_table_painter_get_title       (GkTablePainter        *self);

void            gk_table_painter_get_paper_size  (GkPaperSize            paper,
                                                  double                *width,
                                                  double                *height);

G_END_DECLS
