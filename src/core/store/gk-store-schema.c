/* gk-store-schema.c: opening, setting aside and migrating the store's file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gk-store-private.h"

/* A connection is used by one thread at a time: the store's worker, or
 * the caller of the synchronous functions, never both (gk-store.h); its
 * prepared statements could not be shared anyway. SQLite's per-call mutex
 * would guard nothing and costs a tenth of loading a catalog. */
#define OPEN_FLAGS SQLITE_OPEN_NOMUTEX

/* Another instance of the editor may hold a write lock for a moment. */
#define BUSY_TIMEOUT_MS 5000

typedef gboolean (*Migration) (sqlite3 *db, GError **error);

typedef enum
{
  PROBE_OK,
  PROBE_FAILED,   /* leave the file alone; the error says why */
  PROBE_DAMAGED,
} Probe;

/*
 * Version 1. Items keep one column per element so that the file can be read
 * with any SQLite tool; the history keeps whole items as their canonical JSON
 * (docs/catalog-format.md) so that it does not have to follow schema changes.
 */
static gboolean
migrate_to_1 (sqlite3   *db,
              GError   **error)
{
  static const char sql[] =
    "CREATE TABLE meta ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  unit_name TEXT,"
    "  unit_kind TEXT NOT NULL DEFAULT 'county',"
    "  levels TEXT,"
    "  label TEXT"
    ");"
    "INSERT INTO meta (id) VALUES (1);"
    "CREATE TABLE items ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  domain TEXT NOT NULL,"
    "  level1 TEXT, level2 TEXT, level3 TEXT, code TEXT,"
    "  content TEXT, basis TEXT, time_limit TEXT, subject TEXT,"
    "  channels INTEGER NOT NULL DEFAULT 0,"
    "  channel_other TEXT,"
    "  audience INTEGER NOT NULL DEFAULT 0,"
    "  audience_desc TEXT,"
    "  method INTEGER NOT NULL DEFAULT 0,"
    "  levels TEXT NOT NULL DEFAULT '[]',"
    "  web_column TEXT, web_url TEXT, notes TEXT,"
    "  position INTEGER NOT NULL DEFAULT 0,"
    "  created INTEGER NOT NULL,"
    "  modified INTEGER NOT NULL"
    ");"
    "CREATE INDEX items_domain_position ON items (domain, position);"
    "CREATE TABLE history ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  step INTEGER NOT NULL,"
    "  item_id TEXT NOT NULL,"
    "  before_json TEXT,"
    "  after_json TEXT,"
    "  at INTEGER NOT NULL,"
    "  author TEXT,"
    "  state TEXT NOT NULL DEFAULT 'done'"
    "    CHECK (state IN ('done', 'undone', 'dropped'))"
    ");"
    "CREATE INDEX history_step ON history (step);"
    "CREATE INDEX history_state_step ON history (state, step);"
    "CREATE INDEX history_item ON history (item_id);";

  return gk_store_exec (db, sql, error);
}

/*
 * Version 2: the same history, with its CHECK written as comparisons. Opening
 * runs PRAGMA quick_check, which evaluates every CHECK on every row; a
 * constant `IN (…)` list is built into a temporary b-tree again for each row,
 * and that was two thirds of the check (measured with callgrind on 10,000
 * items: 147 → 56 million instructions). The constraint itself is unchanged.
 * The table is rebuilt (SQLite cannot alter a constraint), keeping row ids
 * and the AUTOINCREMENT counter.
 */
