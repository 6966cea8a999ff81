/* gk-import-xlsx.c: reading the cells of an XLSX workbook
 *
 * The parts come out of the zip (gk-import-xlsx-zip.c) and are read node by node
 * (gk-import-xlsx-parser.c): the shared strings, the workbook's sheets and their
 * relationships, then each worksheet's cells and merged areas. Every size
 * is capped so that a hostile file fails with an error instead of eating
 * the machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "gk-import-xlsx-private.h"

typedef struct
{
  GHashTable *parts;   /* zip entry name → GBytes, only .xml and .rels */
  GPtrArray  *strings; /* shared strings, GRefString */
  gboolean    push;    /* parse with the push parser (gk_xlsx_parse_part()) */
} Book;

static void
book_clear (Book *book)
{
  g_clear_pointer (&book->parts, g_hash_table_unref);
  g_clear_pointer (&book->strings, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Book, book_clear)

/* Attribute values come with "&" kept as "&#38;" when entities are not
 * substituted; the tree builder would have decoded it. */
static char *
attribute_value (const xmlChar *start,
                 const xmlChar *end)
{
  GString *value;
  g_autofree char *raw = NULL;

  if (memchr (start, '&', (gsize) (end - start)) == NULL)
    return g_utf8_make_valid ((const char *) start, end - start);
  value = g_string_new_len ((const char *) start, end - start);
  g_string_replace (value, "&#38;", "&", 0);
  raw = g_string_free (value, FALSE);
  return g_utf8_make_valid (raw, -1);
}

/* The raw value of the attribute @name without prefix, between @start and
 * @end: neither decoded nor copied. */
static gboolean
find_attribute (const GkXlsxNode  *node,
                const char        *name,
                const char       **start,
                const char       **end)
{
  for (int i = 0; i < node->n_attributes; i++)
    {
      const xmlChar **attribute = node->attributes + 5 * i;
      const char *local = (const char *) attribute[0];

      if (attribute[1] == NULL && gk_xlsx_same_name (local, name))
        {
          *start = (const char *) attribute[3];
          *end = (const char *) attribute[4];
          return TRUE;
        }
    }
  return FALSE;
}

static char *
get_attribute (const GkXlsxNode *node,
               const char       *name)
{
  const char *start, *end;

  if (!find_attribute (node, name, &start, &end))
    return NULL;
  return attribute_value ((const xmlChar *) start, (const xmlChar *) end);
}

/* The relationship id of <sheet r:id="…">, whatever the prefix. */
static char *
get_relationship_id (const GkXlsxNode *node)
{
  for (int i = 0; i < node->n_namespaces; i++)
    {
      const xmlChar *prefix = node->namespaces[2 * i];

      if (prefix != NULL && strcmp ((const char *) prefix, "id") == 0)
        return g_strdup ((const char *) node->namespaces[2 * i + 1]);
    }
  for (int i = 0; i < node->n_attributes; i++)
    {
      const xmlChar **attribute = node->attributes + 5 * i;

      if (attribute[1] != NULL && attribute[2] != NULL
          && strcmp ((const char *) attribute[0], "id") == 0)
        return attribute_value (attribute[3], attribute[4]);
    }
  return NULL;
}

static gboolean
append_text (GString           *text,
             const GkXlsxNode  *node,
             GError           **error)
{
  if (text->len + node->text_len > GK_SHEET_MAX_CELL_BYTES)
    {
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE,
                   _("The XLSX file has a cell longer than %u KiB."),
                   GK_SHEET_MAX_CELL_BYTES / 1024);
      return FALSE;
    }
  g_string_append_len (text, node->text, (gssize) node->text_len);
  return TRUE;
}

typedef struct
{
  Book    *book;
  GString *text;
  gboolean in_si;
  gboolean in_t;
  guint    phonetic;
} StringsState;

