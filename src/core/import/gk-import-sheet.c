/* gk-import-sheet.c: the grid model shared by the XLSX and CSV readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-file.h"
#include "gk-import-sheet.h"

typedef struct
{
  guint     column;
  char     *text; /* a GRefString: merged areas share their top-left text */
} Cell;

typedef struct
{
  guint first_row;
  guint first_column;
  guint last_row;
  guint last_column;
} Merge;

struct _GkSheet
{
  GkWorkbook *book;
  char       *name;
  gboolean    hidden;
  GPtrArray  *rows;     /* of GArray of Cell sorted by column, or NULL */
  guint       n_columns;
  GArray     *merges;   /* of Merge */
  guint       n_cells;
  gboolean    detached; /* counts its cells alone, see gk_sheet_detach() */
};

struct _GkWorkbook
{
  GPtrArray *sheets;
  guint      n_cells;
};

G_DEFINE_QUARK (gk-sheet-error-quark, gk_sheet_error)

static void
clear_cell (gpointer data)
{
  Cell *cell = data;

  g_clear_pointer (&cell->text, g_ref_string_release);
}

static void
free_row (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

static void
gk_sheet_free (GkSheet *self)
{
  g_free (self->name);
  g_ptr_array_unref (self->rows);
  g_array_unref (self->merges);
  g_free (self);
}

/**
 * gk_workbook_new:
 *
 * Returns: (transfer full): an empty workbook
 */
GkWorkbook *
gk_workbook_new (void)
{
  GkWorkbook *self = g_new0 (GkWorkbook, 1);

  self->sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_sheet_free);
  return self;
}

/**
 * gk_workbook_free:
 * @self: (transfer full): a workbook
 */
void
gk_workbook_free (GkWorkbook *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->sheets);
  g_free (self);
}

/**
 * gk_workbook_get_n_sheets:
 * @self: a workbook
 *
 * Returns: the number of sheets, in workbook order
 */
guint
gk_workbook_get_n_sheets (GkWorkbook *self)
{
  return self->sheets->len;
}

/**
 * gk_workbook_get_sheet:
 * @self: a workbook
 * @index: a sheet index
 *
 * Returns: (transfer none) (nullable): the sheet, %NULL if out of range
 */
GkSheet *
gk_workbook_get_sheet (GkWorkbook *self,
                       guint       index)
{
  if (index >= self->sheets->len)
    return NULL;

  return g_ptr_array_index (self->sheets, index);
}

/**
 * gk_workbook_add_sheet:
 * @self: a workbook
 * @name: the sheet's name
 *
 * Returns: (transfer none): a new empty sheet at the end of @self
 */
GkSheet *
gk_workbook_add_sheet (GkWorkbook *self,
                       const char *name)
{
  GkSheet *sheet = g_new0 (GkSheet, 1);

  sheet->book = self;
  sheet->name = g_utf8_make_valid (name != NULL ? name : "", -1);
  sheet->rows = g_ptr_array_new_with_free_func (free_row);
  sheet->merges = g_array_new (FALSE, FALSE, sizeof (Merge));
  g_ptr_array_add (self->sheets, sheet);

  return sheet;
}

/**
 * gk_sheet_get_name:
 * @self: a sheet
 *
 * Returns: (transfer none): the sheet's name (the file name for CSV)
 */
const char *
gk_sheet_get_name (GkSheet *self)
{
  return self->name;
}

/**
 * gk_sheet_get_hidden:
 * @self: a sheet
 *
 * Returns: whether the workbook hides the sheet
 */
gboolean
gk_sheet_get_hidden (GkSheet *self)
{
  return self->hidden;
}

/**
 * gk_sheet_set_hidden:
 * @self: a sheet
 * @hidden: whether the workbook hides the sheet
 */
void
gk_sheet_set_hidden (GkSheet  *self,
                     gboolean  hidden)
{
  self->hidden = hidden;
}

/**
 * gk_sheet_get_n_rows:
 * @self: a sheet
 *
 * Returns: one more than the last row with a cell
 */
guint
gk_sheet_get_n_rows (GkSheet *self)
{
  return self->rows->len;
}

/**
 * gk_sheet_get_n_columns:
 * @self: a sheet
 *
 * Returns: one more than the last column with a cell
 */
guint
gk_sheet_get_n_columns (GkSheet *self)
{
  return self->n_columns;
}

