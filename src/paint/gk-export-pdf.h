/* gk-export-pdf.h: the published table as a PDF document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-renderer.h"

G_BEGIN_DECLS

gboolean  gk_export_pdf (GkCatalog             *catalog,
                         const GkRenderOptions *options,
                         const char            *filename,
                         GError               **error);

G_END_DECLS
