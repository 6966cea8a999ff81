/* gk-sync-service-join.c: joining and leaving the county server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-catalog-json.h"
#include "gk-credentials.h"
#include "gk-store-sync.h"
#include "gk-sync-engine.h"
#include "gk-sync-service-private.h"

typedef struct
{
  char *server;
  char *token;
  char *set_aside_path;
} JoinData;

static void
join_data_free (gpointer data)
{
  JoinData *join = data;

  g_free (join->server);
  gk_sync_token_free (join->token);
  g_free (join->set_aside_path);
  g_free (join);
}

/* Writes the PC's catalog to the file the user chose and empties the
 * store, which then takes the county's catalog as a new PC does. */
static gpointer
set_aside (GkStore  *store,
           gpointer  data,
           GError  **error)
{
  const char *path = data;
  g_autoptr(GkCatalog) catalog = gk_store_load_catalog (store, error);
  g_autoptr(GkCatalog) empty = gk_catalog_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);

  if (catalog == NULL || !gk_catalog_save_to_file (catalog, file, NULL, error)
      || !gk_store_replace_catalog (store, empty, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
joined_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GkSyncService *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GkSyncReport) report = gk_sync_engine_run_finish (GK_STORE (object), result,
                                                              &error);

  self->running = FALSE;
  _gk_sync_service_set_last_error (self, report == NULL ? error->message : NULL);
  /* The store is enrolled once /info answered, even if the pull was cut
   * then: the catalog is loaded again either way, and the next sync
   * goes on from there. */
  g_signal_emit (self, _gk_sync_service_signals[GK_SYNC_SERVICE_CATALOG_REPLACED], 0);
  _gk_sync_service_refresh_status (self, NULL);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
join_run (GTask *task)
{
  GkSyncService *self = g_task_get_source_object (task);
  JoinData *join = g_task_get_task_data (task);

  g_free (self->server);
  self->server = g_strdup (join->server);
  gk_sync_token_free (self->token);
  self->token = g_strdup (join->token);
  self->token_refused = FALSE;
  self->missing_token = FALSE;
  self->no_keyring = FALSE;
  _gk_sync_service_set_state (self, GK_SYNC_STATE_SYNCING);
  self->n_received = 0;
  gk_sync_engine_run_async (self->store, join->server, join->token, NULL,
                            _gk_sync_service_received_cb, self, g_task_get_cancellable (task),
                            joined_cb, task);
}

/* A join that failed before its first sync: nothing runs any more. */
static void
join_failed (GTask  *task,
             GError *error)
{
  GkSyncService *self = g_task_get_source_object (task);

  self->running = FALSE;
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
set_aside_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (gk_store_call_finish (GK_STORE (object), result, &error) == NULL)
    {
      join_failed (task, error);
      return;
    }
  join_run (task);
}

static void
token_kept_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  GkSyncService *self = g_task_get_source_object (task);
  JoinData *join = g_task_get_task_data (task);
  GError *error = NULL;

  if (!gk_credentials_store_finish (result, &error))
    {
      join_failed (task, error);
      return;
    }
  if (join->set_aside_path == NULL)
    {
      join_run (task);
      return;
    }
  gk_store_call_async (self->store, set_aside, g_strdup (join->set_aside_path), g_free, NULL,
                       g_task_get_cancellable (task), set_aside_cb, task);
}

/**
 * gk_sync_service_join_async:
 * @server: the server's address
 * @token: the token the county office issued (copied, and wiped when done)
 * @set_aside_path: (nullable): where to keep the PC's catalog before
 *   starting from the county's; %NULL to bring the PC's items into the
 *   department's part of the county catalog
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when joined and the first sync is over
 * @user_data: for @callback
 *
 * Keeps @token in the keyring (never anywhere else), sets the PC's catalog
 * aside when asked, then runs the first sync, which enrolls the store and
 * pulls the county's catalog. The service goes on syncing from then on.
 */
void
gk_sync_service_join_async (GkSyncService       *self,
                            const char          *server,
                            const char          *token,
                            const char          *set_aside_path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  JoinData *join;

  g_return_if_fail (GK_IS_SYNC_SERVICE (self));
  g_return_if_fail (server != NULL && token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_sync_service_join_async);
  if (self->running)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("A sync is under way; try again in a moment"));
      g_object_unref (task);
      return;
    }
  join = g_new0 (JoinData, 1);
  join->server = g_strdup (server);
  join->token = g_strdup (token);
  join->set_aside_path = g_strdup (set_aside_path);
  g_task_set_task_data (task, join, join_data_free);
  self->running = TRUE;
  self->stopped = FALSE;
  gk_credentials_store (server, token, cancellable, token_kept_cb, task);
}

/**
 * gk_sync_service_join_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: whether the PC joined and its first sync completed
 */
gboolean
gk_sync_service_join_finish (GkSyncService  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gpointer
leave_store (GkStore  *store,
             gpointer  data,
             GError  **error)
{
  return gk_store_leave (store, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
left_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  GkSyncService *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (gk_store_call_finish (GK_STORE (object), result, &error) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  gk_sync_token_free (g_steal_pointer (&self->token));
  _gk_sync_service_set_last_error (self, NULL);
  _gk_sync_service_refresh_status (self, NULL);
  g_object_unref (task);
}

static void
token_cleared_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  GkSyncService *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* No keyring: it holds no token either. The store leaves regardless. */
  if (!gk_credentials_clear_finish (result, &error))
    g_warning ("Could not remove the token from the keyring: %s", error->message);
  gk_store_call_async (self->store, leave_store, NULL, NULL, NULL, g_task_get_cancellable (task),
                       left_cb, task);
}

/**
 * gk_sync_service_leave_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Leaves the county server: ends any sync, removes the token from the
 * keyring and the sync state from the store. The catalog stays, as this
 * PC's own.
 */
void
gk_sync_service_leave_async (GkSyncService       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GK_IS_SYNC_SERVICE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_sync_service_leave_async);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->running = FALSE;
  if (self->server == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  gk_credentials_clear (self->server, cancellable, token_cleared_cb, task);
}

/**
 * gk_sync_service_leave_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: whether the store left the server
 */
gboolean
gk_sync_service_leave_finish (GkSyncService  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
