/* gk-catalog-json.c: the canonical JSON form, see docs/catalog-format.md
 *
 * Writing it; gk-catalog-json-reader.c reads it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-catalog-json.h"
#include "gk-catalog-json-private.h"
#include "gk-domain.h"
#include "gk-file.h"
#include "gk-item-json.h"
#include "gk-item-private.h"
#include "gk-json-syntax.h"
#include "gk-json-time.h"

const char * const gk_catalog_json_audience_names[2] = { "全社会", "特定群体" };
const char * const gk_catalog_json_method_names[2] = { "主动", "依申请" };

G_DEFINE_QUARK (gk-format-error-quark, gk_format_error)

/* Writing */

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
  char text[GK_JSON_TIME_BUFFER_SIZE];

  if (usec == 0 || !gk_json_time_format (usec, text))
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

  json_builder_set_member_name (builder, gk_field_get_key (GK_FIELD_LEVELS));
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
  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      const char *key = gk_field_get_key (f);

      switch (gk_field_get_kind (f))
        {
        case GK_FIELD_KIND_CHANNELS:
          add_flags (builder, key, gk_item_get_channels (item), channel_names, GK_N_CHANNELS);
          break;
        case GK_FIELD_KIND_AUDIENCE:
          add_flags (builder, key, gk_item_get_audience (item),
                     gk_catalog_json_audience_names, 2);
          break;
        case GK_FIELD_KIND_METHOD:
          add_flags (builder, key, gk_item_get_method (item), gk_catalog_json_method_names, 2);
          break;
        case GK_FIELD_KIND_LEVELS:
          add_levels (builder, item, allowed_levels);
          break;
        case GK_FIELD_KIND_CODE:
        case GK_FIELD_KIND_TEXT:
        case GK_FIELD_KIND_SHARED:
        default:
          add_text (builder, item, f);
          break;
        }
    }
  json_builder_set_member_name (builder, "position");
  json_builder_add_int_value (builder, gk_item_get_position (item));
  /* Written only when there is one, so a PC working alone writes what it
   * always wrote. */
  if (*gk_item_get_dept (item) != '\0')
    {
      json_builder_set_member_name (builder, "dept");
      json_builder_add_string_value (builder, gk_item_get_dept (item));
    }
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


/* Direct output of the canonical text, without building a JsonNode tree:
 * on large catalogs the JsonBuilder nodes cost more than the text itself.
 * The layout is json-glib's pretty printing (gk_item_to_json() of one item,
 * written by json_generator, gives the same text). */

typedef struct
{
  GString *out;
  guint    n_members;   /* of the object or array being written */
} Writer;

static void
w_indent (GString *out,
          guint    depth)
{
  static const char spaces[] = "\n                                ";

  /* Catalogs nest three deep: one append. */
  if (depth * 2 < sizeof spaces - 1)
    {
      gk_string_put (out, spaces, 1 + depth * 2);
      return;
    }
  g_string_append_c (out, '\n');
  while (depth > 0)
    {
      guint n = MIN (depth, (sizeof spaces - 2) / 2);

      gk_string_put (out, spaces + 1, n * 2);
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
  /* Keys are our own names, which need no escapes. */
  g_string_append_c (w->out, '"');
  gk_string_put (w->out, key, strlen (key));
  gk_string_put (w->out, "\" : ", 4);
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
  char buffer[24];
  char *p = buffer + sizeof buffer;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  /* Every item has a position: no printf. */
  w_key (w, depth, key);
  do
    {
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    *--p = '-';
  gk_string_put (w->out, p, buffer + sizeof buffer - p);
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
      gk_string_put (w->out, "[]", 2);
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
  char text[GK_JSON_TIME_BUFFER_SIZE];

  if (usec != 0 && gk_json_time_format (usec, text))
    w_string (w, depth, key, text);
}

/* @dept, if not NULL, is the item's owning department as the server keeps
 * it, instead of the item's own; written once, after the position, and
 * only when not empty. */
static void
w_item (GString            *out,
        guint               depth,
        GkItem             *item,
        const char         *dept,
        const char         *channel_names[],
        const char * const *allowed_levels)
{
  Writer w = { out, 0 };
  const char * const *levels = gk_item_get_levels (item);
  guint d = depth + 1;

  g_string_append_c (out, '{');
  w_string (&w, d, "id", gk_item_get_id (item));
  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      const char *key = gk_field_get_key (f);

      switch (gk_field_get_kind (f))
        {
        case GK_FIELD_KIND_CHANNELS:
          w_flags (&w, d, key, gk_item_get_channels (item), channel_names, GK_N_CHANNELS);
          break;
        case GK_FIELD_KIND_AUDIENCE:
          w_flags (&w, d, key, gk_item_get_audience (item), gk_catalog_json_audience_names, 2);
          break;
        case GK_FIELD_KIND_METHOD:
          w_flags (&w, d, key, gk_item_get_method (item), gk_catalog_json_method_names, 2);
          break;
        case GK_FIELD_KIND_LEVELS:
          w_strings (&w, d, key, levels, g_strv_length ((char **) levels), allowed_levels);
          break;
        case GK_FIELD_KIND_CODE:
        case GK_FIELD_KIND_TEXT:
        case GK_FIELD_KIND_SHARED:
        default:
          w_string (&w, d, key, gk_item_get_text (item, f));
          break;
        }
    }
  w_int (&w, d, "position", gk_item_get_position (item));
  if (dept == NULL)
    dept = gk_item_get_dept (item);
  if (*dept != '\0')
    w_string (&w, d, "dept", dept);
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
  g_ptr_array_sort (items, gk_item_compare);

  w_key (w, 1, "items");
  if (items->len == 0)
    {
      gk_string_put (w->out, "[]", 2);
      return;
    }
  g_string_append_c (w->out, '[');
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append_c (w->out, ',');
      w_indent (w->out, 2);
      w_item (w->out, 2, g_ptr_array_index (items, i), NULL, channel_names, levels);
    }
  w_indent (w->out, 1);
  g_string_append_c (w->out, ']');
}

