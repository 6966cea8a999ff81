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
 * The elements of an item, in form order. Text fields are read and written
 * with gk_item_get_text() / gk_item_set_text(); the others have their own
 * accessors.
 */
typedef enum
{
  GK_FIELD_DOMAIN,
  GK_FIELD_LEVEL1,        /* 一级事项 */
  GK_FIELD_LEVEL2,        /* 二级事项, may be empty */
  GK_FIELD_LEVEL3,        /* 三级事项, optional */
  GK_FIELD_CODE,          /* optional item code */
  GK_FIELD_CONTENT,       /* 公开内容（要素） */
  GK_FIELD_BASIS,         /* 公开依据 */
  GK_FIELD_TIME_LIMIT,    /* 公开时限 */
  GK_FIELD_SUBJECT,       /* 公开主体 */
  GK_FIELD_CHANNELS,      /* 公开渠道和载体 (bit set) */
  GK_FIELD_CHANNEL_OTHER, /* text of 其他 */
  GK_FIELD_AUDIENCE,      /* 公开对象 (flags) */
  GK_FIELD_AUDIENCE_DESC, /* description of 特定群体 */
  GK_FIELD_METHOD,        /* 公开方式 (flags) */
  GK_FIELD_LEVELS,        /* 公开层级 (subset of the catalog's level set) */
  GK_FIELD_WEB_COLUMN,    /* 网站所属栏目 */
  GK_FIELD_WEB_URL,
  GK_FIELD_NOTES,
  GK_N_FIELDS
} GkField;

#define GK_TYPE_FIELD (gk_field_get_type ())

GType        gk_field_get_type     (void) G_GNUC_CONST;
gboolean     gk_field_is_text      (GkField     field);
const char  *gk_field_get_key      (GkField     field);
const char  *gk_field_get_label    (GkField     field);
gboolean     gk_field_from_key     (const char *key,
                                    GkField    *field);

G_END_DECLS
