/* gk-sync-client.c: the HTTP side of a sync (docs/sync-protocol.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "gk-sync-client.h"

/* Deeper than any answer of the protocol nests (a conflict record's
 * values in its fields, in its list: 5). */
#define MAX_ANSWER_DEPTH 32

/*
 * Every request is sent with libsoup's async API on a main context of the
 * client's own, run by the calling thread until the answer is in: so that
 * a timer can end an attempt that takes too long as a whole. SoupSession's
 * `timeout` bounds each socket operation only, and a server (or a proxy)
 * that dribbles a byte now and then would never time out. The caller's
 * thread is blocked as with the sync API; the editor runs a sync on a
 * thread of its own (gk_sync_engine_run_async()).
 */

struct _GkSyncClient
{
  SoupSession  *session;
  GMainContext *context;
  GPtrArray    *retired;      /* sessions and contexts of failed attempts */
  GCancellable *cancellable;  /* the caller's, or NULL */
  GkSyncPolicy  policy;
  char         *server;   /* without a trailing slash */
  char         *authorization;
  guint         n_retries;
  GkSyncProgressFunc progress;
  gpointer      progress_data;
};

G_DEFINE_QUARK (gk-sync-client-error-quark, gk_sync_client_error)

/* A session on a context of its own: every source libsoup makes for it is
 * on that context, and runs only while it is iterated. */
static void
open_session (GkSyncClient *self)
{
  /* No socket operation outlasts the attempt it belongs to. */
  guint socket_s = MAX ((self->policy.attempt_ms + 999) / 1000, 1);

  self->context = g_main_context_new ();
  g_main_context_push_thread_default (self->context);
  self->session = soup_session_new_with_options ("timeout", socket_s,
                                                 "idle-timeout", socket_s, NULL);
  g_main_context_pop_thread_default (self->context);
}

/* After a failed attempt, its session and context are set aside, never
 * iterated again, and freed with the client, and the next attempt gets new
 * ones. libsoup 3.2.3 left a callback of an attempt cut mid-answer on the
 * context that crashed when it ran later (a NULL read in libsoup, about
 * once in 800 cut syncs retried); freeing its context without running it,
 * as a client used once does, never did. */
static void
renew_session (GkSyncClient *self)
{
  g_ptr_array_add (self->retired, g_steal_pointer (&self->session));
  g_ptr_array_add (self->retired, g_steal_pointer (&self->context));
  open_session (self);
}

/**
 * gk_sync_client_new:
 * @server: the server's URL, e.g. `https://gongkai.example.gov.cn`
 * @token: the bearer token; kept in memory only, never logged
 * @policy: (nullable): when to send a request again and how long it may
 *   take; %NULL for %GK_SYNC_POLICY_INIT
 *
 * The client is used by one thread at a time.
 *
 * Returns: (transfer full): a client, its requests in one session until an
 *   attempt fails
 */
GkSyncClient *
gk_sync_client_new (const char         *server,
                    const char         *token,
                    const GkSyncPolicy *policy)
{
  GkSyncClient *self = g_new0 (GkSyncClient, 1);
  const GkSyncPolicy defaults = GK_SYNC_POLICY_INIT;
  gsize len = strlen (server);

  while (len > 0 && server[len - 1] == '/')
    len--;
  self->server = g_strndup (server, len);
  self->authorization = g_strdup_printf ("Bearer %s", token);
  self->policy = policy != NULL ? *policy : defaults;
  self->policy.max_attempts = MAX (self->policy.max_attempts, 1);
  self->retired = g_ptr_array_new ();
  open_session (self);
  return self;
}

/**
 * gk_sync_client_dup:
 * @self: a client
 *
 * A client of the same server, token, policy and cancellable, with a
 * session of its own: for another thread, which makes, uses and frees it
 * (a session is set up on the thread that made it). Its progress is not
 * told, and its retries are its own.
 *
 * Returns: (transfer full): a new client
 */