static gboolean
handle_strings_node (const GkXlsxNode  *node,
                     gpointer           data,
                     GError           **error)
{
  StringsState *state = data;
  GkXlsxNodeType type = node->type;
  gboolean empty = node->empty;

  if (type == GK_XLSX_NODE_ELEMENT && gk_xlsx_is_element (node, "si"))
    {
      state->in_si = !empty;
      g_string_truncate (state->text, 0);
      if (empty)
        g_ptr_array_add (state->book->strings, g_ref_string_new (""));
    }
  else if (type == GK_XLSX_NODE_ELEMENT && gk_xlsx_is_element (node, "rPh") && !empty)
    state->phonetic++;
  else if (type == GK_XLSX_NODE_END_ELEMENT && gk_xlsx_is_element (node, "rPh") && state->phonetic > 0)
    state->phonetic--;
  else if (gk_xlsx_is_element (node, "t"))
    state->in_t = type == GK_XLSX_NODE_ELEMENT && !empty;
  else if (type == GK_XLSX_NODE_END_ELEMENT && gk_xlsx_is_element (node, "si") && state->in_si)
    {
      state->in_si = FALSE;
      if (state->book->strings->len >= GK_SHEET_MAX_CELLS)
        {
          g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE,
                       _("The file is too large: it has more than %u cells."),
                       GK_SHEET_MAX_CELLS);
          return FALSE;
        }
      g_ptr_array_add (state->book->strings, g_ref_string_new (state->text->str));
    }
  else if (state->in_si && state->in_t && state->phonetic == 0 && type == GK_XLSX_NODE_TEXT)
    return append_text (state->text, node, error);
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
  g_autoptr(GString) text = g_string_new (NULL);
  StringsState state = { book, text, FALSE, FALSE, 0 };

  if (bytes == NULL)
    return TRUE;
  return gk_xlsx_parse_part (book->push, bytes, part, handle_strings_node, &state, error);
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

typedef struct
{
  GHashTable  *map;
  const char  *base;
  const char  *type_suffix;
  char       **typed_target;
} RelsState;

static gboolean
handle_rels_node (const GkXlsxNode  *node,
                  gpointer           data,
                  GError           **error)
{
  RelsState *state = data;
  g_autofree char *id = NULL;
  g_autofree char *target = NULL;
  g_autofree char *type = NULL;

  if (node->type != GK_XLSX_NODE_ELEMENT || !gk_xlsx_is_element (node, "Relationship"))
    return TRUE;
  id = get_attribute (node, "Id");
  target = get_attribute (node, "Target");
  type = get_attribute (node, "Type");
  if (id == NULL || target == NULL)
    return TRUE;
  if (state->typed_target != NULL && *state->typed_target == NULL && type != NULL
      && g_str_has_suffix (type, state->type_suffix))
    *state->typed_target = resolve_target (state->base, target);
  g_hash_table_replace (state->map, g_steal_pointer (&id), resolve_target (state->base, target));
  return TRUE;
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
  RelsState state = { map, base, type_suffix, typed_target };

  if (bytes == NULL)
    return g_steal_pointer (&map);
  if (!gk_xlsx_parse_part (book->push, bytes, rels_part, handle_rels_node, &state, error))
    return NULL;
  return g_steal_pointer (&map);
}

/* "AB12" from @ref to @end → column 27, row 11; FALSE if it is no cell
 * reference. */
static gboolean
parse_reference (const char *ref,
                 const char *end,
                 guint      *row,
                 guint      *column)
{
  guint64 c = 0;
  guint64 r = 0;
  const char *p = ref;

  while (p < end && *p == '$')
    p++;
  for (; p < end && g_ascii_isalpha (*p); p++)
    {
      c = c * 26 + (guint64) ((*p & ~0x20) - 'A' + 1); /* upper case */
      if (c > G_MAXINT)
        return FALSE;
    }
  if (p == ref || c == 0)
    return FALSE;
  if (p < end && *p == '$')
    p++;
  if (p == end || !g_ascii_isdigit (*p))
    return FALSE;
  for (; p < end && g_ascii_isdigit (*p); p++)
    {
      r = r * 10 + (guint64) (*p - '0');
      if (r > G_MAXINT)
        return FALSE;
    }
  if (p != end || r == 0)
    return FALSE;

  *column = (guint) (c - 1);
  *row = (guint) (r - 1);
  return TRUE;
}

static void
read_merge (GkSheet          *sheet,
            const GkXlsxNode *node)
{
  g_autofree char *ref = get_attribute (node, "ref");
  g_auto(GStrv) ends = NULL;
  guint r0, c0, r1, c1;

  if (ref == NULL)
    return;
  ends = g_strsplit (ref, ":", 2);
  if (ends[0] == NULL || ends[1] == NULL
      || !parse_reference (ends[0], ends[0] + strlen (ends[0]), &r0, &c0)
      || !parse_reference (ends[1], ends[1] + strlen (ends[1]), &r1, &c1))
    return;
  gk_sheet_add_merge (sheet, MIN (r0, r1), MIN (c0, c1), MAX (r0, r1), MAX (c0, c1));
}

/* The t attribute of a cell: the few types read differently. */
typedef enum
{
  CELL_NUMBER,  /* n, or no type */
  CELL_SHARED,  /* s */
  CELL_BOOLEAN, /* b */
  CELL_OTHER,   /* str, inlineStr, e, …: the text as it is */
} CellType;

