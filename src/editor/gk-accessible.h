/* gk-accessible.h: what GTK 4.8 tells a screen reader, put right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void gk_accessible_init              (void);
void gk_accessible_name_text         (GtkWidget  *editable,
                                      const char *label);
void gk_accessible_fix_widgets       (GtkWidget  *root);
void gk_accessible_fix_about_window  (AdwAboutWindow *about);

G_END_DECLS
