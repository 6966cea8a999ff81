/* gk-server-feed.c: GET /api/v1/changes, and its cursors
 *
 * The latest state of every item of the token's catalog that changed
 * after the cursor, in seq order: the one writer gives seq inside its
 * transactions, so a reader that has seen seq N has seen every change up
 * to N, and no later commit can slip in below it.
 *
 * The cursor is the base64url text, without padding, of "SERVER_ID:SEQ":
 * opaque to clients, and tied to this database, so that a cursor of a
 * restored (or another) server is refused with 410 rather than skipping
 * the changes that reused its numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n.h>

#include "gk-server-db.h"
#include "gk-server-feed.h"
#include "gk-server-item.h"
#include "gk-server-input.h"
#include "gk-server-response.h"
#include "gk-sync-record.h"

/* "SERVER_ID:SEQ": a 32-digit id, 19 digits of seq and more to spare. */
#define MAX_CURSOR_CHARS 128

/**
 * gk_server_cursor_encode:
 * @server_id: the server's id
 * @seq: the last change seen, 0 for none
 *
 * Before the server's first change the cursor is the empty one, which a
 * PC that never pulled holds too: the feed of an empty server and the
 * first push's `since` then agree, and that PC follows its push
 * (docs/sync-protocol.md).
 *
 * Returns: (transfer full): the cursor
 */
char *
gk_server_cursor_encode (const char *server_id,
                         gint64      seq)
{
  g_autofree char *text = NULL;
  char *cursor;
  char *padding;

  if (seq == 0)
    return g_strdup ("");
  text = g_strdup_printf ("%s:%" G_GINT64_FORMAT, server_id, seq);
  cursor = g_base64_encode ((const guchar *) text, strlen (text));

  g_strdelimit (cursor, "+", '-');
  g_strdelimit (cursor, "/", '_');
  padding = strchr (cursor, '=');
  if (padding != NULL)
    *padding = '\0';
  return cursor;
}

static gboolean
bad_cursor (GError **error)
{
  g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_INVALID,
               _("“since” is not a cursor this server gave."));
  return FALSE;
}

/* The text of a cursor; NULL when it is not base64url. */
static char *
decode_text (const char *cursor)
{
  gsize n = strlen (cursor);
  g_autofree char *padded = NULL;
  g_autofree guchar *bytes = NULL;
  gsize length;

  if (n > MAX_CURSOR_CHARS || n % 4 == 1
      || strspn (cursor, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != n)
    return NULL;

  padded = g_strnfill (n + (4 - n % 4) % 4, '=');
  memcpy (padded, cursor, n);
  g_strdelimit (padded, "-", '+');
  g_strdelimit (padded, "_", '/');
  bytes = g_base64_decode (padded, &length);

  return memchr (bytes, '\0', length) == NULL ? g_strndup ((const char *) bytes, length) : NULL;
}

/**
 * gk_server_cursor_decode:
 * @cursor: a cursor, or "" for the start
 * @server_id: this server's id
 * @seq: (out): the last change the cursor's holder has seen
 * @error: return location for a #GError: %GK_SERVER_ERROR_INVALID for
 *   what is no cursor, %GK_SERVER_ERROR_CURSOR_RESET for one of another
 *   server
 *
 * Returns: whether @cursor is one of this server's
 */
gboolean
gk_server_cursor_decode (const char  *cursor,
                         const char  *server_id,
                         gint64      *seq,
                         GError     **error)
{
  g_autofree char *text = NULL;
  char *colon;

  *seq = 0;
  if (*cursor == '\0')
    return TRUE;

  text = decode_text (cursor);
  colon = text != NULL ? strrchr (text, ':') : NULL;
  if (colon == NULL || !g_ascii_string_to_signed (colon + 1, 10, 0, G_MAXINT64, seq, NULL))
    return bad_cursor (error);

  *colon = '\0';
  if (strcmp (text, server_id) != 0)
    {
      g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_CURSOR_RESET,
                   _("The cursor is of another server, or of this one before it was "
                     "restored; start again from an empty cursor."));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  const char *server_id;
  gint64      since;
  gint64      limit;
} Feed;

static void
write_next (GkJsonOut  *j,
            const char *server_id,
            gint64      seq)
{
  g_autofree char *next = gk_server_cursor_encode (server_id, seq);

  gk_json_out_string_member (j, "next", next);
}

static gboolean
list_changes (sqlite3             *db,
              const GkServerAuth  *auth,
              gpointer             data,
              GkJsonOut           *j,
              GError             **error)
{
  static const char sql[] =
    "SELECT item.seq, item.rev, item.deleted, newest.fields"
    " FROM item" GK_SERVER_ITEM_JOIN_NEWEST
    " WHERE item.catalog_id = ? AND item.seq > ? ORDER BY item.seq LIMIT ?";
  Feed *feed = data;
  g_autoptr(GkServerCachedStmt) stmt = NULL;
  gint64 newest, last;
  gint64 n = 0;
  int rc;

  if (!gk_server_item_read_seq (db, &newest, error)
      || !gk_server_db_prepare_cached (db, sql, &stmt, error))
    return FALSE;
  /* Numbers this database never gave: it was restored from a backup. */
  if (feed->since > newest)
    {
      g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_CURSOR_RESET,
                   _("The cursor is ahead of this server: it was restored; start again "
                     "from an empty cursor."));
      return FALSE;
    }

  sqlite3_bind_text (stmt, 1, auth->catalog_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, feed->since);
  sqlite3_bind_int64 (stmt, 3, feed->limit + 1);

  last = newest;
  gk_json_out_member (j, "changes");
  gk_json_out_begin_array (j);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && n++ < feed->limit)
    {
      last = sqlite3_column_int64 (stmt, 0);
      gk_sync_write_state (j, last, sqlite3_column_int64 (stmt, 1),
                           sqlite3_column_int (stmt, 2) != 0,
                           (const char *) sqlite3_column_text (stmt, 3));
    }
  gk_json_out_end_array (j);
  write_next (j, feed->server_id, last);
  gk_json_out_boolean_member (j, "more", rc == SQLITE_ROW);

  return rc == SQLITE_DONE || rc == SQLITE_ROW || gk_server_db_set_error (db, error);
}

/**
 * gk_server_feed_handle:
 *
 * GET /api/v1/changes?since=CURSOR&limit=N (docs/sync-protocol.md).
 */
void
gk_server_feed_handle (GkServer           *server,
                       SoupServerMessage  *msg,
                       const GkServerAuth *auth,
                       const GkJsonValue  *body)
{
  static const char * const names[] = { "since", "limit", NULL };
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GError) error = NULL;
  Feed feed = { gk_server_get_server_id (server), 0, GK_SERVER_MAX_CHANGES };
  const char *since;

  query = gk_server_input_parse_query (msg, names, &error);
  since = query != NULL ? g_hash_table_lookup (query, "since") : NULL;
  if (query == NULL
      || !gk_server_input_get_int (query, "limit", 1, GK_SERVER_MAX_CHANGES, &feed.limit,
                                   &error)
      || !gk_server_cursor_decode (since != NULL ? since : "", feed.server_id, &feed.since,
                                   &error))
    {
      gk_server_respond_error (msg, error);
      return;
    }

  gk_server_respond_read (server, msg, auth, list_changes, &feed);
}
