/* gk-catalog-json.c: the canonical JSON form, see docs/catalog-format.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-catalog-json.h"
#include "gk-domain.h"
#include "gk-json-syntax.h"

/* Our documents nest four deep; json-glib recurses without a limit, so
 * anything much deeper is refused by the syntax check before parsing. */
#define MAX_DEPTH 32

static const char * const audience_names[] = { "全社会", "特定群体" };
static const char * const method_names[] = { "主动", "依申请" };

G_DEFINE_QUARK (gk-format-error-quark, gk_format_error)

/* Writing */

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) dt = NULL;
  gint64 secs = usec / G_USEC_PER_SEC;
  gint64 rest = usec % G_USEC_PER_SEC;
  int year, month, day;

  if (rest < 0)
    {
      secs -= 1;
      rest += G_USEC_PER_SEC;
    }
  seconds = g_date_time_new_from_unix_utc (secs);
  if (seconds == NULL)
    return NULL;
  dt = g_date_time_add (seconds, rest);
  if (dt == NULL)
    return NULL;

  /* What g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.%fZ") gives, at a
   * fraction of its cost: every item has two of these. */
  g_date_time_get_ymd (dt, &year, &month, &day);

  return g_strdup_printf ("%d-%02d-%02dT%02d:%02d:%02d.%06dZ", year, month, day,
                          g_date_time_get_hour (dt), g_date_time_get_minute (dt),
                          g_date_time_get_second (dt), g_date_time_get_microsecond (dt));
}

static void
add_text (JsonBuilder *builder,
          GkItem      *item,
          GkField      field)
{
  json_builder_set_member_name (builder, gk_field_get_key (field));
  json_builder_add_string_value (builder, gk_item_get_text (item, field));
}

static void
add_flags (JsonBuilder        *builder,
           const char         *key,
           guint               flags,
           const char * const *names,
           guint               n_names)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_names; i++)
    {
      if (flags & (1u << i))
        json_builder_add_string_value (builder, names[i]);
    }
  json_builder_end_array (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *key,
          gint64       usec)
{
  g_autofree char *text = NULL;

  if (usec == 0)
    return;
  text = format_time (usec);
  if (text == NULL)
    return;
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, text);
}

static void
add_levels (JsonBuilder        *builder,
            GkItem             *item,
            const char * const *allowed)
{
  const char * const *levels = gk_item_get_levels (item);

  json_builder_set_member_name (builder, "levels");
  json_builder_begin_array (builder);
  for (guint i = 0; levels[i] != NULL; i++)
    {
      if (allowed == NULL || g_strv_contains (allowed, levels[i]))
        json_builder_add_string_value (builder, levels[i]);
    }
  json_builder_end_array (builder);
}

static void
build_item (JsonBuilder        *builder,
            GkItem             *item,
            const char * const *allowed_levels)
{
  const char *channel_names[GK_N_CHANNELS];

  for (guint i = 0; i < GK_N_CHANNELS; i++)
    channel_names[i] = gk_channel_get_name ((GkChannel) i);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, gk_item_get_id (item));
  add_text (builder, item, GK_FIELD_DOMAIN);
  for (GkField f = GK_FIELD_LEVEL1; f <= GK_FIELD_SUBJECT; f++)
    add_text (builder, item, f);
  add_flags (builder, "channels", gk_item_get_channels (item), channel_names, GK_N_CHANNELS);
  add_text (builder, item, GK_FIELD_CHANNEL_OTHER);
  add_flags (builder, "audience", gk_item_get_audience (item), audience_names, 2);
  add_text (builder, item, GK_FIELD_AUDIENCE_DESC);
  add_flags (builder, "method", gk_item_get_method (item), method_names, 2);
  add_levels (builder, item, allowed_levels);
  add_text (builder, item, GK_FIELD_WEB_COLUMN);
  add_text (builder, item, GK_FIELD_WEB_URL);
  add_text (builder, item, GK_FIELD_NOTES);
  json_builder_set_member_name (builder, "position");
  json_builder_add_int_value (builder, gk_item_get_position (item));
  add_time (builder, "created", gk_item_get_created (item));
  add_time (builder, "modified", gk_item_get_modified (item));
  json_builder_end_object (builder);
}

/**
 * gk_item_to_json:
 * @item: an item
 *
 * Returns: (transfer full): the canonical JSON object of @item
 */
