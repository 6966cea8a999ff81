/* gk-bench-hello.c: the baseline for the editor's start-up benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An empty libadwaita window with one label in Chinese, timed and measured
 * like the editor (`GONGKAI_BENCH_FIRST_FRAME`): what GTK, libadwaita, the
 * fonts and the renderer cost on this machine before Gongkai does anything.
 * bench/editor-start.sh runs it beside the editor so the figures of a noisy
 * machine can be read as a difference and a ratio.
 */

#include <adwaita.h>
#include <stdio.h>

#include "gk-bench.h"

static void
after_paint_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, app);
  g_print ("first-frame-ms %.1f rss-kib %u\n",
           gk_bench_get_ms_since_start (), gk_bench_get_rss_kib ());
  g_application_quit (app);
}

static void
map_cb (GtkWidget    *window,
        GApplication *app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), app);
}

static void
activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *label = gtk_label_new ("政务公开目录");

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), label);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  g_signal_connect_after (window, "map", G_CALLBACK (map_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  gk_bench_get_ms_since_start ();
  app = adw_application_new ("io.github.gongkai.BenchHello",
                             G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
