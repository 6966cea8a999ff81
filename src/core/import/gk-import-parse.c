/* gk-import-parse.c: marks, channel lists, domains and levels in cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-import-private.h"
#include "gk-item.h"

/* The longest channel spelling has 18 characters. */
#define MAX_CHANNEL_CHARS 24

static gboolean
is_space (gunichar c)
{
  /* CJK text, most of what is checked: no space from U+3001 to U+FEFE. */
  if (c > 0x3000 && c < 0xFEFF)
    return FALSE;
  return g_unichar_isspace (c) || c == 0x3000 || c == 0x00A0 || c == 0x200B || c == 0xFEFF;
}

/**
 * gk_import_squeeze:
 * @text: text
 *
 * Returns: (transfer full): @text without any white space, for comparing
 *   headers like "公 开 内 容"
 */
char *
gk_import_squeeze (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  const char *run = text;
  const char *p = text;

  /* Copies the runs between spaces as they are: one append a run, not
   * one a character. */
  while (*p != '\0')
    {
      const char *next = g_utf8_next_char (p);
      gunichar c = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);

      if (is_space (c))
        {
          g_string_append_len (out, run, p - run);
          run = next;
        }
      p = next;
    }
  g_string_append_len (out, run, p - run);

  return g_string_free (out, FALSE);
}

/**
 * gk_import_skip_spaces:
 * @text: text
 *
 * Returns: (transfer none): @text from its first character that is not
 *   white space, the first one gk_import_squeeze() keeps
 */
const char *
gk_import_skip_spaces (const char *text)
{
  while (*text != '\0')
    {
      guchar lead = (guchar) *text;
      gunichar c;

      /* E4…EE lead U+4000…U+EFFF, CJK and no space: most cells. */
      if (lead >= 0xE4 && lead <= 0xEE)
        break;
      c = lead < 0x80 ? lead : g_utf8_get_char (text);
      if (!is_space (c))
        break;
      text = g_utf8_next_char (text);
    }
  return text;
}

/**
 * gk_import_strip_parens:
 * @text: squeezed text
 *
 * Returns: (transfer full): @text without a final "（…）" or "(…)"
 */
char *
gk_import_strip_parens (const char *text)
{
  const char *open = g_strrstr (text, "（");
  const char *ascii = strrchr (text, '(');

  if (ascii != NULL && (open == NULL || ascii > open))
    open = ascii;
  if (open == NULL || open == text)
    return g_strdup (text);
  return g_strndup (text, (gsize) (open - text));
}

/**
 * gk_import_is_dash:
 * @text: normalized text
 *
 * Returns: whether @text only says "nothing here": "—", "─", "-", "/"
 */
gboolean
gk_import_is_dash (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '-' && c != '/' && c != 0x2014 && c != 0x2500 && c != 0x2015 && c != 0xFF0D
          && c != 0xFF0F && c != 0x2013 && c != 0x2012 && c != 0x2501 && !is_space (c))
        return FALSE;
    }
  return TRUE;
}

static GkMark
mark_of_char (gunichar c)
{
  switch (c)
    {
    case 0x221A: /* √ */
    case 0x2713: /* ✓ */
    case 0x2714: /* ✔ */
    case 0x25A0: /* ■ */
    case 0x25C6: /* ◆ */
    case 0x25B2: /* ▲ */
    case 0x2611: /* ☑ */
    case 0x25CF: /* ● */
    case 0x2605: /* ★ */
    case 0x2588: /* █ */
      return GK_MARK_YES;
    case 0x25A1: /* □ */
    case 0x2610: /* ☐ */
    case 0x25C7: /* ◇ */
    case 0x00D7: /* × */
      return GK_MARK_NO;
    default:
      return GK_MARK_TEXT;
    }
}

/* Word turns Wingdings ■ and □ into "R" and "£"; people type 口 for □. */
static GkMark
mark_of_weak_char (gunichar c)
{
  if (c == 'R')
    return GK_MARK_YES;
  if (c == 0x00A3 || c == 0x53E3) /* £ 口 */
    return GK_MARK_NO;
  return GK_MARK_TEXT;
}

/* "（申请人）" → "申请人". */
static char *
strip_outer_parens (const char *text)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *inner = NULL;
  gsize len;

  /* A lone mark, as in most tick cells. */
  if (*text == '\0')
    return g_strdup ("");
  trimmed = gk_text_normalize (text);
  len = strlen (trimmed);

  if (g_str_has_prefix (trimmed, "（") && g_str_has_suffix (trimmed, "）") && len >= 6)
    inner = g_strndup (trimmed + 3, len - 6);
  else if (trimmed[0] == '(' && len >= 2 && trimmed[len - 1] == ')')
    inner = g_strndup (trimmed + 1, len - 2);
  else if (g_str_has_prefix (trimmed, "："))
    inner = g_strdup (trimmed + 3);
  else if (trimmed[0] == ':')
    inner = g_strdup (trimmed + 1);
  else
    return g_steal_pointer (&trimmed);

  return gk_text_normalize (inner);
}

