/* gk-server-schema.c: creating, opening and migrating the server's database
 *
 * The schema (version 1, then 2 below; times are Unix seconds, UTC):
 *
 *   meta        key → value: server_id (random, made with the database; a
 *               restore makes a new one, so that clients know to pull
 *               everything again), seq (the last change number given),
 *               created_at.
 *   catalog     id, unit, levels (a JSON array of names), created_at: a
 *               county's catalog, or a township's published through the
 *               county portal.
 *   dept        id, catalog_id, name, created_at: a department contributes
 *               to exactly one catalog.
 *   token       id (shown to administrators and in the access log), hash
 *               (SHA-256 of the token: the token itself is never stored),
 *               catalog_id, dept_id (NULL for the county office), role
 *               ('department' or 'office'), label, created_at,
 *               last_used_at, revoked_at.
 *   item        id (the client's UUID), catalog_id, dept_id (from the token
 *               that created it, never changed), rev (1, then +1 per
 *               accepted change), seq (the change's number: unique, given
 *               inside the write transaction by the one writer, so commit
 *               order is seq order), deleted (a tombstone, kept), fields
 *               (the item object as gk_item_write_json() writes it, with
 *               its dept; until version 5), updated_at, updated_by (a
 *               token id). The change feed reads (catalog_id, seq).
 *   item_rev    item_id, rev, seq, deleted, fields, op_id, token_id, at:
 *               every revision of every item, the merge base of a client's
 *               change and the audit trail.
 *   applied_op  op_id, item_id, dept_id, token_id, op_hash (SHA-256 of the
 *               op as received: an op_id sent again with another op is
 *               refused), result (the JSON answered, answered again to a
 *               retry; since version 4, see below), seq (of the change it
 *               made, NULL for none; since version 4, of the revision its
 *               state is), at: written in the transaction that applies the
 *               op, so that a retry never applies it twice.
 *   conflict    id, catalog_id, item_id, dept_id, op_id, kind, base_rev,
 *               server_rev, fields (JSON: per field base, mine and theirs,
 *               which is kept), state ('open' until an edit names it),
 *               resolved_by_op, created_at, resolved_at: nothing a client
 *               sent is dropped without one.
 *
 * Version 2 (the push): item_rev.changed, the keys of the fields the
 * revision changed (a JSON array; the history lists them), and an index
 * of conflicts by catalog and state, for the county office's list.
 *
 * Version 3 (speed, bench/README.md): item_rev is an ordinary table with
 * its (item_id, rev) key as an index. As a WITHOUT ROWID table its rows of
 * ~1 KB overflowed the b-tree's cells (SQLite keeps rows of such tables
 * under ~1/20 of a page in the tree itself), and were inserted at random
 * places by item id: 4.5 KB of pages per revision, and as many pages
 * written to the log. Now a revision is appended, and only its short key
 * lands at a random place.
 *
 * Version 4 (speed, bench/README.md): no table changes; what applied_op
 * holds. A result without a conflict keeps only its name, "applied",
 * "merged" or "noop", and seq the revision of its state (the change it
 * made, or the one a noop met); a retry's answer is made again from that
 * revision, the same bytes. Each op wrote its item a third time in its
 * kept answer before. Rows written before keep their whole JSON (it
 * starts with "{") and are answered as they are. The version keeps an
 * older server, which would answer a name as the whole result, from
 * opening the database.
 *
 * Version 5 (speed, bench/README.md): item has no fields; its newest
 * revision's item_rev row holds them (item.rev names it). Each change
 * wrote the item object twice, in item and in item_rev: a third of what a
 * push wrote to the log. Readers join item_rev on (item_id, rev), its key.
 *
 * Every later change is one more migrate_to_N (literal SQL: migrations are
 * history) run in its own transaction with the new user_version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gk-server-db.h"

/* Each connection is used by one thread: the writer's by the writer
 * thread, the reader's by the main loop, an administration command's by
 * main(). SQLite's per-call mutex would guard nothing. */
#define OPEN_FLAGS SQLITE_OPEN_NOMUTEX

/* An administration command may hold the write lock for a moment. */
#define BUSY_TIMEOUT_MS 5000

/* Each connection's page cache and memory map (bench/README.md). With
 * SQLite's 2 MiB default, a push re-read from the file most of the pages
 * of the indexes it inserted into at random places (keyed by UUIDs);
 * reading the database file through a map saves a copy per page. Pages
 * still in the write-ahead log are read as before. */
#define SETTINGS_SQL "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824;"

typedef gboolean (*Migration) (sqlite3 *db, GError **error);

