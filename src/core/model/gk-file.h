/* gk-file.h: reading and writing whole files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * GkFileWriteFunc:
 * @fd: the new file, open for writing
 * @path: (type filename): its path, for writers that open it themselves
 * @user_data: the data given to gk_file_replace()
 * @error: return location for a #GError
 *
 * Writes the new contents of a file being replaced.
 *
 * Returns: %TRUE when every byte was written
 */
typedef gboolean (*GkFileWriteFunc) (int          fd,
                                     const char  *path,
                                     gpointer     user_data,
                                     GError     **error);

gboolean gk_file_replace               (const char       *filename,
                                        GkFileWriteFunc   write_func,
                                        gpointer          user_data,
                                        GError          **error);
gboolean gk_file_write_all             (int               fd,
                                        const char       *data,
                                        gsize             length,
                                        const char       *filename,
                                        GError          **error);
gboolean gk_file_replace_contents      (GFile            *file,
                                        const char       *data,
                                        gsize             length,
                                        GCancellable     *cancellable,
                                        GError          **error);
gboolean gk_file_load_contents         (GFile            *file,
                                        gsize             max_length,
                                        GCancellable     *cancellable,
                                        char            **data,
                                        gsize            *length,
                                        GError          **error);
gboolean gk_file_set_not_regular_error (GFile            *file,
                                        GError          **error);
gboolean gk_file_set_too_large_error   (GFile            *file,
                                        gsize             max_length,
                                        GError          **error);

G_END_DECLS
