/* gk-test-server.c: gongkai-server as the sync tests run it
 *
 * The administration commands fill a temporary folder, `serve` runs as a
 * child on 127.0.0.1 (port 0, read from its first line), and libsoup asks
 * it what a client would. Every wait is bounded, every child is ended by
 * its pid (and killed by the kernel if the test dies first), and at the
 * end no token may appear in the server's folder or in its log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "gk-test-server.h"
#include "gk-test-util.h"

/**
 * gk_test_server_init:
 * @s: a server to set up
 * @program: the gongkai-server binary
 * @name: what the temporary folder is named after
 *
 * A folder for a server that does not run yet, and a client with bounded
 * waits.
 */
void
gk_test_server_init (GkTestServer *s,
                     const char   *program,
                     const char   *name)
{
  memset (s, 0, sizeof *s);
  s->program = program;
  s->tmp = gk_test_make_tmp_dir (name);
  s->data = g_build_filename (s->tmp, "data", NULL);
  s->log = g_build_filename (s->tmp, "server.log", NULL);
  s->tokens = g_ptr_array_new_with_free_func (g_free);
  /* Bounded: no request of these tests may hang the suite. */
  s->session = soup_session_new_with_options ("timeout", GK_TEST_WAIT_S,
                                              "idle-timeout", GK_TEST_WAIT_S, NULL);
}

/**
 * gk_test_server_clear:
 * @s: a server
 *
 * Stops it if it runs (it must exit 0), checks that no token was kept,
 * and removes its folder.
 */
void
gk_test_server_clear (GkTestServer *s)
{
  if (s->server != NULL && g_subprocess_get_identifier (s->server) != NULL)
    g_assert_cmpint (gk_test_server_stop (s), ==, 0);
  gk_test_server_assert_no_token_kept (s);

  g_clear_object (&s->session);
  g_clear_object (&s->server);
  gk_test_remove_tree (s->tmp);
  g_free (s->tmp);
  g_free (s->data);
  g_free (s->log);
  g_free (s->base);
  g_ptr_array_unref (s->tokens);
}

/**
 * gk_test_server_run_command:
 * @program: the gongkai-server binary
 * @data_dir: (nullable): given as `--data` unless %NULL
 * @out: (out) (optional): what it printed on stdout
 * @first: the first argument
 * @args: the others, up to a %NULL
 *
 * Returns: its exit status
 */
int
gk_test_server_run_command (const char  *program,
                            const char  *data_dir,
                            char       **out,
                            const char  *first,
                            va_list      args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;

  g_ptr_array_add (argv, (char *) program);
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

/**
 * gk_test_server_admin:
 * @s: a server
 * @out: (out) (optional): what the command printed on stdout
 * @first: the first argument, then the others up to a %NULL
 *
 * Runs `gongkai-server ARGS… --data DIR`.
 *
 * Returns: its exit status
 */
int
gk_test_server_admin (GkTestServer  *s,
                      char         **out,
                      const char    *first,
                      ...)
{
  va_list args;
  int status;

  va_start (args, first);
  status = gk_test_server_run_command (s->program, s->data, out, first, args);
  va_end (args);
  return status;
}

/**
 * gk_test_server_issue_token:
 * @s: a server
 * @flag: "--dept" or "--office"
 * @value: the department or the catalog
 * @label: the token's label
 *
 * Returns: (transfer full): the token, which `token issue` printed alone
 *   on its line, once
 */
char *
gk_test_server_issue_token (GkTestServer *s,
                            const char   *flag,
                            const char   *value,
                            const char   *label)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (gk_test_server_admin (s, &out, "token", "issue", flag, value, "--label",
                                         label, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "gk1_"));
  g_assert_true (strchr (out, '\n') == out + strlen (out) - 1);
  g_strchomp (out);
  g_assert_cmpuint (strlen (out), ==, 4 + 43);
  g_ptr_array_add (s->tokens, g_strdup (out));

  return g_steal_pointer (&out);
}

/**
 * gk_test_wait_for:
 * @done: set by a callback
 * @what: what is waited for, for the message
 *
 * Iterates the main context until *@done, for at most %GK_TEST_WAIT_S.
 */