GkSyncClient *
gk_sync_client_dup (GkSyncClient *self)
{
  GkSyncClient *dup = g_new0 (GkSyncClient, 1);

  dup->server = g_strdup (self->server);
  dup->authorization = g_strdup (self->authorization);
  dup->policy = self->policy;
  dup->retired = g_ptr_array_new ();
  g_set_object (&dup->cancellable, self->cancellable);
  open_session (dup);
  return dup;
}

/**
 * gk_sync_client_set_cancellable:
 * @self: a client
 * @cancellable: (nullable): ends the request under way, and every later
 *   one, with %G_IO_ERROR_CANCELLED, without a retry
 */
void
gk_sync_client_set_cancellable (GkSyncClient *self,
                                GCancellable *cancellable)
{
  g_set_object (&self->cancellable, cancellable);
}

/**
 * gk_sync_client_get_n_retries:
 * @self: a client
 *
 * Returns: how many attempts were sent again since the client was made
 */
guint
gk_sync_client_get_n_retries (GkSyncClient *self)
{
  return self->n_retries;
}

void
gk_sync_client_free (GkSyncClient *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  /* Each session before its context, as they were made in pairs. */
  for (guint i = 0; i < self->retired->len; i += 2)
    {
      g_object_unref (g_ptr_array_index (self->retired, i));
      g_main_context_unref (g_ptr_array_index (self->retired, i + 1));
    }
  g_ptr_array_unref (self->retired);
  g_free (self->server);
  gk_sync_token_free (self->authorization);
  g_free (self);
}

/**
 * gk_sync_token_free:
 * @token: (nullable) (transfer full): a token, or text holding one
 *
 * Frees @token wiped, so that it does not linger in freed memory.
 */
void
gk_sync_token_free (char *token)
{
  if (token == NULL)
    return;
  memset (token, 0, strlen (token));
  g_free (token);
}

const char *
gk_sync_client_get_server (GkSyncClient *self)
{
  return self->server;
}

static GkSyncClientError
error_from_status (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      return GK_SYNC_CLIENT_ERROR_UNAUTHORIZED;
    case SOUP_STATUS_FORBIDDEN:
      return GK_SYNC_CLIENT_ERROR_FORBIDDEN;
    case SOUP_STATUS_GONE:
      return GK_SYNC_CLIENT_ERROR_CURSOR_RESET;
    case SOUP_STATUS_CONFLICT:
    case 425: /* Too Early */
    case 429: /* Too Many Requests, not named by libsoup 3.2 */
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      return GK_SYNC_CLIENT_ERROR_BUSY;
    case SOUP_STATUS_REQUEST_TIMEOUT:
    case SOUP_STATUS_GATEWAY_TIMEOUT:
      return GK_SYNC_CLIENT_ERROR_NETWORK;
    case SOUP_STATUS_INTERNAL_SERVER_ERROR:
    case SOUP_STATUS_BAD_GATEWAY:
      /* A proxy in front of a stopped server answers 502. */
      return GK_SYNC_CLIENT_ERROR_SERVER;
    default:
      return GK_SYNC_CLIENT_ERROR_PROTOCOL;
    }
}

/* What a 200 answer's body is read into; NULL when it cannot be read,
 * which for a 200 means it was cut. */
typedef gpointer (*ParseFunc) (GBytes *body);

static gpointer
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  JsonNode *root;

  if (data == NULL || !json_parser_load_from_data (parser, data, size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* The core's own reader, for the answers of thousands of items (a push's
 * and a page of changes): several times faster than json-glib's. */
static gpointer
parse_tree (GBytes *body)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  GkJsonTree *tree;

  if (data == NULL)
    return NULL;
  tree = gk_json_tree_parse (data, size, MAX_ANSWER_DEPTH, NULL, NULL, NULL, NULL);
  if (tree != NULL && gk_json_tree_get_root (tree)->type != GK_JSON_OBJECT)
    g_clear_pointer (&tree, gk_json_tree_free);
  return tree;
}

