/* test-publish.c: gongkai-server publish, POST /api/v1/publish and the
 * published files at /catalog/, through the real server
 *
 * The county's items pushed by two departments, one with an error, are
 * published by the office (and only by it) and by the command; the item
 * with the error is held back and listed; the files are the renderer's,
 * each item's row anchored by its id across publications; a publication
 * replaces the last one whole, a failed one (a file-size limit) leaves
 * it as it was; the files are served read-only without a token, with
 * validators, and hostile paths, sent as raw bytes, find nothing. The
 * rendering runs on a worker thread: the server answers meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "gk-catalog-json.h"
#include "gk-test-server.h"
#include "gk-test-util.h"

typedef GkTestCounty Fixture;

#define FULL_ITEM(domain, level1, basis) \
  "{\"domain\":\"" domain "\",\"level1\":\"" level1 "\",\"level2\":\"审批结果\"," \
  "\"content\":\"对象姓名、保障人数、保障金额\",\"basis\":\"" basis "\"," \
  "\"time_limit\":\"信息形成或者变更之日起20个工作日内\",\"subject\":\"县民政局\"," \
  "\"channels\":[\"政府网站\"],\"audience\":[\"全社会\"],\"method\":[\"主动\"]," \
  "\"levels\":[\"县级\"]}"

typedef struct
{
  char *relief;     /* 社会救助, of 民政局 */
  char *school;     /* 教育, of 教育局 */
  char *no_basis;   /* 社会救助, of 民政局, without a basis: held back */
} Items;

static void
items_clear (Items *items)
{
  g_free (items->relief);
  g_free (items->school);
  g_free (items->no_basis);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Items, items_clear)

static char *
create (Fixture    *f,
        const char *token,
        const char *set)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *op = gk_test_op ("create", id, 0, set, NULL);
  g_autoptr(JsonArray) results = gk_test_server_push (&f->s, token, op, NULL);

  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0),
                                                  "result"), ==, "applied");
  return g_steal_pointer (&id);
}

static void
create_items (Fixture *f,
              Items   *items)
{
  items->relief = create (f, f->mz1, FULL_ITEM ("20", "最低生活保障", "《社会救助暂行办法》"));
  items->school = create (f, f->jy, FULL_ITEM ("13", "学校招生", "《义务教育法》"));
  items->no_basis = create (f, f->mz2, FULL_ITEM ("20", "特困人员救助供养", ""));
}

static JsonObject *
publish_as (Fixture    *f,
            const char *token,
            guint       status)
{
  return gk_test_server_request (&f->s, "POST", "/api/v1/publish", token, "{}", status);
}

static JsonObject *
publish (Fixture *f,
         guint    status)
{
  return publish_as (f, f->office, status);
}

/* GET (or another method) of @path without a token. */
static GBytes *
get (Fixture      *f,
     const char   *method,
     const char   *path,
     SoupMessage **msg)
{
  return gk_test_server_send (&f->s, msg, method, path, NULL, NULL, FALSE);
}

static char *
get_text (Fixture    *f,
          const char *path,
          const char *content_type)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = get (f, "GET", path, &msg);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Type"), ==, content_type);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-cache");
  g_assert_nonnull (soup_message_headers_get_one (headers, "ETag"));
  g_assert_nonnull (soup_message_headers_get_one (headers, "Last-Modified"));
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static char *
anchor (const char *id)
{
  return g_strdup_printf ("<tr id=\"item-%s\"", id);
}

static char *
published_path (Fixture    *f,
                const char *name)
{
  return g_build_filename (f->s.data, "published", "county", name, NULL);
}

