/* gk-server-token.c: bearer tokens, made, hashed and read from requests
 *
 * A token is "gk1_" and 32 random bytes in base64url: the prefix lets
 * secret scanners and log filters recognize one. The server keeps only its
 * SHA-256 and finds the token's row by that hash; a hash lookup leaks
 * nothing through its timing that would help to guess a token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <gio/gio.h>
#include <glib/gi18n.h>

#include "gk-server-token.h"

#define TOKEN_PREFIX "gk1_"
#define TOKEN_BYTES 32
#define ID_BYTES 6

/* From the kernel's generator: g_random is a Mersenne Twister, whose
 * output can be predicted from what it gave before. getrandom() blocks
 * only until the kernel's pool is first seeded, early at boot. */
static gboolean
fill_random (guint8  *buffer,
             gsize    length,
             GError **error)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not get random bytes from the system: %s"),
                       g_strerror (saved_errno));
          return FALSE;
        }
      done += (gsize) n;
    }

  return TRUE;
}

/**
 * gk_server_token_generate:
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a new token, 256 random bits
 */
char *
gk_server_token_generate (GError **error)
{
  guint8 bytes[TOKEN_BYTES];
  g_autofree char *encoded = NULL;
  char *token;

  if (!fill_random (bytes, sizeof bytes, error))
    return NULL;

  encoded = g_base64_encode (bytes, sizeof bytes);
  explicit_bzero (bytes, sizeof bytes);
  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  *strchr (encoded, '=') = '\0';

  token = g_strconcat (TOKEN_PREFIX, encoded, NULL);
  explicit_bzero (encoded, strlen (encoded));
  return token;
}

/**
 * gk_server_token_generate_id:
 * @error: return location for a #GError
 *
 * The id names a token where the token itself must not appear: in the
 * access log, in `token list`, to revoke it.
 *
 * Returns: (transfer full) (nullable): a new token id, "t_" and 12 hex digits
 */
char *
gk_server_token_generate_id (GError **error)
{
  guint8 bytes[ID_BYTES];
  GString *id = g_string_new ("t_");

  if (!fill_random (bytes, sizeof bytes, error))
    return g_string_free (id, TRUE);

  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (id, "%02x", bytes[i]);

  return g_string_free (id, FALSE);
}

/**
 * gk_server_token_hash:
 * @token: (array length=length): a token
 * @length: its length
 * @hash: (out caller-allocates): its SHA-256
 */
void
gk_server_token_hash (const char *token,
                      gsize       length,
                      guint8      hash[GK_SERVER_TOKEN_HASH_SIZE])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize size = GK_SERVER_TOKEN_HASH_SIZE;

  g_checksum_update (checksum, (const guchar *) token, (gssize) length);
  g_checksum_get_digest (checksum, hash, &size);
}

/**
 * gk_server_token_from_header:
 * @authorization: (nullable): the Authorization header
 * @token: (out) (transfer none): where the token starts in @authorization
 * @length: (out): its length
 *
 * Finds the token in "Bearer TOKEN" (RFC 6750; the scheme in any case).
 *
 * Returns: whether @authorization holds a bearer token
 */
gboolean
gk_server_token_from_header (const char  *authorization,
                             const char **token,
                             gsize       *length)
{
  static const char scheme[] = "Bearer ";
  const char *start;
  const char *end;

  if (authorization == NULL
      || g_ascii_strncasecmp (authorization, scheme, sizeof scheme - 1) != 0)
    return FALSE;

  start = authorization + sizeof scheme - 1;
  while (*start == ' ')
    start++;
  end = start + strlen (start);
  while (end > start && end[-1] == ' ')
    end--;
  if (end == start)
    return FALSE;

  *token = start;
  *length = (gsize) (end - start);
  return TRUE;
}
