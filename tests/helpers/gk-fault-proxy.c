/* gk-fault-proxy.c: a TCP proxy on 127.0.0.1 that cuts connections
 *
 * For the sync tests: the client talks to the real server through this
 * proxy, which forwards bytes both ways, counts them, and can cut one
 * chosen connection after exactly N bytes in one direction — closed, or
 * reset (RST) as a dropped office network does. A sweep of N over a whole
 * exchange cuts a push or a pull at every byte. The proxy runs on its own
 * thread and main context, so a client that blocks on its socket in the
 * test's thread does not stop it; each connection is pumped on a thread of
 * its own, without a limit on their number: a keep-alive connection the
 * server holds open after its client is gone keeps its thread until the
 * server closes it.
 *
 * It can also slow connections down instead of cutting them: after N
 * bytes one way it holds the rest (a stalled server), or passes it one
 * byte at a time with a pause between (a server that dribbles, which no
 * socket timeout ends), until the client gives up and closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <sys/socket.h>

#include "gk-fault-proxy.h"

#define CHUNK 16384

struct _GkFaultProxy
{
  guint16       upstream_port;
  guint16       port;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;

  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  guint         n_connections;
  guint         fault_connection;   /* 1 is the first connection; 0: no fault */
  GkFaultDirection fault_direction;
  guint64       fault_after;
  gboolean      fault_reset;
  guint64       bytes[2];
  guint         n_cuts;
  gboolean      slow_every;         /* the slowing strikes every connection */
  gboolean      slow;               /* the fault slows rather than cuts */
  guint         slow_interval_ms;   /* 0: hold the bytes */
};

typedef struct
{
  GkFaultProxy *proxy;
  GSocket      *sockets[2];   /* indexed by the direction data flows *from*: client, server */
  guint64       limit[2];     /* G_MAXUINT64: no cut */
  gboolean      reset;
  gboolean      slow;         /* at the limit, slow down instead of cutting */
  guint         slow_interval_ms;
  gboolean      slowing[2];   /* past the limit of a slowed direction */
  gboolean      exchange;     /* the limit counts the bytes of every connection */
} Pump;

