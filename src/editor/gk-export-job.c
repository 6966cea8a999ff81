/* gk-export-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n.h>

#include "gk-export.h"
#include "gk-export-job.h"
#include "gk-export-pdf.h"

/* The exports read the catalog for as long as they run, which may be
 * seconds for a large one: they work on a copy taken on the main thread,
 * so the user can go on editing meanwhile. */
typedef struct
{
  GkCatalog      *catalog;
  GkExportFormat  format;
  char           *domain_code;
  gboolean        include_empty_domains;
  GkPaperSize     paper;
  GFile          *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->catalog);
  g_clear_object (&data->file);
  g_free (data->domain_code);
  g_free (data);
}

/**
 * gk_export_format_get_extension:
 *
 * Returns: the file name extension, without the dot
 */
const char *
gk_export_format_get_extension (GkExportFormat format)
{
  static const char * const extensions[] = { "html", "pdf", "xlsx", "csv" };

  g_return_val_if_fail (format <= GK_EXPORT_FORMAT_CSV, NULL);

  return extensions[format];
}

/**
 * gk_export_format_get_mime_type:
 *
 * Returns: the content type of the files
 */
const char *
gk_export_format_get_mime_type (GkExportFormat format)
{
  static const char * const types[] = {
    "text/html",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text/csv",
  };

  g_return_val_if_fail (format <= GK_EXPORT_FORMAT_CSV, NULL);

  return types[format];
}

/**
 * gk_export_format_get_label:
 *
 * Returns: the translated name of the format, for people
 */
const char *
gk_export_format_get_label (GkExportFormat format)
{
  static const char * const labels[] = {
    N_("Web Page (HTML)"),
    N_("Document to Print (PDF)"),
    N_("Spreadsheet (XLSX)"),
    N_("One Row per Item (CSV)"),
  };

  g_return_val_if_fail (format <= GK_EXPORT_FORMAT_CSV, NULL);

  return _(labels[format]);
}

/**
 * gk_catalog_dup_snapshot:
 * @catalog: a catalog
 *
 * Copies @catalog through its JSON form, ids, positions and times kept.
 *
 * Returns: (transfer full): an independent copy of @catalog
 */
GkCatalog *
gk_catalog_dup_snapshot (GkCatalog *catalog)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  GkCatalog *copy;
  gsize length = 0;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  data = gk_catalog_to_data (catalog, &length);
  copy = gk_catalog_new_from_data (data, length, &error);
  /* The JSON written from a catalog always reads back. */
  if (copy == NULL)
    g_error ("Could not copy the catalog: %s", error->message);

  return copy;
}

/**
 * gk_export_dup_file_name:
 * @catalog: a catalog
 * @domain_code: (nullable): the domain exported, or %NULL for all
 * @format: the format
 *
 * Returns: (transfer full): the published title as a file name, e.g.
 *   "某某县政务公开标准目录.xlsx"
 */
char *
gk_export_dup_file_name (GkCatalog      *catalog,
                         const char     *domain_code,
                         GkExportFormat  format)
{
  const GkDomain *domain = domain_code != NULL ? gk_domain_lookup (domain_code) : NULL;
  g_autofree char *title = gk_render_dup_title (catalog, domain);

  /* A unit name may hold a slash, which no file name can. */
  g_strdelimit (title, "/\\", '-');
  return g_strconcat (title, ".", gk_export_format_get_extension (format), NULL);
}

static gboolean
write_text (GFile       *file,
            const char  *data,
            gsize        length,
            GError     **error)
{
  return gk_file_replace_contents (file, data, length, NULL, error);
}

static char *
get_local_path (GFile   *file,
                GError **error)
{
  char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a local file; choose a folder on this computer"), uri);
    }
  return path;
}

/**
 * gk_export_write_file:
 * @catalog: a catalog
 * @format: the format to write
 * @options: which domain, and the paper for PDF and XLSX
 * @file: where to write (replaced if it exists)
 * @error: return location for a #GError
 *
 * Writes the export in the calling thread; @catalog must not change
 * meanwhile.
 *
 * Returns: whether @file was written
 */
gboolean
gk_export_write_file (GkCatalog             *catalog,
                      GkExportFormat         format,
                      const GkRenderOptions *options,
                      GFile                 *file,
                      GError               **error)
{
  g_autofree char *data = NULL;
  g_autofree char *path = NULL;
  gsize length = 0;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  switch (format)
    {
    case GK_EXPORT_FORMAT_HTML:
      data = gk_render_html (catalog, options, error);
      return data != NULL && write_text (file, data, strlen (data), error);
    case GK_EXPORT_FORMAT_CSV:
      data = gk_export_csv (catalog, options, &length, error);
      return data != NULL && write_text (file, data, length, error);
    case GK_EXPORT_FORMAT_XLSX:
      path = get_local_path (file, error);
      return path != NULL && gk_export_xlsx (catalog, options, path, error);
    case GK_EXPORT_FORMAT_PDF:
      path = get_local_path (file, error);
      return path != NULL && gk_export_pdf (catalog, options, path, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

static void
write_file_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ExportData *data = task_data;
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  GError *error = NULL;

  options.domain_code = data->domain_code;
  options.include_empty_domains = data->include_empty_domains;
  options.paper = data->paper;
  if (gk_export_write_file (data->catalog, data->format, &options, data->file, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * gk_export_write_file_async:
 * @catalog: a catalog
 * @format: the format to write
 * @options: which domain, and the paper for PDF and XLSX
 * @file: where to write (replaced if it exists)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller,
 *   with @file as the source object
 * @user_data: data for @callback
 *
 * Copies @catalog now and writes the copy in a worker thread.
 */
void
gk_export_write_file_async (GkCatalog             *catalog,
                            GkExportFormat         format,
                            const GkRenderOptions *options,
                            GFile                 *file,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (GK_IS_CATALOG (catalog));
  g_return_if_fail (options != NULL);
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ExportData, 1);
  data->catalog = gk_catalog_dup_snapshot (catalog);
  data->format = format;
  data->domain_code = g_strdup (options->domain_code);
  data->include_empty_domains = options->include_empty_domains;
  data->paper = options->paper;
  data->file = g_object_ref (file);

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, gk_export_write_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, write_file_thread);
}

/**
 * gk_export_write_file_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: whether the file was written
 */
gboolean
gk_export_write_file_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gk_export_write_file_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
