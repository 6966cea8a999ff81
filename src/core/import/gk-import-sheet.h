/* gk-import-sheet.h: spreadsheets read as grids of text (XLSX and CSV)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Limits that keep hostile files (zip bombs, huge dimensions) from
 * exhausting memory; real catalogs stay far below them. */
#define GK_SHEET_MAX_BYTES      (256u * 1024 * 1024) /* uncompressed, whole file */
#define GK_SHEET_MAX_ROWS       100000u
#define GK_SHEET_MAX_COLUMNS    1024u
#define GK_SHEET_MAX_CELLS      2000000u
#define GK_SHEET_MAX_CELL_BYTES (1024u * 1024)
#define GK_SHEET_MAX_SHEETS     256u
#define GK_SHEET_MAX_MERGED_CELLS 1000000u

#define GK_SHEET_ERROR (gk_sheet_error_quark ())

typedef enum
{
  GK_SHEET_ERROR_FORMAT,    /* not a spreadsheet of a known kind */
  GK_SHEET_ERROR_CORRUPT,   /* damaged zip or XML, missing parts */
  GK_SHEET_ERROR_TOO_LARGE, /* over one of the limits above */
  GK_SHEET_ERROR_ENCODING,  /* text in no known encoding */
} GkSheetError;

GQuark      gk_sheet_error_quark (void);

typedef struct _GkSheet GkSheet;
typedef struct _GkWorkbook GkWorkbook;

GkWorkbook *gk_workbook_new            (void);
void        gk_workbook_free           (GkWorkbook  *self);
guint       gk_workbook_get_n_sheets   (GkWorkbook  *self);
GkSheet    *gk_workbook_get_sheet      (GkWorkbook  *self,
                                        guint        index);
GkSheet    *gk_workbook_add_sheet      (GkWorkbook  *self,
                                        const char  *name);

GkWorkbook *gk_workbook_new_from_xlsx  (const guint8 *data,
                                        gsize         length,
                                        GError      **error);
GkWorkbook *gk_workbook_new_from_csv   (const char   *data,
                                        gsize         length,
                                        const char   *sheet_name,
                                        GError      **error);
GkWorkbook *gk_workbook_new_from_bytes (const guint8 *data,
                                        gsize         length,
                                        const char   *basename,
                                        GError      **error);
GkWorkbook *gk_workbook_new_from_file  (GFile        *file,
                                        GCancellable *cancellable,
                                        GError      **error);

const char *gk_sheet_get_name          (GkSheet     *self);
gboolean    gk_sheet_get_hidden        (GkSheet     *self);
void        gk_sheet_set_hidden        (GkSheet     *self,
                                        gboolean     hidden);
guint       gk_sheet_get_n_rows        (GkSheet     *self);
guint       gk_sheet_get_n_columns     (GkSheet     *self);
guint       gk_sheet_get_row_width     (GkSheet     *self,
                                        guint        row);
const char *gk_sheet_get_cell          (GkSheet     *self,
                                        guint        row,
                                        guint        column);
gboolean    gk_sheet_set_cell          (GkSheet     *self,
                                        guint        row,
                                        guint        column,
                                        const char  *text,
                                        GError     **error);
gboolean    gk_sheet_set_cell_shared   (GkSheet     *self,
                                        guint        row,
                                        guint        column,
                                        char        *text,
                                        GError     **error);
void        gk_sheet_detach            (GkSheet     *self);
void        gk_sheet_attach            (GkSheet     *self);
gboolean    gk_sheet_add_merge         (GkSheet     *self,
                                        guint        first_row,
                                        guint        first_column,
                                        guint        last_row,
                                        guint        last_column);
gboolean    gk_sheet_is_merged         (GkSheet     *self,
                                        guint        row,
                                        guint        column);
gboolean    gk_sheet_apply_merges      (GkSheet     *self,
                                        GError     **error);

char       *gk_sheet_column_name       (guint        column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkWorkbook, gk_workbook_free)

G_END_DECLS
