/* gk-sync-client.c: the HTTP side of a sync (docs/sync-protocol.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "gk-sync-client.h"

struct _GkSyncClient
{
  SoupSession *session;
  char        *server;   /* without a trailing slash */
  char        *authorization;
};

G_DEFINE_QUARK (gk-sync-client-error-quark, gk_sync_client_error)

/**
 * gk_sync_client_new:
 * @server: the server's URL, e.g. `https://gongkai.example.gov.cn`
 * @token: the bearer token; kept in memory only, never logged
 * @timeout_s: how long a request may wait for the server at any step
 *
 * Returns: (transfer full): a client with one session for every request
 */
GkSyncClient *
gk_sync_client_new (const char *server,
                    const char *token,
                    guint       timeout_s)
{
  GkSyncClient *self = g_new0 (GkSyncClient, 1);
  gsize len = strlen (server);

  while (len > 0 && server[len - 1] == '/')
    len--;
  self->server = g_strndup (server, len);
  self->authorization = g_strdup_printf ("Bearer %s", token);
  self->session = soup_session_new_with_options ("timeout", timeout_s,
                                                 "idle-timeout", timeout_s, NULL);
  return self;
}

void
gk_sync_client_free (GkSyncClient *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->session);
  g_free (self->server);
  /* Wiped so that the token does not linger in freed memory. */
  memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);
  g_free (self);
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
    case 429: /* Too Many Requests, not named by libsoup 3.2 */
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      return GK_SYNC_CLIENT_ERROR_BUSY;
    case SOUP_STATUS_INTERNAL_SERVER_ERROR:
    case SOUP_STATUS_BAD_GATEWAY:
    case SOUP_STATUS_GATEWAY_TIMEOUT:
      /* A proxy in front of a stopped server answers these. */
      return GK_SYNC_CLIENT_ERROR_SERVER;
    default:
      return GK_SYNC_CLIENT_ERROR_PROTOCOL;
    }
}

static JsonObject *
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

static JsonObject *
send (GkSyncClient  *self,
      const char    *method,
      const char    *path,
      JsonNode      *body,
      GError       **error)
{
  g_autofree char *url = g_strconcat (self->server, "/api/v1/", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *object;

  if (msg == NULL)
    {
      g_set_error (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_PROTOCOL,
                   _("“%s” is not a server address"), self->server);
      return NULL;
    }
  /* A redirect to another host would hand it the token. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                self->authorization);
  if (body != NULL)
    {
      char *json = json_to_string (body, FALSE);
      g_autoptr(GBytes) bytes = g_bytes_new_take (json, strlen (json));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  response = soup_session_send_and_read (self->session, msg, NULL, &local);
  if (response == NULL)
    {
      g_set_error (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_NETWORK,
                   _("Could not reach the server: %s"), local->message);
      return NULL;
    }
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      set_problem (error, msg, response);
      return NULL;
    }
  object = parse_object (response);
  if (object == NULL)
    g_set_error (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_NETWORK,
                 _("The server’s answer was cut or is not JSON"));
  return object;
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
  return send (self, "GET", "info", NULL, error);
}

/**
 * gk_sync_client_push:
 * @self: a client
 * @body: the push, `{"ops": […]}`
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the answer of `POST /api/v1/push`
 */
JsonObject *
gk_sync_client_push (GkSyncClient  *self,
                     JsonNode      *body,
                     GError       **error)
{
  return send (self, "POST", "push", body, error);
}

/**
 * gk_sync_client_get_changes:
 * @self: a client
 * @since: (nullable): the cursor, %NULL for everything
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a page of `GET /api/v1/changes`
 */
JsonObject *
gk_sync_client_get_changes (GkSyncClient  *self,
                            const char    *since,
                            GError       **error)
{
  g_autofree char *escaped = g_uri_escape_string (since != NULL ? since : "", NULL, FALSE);
  g_autofree char *path = g_strconcat ("changes?since=", escaped, NULL);

  return send (self, "GET", path, NULL, error);
}
