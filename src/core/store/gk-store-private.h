/* gk-store-private.h: what the files of GkStore share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "gk-store.h"

G_BEGIN_DECLS

struct _GkStore
{
  GObject       parent_instance;

  char         *data_dir;
  char         *path;
  char         *set_aside_path;
  char         *set_aside_reason;
  char         *read_only_reason;   /* NULL when changes can be saved */

  /* Set from the caller's thread, read on the worker. */
  GMutex        author_lock;
  char         *author;

  /* Used only by whichever thread runs the store's work (see gk-store.h). */
  sqlite3      *db;
  sqlite3_stmt *select_item;
  sqlite3_stmt *write_item;
  sqlite3_stmt *delete_item;
  sqlite3_stmt *insert_history;

  /* Written after every change so that the UI can read them without
   * touching the database; accessed with g_atomic_int_*. */
  int           can_undo;
  int           can_redo;
  int           n_history;

  /* gk-store-async.c */
  GThreadPool  *pool;
};

/* gk-store-schema.c */
gboolean  gk_store_exec          (sqlite3      *db,
                                  const char   *sql,
                                  GError      **error);
gboolean  gk_store_set_error     (sqlite3      *db,
                                  GError      **error);

/* gk-store.c, for gk-store-history.c and gk-store-schema.c */
gboolean  gk_store_prepare_statements (GkStore      *self,
                                       GError      **error);
void      gk_store_clear_statements (GkStore      *self);
gboolean  gk_store_check_open    (GkStore      *self,
                                  GError      **error);
gboolean  gk_store_check_writable (GkStore     *self,
                                   GError     **error);
gboolean  gk_store_query_int64   (GkStore      *self,
                                  const char   *sql,
                                  gint64       *value,
                                  GError      **error);
void      gk_store_refresh_flags (GkStore      *self);
gboolean  gk_store_step_statement (GkStore      *self,
                                   sqlite3_stmt *stmt,
                                   GError      **error);
gboolean  gk_store_select_item   (GkStore      *self,
                                  const char   *id,
                                  GkItem      **item,
                                  GError      **error);
gboolean  gk_store_write_item    (GkStore      *self,
                                  GkItem       *item,
                                  GError      **error);
gboolean  gk_store_remove_item   (GkStore      *self,
                                  const char   *id,
                                  GError      **error);
gboolean  gk_store_write_meta    (GkStore      *self,
                                  GkCatalog    *catalog,
                                  GError      **error);

/* gk-store-async.c */
void      gk_store_stop_worker   (GkStore      *self);

G_END_DECLS
