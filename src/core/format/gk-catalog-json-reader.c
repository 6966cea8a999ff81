/* gk-catalog-json-reader.c: reading the canonical JSON form
 *
 * Strict: every member is checked for its type and value, in the order of
 * docs/catalog-format.md, and an error names its place ("items[3].basis").
 * gk-json-syntax.c scans the text; the items are read one by one as the
 * scanner hands them over, so a catalog is never in memory twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-catalog-json.h"
#include "gk-catalog-json-private.h"
#include "gk-domain.h"
#include "gk-file.h"
#include "gk-item-json.h"
#include "gk-item-private.h"
#include "gk-json-syntax.h"
#include "gk-json-time.h"

/* Our documents nest four deep: anything much deeper is refused before
 * it is read. */
#define MAX_DEPTH 32

static gboolean
invalid (GError    **error,
         const char *place,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

/* Sets a GK_FORMAT_ERROR_INVALID error "PLACE: MESSAGE". */
static gboolean
invalid (GError    **error,
         const char *place,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (place != NULL && *place != '\0')
    /* Translators: a place in a file, e.g. items[3].channels[1], and what is wrong there */
    g_set_error (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_INVALID, _("%s: %s"), place, message);
  else
    g_set_error_literal (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_INVALID, message);

  return FALSE;
}

static char *
member_place (const char *place,
              const char *member)
{
  if (place == NULL || *place == '\0')
    return g_strdup (member);

  return g_strdup_printf ("%s.%s", place, member);
}

static char *
element_place (const char *place,
               const char *member,
               guint       index)
{
  g_autofree char *where = member_place (place, member);

  return g_strdup_printf ("%s[%u]", where, index);
}

/* Checks @member, which is member @name of the object at @place or NULL if
 * it has none. Returns FALSE with an error only when it is required and
 * missing. The checks below work on members found beforehand, so that an
 * item's members are looked up in one pass. */
static gboolean
check_present (const GkJsonValue  *member,
               const char         *place,
               const char         *name,
               gboolean            required,
               GError            **error)
{
  if (member == NULL && required)
    return invalid (error, place, _("missing member “%s”"), name);

  return TRUE;
}

/* *value is NULL when an optional member is missing. */
static gboolean
check_string (const GkJsonValue  *member,
              const char         *place,
              const char         *name,
              gboolean            required,
              const char        **value,
              GError            **error)
{
  g_autofree char *where = NULL;

  *value = NULL;
  if (!check_present (member, place, name, required, error))
    return FALSE;
  if (member == NULL)
    return TRUE;
  if (member->type != GK_JSON_STRING)
    {
      where = member_place (place, name);
      return invalid (error, where, _("expected a string"));
    }
  *value = member->string;

  return TRUE;
}

static gboolean
check_array (const GkJsonValue  *member,
             const char         *place,
             const char         *name,
             gboolean            required,
             GError            **error)
{
  g_autofree char *where = NULL;

  if (!check_present (member, place, name, required, error))
    return FALSE;
  if (member != NULL && member->type != GK_JSON_ARRAY)
    {
      where = member_place (place, name);
      return invalid (error, where, _("expected an array"));
    }

  return TRUE;
}

static gboolean
get_string (const GkJsonValue  *object,
            const char         *place,
            const char         *name,
            gboolean            required,
            const char        **value,
            GError            **error)
{
  return check_string (gk_json_value_get_member (object, name), place, name, required, value,
                       error);
}

static gboolean
unknown_name (GError    **error,
              const char *place,
              const char *member,
              const char *value)
{
  if (strcmp (member, "channels") == 0)
    return invalid (error, place, _("unknown channel “%s”"), value);
  if (strcmp (member, "audience") == 0)
    return invalid (error, place, _("unknown audience “%s”"), value);

  return invalid (error, place, _("unknown method “%s”"), value);
}

/* Reads @member, a JSON array of strings naming flags, if not NULL;
 * @names[i] is bit i. */
static gboolean
read_names (const GkJsonValue  *member,
            const char         *place,
            const char         *name,
            const char * const *names,
            guint               n_names,
            guint              *flags,
            GError            **error)
{
  const GkJsonValue *element;

  *flags = 0;
  if (!check_array (member, place, name, FALSE, error))
    return FALSE;
  if (member == NULL)
    return TRUE;
  element = gk_json_value_first (member);
  for (guint i = 0; i < member->n_children; i++, element = gk_json_value_next (element))
    {
      guint bit;

      /* The place is only built on error: loading a catalog calls this for every item. */
      if (element->type != GK_JSON_STRING)
        {
          g_autofree char *at = element_place (place, name, i);

          return invalid (error, at, _("expected a string"));
        }
      for (bit = 0; bit < n_names; bit++)
        {
          if (strcmp (names[bit], element->string) == 0)
            break;
        }
      if (bit == n_names)
        {
          g_autofree char *at = element_place (place, name, i);

          return unknown_name (error, at, name, element->string);
        }
      *flags |= 1u << bit;
    }

  return TRUE;
}

static gboolean
check_levels (const GkJsonValue  *member,
              const char         *place,
              GError            **error)
{
  const GkJsonValue *element;

  if (!check_array (member, place, "levels", FALSE, error))
    return FALSE;
  if (member == NULL)
    return TRUE;
  element = gk_json_value_first (member);
  for (guint i = 0; i < member->n_children; i++, element = gk_json_value_next (element))
    {
      if (element->type != GK_JSON_STRING)
        {
          g_autofree char *at = element_place (place, "levels", i);

          return invalid (error, at, _("expected a string"));
        }
    }

  return TRUE;
}

static gboolean
read_time (const GkJsonValue  *member,
           const char         *place,
           const char         *name,
           gint64             *usec,
           GError            **error)
{
  const char *text;

  *usec = 0;
  if (!check_string (member, place, name, FALSE, &text, error))
    return FALSE;
  if (text != NULL && !gk_json_time_parse (text, usec))
    {
      g_autofree char *where = member_place (place, name);

      return invalid (error, where, _("invalid date “%s”"), text);
    }

  return TRUE;
}

static gboolean
read_position (const GkJsonValue  *member,
               const char         *place,
               int                *position,
               GError            **error)
{
  g_autofree char *where = NULL;

  *position = 0;
  if (member == NULL)
    return TRUE;
  if (member->type != GK_JSON_INTEGER)
    {
      where = member_place (place, "position");
      return invalid (error, where, _("expected an integer"));
    }
  if (member->integer < G_MININT || member->integer > G_MAXINT)
    {
      where = member_place (place, "position");
      return invalid (error, where, _("number out of range"));
    }
  *position = (int) member->integer;

  return TRUE;
}

/* The members of an item, by GkField for those of a field. */
enum
{
  SLOT_ID = GK_N_FIELDS,
  SLOT_POSITION,
  SLOT_DEPT,
  SLOT_CREATED,
  SLOT_MODIFIED,
  N_SLOTS
};

typedef struct
{
  const char *name;
  guint       length;
  guint       slot;
} ItemKey;

#define ITEM_KEY(name, slot) { name, sizeof name - 1, slot }

/* In the order gk_catalog_to_data() writes them. */
static const ItemKey item_keys[] = {
  ITEM_KEY ("id", SLOT_ID),
#define GK_FIELD_ROW(NAME, key, kind, label) ITEM_KEY (key, GK_FIELD_##NAME),
#include "gk-field-table.h"
  ITEM_KEY ("position", SLOT_POSITION),
  ITEM_KEY ("dept", SLOT_DEPT),
  ITEM_KEY ("created", SLOT_CREATED),
  ITEM_KEY ("modified", SLOT_MODIFIED),
};

/* Sorts the members of @object into @slots, the last of a name winning as
 * in json-glib's objects. Members usually come in the canonical order, so
 * the key after the last found is tried first. */
static void
find_item_members (const GkJsonValue  *object,
                   const GkJsonValue **slots)
{
  const GkJsonValue *member = gk_json_value_first (object);
  guint n_keys = G_N_ELEMENTS (item_keys);
  guint next = 0;

  for (guint m = 0; m < object->n_children; m++, member = gk_json_value_next (member))
    {
      for (guint k = 0; k < n_keys; k++)
        {
          const ItemKey *key = &item_keys[(next + k) % n_keys];

          if (key->length == member->name_length
              && memcmp (key->name, member->name, key->length) == 0)
            {
              slots[key->slot] = member;
              next = (guint) (key - item_keys) + 1;
              break;
            }
        }
    }
}

/* The domain whose code is exactly @code; most files name domains by
 * code, which needs no normalization. */
static const GkDomain *
lookup_domain_code (const char *code)
{
  const GkDomain *domain;

  if (g_ascii_isdigit (code[0]) && g_ascii_isdigit (code[1]) && code[2] == '\0')
    {
      guint index = (guint) ((code[0] - '0') * 10 + (code[1] - '0'));

      if (index >= 1 && index <= GK_N_DOMAINS)
        {
          domain = gk_domain_get_nth (index - 1);
          if (strcmp (domain->code, code) == 0)
            return domain;
        }
    }
  domain = gk_domain_lookup (code);

  return domain != NULL && strcmp (domain->code, code) == 0 ? domain : NULL;
}

/* g_uuid_string_is_valid (@text), without parsing the bytes: 36
 * characters, hexadecimal digits with hyphens after the 8th, 12th, 16th
 * and 20th. */
static gboolean
is_uuid (const char *text)
{
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23 ? text[i] != '-' : !g_ascii_isxdigit (text[i]))
        return FALSE;
    }

  return text[36] == '\0';
}

