/* gk-server-input.c: request bodies checked before anything reads them
 *
 * SoupServer 3.2 has no limit on request bodies: it reads the whole body
 * into memory before the handler runs, and answers only after the body is
 * read (except to a client that sent "Expect: 100-continue"). So a body
 * is refused as early as it can be: by its Content-Length when the headers
 * arrive, else when the bytes received pass the limit; from then on what
 * still arrives is thrown away as it comes, and the connection is closed
 * after the answer. Then the body must be UTF-8 and one JSON value, parsed
 * by the core's strict scanner (json-glib 1.6 recurses without a limit and
 * accepts comments and duplicate member names).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-catalog-json.h"
#include "gk-server.h"
#include "gk-server-db.h"
#include "gk-server-input.h"
#include "gk-server-response.h"

/**
 * gk_server_input_discard_body:
 * @msg: a request that is refused
 *
 * Frees what was received of the body and throws the rest away as it
 * arrives.
 */
void
gk_server_input_discard_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
}

static void
refuse_too_large (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *detail = NULL;

  detail = g_strdup_printf (_("The request body is larger than the limit of %d bytes; "
                              "send less at a time."), GK_SERVER_MAX_BODY);
  gk_server_respond_problem_limit (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                   GK_PROBLEM_BODY_TOO_LARGE, _("Request body too large"),
                                   detail, GK_SERVER_MAX_BODY);
  /* The client may still be sending: the connection cannot carry another
   * request after a body that was not read to its end. */
  soup_message_headers_replace (headers, "Connection", "close");
  gk_server_input_discard_body (msg);
}

/* The body is JSON in UTF-8; a charset parameter may only say so. */
static gboolean
is_json (SoupMessageHeaders *headers)
{
  g_autoptr(GHashTable) params = NULL;
  const char *type = soup_message_headers_get_content_type (headers, &params);
  const char *charset;

  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    return FALSE;

  charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  return charset == NULL || g_ascii_strcasecmp (charset, "utf-8") == 0;
}

/**
 * gk_server_input_check_headers:
 * @msg: a request whose headers have arrived, its body not yet
 * @takes_body: whether its route reads a JSON body
 *
 * Refuses a body that says it is over the limit (413), and for a route
 * that reads one, a body that is not JSON (415). The body of a route
 * that reads none is thrown away as it arrives.
 *
 * Returns: whether the request may go on
 */
gboolean
gk_server_input_check_headers (SoupServerMessage *msg,
                               gboolean           takes_body)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > GK_SERVER_MAX_BODY)
    {
      refuse_too_large (msg);
      return FALSE;
    }

  if (!takes_body)
    {
      gk_server_input_discard_body (msg);
      return TRUE;
    }

  if (!is_json (headers))
    {
      gk_server_respond_problem (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                                 GK_PROBLEM_UNSUPPORTED_TYPE, _("Unsupported media type"),
                                 _("The request body must be JSON, sent as "
                                   "“Content-Type: application/json”."));
      gk_server_input_discard_body (msg);
      return FALSE;
    }

  return TRUE;
}

/**
 * gk_server_input_count_chunk:
 * @msg: a request whose body is arriving
 * @received: (inout): the bytes of the body received so far
 * @size: the bytes just received
 *
 * Refuses the body (413) once more of it has arrived than the limit: a
 * chunked body says nothing of its size beforehand.
 */
void
gk_server_input_count_chunk (SoupServerMessage *msg,
                             gsize             *received,
                             gsize              size)
{
  gboolean was_over = *received > GK_SERVER_MAX_BODY;

  *received += size;
  if (was_over || *received <= GK_SERVER_MAX_BODY)
    return;

  if (soup_server_message_get_status (msg) == 0)
    refuse_too_large (msg);
  else
    gk_server_input_discard_body (msg);
}

static void
refuse_body (SoupServerMessage *msg,
             const char        *type,
             const char        *title,
             const char        *detail)
{
  gk_server_respond_problem (msg, SOUP_STATUS_BAD_REQUEST, type, title, detail);
}

/**
 * gk_server_input_parse_body:
 * @msg: a request whose body has arrived within the limit
 *
 * Parses the body strictly: RFC 8259, UTF-8, no member name twice in an
 * object, nested at most %GK_SERVER_MAX_DEPTH deep. Otherwise answers 400.
 *
 * Returns: (transfer full) (nullable): the body, or %NULL when @msg was
 *   answered
 */
