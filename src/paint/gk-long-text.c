/* gk-long-text.c: a long text laid out in pieces of whole lines
 *
 * Pango 1.50 lays a paragraph out in time quadratic in its length: each
 * line sums the widths of the rest of its item, and splits the item's
 * glyphs off with a copy of the rest. The sum is an int in Pango units,
 * which overflows past 2^31 / 1024 points (~230,000 characters at 9 pt):
 * the whole rest then "fits", and a cell of 300,000 characters came out as
 * one line running off the page. A text longer than GK_LONG_TEXT bytes is
 * therefore cut into pieces of whole lines, each laid out on its own: its
 * lines are those of the whole text, and drawing or cutting a page lays
 * out only the pieces on that page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-long-text.h"

static double
lay_out (PangoLayout *layout,
         const char  *text,
         gsize        length,
         double       width)
{
  int height;

  pango_layout_set_width (layout, pango_units_from_double (MAX (width, 1.0)));
  pango_layout_set_height (layout, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_text (layout, text, (int) length);
  pango_layout_get_size (layout, NULL, &height);
  return pango_units_to_double (height);
}

/* The first character no font has in @glyphs, or 0. */
static gunichar
find_missing_glyph (const PangoGlyphString *glyphs)
{
  for (int i = 0; i < glyphs->num_glyphs; i++)
    {
      PangoGlyph glyph = glyphs->glyphs[i].glyph;

      /* Pango keeps the character of a glyph it could not find. */
      if ((glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0 && glyph != PANGO_GLYPH_INVALID_INPUT)
        return glyph & ~PANGO_GLYPH_UNKNOWN_FLAG;
    }

  return 0;
}

/**
 * gk_layout_find_missing:
 * @layout: a laid-out text
 *
 * Returns: the first character of @layout that no installed font has,
 *   drawn as a box with its code, or 0 when there is none
 */
gunichar
gk_layout_find_missing (PangoLayout *layout)
{
  if (pango_layout_get_unknown_glyphs_count (layout) == 0)
    return 0;

  for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
    {
      for (GSList *r = ((PangoLayoutLine *) l->data)->runs; r != NULL; r = r->next)
        {
          gunichar missing = find_missing_glyph (((PangoGlyphItem *) r->data)->glyphs);

          if (missing != 0)
            return missing;
        }
    }

  return 0;
}

/* Where a piece from @start, of about @size bytes, may end: on a character,
 * not inside a CR LF. */
static gsize
chunk_end (const char *text,
           gsize       length,
           gsize       start,
           gsize       size)
{
  gsize end = start + size;

  if (end >= length)
    return length;
  while (end > start + 1 && (text[end] & 0xC0) == 0x80)
    end--;
  if (text[end - 1] == '\r' && text[end] == '\n')
    end++;

  return end;
}

/* The top of the last line of @layout, in points. */
static double
get_last_line_top (PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  PangoRectangle rect;

  while (pango_layout_iter_next_line (iter))
    ;
  pango_layout_iter_get_line_extents (iter, NULL, &rect);
  pango_layout_iter_free (iter);

  return pango_units_to_double (rect.y);
}

/* Lays out a chunk from @piece->start and keeps its lines but the last,
 * which the chunk's end may have cut: the next piece starts with it.
 * Returns where the next piece starts, or 0 when the chunk must grow (it
 * was one line). */
static gsize
lay_out_chunk (GkLongText  *self,
               PangoLayout *layout,
               GkTextPiece *piece,
               gsize        length,
               gsize        size,
               double       width)
{
  gsize end = chunk_end (self->text, length, piece->start, size);
  double height = lay_out (layout, self->text + piece->start, end - piece->start, width);
  int n_lines = pango_layout_get_line_count (layout);
  PangoLayoutLine *line;

  if (self->missing == 0)
    self->missing = gk_layout_find_missing (layout);
  if (end == length)
    {
      piece->end = length;
      piece->height = height;
      return length;
    }
  if (n_lines < 2)
    return 0;

  /* Without the paragraph separator that may end the line. */
  line = pango_layout_get_line_readonly (layout, n_lines - 2);
  piece->end = piece->start + (gsize) line->start_index + (gsize) line->length;
  piece->height = get_last_line_top (layout);
  line = pango_layout_get_line_readonly (layout, n_lines - 1);

  return piece->start + (gsize) line->start_index;
}

/**
 * gk_long_text_new:
 * @style: a layout of the style wanted, whose text is replaced
 * @text: the text, longer than %GK_LONG_TEXT bytes
 * @width: the width to wrap at, in points
 *
 * Cuts @text into pieces of whole lines, in time linear in its length.
 *
 * Returns: (transfer full): the pieces
 */
GkLongText *
gk_long_text_new (PangoLayout *style,
                  const char  *text,
                  double       width)
{
  GkLongText *self = g_new0 (GkLongText, 1);
  gsize length = strlen (text);
  gsize start = 0;
  gsize size = GK_LONG_TEXT;

  self->text = g_strdup (text);
  self->pieces = g_array_new (FALSE, FALSE, sizeof (GkTextPiece));
  while (start < length)
    {
      GkTextPiece piece = { start, start, self->height, 0 };
      gsize next = lay_out_chunk (self, style, &piece, length, size, width);

      /* A line longer than the chunk: take more. */
      if (next == 0)
        {
          size *= 2;
          continue;
        }
      g_array_append_val (self->pieces, piece);
      self->height += piece.height;
      start = next;
      size = GK_LONG_TEXT;
    }

  return self;
}

/**
 * gk_long_text_free:
 * @self: (transfer full): pieces
 */
void
gk_long_text_free (GkLongText *self)
{
  g_free (self->text);
  g_array_unref (self->pieces);
  g_free (self);
}

/**
 * gk_long_text_find_piece:
 * @self: pieces
 * @y: a height from the top of the text, in points
 *
 * Returns: the piece at @y: the first one above it, the last one below it
 */
guint
gk_long_text_find_piece (const GkLongText *self,
                         double            y)
{
  guint low = 0;
  guint high = self->pieces->len;

  /* The last piece whose top is at or above @y. */
  while (high - low > 1)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (self->pieces, GkTextPiece, middle).top <= y)
        low = middle;
      else
        high = middle;
    }

  return low;
}

/**
 * gk_long_text_lay_out:
 * @self: pieces
 * @piece: one of them
 * @layout: a layout of the style of gk_long_text_new()
 * @width: the width given to gk_long_text_new()
 *
 * Sets the text of @layout to that of @piece.
 *
 * Returns: its height
 */
double
gk_long_text_lay_out (const GkLongText *self,
                      guint             piece,
                      PangoLayout      *layout,
                      double            width)
{
  const GkTextPiece *p = &g_array_index (self->pieces, GkTextPiece, piece);

  return lay_out (layout, self->text + p->start, p->end - p->start, width);
}