static gboolean
migrate_to_1 (sqlite3  *db,
              GError  **error)
{
  static const char sql[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value NOT NULL) WITHOUT ROWID;"
    "INSERT INTO meta (key, value) VALUES"
    "  ('server_id', lower (hex (randomblob (16)))), ('seq', 0), ('created_at', unixepoch ());"
    "CREATE TABLE catalog ("
    "  id TEXT PRIMARY KEY NOT NULL, unit TEXT NOT NULL, levels TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL);"
    "CREATE TABLE dept ("
    "  id TEXT PRIMARY KEY NOT NULL, catalog_id TEXT NOT NULL REFERENCES catalog (id),"
    "  name TEXT NOT NULL, created_at INTEGER NOT NULL);"
    "CREATE INDEX dept_catalog ON dept (catalog_id);"
    "CREATE TABLE token ("
    "  id TEXT PRIMARY KEY NOT NULL, hash BLOB NOT NULL UNIQUE,"
    "  catalog_id TEXT NOT NULL REFERENCES catalog (id), dept_id TEXT REFERENCES dept (id),"
    "  role TEXT NOT NULL CHECK (role = 'department' OR role = 'office'),"
    "  label TEXT, created_at INTEGER NOT NULL, last_used_at INTEGER, revoked_at INTEGER,"
    "  CHECK ((role = 'department') = (dept_id IS NOT NULL)));"
    "CREATE TABLE item ("
    "  id TEXT PRIMARY KEY NOT NULL, catalog_id TEXT NOT NULL REFERENCES catalog (id),"
    "  dept_id TEXT NOT NULL REFERENCES dept (id), rev INTEGER NOT NULL CHECK (rev >= 1),"
    "  seq INTEGER NOT NULL UNIQUE,"
    "  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted = 0 OR deleted = 1),"
    "  fields TEXT NOT NULL, updated_at INTEGER NOT NULL, updated_by TEXT);"
    "CREATE INDEX item_catalog_seq ON item (catalog_id, seq);"
    "CREATE TABLE item_rev ("
    "  item_id TEXT NOT NULL REFERENCES item (id), rev INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL, deleted INTEGER NOT NULL, fields TEXT NOT NULL,"
    "  op_id TEXT, token_id TEXT, at INTEGER NOT NULL,"
    "  PRIMARY KEY (item_id, rev)) WITHOUT ROWID;"
    "CREATE TABLE applied_op ("
    "  op_id TEXT PRIMARY KEY NOT NULL, item_id TEXT NOT NULL, dept_id TEXT,"
    "  token_id TEXT NOT NULL, op_hash BLOB NOT NULL, result TEXT NOT NULL,"
    "  seq INTEGER, at INTEGER NOT NULL);"
    "CREATE TABLE conflict ("
    "  id TEXT PRIMARY KEY NOT NULL, catalog_id TEXT NOT NULL REFERENCES catalog (id),"
    "  item_id TEXT NOT NULL, dept_id TEXT NOT NULL, op_id TEXT NOT NULL, kind TEXT NOT NULL,"
    "  base_rev INTEGER, server_rev INTEGER, fields TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'open', resolved_by_op TEXT,"
    "  created_at INTEGER NOT NULL, resolved_at INTEGER);"
    "CREATE INDEX conflict_dept_state ON conflict (dept_id, state);"
    "CREATE INDEX conflict_item ON conflict (item_id);";

  return gk_server_db_exec (db, sql, error);
}

static gboolean
migrate_to_2 (sqlite3  *db,
              GError  **error)
{
  static const char sql[] =
    "ALTER TABLE item_rev ADD COLUMN changed TEXT NOT NULL DEFAULT '[]';"
    "CREATE INDEX conflict_catalog_state ON conflict (catalog_id, state);";

  return gk_server_db_exec (db, sql, error);
}

static gboolean
migrate_to_3 (sqlite3  *db,
              GError  **error)
{
  static const char sql[] =
    "CREATE TABLE item_rev_3 ("
    "  item_id TEXT NOT NULL REFERENCES item (id), rev INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL, deleted INTEGER NOT NULL, fields TEXT NOT NULL,"
    "  op_id TEXT, token_id TEXT, at INTEGER NOT NULL, changed TEXT NOT NULL DEFAULT '[]',"
    "  PRIMARY KEY (item_id, rev));"
    "INSERT INTO item_rev_3 (item_id, rev, seq, deleted, fields, op_id, token_id, at, changed)"
    "  SELECT item_id, rev, seq, deleted, fields, op_id, token_id, at, changed FROM item_rev"
    "  ORDER BY seq;"
    "DROP TABLE item_rev;"
    "ALTER TABLE item_rev_3 RENAME TO item_rev;";

  return gk_server_db_exec (db, sql, error);
}

/* Nothing to change in the tables: the results written from now on are
 * shorter (see above). */
static gboolean
migrate_to_4 (sqlite3  *db,
              GError  **error)
{
  return TRUE;
}

static gboolean
migrate_to_5 (sqlite3  *db,
              GError  **error)
{
  return gk_server_db_exec (db, "ALTER TABLE item DROP COLUMN fields;", error);
}

static const Migration migrations[] = {
  migrate_to_1,
  migrate_to_2,
  migrate_to_3,
  migrate_to_4,
  migrate_to_5,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == GK_SERVER_SCHEMA_VERSION);