static void
set_problem (GError      **error,
             SoupMessage  *msg,
             GBytes       *body)
{
  guint status = soup_message_get_status (msg);
  g_autoptr(JsonObject) problem = parse_object (body);
  const char *code = NULL;

  if (problem != NULL)
    code = json_object_get_string_member_with_default (problem, "code", NULL);
  if (code == NULL)
    code = "";
  /* The code names the problem for the user and the logs; the detail is
   * the server's English and may echo request values, so it is left out. */
  g_set_error (error, GK_SYNC_CLIENT_ERROR, error_from_status (status),
               _("The server answered %u %s (%s)"), status,
               soup_message_get_reason_phrase (msg), code);
}

/* How long a cancelled attempt may take to end. libsoup 3.2.3 sometimes
 * never ends an exchange cancelled while it reads the answer: nothing of it
 * is left on the context, and the wait for it had no end (one of 50 PCs
 * syncing at once on a loaded machine, its deadline met, waited for
 * ever). Such an attempt is given up as cut: its session and context are
 * set aside before the next one (renew_session()). */
#define CANCEL_GRACE_MS 2000

typedef struct
{
  GBytes   *response;
  GError   *error;
  gboolean  done;
  gboolean  given_up;   /* freed by sent_cb() if it comes after all */
} Attempt;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Attempt *attempt = user_data;

  attempt->response = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                         &attempt->error);
  attempt->done = TRUE;
  if (attempt->given_up)
    {
      g_clear_pointer (&attempt->response, g_bytes_unref);
      g_clear_error (&attempt->error);
      g_free (attempt);
    }
}

static gboolean
wait_done_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  return wait_done_cb (user_data);
}

static gboolean
deadline_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
chain_cancel_cb (GCancellable *caller,
                 gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

/* Sends @msg once, within @deadline_ms: the whole exchange. */
static GBytes *
send_once (GkSyncClient  *self,
           SoupMessage   *msg,
           guint          deadline_ms,
           gboolean      *timed_out,
           GError       **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GSource *timer = g_timeout_source_new (deadline_ms);
  GSource *woken = g_cancellable_source_new (cancellable);
  GSource *grace = NULL;
  Attempt *attempt = g_new0 (Attempt, 1);
  GBytes *response;
  gboolean cancelled = FALSE;
  gboolean given_up = FALSE;
  gulong handler = 0;

  g_source_set_callback (timer, deadline_cb, cancellable, NULL);
  g_source_attach (timer, self->context);
  /* A cancel from another thread wakes the loop below even when libsoup
   * has nothing left on the context. */
  g_source_set_callback (woken, G_SOURCE_FUNC (cancelled_cb), &cancelled, NULL);
  g_source_attach (woken, self->context);
  if (self->cancellable != NULL)
    handler = g_cancellable_connect (self->cancellable, G_CALLBACK (chain_cancel_cb),
                                     cancellable, NULL);

  g_main_context_push_thread_default (self->context);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    sent_cb, attempt);
  while (!attempt->done && !given_up)
    {
      g_main_context_iteration (self->context, TRUE);
      if (grace == NULL && g_cancellable_is_cancelled (cancellable))
        {
          grace = g_timeout_source_new (CANCEL_GRACE_MS);
          g_source_set_callback (grace, wait_done_cb, &given_up, NULL);
          g_source_attach (grace, self->context);
        }
    }
  g_main_context_pop_thread_default (self->context);

  g_source_destroy (timer);
  g_source_unref (timer);
  g_source_destroy (woken);
  g_source_unref (woken);
  if (grace != NULL)
    {
      g_source_destroy (grace);
      g_source_unref (grace);
    }
  if (self->cancellable != NULL)
    g_cancellable_disconnect (self->cancellable, handler);
  if (!attempt->done)
    {
      attempt->given_up = TRUE;
      g_cancellable_set_error_if_cancelled (cancellable, error);
      response = NULL;
    }
  else
    {
      response = attempt->response;
      if (attempt->error != NULL)
        g_propagate_error (error, attempt->error);
      g_free (attempt);
    }
  *timed_out = response == NULL && g_cancellable_is_cancelled (cancellable)
               && (self->cancellable == NULL || !g_cancellable_is_cancelled (self->cancellable));
  return response;
}

