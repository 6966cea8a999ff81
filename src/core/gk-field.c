/* gk-field.c: the elements of a disclosure item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-field.h"

G_DEFINE_ENUM_TYPE (GkField, gk_field,
  G_DEFINE_ENUM_VALUE (GK_FIELD_DOMAIN, "domain"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_LEVEL1, "level1"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_LEVEL2, "level2"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_LEVEL3, "level3"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_CODE, "code"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_CONTENT, "content"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_BASIS, "basis"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_TIME_LIMIT, "time-limit"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_SUBJECT, "subject"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_CHANNELS, "channels"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_CHANNEL_OTHER, "channel-other"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_AUDIENCE, "audience"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_AUDIENCE_DESC, "audience-desc"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_METHOD, "method"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_LEVELS, "levels"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_WEB_COLUMN, "web-column"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_WEB_URL, "web-url"),
  G_DEFINE_ENUM_VALUE (GK_FIELD_NOTES, "notes"))

typedef struct
{
  const char *key;
  const char *label;
} FieldInfo;

static const FieldInfo fields[GK_N_FIELDS] = {
  { "domain", N_("Domain") },
  { "level1", N_("First-level item") },
  { "level2", N_("Second-level item") },
  { "level3", N_("Third-level item") },
  { "code", N_("Item code") },
  { "content", N_("Content") },
  { "basis", N_("Legal basis") },
  { "time_limit", N_("Time limit") },
  { "subject", N_("Responsible body") },
  { "channels", N_("Channels") },
  { "channel_other", N_("Other channel") },
  { "audience", N_("Audience") },
  { "audience_desc", N_("Specific group") },
  { "method", N_("Method") },
  { "levels", N_("Levels") },
  { "web_column", N_("Web column") },
  { "web_url", N_("Web address") },
  { "notes", N_("Notes") },
};

/**
 * gk_field_is_text:
 * @field: a field
 *
 * Returns: %TRUE if @field is free text, edited with gk_item_set_text().
 *   %GK_FIELD_DOMAIN is read and written with the same functions but is a
 *   choice, not free text.
 */
gboolean
gk_field_is_text (GkField field)
{
  switch (field)
    {
    case GK_FIELD_LEVEL1:
    case GK_FIELD_LEVEL2:
    case GK_FIELD_LEVEL3:
    case GK_FIELD_CODE:
    case GK_FIELD_CONTENT:
    case GK_FIELD_BASIS:
    case GK_FIELD_TIME_LIMIT:
    case GK_FIELD_SUBJECT:
    case GK_FIELD_CHANNEL_OTHER:
    case GK_FIELD_AUDIENCE_DESC:
    case GK_FIELD_WEB_COLUMN:
    case GK_FIELD_WEB_URL:
    case GK_FIELD_NOTES:
      return TRUE;
    case GK_FIELD_DOMAIN:
    case GK_FIELD_CHANNELS:
    case GK_FIELD_AUDIENCE:
    case GK_FIELD_METHOD:
    case GK_FIELD_LEVELS:
    case GK_N_FIELDS:
    default:
      return FALSE;
    }
}

/**
 * gk_field_get_key:
 * @field: a field
 *
 * Returns: (transfer none): the member name of @field in the JSON form,
 *   e.g. "time_limit"
 */
const char *
gk_field_get_key (GkField field)
{
  g_return_val_if_fail ((guint) field < GK_N_FIELDS, NULL);

  return fields[field].key;
}

/**
 * gk_field_get_label:
 * @field: a field
 *
 * Returns: (transfer none): the translated name of @field for the user
 */
const char *
gk_field_get_label (GkField field)
{
  g_return_val_if_fail ((guint) field < GK_N_FIELDS, NULL);

  return _(fields[field].label);
}

/**
 * gk_field_from_key:
 * @key: a JSON member name
 * @field: (out) (optional): return location for the field
 *
 * Returns: %TRUE if @key names a field
 */
gboolean
gk_field_from_key (const char *key,
                   GkField    *field)
{
  if (key == NULL)
    return FALSE;

  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      if (strcmp (fields[i].key, key) == 0)
        {
          if (field != NULL)
            *field = (GkField) i;
          return TRUE;
        }
    }

  return FALSE;
}