static gboolean
query_int64 (sqlite3     *db,
             const char  *sql,
             gint64      *value,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!gk_server_db_prepare (db, sql, &stmt, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return gk_server_db_set_error (db, error);

  *value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/**
 * gk_server_db_check_version:
 * @db: a connection
 * @path: its file, for the message
 * @version: (out): its schema version, 0 for none
 * @error: return location for a #GError: %GK_SERVER_ERROR_NEWER for a
 *   schema this version does not know
 *
 * A database of a newer schema is left as it is: only the newer version
 * knows what its tables mean.
 *
 * Returns: whether this version knows the schema
 */
gboolean
gk_server_db_check_version (sqlite3     *db,
                            const char  *path,
                            gint64      *version,
                            GError     **error)
{
  if (!query_int64 (db, "PRAGMA user_version", version, error))
    return FALSE;
  if (*version <= GK_SERVER_SCHEMA_VERSION)
    return TRUE;

  g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_NEWER,
               _("“%s” was written by a newer gongkai-server (schema %d; this version knows "
                 "schema %d). It was left as it is."),
               path, (int) MIN (*version, G_MAXINT), GK_SERVER_SCHEMA_VERSION);
  return FALSE;
}

static gboolean
migrate (sqlite3     *db,
         const char  *path,
         GError     **error)
{
  gint64 version;

  if (!gk_server_db_check_version (db, path, &version, error))
    return FALSE;

  for (; version < GK_SERVER_SCHEMA_VERSION; version++)
    {
      g_autofree char *set_version = NULL;

      /* user_version is part of the transaction: a step is all or nothing. */
      set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version + 1);
      if (!gk_server_db_begin (db, error))
        return FALSE;
      if (!migrations[version] (db, error) || !gk_server_db_exec (db, set_version, error))
        {
          gk_server_db_rollback (db);
          return FALSE;
        }
      if (!gk_server_db_commit (db, error))
        return FALSE;
    }

  return TRUE;
}

/* An acknowledged change must survive a power cut: WAL with
 * synchronous=FULL syncs the log at every commit (with NORMAL a committed
 * transaction may roll back after a power loss). */
static gboolean
configure (sqlite3  *db,
           GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *mode;

  if (!gk_server_db_prepare (db, "PRAGMA journal_mode = WAL", &stmt, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return gk_server_db_set_error (db, error);
  mode = (const char *) sqlite3_column_text (stmt, 0);
  if (g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_DATABASE,
                   _("The database cannot use write-ahead logging (mode “%s”)."), mode);
      return FALSE;
    }

  return gk_server_db_exec (db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                            SETTINGS_SQL, error);
}

/* The database holds the token hashes and every department's work: only
 * the server's user may read it. SQLite gives its -wal and -shm the mode
 * of the database. */
static gboolean
create_file (const char  *data_dir,
             const char  *path,
             GError     **error)
{
  int fd;

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), data_dir,
                   g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the database “%s”: %s"), path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (fd >= 0)
    close (fd);

  return TRUE;
}

/**
 * gk_server_db_open_path:
 * @path: a database file, or a `file:` URI with %SQLITE_OPEN_URI
 * @flags: SQLite's open flags
 * @error: return location for a #GError
 *
 * Opens a connection for one thread, waiting up to 5 s for a lock.
 *
 * Returns: (transfer full) (nullable): the connection
 */
sqlite3 *
gk_server_db_open_path (const char  *path,
                        int          flags,
                        GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, flags | OPEN_FLAGS, NULL) != SQLITE_OK)
    {
      g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_DATABASE,
                   _("Could not open the database “%s”: %s"), path,
                   db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (db, 1);
  return db;
}

static gboolean
check_exists (const char  *data_dir,
              const char  *path,
              GError     **error)
{
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_MISSING,
               _("There is no server database in “%s”. Create a catalog there first with "
                 "“gongkai-server catalog add”."), data_dir);
  return FALSE;
}

/**
 * gk_server_db_open:
 * @data_dir: the server's folder
 * @create: whether to create the folder and the database when missing
 * @error: return location for a #GError
 *
 * Opens the database to write it, upgrading its schema to the newest.
 *
 * Returns: (transfer full) (nullable): the connection
 */
sqlite3 *
gk_server_db_open (const char  *data_dir,
                   gboolean     create,
                   GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, GK_SERVER_DB_NAME, NULL);
  sqlite3 *db;

  if (create ? !create_file (data_dir, path, error) : !check_exists (data_dir, path, error))
    return NULL;

  db = gk_server_db_open_path (path, SQLITE_OPEN_READWRITE, error);
  if (db != NULL && (!configure (db, error) || !migrate (db, path, error)))
    g_clear_pointer (&db, gk_server_db_close);

  return db;
}

/**
 * gk_server_db_open_reader:
 * @data_dir: the server's folder, whose database is open for writing
 * @error: return location for a #GError
 *
 * Opens a second connection that only reads. In WAL mode it reads the last
 * commit without waiting for the writer.
 *
 * Returns: (transfer full) (nullable): the connection
 */
sqlite3 *
gk_server_db_open_reader (const char  *data_dir,
                          GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, GK_SERVER_DB_NAME, NULL);
  sqlite3 *db = gk_server_db_open_path (path, SQLITE_OPEN_READONLY, error);

  if (db != NULL && !gk_server_db_exec (db, SETTINGS_SQL, error))
    g_clear_pointer (&db, gk_server_db_close);
  return db;
}
