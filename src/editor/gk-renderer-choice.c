/* gk-renderer-choice.c: no software OpenGL for drawing the window
 *
 * On an office PC without a usable graphics card (a virtual machine, a
 * remote desktop, a card without a driver), OpenGL is Mesa's software
 * rasterizer. Drawing a form and a tree through it is slower than cairo,
 * and merely loading it costs about 60 MiB (libLLVM and its relocations,
 * the driver, its shaders). GTK 4.14 and later draw with cairo when
 * OpenGL is llvmpipe ("gsk: Don't use gpu renderers with llvmpipe"); GTK
 * 4.8, the floor we build on, does not, so the editor makes that choice
 * itself, in two steps:
 *
 * - before GTK starts (gk_renderer_choice_prepare()): when the system has
 *   no graphics device at all, OpenGL can only be software, so GDK is told
 *   not to load it (`GDK_DEBUG=gl-disable`);
 * - once the display is open (gk_renderer_choice_apply()): when OpenGL
 *   turns out to be software all the same (a card Mesa has no driver for),
 *   the windows draw with cairo;
 * - the preview's web process composites without OpenGL too
 *   (gk-preview.c): WebKit's compositor thread on llvmpipe is slow, and it
 *   crashes inside Mesa now and then.
 *
 * `GSK_RENDERER`, or a `GDK_DEBUG` that names OpenGL, set by the user
 * always wins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <epoxy/gl.h>
#include <string.h>

#include "gk-renderer-choice.h"

/* The renderer names Mesa gives its software rasterizers. */
static const char * const software_renderers[] = {
  "llvmpipe",
  "softpipe",
  "Software Rasterizer",
};

/* A renderer, or an OpenGL option of GDK (gl-disable, gl-glx …), set by
 * the user. */
static gboolean
user_chose (void)
{
  const char *debug = g_getenv ("GDK_DEBUG");

  return g_getenv ("GSK_RENDERER") != NULL || (debug != NULL && strstr (debug, "gl") != NULL);
}

/**
 * gk_renderer_choice_has_gpu_device:
 * @dev_dir: the device folder, `/dev`
 *
 * Returns: whether @dev_dir has a device OpenGL drivers draw with: a DRM
 *   render node (`dri/renderD128` …: Intel, AMD, virtual machines' cards,
 *   ARM boards) or NVIDIA's own driver (`nvidiactl`)
 */
gboolean
gk_renderer_choice_has_gpu_device (const char *dev_dir)
{
  g_autofree char *dri = g_build_filename (dev_dir, "dri", NULL);
  g_autofree char *nvidia = g_build_filename (dev_dir, "nvidiactl", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (nvidia, G_FILE_TEST_EXISTS))
    return TRUE;

  dir = g_dir_open (dri, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, "renderD"))
        return TRUE;
    }

  return FALSE;
}

/**
 * gk_renderer_choice_prepare:
 * @dev_dir: the device folder, `/dev`
 *
 * Tells GDK not to load OpenGL when @dev_dir shows no graphics device.
 * Call it first thing in main(): it changes the environment, which is only
 * safe while the process has one thread, and GDK reads it when it starts.
 * Programs the editor starts (a viewer for an exported file, the preview's
 * web process) inherit it; on such a machine their OpenGL would be
 * software too.
 */
void
gk_renderer_choice_prepare (const char *dev_dir)
{
  const char *debug = g_getenv ("GDK_DEBUG");
  g_autofree char *value = NULL;

  if (user_chose () || gk_renderer_choice_has_gpu_device (dev_dir))
    return;

  value = debug != NULL && *debug != '\0' ? g_strconcat (debug, ",gl-disable", NULL)
                                          : g_strdup ("gl-disable");
  g_setenv ("GDK_DEBUG", value, TRUE);
}

/**
 * gk_renderer_choice_probe:
 * @display: an open display
 *
 * Returns: what OpenGL @display offers to GTK
 */
GkOpenGL
gk_renderer_choice_probe (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  const char *renderer;
  GkOpenGL result = GK_OPEN_GL_HARDWARE;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), GK_OPEN_GL_NONE);

  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return GK_OPEN_GL_NONE;

  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  for (guint i = 0; renderer != NULL && i < G_N_ELEMENTS (software_renderers); i++)
    {
      if (strstr (renderer, software_renderers[i]) != NULL)
        result = GK_OPEN_GL_SOFTWARE;
    }
  gdk_gl_context_clear_current ();

  return result;
}

/**
 * gk_renderer_choice_get:
 * @display: an open display
 *
 * gk_renderer_choice_probe() once per display: a probe creates an OpenGL
 * context.
 *
 * Returns: what OpenGL @display offers to GTK
 */
GkOpenGL
gk_renderer_choice_get (GdkDisplay *display)
{
  gpointer known;
  GkOpenGL open_gl;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), GK_OPEN_GL_NONE);

  known = g_object_get_data (G_OBJECT (display), "gk-open-gl");
  if (known != NULL)
    return (GkOpenGL) (GPOINTER_TO_INT (known) - 1);

  open_gl = gk_renderer_choice_probe (display);
  g_object_set_data (G_OBJECT (display), "gk-open-gl", GINT_TO_POINTER (open_gl + 1));
  return open_gl;
}

/**
 * gk_renderer_choice_apply:
 * @display: the display the editor's windows will open on
 *
 * Makes windows on @display draw with cairo unless OpenGL runs on a
 * graphics card. Call it before the first window is realized.
 */
void
gk_renderer_choice_apply (GdkDisplay *display)
{
  g_return_if_fail (GDK_IS_DISPLAY (display));

  if (g_getenv ("GSK_RENDERER") != NULL || gtk_check_version (4, 14, 0) == NULL)
    return;

  /* GTK looks up the renderer for a display under this key before it
   * reads GSK_RENDERER (its inspector uses it for its own display).
   * Setting the variable instead would mean calling setenv() while GDK's
   * threads run. Without OpenGL, GTK would come to cairo too, after a
   * failed attempt it reports on the terminal. */
  if (gk_renderer_choice_get (display) != GK_OPEN_GL_HARDWARE)
    g_object_set_data (G_OBJECT (display), "gsk-renderer", (gpointer) "cairo");
}
