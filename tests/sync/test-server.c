/* test-server.c: gongkai-server through its real binary
 *
 * The administration commands fill a temporary folder, `serve` runs as a
 * child on 127.0.0.1 (port 0, read from its first line), and libsoup asks
 * it what a client would. Every wait is bounded, every child is ended by
 * its pid (and killed by the kernel if this test dies first), and at the
 * end no token may appear in the server's folder or in its log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "gk-test-util.h"

#define WAIT_S 30
#define MAX_BODY (1024 * 1024)

static const char *server_path;

typedef struct
{
  char        *tmp;
  char        *data;
  char        *log;           /* the server's stderr */
  char        *dept_token;
  char        *office_token;
  char        *revoked_token;
  GPtrArray   *tokens;        /* every token issued, to look for later */
  GSubprocess *server;
  char        *base;          /* http://127.0.0.1:PORT */
  guint16      port;
  SoupSession *session;
} Fixture;

/* Runs gongkai-server with the arguments @first…, and `--data @data_dir`
 * unless it is NULL; returns its exit status and, in @out, what it
 * printed on stdout. */
static int
run_server_command (const char  *data_dir,
                    char       **out,
                    const char  *first,
                    va_list      args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;

  g_ptr_array_add (argv, (char *) server_path);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  if (data_dir != NULL)
    {
      g_ptr_array_add (argv, "--data");
      g_ptr_array_add (argv, (char *) data_dir);
    }
  g_ptr_array_add (argv, NULL);

  /* `token list` is read in English. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);

  return g_subprocess_get_exit_status (process);
}

static int
run_admin (Fixture     *f,
           char       **out,
           const char  *first,
           ...) G_GNUC_NULL_TERMINATED;

/* Runs `gongkai-server ARGS… --data DIR`, returning its exit status. */
static int
run_admin (Fixture     *f,
           char       **out,
           const char  *first,
           ...)
{
  va_list args;
  int status;

  va_start (args, first);
  status = run_server_command (f->data, out, first, args);
  va_end (args);
  return status;
}

static char *
issue_token (Fixture    *f,
             const char *flag,
             const char *value,
             const char *label)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (run_admin (f, &out, "token", "issue", flag, value, "--label", label, NULL),
                   ==, 0);
  /* The token alone on its line, once. */
  g_assert_true (g_str_has_prefix (out, "gk1_"));
  g_assert_true (strchr (out, '\n') == out + strlen (out) - 1);
  g_strchomp (out);
  g_assert_cmpuint (strlen (out), ==, 4 + 43);
  g_ptr_array_add (f->tokens, g_strdup (out));

  return g_steal_pointer (&out);
}

/* `token list`'s row of the token labelled @label, split at tabs. */
static GStrv
dup_token_row (Fixture    *f,
               const char *label)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run_admin (f, &out, "token", "list", NULL), ==, 0);
  for (guint i = 0; i < f->tokens->len; i++)
    g_assert_null (strstr (out, g_ptr_array_index (f->tokens, i)));

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = g_strsplit (lines[i], "\t", -1);

      if (g_strv_length (columns) == 7 && g_str_equal (columns[4], label))
        return g_steal_pointer (&columns);
    }

  g_error ("No token labelled %s in “%s”", label, out);
}

static void
populate (Fixture *f)
{
  g_auto(GStrv) revoked = NULL;

  g_assert_cmpint (run_admin (f, NULL, "catalog", "add", "county", "--unit", "某某县",
                              "--levels", "县级,乡级", NULL), ==, 0);
  g_assert_cmpint (run_admin (f, NULL, "dept", "add", "mz", "民政局", "--catalog", "county",
                              NULL), ==, 0);
  g_assert_cmpint (run_admin (f, NULL, "dept", "add", "jy", "教育局", "--catalog", "county",
                              NULL), ==, 0);
  f->dept_token = issue_token (f, "--dept", "mz", "mz PC");
  f->office_token = issue_token (f, "--office", "county", "office PC");
  f->revoked_token = issue_token (f, "--dept", "jy", "jy PC");
  revoked = dup_token_row (f, "jy PC");
  g_assert_cmpint (run_admin (f, NULL, "token", "revoke", revoked[0], NULL), ==, 0);
}

