/* gk-sheet-xlsx.c: reading the cells of an XLSX workbook
 *
 * libarchive opens the zip container and libxml2's streaming reader parses
 * the parts, without network access, DTDs or entity substitution. Every size
 * is capped so that a hostile file fails with an error instead of eating
 * the machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <archive.h>
#include <archive_entry.h>
#include <libxml/xmlreader.h>
#include <glib/gi18n-lib.h>

#include "gk-sheet.h"

#define MAX_ENTRIES 10000

typedef struct
{
  GHashTable *parts;   /* zip entry name → GBytes, only .xml and .rels */
  GPtrArray  *strings; /* shared strings, GRefString */
} Book;

typedef struct
{
  char *message;
  int   line;
} XmlError;

static void
book_clear (Book *book)
{
  g_clear_pointer (&book->parts, g_hash_table_unref);
  g_clear_pointer (&book->strings, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Book, book_clear)

static void
set_damaged (GError     **error,
             const char  *detail)
{
  g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_CORRUPT,
               _("The XLSX file is damaged: %s."), detail);
}

static void
set_too_large (GError **error)
{
  g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE,
               _("The XLSX file is too large: it unpacks to more than %u MiB."),
               GK_SHEET_MAX_BYTES / (1024 * 1024));
}

static gboolean
wanted_entry (const char *name)
{
  return g_str_has_suffix (name, ".xml") || g_str_has_suffix (name, ".rels");
}

