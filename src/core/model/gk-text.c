/* gk-text.c: how catalog texts are normalized and kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-item.h"
#include "gk-text-private.h"

/* White space and invisible characters pasted from office documents. */
static gboolean
is_trimmable (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x200B || c == 0xFEFF || c == 0x00A0;
}

/* Whether @c is one NFC leaves alone and that never combines with its
 * neighbours: Latin-1, CJK ideographs and the punctuation of Chinese text
 * (ASCII is checked by the caller). Lets almost all text skip
 * g_utf8_normalize(). */
static inline gboolean
is_surely_nfc_char (gunichar c)
{
  return (c >= 0x00A0 && c <= 0x00FF)
         || (c >= 0x2010 && c <= 0x2027)
         || (c >= 0x3000 && c <= 0x3029)
         || (c >= 0x3030 && c <= 0x303F)
         || (c >= 0x3400 && c <= 0x4DBF)
         || (c >= 0x4E00 && c <= 0x9FFF)
         || (c >= 0xFF01 && c <= 0xFF5E);
}

/* The character at @p, a one- to three-byte sequence that
 * gk_text_is_normalized() has checked. */
static inline gunichar
decode_checked (const guchar *p)
{
  if (p[0] < 0x80)
    return p[0];
  if (p[0] < 0xE0)
    return ((gunichar) (p[0] & 0x1F) << 6) | (p[1] & 0x3F);
  return ((gunichar) (p[0] & 0x0F) << 12) | ((gunichar) (p[1] & 0x3F) << 6) | (p[2] & 0x3F);
}

/* Whether @text is already what gk_text_normalize_slow() makes of it, found
 * in one pass without copying: only ASCII and is_surely_nfc_char()
 * characters (whose two- and three-byte forms are decoded here; any other
 * byte sequence, valid or not, takes the slow path, so this never accepts
 * invalid UTF-8), no CR LF,
 * nothing to trim at either end. Text saved by Gongkai, and nearly all text
 * typed or pasted, passes: loading a catalog is then a copy per text. Sets
 * @len to the length of @text. */
gboolean
gk_text_is_normalized (const char *text,
                       gsize      *len)
{
  const guchar *p = (const guchar *) text;
  const guchar *last = p;

  while (*p != '\0')
    {
      last = p;
      /* Most text first: CJK ideographs (E5…E9 lead U+5000…U+9FFF), then
       * printable ASCII, which holds no CR. */
      if (*p >= 0xE5 && *p <= 0xE9 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80)
        {
          p += 3;
          continue;
        }
      if (*p >= 0x20 && *p < 0x80)
        {
          p++;
          continue;
        }
      if (*p < 0x80)
        {
          if (*p == '\r' && p[1] == '\n')
            return FALSE;
          p++;
        }
      else if ((*p & 0xF0) == 0xE0)
        {
          if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return FALSE;
          /* E5…E9 lead U+5000…U+9FFF, all CJK ideographs: most of the text.
           * Overlong forms and surrogates decode outside every range. */
          if ((*p < 0xE5 || *p > 0xE9) && !is_surely_nfc_char (decode_checked (p)))
            return FALSE;
          p += 3;
        }
      else if ((*p & 0xE0) == 0xC0)
        {
          if ((p[1] & 0xC0) != 0x80 || !is_surely_nfc_char (decode_checked (p)))
            return FALSE;
          p += 2;
        }
      else
        return FALSE;
    }

  *len = (gsize) (p - (const guchar *) text);
  return *len == 0
         || (!is_trimmable (decode_checked ((const guchar *) text))
             && !is_trimmable (decode_checked (last)));
}

