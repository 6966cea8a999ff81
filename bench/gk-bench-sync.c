/* gk-bench-sync.c: the client side of bench/vs-pouchdb.sh (bench/README.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gk-bench-sync load --dir DIR --catalog FILE [--first K] [--count N]
 *   gk-bench-sync sync --dir DIR --server URL --token-file FILE [--edit K]
 *   gk-bench-sync concurrent --dir DIR --clients N --server URL --tokens FILE [--push-only]
 *
 * `load` makes the store in DIR hold items K to K+N-1 of a catalog file
 * (untimed: what the PC had before it synced). `sync` runs one sync of a
 * store, gk_sync_engine_run() as `gongkai-cli sync` does, and prints its
 * wall time in milliseconds; --edit changes the content of item K first
 * (untimed), so that the sync pushes one changed item. A store that did
 * not exist is created inside the timed part (the first pull into an empty
 * PC); an existing one is opened before the clock starts, as the editor
 * keeps its store open. `concurrent` syncs the stores DIR/c0 … DIR/cN-1
 * at once, one thread and one token (a line of FILE) each, and prints the
 * wall time, the slowest client's and the errors; --push-only only pushes
 * (gongkai-cli sync --push-only), as PouchDB's replication to the server
 * does in the same case.
 *
 * Messages are for developers and stay untranslated.
 */

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "gongkai-core.h"
#include "gk-sync-engine.h"

static char    *opt_dir;
static char    *opt_catalog;
static char    *opt_server;
static char    *opt_token_file;
static char    *opt_tokens;
static int      opt_first;
static int      opt_count = -1;
static int      opt_edit = -1;
static int      opt_clients = 1;
static gboolean opt_push_only;

static const GOptionEntry entries[] = {
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "The store's folder", "DIR" },
  { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &opt_catalog, "A catalog file", "FILE" },
  { "first", 0, 0, G_OPTION_ARG_INT, &opt_first, "The first item loaded", "K" },
  { "count", 0, 0, G_OPTION_ARG_INT, &opt_count, "How many items are loaded", "N" },
  { "server", 0, 0, G_OPTION_ARG_STRING, &opt_server, "The server's URL", "URL" },
  { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_token_file, "The token", "FILE" },
  { "tokens", 0, 0, G_OPTION_ARG_FILENAME, &opt_tokens, "One token per line", "FILE" },
  { "edit", 0, 0, G_OPTION_ARG_INT, &opt_edit, "Change item K before syncing", "K" },
  { "clients", 0, 0, G_OPTION_ARG_INT, &opt_clients, "How many clients", "N" },
  { "push-only", 0, 0, G_OPTION_ARG_NONE, &opt_push_only,
    "Only push, as gongkai-cli sync --push-only", NULL },
  { NULL }
};

