/* gk-import-dialog.h: what an import found, before anything is added
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gongkai-core.h"

G_BEGIN_DECLS

#define GK_TYPE_IMPORT_DIALOG (gk_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GkImportDialog, gk_import_dialog, GK, IMPORT_DIALOG, AdwWindow)

GtkWidget *gk_import_dialog_new              (GtkWindow      *parent,
                                              GkCatalog      *catalog,
                                              GFile          *file,
                                              const char     *default_domain);
GFile     *gk_import_dialog_get_file         (GkImportDialog *self);
gboolean   gk_import_dialog_get_loaded       (GkImportDialog *self);
guint      gk_import_dialog_get_n_found      (GkImportDialog *self);
guint      gk_import_dialog_get_n_duplicates (GkImportDialog *self);
void       gk_import_dialog_set_skip_duplicates (GkImportDialog *self,
                                              gboolean        skip);
GPtrArray *gk_import_dialog_dup_items        (GkImportDialog *self);

G_END_DECLS
