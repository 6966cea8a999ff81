/* gk-text-private.h: how catalog texts are normalized and kept (private to
 * the core)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  gk_text_is_normalized   (const char *text,
                                    gsize      *len);
char     *gk_text_normalize_slow   (const char *text);

char     *gk_shared_text_new       (const char *text,
                                    gsize       len);
char     *gk_shared_text_acquire   (char       *text);
void      gk_shared_text_release   (char       *text);

G_END_DECLS
