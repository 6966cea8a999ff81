/* gk-import-csv.c: reading CSV (RFC 4180) into the grid model
 *
 * Spreadsheets on Chinese Windows save CSV in GB18030 (GBK) without a byte
 * order mark; anything that is not valid UTF-8 is read as GB18030. A file
 * that mixes the two (rows pasted from another file) is refused with the
 * line where the encoding changes: read as one, it would import the other
 * as wrong characters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-csv-private.h"
#include "gk-import-sheet.h"

/* The line of @offset, counted as the parser counts them: lines end in
 * LF, CR LF or a lone CR, in UTF-8 and GB18030 alike. */
static guint
line_of (const char *data,
         gsize       length,
         gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == length || data[i + 1] != '\n')))
        line++;
    }
  return line;
}

static gsize
line_start (const char *data,
            gsize       offset)
{
  while (offset > 0 && data[offset - 1] != '\n' && data[offset - 1] != '\r')
    offset--;
  return offset;
}

/* Whether @data has a byte of 0x80 or more (@wide: 0xE0 or more, which
 * in valid UTF-8 starts a character of three bytes or more: CJK). */
static gboolean
has_high_byte (const char *data,
               gsize       length,
               gboolean    wide)
{
  for (gsize i = 0; i < length; i++)
    {
      if ((guchar) data[i] >= (wide ? 0xE0 : 0x80))
        return TRUE;
    }
  return FALSE;
}

/* The first line from @from on that is UTF-8 beyond doubt: valid, with
 * CJK characters. GBK text is next to never that, but UTF-8 text often
 * passes for GB18030, as other characters. Returns -1 if there is none. */
static gssize
find_utf8_line (const char *data,
                gsize       length,
                gsize       from)
{
  for (gsize start = from, end; start < length; start = end + 1)
    {
      for (end = start; end < length && data[end] != '\n' && data[end] != '\r'; end++)
        ;
      if (has_high_byte (data + start, end - start, TRUE)
          && g_utf8_validate_len (data + start, end - start, NULL))
        return (gssize) start;
    }
  return -1;
}

/* @mixed: whether the lines before @offset were in one encoding, and the
 * line of @offset is not. */
static char *
encoding_error (const char  *data,
                gsize        length,
                gsize        offset,
                gboolean     mixed,
                GError     **error)
{
  guint line = line_of (data, length, offset);

  if (mixed)
    g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_ENCODING,
                 _("Line %u of the CSV file is not in the text encoding of the lines before "
                   "it: the file mixes UTF-8 and GBK. Save the table as “CSV UTF-8” from "
                   "Excel or WPS and import that file."), line);
  else
    g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_ENCODING,
                 _("Line %u of the CSV file is neither UTF-8 nor GB18030 (GBK) text. Save "
                   "the table as “CSV UTF-8” from Excel or WPS and import that file."), line);
  return NULL;
}

/* "Unicode text" from Excel. */
static char *
decode_utf16 (const char  *data,
              gsize        length,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize written = 0;
  char *text = g_convert (data + 2, (gssize) length - 2, "UTF-8",
                          data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", NULL, &written,
                          &local_error);

  if (text == NULL || strlen (text) != written)
    {
      g_free (text);
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_ENCODING,
                   _("The CSV file is neither UTF-8 nor GB18030 (GBK) text."));
      return NULL;
    }
  return text;
}

/* Text that is not UTF-8 from @bad on: GB18030, unless UTF-8 lines come
 * before or after the GBK ones, as when rows were pasted from another
 * file. */
static char *
decode_gb18030 (const char  *data,
                gsize        length,
                gsize        bad,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize read = 0;
  gssize utf8_line;

  if (has_high_byte (data, line_start (data, bad), TRUE))
    return encoding_error (data, length, bad, TRUE, error);

  text = g_convert (data, (gssize) length, "UTF-8", "GB18030", &read, NULL, &local_error);
  if (text == NULL)
    return encoding_error (data, length, read,
                           has_high_byte (data, line_start (data, read), FALSE), error);

  utf8_line = find_utf8_line (data, length, line_start (data, bad));
  if (utf8_line >= 0)
    return encoding_error (data, length, (gsize) utf8_line, TRUE, error);
  return g_steal_pointer (&text);
}

/* Returns the text as UTF-8 without a byte order mark. */
static char *
decode (const char  *data,
        gsize        length,
        GError     **error)
{
  gboolean bom = length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0;
  const char *nul;
  const char *end;

  if (!bom && length >= 2
      && (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0))
    return decode_utf16 (data, length, error);
  if (bom)
    {
      data += 3;
      length -= 3;
    }

  nul = memchr (data, '\0', length);
  if (nul != NULL)
    return encoding_error (data, length, (gsize) (nul - data), FALSE, error);
  if (g_utf8_validate_len (data, length, &end))
    return g_strndup (data, length);
  /* With its byte order mark the file is UTF-8 beyond doubt. */
  if (bom)
    return encoding_error (data, length, (gsize) (end - data), TRUE, error);
  return decode_gb18030 (data, length, (gsize) (end - data), error);
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

/* Cells are capped as in XLSX files, quoted or not: one of 250 MB once
 * took 1 GB of memory. */
static gboolean
append_char (Parser      *parser,
             char         c,
             guint        line,
             GError     **error)
{
  if (parser->field->len == GK_SHEET_MAX_CELL_BYTES)
    {
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE,
                   _("Line %u of the CSV file has a cell longer than %u KiB."), line,
                   GK_SHEET_MAX_CELL_BYTES / 1024);
      return FALSE;
    }
  g_string_append_c (parser->field, c);
  return TRUE;
}

/* Reads a quoted field from just after its opening quote; returns the
 * position after the closing quote, or NULL if the cell is too long or
 * the file ends first. */
static const char *
read_quoted (Parser      *parser,
             const char  *p,
             GError     **error)
{
  guint line = parser->line;

  for (; *p != '\0'; p++)
    {
      if (*p == '"' && p[1] != '"')
        return p + 1;
      if (*p == '"')
        p++;
      else if (*p == '\n')
        parser->line++;
      if (!append_char (parser, *p, line, error))
        return NULL;
    }

  g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_CORRUPT,
               _("The CSV file is damaged: the quoted field that starts on line %u does not "
                 "end."), line);
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
          p = read_quoted (parser, p + 1, error);
          if (p == NULL)
            return FALSE;
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
      else if (!append_char (parser, *p, parser->line, error))
        return FALSE;
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
