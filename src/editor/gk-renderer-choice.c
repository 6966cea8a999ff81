/* gk-renderer-choice.c: no software OpenGL for drawing the window
 *
 * On an office PC without a usable graphics driver (a virtual machine, a
 * remote desktop, an old card), OpenGL is Mesa's software rasterizer.
 * Drawing a form and a tree through it is slower than cairo and keeps
 * about 70 MiB more memory (its shader compiler and textures). GTK 4.14
 * and later choose cairo themselves in that case ("gsk: Don't use gpu
 * renderers with llvmpipe"); GTK 4.8, the floor we build on, does not, so
 * the editor makes the same choice until the floor moves.
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

/**
 * gk_renderer_choice_is_software_gl:
 * @display: an open display
 *
 * Returns: whether OpenGL on @display is a software rasterizer; %FALSE
 *   when there is no OpenGL at all (GTK then draws with cairo anyway)
 */
gboolean
gk_renderer_choice_is_software_gl (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  const char *renderer;
  gboolean software = FALSE;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), FALSE);

  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return FALSE;

  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  for (guint i = 0; renderer != NULL && i < G_N_ELEMENTS (software_renderers); i++)
    software = software || strstr (renderer, software_renderers[i]) != NULL;
  gdk_gl_context_clear_current ();

  return software;
}

/**
 * gk_renderer_choice_apply:
 * @display: the display the editor's windows will open on
 *
 * Makes windows on @display draw with cairo when OpenGL is software only.
 * Call it before the first window is realized. `GSK_RENDERER` set by the
 * user always wins.
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
   * threads run. */
  if (gk_renderer_choice_is_software_gl (display))
    g_object_set_data (G_OBJECT (display), "gsk-renderer", (gpointer) "cairo");
}