static GBytes *
read_entry (struct archive *archive,
            gint64          size_hint,
            gsize          *total,
            GError        **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  guint8 chunk[16384];

  if (size_hint > (gint64) (GK_SHEET_MAX_BYTES - *total))
    {
      set_too_large (error);
      return NULL;
    }
  for (;;)
    {
      la_ssize_t n = archive_read_data (archive, chunk, sizeof chunk);

      if (n == 0)
        break;
      if (n < 0)
        {
          set_damaged (error, archive_error_string (archive) != NULL
                              ? archive_error_string (archive) : "zip");
          return NULL;
        }
      if ((gsize) n > GK_SHEET_MAX_BYTES - *total)
        {
          set_too_large (error);
          return NULL;
        }
      *total += (gsize) n;
      g_byte_array_append (buffer, chunk, (guint) n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/* Loads the XML parts of the zip; skips the rest (images) unread. */
static gboolean
read_zip (const guint8  *data,
          gsize          length,
          GHashTable    *parts,
          GError       **error)
{
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  gsize total = 0;
  guint n_entries = 0;
  gboolean ok = FALSE;
  int status;

  archive_read_support_format_zip_seekable (archive);
  if (archive_read_open_memory (archive, data, length) != ARCHIVE_OK)
    {
      set_damaged (error, _("it is not a complete zip archive"));
      goto out;
    }

  while ((status = archive_read_next_header (archive, &entry)) != ARCHIVE_EOF)
    {
      const char *path;
      GBytes *bytes;

      if (status < ARCHIVE_WARN || ++n_entries > MAX_ENTRIES)
        {
          set_damaged (error, n_entries > MAX_ENTRIES ? _("too many parts")
                       : _("it is not a complete zip archive"));
          goto out;
        }
      path = archive_entry_pathname (entry);
      if (path == NULL || !wanted_entry (path) || archive_entry_filetype (entry) != AE_IFREG)
        continue;
      if (archive_entry_is_encrypted (entry))
        {
          g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_FORMAT,
                       _("The XLSX file is protected with a password."));
          goto out;
        }
      bytes = read_entry (archive, archive_entry_size_is_set (entry)
                                   ? archive_entry_size (entry) : 0, &total, error);
      if (bytes == NULL)
        goto out;
      g_hash_table_replace (parts, g_strdelimit (g_strdup (path), "\\", '/'), bytes);
    }
  ok = TRUE;

out:
  archive_read_free (archive);
  return ok;
}

static void
xml_error_cb (void                   *arg,
              const char             *msg,
              xmlParserSeverities     severity,
              xmlTextReaderLocatorPtr locator)
{
  XmlError *xml_error = arg;

  if (xml_error->message != NULL)
    return;
  xml_error->message = g_strstrip (g_strdelimit (g_utf8_make_valid (msg, -1), "\n", ' '));
  xml_error->line = xmlTextReaderLocatorLineNumber (locator);
}

static xmlTextReaderPtr
open_reader (GBytes   *bytes,
             XmlError *xml_error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  xmlTextReaderPtr reader;

  if (size > G_MAXINT)
    return NULL;
  /* No XML_PARSE_NOENT, DTDLOAD or HUGE: entities stay unexpanded, nothing
   * is fetched, and libxml2's own size limits apply. */
  reader = xmlReaderForMemory (data, (int) size, NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (reader != NULL)
    xmlTextReaderSetErrorHandler (reader, xml_error_cb, xml_error);
  return reader;
}

/* Reads the next node; FALSE at the end or on an error, which is set. */
static gboolean
next_node (xmlTextReaderPtr   reader,
           const char        *part,
           XmlError          *xml_error,
           gboolean          *done,
           GError           **error)
{
  int status = xmlTextReaderRead (reader);

  if (status == 1)
    {
      if (xmlTextReaderNodeType (reader) != XML_READER_TYPE_DOCUMENT_TYPE)
        return TRUE;
      /* Spreadsheet parts never have one; refusing it keeps entity tricks out. */
      g_free (xml_error->message);
      xml_error->message = g_strdup (_("a document type declaration is not allowed"));
      xml_error->line = xmlTextReaderGetParserLineNumber (reader);
    }
  else if (status == 0)
    {
      *done = TRUE;
      return FALSE;
    }

  g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_CORRUPT,
               _("The XLSX file is damaged: part “%s”, line %d: %s."), part,
               xml_error->line,
               xml_error->message != NULL ? xml_error->message : "XML");
  return FALSE;
}

static gboolean
is_element (xmlTextReaderPtr  reader,
            const char       *name)
{
  const xmlChar *local = xmlTextReaderConstLocalName (reader);

  return local != NULL && strcmp ((const char *) local, name) == 0;
}

static char *
get_attribute (xmlTextReaderPtr  reader,
               const char       *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (reader, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_utf8_make_valid ((const char *) value, -1);
  xmlFree (value);
  return copy;
}

/* The relationship id of <sheet r:id="…">, whatever the prefix. */
static char *
get_relationship_id (xmlTextReaderPtr reader)
{
  char *id = NULL;

  while (id == NULL && xmlTextReaderMoveToNextAttribute (reader) == 1)
    {
      const xmlChar *local = xmlTextReaderConstLocalName (reader);
      const xmlChar *prefix = xmlTextReaderConstPrefix (reader);

      if (prefix != NULL && local != NULL && strcmp ((const char *) local, "id") == 0)
        id = g_strdup ((const char *) xmlTextReaderConstValue (reader));
    }
  xmlTextReaderMoveToElement (reader);
  return id;
}

static gboolean
is_text_node (xmlTextReaderPtr reader)
{
  int type = xmlTextReaderNodeType (reader);

  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA
         || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE
         || type == XML_READER_TYPE_WHITESPACE;
}

static gboolean
append_text (GString          *text,
             xmlTextReaderPtr  reader,
             GError          **error)
{
  const xmlChar *value = xmlTextReaderConstValue (reader);

  if (value == NULL)
    return TRUE;
  if (text->len + strlen ((const char *) value) > GK_SHEET_MAX_CELL_BYTES)
    {
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE,
                   _("The XLSX file has a cell longer than %u KiB."),
                   GK_SHEET_MAX_CELL_BYTES / 1024);
      return FALSE;
    }
  g_string_append (text, (const char *) value);
  return TRUE;
}

/* sharedStrings.xml: <si> holds <t> or rich text runs <r><t>; the phonetic
 * guides in <rPh> are not part of the text. */
static gboolean
read_shared_strings (Book        *book,
                     const char  *part,
                     GError     **error)
{
  GBytes *bytes = g_hash_table_lookup (book->parts, part);
  XmlError xml_error = { NULL, 0 };
  xmlTextReaderPtr reader;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean in_si = FALSE, in_t = FALSE, done = FALSE;
  guint phonetic = 0;

  if (bytes == NULL)
    return TRUE;
  reader = open_reader (bytes, &xml_error);
  if (reader == NULL)
    {
      set_damaged (error, part);
      return FALSE;
    }

  while (next_node (reader, part, &xml_error, &done, error))
    {
      int type = xmlTextReaderNodeType (reader);
      gboolean empty = xmlTextReaderIsEmptyElement (reader);

      if (type == XML_READER_TYPE_ELEMENT && is_element (reader, "si"))
        {
          in_si = !empty;
          g_string_truncate (text, 0);
          if (empty)
            g_ptr_array_add (book->strings, g_ref_string_new (""));
        }
      else if (type == XML_READER_TYPE_ELEMENT && is_element (reader, "rPh") && !empty)
        phonetic++;
      else if (type == XML_READER_TYPE_END_ELEMENT && is_element (reader, "rPh") && phonetic > 0)
        phonetic--;
      else if (is_element (reader, "t"))
        in_t = type == XML_READER_TYPE_ELEMENT && !empty;
      else if (type == XML_READER_TYPE_END_ELEMENT && is_element (reader, "si") && in_si)
        {
          in_si = FALSE;
          if (book->strings->len >= GK_SHEET_MAX_CELLS)
            {
              g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE,
                           _("The file is too large: it has more than %u cells."),
                           GK_SHEET_MAX_CELLS);
              break;
            }
          g_ptr_array_add (book->strings, g_ref_string_new (text->str));
        }
      else if (in_si && in_t && phonetic == 0 && is_text_node (reader)
               && !append_text (text, reader, error))
        break;
    }
  xmlFreeTextReader (reader);
  g_free (xml_error.message);

  return done;
}

/* Resolves @target relative to the folder of @base ("xl/workbook.xml"). */
static char *
resolve_target (const char *base,
                const char *target)
{
  g_autofree char *dir = NULL;
  g_autofree char *joined = NULL;
  g_auto(GStrv) segments = NULL;
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  const char *slash;

  if (target[0] == '/')
    return g_strdup (target + 1);

  slash = strrchr (base, '/');
  dir = slash != NULL ? g_strndup (base, (gsize) (slash - base + 1)) : g_strdup ("");
  joined = g_strconcat (dir, target, NULL);
  segments = g_strsplit (joined, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (g_str_equal (segments[i], "..") && path->len > 0)
        g_ptr_array_remove_index (path, path->len - 1);
      else if (!g_str_equal (segments[i], "..") && !g_str_equal (segments[i], ".")
               && segments[i][0] != '\0')
        g_ptr_array_add (path, segments[i]);
    }
  g_ptr_array_add (path, NULL);

  return g_strjoinv ("/", (char **) path->pdata);
}

/* Reads a .rels part into id → resolved target; also returns the target of
 * the first relationship whose type ends in @type_suffix. */
static GHashTable *
read_relationships (Book        *book,
                    const char  *rels_part,
                    const char  *base,
                    const char  *type_suffix,
                    char       **typed_target,
                    GError     **error)
{
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GBytes *bytes = g_hash_table_lookup (book->parts, rels_part);
  XmlError xml_error = { NULL, 0 };
  xmlTextReaderPtr reader;
  gboolean done = FALSE;

  if (bytes == NULL)
    return g_steal_pointer (&map);
  reader = open_reader (bytes, &xml_error);
  if (reader == NULL)
    {
      set_damaged (error, rels_part);
      return NULL;
    }

  while (next_node (reader, rels_part, &xml_error, &done, error))
    {
      g_autofree char *id = NULL;
      g_autofree char *target = NULL;
      g_autofree char *type = NULL;

      if (xmlTextReaderNodeType (reader) != XML_READER_TYPE_ELEMENT
          || !is_element (reader, "Relationship"))
        continue;
      id = get_attribute (reader, "Id");
      target = get_attribute (reader, "Target");
      type = get_attribute (reader, "Type");
      if (id == NULL || target == NULL)
        continue;
      if (typed_target != NULL && *typed_target == NULL && type != NULL
          && g_str_has_suffix (type, type_suffix))
        *typed_target = resolve_target (base, target);
      g_hash_table_replace (map, g_steal_pointer (&id), resolve_target (base, target));
    }
  xmlFreeTextReader (reader);
  g_free (xml_error.message);

  return done ? g_steal_pointer (&map) : NULL;
}

/* "AB12" → column 27, row 11; FALSE if it is no cell reference. */
static gboolean
parse_reference (const char *ref,
                 guint      *row,
                 guint      *column)
{
  guint64 c = 0;
  guint64 r = 0;
  const char *p = ref;

  while (*p == '$')
    p++;
  for (; g_ascii_isalpha (*p); p++)
    {
      c = c * 26 + (guint64) (g_ascii_toupper (*p) - 'A' + 1);
      if (c > G_MAXINT)
        return FALSE;
    }
  if (p == ref || c == 0)
    return FALSE;
  if (*p == '$')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      r = r * 10 + (guint64) (*p - '0');
      if (r > G_MAXINT)
        return FALSE;
    }
  if (*p != '\0' || r == 0)
    return FALSE;

  *column = (guint) (c - 1);
  *row = (guint) (r - 1);
  return TRUE;
}

