/* gk-sync-engine.h: one sync of a local store with the county server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-store-sync.h"
#include "gk-sync-client.h"

G_BEGIN_DECLS

/**
 * GkSyncRejected:
 * @op_id: the op refused
 * @item_id: its item
 * @reason: why, as the store keeps it
 */
typedef struct
{
  char *op_id;
  char *item_id;
  char *reason;
} GkSyncRejected;

/**
 * GkSyncReport:
 * @pushed: ops the server took (applied, merged, no-op or conflict)
 * @pulled: items pulled
 * @conflicts: ops that met a conflict
 * @rejected: (element-type GkSyncRejected): the ops the server refused,
 *   kept in the outbox
 * @open_conflicts: the open conflicts the server lists for this PC
 * @resynced: whether the server was found restored from a backup, and
 *   everything read again
 * @changed: (element-type utf8 GkItem): the local items the sync changed:
 *   id → the item as the store now holds it, or %NULL when it was removed
 *   (see gk_store_apply_page()); for an editor to show them
 */
typedef struct
{
  guint      pushed;
  guint      pulled;
  guint      conflicts;
  GPtrArray *rejected;
  guint      open_conflicts;
  gboolean   resynced;
  GHashTable *changed;
} GkSyncReport;

void      gk_sync_report_free  (GkSyncReport  *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkSyncReport, gk_sync_report_free)

GkSyncReport *gk_sync_engine_run (GkStore       *store,
                                  GkSyncClient  *client,
                                  GError       **error);
GkSyncReport *gk_sync_engine_push (GkStore       *store,
                                   GkSyncClient  *client,
                                   GError       **error);

/* gk-sync-async.c */
void          gk_sync_engine_run_async  (GkStore             *store,
                                         const char          *server,
                                         const char          *token,
                                         const GkSyncPolicy  *policy,
                                         GkSyncProgressFunc   progress,
                                         gpointer             progress_data,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GkSyncReport *gk_sync_engine_run_finish (GkStore             *store,
                                         GAsyncResult        *result,
                                         GError             **error);

void          gk_sync_probe_async       (const char          *server,
                                         const char          *token,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
JsonObject   *gk_sync_probe_finish      (GAsyncResult        *result,
                                         GError             **error);
void          gk_sync_history_async     (const char          *server,
                                         const char          *token,
                                         const char          *item_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
JsonObject   *gk_sync_history_finish    (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
