/* gk-sync-labels.h: the words the editor shows for the sync's facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *gk_sync_role_get_label   (const char *role);
char       *gk_sync_format_last_sync (GDateTime  *last_sync);
char       *gk_sync_format_server_time (const char *iso8601);
GHashTable *gk_sync_parse_department_names (const char *json);

G_END_DECLS
