/* gk-catalog-tree.h: the sidebar tree of domains, 一级事项 and items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gk-catalog-model.h"

G_BEGIN_DECLS

#define GK_TYPE_CATALOG_TREE (gk_catalog_tree_get_type ())

G_DECLARE_FINAL_TYPE (GkCatalogTree, gk_catalog_tree, GK, CATALOG_TREE, AdwBin)

GtkWidget      *gk_catalog_tree_new             (void);
void            gk_catalog_tree_set_model       (GkCatalogTree  *self,
                                                 GkCatalogModel *model);
GkCatalogModel *gk_catalog_tree_get_model       (GkCatalogTree  *self);
GkTreeNode     *gk_catalog_tree_get_selected    (GkCatalogTree  *self);
gboolean        gk_catalog_tree_select_node     (GkCatalogTree  *self,
                                                 GkTreeNode     *node);
gboolean        gk_catalog_tree_select_item     (GkCatalogTree  *self,
                                                 GkItem         *item);
void            gk_catalog_tree_set_search_text (GkCatalogTree  *self,
                                                 const char     *text);
GListModel     *gk_catalog_tree_get_rows        (GkCatalogTree  *self);

void        gk_catalog_tree_set_dept        (GkCatalogTree *self,
                                             const char    *dept);

gboolean    gk_catalog_tree_select_first_item (GkCatalogTree *self);

G_END_DECLS