void
gk_test_wait_for (gboolean   *done,
                  const char *what)
{
  gint64 deadline = g_get_monotonic_time () + GK_TEST_WAIT_S * G_USEC_PER_SEC;

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

/* Starts `serve` listening on @listen, its stderr appended to the log, and
 * waits for its first line. */
static void
start_on (GkTestServer *s,
          const char   *listen)
{
  static const char prefix[] = "listening on http://127.0.0.1:";
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  LineRead read = { NULL, FALSE };
  guint64 port;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, s->log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_clear_object (&s->server);
  s->server = g_subprocess_launcher_spawn (launcher, &error, s->program, "serve", "--data",
                                           s->data, "--listen", listen, NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->server));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, &read);
  gk_test_wait_for (&read.done, "the server's first line");

  g_assert_nonnull (read.line);
  g_assert_true (g_str_has_prefix (read.line, prefix));
  port = g_ascii_strtoull (read.line + strlen (prefix), NULL, 10);
  g_assert_cmpuint (port, >, 0);
  g_assert_cmpuint (port, <, 65536);
  expected = g_strdup_printf ("%s%u/", prefix, (guint) port);
  g_assert_cmpstr (read.line, ==, expected);
  g_free (read.line);

  s->port = (guint16) port;
  g_free (s->base);
  s->base = g_strdup_printf ("http://127.0.0.1:%u", (guint) port);
}

/**
 * gk_test_server_start:
 * @s: a server that does not run
 *
 * Starts `serve` on 127.0.0.1 and a free port, its stderr appended to the
 * log, and waits for its first line.
 */
void
gk_test_server_start (GkTestServer *s)
{
  start_on (s, "127.0.0.1:0");
}

/**
 * gk_test_server_restart:
 * @s: a server that ran and was stopped
 *
 * Starts `serve` again on the port it had, as a county server comes back
 * at its address: for a PC that keeps the address it joined.
 */
void
gk_test_server_restart (GkTestServer *s)
{
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", (guint) s->port);

  g_assert_cmpuint (s->port, >, 0);
  start_on (s, listen);
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

/**
 * gk_test_wait_process:
 * @process: a child
 * @what: what is waited for, for the message
 *
 * Waits for @process to end, for at most %GK_TEST_WAIT_S.
 */
void
gk_test_wait_process (GSubprocess *process,
                      const char  *what)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (process, NULL, exited_cb, &done);
  gk_test_wait_for (&done, what);
}

/**
 * gk_test_server_stop:
 * @s: a running server
 *
 * Sends it SIGTERM, by its pid, and waits for it to exit.
 *
 * Returns: its exit status
 */
int
gk_test_server_stop (GkTestServer *s)
{
  g_subprocess_send_signal (s->server, SIGTERM);
  gk_test_wait_process (s->server, "the server to exit");
  g_assert_true (g_subprocess_get_if_exited (s->server));

  return g_subprocess_get_exit_status (s->server);
}

static void
assert_absent (const char *path,
               const char *token)
{
  g_autoptr(GBytes) bytes = gk_test_read_bytes (path);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (gk_test_bytes_contain (data, length, token))
    g_error ("A token is in %s", path);
}

/**
 * gk_test_server_assert_no_token_kept:
 * @s: a server
 *
 * No token in the server's folder (the database, its -wal and -shm) nor
 * in what it printed: the server keeps only hashes and logs token ids.
 */
