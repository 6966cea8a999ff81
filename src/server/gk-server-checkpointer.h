/* gk-server-checkpointer.h: copies the write-ahead log into the database
 * on a thread of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define GK_TYPE_SERVER_CHECKPOINTER (gk_server_checkpointer_get_type ())

G_DECLARE_FINAL_TYPE (GkServerCheckpointer, gk_server_checkpointer, GK, SERVER_CHECKPOINTER,
                      GObject)

GkServerCheckpointer *gk_server_checkpointer_new        (sqlite3               *writer,
                                                         const char            *path,
                                                         GError               **error);
guint                 gk_server_checkpointer_get_n_done (GkServerCheckpointer  *self);
void                  gk_server_checkpointer_stop       (GkServerCheckpointer  *self);

G_END_DECLS
