/* gk-export-pdf.c: the published table as a PDF document
 *
 * GkTablePainter draws the pages on a cairo PDF surface; cairo embeds the
 * subsets of the fonts used, the CJK fonts included, so the document looks
 * the same on any machine and its text can be searched and copied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>

#include "gk-export-pdf.h"
#include "gk-table-painter.h"

/* The margins of the HTML page's @page rule. */
#define MM            (72 / 25.4)
#define MARGIN_SIDE   (10 * MM)
#define MARGIN_TOP    (12 * MM)
#define MARGIN_BOTTOM (10 * MM)

typedef struct
{
  int fd;
  int saved_errno;  /* of the first failed write */
} Sink;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  Sink *sink = closure;

  while (length > 0)
    {
      ssize_t written = write (sink->fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          sink->saved_errno = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += written;
      length -= (unsigned int) written;
    }

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

static void
set_write_error (GError     **error,
                 const char  *filename,
                 const char  *reason)
{
  g_set_error (error, GK_RENDER_ERROR, GK_RENDER_ERROR_WRITE,
               _("Could not write “%s”: %s"), filename, reason);
}

/* Draws into @temp and closes it, on disk before the rename. */
static gboolean
write_temp (GkCatalog      *catalog,
            GkTablePainter *painter,
            GkPaperSize     paper,
            const char     *temp,
            const char     *filename,
            GError        **error)
{
  Sink sink = { -1, 0 };
  cairo_status_t status;

  sink.fd = g_open (temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (sink.fd < 0)
    {
      set_write_error (error, filename, g_strerror (errno));
      return FALSE;
    }

  status = draw_document (catalog, painter, paper, &sink);
  if (status == CAIRO_STATUS_SUCCESS && fsync (sink.fd) != 0)
    sink.saved_errno = errno;
  if (close (sink.fd) != 0 && sink.saved_errno == 0)
    sink.saved_errno = errno;

  if (sink.saved_errno != 0)
    set_write_error (error, filename, g_strerror (sink.saved_errno));
  else if (status != CAIRO_STATUS_SUCCESS)
    set_write_error (error, filename, cairo_status_to_string (status));
  else
    return TRUE;

  g_unlink (temp);
  return FALSE;
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
 * domain. The document is written beside @filename and renamed over it,
 * so a failure never leaves half a file in place of the old one.
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
  g_autofree char *temp = NULL;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    options = &defaults;
  painter = gk_table_painter_new_for_options (catalog, options, error);
  if (painter == NULL)
    return FALSE;

  temp = g_strdup_printf ("%s.%08x.tmp", filename, g_random_int ());
  if (!write_temp (catalog, painter, options->paper, temp, filename, error))
    return FALSE;

  if (g_rename (temp, filename) != 0)
    {
      int saved_errno = errno;

      g_unlink (temp);
      set_write_error (error, filename, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}
