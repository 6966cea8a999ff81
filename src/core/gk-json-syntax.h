/* gk-json-syntax.h: strict RFC 8259 syntax check (private to the core)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean gk_json_syntax_check (const char  *data,
                               gsize        length,
                               guint        max_depth,
                               GError     **error);

G_END_DECLS
