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

static void
set_body (SoupServerMessage *msg,
          guint              status,
          const char        *content_type,
          JsonNode          *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize length;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  /* Answers depend on the token and change with every write. */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, data, length);
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
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *type_uri = g_strconcat (PROBLEM_TYPE_PREFIX, type, NULL);
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type_uri);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  set_body (msg, status, "application/problem+json", root);
}

/**
 * gk_server_respond_error:
 * @msg: a request
 * @error: why the server could not answer it
 *
 * Answers 503 with Retry-After when trying again later may work (the
 * database is busy or the disk full), 500 otherwise.
 */
void
gk_server_respond_error (SoupServerMessage *msg,
                         const GError      *error)
{
  if (g_error_matches (error, GK_SERVER_ERROR, GK_SERVER_ERROR_BUSY)
      || g_error_matches (error, GK_SERVER_ERROR, GK_SERVER_ERROR_FULL))
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

      soup_message_headers_replace (headers, "Retry-After", "5");
      gk_server_respond_problem (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, GK_PROBLEM_UNAVAILABLE,
                                 _("Service unavailable"), error->message);
      return;
    }

  gk_server_respond_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, GK_PROBLEM_INTERNAL,
                             _("Internal server error"), error->message);
}
