/* gk-server.c: the county server's HTTP side
 *
 * One SoupServer on loopback (TLS, and the first line of defence against
 * abuse, are the reverse proxy's). Every request is routed, its token
 * looked up and its headers checked as soon as the headers arrive (the
 * early handler), so that a request refused is refused before its body is
 * read; its body, if its route takes one, is checked and parsed before the
 * route's handler runs. Reads use their own connection on the main loop:
 * in WAL mode they never wait for the writer. Writes go to the writer
 * thread, and a request waiting for one is paused meanwhile.
 *
 * SoupServer 3.2 has no timeouts: a socket idle for IO_TIMEOUT_S fails,
 * and a request not answered within REQUEST_DEADLINE_S has its connection
 * shut, so a slow or silent client holds a connection for a bounded time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n.h>

#include "gk-server.h"
#include "gk-server-checkpointer.h"
#include "gk-server-db.h"
#include "gk-server-input.h"
#include "gk-server-lock.h"
#include "gk-server-response.h"
#include "gk-server-token.h"

#define IO_TIMEOUT_S 60
#define REQUEST_DEADLINE_S 120
#define LISTEN_BACKLOG 1024

/* How stale `token list`'s last use may be: a write per request would
 * be a synced commit per request. */
#define LAST_USE_PRECISION_S 60

#define REQUEST_KEY "gk-server-request"

typedef struct
{
  char            *method;
  char            *path;               /* a prefix for a public route */
  gboolean         takes_body;
  gboolean         public;             /* no token: the published files */
  GkServerHandler  handler;
} Route;

struct _GkServer
{
  GObject          parent_instance;

  SoupServer      *soup;
  char            *data_dir;
  int              lock_fd;           /* GK_SERVER_LOCK_NAME, held while serving */
  char            *server_id;         /* read once: a restore needs the server stopped */
  sqlite3         *reader;
  GkServerWriter  *writer;
  GkServerCheckpointer *checkpointer; /* of the writer's log */
  GPtrArray       *routes;            /* of Route */
  GHashTable      *requests;          /* the Requests not ended, a set */
  GHashTable      *last_use_queued;   /* token id → Unix seconds */
  GTask           *stop_task;
  guint            stop_source_id;
};

G_DEFINE_FINAL_TYPE (GkServer, gk_server, G_TYPE_OBJECT)

/* What the server keeps about a request, from its first byte until it is
 * answered or its connection is lost. */
typedef struct
{
  GkServer          *server;     /* owned until the request ends */
  SoupServerMessage *msg;        /* owns this */
  gint64             start_us;
  gsize              received;   /* bytes of the body */
  const Route       *route;
  GkServerAuth      *auth;
  guint              deadline_id;
  gboolean           ended;
} Request;

static void
route_free (gpointer data)
{
  Route *route = data;

  g_free (route->method);
  g_free (route->path);
  g_free (route);
}

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_handle_id (&request->deadline_id, g_source_remove);
  g_clear_object (&request->server);
  gk_server_auth_free (request->auth);
  g_free (request);
}

static Request *
request_get (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), REQUEST_KEY);
}

static gboolean
finish_stop (gpointer user_data)
{
  GkServer *self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);

  /* Every request is answered: what the writer still has queued (last
   * uses, and the writes of clients that went away) is committed before
   * the database is closed. Nothing is left to serve meanwhile. */
  soup_server_disconnect (self->soup);
  gk_server_writer_stop (self->writer);
  gk_server_checkpointer_stop (self->checkpointer);
  g_task_return_boolean (task, TRUE);

  return G_SOURCE_REMOVE;
}

/* From an idle: the last request may end inside one of libsoup's signal
 * handlers, where its connection must not be closed under it. */
static void
check_stopped (GkServer *self)
{
  if (self->stop_task == NULL || g_hash_table_size (self->requests) > 0
      || self->stop_source_id != 0)
    return;

  self->stop_source_id = g_idle_add_full (G_PRIORITY_DEFAULT, finish_stop,
                                          g_object_ref (self), g_object_unref);
}

static void
request_end (Request *request)
{
  GkServer *self = request->server;

  if (request->ended)
    return;

  request->ended = TRUE;
  g_clear_handle_id (&request->deadline_id, g_source_remove);
  g_hash_table_remove (self->requests, request);
  check_stopped (self);
  g_clear_object (&request->server);
}