/* The domain of @member, a domain code, required. */
static const GkDomain *
read_domain (const GkJsonValue  *member,
             const char         *place,
             GError            **error)
{
  g_autofree char *where = NULL;
  const GkDomain *domain;
  const char *code;

  if (!check_string (member, place, "domain", TRUE, &code, error))
    return NULL;
  domain = lookup_domain_code (code);
  if (domain == NULL)
    {
      where = member_place (place, "domain");
      invalid (error, where, _("unknown domain “%s”"), code);
    }

  return domain;
}

static GkItem *
read_item_head (const GkJsonValue **slots,
                const char         *place,
                GError            **error)
{
  g_autofree char *where = NULL;
  const GkDomain *domain;
  const char *id;

  if (!check_string (slots[SLOT_ID], place, "id", TRUE, &id, error))
    return NULL;
  if (!is_uuid (id))
    {
      where = member_place (place, "id");
      invalid (error, where, _("invalid item id “%s”"), id);
      return NULL;
    }
  domain = read_domain (slots[GK_FIELD_DOMAIN], place, error);

  return domain != NULL ? gk_item_new_for_load (id, domain) : NULL;
}

static gboolean
check_texts (const GkJsonValue **slots,
             const char         *place,
             const char        **texts,
             GError            **error)
{
  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      texts[i] = NULL;
      if (!gk_field_is_text ((GkField) i))
        continue;
      /* 一级事项 is the item's name: an item without the member is broken. */
      if (!check_string (slots[i], place, gk_field_get_key ((GkField) i), i == GK_FIELD_LEVEL1,
                         &texts[i], error))
        return FALSE;
    }

  return TRUE;
}

