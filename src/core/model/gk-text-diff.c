/* gk-text-diff.c: what changed between two versions of a text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-text-diff.h"

/*
 * Character by character, not word by word: the catalog's texts are
 * Chinese, which has no spaces between words. The longest common
 * subsequence of what lies between the common prefix and suffix is found
 * with the textbook table, which is bounded: beyond MAX_CELLS (two texts
 * of about 1,000 changed characters each) the middle is shown as removed
 * and added whole, which is still true, only less precise.
 */
#define MAX_CELLS (1u << 20)

typedef struct
{
  GArray  *spans;
  GString *same;
  GString *removed;
  GString *added;
} Builder;

static void
take_span (GArray         *spans,
           GkTextDiffKind  kind,
           GString        *text)
{
  GkTextDiffSpan span = { kind, NULL };

  if (text->len == 0)
    return;
  span.text = g_strndup (text->str, text->len);
  g_array_append_val (spans, span);
  g_string_truncate (text, 0);
}

/* A change is shown as what was removed, then what was added. */
static void
flush_change (Builder *b)
{
  take_span (b->spans, GK_TEXT_DIFF_REMOVED, b->removed);
  take_span (b->spans, GK_TEXT_DIFF_ADDED, b->added);
}

static void
append_same (Builder  *b,
             gunichar  c)
{
  flush_change (b);
  g_string_append_unichar (b->same, c);
}

static void
append_change (Builder  *b,
               GString  *side,
               gunichar  c)
{
  take_span (b->spans, GK_TEXT_DIFF_SAME, b->same);
  g_string_append_unichar (side, c);
}

/* The middle parts @a (@n characters) and @b (@m) by their longest common
 * subsequence: lcs[i * (m + 1) + j] is its length for a[i..] and b[j..]. */
static void
diff_middle (Builder        *b,
             const gunichar *x,
             gsize           n,
             const gunichar *y,
             gsize           m)
{
  g_autofree guint32 *lcs = NULL;
  gsize i = 0, j = 0;

  if (n == 0 || m == 0 || (n + 1) * (m + 1) > MAX_CELLS)
    {
      for (gsize k = 0; k < n; k++)
        append_change (b, b->removed, x[k]);
      for (gsize k = 0; k < m; k++)
        append_change (b, b->added, y[k]);
      return;
    }

  lcs = g_new0 (guint32, (n + 1) * (m + 1));
  for (gsize r = n; r-- > 0;)
    for (gsize c = m; c-- > 0;)
      lcs[r * (m + 1) + c] = x[r] == y[c]
                             ? lcs[(r + 1) * (m + 1) + c + 1] + 1
                             : MAX (lcs[(r + 1) * (m + 1) + c], lcs[r * (m + 1) + c + 1]);

  while (i < n || j < m)
    {
      if (i < n && j < m && x[i] == y[j])
        {
          append_same (b, x[i++]);
          j++;
        }
      else if (j == m || (i < n && lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]))
        append_change (b, b->removed, x[i++]);
      else
        append_change (b, b->added, y[j++]);
    }
}

static void
clear_span (gpointer data)
{
  GkTextDiffSpan *span = data;

  g_free (span->text);
}

/**
 * gk_text_diff:
 * @old_text: the text before, valid UTF-8
 * @new_text: the text after, valid UTF-8
 *
 * Finds what changed, character by character. The spans, in order, read
 * as @new_text when the removed ones are skipped and as @old_text when
 * the added ones are; a change is its removed span followed by its added
 * one.
 *
 * Returns: (transfer full) (element-type GkTextDiffSpan): the spans, none
 *   when both texts are empty
 */
GArray *
gk_text_diff (const char *old_text,
              const char *new_text)
{
  glong n = 0, m = 0;
  g_autofree gunichar *x = g_utf8_to_ucs4_fast (old_text, -1, &n);
  g_autofree gunichar *y = g_utf8_to_ucs4_fast (new_text, -1, &m);
  Builder b = { g_array_new (FALSE, FALSE, sizeof (GkTextDiffSpan)),
                g_string_new (NULL), g_string_new (NULL), g_string_new (NULL) };
  glong prefix = 0, suffix = 0;

  g_array_set_clear_func (b.spans, clear_span);
  while (prefix < n && prefix < m && x[prefix] == y[prefix])
    prefix++;
  while (suffix < n - prefix && suffix < m - prefix
         && x[n - 1 - suffix] == y[m - 1 - suffix])
    suffix++;

  for (glong k = 0; k < prefix; k++)
    append_same (&b, x[k]);
  diff_middle (&b, x + prefix, n - prefix - suffix, y + prefix, m - prefix - suffix);
  for (glong k = n - suffix; k < n; k++)
    append_same (&b, x[k]);
  flush_change (&b);
  take_span (b.spans, GK_TEXT_DIFF_SAME, b.same);

  g_string_free (b.same, TRUE);
  g_string_free (b.removed, TRUE);
  g_string_free (b.added, TRUE);
  return b.spans;
}