/* Iterates the main context until *@done, for at most WAIT_S. */
static void
wait_for (gboolean   *done,
          const char *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  while (!*done)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

typedef struct
{
  char     *line;
  gboolean  done;
} LineRead;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;
  g_autoptr(GError) error = NULL;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                          result, NULL, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

/* The child dies with this process: a failed assertion leaves no server. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
start_server (Fixture *f)
{
  static const char prefix[] = "listening on http://127.0.0.1:";
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  LineRead read = { NULL, FALSE };
  guint64 port;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, f->log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  f->server = g_subprocess_launcher_spawn (launcher, &error, server_path, "serve", "--data",
                                           f->data, "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->server));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, &read);
  wait_for (&read.done, "the server's first line");

  g_assert_nonnull (read.line);
  g_assert_true (g_str_has_prefix (read.line, prefix));
  port = g_ascii_strtoull (read.line + strlen (prefix), NULL, 10);
  g_assert_cmpuint (port, >, 0);
  g_assert_cmpuint (port, <, 65536);
  expected = g_strdup_printf ("%s%u/", prefix, (guint) port);
  g_assert_cmpstr (read.line, ==, expected);
  g_free (read.line);

  f->port = (guint16) port;
  f->base = g_strdup_printf ("http://127.0.0.1:%u", (guint) port);
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

/* SIGTERM, by the child's pid; returns its exit status. */
static int
stop_server (Fixture *f)
{
  gboolean done = FALSE;

  g_subprocess_send_signal (f->server, SIGTERM);
  g_subprocess_wait_async (f->server, NULL, exited_cb, &done);
  wait_for (&done, "the server to exit");
  g_assert_true (g_subprocess_get_if_exited (f->server));

  return g_subprocess_get_exit_status (f->server);
}

static void
assert_absent (const char *path,
               const char *token)
{
  g_autoptr(GBytes) bytes = gk_test_read_bytes (path);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (memmem (data, length, token, strlen (token)) != NULL)
    g_error ("A token is in %s", path);
}

/* No token in the server's folder (the database, its -wal and -shm) nor
 * in what it printed: the server keeps only hashes and logs token ids. */
static void
assert_no_token_kept (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->data, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  for (guint i = 0; i < f->tokens->len; i++)
    {
      const char *token = g_ptr_array_index (f->tokens, i);

      assert_absent (f->log, token);
      g_dir_rewind (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (f->data, name, NULL);

          assert_absent (path, token);
        }
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->tmp = gk_test_make_tmp_dir ("server");
  f->data = g_build_filename (f->tmp, "data", NULL);
  f->log = g_build_filename (f->tmp, "server.log", NULL);
  f->tokens = g_ptr_array_new_with_free_func (g_free);
  populate (f);
  start_server (f);
  /* Bounded: no request of these tests may hang the suite. */
  f->session = soup_session_new_with_options ("timeout", WAIT_S, "idle-timeout", WAIT_S, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* The SIGTERM test stopped its server itself. */
  if (g_subprocess_get_identifier (f->server) != NULL)
    g_assert_cmpint (stop_server (f), ==, 0);
  assert_no_token_kept (f);

  g_clear_object (&f->session);
  g_clear_object (&f->server);
  gk_test_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->data);
  g_free (f->log);
  g_free (f->base);
  g_free (f->dept_token);
  g_free (f->office_token);
  g_free (f->revoked_token);
  g_ptr_array_unref (f->tokens);
}

/* Sends a request; @authorization and @body may be NULL; @body goes with a
 * Content-Length unless @chunked. Returns the response body. */
static GBytes *
send_request (Fixture      *f,
              SoupMessage **out_msg,
              const char   *method,
              const char   *path,
              const char   *authorization,
              GBytes       *body,
              gboolean      chunked)
{
  g_autofree char *uri = g_strconcat (f->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autoptr(GError) error = NULL;
  GBytes *response;

  soup_message_set_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", authorization);
  if (body != NULL && chunked)
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);

      soup_message_set_request_body (msg, "application/json", stream, -1);
    }
  else if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);

  response = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_msg = g_steal_pointer (&msg);
  return response;
}