/* Sets the item's levels from @member, checked by check_levels(). */
static void
load_levels (GkItem            *item,
             const GkJsonValue *member)
{
  const char *stack[16];
  g_autofree const char **heap = NULL;
  const char **levels = stack;
  guint n = member != NULL ? member->n_children : 0;
  const GkJsonValue *element;

  if (n >= G_N_ELEMENTS (stack))
    levels = heap = g_new (const char *, n + 1);
  element = n > 0 ? gk_json_value_first (member) : NULL;
  for (guint i = 0; i < n; i++, element = gk_json_value_next (element))
    levels[i] = element->string;
  levels[n] = NULL;
  gk_item_load_levels (item, levels);
}

static gboolean
read_item_body (const GkJsonValue **slots,
                const char         *place,
                GkItem             *item,
                GError            **error)
{
  const char *channel_names[GK_N_CHANNELS];
  const char *texts[GK_N_FIELDS];
  guint channels, audience, method;
  gint64 created, modified;
  const char *dept;
  int position;

  for (guint i = 0; i < GK_N_CHANNELS; i++)
    channel_names[i] = gk_channel_get_name ((GkChannel) i);

  if (!check_texts (slots, place, texts, error)
      || !read_names (slots[GK_FIELD_CHANNELS], place, "channels", channel_names, GK_N_CHANNELS,
                      &channels, error)
      || !read_names (slots[GK_FIELD_AUDIENCE], place, "audience",
                      gk_catalog_json_audience_names, 2, &audience, error)
      || !read_names (slots[GK_FIELD_METHOD], place, "method",
                      gk_catalog_json_method_names, 2, &method, error)
      || !check_levels (slots[GK_FIELD_LEVELS], place, error)
      || !read_position (slots[SLOT_POSITION], place, &position, error)
      || !check_string (slots[SLOT_DEPT], place, "dept", FALSE, &dept, error)
      || !read_time (slots[SLOT_CREATED], place, "created", &created, error)
      || !read_time (slots[SLOT_MODIFIED], place, "modified", &modified, error))
    return FALSE;

  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      if (texts[i] != NULL)
        gk_item_load_text (item, (GkField) i, texts[i]);
    }
  gk_item_load_choices (item, channels, (GkAudience) audience, (GkMethod) method);
  load_levels (item, slots[GK_FIELD_LEVELS]);
  gk_item_set_position (item, position);
  gk_item_set_dept (item, dept);
  gk_item_set_times (item, created, modified);

  return TRUE;
}

