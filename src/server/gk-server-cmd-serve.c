/* gk-server-cmd-serve.c: gongkai-server serve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "gk-server.h"
#include "gk-server-api.h"
#include "gk-server-commands.h"
#include "gk-server-static.h"

typedef struct
{
  GMainLoop *loop;
  GkServer  *server;
  gboolean   stopping;
  int        status;
} Serve;

/* "127.0.0.1:8081", "[::1]:8081"; ":0" picks a free port. SoupServer is
 * not made to face untrusted clients (TLS, limits and timeouts come from
 * a reverse proxy in front), so it listens on loopback only. */
static GInetSocketAddress *
parse_listen (const char *text)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  const char *host;
  guint16 port;

  connectable = g_network_address_parse (text, 0, &error);
  if (connectable == NULL || !g_strrstr (text, ":"))
    {
      g_printerr (_("“%s” is not an address and a port, like 127.0.0.1:8081.\n"), text);
      return NULL;
    }
  host = g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable));
  port = g_network_address_get_port (G_NETWORK_ADDRESS (connectable));
  address = g_inet_address_new_from_string (host);
  if (address == NULL || !g_inet_address_get_is_loopback (address))
    {
      g_printerr (_("gongkai-server listens on loopback addresses only (127.0.0.1 or ::1): "
                    "put a reverse proxy with TLS in front of it.\n"));
      return NULL;
    }

  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address, port));
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Serve *serve = user_data;
  g_autoptr(GError) error = NULL;

  if (!gk_server_stop_finish (GK_SERVER (source), result, &error))
    {
      g_printerr ("%s\n", error->message);
      serve->status = GK_SERVER_EXIT_FAILED;
    }
  g_main_loop_quit (serve->loop);
}

static gboolean
signal_cb (gpointer user_data)
{
  Serve *serve = user_data;

  if (!serve->stopping)
    {
      serve->stopping = TRUE;
      g_printerr (_("Stopping: answering the requests in progress.\n"));
      gk_server_stop_async (serve->server, NULL, stopped_cb, serve);
    }

  return G_SOURCE_CONTINUE;
}

static int
run (const char         *data_dir,
     GInetSocketAddress *address)
{
  g_autoptr(GkServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  Serve serve = { NULL, NULL, FALSE, GK_SERVER_EXIT_OK };

  server = gk_server_new (data_dir, &error);
  if (server == NULL)
    return gk_server_cli_fail (error);
  loop = g_main_loop_new (NULL, FALSE);
  serve.loop = loop;
  serve.server = server;
  /* Before the first line: a supervisor (or a test) may send SIGTERM as
   * soon as it reads it, and one that came before the sources were added
   * killed the server with SIGTERM's default action. They stay until the
   * process ends: removing them gives SIGTERM its default action back,
   * and a second SIGTERM (systemd's, a test's) while the server closes
   * its database killed it instead of letting it finish. They run only
   * in the loop; before it, a signal waits for it. */
  g_unix_signal_add (SIGTERM, signal_cb, &serve);
  g_unix_signal_add (SIGINT, signal_cb, &serve);
  gk_server_api_add_routes (server);
  gk_server_static_add_routes (server);
  if (!gk_server_listen (server, address, &error))
    return gk_server_cli_fail (error);

  host = g_inet_address_to_string (g_inet_socket_address_get_address (address));
  /* The first line, exactly: scripts and tests read the port from it. */
  if (g_inet_address_get_family (g_inet_socket_address_get_address (address))
      == G_SOCKET_FAMILY_IPV6)
    printf ("listening on http://[%s]:%u/\n", host, gk_server_get_port (server));
  else
    printf ("listening on http://%s:%u/\n", host, gk_server_get_port (server));
  fflush (stdout);

  g_main_loop_run (loop);

  return serve.status;
}

/**
 * gk_server_serve:
 * @argc: the argument count
 * @argv: the arguments, "serve" first
 *
 * `gongkai-server serve --data DIR --listen 127.0.0.1:PORT`: serves until
 * SIGTERM or SIGINT, then answers the requests in progress and exits 0.
 *
 * Returns: the exit status
 */
int
gk_server_serve (int    argc,
                 char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *listen = NULL;
  GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      N_("The loopback address and port to listen on, :0 for any free port (required)"),
      N_("ADDRESS:PORT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GInetSocketAddress) address = NULL;

  g_option_context_set_summary (context, _("Serve the catalogs to the editors, behind a "
                                           "reverse proxy."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gk_server_cli_parse (context, &data_dir, &argc, &argv))
    return GK_SERVER_EXIT_USAGE;
  if (argc != 1 || listen == NULL)
    {
      g_printerr (_("Usage: gongkai-server serve --data DIR --listen 127.0.0.1:PORT\n"));
      return GK_SERVER_EXIT_USAGE;
    }
  if ((address = parse_listen (listen)) == NULL)
    return GK_SERVER_EXIT_USAGE;

  return run (data_dir, address);
}