static char *
bearer (const char *token)
{
  return g_strconcat ("Bearer ", token, NULL);
}

static JsonObject *
parse_object (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  json_parser_load_from_data (parser, data, (gssize) length, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A problem object (RFC 9457) of the type urn:gongkai:problem:@type. */
static void
assert_problem (SoupMessage *msg,
                GBytes      *body,
                guint        status,
                const char  *type)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  g_autofree char *type_uri = g_strconcat ("urn:gongkai:problem:", type, NULL);
  g_autoptr(JsonObject) problem = NULL;

  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==,
                   "application/problem+json");
  problem = parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, type_uri);
  g_assert_cmpint (json_object_get_int_member (problem, "status"), ==, status);
  g_assert_cmpstr (json_object_get_string_member (problem, "title"), !=, "");
  g_assert_cmpstr (json_object_get_string_member (problem, "detail"), !=, "");
}

static JsonObject *
get_info (Fixture    *f,
          const char *token)
{
  g_autofree char *authorization = bearer (token);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;

  body = send_request (f, &msg, "GET", "/api/v1/info", authorization, NULL, FALSE);
  headers = soup_message_get_response_headers (msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==,
                   "application/json");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-store");

  return parse_object (body);
}

static void
assert_catalog (JsonObject *info)
{
  JsonObject *catalog = json_object_get_object_member (info, "catalog");
  JsonArray *levels = json_object_get_array_member (catalog, "levels");
  JsonArray *depts = json_object_get_array_member (info, "departments");
  JsonObject *limits = json_object_get_object_member (info, "limits");

  g_assert_cmpuint (strlen (json_object_get_string_member (info, "server_id")), ==, 32);
  g_assert_cmpstr (json_object_get_string_member (catalog, "id"), ==, "county");
  g_assert_cmpstr (json_object_get_string_member (catalog, "unit"), ==, "某某县");
  g_assert_cmpuint (json_array_get_length (levels), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (levels, 0), ==, "县级");
  g_assert_cmpstr (json_array_get_string_element (levels, 1), ==, "乡级");
  g_assert_cmpuint (json_array_get_length (depts), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (depts, 0),
                                                  "id"), ==, "jy");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (depts, 1),
                                                  "name"), ==, "民政局");
  g_assert_cmpint (json_object_get_int_member (limits, "max_body"), ==, MAX_BODY);
  g_assert_cmpint (json_object_get_int_member (limits, "max_ops"), ==, 200);
  g_assert_cmpint (json_object_get_int_member (limits, "max_depth"), ==, 32);
}

static void
test_info (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonObject) dept = get_info (f, f->dept_token);
  g_autoptr(JsonObject) office = get_info (f, f->office_token);
  JsonObject *department = json_object_get_object_member (dept, "department");

  assert_catalog (dept);
  g_assert_cmpstr (json_object_get_string_member (dept, "role"), ==, "department");
  g_assert_cmpstr (json_object_get_string_member (department, "id"), ==, "mz");
  g_assert_cmpstr (json_object_get_string_member (department, "name"), ==, "民政局");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (dept, "token_id"), "t_"));

  assert_catalog (office);
  g_assert_cmpstr (json_object_get_string_member (office, "role"), ==, "office");
  g_assert_true (json_object_get_null_member (office, "department"));
  g_assert_cmpstr (json_object_get_string_member (office, "server_id"), ==,
                   json_object_get_string_member (dept, "server_id"));
}

