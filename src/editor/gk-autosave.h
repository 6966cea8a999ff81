/* gk-autosave.h: saves edited items shortly after the user stops typing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gongkai-core.h"

G_BEGIN_DECLS

typedef enum
{
  GK_AUTOSAVE_IDLE,    /* nothing saved yet in this session */
  GK_AUTOSAVE_SAVING,
  GK_AUTOSAVE_SAVED,
  GK_AUTOSAVE_FAILED,  /* the last save failed; the items are kept to retry */
} GkAutosaveState;

#define GK_TYPE_AUTOSAVE (gk_autosave_get_type ())

G_DECLARE_FINAL_TYPE (GkAutosave, gk_autosave, GK, AUTOSAVE, GObject)

GkAutosave      *gk_autosave_new        (void);
void             gk_autosave_set_store  (GkAutosave *self,
                                         GkStore    *store);
void             gk_autosave_schedule   (GkAutosave *self,
                                         GkItem     *item,
                                         GkField     field);
void             gk_autosave_save_now   (GkAutosave *self,
                                         GPtrArray  *items,
                                         GkFieldMask fields);
void             gk_autosave_save_edits_now (GkAutosave        *self,
                                             GPtrArray         *items,
                                             const GkFieldMask *fields);
void             gk_autosave_delete     (GkAutosave *self,
                                         const char *id);
void             gk_autosave_flush      (GkAutosave *self);
gboolean         gk_autosave_get_busy   (GkAutosave *self);
gboolean         gk_autosave_get_saving (GkAutosave *self);
GkAutosaveState  gk_autosave_get_state  (GkAutosave *self);
GkFieldMask      gk_autosave_get_unsaved_fields (GkAutosave *self,
                                                 const char *id);

G_END_DECLS
