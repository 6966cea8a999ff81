/* gk-sync-answer.h: the server's answers read for the local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-json-syntax.h"
#include "gk-sync-engine.h"

G_BEGIN_DECLS

const char        *gk_sync_answer_get_string  (const GkJsonValue  *object,
                                               const char         *member);
const GkJsonValue *gk_sync_answer_get_object  (const GkJsonValue  *object,
                                               const char         *member);
const GkJsonValue *gk_sync_answer_get_array   (const GkJsonValue  *object,
                                               const char         *member);
gboolean           gk_sync_answer_get_boolean (const GkJsonValue  *object,
                                               const char         *member);
char              *gk_sync_answer_dup_text    (const GkJsonValue  *value);
char              *gk_sync_answer_read_state  (const GkJsonValue  *state,
                                               GkStoreServerItem  *item);
gboolean           gk_sync_answer_read_result (const GkJsonValue  *result,
                                               GkStoreAnswer      *answer,
                                               GPtrArray          *texts,
                                               GkSyncReport       *report,
                                               GError            **error);
gboolean           gk_sync_answer_fail        (GError            **error,
                                               const char         *what);

G_END_DECLS
