/* test-security.c: what the other sync tests leave out of the server's
 * and the client's security
 *
 * - A token revoked while a PC uses it: the sync fails as unauthorized,
 *   the PC keeps its outbox and its change and notes that its token was
 *   refused, and a new token of the same department sends it (the note
 *   cleared, the time of the last sync kept).
 * - Requests no client sends, on a raw connection: garbage, smuggling,
 *   huge headers, cut headers, bad query strings and paths. Each is
 *   refused with a 4xx (505 for HTTP/9.9) or the connection closed, and
 *   the server serves the next request; nothing it logs is a critical.
 * - No token in the PC's store folder after syncs, nor in the server's
 *   folder and log (gk_test_server_clear()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-test-server.h"
#include "gk-test-sync.h"
#include "gk-test-util.h"

typedef struct
{
  GkTestCounty  county;
  char         *dir;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  program)
{
  gk_test_county_set_up (&f->county, program);
  f->dir = g_build_filename (f->county.s.tmp, "store", NULL);
}

static void
tear_down (Fixture       *f,
           gconstpointer  program)
{
  gk_test_county_tear_down (&f->county, program);
  g_free (f->dir);
}

static void
test_revoked (Fixture       *f,
              gconstpointer  program)
{
  g_autoptr(GkStore) store = gk_test_open_store (f->dir);
  g_autoptr(GkItem) item = gk_test_new_item ("PC-1", 0, 0);
  g_autoptr(GkItem) saved = NULL;
  g_autoptr(GkSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GkTestView) view = NULL;
  g_autofree char *token = NULL;
  char *refused = NULL;
  char *last = NULL;
  const char *tokens[3];

  gk_test_sync_clean (store, f->county.s.base, f->county.mz1);
  g_assert_true (gk_store_save_item (store, item, &error));
  gk_test_sync_clean (store, f->county.s.base, f->county.mz1);

  /* Revoked between two syncs, with a change waiting. */
  gk_item_set_text (item, GK_FIELD_CONTENT, "撤销前的修改");
  g_assert_true (gk_store_save_item (store, item, &error));
  g_assert_no_error (error);
  info = gk_test_server_request (&f->county.s, "GET", "/api/v1/info", f->county.mz1, NULL,
                                 SOUP_STATUS_OK);
  g_assert_cmpint (gk_test_server_admin (&f->county.s, NULL, "token", "revoke",
                                         json_object_get_string_member (info, "token_id"),
                                         NULL), ==, 0);
  report = gk_test_sync (store, f->county.s.base, f->county.mz1, &error);
  g_assert_null (report);
  g_assert_error (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_cmpuint (gk_test_count_unanswered (store), ==, 1);
  /* The PC knows it needs a new token, and when its last sync completed. */
  refused = gk_store_dup_sync_value (store, GK_STORE_SYNC_TOKEN_REFUSED, &error);
  last = gk_store_dup_sync_value (store, GK_STORE_SYNC_LAST_SYNC, &error);
  g_assert_no_error (error);
  g_assert_nonnull (refused);
  g_assert_nonnull (last);
  g_assert_cmpstr (last, <=, refused);
  saved = gk_store_load_item (store, gk_item_get_id (item), &error);
  g_assert_cmpstr (gk_item_get_text (saved, GK_FIELD_CONTENT), ==, "撤销前的修改");

  /* A new token of the department sends it. */
  token = gk_test_server_issue_token (&f->county.s, "--dept", "mz", "mz PC-1 again");
  gk_test_sync_clean (store, f->county.s.base, token);
  g_free (refused);
  g_free (last);
  refused = gk_store_dup_sync_value (store, GK_STORE_SYNC_TOKEN_REFUSED, &error);
  last = gk_store_dup_sync_value (store, GK_STORE_SYNC_LAST_SYNC, &error);
  g_assert_no_error (error);
  g_assert_null (refused);
  g_assert_nonnull (last);
  view = gk_test_view_new (f->county.s.base, f->county.office);
  g_ptr_array_unref (gk_test_view_update (view));
  gk_test_view_assert_store (view, store);

  g_free (last);
  tokens[0] = f->county.mz1;
  tokens[1] = token;
  tokens[2] = NULL;
  g_clear_object (&store);
  gk_test_assert_no_token_in_dir (f->dir, tokens);
}

/* Sends @request on a new connection and reads until the server closes it
 * or has answered; returns what came back. */
static char *
raw_exchange (Fixture    *f,
              const char *request,
              gsize       length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *out;
  GInputStream *in;
  GString *answer = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  g_socket_client_set_timeout (client, GK_TEST_WAIT_S);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->county.s.port, NULL,
                                                &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  /* The server may close before it has read it all. */
  g_output_stream_write_all (out, request, length, NULL, NULL, NULL);
  g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, NULL);
  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (answer, buffer, n);
  return g_string_free (answer, FALSE);
}