/* One line per request on stderr. The token is named by its id; the query
 * is left out (a client could put a token there) and the path escaped, so
 * that a request cannot write lines of its own into the log. */
static void
log_request (Request *request)
{
  SoupServerMessage *msg = request->msg;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  g_autofree char *path = NULL;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *host = soup_server_message_get_remote_host (msg);
  GUri *uri = soup_server_message_get_uri (msg);

  /* libsoup refuses some requests before it has a URI (no Host, a bad
   * escape): logged as "-", like a missing host. */
  path = uri != NULL ? g_uri_escape_string (g_uri_get_path (uri),
                                            G_URI_RESERVED_CHARS_ALLOWED_IN_PATH, FALSE)
                     : g_strdup ("-");

  g_printerr ("%s %s %s %s %u %" G_GOFFSET_FORMAT " %.1fms %s\n", stamp,
              host != NULL ? host : "-", method, path,
              soup_server_message_get_status (msg), body->length,
              (g_get_monotonic_time () - request->start_us) / 1000.0,
              request->auth != NULL ? request->auth->token_id : "-");
}

static void
finished_cb (SoupServerMessage *msg,
             Request           *request)
{
  if (!request->ended)
    log_request (request);
  request_end (request);
}

static void
disconnected_cb (SoupServerMessage *msg,
                 Request           *request)
{
  request_end (request);
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              Request           *request)
{
  gk_server_input_count_chunk (msg, &request->received, g_bytes_get_size (chunk));
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *request = user_data;
  GSocket *socket = soup_server_message_get_socket (request->msg);

  request->deadline_id = 0;
  g_message ("A request from %s took more than %d s; its connection is closed.",
             soup_server_message_get_remote_host (request->msg), REQUEST_DEADLINE_S);
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);

  return G_SOURCE_REMOVE;
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    GkServer          *self)
{
  Request *request = g_new0 (Request, 1);
  GSocket *socket = soup_server_message_get_socket (msg);

  request->server = g_object_ref (self);
  request->msg = msg;
  request->start_us = g_get_monotonic_time ();
  request->deadline_id = g_timeout_add_seconds (REQUEST_DEADLINE_S, deadline_cb, request);
  g_object_set_data_full (G_OBJECT (msg), REQUEST_KEY, request, request_free);
  gk_server_response_set_server_id (msg, self->server_id);
  g_hash_table_add (self->requests, request);

  if (socket != NULL)
    g_socket_set_timeout (socket, IO_TIMEOUT_S);
  if (self->stop_task != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Connection", "close");

  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), request);
  g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), request);
  g_signal_connect (msg, "disconnected", G_CALLBACK (disconnected_cb), request);
}

static void
last_use_written_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gk_server_writer_run_finish (GK_SERVER_WRITER (source), result, &error))
    g_warning ("Could not record when a token was last used: %s", error->message);
}

static void
note_last_use (GkServer           *self,
               const GkServerAuth *auth)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gpointer queued = g_hash_table_lookup (self->last_use_queued, auth->token_id);
  gint64 known = MAX (auth->last_used_at, queued != NULL ? *(gint64 *) queued : 0);
  gint64 *at;

  if (now - known < LAST_USE_PRECISION_S)
    return;

  at = g_new (gint64, 1);
  *at = now;
  g_hash_table_replace (self->last_use_queued, g_strdup (auth->token_id), at);
  gk_server_writer_run_async (self->writer, gk_server_auth_write_last_use,
                              gk_server_auth_last_use_new (auth->token_id, now),
                              gk_server_auth_last_use_free, NULL, last_use_written_cb, NULL);
}

static void
refuse_token (SoupServerMessage *msg,
              gboolean           given)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* RFC 6750 §3: no error code when the request had no credentials. */
  soup_message_headers_replace (headers, "WWW-Authenticate",
                                given ? "Bearer realm=\"gongkai\", error=\"invalid_token\""
                                      : "Bearer realm=\"gongkai\"");
  gk_server_respond_problem (msg, SOUP_STATUS_UNAUTHORIZED, GK_PROBLEM_UNAUTHORIZED,
                             _("Unauthorized"),
                             given ? _("The token is unknown or was revoked. Ask the county "
                                       "office for a new one.")
                                   : _("The request has no bearer token (“Authorization: "
                                       "Bearer TOKEN”)."));
  gk_server_input_discard_body (msg);
}