/**
 * gk_item_write_json:
 * @item: an item
 * @dept: (nullable): the department that owns @item on the server, or
 *   %NULL for none
 * @out: where to append
 *
 * Appends the canonical item object of @item, as a catalog file holds it,
 * with @dept after its id (docs/catalog-format.md), without a newline.
 */
void
gk_item_write_json (GkItem     *item,
                    const char *dept,
                    GString    *out)
{
  const char *channel_names[GK_N_CHANNELS];

  g_return_if_fail (GK_IS_ITEM (item));

  for (guint i = 0; i < GK_N_CHANNELS; i++)
    channel_names[i] = gk_channel_get_name ((GkChannel) i);
  w_item (out, 0, item, dept, channel_names, NULL);
}

/* A JSON array of @names, NULL-terminated, on one line. */
static void
put_names (GString            *out,
           const char * const *names)
{
  g_string_append_c (out, '[');
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      gk_json_write_string (names[i], out);
    }
  g_string_append_c (out, ']');
}

/* The names of the bits in @flags, as put_names() writes them. */
static void
put_flag_names (GString            *out,
                guint               flags,
                const char * const *names,
                guint               n_names)
{
  const char *set[33];
  guint n = 0;

  for (guint i = 0; i < n_names && i < 32; i++)
    {
      if (flags & (1u << i))
        set[n++] = names[i];
    }
  set[n] = NULL;
  put_names (out, set);
}

/**
 * gk_item_write_field_value:
 * @item: an item
 * @field: one of its fields
 * @out: where to append
 *
 * Appends the value of @field as the item object holds it, on one line: a
 * string, or an array of names for the sets. A conflict record shows
 * values so.
 */
void
gk_item_write_field_value (GkItem  *item,
                           GkField  field,
                           GString *out)
{
  const char *channel_names[GK_N_CHANNELS];

  g_return_if_fail (GK_IS_ITEM (item));

  switch (gk_field_get_kind (field))
    {
    case GK_FIELD_KIND_CHANNELS:
      for (guint i = 0; i < GK_N_CHANNELS; i++)
        channel_names[i] = gk_channel_get_name ((GkChannel) i);
      put_flag_names (out, gk_item_get_channels (item), channel_names, GK_N_CHANNELS);
      break;
    case GK_FIELD_KIND_AUDIENCE:
      put_flag_names (out, gk_item_get_audience (item), gk_catalog_json_audience_names, 2);
      break;
    case GK_FIELD_KIND_METHOD:
      put_flag_names (out, gk_item_get_method (item), gk_catalog_json_method_names, 2);
      break;
    case GK_FIELD_KIND_LEVELS:
      put_names (out, gk_item_get_levels (item));
      break;
    case GK_FIELD_KIND_CODE:
    case GK_FIELD_KIND_TEXT:
    case GK_FIELD_KIND_SHARED:
    default:
      gk_json_write_string (gk_item_get_text (item, field), out);
      break;
    }
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
  gk_string_put (w.out, "\n}\n", 3);
  if (length != NULL)
    *length = w.out->len;

  return g_string_free (w.out, FALSE);
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

  return gk_file_replace_contents (file, data, length, cancellable, error);
}
