/* gk-importer.c: published tables to a catalog
 *
 * Reads the sheets row by row: rows before a header give the title (and so
 * the domain), a header row (and the sub-header row below it) maps the
 * columns (gk-import-header.c), and every later row is an item
 * (gk-import-row.c), a title between tables, a repeated header, or
 * something reported as not imported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-importer.h"
#include "gk-import-private.h"

G_DEFINE_TYPE (GkImporter, gk_importer, G_TYPE_OBJECT)

G_DEFINE_QUARK (gk-import-error-quark, gk_import_error)

/* What an import keeps to read each distinct cell once; it is not needed
 * once the items are made. */
static void
clear_caches (GkImporter *self)
{
  g_clear_pointer (&self->symbol_texts, g_hash_table_unref);
  g_clear_pointer (&self->channel_cells, g_hash_table_unref);
  g_clear_pointer (&self->channel_texts, g_hash_table_unref);
  g_clear_pointer (&self->cell_texts, g_hash_table_unref);
  g_clear_pointer (&self->texts, g_ptr_array_unref);
}

static void
gk_importer_finalize (GObject *object)
{
  GkImporter *self = GK_IMPORTER (object);

  g_clear_object (&self->report);
  g_clear_pointer (&self->title_unit, g_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_pointer (&self->ids, g_hash_table_unref);
  clear_caches (self);

  G_OBJECT_CLASS (gk_importer_parent_class)->finalize (object);
}

static void
gk_importer_class_init (GkImporterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gk_importer_finalize;
  gk_import_header_init ();
}

static void
gk_importer_init (GkImporter *self)
{
}

/**
 * gk_importer_new:
 *
 * Returns: (transfer full): a new importer
 */
GkImporter *
gk_importer_new (void)
{
  return g_object_new (GK_TYPE_IMPORTER, NULL);
}

/**
 * gk_importer_set_default_domain:
 * @self: an importer
 * @domain: (nullable): a domain code, name or alias used for tables whose
 *   domain neither a column, a title nor the sheet name gives
 */
void
gk_importer_set_default_domain (GkImporter *self,
                                const char *domain)
{
  g_return_if_fail (GK_IS_IMPORTER (self));

  self->default_domain = gk_import_parse_domain (domain != NULL ? domain : "");
}

/**
 * gk_importer_get_report:
 * @self: an importer
 *
 * Returns: (transfer none) (nullable): the report of the last import
 */
GkImportReport *
gk_importer_get_report (GkImporter *self)
{
  g_return_val_if_fail (GK_IS_IMPORTER (self), NULL);

  return self->report;
}

/**
 * gk_importer_get_title_unit:
 * @self: an importer
 *
 * Returns: (transfer none) (nullable): the unit named before the domain in
 *   the first title ("某某县" of "某某县社会救助领域…目录"), if any
 */
const char *
gk_importer_get_title_unit (GkImporter *self)
{
  g_return_val_if_fail (GK_IS_IMPORTER (self), NULL);

  return self->title_unit;
}

/**
 * gk_import_sheet_report:
 * @state: the sheet being read
 * @row: the row, from 0
 * @column: the column, from 0, or -1 for the whole row
 * @issue: the kind of problem
 * @format: a translated printf() format of the message
 * @...: its arguments
 *
 * Adds a problem to the report, numbering the row from 1 as people do.
 */
void
gk_import_sheet_report (GkImportSheet *state,
                        guint          row,
                        int            column,
                        GkImportIssue  issue,
                        const char    *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  gk_import_report_add_problem (state->self->report, state->name, row + 1, column, issue,
                                message);
}

/**
 * gk_importer_add_level:
 * @self: an importer
 * @level: a level name
 *
 * Adds @level to the catalog's level set, in order of appearance.
 */
void
gk_importer_add_level (GkImporter *self,
                       const char *level)
{
  for (guint i = 0; i < self->levels->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (self->levels, i), level))
        return;
    }
  g_ptr_array_add (self->levels, g_strdup (level));
}