/* Reads an item strictly from @value, in the same order of checks as
 * before the reader worked on json-glib trees, so that the first problem
 * reported stays the same. */
static GkItem *
read_item (const GkJsonValue  *value,
           const char         *place,
           GError            **error)
{
  const GkJsonValue *slots[N_SLOTS] = { NULL, };
  g_autoptr(GkItem) item = NULL;

  if (value->type != GK_JSON_OBJECT)
    {
      invalid (error, place, _("expected an object"));
      return NULL;
    }
  find_item_members (value, slots);
  item = read_item_head (slots, place, error);
  if (item == NULL || !read_item_body (slots, place, item, error))
    return NULL;

  return g_steal_pointer (&item);
}

/**
 * gk_item_new_from_json:
 * @node: a JSON node, as made by gk_item_to_json()
 * @place: (nullable): where @node is, for messages, e.g. "items[3]"
 * @error: return location for a %GK_FORMAT_ERROR
 *
 * Reads an item strictly. Does not check levels against a level set: the
 * catalog reader does that.
 *
 * Returns: (transfer full) (nullable): the item, or %NULL with @error set
 */
GkItem *
gk_item_new_from_json (JsonNode    *node,
                       const char  *place,
                       GError     **error)
{
  g_autoptr(GkJsonTree) tree = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, place, _("expected an object"));
      return NULL;
    }
  tree = gk_json_tree_new_from_node (node);

  return read_item (gk_json_tree_get_root (tree), place, error);
}

/**
 * gk_item_new_from_data:
 * @data: (array length=length): the JSON text of one item object
 * @length: its length in bytes
 * @place: (nullable): where @data is, for messages, e.g. the item's id
 * @error: return location for a %GK_FORMAT_ERROR
 *
 * Reads an item written by gk_item_write_json(), strictly, as
 * gk_item_new_from_json() does, its "dept" included, without a JSON tree
 * of json-glib's in between (several times faster: sync reads thousands).
 *
 * Returns: (transfer full) (nullable): the item, or %NULL with @error set
 */
GkItem *
gk_item_new_from_data (const char  *data,
                       gsize        length,
                       const char  *place,
                       GError     **error)
{
  g_autoptr(GkJsonTree) tree = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  tree = gk_json_tree_parse (data, length, MAX_DEPTH, NULL, NULL, NULL, error);
  if (tree == NULL)
    return NULL;

  return read_item (gk_json_tree_get_root (tree), place, error);
}

/**
 * gk_item_new_from_value:
 * @value: an item object, in a tree read already (a sync answer's)
 * @place: (nullable): where @value is, for messages, e.g. the item's id
 * @error: return location for a %GK_FORMAT_ERROR
 *
 * gk_item_new_from_data() of a value parsed already: a push's answer
 * holds 200 items, and writing each out to read it again cost as much
 * as reading it.
 *
 * Returns: (transfer full) (nullable): the item, or %NULL with @error set
 */
GkItem *
gk_item_new_from_value (const GkJsonValue  *value,
                        const char         *place,
                        GError            **error)
{
  g_return_val_if_fail (value != NULL, NULL);

  return read_item (value, place, error);
}