/* Binary search; returns the index of @column or where it would go. */
static guint
find_cell (GArray   *row,
           guint     column,
           gboolean *found)
{
  guint lo = 0;
  guint hi = row->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint c = g_array_index (row, Cell, mid).column;

      if (c == column)
        {
          *found = TRUE;
          return mid;
        }
      if (c < column)
        lo = mid + 1;
      else
        hi = mid;
    }
  *found = FALSE;
  return lo;
}

/**
 * gk_sheet_get_cell:
 * @self: a sheet
 * @row: a row, from 0
 * @column: a column, from 0
 *
 * Returns: (transfer none): the cell's text, "" for an empty cell
 */
const char *
gk_sheet_get_cell (GkSheet *self,
                   guint    row,
                   guint    column)
{
  GArray *cells;
  gboolean found;
  guint index;

  if (row >= self->rows->len)
    return "";
  cells = g_ptr_array_index (self->rows, row);
  if (cells == NULL)
    return "";
  /* Columns only grow along a row: in a row without gaps, the cell of a
   * column is at its index. */
  if (column < cells->len && g_array_index (cells, Cell, column).column == column)
    return g_array_index (cells, Cell, column).text;
  index = find_cell (cells, column, &found);

  return found ? g_array_index (cells, Cell, index).text : "";
}

/**
 * gk_sheet_get_row_width:
 * @self: a sheet
 * @row: a row, from 0
 *
 * Returns: one more than the last column of @row with a cell, 0 for an
 *   empty row
 */
guint
gk_sheet_get_row_width (GkSheet *self,
                        guint    row)
{
  GArray *cells;

  if (row >= self->rows->len)
    return 0;
  cells = g_ptr_array_index (self->rows, row);
  if (cells == NULL || cells->len == 0)
    return 0;

  return g_array_index (cells, Cell, cells->len - 1).column + 1;
}

static gboolean
check_position (GkSheet  *self,
                guint     row,
                guint     column,
                GError  **error)
{
  if (row >= GK_SHEET_MAX_ROWS || column >= GK_SHEET_MAX_COLUMNS)
    {
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE,
                   _("Sheet “%s” is too large: it has text beyond row %u or column %u."),
                   self->name, GK_SHEET_MAX_ROWS, GK_SHEET_MAX_COLUMNS);
      return FALSE;
    }
  if ((self->detached ? self->n_cells : self->book->n_cells) >= GK_SHEET_MAX_CELLS)
    {
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE,
                   _("The file is too large: it has more than %u cells."), GK_SHEET_MAX_CELLS);
      return FALSE;
    }
  return TRUE;
}

/* Stores @text (a GRefString, reference taken) at @row, @column. */
static void
store_cell (GkSheet *self,
            guint    row,
            guint    column,
            char    *text)
{
  GArray *cells;
  gboolean found;
  guint index;
  Cell cell = { column, text };

  if (row >= self->rows->len)
    g_ptr_array_set_size (self->rows, (int) row + 1);
  cells = g_ptr_array_index (self->rows, row);
  if (cells == NULL)
    {
      GArray *above = row > 0 ? g_ptr_array_index (self->rows, row - 1) : NULL;

      /* A row tends to have as many cells as the one above: one allocation. */
      cells = g_array_sized_new (FALSE, FALSE, sizeof (Cell), above != NULL ? above->len : 1);
      g_array_set_clear_func (cells, clear_cell);
      self->rows->pdata[row] = cells;
    }

  /* Readers go left to right: most cells come after the last one. */
  found = FALSE;
  index = cells->len;
  if (index > 0 && g_array_index (cells, Cell, index - 1).column >= column)
    index = find_cell (cells, column, &found);
  if (found)
    {
      g_ref_string_release (g_array_index (cells, Cell, index).text);
      g_array_index (cells, Cell, index).text = text;
      return;
    }
  if (index == cells->len)
    g_array_append_val (cells, cell);
  else
    g_array_insert_val (cells, index, cell);
  self->n_cells++;
  if (!self->detached)
    self->book->n_cells++;
  self->n_columns = MAX (self->n_columns, column + 1);
}

/**
 * gk_sheet_detach:
 * @self: a sheet
 *
 * Until gk_sheet_attach(), the sheet counts its cells alone, without
 * touching its workbook: another thread may then fill it while this one
 * fills another sheet. Its cells are limited to %GK_SHEET_MAX_CELLS alone.
 */
void
gk_sheet_detach (GkSheet *self)
{
  self->detached = TRUE;
}

/**
 * gk_sheet_attach:
 * @self: a detached sheet, which no other thread uses any longer
 *
 * Adds the sheet's cells to its workbook's count, as if they had been set
 * after those of every sheet attached before.
 */
