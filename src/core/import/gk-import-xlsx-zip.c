/* gk-import-xlsx-zip.c: the XML parts of an XLSX workbook out of its zip
 *
 * libarchive reads the container; only .xml and .rels parts are kept,
 * and every size is capped so that a hostile file (a zip bomb, thousands
 * of parts) fails with an error instead of eating the machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>

#include "gk-import-xlsx-private.h"

#define MAX_ENTRIES 10000
#define READ_SIZE 16384

void
gk_xlsx_set_damaged (GError     **error,
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
  g_autoptr(GByteArray) buffer = NULL;
  gsize len = 0;

  if (size_hint > (gint64) (GK_SHEET_MAX_BYTES - *total))
    {
      set_too_large (error);
      return NULL;
    }
  /* Straight into the buffer, sized from the zip's directory. */
  buffer = g_byte_array_sized_new ((guint) MAX (size_hint, 0) + READ_SIZE);
  for (;;)
    {
      la_ssize_t n;

      g_byte_array_set_size (buffer, (guint) (len + READ_SIZE));
      n = archive_read_data (archive, buffer->data + len, READ_SIZE);
      if (n == 0)
        break;
      if (n < 0)
        {
          gk_xlsx_set_damaged (error, archive_error_string (archive) != NULL
                                      ? archive_error_string (archive) : "zip");
          return NULL;
        }
      if ((gsize) n > GK_SHEET_MAX_BYTES - *total)
        {
          set_too_large (error);
          return NULL;
        }
      *total += (gsize) n;
      len += (gsize) n;
    }
  g_byte_array_set_size (buffer, (guint) len);

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/* Loads the XML parts of the zip; skips the rest (images) unread. */
gboolean
gk_xlsx_read_zip (const guint8  *data,
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
      gk_xlsx_set_damaged (error, _("it is not a complete zip archive"));
      goto out;
    }

  while ((status = archive_read_next_header (archive, &entry)) != ARCHIVE_EOF)
    {
      const char *path;
      GBytes *bytes;

      if (status < ARCHIVE_WARN || ++n_entries > MAX_ENTRIES)
        {
          gk_xlsx_set_damaged (error, n_entries > MAX_ENTRIES
                                      ? _("too many parts")
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