/* The names of the flags of a set field, bit by bit. */
static guint
get_flag_names (GkField      field,
                const char **names)
{
  switch (gk_field_get_kind (field))
    {
    case GK_FIELD_KIND_CHANNELS:
      for (guint i = 0; i < GK_N_CHANNELS; i++)
        names[i] = gk_channel_get_name ((GkChannel) i);
      return GK_N_CHANNELS;
    case GK_FIELD_KIND_AUDIENCE:
      memcpy (names, gk_catalog_json_audience_names, sizeof gk_catalog_json_audience_names);
      return G_N_ELEMENTS (gk_catalog_json_audience_names);
    case GK_FIELD_KIND_METHOD:
    default:
      memcpy (names, gk_catalog_json_method_names, sizeof gk_catalog_json_method_names);
      return G_N_ELEMENTS (gk_catalog_json_method_names);
    }
}

static gboolean
read_flags_field (GkItem             *item,
                  GkField             field,
                  const GkJsonValue  *value,
                  const char         *place,
                  GError            **error)
{
  const char *names[GK_N_CHANNELS];
  guint n_names = get_flag_names (field, names);
  guint flags;

  if (!read_names (value, place, gk_field_get_key (field), names, n_names, &flags, error))
    return FALSE;

  if (field == GK_FIELD_CHANNELS)
    gk_item_set_channels (item, flags);
  else if (field == GK_FIELD_AUDIENCE)
    gk_item_set_audience (item, (GkAudience) flags);
  else
    gk_item_set_method (item, (GkMethod) flags);

  return TRUE;
}

/**
 * gk_item_read_field:
 * @item: an item nobody watches yet
 * @field: a field
 * @value: its value in the JSON form
 * @place: (nullable): where the object of @value is, for messages, e.g.
 *   "ops[2].set"
 * @error: return location for a %GK_FORMAT_ERROR_INVALID
 *
 * Reads the value of one field into @item, checked as the catalog reader
 * checks an item's member: its type, and a domain, channel, audience or
 * method it knows; texts are normalized. Levels are not checked against a
 * level set, nor texts against the limits of a cell.
 *
 * Returns: whether @value was read
 */