void
gk_test_server_assert_no_token_kept (GkTestServer *s)
{
  g_autoptr(GDir) dir = g_dir_open (s->data, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  for (guint i = 0; i < s->tokens->len; i++)
    {
      const char *token = g_ptr_array_index (s->tokens, i);

      if (g_file_test (s->log, G_FILE_TEST_EXISTS))
        assert_absent (s->log, token);
      g_dir_rewind (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (s->data, name, NULL);

          /* published/ holds catalog data only. */
          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            assert_absent (path, token);
        }
    }
}

/**
 * gk_test_server_send:
 * @s: a running server
 * @out_msg: (out): the message sent
 * @method: "GET", "POST"…
 * @path: the path and query
 * @authorization: (nullable): the Authorization header
 * @body: (nullable): a JSON body
 * @chunked: whether @body goes without a Content-Length
 *
 * Returns: (transfer full): the response body
 */
GBytes *
gk_test_server_send (GkTestServer  *s,
                     SoupMessage  **out_msg,
                     const char    *method,
                     const char    *path,
                     const char    *authorization,
                     GBytes        *body,
                     gboolean       chunked)
{
  g_autofree char *uri = g_strconcat (s->base, path, NULL);
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

  response = soup_session_send_and_read (s->session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_msg = g_steal_pointer (&msg);
  return response;
}

/**
 * gk_test_bearer:
 * @token: a token
 *
 * Returns: (transfer full): "Bearer @token"
 */
char *
gk_test_bearer (const char *token)
{
  return g_strconcat ("Bearer ", token, NULL);
}

/**
 * gk_test_parse_object:
 * @bytes: a JSON object
 *
 * Returns: (transfer full): it, parsed
 */
JsonObject *
gk_test_parse_object (GBytes *bytes)
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

/**
 * gk_test_assert_problem:
 * @msg: a message answered
 * @body: its response body
 * @status: the status it must have
 * @type: the problem type it must have: urn:gongkai:problem:@type
 *
 * Checks a problem object (RFC 9457) with the members of
 * docs/sync-protocol.md: a code, a title, a detail, the server's id.
 */
void
gk_test_assert_problem (SoupMessage *msg,
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
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-store");
  problem = gk_test_parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, type_uri);
  g_assert_cmpint (json_object_get_int_member (problem, "status"), ==, status);
  g_assert_cmpstr (json_object_get_string_member (problem, "code"), !=, "");
  g_assert_cmpstr (json_object_get_string_member (problem, "title"), !=, "");
  g_assert_cmpstr (json_object_get_string_member (problem, "detail"), !=, "");
  g_assert_cmpuint (strlen (json_object_get_string_member (problem, "server_id")), ==, 32);
}

/**
 * gk_test_server_add_county:
 * @s: a server that does not run
 *
 * Adds the catalog "county" (levels 县级 and 乡级) with two departments,
 * "mz" (民政局) and "jy" (教育局).
 */
void
gk_test_server_add_county (GkTestServer *s)
{
  g_assert_cmpint (gk_test_server_admin (s, NULL, "catalog", "add", "county", "--unit",
                                         "某某县", "--levels", "县级,乡级", NULL), ==, 0);
  g_assert_cmpint (gk_test_server_admin (s, NULL, "dept", "add", "mz", "民政局", "--catalog",
                                         "county", NULL), ==, 0);
  g_assert_cmpint (gk_test_server_admin (s, NULL, "dept", "add", "jy", "教育局", "--catalog",
                                         "county", NULL), ==, 0);
}

/**
 * gk_test_server_request:
 * @s: a running server
 * @method: "GET" or "POST"
 * @path: the path and query
 * @token: the bearer token
 * @json: (nullable): a JSON body, for a POST
 * @status: the status the answer must have
 *
 * Returns: (transfer full): the answer, a JSON object (a problem when
 *   @status is not 200)
 */
JsonObject *
gk_test_server_request (GkTestServer *s,
                        const char   *method,
                        const char   *path,
                        const char   *token,
                        const char   *json,
                        guint         status)
{
  g_autofree char *authorization = gk_test_bearer (token);
  g_autoptr(GBytes) body = json != NULL ? g_bytes_new (json, strlen (json)) : NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) response = NULL;
  SoupMessageHeaders *headers;

  response = gk_test_server_send (s, &msg, method, path, authorization, body, FALSE);
  headers = soup_message_get_response_headers (msg);
  if (soup_message_get_status (msg) != status)
    g_error ("%s %s answered %u, not %u: %.*s", method, path, soup_message_get_status (msg),
             status, (int) g_bytes_get_size (response),
             (const char *) g_bytes_get_data (response, NULL));
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-store");

  return gk_test_parse_object (response);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GkTestSent *sent = user_data;
  g_autoptr(GError) error = NULL;

  sent->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  sent->done = TRUE;
}

/**
 * gk_test_server_post_async:
 * @s: a running server
 * @session: (nullable): the session to send with, %NULL for @s's
 * @path: the path
 * @token: the bearer token
 * @json: the JSON body
 * @sent: (out caller-allocates): set once the answer has come; wait for
 *   `sent->done` (gk_test_wait_for()), then gk_test_sent_clear()
 *
 * Sends a POST and returns at once.
 */
