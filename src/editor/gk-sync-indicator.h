/* gk-sync-indicator.h: the sync's state in the header, with its details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gk-sync-service.h"

G_BEGIN_DECLS

#define GK_TYPE_SYNC_INDICATOR (gk_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (GkSyncIndicator, gk_sync_indicator, GK, SYNC_INDICATOR, AdwBin)

GtkWidget  *gk_sync_indicator_new       (void);
void        gk_sync_indicator_set_service (GkSyncIndicator *self,
                                           GkSyncService   *service);
const char *gk_sync_indicator_get_label (GkSyncIndicator *self);

G_END_DECLS
