/* gk-item-form.h: the form that edits one item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gongkai-core.h"

G_BEGIN_DECLS

#define GK_TYPE_ITEM_FORM (gk_item_form_get_type ())

G_DECLARE_FINAL_TYPE (GkItemForm, gk_item_form, GK, ITEM_FORM, AdwBin)

GtkWidget *gk_item_form_new          (void);
void       gk_item_form_set_item     (GkItemForm         *self,
                                      GkItem             *item,
                                      const char * const *levels);
GkItem    *gk_item_form_get_item     (GkItemForm         *self);
void       gk_item_form_focus_field  (GkItemForm         *self,
                                      GkField             field);
guint      gk_item_form_get_n_errors (GkItemForm         *self);

void        gk_item_form_set_read_only (GkItemForm *self,
                                        const char *reason);

void        gk_item_form_set_rejected  (GkItemForm *self,
                                        const char *reason);

/**
 * GkItemFormCheckFunc:
 * @item: the item shown
 * @diagnostics: (element-type GkDiagnostic): where to add what is found
 * @data: the data given with the function
 *
 * Returns: whether @item is a starter draft nobody has touched (the form
 *   says it is to complete)
 */
typedef gboolean (*GkItemFormCheckFunc) (GkItem    *item,
                                         GPtrArray *diagnostics,
                                         gpointer   data);

void        gk_item_form_set_check_func (GkItemForm          *self,
                                         GkItemFormCheckFunc  func,
                                         gpointer             data);
void        gk_item_form_recheck       (GkItemForm *self);

G_END_DECLS
