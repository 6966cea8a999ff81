/* gk-field.h: the elements of a disclosure item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * GkField:
 *
 * The elements of an item, in form order, as gk-field-table.h lists them.
 * Text fields (and %GK_FIELD_DOMAIN) are read and written with
 * gk_item_get_text() / gk_item_set_text(); the others have their own
 * accessors.
 */
typedef enum
{
#define GK_FIELD_ROW(NAME, key, kind, label) GK_FIELD_##NAME,
#include "gk-field-table.h"
  GK_N_FIELDS
} GkField;

/**
 * GkFieldKind:
 * @GK_FIELD_KIND_CODE: the domain's code
 * @GK_FIELD_KIND_TEXT: free text
 * @GK_FIELD_KIND_SHARED: free text that many items repeat, kept once
 * @GK_FIELD_KIND_CHANNELS: a set of the standard channels (#GkChannel bits)
 * @GK_FIELD_KIND_AUDIENCE: a set of #GkAudience flags
 * @GK_FIELD_KIND_METHOD: a set of #GkMethod flags
 * @GK_FIELD_KIND_LEVELS: a subset of the catalog's level set
 *
 * How an item keeps a field, and how the JSON form and the store write it.
 */
typedef enum
{
  GK_FIELD_KIND_CODE,
  GK_FIELD_KIND_TEXT,
  GK_FIELD_KIND_SHARED,
  GK_FIELD_KIND_CHANNELS,
  GK_FIELD_KIND_AUDIENCE,
  GK_FIELD_KIND_METHOD,
  GK_FIELD_KIND_LEVELS,
} GkFieldKind;

/**
 * GkFieldMask:
 *
 * A set of fields: bit `GK_FIELD_MASK (field)` for each field in it. What
 * an edit changed, what a sync op sets, where a merge found a conflict.
 */
typedef guint32 GkFieldMask;

#define GK_FIELD_MASK(field) ((GkFieldMask) 1u << (field))
#define GK_FIELD_MASK_ALL    (GK_FIELD_MASK (GK_N_FIELDS) - 1)

G_STATIC_ASSERT (GK_N_FIELDS < 32);

#define GK_TYPE_FIELD (gk_field_get_type ())

GType        gk_field_get_type     (void) G_GNUC_CONST;
gboolean     gk_field_is_text      (GkField     field);
GkFieldKind  gk_field_get_kind     (GkField     field);
const char  *gk_field_get_key      (GkField     field);
const char  *gk_field_get_label    (GkField     field);
gboolean     gk_field_from_key     (const char *key,
                                    GkField    *field);
char        *gk_field_mask_dup_labels (GkFieldMask mask);

G_END_DECLS
