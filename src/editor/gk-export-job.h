/* gk-export-job.h: the editor's exports, written off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gongkai-core.h"
#include "gk-renderer.h"

G_BEGIN_DECLS

typedef enum
{
  GK_EXPORT_FORMAT_HTML,
  GK_EXPORT_FORMAT_PDF,
  GK_EXPORT_FORMAT_XLSX,
  GK_EXPORT_FORMAT_CSV,
} GkExportFormat;

const char *gk_export_format_get_extension (GkExportFormat         format);
const char *gk_export_format_get_mime_type (GkExportFormat         format);
const char *gk_export_format_get_label     (GkExportFormat         format);

GkCatalog  *gk_catalog_dup_snapshot        (GkCatalog             *catalog);
char       *gk_export_dup_file_name        (GkCatalog             *catalog,
                                            const char            *domain_code,
                                            GkExportFormat         format);

gboolean    gk_export_write_file           (GkCatalog             *catalog,
                                            GkExportFormat         format,
                                            const GkRenderOptions *options,
                                            GFile                 *file,
                                            GError               **error);
void        gk_export_write_file_async     (GkCatalog             *catalog,
                                            GkExportFormat         format,
                                            const GkRenderOptions *options,
                                            GFile                 *file,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
gboolean    gk_export_write_file_finish    (GAsyncResult          *result,
                                            GError               **error);

G_END_DECLS
