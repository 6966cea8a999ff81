/* gk-server-lock.h: advisory locks on the server's folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Held by `serve` as long as it runs; `restore` refuses while it is. */
#define GK_SERVER_LOCK_NAME "gongkai-server.lock"

int   gk_server_lock_take    (const char  *path,
                              const char  *busy_message,
                              GError     **error);
void  gk_server_lock_release (int          fd);

G_END_DECLS
