/* gk-renderer-choice.h: no software OpenGL for drawing the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean     gk_renderer_choice_is_software_gl (GdkDisplay *display);
void         gk_renderer_choice_apply          (GdkDisplay *display);

G_END_DECLS