typedef struct
{
  guint    row;
  guint    column;
  CellType type;
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

/* The index in a shared string cell: digits, or whatever
 * g_ascii_strtoull() reads whole; G_MAXUINT64 if it is no number. */
static guint64
parse_index (const GString *text)
{
  guint64 index = 0;
  char *end = NULL;

  if (text->len > 0 && text->len < 10)
    {
      gsize i;

      for (i = 0; i < text->len && g_ascii_isdigit (text->str[i]); i++)
        index = index * 10 + (guint64) (text->str[i] - '0');
      if (i == text->len)
        return index;
    }
  index = g_ascii_strtoull (text->str, &end, 10);
  return end == text->str || *end != '\0' ? G_MAXUINT64 : index;
}

static gboolean
finish_cell (Book       *book,
             GkSheet    *sheet,
             CellState  *cell,
             GError    **error)
{
  g_autofree char *text = NULL;

  if (cell->type == CELL_SHARED)
    {
      guint64 index;

      if (cell->text->len == 0)
        return TRUE;
      index = parse_index (cell->text);
      if (index >= book->strings->len)
        {
          gk_xlsx_set_damaged (error, _("a cell refers to a missing shared string"));
          return FALSE;
        }
      return gk_sheet_set_cell_shared (sheet, cell->row, cell->column,
                                       g_ptr_array_index (book->strings, index), error);
    }
  if (cell->type == CELL_BOOLEAN)
    text = g_strdup (g_str_equal (cell->text->str, "1") ? "TRUE" : "FALSE");
  else if (cell->type == CELL_NUMBER && cell->text->len > 0)
    text = format_number (cell->text->str);
  else
    text = g_utf8_make_valid (cell->text->str, -1);

  return gk_sheet_set_cell (sheet, cell->row, cell->column, text, error);
}

/* Compares the raw value: "&#38;" (a decoded "&") matches no type. */
static CellType
cell_type (const GkXlsxNode *node)
{
  const char *start, *end;
  gsize len;

  if (!find_attribute (node, "t", &start, &end))
    return CELL_NUMBER;
  len = (gsize) (end - start);
  if (len == 1 && (*start == 'n' || *start == 's' || *start == 'b'))
    return *start == 'n' ? CELL_NUMBER : *start == 's' ? CELL_SHARED : CELL_BOOLEAN;
  return CELL_OTHER;
}

static gboolean
start_cell (const GkXlsxNode  *node,
            CellState         *cell,
            guint              row,
            guint              next_column,
            GError           **error)
{
  const char *ref, *end;

  cell->row = row;
  cell->column = next_column;
  if (find_attribute (node, "r", &ref, &end)
      && !parse_reference (ref, end, &cell->row, &cell->column))
    {
      gk_xlsx_set_damaged (error, _("a cell has an invalid reference"));
      return FALSE;
    }
  cell->type = cell_type (node);
  g_string_truncate (cell->text, 0);
  cell->in_value = FALSE;
  cell->in_inline = FALSE;
  cell->phonetic = 0;
  return TRUE;
}

typedef struct
{
  Book      *book;
  GkSheet   *sheet;
  CellState  cell;
  guint      row;
  gboolean   in_cell;
} SheetState;

/* Nodes inside a <c> element. */
static gboolean
handle_cell_node (CellState         *cell,
                  const GkXlsxNode  *node,
                  GError           **error)
{
  GkXlsxNodeType type = node->type;

  if (gk_xlsx_is_element (node, "is"))
    cell->in_inline = type == GK_XLSX_NODE_ELEMENT && !node->empty;
  else if (gk_xlsx_is_element (node, "rPh"))
    {
      if (type == GK_XLSX_NODE_ELEMENT && !node->empty)
        cell->phonetic++;
      else if (type == GK_XLSX_NODE_END_ELEMENT && cell->phonetic > 0)
        cell->phonetic--;
    }
  else if (gk_xlsx_is_element (node, "v") || (cell->in_inline && gk_xlsx_is_element (node, "t")))
    cell->in_value = type == GK_XLSX_NODE_ELEMENT && !node->empty;
  else if (cell->in_value && cell->phonetic == 0 && type == GK_XLSX_NODE_TEXT)
    return append_text (cell->text, node, error);
  return TRUE;
}

/* The r attribute of a <row>, read as g_ascii_strtoull() does; 0 if none. */
static guint64
row_number (const GkXlsxNode *node)
{
  const char *start, *end;
  g_autofree char *copy = NULL;
  char buf[32];

  if (!find_attribute (node, "r", &start, &end))
    return 0;
  /* An "&#38;" stops the number where the decoded "&" would. */
  if ((gsize) (end - start) >= sizeof buf)
    {
      copy = attribute_value ((const xmlChar *) start, (const xmlChar *) end);
      return g_ascii_strtoull (copy, NULL, 10);
    }
  memcpy (buf, start, (gsize) (end - start));
  buf[end - start] = '\0';
  return g_ascii_strtoull (buf, NULL, 10);
}

/* One element or text node of a worksheet; row and column advance for
 * cells without a reference. */
static gboolean
handle_sheet_node (const GkXlsxNode  *node,
                   gpointer           data,
                   GError           **error)
{
  SheetState *state = data;
  GkXlsxNodeType type = node->type;

  if (type == GK_XLSX_NODE_ELEMENT && gk_xlsx_is_element (node, "row"))
    {
      guint64 n = row_number (node);

      state->row = n > 0 && n <= G_MAXINT ? (guint) (n - 1) : state->row + 1;
      state->cell.column = G_MAXUINT;
    }
  else if (type == GK_XLSX_NODE_ELEMENT && gk_xlsx_is_element (node, "c"))
    {
      if (!start_cell (node, &state->cell, state->row, state->cell.column + 1, error))
        return FALSE;
      state->in_cell = !node->empty;
    }
  else if (type == GK_XLSX_NODE_END_ELEMENT && gk_xlsx_is_element (node, "c") && state->in_cell)
    {
      state->in_cell = FALSE;
      return finish_cell (state->book, state->sheet, &state->cell, error);
    }
  else if (!state->in_cell)
    {
      if (type == GK_XLSX_NODE_ELEMENT && gk_xlsx_is_element (node, "mergeCell"))
        read_merge (state->sheet, node);
    }
  else
    return handle_cell_node (&state->cell, node, error);

  return TRUE;
}

/* Reads the cells of a sheet, without filling its merged areas. */
static gboolean
parse_worksheet (Book        *book,
                 GkSheet     *sheet,
                 const char  *part,
                 GError     **error)
{
  GBytes *bytes = g_hash_table_lookup (book->parts, part);
  SheetState state = { book, sheet, { 0, G_MAXUINT, CELL_NUMBER, NULL, FALSE, FALSE, 0 },
                       G_MAXUINT, FALSE };
  gboolean ok;

  if (bytes == NULL)
    {
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_CORRUPT,
                   _("The XLSX file is damaged: sheet “%s” is missing."),
                   gk_sheet_get_name (sheet));
      return FALSE;
    }

  state.cell.text = g_string_new (NULL);
  ok = gk_xlsx_parse_part (book->push, bytes, part, handle_sheet_node, &state, error);
  g_string_free (state.cell.text, TRUE);

  return ok;
}

