/* gk-csv-private.h: the formula guard of the CSV export and reader (private
 * to the core)
 *
 * Excel and WPS run a CSV cell that starts with = + - @, a tab or a CR as a
 * formula (=HYPERLINK(…), =cmd|…): CSV injection. As OWASP advises, the
 * export puts a ' before such a text and quotes the field; the reader takes
 * that ' away again. A text that already starts with ' and then one of
 * those characters ('=x) gets one more (''=x), so the reader can tell the
 * guard from the text and every text comes back as it was. The rule is in
 * docs/exports.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @text, after the single quotes it starts with, starts with a
 * character that makes a spreadsheet read the cell as a formula. */
static inline gboolean
gk_csv_needs_guard (const char *text)
{
  while (*text == '\'')
    text++;
  return *text == '=' || *text == '+' || *text == '-' || *text == '@' || *text == '\t'
         || *text == '\r';
}

G_END_DECLS
