/* gk-string-private.h: appending many small pieces to a GString (private
 * to the core)
 *
 * The JSON writer and the HTML renderer append some hundred pieces a row;
 * g_string_append_len() is a call with checks for each. These copy the
 * piece inline and grow the string (doubling, as GString does) only when
 * it is full.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>
#include <glib.h>

G_BEGIN_DECLS

void gk_string_grow (GString *out,
                     gsize    len);

static inline void
gk_string_put (GString    *out,
               const char *text,
               gsize       len)
{
  if (G_UNLIKELY (out->len + len >= out->allocated_len))
    gk_string_grow (out, len);
  memcpy (out->str + out->len, text, len);
  out->len += len;
  out->str[out->len] = '\0';
}

G_END_DECLS
