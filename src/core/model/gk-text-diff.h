/* gk-text-diff.h: what changed between two versions of a text, for the
 * conflict view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GkTextDiffKind:
 * @GK_TEXT_DIFF_SAME: in both texts
 * @GK_TEXT_DIFF_REMOVED: in the old text only
 * @GK_TEXT_DIFF_ADDED: in the new text only
 *
 * What a span of a diff is.
 */
typedef enum
{
  GK_TEXT_DIFF_SAME,
  GK_TEXT_DIFF_REMOVED,
  GK_TEXT_DIFF_ADDED,
} GkTextDiffKind;

/**
 * GkTextDiffSpan:
 * @kind: what it is
 * @text: its text, never empty
 *
 * A run of characters of one kind.
 */
typedef struct
{
  GkTextDiffKind  kind;
  char           *text;
} GkTextDiffSpan;

GArray *gk_text_diff (const char *old_text,
                      const char *new_text);

G_END_DECLS