static void
assert_refused (Fixture    *f,
                const char *request,
                gsize       length,
                guint       exact)
{
  gint64 start = g_get_monotonic_time ();
  g_autofree char *answer = raw_exchange (f, request, length);
  g_autoptr(JsonObject) info = NULL;
  guint status = 0;

  if (g_str_has_prefix (answer, "HTTP/1.1 ") || g_str_has_prefix (answer, "HTTP/1.0 "))
    status = (guint) g_ascii_strtoull (answer + 9, NULL, 10);
  if (g_test_verbose ())
    g_test_message ("%.40s… → %u in %.1f s", request, status,
                    (g_get_monotonic_time () - start) / 1e6);
  /* Closed without an answer, or refused as the client's fault, or as
   * told. */
  if (exact != 0 ? status != exact : answer[0] != '\0' && (status < 400 || status > 499))
    g_error ("%.60s… was answered: %.200s", request, answer);

  info = gk_test_server_request (&f->county.s, "GET", "/api/v1/info", f->county.mz1, NULL,
                                 SOUP_STATUS_OK);
}

static void
test_raw (Fixture       *f,
          gconstpointer  program)
{
  g_autofree char *auth = g_strdup_printf ("Host: 127.0.0.1\r\nConnection: close\r\n"
                                           "Authorization: Bearer %s\r\n", f->county.mz1);
  g_autofree char *huge = NULL;
  g_autofree char *log = NULL;
  GString *long_header = g_string_new ("GET /api/v1/info HTTP/1.1\r\nHost: x\r\nX-Long: ");
  const struct
  {
    const char *head;
    const char *rest;
    guint       status;
  } requests[] = {
    { "GARBAGE\r\n\r\n", "", 0 },
    { "GET /api/v1/info HTTP/9.9\r\nHost: x\r\n\r\n", "", 505 },
    { "GET /api/v1/info\r\n\r\n", "", 0 },
    { "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", "", 0 },   /* TLS to plain HTTP */
    /* Smuggling: a length and chunks, two lengths. */
    { "POST /api/v1/push HTTP/1.1\r\n", "Content-Type: application/json\r\n"
      "Content-Length: 11\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 0 },
    { "POST /api/v1/push HTTP/1.1\r\n", "Content-Type: application/json\r\n"
      "Content-Length: 2\r\nContent-Length: 12\r\n\r\n{}", 0 },
    { "POST /api/v1/push HTTP/1.1\r\n", "Content-Type: application/json\r\n"
      "Content-Length: -1\r\n\r\n", 0 },
    { "POST /api/v1/push HTTP/1.1\r\n", "Content-Type: application/json\r\n"
      "Content-Length: 99999999999999999999999\r\n\r\n", 0 },
    /* Cut in the headers, and in the body. */
    { "GET /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthoriz", "", 0 },
    { "POST /api/v1/push HTTP/1.1\r\n", "Content-Type: application/json\r\n"
      "Content-Length: 100\r\n\r\n{\"ops\":[", 0 },
    /* Bad query strings and paths. */
    { "GET /api/v1/changes?since=%00 HTTP/1.1\r\n", "\r\n", 400 },
    { "GET /api/v1/changes?limit=99999999999999999999999 HTTP/1.1\r\n", "\r\n", 400 },
    { "GET /api/v1/changes?limit=-1 HTTP/1.1\r\n", "\r\n", 400 },
    { "GET /api/v1/changes?token=x HTTP/1.1\r\n", "\r\n", 400 },
    { "GET /api/v1/../../../etc/passwd HTTP/1.1\r\n", "\r\n", 0 },
    { "GET /api/v2/info HTTP/1.1\r\n", "\r\n", 404 },
    { "DELETE /api/v1/push HTTP/1.1\r\n", "\r\n", 405 },
  };

  /* A header far longer than any client sends. */
  for (guint i = 0; i < 64 * 1024; i++)
    g_string_append_c (long_header, 'a');
  g_string_append (long_header, "\r\n\r\n");
  huge = g_string_free (long_header, FALSE);
  assert_refused (f, huge, strlen (huge), 0);

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autofree char *request = NULL;

      /* The authorized ones carry the token, so that what is refused is
       * the request, not its lack of one. */
      if (requests[i].rest[0] != '\0')
        request = g_strconcat (requests[i].head, auth, requests[i].rest, NULL);
      else
        request = g_strdup (requests[i].head);
      assert_refused (f, request, strlen (request), requests[i].status);
    }

  /* Nothing a request could send made the server log a critical or a
   * warning (they would be aborts where G_DEBUG=fatal-criticals). */
  g_file_get_contents (f->county.s.log, &log, NULL, NULL);
  g_assert_nonnull (log);
  g_assert_null (strstr (log, "CRITICAL"));
  g_assert_null (strstr (log, "WARNING"));
}