gboolean
gk_item_read_field (GkItem             *item,
                    GkField             field,
                    const GkJsonValue  *value,
                    const char         *place,
                    GError            **error)
{
  const GkDomain *domain;
  const char *text;

  g_return_val_if_fail (GK_IS_ITEM (item), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  switch (gk_field_get_kind (field))
    {
    case GK_FIELD_KIND_CODE:
      if ((domain = read_domain (value, place, error)) == NULL)
        return FALSE;
      gk_item_set_text (item, field, domain->code);
      return TRUE;
    case GK_FIELD_KIND_CHANNELS:
    case GK_FIELD_KIND_AUDIENCE:
    case GK_FIELD_KIND_METHOD:
      return read_flags_field (item, field, value, place, error);
    case GK_FIELD_KIND_LEVELS:
      if (!check_levels (value, place, error))
        return FALSE;
      load_levels (item, value);
      return TRUE;
    case GK_FIELD_KIND_TEXT:
    case GK_FIELD_KIND_SHARED:
    default:
      if (!check_string (value, place, gk_field_get_key (field), TRUE, &text, error))
        return FALSE;
      gk_item_load_text (item, field, text);
      return TRUE;
    }
}

static gboolean
read_version (const GkJsonValue  *root,
              GError            **error)
{
  const GkJsonValue *node = gk_json_value_get_member (root, "format");
  gint64 version;

  if (node == NULL)
    {
      g_set_error_literal (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_VERSION,
                           _("The file has no format version; it is not a Gongkai catalog"));
      return FALSE;
    }
  if (node->type != GK_JSON_INTEGER || node->integer < 1)
    {
      g_set_error_literal (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_VERSION,
                           _("format: unknown format version"));
      return FALSE;
    }
  version = node->integer;
  if (version > GK_FORMAT_VERSION)
    {
      /* The number is formatted apart: a G_GINT64_FORMAT inside the
       * string would cut the msgid short for xgettext. */
      g_autofree char *found = g_strdup_printf ("%" G_GINT64_FORMAT, version);

      g_set_error (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_VERSION,
                   /* Translators: the first %s is the file's format number */
                   _("The file has format version %s, made by a newer version of Gongkai; "
                     "this version reads format %d"),
                   found, GK_FORMAT_VERSION);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_unit (const GkJsonValue  *root,
           GkCatalog          *catalog,
           GError            **error)
{
  const GkJsonValue *unit = gk_json_value_get_member (root, "unit");
  const char *name;
  const char *kind_key;
  GkUnitKind kind;

  if (!check_present (unit, NULL, "unit", TRUE, error))
    return FALSE;
  if (unit->type != GK_JSON_OBJECT)
    return invalid (error, "unit", _("expected an object"));
  if (!get_string (unit, "unit", "name", TRUE, &name, error)
      || !get_string (unit, "unit", "kind", TRUE, &kind_key, error))
    return FALSE;
  if (!gk_unit_kind_from_key (kind_key, &kind))
    return invalid (error, "unit.kind", _("unknown unit kind “%s”"), kind_key);

  /* As `gongkai-cli new`: a catalog without a unit is no catalog, and the
   * store would take it for none. */
  gk_catalog_set_unit_name (catalog, name);
  if (*gk_catalog_get_unit_name (catalog) == '\0')
    return invalid (error, "unit.name", _("the unit’s name is empty"));
  gk_catalog_set_unit_kind (catalog, kind);

  return TRUE;
}

static gboolean
read_catalog_levels (const GkJsonValue  *root,
                     GkCatalog          *catalog,
                     GError            **error)
{
  g_autoptr(GPtrArray) levels = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  const GkJsonValue *array = gk_json_value_get_member (root, "levels");
  const GkJsonValue *node;

  if (!check_array (array, NULL, "levels", TRUE, error))
    return FALSE;
  if (array->n_children == 0)
    return invalid (error, "levels", _("the level set is empty"));
  node = gk_json_value_first (array);
  for (guint i = 0; i < array->n_children; i++, node = gk_json_value_next (node))
    {
      g_autofree char *at = g_strdup_printf ("levels[%u]", i);
      char *level;

      if (node->type != GK_JSON_STRING)
        return invalid (error, at, _("expected a string"));
      level = gk_text_normalize (node->string);
      if (*level == '\0')
        {
          g_free (level);
          return invalid (error, at, _("empty level name"));
        }
      if (g_strv_contains ((const char * const *) levels->pdata, level))
        {
          g_autofree char *owned = level;

          return invalid (error, at, _("level “%s” appears twice"), owned);
        }
      g_ptr_array_add (levels, level);
    }
  gk_catalog_set_levels (catalog, (const char * const *) levels->pdata);

  return TRUE;
}

static gboolean
check_item_levels (GkItem             *item,
                   guint               index,
                   const char * const *allowed,
                   GError            **error)
{
  const char * const *levels = gk_item_get_levels (item);

  for (guint i = 0; levels[i] != NULL; i++)
    {
      if (!g_strv_contains (allowed, levels[i]))
        {
          g_autofree char *at = g_strdup_printf ("items[%u].levels[%u]", index, i);

          return invalid (error, at, _("level “%s” is not in the catalog’s level set"),
                          levels[i]);
        }
    }

  return TRUE;
}

/* The items as the parser read them: each element of "items" becomes an
 * item at once, straight from the parser's values, so a large catalog is
 * never held both as a tree and as items. The first element that is not a
 * valid item stops the conversion; its error is reported in order by
 * read_items(). */
typedef struct
{
  gboolean   started;
  GPtrArray *items;
  GError    *error;
} ItemStream;

static void
item_stream_clear (ItemStream *stream)
{
  g_clear_pointer (&stream->items, g_ptr_array_unref);
  g_clear_error (&stream->error);
}

/* "items[INDEX]" into @place, which holds 32 bytes. */
static void
format_place (char  place[32],
              guint index)
{
  char digits[16];
  guint n = 0;
  char *p;

  do
    {
      digits[n++] = (char) ('0' + index % 10);
      index /= 10;
    }
  while (index > 0);
  p = memcpy (place, "items[", 6);
  p += 6;
  while (n > 0)
    *p++ = digits[--n];
  *p++ = ']';
  *p = '\0';
}

static void
on_item_element (const GkJsonValue *element,
                 gpointer           user_data)
{
  ItemStream *stream = user_data;
  char place[32];
  GkItem *item;

  if (element == NULL)
    {
      item_stream_clear (stream);
      stream->started = TRUE;
      stream->items = g_ptr_array_new_with_free_func (g_object_unref);
      return;
    }
  if (stream->error == NULL)
    {
      /* Called for each item: no allocation for the place, no printf. */
      format_place (place, stream->items->len);
      item = read_item (element, place, &stream->error);
      if (item != NULL)
        g_ptr_array_add (stream->items, item);
    }
}

static gboolean
read_items (const GkJsonValue  *root,
            ItemStream         *stream,
            GkCatalog          *catalog,
            GError            **error)
{
  if (!check_array (gk_json_value_get_member (root, "items"), NULL, "items", TRUE, error))
    return FALSE;
  /* "items" was an array, so the parser handed its elements over. */
  g_assert (stream->started);
  for (guint i = 0; i < stream->items->len; i++)
    {
      GkItem *item = g_ptr_array_index (stream->items, i);

      if (gk_catalog_lookup_item (catalog, gk_item_get_id (item)) != NULL)
        {
          g_autofree char *at = g_strdup_printf ("items[%u].id", i);

          return invalid (error, at, _("duplicate item id “%s”"), gk_item_get_id (item));
        }
      if (!check_item_levels (item, i, gk_catalog_get_levels (catalog), error))
        return FALSE;
      gk_catalog_add_item (catalog, item);
    }
  if (stream->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&stream->error));
      return FALSE;
    }

  return TRUE;
}

static GkJsonTree *
parse_data (const char  *data,
            gsize        length,
            ItemStream  *stream,
            GError     **error)
{
  g_autoptr(GError) syntax_error = NULL;
  const char *text = data;
  gsize text_length = length;
  GkJsonTree *tree;

  /* Windows editors like to start UTF-8 files with a byte order mark. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      text_length -= 3;
    }

  /* Strict: one pass checks the syntax and the UTF-8 and reads the values. */
  tree = gk_json_tree_parse (text, text_length, MAX_DEPTH, "items", on_item_element, stream,
                             &syntax_error);
  if (tree != NULL)
    return tree;
  /* Invalid UTF-8 anywhere is reported as such, before any syntax error. */
  if (!g_utf8_validate (data, (gssize) length, NULL))
    g_set_error_literal (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_SYNTAX,
                         _("The file is not valid UTF-8 text"));
  else
    g_propagate_error (error, g_steal_pointer (&syntax_error));

  return NULL;
}

/**
 * gk_catalog_new_from_data:
 * @data: (array length=length): the JSON text
 * @length: the length of @data in bytes, or -1 if it is nul-terminated
 * @error: return location for a %GK_FORMAT_ERROR
 *
 * Reads a catalog in the canonical form, strictly: any deviation from
 * docs/catalog-format.md is an error whose message names the place.
 *
 * Returns: (transfer full) (nullable): the catalog, or %NULL with @error set
 */
GkCatalog *
gk_catalog_new_from_data (const char  *data,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(GkJsonTree) tree = NULL;
  g_autoptr(GkCatalog) catalog = NULL;
  ItemStream stream = { FALSE, NULL, NULL };
  const GkJsonValue *root;
  const char *label;
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  tree = parse_data (data != NULL ? data : "", length < 0 ? strlen (data) : (gsize) length,
                     &stream, error);
  if (tree == NULL)
    {
      item_stream_clear (&stream);
      return NULL;
    }
  root = gk_json_tree_get_root (tree);
  if (root->type != GK_JSON_OBJECT)
    {
      invalid (error, NULL, _("The file is not a Gongkai catalog: expected a JSON object"));
      item_stream_clear (&stream);
      return NULL;
    }

  catalog = gk_catalog_new ();
  ok = read_version (root, error)
       && read_unit (root, catalog, error)
       && read_catalog_levels (root, catalog, error)
       && get_string (root, NULL, "label", FALSE, &label, error)
       && read_items (root, &stream, catalog, error);
  item_stream_clear (&stream);
  if (!ok)
    return NULL;
  gk_catalog_set_label (catalog, label);

  return g_steal_pointer (&catalog);
}

/**
 * gk_catalog_new_from_file:
 * @file: a file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads a catalog. Blocks: call it from a worker thread in the editor.
 * What is not a regular file, or holds more than %GK_CATALOG_MAX_BYTES, is
 * refused.
 *
 * Returns: (transfer full) (nullable): the catalog, or %NULL with @error set
 *   (an I/O error or a %GK_FORMAT_ERROR)
 */
GkCatalog *
gk_catalog_new_from_file (GFile         *file,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!gk_file_load_contents (file, GK_CATALOG_MAX_BYTES, cancellable, &data, &length, error))
    return NULL;

  return gk_catalog_new_from_data (data, (gssize) length, error);
}
