/* gk-first-run-dialog.h: working alone or joining the county server; for
 * a PC alone, the unit, its domains and how to start its catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gongkai-core.h"

G_BEGIN_DECLS

#define GK_TYPE_FIRST_RUN_DIALOG (gk_first_run_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GkFirstRunDialog, gk_first_run_dialog, GK, FIRST_RUN_DIALOG, AdwWindow)

GtkWidget  *gk_first_run_dialog_new                  (GtkWindow        *parent);
const char *gk_first_run_dialog_get_unit_name        (GkFirstRunDialog *self);
GkUnitKind  gk_first_run_dialog_get_unit_kind        (GkFirstRunDialog *self);
char      **gk_first_run_dialog_dup_levels           (GkFirstRunDialog *self);
gboolean    gk_first_run_dialog_get_use_starter_rows (GkFirstRunDialog *self);
GkDomainSet gk_first_run_dialog_get_domains          (GkFirstRunDialog *self);
void        gk_first_run_dialog_apply                (GkFirstRunDialog *self,
                                                      GkCatalog        *catalog);

G_END_DECLS