static void
test_api (Fixture       *f,
          gconstpointer  data)
{
  g_auto(Items) items = { NULL, NULL, NULL };
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) forbidden = NULL;
  g_autoptr(JsonObject) bad = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autofree char *index_file = published_path (f, "index.html");
  g_autofree char *index = NULL;
  g_autofree char *relief_page = NULL;
  g_autofree char *json = NULL;
  g_autofree char *relief_anchor = NULL;
  g_autofree char *held_anchor = NULL;
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *published, *held, *problem;
  JsonArray *held_back;

  create_items (f, &items);

  /* A department's token may not publish; the office's body is {}. */
  forbidden = publish_as (f, f->mz1, SOUP_STATUS_FORBIDDEN);
  g_assert_cmpstr (json_object_get_string_member (forbidden, "code"), ==, "forbidden");
  bad = gk_test_server_request (&f->s, "POST", "/api/v1/publish", f->office, "{\"x\":1}",
                                SOUP_STATUS_BAD_REQUEST);
  g_assert_false (g_file_test (index_file, G_FILE_TEST_EXISTS));

  answer = gk_test_server_request (&f->s, "POST", "/api/v1/publish", f->office, "{}",
                                   SOUP_STATUS_OK);
  info = gk_test_server_request (&f->s, "GET", "/api/v1/info", f->office, NULL, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (answer, "server_id"), ==,
                   json_object_get_string_member (info, "server_id"));
  published = json_object_get_object_member (answer, "published");
  g_assert_cmpint (json_object_get_int_member (published, "items"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (published, "seq"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (published, "path"), ==, "/catalog/county/");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (published, "at"), "Z"));
  held_back = json_object_get_array_member (published, "held_back");
  g_assert_cmpuint (json_array_get_length (held_back), ==, 1);
  held = json_array_get_object_element (held_back, 0);
  g_assert_cmpstr (json_object_get_string_member (held, "item_id"), ==, items.no_basis);
  g_assert_cmpstr (json_object_get_string_member (held, "dept"), ==, "mz");
  problem = json_array_get_object_element (json_object_get_array_member (held, "problems"), 0);
  g_assert_cmpstr (json_object_get_string_member (problem, "field"), ==, "basis");
  g_assert_cmpstr (json_object_get_string_member (problem, "code"), ==, "missing-basis");

  /* The index links to each domain's page and the downloads. */
  index = get_text (f, "/catalog/county/", "text/html; charset=utf-8");
  g_assert_nonnull (strstr (index, "<a href=\"20.html\">社会救助</a>"));
  g_assert_nonnull (strstr (index, "<a href=\"13.html\">"));
  g_assert_nonnull (strstr (index, "href=\"catalog.xlsx\""));
  g_assert_nonnull (strstr (index, "href=\"catalog.pdf\""));
  g_assert_nonnull (strstr (index, "href=\"catalog.json\""));
  g_assert_nonnull (strstr (index, "发布时间"));

  /* Each item's row is anchored by its id; the held-back one is not there. */
  relief_page = get_text (f, "/catalog/county/20.html", "text/html; charset=utf-8");
  relief_anchor = anchor (items.relief);
  held_anchor = anchor (items.no_basis);
  g_assert_nonnull (strstr (relief_page, relief_anchor));
  g_assert_null (strstr (relief_page, held_anchor));
  g_assert_null (strstr (relief_page, items.school));
  g_assert_nonnull (strstr (relief_page, "《社会救助暂行办法》"));

  /* catalog.json is a catalog file, of the published items. */
  json = get_text (f, "/catalog/county/catalog.json", "application/json");
  catalog = gk_catalog_new_from_data (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, 2);
  g_assert_nonnull (gk_catalog_lookup_item (catalog, items.relief));
  g_assert_nonnull (gk_catalog_lookup_item (catalog, items.school));
  g_assert_cmpstr (gk_catalog_get_unit_name (catalog), ==, "某某县");
}

static void
assert_download (Fixture    *f,
                 const char *path,
                 const char *content_type,
                 const char *magic)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = get (f, "GET", path, &msg);
  g_autoptr(SoupMessage) head = NULL;
  g_autoptr(GBytes) head_body = NULL;
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Type"), ==, content_type);
  g_assert_cmpuint (g_bytes_get_size (body), >, strlen (magic));
  g_assert_cmpmem (g_bytes_get_data (body, NULL), strlen (magic), magic, strlen (magic));

  /* HEAD: the same headers, no body. */
  head_body = get (f, "HEAD", path, &head);
  g_assert_cmpuint (soup_message_get_status (head), ==, SOUP_STATUS_OK);
  g_assert_cmpuint (g_bytes_get_size (head_body), ==, 0);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (head),
                                                 "ETag"), ==,
                   soup_message_headers_get_one (headers, "ETag"));
}

