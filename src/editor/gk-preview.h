/* gk-preview.h: the published table of the domain being edited, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

#include "gk-catalog-model.h"

G_BEGIN_DECLS

#define GK_TYPE_PREVIEW (gk_preview_get_type ())

G_DECLARE_FINAL_TYPE (GkPreview, gk_preview, GK, PREVIEW, GtkWidget)

GtkWidget     *gk_preview_new           (void);
void           gk_preview_set_model     (GkPreview      *self,
                                         GkCatalogModel *model);
void           gk_preview_show          (GkPreview      *self,
                                         const char     *domain_code,
                                         GkItem         *item);
const char    *gk_preview_get_domain    (GkPreview      *self);
void           gk_preview_flush         (GkPreview      *self);
gboolean       gk_preview_get_pending   (GkPreview      *self);
WebKitWebView *gk_preview_get_web_view  (GkPreview      *self);

G_END_DECLS
