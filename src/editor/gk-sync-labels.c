/* gk-sync-labels.c: the words the editor shows for the sync's facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include <json-glib/json-glib.h>

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

/**
 * gk_sync_format_server_time:
 * @iso8601: (nullable): a time as the server writes it
 *
 * Returns: (transfer full): the time in the PC's time zone, date and time,
 *   or "" when @iso8601 is not a time
 */
char *
gk_sync_format_server_time (const char *iso8601)
{
  g_autoptr(GDateTime) time = iso8601 != NULL ? g_date_time_new_from_iso8601 (iso8601, NULL)
                                              : NULL;
  g_autoptr(GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;

  if (local == NULL)
    return g_strdup ("");
  /* Translators: a date and time, see the strftime() manual */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

/**
 * gk_sync_parse_department_names:
 * @json: (nullable): `/info`'s departments as the store keeps them
 *   (%GK_STORE_SYNC_DEPARTMENTS)
 *
 * Returns: (transfer full) (element-type utf8 utf8): id → name; entries
 *   without both are left out
 */
GHashTable *
gk_sync_parse_department_names (const char *json)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                  : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element)
                                                            : NULL;
      const char *id = object != NULL
                       ? json_object_get_string_member_with_default (object, "id", NULL) : NULL;
      const char *name = object != NULL
                         ? json_object_get_string_member_with_default (object, "name", NULL)
                         : NULL;

      if (id != NULL && name != NULL)
        g_hash_table_replace (names, g_strdup (id), g_strdup (name));
    }
  return names;
}