/* The downloads; the anchors and the validators across publications. */
static void
test_republish (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Items) items = { NULL, NULL, NULL };
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) again = NULL;
  g_autoptr(SoupMessage) stale = NULL;
  g_autoptr(SoupMessage) post = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) again_body = NULL;
  g_autoptr(GBytes) stale_body = NULL;
  g_autoptr(GBytes) post_body = NULL;
  g_autofree char *old_etag = NULL;
  g_autofree char *update = NULL;
  g_autofree char *page = NULL;
  g_autofree char *relief_anchor = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(JsonArray) results = NULL;

  create_items (f, &items);
  first = publish (f, SOUP_STATUS_OK);
  assert_download (f, "/catalog/county/catalog.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK");
  assert_download (f, "/catalog/county/catalog.pdf", "application/pdf", "%PDF-");

  body = get (f, "GET", "/catalog/county/20.html", &msg);
  old_etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                     "ETag"));

  /* Revalidation: the same file is not sent again. */
  uri = g_strconcat (f->s.base, "/catalog/county/20.html", NULL);
  again = soup_message_new ("GET", uri);
  soup_message_headers_replace (soup_message_get_request_headers (again), "If-None-Match",
                                old_etag);
  again_body = soup_session_send_and_read (f->s.session, again, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (again), ==, SOUP_STATUS_NOT_MODIFIED);

  /* The basis is fixed and the basis of the held-back item given: both are
   * published, the first at the same anchor. */
  update = gk_test_op ("update", items.no_basis, 1, "{\"basis\":\"《特困人员救助供养办法》\"}",
                       NULL);
  results = gk_test_server_push (&f->s, f->mz2, update, NULL);
  second = publish (f, SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (second,
                                                                              "published"),
                                               "items"), ==, 3);
  page = get_text (f, "/catalog/county/20.html", "text/html; charset=utf-8");
  relief_anchor = anchor (items.relief);
  g_assert_nonnull (strstr (page, relief_anchor));
  g_assert_nonnull (strstr (page, "《特困人员救助供养办法》"));

  /* The old ETag no longer matches: the new page is sent. */
  stale = soup_message_new ("GET", uri);
  soup_message_headers_replace (soup_message_get_request_headers (stale), "If-None-Match",
                                old_etag);
  stale_body = soup_session_send_and_read (f->s.session, stale, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (stale), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (stale),
                                                 "ETag"), !=, old_etag);

  /* Read-only. */
  post_body = get (f, "POST", "/catalog/county/20.html", &post);
  g_assert_cmpuint (soup_message_get_status (post), ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (post),
                                                 "Allow"), ==, "GET, HEAD");
}

/* Sends @path as it is (a client would normalize "..") and returns the
 * status; @body gets the answer's body. */
static guint
raw_get (Fixture    *f,
         const char *path,
         char      **body)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  GOutputStream *out;
  GInputStream *in;
  char buffer[4096];
  gssize n;
  const char *end;

  g_socket_client_set_timeout (client, GK_TEST_WAIT_S);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->s.port, NULL, &error);
  g_assert_no_error (error);
  request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                             path);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_output_stream_write_all (out, request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (answer, (const guint8 *) buffer, n);
  g_assert_no_error (error);
  g_byte_array_append (answer, (const guint8 *) "", 1);

  g_assert_true (g_str_has_prefix ((const char *) answer->data, "HTTP/1.1 "));
  end = strstr ((const char *) answer->data, "\r\n\r\n");
  g_assert_nonnull (end);
  *body = g_strdup (end + 4);
  return (guint) g_ascii_strtoull ((const char *) answer->data + 9, NULL, 10);
}