static void
read_merge (GkSheet          *sheet,
            xmlTextReaderPtr  reader)
{
  g_autofree char *ref = get_attribute (reader, "ref");
  g_auto(GStrv) ends = NULL;
  guint r0, c0, r1, c1;

  if (ref == NULL)
    return;
  ends = g_strsplit (ref, ":", 2);
  if (ends[0] == NULL || ends[1] == NULL
      || !parse_reference (ends[0], &r0, &c0) || !parse_reference (ends[1], &r1, &c1))
    return;
  gk_sheet_add_merge (sheet, MIN (r0, r1), MIN (c0, c1), MAX (r0, r1), MAX (c0, c1));
}

typedef struct
{
  guint    row;
  guint    column;
  char    *type;
  GString *text;
  gboolean in_value;  /* inside <v>, or <t> of an inline string */
  gboolean in_inline;
  guint    phonetic;
} CellState;

/* Numbers come as "2.0000000000000004": show them as a person typed them. */
static char *
format_number (const char *text)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (end == text || *end != '\0' || !isfinite (value))
    return g_strdup (text);
  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  return g_strdup (buf);
}

static gboolean
finish_cell (Book       *book,
             GkSheet    *sheet,
             CellState  *cell,
             GError    **error)
{
  g_autofree char *text = NULL;
  const char *type = cell->type != NULL ? cell->type : "n";

  if (g_str_equal (type, "s"))
    {
      char *end = NULL;
      guint64 index = g_ascii_strtoull (cell->text->str, &end, 10);

      if (cell->text->len == 0)
        return TRUE;
      if (end == cell->text->str || *end != '\0' || index >= book->strings->len)
        {
          set_damaged (error, _("a cell refers to a missing shared string"));
          return FALSE;
        }
      return gk_sheet_set_cell (sheet, cell->row, cell->column,
                                g_ptr_array_index (book->strings, index), error);
    }
  if (g_str_equal (type, "b"))
    text = g_strdup (g_str_equal (cell->text->str, "1") ? "TRUE" : "FALSE");
  else if (g_str_equal (type, "n") && cell->text->len > 0)
    text = format_number (cell->text->str);
  else
    text = g_utf8_make_valid (cell->text->str, -1);

  return gk_sheet_set_cell (sheet, cell->row, cell->column, text, error);
}