static gboolean
migrate_to_2 (sqlite3   *db,
              GError   **error)
{
  static const char sql[] =
    "CREATE TABLE history_new ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  step INTEGER NOT NULL,"
    "  item_id TEXT NOT NULL,"
    "  before_json TEXT,"
    "  after_json TEXT,"
    "  at INTEGER NOT NULL,"
    "  author TEXT,"
    "  state TEXT NOT NULL DEFAULT 'done'"
    "    CHECK (state = 'done' OR state = 'undone' OR state = 'dropped')"
    ");"
    "INSERT INTO history_new (id, step, item_id, before_json, after_json, at, author, state)"
    "  SELECT id, step, item_id, before_json, after_json, at, author, state FROM history;"
    "INSERT INTO sqlite_sequence (name, seq)"
    "  SELECT 'history_new', seq FROM sqlite_sequence WHERE name = 'history'"
    "  AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'history_new');"
    "UPDATE sqlite_sequence SET seq = max (seq, ifnull ((SELECT seq FROM sqlite_sequence"
    "  WHERE name = 'history'), 0)) WHERE name = 'history_new';"
    "DROP TABLE history;"
    "ALTER TABLE history_new RENAME TO history;"
    "CREATE INDEX history_step ON history (step);"
    "CREATE INDEX history_state_step ON history (state, step);"
    "CREATE INDEX history_item ON history (item_id);";

  return gk_store_exec (db, sql, error);
}

/*
 * Version 3: sync with the county server (docs/sync-protocol.md). Each item
 * records its owning department. item_base keeps the last server version
 * seen of each item, the base of the merge; the outbox the local changes
 * not yet answered by the server, one op per row, its fields a JSON array of
 * the keys it changed (their values are read from the item when it is sent,
 * see gk-store-outbox.c); sync_state the server's URL and id, the cursor,
 * the catalog, department and role (never the token: a copy of the file
 * must not let anyone push); conflicts the records pulled from the server.
 * Nothing existing changes: a store that never syncs has empty tables and
 * items of no department.
 */
static gboolean
migrate_to_3 (sqlite3   *db,
              GError   **error)
{
  static const char sql[] =
    "ALTER TABLE items ADD COLUMN dept TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE item_base ("
    "  item_id TEXT PRIMARY KEY NOT NULL,"
    "  rev INTEGER NOT NULL,"
    "  json TEXT,"
    "  deleted INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE outbox ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  op_id TEXT UNIQUE NOT NULL,"
    "  item_id TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind = 'create' OR kind = 'update' OR kind = 'delete'),"
    "  base_rev INTEGER,"
    "  fields TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'pending'"
    "    CHECK (state = 'pending' OR state = 'sent' OR state = 'rejected'),"
    "  reason TEXT,"
    "  created INTEGER NOT NULL"
    ");"
    "CREATE INDEX outbox_item ON outbox (item_id);"
    "CREATE TABLE sync_state ("
    "  key TEXT PRIMARY KEY NOT NULL,"
    "  value TEXT"
    ");"
    "CREATE TABLE conflicts ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  item_id TEXT NOT NULL,"
    "  json TEXT NOT NULL,"
    "  state TEXT NOT NULL"
    ");";

  return gk_store_exec (db, sql, error);
}

/*
 * Version 4: a full resync after the server was restored from a backup
 * (docs/sync-protocol.md, "What a client does"). When the PC notices the
 * restore, the bases move from item_base to resync_base: the last state
 * the old server acknowledged, to compare with what the restored server
 * sends; what it lacks is queued again (gk-store-resync.c). The rows stay
 * until their item is compared, so that a resync cut half-way by a crash
 * or the network goes on where it was. An op of the outbox may resolve a
 * conflict (`resolves`, its id). Nothing existing changes.
 */
static gboolean
migrate_to_4 (sqlite3   *db,
              GError   **error)
{
  static const char sql[] =
    "CREATE TABLE resync_base ("
    "  item_id TEXT PRIMARY KEY NOT NULL,"
    "  rev INTEGER NOT NULL,"
    "  json TEXT,"
    "  deleted INTEGER NOT NULL DEFAULT 0"
    ");"
    "ALTER TABLE outbox ADD COLUMN resolves TEXT;";

  return gk_store_exec (db, sql, error);
}

static const Migration migrations[] = {
  migrate_to_1,
  migrate_to_2,
  migrate_to_3,
  migrate_to_4,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == GK_STORE_SCHEMA_VERSION);

