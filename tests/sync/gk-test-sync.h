/* gk-test-sync.h: syncs run in process, and what the server holds seen
 * through its change feed, for the sync proof tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-store-sync.h"
#include "gk-sync-engine.h"

G_BEGIN_DECLS

/* An item as the server's change feed last gave it. */
typedef struct
{
  gint64    rev;
  gboolean  deleted;
  GkItem   *item;
} GkTestServerState;

/* The server's items, kept up to date by reading its change feed. */
typedef struct
{
  GkSyncClient *client;
  char         *cursor;
  GHashTable   *items;    /* id → GkTestServerState */
} GkTestView;

GkTestView   *gk_test_view_new              (const char  *base,
                                             const char  *token);
void          gk_test_view_free             (GkTestView  *view);
void          gk_test_view_set_server       (GkTestView  *view,
                                             const char  *base,
                                             const char  *token);
GPtrArray    *gk_test_view_update           (GkTestView  *view);
GHashTable   *gk_test_expected_new          (void);
void          gk_test_save_expected         (GkStore     *store,
                                             GkItem      *item,
                                             GHashTable  *expected);
void          gk_test_delete_expected       (GkStore     *store,
                                             const char  *id,
                                             GHashTable  *expected);
void          gk_test_view_assert_kept      (GkTestView  *view,
                                             GHashTable  *expected);
void          gk_test_view_assert_item      (GkTestView  *view,
                                             GkStore     *store,
                                             const char  *id);
void          gk_test_view_assert_store     (GkTestView  *view,
                                             GkStore     *store);
void          gk_test_view_assert_store_except (GkTestView *view,
                                                GkStore    *store,
                                                GHashTable *except);

void          gk_test_assert_applied_once   (const char  *server_db,
                                             guint        n_ops,
                                             guint        n_items);

GkStore      *gk_test_open_store            (const char  *dir);
GkSyncReport *gk_test_sync_attempts         (GkStore     *store,
                                            const char  *base,
                                            const char  *token,
                                            guint        max_attempts,
                                            GError     **error);
GkSyncReport *gk_test_sync                  (GkStore     *store,
                                             const char  *base,
                                             const char  *token,
                                             GError     **error);
void          gk_test_sync_clean            (GkStore     *store,
                                             const char  *base,
                                             const char  *token);
guint         gk_test_count_unanswered      (GkStore     *store);
GkItem       *gk_test_new_item              (const char  *label,
                                             guint        round,
                                             guint        index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkTestView, gk_test_view_free)

G_END_DECLS
