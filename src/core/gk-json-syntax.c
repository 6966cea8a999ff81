/* gk-json-syntax.c: strict RFC 8259 syntax check, and canonical output
 *
 * json-glib accepts comments, single quotes, hexadecimal numbers, raw
 * control characters and anything after the first value, and recurses
 * without a limit. Catalog files must be plain JSON that any tool reads
 * the same way, so the text is checked here first, without recursion
 * beyond @max_depth.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-catalog-json.h"
#include "gk-json-syntax.h"

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  guint       max_depth;
  const char *problem;   /* translated, static */
} Scanner;

static gboolean value (Scanner *s,
                       guint    depth);

static gboolean
fail (Scanner    *s,
      const char *problem)
{
  if (s->problem == NULL)
    s->problem = problem;

  return FALSE;
}

static void
skip_space (Scanner *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean
literal (Scanner    *s,
         const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return fail (s, _("unexpected character"));
  s->p += len;

  return TRUE;
}

static gboolean
digits (Scanner *s)
{
  const char *first = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;

  return s->p > first || fail (s, _("invalid number"));
}

static gboolean
number (Scanner *s)
{
  if (*s->p == '-')
    s->p++;
  if (s->p < s->end && *s->p == '0')
    s->p++;
  else if (!digits (s))
    return FALSE;
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (!digits (s))
        return FALSE;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!digits (s))
        return FALSE;
    }
  /* "01" or "1x": a number must end where a delimiter can follow. */
  if (s->p < s->end && (g_ascii_isalnum (*s->p) || *s->p == '.'))
    return fail (s, _("invalid number"));

  return TRUE;
}

/* Reads the four hex digits after "\u"; returns -1 if there are none. */
static int
hex4 (Scanner *s)
{
  int code = 0;

  if (s->end - s->p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (s->p[i]);

      if (digit < 0)
        return -1;
      code = code * 16 + digit;
    }
  s->p += 4;

  return code;
}

static gboolean
unicode_escape (Scanner *s)
{
  int code = hex4 (s);

  if (code < 0)
    return fail (s, _("invalid escape in a string"));
  if (code == 0)
    return fail (s, _("a string contains a NUL character"));
  if (code >= 0xDC00 && code <= 0xDFFF)
    return fail (s, _("invalid escape in a string"));
  if (code >= 0xD800 && code <= 0xDBFF)
    {
      int low;

      if (s->end - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u')
        return fail (s, _("invalid escape in a string"));
      s->p += 2;
      low = hex4 (s);
      if (low < 0xDC00 || low > 0xDFFF)
        return fail (s, _("invalid escape in a string"));
    }

  return TRUE;
}

static gboolean
string (Scanner *s)
{
  s->p++;
  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p++;

      if (c == '"')
        return TRUE;
      if (c < 0x20)
        return fail (s, _("a control character in a string must be escaped"));
      if (c != '\\')
        continue;
      if (s->p == s->end)
        break;
      c = (guchar) *s->p++;
      if (c == 'u')
        {
          if (!unicode_escape (s))
            return FALSE;
        }
      else if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
        return fail (s, _("invalid escape in a string"));
    }

  return fail (s, _("unterminated string"));
}

/* Parses the members or elements after '{' or '['. */
static gboolean
container (Scanner *s,
           guint    depth,
           char     close)
{
  s->p++;
  if (depth > s->max_depth)
    return fail (s, _("nested too deeply"));
  skip_space (s);
  if (s->p < s->end && *s->p == close)
    {
      s->p++;
      return TRUE;
    }
  for (;;)
    {
      if (close == '}')
        {
          if (s->p == s->end || *s->p != '"')
            return fail (s, _("expected a member name"));
          if (!string (s))
            return FALSE;
          skip_space (s);
          if (s->p == s->end || *s->p != ':')
            return fail (s, _("expected “:”"));
          s->p++;
        }
      if (!value (s, depth))
        return FALSE;
      skip_space (s);
      if (s->p < s->end && *s->p == close)
        {
          s->p++;
          return TRUE;
        }
      if (s->p == s->end || *s->p != ',')
        return fail (s, close == '}' ? _("expected “,” or “}”") : _("expected “,” or “]”"));
      s->p++;
      skip_space (s);
    }
}

static gboolean
value (Scanner *s,
       guint    depth)
{
  skip_space (s);
  if (s->p == s->end)
    return fail (s, _("unexpected end of data"));

  switch (*s->p)
    {
    case '{':
      return container (s, depth + 1, '}');
    case '[':
      return container (s, depth + 1, ']');
    case '"':
      return string (s);
    case 't':
      return literal (s, "true");
    case 'f':
      return literal (s, "false");
    case 'n':
      return literal (s, "null");
    default:
      if (*s->p == '-' || g_ascii_isdigit (*s->p))
        return number (s);
      return fail (s, _("unexpected character"));
    }
}

