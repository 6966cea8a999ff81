/* gk-server-response.c: JSON and problem (RFC 9457) responses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-server-db.h"
#include "gk-server-response.h"

/* Problem types are URNs: they name the problem for programs and promise
 * no page to fetch (RFC 9457 §3.1.1 allows any URI). */
#define PROBLEM_TYPE_PREFIX "urn:gongkai:problem:"

#define SERVER_ID_KEY "gk-server-id"

/* Clients decide on `code`: retry, split, resync, ask for a token or stop
 * (docs/sync-protocol.md); the type says more, for people and logs. */
static const struct
{
  const char *type;
  const char *code;
} problem_codes[] = {
  { GK_PROBLEM_UNAUTHORIZED, "unauthorized" },
  { GK_PROBLEM_FORBIDDEN, "forbidden" },
  { GK_PROBLEM_NOT_FOUND, "not_found" },
  { GK_PROBLEM_METHOD_NOT_ALLOWED, "method_not_allowed" },
  { GK_PROBLEM_CURSOR_RESET, "cursor_reset" },
  { GK_PROBLEM_BODY_TOO_LARGE, "too_large" },
  { GK_PROBLEM_TOO_MANY_OPS, "too_many_ops" },
  { GK_PROBLEM_UNSUPPORTED_TYPE, "unsupported_media_type" },
  { GK_PROBLEM_INVALID_UTF8, "malformed" },
  { GK_PROBLEM_MALFORMED_JSON, "malformed" },
  { GK_PROBLEM_TOO_DEEP, "malformed" },
  { GK_PROBLEM_INVALID_REQUEST, "bad_request" },
  { GK_PROBLEM_UNAVAILABLE, "busy" },
  { GK_PROBLEM_PUBLISHING, "conflict" },
  { GK_PROBLEM_INTERNAL, "internal" },
};

static const char *
get_problem_code (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (problem_codes); i++)
    {
      if (g_str_equal (problem_codes[i].type, type))
        return problem_codes[i].code;
    }

  g_return_val_if_reached ("internal");
}

/**
 * gk_server_response_set_server_id:
 * @msg: a request
 * @server_id: the id of the server answering it
 *
 * Problems answered to @msg name the server (docs/sync-protocol.md: a PC
 * notices a restored server on any response).
 */
void
gk_server_response_set_server_id (SoupServerMessage *msg,
                                  const char        *server_id)
{
  g_object_set_data_full (G_OBJECT (msg), SERVER_ID_KEY, g_strdup (server_id), g_free);
}

/* Takes @data. */
static void
set_data (SoupServerMessage *msg,
          guint              status,
          const char        *content_type,
          char              *data,
          gsize              length)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* Answers depend on the token and change with every write. */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, data, length);
}

static void
set_body (SoupServerMessage *msg,
          guint              status,
          const char        *content_type,
          JsonNode          *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  set_data (msg, status, content_type, data, length);
}

/**
 * gk_server_respond_json:
 * @msg: a request
 * @status: the HTTP status
 * @root: the body
 *
 * Answers @msg with @root, sent with a Content-Length.
 */
void
gk_server_respond_json (SoupServerMessage *msg,
                        guint              status,
                        JsonNode          *root)
{
  set_body (msg, status, "application/json", root);
}

/**
 * gk_server_respond_text:
 * @msg: a request
 * @status: the HTTP status
 * @json: (transfer full): the body, JSON text
 *
 * Answers @msg with @json as it is.
 */
void
gk_server_respond_text (SoupServerMessage *msg,
                        guint              status,
                        GString           *json)
{
  gsize length = json->len;

  set_data (msg, status, "application/json", g_string_free (json, FALSE), length);
}

/**
 * gk_server_respond_problem_limit:
 * @msg: a request
 * @status: the HTTP status, 4xx or 5xx
 * @type: one of the GK_PROBLEM_ names
 * @title: what the type means, translated
 * @detail: what went wrong with this request, translated
 * @limit: the limit the request went over, or -1
 *
 * Answers @msg with a problem object (application/problem+json).
 */
void
gk_server_respond_problem_limit (SoupServerMessage *msg,
                                 guint              status,
                                 const char        *type,
                                 const char        *title,
                                 const char        *detail,
                                 gint64             limit)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *type_uri = g_strconcat (PROBLEM_TYPE_PREFIX, type, NULL);
  const char *server_id = g_object_get_data (G_OBJECT (msg), SERVER_ID_KEY);
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type_uri);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, get_problem_code (type));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  if (limit >= 0)
    {
      json_builder_set_member_name (builder, "limit");
      json_builder_add_int_value (builder, limit);
    }
  if (server_id != NULL)
    {
      json_builder_set_member_name (builder, "server_id");
      json_builder_add_string_value (builder, server_id);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  set_body (msg, status, "application/problem+json", root);
}

/**
 * gk_server_respond_problem:
 * @msg: a request
 * @status: the HTTP status, 4xx or 5xx
 * @type: one of the GK_PROBLEM_ names
 * @title: what the type means, translated
 * @detail: what went wrong with this request, translated
 *
 * Answers @msg with a problem object (application/problem+json).
 */
void
gk_server_respond_problem (SoupServerMessage *msg,
                           guint              status,
                           const char        *type,
                           const char        *title,
                           const char        *detail)
{
  gk_server_respond_problem_limit (msg, status, type, title, detail, -1);
}

/**
 * gk_server_respond_error:
 * @msg: a request
 * @error: why the server could not answer it
 *
 * Answers what the error says of the request: 400 when it asked for
 * something it may not (%GK_SERVER_ERROR_INVALID), 404 for what is not
 * there, 410 for a cursor of another server; 503 with Retry-After when
 * trying again later may work (the database is busy or the disk full),
 * 500 otherwise.
 */
void
gk_server_respond_error (SoupServerMessage *msg,
                         const GError      *error)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  GkServerError code = error->domain == GK_SERVER_ERROR ? error->code : GK_SERVER_ERROR_FAILED;

  switch (code)
    {
    case GK_SERVER_ERROR_INVALID:
      gk_server_respond_problem (msg, SOUP_STATUS_BAD_REQUEST, GK_PROBLEM_INVALID_REQUEST,
                                 _("Invalid request"), error->message);
      break;
    case GK_SERVER_ERROR_NOT_FOUND:
      gk_server_respond_problem (msg, SOUP_STATUS_NOT_FOUND, GK_PROBLEM_NOT_FOUND,
                                 _("Not found"), error->message);
      break;
    case GK_SERVER_ERROR_CURSOR_RESET:
      gk_server_respond_problem (msg, SOUP_STATUS_GONE, GK_PROBLEM_CURSOR_RESET, _("Gone"),
                                 error->message);
      break;
    case GK_SERVER_ERROR_BUSY:
    case GK_SERVER_ERROR_FULL:
      soup_message_headers_replace (headers, "Retry-After", "5");
      gk_server_respond_problem (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, GK_PROBLEM_UNAVAILABLE,
                                 _("Service unavailable"), error->message);
      break;
    case GK_SERVER_ERROR_FAILED:
    case GK_SERVER_ERROR_DATABASE:
    case GK_SERVER_ERROR_NEWER:
    case GK_SERVER_ERROR_MISSING:
    case GK_SERVER_ERROR_EXISTS:
    default:
      gk_server_respond_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, GK_PROBLEM_INTERNAL,
                                 _("Internal server error"), error->message);
      break;
    }
}
