/* gk-store-private.h: what the files of GkStore share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "gk-store.h"
#include "gk-store-sync.h"

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
  char         *select_columns;     /* of the items table, for the schema */
  GHashTable   *statements;         /* SQL → statement, gk_store_get_statement() */
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
sqlite3_stmt *gk_store_get_statement (GkStore  *self,
                                      const char *sql,
                                      GError  **error);
gboolean  gk_store_lookup_text   (GkStore      *self,
                                  const char   *sql,
                                  const char   *key,
                                  char        **value,
                                  GError      **error);
gboolean  gk_store_run_text      (GkStore      *self,
                                  const char   *sql,
                                  const char   *first,
                                  const char   *second,
                                  GError      **error);
gboolean  gk_store_begin         (GkStore      *self,
                                  GError      **error);
gboolean  gk_store_end           (GkStore      *self,
                                  gboolean      ok,
                                  GError      **error);

/* gk-store-outbox.c: the one path of local changes into the outbox */

/* What the outbox and the base say about one item. */
typedef struct
{
  gboolean       has_ops;        /* any op of the item, whatever its state */
  GkFieldMask  op_fields;      /* the fields of all of them */
  gboolean       has_rejected;   /* ops the server refused, kept for the user */
  GkFieldMask    rejected_fields; /* their fields */
  gboolean       rejected_create; /* one of them a create */
  gint64         pending;        /* row id of its pending op, 0 when none */
  char          *pending_kind;
  GkFieldMask  pending_fields;
  gboolean       has_base;
  gint64         base_rev;
  char          *base_json;      /* NULL when none, or deleted on the server */
} GkStoreOutbox;

gboolean  gk_store_read_outbox   (GkStore       *self,
                                  const char    *id,
                                  GkStoreOutbox *outbox,
                                  GError       **error);
void      gk_store_outbox_clear  (GkStoreOutbox *outbox);

/* The keys of the sync_state table, by GkStoreSyncKey (gk-store-sync.c). */
#define GK_STORE_N_SYNC_KEYS (GK_STORE_SYNC_CONFLICTS_TAG + 1)
extern const char * const gk_store_sync_keys[GK_STORE_N_SYNC_KEYS];

gboolean  gk_store_set_sync_key  (GkStore      *self,
                                  const char   *key,
                                  const char   *value,
                                  GError      **error);
gboolean  gk_store_dup_sync_key  (GkStore      *self,
                                  const char   *key,
                                  char        **value,
                                  GError      **error);
gboolean  gk_store_adopt_item    (GkStore      *self,
                                  GkItem       *before,
                                  GkItem       *item,
                                  GError      **error);
gboolean  gk_store_queue_change  (GkStore      *self,
                                  GkItem       *before,
                                  GkItem       *after,
                                  GError      **error);
gboolean  gk_store_queue_creates (GkStore      *self,
                                  GError      **error);
gboolean  gk_store_queue_again   (GkStore       *self,
                                  const char    *id,
                                  GkStoreOutbox *outbox,
                                  const char    *kind,
                                  GkFieldMask    fields,
                                  GError       **error);
gboolean  gk_store_queue_resolve (GkStore       *self,
                                  const char    *id,
                                  const char    *conflict_id,
                                  const char    *kind,
                                  GkFieldMask    fields,
                                  GError       **error);
GkFieldMask gk_store_fields_from_json (const char  *json);

/* gk-store-conflict.c */
gboolean  gk_store_save_conflict (GkStore                *self,
                                  const GkStoreConflict  *conflict,
                                  GError                **error);

/* gk-store-resync.c: after a restore of the server */
gboolean  gk_store_compare_resync_base (GkStore                 *self,
                                        const GkStoreServerItem *server,
                                        GkItem                  *item,
                                        GError                 **error);
gboolean  gk_store_item_from_json (const char   *json,
                                   const char   *id,
                                   GkItem      **item,
                                   GError      **error);

/* gk-store-async.c */
void      gk_store_stop_worker   (GkStore      *self);

G_END_DECLS
