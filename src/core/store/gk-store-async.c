/* gk-store-async.c: GkStore's worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */


#include "gk-store-private.h"

/*
 * One exclusive thread per store runs the queued work in the order it was
 * queued, so a save queued after another is never applied before it. Each
 * GTask is created on the caller's thread and so completes on the caller's
 * thread-default main context.
 */

typedef enum
{
  JOB_OPEN,
  JOB_SAVE_INFO,
  JOB_SAVE_ITEMS,
  JOB_DELETE,
  JOB_UNDO,
  JOB_REDO,
  JOB_CALL,
} JobKind;

typedef struct
{
  JobKind         kind;
  GkCatalog      *catalog;
  GPtrArray      *items;
  GkFieldMask    *fields;
  char           *id;
  GkStoreCallFunc func;
  gpointer        data;
  GDestroyNotify  data_free;

  /* The outcome, handed from the worker to the caller's context. */
  gboolean        ok;
  gpointer        result;
  GDestroyNotify  result_free;
  GError         *error;
} Job;

/* The pool a worker thread belongs to, so that the store is not waited for
 * by its own worker. */
static GPrivate worker_pool;

static void
job_free (Job *job)
{
  g_clear_object (&job->catalog);
  g_clear_pointer (&job->items, g_ptr_array_unref);
  g_free (job->fields);
  g_free (job->id);
  if (job->data != NULL && job->data_free != NULL)
    job->data_free (job->data);
  if (job->result != NULL && job->result_free != NULL)
    job->result_free (job->result);
  g_clear_error (&job->error);
  g_free (job);
}

static void
run_open (GkStore *self,
          Job     *job)
{
  if (gk_store_open (self, &job->error))
    job->result = gk_store_load_catalog (self, &job->error);
  job->result_free = g_object_unref;
  job->ok = job->result != NULL;
}

static void
run_step (GkStore *self,
          Job     *job)
{
  if (job->kind == JOB_UNDO)
    job->result = gk_store_undo (self, &job->error);
  else
    job->result = gk_store_redo (self, &job->error);
  job->result_free = (GDestroyNotify) g_hash_table_unref;
  job->ok = job->error == NULL;
}

static void
run (GkStore *self,
     Job     *job)
{
  switch (job->kind)
    {
    case JOB_OPEN:
      run_open (self, job);
      break;
    case JOB_SAVE_INFO:
      job->ok = gk_store_save_catalog_info (self, job->catalog, &job->error);
      break;
    case JOB_SAVE_ITEMS:
      job->ok = gk_store_save_edits (self, job->items, job->fields, &job->error);
      break;
    case JOB_DELETE:
      job->ok = gk_store_delete_item (self, job->id, &job->error);
      break;
    case JOB_UNDO:
    case JOB_REDO:
      run_step (self, job);
      break;
    case JOB_CALL:
      job->result = job->func (self, job->data, &job->error);
      job->ok = job->error == NULL;
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Runs in the caller's context with the worker's reference to @data, so
 * that the task, and with it the store, is always released there: a store
 * finalized on its own worker could not wait for it. */
static gboolean
deliver (gpointer data)
{
  GTask *task = data;
  Job *job = g_task_get_task_data (task);

  if (job->error != NULL)
    g_task_return_error (task, g_steal_pointer (&job->error));
  else if (job->kind == JOB_OPEN || job->kind == JOB_UNDO || job->kind == JOB_REDO
           || job->kind == JOB_CALL)
    g_task_return_pointer (task, g_steal_pointer (&job->result), job->result_free);
  else
    g_task_return_boolean (task, job->ok);

  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  GTask *task = data;
  GkStore *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);

  g_private_set (&worker_pool, self->pool);

  /* Work queued before a cancellation still runs; work not started yet
   * does not. */
  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &job->error))
    run (self, job);

  g_main_context_invoke (g_task_get_context (task), deliver, task);
}

/**
 * gk_store_stop_worker:
 * @self: a store
 *
 * Lets the queued work finish and stops the worker. Called from dispose.
 */
