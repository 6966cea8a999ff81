/* gk-server-writer.h: the one thread that writes the server's database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define GK_TYPE_SERVER_WRITER (gk_server_writer_get_type ())

G_DECLARE_FINAL_TYPE (GkServerWriter, gk_server_writer, GK, SERVER_WRITER, GObject)

/* Runs on the writer thread inside a write transaction, which is committed
 * when it returns TRUE and rolled back when it returns FALSE. */
typedef gboolean (*GkServerWriteFunc) (sqlite3   *db,
                                       gpointer   data,
                                       GError   **error);

GkServerWriter *gk_server_writer_new        (sqlite3              *db);
void            gk_server_writer_run_async  (GkServerWriter       *self,
                                             GkServerWriteFunc     func,
                                             gpointer              data,
                                             GDestroyNotify        data_destroy,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean        gk_server_writer_run_finish (GkServerWriter       *self,
                                             GAsyncResult         *result,
                                             GError              **error);
void            gk_server_writer_stop       (GkServerWriter       *self);

G_END_DECLS
