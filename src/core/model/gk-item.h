/* gk-item.h: one disclosure item (公开事项) of a catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gk-channel.h"
#include "gk-field.h"
#include "gk-text.h"

G_BEGIN_DECLS

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
GkFieldMask  gk_item_get_differing_fields (GkItem *self,
                                           GkItem *other);
gboolean     gk_item_field_equal   (GkItem     *self,
                                    GkItem     *other,
                                    GkField     field);
void         gk_item_copy_field    (GkItem     *self,
                                    GkItem     *other,
                                    GkField     field);
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
int          gk_item_order_compare (const char *domain_a,
                                    int         position_a,
                                    const char *id_a,
                                    const char *domain_b,
                                    int         position_b,
                                    const char *id_b);
int          gk_item_compare       (gconstpointer a,
                                    gconstpointer b);
void         gk_item_set_position  (GkItem     *self,
                                    int         position);
const char  *gk_item_get_dept      (GkItem     *self);
void         gk_item_set_dept      (GkItem     *self,
                                    const char *dept);
gint64       gk_item_get_created   (GkItem     *self);
gint64       gk_item_get_modified  (GkItem     *self);
void         gk_item_set_times     (GkItem     *self,
                                    gint64      created,
                                    gint64      modified);
gboolean     gk_item_matches       (GkItem     *self,
                                    const char *needle_casefolded);
char        *gk_item_dup_title     (GkItem     *self);

G_END_DECLS