JsonNode *
gk_item_to_json (GkItem *item)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (GK_IS_ITEM (item), NULL);

  builder = json_builder_new ();
  build_item (builder, item, NULL);

  return json_builder_get_root (builder);
}

/* Canonical order: by domain, then the user's order, then id, so equal
 * catalogs give equal files whatever order the items were added in. */
static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  GkItem *ia = *(GkItem **) a;
  GkItem *ib = *(GkItem **) b;
  int cmp = strcmp (gk_item_get_text (ia, GK_FIELD_DOMAIN),
                    gk_item_get_text (ib, GK_FIELD_DOMAIN));

  if (cmp != 0)
    return cmp;
  if (gk_item_get_position (ia) != gk_item_get_position (ib))
    return gk_item_get_position (ia) < gk_item_get_position (ib) ? -1 : 1;

  return strcmp (gk_item_get_id (ia), gk_item_get_id (ib));
}

static void
build_unit (JsonBuilder *builder,
            GkCatalog   *catalog)
{
  GkUnitKind kind = gk_catalog_get_unit_kind (catalog);

  json_builder_set_member_name (builder, "unit");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, gk_catalog_get_unit_name (catalog));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, gk_unit_kind_get_key (kind));
  json_builder_end_object (builder);
}

/**
 * gk_catalog_to_json:
 * @catalog: a catalog
 *
 * Builds the canonical form. Item levels outside the catalog's level set
 * are left out, so the result can always be read back; the checks report
 * them before.
 *
 * Returns: (transfer full): the canonical JSON object of @catalog
 */
JsonNode *
gk_catalog_to_json (GkCatalog *catalog)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GPtrArray) items = NULL;
  const char * const *levels;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  levels = gk_catalog_get_levels (catalog);
  items = g_ptr_array_new ();
  for (guint i = 0; i < gk_catalog_get_n_items (catalog); i++)
    g_ptr_array_add (items, gk_catalog_get_item (catalog, i));
  g_ptr_array_sort (items, compare_items);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, GK_FORMAT_VERSION);
  build_unit (builder, catalog);
  json_builder_set_member_name (builder, "levels");
  json_builder_begin_array (builder);
  for (guint i = 0; levels[i] != NULL; i++)
    json_builder_add_string_value (builder, levels[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, gk_catalog_get_label (catalog));
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    build_item (builder, g_ptr_array_index (items, i), levels);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Direct output of the canonical text, byte for byte what gk_json_write()
 * makes of gk_catalog_to_json(), without building the tree: on large
 * catalogs the JsonBuilder nodes cost more than the text itself. */

typedef struct
{
  GString *out;
  guint    n_members;   /* of the object or array being written */
} Writer;

static void
w_indent (GString *out,
          guint    depth)
{
  static const char spaces[] = "                                ";

  g_string_append_c (out, '\n');
  while (depth > 0)
    {
      guint n = MIN (depth, (sizeof spaces - 1) / 2);

      g_string_append_len (out, spaces, n * 2);
      depth -= n;
    }
}

/* Starts member @key of an object whose members are at @depth. */
static void
w_key (Writer     *w,
       guint       depth,
       const char *key)
{
  if (w->n_members++ > 0)
    g_string_append_c (w->out, ',');
  w_indent (w->out, depth);
  gk_json_write_string (key, w->out);
  g_string_append_len (w->out, " : ", 3);
}

static void
w_string (Writer     *w,
          guint       depth,
          const char *key,
          const char *value)
{
  w_key (w, depth, key);
  gk_json_write_string (value != NULL ? value : "", w->out);
}

static void
w_int (Writer     *w,
       guint       depth,
       const char *key,
       gint64      value)
{
  w_key (w, depth, key);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT, value);
}

/* An array of strings as member @key; @allowed, if not NULL, filters. */
static void
w_strings (Writer             *w,
           guint               depth,
           const char         *key,
           const char * const *values,
           guint               n_values,
           const char * const *allowed)
{
  guint n = 0;

  w_key (w, depth, key);
  for (guint i = 0; i < n_values; i++)
    {
      if (values[i] == NULL || (allowed != NULL && !g_strv_contains (allowed, values[i])))
        continue;
      g_string_append_c (w->out, n++ > 0 ? ',' : '[');
      w_indent (w->out, depth + 1);
      gk_json_write_string (values[i], w->out);
    }
  if (n == 0)
    {
      g_string_append_len (w->out, "[]", 2);
      return;
    }
  w_indent (w->out, depth);
  g_string_append_c (w->out, ']');
}

