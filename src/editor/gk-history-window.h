/* gk-history-window.h: who changed an item, what and when, from the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gk-sync-service.h"

G_BEGIN_DECLS

#define GK_TYPE_HISTORY_WINDOW (gk_history_window_get_type ())

G_DECLARE_FINAL_TYPE (GkHistoryWindow, gk_history_window, GK, HISTORY_WINDOW, AdwWindow)

GtkWidget *gk_history_window_new       (GtkWindow       *parent,
                                        GkSyncService   *service,
                                        GkItem          *item);
gboolean   gk_history_window_get_ready (GkHistoryWindow *self);
GtkListBox *gk_history_window_get_list (GkHistoryWindow *self);

G_END_DECLS