/* What the caller can do about a failure differs: a full disk and a
 * database another program holds are worth telling apart from a failed
 * write (sync retries the one, reports the other). */
static GkStoreError
error_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return GK_STORE_ERROR_FULL;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return GK_STORE_ERROR_BUSY;
    case SQLITE_READONLY:
      return GK_STORE_ERROR_READ_ONLY;
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return GK_STORE_ERROR_PERMISSION;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return GK_STORE_ERROR_DAMAGED;
    default:
      return GK_STORE_ERROR_IO;
    }
}

/**
 * gk_store_set_error:
 * @db: the connection whose last call failed
 * @error: return location for a #GError
 *
 * Sets @error from SQLite's last error on @db.
 *
 * Returns: %FALSE, so that callers can `return gk_store_set_error (…)`
 */
gboolean
gk_store_set_error (sqlite3  *db,
                    GError  **error)
{
  g_set_error (error, GK_STORE_ERROR,
               error_code (db != NULL ? sqlite3_extended_errcode (db) : SQLITE_NOMEM),
               _("Database error: %s"),
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (SQLITE_NOMEM));
  return FALSE;
}

/**
 * gk_store_exec:
 * @db: a connection
 * @sql: statements without results
 * @error: return location for a #GError
 *
 * Returns: whether all of @sql ran
 */
gboolean
gk_store_exec (sqlite3     *db,
               const char  *sql,
               GError     **error)
{
  char *message = NULL;
  int rc;

  if ((rc = sqlite3_exec (db, sql, NULL, NULL, &message)) == SQLITE_OK)
    return TRUE;

  g_set_error (error, GK_STORE_ERROR, error_code (rc),
               _("Database error: %s"),
               message != NULL ? message : sqlite3_errmsg (db));
  sqlite3_free (message);
  return FALSE;
}

/* Runs a one-row statement and returns its first column as text, or NULL
 * with @rc set to what went wrong. */
static char *
query_text (sqlite3    *db,
            const char *sql,
            int        *rc)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  *rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (*rc == SQLITE_OK)
    {
      *rc = sqlite3_step (stmt);
      if (*rc == SQLITE_ROW)
        {
          text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          *rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return text;
}

static gboolean
is_busy (int rc)
{
  rc &= 0xff;
  return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

/* Whether @saved_errno says that permissions forbid what was tried: the
 * mode of a file or folder, or a read-only file system. */
static gboolean
is_permission_errno (int saved_errno)
{
  return saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS;
}

/* Whether SQLite failed for want of permission rather than because of what
 * the file holds: "unable to open database file" says neither. */
static gboolean
is_permission_problem (sqlite3 *db,
                       int      rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return TRUE;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      return db != NULL && is_permission_errno (sqlite3_system_errno (db));
    default:
      return FALSE;
    }
}

/* @detail is what SQLite said, if it said anything. */
static void
set_permission_error (GError     **error,
                      const char  *path,
                      const char  *detail)
{
  if (detail == NULL)
    g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_PERMISSION,
                 _("You do not have permission to read “%s”. It was left as it is: check "
                   "the permissions of the file and of its folder."), path);
  else
    g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_PERMISSION,
                 _("You do not have permission to open “%s” (%s). It was left as it is: "
                   "check the permissions of the file and of its folder."), path, detail);
}

/* Why the file could not be opened or checked: when it is busy or may not
 * be used, @error says so and the file is left alone; anything else is
 * damage, and @reason says what. */
static Probe
explain_failure (const char  *path,
                 sqlite3     *db,
                 int          rc,
                 gboolean     opened,
                 const char  *check,
                 char       **reason,
                 GError     **error)
{
  const char *message = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if (is_busy (rc))
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
                   _("The database is in use by another program: %s"), message);
      return PROBE_FAILED;
    }
  if (is_permission_problem (db, rc))
    {
      set_permission_error (error, path, message);
      return PROBE_FAILED;
    }

  if (!opened)
    *reason = g_strdup_printf (_("The database could not be opened: %s."), message);
  else
    *reason = g_strdup_printf (_("The database is damaged: %s."),
                               rc != SQLITE_OK ? message : check);
  return PROBE_DAMAGED;
}

