/* gk-catalog-model.h: the catalog as a tree of domain, group and item rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-tree-node.h"

G_BEGIN_DECLS

#define GK_TYPE_CATALOG_MODEL (gk_catalog_model_get_type ())

G_DECLARE_FINAL_TYPE (GkCatalogModel, gk_catalog_model, GK, CATALOG_MODEL, GObject)

GkCatalogModel *gk_catalog_model_new               (GkCatalog      *catalog);
GkCatalog      *gk_catalog_model_get_catalog       (GkCatalogModel *self);
GListModel     *gk_catalog_model_get_domains       (GkCatalogModel *self);
GkTreeNode     *gk_catalog_model_lookup_domain     (GkCatalogModel *self,
                                                    const char     *domain_code);
GkTreeNode     *gk_catalog_model_lookup_item       (GkCatalogModel *self,
                                                    const char     *id);
GkTreeNode     *gk_catalog_model_get_parent        (GkCatalogModel *self,
                                                    GkTreeNode     *node);
void            gk_catalog_model_refresh_domain    (GkCatalogModel *self,
                                                    const char     *domain_code);
void            gk_catalog_model_recheck           (GkCatalogModel *self);
GPtrArray      *gk_catalog_model_dup_domain_items  (GkCatalogModel *self,
                                                    const char     *domain_code);
GPtrArray      *gk_catalog_model_dup_group_names   (GkCatalogModel *self,
                                                    const char     *domain_code);
guint           gk_catalog_model_get_n_errors      (GkCatalogModel *self);
guint           gk_catalog_model_get_n_warnings    (GkCatalogModel *self);
guint           gk_catalog_model_get_n_drafts      (GkCatalogModel *self);
GkItem         *gk_catalog_model_get_first_problem (GkCatalogModel *self);

void             gk_catalog_model_set_dept          (GkCatalogModel *self,
                                                     const char     *dept);

gboolean         gk_catalog_model_is_duplicate      (GkCatalogModel *self,
                                                     GkItem         *item);
gboolean         gk_catalog_model_check_item        (GkCatalogModel *self,
                                                     GkItem         *item,
                                                     GPtrArray      *diagnostics);
void             gk_catalog_model_set_new_item      (GkCatalogModel *self,
                                                     GkItem         *item);
GkItem          *gk_catalog_model_get_new_item      (GkCatalogModel *self);

G_END_DECLS