/* 401 with a Bearer challenge and a problem body. */
static void
assert_refused (Fixture    *f,
                const char *path,
                const char *authorization)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *challenge;

  body = send_request (f, &msg, "GET", path, authorization, NULL, FALSE);
  assert_problem (msg, body, SOUP_STATUS_UNAUTHORIZED, "unauthorized");
  challenge = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                            "WWW-Authenticate");
  g_assert_nonnull (challenge);
  g_assert_true (g_str_has_prefix (challenge, "Bearer "));
}

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *revoked = bearer (f->revoked_token);
  g_autofree char *dept = bearer (f->dept_token);
  g_autofree char *in_query = g_strconcat ("/api/v1/info?access_token=", f->dept_token, NULL);
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(JsonObject) office = NULL;

  assert_refused (f, "/api/v1/info", NULL);
  assert_refused (f, "/api/v1/info", "Bearer gk1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  assert_refused (f, "/api/v1/info", "Basic bWU6c2VjcmV0");
  assert_refused (f, "/api/v1/info", "Bearer ");
  assert_refused (f, "/api/v1/info", revoked);
  /* A token in the query is not looked at. */
  assert_refused (f, in_query, NULL);

  /* Revoked while the server runs: refused from the next request on. */
  info = get_info (f, f->dept_token);
  g_assert_cmpint (run_admin (f, NULL, "token", "revoke",
                              json_object_get_string_member (info, "token_id"), NULL), ==, 0);
  assert_refused (f, "/api/v1/info", dept);
  office = get_info (f, f->office_token);
}

static GBytes *
make_nested (guint depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');

  return g_string_free_to_bytes (text);
}

/* Sends @body to the endpoint that takes one; returns the response body. */
static GBytes *
push (Fixture      *f,
      SoupMessage **msg,
      GBytes       *body,
      gboolean      chunked)
{
  g_autofree char *authorization = bearer (f->dept_token);

  return send_request (f, msg, "POST", "/api/v1/push", authorization, body, chunked);
}

/* Each refused with its problem; the server serves on after each. */
static void
assert_push_refused (Fixture    *f,
                     GBytes     *body,
                     gboolean    chunked,
                     guint       status,
                     const char *type)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) response = push (f, &msg, body, chunked);
  g_autoptr(JsonObject) info = NULL;

  assert_problem (msg, response, status, type);
  info = get_info (f, f->dept_token);
}

static void
test_hostile_bodies (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *big = g_malloc (2 * MAX_BODY);
  g_autoptr(GBytes) over = NULL;
  g_autoptr(GBytes) huge = NULL;
  g_autoptr(GBytes) invalid_utf8 = g_bytes_new_static ("{\"a\":\"\xc3\x28\"}", 10);
  g_autoptr(GBytes) malformed = g_bytes_new_static ("{\"ops\": [}", 10);
  g_autoptr(GBytes) twice = g_bytes_new_static ("{\"a\":1,\"a\":2}", 13);
  g_autoptr(GBytes) trailing = g_bytes_new_static ("{} {}", 5);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) too_deep = make_nested (33);
  g_autoptr(GBytes) deep = make_nested (32);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) response = NULL;

  memset (big, ' ', 2 * MAX_BODY);
  big[0] = '[';
  big[2 * MAX_BODY - 1] = ']';
  over = g_bytes_new (big, MAX_BODY + 1);
  huge = g_bytes_new (big, 2 * MAX_BODY);

  /* Over the limit by its Content-Length, and by the bytes of a chunked
   * body, which says nothing of its size beforehand. */
  assert_push_refused (f, over, FALSE, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "body-too-large");
  assert_push_refused (f, huge, TRUE, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "body-too-large");
  assert_push_refused (f, invalid_utf8, FALSE, SOUP_STATUS_BAD_REQUEST, "invalid-utf8");
  assert_push_refused (f, malformed, FALSE, SOUP_STATUS_BAD_REQUEST, "malformed-json");
  assert_push_refused (f, twice, FALSE, SOUP_STATUS_BAD_REQUEST, "malformed-json");
  assert_push_refused (f, trailing, FALSE, SOUP_STATUS_BAD_REQUEST, "malformed-json");
  assert_push_refused (f, empty, FALSE, SOUP_STATUS_BAD_REQUEST, "malformed-json");
  assert_push_refused (f, too_deep, TRUE, SOUP_STATUS_BAD_REQUEST, "too-deep");

  /* As deep as allowed, it passes the checks (push itself comes next). */
  response = push (f, &msg, deep, FALSE);
  g_assert_cmpuint (soup_message_get_status (msg), !=, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (soup_message_get_status (msg), !=, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
}

static void
test_expect_continue (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *uri = g_strconcat (f->base, "/api/v1/push", NULL);
  g_autofree char *authorization = bearer (f->dept_token);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autoptr(GBytes) body = g_bytes_new_take (g_malloc0 (4 * MAX_BODY), 4 * MAX_BODY);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GError) error = NULL;

  /* Refused from the headers alone: the body is never sent. */
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_set_expectations (headers, SOUP_EXPECTATION_CONTINUE);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  response = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  assert_problem (msg, response, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "body-too-large");
  info = get_info (f, f->dept_token);
}