/*
 * Looks at the existing file @path without changing it: no checkpoint on
 * close, and nothing is written before the checks pass. @filename is @path,
 * or a URI for it, opened with @flags. On PROBE_OK @out_db is the open
 * connection; on PROBE_DAMAGED @reason says why the file must be set aside;
 * on PROBE_FAILED (locked, not permitted, or newer) @error is set.
 *
 * A file of a newer schema is not damaged, and only its user may decide to
 * put it away (to start a new catalog, or to keep it for the newer version):
 * nothing here moves it.
 */
static Probe
probe (const char  *path,
       const char  *filename,
       int          flags,
       sqlite3    **out_db,
       char       **reason,
       GError     **error)
{
  sqlite3 *db = NULL;
  g_autofree char *version = NULL;
  g_autofree char *check = NULL;
  gboolean opened;
  Probe result;
  int rc;

  rc = sqlite3_open_v2 (filename, &db, flags | OPEN_FLAGS, NULL);
  opened = rc == SQLITE_OK;
  if (opened)
    {
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      version = query_text (db, "PRAGMA user_version", &rc);
    }

  if (rc == SQLITE_OK && g_ascii_strtoll (version, NULL, 10) > GK_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_NEWER,
                   _("“%s” was written by a newer version of Gongkai (schema %s; this version "
                     "knows schema %d). It was left as it is: open it with that version, or, "
                     "to start a new catalog here, move it away first."),
                   path, version, GK_STORE_SCHEMA_VERSION);
      sqlite3_close (db);
      return PROBE_FAILED;
    }
  /* The whole file, before anything reads or writes it. SQLite cannot
   * restrict the check to some tables without giving up the checks that
   * span the file (pages used twice, the freelist), and checking after the
   * catalog is shown would let the user edit a catalog from a file that is
   * then taken away. It costs 1–2 ms per MiB (see migrate_to_2() and
   * bench/README.md). */
  if (rc == SQLITE_OK)
    check = query_text (db, "PRAGMA quick_check", &rc);

  if (rc == SQLITE_OK && g_strcmp0 (check, "ok") == 0)
    {
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
      *out_db = db;
      return PROBE_OK;
    }

  result = explain_failure (path, db, rc, opened, check, reason, error);
  sqlite3_close (db);
  return result;
}

/* A free name like gongkai-damaged-20261125-142501.db next to @path. */
static char *
make_aside_path (const char *path,
                 const char *why)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  for (guint i = 1; ; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *candidate = NULL;

      if (i == 1)
        name = g_strdup_printf ("gongkai-%s-%s.db", why, stamp);
      else
        name = g_strdup_printf ("gongkai-%s-%s-%u.db", why, stamp, i);
      candidate = g_build_filename (dir, name, NULL);

      if (!g_file_test (candidate, G_FILE_TEST_EXISTS)
          && !g_file_test (candidate, G_FILE_TEST_IS_SYMLINK))
        return g_steal_pointer (&candidate);
    }
}

/*
 * Moves the file and its -wal and -shm companions (which belong to it: a
 * -wal left behind could be replayed into the new file). Either all move or
 * none does.
 */
