/* gk-notice.h: a lasting notice across the top of the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GK_TYPE_NOTICE (gk_notice_get_type ())

G_DECLARE_FINAL_TYPE (GkNotice, gk_notice, GK, NOTICE, AdwBin)

GtkWidget *gk_notice_new          (const char *button_label);
void       gk_notice_show         (GkNotice   *self,
                                   const char *title);
void       gk_notice_hide         (GkNotice   *self);
gboolean   gk_notice_get_shown    (GkNotice   *self);
GtkButton *gk_notice_get_button   (GkNotice   *self);

G_END_DECLS
