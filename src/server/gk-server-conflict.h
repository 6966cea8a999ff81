/* gk-server-conflict.h: conflict records, kept and listed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-merge.h"
#include "gk-server.h"
#include "gk-server-item.h"
#include "gk-sync-op.h"

G_BEGIN_DECLS

gboolean  gk_server_conflict_find_open (sqlite3             *db,
                                        const char          *conflict_id,
                                        const char          *item_id,
                                        GkMergeConflict     *kind,
                                        GError             **error);
gboolean  gk_server_conflict_record    (sqlite3             *db,
                                        const GkServerItem  *item,
                                        const GkSyncOp      *op,
                                        GkMergeResult       *merge,
                                        gint64               at,
                                        GString             *conflict_json,
                                        GError             **error);
gboolean  gk_server_conflict_resolve   (sqlite3             *db,
                                        const char          *conflict_id,
                                        const char          *op_id,
                                        gint64               at,
                                        GError             **error);
gboolean  gk_server_conflict_write_tag (sqlite3             *db,
                                        const GkServerAuth  *auth,
                                        GkJsonOut           *j,
                                        GError             **error);
void      gk_server_conflict_handle    (GkServer            *server,
                                        SoupServerMessage   *msg,
                                        const GkServerAuth  *auth,
                                        const GkJsonValue   *body);

G_END_DECLS