static void
test_routes (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *authorization = bearer (f->dept_token);
  g_autofree char *push_uri = g_strconcat (f->base, "/api/v1/push", NULL);
  g_autoptr(SoupMessage) missing = NULL;
  g_autoptr(SoupMessage) wrong = NULL;
  g_autoptr(SoupMessage) type = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) json = g_bytes_new_static ("{}", 2);
  g_autoptr(JsonObject) info = NULL;

  body = send_request (f, &missing, "GET", "/api/v1/nothing", authorization, NULL, FALSE);
  assert_problem (missing, body, SOUP_STATUS_NOT_FOUND, "not-found");
  g_clear_pointer (&body, g_bytes_unref);

  body = send_request (f, &wrong, "DELETE", "/api/v1/info", authorization, NULL, FALSE);
  assert_problem (wrong, body, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (wrong),
                                                 "Allow"), ==, "GET");
  g_clear_pointer (&body, g_bytes_unref);

  /* A body that says it is not JSON is not read. */
  type = soup_message_new ("POST", push_uri);
  soup_message_headers_replace (soup_message_get_request_headers (type), "Authorization",
                                authorization);
  soup_message_set_request_body_from_bytes (type, "text/plain", json);
  body = soup_session_send_and_read (f->session, type, NULL, NULL);
  assert_problem (type, body, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");

  info = get_info (f, f->dept_token);
}

static void
test_last_use (Fixture       *f,
               gconstpointer  data)
{
  g_auto(GStrv) before = dup_token_row (f, "mz PC");
  g_autoptr(JsonObject) info = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  g_assert_cmpstr (before[1], ==, "department");
  g_assert_cmpstr (before[2], ==, "mz");
  g_assert_cmpstr (before[3], ==, "county");
  g_assert_cmpstr (before[5], ==, "never");
  g_assert_cmpstr (before[6], ==, "active");

  /* Written by the writer thread after the answer: polled, bounded. */
  info = get_info (f, f->dept_token);
  for (;;)
    {
      g_auto(GStrv) after = dup_token_row (f, "mz PC");

      if (!g_str_equal (after[5], "never"))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
}

static GSocketConnection *
connect_raw (Fixture  *f,
             GError  **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  g_socket_client_set_timeout (client, WAIT_S);
  return g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL, error);
}

/* Reads until the peer closes, bounded by the socket's timeout. */
static char *
read_all (GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GString *text = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (text, buffer, n);

  return g_string_free (text, FALSE);
}

/* Reads a response's head, to its empty line, bounded by the timeout. */
static char *
read_head (GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GString *text = g_string_new (NULL);
  char c;

  while (!g_str_has_suffix (text->str, "\r\n\r\n"))
    {
      g_assert_cmpint (g_input_stream_read (in, &c, 1, NULL, NULL), ==, 1);
      g_string_append_c (text, c);
    }

  return g_string_free (text, FALSE);
}

static void
write_text (GSocketConnection *connection,
            const char        *text)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Polls until the server refuses new connections, bounded. */
