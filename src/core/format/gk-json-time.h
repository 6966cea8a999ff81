/* gk-json-time.h: times in the canonical JSON form (private to the core)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "-2147483648-12-31T23:59:59.999999Z" and its NUL fit. */
#define GK_JSON_TIME_BUFFER_SIZE 40

gboolean gk_json_time_format (gint64      usec,
                              char        buffer[GK_JSON_TIME_BUFFER_SIZE]);
gboolean gk_json_time_parse  (const char *text,
                              gint64     *usec);

G_END_DECLS
