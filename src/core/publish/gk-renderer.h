/* gk-renderer.h: the published table (docs/table-layout.md), shared by the
 * editor preview, the server's page, the CLI and the exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-catalog.h"
#include "gk-domain.h"

G_BEGIN_DECLS

#define GK_RENDER_ERROR (gk_render_error_quark ())

typedef enum
{
  GK_RENDER_ERROR_UNKNOWN_DOMAIN, /* GkRenderOptions.domain_code does not resolve */
  GK_RENDER_ERROR_EMPTY,          /* nothing to write (a workbook needs a sheet) */
  GK_RENDER_ERROR_WRITE,          /* the output file could not be written */
} GkRenderError;

typedef enum
{
  GK_PAPER_A4,
  GK_PAPER_A3,
} GkPaperSize;

/**
 * GkRenderOptions:
 * @domain_code: (nullable): the domain to render (code, name or alias), or
 *   %NULL for the whole catalog
 * @highlight_id: (nullable): id of an item to mark (HTML: class
 *   `gk-highlight` on its row), e.g. the item being edited
 * @include_empty_domains: with @domain_code %NULL, also render the domains
 *   without items
 * @paper: paper size for printing (landscape in any case)
 * @warnings: (nullable) (element-type utf8): where the PDF export and the
 *   table painter add, as new strings, what the reader should know of a
 *   document they wrote, such as characters no installed font has; the
 *   other outputs leave it alone
 *
 * What to render. Initialize with gk_render_options_init() or
 * %GK_RENDER_OPTIONS_INIT so fields added later get their defaults.
 */
typedef struct
{
  const char  *domain_code;
  const char  *highlight_id;
  gboolean     include_empty_domains;
  GkPaperSize  paper;
  GPtrArray   *warnings;
} GkRenderOptions;

#define GK_RENDER_OPTIONS_INIT { NULL, NULL, FALSE, GK_PAPER_A4, NULL }

/* The leaf columns of the published table, in order. */
typedef enum
{
  GK_COLUMN_NUMBER,      /* 序号 */
  GK_COLUMN_LEVEL1,      /* 公开事项 · 一级事项 */
  GK_COLUMN_LEVEL2,      /* 公开事项 · 二级事项 */
  GK_COLUMN_LEVEL3,      /* 公开事项 · 三级事项, only when an item has one */
  GK_COLUMN_CONTENT,
  GK_COLUMN_BASIS,
  GK_COLUMN_TIME_LIMIT,
  GK_COLUMN_SUBJECT,
  GK_COLUMN_CHANNELS,
  GK_COLUMN_PUBLIC,      /* 公开对象 · 全社会 */
  GK_COLUMN_SPECIFIC,    /* 公开对象 · 特定群体 */
  GK_COLUMN_PROACTIVE,   /* 公开方式 · 主动 */
  GK_COLUMN_ON_REQUEST,  /* 公开方式 · 依申请 */
  GK_COLUMN_LEVEL,       /* 公开层级 · one per level of the catalog */
} GkColumnKind;

/**
 * GkColumn:
 * @kind: what the column shows
 * @group: (nullable): the header spanning this column and its neighbours
 *   with the same group, or %NULL for a column spanning both header rows
 * @label: the column's own header (for %GK_COLUMN_LEVEL the level name)
 * @width: width in characters of a spreadsheet column
 *
 * One leaf column; header texts are catalog data (Chinese, untranslated).
 */
typedef struct
{
  GkColumnKind  kind;
  const char   *group;
  const char   *label;
  double        width;
} GkColumn;

/**
 * GkRenderSection:
 * @domain: the domain
 * @items: (element-type GkItem): its items in position order
 *
 * One table: a domain and its items.
 */
typedef struct
{
  const GkDomain *domain;
  GPtrArray      *items;
} GkRenderSection;

/**
 * GkRenderRow:
 * @item: the item of the row (a reference, which the array drops)
 * @start: byte offset in the output of the row's `<tr`
 * @end: byte offset in the output just after its `</tr>` and newline
 *
 * Where the HTML renderer wrote an item's row, so that the preview can
 * compare and send rows without searching the page for them.
 */
typedef struct
{
  GkItem *item;
  gsize   start;
  gsize   end;
} GkRenderRow;

GQuark      gk_render_error_quark      (void);
void        gk_render_options_init     (GkRenderOptions       *options);

char       *gk_render_html             (GkCatalog             *catalog,
                                        const GkRenderOptions *options,
                                        GError               **error);
gboolean    gk_render_html_append      (GkCatalog             *catalog,
                                        const GkRenderOptions *options,
                                        GString               *out,
                                        GArray                *rows,
                                        GError               **error);
GArray     *gk_render_rows_new         (void);

/* The layout, for the exports that follow the same table. */
GPtrArray  *gk_render_dup_sections     (GkCatalog             *catalog,
                                        const GkRenderOptions *options,
                                        GError               **error);
void        gk_render_section_free     (GkRenderSection       *section);
GArray     *gk_render_dup_columns      (GkCatalog             *catalog,
                                        GPtrArray             *items);
char       *gk_render_dup_title        (GkCatalog             *catalog,
                                        const GkDomain        *domain);
guint       gk_render_get_group_span   (GArray                *columns,
                                        guint                  index);
guint       gk_render_get_level1_span  (GPtrArray             *items,
                                        guint                  index);
void        gk_render_append_cell_text (GString               *out,
                                        GkItem                *item,
                                        const GkColumn        *column,
                                        guint                  number);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkRenderSection, gk_render_section_free)

G_END_DECLS