static void
test_hostile_paths (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const paths[] = {
    "/catalog/county/../../gongkai-server.db",
    "/catalog/county/%2e%2e/%2e%2e/gongkai-server.db",
    "/catalog/county/%2E%2E%2F%2E%2E%2Fgongkai-server.db",
    "/catalog/%2e%2e/gongkai-server.db",
    "/catalog/county/..%5c..%5cgongkai-server.db",
    "/catalog/county//etc/passwd",
    "/catalog/county/%2fetc%2fpasswd",
    "/catalog//etc/passwd",
    "/catalog/county/index.html%00.pdf",
    "/catalog/county/sub/index.html",
    "/catalog/county/outside",
    "/catalog/county/inside-link",
    "/catalog/linked/",
    "/catalog/linked/index.html",
    "/catalog/.county.lock",
    "/catalog/nosuch/",
    "/catalog/nosuch/index.html",
    "/catalog/county/nosuch.html",
  };
  g_auto(Items) items = { NULL, NULL, NULL };
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *outside = published_path (f, "outside");
  g_autofree char *inside = published_path (f, "inside-link");
  g_autofree char *sub = published_path (f, "sub");
  g_autofree char *linked = g_build_filename (f->s.data, "published", "linked", NULL);
  g_autofree char *index_body = NULL;
  g_autofree char *redirect_body = NULL;

  create_items (f, &items);
  answer = publish (f, SOUP_STATUS_OK);

  /* Links out of the folder and to a file inside it, and a folder. */
  g_assert_cmpint (symlink ("/etc/passwd", outside), ==, 0);
  g_assert_cmpint (symlink ("index.html", inside), ==, 0);
  g_assert_cmpint (symlink (f->s.data, linked), ==, 0);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);

  g_assert_cmpuint (raw_get (f, "/catalog/county/", &index_body), ==, 200);
  g_assert_nonnull (strstr (index_body, "20.html"));

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *body = NULL;
      guint status = raw_get (f, paths[i], &body);

      /* libsoup itself refuses some (400) before any handler runs. */
      if (status != 404 && status != 400)
        g_error ("%s answered %u", paths[i], status);
      g_assert_null (strstr (body, "SQLite format"));
      g_assert_null (strstr (body, "root:"));
      g_assert_null (strstr (body, "<!DOCTYPE"));
    }

  /* The index is at the folder, where its relative links work. */
  g_assert_cmpuint (raw_get (f, "/catalog/county", &redirect_body), ==, 301);

  /* gk_test_remove_tree() would follow the link to the folder. */
  g_assert_cmpint (g_unlink (linked), ==, 0);
}