/**
 * gk_import_parse_mark:
 * @text: a normalized cell
 * @rest: (out) (transfer full): the text after the mark, e.g. 申请人 of
 *   "√（申请人）"; the whole text for %GK_MARK_TEXT
 *
 * Returns: what the tick cell says
 */
GkMark
gk_import_parse_mark (const char  *text,
                      char       **rest)
{
  gunichar first;
  GkMark mark;

  *rest = NULL;
  if (*text == '\0' || gk_import_is_dash (text))
    return GK_MARK_EMPTY;

  first = g_utf8_get_char (text);
  mark = mark_of_char (first);
  if (mark == GK_MARK_TEXT && g_utf8_strlen (text, -1) == 1)
    mark = mark_of_weak_char (first);
  if (mark != GK_MARK_TEXT)
    {
      *rest = strip_outer_parens (g_utf8_next_char (text));
      return mark;
    }

  if (g_str_equal (text, "是") || g_str_equal (text, "有") || g_ascii_strcasecmp (text, "y") == 0
      || g_ascii_strcasecmp (text, "yes") == 0)
    return GK_MARK_YES;
  if (g_str_equal (text, "否") || g_str_equal (text, "无") || g_ascii_strcasecmp (text, "n") == 0
      || g_ascii_strcasecmp (text, "no") == 0)
    return GK_MARK_NO;

  *rest = g_strdup (text);
  return GK_MARK_TEXT;
}

static gboolean
is_list_separator (gunichar c)
{
  return is_space (c) || c == ',' || c == ';' || c == 0x3001 /* 、 */ || c == 0xFF0C
         || c == 0xFF1B || c == 0x3002 /* 。 */ || c == 0xFF1A || c == ':';
}

/* Finds the longest channel spelling at @p; returns its end or NULL. */
static const char *
match_channel (const char *p,
               GkChannel  *channel)
{
  const char *ends[MAX_CHANNEL_CHARS + 1];
  guint n = 0;
  const char *q = p;

  /* Channel names hold "/", "、" and parentheses but no other separator,
   * space or mark: stopping there keeps the lookups few. */
  for (n = 0; n < MAX_CHANNEL_CHARS && *q != '\0'; n++)
    {
      gunichar c = g_utf8_get_char (q);

      if ((is_list_separator (c) && c != 0x3001) || mark_of_char (c) != GK_MARK_TEXT)
        break;
      q = g_utf8_next_char (q);
      ends[n] = q;
    }
  while (n > 0)
    {
      g_autofree char *candidate = g_strndup (p, (gsize) (ends[n - 1] - p));
      GkChannel found;

      if (gk_channel_lookup (candidate, &found) && found != GK_CHANNEL_OTHER)
        {
          *channel = found;
          return ends[n - 1];
        }
      n--;
    }
  return NULL;
}

/* After 其他: "（text）" up to the matching parenthesis, or "：text" up to
 * the end of the line. Returns the position after it. */
static const char *
read_other_text (const char  *p,
                 char       **text)
{
  GString *out = g_string_new (NULL);
  int depth = 0;

  while (*p == ' ' || *p == '\t')
    p++;
  if (g_str_has_prefix (p, "（") || *p == '(')
    {
      for (; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c == 0xFF08 || c == '(')
            depth++;
          else if (c == 0xFF09 || c == ')')
            depth--;
          if (depth == 0)
            {
              p = g_utf8_next_char (p);
              break;
            }
          if (depth > 1 || (c != 0xFF08 && c != '('))
            g_string_append_unichar (out, c);
        }
    }
  else
    {
      if (g_str_has_prefix (p, "："))
        p += 3;
      else if (*p == ':')
        p++;
      for (; *p != '\0' && *p != '\n' && mark_of_char (g_utf8_get_char (p)) == GK_MARK_TEXT;
           p = g_utf8_next_char (p))
        g_string_append_unichar (out, g_utf8_get_char (p));
    }

  *text = gk_text_normalize (out->str);
  g_string_free (out, TRUE);
  /* The template's own prompt is no text. */
  if (g_str_has_prefix (*text, "需写明") || g_str_has_prefix (*text, "需注明"))
    {
      g_free (*text);
      *text = g_strdup ("");
    }
  return p;
}

static void
add_other (GkChannelCell *cell,
           const char    *text)
{
  char *old;

  if (*text == '\0')
    return;
  if (cell->other == NULL || *cell->other == '\0')
    {
      g_free (cell->other);
      cell->other = g_strdup (text);
      return;
    }
  old = cell->other;
  cell->other = g_strconcat (old, "、", text, NULL);
  g_free (old);
}