GkJsonTree *
gk_server_input_parse_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;
  GkJsonTree *tree;

  data = g_bytes_get_data (bytes, &length);
  /* A body that went past the limit was refused already; this holds also
   * if libsoup ever stops reporting chunks. */
  if (length > GK_SERVER_MAX_BODY)
    {
      refuse_too_large (msg);
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      refuse_body (msg, GK_PROBLEM_INVALID_UTF8, _("Invalid UTF-8"),
                   _("The request body is not valid UTF-8."));
      return NULL;
    }

  tree = gk_json_tree_parse (data, length, GK_SERVER_MAX_DEPTH, NULL, NULL, NULL, &error);
  if (tree != NULL)
    return tree;

  if (g_error_matches (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_TOO_DEEP))
    {
      g_autofree char *detail = NULL;

      detail = g_strdup_printf (_("The request body nests arrays and objects deeper than "
                                  "the limit of %d."), GK_SERVER_MAX_DEPTH);
      refuse_body (msg, GK_PROBLEM_TOO_DEEP, _("JSON nested too deeply"), detail);
    }
  else
    refuse_body (msg, GK_PROBLEM_MALFORMED_JSON, _("Malformed JSON"), error->message);

  return NULL;
}

/**
 * gk_server_input_parse_query:
 * @msg: a request
 * @names: (array zero-terminated=1): the parameters its route takes
 * @error: return location for a %GK_SERVER_ERROR_INVALID
 *
 * Reads the query. A parameter the route does not take is refused, as an
 * unknown member of a body is (docs/sync-protocol.md).
 *
 * Returns: (transfer full) (nullable): the parameters, name → value
 */
GHashTable *
gk_server_input_parse_query (SoupServerMessage   *msg,
                             const char * const  *names,
                             GError             **error)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = uri != NULL ? g_uri_get_query (uri) : NULL;
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) local_error = NULL;
  GUriParamsIter iter;
  char *name;
  char *value;

  if (query == NULL)
    return g_steal_pointer (&params);

  g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_NONE);
  while (g_uri_params_iter_next (&iter, &name, &value, &local_error))
    {
      gboolean valid = g_utf8_validate (name, -1, NULL);

      /* A parameter given twice would be read as one of its values, which
       * a proxy in front may have read otherwise: refused, as a member
       * given twice in a body is. */
      if (!valid || !g_strv_contains (names, name) || g_hash_table_contains (params, name))
        {
          g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_INVALID,
                       valid && g_strv_contains (names, name)
                       ? _("The query parameter “%s” is given more than once.")
                       : _("Unknown query parameter “%s”."),
                       valid ? name : "?");
          g_free (name);
          g_free (value);
          return NULL;
        }
      g_hash_table_insert (params, name, value);
    }
  if (local_error != NULL)
    {
      g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_INVALID,
                   _("The query cannot be read: %s"), local_error->message);
      return NULL;
    }

  return g_steal_pointer (&params);
}

/**
 * gk_server_input_refuse_query:
 * @msg: a request of a route that takes no query parameter
 *
 * Refuses the request (400) when it has any, as
 * gk_server_input_parse_query() refuses unknown ones.
 *
 * Returns: whether the request was refused
 */
gboolean
gk_server_input_refuse_query (SoupServerMessage *msg)
{
  static const char * const none[] = { NULL };
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GError) error = NULL;

  query = gk_server_input_parse_query (msg, none, &error);
  if (query != NULL)
    return FALSE;
  gk_server_respond_error (msg, error);
  return TRUE;
}

/**
 * gk_server_input_get_int:
 * @query: the parameters of a request
 * @name: one of them
 * @min: the least value it may have
 * @max: the greatest
 * @value: (inout): its value, left as it is when it is not given
 * @error: return location for a %GK_SERVER_ERROR_INVALID
 *
 * Returns: whether the parameter is absent or a decimal integer from @min
 *   to @max
 */
gboolean
gk_server_input_get_int (GHashTable  *query,
                         const char  *name,
                         gint64       min,
                         gint64       max,
                         gint64      *value,
                         GError     **error)
{
  const char *text = g_hash_table_lookup (query, name);
  gint64 number;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (text, 10, min, max, &number, NULL))
    {
      /* Formatted apart: G_GINT64_FORMAT would cut the msgid short for xgettext. */
      g_autofree char *from = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *to = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_INVALID,
                   _("“%s” must be an integer from %s to %s."), name, from, to);
      return FALSE;
    }

  *value = number;
  return TRUE;
}