static gboolean
start_cell (xmlTextReaderPtr   reader,
            CellState         *cell,
            guint              row,
            guint              next_column,
            GError           **error)
{
  g_autofree char *ref = get_attribute (reader, "r");

  cell->row = row;
  cell->column = next_column;
  if (ref != NULL && !parse_reference (ref, &cell->row, &cell->column))
    {
      set_damaged (error, _("a cell has an invalid reference"));
      return FALSE;
    }
  g_free (cell->type);
  cell->type = get_attribute (reader, "t");
  g_string_truncate (cell->text, 0);
  cell->in_value = FALSE;
  cell->in_inline = FALSE;
  cell->phonetic = 0;
  return TRUE;
}

/* One element or text node of a worksheet; row and column advance for
 * cells without a reference. */
static gboolean
handle_sheet_node (Book             *book,
                   GkSheet          *sheet,
                   xmlTextReaderPtr  reader,
                   CellState        *cell,
                   guint            *row,
                   gboolean         *in_cell,
                   GError          **error)
{
  int type = xmlTextReaderNodeType (reader);
  gboolean empty = xmlTextReaderIsEmptyElement (reader);

  if (type == XML_READER_TYPE_ELEMENT && is_element (reader, "row"))
    {
      g_autofree char *r = get_attribute (reader, "r");
      guint64 n = r != NULL ? g_ascii_strtoull (r, NULL, 10) : 0;

      *row = n > 0 && n <= G_MAXINT ? (guint) (n - 1) : *row + 1;
      cell->column = G_MAXUINT;
    }
  else if (type == XML_READER_TYPE_ELEMENT && is_element (reader, "c"))
    {
      if (!start_cell (reader, cell, *row, cell->column + 1, error))
        return FALSE;
      *in_cell = !empty;
    }
  else if (type == XML_READER_TYPE_END_ELEMENT && is_element (reader, "c") && *in_cell)
    {
      *in_cell = FALSE;
      return finish_cell (book, sheet, cell, error);
    }
  else if (!*in_cell)
    {
      if (type == XML_READER_TYPE_ELEMENT && is_element (reader, "mergeCell"))
        read_merge (sheet, reader);
    }
  else if (is_element (reader, "is"))
    cell->in_inline = type == XML_READER_TYPE_ELEMENT && !empty;
  else if (is_element (reader, "rPh"))
    {
      if (type == XML_READER_TYPE_ELEMENT && !empty)
        cell->phonetic++;
      else if (type == XML_READER_TYPE_END_ELEMENT && cell->phonetic > 0)
        cell->phonetic--;
    }
  else if (is_element (reader, "v") || (cell->in_inline && is_element (reader, "t")))
    cell->in_value = type == XML_READER_TYPE_ELEMENT && !empty;
  else if (cell->in_value && cell->phonetic == 0 && is_text_node (reader))
    return append_text (cell->text, reader, error);

  return TRUE;
}

