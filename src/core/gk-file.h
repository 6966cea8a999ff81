/* gk-file.h: writing whole files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean gk_file_replace_contents (GFile         *file,
                                   const char    *data,
                                   gsize          length,
                                   GCancellable  *cancellable,
                                   GError       **error);

G_END_DECLS