/**
 * gk_import_sheet_get_column:
 * @state: the sheet being read
 * @column: a column, from 0
 *
 * Returns: (transfer none) (nullable): what the current header maps
 *   @column to, %NULL for a column without header
 */
GkImportCol *
gk_import_sheet_get_column (GkImportSheet *state,
                            guint          c)
{
  return c < state->columns->len ? g_ptr_array_index (state->columns, c) : NULL;
}

/* A title: "XX县XX领域基层政务公开标准目录", or just the domain's name. */
static const GkDomain *
title_domain (GkImportSheet *state,
              const char    *text,
              gboolean       loose)
{
  g_autofree char *prefix = NULL;
  const GkDomain *domain = gk_import_parse_domain (text);

  if (domain == NULL && (loose || strstr (text, "领域") != NULL || strstr (text, "目录") != NULL))
    domain = gk_import_find_domain (text, &prefix);
  if (domain != NULL && state->self->title_unit == NULL && prefix != NULL && *prefix != '\0'
      && g_utf8_strlen (prefix, -1) <= 30)
    state->self->title_unit = g_steal_pointer (&prefix);
  return domain;
}

/* The one distinct text of a row, and in how many cells it stands. */
static const char *
single_text (GPtrArray *texts,
             guint     *n_cells,
             guint     *first)
{
  const char *found = NULL;

  *n_cells = 0;
  for (guint c = 0; c < texts->len; c++)
    {
      const char *text = g_ptr_array_index (texts, c);

      if (*text == '\0')
        continue;
      if (found != NULL && !g_str_equal (found, text))
        return NULL;
      if (found == NULL)
        *first = c;
      found = text;
      (*n_cells)++;
    }
  return found;
}

/* Cells with symbols of U+2000…U+2FFF (UTF-8 lead byte E2: √, ■ □ of
 * channel lists) take the slow path of gk_text_normalize(), and they
 * repeat from row to row, so each distinct one is normalized once. */
#define SYMBOL_TEXT_MAX 1024
#define SYMBOL_TEXTS_MAX 8192

static char *
normalize_text (GkImporter *self,
                const char *cell)
{
  const char *cached;
  gsize len;
  char *text;

  len = strnlen (cell, SYMBOL_TEXT_MAX);
  if (len == SYMBOL_TEXT_MAX || memchr (cell, 0xE2, len) == NULL)
    return gk_text_normalize (cell);
  if (self->symbol_texts == NULL)
    self->symbol_texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cached = g_hash_table_lookup (self->symbol_texts, cell);
  if (cached != NULL)
    return g_strdup (cached);
  text = gk_text_normalize (cell);
  if (g_hash_table_size (self->symbol_texts) < SYMBOL_TEXTS_MAX)
    g_hash_table_insert (self->symbol_texts, g_memdup2 (cell, len + 1), g_strdup (text));

  return text;
}

/* The normalized text of a cell, kept until the end of the import. The
 * cells of one XLSX shared string share their text, and the workbook
 * outlives the import: each is normalized once, found by its address, and
 * most are kept as they are, without a copy. */
static const char *
normalize_cell (GkImporter *self,
                const char *cell)
{
  const char *kept;
  char *text;

  if (*cell == '\0')
    return "";
  kept = g_hash_table_lookup (self->cell_texts, cell);
  if (kept != NULL)
    return kept;
  text = normalize_text (self, cell);
  if (strcmp (text, cell) == 0)
    {
      g_free (text);
      kept = cell;
    }
  else
    {
      g_ptr_array_add (self->texts, text);
      kept = text;
    }
  g_hash_table_insert (self->cell_texts, (gpointer) cell, (gpointer) kept);
  return kept;
}

