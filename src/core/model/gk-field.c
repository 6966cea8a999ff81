/* gk-field.c: the elements of a disclosure item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-field.h"

typedef struct
{
  const char  *key;
  GkFieldKind  kind;
  const char  *label;
} FieldInfo;

static const FieldInfo fields[GK_N_FIELDS] = {
#define GK_FIELD_ROW(NAME, key, kind, label) { key, GK_FIELD_KIND_##kind, label },
#include "gk-field-table.h"
};

/* By hand rather than G_DEFINE_ENUM_TYPE(): a list cannot be #included
 * inside a macro's arguments. The nicks are the keys, so a template names
 * a field as the JSON form does. */
GType
gk_field_get_type (void)
{
  static const GEnumValue values[] = {
#define GK_FIELD_ROW(NAME, key, kind, label) { GK_FIELD_##NAME, "GK_FIELD_" #NAME, key },
#include "gk-field-table.h"
    { 0, NULL, NULL }
  };
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("GkField"),
                                                      values));

  return type;
}

/**
 * gk_field_get_kind:
 * @field: a field
 *
 * Returns: how items keep @field
 */
GkFieldKind
gk_field_get_kind (GkField field)
{
  g_return_val_if_fail ((guint) field < GK_N_FIELDS, GK_FIELD_KIND_TEXT);

  return fields[field].kind;
}

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
  return (guint) field < GK_N_FIELDS
         && (fields[field].kind == GK_FIELD_KIND_TEXT
             || fields[field].kind == GK_FIELD_KIND_SHARED);
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
 * gk_field_mask_dup_labels:
 * @mask: a set of fields
 *
 * Returns: (transfer full): the translated names of @mask's fields in form
 *   order, as "内容、时限"; "" for none
 */
char *
gk_field_mask_dup_labels (GkFieldMask mask)
{
  GString *text = g_string_new (NULL);

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if ((mask & GK_FIELD_MASK (f)) == 0)
        continue;
      if (text->len > 0)
        /* Translators: between the names of the fields a change made */
        g_string_append (text, _(", "));
      g_string_append (text, gk_field_get_label (f));
    }
  return g_string_free (text, FALSE);
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
