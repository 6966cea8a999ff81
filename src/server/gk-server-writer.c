/* gk-server-writer.c: the one thread that writes the server's database
 *
 * Every write of the running server goes through here, one job at a time,
 * in the order asked: the change numbers (seq) given inside the jobs are
 * then in commit order, and no job can fail for another's lock. The main
 * loop hands a job over and goes on serving; with synchronous=FULL a commit
 * waits for the disk, which would otherwise stall every connection. The
 * result comes back to the caller's main context.
 *
 * Group commit: the jobs queued while a commit waited for the disk run
 * together in the next transaction, each in its own savepoint (a job that
 * fails is rolled back alone), and one commit makes them all durable.
 * Each is answered only after that commit: what is acknowledged is on the
 * disk, and a job whose group could not commit fails like the others
 * (clients send it again; ops are idempotent). A group takes more jobs
 * only while it has run for less than GROUP_BUDGET_US: small jobs (a
 * one-item push, a token's last use) share one disk sync, while a big push
 * is committed on its own, and answered without waiting for the ones
 * queued behind it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-server-db.h"
#include "gk-server-writer.h"

struct _GkServerWriter
{
  GObject       parent_instance;

  sqlite3      *db;       /* used only on the thread once it runs */
  GAsyncQueue  *queue;    /* of Job; a Job without a task ends the thread */
  GThread      *thread;
};

G_DEFINE_FINAL_TYPE (GkServerWriter, gk_server_writer, G_TYPE_OBJECT)

typedef struct
{
  GTask             *task;       /* NULL in the job that ends the thread */
  GkServerWriteFunc  func;
  gpointer           data;
  GDestroyNotify     data_destroy;
  gboolean           committed;
  GError            *error;
} Job;

/* A group takes no more jobs once it has run this long, or holds this
 * many: its first job's answer waits for the others. */
#define GROUP_BUDGET_US (10 * 1000)
#define MAX_GROUP 64

static void
job_free (Job *job)
{
  if (job->data_destroy != NULL)
    job->data_destroy (job->data);
  g_clear_object (&job->task);
  g_clear_error (&job->error);
  g_free (job);
}

/* In the caller's main context: the task, its callback and the job's data
 * (which may hold objects of that thread, like a server message) are
 * released where they were made, never on the writer thread. */
static gboolean
complete_job (gpointer user_data)
{
  Job *job = user_data;

  if (job->committed)
    g_task_return_boolean (job->task, TRUE);
  else
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  job_free (job);

  return G_SOURCE_REMOVE;
}

/* Gives every job of @group that ran and has no error of its own the
 * error of the transaction, which was not committed. */
static void
fail_group (GPtrArray    *group,
            const GError *error)
{
  for (guint i = 0; i < group->len; i++)
    {
      Job *job = g_ptr_array_index (group, i);

      job->committed = FALSE;
      if (job->error == NULL)
        job->error = g_error_copy (error);
    }
}

/* Runs @job in a savepoint of the group's transaction. Returns FALSE only
 * when the transaction itself is lost (SQLite rolls a whole transaction
 * back after some errors, a full disk for one). */
static gboolean
run_job (sqlite3 *db,
         Job     *job)
{
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (job->task), &job->error))
    return TRUE;
  if (!gk_server_db_exec (db, "SAVEPOINT job", &job->error))
    return FALSE;
  if (job->func (db, job->data, &job->error))
    {
      job->committed = TRUE;
      return gk_server_db_exec (db, "RELEASE job", &job->error);
    }
  if (sqlite3_get_autocommit (db))
    return FALSE;
  return gk_server_db_exec (db, "ROLLBACK TO job; RELEASE job", NULL);
}

/* One transaction for @first and the jobs queued after it, while the
 * group is within its budget; each job's committed is set only once the
 * commit is on the disk. Adds the jobs run to @group; sets *stopping when
 * it met the job that ends the thread. */
