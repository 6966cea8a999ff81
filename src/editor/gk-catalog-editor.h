/* gk-catalog-editor.h: the edits of the catalog's structure, saved as steps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-autosave.h"
#include "gk-catalog-model.h"

G_BEGIN_DECLS

#define GK_TYPE_CATALOG_EDITOR (gk_catalog_editor_get_type ())

G_DECLARE_FINAL_TYPE (GkCatalogEditor, gk_catalog_editor, GK, CATALOG_EDITOR, GObject)

GkCatalogEditor *gk_catalog_editor_new               (GkCatalogModel  *model,
                                                      GkAutosave      *autosave);
GkItem          *gk_catalog_editor_add_item          (GkCatalogEditor *self,
                                                      GkTreeNode      *where);
void             gk_catalog_editor_import            (GkCatalogEditor *self,
                                                      GPtrArray       *items,
                                                      GPtrArray       *updates);
GkItem          *gk_catalog_editor_duplicate_item    (GkCatalogEditor *self,
                                                      GkItem          *item);
void             gk_catalog_editor_delete_item       (GkCatalogEditor *self,
                                                      GkItem          *item);
gboolean         gk_catalog_editor_restore_item      (GkCatalogEditor *self,
                                                      GkItem          *item);
gboolean         gk_catalog_editor_move_within_group (GkCatalogEditor *self,
                                                      GkItem          *item,
                                                      int              delta);
void             gk_catalog_editor_move_to_group     (GkCatalogEditor *self,
                                                      GkItem          *item,
                                                      const char      *level1);
GkItem          *gk_catalog_editor_apply_step        (GkCatalogEditor *self,
                                                      GHashTable      *items,
                                                      GkItem          *shown);

void             gk_catalog_editor_apply_pulled      (GkCatalogEditor *self,
                                                      GHashTable      *items);

G_END_DECLS
