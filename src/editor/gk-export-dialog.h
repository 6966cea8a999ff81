/* gk-export-dialog.h: what to export: format, domain, paper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gk-export-job.h"

G_BEGIN_DECLS

#define GK_TYPE_EXPORT_DIALOG (gk_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GkExportDialog, gk_export_dialog, GK, EXPORT_DIALOG, AdwMessageDialog)

GtkWidget      *gk_export_dialog_new             (GtkWindow      *parent,
                                                  const char     *domain_code);
GkExportFormat  gk_export_dialog_get_format      (GkExportDialog *self);
void            gk_export_dialog_set_format      (GkExportDialog *self,
                                                  GkExportFormat  format);
const char     *gk_export_dialog_get_domain_code (GkExportDialog *self);
GkPaperSize     gk_export_dialog_get_paper       (GkExportDialog *self);

G_END_DECLS
