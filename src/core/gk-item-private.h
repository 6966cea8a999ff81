/* gk-item-private.h: filling new items without GkItem::changed, for the
 * store's loading (see gk-store.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

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

G_END_DECLS