static void
run_group (GkServerWriter *self,
           Job            *first,
           GPtrArray      *group,
           gboolean       *stopping)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  Job *job = first;

  g_ptr_array_add (group, job);
  if (!gk_server_db_begin (self->db, &error))
    {
      fail_group (group, error);
      return;
    }
  for (;;)
    {
      if (!run_job (self->db, job))
        {
          g_autoptr(GError) lost = g_error_copy (job->error);

          gk_server_db_rollback (self->db);
          fail_group (group, lost);
          return;
        }
      if (group->len >= MAX_GROUP || g_get_monotonic_time () - start >= GROUP_BUDGET_US
          || (job = g_async_queue_try_pop (self->queue)) == NULL)
        break;
      if (job->task == NULL)
        {
          /* The jobs before it are still committed. */
          job_free (job);
          *stopping = TRUE;
          break;
        }
      g_ptr_array_add (group, job);
    }
  if (!gk_server_db_commit (self->db, &error))
    fail_group (group, error);
}

static gpointer
writer_thread (gpointer user_data)
{
  GkServerWriter *self = user_data;
  gboolean stopping = FALSE;

  while (!stopping)
    {
      g_autoptr(GPtrArray) group = g_ptr_array_new ();
      Job *job = g_async_queue_pop (self->queue);

      if (job->task == NULL)
        {
          job_free (job);
          break;
        }
      run_group (self, job, group, &stopping);
      for (guint i = 0; i < group->len; i++)
        {
          job = g_ptr_array_index (group, i);
          g_main_context_invoke (g_task_get_context (job->task), complete_job, job);
        }
    }

  return NULL;
}

static void
gk_server_writer_finalize (GObject *object)
{
  GkServerWriter *self = GK_SERVER_WRITER (object);

  gk_server_writer_stop (self);
  g_async_queue_unref (self->queue);
  gk_server_db_close (self->db);

  G_OBJECT_CLASS (gk_server_writer_parent_class)->finalize (object);
}

static void
gk_server_writer_class_init (GkServerWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gk_server_writer_finalize;
}

static void
gk_server_writer_init (GkServerWriter *self)
{
  self->queue = g_async_queue_new ();
}

/**
 * gk_server_writer_new:
 * @db: (transfer full): the connection that writes, no longer used by
 *   the caller
 *
 * Returns: (transfer full): a writer, its thread running
 */
GkServerWriter *
gk_server_writer_new (sqlite3 *db)
{
  GkServerWriter *self = g_object_new (GK_TYPE_SERVER_WRITER, NULL);

  self->db = db;
  /* The thread holds no reference: stop() joins it before finalize ends. */
  self->thread = g_thread_new ("gk-server-writer", writer_thread, self);
  return self;
}

/**
 * gk_server_writer_run_async:
 * @self: a writer
 * @func: (scope async): what to write, run in a transaction on the thread
 * @data: (nullable): data for @func, used on the thread only
 * @data_destroy: (nullable): frees @data once the job is done
 * @cancellable: (nullable): a #GCancellable; a job cancelled before it
 *   starts is not run
 * @callback: called in the caller's main context once the transaction is
 *   committed or rolled back
 * @user_data: data for @callback
 *
 * Queues a write. Jobs run one at a time, in the order queued.
 */
void
gk_server_writer_run_async (GkServerWriter      *self,
                            GkServerWriteFunc    func,
                            gpointer             data,
                            GDestroyNotify       data_destroy,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (GK_IS_SERVER_WRITER (self));
  g_return_if_fail (self->thread != NULL);

  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, gk_server_writer_run_async);
  job->func = func;
  job->data = data;
  job->data_destroy = data_destroy;
  g_async_queue_push (self->queue, job);
}

/**
 * gk_server_writer_run_finish:
 * @self: a writer
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: whether the transaction was committed
 */
gboolean
gk_server_writer_run_finish (GkServerWriter  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gk_server_writer_run_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gk_server_writer_stop:
 * @self: a writer
 *
 * Runs the jobs queued so far and ends the thread. Their callbacks are
 * called when the caller's main context runs again. Nothing may be queued
 * afterwards.
 */
void
gk_server_writer_stop (GkServerWriter *self)
{
  g_return_if_fail (GK_IS_SERVER_WRITER (self));

  if (self->thread == NULL)
    return;

  g_async_queue_push (self->queue, g_new0 (Job, 1));
  g_thread_join (g_steal_pointer (&self->thread));
}
