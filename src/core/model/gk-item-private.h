/* gk-item-private.h: filling new items without GkItem::changed, for the
 * store's loading (see gk-store.c), and the catalog an item belongs to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-catalog.h"
#include "gk-domain.h"
#include "gk-item.h"

G_BEGIN_DECLS

GkItem *gk_item_new_for_load  (const char         *id,
                               const GkDomain     *domain);
void    gk_item_load_text     (GkItem             *self,
                               GkField             field,
                               const char         *text);
void    gk_item_load_levels   (GkItem             *self,
                               const char * const *levels);
void    gk_item_load_choices  (GkItem             *self,
                               guint               channels,
                               GkAudience          audience,
                               GkMethod            method);

GkCatalog *gk_item_get_catalog (GkItem             *self);
void       gk_item_set_catalog (GkItem             *self,
                                GkCatalog          *catalog);

/* gk-catalog.c: emits GkCatalog::item-changed */
void    gk_catalog_item_changed (GkCatalog        *self,
                                 GkItem           *item,
                                 GkField           field);

G_END_DECLS
