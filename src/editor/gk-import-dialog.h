/* gk-import-dialog.h: what an import found, before anything is added
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gongkai-core.h"
#include "gk-import-match.h"

G_BEGIN_DECLS

/**
 * GkImportAction:
 * @GK_IMPORT_ACTION_ADD: add the items (again, if the catalog has them)
 * @GK_IMPORT_ACTION_UPDATE: give the catalog's items the file's values
 * @GK_IMPORT_ACTION_SKIP: leave them out
 *
 * What an import does with a group of items.
 */
typedef enum
{
  GK_IMPORT_ACTION_ADD,
  GK_IMPORT_ACTION_UPDATE,
  GK_IMPORT_ACTION_SKIP,
} GkImportAction;

typedef gboolean (*GkImportCanEditFunc) (GkItem   *item,
                                         gpointer  user_data);

#define GK_TYPE_IMPORT_DIALOG (gk_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GkImportDialog, gk_import_dialog, GK, IMPORT_DIALOG, AdwWindow)

GtkWidget *gk_import_dialog_new              (GtkWindow      *parent,
                                              GkCatalog      *catalog,
                                              GFile          *file,
                                              const char     *default_domain);
GFile     *gk_import_dialog_get_file         (GkImportDialog *self);
gboolean   gk_import_dialog_get_loaded       (GkImportDialog *self);
guint      gk_import_dialog_get_n_found      (GkImportDialog *self);
void       gk_import_dialog_set_can_edit_func (GkImportDialog      *self,
                                               GkImportCanEditFunc  func,
                                               gpointer             user_data);
guint      gk_import_dialog_get_n_matched    (GkImportDialog    *self,
                                              GkImportMatchKind  kind);
GkImportAction gk_import_dialog_get_action   (GkImportDialog    *self,
                                              GkImportMatchKind  kind);
gboolean   gk_import_dialog_set_action       (GkImportDialog    *self,
                                              GkImportMatchKind  kind,
                                              GkImportAction     action);
GPtrArray *gk_import_dialog_dup_items        (GkImportDialog *self);
GPtrArray *gk_import_dialog_dup_updates      (GkImportDialog *self);

G_END_DECLS
