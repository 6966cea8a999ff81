/* gk-file.c: reading and writing whole files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gk-file.h"

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *filename)
{
  g_autofree char *display = g_filename_display_name (filename);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not write “%s”: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

/* Beside @filename, so that the rename stays on one file system; with the
 * mode a new file would get, or the old file's. */
static char *
create_temp (const char  *filename,
             int         *fd,
             GError     **error)
{
  struct stat old;

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *temp = g_strdup_printf ("%s.%08x.tmp", filename, g_random_int ());

      *fd = g_open (temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (*fd < 0 && errno == EEXIST)
        continue;
      if (*fd < 0)
        {
          set_errno_error (error, errno, filename);
          return NULL;
        }
      if (g_stat (filename, &old) == 0 && S_ISREG (old.st_mode))
        fchmod (*fd, old.st_mode & 07777);
      return g_steal_pointer (&temp);
    }

  set_errno_error (error, EEXIST, filename);
  return NULL;
}

/**
 * gk_file_write_all:
 * @fd: a file open for writing
 * @data: (array length=length): what to write
 * @length: the length of @data
 * @filename: (type filename): the file's name, for the error message
 * @error: return location for a #GError
 *
 * Writes every byte of @data, for writers given a descriptor by
 * gk_file_replace().
 *
 * Returns: %TRUE when all was written
 */
gboolean
gk_file_write_all (int          fd,
                   const char  *data,
                   gsize        length,
                   const char  *filename,
                   GError     **error)
{
  while (length > 0)
    {
      gssize n = write (fd, data, MIN (length, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_errno_error (error, errno, filename);
      data += n;
      length -= (gsize) n;
    }

  return TRUE;
}

/* The directory's entry must reach the disk too, or a power cut after the
 * rename could bring back the old name pointing at nothing. A file system
 * that cannot sync directories says EINVAL: nothing more can be done. */
static void
sync_directory (const char *filename)
{
  g_autofree char *dir = g_path_get_dirname (filename);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  fsync (fd);
  close (fd);
}

/**
 * gk_file_replace:
 * @filename: (type filename): the file to write (replaced if it exists)
 * @write_func: (scope call): writes the new contents into the file it is
 *   given, by its descriptor or by its path
 * @user_data: data for @write_func
 * @error: return location for a #GError
 *
 * Writes a new file beside @filename, syncs it to disk and renames it over
 * @filename. On every error, from @write_func, a full disk, a file-size
 * limit or a failed sync, the new file is removed and @filename is left
 * as it was, byte for byte: the rename is the only step that touches it.
 * Every file Gongkai writes goes through here.
 *
 * Returns: %TRUE when @filename holds the new contents
 */
gboolean
gk_file_replace (const char       *filename,
                 GkFileWriteFunc   write_func,
                 gpointer          user_data,
                 GError          **error)
{
  g_autofree char *temp = NULL;
  int fd = -1;
  gboolean ok;

  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  temp = create_temp (filename, &fd, error);
  if (temp == NULL)
    return FALSE;

  ok = write_func (fd, temp, user_data, error);
  if (ok && fsync (fd) != 0)
    ok = set_errno_error (error, errno, filename);
  if (close (fd) != 0 && ok)
    ok = set_errno_error (error, errno, filename);
  if (ok && g_rename (temp, filename) != 0)
    ok = set_errno_error (error, errno, filename);

  if (!ok)
    {
      g_unlink (temp);
      return FALSE;
    }
  sync_directory (filename);

  return TRUE;
}

typedef struct
{
  const char *data;
  gsize       length;
  const char *filename;
} Contents;

static gboolean
write_contents (int          fd,
                const char  *temp,
                gpointer     user_data,
                GError     **error)
{
  Contents *contents = user_data;

  return gk_file_write_all (fd, contents->data, contents->length, contents->filename, error);
}

/**
 * gk_file_replace_contents:
 * @file: where to write, a local file
 * @data: (array length=length): what to write
 * @length: the length of @data
 * @cancellable: (nullable): a #GCancellable, checked before writing
 * @error: return location for a #GError
 *
 * Replaces @file's contents through gk_file_replace(), in one write.
 * GIO's g_file_replace() is not used: closing its stream after a failed
 * write renames the partial file over the old one.
 *
 * Returns: %TRUE on success
 */
gboolean
gk_file_replace_contents (GFile         *file,
                          const char    *data,
                          gsize          length,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *path = NULL;
  Contents contents = { data, length, NULL };

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Could not write “%s”: it is not a local file"), uri);
      return FALSE;
    }
  contents.filename = path;

  return gk_file_replace (path, write_contents, &contents, error);
}

/**
 * gk_file_load_contents:
 * @file: a regular file
 * @max_length: the most bytes it may hold
 * @cancellable: (nullable): a #GCancellable
 * @data: (out) (transfer full): its contents, NUL-terminated
 * @length: (out): their length, without the NUL
 * @error: return location for a #GError
 *
 * Reads a whole file in one go when its size is known. A device, a pipe
 * or a directory is refused (reading /dev/zero would never end), and so
 * is a file over @max_length, even one that grows while it is read.
 *
 * Returns: %TRUE on success
 */
gboolean
gk_file_load_contents (GFile         *file,
                       gsize          max_length,
                       GCancellable  *cancellable,
                       char         **data,
                       gsize         *length,
                       GError       **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *buffer = NULL;
  gsize capacity;
  gsize used = 0;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    return FALSE;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return gk_file_set_not_regular_error (file, error);
  if ((guint64) g_file_info_get_size (info) > max_length)
    return gk_file_set_too_large_error (file, max_length, error);

  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    return FALSE;
  /* In one read when the size is known; a file that grows meanwhile is
   * read on, one byte past the limit telling it went over. */
  capacity = MIN ((gsize) g_file_info_get_size (info), max_length) + 2;
  buffer = g_malloc (capacity);
  for (;;)
    {
      gsize n;

      if (!g_input_stream_read_all (G_INPUT_STREAM (in), buffer + used, capacity - 1 - used,
                                    &n, cancellable, error))
        return FALSE;
      used += n;
      if (used > max_length)
        return gk_file_set_too_large_error (file, max_length, error);
      if (used < capacity - 1)
        break;
      capacity = MIN (capacity * 2, max_length + 2);
      buffer = g_realloc (buffer, capacity);
    }
  buffer[used] = '\0';
  *data = g_steal_pointer (&buffer);
  *length = used;

  return TRUE;
}

/**
 * gk_file_set_not_regular_error:
 * @file: a file that is not a regular file
 * @error: return location for a #GError
 *
 * Returns: %FALSE, with @error set to %G_IO_ERROR_NOT_REGULAR_FILE
 */
gboolean
gk_file_set_not_regular_error (GFile   *file,
                               GError **error)
{
  g_autofree char *name = g_file_get_parse_name (file);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
               _("“%s” is not a file (it is a folder, a device or a pipe)"), name);
  return FALSE;
}

/**
 * gk_file_set_too_large_error:
 * @file: a file that is too large
 * @max_length: the limit, in bytes
 * @error: return location for a #GError
 *
 * Returns: %FALSE, with @error set to %G_IO_ERROR_MESSAGE_TOO_LARGE
 */
gboolean
gk_file_set_too_large_error (GFile   *file,
                             gsize    max_length,
                             GError **error)
{
  g_autofree char *name = g_file_get_parse_name (file);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
               _("“%s” is too large: more than %u MiB"), name,
               (guint) (max_length / (1024 * 1024)));
  return FALSE;
}
