/* gk-export.h: CSV and XLSX exports in the published layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-renderer.h"

G_BEGIN_DECLS

char     *gk_export_csv       (GkCatalog             *catalog,
                               const GkRenderOptions *options,
                               gsize                 *length,
                               GError               **error);
gboolean  gk_export_xlsx      (GkCatalog             *catalog,
                               const GkRenderOptions *options,
                               const char            *filename,
                               GError               **error);

G_END_DECLS
