/* fuzz-import-csv.c: libFuzzer target for the CSV reader and the importer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>

#include "gk-catalog-json.h"
#include "gk-importer.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GkWorkbook) workbook = NULL;
  g_autoptr(GkImporter) importer = NULL;
  g_autoptr(GkCatalog) catalog = NULL;
  g_autofree char *text = NULL;

  workbook = gk_workbook_new_from_csv ((const char *) data, size, "fuzz", NULL);
  if (workbook == NULL)
    return 0;

  importer = gk_importer_new ();
  /* A default domain lets rows without one become items too. */
  gk_importer_set_default_domain (importer, "20");
  catalog = gk_importer_import_workbook (importer, workbook, NULL);
  text = gk_import_report_to_string (gk_importer_get_report (importer));
  if (catalog != NULL)
    g_free (gk_catalog_to_data (catalog, NULL));

  return 0;
}