static gboolean
read_worksheet (Book        *book,
                GkSheet     *sheet,
                const char  *part,
                GError     **error)
{
  GBytes *bytes = g_hash_table_lookup (book->parts, part);
  XmlError xml_error = { NULL, 0 };
  CellState cell = { 0, G_MAXUINT, NULL, g_string_new (NULL), FALSE, FALSE, 0 };
  xmlTextReaderPtr reader;
  gboolean in_cell = FALSE, done = FALSE, ok = TRUE;
  guint row = G_MAXUINT;

  if (bytes == NULL)
    {
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_CORRUPT,
                   _("The XLSX file is damaged: sheet “%s” is missing."),
                   gk_sheet_get_name (sheet));
      g_string_free (cell.text, TRUE);
      return FALSE;
    }

  reader = open_reader (bytes, &xml_error);
  while (reader != NULL && ok && next_node (reader, part, &xml_error, &done, error))
    ok = handle_sheet_node (book, sheet, reader, &cell, &row, &in_cell, error);
  if (reader == NULL)
    set_damaged (error, part);
  g_clear_pointer (&reader, xmlFreeTextReader);
  g_free (xml_error.message);
  g_free (cell.type);
  g_string_free (cell.text, TRUE);

  return ok && done && gk_sheet_apply_merges (sheet, error);
}

static gboolean
add_sheet (Book             *book,
           GkWorkbook       *workbook,
           GHashTable       *relationships,
           xmlTextReaderPtr  reader,
           GPtrArray        *pending)
{
  g_autofree char *name = get_attribute (reader, "name");
  g_autofree char *state = get_attribute (reader, "state");
  g_autofree char *id = get_relationship_id (reader);
  const char *part = id != NULL ? g_hash_table_lookup (relationships, id) : NULL;
  GkSheet *sheet;

  if (gk_workbook_get_n_sheets (workbook) >= GK_SHEET_MAX_SHEETS)
    return FALSE;
  sheet = gk_workbook_add_sheet (workbook, name != NULL ? name : "");
  gk_sheet_set_hidden (sheet, state != NULL && !g_str_equal (state, "visible"));
  g_ptr_array_add (pending, g_strdup (part != NULL ? part : ""));
  return TRUE;
}

/* workbook.xml lists the sheets in their order, each pointing through the
 * workbook's relationships to its part. */
