/* gk-server-static.c: the published catalogs, read-only at /catalog/
 *
 * GET and HEAD of /catalog/CATALOG/NAME serve DATA/published/CATALOG/NAME
 * to anyone, without a token: it is what the portal shows. A publication
 * is one flat folder, so a path has exactly the catalog and a file name,
 * both of the letters of an id ([A-Za-z0-9._-], not starting with a dot:
 * the lock and the folders of a publication in progress start with one);
 * anything else, after percent-decoding, is a 404: "..", "%2e%2e", "%2f",
 * a backslash, a deeper path. The catalog's folder and the file are opened
 * with O_NOFOLLOW, so a symbolic link (to anywhere) is a 404 too, and a
 * file must be a regular one: there is no listing of a folder.
 *
 * Answers are cacheable but revalidated (Cache-Control: no-cache, an ETag
 * and Last-Modified): a new publication must show at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gk-server-publish.h"
#include "gk-server-response.h"
#include "gk-server-static.h"

static const struct
{
  const char *extension;
  const char *type;
} content_types[] = {
  { ".html", "text/html; charset=utf-8" },
  { ".json", "application/json" },
  { ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  { ".pdf", "application/pdf" },
};

static const char *
get_content_type (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (content_types); i++)
    {
      if (g_str_has_suffix (name, content_types[i].extension))
        return content_types[i].type;
    }

  return "application/octet-stream";
}

/* A catalog id or a file name of a publication. */
static gboolean
is_plain_name (const char *name)
{
  static const char allowed[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                "0123456789._-";
  gsize length = strlen (name);

  return length > 0 && length <= 255 && name[0] != '.' && strspn (name, allowed) == length;
}

static void
not_found (SoupServerMessage *msg)
{
  gk_server_respond_problem (msg, SOUP_STATUS_NOT_FOUND, GK_PROBLEM_NOT_FOUND, _("Not found"),
                             _("There is no such published file."));
}

/* Splits "CATALOG/NAME" (after the prefix, decoded) into its two names;
 * "CATALOG/" names index.html. FALSE for anything else. */
static gboolean
split_path (const char  *rest,
            char       **catalog_id,
            char       **name,
            gboolean    *bare)
{
  g_autofree char *decoded = g_uri_unescape_string (rest, NULL);
  const char *slash;

  *bare = FALSE;
  if (decoded == NULL || strlen (decoded) != strcspn (decoded, "\\"))
    return FALSE;

  slash = strchr (decoded, '/');
  if (slash == NULL)
    {
      /* "/catalog/CATALOG": the index is at "/catalog/CATALOG/", where its
       * relative links work. */
      *bare = TRUE;
      *catalog_id = g_strdup (decoded);
      return is_plain_name (*catalog_id);
    }
  *catalog_id = g_strndup (decoded, slash - decoded);
  *name = g_strdup (slash[1] != '\0' ? slash + 1 : "index.html");

  return is_plain_name (*catalog_id) && is_plain_name (*name);
}

static void
redirect (SoupServerMessage *msg,
          const char        *catalog_id)
{
  g_autofree char *location = g_strconcat (GK_SERVER_STATIC_PREFIX, catalog_id, "/", NULL);

  soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, location);
}

/* The published file, open, or -1 (for a 404, whatever the reason). */
static int
open_published (const char  *data_dir,
                const char  *catalog_id,
                const char  *name,
                struct stat *st)
{
  g_autofree char *folder = g_build_filename (data_dir, GK_SERVER_PUBLISHED_DIR, catalog_id,
                                              NULL);
  int dir_fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
  int fd;

  if (dir_fd < 0)
    return -1;
  fd = openat (dir_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  close (dir_fd);
  if (fd < 0)
    return -1;
  if (fstat (fd, st) != 0 || !S_ISREG (st->st_mode))
    {
      close (fd);
      return -1;
    }

  return fd;
}

/* Every publication writes new files: the inode, size and time tell
 * them apart. */
static char *
make_etag (const struct stat *st)
{
  return g_strdup_printf ("\"%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x-%"
                          G_GINT64_MODIFIER "x%09ld\"", (gint64) st->st_ino,
                          (gint64) st->st_size, (gint64) st->st_mtim.tv_sec,
                          (long) st->st_mtim.tv_nsec);
}

static gboolean
etag_matches (const char *header,
              const char *etag)
{
  g_auto(GStrv) tags = g_strsplit (header, ",", -1);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }

  return FALSE;
}

static void
set_validators (SoupMessageHeaders *headers,
                const struct stat  *st,
                const char         *etag)
{
  g_autoptr(GDateTime) modified = g_date_time_new_from_unix_utc (st->st_mtim.tv_sec);
  g_autofree char *date = soup_date_time_to_string (modified, SOUP_DATE_HTTP);

  soup_message_headers_replace (headers, "ETag", etag);
  soup_message_headers_replace (headers, "Last-Modified", date);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
}

/* Not modified since: If-None-Match wins over If-Modified-Since (RFC 9110
 * §13.2.2). */
static gboolean
is_fresh (SoupMessageHeaders *request,
          const struct stat  *st,
          const char         *etag)
{
  const char *none_match = soup_message_headers_get_one (request, "If-None-Match");
  const char *since_text = soup_message_headers_get_one (request, "If-Modified-Since");
  g_autoptr(GDateTime) since = NULL;

  if (none_match != NULL)
    return etag_matches (none_match, etag);
  if (since_text == NULL || (since = soup_date_time_new_from_http_string (since_text)) == NULL)
    return FALSE;

  return st->st_mtim.tv_sec <= g_date_time_to_unix (since);
}

static void
serve_file (SoupServerMessage *msg,
            int                fd,
            const struct stat *st,
            const char        *name)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *etag = make_etag (st);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;

  set_validators (headers, st, etag);
  if (is_fresh (soup_server_message_get_request_headers (msg), st, etag))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  /* An empty file cannot be mapped. */
  if (st->st_size > 0 && (mapped = g_mapped_file_new_from_fd (fd, FALSE, NULL)) == NULL)
    {
      gk_server_respond_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, GK_PROBLEM_INTERNAL,
                                 _("Internal server error"),
                                 _("The published file could not be read."));
      return;
    }
  bytes = mapped != NULL ? g_mapped_file_get_bytes (mapped) : g_bytes_new (NULL, 0);
  soup_message_headers_set_content_type (headers, get_content_type (name), NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
handle (GkServer           *server,
        SoupServerMessage  *msg,
        const GkServerAuth *auth,
        const GkJsonValue  *body)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autofree char *catalog_id = NULL;
  g_autofree char *name = NULL;
  struct stat st;
  gboolean bare;
  int fd;

  if (!split_path (path + strlen (GK_SERVER_STATIC_PREFIX), &catalog_id, &name, &bare))
    {
      not_found (msg);
      return;
    }
  if (bare)
    {
      redirect (msg, catalog_id);
      return;
    }

  fd = open_published (gk_server_get_data_dir (server), catalog_id, name, &st);
  if (fd < 0)
    {
      not_found (msg);
      return;
    }
  serve_file (msg, fd, &st, name);
  close (fd);
}

/**
 * gk_server_static_add_routes:
 * @server: a server
 *
 * Serves the published catalogs at /catalog/, without a token.
 */
void
gk_server_static_add_routes (GkServer *server)
{
  gk_server_add_public_route (server, "GET", GK_SERVER_STATIC_PREFIX, handle);
  gk_server_add_public_route (server, "HEAD", GK_SERVER_STATIC_PREFIX, handle);
}
