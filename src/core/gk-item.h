/* gk-item.h: one disclosure item (公开事项) of a catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gk-channel.h"

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

typedef enum
{
  GK_AUDIENCE_PUBLIC   = 1 << 0, /* 全社会 */
  GK_AUDIENCE_SPECIFIC = 1 << 1, /* 特定群体 */
} GkAudience;

typedef enum
{
  GK_METHOD_PROACTIVE  = 1 << 0, /* 主动 */
  GK_METHOD_ON_REQUEST = 1 << 1, /* 依申请 */
} GkMethod;

#define GK_TYPE_FIELD (gk_field_get_type ())

GType        gk_field_get_type     (void) G_GNUC_CONST;
gboolean     gk_field_is_text      (GkField     field);
const char  *gk_field_get_key      (GkField     field);
const char  *gk_field_get_label    (GkField     field);
gboolean     gk_field_from_key     (const char *key,
                                    GkField    *field);

#define GK_TYPE_ITEM (gk_item_get_type ())

G_DECLARE_FINAL_TYPE (GkItem, gk_item, GK, ITEM, GObject)

/* Every setter normalizes text (NFC, trimmed) and emits GkItem::changed
 * with the GkField that changed, only when the value really changed.
 * Setters never touch the times; times are microseconds since the Unix
 * epoch (g_get_real_time()). */

GkItem      *gk_item_new           (const char *domain_code);
GkItem      *gk_item_new_with_id   (const char *id,
                                    const char *domain_code);
GkItem      *gk_item_duplicate     (GkItem     *self);
void         gk_item_copy_from     (GkItem     *self,
                                    GkItem     *other);
gboolean     gk_item_equal         (GkItem     *self,
                                    GkItem     *other);
gboolean     gk_item_content_equal (GkItem     *self,
                                    GkItem     *other);
const char  *gk_item_get_id        (GkItem     *self);
const char  *gk_item_get_text      (GkItem     *self,
                                    GkField     field);
void         gk_item_set_text      (GkItem     *self,
                                    GkField     field,
                                    const char *text);
guint        gk_item_get_channels  (GkItem     *self);
void         gk_item_set_channels  (GkItem     *self,
                                    guint       channels);
GkAudience   gk_item_get_audience  (GkItem     *self);
void         gk_item_set_audience  (GkItem     *self,
                                    GkAudience  audience);
GkMethod     gk_item_get_method    (GkItem     *self);
void         gk_item_set_method    (GkItem     *self,
                                    GkMethod    method);
const char * const *
             gk_item_get_levels    (GkItem     *self);
void         gk_item_set_levels    (GkItem     *self,
                                    const char * const *levels);
gboolean     gk_item_has_level     (GkItem     *self,
                                    const char *level);
int          gk_item_get_position  (GkItem     *self);
int          gk_item_compare_position (gconstpointer a,
                                       gconstpointer b);
void         gk_item_set_position  (GkItem     *self,
                                    int         position);
gint64       gk_item_get_created   (GkItem     *self);
gint64       gk_item_get_modified  (GkItem     *self);
void         gk_item_set_times     (GkItem     *self,
                                    gint64      created,
                                    gint64      modified);
gboolean     gk_item_matches       (GkItem     *self,
                                    const char *needle_casefolded);
char        *gk_item_dup_title     (GkItem     *self);

char        *gk_text_normalize     (const char *text);

G_END_DECLS
