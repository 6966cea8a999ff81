/* gk-server-input.h: request bodies checked before anything reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "gk-json-syntax.h"

G_BEGIN_DECLS

gboolean    gk_server_input_check_headers (SoupServerMessage *msg,
                                           gboolean           takes_body);
void        gk_server_input_count_chunk   (SoupServerMessage *msg,
                                           gsize             *received,
                                           gsize              size);
void        gk_server_input_discard_body  (SoupServerMessage *msg);
GkJsonTree *gk_server_input_parse_body    (SoupServerMessage *msg);
GHashTable *gk_server_input_parse_query   (SoupServerMessage   *msg,
                                           const char * const  *names,
                                           GError             **error);
gboolean    gk_server_input_refuse_query  (SoupServerMessage   *msg);
gboolean    gk_server_input_get_int       (GHashTable          *query,
                                           const char          *name,
                                           gint64               min,
                                           gint64               max,
                                           gint64              *value,
                                           GError             **error);

G_END_DECLS