/* Looks the token up at every request, so that a revoked token is refused
 * from the next request on. A token in the query is never looked at. */
static gboolean
authenticate (GkServer          *self,
              SoupServerMessage *msg,
              Request           *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *header = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GError) error = NULL;
  const char *token;
  gsize length;

  if (!gk_server_token_from_header (header, &token, &length))
    {
      refuse_token (msg, header != NULL);
      return FALSE;
    }
  if (!gk_server_auth_lookup (self->reader, token, length, &request->auth, &error))
    {
      gk_server_respond_error (msg, error);
      gk_server_input_discard_body (msg);
      return FALSE;
    }
  if (request->auth == NULL)
    {
      refuse_token (msg, TRUE);
      return FALSE;
    }

  note_last_use (self, request->auth);
  return TRUE;
}

/* Whether @path is one of @pattern's: a "*" segment of @pattern stands
 * for any one segment that is not empty ("/api/v1/items/x/history"). */
static gboolean
path_matches (const char *pattern,
              const char *path)
{
  while (*pattern != '\0' && *path != '\0')
    {
      if (pattern[0] == '*' && (pattern[1] == '/' || pattern[1] == '\0'))
        {
          const char *end = strchr (path, '/');

          if (end == path)
            return FALSE;
          path = end != NULL ? end : path + strlen (path);
          pattern++;
          continue;
        }
      if (*pattern++ != *path++)
        return FALSE;
    }

  return *pattern == '\0' && *path == '\0';
}

/* The route for @method and @path, or NULL; @allowed gets the methods
 * @path takes, empty when there is no such path. */
static const Route *
find_route (GkServer   *self,
            const char *method,
            const char *path,
            GString    *allowed)
{
  const Route *found = NULL;

  for (guint i = 0; i < self->routes->len; i++)
    {
      const Route *route = g_ptr_array_index (self->routes, i);

      if (route->public ? !g_str_has_prefix (path, route->path)
                        : !path_matches (route->path, path))
        continue;
      if (g_str_equal (route->method, method))
        found = route;
      g_string_append_printf (allowed, "%s%s", allowed->len > 0 ? ", " : "", route->method);
    }

  return found;
}

static void
refuse_route (SoupServerMessage *msg,
              const char        *path,
              const char        *allowed)
{
  g_autofree char *detail = NULL;

  if (*allowed == '\0')
    {
      detail = g_strdup_printf (_("There is nothing at “%s”."), path);
      gk_server_respond_problem (msg, SOUP_STATUS_NOT_FOUND, GK_PROBLEM_NOT_FOUND,
                                 _("Not found"), detail);
    }
  else
    {
      detail = g_strdup_printf (_("“%s” takes only %s."), path, allowed);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", allowed);
      gk_server_respond_problem (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                 GK_PROBLEM_METHOD_NOT_ALLOWED, _("Method not allowed"), detail);
    }
  gk_server_input_discard_body (msg);
}

/* Runs when the headers have arrived, before the body is read. */
static void
early_handler_cb (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  GkServer *self = user_data;
  Request *request = request_get (msg);
  g_autoptr(GString) allowed = g_string_new (NULL);

  g_return_if_fail (request != NULL);

  request->route = find_route (self, soup_server_message_get_method (msg), path, allowed);
  if (request->route == NULL)
    refuse_route (msg, path, allowed->str);
  else if (request->route->public || authenticate (self, msg, request))
    gk_server_input_check_headers (msg, request->route->takes_body);
}

/* Runs once the body is read, for requests nothing refused yet. */
static void
handler_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  GkServer *self = user_data;
  Request *request = request_get (msg);
  g_autoptr(GkJsonTree) body = NULL;

  g_return_if_fail (request != NULL && request->route != NULL
                    && (request->route->public || request->auth != NULL));

  if (request->route->takes_body && (body = gk_server_input_parse_body (msg)) == NULL)
    return;

  request->route->handler (self, msg, request->auth,
                           body != NULL ? gk_json_tree_get_root (body) : NULL);
}

