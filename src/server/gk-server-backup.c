/* gk-server-backup.c: backups of the server's database, and restoring one
 *
 * A backup is SQLite's online backup (sqlite3_backup_*) of the database
 * in one step: one read transaction, so the copy is one committed state,
 * and in WAL mode the server's writer is never held up by it. It is
 * written by gk_file_replace() (a temporary file beside the output,
 * synced, then renamed), and made a file on its own (journal_mode DELETE:
 * no -wal to keep beside it).
 *
 * A restore copies the backup into the server's folder, checks the copy
 * (integrity_check, a schema this version knows, the meta rows) and gives
 * it a new server_id, all before the database in use is touched; then it
 * checkpoints that database (its -wal folded in), sets it aside as
 * gongkai-server.db.before-restore-YYYYmmdd-HHMMSS and renames the copy
 * into its place. The new server_id tells every PC that the server went
 * back in time: its next sync answers 410, the PC reads the whole catalog
 * again and sends what the server lacks. A running server reads the id
 * once, so a restore refuses while `serve` holds the folder's lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gk-file.h"
#include "gk-server-backup.h"
#include "gk-server-db.h"
#include "gk-server-lock.h"

/* The keys every database of gongkai-server has in its meta table. */
static const char * const meta_keys[] = { "server_id", "seq", "created_at" };

/* Copies all of @source into the database at @dest_path in one step, and
 * leaves it without a -wal. */