/* The sheets of a workbook, shared by two threads. */
typedef struct
{
  Book        *book;
  GkWorkbook  *workbook;
  GPtrArray   *parts;    /* the part of each sheet */
  GError     **errors;   /* of each sheet */
  int          next;     /* the next sheet to parse, atomic */
} Batch;

static void
parse_batch (Batch *batch)
{
  for (;;)
    {
      guint i = (guint) g_atomic_int_add (&batch->next, 1);

      if (i >= batch->parts->len)
        break;
      parse_worksheet (batch->book, gk_workbook_get_sheet (batch->workbook, i),
                       g_ptr_array_index (batch->parts, i), &batch->errors[i]);
    }
}

static void
ignore_xml_error (void       *context,
                  const char *format,
                  ...)
{
}

static gpointer
parse_batch_thread (gpointer data)
{
  /* libxml2's error settings are per thread. */
  xmlSetGenericErrorFunc (NULL, ignore_xml_error);
  parse_batch (data);
  return NULL;
}

/* Parsing the sheets takes most of the time: with two threads when they
 * are large enough to gain, but not so large that their cells could reach
 * GK_SHEET_MAX_CELLS: then each sheet's cells do not depend on the others,
 * and the count of the workbook is made in sheet order afterwards. A cell
 * takes at least "<c><v>1</v></c>", 15 bytes. */
#define SHARED_MIN_BYTES (256 * 1024)
#define CELL_MIN_BYTES   15

static gboolean
can_share_sheets (Book      *book,
                  GPtrArray *parts)
{
  gsize total = 0;

  if (book->push || parts->len < 2)
    return FALSE;
  for (guint i = 0; i < parts->len; i++)
    {
      GBytes *bytes = g_hash_table_lookup (book->parts, g_ptr_array_index (parts, i));

      total += bytes != NULL ? g_bytes_get_size (bytes) : 0;
    }
  return total >= SHARED_MIN_BYTES && total / CELL_MIN_BYTES < GK_SHEET_MAX_CELLS;
}