void
gk_sheet_attach (GkSheet *self)
{
  if (!self->detached)
    return;
  self->detached = FALSE;
  self->book->n_cells += self->n_cells;
}

/**
 * gk_sheet_set_cell:
 * @self: a sheet
 * @row: a row, from 0
 * @column: a column, from 0
 * @text: the cell's text, valid UTF-8; empty text leaves the cell alone
 * @error: return location for a #GError
 *
 * Returns: %FALSE if the cell is beyond the limits of the grid
 */
gboolean
gk_sheet_set_cell (GkSheet     *self,
                   guint        row,
                   guint        column,
                   const char  *text,
                   GError     **error)
{
  if (text == NULL || *text == '\0')
    return TRUE;
  if (!check_position (self, row, column, error))
    return FALSE;

  store_cell (self, row, column, g_ref_string_new (text));
  return TRUE;
}

/**
 * gk_sheet_set_cell_shared:
 * @self: a sheet
 * @row: a row, from 0
 * @column: a column, from 0
 * @text: a #GRefString of valid UTF-8; empty text leaves the cell alone
 * @error: return location for a #GError
 *
 * Like gk_sheet_set_cell(), but the cell takes a reference to @text instead
 * of a copy: the cells of an XLSX shared string share one text.
 *
 * Returns: %FALSE if the cell is beyond the limits of the grid
 */
gboolean
gk_sheet_set_cell_shared (GkSheet     *self,
                          guint        row,
                          guint        column,
                          char        *text,
                          GError     **error)
{
  if (text == NULL || *text == '\0')
    return TRUE;
  if (!check_position (self, row, column, error))
    return FALSE;

  store_cell (self, row, column, g_ref_string_acquire (text));
  return TRUE;
}

/**
 * gk_sheet_add_merge:
 * @self: a sheet
 * @first_row: top row of the area
 * @first_column: left column of the area
 * @last_row: bottom row, inclusive
 * @last_column: right column, inclusive
 *
 * Records a merged area; gk_sheet_apply_merges() fills it later.
 *
 * Returns: %FALSE if the area is empty or inverted (it is ignored)
 */
gboolean
gk_sheet_add_merge (GkSheet *self,
                    guint    first_row,
                    guint    first_column,
                    guint    last_row,
                    guint    last_column)
{
  Merge merge = { first_row, first_column, last_row, last_column };

  if (last_row < first_row || last_column < first_column)
    return FALSE;
  if (first_row >= GK_SHEET_MAX_ROWS || first_column >= GK_SHEET_MAX_COLUMNS)
    return FALSE;
  merge.last_row = MIN (last_row, GK_SHEET_MAX_ROWS - 1);
  merge.last_column = MIN (last_column, GK_SHEET_MAX_COLUMNS - 1);
  g_array_append_val (self->merges, merge);

  return TRUE;
}

/**
 * gk_sheet_is_merged:
 * @self: a sheet
 * @row: a row
 * @column: a column
 *
 * Returns: whether the cell is inside a merged area but not its top-left
 *   cell, i.e. its text (if any) was copied from there
 */
gboolean
gk_sheet_is_merged (GkSheet *self,
                    guint    row,
                    guint    column)
{
  for (guint i = 0; i < self->merges->len; i++)
    {
      Merge *m = &g_array_index (self->merges, Merge, i);

      if (row >= m->first_row && row <= m->last_row && column >= m->first_column
          && column <= m->last_column && (row != m->first_row || column != m->first_column))
        return TRUE;
    }
  return FALSE;
}

static void
fill_merge (GkSheet     *self,
            const Merge *m,
            guint        last_row,
            guint        last_column)
{
  const char *origin = gk_sheet_get_cell (self, m->first_row, m->first_column);

  if (*origin == '\0')
    return;
  for (guint r = m->first_row; r <= last_row; r++)
    for (guint c = m->first_column; c <= last_column; c++)
      {
        if (r != m->first_row || c != m->first_column)
          store_cell (self, r, c, g_ref_string_acquire ((char *) origin));
      }
}

/**
 * gk_sheet_apply_merges:
 * @self: a sheet
 * @error: return location for a #GError
 *
 * Copies the text of each merged area's top-left cell into the rest of the
 * area, within the rows and columns that hold text: a merged 一级事项 then
 * applies to every row it spans.
 *
 * Returns: %FALSE if the merged areas cover more than the cell limit
 */
