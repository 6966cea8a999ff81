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

G_END_DECLS
