/* gk-field-row.h: a form field's control and the message under it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gongkai-core.h"

G_BEGIN_DECLS

#define GK_TYPE_FIELD_ROW (gk_field_row_get_type ())

G_DECLARE_FINAL_TYPE (GkFieldRow, gk_field_row, GK, FIELD_ROW, AdwPreferencesRow)

GkField    gk_field_row_get_field        (GkFieldRow      *self);
GtkWidget *gk_field_row_get_control      (GkFieldRow      *self);
void       gk_field_row_collect_controls (GkFieldRow      *self,
                                          GPtrArray       *controls);
GtkWidget *gk_field_row_get_focus_widget (GkFieldRow      *self);
void       gk_field_row_show_message     (GkFieldRow      *self,
                                          const char      *message,
                                          gboolean         is_error);
gboolean   gk_field_row_compute_bounds   (GkFieldRow      *self,
                                          GtkWidget       *target,
                                          graphene_rect_t *out_bounds);

G_END_DECLS
