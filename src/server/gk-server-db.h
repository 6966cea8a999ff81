/* gk-server-db.h: the county server's database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>
#include <glib.h>

G_BEGIN_DECLS

/* The database in the folder given with --data. */
#define GK_SERVER_DB_NAME "gongkai-server.db"

/* PRAGMA user_version of the newest schema (gk-server-schema.c). */
#define GK_SERVER_SCHEMA_VERSION 5

#define GK_SERVER_ERROR (gk_server_error_quark ())

typedef enum
{
  GK_SERVER_ERROR_FAILED,
  GK_SERVER_ERROR_DATABASE,    /* SQLite failed */
  GK_SERVER_ERROR_BUSY,        /* another process holds the database */
  GK_SERVER_ERROR_FULL,        /* the disk is full */
  GK_SERVER_ERROR_NEWER,       /* written by a newer gongkai-server */
  GK_SERVER_ERROR_MISSING,     /* no database in the folder */
  GK_SERVER_ERROR_NOT_FOUND,   /* no catalog, department or token of that id */
  GK_SERVER_ERROR_EXISTS,      /* that id is taken */
  GK_SERVER_ERROR_INVALID,     /* a request asks for what it may not */
  GK_SERVER_ERROR_CURSOR_RESET, /* a cursor of another server, or beyond its newest change */
} GkServerError;

GQuark    gk_server_error_quark   (void);

sqlite3  *gk_server_db_open       (const char    *data_dir,
                                   gboolean       create,
                                   GError       **error);
sqlite3  *gk_server_db_open_reader (const char   *data_dir,
                                    GError      **error);
sqlite3  *gk_server_db_open_path  (const char    *path,
                                   int            flags,
                                   GError       **error);
void      gk_server_db_close      (sqlite3       *db);

gboolean  gk_server_db_exec       (sqlite3       *db,
                                   const char    *sql,
                                   GError       **error);
gboolean  gk_server_db_set_error  (sqlite3       *db,
                                   GError       **error);
gboolean  gk_server_db_prepare    (sqlite3       *db,
                                   const char    *sql,
                                   sqlite3_stmt **stmt,
                                   GError       **error);
/* A statement of the connection's cache: kept prepared, reset after use. */
typedef sqlite3_stmt GkServerCachedStmt;

gboolean  gk_server_db_prepare_cached (sqlite3            *db,
                                       const char         *sql,
                                       GkServerCachedStmt **stmt,
                                       GError            **error);
void      gk_server_db_release    (GkServerCachedStmt *stmt);
gboolean  gk_server_db_step_done  (sqlite3_stmt  *stmt,
                                   GError       **error);
gboolean  gk_server_db_begin      (sqlite3       *db,
                                   GError       **error);
gboolean  gk_server_db_commit     (sqlite3       *db,
                                   GError       **error);
void      gk_server_db_rollback   (sqlite3       *db);
gboolean  gk_server_db_check_version (sqlite3     *db,
                                      const char  *path,
                                      gint64      *version,
                                      GError     **error);
char     *gk_server_db_dup_meta   (sqlite3       *db,
                                   const char    *key,
                                   GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkServerCachedStmt, gk_server_db_release)

G_END_DECLS
