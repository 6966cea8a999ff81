/* gk-server-backup.h: backups of the server's database, and restoring one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  gk_server_backup_write   (const char  *data_dir,
                                    const char  *output,
                                    GError     **error);
gboolean  gk_server_backup_restore (const char  *data_dir,
                                    const char  *input,
                                    char       **aside,
                                    char       **server_id,
                                    GError     **error);

G_END_DECLS
