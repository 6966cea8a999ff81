/* gk-sync-client.h: the HTTP side of a sync (docs/sync-protocol.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gk-json-syntax.h"
#include "gk-sync-policy.h"

G_BEGIN_DECLS

#define GK_SYNC_CLIENT_ERROR (gk_sync_client_error_quark ())

/**
 * GkSyncClientError:
 * @GK_SYNC_CLIENT_ERROR_NETWORK: the server could not be reached, or the
 *   exchange was cut or timed out: the same request may be sent again
 * @GK_SYNC_CLIENT_ERROR_UNAUTHORIZED: the token was refused (401)
 * @GK_SYNC_CLIENT_ERROR_FORBIDDEN: the token's role may not do this (403)
 * @GK_SYNC_CLIENT_ERROR_CURSOR_RESET: the cursor is another server's (410)
 * @GK_SYNC_CLIENT_ERROR_BUSY: the server asks to come back later (409, 425,
 *   429, 503)
 * @GK_SYNC_CLIENT_ERROR_SERVER: the server failed (500, 502)
 * @GK_SYNC_CLIENT_ERROR_PROTOCOL: any other answer: a bug of one side
 *
 * What the PC must do, one thing per code (the protocol's table). The
 * client sends a request again itself (#GkSyncPolicy) before it gives one
 * of %GK_SYNC_CLIENT_ERROR_NETWORK, _BUSY or _SERVER.
 */
typedef enum
{
  GK_SYNC_CLIENT_ERROR_NETWORK,
  GK_SYNC_CLIENT_ERROR_UNAUTHORIZED,
  GK_SYNC_CLIENT_ERROR_FORBIDDEN,
  GK_SYNC_CLIENT_ERROR_CURSOR_RESET,
  GK_SYNC_CLIENT_ERROR_BUSY,
  GK_SYNC_CLIENT_ERROR_SERVER,
  GK_SYNC_CLIENT_ERROR_PROTOCOL,
} GkSyncClientError;

typedef struct _GkSyncClient GkSyncClient;

/**
 * GkSyncProgressFunc:
 * @n_items: items received since the last call
 * @data: the data given with the function
 *
 * Told as a sync receives items.
 */
typedef void (*GkSyncProgressFunc) (guint    n_items,
                                    gpointer data);

GQuark        gk_sync_client_error_quark  (void);
GkSyncClient *gk_sync_client_new          (const char    *server,
                                           const char    *token,
                                           const GkSyncPolicy *policy);
GkSyncClient *gk_sync_client_dup          (GkSyncClient  *self);
void          gk_sync_client_set_cancellable (GkSyncClient *self,
                                           GCancellable  *cancellable);
guint         gk_sync_client_get_n_retries (GkSyncClient *self);
void          gk_sync_client_set_progress (GkSyncClient *self,
                                           GkSyncProgressFunc progress,
                                           gpointer      data);
void          gk_sync_client_free         (GkSyncClient  *self);
const char   *gk_sync_client_get_server   (GkSyncClient  *self);
JsonObject   *gk_sync_client_get_info     (GkSyncClient  *self,
                                           GError       **error);
GkJsonTree   *gk_sync_client_push         (GkSyncClient  *self,
                                           GBytes        *body,
                                           GError       **error);
GkJsonTree   *gk_sync_client_get_changes  (GkSyncClient  *self,
                                           const char    *since,
                                           GError       **error);

GkJsonTree   *gk_sync_client_get_conflicts (GkSyncClient *self,
                                           GError       **error);
JsonObject   *gk_sync_client_get_history  (GkSyncClient  *self,
                                           const char    *item_id,
                                           GError       **error);

void          gk_sync_token_free          (char          *token);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkSyncClient, gk_sync_client_free)

G_END_DECLS
