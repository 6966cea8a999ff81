/* gk-json-syntax.h: strict JSON text in and out (private to the core)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean gk_json_syntax_check (const char  *data,
                               gsize        length,
                               guint        max_depth,
                               GError     **error);

void     gk_json_write        (JsonNode    *node,
                               GString     *out);
void     gk_json_write_string (const char  *text,
                               GString     *out);
JsonNode *gk_json_parse       (const char  *data,
                               gsize        length,
                               guint        max_depth,
                               GError     **error);

/* Called with each element (transfer full) of the array that is member
 * @member of the root object, and with NULL when such an array starts. */
typedef void (*GkJsonElementFunc) (JsonNode *element,
                                   gpointer  user_data);

JsonNode *gk_json_parse_streaming (const char        *data,
                                   gsize              length,
                                   guint              max_depth,
                                   const char        *member,
                                   GkJsonElementFunc  func,
                                   gpointer           user_data,
                                   GError           **error);

G_END_DECLS