/* Reads what the server logged since @offset. */
static char *
read_log (Fixture *f,
          gsize   *offset)
{
  g_autofree char *log = NULL;
  gsize length = 0;
  char *since;

  g_file_get_contents (f->county.s.log, &log, &length, NULL);
  g_assert_nonnull (log);
  since = g_strdup (log + MIN (*offset, length));
  *offset = length;
  return since;
}

/* A request, then one that must succeed: the server logs the first before
 * it serves the second. Returns what it logged. */
static char *
request_and_log (Fixture    *f,
                 const char *request,
                 guint      *status)
{
  g_autofree char *answer = NULL;
  g_autoptr(JsonObject) info = NULL;
  gsize offset = 0;

  g_free (read_log (f, &offset));
  answer = raw_exchange (f, request, strlen (request));
  *status = g_str_has_prefix (answer, "HTTP/1.") ? (guint) g_ascii_strtoull (answer + 9, NULL, 10)
                                                 : 0;
  info = gk_test_server_request (&f->county.s, "GET", "/api/v1/info", f->county.mz1, NULL,
                                 SOUP_STATUS_OK);
  return read_log (f, &offset);
}

/*
 * Gaps this test found in the server, closed since; each failed before:
 * - a push body that is JSON but not an object was asked for its member
 *   "ops" before its type was checked (a critical; fatal with
 *   G_DEBUG=fatal-criticals);
 * - a request libsoup refuses before it has a URI (HTTP/1.1 without Host,
 *   or a bad escape in its target such as ?since=%zz) was logged through
 *   a NULL URI (two criticals, the path "(null)");
 * - query parameters: GET /api/v1/info took any (?x=1 answered 200), and a
 *   parameter given twice was read as its last value, where the protocol
 *   refuses what an endpoint does not take.
 */
static void
test_gaps (Fixture       *f,
           gconstpointer  program)
{
  g_autofree char *auth = g_strdup_printf ("Connection: close\r\nAuthorization: Bearer %s\r\n",
                                           f->county.mz1);
  g_autofree char *array = g_strconcat ("POST /api/v1/push HTTP/1.1\r\nHost: x\r\n", auth,
                                        "Content-Type: application/json\r\n"
                                        "Content-Length: 2\r\n\r\n[]", NULL);
  g_autofree char *info = g_strconcat ("GET /api/v1/info?x=1 HTTP/1.1\r\nHost: x\r\n", auth,
                                       "\r\n", NULL);
  g_autofree char *twice = g_strconcat ("GET /api/v1/changes?since=&since= HTTP/1.1\r\n"
                                        "Host: x\r\n", auth, "\r\n", NULL);
  g_autoptr(GString) gaps = g_string_new (NULL);
  g_autofree char *log = NULL;
  guint status;

  log = request_and_log (f, array, &status);
  g_assert_cmpuint (status, ==, 400);
  if (strstr (log, "CRITICAL") != NULL)
    g_string_append (gaps, "a push body that is not an object logs a critical; ");
  g_free (log);

  log = request_and_log (f, "GET /api/v1/info?since=%zz HTTP/1.1\r\nHost: x\r\n"
                         "Connection: close\r\n\r\n", &status);
  g_assert_cmpuint (status, ==, 400);
  if (strstr (log, "CRITICAL") != NULL)
    g_string_append (gaps, "a request with a bad escape logs criticals; ");
  g_free (log);

  log = request_and_log (f, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n", &status);
  g_assert_cmpuint (status, ==, 400);
  if (strstr (log, "CRITICAL") != NULL || strstr (log, "(null)") != NULL)
    g_string_append (gaps, "a request without Host logs criticals; ");
  g_free (log);

  log = request_and_log (f, info, &status);
  g_assert_true (status == 200 || status == 400);
  if (status != 400)
    g_string_append (gaps, "/info takes unknown query parameters; ");
  g_free (log);

  log = request_and_log (f, twice, &status);
  g_assert_true (status == 200 || status == 400);
  if (status != 400)
    g_string_append (gaps, "a query parameter given twice is taken; ");

  g_assert_cmpstr (gaps->str, ==, "");
}

int
main (int    argc,
      char **argv)
{
  const char *program;

  g_test_init (&argc, &argv, NULL);
  program = gk_test_get_program (argc, argv, "gongkai-server");
  g_test_add ("/security/revoked", Fixture, program, set_up, test_revoked, tear_down);
  g_test_add ("/security/raw", Fixture, program, set_up, test_raw, tear_down);
  g_test_add ("/security/gaps", Fixture, program, set_up, test_gaps, tear_down);

  return g_test_run ();
}
