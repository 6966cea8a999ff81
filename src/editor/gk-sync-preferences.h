/* gk-sync-preferences.h: the county server in the preferences: where the
 * PC syncs to and as whom, joining and leaving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gk-sync-service.h"

G_BEGIN_DECLS

#define GK_TYPE_SYNC_PREFERENCES (gk_sync_preferences_get_type ())

G_DECLARE_FINAL_TYPE (GkSyncPreferences, gk_sync_preferences, GK, SYNC_PREFERENCES,
                      AdwPreferencesWindow)

GtkWidget *gk_sync_preferences_new (GtkWindow     *parent,
                                    GkSyncService *service);

G_END_DECLS
