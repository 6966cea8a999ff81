/* gk-table-warnings.c: what the reader of a document should know of it
 *
 * A character that no installed font has (a rare one of CJK Extension B,
 * 𠀀, in a font set without one) is drawn by Pango as a box with its code,
 * and the document is still written: the export succeeds, so the user is
 * told which item to look at, through GkRenderOptions.warnings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "gk-table-layout.h"

#define MAX_MISSING 20  /* cells with characters no font has named at most */

/* "𠀀 (U+20000)", or the code alone for a character that does not show. */
static char *
dup_character_name (gunichar c)
{
  char utf8[7] = { 0 };

  if (!g_unichar_isgraph (c))
    return g_strdup_printf ("U+%04" G_GINT32_MODIFIER "X", c);

  g_unichar_to_utf8 (c, utf8);
  return g_strdup_printf ("%s (U+%04" G_GINT32_MODIFIER "X)", utf8, c);
}

static void
add_warning (GkTableLayout *self,
             char          *message)
{
  if (g_ptr_array_find_with_equal_func (self->warnings, message, g_str_equal, NULL))
    g_free (message);
  else
    g_ptr_array_add (self->warnings, message);
}

/**
 * gk_table_layout_warn_missing:
 * @self: a layout being paginated
 * @table: one of its tables
 * @row: a row
 * @c: a column
 * @missing: the first character of the cell that no installed font has,
 *   or 0 when there is none
 *
 * Adds a warning naming the item, once for each of the first cells.
 */
void
gk_table_layout_warn_missing (GkTableLayout     *self,
                              const GkTableGrid *table,
                              guint              row,
                              guint              c,
                              gunichar           missing)
{
  const GkColumn *column = &g_array_index (table->columns, GkColumn, c);
  g_autofree char *title = NULL;
  g_autofree char *character = NULL;

  if (missing == 0 || self->n_missing++ >= MAX_MISSING)
    return;

  title = gk_item_dup_title (g_ptr_array_index (table->items, row));
  character = dup_character_name (missing);
  /* Translators: domain, row number, item, column: "社会救助, row 3 “办事指南”, 公开主体: …" */
  add_warning (self, g_strdup_printf (_("%s, row %u “%s”, %s: no installed font has "
                                        "the character %s; it is printed as a box"),
                                      table->domain->name, row + 1, title, column->label,
                                      character));
}

/**
 * gk_table_layout_warn_more_missing:
 * @self: a paginated layout
 *
 * Adds how many more cells have characters no font has, after those named.
 */
void
gk_table_layout_warn_more_missing (GkTableLayout *self)
{
  guint more = self->n_missing - MIN (self->n_missing, MAX_MISSING);

  if (more > 0)
    add_warning (self, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%u more cell has characters no "
                                                     "installed font has",
                                                     "%u more cells have characters no "
                                                     "installed font has", more),
                                        more));
}

/**
 * gk_table_layout_warn_missing_in_title:
 * @self: a layout being paginated
 * @layout: the laid-out title or label above a table
 *
 * Like gk_table_layout_warn_missing(), for a title.
 */
void
gk_table_layout_warn_missing_in_title (GkTableLayout *self,
                                       PangoLayout   *layout)
{
  gunichar missing = gk_layout_find_missing (layout);
  g_autofree char *character = NULL;

  if (missing == 0)
    return;

  character = dup_character_name (missing);
  add_warning (self, g_strdup_printf (_("The title “%s”: no installed font has the "
                                        "character %s; it is printed as a box"),
                                      pango_layout_get_text (layout), character));
}

