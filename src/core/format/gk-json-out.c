/* gk-json-out.c: compact JSON text, written as it goes
 *
 * The answers of the sync protocol are made of pieces kept as text: item
 * objects as gk_item_write_json() wrote them, and answers stored for
 * retries, which must go out again byte for byte. This writes the JSON
 * around them, on one line; strings are escaped by gk_json_write_string(),
 * as in catalog files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-json-out.h"
#include "gk-json-syntax.h"
#include "gk-json-time.h"

/**
 * gk_json_out_init:
 * @j: a writer
 * @out: where to append
 */
void
gk_json_out_init (GkJsonOut *j,
                  GString   *out)
{
  j->out = out;
  j->depth = 0;
  j->filled = 0;
  j->after_name = FALSE;
}

/**
 * gk_json_out_value:
 * @j: a writer
 *
 * Starts a value: the separator before it, if any. The caller appends the
 * value itself.
 *
 * Returns: (transfer none): where to append the value
 */
GString *
gk_json_out_value (GkJsonOut *j)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << j->depth;

  if (j->after_name)
    j->after_name = FALSE;
  else if (j->filled & bit)
    g_string_append_c (j->out, ',');
  j->filled |= bit;

  return j->out;
}

static void
begin (GkJsonOut *j,
       char       bracket)
{
  g_return_if_fail (j->depth < GK_JSON_OUT_MAX_DEPTH);

  g_string_append_c (gk_json_out_value (j), bracket);
  j->depth++;
  j->filled &= ~(G_GUINT64_CONSTANT (1) << j->depth);
}

static void
end (GkJsonOut *j,
     char       bracket)
{
  g_return_if_fail (j->depth > 0 && !j->after_name);

  j->depth--;
  g_string_append_c (j->out, bracket);
}

void
gk_json_out_begin_object (GkJsonOut *j)
{
  begin (j, '{');
}

void
gk_json_out_end_object (GkJsonOut *j)
{
  end (j, '}');
}

void
gk_json_out_begin_array (GkJsonOut *j)
{
  begin (j, '[');
}

void
gk_json_out_end_array (GkJsonOut *j)
{
  end (j, ']');
}

/**
 * gk_json_out_member:
 * @j: a writer inside an object
 * @name: the member's name
 *
 * Starts a member; its value comes next.
 */
void
gk_json_out_member (GkJsonOut  *j,
                    const char *name)
{
  gk_json_write_string (name, gk_json_out_value (j));
  g_string_append_c (j->out, ':');
  j->after_name = TRUE;
}

/**
 * gk_json_out_string:
 * @j: a writer
 * @value: (nullable): a string, or %NULL for null
 */
void
gk_json_out_string (GkJsonOut  *j,
                    const char *value)
{
  if (value == NULL)
    g_string_append (gk_json_out_value (j), "null");
  else
    gk_json_write_string (value, gk_json_out_value (j));
}

void
gk_json_out_int (GkJsonOut *j,
                 gint64     value)
{
  g_string_append_printf (gk_json_out_value (j), "%" G_GINT64_FORMAT, value);
}

void
gk_json_out_boolean (GkJsonOut *j,
                     gboolean   value)
{
  g_string_append (gk_json_out_value (j), value ? "true" : "false");
}

/**
 * gk_json_out_raw:
 * @j: a writer
 * @json: one JSON value, as text
 *
 * Puts @json in as it is.
 */
void
gk_json_out_raw (GkJsonOut  *j,
                 const char *json)
{
  g_string_append (gk_json_out_value (j), json);
}

void
gk_json_out_string_member (GkJsonOut  *j,
                           const char *name,
                           const char *value)
{
  gk_json_out_member (j, name);
  gk_json_out_string (j, value);
}

void
gk_json_out_int_member (GkJsonOut  *j,
                        const char *name,
                        gint64      value)
{
  gk_json_out_member (j, name);
  gk_json_out_int (j, value);
}

void
gk_json_out_boolean_member (GkJsonOut  *j,
                            const char *name,
                            gboolean    value)
{
  gk_json_out_member (j, name);
  gk_json_out_boolean (j, value);
}

/**
 * gk_json_out_time_member:
 * @j: a writer inside an object
 * @name: the member's name
 * @usec: a time, microseconds since the Unix epoch
 *
 * Writes the time as catalog files do (docs/catalog-format.md).
 */
void
gk_json_out_time_member (GkJsonOut  *j,
                         const char *name,
                         gint64      usec)
{
  char text[GK_JSON_TIME_BUFFER_SIZE];

  gk_json_out_member (j, name);
  gk_json_out_string (j, gk_json_time_format (usec, text) ? text : NULL);
}