static gboolean
move_aside (const char  *path,
            const char  *aside,
            GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  gboolean moved[G_N_ELEMENTS (suffixes)] = { FALSE, };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);
      int saved_errno;

      if (i > 0 && !g_file_test (from, G_FILE_TEST_EXISTS))
        continue;
      if (g_rename (from, to) == 0)
        {
          moved[i] = TRUE;
          continue;
        }

      saved_errno = errno;
      for (guint j = 0; j < i; j++)
        {
          g_autofree char *back_from = g_strconcat (aside, suffixes[j], NULL);
          g_autofree char *back_to = g_strconcat (path, suffixes[j], NULL);

          if (moved[j] && g_rename (back_from, back_to) != 0)
            g_warning ("Could not move %s back to %s: %s",
                       back_from, back_to, g_strerror (errno));
        }
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
                   _("Could not keep the unusable database “%s” aside: %s"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static gboolean
configure (sqlite3  *db,
           GError  **error)
{
  g_autofree char *mode = NULL;
  int rc;

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (db, 1);

  mode = query_text (db, "PRAGMA journal_mode = WAL", &rc);
  if (rc != SQLITE_OK)
    return gk_store_set_error (db, error);
  if (g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
                   _("The database cannot use write-ahead logging (mode “%s”)."), mode);
      return FALSE;
    }

  return gk_store_exec (db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", error);
}

static gboolean
migrate (sqlite3  *db,
         GError  **error)
{
  g_autofree char *text = NULL;
  gint64 version;
  int rc;

  text = query_text (db, "PRAGMA user_version", &rc);
  if (rc != SQLITE_OK)
    return gk_store_set_error (db, error);
  version = g_ascii_strtoll (text, NULL, 10);

  for (; version < GK_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *set_version = NULL;

      /* user_version is part of the transaction: a step is all or nothing. */
      set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version + 1);
      if (!gk_store_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!migrations[version] (db, error) || !gk_store_exec (db, set_version, error))
        {
          gk_store_exec (db, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!gk_store_exec (db, "COMMIT", error))
        {
          gk_store_exec (db, "ROLLBACK", NULL);
          return FALSE;
        }
    }

  return TRUE;
}

static sqlite3 *
create_fresh (const char  *path,
              GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | OPEN_FLAGS,
                        NULL);
  if (rc != SQLITE_OK)
    {
      gboolean denied = is_permission_problem (db, rc);

      g_set_error (error, GK_STORE_ERROR,
                   denied ? GK_STORE_ERROR_PERMISSION : GK_STORE_ERROR_IO,
                   _("Could not create the database “%s”: %s"), path,
                   denied ? g_strerror (sqlite3_system_errno (db))
                   : db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  if (!configure (db, error) || !migrate (db, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

/* Sets the file aside and returns a new one; @why names the aside copy. */
static sqlite3 *
replace_file (const char  *path,
              const char  *why,
              char       **set_aside_path,
              GError     **error)
{
  g_autofree char *aside = make_aside_path (path, why);

  if (!move_aside (path, aside, error))
    return NULL;

  *set_aside_path = g_steal_pointer (&aside);
  return create_fresh (path, error);
}

/* The files SQLite keeps next to the database while it is in use. */
static const char * const companions[] = { "-wal", "-shm" };

/*
 * Checks the permissions before SQLite tries, with the process's effective
 * ids as SQLite will have them. Returns FALSE with @error when the file or
 * a companion may not be read. Otherwise sets @read_only_reason when one of
 * them, or the folder where SQLite creates them, may not be written.
 */
static gboolean
check_access (const char  *path,
              char       **read_only_reason,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  for (guint i = 0; i <= G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *file = g_strconcat (path, i > 0 ? companions[i - 1] : "", NULL);

      if (i > 0 && !g_file_test (file, G_FILE_TEST_EXISTS))
        continue;
      if (faccessat (AT_FDCWD, file, R_OK, AT_EACCESS) != 0
          && is_permission_errno (errno))
        {
          set_permission_error (error, file, NULL);
          return FALSE;
        }
      if (*read_only_reason == NULL && faccessat (AT_FDCWD, file, W_OK, AT_EACCESS) != 0
          && is_permission_errno (errno))
        *read_only_reason = g_strdup_printf (_("You do not have permission to change “%s”, "
                                               "so the catalog is open read-only: it can be "
                                               "read, but changes cannot be saved."), file);
    }

  if (*read_only_reason == NULL && faccessat (AT_FDCWD, dir, W_OK, AT_EACCESS) != 0
      && is_permission_errno (errno))
    *read_only_reason = g_strdup_printf (_("You do not have permission to change the folder "
                                           "“%s”, so the catalog is open read-only: it can be "
                                           "read, but changes cannot be saved."), dir);
  return TRUE;
}

/* SQLite takes parameters only in a URI. */
static char *
make_read_only_uri (const char *path,
                    gboolean    immutable)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);

  return g_strconcat (uri, immutable ? "?mode=ro&immutable=1" : "?mode=ro", NULL);
}

/*
 * Opens @path to read it only; SQLite then never writes it. When we may not
 * write there (!@may_write) and no -wal holds changes, it is opened
 * "immutable": SQLite reads the file alone and makes no -wal and -shm. In a
 * read-only folder it could not make them, and next to a read-only file it
 * would leave them read-only, which would refuse the owner's next change
 * once the file may be written again; and no writer of ours can be at work
 * on a file we may not write. Otherwise SQLite reads the -wal through the
 * -shm with the usual locks, and leaves them, as any reader of the file does.
 */
static sqlite3 *
open_read_only (const char  *path,
                gboolean     may_write,
                GError     **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *version = NULL;
  sqlite3 *db = NULL;
  GStatBuf st;
  int rc;

  uri = make_read_only_uri (path, !may_write && (g_stat (wal, &st) != 0 || st.st_size == 0));
  if (probe (path, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &db, &reason,
             error) == PROBE_DAMAGED)
    g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_DAMAGED,
                 _("“%s” cannot be used: %s It was left as it is."), path, reason);

  /* Schema 0 has no tables: a file whose creation was cut short, which
   * opening it to write would complete. */
  if (db != NULL && g_strcmp0 (version = query_text (db, "PRAGMA user_version", &rc), "0") == 0)
    {
      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
                   _("There is no catalog in “%s” yet."), path);
      g_clear_pointer (&db, sqlite3_close);
    }
  return db;
}

/* Opens @path to read and write it, brought to the current schema; sets an
 * unusable file aside. */
static sqlite3 *
open_read_write (GkStore  *self,
                 GError  **error)
{
  g_autofree char *reason = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3 *db = NULL;
  Probe result;
  int rc;

  result = probe (self->path, self->path, SQLITE_OPEN_READWRITE, &db, &reason, error);
  if (result == PROBE_FAILED)
    return NULL;

  if (result == PROBE_OK)
    {
      if (configure (db, &local_error) && migrate (db, &local_error))
        return db;

      /* A file we cannot bring up to date is as unusable as a damaged one;
       * a locked one is only busy, and one we may not write is not ours to
       * move. */
      rc = sqlite3_extended_errcode (db);
      if (is_permission_problem (db, rc))
        {
          set_permission_error (error, self->path, sqlite3_errmsg (db));
          sqlite3_close (db);
          return NULL;
        }
      sqlite3_close (db);
      if (is_busy (rc))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      reason = g_strdup_printf (_("The database could not be upgraded: %s"),
                                local_error->message);
    }

  db = replace_file (self->path, "damaged", &self->set_aside_path, error);
  if (db != NULL)
    self->set_aside_reason = g_steal_pointer (&reason);
  return db;
}

/*
 * Opens the database of @self as self->db, only to read it when @read_only,
 * and sets self->set_aside_path and _reason, or self->read_only_reason, when
 * they apply.
 *
 * To write, the file is created if needed, configured and migrated to
 * %GK_STORE_SCHEMA_VERSION; a damaged file is moved aside, never changed,
 * and replaced by a new one, and a newer one is an error. A file that may
 * be read but not written (see check_access()) is opened read-only instead.
 *
 * Read-only, nothing is created, migrated, moved or written: a file that
 * cannot be used is an error. An older schema is read as it is: versions 1
 * and 2 have the same items and meta tables, whose items have no department
 * (see gk_store_prepare_statements()).
 */
static gboolean
open_file (GkStore   *self,
           gboolean   read_only,
           GError   **error)
{
  GStatBuf st;

  if (g_stat (self->path, &st) != 0 && errno == ENOENT)
    {
      if (read_only)
        g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
                     _("There is no catalog in “%s” yet."), self->path);
      else
        self->db = create_fresh (self->path, error);
      return self->db != NULL;
    }

  if (!check_access (self->path, &self->read_only_reason, error))
    return FALSE;
  if (self->read_only_reason == NULL && !read_only)
    self->db = open_read_write (self, error);
  else
    self->db = open_read_only (self->path, self->read_only_reason == NULL, error);

  if (self->db == NULL)
    g_clear_pointer (&self->read_only_reason, g_free);
  else if (self->read_only_reason == NULL && read_only)
    self->read_only_reason = g_strdup_printf (_("“%s” is open read-only: it can be read, but "
                                                "changes cannot be saved."), self->path);
  return self->db != NULL;
}

