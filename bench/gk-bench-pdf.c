/* gk-bench-pdf.c: how long the PDF export takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gk-bench-pdf CATALOG.json [--paper a4|a3] [--rounds N] [--dir DIR]
 *
 * Reads a catalog (e.g. from `gk-bench generate --items 1000`), then times
 * the parts of gk_export_pdf(): the pagination (every cell measured with
 * Pango), the drawing of every page on a cairo PDF surface, and the whole
 * export to a file. Minimum of N rounds, wall time / CPU time of the
 * thread. Messages are for developers and stay untranslated.
 */

#include <stdlib.h>
#include <time.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>

#include "gongkai-core.h"
#include "gk-export-pdf.h"
#include "gk-table-painter.h"

typedef struct
{
  double wall;
  double cpu;
} Time;

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static Time
now (void)
{
  Time t = { g_get_monotonic_time () / 1000.0, cpu_ms () };

  return t;
}

/* Keeps the smaller of @best and the time since @start. */
static void
keep_min (Time *best,
          Time  start)
{
  Time end = now ();

  best->wall = MIN (best->wall, end.wall - start.wall);
  best->cpu = MIN (best->cpu, end.cpu - start.cpu);
}

static cairo_status_t
discard_cb (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  *(gsize *) closure += length;
  return CAIRO_STATUS_SUCCESS;
}

/* Pagination, then drawing, on a PDF surface that only counts bytes. */
static guint
time_parts (GkCatalog   *catalog,
            GkPaperSize  paper,
            Time        *paginate,
            Time        *draw)
{
  g_autoptr(GkTablePainter) painter = gk_table_painter_new (catalog, NULL, NULL);
  cairo_surface_t *surface;
  gsize size = 0;
  double width, height;
  cairo_t *cr;
  guint n_pages;
  Time start;

  gk_table_painter_get_paper_size (paper, &width, &height);
  surface = cairo_pdf_surface_create_for_stream (discard_cb, &size, width, height);
  cr = cairo_create (surface);

  start = now ();
  /* The export's margins: 10 mm each side, 12 mm top, 10 mm bottom. */
  n_pages = gk_table_painter_paginate (painter, cr, width - 56.7, height - 62.4);
  keep_min (paginate, start);

  start = now ();
  for (guint p = 0; p < n_pages; p++)
    {
      /* Drawn inside the margins as the export does: a transformation the
       * pagination did not see must not cost a new layout of every text. */
      cairo_save (cr);
      cairo_translate (cr, 28.35, 34.02);
      gk_table_painter_draw_page (painter, cr, p);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  keep_min (draw, start);
  cairo_surface_destroy (surface);

  return n_pages;
}

static gboolean
run (GkCatalog   *catalog,
     GkPaperSize  paper,
     guint        rounds,
     const char  *dir)
{
  g_autofree char *path = g_build_filename (dir, "bench.pdf", NULL);
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  Time paginate = { G_MAXDOUBLE, G_MAXDOUBLE };
  Time draw = paginate;
  Time export = paginate;
  GStatBuf buf = { 0 };
  guint n_pages = 0;

  options.paper = paper;
  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(GError) error = NULL;
      Time start;

      n_pages = time_parts (catalog, paper, &paginate, &draw);
      start = now ();
      if (!gk_export_pdf (catalog, &options, path, &error))
        {
          g_printerr ("gk-bench-pdf: %s\n", error->message);
          return FALSE;
        }
      keep_min (&export, start);
    }
  g_stat (path, &buf);
  g_unlink (path);

  g_print ("%s, %u items: %u pages, %.0f kB\n", paper == GK_PAPER_A3 ? "A3" : "A4",
           gk_catalog_get_n_items (catalog), n_pages, buf.st_size / 1024.0);
  g_print ("  paginate  %8.1f / %8.1f ms\n", paginate.wall, paginate.cpu);
  g_print ("  draw      %8.1f / %8.1f ms\n", draw.wall, draw.cpu);
  g_print ("  export    %8.1f / %8.1f ms  (gk_export_pdf, to a file)\n", export.wall, export.cpu);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  int rounds = 3;
  g_autofree char *dir = NULL;
  g_autofree char *paper = NULL;
  GOptionEntry entries[] = {
    { "paper", 'p', 0, G_OPTION_ARG_STRING, &paper, "a4 or a3 (default: both)", "SIZE" },
    { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds, "Rounds, the minimum is shown", "N" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir, "Where to write the PDF", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("CATALOG.json");
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  gboolean own_dir = FALSE;
  gboolean ok = TRUE;
  Time start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || rounds < 1)
    {
      g_printerr ("gk-bench-pdf: %s\n",
                  error != NULL ? error->message : "usage: gk-bench-pdf CATALOG.json");
      return EXIT_FAILURE;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  start = now ();
  catalog = gk_catalog_new_from_file (file, NULL, &error);
  if (catalog == NULL)
    {
      g_printerr ("gk-bench-pdf: %s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print ("load %s: %.1f ms\n", argv[1], now ().wall - start.wall);

  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("gk-bench-pdf-XXXXXX", &error);
      if (dir == NULL)
        {
          g_printerr ("gk-bench-pdf: %s\n", error->message);
          return EXIT_FAILURE;
        }
      own_dir = TRUE;
    }

  if (paper == NULL || g_ascii_strcasecmp (paper, "a4") == 0)
    ok = run (catalog, GK_PAPER_A4, rounds, dir);
  if (ok && (paper == NULL || g_ascii_strcasecmp (paper, "a3") == 0))
    ok = run (catalog, GK_PAPER_A3, rounds, dir);

  if (own_dir)
    g_rmdir (dir);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
