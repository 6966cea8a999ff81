/* gk-server.h: the county server's HTTP side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>
#include <sqlite3.h>

#include "gk-json-out.h"
#include "gk-json-syntax.h"
#include "gk-server-auth.h"
#include "gk-server-writer.h"

G_BEGIN_DECLS

/* The limits every request is held to; GET /api/v1/info tells clients. */
#define GK_SERVER_MAX_BODY  (1024 * 1024)   /* bytes of a request body */
#define GK_SERVER_MAX_OPS   200             /* changes in one push */
#define GK_SERVER_MAX_DEPTH 32              /* nested arrays and objects */
#define GK_SERVER_MAX_CHANGES 500           /* items in one page of changes */

#define GK_TYPE_SERVER (gk_server_get_type ())

G_DECLARE_FINAL_TYPE (GkServer, gk_server, GK, SERVER, GObject)

/* Answers a request whose token was accepted. @body is the parsed JSON
 * body of a route that takes one (checked against the limits), else NULL. */
typedef void (*GkServerHandler) (GkServer           *server,
                                 SoupServerMessage  *msg,
                                 const GkServerAuth *auth,
                                 const GkJsonValue  *body);

/* Sets the response of a request that waited for a write, in the main
 * context; @error is NULL when the transaction was committed. */
typedef void (*GkServerReplyFunc) (SoupServerMessage *msg,
                                   gpointer           data,
                                   const GError      *error);

/* Writes the members of an answer, after its server_id, in one read
 * transaction of @db; an error of %GK_SERVER_ERROR answers as
 * gk_server_respond_error() says. */
typedef gboolean (*GkServerReadFunc) (sqlite3             *db,
                                      const GkServerAuth  *auth,
                                      gpointer             data,
                                      GkJsonOut           *j,
                                      GError             **error);

/* Runs on a worker thread; returns FALSE with @error set when it failed. */
typedef gboolean (*GkServerWorkFunc) (gpointer   data,
                                      GError   **error);

GkServer       *gk_server_new              (const char          *data_dir,
                                            GError             **error);
void            gk_server_add_route        (GkServer            *self,
                                            const char          *method,
                                            const char          *path,
                                            gboolean             takes_body,
                                            GkServerHandler      handler);
void            gk_server_add_public_route (GkServer            *self,
                                            const char          *method,
                                            const char          *prefix,
                                            GkServerHandler      handler);
gboolean        gk_server_listen           (GkServer            *self,
                                            GInetSocketAddress  *address,
                                            GError             **error);
guint16         gk_server_get_port         (GkServer            *self);
const char     *gk_server_get_server_id    (GkServer            *self);
const char     *gk_server_get_data_dir     (GkServer            *self);
sqlite3        *gk_server_get_reader       (GkServer            *self);
void            gk_server_respond_read     (GkServer            *self,
                                            SoupServerMessage   *msg,
                                            const GkServerAuth  *auth,
                                            GkServerReadFunc     func,
                                            gpointer             data);
void            gk_server_reply_after_write (GkServer           *self,
                                             SoupServerMessage  *msg,
                                             GkServerWriteFunc   func,
                                             GkServerReplyFunc   reply,
                                             gpointer            data,
                                             GDestroyNotify      data_destroy);
void            gk_server_reply_after_work (GkServer            *self,
                                            SoupServerMessage   *msg,
                                            GkServerWorkFunc     func,
                                            GkServerReplyFunc    reply,
                                            gpointer             data,
                                            GDestroyNotify       data_destroy);
void            gk_server_stop_async       (GkServer            *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean        gk_server_stop_finish      (GkServer            *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
