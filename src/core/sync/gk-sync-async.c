/* gk-sync-async.c: one sync on a thread of its own, for the editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-sync-engine.h"

/*
 * The editor must not wait for the network: gk_sync_engine_run_async()
 * runs gk_sync_engine_run() in a GTask thread, on a connection to the
 * store of its own (the editor's GkStore keeps its worker; SQLite's locks
 * keep the two apart, each change being one transaction), with a client
 * made on that thread. Cancelling ends the request under way at once and
 * the sync with G_IO_ERROR_CANCELLED; what it stored before stays, as
 * after a cut.
 */

typedef struct
{
  char         *data_dir;
  char         *server;
  char         *token;
  char         *item_id;    /* for a history */
  GkSyncPolicy  policy;
  GkSyncProgressFunc progress;
  gpointer      progress_data;
  GMainContext *context;    /* the caller's, where @progress is called */
} Job;

/* @policy: %NULL for the defaults */
static Job *
job_new (const char         *server,
         const char         *token,
         const GkSyncPolicy *policy)
{
  const GkSyncPolicy defaults = GK_SYNC_POLICY_INIT;
  Job *job = g_new0 (Job, 1);

  job->server = g_strdup (server);
  job->token = g_strdup (token);
  job->policy = policy != NULL ? *policy : defaults;
  return job;
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->data_dir);
  g_free (job->server);
  g_free (job->item_id);
  g_clear_pointer (&job->context, g_main_context_unref);
  gk_sync_token_free (job->token);
  g_free (job);
}

typedef struct
{
  Job   *job;
  guint  n_items;
} Progress;

static gboolean
tell_progress (gpointer data)
{
  Progress *progress = data;

  progress->job->progress (progress->n_items, progress->job->progress_data);
  return G_SOURCE_REMOVE;
}

/* On the sync's thread: the count goes to the caller's context. The job
 * outlives the call, since the task's result is returned after it, in
 * that same context. */
static void
progress_in_thread (guint    n_items,
                    gpointer data)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->job = data;
  progress->n_items = n_items;
  g_main_context_invoke_full (progress->job->context, G_PRIORITY_DEFAULT, tell_progress,
                              progress, g_free);
}

static void
run_in_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GkStore) store = gk_store_new (job->data_dir);
  g_autoptr(GkSyncClient) client = NULL;
  GkSyncReport *report = NULL;
  GError *error = NULL;

  if (gk_store_open (store, &error))
    {
      client = gk_sync_client_new (job->server, job->token, &job->policy);
      gk_sync_client_set_cancellable (client, cancellable);
      if (job->progress != NULL)
        gk_sync_client_set_progress (client, progress_in_thread, job);
      report = gk_sync_engine_run (store, client, &error);
    }
  if (report != NULL)
    g_task_return_pointer (task, report, (GDestroyNotify) gk_sync_report_free);
  else
    g_task_return_error (task, error);
}

/**
 * gk_sync_engine_run_async:
 * @store: the store to sync (another connection to it is opened)
 * @server: the server's URL
 * @token: the PC's token; copied, and wiped once the sync ends
 * @policy: (nullable): its retries and deadlines, %NULL for the defaults
 * @progress: (nullable): told, on the caller's thread-default main
 *   context, of the items received, page by page
 * @progress_data: for @progress, which must stay valid until @callback
 * @cancellable: (nullable): ends the sync
 * @callback: called on the caller's thread-default main context when done
 * @user_data: for @callback
 *
 * Runs one sync of @store (gk_sync_engine_run()) on a thread of its own,
 * without blocking the caller's main loop. Run one at a time per store.
 */