/* Text naming no channel: up to the next separator or mark. */
static const char *
read_unknown (GkChannelCell *cell,
              const char    *p,
              GkMark         mark)
{
  const char *start = p;
  g_autofree char *token = NULL;

  while (*p != '\0' && !is_list_separator (g_utf8_get_char (p))
         && mark_of_char (g_utf8_get_char (p)) == GK_MARK_TEXT)
    p = g_utf8_next_char (p);
  if (p == start)
    return g_utf8_next_char (p);

  token = g_strndup (start, (gsize) (p - start));
  /* The template's legend "■表示必选项，□表示可选项" is not data. */
  if (mark != GK_MARK_NO && !g_str_has_prefix (token, "表示")
      && !g_str_has_suffix (token, "表示可选项") && !g_str_has_suffix (token, "表示必选项"))
    g_ptr_array_add (cell->unknown, g_steal_pointer (&token));
  return p;
}

static const char *
read_channel_token (GkChannelCell *cell,
                    const char    *p,
                    GkMark        *mark)
{
  GkChannel channel;
  const char *end;

  if (g_str_has_prefix (p, "其他") || g_str_has_prefix (p, "其它"))
    {
      g_autofree char *text = NULL;

      end = read_other_text (p + strlen ("其他"), &text);
      if (*mark != GK_MARK_NO || *text != '\0')
        cell->channels |= 1u << GK_CHANNEL_OTHER;
      if (*mark == GK_MARK_NO && *text != '\0')
        cell->other_unmarked = TRUE;
      add_other (cell, text);
    }
  else if ((end = match_channel (p, &channel)) != NULL)
    {
      if (*mark != GK_MARK_NO)
        cell->channels |= 1u << channel;
    }
  else
    end = read_unknown (cell, p, *mark);

  *mark = GK_MARK_EMPTY;
  return end;
}

/**
 * gk_import_parse_channels:
 * @text: a normalized channel cell
 * @cell: (out caller-allocates): what it says; clear it with
 *   gk_channel_cell_clear()
 *
 * Reads both kinds of channel cells: all 13 channels each after ■ or □
 * (also R/£, 口, ◆, ▲), or the chosen channels joined by 、，; or line
 * breaks, with 其他 as "其他（text）" or "其他：text".
 */
void
gk_import_parse_channels (const char    *text,
                          GkChannelCell *cell)
{
  GkMark mark = GK_MARK_EMPTY;
  const char *p = text;

  memset (cell, 0, sizeof *cell);
  cell->unknown = g_ptr_array_new_with_free_func (g_free);

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      GkMark here = mark_of_char (c);
      GkChannel ignored;

      if (here == GK_MARK_TEXT && mark_of_weak_char (c) != GK_MARK_TEXT)
        {
          const char *next = g_utf8_next_char (p);

          while (*next == ' ')
            next++;
          if (match_channel (next, &ignored) != NULL || g_str_has_prefix (next, "其他")
              || g_str_has_prefix (next, "其它"))
            here = mark_of_weak_char (c);
        }

      if (here != GK_MARK_TEXT)
        {
          mark = here;
          p = g_utf8_next_char (p);
        }
      else if (is_list_separator (c))
        p = g_utf8_next_char (p);
      else
        p = read_channel_token (cell, p, &mark);
    }

  for (guint i = 0; i < cell->unknown->len; i++)
    {
      cell->channels |= 1u << GK_CHANNEL_OTHER;
      add_other (cell, g_ptr_array_index (cell->unknown, i));
    }
  if (cell->other == NULL)
    cell->other = g_strdup ("");
}

/**
 * gk_channel_cell_clear:
 * @cell: a parsed channel cell
 */
void
gk_channel_cell_clear (GkChannelCell *cell)
{
  g_clear_pointer (&cell->other, g_free);
  g_clear_pointer (&cell->unknown, g_ptr_array_unref);
}

/* "01国土空间规划", "国土空间规划（01）", "社会救助领域". */
static const GkDomain *
parse_domain_loosely (const char *text)
{
  g_autofree char *stripped = gk_import_strip_parens (text);
  const char *p = text;
  const GkDomain *domain;

  if (!g_str_equal (stripped, text) && (domain = gk_domain_lookup (stripped)) != NULL)
    return domain;
  while (g_ascii_isdigit (*p))
    p++;
  if (p != text)
    {
      g_autofree char *digits = g_strndup (text, (gsize) (p - text));

      while (*p == '.' || *p == '-' || *p == ' ' || g_str_has_prefix (p, "、"))
        p += *p == '.' || *p == '-' || *p == ' ' ? 1 : strlen ("、");
      if ((domain = gk_domain_lookup (p)) != NULL || (domain = gk_domain_lookup (digits)) != NULL)
        return domain;
    }
  if (g_str_has_suffix (text, "领域"))
    {
      g_autofree char *name = g_strndup (text, strlen (text) - strlen ("领域"));

      return gk_domain_lookup (name);
    }
  return NULL;
}

