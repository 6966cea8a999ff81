/* gk-server-checkpointer.c: copies the write-ahead log into the database
 * on a thread of its own
 *
 * SQLite's default runs a checkpoint inside the commit that takes the log
 * past 1,000 pages: that commit then also writes those pages into the
 * database and syncs it, and every push waiting for the writer waits for
 * that too (a third of the writer's time when 10,000 items are pushed,
 * bench/README.md). Here the writer's connection only reports the size of
 * the log after each commit (sqlite3_wal_hook()); past the same 1,000
 * pages this thread runs a passive checkpoint on its own connection, which
 * never blocks the writer nor the readers. Durability is unchanged: a
 * commit is on the disk once its log is synced, checkpointed or not.
 *
 * The log starts again from its beginning only when a write begins after
 * a checkpoint copied all of it: while the writer commits without a pause
 * this thread is always behind, and the log would grow without end. Past
 * MAX_LOG_PAGES the writer's commit checkpoints itself, as SQLite's
 * default does, which bounds the log at some 16 MiB.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-server-checkpointer.h"
#include "gk-server-db.h"

/* SQLite's own threshold (SQLITE_DEFAULT_WAL_AUTOCHECKPOINT). */
#define CHECKPOINT_PAGES 1000
#define MAX_LOG_PAGES 4000

struct _GkServerCheckpointer
{
  GObject   parent_instance;

  sqlite3  *db;          /* its own connection, used on the thread only */
  GThread  *thread;
  GMutex    lock;        /* guards the three below */
  GCond     wake;
  gboolean  wanted;
  gboolean  stopping;
  guint     n_done;
};

G_DEFINE_FINAL_TYPE (GkServerCheckpointer, gk_server_checkpointer, G_TYPE_OBJECT)

/* On the writer's thread, after each commit: asks, and waits only when
 * the log has outgrown its bound. */
static int
wal_hook_cb (void       *data,
             sqlite3    *db,
             const char *name,
             int         n_pages)
{
  GkServerCheckpointer *self = data;

  if (n_pages < CHECKPOINT_PAGES)
    return SQLITE_OK;
  if (n_pages >= MAX_LOG_PAGES)
    return sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  g_mutex_lock (&self->lock);
  self->wanted = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
  return SQLITE_OK;
}

static gpointer
checkpointer_thread (gpointer user_data)
{
  GkServerCheckpointer *self = user_data;

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      if (!self->wanted)
        {
          g_cond_wait (&self->wake, &self->lock);
          continue;
        }
      self->wanted = FALSE;
      g_mutex_unlock (&self->lock);
      /* Passive: copies what no reader still needs, and waits for no one.
       * What it cannot copy now, the next one will. A failure (the disk
       * full, say) leaves the log as it is, and every commit in it. */
      if (sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
                                     NULL, NULL) != SQLITE_OK)
        g_warning ("Checkpoint failed: %s", sqlite3_errmsg (self->db));
      g_mutex_lock (&self->lock);
      self->n_done++;
    }
  g_mutex_unlock (&self->lock);

  return NULL;
}

static void
gk_server_checkpointer_finalize (GObject *object)
{
  GkServerCheckpointer *self = GK_SERVER_CHECKPOINTER (object);

  gk_server_checkpointer_stop (self);
  gk_server_db_close (self->db);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);

  G_OBJECT_CLASS (gk_server_checkpointer_parent_class)->finalize (object);
}

static void
gk_server_checkpointer_class_init (GkServerCheckpointerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gk_server_checkpointer_finalize;
}

static void
gk_server_checkpointer_init (GkServerCheckpointer *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
}

/**
 * gk_server_checkpointer_new:
 * @writer: the connection that writes, before its writer thread starts;
 *   it no longer checkpoints, and must not commit after
 *   gk_server_checkpointer_stop()
 * @path: the database's file
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a checkpointer, its thread
 *   running, or %NULL when its connection could not be opened
 */
GkServerCheckpointer *
gk_server_checkpointer_new (sqlite3     *writer,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(GkServerCheckpointer) self = g_object_new (GK_TYPE_SERVER_CHECKPOINTER, NULL);

  self->db = gk_server_db_open_path (path, SQLITE_OPEN_READWRITE, error);
  if (self->db == NULL)
    return NULL;
  /* Replaces the writer's automatic checkpoints (a WAL hook of its own). */
  sqlite3_wal_hook (writer, wal_hook_cb, self);
  /* The thread holds no reference: stop() joins it before finalize ends. */
  self->thread = g_thread_new ("gk-server-checkpointer", checkpointer_thread, self);
  return g_steal_pointer (&self);
}

/**
 * gk_server_checkpointer_get_n_done:
 * @self: a checkpointer
 *
 * Returns: how many checkpoints it has run
 */
guint
gk_server_checkpointer_get_n_done (GkServerCheckpointer *self)
{
  guint n;

  g_return_val_if_fail (GK_IS_SERVER_CHECKPOINTER (self), 0);

  g_mutex_lock (&self->lock);
  n = self->n_done;
  g_mutex_unlock (&self->lock);
  return n;
}

/**
 * gk_server_checkpointer_stop:
 * @self: a checkpointer
 *
 * Ends the thread, after the checkpoint it runs, if any. Call it once the
 * writer has stopped: the log left is checkpointed when the last
 * connection closes, or by the next start.
 */
void
gk_server_checkpointer_stop (GkServerCheckpointer *self)
{
  g_return_if_fail (GK_IS_SERVER_CHECKPOINTER (self));

  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
  g_thread_join (g_steal_pointer (&self->thread));
}
