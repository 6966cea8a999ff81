/* gk-text.h: the texts of catalogs, normalized and checked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a spreadsheet cell holds at most (Excel's limit, and WPS's). */
#define GK_TEXT_MAX_CELL_CHARS 32767

typedef enum
{
  GK_CELL_TEXT_OK,
  GK_CELL_TEXT_TOO_LONG,       /* over GK_TEXT_MAX_CELL_CHARS characters */
  GK_CELL_TEXT_NONCHARACTER,   /* U+FFFE or U+FFFF, which XML forbids */
} GkCellText;

char       *gk_text_normalize  (const char *text);
GkCellText  gk_text_check_cell (const char *text);
GStrv       gk_text_split_levels (const char *text);

G_END_DECLS
