/* gk-print-operation.h: printing the published table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gongkai-core.h"

G_BEGIN_DECLS

#define GK_TYPE_PRINT_OPERATION (gk_print_operation_get_type ())

G_DECLARE_FINAL_TYPE (GkPrintOperation, gk_print_operation, GK, PRINT_OPERATION,
                      GtkPrintOperation)

GkPrintOperation *gk_print_operation_new             (GkCatalog        *catalog,
                                                      const char       *domain_code);
void              gk_print_operation_set_domain_only (GkPrintOperation *self,
                                                      gboolean          domain_only);
gboolean          gk_print_operation_get_domain_only (GkPrintOperation *self);
guint             gk_print_operation_get_n_pages     (GkPrintOperation *self);
const GError     *gk_print_operation_get_layout_error (GkPrintOperation *self);

G_END_DECLS