static gboolean
read_workbook (Book        *book,
               GkWorkbook  *workbook,
               const char  *part,
               GError     **error)
{
  g_autofree char *rels_part = NULL;
  g_autofree char *strings_part = NULL;
  g_autoptr(GHashTable) relationships = NULL;
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);
  GBytes *bytes = g_hash_table_lookup (book->parts, part);
  XmlError xml_error = { NULL, 0 };
  xmlTextReaderPtr reader;
  gboolean done = FALSE, ok = TRUE;
  const char *slash = strrchr (part, '/');

  rels_part = slash != NULL
              ? g_strdup_printf ("%.*s/_rels/%s.rels", (int) (slash - part), part, slash + 1)
              : g_strdup_printf ("_rels/%s.rels", part);
  relationships = read_relationships (book, rels_part, part, "/sharedStrings",
                                      &strings_part, error);
  if (relationships == NULL)
    return FALSE;
  if (!read_shared_strings (book, strings_part != NULL ? strings_part : "xl/sharedStrings.xml",
                            error))
    return FALSE;

  reader = open_reader (bytes, &xml_error);
  while (reader != NULL && ok && next_node (reader, part, &xml_error, &done, error))
    {
      if (xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT && is_element (reader, "sheet"))
        ok = add_sheet (book, workbook, relationships, reader, pending);
    }
  if (reader == NULL)
    set_damaged (error, part);
  g_clear_pointer (&reader, xmlFreeTextReader);
  g_free (xml_error.message);
  if (!ok)
    g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE,
                 _("The XLSX file has more than %u sheets."), GK_SHEET_MAX_SHEETS);
  if (!ok || !done)
    return FALSE;

  for (guint i = 0; i < pending->len; i++)
    {
      if (!read_worksheet (book, gk_workbook_get_sheet (workbook, i),
                           g_ptr_array_index (pending, i), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_parts (Book        *book,
            GkWorkbook  *workbook,
            GError     **error)
{
  g_autoptr(GHashTable) root = NULL;
  g_autofree char *main_part = NULL;

  root = read_relationships (book, "_rels/.rels", "", "/officeDocument", &main_part, error);
  if (root == NULL)
    return FALSE;
  if (main_part == NULL)
    main_part = g_strdup ("xl/workbook.xml");
  if (!g_hash_table_contains (book->parts, main_part))
    {
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_FORMAT,
                   _("This zip archive is not an XLSX workbook: it has no “%s”."), main_part);
      return FALSE;
    }
  return read_workbook (book, workbook, main_part, error);
}

static void
ignore_xml_error (void       *context,
                  const char *format,
                  ...)
{
}

/**
 * gk_workbook_new_from_xlsx:
 * @data: the content of an XLSX file
 * @length: its length
 * @error: return location for a #GError
 *
 * Reads the text of every cell of every sheet. Merged areas are filled with
 * the text of their top-left cell (see gk_sheet_apply_merges()).
 *
 * Returns: (transfer full) (nullable): the workbook
 */
GkWorkbook *
gk_workbook_new_from_xlsx (const guint8  *data,
                           gsize          length,
                           GError       **error)
{
  g_auto(Book) book = { NULL, NULL };
  g_autoptr(GkWorkbook) workbook = gk_workbook_new ();
  xmlGenericErrorFunc old_func;
  void *old_context;
  gboolean ok;

  if (length < 4 || memcmp (data, "PK", 2) != 0)
    {
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_FORMAT,
                   _("This is not an XLSX file: it is not a zip archive."));
      return NULL;
    }

  xmlInitParser ();
  book.parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_bytes_unref);
  book.strings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ref_string_release);
  if (!read_zip (data, length, book.parts, error))
    return NULL;

  /* Some libxml2 errors (encoding) bypass the reader's handler and would be
   * printed; they end up in the GError anyway. The setting is per thread. */
  old_func = xmlGenericError;
  old_context = xmlGenericErrorContext;
  xmlSetGenericErrorFunc (NULL, ignore_xml_error);
  ok = read_parts (&book, workbook, error);
  xmlSetGenericErrorFunc (old_context, old_func);

  return ok ? g_steal_pointer (&workbook) : NULL;
}
