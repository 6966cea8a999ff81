/* gk-move-dialog.h: asks under which 一级事项 to file an item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gongkai-core.h"

G_BEGIN_DECLS

#define GK_TYPE_MOVE_DIALOG (gk_move_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GkMoveDialog, gk_move_dialog, GK, MOVE_DIALOG, AdwMessageDialog)

GtkWidget  *gk_move_dialog_new       (GtkWindow    *parent,
                                      GkItem       *item,
                                      GPtrArray    *groups);
GkItem     *gk_move_dialog_get_item  (GkMoveDialog *self);
const char *gk_move_dialog_get_group (GkMoveDialog *self);

G_END_DECLS