/* The row's normalized cells; they are kept by the importer. */
static GPtrArray *
row_texts (GkImportSheet *state,
           guint          row,
           gboolean      *empty)
{
  guint width = MAX (gk_sheet_get_row_width (state->sheet, row),
                     state->columns != NULL ? state->columns->len : 0);
  GPtrArray *texts = g_ptr_array_sized_new (width);

  *empty = TRUE;
  for (guint c = 0; c < width; c++)
    {
      const char *text = normalize_cell (state->self, gk_sheet_get_cell (state->sheet, row, c));

      *empty &= *text == '\0';
      g_ptr_array_add (texts, (gpointer) text);
    }
  return texts;
}

/* Title rows between tables switch the domain; other rows with one text
 * over several cells (notes under the table) are reported. */
static gboolean
handle_single_text_row (GkImportSheet *state,
                        guint          row,
                        GPtrArray     *texts)
{
  guint n_cells, first = 0;
  const char *text = single_text (texts, &n_cells, &first);
  GkImportCol *column;
  const GkDomain *domain;

  if (text == NULL)
    return FALSE;
  column = gk_import_sheet_get_column (state, first);
  if (n_cells == 1 && column != NULL && column->target != GK_IMPORT_TARGET_IGNORED)
    return FALSE;

  domain = title_domain (state, text, TRUE);
  if (domain != NULL)
    {
      state->domain = domain;
      g_clear_pointer (&state->prev, g_ptr_array_unref);
      state->prev_level1 = NULL;
      gk_import_sheet_report (state, row, -1, GK_IMPORT_ISSUE_TITLE,
                              _("Title row: the rows below belong to the domain %s %s."),
                              domain->code, domain->name);
      return TRUE;
    }
  gk_import_sheet_report (state, row, -1, GK_IMPORT_ISSUE_SKIPPED_ROW,
                          _("This row is not an item and was not imported: “%s”."), text);
  return TRUE;
}

static gboolean
is_same_as_above (const char *text)
{
  return g_str_equal (text, "同上") || g_str_equal (text, "同上。");
}

static void
resolve_same_as_above (GkImportSheet *state,
                       guint          row,
                       GPtrArray     *texts)
{
  for (guint c = 0; c < texts->len; c++)
    {
      if (!is_same_as_above (g_ptr_array_index (texts, c)))
        continue;
      if (state->prev != NULL && c < state->prev->len)
        {
          texts->pdata[c] = g_ptr_array_index (state->prev, c);
          gk_import_sheet_report (state, row, (int) c, GK_IMPORT_ISSUE_SAME_AS_ABOVE,
                                  _("“同上” was replaced by the text of row %u."),
                                  state->prev_row + 1);
        }
      else
        {
          texts->pdata[c] = (gpointer) "";
          gk_import_sheet_report (state, row, (int) c, GK_IMPORT_ISSUE_NO_SAME_AS_ABOVE,
                                  _("“同上” has no item row above it; the cell was left empty."));
        }
    }
}

/* Rows before the first header: the title gives the domain and the unit;
 * the rest (索引号, 发布机构 …) is reported once a table is found. */
static void
handle_preamble_row (GkImportSheet *state,
                     guint          row,
                     GPtrArray     *texts)
{
  guint n_cells, first = 0;
  const char *text = single_text (texts, &n_cells, &first);
  const GkDomain *domain = text != NULL ? title_domain (state, text, FALSE) : NULL;
  g_autoptr(GString) joined = g_string_new (NULL);

  if (domain != NULL)
    {
      state->domain = domain;
      return;
    }
  for (guint c = 0; c < texts->len; c++)
    {
      const char *cell = g_ptr_array_index (texts, c);

      if (*cell == '\0' || (joined->len > 0 && g_str_equal (cell, text != NULL ? text : "")))
        continue;
      g_string_append_printf (joined, "%s%s", joined->len > 0 ? " | " : "", cell);
    }
  g_array_append_val (state->pending_rows, row);
  g_ptr_array_add (state->pending, g_string_free (g_steal_pointer (&joined), FALSE));
}

/* Whether the report has a line for the whole of @row among the problems
 * from @first on. */
