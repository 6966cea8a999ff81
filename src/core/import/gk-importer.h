/* gk-importer.h: published tables (XLSX, CSV) to a catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gk-catalog.h"
#include "gk-import-report.h"
#include "gk-import-sheet.h"

G_BEGIN_DECLS

#define GK_IMPORT_ERROR (gk_import_error_quark ())

typedef enum
{
  GK_IMPORT_ERROR_NO_TABLE, /* no sheet has a catalog table header */
  GK_IMPORT_ERROR_NOTHING_IMPORTED, /* a table has rows, but none became an item */
} GkImportError;

GQuark          gk_import_error_quark           (void);

#define GK_TYPE_IMPORTER (gk_importer_get_type ())

G_DECLARE_FINAL_TYPE (GkImporter, gk_importer, GK, IMPORTER, GObject)

GkImporter     *gk_importer_new                 (void);
void            gk_importer_set_default_domain  (GkImporter   *self,
                                                 const char   *domain);
GkCatalog      *gk_importer_import_workbook     (GkImporter   *self,
                                                 GkWorkbook   *workbook,
                                                 GError      **error);
GkCatalog      *gk_importer_import_file         (GkImporter   *self,
                                                 GFile        *file,
                                                 GCancellable *cancellable,
                                                 GError      **error);
void            gk_importer_import_file_async   (GkImporter          *self,
                                                 GFile               *file,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GkCatalog      *gk_importer_import_file_finish  (GkImporter          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
GkImportReport *gk_importer_get_report          (GkImporter   *self);
const char     *gk_importer_get_title_unit      (GkImporter   *self);

G_END_DECLS