void
gk_test_server_post_async (GkTestServer *s,
                           SoupSession  *session,
                           const char   *path,
                           const char   *token,
                           const char   *json,
                           GkTestSent   *sent)
{
  g_autofree char *uri = g_strconcat (s->base, path, NULL);
  g_autofree char *authorization = gk_test_bearer (token);
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  memset (sent, 0, sizeof *sent);
  sent->msg = soup_message_new ("POST", uri);
  soup_message_headers_replace (soup_message_get_request_headers (sent->msg), "Authorization",
                                authorization);
  soup_message_set_request_body_from_bytes (sent->msg, "application/json", bytes);
  soup_session_send_and_read_async (session != NULL ? session : s->session, sent->msg,
                                    G_PRIORITY_DEFAULT, NULL, sent_cb, sent);
}

/**
 * gk_test_sent_clear:
 * @sent: a request sent with gk_test_server_post_async(), answered
 */
void
gk_test_sent_clear (GkTestSent *sent)
{
  g_clear_object (&sent->msg);
  g_clear_pointer (&sent->body, g_bytes_unref);
}

/**
 * gk_test_op:
 * @kind: "create", "update" or "delete"
 * @item_id: the item's id
 * @base_rev: the rev it is based on
 * @set: (nullable): the JSON object of `set`
 * @resolves: (nullable): the conflict it resolves
 *
 * Returns: (transfer full): an op with a new op_id, as JSON
 */
char *
gk_test_op (const char *kind,
            const char *item_id,
            gint64      base_rev,
            const char *set,
            const char *resolves)
{
  g_autofree char *op_id = g_uuid_string_random ();
  GString *op = g_string_new (NULL);

  g_string_append_printf (op, "{\"op_id\":\"%s\",\"item_id\":\"%s\",\"kind\":\"%s\","
                          "\"base_rev\":%" G_GINT64_FORMAT, op_id, item_id, kind, base_rev);
  if (set != NULL)
    g_string_append_printf (op, ",\"set\":%s", set);
  if (resolves != NULL)
    g_string_append_printf (op, ",\"resolves\":\"%s\"", resolves);
  g_string_append_c (op, '}');

  return g_string_free (op, FALSE);
}

/**
 * gk_test_push_body:
 * @ops: (array zero-terminated=1): ops as JSON
 *
 * Returns: (transfer full): the body of a push of @ops
 */
char *
gk_test_push_body (const char * const *ops)
{
  g_autofree char *joined = g_strjoinv (",", (char **) ops);

  return g_strdup_printf ("{\"ops\":[%s]}", joined);
}

/**
 * gk_test_server_push:
 * @s: a running server
 * @token: the bearer token
 * @first: the first op as JSON, then the others up to a %NULL
 *
 * Pushes the ops, which must be answered 200 with one result each.
 *
 * Returns: (transfer full): the results
 */
JsonArray *
gk_test_server_push (GkTestServer *s,
                     const char   *token,
                     const char   *first,
                     ...)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *body = NULL;
  JsonArray *results;
  va_list args;

  va_start (args, first);
  for (const char *op = first; op != NULL; op = va_arg (args, const char *))
    g_ptr_array_add (ops, (char *) op);
  va_end (args);
  g_ptr_array_add (ops, NULL);

  body = gk_test_push_body ((const char * const *) ops->pdata);
  answer = gk_test_server_request (s, "POST", "/api/v1/push", token, body, SOUP_STATUS_OK);
  results = json_object_get_array_member (answer, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, ops->len - 1);

  return json_array_ref (results);
}

/**
 * gk_test_county_set_up:
 * @f: a fixture
 * @program: the gongkai-server binary
 *
 * The server of the county with its tokens, running.
 */
void
gk_test_county_set_up (GkTestCounty  *f,
                       gconstpointer  program)
{
  gk_test_server_init (&f->s, program, "sync");
  gk_test_server_add_county (&f->s);
  f->mz1 = gk_test_server_issue_token (&f->s, "--dept", "mz", "mz PC-1");
  f->mz2 = gk_test_server_issue_token (&f->s, "--dept", "mz", "mz PC-2");
  f->jy = gk_test_server_issue_token (&f->s, "--dept", "jy", "jy PC-1");
  f->office = gk_test_server_issue_token (&f->s, "--office", "county", "office");
  gk_test_server_start (&f->s);
}

/**
 * gk_test_county_tear_down:
 * @f: a fixture
 * @program: the gongkai-server binary
 *
 * Stops the server, checks that it kept no token, removes its folder.
 */
void
gk_test_county_tear_down (GkTestCounty  *f,
                          gconstpointer  program)
{
  gk_test_server_clear (&f->s);
  g_free (f->mz1);
  g_free (f->mz2);
  g_free (f->jy);
  g_free (f->office);
}
