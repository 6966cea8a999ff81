/* gk-sync-service-items.c: what the service asks about one item: a
 * refused change to drop, its history on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-credentials.h"
#include "gk-store-sync.h"
#include "gk-sync-engine.h"
#include "gk-sync-service-private.h"

/**
 * gk_sync_service_get_rejection:
 * @id: an item's id
 *
 * Returns: (nullable): why the server refused a change of the item, as it
 *   said, or %NULL when it did not
 */
const char *
gk_sync_service_get_rejection (GkSyncService *self,
                               const char    *id)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return self->rejected != NULL ? g_hash_table_lookup (self->rejected, id) : NULL;
}

static gpointer
drop_rejected (GkStore  *store,
               gpointer  data,
               GError  **error)
{
  const char *id = data;
  g_autoptr(GHashTable) items = gk_store_new_touched ();
  GkItem *item = NULL;

  if (!gk_store_drop_rejected (store, id, &item, error))
    return NULL;
  g_hash_table_replace (items, g_strdup (id), item);
  return g_steal_pointer (&items);
}

static void
dropped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  GkSyncService *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr(GHashTable) items = gk_store_call_finish (GK_STORE (object), result, &error);

  if (items == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_signal_emit (self, _gk_sync_service_signals[GK_SYNC_SERVICE_ITEMS_CHANGED], 0, items);
  _gk_sync_service_refresh_status (self, NULL);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/**
 * gk_sync_service_drop_rejected_async:
 * @id: an item with a change the server refused
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Drops the refused change (gk_store_drop_rejected()); the item shown
 * changes through #GkSyncService::items-changed.
 */
void
gk_sync_service_drop_rejected_async (GkSyncService       *self,
                                     const char          *id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GK_IS_SYNC_SERVICE (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_sync_service_drop_rejected_async);
  /* What was typed goes first, so that it is dropped too. */
  gk_autosave_flush (self->autosave);
  gk_store_call_async (self->store, drop_rejected, g_strdup (id), g_free,
                       (GDestroyNotify) g_hash_table_unref, cancellable, dropped_cb, task);
}

/**
 * gk_sync_service_drop_rejected_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: whether the change was dropped
 */
gboolean
gk_sync_service_drop_rejected_finish (GkSyncService  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  JsonObject *history = gk_sync_history_finish (result, &error);

  if (history != NULL)
    g_task_return_pointer (task, history, (GDestroyNotify) json_object_unref);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

static void
history_token_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  GkSyncService *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *token = gk_credentials_lookup_finish (result, &error);

  if (token == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_UNAUTHORIZED,
                                     _("This PC holds no token of the county server: join "
                                       "again."));
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  gk_sync_token_free (self->token);
  self->token = token;
  gk_sync_history_async (self->server, self->token, g_task_get_task_data (task),
                         g_task_get_cancellable (task), history_cb, task);
}

/**
 * gk_sync_service_history_async:
 * @id: an item's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the server answered
 * @user_data: for @callback
 *
 * Reads the item's history from the server: who changed what, when.
 */
void
gk_sync_service_history_async (GkSyncService       *self,
                               const char          *id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GK_IS_SYNC_SERVICE (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_sync_service_history_async);
  g_task_set_task_data (task, g_strdup (id), g_free);
  if (self->server == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("This PC has not joined a county server"));
      g_object_unref (task);
      return;
    }
  if (self->token == NULL)
    {
      gk_credentials_lookup (self->server, cancellable, history_token_cb, task);
      return;
    }
  gk_sync_history_async (self->server, self->token, id, cancellable, history_cb, task);
}

/**
 * gk_sync_service_history_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the server's answer
 *   (docs/sync-protocol.md, `GET /items/{id}/history`)
 */
JsonObject *
gk_sync_service_history_finish (GkSyncService  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