static void G_GNUC_NORETURN
die (const char *what,
     GError     *error)
{
  g_printerr ("gk-bench-sync: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static GkStore *
open_store (const char *dir)
{
  g_autoptr(GkStore) store = gk_store_new (dir);
  g_autoptr(GError) error = NULL;

  if (!gk_store_open (store, &error))
    die (dir, error);
  return g_steal_pointer (&store);
}

static char *
read_token (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    die (path, error);
  return g_strstrip (text);
}

static int
load (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (opt_catalog);
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_catalog_new_from_file (file, NULL, &error);
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GkStore) store = NULL;
  guint n;

  if (catalog == NULL)
    die (opt_catalog, error);
  /* The items keep their ids: the PouchDB side has the same documents. */
  n = gk_catalog_get_n_items (catalog);
  for (guint i = 0; i < n; i++)
    {
      if (i < (guint) opt_first || (opt_count >= 0 && i >= (guint) (opt_first + opt_count)))
        g_ptr_array_add (others, g_strdup (gk_item_get_id (gk_catalog_get_item (catalog, i))));
    }
  for (guint i = 0; i < others->len; i++)
    gk_catalog_remove_item (catalog, g_ptr_array_index (others, i));

  store = open_store (opt_dir);
  if (!gk_store_replace_catalog (store, catalog, &error))
    die (opt_dir, error);
  return 0;
}

/* Changes one item's content, as an edit in the form would. */
static void
edit_item (GkStore *store,
           guint    index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_store_load_catalog (store, &error);
  g_autofree char *content = NULL;
  GkItem *item;

  if (catalog == NULL || index >= gk_catalog_get_n_items (catalog))
    die ("edit", error);
  item = gk_catalog_get_item (catalog, index);
  content = g_strdup_printf ("修改于%" G_GINT64_FORMAT, g_get_real_time ());
  gk_item_set_text (item, GK_FIELD_CONTENT, content);
  if (!gk_store_save_item (store, item, &error))
    die ("edit", error);
}

static GkSyncReport *
run_engine (GkStore     *store,
            const char  *token,
            GError     **error)
{
  /* The engine's defaults, as gongkai-cli sync and the editor use them. */
  g_autoptr(GkSyncClient) client = gk_sync_client_new (opt_server, token, NULL);

  if (opt_push_only)
    return gk_sync_engine_push (store, client, error);
  return gk_sync_engine_run (store, client, error);
}

/* What GIO loads on a process's first connection (its proxy resolver and
 * network monitor modules, their settings, the resolver's NSS modules),
 * loaded before the clock starts: an editor pays it once, not at every
 * sync. */
static void
warm_up (void)
{
  g_autoptr(GUri) uri = g_uri_parse (opt_server, G_URI_FLAGS_NONE, NULL);
  g_autolist(GInetAddress) addresses = NULL;

  g_proxy_resolver_get_default ();
  g_network_monitor_get_default ();
  if (uri != NULL)
    addresses = g_resolver_lookup_by_name (g_resolver_get_default (), g_uri_get_host (uri),
                                           NULL, NULL);
}

static int
sync_once (void)
{
  g_autofree char *token = read_token (opt_token_file);
  g_autofree char *db = g_build_filename (opt_dir, "gongkai.db", NULL);
  gboolean fresh = !g_file_test (db, G_FILE_TEST_EXISTS);
  g_autoptr(GkStore) store = NULL;
  g_autoptr(GkSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = 0;

  warm_up ();
  if (fresh)
    start = g_get_monotonic_time ();
  store = open_store (opt_dir);
  if (opt_edit >= 0)
    edit_item (store, opt_edit);
  if (!fresh)
    start = g_get_monotonic_time ();
  report = run_engine (store, token, &error);
  if (report == NULL)
    die ("sync", error);
  g_print ("%.1f ms pushed %u pulled %u rejected %u\n",
           (g_get_monotonic_time () - start) / 1000.0, report->pushed, report->pulled,
           report->rejected->len);
  return report->rejected->len > 0;
}

typedef struct
{
  GkStore  *store;
  char     *token;
  double    ms;
  char     *error;
} Client;

static GMutex start_lock;
static GCond  start_cond;
static gboolean started;

static gpointer
client_thread (gpointer data)
{
  Client *c = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GkSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* The client's session belongs to this thread. */
  g_main_context_push_thread_default (context);
  g_mutex_lock (&start_lock);
  while (!started)
    g_cond_wait (&start_cond, &start_lock);
  g_mutex_unlock (&start_lock);

  start = g_get_monotonic_time ();
  report = run_engine (c->store, c->token, &error);
  c->ms = (g_get_monotonic_time () - start) / 1000.0;
  if (report == NULL)
    c->error = g_strdup (error->message);
  else if (report->rejected->len > 0)
    c->error = g_strdup_printf ("%u ops refused", report->rejected->len);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static int
concurrent (void)
{
  g_autofree char *text = read_token (opt_tokens);
  g_auto(GStrv) tokens = g_strsplit (text, "\n", -1);
  g_autofree Client *clients = g_new0 (Client, opt_clients);
  g_autofree GThread **threads = g_new0 (GThread *, opt_clients);
  double slowest = 0;
  guint errors = 0;
  gint64 start;

  if (g_strv_length (tokens) < (guint) opt_clients)
    die (opt_tokens, NULL);
  warm_up ();
  for (int i = 0; i < opt_clients; i++)
    {
      g_autofree char *name = g_strdup_printf ("c%d", i);
      g_autofree char *dir = g_build_filename (opt_dir, name, NULL);

      clients[i].store = open_store (dir);
      clients[i].token = g_strstrip (tokens[i]);
      threads[i] = g_thread_new (name, client_thread, &clients[i]);
    }

  g_mutex_lock (&start_lock);
  start = g_get_monotonic_time ();
  started = TRUE;
  g_cond_broadcast (&start_cond);
  g_mutex_unlock (&start_lock);
  for (int i = 0; i < opt_clients; i++)
    g_thread_join (threads[i]);

  g_print ("wall %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  for (int i = 0; i < opt_clients; i++)
    {
      slowest = MAX (slowest, clients[i].ms);
      if (clients[i].error != NULL)
        {
          g_printerr ("client %d: %s\n", i, clients[i].error);
          errors++;
        }
      g_free (clients[i].error);
      g_object_unref (clients[i].store);
    }
  g_print (" slowest client %.1f ms errors %u\n", slowest, errors);
  return errors > 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("load|sync|concurrent");
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || opt_dir == NULL)
    {
      g_printerr ("usage: gk-bench-sync load|sync|concurrent --dir DIR … (--help)\n");
      return 2;
    }

  if (g_str_equal (argv[1], "load") && opt_catalog != NULL)
    return load ();
  if (g_str_equal (argv[1], "sync") && opt_server != NULL && opt_token_file != NULL)
    return sync_once ();
  if (g_str_equal (argv[1], "concurrent") && opt_server != NULL && opt_tokens != NULL)
    return concurrent ();
  g_printerr ("gk-bench-sync: %s: missing options (--help)\n", argv[1]);
  return 2;
}
