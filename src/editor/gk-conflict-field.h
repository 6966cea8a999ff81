/* gk-conflict-field.h: one field of a conflict, its three values and the
 * one chosen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "gongkai-core.h"

G_BEGIN_DECLS

#define GK_TYPE_CONFLICT_FIELD (gk_conflict_field_get_type ())

G_DECLARE_FINAL_TYPE (GkConflictField, gk_conflict_field, GK, CONFLICT_FIELD, GtkBox)

GtkWidget *gk_conflict_field_new       (GkField          field,
                                        JsonObject      *entry,
                                        const char      *kind);
GkField    gk_conflict_field_get_field (GkConflictField *self);
void       gk_conflict_field_keep      (GkConflictField *self,
                                        const char      *side);
JsonNode  *gk_conflict_field_dup_value (GkConflictField *self);

G_END_DECLS
