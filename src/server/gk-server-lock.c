/* gk-server-lock.c: advisory locks on the server's folder
 *
 * flock() locks, not SQLite's: they belong to an open file, so the kernel
 * drops them when the process ends however it ends (a killed `serve`
 * leaves no stale lock behind), and they hold across processes and
 * between two opens in one process alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gk-server-db.h"
#include "gk-server-lock.h"

/**
 * gk_server_lock_take:
 * @path: the lock file, created when missing
 * @busy_message: the error's message when another holds the lock
 * @error: return location for a #GError: %GK_SERVER_ERROR_BUSY when the
 *   lock is held
 *
 * Takes an exclusive lock on @path without waiting.
 *
 * Returns: the descriptor that holds the lock, or -1
 */
int
gk_server_lock_take (const char  *path,
                     const char  *busy_message,
                     GError     **error)
{
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not open the lock file “%s”: %s"), path, g_strerror (saved_errno));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;

      close (fd);
      if (saved_errno == EWOULDBLOCK)
        g_set_error_literal (error, GK_SERVER_ERROR, GK_SERVER_ERROR_BUSY, busy_message);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     _("Could not lock “%s”: %s"), path, g_strerror (saved_errno));
      return -1;
    }

  return fd;
}

/**
 * gk_server_lock_release:
 * @fd: a descriptor from gk_server_lock_take(), or -1
 *
 * Releases the lock. The file stays: removing it would let a third
 * process lock a new file of that name while a second holds the old one.
 */
void
gk_server_lock_release (int fd)
{
  if (fd >= 0)
    close (fd);
}
