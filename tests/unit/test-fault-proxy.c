/* test-fault-proxy.c: the proxy the sync tests cut connections with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-fault-proxy.h"

typedef struct
{
  GSocket      *upstream;   /* listening on 127.0.0.1 */
  GkFaultProxy *proxy;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  fixture->upstream = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                    G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (fixture->upstream, address, TRUE, &error));
  g_assert_true (g_socket_listen (fixture->upstream, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (fixture->upstream, &error);
  fixture->proxy = gk_fault_proxy_new (g_inet_socket_address_get_port (
                                         G_INET_SOCKET_ADDRESS (bound)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gk_fault_proxy_free (fixture->proxy);
  g_socket_close (fixture->upstream, NULL);
  g_object_unref (fixture->upstream);
}

/* A client connected through the proxy, and the server's end of it. */
static void
connect_pair (Fixture  *fixture,
              GSocket **client,
              GSocket **server)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_client_set_timeout (socket_client, 10);
  connection = g_socket_client_connect_to_host (socket_client, "127.0.0.1",
                                                gk_fault_proxy_get_port (fixture->proxy),
                                                NULL, &error);
  g_assert_no_error (error);
  *client = g_object_ref (g_socket_connection_get_socket (connection));
  g_socket_set_timeout (*client, 10);
  g_socket_set_timeout (fixture->upstream, 10);
  *server = g_socket_accept (fixture->upstream, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (*server, 10);
  /* The client's socket outlives its connection object. */
  g_object_set_data_full (G_OBJECT (*client), "connection", g_steal_pointer (&connection),
                          g_object_unref);
}

/* Everything @socket receives until its end of stream or an error. */
static GString *
receive_all (GSocket *socket)
{
  GString *received = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (received, buffer, n);

  return received;
}

static void
send_text (GSocket    *socket,
           const char *text,
           gsize       length)
{
  g_autoptr(GError) error = NULL;

  while (length > 0)
    {
      gssize n = g_socket_send (socket, text, length, NULL, &error);

      g_assert_no_error (error);
      text += n;
      length -= (gsize) n;
    }
}

/* Into a connection being cut: the send may fail, as a client's does. */
static void
send_until_cut (GSocket    *socket,
                const char *text,
                gsize       length)
{
  while (length > 0)
    {
      gssize n = g_socket_send (socket, text, length, NULL, NULL);

      if (n <= 0)
        return;
      text += n;
      length -= (gsize) n;
    }
}

/* Untouched connections carry every byte both ways, and are counted. */
static void
test_pass (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GSocket) client = NULL;
  g_autoptr(GSocket) server = NULL;
  g_autofree char *request = g_strnfill (100000, 'q');
  g_autoptr(GString) got = NULL;
  g_autoptr(GString) answer = NULL;

  connect_pair (fixture, &client, &server);
  send_text (client, request, strlen (request));
  g_socket_shutdown (client, FALSE, TRUE, NULL);
  got = receive_all (server);
  g_assert_cmpuint (got->len, ==, 100000);
  send_text (server, "answer", 6);
  g_socket_shutdown (server, FALSE, TRUE, NULL);
  answer = receive_all (client);
  g_assert_cmpstr (answer->str, ==, "answer");
  g_assert_cmpuint (gk_fault_proxy_get_bytes (fixture->proxy, GK_FAULT_UP), ==, 100000);
  g_assert_cmpuint (gk_fault_proxy_get_bytes (fixture->proxy, GK_FAULT_DOWN), ==, 6);
  g_assert_cmpuint (gk_fault_proxy_get_n_cuts (fixture->proxy), ==, 0);
}

/* A cut after N bytes passes exactly N, on the chosen connection only. */
static void
test_cut (Fixture       *fixture,
          gconstpointer  data)
{
  gboolean reset = GPOINTER_TO_INT (data);
  const char text[] = "POST /api/v1/push HTTP/1.1\r\n\r\n{\"ops\":[]}";

  for (guint64 at = 0; at < sizeof text - 1; at += 7)
    {
      g_autoptr(GSocket) client = NULL;
      g_autoptr(GSocket) server = NULL;
      g_autoptr(GString) got = NULL;
      g_autoptr(GString) down = NULL;
      g_autoptr(GString) cut_down = NULL;

      gk_fault_proxy_reset_counts (fixture->proxy);
      gk_fault_proxy_cut (fixture->proxy, 1, GK_FAULT_UP, at, reset);
      connect_pair (fixture, &client, &server);
      send_until_cut (client, text, sizeof text - 1);
      got = receive_all (server);
      g_assert_cmpuint (got->len, ==, at);
      g_assert_cmpmem (got->str, got->len, text, at);
      g_assert_cmpuint (gk_fault_proxy_get_n_cuts (fixture->proxy), ==, 1);
      g_clear_object (&client);
      g_clear_object (&server);

      /* The second connection is clean, and so is the way down. */
      gk_fault_proxy_cut (fixture->proxy, 3, GK_FAULT_DOWN, at, reset);
      connect_pair (fixture, &client, &server);
      send_text (server, text, sizeof text - 1);
      g_socket_shutdown (server, FALSE, TRUE, NULL);
      down = receive_all (client);
      g_assert_cmpstr (down->str, ==, text);
      g_clear_object (&client);
      g_clear_object (&server);

      connect_pair (fixture, &client, &server);
      send_until_cut (server, text, sizeof text - 1);
      cut_down = receive_all (client);
      g_assert_cmpuint (cut_down->len, ==, at);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/fault-proxy/pass", Fixture, NULL, fixture_set_up, test_pass,
              fixture_tear_down);
  g_test_add ("/fault-proxy/cut-close", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_cut, fixture_tear_down);
  g_test_add ("/fault-proxy/cut-reset", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_cut, fixture_tear_down);

  return g_test_run ();
}