static void
gk_server_finalize (GObject *object)
{
  GkServer *self = GK_SERVER (object);

  /* No SoupServer when gk_server_new() failed. */
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  /* The writer first: it may still commit, and its log hook calls the
   * checkpointer. */
  g_clear_object (&self->writer);
  g_clear_object (&self->checkpointer);
  gk_server_db_close (self->reader);
  gk_server_lock_release (self->lock_fd);
  g_free (self->data_dir);
  g_free (self->server_id);
  g_ptr_array_unref (self->routes);
  g_hash_table_unref (self->requests);
  g_hash_table_unref (self->last_use_queued);

  G_OBJECT_CLASS (gk_server_parent_class)->finalize (object);
}

static void
gk_server_class_init (GkServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gk_server_finalize;
}

static void
gk_server_init (GkServer *self)
{
  self->lock_fd = -1;
  self->routes = g_ptr_array_new_with_free_func (route_free);
  self->requests = g_hash_table_new (NULL, NULL);
  self->last_use_queued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * gk_server_new:
 * @data_dir: the server's folder, with its database
 * @error: return location for a #GError
 *
 * Takes the folder's lock (%GK_SERVER_LOCK_NAME: a restore refuses while
 * a server holds it), opens the database (upgrading it), starts the writer
 * thread and sets up a server without routes that listens nowhere yet.
 *
 * Returns: (transfer full) (nullable): the server
 */
GkServer *
gk_server_new (const char  *data_dir,
               GError     **error)
{
  g_autoptr(GkServer) self = g_object_new (GK_TYPE_SERVER, NULL);
  g_autofree char *lock_path = g_build_filename (data_dir, GK_SERVER_LOCK_NAME, NULL);
  g_autofree char *path = g_build_filename (data_dir, GK_SERVER_DB_NAME, NULL);
  sqlite3 *db;

  self->data_dir = g_strdup (data_dir);
  /* Before the database is opened: a restore in progress holds the lock.
   * A missing folder is for the database to tell. */
  if (g_file_test (data_dir, G_FILE_TEST_IS_DIR)
      && (self->lock_fd = gk_server_lock_take (lock_path,
                                               _("Another gongkai-server serves this folder, "
                                                 "or restores a backup into it."),
                                               error)) < 0)
    return NULL;
  db = gk_server_db_open (data_dir, FALSE, error);
  if (db == NULL)
    return NULL;
  self->checkpointer = gk_server_checkpointer_new (db, path, error);
  if (self->checkpointer == NULL)
    {
      gk_server_db_close (db);
      return NULL;
    }
  self->writer = gk_server_writer_new (db);
  self->reader = gk_server_db_open_reader (data_dir, error);
  if (self->reader == NULL)
    return NULL;
  self->server_id = gk_server_db_dup_meta (self->reader, "server_id", error);
  if (self->server_id == NULL)
    return NULL;

  self->soup = soup_server_new ("server-header", "gongkai-server/" PACKAGE_VERSION " ", NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  soup_server_add_early_handler (self->soup, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler_cb, self, NULL);

  return g_steal_pointer (&self);
}

static void
add_route (GkServer        *self,
           const char      *method,
           const char      *path,
           gboolean         takes_body,
           gboolean         public,
           GkServerHandler  handler)
{
  Route *route = g_new0 (Route, 1);

  route->method = g_strdup (method);
  route->path = g_strdup (path);
  route->takes_body = takes_body;
  route->public = public;
  route->handler = handler;
  g_ptr_array_add (self->routes, route);
}

/**
 * gk_server_add_route:
 * @self: a server
 * @method: an HTTP method
 * @path: the whole path, "/api/v1/info"; a segment "*" stands for any
 *   one segment
 * @takes_body: whether requests carry a JSON body
 * @handler: answers requests whose token, headers and body passed
 *
 * Every route needs a valid bearer token.
 */
void
gk_server_add_route (GkServer        *self,
                     const char      *method,
                     const char      *path,
                     gboolean         takes_body,
                     GkServerHandler  handler)
{
  g_return_if_fail (GK_IS_SERVER (self));

  add_route (self, method, path, takes_body, FALSE, handler);
}

/**
 * gk_server_add_public_route:
 * @self: a server
 * @method: an HTTP method
 * @prefix: every path that starts with it, "/catalog/"
 * @handler: answers the requests, with no auth and no body
 *
 * Adds a route that needs no token and takes no body: what anyone may
 * read, the published catalogs.
 */
void
gk_server_add_public_route (GkServer        *self,
                            const char      *method,
                            const char      *prefix,
                            GkServerHandler  handler)
{
  g_return_if_fail (GK_IS_SERVER (self));

  add_route (self, method, prefix, FALSE, TRUE, handler);
}

/**
 * gk_server_listen:
 * @self: a server
 * @address: where to listen; port 0 picks a free port
 * @error: return location for a #GError
 *
 * Returns: whether the server listens
 */
gboolean
gk_server_listen (GkServer            *self,
                  GInetSocketAddress  *address,
                  GError             **error)
{
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (GK_IS_SERVER (self), FALSE);

  socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (address)),
                         G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  /* As soup_server_listen() does, with a longer queue of connections
   * not yet accepted: GSocket's default of 10 overflows when 50 PCs
   * connect at once (every editor syncing when the network comes back),
   * and the kernel drops the connections past it, which a PC then sends
   * again only after a second (TCP's first retransmission). The kernel
   * caps it at net.core.somaxconn. */
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  return g_socket_bind (socket, G_SOCKET_ADDRESS (address), TRUE, error)
         && g_socket_listen (socket, error)
         && soup_server_listen_socket (self->soup, socket, 0, error);
}

