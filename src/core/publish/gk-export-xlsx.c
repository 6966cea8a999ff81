/* gk-export-xlsx.c: the published table as a workbook, one sheet per domain
 *
 * Each sheet repeats the HTML page: a title row merged across, the same
 * two-row header (groups merged across their columns, single columns down
 * both rows), merged 一级事项 cells, ■/□ channel lists and √ marks, ready
 * to print landscape with the header on every page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>
#include <xlsxwriter.h>

#include "gk-export.h"
#include "gk-file.h"

#define TITLE_ROW  0
#define HEAD_ROW   1
#define FIRST_ROW  3  /* first item row, below the two header rows */

#define PAPER_A3   8  /* Excel paper codes */
#define PAPER_A4   9

typedef struct
{
  lxw_workbook *workbook;
  lxw_format   *title;
  lxw_format   *head;
  lxw_format   *text;
  lxw_format   *center;
  GString      *scratch;
  lxw_error     error;   /* the first error, later writes are skipped */
} Writer;

static lxw_format *
add_format (lxw_workbook *workbook,
            gboolean      bordered)
{
  lxw_format *format = workbook_add_format (workbook);

  format_set_font_name (format, "宋体");
  format_set_font_size (format, 10);
  format_set_align (format, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap (format);
  if (bordered)
    format_set_border (format, LXW_BORDER_THIN);
  return format;
}

static void
writer_add_formats (Writer *writer)
{
  writer->title = add_format (writer->workbook, FALSE);
  format_set_font_name (writer->title, "黑体");
  format_set_font_size (writer->title, 16);
  format_set_bold (writer->title);
  format_set_align (writer->title, LXW_ALIGN_CENTER);

  writer->head = add_format (writer->workbook, TRUE);
  format_set_bold (writer->head);
  format_set_align (writer->head, LXW_ALIGN_CENTER);
  format_set_bg_color (writer->head, 0xF2F2F2);

  writer->text = add_format (writer->workbook, TRUE);

  writer->center = add_format (writer->workbook, TRUE);
  format_set_align (writer->center, LXW_ALIGN_CENTER);
}

/* Keeps the first error; a merge over one cell is a plain write. */
static void
put (Writer        *writer,
     lxw_worksheet *sheet,
     lxw_row_t      row,
     lxw_col_t      col,
     lxw_row_t      last_row,
     lxw_col_t      last_col,
     const char    *text,
     lxw_format    *format)
{
  lxw_error error;

  if (writer->error != LXW_NO_ERROR)
    return;

  if (row == last_row && col == last_col)
    error = worksheet_write_string (sheet, row, col, text, format);
  else
    error = worksheet_merge_range (sheet, row, col, last_row, last_col, text, format);
  if (error != LXW_NO_ERROR)
    writer->error = error;
}

static void
write_header (Writer        *writer,
              lxw_worksheet *sheet,
              GArray        *columns)
{
  for (guint i = 0; i < columns->len; )
    {
      const GkColumn *column = &g_array_index (columns, GkColumn, i);
      guint span = gk_render_get_group_span (columns, i);

      if (column->group == NULL)
        put (writer, sheet, HEAD_ROW, i, HEAD_ROW + 1, i, column->label, writer->head);
      else
        {
          put (writer, sheet, HEAD_ROW, i, HEAD_ROW, i + span - 1, column->group, writer->head);
          for (guint k = i; k < i + span; k++)
            put (writer, sheet, HEAD_ROW + 1, k, HEAD_ROW + 1, k,
                 g_array_index (columns, GkColumn, k).label, writer->head);
        }
      i += span;
    }
}

static gboolean
is_centered (GkColumnKind kind)
{
  return kind == GK_COLUMN_NUMBER || kind >= GK_COLUMN_PUBLIC;
}

static void
write_items (Writer        *writer,
             lxw_worksheet *sheet,
             GArray        *columns,
             GPtrArray     *items)
{
  guint level1_left = 0;

  for (guint i = 0; i < items->len; i++)
    {
      GkItem *item = g_ptr_array_index (items, i);
      lxw_row_t row = FIRST_ROW + i;

      for (guint c = 0; c < columns->len; c++)
        {
          const GkColumn *column = &g_array_index (columns, GkColumn, c);
          lxw_row_t last_row = row;

          if (column->kind == GK_COLUMN_LEVEL1)
            {
              /* Rows inside a merged run were covered by its first row. */
              if (level1_left > 0)
                {
                  level1_left--;
                  continue;
                }
              level1_left = gk_render_get_level1_span (items, i) - 1;
              last_row = row + level1_left;
            }
          g_string_truncate (writer->scratch, 0);
          gk_render_append_cell_text (writer->scratch, item, column, i + 1);
          put (writer, sheet, row, c, last_row, c, writer->scratch->str,
               is_centered (column->kind) ? writer->center : writer->text);
        }
    }
}

/* "&" starts a code in Excel headers and footers. */
static void
set_page_header (lxw_worksheet *sheet,
                 const char    *title)
{
  g_autoptr(GString) header = g_string_new ("&C");
  const char *p;

  for (p = title; *p != '\0'; p++)
    {
      if (*p == '&')
        g_string_append_c (header, '&');
      g_string_append_c (header, *p);
    }
  if (header->len < LXW_HEADER_FOOTER_MAX)
    worksheet_set_header (sheet, header->str);
  worksheet_set_footer (sheet, "&C第 &P 页 共 &N 页");
}

static void
set_print (lxw_worksheet         *sheet,
           const char            *title,
           const GkRenderOptions *options)
{
  worksheet_set_landscape (sheet);
  worksheet_set_paper (sheet, options->paper == GK_PAPER_A3 ? PAPER_A3 : PAPER_A4);
  worksheet_set_margins (sheet, 0.4, 0.4, 0.7, 0.7);
  worksheet_center_horizontally (sheet);
  /* One page wide, as many pages tall as needed. */
  worksheet_fit_to_pages (sheet, 1, 0);
  worksheet_repeat_rows (sheet, HEAD_ROW, HEAD_ROW + 1);
  worksheet_freeze_panes (sheet, FIRST_ROW, 0);
  set_page_header (sheet, title);
}

/* Domain names are short and free of the characters Excel refuses in
 * sheet names; the code is a fallback that always works. */
static const char *
sheet_name (Writer         *writer,
            const GkDomain *domain)
{
  if (workbook_validate_sheet_name (writer->workbook, domain->name) == LXW_NO_ERROR)
    return domain->name;

  return domain->code;
}

static void
write_section (Writer                *writer,
               GkCatalog             *catalog,
               const GkRenderSection *section,
               const GkRenderOptions *options)
{
  g_autoptr(GArray) columns = gk_render_dup_columns (catalog, section->items);
  g_autofree char *title = gk_render_dup_title (catalog, section->domain);
  lxw_worksheet *sheet;

  sheet = workbook_add_worksheet (writer->workbook, sheet_name (writer, section->domain));
  if (sheet == NULL)
    {
      writer->error = LXW_ERROR_SHEETNAME_ALREADY_USED;
      return;
    }

  for (guint c = 0; c < columns->len; c++)
    worksheet_set_column (sheet, c, c, g_array_index (columns, GkColumn, c).width, NULL);
  worksheet_set_row (sheet, TITLE_ROW, 36, NULL);
  put (writer, sheet, TITLE_ROW, 0, TITLE_ROW, columns->len - 1, title, writer->title);
  write_header (writer, sheet, columns);
  write_items (writer, sheet, columns, section->items);
  set_print (sheet, title, options);
}

static lxw_error
write_workbook (GkCatalog             *catalog,
                GPtrArray             *sections,
                const GkRenderOptions *options,
                const char            *path)
{
  g_autofree char *title = gk_render_dup_title (catalog, NULL);
  lxw_doc_properties properties = { 0 };
  g_autoptr(GString) scratch = g_string_sized_new (512);
  Writer writer = { 0 };
  lxw_error error;

  writer.workbook = workbook_new (path);
  if (writer.workbook == NULL)
    return LXW_ERROR_CREATING_XLSX_FILE;
  writer.scratch = scratch;
  writer_add_formats (&writer);

  properties.title = title;
  properties.company = (char *) gk_catalog_get_unit_name (catalog);
  workbook_set_properties (writer.workbook, &properties);

  for (guint i = 0; i < sections->len; i++)
    write_section (&writer, catalog, g_ptr_array_index (sections, i), options);

  /* Closing writes the file and frees the workbook, even after an error. */
  error = workbook_close (writer.workbook);
  return writer.error != LXW_NO_ERROR ? writer.error : error;
}

/* libxlsxwriter would write U+FFFE into the XML, making the workbook
 * unreadable, and refuses a text over a cell's size without saying whose:
 * the item is named before anything is written. */
static gboolean
check_cells (GPtrArray  *sections,
             GError    **error)
{
  for (guint s = 0; s < sections->len; s++)
    {
      GPtrArray *items = ((GkRenderSection *) g_ptr_array_index (sections, s))->items;

      for (guint i = 0; i < items->len; i++)
        {
          GkItem *item = g_ptr_array_index (items, i);

          for (GkField field = 0; field < GK_N_FIELDS; field++)
            {
              GkCellText problem;
              g_autofree char *title = NULL;

              if (!gk_field_is_text (field)
                  || (problem = gk_text_check_cell (gk_item_get_text (item, field)))
                     == GK_CELL_TEXT_OK)
                continue;
              title = gk_item_dup_title (item);
              g_set_error (error, GK_RENDER_ERROR, GK_RENDER_ERROR_WRITE,
                           problem == GK_CELL_TEXT_TOO_LONG
                           ? _("Item “%s”, %s: the text is longer than a spreadsheet cell "
                               "holds")
                           : _("Item “%s”, %s: the text contains U+FFFE or U+FFFF, which a "
                               "spreadsheet cannot hold"),
                           title, gk_field_get_label (field));
              return FALSE;
            }
        }
    }

  return TRUE;
}

typedef struct
{
  GkCatalog             *catalog;
  GPtrArray             *sections;
  const GkRenderOptions *options;
  const char            *filename;
} WorkbookJob;

/* libxlsxwriter opens the file by its path itself, and only prints its
 * reason for a failure to stderr. */
static gboolean
write_workbook_cb (int          fd,
                   const char  *path,
                   gpointer     user_data,
                   GError     **error)
{
  WorkbookJob *job = user_data;
  lxw_error status = write_workbook (job->catalog, job->sections, job->options, path);

  if (status == LXW_NO_ERROR)
    return TRUE;
  g_set_error (error, GK_RENDER_ERROR, GK_RENDER_ERROR_WRITE,
               _("Could not write “%s”: %s"), job->filename, lxw_strerror (status));
  return FALSE;
}

/**
 * gk_export_xlsx:
 * @catalog: a catalog
 * @options: (nullable): which domain and paper size, %NULL for the whole
 *   catalog on A4
 * @filename: (type filename): the workbook to write (replaced if it exists)
 * @error: return location for a #GError
 *
 * Writes one sheet per domain, named after the domain, in the published
 * layout and set up for printing (landscape, one page wide, header rows
 * repeated, "第 N 页 共 M 页" in the footer).
 *
 * Returns: whether the workbook was written
 */
gboolean
gk_export_xlsx (GkCatalog             *catalog,
                const GkRenderOptions *options,
                const char            *filename,
                GError               **error)
{
  GkRenderOptions defaults = GK_RENDER_OPTIONS_INIT;
  g_autoptr(GPtrArray) sections = NULL;
  WorkbookJob job;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    options = &defaults;
  sections = gk_render_dup_sections (catalog, options, error);
  if (sections == NULL)
    return FALSE;
  if (sections->len == 0)
    {
      g_set_error (error, GK_RENDER_ERROR, GK_RENDER_ERROR_EMPTY,
                   _("The catalog has no items to export"));
      return FALSE;
    }

  if (!check_cells (sections, error))
    return FALSE;

  job.catalog = catalog;
  job.sections = sections;
  job.options = options;
  job.filename = filename;
  return gk_file_replace (filename, write_workbook_cb, &job, error);
}