/**
 * gk_import_parse_domain:
 * @text: a normalized cell or sheet name
 *
 * Returns: (transfer none) (nullable): the domain @text names, also as
 *   "01国土空间规划", "国土空间规划（01）" or "社会救助领域"
 */
const GkDomain *
gk_import_parse_domain (const char *text)
{
  g_autofree char *squeezed = gk_import_squeeze (text);
  const GkDomain *domain;

  if (*squeezed == '\0')
    return NULL;
  domain = gk_domain_lookup (squeezed);
  return domain != NULL ? domain : parse_domain_loosely (squeezed);
}

static void
consider (const char      *text,
          const char      *name,
          const GkDomain  *domain,
          const GkDomain **best,
          gsize           *best_len,
          const char     **best_at,
          gboolean        *best_before_field)
{
  gsize len = strlen (name);
  const char *at = len > 0 ? strstr (text, name) : NULL;
  gboolean before_field;

  if (at == NULL)
    return;
  before_field = g_str_has_prefix (at + len, "领域");
  if ((before_field && !*best_before_field)
      || (before_field == *best_before_field && len > *best_len))
    {
      *best = domain;
      *best_len = len;
      *best_at = at;
      *best_before_field = before_field;
    }
}

/**
 * gk_import_find_domain:
 * @text: a title such as "某某县社会救助领域基层政务公开标准目录"
 * @prefix: (out) (optional) (transfer full): the text before the domain's
 *   name, e.g. the unit "某某县"
 *
 * Finds the domain a title names: a name or alias right before "领域" wins,
 * then the longest one anywhere.
 *
 * Returns: (transfer none) (nullable): the domain
 */
const GkDomain *
gk_import_find_domain (const char  *text,
                       char       **prefix)
{
  g_autofree char *squeezed = gk_import_squeeze (text);
  const GkDomain *best = NULL;
  const char *best_at = NULL;
  gsize best_len = 0;
  gboolean best_before_field = FALSE;

  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      const GkDomain *domain = gk_domain_get_nth (i);
      g_auto(GStrv) aliases = g_strsplit (domain->aliases, ";", -1);

      consider (squeezed, domain->name, domain, &best, &best_len, &best_at, &best_before_field);
      for (guint j = 0; aliases[j] != NULL; j++)
        consider (squeezed, aliases[j], domain, &best, &best_len, &best_at, &best_before_field);
    }
  if (prefix != NULL)
    *prefix = best != NULL ? g_strndup (squeezed, (gsize) (best_at - squeezed)) : NULL;
  return best;
}

/**
 * gk_import_is_level_name:
 * @text: squeezed header text
 *
 * Returns: whether @text looks like a 公开层级 column: 县级, 乡、村级, 镇街级
 */
gboolean
gk_import_is_level_name (const char *text)
{
  static const char allowed[] = "省市州盟县区旗乡镇街道村居社区本苏木、/（）()";
  glong n = g_utf8_strlen (text, -1);

  if (n < 2 || n > 6 || !g_str_has_suffix (text, "级"))
    return FALSE;
  for (const char *p = text; *p != '\0' && !g_str_equal (p, "级"); p = g_utf8_next_char (p))
    {
      char one[8] = { 0 };

      memcpy (one, p, (gsize) (g_utf8_next_char (p) - p));
      if (strstr (allowed, one) == NULL)
        return FALSE;
    }
  return TRUE;
}

/**
 * gk_import_split_levels:
 * @text: a normalized cell such as "县级、乡级" or "县级、乡、村级"
 * @unknown: (element-type utf8): where pieces that name no level go
 *
 * Returns: (transfer full): the level names
 */
GStrv
gk_import_split_levels (const char *text,
                        GPtrArray  *unknown)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_regex_split_simple ("[,，;；/\\s]+", text, 0, 0);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) pieces = g_strsplit (parts[i], "、", -1);
      g_autoptr(GString) name = g_string_new (NULL);

      for (guint j = 0; pieces[j] != NULL; j++)
        {
          if (name->len > 0)
            g_string_append (name, "、");
          g_string_append (name, pieces[j]);
          if (gk_import_is_level_name (name->str))
            {
              g_strv_builder_add (builder, name->str);
              g_string_truncate (name, 0);
            }
        }
      if (name->len > 0)
        g_ptr_array_add (unknown, g_strdup (name->str));
    }
  return g_strv_builder_end (builder);
}