static void
w_flags (Writer             *w,
         guint               depth,
         const char         *key,
         guint               flags,
         const char * const *names,
         guint               n_names)
{
  const char *set[32];
  guint n = 0;

  for (guint i = 0; i < n_names; i++)
    {
      if (flags & (1u << i))
        set[n++] = names[i];
    }
  w_strings (w, depth, key, set, n, NULL);
}

static void
w_time (Writer     *w,
        guint       depth,
        const char *key,
        gint64      usec)
{
  g_autofree char *text = NULL;

  if (usec == 0)
    return;
  text = format_time (usec);
  if (text != NULL)
    w_string (w, depth, key, text);
}

static void
w_item (GString            *out,
        guint               depth,
        GkItem             *item,
        const char         *channel_names[],
        const char * const *allowed_levels)
{
  Writer w = { out, 0 };
  const char * const *levels = gk_item_get_levels (item);
  guint d = depth + 1;

  g_string_append_c (out, '{');
  w_string (&w, d, "id", gk_item_get_id (item));
  w_string (&w, d, gk_field_get_key (GK_FIELD_DOMAIN), gk_item_get_text (item, GK_FIELD_DOMAIN));
  for (GkField f = GK_FIELD_LEVEL1; f <= GK_FIELD_SUBJECT; f++)
    w_string (&w, d, gk_field_get_key (f), gk_item_get_text (item, f));
  w_flags (&w, d, "channels", gk_item_get_channels (item), channel_names, GK_N_CHANNELS);
  w_string (&w, d, gk_field_get_key (GK_FIELD_CHANNEL_OTHER),
            gk_item_get_text (item, GK_FIELD_CHANNEL_OTHER));
  w_flags (&w, d, "audience", gk_item_get_audience (item), audience_names, 2);
  w_string (&w, d, gk_field_get_key (GK_FIELD_AUDIENCE_DESC),
            gk_item_get_text (item, GK_FIELD_AUDIENCE_DESC));
  w_flags (&w, d, "method", gk_item_get_method (item), method_names, 2);
  w_strings (&w, d, "levels", levels, g_strv_length ((char **) levels), allowed_levels);
  w_string (&w, d, gk_field_get_key (GK_FIELD_WEB_COLUMN),
            gk_item_get_text (item, GK_FIELD_WEB_COLUMN));
  w_string (&w, d, gk_field_get_key (GK_FIELD_WEB_URL), gk_item_get_text (item, GK_FIELD_WEB_URL));
  w_string (&w, d, gk_field_get_key (GK_FIELD_NOTES), gk_item_get_text (item, GK_FIELD_NOTES));
  w_int (&w, d, "position", gk_item_get_position (item));
  w_time (&w, d, "created", gk_item_get_created (item));
  w_time (&w, d, "modified", gk_item_get_modified (item));
  w_indent (out, depth);
  g_string_append_c (out, '}');
}

static void
w_items (Writer             *w,
         GkCatalog          *catalog,
         const char * const *levels)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  const char *channel_names[GK_N_CHANNELS];

  for (guint i = 0; i < GK_N_CHANNELS; i++)
    channel_names[i] = gk_channel_get_name ((GkChannel) i);
  for (guint i = 0; i < gk_catalog_get_n_items (catalog); i++)
    g_ptr_array_add (items, gk_catalog_get_item (catalog, i));
  g_ptr_array_sort (items, compare_items);

  w_key (w, 1, "items");
  if (items->len == 0)
    {
      g_string_append_len (w->out, "[]", 2);
      return;
    }
  g_string_append_c (w->out, '[');
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append_c (w->out, ',');
      w_indent (w->out, 2);
      w_item (w->out, 2, g_ptr_array_index (items, i), channel_names, levels);
    }
  w_indent (w->out, 1);
  g_string_append_c (w->out, ']');
}

/**
 * gk_catalog_to_data:
 * @catalog: a catalog
 * @length: (out) (optional): return location for the length in bytes
 *
 * Returns: (transfer full): the canonical JSON text of @catalog: UTF-8,
 *   indented by two spaces, ending with a newline
 */