static void
set_error (Scanner  *s,
           GError  **error)
{
  const char *line_start = s->start;
  guint line = 1;
  const char *at = MIN (s->p, s->end);

  for (const char *q = s->start; q < at; q++)
    {
      if (*q == '\n')
        {
          line++;
          line_start = q + 1;
        }
    }
  g_set_error (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_SYNTAX,
               _("The file is not valid JSON: line %u, column %ld: %s"),
               line, g_utf8_pointer_to_offset (line_start, at) + 1, s->problem);
}

/**
 * gk_json_syntax_check:
 * @data: (array length=length): UTF-8 text, already validated
 * @length: its length in bytes
 * @max_depth: how many arrays and objects may nest
 * @error: return location for a %GK_FORMAT_ERROR_SYNTAX error
 *
 * Returns: %TRUE if @data is exactly one JSON value (RFC 8259) with
 *   surrounding white space, without "\u0000", nested at most @max_depth
 */
gboolean
gk_json_syntax_check (const char  *data,
                      gsize        length,
                      guint        max_depth,
                      GError     **error)
{
  Scanner s = { data, data, data + length, max_depth, NULL };

  if (value (&s, 0))
    {
      skip_space (&s);
      if (s.p == s.end)
        return TRUE;
      fail (&s, _("unexpected data after the end"));
    }
  set_error (&s, error);

  return FALSE;
}

/* Output. json-glib's generator is slow on large catalogs and its layout
 * may change between versions; canonical files must not. */

/**
 * gk_json_write_string:
 * @text: UTF-8 text
 * @out: where to append it
 *
 * Appends @text as a JSON string, escaping only `"`, `\\` and control
 * characters.
 */
void
gk_json_write_string (const char *text,
                      GString    *out)
{
  const char *p = text;

  g_string_append_c (out, '"');
  while (*p != '\0')
    {
      /* Copy the run of characters that need no escape at once. */
      const char *run = p;
      guchar c;

      while ((guchar) *p >= 0x20 && *p != '"' && *p != '\\')
        p++;
      g_string_append_len (out, run, p - run);
      c = (guchar) *p;
      if (c == '\0')
        break;
      p++;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", c);
        }
    }
  g_string_append_c (out, '"');
}

static void
write_value (JsonNode *node,
             GString  *out)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      gk_json_write_string (json_node_get_string (node), out);
      break;
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_DOUBLE:
      g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      break;
    default:
      g_string_append (out, "null");
    }
}

static void
indent (GString *out,
        guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
write_node (JsonNode *node,
            guint     depth,
            GString  *out);

static void
write_object (JsonObject *object,
              guint       depth,
              GString    *out)
{
  g_autoptr(GList) members = json_object_get_members (object);

  if (members == NULL)
    {
      g_string_append (out, "{}");
      return;
    }
  g_string_append_c (out, '{');
  for (GList *l = members; l != NULL; l = l->next)
    {
      indent (out, depth + 1);
      gk_json_write_string (l->data, out);
      g_string_append (out, " : ");
      write_node (json_object_get_member (object, l->data), depth + 1, out);
      if (l->next != NULL)
        g_string_append_c (out, ',');
    }
  indent (out, depth);
  g_string_append_c (out, '}');
}

static void
write_array (JsonArray *array,
             guint      depth,
             GString   *out)
{
  guint n = json_array_get_length (array);

  if (n == 0)
    {
      g_string_append (out, "[]");
      return;
    }
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      indent (out, depth + 1);
      write_node (json_array_get_element (array, i), depth + 1, out);
      if (i + 1 < n)
        g_string_append_c (out, ',');
    }
  indent (out, depth);
  g_string_append_c (out, ']');
}

static void
write_node (JsonNode *node,
            guint     depth,
            GString  *out)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      write_object (json_node_get_object (node), depth, out);
      break;
    case JSON_NODE_ARRAY:
      write_array (json_node_get_array (node), depth, out);
      break;
    case JSON_NODE_VALUE:
      write_value (node, out);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
    }
}

/**
 * gk_json_write:
 * @node: a JSON tree
 * @out: where to append its text
 *
 * Appends @node as JSON indented by two spaces, `"name" : value`, members
 * in their order in @node, UTF-8 unescaped except `"`, `\\` and control
 * characters, and a final newline.
 */
void
gk_json_write (JsonNode *node,
               GString  *out)
{
  write_node (node, 0, out);
  g_string_append_c (out, '\n');
}
