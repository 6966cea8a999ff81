/* fuzz-import-xlsx.c: libFuzzer target for the XLSX reader and the importer
 *
 * An input that starts with "PK" is read as a whole XLSX file. Anything
 * else is taken as the XML of the one worksheet of a minimal workbook
 * (stored, not deflated), so that mutations reach the XML reader instead
 * of failing the zip's checksums.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <string.h>
#include <archive.h>
#include <archive_entry.h>

#include "gk-catalog-json.h"
#include "gk-importer.h"

#define WORKBOOK \
  "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
  "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" \
  "<sheets><sheet name=\"社会救助\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define RELS \
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/" \
  "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
#define STRINGS \
  "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" \
  "<si><t>一级事项</t></si><si><t>二级事项</t></si><si><t>公开内容</t></si>" \
  "<si><t>公开时限</t></si><si><r><t>■政府网站</t></r><r><t>□其他</t></r></si>" \
  "<si><t>√</t><rPh><t>x</t></rPh></si></sst>"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
add_entry (struct archive *archive,
           const char     *name,
           const void     *data,
           size_t          size)
{
  struct archive_entry *entry = archive_entry_new ();

  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, (la_int64_t) size);
  archive_write_header (archive, entry);
  archive_write_data (archive, data, size);
  archive_entry_free (entry);
}

/* Returns a zip of a workbook whose sheet is @data. */
static guint8 *
wrap_sheet (const uint8_t *data,
            size_t         size,
            size_t        *used)
{
  size_t capacity = size + 8192;
  guint8 *buffer = g_malloc (capacity);
  struct archive *archive = archive_write_new ();

  *used = 0;
  archive_write_set_format_zip (archive);
  archive_write_set_options (archive, "zip:compression=store");
  archive_write_open_memory (archive, buffer, capacity, used);
  add_entry (archive, "xl/workbook.xml", WORKBOOK, strlen (WORKBOOK));
  add_entry (archive, "xl/_rels/workbook.xml.rels", RELS, strlen (RELS));
  add_entry (archive, "xl/sharedStrings.xml", STRINGS, strlen (STRINGS));
  add_entry (archive, "xl/worksheets/sheet1.xml", data, size);
  archive_write_close (archive);
  archive_write_free (archive);

  return buffer;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GkWorkbook) workbook = NULL;
  g_autoptr(GkImporter) importer = NULL;
  g_autoptr(GkCatalog) catalog = NULL;
  g_autofree guint8 *wrapped = NULL;
  g_autofree char *text = NULL;
  size_t used = 0;

  if (size >= 2 && memcmp (data, "PK", 2) == 0)
    workbook = gk_workbook_new_from_xlsx (data, size, NULL);
  else
    {
      wrapped = wrap_sheet (data, size, &used);
      workbook = gk_workbook_new_from_xlsx (wrapped, used, NULL);
    }
  if (workbook == NULL)
    return 0;

  importer = gk_importer_new ();
  catalog = gk_importer_import_workbook (importer, workbook, NULL);
  text = gk_import_report_to_string (gk_importer_get_report (importer));
  if (catalog != NULL)
    g_free (gk_catalog_to_data (catalog, NULL));

  return 0;
}