/**
 * gk_store_dup_set_aside_advice:
 * @self: a store
 *
 * Returns: (transfer full) (nullable): after an open that set an unusable
 *   database aside, a translated paragraph saying where it went and how to
 *   recover what it holds; %NULL when nothing was set aside
 */
char *
gk_store_dup_set_aside_advice (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  if (self->set_aside_path == NULL)
    return NULL;
  return g_strdup_printf (_("It was moved, unchanged, to “%s” with its -wal and -shm files, and a "
                            "new, empty catalog was started. To recover what it holds, quit "
                            "Gongkai, salvage a copy of it with SQLite (for example: sqlite3 "
                            "COPY .recover | sqlite3 repaired.db) and put the result in place of "
                            "“%s”, which replaces the new catalog."),
                          self->set_aside_path, self->path);
}

static gboolean
open_database (GkStore   *self,
               gboolean   read_only,
               GError   **error)
{
  gint64 n_history = 0;

  if (self->db != NULL)
    return TRUE;

  if (!read_only && g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, GK_STORE_ERROR,
                   is_permission_errno (saved_errno)
                   ? GK_STORE_ERROR_PERMISSION : GK_STORE_ERROR_IO,
                   _("Could not create the folder “%s”: %s"),
                   self->data_dir, g_strerror (saved_errno));
      return FALSE;
    }

  g_clear_pointer (&self->set_aside_path, g_free);
  g_clear_pointer (&self->set_aside_reason, g_free);
  g_clear_pointer (&self->read_only_reason, g_free);
  if (!open_file (self, read_only, error))
    return FALSE;

  if (!gk_store_prepare_statements (self, error)
      || !gk_store_query_int64 (self, "SELECT count(*) FROM history", &n_history, error))
    {
      gk_store_clear_statements (self);
      g_clear_pointer (&self->db, sqlite3_close);
      g_clear_pointer (&self->read_only_reason, g_free);
      return FALSE;
    }

  g_atomic_int_set (&self->n_history, (int) n_history);
  gk_store_refresh_flags (self);
  return TRUE;
}

/**
 * gk_store_open:
 * @self: a store
 * @error: return location for a #GError
 *
 * Opens the database, creating its directory and file if needed and
 * bringing it to the current schema. An unusable file is set aside first
 * (see gk_store_get_set_aside_path()). A file that may be read but not
 * written is opened read-only (see gk_store_get_read_only_reason()).
 * Opening an open store does nothing.
 *
 * Returns: whether the store is open
 */
gboolean
gk_store_open (GkStore  *self,
               GError  **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return open_database (self, FALSE, error);
}

/**
 * gk_store_open_read_only:
 * @self: a store
 * @error: return location for a #GError
 *
 * Opens the database to read it, for commands that only read: nothing is
 * created, migrated, set aside or written, and a file that cannot be read
 * (missing, damaged, newer, not permitted) is an error. Every change is
 * refused with %GK_STORE_ERROR_READ_ONLY.
 *
 * Returns: whether the store is open
 */
gboolean
gk_store_open_read_only (GkStore  *self,
                         GError  **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return open_database (self, TRUE, error);
}