/* Waits @ms on the client's context; FALSE when the caller cancelled. */
static gboolean
wait_ms (GkSyncClient  *self,
         guint          ms,
         GError       **error)
{
  GSource *timer = g_timeout_source_new (ms);
  GSource *cancel = NULL;
  gboolean done = FALSE;

  g_source_set_callback (timer, wait_done_cb, &done, NULL);
  g_source_attach (timer, self->context);
  if (self->cancellable != NULL)
    {
      cancel = g_cancellable_source_new (self->cancellable);
      g_source_set_callback (cancel, G_SOURCE_FUNC (cancelled_cb), &done, NULL);
      g_source_attach (cancel, self->context);
    }
  while (!done)
    g_main_context_iteration (self->context, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
  if (cancel != NULL)
    {
      g_source_destroy (cancel);
      g_source_unref (cancel);
    }
  return !g_cancellable_set_error_if_cancelled (self->cancellable, error);
}

static SoupMessage *
new_message (GkSyncClient  *self,
             const char    *method,
             const char    *url,
             GBytes        *body)
{
  SoupMessage *msg = soup_message_new (method, url);

  if (msg == NULL)
    return NULL;
  /* A redirect to another host would hand it the token. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                self->authorization);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  return msg;
}

/*
 * One attempt: the answer's object, or NULL with @error and, when the same
 * request may succeed later, *@retry set and *@wait_ms to the wait the
 * server asked for (0: none).
 */
static gpointer
exchange (GkSyncClient  *self,
          SoupMessage   *msg,
          ParseFunc      parse,
          guint          deadline_ms,
          gboolean      *retry,
          guint         *wait,
          GError       **error)
{
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) local = NULL;
  gboolean timed_out = FALSE;
  guint status;
  gpointer object;

  *retry = FALSE;
  *wait = 0;
  response = send_once (self, msg, deadline_ms, &timed_out, &local);
  if (response == NULL && timed_out)
    {
      *retry = TRUE;
      g_set_error (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_NETWORK,
                   _("The server did not answer within %u seconds"),
                   (deadline_ms + 999) / 1000);
      return NULL;
    }
  if (response == NULL)
    {
      /* The caller's cancel, and a certificate refused, are not cured by
       * sending again. */
      *retry = !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED)
               && local->domain != G_TLS_ERROR;
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_NETWORK,
                     _("Could not reach the server: %s"), local->message);
      return NULL;
    }
  status = soup_message_get_status (msg);
  if (status != SOUP_STATUS_OK)
    {
      *retry = gk_sync_policy_is_retryable_status (status);
      if (!gk_sync_policy_parse_retry_after (
            soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                          "Retry-After"), wait))
        *wait = 0;
      set_problem (error, msg, response);
      return NULL;
    }
  /* A 200 whose body cannot be read was cut short (a proxy, a chunked
   * answer libsoup 3.2 does not see cut): the same request again. */
  object = parse (response);
  if (object == NULL)
    {
      *retry = TRUE;
      g_set_error (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_NETWORK,
                   _("The server’s answer was cut or is not JSON"));
    }
  return object;
}

/* Milliseconds since @start, a monotonic time. */
static guint64
elapsed_ms (gint64 start)
{
  return (guint64) (g_get_monotonic_time () - start) / 1000;
}

/*
 * Sends a request until it gets an answer, a retry cannot help, or the
 * policy's attempts or time run out; a retry sends the same bytes (a push
 * its same ops, which the server answers from their stored results).
 */