/* Parses the sheets in two threads, then counts their cells and fills
 * their merged areas in sheet order; the first error in sheet order is the
 * one reported. */
static gboolean
read_worksheets_shared (Book        *book,
                        GkWorkbook  *workbook,
                        GPtrArray   *parts,
                        GError     **error)
{
  Batch batch = { book, workbook, parts, g_new0 (GError *, parts->len), 0 };
  GThread *thread;
  gboolean ok = TRUE;

  for (guint i = 0; i < parts->len; i++)
    gk_sheet_detach (gk_workbook_get_sheet (workbook, i));
  /* G_DEFINE_QUARK makes the quark on first use: before the threads. */
  (void) GK_SHEET_ERROR;
  thread = g_thread_try_new ("gk-xlsx", parse_batch_thread, &batch, NULL);
  parse_batch (&batch);
  if (thread != NULL)
    g_thread_join (thread);

  for (guint i = 0; i < parts->len; i++)
    {
      GkSheet *sheet = gk_workbook_get_sheet (workbook, i);

      if (ok && batch.errors[i] != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&batch.errors[i]));
          ok = FALSE;
        }
      g_clear_error (&batch.errors[i]);
      if (!ok)
        continue;
      gk_sheet_attach (sheet);
      ok = gk_sheet_apply_merges (sheet, error);
    }
  g_free (batch.errors);
  return ok;
}

/* Reads every sheet, stopping at the first error. */
static gboolean
read_worksheets (Book        *book,
                 GkWorkbook  *workbook,
                 GPtrArray   *parts,
                 GError     **error)
{
  if (can_share_sheets (book, parts))
    return read_worksheets_shared (book, workbook, parts, error);

  for (guint i = 0; i < parts->len; i++)
    {
      GkSheet *sheet = gk_workbook_get_sheet (workbook, i);

      if (!parse_worksheet (book, sheet, g_ptr_array_index (parts, i), error)
          || !gk_sheet_apply_merges (sheet, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GkWorkbook *workbook;
  GHashTable *relationships;
  GPtrArray  *pending;
} WorkbookState;

static gboolean
handle_workbook_node (const GkXlsxNode  *node,
                      gpointer           data,
                      GError           **error)
{
  WorkbookState *state = data;
  g_autofree char *name = NULL;
  g_autofree char *sheet_state = NULL;
  g_autofree char *id = NULL;
  const char *part;
  GkSheet *sheet;

  if (node->type != GK_XLSX_NODE_ELEMENT || !gk_xlsx_is_element (node, "sheet"))
    return TRUE;
  if (gk_workbook_get_n_sheets (state->workbook) >= GK_SHEET_MAX_SHEETS)
    {
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE,
                   _("The XLSX file has more than %u sheets."), GK_SHEET_MAX_SHEETS);
      return FALSE;
    }
  name = get_attribute (node, "name");
  sheet_state = get_attribute (node, "state");
  id = get_relationship_id (node);
  part = id != NULL ? g_hash_table_lookup (state->relationships, id) : NULL;
  sheet = gk_workbook_add_sheet (state->workbook, name != NULL ? name : "");
  gk_sheet_set_hidden (sheet, sheet_state != NULL && !g_str_equal (sheet_state, "visible"));
  g_ptr_array_add (state->pending, g_strdup (part != NULL ? part : ""));
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
  WorkbookState state = { workbook, NULL, pending };
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

  state.relationships = relationships;
  if (!gk_xlsx_parse_part (book->push, bytes, part, handle_workbook_node, &state, error))
    return FALSE;

  return read_worksheets (book, workbook, pending, error);
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
  g_auto(Book) book = { NULL, NULL, FALSE };
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
  if (!gk_xlsx_read_zip (data, length, book.parts, error))
    return NULL;

  /* Some libxml2 errors (encoding) bypass the reader's handler and would be
   * printed; they end up in the GError anyway. The setting is per thread. */
  old_func = xmlGenericError;
  old_context = xmlGenericErrorContext;
  xmlSetGenericErrorFunc (NULL, ignore_xml_error);
  ok = read_parts (&book, workbook, NULL);
  if (!ok)
    {
      /* Again from the start with the push parser, for its error. */
      g_clear_pointer (&workbook, gk_workbook_free);
      workbook = gk_workbook_new ();
      g_ptr_array_set_size (book.strings, 0);
      book.push = TRUE;
      ok = read_parts (&book, workbook, error);
    }
  xmlSetGenericErrorFunc (old_context, old_func);

  return ok ? g_steal_pointer (&workbook) : NULL;
}
