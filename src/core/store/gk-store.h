/* gk-store.h: the editor's local SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gk-catalog.h"

G_BEGIN_DECLS

#define GK_STORE_SCHEMA_VERSION 4

/* The history keeps its newest steps up to this many rows (one per item
 * changed), and the newest step whatever its size (see HACKING.md). */
#define GK_STORE_HISTORY_ROWS 10000

#define GK_STORE_ERROR (gk_store_error_quark ())

typedef enum
{
  GK_STORE_ERROR_IO,        /* cannot create or write the file */
  GK_STORE_ERROR_DAMAGED,   /* not a database, or integrity check failed */
  GK_STORE_ERROR_NEWER,     /* written by a newer Gongkai */
  GK_STORE_ERROR_NOT_OPEN,
  GK_STORE_ERROR_PERMISSION, /* the file or its folder may not be read */
  GK_STORE_ERROR_READ_ONLY, /* a change to a store open read-only */
  GK_STORE_ERROR_UNKNOWN_DOMAIN, /* an item of a domain this version does not know */
  GK_STORE_ERROR_FULL,      /* the disk is full (SQLITE_FULL): free space, try again */
  GK_STORE_ERROR_BUSY,      /* another program holds the database (SQLITE_BUSY, _LOCKED) */
} GkStoreError;

GQuark gk_store_error_quark (void);

#define GK_TYPE_STORE (gk_store_get_type ())

G_DECLARE_FINAL_TYPE (GkStore, gk_store, GK, STORE, GObject)

/*
 * All work on the database happens on one worker thread owned by the store;
 * the _async functions queue work there in call order and complete on the
 * thread-default main context of the caller. The synchronous functions are
 * for the CLI, tests and benchmarks; do not mix both on one store.
 *
 * A database that cannot be opened or fails its integrity check is never
 * overwritten: it is renamed aside (its -wal and -shm too), a new one is
 * created, and gk_store_get_set_aside_path() /
 * gk_store_get_set_aside_reason() tell the user what happened. One with a
 * newer schema is not damaged: opening it fails with GK_STORE_ERROR_NEWER
 * and it is left alone, for the user to decide.
 *
 * Permissions are not damage: a file that may not be read is an error
 * (GK_STORE_ERROR_PERMISSION) and is left alone; one that may be read but
 * not written, or whose folder may not be written, is opened read-only (see
 * gk_store_get_read_only_reason()), and every change is then refused with
 * GK_STORE_ERROR_READ_ONLY.
 */
GkStore     *gk_store_new                  (const char   *data_dir);
const char  *gk_store_get_data_dir         (GkStore      *self);
const char  *gk_store_get_path             (GkStore      *self);
const char  *gk_store_get_set_aside_path   (GkStore      *self);
const char  *gk_store_get_set_aside_reason (GkStore      *self);
char        *gk_store_dup_set_aside_advice (GkStore      *self);
void         gk_store_set_author           (GkStore      *self,
                                            const char   *author);
char        *gk_store_dup_default_data_dir (void);

gboolean     gk_store_open                 (GkStore      *self,
                                            GError      **error);
gboolean     gk_store_open_read_only       (GkStore      *self,
                                            GError      **error);
const char  *gk_store_get_read_only_reason (GkStore      *self);
/* Returns an empty catalog (unit name "") before the first run is done. */
GkCatalog   *gk_store_load_catalog         (GkStore      *self,
                                            GError      **error);
GkCatalog   *gk_store_load_catalog_info    (GkStore      *self,
                                            GError      **error);
GkItem      *gk_store_load_item            (GkStore      *self,
                                            const char   *id,
                                            GError      **error);
gboolean     gk_store_save_catalog_info    (GkStore      *self,
                                            GkCatalog    *catalog,
                                            GError      **error);
/* One transaction and one undo step for all of @items (GkItem). */
gboolean     gk_store_save_items           (GkStore      *self,
                                            GPtrArray    *items,
                                            GError      **error);
gboolean     gk_store_save_edits           (GkStore      *self,
                                            GPtrArray    *items,
                                            const GkFieldMask *fields,
                                            GError      **error);
gboolean     gk_store_save_item            (GkStore      *self,
                                            GkItem       *item,
                                            GError      **error);
gboolean     gk_store_delete_item          (GkStore      *self,
                                            const char   *id,
                                            GError      **error);
/* Makes the store hold exactly @catalog (description and items; stored
 * items it lacks are deleted): one transaction, one undo step. */
gboolean     gk_store_replace_catalog      (GkStore      *self,
                                            GkCatalog    *catalog,
                                            GError      **error);
/* Both return id → GkItem (NULL when the item no longer exists) for every
 * item the step touched, or NULL without error when there is nothing to do. */
GHashTable  *gk_store_undo                 (GkStore      *self,
                                            GError      **error);
GHashTable  *gk_store_redo                 (GkStore      *self,
                                            GError      **error);
gboolean     gk_store_forget_history       (GkStore      *self,
                                            GError      **error);
gboolean     gk_store_can_undo             (GkStore      *self);
gboolean     gk_store_can_redo             (GkStore      *self);
guint        gk_store_get_n_history        (GkStore      *self);

/* Asynchronous forms, run on the store's worker. Items are snapshotted on
 * the calling thread, so the caller may go on editing them. */
void         gk_store_open_async           (GkStore      *self,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);
GkCatalog   *gk_store_open_finish          (GkStore      *self,
                                            GAsyncResult *result,
                                            GError      **error);
void         gk_store_save_catalog_info_async (GkStore   *self,
                                            GkCatalog    *catalog,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);
gboolean     gk_store_save_catalog_info_finish (GkStore  *self,
                                            GAsyncResult *result,
                                            GError      **error);
void         gk_store_save_items_async     (GkStore      *self,
                                            GPtrArray    *items,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);
void         gk_store_save_edits_async     (GkStore      *self,
                                            GPtrArray    *items,
                                            const GkFieldMask *fields,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);
/* Finishes either. */
gboolean     gk_store_save_items_finish    (GkStore      *self,
                                            GAsyncResult *result,
                                            GError      **error);
void         gk_store_delete_item_async    (GkStore      *self,
                                            const char   *id,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);
gboolean     gk_store_delete_item_finish   (GkStore      *self,
                                            GAsyncResult *result,
                                            GError      **error);
void         gk_store_undo_async           (GkStore      *self,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);
void         gk_store_redo_async           (GkStore      *self,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);
/* Finishes either; NULL without error when there was nothing to do. */
GHashTable  *gk_store_step_finish          (GkStore      *self,
                                            GAsyncResult *result,
                                            GError      **error);

/**
 * GkStoreCallFunc:
 * @store: the store, open, on its worker thread
 * @data: what was given to gk_store_call_async()
 * @error: return location for a #GError
 *
 * Work run on the store's worker, in turn with the rest.
 *
 * Returns: (nullable): the result, given to the caller; %NULL with @error
 *   set on failure, or without it when there is no result
 */
typedef gpointer (*GkStoreCallFunc) (GkStore  *store,
                                     gpointer  data,
                                     GError  **error);

void         gk_store_call_async           (GkStore      *self,
                                            GkStoreCallFunc func,
                                            gpointer      data,
                                            GDestroyNotify data_free,
                                            GDestroyNotify result_free,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);
gpointer     gk_store_call_finish          (GkStore      *self,
                                            GAsyncResult *result,
                                            GError      **error);
/* Blocks until all queued work has run (its callbacks still need the main
 * loop): for quitting, so that nothing the user did is left unsaved. */
void         gk_store_flush                (GkStore      *self);

G_END_DECLS
