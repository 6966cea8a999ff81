/* test-renderer-choice.c: no software OpenGL for drawing the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "gk-renderer-choice.h"
#include "gk-test-ui.h"

static char *
make_dev_dir (const char *device)
{
  g_autofree char *dir = g_dir_make_tmp ("gongkai-dev-XXXXXX", NULL);
  g_autofree char *path = NULL;

  g_assert_nonnull (dir);
  if (device != NULL)
    {
      path = g_build_filename (dir, device, NULL);
      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
    }

  return g_steal_pointer (&dir);
}

static void
test_gpu_device (void)
{
  static const struct
  {
    const char *device;
    gboolean    gpu;
  } cases[] = {
    { NULL, FALSE },
    { "dri", FALSE },
    { "dri/card0", FALSE },
    { "dri/renderD128", TRUE },
    { "nvidiactl", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dev = make_dev_dir (cases[i].device);

      g_assert_true (gk_renderer_choice_has_gpu_device (dev) == cases[i].gpu);
      gk_test_remove_tree (dev);
    }
}

/* Sets the environment, prepares with a /dev holding @device and returns
 * GDK_DEBUG. */
static char *
prepare (const char *gsk_renderer,
         const char *gdk_debug,
         const char *device)
{
  g_autofree char *dev = make_dev_dir (device);

  if (gsk_renderer != NULL)
    g_setenv ("GSK_RENDERER", gsk_renderer, TRUE);
  else
    g_unsetenv ("GSK_RENDERER");
  if (gdk_debug != NULL)
    g_setenv ("GDK_DEBUG", gdk_debug, TRUE);
  else
    g_unsetenv ("GDK_DEBUG");

  gk_renderer_choice_prepare (dev);
  gk_test_remove_tree (dev);

  return g_strdup (g_getenv ("GDK_DEBUG"));
}

static void
test_prepare (void)
{
  static const struct
  {
    const char *gsk_renderer;
    const char *gdk_debug;
    const char *device;
    const char *expected;
  } cases[] = {
    { NULL, NULL, NULL, "gl-disable" },
    { NULL, "", NULL, "gl-disable" },
    { NULL, "no-portals", NULL, "no-portals,gl-disable" },
    { NULL, NULL, "dri/renderD128", NULL },
    { NULL, NULL, "nvidiactl", NULL },
    /* The user's choice wins. */
    { "gl", NULL, NULL, NULL },
    { NULL, "gl-glx", NULL, "gl-glx" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *debug = prepare (cases[i].gsk_renderer, cases[i].gdk_debug,
                                        cases[i].device);

      g_assert_cmpstr (debug, ==, cases[i].expected);
    }
  g_unsetenv ("GSK_RENDERER");
  g_unsetenv ("GDK_DEBUG");
}

static gboolean
window_mapped (gpointer window)
{
  return gtk_widget_get_mapped (window);
}

/* What main() does on a machine without a graphics device, as under Xvfb:
 * GDK never loads OpenGL and the window draws with cairo. */
static void
test_window_without_gpu (void)
{
  g_autofree char *debug = prepare (NULL, "no-portals", NULL);
  GtkWidget *window;
  GdkDisplay *display;

  g_assert_cmpstr (debug, ==, "no-portals,gl-disable");
  g_assert_true (gtk_init_check ());
  display = gdk_display_get_default ();
  g_assert_cmpint (gk_renderer_choice_probe (display), ==, GK_OPEN_GL_NONE);

  /* Cairo chosen by the editor, not left to GTK's fallback after a failed
   * OpenGL attempt. */
  g_assert_null (g_object_get_data (G_OBJECT (display), "gsk-renderer"));
  gk_renderer_choice_apply (display);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (display), "gsk-renderer"), ==, "cairo");
  window = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (window));
  gk_test_wait_until (window_mapped, window, "the window to show");
  g_assert_true (GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window))));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* In this order: the last one starts GTK. */
  g_test_add_func ("/renderer-choice/gpu-device", test_gpu_device);
  g_test_add_func ("/renderer-choice/prepare", test_prepare);
  g_test_add_func ("/renderer-choice/window-without-gpu", test_window_without_gpu);

  return g_test_run ();
}
