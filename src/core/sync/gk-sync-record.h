/* gk-sync-record.h: an item's state and a conflict's fields as the
 * protocol writes them (docs/sync-protocol.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "gk-json-out.h"
#include "gk-merge.h"

G_BEGIN_DECLS

const char *gk_merge_status_to_string      (GkMergeStatus    status);
const char *gk_merge_conflict_to_string    (GkMergeConflict  conflict);
void        gk_sync_write_state            (GkJsonOut       *j,
                                            gint64           seq,
                                            gint64           rev,
                                            gboolean         deleted,
                                            const char      *item_json);
void        gk_sync_write_conflict_fields  (GkJsonOut       *j,
                                            GkMergeResult   *merge);
GkFieldMask gk_sync_read_conflict_fields   (JsonObject      *record);

G_END_DECLS
