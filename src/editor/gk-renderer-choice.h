/* gk-renderer-choice.h: no software OpenGL for drawing the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * GkOpenGL:
 * @GK_OPEN_GL_NONE: no OpenGL, or GDK was told not to use it
 * @GK_OPEN_GL_SOFTWARE: OpenGL drawn by the CPU (Mesa's llvmpipe, softpipe)
 * @GK_OPEN_GL_HARDWARE: OpenGL on a graphics card
 *
 * What OpenGL a display offers.
 */
typedef enum
{
  GK_OPEN_GL_NONE,
  GK_OPEN_GL_SOFTWARE,
  GK_OPEN_GL_HARDWARE,
} GkOpenGL;

gboolean     gk_renderer_choice_has_gpu_device (const char *dev_dir);
void         gk_renderer_choice_prepare        (const char *dev_dir);
GkOpenGL     gk_renderer_choice_probe          (GdkDisplay *display);
GkOpenGL     gk_renderer_choice_get            (GdkDisplay *display);
void         gk_renderer_choice_apply          (GdkDisplay *display);

G_END_DECLS
