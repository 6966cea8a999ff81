/* gk-server-apply.h: a push's ops applied, on the writer thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "gk-server-auth.h"
#include "gk-sync-op.h"

G_BEGIN_DECLS

/* A push, from its reading on the main loop to its answer. */
typedef struct
{
  char      *server_id;
  char      *token_id;
  char      *catalog_id;
  char      *dept_id;      /* NULL for the county office */
  GPtrArray *ops;          /* of GkSyncOp */
  GPtrArray *results;      /* of char *: each op's result object, as JSON */
  gint64     since_seq;    /* the last change before the push's */
  gint64     last_seq;     /* the last change once it is applied */
} GkServerPush;

GkServerPush *gk_server_push_new   (const GkServerAuth  *auth,
                                    const char          *server_id);
void          gk_server_push_free  (gpointer             push);
gboolean      gk_server_push_write (sqlite3             *db,
                                    gpointer             push,
                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkServerPush, gk_server_push_free)

G_END_DECLS
