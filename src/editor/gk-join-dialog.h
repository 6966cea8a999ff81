/* gk-join-dialog.h: joining the county server: its address and the
 * token, who the token is, and what becomes of the PC's items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GK_TYPE_JOIN_DIALOG (gk_join_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GkJoinDialog, gk_join_dialog, GK, JOIN_DIALOG, AdwWindow)

GtkWidget *gk_join_dialog_new           (GtkWindow    *parent,
                                         guint         n_local_items);
void       gk_join_dialog_show_progress (GkJoinDialog *self);
void       gk_join_dialog_set_progress  (GkJoinDialog *self,
                                         double        fraction);
void       gk_join_dialog_show_error    (GkJoinDialog *self,
                                         const char   *message);

G_END_DECLS
