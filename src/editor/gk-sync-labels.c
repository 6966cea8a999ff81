/* gk-sync-labels.c: the words the editor shows for the sync's facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-sync-labels.h"

/**
 * gk_sync_role_get_label:
 * @role: (nullable): a token's role, as `GET /info` names it
 *
 * Returns: what the role may do, for the user
 */
const char *
gk_sync_role_get_label (const char *role)
{
  if (g_strcmp0 (role, "office") == 0)
    return _("County office: reads every department’s items and publishes the catalog");
  return _("Department: edits the department’s own items");
}

/**
 * gk_sync_format_last_sync:
 * @last_sync: (nullable): when the last sync succeeded
 *
 * Returns: (transfer full): the time in the PC's time zone, with the date
 *   when it was not today, or “Never”
 */
char *
gk_sync_format_last_sync (GDateTime *last_sync)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (last_sync == NULL)
    return g_strdup (_("Never"));
  local = g_date_time_to_local (last_sync);
  if (g_date_time_get_year (local) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M");
  /* Translators: a date and time, see the strftime() manual */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}
