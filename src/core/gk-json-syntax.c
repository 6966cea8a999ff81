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
  GString    *scratch;   /* parsing only: the last string read */
  /* Parsing only: where the elements of the root's member @stream go. */
  const char        *stream;
  GkJsonElementFunc  stream_func;
  gpointer           stream_data;
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
  Scanner s = { data, data, data + length, max_depth, NULL, NULL, NULL, NULL, NULL };

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

/* Parsing: the same grammar as the check above, building the tree as it
 * goes. json-glib's own parser scans character by character through
 * GScanner-like tables and was most of the time of loading a catalog. */

static JsonNode *parse_value (Scanner *s,
                              guint    depth);
static JsonNode *parse_streamed_array (Scanner *s,
                                       guint    depth);

/* Decodes the escapes of the string between @from and @to, which
 * string() has accepted, into @out; the result is never longer than the
 * text. */
static void
unescape (const char *from,
          const char *to,
          GString    *out)
{
  char *q;
  const char *p = from;

  g_string_set_size (out, to - from);
  q = out->str;

  while (p < to)
    {
      const char *run = p;

      while (p < to && *p != '\\')
        p++;
      memcpy (q, run, p - run);
      q += p - run;
      if (p == to)
        break;
      p++;
      switch (*p++)
        {
        case 'b':
          *q++ = '\b';
          break;
        case 'f':
          *q++ = '\f';
          break;
        case 'n':
          *q++ = '\n';
          break;
        case 'r':
          *q++ = '\r';
          break;
        case 't':
          *q++ = '\t';
          break;
        case 'u':
          {
            Scanner hex = { p, p, to, 0, NULL, NULL, NULL, NULL, NULL };
            gunichar c = (gunichar) hex4 (&hex);

            if (c >= 0xD800 && c <= 0xDBFF)
              {
                hex.p += 2;
                c = 0x10000 + ((c - 0xD800) << 10) + ((gunichar) hex4 (&hex) - 0xDC00);
              }
            p = hex.p;
            q += g_unichar_to_utf8 (c, q);
          }
          break;
        default:
          *q++ = p[-1];
        }
    }
  g_string_truncate (out, q - out->str);
}

/* Returns the string at s->p, decoded into s->scratch: valid until the
 * next one, the node and member functions copy it. */
static const char *
parse_string (Scanner *s)
{
  const char *start = s->p + 1;

  if (!string (s))
    return NULL;
  if (memchr (start, '\\', s->p - 1 - start) == NULL)
    {
      g_string_truncate (s->scratch, 0);
      g_string_append_len (s->scratch, start, s->p - 1 - start);
    }
  else
    unescape (start, s->p - 1, s->scratch);

  return s->scratch->str;
}

/* As json-glib: an integer without fraction or exponent is an int64,
 * anything else a double. json-glib wraps integers too large for an int64
 * around; here they are clamped, so that range checks catch them. */
static JsonNode *
parse_number (Scanner *s)
{
  const char *start = s->p;
  g_autofree char *text = NULL;
  gboolean integer = TRUE;

  if (!number (s))
    return NULL;
  for (const char *p = start; p < s->p; p++)
    {
      if (*p == '.' || *p == 'e' || *p == 'E')
        integer = FALSE;
    }
  text = g_strndup (start, s->p - start);
  if (integer)
    return json_node_init_int (json_node_alloc (), g_ascii_strtoll (text, NULL, 10));

  return json_node_init_double (json_node_alloc (), g_ascii_strtod (text, NULL));
}

static gboolean
parse_member (Scanner    *s,
              guint       depth,
              JsonObject *object)
{
  g_autofree char *heap_name = NULL;
  char buffer[64];
  const char *name;
  const char *text;
  JsonNode *node;

  if (s->p == s->end || *s->p != '"')
    return fail (s, _("expected a member name"));
  text = parse_string (s);
  if (text == NULL)
    return FALSE;
  /* parse_value () reuses s->scratch, and json_object_set_member () copies
   * the name anyway: short names (all of a catalog's) need no allocation. */
  if (s->scratch->len < sizeof buffer)
    name = memcpy (buffer, text, s->scratch->len + 1);
  else
    name = heap_name = g_strdup (text);
  skip_space (s);
  if (s->p == s->end || *s->p != ':')
    return fail (s, _("expected “:”"));
  s->p++;
  skip_space (s);
  if (depth == 1 && s->stream != NULL && s->p < s->end && *s->p == '['
      && strcmp (name, s->stream) == 0)
    node = parse_streamed_array (s, depth);
  else
    node = parse_value (s, depth);
  if (node == NULL)
    return FALSE;
  json_object_set_member (object, name, node);

  return TRUE;
}

/* The members or elements after '{' or '[' into @object or @array, or
 * to s->stream_func if both are NULL. */
