/* gk-sync-service-private.h: what the sync service's source files share
 *
 * The service is one class in three files: gk-sync-service.c runs the syncs
 * and keeps their state; gk-sync-service-join.c joins and leaves the county
 * server; gk-sync-service-items.c asks about one item (a refused change to
 * drop, its history).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-sync-service.h"

G_BEGIN_DECLS

struct _GkSyncService
{
  GObject        parent_instance;

  GkStore       *store;
  GkAutosave    *autosave;
  GCancellable  *cancellable;
  GNetworkMonitor *monitor;

  char          *server;
  char          *dept;
  char          *role;
  GHashTable    *dept_names;    /* /info's departments: id → name */
  char          *token;
  GDateTime     *last_sync;
  char          *last_error;
  GkSyncState    failure;       /* OFFLINE or FAILED after a failed sync */
  GkSyncState    state;
  gboolean       token_refused;
  gboolean       missing_token; /* joined, but the keyring has no token */
  gboolean       no_keyring;
  guint          n_waiting;
  guint          n_rejected;
  guint          n_conflicts;
  guint          n_received;    /* items received by the sync under way */
  GHashTable    *rejected;      /* item id → the server's reason */

  guint          wake_id;       /* the next sync: edits settled, or a retry */
  guint          period_id;
  guint          retry_seconds;
  gulong         network_id;
  gboolean       running;
  gboolean       again;         /* a sync was asked for while one ran */
  gboolean       stopped;
};

enum {
  GK_SYNC_SERVICE_ITEMS_CHANGED,
  GK_SYNC_SERVICE_CATALOG_REPLACED,
  GK_SYNC_SERVICE_N_SIGNALS
};

extern guint _gk_sync_service_signals[GK_SYNC_SERVICE_N_SIGNALS];

void _gk_sync_service_set_state       (GkSyncService       *self,
                                       GkSyncState          state);
void _gk_sync_service_set_last_error  (GkSyncService       *self,
                                       const char          *message);
void _gk_sync_service_refresh_status  (GkSyncService       *self,
                                       GAsyncReadyCallback  done);
void _gk_sync_service_received_cb     (guint                n_items,
                                       gpointer             data);

G_END_DECLS
