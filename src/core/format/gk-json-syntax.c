/* gk-json-syntax.c: strict RFC 8259 parsing, and canonical output
 *
 * json-glib accepts comments, single quotes, hexadecimal numbers, raw
 * control characters and anything after the first value, and recurses
 * without a limit. Catalog files must be plain JSON that any tool reads
 * the same way, so they are parsed here, strictly, without recursion
 * beyond a maximum depth. json-glib's own parser scans character by
 * character and builds a hash table per object; this one builds one flat
 * array of values (GkJsonValue), its strings decoded into one buffer, and
 * hands the elements of a catalog's "items" over one at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-catalog-json.h"
#include "gk-json-syntax.h"

/* A growing array of values: GArray's calls cost more than the values. */
typedef struct
{
  GkJsonValue *data;
  guint        len;
  guint        capacity;
} Values;

struct _GkJsonTree
{
  Values  values;   /* the root is the first */
  char   *text;     /* the decoded strings, NULL when borrowed from a JsonNode */
};

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  guint       max_depth;
  const char *problem;    /* translated, static */
  gboolean    too_deep;   /* the problem is the nesting, not the syntax */
  /* Decoded strings. A string's decoded form and its NUL take no more
   * bytes than its source with the quotes, so a buffer the size of the
   * document never moves: values point into it as they are read. */
  char       *text;
  gsize       text_used;
  /* Where the elements of the root's member @stream go, one by one. */
  const char        *stream;
  GkJsonElementFunc  stream_func;
  gpointer           stream_data;
  Values            *element;
} Scanner;

static gboolean parse_value (Scanner *s,
                             Values  *values,
                             guint    depth);

static gboolean
fail (Scanner    *s,
      const char *problem)
{
  if (s->problem == NULL)
    s->problem = problem;

  return FALSE;
}

/* Indentation is most of the white space of a file: spaces are skipped
 * eight at a time where the byte order allows. */
static inline const char *
skip_spaces (const char *p,
             const char *end)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN && defined (__GNUC__)
  while (end - p >= 8)
    {
      guint64 word;

      memcpy (&word, p, 8);
      word ^= G_GUINT64_CONSTANT (0x2020202020202020);
      if (word != 0)
        return p + (__builtin_ctzll (word) >> 3);
      p += 8;
    }
#endif
  while (p < end && *p == ' ')
    p++;

  return p;
}

static inline void
skip_space (Scanner *s)
{
  const char *p = s->p;
  const char *end = s->end;

  while (p < end && (guchar) *p <= ' ')
    {
      if (*p == ' ')
        p = skip_spaces (p, end);
      else if (*p == '\n' || *p == '\t' || *p == '\r')
        p++;
      else
        break;
    }
  s->p = p;
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

/* Reads the four hex digits at *p, before @end; returns -1 if there are
 * none. */
static int
hex4 (const char **p,
      const char  *end)
{
  int code = 0;

  if (end - *p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value ((*p)[i]);

      if (digit < 0)
        return -1;
      code = code * 16 + digit;
    }
  *p += 4;

  return code;
}

static gboolean
unicode_escape (Scanner *s)
{
  int code = hex4 (&s->p, s->end);

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
      low = hex4 (&s->p, s->end);
      if (low < 0xDC00 || low > 0xDFFF)
        return fail (s, _("invalid escape in a string"));
    }

  return TRUE;
}

/* The length of the UTF-8 sequence at @p, before @end, that starts with a
 * byte ≥ 0x80; 0 if it is not one g_utf8_validate() accepts (overlong
 * forms, surrogates and code points beyond U+10FFFF are not). */