/* The command: the same publication, the held-back item listed for people. */
static void
test_command (Fixture       *f,
              gconstpointer  data)
{
  g_auto(Items) items = { NULL, NULL, NULL };
  g_autofree char *out = NULL;
  g_autofree char *index = published_path (f, "index.html");
  g_autofree char *lock = g_build_filename (f->s.data, "published", ".county.lock", NULL);
  g_autoptr(JsonObject) busy = NULL;
  int fd;

  create_items (f, &items);
  g_assert_cmpint (gk_test_server_admin (&f->s, &out, "publish", "county", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Published 2 items of the catalog “county”"));
  g_assert_nonnull (strstr (out, "1 item was held back"));
  g_assert_nonnull (strstr (out, items.no_basis));
  g_assert_nonnull (strstr (out, "department mz"));
  g_assert_nonnull (strstr (out, "    Legal basis: "));
  g_assert_true (g_file_test (index, G_FILE_TEST_IS_REGULAR));

  /* One publication of a catalog at a time: while one holds the lock,
   * the API answers 409 and the command fails. */
  fd = g_open (lock, O_RDWR | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  busy = publish (f, SOUP_STATUS_CONFLICT);
  g_assert_cmpstr (json_object_get_string_member (busy, "type"), ==,
                   "urn:gongkai:problem:publish-in-progress");
  g_assert_cmpint (gk_test_server_admin (&f->s, NULL, "publish", "county", NULL), ==, 1);
  close (fd);

  g_assert_cmpint (gk_test_server_admin (&f->s, NULL, "publish", "nosuch", NULL), ==, 1);
  g_assert_cmpint (gk_test_server_admin (&f->s, NULL, "publish", "../x", NULL), ==, 2);
}

/* A publication renders on a worker thread: while a large one runs, the
 * server answers reads and writes, and refuses a second publication. */
static void
test_worker (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SoupSession) other = soup_session_new_with_options ("timeout", GK_TEST_WAIT_S, NULL);
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(JsonObject) busy = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *lock = g_build_filename (f->s.data, "published", ".county.lock", NULL);
  GkTestSent sent;
  gint64 deadline;

  /* 1,000 items: the PDF takes seconds. */
  for (guint push = 0; push < 5; push++)
    {
      g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *body = NULL;
      g_autoptr(JsonObject) results = NULL;

      for (guint i = 0; i < 200; i++)
        {
          g_autofree char *id = g_uuid_string_random ();

          g_ptr_array_add (ops, gk_test_op ("create", id, 0,
                                            FULL_ITEM ("20", "最低生活保障", "《社会救助暂行办法》"),
                                            NULL));
        }
      g_ptr_array_add (ops, NULL);
      body = gk_test_push_body ((const char * const *) ops->pdata);
      results = gk_test_server_request (&f->s, "POST", "/api/v1/push", f->mz1, body,
                                        SOUP_STATUS_OK);
    }

  /* Another session: the fixture's answers the requests below meanwhile. */
  gk_test_server_post_async (&f->s, other, "/api/v1/publish", f->office, "{}", &sent);
  /* Until the server has the request: it makes the lock file then. */
  deadline = g_get_monotonic_time () + GK_TEST_WAIT_S * G_USEC_PER_SEC;
  while (!g_file_test (lock, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  info = gk_test_server_request (&f->s, "GET", "/api/v1/info", f->mz1, NULL, SOUP_STATUS_OK);
  extra = create (f, f->mz1, FULL_ITEM ("20", "临时救助", "《社会救助暂行办法》"));
  busy = publish (f, SOUP_STATUS_CONFLICT);
  g_assert_false (sent.done);

  gk_test_wait_for (&sent.done, "the publication");
  g_assert_cmpuint (soup_message_get_status (sent.msg), ==, SOUP_STATUS_OK);
  answer = gk_test_parse_object (sent.body);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (answer,
                                                                              "published"),
                                               "items"), >=, 1000);
  gk_test_sent_clear (&sent);
}

/* The child's files may be at most 4 KiB; it is told, not killed. */
static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit = { 4096, 4096 };

  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* A publication that fails leaves the last one byte for byte, and no
 * folder of its own. */
static void
test_failed (Fixture       *f,
             gconstpointer  data)
{
  g_auto(Items) items = { NULL, NULL, NULL };
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *index = published_path (f, "index.html");
  g_autofree char *page = published_path (f, "20.html");
  g_autofree char *published = g_build_filename (f->s.data, "published", NULL);
  g_autoptr(GBytes) index_before = NULL;
  g_autoptr(GBytes) page_before = NULL;
  g_autoptr(GBytes) index_after = NULL;
  g_autoptr(GBytes) page_after = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *update = NULL;
  g_autoptr(JsonArray) results = NULL;

  create_items (f, &items);
  answer = publish (f, SOUP_STATUS_OK);
  index_before = gk_test_read_bytes (index);
  page_before = gk_test_read_bytes (page);
  update = gk_test_op ("update", items.relief, 1, "{\"content\":\"新的内容\"}", NULL);
  results = gk_test_server_push (&f->s, f->mz1, update, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, limit_file_size, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, f->s.program, "publish", "county",
                                         "--data", f->s.data, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "File too large"));

  index_after = gk_test_read_bytes (index);
  page_after = gk_test_read_bytes (page);
  g_assert_true (g_bytes_equal (index_before, index_after));
  g_assert_true (g_bytes_equal (page_before, page_after));
  /* published/: the lock and the publication, nothing half-written. */
  g_assert_cmpuint (gk_test_count_entries (published), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  const char *program;

  g_test_init (&argc, &argv, NULL);
  program = gk_test_get_program (argc, argv, "gongkai-server");

  g_test_add ("/publish/api", Fixture, program, gk_test_county_set_up, test_api,
              gk_test_county_tear_down);
  g_test_add ("/publish/republish", Fixture, program, gk_test_county_set_up, test_republish,
              gk_test_county_tear_down);
  g_test_add ("/publish/hostile-paths", Fixture, program, gk_test_county_set_up,
              test_hostile_paths, gk_test_county_tear_down);
  g_test_add ("/publish/command", Fixture, program, gk_test_county_set_up, test_command,
              gk_test_county_tear_down);
  g_test_add ("/publish/worker", Fixture, program, gk_test_county_set_up, test_worker,
              gk_test_county_tear_down);
  g_test_add ("/publish/failed", Fixture, program, gk_test_county_set_up, test_failed,
              gk_test_county_tear_down);

  return g_test_run ();
}