/**
 * gk_server_get_port:
 * @self: a server that listens
 *
 * Returns: the port it listens on
 */
guint16
gk_server_get_port (GkServer *self)
{
  GSList *listeners = soup_server_get_listeners (self->soup);
  g_autoptr(GSocketAddress) address = NULL;
  guint16 port = 0;

  if (listeners != NULL)
    address = g_socket_get_local_address (listeners->data, NULL);
  if (G_IS_INET_SOCKET_ADDRESS (address))
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));

  g_slist_free (listeners);
  return port;
}

/**
 * gk_server_get_server_id:
 * @self: a server
 *
 * Returns: (transfer none): the id of the server's database, which a
 *   restore changes
 */
const char *
gk_server_get_server_id (GkServer *self)
{
  g_return_val_if_fail (GK_IS_SERVER (self), NULL);

  return self->server_id;
}

/**
 * gk_server_get_data_dir:
 * @self: a server
 *
 * Returns: (transfer none): the server's folder
 */
const char *
gk_server_get_data_dir (GkServer *self)
{
  g_return_val_if_fail (GK_IS_SERVER (self), NULL);

  return self->data_dir;
}

/**
 * gk_server_get_reader:
 * @self: a server
 *
 * Returns: (transfer none): the connection that reads, for the main loop
 */
sqlite3 *
gk_server_get_reader (GkServer *self)
{
  g_return_val_if_fail (GK_IS_SERVER (self), NULL);

  return self->reader;
}

/**
 * gk_server_respond_read:
 * @self: a server
 * @msg: a request being handled
 * @auth: whom its token speaks for
 * @func: (scope call): writes the answer's members
 * @data: data for @func
 *
 * Answers @msg with a JSON object: its server_id, then what @func writes
 * reading the database, all of it one state of the database (one read
 * transaction, which in WAL mode never waits for the writer).
 */
void
gk_server_respond_read (GkServer           *self,
                        SoupServerMessage  *msg,
                        const GkServerAuth *auth,
                        GkServerReadFunc    func,
                        gpointer            data)
{
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  gboolean done;
  GkJsonOut j;

  g_return_if_fail (GK_IS_SERVER (self));

  gk_json_out_init (&j, out);
  gk_json_out_begin_object (&j);
  gk_json_out_string_member (&j, "server_id", self->server_id);
  done = gk_server_db_exec (self->reader, "BEGIN", &error)
         && func (self->reader, auth, data, &j, &error);
  gk_server_db_rollback (self->reader);
  if (!done)
    {
      g_string_free (out, TRUE);
      gk_server_respond_error (msg, error);
      return;
    }

  gk_json_out_end_object (&j);
  gk_server_respond_text (msg, SOUP_STATUS_OK, out);
}

typedef struct
{
  SoupServerMessage *msg;
  GkServerWorkFunc   work;    /* for gk_server_reply_after_work() */
  GkServerReplyFunc  reply;
  gpointer           data;
  GDestroyNotify     data_destroy;
} Pending;

static void
pending_free (Pending *pending)
{
  if (pending->data_destroy != NULL)
    pending->data_destroy (pending->data);
  g_object_unref (pending->msg);
  g_free (pending);
}

