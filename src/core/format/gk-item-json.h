/* gk-item-json.h: one item, or one field of it, in the canonical JSON form
 * on its own: what sync sends, stores and merges (docs/sync-protocol.md)
 *
 * The same writer and the same strict checks as a catalog file's items
 * (gk-catalog-json.c, gk-catalog-json-reader.c), so that an item reads
 * and writes alike in a file, in the local store and on the wire.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-item.h"
#include "gk-json-syntax.h"

G_BEGIN_DECLS

void      gk_item_write_json        (GkItem             *item,
                                     const char         *dept,
                                     GString            *out);
void      gk_item_write_field_value (GkItem             *item,
                                     GkField             field,
                                     GString            *out);
gboolean  gk_item_read_field        (GkItem             *item,
                                     GkField             field,
                                     const GkJsonValue  *value,
                                     const char         *place,
                                     GError            **error);
GkItem   *gk_item_new_from_data     (const char         *data,
                                     gsize               length,
                                     const char         *place,
                                     GError            **error);
GkItem   *gk_item_new_from_value    (const GkJsonValue  *value,
                                     const char         *place,
                                     GError            **error);

G_END_DECLS
