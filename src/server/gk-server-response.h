/* gk-server-response.h: JSON and problem (RFC 9457) responses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The problem types, the last part of their URI; each has the coarser
 * `code` of docs/sync-protocol.md that clients decide on (the table in
 * gk-server-response.c). */
#define GK_PROBLEM_UNAUTHORIZED        "unauthorized"
#define GK_PROBLEM_FORBIDDEN           "forbidden"
#define GK_PROBLEM_NOT_FOUND           "not-found"
#define GK_PROBLEM_METHOD_NOT_ALLOWED  "method-not-allowed"
#define GK_PROBLEM_CURSOR_RESET        "cursor-reset"
#define GK_PROBLEM_BODY_TOO_LARGE      "body-too-large"
#define GK_PROBLEM_TOO_MANY_OPS        "too-many-ops"
#define GK_PROBLEM_UNSUPPORTED_TYPE    "unsupported-media-type"
#define GK_PROBLEM_INVALID_UTF8        "invalid-utf8"
#define GK_PROBLEM_MALFORMED_JSON      "malformed-json"
#define GK_PROBLEM_TOO_DEEP            "too-deep"
#define GK_PROBLEM_INVALID_REQUEST     "invalid-request"
#define GK_PROBLEM_UNAVAILABLE         "unavailable"
#define GK_PROBLEM_PUBLISHING          "publish-in-progress"
#define GK_PROBLEM_INTERNAL            "internal-error"

void  gk_server_response_set_server_id (SoupServerMessage *msg,
                                       const char        *server_id);
void  gk_server_respond_json    (SoupServerMessage *msg,
                                 guint              status,
                                 JsonNode          *root);
void  gk_server_respond_text    (SoupServerMessage *msg,
                                 guint              status,
                                 GString           *json);
void  gk_server_respond_problem (SoupServerMessage *msg,
                                 guint              status,
                                 const char        *type,
                                 const char        *title,
                                 const char        *detail);
void  gk_server_respond_problem_limit (SoupServerMessage *msg,
                                       guint              status,
                                       const char        *type,
                                       const char        *title,
                                       const char        *detail,
                                       gint64             limit);
void  gk_server_respond_error   (SoupServerMessage *msg,
                                 const GError      *error);

G_END_DECLS