static gboolean
has_row_line (GkImportSheet *state,
              guint          row,
              guint          first)
{
  GkImportReport *report = state->self->report;

  for (guint i = first; i < gk_import_report_get_n_problems (report); i++)
    {
      const GkImportProblem *problem = gk_import_report_get_problem (report, i);

      if (problem->row == row + 1 && problem->column < 0)
        return TRUE;
    }
  return FALSE;
}

/* A row under a header becomes an item, or the report has a line that
 * says why not: no row vanishes, whatever the code above missed. */
static void
handle_row (GkImportSheet *state,
            guint          row,
            GPtrArray     *texts)
{
  guint n_items = state->self->items->len;
  guint n_problems = gk_import_report_get_n_problems (state->self->report);
  g_autofree char *joined = NULL;

  if (state->columns == NULL)
    {
      handle_preamble_row (state, row, texts);
      return;
    }
  state->self->n_rows++;
  if (!handle_single_text_row (state, row, texts))
    {
      resolve_same_as_above (state, row, texts);
      gk_import_sheet_import_row (state, row, texts);
    }
  if (state->self->items->len > n_items || has_row_line (state, row, n_problems))
    return;
  joined = gk_import_join_texts (texts);
  gk_import_sheet_report (state, row, -1, GK_IMPORT_ISSUE_SKIPPED_ROW,
                          _("This row was not imported: “%s”."), joined);
}

static void
import_sheet (GkImporter *self,
              GkSheet    *sheet)
{
  GkImportSheet state = { self, sheet, gk_sheet_get_name (sheet), NULL, NULL,
                       g_ptr_array_new_with_free_func (g_free),
                       g_array_new (FALSE, FALSE, sizeof (guint)), NULL, 0, NULL,
                       g_string_new (NULL), g_string_new (NULL),
                       g_ptr_array_new_with_free_func (g_free) };
  guint n_rows = gk_sheet_get_n_rows (sheet);

  state.domain = gk_import_parse_domain (state.name);
  if (state.domain == NULL)
    state.domain = gk_import_find_domain (state.name, NULL);

  for (guint row = 0; row < n_rows; row++)
    {
      gboolean empty;
      g_autoptr(GPtrArray) texts = NULL;

      if (gk_sheet_get_row_width (sheet, row) == 0)
        continue;
      if (gk_import_sheet_is_header_row (&state, row))
        {
          row = gk_import_sheet_read_header (&state, row);
          continue;
        }
      texts = row_texts (&state, row, &empty);
      if (!empty)
        handle_row (&state, row, texts);
    }

  if (state.columns == NULL && n_rows > 0)
    gk_import_report_add_problem (self->report, state.name, 0, -1,
                                  GK_IMPORT_ISSUE_SKIPPED_SHEET,
                                  _("No table header was found in this sheet; it was not "
                                    "imported."));
  g_clear_pointer (&state.columns, g_ptr_array_unref);
  g_clear_pointer (&state.prev, g_ptr_array_unref);
  g_ptr_array_unref (state.pending);
  g_array_unref (state.pending_rows);
  g_string_free (state.other, TRUE);
  g_string_free (state.notes, TRUE);
  g_ptr_array_unref (state.levels);
}