static gboolean
parse_container (Scanner    *s,
                 guint       depth,
                 JsonObject *object,
                 JsonArray  *array)
{
  char close = object != NULL ? '}' : ']';

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
      if (object != NULL)
        {
          if (!parse_member (s, depth, object))
            return FALSE;
        }
      else
        {
          JsonNode *node = parse_value (s, depth);

          if (node == NULL)
            return FALSE;
          if (array != NULL)
            json_array_add_element (array, node);
          else
            s->stream_func (node, s->stream_data);
        }
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

static JsonNode *
parse_object (Scanner *s,
              guint    depth)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = NULL;

  if (parse_container (s, depth, object, NULL))
    node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  return node;
}

static JsonNode *
parse_array (Scanner *s,
             guint    depth)
{
  JsonArray *array = json_array_new ();
  JsonNode *node;

  if (!parse_container (s, depth, NULL, array))
    {
      json_array_unref (array);
      return NULL;
    }
  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);

  return node;
}

/* An array whose elements go to s->stream_func as they are read, so that
 * the caller can turn each into its own structure and free it: a catalog
 * is then never in memory twice. What is left in the tree is empty. */
static JsonNode *
parse_streamed_array (Scanner *s,
                      guint    depth)
{
  JsonArray *empty;
  JsonNode *node;

  s->stream_func (NULL, s->stream_data);
  if (!parse_container (s, depth + 1, NULL, NULL))
    return NULL;
  empty = json_array_new ();
  node = json_node_init_array (json_node_alloc (), empty);
  json_array_unref (empty);

  return node;
}

static JsonNode *
parse_value (Scanner *s,
             guint    depth)
{
  const char *text;

  skip_space (s);
  if (s->p == s->end)
    {
      fail (s, _("unexpected end of data"));
      return NULL;
    }

  switch (*s->p)
    {
    case '{':
      return parse_object (s, depth + 1);
    case '[':
      return parse_array (s, depth + 1);
    case '"':
      text = parse_string (s);
      return text != NULL ? json_node_init_string (json_node_alloc (), text) : NULL;
    case 't':
      return literal (s, "true") ? json_node_init_boolean (json_node_alloc (), TRUE) : NULL;
    case 'f':
      return literal (s, "false") ? json_node_init_boolean (json_node_alloc (), FALSE) : NULL;
    case 'n':
      return literal (s, "null") ? json_node_init_null (json_node_alloc ()) : NULL;
    default:
      if (*s->p == '-' || g_ascii_isdigit (*s->p))
        return parse_number (s);
      fail (s, _("unexpected character"));
      return NULL;
    }
}

/**
 * gk_json_parse_streaming:
 * @data: (array length=length): UTF-8 text, already validated
 * @length: its length in bytes
 * @max_depth: how many arrays and objects may nest
 * @member: (nullable): a member of the root object whose array elements
 *   go to @func instead of the tree
 * @func: (scope call) (nullable): called with NULL when that array starts,
 *   then with each of its elements (transfer full), in order
 * @user_data: data for @func
 * @error: return location for a %GK_FORMAT_ERROR_SYNTAX error
 *
 * Parses what gk_json_syntax_check() accepts, with the same errors, into
 * the tree json-glib's parser would make of it, except that the array
 * @member of the root, if any, is left empty.
 *
 * Returns: (transfer full) (nullable): the root, or %NULL with @error set
 */
JsonNode *
gk_json_parse_streaming (const char        *data,
                         gsize              length,
                         guint              max_depth,
                         const char        *member,
                         GkJsonElementFunc  func,
                         gpointer           user_data,
                         GError           **error)
{
  Scanner s = { data, data, data + length, max_depth, NULL, NULL,
                func != NULL ? member : NULL, func, user_data };
  g_autoptr(GString) scratch = g_string_sized_new (256);
  JsonNode *root;

  s.scratch = scratch;
  root = parse_value (&s, 0);
  if (root != NULL)
    {
      skip_space (&s);
      if (s.p == s.end)
        return root;
      json_node_unref (root);
      fail (&s, _("unexpected data after the end"));
    }
  set_error (&s, error);

  return NULL;
}

/**
 * gk_json_parse:
 * @data: (array length=length): UTF-8 text, already validated
 * @length: its length in bytes
 * @max_depth: how many arrays and objects may nest
 * @error: return location for a %GK_FORMAT_ERROR_SYNTAX error
 *
 * Parses what gk_json_syntax_check() accepts, with the same errors, into
 * the tree json-glib's parser would make of it.
 *
 * Returns: (transfer full) (nullable): the root, or %NULL with @error set
 */
JsonNode *
gk_json_parse (const char  *data,
               gsize        length,
               guint        max_depth,
               GError     **error)
{
  return gk_json_parse_streaming (data, length, max_depth, NULL, NULL, NULL, error);
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
