/* gk-sheet-csv.c: reading CSV (RFC 4180) into the grid model
 *
 * Spreadsheets on Chinese Windows save CSV in GB18030 (GBK) without a byte
 * order mark; anything that is not valid UTF-8 is read as GB18030.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-csv-private.h"
#include "gk-sheet.h"

/* Returns the text as UTF-8 without a byte order mark. */
static char *
decode (const char  *data,
        gsize        length,
        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *text = NULL;
  gsize written = 0;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  else if (length >= 2 && (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0))
    {
      /* "Unicode text" from Excel. */
      text = g_convert (data + 2, (gssize) length - 2, "UTF-8",
                        data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", NULL, &written,
                        &local_error);
    }

  if (text == NULL && local_error == NULL)
    {
      if (g_utf8_validate_len (data, length, NULL))
        return g_strndup (data, length);
      text = g_convert (data, (gssize) length, "UTF-8", "GB18030", NULL, &written, &local_error);
    }

  if (text == NULL || strlen (text) != written)
    {
      g_free (text);
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_ENCODING,
                   _("The CSV file is neither UTF-8 nor GB18030 (GBK) text."));
      return NULL;
    }
  return text;
}

/* Tab-separated text (pasted from a spreadsheet) has tabs but no commas
 * in its first line. */
static char
sniff_separator (const char *text)
{
  const char *end = strchr (text, '\n');
  gsize len = end != NULL ? (gsize) (end - text) : strlen (text);

  if (memchr (text, '\t', len) != NULL && memchr (text, ',', len) == NULL)
    return '\t';
  return ',';
}

typedef struct
{
  GkSheet *sheet;
  GString *field;
  guint    row;
  guint    column;
  guint    line;
} Parser;

/* The ' our CSV export puts before a text that would be a formula is no
 * part of the text (gk-csv-private.h). */
static gboolean
end_field (Parser  *parser,
           GError **error)
{
  const char *text = parser->field->str;
  gboolean ok;

  if (*text == '\'' && gk_csv_needs_guard (text + 1))
    text++;
  ok = gk_sheet_set_cell (parser->sheet, parser->row, parser->column, text, error);

  g_string_truncate (parser->field, 0);
  parser->column++;
  return ok;
}

static gboolean
end_record (Parser  *parser,
            GError **error)
{
  if (!end_field (parser, error))
    return FALSE;
  parser->row++;
  parser->column = 0;
  return TRUE;
}

/* Reads a quoted field from just after its opening quote; returns the
 * position after the closing quote, or NULL if the file ends first. */
static const char *
read_quoted (Parser     *parser,
             const char *p)
{
  for (; *p != '\0'; p++)
    {
      if (*p == '"' && p[1] == '"')
        {
          g_string_append_c (parser->field, '"');
          p++;
        }
      else if (*p == '"')
        return p + 1;
      else
        {
          if (*p == '\n')
            parser->line++;
          g_string_append_c (parser->field, *p);
        }
      if (parser->field->len > GK_SHEET_MAX_CELL_BYTES)
        return NULL;
    }
  return NULL;
}

static gboolean
parse (Parser      *parser,
       const char  *text,
       char         separator,
       GError     **error)
{
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"' && parser->field->len == 0)
        {
          guint line = parser->line;

          p = read_quoted (parser, p + 1);
          if (p == NULL)
            {
              g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_CORRUPT,
                           _("The CSV file is damaged: the quoted field that starts on "
                             "line %u does not end."), line);
              return FALSE;
            }
          continue;
        }
      if (*p == separator)
        {
          if (!end_field (parser, error))
            return FALSE;
        }
      else if (*p == '\r' || *p == '\n')
        {
          if (*p == '\r' && p[1] == '\n')
            p++;
          parser->line++;
          if (!end_record (parser, error))
            return FALSE;
        }
      else
        g_string_append_c (parser->field, *p);
      p++;
    }

  /* A last record without a final line break. */
  if (parser->column > 0 || parser->field->len > 0)
    return end_record (parser, error);
  return TRUE;
}

/**
 * gk_workbook_new_from_csv:
 * @data: the content of a CSV file
 * @length: its length
 * @sheet_name: (nullable): the name of the one sheet, usually the file's
 *   name without extension
 * @error: return location for a #GError
 *
 * Reads comma-separated values as in RFC 4180 (tab-separated text too),
 * in UTF-8 with or without byte order mark, or in GB18030. The ' that
 * gk_export_csv() puts before a text that would be a formula is removed.
 *
 * Returns: (transfer full) (nullable): a workbook with one sheet
 */
GkWorkbook *
gk_workbook_new_from_csv (const char  *data,
                          gsize        length,
                          const char  *sheet_name,
                          GError     **error)
{
  g_autoptr(GkWorkbook) workbook = NULL;
  g_autofree char *text = NULL;
  Parser parser = { NULL, NULL, 0, 0, 1 };
  gboolean ok;

  if (length > GK_SHEET_MAX_BYTES)
    {
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE,
                   _("The file is too large to import (more than %u MiB)."),
                   GK_SHEET_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  text = decode (data, length, error);
  if (text == NULL)
    return NULL;

  workbook = gk_workbook_new ();
  parser.sheet = gk_workbook_add_sheet (workbook, sheet_name);
  parser.field = g_string_new (NULL);
  ok = parse (&parser, text, sniff_separator (text), error);
  g_string_free (parser.field, TRUE);

  return ok ? g_steal_pointer (&workbook) : NULL;
}
