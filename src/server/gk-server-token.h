/* gk-server-token.h: bearer tokens, made, hashed and read from requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SHA-256 */
#define GK_SERVER_TOKEN_HASH_SIZE 32

char     *gk_server_token_generate     (GError      **error);
char     *gk_server_token_generate_id  (GError      **error);
void      gk_server_token_hash         (const char   *token,
                                        gsize         length,
                                        guint8        hash[GK_SERVER_TOKEN_HASH_SIZE]);
gboolean  gk_server_token_from_header  (const char   *authorization,
                                        const char  **token,
                                        gsize        *length);

G_END_DECLS