static inline gsize
utf8_sequence (const guchar *p,
               const guchar *end)
{
  guchar c = p[0];

  if (c < 0xC2)
    return 0;
  if (c < 0xE0)
    return end - p >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c < 0xF0)
    {
      if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80
          || (c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
        return 0;
      return 3;
    }
  if (c < 0xF5)
    {
      if (end - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80
          || (p[3] & 0xC0) != 0x80 || (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
        return 0;
      return 4;
    }

  return 0;
}

/* What string() passes over at once: 1 for printable ASCII but '"' and
 * '\\', 2 for a lead byte (E1–EC, EE, EF: those of CJK text) that starts a
 * valid three-byte sequence whenever two continuation bytes follow, 0 for
 * anything that needs a closer look. */
static const guint8 string_bytes[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2, 2,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Checks the string at s->p and moves past it; sets @escaped if it has a
 * backslash. Its UTF-8 is checked too: outside strings only ASCII can pass
 * the grammar, so a document that parses is valid UTF-8 as a whole. An
 * invalid sequence fails as an unexpected character; the caller, seeing
 * the document fail, checks its UTF-8 first and reports that instead. */
static gboolean
string (Scanner  *s,
        gboolean *escaped)
{
  const guchar *end = (const guchar *) s->end;
  const guchar *p = (const guchar *) s->p + 1;
  /* Before @limit, a sequence needs no check of the bytes left. */
  const guchar *limit = end - p > 3 ? end - 3 : p;

  *escaped = FALSE;
  for (;;)
    {
      guchar c;
      gsize n;

      while (p < limit)
        {
          guint8 kind = string_bytes[*p];

          if (kind == 1)
            p++;
          else if (kind == 2 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80)
            p += 3;
          else
            break;
        }
      if (p == end)
        break;
      c = *p;
      if (c >= 0x80)
        {
          n = utf8_sequence (p, end);
          if (n == 0)
            {
              s->p = (const char *) p;
              return fail (s, _("unexpected character"));
            }
          p += n;
          continue;
        }
      p++;
      s->p = (const char *) p;
      if (c == '"')
        return TRUE;
      if (c < 0x20)
        return fail (s, _("a control character in a string must be escaped"));
      if (c != '\\')
        continue;
      *escaped = TRUE;
      if (p == end)
        break;
      c = *p++;
      s->p = (const char *) p;
      if (c == 'u')
        {
          if (!unicode_escape (s))
            return FALSE;
          p = (const guchar *) s->p;
        }
      else if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
        return fail (s, _("invalid escape in a string"));
    }
  s->p = s->end;

  return fail (s, _("unterminated string"));
}

/* Decodes the escapes of the string between @from and @to, which string()
 * has accepted, to @q; returns the end of what it wrote, never further
 * than @q + (@to - @from). */
static char *
unescape (const char *from,
          const char *to,
          char       *q)
{
  const char *p = from;

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
            gunichar c = (gunichar) hex4 (&p, to);

            if (c >= 0xD800 && c <= 0xDBFF)
              {
                p += 2;
                c = 0x10000 + ((c - 0xD800) << 10) + ((gunichar) hex4 (&p, to) - 0xDC00);
              }
            q += g_unichar_to_utf8 (c, q);
          }
          break;
        default:
          *q++ = p[-1];
        }
    }

  return q;
}

/* Reads the string at s->p into the text buffer; returns it, NUL-terminated,
 * with its length in @length, or NULL. */
static const char *
parse_string (Scanner *s,
              gsize   *length)
{
  const char *from = s->p + 1;
  char *text = s->text + s->text_used;
  gboolean escaped;
  gsize n;

  if (!string (s, &escaped))
    return NULL;
  n = (gsize) (s->p - 1 - from);
  if (!escaped)
    memcpy (text, from, n);
  else
    n = (gsize) (unescape (from, s->p - 1, text) - text);
  text[n] = '\0';
  s->text_used += n + 1;
  *length = n;

  return text;
}

static GkJsonValue *
add_value (Values     *values,
           GkJsonType  type)
{
  GkJsonValue *value;

  if (G_UNLIKELY (values->len == values->capacity))
    {
      values->capacity = MAX (64, values->capacity * 2);
      values->data = g_renew (GkJsonValue, values->data, values->capacity);
    }
  value = &values->data[values->len++];
  memset (value, 0, sizeof *value);
  value->type = type;
  value->size = 1;

  return value;
}

/* As json-glib: an integer without fraction or exponent is an int64,
 * anything else a double. json-glib wraps integers too large for an int64
 * around; here they are clamped, so that range checks catch them. */
static gboolean
parse_number (Scanner *s,
              Values  *values)
{
  const char *start = s->p;
  g_autofree char *heap = NULL;
  char buffer[64];
  const char *text;
  gboolean integer = TRUE;
  gsize n;

  if (!number (s))
    return FALSE;
  n = (gsize) (s->p - start);
  for (gsize i = 0; i < n; i++)
    {
      if (start[i] == '.' || start[i] == 'e' || start[i] == 'E')
        integer = FALSE;
    }
  if (n < sizeof buffer)
    {
      memcpy (buffer, start, n);
      buffer[n] = '\0';
      text = buffer;
    }
  else
    text = heap = g_strndup (start, n);
  if (integer)
    add_value (values, GK_JSON_INTEGER)->integer = g_ascii_strtoll (text, NULL, 10);
  else
    add_value (values, GK_JSON_DOUBLE)->number = g_ascii_strtod (text, NULL);

  return TRUE;
}

static gboolean parse_container (Scanner *s,
                                 Values  *values,
                                 guint    depth,
                                 char     close,
                                 gboolean streamed);

