/* gk-table-layout.h: the published table measured and cut into pages,
 * shared by the table painter, which draws what it measured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pangocairo.h>

#include "gk-long-text.h"
#include "gk-renderer.h"
#include "gk-text-batch.h"

G_BEGIN_DECLS

#define GK_TABLE_PADDING    3.0  /* inside a cell */
#define GK_TABLE_FOOTER_GAP 6.0  /* between the table and the page number */

/* One domain's table: its rows and the measures of its cells. */
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
  gboolean       *level1_split; /* per row: split, and its own 一级事项 taller
                                   than a page, continued as the other cells */
  GHashTable     *long_texts; /* row × columns + column → GkLongText, the cells
                                 longer than GK_LONG_TEXT */
  guint           level1;     /* index of the 一级事项 column */
  double          head1;      /* the two header rows */
  double          head2;
  double          title_height;
  guint           first_page;
} GkTableGrid;

/* A row on a page: whole, or the part of a row taller than a page. */
typedef struct
{
  guint  row;
  double offset;  /* from the top of the row, > 0 continues a split row */
  double height;
} GkTableSlice;

typedef struct
{
  guint    table;
  guint    first_slice;
  guint    n_slices;
  gboolean title;
  double   bottom;
} GkTablePage;

/* Everything measured, for pages of one size. */
typedef struct
{
  GArray               *tables;    /* (element-type GkTableGrid) */
  GArray               *slices;    /* (element-type GkTableSlice) */
  GArray               *pages;     /* (element-type GkTablePage) */
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
  cairo_matrix_t        ctm;       /* the target's when the context was set */
  cairo_font_options_t *target_options;
  GPtrArray            *warnings;  /* (element-type utf8): of the last pagination */
  guint                 n_missing; /* cells with characters no font has */
} GkTableLayout;

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
  GHashTable  *widths;   /* the layout's */
  GHashTable  *layouts;  /* the layout's */
  GkTextBatch *batch;    /* where drawing shows text, or NULL */
} GkTableStyles;

GkTableLayout *gk_table_layout_new              (GkCatalog           *catalog,
                                                 GPtrArray           *sections);
void           gk_table_layout_free             (GkTableLayout       *self);
guint          gk_table_layout_paginate         (GkTableLayout       *self,
                                                 cairo_t             *cr,
                                                 double               page_width,
                                                 double               page_height);
void           gk_table_layout_update_context   (GkTableLayout       *self,
                                                 cairo_t             *cr);
char          *gk_table_layout_dup_page_number  (guint                page,
                                                 guint                n_pages);

void           gk_table_styles_init             (GkTableStyles       *styles,
                                                 GkTableLayout       *layout);
void           gk_table_styles_clear            (GkTableStyles       *styles);
double         gk_table_styles_lay_out          (GkTableStyles       *styles,
                                                 PangoLayout        **layout,
                                                 const char          *text,
                                                 double               width);
double         gk_table_lay_out_text            (PangoLayout         *layout,
                                                 const char          *text,
                                                 double               width);
double         gk_table_text_top                (double               cell_height,
                                                 double               text_height);
double         gk_table_grid_lay_out_cell       (const GkTableGrid   *table,
                                                 GkTableStyles       *styles,
                                                 GString             *scratch,
                                                 guint                row,
                                                 guint                c,
                                                 PangoLayout        **layout,
                                                 const GkLongText   **long_text);
double         gk_table_grid_get_width          (const GkTableGrid   *table,
                                                 guint                first,
                                                 guint                last);
double         gk_table_grid_get_text_top       (const GkTableGrid   *table,
                                                 guint                row,
                                                 double               text_height);

/* gk-table-warnings.c */
void           gk_table_layout_warn_missing     (GkTableLayout       *self,
                                                 const GkTableGrid   *table,
                                                 guint                row,
                                                 guint                c,
                                                 gunichar             missing);
void           gk_table_layout_warn_missing_in_title (GkTableLayout  *self,
                                                      PangoLayout    *layout);
void           gk_table_layout_warn_more_missing (GkTableLayout      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkTableLayout, gk_table_layout_free)

G_END_DECLS
