/* gk-string.c: appending many small pieces to a GString
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-string-private.h"

/**
 * gk_string_grow:
 * @out: a string
 * @len: how many bytes are about to be appended
 *
 * Makes room for @len more bytes in @out, doubling its size as GString
 * does; for gk_string_put().
 */
void
gk_string_grow (GString *out,
                gsize    len)
{
  gsize old = out->len;

  g_string_set_size (out, old + len);
  out->len = old;
}