static gpointer
send (GkSyncClient  *self,
      const char    *method,
      const char    *path,
      GBytes        *bytes,
      ParseFunc      parse,
      GError       **error)
{
  g_autofree char *url = g_strconcat (self->server, "/api/v1/", path, NULL);
  gint64 start = g_get_monotonic_time ();

  for (guint n = 1; ; n++)
    {
      g_autoptr(SoupMessage) msg = new_message (self, method, url, bytes);
      g_autoptr(GError) local = NULL;
      guint64 left = self->policy.total_ms - MIN (elapsed_ms (start), self->policy.total_ms);
      guint deadline = (guint) MIN (self->policy.attempt_ms, left);
      gboolean retry;
      guint wait;
      gpointer object;

      if (msg == NULL)
        {
          g_set_error (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_PROTOCOL,
                       _("“%s” is not a server address"), self->server);
          return NULL;
        }
      object = exchange (self, msg, parse, MAX (deadline, 1), &retry, &wait, &local);
      if (object != NULL)
        return object;
      if (wait == 0)
        wait = gk_sync_policy_backoff_ms (&self->policy, n);
      if (!retry || n >= self->policy.max_attempts
          || elapsed_ms (start) + wait >= self->policy.total_ms)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      g_debug ("%s %s: %s; again in %u ms", method, path, local->message, wait);
      renew_session (self);
      if (!wait_ms (self, wait, error))
        return NULL;
      self->n_retries++;
    }
}

/**
 * gk_sync_client_get_info:
 * @self: a client
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): `GET /api/v1/info`
 */
JsonObject *
gk_sync_client_get_info (GkSyncClient  *self,
                         GError       **error)
{
  return send (self, "GET", "info", NULL, parse_object, error);
}

/**
 * gk_sync_client_push:
 * @self: a client
 * @body: the push, `{"ops": […]}`, as JSON text
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the answer of `POST /api/v1/push`,
 *   an object
 */
GkJsonTree *
gk_sync_client_push (GkSyncClient  *self,
                     GBytes        *body,
                     GError       **error)
{
  return send (self, "POST", "push", body, parse_tree, error);
}

/**
 * gk_sync_client_get_changes:
 * @self: a client
 * @since: (nullable): the cursor, %NULL for everything
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a page of `GET /api/v1/changes`
 */
GkJsonTree *
gk_sync_client_get_changes (GkSyncClient  *self,
                            const char    *since,
                            GError       **error)
{
  g_autofree char *escaped = g_uri_escape_string (since != NULL ? since : "", NULL, FALSE);
  g_autofree char *path = g_strconcat ("changes?since=", escaped, NULL);
  GkJsonTree *page = send (self, "GET", path, NULL, parse_tree, error);
  const GkJsonValue *changes = NULL;

  if (page != NULL)
    changes = gk_json_value_get_member (gk_json_tree_get_root (page), "changes");
  if (self->progress != NULL && changes != NULL && changes->type == GK_JSON_ARRAY)
    self->progress (changes->n_children, self->progress_data);
  return page;
}

/**
 * gk_sync_client_set_progress:
 * @self: a client
 * @progress: (nullable): called, on the client's thread, with the number of
 *   items of each page of changes received
 * @data: for @progress
 *
 * For a progress bar of a first sync of thousands of items.
 */
void
gk_sync_client_set_progress (GkSyncClient       *self,
                             GkSyncProgressFunc  progress,
                             gpointer            data)
{
  self->progress = progress;
  self->progress_data = data;
}

/**
 * gk_sync_client_get_conflicts:
 * @self: a client
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): `GET /api/v1/conflicts?state=open`
 */
GkJsonTree *
gk_sync_client_get_conflicts (GkSyncClient  *self,
                              GError       **error)
{
  return send (self, "GET", "conflicts?state=open", NULL, parse_tree, error);
}

/**
 * gk_sync_client_get_history:
 * @self: a client
 * @item_id: an item's id (a UUID)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the newest revisions of the item,
 *   `GET /api/v1/items/{id}/history?limit=100`
 */
JsonObject *
gk_sync_client_get_history (GkSyncClient  *self,
                            const char    *item_id,
                            GError       **error)
{
  g_autofree char *escaped = g_uri_escape_string (item_id, NULL, FALSE);
  g_autofree char *path = g_strconcat ("items/", escaped, "/history?limit=100", NULL);

  return send (self, "GET", path, NULL, parse_object, error);
}