char *
gk_catalog_to_data (GkCatalog *catalog,
                    gsize     *length)
{
  const char * const *levels;
  Writer w = { NULL, 0 };
  Writer unit = { NULL, 0 };

  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  levels = gk_catalog_get_levels (catalog);
  /* About 1 KiB an item: one allocation, not a dozen reallocations. */
  w.out = g_string_sized_new (4096 + (gsize) gk_catalog_get_n_items (catalog) * 1100);
  unit.out = w.out;
  g_string_append_c (w.out, '{');
  w_int (&w, 1, "format", GK_FORMAT_VERSION);
  w_key (&w, 1, "unit");
  g_string_append_c (w.out, '{');
  w_string (&unit, 2, "name", gk_catalog_get_unit_name (catalog));
  w_string (&unit, 2, "kind", gk_unit_kind_get_key (gk_catalog_get_unit_kind (catalog)));
  w_indent (w.out, 1);
  g_string_append_c (w.out, '}');
  w_strings (&w, 1, "levels", levels, g_strv_length ((char **) levels), NULL);
  w_string (&w, 1, "label", gk_catalog_get_label (catalog));
  w_items (&w, catalog, levels);
  g_string_append_len (w.out, "\n}\n", 3);
  if (length != NULL)
    *length = w.out->len;

  return g_string_free (w.out, FALSE);
}

/* Reading */

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

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

/* Finds member @name of @object. Returns FALSE with an error only when it
 * is required and missing; *node is NULL when an optional one is missing. */
static gboolean
get_member (JsonObject  *object,
            const char  *place,
            const char  *name,
            gboolean     required,
            JsonNode   **node,
            GError     **error)
{
  *node = json_object_get_member (object, name);
  if (*node == NULL && required)
    return invalid (error, place, _("missing member “%s”"), name);

  return TRUE;
}

