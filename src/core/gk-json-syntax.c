/* gk-json-syntax.c: strict RFC 8259 syntax check
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
