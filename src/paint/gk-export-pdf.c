/* gk-export-pdf.c: the published table as a PDF document
 *
 * GkTablePainter draws the pages on a cairo PDF surface; cairo embeds the
 * subsets of the fonts used, the CJK fonts included, so the document looks
 * the same on any machine and its text can be searched and copied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>

#include "gk-export-pdf.h"
#include "gk-file.h"
#include "gk-table-painter.h"

/* The margins of the HTML page's @page rule. */
#define MM            (72 / 25.4)
#define MARGIN_SIDE   (10 * MM)
#define MARGIN_TOP    (12 * MM)
#define MARGIN_BOTTOM (10 * MM)

typedef struct
{
  int         fd;
  const char *filename;
  GError     *error;   /* of the first failed write */
} Sink;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != NULL
      || !gk_file_write_all (sink->fd, (const char *) data, length, sink->filename,
                             &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

static void
set_metadata (cairo_surface_t *surface,
              GkCatalog       *catalog,
              GkTablePainter  *painter)
{
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  gk_table_painter_get_title (painter));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR,
                                  gk_catalog_get_unit_name (catalog));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Gongkai");
}

/* One bookmark per domain when the document has several. */
static void
add_outline (cairo_surface_t *surface,
             GkTablePainter  *painter)
{
  guint n_tables = gk_table_painter_get_n_tables (painter);

  for (guint t = 0; n_tables > 1 && t < n_tables; t++)
    {
      g_autofree char *link = g_strdup_printf ("page=%u",
                                               gk_table_painter_get_first_page (painter, t) + 1);

      cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT,
                                     gk_table_painter_get_domain (painter, t)->name, link, 0);
    }
}

static cairo_status_t
draw_document (GkCatalog      *catalog,
               GkTablePainter *painter,
               GkPaperSize     paper,
               Sink           *sink)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width, height;
  guint n_pages;

  gk_table_painter_get_paper_size (paper, &width, &height);
  surface = cairo_pdf_surface_create_for_stream (write_cb, sink, width, height);
  set_metadata (surface, catalog, painter);
  cr = cairo_create (surface);

  n_pages = gk_table_painter_paginate (painter, cr, width - 2 * MARGIN_SIDE,
                                       height - MARGIN_TOP - MARGIN_BOTTOM);
  for (guint p = 0; p < n_pages; p++)
    {
      cairo_save (cr);
      cairo_translate (cr, MARGIN_SIDE, MARGIN_TOP);
      gk_table_painter_draw_page (painter, cr, p);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  add_outline (surface, painter);

  status = cairo_status (cr);
  cairo_destroy (cr);
  /* Finishing writes the fonts and the trailer: errors show only now. */
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return status;
}

typedef struct
{
  GkCatalog      *catalog;
  GkTablePainter *painter;
  GkPaperSize     paper;
  const char     *filename;
} Document;

static gboolean
write_document_cb (int          fd,
                   const char  *path,
                   gpointer     user_data,
                   GError     **error)
{
  Document *document = user_data;
  Sink sink = { fd, document->filename, NULL };
  cairo_status_t status;

  status = draw_document (document->catalog, document->painter, document->paper, &sink);
  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, GK_RENDER_ERROR, GK_RENDER_ERROR_WRITE,
                   _("Could not write “%s”: %s"), document->filename,
                   cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

/**
 * gk_export_pdf:
 * @catalog: a catalog
 * @options: (nullable): which domain and paper size, %NULL for the whole
 *   catalog on A4
 * @filename: (type filename): the document to write (replaced if it exists)
 * @error: return location for a #GError
 *
 * Writes the published tables as a PDF document on landscape A4 or A3:
 * each domain from a new page under its title, the header rows on every
 * page, "第 N 页 共 M 页" at the bottom, fonts embedded, and a bookmark per
 * domain. It replaces @filename through gk_file_replace(): a failure never
 * leaves half a file in place of the old one.
 *
 * Returns: whether the document was written
 */
gboolean
gk_export_pdf (GkCatalog             *catalog,
               const GkRenderOptions *options,
               const char            *filename,
               GError               **error)
{
  GkRenderOptions defaults = GK_RENDER_OPTIONS_INIT;
  g_autoptr(GkTablePainter) painter = NULL;
  Document document;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    options = &defaults;
  painter = gk_table_painter_new_for_options (catalog, options, error);
  if (painter == NULL)
    return FALSE;

  document.catalog = catalog;
  document.painter = painter;
  document.paper = options->paper;
  document.filename = filename;
  return gk_file_replace (filename, write_document_cb, &document, error);
}
