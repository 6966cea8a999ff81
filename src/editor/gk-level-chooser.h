/* gk-level-chooser.h: one check per administrative level
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GK_TYPE_LEVEL_CHOOSER (gk_level_chooser_get_type ())

G_DECLARE_FINAL_TYPE (GkLevelChooser, gk_level_chooser, GK, LEVEL_CHOOSER, GtkBox)

GtkWidget  *gk_level_chooser_new        (void);
void        gk_level_chooser_set_levels (GkLevelChooser     *self,
                                         const char * const *offered,
                                         const char * const *checked);
void        gk_level_chooser_set_active (GkLevelChooser     *self,
                                         const char * const *checked);
GPtrArray  *gk_level_chooser_dup_active (GkLevelChooser     *self);
GPtrArray  *gk_level_chooser_get_checks (GkLevelChooser     *self);

G_END_DECLS