static void
wait_until_refused (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketConnection) other = connect_raw (f, &error);

      /* A connection still in the listening socket's queue when it was
       * shut is reset; the next one is refused. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

static void
test_sigterm (Fixture       *f,
              gconstpointer  data)
{
  static const char body[] = "{\"ops\": [}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = connect_raw (f, &error);
  g_autofree char *head = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *continued = NULL;

  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (connection), WAIT_S);

  /* A request in flight: its headers are in (the server said so with
   * "100 Continue"), its body not yet. */
  head = g_strdup_printf ("POST /api/v1/push HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                          "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %zu\r\nExpect: 100-continue\r\n\r\n",
                          f->port, f->dept_token, strlen (body));
  write_text (connection, head);
  continued = read_head (connection);
  g_assert_true (g_str_has_prefix (continued, "HTTP/1.1 100 Continue\r\n"));

  g_subprocess_send_signal (f->server, SIGTERM);
  wait_until_refused (f);

  /* It is still answered, and the connection closed after it. */
  write_text (connection, body);
  answer = read_all (connection);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 400 Bad Request\r\n"));
  g_assert_nonnull (strstr (answer, "Connection: close\r\n"));
  g_assert_nonnull (strstr (answer, "urn:gongkai:problem:malformed-json"));

  g_assert_cmpint (stop_server (f), ==, 0);
}

static void
assert_exit (Fixture    *f,
             int         status,
             const char *first,
             ...) G_GNUC_NULL_TERMINATED;

/* Runs gongkai-server with exactly the arguments given (no --data added). */
static void
assert_exit (Fixture    *f,
             int         status,
             const char *first,
             ...)
{
  va_list args;

  va_start (args, first);
  g_assert_cmpint (run_server_command (NULL, NULL, first, args), ==, status);
  va_end (args);
}

static void
assert_database_settings (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->data, "gongkai-server.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  struct stat st;

  /* Token hashes and every department's work: the server's user only. */
  g_assert_no_errno (g_stat (path, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_no_errno (g_stat (f->data, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT * FROM pragma_journal_mode,"
                                       " pragma_user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_admin (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->tmp, "other", NULL);
  g_autofree char *unknown = g_build_filename (f->tmp, "unknown", NULL);

  assert_database_settings (f);

  assert_exit (f, 2, NULL, NULL);
  assert_exit (f, 2, "catalog", "add", "x", "--unit", "某县", NULL);
  assert_exit (f, 2, "frobnicate", "--data", other, NULL);
  assert_exit (f, 2, "catalog", "add", "bad id", "--unit", "某县", "--data", other, NULL);
  assert_exit (f, 2, "catalog", "add", "x", "--unit", " ", "--data", other, NULL);
  assert_exit (f, 2, "dept", "add", "d", "名\t称", "--catalog", "county", "--data", f->data,
               NULL);
  assert_exit (f, 2, "token", "issue", "--dept", "mz", "--office", "county", "--data",
               f->data, NULL);
  assert_exit (f, 2, "serve", "--data", f->data, "--listen", "0.0.0.0:0", NULL);
  assert_exit (f, 1, "catalog", "add", "county", "--unit", "某县", "--data", f->data, NULL);
  assert_exit (f, 1, "dept", "add", "mz", "民政局", "--catalog", "county", "--data", f->data,
               NULL);
  assert_exit (f, 1, "dept", "add", "d", "名称", "--catalog", "nope", "--data", f->data, NULL);
  assert_exit (f, 1, "token", "issue", "--dept", "nope", "--data", f->data, NULL);
  assert_exit (f, 1, "token", "revoke", "t_000000000000", "--data", f->data, NULL);
  assert_exit (f, 1, "serve", "--data", unknown, "--listen", "127.0.0.1:0", NULL);
  g_assert_false (g_file_test (unknown, G_FILE_TEST_EXISTS));
  assert_exit (f, 0, "catalog", "add", "x", "--unit", "某县", "--data", other, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  server_path = gk_test_get_program (argc, argv, "gongkai-server");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/server/admin", test_admin);
  ADD ("/server/info", test_info);
  ADD ("/server/auth", test_auth);
  ADD ("/server/routes", test_routes);
  ADD ("/server/hostile-bodies", test_hostile_bodies);
  ADD ("/server/expect-continue", test_expect_continue);
  ADD ("/server/last-use", test_last_use);
  ADD ("/server/sigterm", test_sigterm);
#undef ADD

  return g_test_run ();
}