void
gk_store_stop_worker (GkStore *self)
{
  GThreadPool *pool = g_steal_pointer (&self->pool);

  if (pool == NULL)
    return;

  /* Tasks are released in their callers' contexts (see deliver()), but
   * g_object_run_dispose() could still come from the worker itself. */
  g_thread_pool_free (pool, FALSE, g_private_get (&worker_pool) != pool);
}

/**
 * gk_store_flush:
 * @self: a store
 *
 * Blocks until the work queued so far has run, so that it is on disk. The
 * callbacks still come from the main loop. Meant for quitting: the main
 * loop may not run again, and the worker would be killed with the process.
 */
void
gk_store_flush (GkStore *self)
{
  g_return_if_fail (GK_IS_STORE (self));

  /* A new worker is started for any work queued later. */
  gk_store_stop_worker (self);
}

static void
queue (GkStore             *self,
       Job                 *job,
       gpointer             source_tag,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  /* A save that ran is reported as saved even if cancelled meanwhile. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->pool == NULL)
    self->pool = g_thread_pool_new (run_job, NULL, 1, TRUE, &error);

  if (self->pool == NULL || !g_thread_pool_push (self->pool, task, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
    }
}

static Job *
job_new (JobKind kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  return job;
}

/* A copy the worker can own while the caller goes on editing. */
static GkItem *
snapshot_item (GkItem *item)
{
  GkItem *copy = gk_item_new_with_id (gk_item_get_id (item),
                                      gk_item_get_text (item, GK_FIELD_DOMAIN));

  gk_item_copy_from (copy, item);
  return copy;
}

static GkCatalog *
snapshot_catalog_info (GkCatalog *catalog)
{
  GkCatalog *copy = gk_catalog_new ();

  gk_catalog_set_unit_name (copy, gk_catalog_get_unit_name (catalog));
  gk_catalog_set_unit_kind (copy, gk_catalog_get_unit_kind (catalog));
  gk_catalog_set_levels (copy, gk_catalog_get_levels (catalog));
  gk_catalog_set_label (copy, gk_catalog_get_label (catalog));
  return copy;
}

/**
 * gk_store_open_async:
 * @self: a store
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the store is open and the catalog loaded
 * @user_data: data for @callback
 *
 * Opens the store (see gk_store_open()) and loads its catalog on the worker.
 */
void
gk_store_open_async (GkStore             *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (GK_IS_STORE (self));

  queue (self, job_new (JOB_OPEN), gk_store_open_async, cancellable, callback, user_data);
}

/**
 * gk_store_open_finish:
 * @self: a store
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the stored catalog, or %NULL on error
 */
GkCatalog *
gk_store_open_finish (GkStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gk_store_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gk_store_save_catalog_info_async:
 * @self: a store
 * @catalog: the catalog whose description to save (copied now)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when saved
 * @user_data: data for @callback
 *
 * Queues gk_store_save_catalog_info().
 */
void
gk_store_save_catalog_info_async (GkStore             *self,
                                  GkCatalog           *catalog,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Job *job;

  g_return_if_fail (GK_IS_STORE (self));
  g_return_if_fail (GK_IS_CATALOG (catalog));

  job = job_new (JOB_SAVE_INFO);
  job->catalog = snapshot_catalog_info (catalog);
  queue (self, job, gk_store_save_catalog_info_async, cancellable, callback, user_data);
}

/**
 * gk_store_save_catalog_info_finish:
 * @self: a store
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: whether the description was saved
 */
gboolean
gk_store_save_catalog_info_finish (GkStore       *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gk_store_save_edits_async:
 * @self: a store
 * @items: (element-type GkItem): the items to save (copied now)
 * @fields: (nullable) (array): for each of @items, the fields the user
 *   changed (copied now); %NULL for all of them
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when saved; finish with gk_store_save_items_finish()
 * @user_data: data for @callback
 *
 * Queues gk_store_save_edits(): one transaction, one undo step. When the
 * callback reports success the items are on disk.
 */
void
gk_store_save_edits_async (GkStore             *self,
                           GPtrArray           *items,
                           const GkFieldMask   *fields,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job;

  g_return_if_fail (GK_IS_STORE (self));
  g_return_if_fail (items != NULL);

  job = job_new (JOB_SAVE_ITEMS);
  job->items = g_ptr_array_new_full (items->len, g_object_unref);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (job->items, snapshot_item (g_ptr_array_index (items, i)));
  if (fields != NULL)
    job->fields = g_memdup2 (fields, sizeof (GkFieldMask) * MAX (items->len, 1));
  queue (self, job, gk_store_save_items_async, cancellable, callback, user_data);
}

/**
 * gk_store_save_items_async:
 * @self: a store
 * @items: (element-type GkItem): the items to save whole (copied now)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when saved
 * @user_data: data for @callback
 *
 * Queues gk_store_save_items(); see gk_store_save_edits_async().
 */
void
gk_store_save_items_async (GkStore             *self,
                           GPtrArray           *items,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  gk_store_save_edits_async (self, items, NULL, cancellable, callback, user_data);
}

/**
 * gk_store_save_items_finish:
 * @self: a store
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: whether the items were saved
 */
gboolean
gk_store_save_items_finish (GkStore       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gk_store_delete_item_async:
 * @self: a store
 * @id: the UUID of the item to delete
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when deleted
 * @user_data: data for @callback
 *
 * Queues gk_store_delete_item().
 */
void
gk_store_delete_item_async (GkStore             *self,
                            const char          *id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Job *job;

  g_return_if_fail (GK_IS_STORE (self));
  g_return_if_fail (id != NULL);

  job = job_new (JOB_DELETE);
  job->id = g_strdup (id);
  queue (self, job, gk_store_delete_item_async, cancellable, callback, user_data);
}

/**
 * gk_store_delete_item_finish:
 * @self: a store
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: whether the item was deleted
 */
gboolean
gk_store_delete_item_finish (GkStore       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gk_store_undo_async:
 * @self: a store
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done; finish with gk_store_step_finish()
 * @user_data: data for @callback
 *
 * Queues gk_store_undo().
 */
void
gk_store_undo_async (GkStore             *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (GK_IS_STORE (self));

  queue (self, job_new (JOB_UNDO), gk_store_undo_async, cancellable, callback, user_data);
}

/**
 * gk_store_redo_async:
 * @self: a store
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done; finish with gk_store_step_finish()
 * @user_data: data for @callback
 *
 * Queues gk_store_redo().
 */
void
gk_store_redo_async (GkStore             *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (GK_IS_STORE (self));

  queue (self, job_new (JOB_REDO), gk_store_redo_async, cancellable, callback, user_data);
}

/**
 * gk_store_step_finish:
 * @self: a store
 * @result: the result given to the callback of gk_store_undo_async() or
 *   gk_store_redo_async()
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable) (element-type utf8 GkItem): see
 *   gk_store_undo(); %NULL without @error when there was nothing to do
 */
GHashTable *
gk_store_step_finish (GkStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gk_store_call_async:
 * @self: a store
 * @func: the work, run on the store's worker once the work queued before it
 *   has run
 * @data: (nullable): for @func
 * @data_free: (nullable): frees @data once the work is done
 * @result_free: (nullable): frees a result nobody took
 * @cancellable: (nullable): a #GCancellable; work not started is dropped
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs @func on the store's own connection, in turn with the saves: what
 * it reads includes every save queued before it. For what the editor asks
 * of the store without a function of its own here (the sync's state, the
 * conflicts, items a sync changed).
 */
void
gk_store_call_async (GkStore             *self,
                     GkStoreCallFunc      func,
                     gpointer             data,
                     GDestroyNotify       data_free,
                     GDestroyNotify       result_free,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  Job *job;

  g_return_if_fail (GK_IS_STORE (self));
  g_return_if_fail (func != NULL);

  job = job_new (JOB_CALL);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  queue (self, job, gk_store_call_async, cancellable, callback, user_data);
}

/**
 * gk_store_call_finish:
 * @self: a store
 * @result: the result given to the callback of gk_store_call_async()
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): what the work returned; %NULL with
 *   @error set when it failed
 */
gpointer
gk_store_call_finish (GkStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gk_store_call_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
