/* gk-field-message.h: the icon and message shown under a form field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GK_TYPE_FIELD_MESSAGE (gk_field_message_get_type ())

G_DECLARE_FINAL_TYPE (GkFieldMessage, gk_field_message, GK, FIELD_MESSAGE, GtkBox)

GtkWidget *gk_field_message_new      (void);
gboolean   gk_field_message_show     (GkFieldMessage *self,
                                      const char     *message,
                                      gboolean        is_error);
void       gk_field_message_describe (GkFieldMessage *self,
                                      GPtrArray      *accessibles);

G_END_DECLS
