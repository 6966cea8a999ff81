/* gk-long-text.h: a long text laid out in pieces of whole lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

#define GK_LONG_TEXT 2048  /* bytes: longer texts are laid out in pieces */

/* Lines of the text, laid out on their own. */
typedef struct
{
  gsize  start;   /* in bytes, into the text */
  gsize  end;
  double top;     /* in points, from the top of the text */
  double height;
} GkTextPiece;

typedef struct
{
  char     *text;
  GArray   *pieces;   /* (element-type GkTextPiece) */
  double    height;
  gunichar  missing;  /* the first character no font has, or 0 */
} GkLongText;

GkLongText *gk_long_text_new         (PangoLayout      *style,
                                      const char       *text,
                                      double            width);
void        gk_long_text_free        (GkLongText       *self);
guint       gk_long_text_find_piece  (const GkLongText *self,
                                      double            y);
double      gk_long_text_lay_out     (const GkLongText *self,
                                      guint             piece,
                                      PangoLayout      *layout,
                                      double            width);
gunichar    gk_layout_find_missing   (PangoLayout      *layout);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkLongText, gk_long_text_free)

G_END_DECLS