static gboolean
get_string (JsonObject  *object,
            const char  *place,
            const char  *name,
            gboolean     required,
            const char **value,
            GError     **error)
{
  g_autofree char *where = NULL;
  JsonNode *node;

  *value = NULL;
  if (!get_member (object, place, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!is_string (node))
    {
      where = member_place (place, name);
      return invalid (error, where, _("expected a string"));
    }
  *value = json_node_get_string (node);

  return TRUE;
}

static gboolean
get_array (JsonObject  *object,
           const char  *place,
           const char  *name,
           gboolean     required,
           JsonArray  **value,
           GError     **error)
{
  g_autofree char *where = NULL;
  JsonNode *node;

  *value = NULL;
  if (!get_member (object, place, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      where = member_place (place, name);
      return invalid (error, where, _("expected an array"));
    }
  *value = json_node_get_array (node);

  return TRUE;
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

/* Reads a JSON array of strings naming flags; @names[i] is bit i. */
static gboolean
read_names (JsonObject         *object,
            const char         *place,
            const char         *name,
            const char * const *names,
            guint               n_names,
            guint              *flags,
            GError            **error)
{
  JsonArray *array;

  *flags = 0;
  if (!get_array (object, place, name, FALSE, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *value;
      guint bit;

      /* The place is only built on error: loading a catalog calls this for every item. */
      if (!is_string (node))
        {
          g_autofree char *at = element_place (place, name, i);

          return invalid (error, at, _("expected a string"));
        }
      value = json_node_get_string (node);
      for (bit = 0; bit < n_names; bit++)
        {
          if (strcmp (names[bit], value) == 0)
            break;
        }
      if (bit == n_names)
        {
          g_autofree char *at = element_place (place, name, i);

          return unknown_name (error, at, name, value);
        }
      *flags |= 1u << bit;
    }

  return TRUE;
}

static gboolean
read_levels (JsonObject   *object,
             const char   *place,
             GStrv        *levels,
             GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  *levels = NULL;
  if (!get_array (object, place, "levels", FALSE, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!is_string (node))
        {
          g_autofree char *at = element_place (place, "levels", i);

          return invalid (error, at, _("expected a string"));
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  *levels = g_strv_builder_end (builder);

  return TRUE;
}

static gboolean
parse_time (const char *text,
            gint64     *usec)
{
  g_autoptr(GDateTime) dt = NULL;

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);

  return TRUE;
}

static gboolean
read_time (JsonObject  *object,
           const char  *place,
           const char  *name,
           gint64      *usec,
           GError     **error)
{
  const char *text;

  *usec = 0;
  if (!get_string (object, place, name, FALSE, &text, error))
    return FALSE;
  if (text != NULL && !parse_time (text, usec))
    {
      g_autofree char *where = member_place (place, name);

      return invalid (error, where, _("invalid date “%s”"), text);
    }

  return TRUE;
}

static gboolean
read_position (JsonObject  *object,
               const char  *place,
               int         *position,
               GError     **error)
{
  g_autofree char *where = NULL;
  JsonNode *node = json_object_get_member (object, "position");
  gint64 value;

  *position = 0;
  if (node == NULL)
    return TRUE;
  if (!is_integer (node))
    {
      where = member_place (place, "position");
      return invalid (error, where, _("expected an integer"));
    }
  value = json_node_get_int (node);
  if (value < G_MININT || value > G_MAXINT)
    {
      where = member_place (place, "position");
      return invalid (error, where, _("number out of range"));
    }
  *position = (int) value;

  return TRUE;
}

static gboolean
read_texts (JsonObject  *object,
            const char  *place,
            GkItem      *item,
            GError     **error)
{
  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      const char *text;

      if (!gk_field_is_text ((GkField) i))
        continue;
      /* 一级事项 is the item's name: an item without the member is broken. */
      if (!get_string (object, place, gk_field_get_key ((GkField) i), i == GK_FIELD_LEVEL1,
                       &text, error))
        return FALSE;
      if (text != NULL)
        gk_item_set_text (item, (GkField) i, text);
    }

  return TRUE;
}

static GkItem *
read_item_head (JsonObject  *object,
                const char  *place,
                GError     **error)
{
  g_autofree char *where = NULL;
  const GkDomain *domain;
  const char *id;
  const char *code;

  if (!get_string (object, place, "id", TRUE, &id, error))
    return NULL;
  if (!g_uuid_string_is_valid (id))
    {
      where = member_place (place, "id");
      invalid (error, where, _("invalid item id “%s”"), id);
      return NULL;
    }
  if (!get_string (object, place, "domain", TRUE, &code, error))
    return NULL;
  domain = gk_domain_lookup (code);
  if (domain == NULL || strcmp (domain->code, code) != 0)
    {
      where = member_place (place, "domain");
      invalid (error, where, _("unknown domain “%s”"), code);
      return NULL;
    }

  return gk_item_new_with_id (id, domain->code);
}

static gboolean
read_item_body (JsonObject  *object,
                const char  *place,
                GkItem      *item,
                GError     **error)
{
  const char *channel_names[GK_N_CHANNELS];
  g_auto(GStrv) levels = NULL;
  guint channels, audience, method;
  gint64 created, modified;
  int position;

  for (guint i = 0; i < GK_N_CHANNELS; i++)
    channel_names[i] = gk_channel_get_name ((GkChannel) i);

  if (!read_texts (object, place, item, error)
      || !read_names (object, place, "channels", channel_names, GK_N_CHANNELS, &channels, error)
      || !read_names (object, place, "audience", audience_names, 2, &audience, error)
      || !read_names (object, place, "method", method_names, 2, &method, error)
      || !read_levels (object, place, &levels, error)
      || !read_position (object, place, &position, error)
      || !read_time (object, place, "created", &created, error)
      || !read_time (object, place, "modified", &modified, error))
    return FALSE;

  gk_item_set_channels (item, channels);
  gk_item_set_audience (item, (GkAudience) audience);
  gk_item_set_method (item, (GkMethod) method);
  gk_item_set_levels (item, (const char * const *) levels);
  gk_item_set_position (item, position);
  gk_item_set_times (item, created, modified);

  return TRUE;
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
  g_autoptr(GkItem) item = NULL;
  JsonObject *object;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, place, _("expected an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  item = read_item_head (object, place, error);
  if (item == NULL || !read_item_body (object, place, item, error))
    return NULL;

  return g_steal_pointer (&item);
}

static gboolean
read_version (JsonObject  *root,
              GError     **error)
{
  JsonNode *node = json_object_get_member (root, "format");
  gint64 version;

  if (node == NULL)
    {
      g_set_error_literal (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_VERSION,
                           _("The file has no format version; it is not a Gongkai catalog"));
      return FALSE;
    }
  if (!is_integer (node) || json_node_get_int (node) < 1)
    {
      g_set_error_literal (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_VERSION,
                           _("format: unknown format version"));
      return FALSE;
    }
  version = json_node_get_int (node);
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
read_unit (JsonObject  *root,
           GkCatalog   *catalog,
           GError     **error)
{
  JsonNode *node;
  JsonObject *unit;
  const char *name;
  const char *kind_key;
  GkUnitKind kind;

  if (!get_member (root, NULL, "unit", TRUE, &node, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "unit", _("expected an object"));
  unit = json_node_get_object (node);
  if (!get_string (unit, "unit", "name", TRUE, &name, error)
      || !get_string (unit, "unit", "kind", TRUE, &kind_key, error))
    return FALSE;
  if (!gk_unit_kind_from_key (kind_key, &kind))
    return invalid (error, "unit.kind", _("unknown unit kind “%s”"), kind_key);

  gk_catalog_set_unit_name (catalog, name);
  gk_catalog_set_unit_kind (catalog, kind);

  return TRUE;
}

static gboolean
read_catalog_levels (JsonObject  *root,
                     GkCatalog   *catalog,
                     GError     **error)
{
  g_autoptr(GPtrArray) levels = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  JsonArray *array;

  if (!get_array (root, NULL, "levels", TRUE, &array, error))
    return FALSE;
  if (json_array_get_length (array) == 0)
    return invalid (error, "levels", _("the level set is empty"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *at = g_strdup_printf ("levels[%u]", i);
      JsonNode *node = json_array_get_element (array, i);
      char *level;

      if (!is_string (node))
        return invalid (error, at, _("expected a string"));
      level = gk_text_normalize (json_node_get_string (node));
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
 * item at once and its JSON is freed, so a large catalog is not held both
 * as a tree and as items. The first element that is not a valid item stops
 * the conversion; its error is reported in order by read_items(). */
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

static void
on_item_element (JsonNode *element,
                 gpointer  user_data)
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
      /* Called for each item: no allocation for the place. */
      g_snprintf (place, sizeof place, "items[%u]", stream->items->len);
      item = gk_item_new_from_json (element, place, &stream->error);
      if (item != NULL)
        g_ptr_array_add (stream->items, item);
    }
  json_node_unref (element);
}

static gboolean
read_items (JsonObject  *root,
            ItemStream  *stream,
            GkCatalog   *catalog,
            GError     **error)
{
  JsonArray *array;

  if (!get_array (root, NULL, "items", TRUE, &array, error))
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

static JsonNode *
parse_data (const char  *data,
            gsize        length,
            ItemStream  *stream,
            GError     **error)
{
  if (!g_utf8_validate (data, (gssize) length, NULL))
    {
      g_set_error_literal (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_SYNTAX,
                           _("The file is not valid UTF-8 text"));
      return NULL;
    }
  /* Windows editors like to start UTF-8 files with a byte order mark. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  /* Strict: one pass both checks the syntax and builds the tree. */
  return gk_json_parse_streaming (data, length, MAX_DEPTH, "items", on_item_element, stream,
                                  error);
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
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GkCatalog) catalog = NULL;
  ItemStream stream = { FALSE, NULL, NULL };
  JsonObject *object;
  const char *label;
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = parse_data (data != NULL ? data : "", length < 0 ? strlen (data) : (gsize) length,
                     &stream, error);
  if (root == NULL)
    {
      item_stream_clear (&stream);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, NULL, _("The file is not a Gongkai catalog: expected a JSON object"));
      item_stream_clear (&stream);
      return NULL;
    }
  object = json_node_get_object (root);

  catalog = gk_catalog_new ();
  ok = read_version (object, error)
       && read_unit (object, catalog, error)
       && read_catalog_levels (object, catalog, error)
       && get_string (object, NULL, "label", FALSE, &label, error)
       && read_items (object, &stream, catalog, error);
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

  if (!g_file_load_contents (file, cancellable, &data, &length, NULL, error))
    return NULL;

  return gk_catalog_new_from_data (data, (gssize) length, error);
}

/**
 * gk_catalog_save_to_file:
 * @catalog: a catalog
 * @file: where to save
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Saves the canonical form atomically: the old file stays intact until the
 * new one is complete. Blocks: call it from a worker thread in the editor.
 *
 * Returns: %TRUE on success
 */
gboolean
gk_catalog_save_to_file (GkCatalog     *catalog,
                         GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = gk_catalog_to_data (catalog, &length);

  return g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, cancellable, error);
}
