/* gk-sync-service.h: the editor's sync with the county server, run by itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "gk-autosave.h"

G_BEGIN_DECLS

/**
 * GkSyncState:
 * @GK_SYNC_STATE_ALONE: the PC works alone: it has not joined a server
 * @GK_SYNC_STATE_SYNCED: every change has reached the server
 * @GK_SYNC_STATE_WAITING: changes wait for the next sync
 * @GK_SYNC_STATE_SYNCING: a sync is under way
 * @GK_SYNC_STATE_OFFLINE: the server cannot be reached; changes wait
 * @GK_SYNC_STATE_FAILED: the last sync failed for another reason (see
 *   #GkSyncService:last-error)
 * @GK_SYNC_STATE_TOKEN_REFUSED: the server refused the token (revoked or
 *   unknown): the PC must join again; changes wait
 * @GK_SYNC_STATE_NO_KEYRING: the token cannot be read, for no keyring
 *   answers
 *
 * What the header tells of the sync.
 */
typedef enum
{
  GK_SYNC_STATE_ALONE,
  GK_SYNC_STATE_SYNCED,
  GK_SYNC_STATE_WAITING,
  GK_SYNC_STATE_SYNCING,
  GK_SYNC_STATE_OFFLINE,
  GK_SYNC_STATE_FAILED,
  GK_SYNC_STATE_TOKEN_REFUSED,
  GK_SYNC_STATE_NO_KEYRING,
} GkSyncState;

#define GK_TYPE_SYNC_SERVICE (gk_sync_service_get_type ())

G_DECLARE_FINAL_TYPE (GkSyncService, gk_sync_service, GK, SYNC_SERVICE, GObject)

GkSyncService *gk_sync_service_new            (GkStore        *store,
                                               GkAutosave     *autosave);
void           gk_sync_service_start          (GkSyncService  *self);
void           gk_sync_service_stop           (GkSyncService  *self);
void           gk_sync_service_sync_now       (GkSyncService  *self);
void           gk_sync_service_changed        (GkSyncService  *self);

void           gk_sync_service_join_async     (GkSyncService  *self,
                                               const char     *server,
                                               const char     *token,
                                               const char     *set_aside_path,
                                               GCancellable   *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
gboolean       gk_sync_service_join_finish    (GkSyncService  *self,
                                               GAsyncResult   *result,
                                               GError        **error);
void           gk_sync_service_leave_async    (GkSyncService  *self,
                                               GCancellable   *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
gboolean       gk_sync_service_leave_finish   (GkSyncService  *self,
                                               GAsyncResult   *result,
                                               GError        **error);

GkSyncState    gk_sync_service_get_state      (GkSyncService  *self);
gboolean       gk_sync_service_get_joined     (GkSyncService  *self);
const char    *gk_sync_service_get_server     (GkSyncService  *self);
const char    *gk_sync_service_get_dept       (GkSyncService  *self);
const char    *gk_sync_service_get_role       (GkSyncService  *self);
GDateTime     *gk_sync_service_get_last_sync  (GkSyncService  *self);
const char    *gk_sync_service_get_last_error (GkSyncService  *self);
guint          gk_sync_service_get_n_waiting  (GkSyncService  *self);
guint          gk_sync_service_get_n_conflicts (GkSyncService *self);
guint          gk_sync_service_get_n_received (GkSyncService  *self);
char          *gk_sync_service_dup_dept_name  (GkSyncService  *self,
                                               const char     *dept);
gboolean       gk_sync_service_can_edit       (GkSyncService  *self,
                                               GkItem         *item);
const char    *gk_sync_service_get_rejection  (GkSyncService  *self,
                                               const char     *id);
void           gk_sync_service_drop_rejected_async  (GkSyncService       *self,
                                                     const char          *id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean       gk_sync_service_drop_rejected_finish (GkSyncService       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

void           gk_sync_service_history_async  (GkSyncService       *self,
                                               const char          *id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
JsonObject    *gk_sync_service_history_finish (GkSyncService       *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