static void
reset (GkImporter *self)
{
  g_clear_object (&self->report);
  g_clear_pointer (&self->title_unit, g_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_pointer (&self->ids, g_hash_table_unref);
  clear_caches (self);
  self->report = gk_import_report_new ();
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->levels = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cell_texts = g_hash_table_new (NULL, NULL);
  self->texts = g_ptr_array_new_with_free_func (g_free);
  self->n_rows = 0;
  memset (self->positions, 0, sizeof self->positions);
}

/**
 * gk_importer_import_workbook:
 * @self: an importer
 * @workbook: the sheets to read
 * @error: return location for a #GError
 *
 * Reads every visible sheet. Whatever is not imported is in the report
 * (gk_importer_get_report()), with its sheet, row and column; the report
 * is there after a %GK_IMPORT_ERROR too.
 *
 * Returns: (transfer full) (nullable): a catalog (without unit name) with
 *   the items in sheet order, or %NULL if no sheet has a catalog table
 *   (%GK_IMPORT_ERROR_NO_TABLE) or a table has rows but none became an
 *   item (%GK_IMPORT_ERROR_NOTHING_IMPORTED)
 */
GkCatalog *
gk_importer_import_workbook (GkImporter  *self,
                             GkWorkbook  *workbook,
                             GError     **error)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  gboolean found = FALSE;

  g_return_val_if_fail (GK_IS_IMPORTER (self), NULL);

  reset (self);
  for (guint i = 0; i < gk_workbook_get_n_sheets (workbook); i++)
    {
      GkSheet *sheet = gk_workbook_get_sheet (workbook, i);
      guint n_columns = gk_import_report_get_n_columns (self->report);

      if (gk_sheet_get_hidden (sheet))
        {
          if (gk_sheet_get_n_rows (sheet) > 0)
            gk_import_report_add_problem (self->report, gk_sheet_get_name (sheet), 0, -1,
                                          GK_IMPORT_ISSUE_SKIPPED_SHEET,
                                          _("The sheet is hidden; it was not imported."));
          continue;
        }
      import_sheet (self, sheet);
      found |= gk_import_report_get_n_columns (self->report) > n_columns;
    }
  clear_caches (self);

  if (!found)
    {
      g_set_error (error, GK_IMPORT_ERROR, GK_IMPORT_ERROR_NO_TABLE,
                   _("No catalog table was found: no row has headers such as "
                     "一级事项, 公开内容 and 公开时限."));
      return NULL;
    }
  /* Rows that were all left out are a failure, not an empty catalog: the
   * report says why for each. */
  if (self->items->len == 0 && self->n_rows > 0)
    {
      g_set_error (error, GK_IMPORT_ERROR, GK_IMPORT_ERROR_NOTHING_IMPORTED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Nothing was imported: the table has %u row, and it could not "
                                "be read as an item. The report says why.",
                                "Nothing was imported: the table has %u rows, and none could be "
                                "read as an item. The report says why for each.",
                                self->n_rows),
                   self->n_rows);
      return NULL;
    }

  if (self->levels->len > 0)
    gk_catalog_set_levels (catalog, (const char * const *) self->levels->pdata);
  for (guint i = 0; i < self->items->len; i++)
    gk_catalog_add_item (catalog, g_ptr_array_index (self->items, i));

  return g_steal_pointer (&catalog);
}

/**
 * gk_importer_import_file:
 * @self: an importer
 * @file: an XLSX or CSV file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the catalog read from @file
 */
GkCatalog *
gk_importer_import_file (GkImporter    *self,
                         GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GkWorkbook) workbook = NULL;

  g_return_val_if_fail (GK_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  workbook = gk_workbook_new_from_file (file, cancellable, error);
  if (workbook == NULL)
    return NULL;

  return gk_importer_import_workbook (self, workbook, error);
}

static void
import_file_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  GkCatalog *catalog = gk_importer_import_file (source_object, task_data, cancellable, &error);

  if (catalog == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, catalog, g_object_unref);
}

/**
 * gk_importer_import_file_async:
 * @self: an importer, not used until the import finishes
 * @file: an XLSX or CSV file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the import is done
 * @user_data: data for @callback
 *
 * Reads and imports @file in a worker thread, so the main loop never waits
 * on a large workbook.
 */
void
gk_importer_import_file_async (GkImporter          *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GK_IS_IMPORTER (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_importer_import_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, import_file_thread);
}

/**
 * gk_importer_import_file_finish:
 * @self: an importer
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the catalog; the report is
 *   gk_importer_get_report()
 */
GkCatalog *
gk_importer_import_file_finish (GkImporter    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gk_importer_import_file_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