void
gk_sync_engine_run_async (GkStore             *store,
                          const char          *server,
                          const char          *token,
                          const GkSyncPolicy  *policy,
                          GkSyncProgressFunc   progress,
                          gpointer             progress_data,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (GK_IS_STORE (store));
  g_return_if_fail (server != NULL && token != NULL);

  job = job_new (server, token, policy);
  job->data_dir = g_strdup (gk_store_get_data_dir (store));
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_sync_engine_run_async);
  g_task_set_task_data (task, job, job_free);
  /* The error of a cancel is the engine's own: a request cut by it. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, run_in_thread);
}

/**
 * gk_sync_engine_run_finish:
 * @store: the store given to gk_sync_engine_run_async()
 * @result: its result
 * @error: return location for a #GError; %G_IO_ERROR_CANCELLED when
 *   cancelled
 *
 * Returns: (transfer full) (nullable): what the sync did, %NULL on error
 */
GkSyncReport *
gk_sync_engine_run_finish (GkStore       *store,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gk_sync_engine_run_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* One request on a thread: `GET /info`, or an item's history. */
static void
ask_in_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GkSyncClient) client = gk_sync_client_new (job->server, job->token, &job->policy);
  JsonObject *answer;
  GError *error = NULL;

  gk_sync_client_set_cancellable (client, cancellable);
  if (job->item_id != NULL)
    answer = gk_sync_client_get_history (client, job->item_id, &error);
  else
    answer = gk_sync_client_get_info (client, &error);
  if (answer != NULL)
    g_task_return_pointer (task, answer, (GDestroyNotify) json_object_unref);
  else
    g_task_return_error (task, error);
}

/* Asks the server once, with the default deadline: the user is waiting. */
static void
ask_async (const char          *server,
           const char          *token,
           const char          *item_id,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job = job_new (server, token, NULL);

  job->item_id = g_strdup (item_id);
  job->policy.max_attempts = 1;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, job_free);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, ask_in_thread);
}

static JsonObject *
ask_finish (GAsyncResult  *result,
            gpointer       source_tag,
            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gk_sync_probe_async:
 * @server: the server's URL
 * @token: a token; copied, and wiped once done
 * @cancellable: (nullable): ends the request
 * @callback: called on the caller's thread-default main context when done
 * @user_data: for @callback
 *
 * Asks the server who @token is (`GET /info`), without changing anything
 * here: for a PC about to join, to show the catalog, the department and
 * the role before it writes anything.
 */
void
gk_sync_probe_async (const char          *server,
                     const char          *token,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (server != NULL && token != NULL);

  ask_async (server, token, NULL, gk_sync_probe_async, cancellable, callback, user_data);
}

/**
 * gk_sync_probe_finish:
 * @result: the result given to the callback of gk_sync_probe_async()
 * @error: return location for a #GError (#GK_SYNC_CLIENT_ERROR: a wrong
 *   address gives %GK_SYNC_CLIENT_ERROR_NETWORK or _PROTOCOL, a wrong token
 *   %GK_SYNC_CLIENT_ERROR_UNAUTHORIZED)
 *
 * Returns: (transfer full) (nullable): the answer of `GET /info`
 *   (docs/sync-protocol.md), %NULL on error
 */
JsonObject *
gk_sync_probe_finish (GAsyncResult  *result,
                      GError       **error)
{
  return ask_finish (result, gk_sync_probe_async, error);
}

/**
 * gk_sync_history_async:
 * @server: the server's URL
 * @token: the PC's token; copied, and wiped once done
 * @item_id: the item
 * @cancellable: (nullable): ends the request
 * @callback: called on the caller's thread-default main context when done
 * @user_data: for @callback
 *
 * Reads an item's newest revisions from the server (who changed what,
 * when), on a thread.
 */
void
gk_sync_history_async (const char          *server,
                       const char          *token,
                       const char          *item_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (server != NULL && token != NULL && item_id != NULL);

  ask_async (server, token, item_id, gk_sync_history_async, cancellable, callback,
             user_data);
}

/**
 * gk_sync_history_finish:
 * @result: the result given to the callback of gk_sync_history_async()
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the answer of
 *   `GET /items/{id}/history` (docs/sync-protocol.md), %NULL on error
 */
JsonObject *
gk_sync_history_finish (GAsyncResult  *result,
                        GError       **error)
{
  return ask_finish (result, gk_sync_history_async, error);
}