static gboolean
copy_database (sqlite3     *source,
               const char  *dest_path,
               GError     **error)
{
  sqlite3 *dest = gk_server_db_open_path (dest_path,
                                          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  sqlite3_backup *backup;
  gboolean done;

  if (dest == NULL)
    return FALSE;

  backup = sqlite3_backup_init (dest, "main", source, "main");
  if (backup == NULL)
    {
      gk_server_db_set_error (dest, error);
      gk_server_db_close (dest);
      return FALSE;
    }
  /* -1: every page in one read transaction of @source. */
  done = sqlite3_backup_step (backup, -1) == SQLITE_DONE;
  if (sqlite3_backup_finish (backup) != SQLITE_OK || !done)
    {
      gk_server_db_set_error (dest, error);
      gk_server_db_close (dest);
      return FALSE;
    }

  done = gk_server_db_exec (dest, "PRAGMA journal_mode = DELETE", error);
  gk_server_db_close (dest);
  return done;
}

static gboolean
write_backup (int          fd,
              const char  *path,
              gpointer     user_data,
              GError     **error)
{
  return copy_database (user_data, path, error);
}

static gboolean
same_file (const struct stat *a,
           const char        *path)
{
  struct stat b;

  return g_stat (path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* Never over the live database, its -wal or -shm, by any name. */
static gboolean
check_output (const char  *data_dir,
              const char  *output,
              GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  struct stat st;

  if (g_stat (output, &st) != 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (GK_SERVER_DB_NAME, suffixes[i], NULL);
      g_autofree char *live = g_build_filename (data_dir, name, NULL);

      if (same_file (&st, live))
        {
          g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_INVALID,
                       _("“%s” is the server’s database: a backup never goes over it."),
                       output);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * gk_server_backup_write:
 * @data_dir: the server's folder
 * @output: the backup file, replaced if it exists (the caller asks first)
 * @error: return location for a #GError
 *
 * Copies the database into @output, while the server serves if it does.
 *
 * Returns: whether @output holds the backup; else it is as it was
 */
gboolean
gk_server_backup_write (const char  *data_dir,
                        const char  *output,
                        GError     **error)
{
  sqlite3 *source;
  gboolean done;

  if (!check_output (data_dir, output, error))
    return FALSE;
  /* Opens the database to write it once, so that its schema is the
   * newest: a backup is restored by this version. */
  source = gk_server_db_open (data_dir, FALSE, error);
  if (source == NULL)
    return FALSE;

  done = gk_file_replace (output, write_backup, source, error);
  gk_server_db_close (source);
  return done;
}

static gboolean
query_text (sqlite3     *db,
            const char  *sql,
            char       **text,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!gk_server_db_prepare (db, sql, &stmt, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return gk_server_db_set_error (db, error);

  *text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
}

static gboolean
not_ours (const char  *input,
          const char  *why,
          GError     **error)
{
  g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_INVALID,
               _("“%s” is not a backup of gongkai-server (%s). Nothing was changed."), input,
               why);
  return FALSE;
}

/* The checks of a copy of a backup, and its new server_id. */
static gboolean
check_copy (sqlite3     *db,
            const char  *input,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *result = NULL;
  gint64 version;

  if (!query_text (db, "PRAGMA integrity_check", &result, &local_error))
    return not_ours (input, local_error->message, error);
  if (!g_str_equal (result, "ok"))
    {
      g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_INVALID,
                   _("The backup “%s” is damaged (%s). Nothing was changed."), input, result);
      return FALSE;
    }

  if (!gk_server_db_check_version (db, input, &version, error))
    {
      g_prefix_error (error, _("Nothing was changed. "));
      return FALSE;
    }
  if (version < 1)
    return not_ours (input, _("it has no schema version"), error);

  for (guint i = 0; i < G_N_ELEMENTS (meta_keys); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT value FROM meta WHERE key = '%s'",
                                              meta_keys[i]);
      g_autofree char *value = NULL;

      g_clear_error (&local_error);
      if (!query_text (db, sql, &value, &local_error))
        return not_ours (input, _("its meta table is missing or incomplete"), error);
    }

  return gk_server_db_exec (db, "UPDATE meta SET value = lower (hex (randomblob (16)))"
                                " WHERE key = 'server_id'", error);
}

/* Copies @input to @copy_path, checks the copy and gives it a new id. */
static gboolean
prepare_copy (const char  *input,
              const char  *copy_path,
              char       **server_id,
              GError     **error)
{
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3 *source;
  sqlite3 *copy;
  gboolean done;

  if (!g_file_test (input, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no file “%s”. Nothing was changed."), input);
      return FALSE;
    }

  /* Read-only: the backup is never changed, nor anything made beside it. */
  escaped = g_uri_escape_string (input, "/", TRUE);
  uri = g_strconcat ("file:", escaped, "?mode=ro", NULL);
  source = gk_server_db_open_path (uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, error);
  if (source == NULL)
    return FALSE;
  done = copy_database (source, copy_path, &local_error);
  gk_server_db_close (source);
  if (!done)
    return not_ours (input, local_error->message, error);

  copy = gk_server_db_open_path (copy_path, SQLITE_OPEN_READWRITE, error);
  if (copy == NULL)
    return FALSE;
  done = check_copy (copy, input, error)
         && query_text (copy, "SELECT value FROM meta WHERE key = 'server_id'", server_id,
                        error);
  gk_server_db_close (copy);
  return done;
}

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not set “%s” aside: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/* Folds the -wal into the database, so that the file set aside holds
 * every commit on its own. */
static gboolean
checkpoint (const char  *live,
            GError     **error)
{
  sqlite3 *db = gk_server_db_open_path (live, SQLITE_OPEN_READWRITE, error);
  gboolean done;

  if (db == NULL)
    return FALSE;
  done = gk_server_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", error);
  gk_server_db_close (db);
  return done;
}

/* Renames the database, and its -wal and -shm if left, to @aside. */
static gboolean
set_aside (const char  *live,
           const char  *aside,
           GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (live, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_rename (from, to) != 0 && (errno != ENOENT || i == 0))
        return set_errno_error (error, errno, from);
    }

  return TRUE;
}

static char *
make_aside_name (const char *live)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  return g_strconcat (live, ".before-restore-", stamp, NULL);
}

/**
 * gk_server_backup_restore:
 * @data_dir: the server's folder, which no server serves
 * @input: a backup
 * @aside: (out) (transfer full): where the database in use was set aside,
 *   %NULL when there was none
 * @server_id: (out) (transfer full): the restored database's new id
 * @error: return location for a #GError
 *
 * Puts a copy of @input in the place of the server's database.
 *
 * Returns: whether the backup was restored; else nothing changed
 */
gboolean
gk_server_backup_restore (const char  *data_dir,
                          const char  *input,
                          char       **aside,
                          char       **server_id,
                          GError     **error)
{
  g_autofree char *live = g_build_filename (data_dir, GK_SERVER_DB_NAME, NULL);
  g_autofree char *lock_path = g_build_filename (data_dir, GK_SERVER_LOCK_NAME, NULL);
  g_autofree char *copy_path = NULL;
  g_autofree char *aside_path = NULL;
  gboolean had_live = g_file_test (live, G_FILE_TEST_EXISTS);
  int lock_fd;
  gboolean done;

  *aside = NULL;
  *server_id = NULL;
  if (!g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no folder “%s”."), data_dir);
      return FALSE;
    }
  lock_fd = gk_server_lock_take (lock_path, _("gongkai-server serves this folder: stop it "
                                              "before restoring (systemctl stop "
                                              "gongkai-server). Nothing was changed."), error);
  if (lock_fd < 0)
    return FALSE;

  copy_path = g_strdup_printf ("%s.restore-%08x.tmp", live, g_random_int ());
  done = prepare_copy (input, copy_path, server_id, error);
  if (done && had_live)
    {
      aside_path = make_aside_name (live);
      done = checkpoint (live, error) && set_aside (live, aside_path, error);
    }
  if (done && g_rename (copy_path, live) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not put the backup in place of “%s”: %s"), live,
                   g_strerror (saved_errno));
      if (aside_path != NULL)
        g_rename (aside_path, live);
      done = FALSE;
    }

  g_unlink (copy_path);
  gk_server_lock_release (lock_fd);
  if (!done)
    {
      g_clear_pointer (server_id, g_free);
      return FALSE;
    }

  *aside = g_steal_pointer (&aside_path);
  return TRUE;
}