/* Every step of gk_text_normalize(), for text gk_text_is_normalized() refused. */
char *
gk_text_normalize_slow (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfc = NULL;
  const char *start;
  const char *end;
  GString *out;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  text = nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  if (text == NULL)
    return g_strdup ("");

  start = text;
  while (*start != '\0' && is_trimmable (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!is_trimmable (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  out = g_string_sized_new ((gsize) (end - start));
  while (start < end)
    {
      const char *cr = memchr (start, '\r', (gsize) (end - start));
      const char *stop = cr != NULL ? cr : end;

      g_string_append_len (out, start, stop - start);
      if (cr == NULL)
        break;
      /* CR LF becomes LF; a lone CR stays. */
      if (cr + 1 >= end || cr[1] != '\n')
        g_string_append_c (out, '\r');
      start = cr + 1;
    }

  return g_string_free (out, FALSE);
}

/**
 * gk_text_normalize:
 * @text: (nullable): any text, even invalid UTF-8
 *
 * Normalizes text the way catalogs store it: valid UTF-8 (invalid bytes
 * become U+FFFD), NFC, CR LF as LF, white space trimmed at both ends.
 *
 * Returns: (transfer full) (not nullable): the normalized text
 */
char *
gk_text_normalize (const char *text)
{
  gsize len;

  if (text == NULL)
    return g_strdup ("");
  if (gk_text_is_normalized (text, &len))
    return g_memdup2 (text, len + 1);

  return gk_text_normalize_slow (text);
}

/**
 * gk_text_split_levels:
 * @text: a list of levels as typed, "县级,乡级"
 *
 * Splits a level list on "," and "，" ("、" is part of names like
 * "乡、村级") into normalized names, leaving out empty ones.
 *
 * Returns: (transfer full): the names, an empty list when there are none
 */
GStrv
gk_text_split_levels (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_regex_split_simple ("[,，]", text, 0, 0);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *level = gk_text_normalize (parts[i]);

      if (*level != '\0')
        g_strv_builder_add (builder, level);
    }

  return g_strv_builder_end (builder);
}

/**
 * gk_text_check_cell:
 * @text: a normalized text
 *
 * Tells whether @text fits in a cell of a spreadsheet: the XLSX format is
 * XML, where U+FFFE and U+FFFF cannot be written at all, and Excel and WPS
 * hold at most %GK_TEXT_MAX_CELL_CHARS characters in a cell. Cheap enough
 * for every keystroke: most texts are decided by their byte length.
 *
 * Returns: what keeps @text out of a cell, or %GK_CELL_TEXT_OK
 */
GkCellText
gk_text_check_cell (const char *text)
{
  gsize bytes = strlen (text);

  /* U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8. */
  for (const char *p = memchr (text, 0xef, bytes); p != NULL;
       p = memchr (p + 1, 0xef, bytes - (gsize) (p + 1 - text)))
    {
      if ((guchar) p[1] == 0xbf && ((guchar) p[2] == 0xbe || (guchar) p[2] == 0xbf))
        return GK_CELL_TEXT_NONCHARACTER;
    }
  if (bytes > GK_TEXT_MAX_CELL_CHARS
      && g_utf8_strlen (text, (gssize) bytes) > GK_TEXT_MAX_CELL_CHARS)
    return GK_CELL_TEXT_TOO_LONG;

  return GK_CELL_TEXT_OK;
}

/*
 * How texts are kept. Many items share a responsible body, a legal basis, a
 * time limit… (docs/DESIGN.md, the model), so those fields hold shared texts: one copy per
 * distinct text, whatever the number of items, which also makes loading a
 * catalog cheaper. Unique texts (names, content, notes) are plain
 * allocations; the domain points into the static domain table; every empty
 * text is the same static "". Texts are never changed in place.
 *
 * Shared texts are counted under one lock rather than with GRefString:
 * GLib 2.74's g_ref_string_release() drops the count before it takes the
 * intern table's lock, so a g_ref_string_new_intern() of the same text on
 * another thread (the store's worker loads items while the main thread
 * edits) can return a string that is being freed.
 */
typedef struct
{
  guint refs;   /* under shared_lock */
  char  text[];
} SharedText;

static GMutex shared_lock;
static GHashTable *shared_texts;   /* the texts of the SharedTexts, a set */

static SharedText *
shared_of (char *text)
{
  return (SharedText *) (text - G_STRUCT_OFFSET (SharedText, text));
}

/* g_str_hash() takes five instructions a byte, and loading a catalog looks
 * up every shared text; this reads eight bytes at a time (FNV-1a over
 * words, with a final mix so that all bits count). */
static guint
text_hash (gconstpointer key)
{
  const char *text = key;
  gsize len = strlen (text);
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325) ^ len;
  guint64 word;

  for (; len >= 8; text += 8, len -= 8)
    {
      memcpy (&word, text, 8);
      hash = (hash ^ word) * G_GUINT64_CONSTANT (0x100000001b3);
    }
  word = 0;
  memcpy (&word, text, len);
  hash = (hash ^ word) * G_GUINT64_CONSTANT (0x100000001b3);
  hash ^= hash >> 29;
  hash *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  hash ^= hash >> 32;

  return (guint) hash;
}

/* A reference to the shared copy of @text, of @len bytes. */
char *
gk_shared_text_new (const char *text,
                    gsize       len)
{
  SharedText *shared;
  char *found;

  g_mutex_lock (&shared_lock);
  if (G_UNLIKELY (shared_texts == NULL))
    shared_texts = g_hash_table_new (text_hash, g_str_equal);
  found = g_hash_table_lookup (shared_texts, text);
  if (found != NULL)
    {
      shared_of (found)->refs++;
      g_mutex_unlock (&shared_lock);
      return found;
    }

  shared = g_malloc (sizeof (SharedText) + len + 1);
  shared->refs = 1;
  memcpy (shared->text, text, len + 1);
  g_hash_table_add (shared_texts, shared->text);
  g_mutex_unlock (&shared_lock);

  return shared->text;
}

char *
gk_shared_text_acquire (char *text)
{
  g_mutex_lock (&shared_lock);
  shared_of (text)->refs++;
  g_mutex_unlock (&shared_lock);

  return text;
}

void
gk_shared_text_release (char *text)
{
  SharedText *shared = shared_of (text);

  g_mutex_lock (&shared_lock);
  if (--shared->refs == 0)
    {
      g_hash_table_remove (shared_texts, text);
      g_free (shared);
    }
  g_mutex_unlock (&shared_lock);
}