static gboolean
send_all (GSocket     *socket,
          const char  *data,
          gsize        length)
{
  while (length > 0)
    {
      gssize n = g_socket_send (socket, data, length, NULL, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }

  return TRUE;
}

/* SO_LINGER with a zero timeout makes close() send RST, not FIN. */
static void
cut (Pump *pump)
{
  /* Counted first: the peers may look as soon as the sockets close. */
  g_mutex_lock (&pump->proxy->lock);
  pump->proxy->n_cuts++;
  g_mutex_unlock (&pump->proxy->lock);

  for (guint i = 0; i < 2; i++)
    {
      if (pump->reset)
        {
          struct linger linger = { 1, 0 };

          setsockopt (g_socket_get_fd (pump->sockets[i]), SOL_SOCKET, SO_LINGER, &linger,
                      sizeof linger);
        }
      g_socket_close (pump->sockets[i], NULL);
    }
}

/* With GK_FAULT_EXCHANGE, what may still pass on this connection is what
 * the other connections have left of the fault's bytes: once. */
static void
update_exchange_limit (Pump  *pump,
                       guint  from)
{
  GkFaultProxy *self = pump->proxy;

  g_mutex_lock (&self->lock);
  if (self->fault_connection == GK_FAULT_EXCHANGE && self->n_cuts == 0
      && self->fault_direction == from)
    pump->limit[from] = self->fault_after - MIN (self->bytes[from], self->fault_after);
  else
    pump->limit[from] = G_MAXUINT64;
  g_mutex_unlock (&self->lock);
}

/* Past the limit of a slowed connection: @from's bytes pass one at a time
 * with a pause between, or (interval 0) not at all, until the receiver
 * closes. Returns FALSE: nothing more is read from @from. */
static gboolean
dribble (Pump       *pump,
         guint       from,
         const char *data,
         gsize       length)
{
  pump->slowing[from] = TRUE;
  if (pump->slow_interval_ms == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      g_usleep (pump->slow_interval_ms * G_TIME_SPAN_MILLISECOND);
      if (!send_all (pump->sockets[1 - from], data + i, 1))
        return FALSE;
    }
  return TRUE;
}

/* Moves what @from has to the other side. Returns FALSE at its end of
 * stream, and sets *@cut_done when the fault struck. */
static gboolean
forward (Pump     *pump,
         guint     from,
         gboolean *cut_done)
{
  char buffer[CHUNK];
  gssize n = g_socket_receive (pump->sockets[from], buffer, sizeof buffer, NULL, NULL);
  gsize pass;

  if (n <= 0)
    {
      /* Half-close, as TCP does: the other side may still answer. */
      g_socket_shutdown (pump->sockets[1 - from], FALSE, TRUE, NULL);
      return FALSE;
    }

  if (pump->slowing[from])
    return dribble (pump, from, buffer, (gsize) n);
  if (pump->exchange)
    update_exchange_limit (pump, from);
  pass = (guint64) n > pump->limit[from] ? (gsize) pump->limit[from] : (gsize) n;
  if (pass > 0)
    send_all (pump->sockets[1 - from], buffer, pass);
  pump->limit[from] -= pump->limit[from] == G_MAXUINT64 ? 0 : pass;

  g_mutex_lock (&pump->proxy->lock);
  pump->proxy->bytes[from] += pass;
  g_mutex_unlock (&pump->proxy->lock);

  if (pump->slow && (pass < (gsize) n || pump->limit[from] == 0))
    return dribble (pump, from, buffer + pass, (gsize) n - pass);
  if (pass < (gsize) n || pump->limit[from] == 0)
    {
      cut (pump);
      *cut_done = TRUE;
    }
  return TRUE;
}

static void
pump_connection (Pump *pump)
{
  gboolean open[2] = { TRUE, TRUE };
  gboolean cut_done = FALSE;

  /* A cut at byte 0 strikes before anything passes. */
  for (guint i = 0; i < 2; i++)
    if (pump->limit[i] == 0 && !pump->slow)
      {
        cut (pump);
        return;
      }
    else if (pump->limit[i] == 0)
      pump->slowing[i] = TRUE;

  while ((open[0] || open[1]) && !cut_done)
    {
      GPollFD fds[2];
      guint n = 0;
      guint which[2];

      for (guint i = 0; i < 2; i++)
        if (open[i])
          {
            fds[n].fd = g_socket_get_fd (pump->sockets[i]);
            fds[n].events = G_IO_IN | G_IO_HUP | G_IO_ERR;
            fds[n].revents = 0;
            which[n++] = i;
          }
      /* Bounded: a test that forgets a connection does not hang here. */
      if (g_poll (fds, n, 30000) <= 0)
        break;
      for (guint k = 0; k < n && !cut_done; k++)
        if (fds[k].revents != 0)
          open[which[k]] = forward (pump, which[k], &cut_done);
    }
}

static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source,
        gpointer                user_data)
{
  GkFaultProxy *self = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  Pump pump = { self, { NULL, NULL }, { G_MAXUINT64, G_MAXUINT64 }, FALSE, FALSE, 0,
                { FALSE, FALSE }, FALSE };
  guint index;

  g_mutex_lock (&self->lock);
  index = ++self->n_connections;
  if (self->fault_connection == GK_FAULT_EXCHANGE && self->n_cuts == 0)
    {
      pump.exchange = TRUE;
      pump.reset = self->fault_reset;
      pump.limit[self->fault_direction] = self->fault_after
                                          - MIN (self->bytes[self->fault_direction],
                                                 self->fault_after);
    }
  else if (self->fault_connection == index || (self->slow && self->slow_every))
    {
      pump.limit[self->fault_direction] = self->fault_after;
      pump.reset = self->fault_reset;
      pump.slow = self->slow;
      pump.slow_interval_ms = self->slow_interval_ms;
    }
  g_mutex_unlock (&self->lock);

  upstream = g_socket_client_connect_to_host (client, "127.0.0.1", self->upstream_port, NULL,
                                              NULL);
  if (upstream == NULL)
    return TRUE;   /* the client sees its connection closed */

  pump.sockets[GK_FAULT_UP] = g_socket_connection_get_socket (connection);
  pump.sockets[GK_FAULT_DOWN] = g_socket_connection_get_socket (upstream);
  pump_connection (&pump);
  g_io_stream_close (G_IO_STREAM (upstream), NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

static gpointer
proxy_thread (gpointer data)
{
  GkFaultProxy *self = data;
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (-1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, &error))
    g_error ("The fault proxy cannot listen: %s", error->message);
  g_signal_connect (service, "run", G_CALLBACK (run_cb), self);
  g_socket_service_start (service);

  g_mutex_lock (&self->lock);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

/**
 * gk_fault_proxy_new:
 * @upstream_port: the port on 127.0.0.1 to forward to
 *
 * Returns: (transfer full): a proxy listening on 127.0.0.1, without a fault
 */
GkFaultProxy *
gk_fault_proxy_new (guint16 upstream_port)
{
  GkFaultProxy *self = g_new0 (GkFaultProxy, 1);

  self->upstream_port = upstream_port;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("gk-fault-proxy", proxy_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return self;
}

/**
 * gk_fault_proxy_free:
 * @self: (transfer full): a proxy
 *
 * Stops listening. Connections being pumped end on their own (their peers
 * close them, or after 30 s without data).
 */
void
gk_fault_proxy_free (GkFaultProxy *self)
{
  g_main_loop_quit (self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

/**
 * gk_fault_proxy_get_port:
 * @self: a proxy
 *
 * Returns: the port it listens on, on 127.0.0.1
 */
guint16
gk_fault_proxy_get_port (GkFaultProxy *self)
{
  return self->port;
}

/**
 * gk_fault_proxy_cut:
 * @self: a proxy
 * @connection: which connection, counting from 1 since the last
 *   gk_fault_proxy_reset_counts(), or %GK_FAULT_EXCHANGE
 * @direction: the direction to cut
 * @after_bytes: how many bytes of that direction pass before the cut
 * @reset: whether the cut is a reset (RST) rather than a close (FIN)
 *
 * Arms the fault for one connection; the others pass untouched.
 */
void
gk_fault_proxy_cut (GkFaultProxy     *self,
                    guint             connection,
                    GkFaultDirection  direction,
                    guint64           after_bytes,
                    gboolean          reset)
{
  g_mutex_lock (&self->lock);
  self->fault_connection = connection;
  self->fault_direction = direction;
  self->fault_after = after_bytes;
  self->fault_reset = reset;
  self->slow = FALSE;
  self->slow_every = FALSE;
  g_mutex_unlock (&self->lock);
}

/**
 * gk_fault_proxy_slow:
 * @self: a proxy
 * @connection: which connection, counting from 1 since the last
 *   gk_fault_proxy_reset_counts(); 0 for every connection from now on
 * @direction: the direction to slow
 * @after_bytes: how many bytes of that direction pass at full speed
 * @interval_ms: then one byte passes every @interval_ms; 0 holds them all
 *   (a stalled server)
 *
 * Arms a slowing fault in place of any cut; the connection stays open
 * until a peer closes it.
 */
void
gk_fault_proxy_slow (GkFaultProxy     *self,
                     guint             connection,
                     GkFaultDirection  direction,
                     guint64           after_bytes,
                     guint             interval_ms)
{
  g_mutex_lock (&self->lock);
  self->fault_connection = connection;
  self->fault_direction = direction;
  self->fault_after = after_bytes;
  self->fault_reset = FALSE;
  self->slow = TRUE;
  self->slow_every = connection == 0;
  self->slow_interval_ms = interval_ms;
  g_mutex_unlock (&self->lock);
}

/**
 * gk_fault_proxy_clear_fault:
 * @self: a proxy
 *
 * Every connection from now on passes untouched.
 */
void
gk_fault_proxy_clear_fault (GkFaultProxy *self)
{
  g_mutex_lock (&self->lock);
  self->fault_connection = 0;
  self->slow = FALSE;
  self->slow_every = FALSE;
  g_mutex_unlock (&self->lock);
}

/**
 * gk_fault_proxy_get_bytes:
 * @self: a proxy
 * @direction: which way
 *
 * Returns: the bytes passed that way since the last reset of the counts:
 *   the length of an exchange, to sweep the cuts over
 */
guint64
gk_fault_proxy_get_bytes (GkFaultProxy     *self,
                          GkFaultDirection  direction)
{
  guint64 bytes;

  g_mutex_lock (&self->lock);
  bytes = self->bytes[direction];
  g_mutex_unlock (&self->lock);
  return bytes;
}

/**
 * gk_fault_proxy_get_n_cuts:
 * @self: a proxy
 *
 * Returns: how many connections were cut since the last reset of the counts
 */
guint
gk_fault_proxy_get_n_cuts (GkFaultProxy *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->n_cuts;
  g_mutex_unlock (&self->lock);
  return n;
}

/**
 * gk_fault_proxy_reset_counts:
 * @self: a proxy
 *
 * Zeroes the byte counts, the cuts and the connection numbers.
 */
void
gk_fault_proxy_reset_counts (GkFaultProxy *self)
{
  g_mutex_lock (&self->lock);
  self->bytes[0] = self->bytes[1] = 0;
  self->n_cuts = 0;
  self->n_connections = 0;
  g_mutex_unlock (&self->lock);
}

/**
 * gk_fault_proxy_get_n_connections:
 * @self: a proxy
 *
 * Returns: the connections accepted since the proxy was made or its
 *   counts were reset
 */
guint
gk_fault_proxy_get_n_connections (GkFaultProxy *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->n_connections;
  g_mutex_unlock (&self->lock);
  return n;
}