/* Whether the finished members of the object at @object include @name:
 * a catalog is an exchange format, and a member given twice means two
 * programs disagree on its value; neither may silently win. Objects have
 * a score of members, so a scan costs less than a hash table. */
static gboolean
has_member (const Values *values,
            guint         object,
            const char   *name,
            gsize         length)
{
  for (guint i = object + 1; i < values->len; i += values->data[i].size)
    {
      const GkJsonValue *member = &values->data[i];

      if (member->name_length == length && memcmp (member->name, name, length) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
parse_member (Scanner *s,
              Values  *values,
              guint    object,
              guint    depth)
{
  const char *start;
  const char *name;
  gsize length;
  guint index = values->len;
  GkJsonValue *value;
  gboolean ok;

  if (s->p == s->end || *s->p != '"')
    return fail (s, _("expected a member name"));
  start = s->p;
  name = parse_string (s, &length);
  if (name == NULL)
    return FALSE;
  if (has_member (values, object, name, length))
    {
      s->p = start;   /* the error points at the second name */
      return fail (s, _("a member name given twice"));
    }
  skip_space (s);
  if (s->p == s->end || *s->p != ':')
    return fail (s, _("expected “:”"));
  s->p++;
  skip_space (s);
  if (depth == 1 && s->stream != NULL && s->p < s->end && *s->p == '['
      && strcmp (name, s->stream) == 0)
    {
      s->stream_func (NULL, s->stream_data);
      ok = parse_container (s, values, depth + 1, ']', TRUE);
    }
  else
    ok = parse_value (s, values, depth);
  if (!ok)
    return FALSE;
  value = &values->data[index];
  value->name = name;
  value->name_length = (guint) length;

  return TRUE;
}

/* An element of the streamed array: read into its own array and text
 * after the tree's, handed over, forgotten. */
static gboolean
parse_streamed_element (Scanner *s,
                        guint    depth)
{
  gsize mark = s->text_used;

  s->element->len = 0;
  if (!parse_value (s, s->element, depth))
    return FALSE;
  s->stream_func (&s->element->data[0], s->stream_data);
  s->text_used = mark;

  return TRUE;
}

static gboolean
parse_child (Scanner *s,
             Values  *values,
             guint    container,
             guint    depth,
             char     close,
             gboolean streamed)
{
  if (close == '}')
    return parse_member (s, values, container, depth);
  if (streamed)
    return parse_streamed_element (s, depth);

  return parse_value (s, values, depth);
}

/* The members or elements after '{' or '['; those of a streamed array go
 * to s->stream_func and the array is left empty. */
static gboolean
parse_container (Scanner *s,
                 Values  *values,
                 guint    depth,
                 char     close,
                 gboolean streamed)
{
  guint index = values->len;
  guint n = 0;
  GkJsonValue *value;

  add_value (values, close == '}' ? GK_JSON_OBJECT : GK_JSON_ARRAY);
  s->p++;
  if (depth > s->max_depth)
    {
      s->too_deep = s->problem == NULL;
      return fail (s, _("nested too deeply"));
    }
  skip_space (s);
  if (s->p < s->end && *s->p == close)
    s->p++;
  else
    {
      for (;;)
        {
          if (!parse_child (s, values, index, depth, close, streamed))
            return FALSE;
          n++;
          skip_space (s);
          if (s->p < s->end && *s->p == close)
            {
              s->p++;
              break;
            }
          if (s->p == s->end || *s->p != ',')
            return fail (s, close == '}' ? _("expected “,” or “}”")
                                         : _("expected “,” or “]”"));
          s->p++;
          skip_space (s);
        }
    }
  value = &values->data[index];
  value->size = values->len - index;
  value->n_children = streamed ? 0 : n;

  return TRUE;
}

static gboolean
parse_value (Scanner *s,
             Values  *values,
             guint    depth)
{
  GkJsonValue *value;
  const char *text;
  gsize length;

  skip_space (s);
  if (s->p == s->end)
    return fail (s, _("unexpected end of data"));

  switch (*s->p)
    {
    case '{':
      return parse_container (s, values, depth + 1, '}', FALSE);
    case '[':
      return parse_container (s, values, depth + 1, ']', FALSE);
    case '"':
      text = parse_string (s, &length);
      if (text == NULL)
        return FALSE;
      value = add_value (values, GK_JSON_STRING);
      value->string = text;
      value->length = length;
      return TRUE;
    case 't':
      if (!literal (s, "true"))
        return FALSE;
      add_value (values, GK_JSON_BOOLEAN)->integer = 1;
      return TRUE;
    case 'f':
      if (!literal (s, "false"))
        return FALSE;
      add_value (values, GK_JSON_BOOLEAN);
      return TRUE;
    case 'n':
      if (!literal (s, "null"))
        return FALSE;
      add_value (values, GK_JSON_NULL);
      return TRUE;
    default:
      if (*s->p == '-' || g_ascii_isdigit (*s->p))
        return parse_number (s, values);
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
  g_set_error (error, GK_FORMAT_ERROR,
               s->too_deep ? GK_FORMAT_ERROR_TOO_DEEP : GK_FORMAT_ERROR_SYNTAX,
               _("The file is not valid JSON: line %u, column %ld: %s"),
               line, g_utf8_pointer_to_offset (line_start, at) + 1, s->problem);
}

static GkJsonTree *
tree_new (void)
{
  return g_new0 (GkJsonTree, 1);
}

/**
 * gk_json_tree_free:
 * @tree: (transfer full) (nullable): a tree
 */
void
gk_json_tree_free (GkJsonTree *tree)
{
  if (tree == NULL)
    return;

  g_free (tree->values.data);
  g_free (tree->text);
  g_free (tree);
}

/**
 * gk_json_tree_get_root:
 * @tree: a tree
 *
 * Returns: (transfer none): its root value, valid as long as @tree
 */
const GkJsonValue *
gk_json_tree_get_root (GkJsonTree *tree)
{
  return &tree->values.data[0];
}

/**
 * gk_json_tree_parse:
 * @data: (array length=length): the text, UTF-8 or not
 * @length: its length in bytes
 * @max_depth: how many arrays and objects may nest
 * @member: (nullable): a member of the root object whose array elements
 *   go to @func instead of the tree
 * @func: (scope call) (nullable): called with NULL when that array starts,
 *   then with each of its elements, in order
 * @user_data: data for @func
 * @error: return location for a %GK_FORMAT_ERROR_SYNTAX error, or
 *   %GK_FORMAT_ERROR_TOO_DEEP when the text nests deeper than @max_depth
 *
 * Parses exactly one JSON value (RFC 8259) with surrounding white space,
 * without "\u0000", nested at most @max_depth. Integers without fraction
 * or exponent are %GK_JSON_INTEGER, other numbers %GK_JSON_DOUBLE. A member
 * name given twice in one object is an error (json-glib takes the last).
 * The array @member of the root, if any, is left empty.
 *
 * Text the parser accepts is valid UTF-8. Invalid UTF-8 inside a string
 * fails as an unexpected character: callers that must report invalid
 * UTF-8 as such check the text with g_utf8_validate() when this fails.
 *
 * Returns: (transfer full) (nullable): the tree, or %NULL with @error set
 */
GkJsonTree *
gk_json_tree_parse (const char         *data,
                    gsize               length,
                    guint               max_depth,
                    const char         *member,
                    GkJsonElementFunc   func,
                    gpointer            user_data,
                    GError            **error)
{
  g_autoptr(GkJsonTree) tree = tree_new ();
  Values element = { NULL, 0, 0 };
  Scanner s = { data, data, data + length, max_depth, NULL, FALSE, NULL, 0,
                func != NULL ? member : NULL, func, user_data, &element };

  /* Untouched pages of a large buffer cost nothing: only what the tree
   * and the largest element decode is ever written. */
  tree->text = s.text = g_malloc (length + 1);
  if (parse_value (&s, &tree->values, 0))
    {
      skip_space (&s);
      if (s.p == s.end)
        {
          g_free (element.data);
          return g_steal_pointer (&tree);
        }
      fail (&s, _("unexpected data after the end"));
    }
  g_free (element.data);
  set_error (&s, error);

  return NULL;
}

static void add_node (Values     *values,
                      JsonNode   *node,
                      const char *name);

static void
add_object_node (Values     *values,
                 JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    add_node (values, json_object_get_member (object, l->data), l->data);
}

static void
add_array_node (Values    *values,
                JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    add_node (values, json_array_get_element (array, i), NULL);
}

static void
add_value_node (Values   *values,
                JsonNode *node)
{
  GkJsonValue *value;
  const char *text;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      text = json_node_get_string (node);
      value = add_value (values, GK_JSON_STRING);
      value->string = text != NULL ? text : "";
      value->length = strlen (value->string);
      break;
    case G_TYPE_INT64:
      add_value (values, GK_JSON_INTEGER)->integer = json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      add_value (values, GK_JSON_DOUBLE)->number = json_node_get_double (node);
      break;
    case G_TYPE_BOOLEAN:
      add_value (values, GK_JSON_BOOLEAN)->integer = json_node_get_boolean (node);
      break;
    default:
      add_value (values, GK_JSON_NULL);
    }
}

static void
add_node (Values     *values,
          JsonNode   *node,
          const char *name)
{
  guint index = values->len;
  GkJsonValue *value;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      add_value (values, GK_JSON_OBJECT);
      add_object_node (values, json_node_get_object (node));
      break;
    case JSON_NODE_ARRAY:
      add_value (values, GK_JSON_ARRAY);
      add_array_node (values, json_node_get_array (node));
      break;
    case JSON_NODE_VALUE:
      add_value_node (values, node);
      break;
    case JSON_NODE_NULL:
    default:
      add_value (values, GK_JSON_NULL);
    }
  value = &values->data[index];
  value->size = values->len - index;
  value->name = name;
  value->name_length = name != NULL ? (guint) strlen (name) : 0;
  if (value->type == GK_JSON_OBJECT || value->type == GK_JSON_ARRAY)
    {
      for (const GkJsonValue *c = value + 1; c < value + value->size; c = gk_json_value_next (c))
        value->n_children++;
    }
}

/**
 * gk_json_tree_new_from_node:
 * @node: a json-glib tree
 *
 * Returns: (transfer full): the same values as a #GkJsonTree, whose
 *   strings are borrowed from @node: use it only while @node lives
 */
GkJsonTree *
gk_json_tree_new_from_node (JsonNode *node)
{
  GkJsonTree *tree;

  g_return_val_if_fail (node != NULL, NULL);

  tree = tree_new ();
  add_node (&tree->values, node, NULL);

  return tree;
}

/**
 * gk_json_value_get_member:
 * @object: a %GK_JSON_OBJECT value
 * @name: a member name
 *
 * Returns: (transfer none) (nullable): the last member called @name, as
 *   json-glib kept the last of members with the same name
 */
const GkJsonValue *
gk_json_value_get_member (const GkJsonValue *object,
                          const char        *name)
{
  const GkJsonValue *found = NULL;
  const GkJsonValue *child = gk_json_value_first (object);

  g_return_val_if_fail (object->type == GK_JSON_OBJECT, NULL);

  for (guint i = 0; i < object->n_children; i++, child = gk_json_value_next (child))
    {
      if (strcmp (child->name, name) == 0)
        found = child;
    }

  return found;
}

/* Output. json-glib's generator is slow on large catalogs and its layout
 * may change between versions; canonical files must not. */

/* 1 for what gk_json_write_string() escapes: control characters, '"',
 * '\\', and the NUL that ends the text. */
static const guint8 needs_escape[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

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
  const guchar *p = (const guchar *) text;

  g_string_append_c (out, '"');
  for (;;)
    {
      /* Copy the run of characters that need no escape at once. */
      const guchar *run = p;
      guchar c;

      while (!needs_escape[*p])
        p++;
      gk_string_put (out, (const char *) run, p - run);
      c = *p;
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


/**
 * gk_json_value_write:
 * @value: a value of a parsed tree
 * @out: where to append it
 *
 * Appends @value as compact JSON text: the text it was read from but for
 * white space, escapes and the form of numbers. What sync keeps of the
 * server's answers (an item, a conflict record) is so taken out of the
 * answer's tree.
 */
void
gk_json_value_write (const GkJsonValue *value,
                     GString           *out)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  const GkJsonValue *child;

  switch (value->type)
    {
    case GK_JSON_BOOLEAN:
      g_string_append (out, value->integer != 0 ? "true" : "false");
      break;
    case GK_JSON_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, value->integer);
      break;
    case GK_JSON_DOUBLE:
      /* A number too large for a double was read as infinite. */
      g_string_append (out, isfinite (value->number)
                            ? g_ascii_dtostr (number, sizeof number, value->number) : "null");
      break;
    case GK_JSON_STRING:
      gk_json_write_string (value->string, out);
      break;
    case GK_JSON_ARRAY:
    case GK_JSON_OBJECT:
      g_string_append_c (out, value->type == GK_JSON_ARRAY ? '[' : '{');
      child = gk_json_value_first (value);
      for (guint i = 0; i < value->n_children; i++, child = gk_json_value_next (child))
        {
          if (i > 0)
            g_string_append_c (out, ',');
          if (value->type == GK_JSON_OBJECT)
            {
              gk_json_write_string (child->name, out);
              g_string_append_c (out, ':');
            }
          gk_json_value_write (child, out);
        }
      g_string_append_c (out, value->type == GK_JSON_ARRAY ? ']' : '}');
      break;
    case GK_JSON_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}
