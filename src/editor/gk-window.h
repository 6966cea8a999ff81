/* gk-window.h: the main window: catalog tree, item form, checks, autosave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gk-sync-service.h"

#include "gongkai-core.h"
#include "gk-export-job.h"

G_BEGIN_DECLS

#define GK_TYPE_WINDOW (gk_window_get_type ())

G_DECLARE_FINAL_TYPE (GkWindow, gk_window, GK, WINDOW, AdwApplicationWindow)

GtkWidget *gk_window_new         (GtkApplication *application);
GkCatalog *gk_window_get_catalog (GkWindow       *self);
GkStore   *gk_window_get_store   (GkWindow       *self);
gboolean   gk_window_get_loaded  (GkWindow       *self);
gboolean   gk_window_get_busy    (GkWindow       *self);
gboolean   gk_window_get_saving  (GkWindow       *self);
void       gk_window_flush       (GkWindow       *self);
gboolean   gk_window_select_item (GkWindow       *self,
                                  GkItem         *item);
GtkWidget *gk_window_import_file (GkWindow       *self,
                                  GFile          *file);
void       gk_window_export_file (GkWindow              *self,
                                  GkExportFormat          format,
                                  const GkRenderOptions  *options,
                                  GFile                  *file);

GkSyncService *gk_window_get_sync (GkWindow *self);

G_END_DECLS