gboolean
gk_sheet_apply_merges (GkSheet  *self,
                       GError  **error)
{
  guint64 budget = GK_SHEET_MAX_MERGED_CELLS;

  if (self->rows->len == 0)
    return TRUE;

  for (guint i = 0; i < self->merges->len; i++)
    {
      Merge *m = &g_array_index (self->merges, Merge, i);
      guint last_row = MIN (m->last_row, self->rows->len - 1);
      guint last_column = MIN (m->last_column, self->n_columns - 1);
      guint64 area;

      if (m->first_row > last_row || m->first_column > last_column)
        continue;
      /* Overlapping areas count each time: the work stays bounded. */
      area = (guint64) (last_row - m->first_row + 1) * (last_column - m->first_column + 1);
      if (area > budget || area + self->book->n_cells > GK_SHEET_MAX_CELLS)
        {
          g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE,
                       _("Sheet “%s” is too large: its merged cells cover more than %u cells."),
                       self->name, GK_SHEET_MAX_MERGED_CELLS);
          return FALSE;
        }
      budget -= area;
      fill_merge (self, m, last_row, last_column);
    }

  return TRUE;
}

/**
 * gk_sheet_column_name:
 * @column: a column, from 0
 *
 * Returns: (transfer full): the column's spreadsheet name: A, B, … AA
 */
char *
gk_sheet_column_name (guint column)
{
  char buf[16];
  int i = G_N_ELEMENTS (buf) - 1;
  guint64 n = (guint64) column + 1;

  buf[i] = '\0';
  while (n > 0 && i > 0)
    {
      buf[--i] = (char) ('A' + (n - 1) % 26);
      n = (n - 1) / 26;
    }

  return g_strdup (buf + i);
}

static gboolean
is_xlsx_name (const char *basename)
{
  return basename != NULL
         && (g_str_has_suffix (basename, ".xlsx") || g_str_has_suffix (basename, ".XLSX")
             || g_str_has_suffix (basename, ".xlsm") || g_str_has_suffix (basename, ".XLSM"));
}

/* The CSV's sheet is named after the file, which may name the domain. */
static char *
sheet_name_for (const char *basename)
{
  const char *dot = basename != NULL ? strrchr (basename, '.') : NULL;

  if (basename == NULL)
    return g_strdup ("");
  return dot != NULL && dot != basename ? g_strndup (basename, (gsize) (dot - basename))
                                        : g_strdup (basename);
}

/**
 * gk_workbook_new_from_bytes:
 * @data: the file's content
 * @length: its length
 * @basename: (nullable): the file's name, for the kind of file and the
 *   name of a CSV's sheet
 * @error: return location for a #GError
 *
 * Reads XLSX (recognized by its zip signature) or CSV.
 *
 * Returns: (transfer full) (nullable): the workbook
 */
GkWorkbook *
gk_workbook_new_from_bytes (const guint8  *data,
                            gsize          length,
                            const char    *basename,
                            GError       **error)
{
  static const guint8 ole[] = { 0xD0, 0xCF, 0x11, 0xE0 };
  g_autofree char *name = NULL;

  if (length >= 4 && memcmp (data, "PK\003\004", 4) == 0)
    return gk_workbook_new_from_xlsx (data, length, error);
  if (length >= 4 && memcmp (data, ole, 4) == 0)
    {
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_FORMAT,
                   _("This is an old Excel (.xls) or Word file, which cannot be read. "
                     "Save it as .xlsx or .csv and import that file."));
      return NULL;
    }
  if (is_xlsx_name (basename))
    {
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_FORMAT,
                   _("This is not an XLSX file: it is not a zip archive."));
      return NULL;
    }

  name = sheet_name_for (basename);
  return gk_workbook_new_from_csv ((const char *) data, length, name, error);
}

/**
 * gk_workbook_new_from_file:
 * @file: an XLSX or CSV file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the workbook in @file
 */
GkWorkbook *
gk_workbook_new_from_file (GFile         *file,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = g_file_get_basename (file);
  gsize length;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      gk_file_set_not_regular_error (file, error);
      return NULL;
    }
  if (g_file_info_get_size (info) > (goffset) GK_SHEET_MAX_BYTES)
    {
      g_set_error (error, GK_SHEET_ERROR, GK_SHEET_ERROR_TOO_LARGE,
                   _("The file is too large to import (more than %u MiB)."),
                   GK_SHEET_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!gk_file_load_contents (file, GK_SHEET_MAX_BYTES, cancellable, &contents, &length, error))
    return NULL;

  return gk_workbook_new_from_bytes ((const guint8 *) contents, length, basename, error);
}
