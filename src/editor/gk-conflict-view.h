/* gk-conflict-view.h: one conflict, field by field, and the user's choice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "gongkai-core.h"

G_BEGIN_DECLS

#define GK_TYPE_CONFLICT_VIEW (gk_conflict_view_get_type ())

G_DECLARE_FINAL_TYPE (GkConflictView, gk_conflict_view, GK, CONFLICT_VIEW, GtkBox)

GtkWidget  *gk_conflict_view_new          (void);
void        gk_conflict_view_set_conflict (GkConflictView *self,
                                           JsonObject     *record,
                                           const char     *title);
JsonObject *gk_conflict_view_get_conflict (GkConflictView *self);
GtkWidget  *gk_conflict_view_get_field    (GkConflictView *self,
                                           GkField         field);
JsonObject *gk_conflict_view_dup_values   (GkConflictView *self);
void        gk_conflict_view_set_busy     (GkConflictView *self,
                                           gboolean        busy);

G_END_DECLS