/* A request whose client went away is not touched again: what was
 * committed (or published) stays, and the client's retry finds it. */
static void
pending_reply (Pending      *pending,
               const GError *error)
{
  Request *request = request_get (pending->msg);

  if (request != NULL && !request->ended)
    {
      pending->reply (pending->msg, pending->data, error);
      soup_server_message_unpause (pending->msg);
    }
  pending_free (pending);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  gk_server_writer_run_finish (GK_SERVER_WRITER (source), result, &error);
  pending_reply (user_data, error);
}

static void
worked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  pending_reply (user_data, error);
}

static void
work_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Pending *pending = task_data;
  GError *error = NULL;

  if (pending->work (pending->data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * gk_server_reply_after_work:
 * @self: a server
 * @msg: a request being handled
 * @func: (scope async): the slow work, run on a thread of its own
 * @reply: (scope async): sets the response once @func returned
 * @data: data for @func, then for @reply
 * @data_destroy: (nullable): frees @data in the main context at the end
 *
 * Pauses @msg while @func runs on a worker thread, neither the main loop
 * nor the writer: reads and writes go on meanwhile.
 */
void
gk_server_reply_after_work (GkServer          *self,
                            SoupServerMessage *msg,
                            GkServerWorkFunc   func,
                            GkServerReplyFunc  reply,
                            gpointer           data,
                            GDestroyNotify     data_destroy)
{
  Pending *pending = g_new0 (Pending, 1);
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GK_IS_SERVER (self));

  pending->msg = g_object_ref (msg);
  pending->work = func;
  pending->reply = reply;
  pending->data = data;
  pending->data_destroy = data_destroy;
  soup_server_message_pause (msg);
  task = g_task_new (self, NULL, worked_cb, pending);
  g_task_set_source_tag (task, gk_server_reply_after_work);
  g_task_set_task_data (task, pending, NULL);
  g_task_run_in_thread (task, work_thread);
}

/**
 * gk_server_reply_after_write:
 * @self: a server
 * @msg: a request being handled
 * @func: (scope async): the write, run on the writer thread in a transaction
 * @reply: (scope async): sets the response once the transaction is over
 * @data: data for @func, then for @reply
 * @data_destroy: (nullable): frees @data in the main context at the end
 *
 * Pauses @msg while the writer runs @func, then answers it through
 * @reply: the main loop serves other requests meanwhile.
 */
void
gk_server_reply_after_write (GkServer          *self,
                             SoupServerMessage *msg,
                             GkServerWriteFunc  func,
                             GkServerReplyFunc  reply,
                             gpointer           data,
                             GDestroyNotify     data_destroy)
{
  Pending *pending = g_new0 (Pending, 1);

  g_return_if_fail (GK_IS_SERVER (self));

  pending->msg = g_object_ref (msg);
  pending->reply = reply;
  pending->data = data;
  pending->data_destroy = data_destroy;
  soup_server_message_pause (msg);
  gk_server_writer_run_async (self->writer, func, data, NULL, NULL, written_cb, pending);
}

/**
 * gk_server_stop_async:
 * @self: a server
 * @cancellable: (nullable): a #GCancellable, not used yet
 * @callback: called once the server has stopped
 * @user_data: data for @callback
 *
 * Stops listening at once (new connections are refused), answers the
 * requests already started (each with "Connection: close"), commits what
 * the writer has queued, then closes every connection.
 */
void
gk_server_stop_async (GkServer            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GSList *listeners;
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (GK_IS_SERVER (self));
  g_return_if_fail (self->stop_task == NULL);

  self->stop_task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->stop_task, gk_server_stop_async);

  /* Shutting a listening socket down makes Linux refuse new connections;
   * SoupServer then stops accepting, and keeps the connections it has. */
  listeners = soup_server_get_listeners (self->soup);
  for (GSList *l = listeners; l != NULL; l = l->next)
    g_socket_shutdown (l->data, TRUE, FALSE, NULL);
  g_slist_free (listeners);

  g_hash_table_iter_init (&iter, self->requests);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Request *request = key;

      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Connection", "close");
    }

  check_stopped (self);
}

/**
 * gk_server_stop_finish:
 * @self: a server
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: whether the server stopped
 */
gboolean
gk_server_stop_finish (GkServer      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
