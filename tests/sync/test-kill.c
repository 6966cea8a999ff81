/* test-kill.c: `gongkai-cli sync` and gongkai-server killed with SIGKILL
 * at random moments of a sync
 *
 * A store of 民政局 syncs with the real server through the real
 * gongkai-cli. Each round the store gets new items, edits and deletes
 * (made in process, between syncs), then a sync runs and, after a random
 * delay within the measured length of a sync, either the CLI or the
 * server is killed with SIGKILL (in turn); a killed server is restarted on
 * the same data and port, as a county server comes back (the CLI's
 * retries may then finish its sync). Then a clean sync must succeed, and:
 * the store opens (it is not set aside), nothing is left to send, every op
 * made was applied exactly once, the server holds every change made, and
 * the store holds every item as the server does.
 *
 * The delays come from the GLib test seed, which TAP prints; run with
 * --seed=R02S… to repeat a run, and GK_KILL_ROUNDS=N for more rounds
 * (bench/sync-soak.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "gk-test-server.h"
#include "gk-test-sync.h"
#include "gk-test-util.h"

static const char *cli;

/* Items of the store before the first round, and each round's changes.
 * Every third round creates more items than one push carries: its sync
 * sends two pushes at once, on two connections (gk-sync-engine.c). */
#define N_INITIAL 150
#define N_CREATE  40
#define N_CREATE_MANY 200
#define N_EDIT    10
#define N_DELETE  5

static guint
n_create (guint round)
{
  return round % 3 == 0 ? N_CREATE_MANY : N_CREATE;
}

typedef struct
{
  GkTestCounty  county;
  char         *dir;        /* the store's folder */
  char         *token_file;
  char         *server_db;
  GkTestView   *view;
  GPtrArray    *live;       /* ids of the items not deleted */
  GHashTable   *expected;   /* id → GkItem as last saved, or NULL: deleted */
  guint         n_items;
  guint         n_ops;
  GString      *outputs;    /* everything the CLI printed */
  guint         n_syncs;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  program)
{
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  gk_test_county_set_up (&f->county, program);
  f->dir = g_build_filename (f->county.s.tmp, "store", NULL);
  f->token_file = g_build_filename (f->county.s.tmp, "token", NULL);
  f->server_db = g_build_filename (f->county.s.data, "gongkai-server.db", NULL);
  line = g_strconcat (f->county.mz1, "\n", NULL);
  g_file_set_contents (f->token_file, line, -1, &error);
  g_assert_no_error (error);
  f->view = gk_test_view_new (f->county.s.base, f->county.office);
  f->live = g_ptr_array_new_with_free_func (g_free);
  f->expected = gk_test_expected_new ();
  f->outputs = g_string_new (NULL);
}

static void
tear_down (Fixture       *f,
           gconstpointer  program)
{
  const char *tokens[] = { f->county.mz1, f->county.mz2, f->county.jy, f->county.office,
                           NULL };

  /* What the CLI printed, killed or not, holds no token, nor does the
   * store it left. */
  for (guint i = 0; i < G_N_ELEMENTS (tokens) - 1; i++)
    g_assert_null (strstr (f->outputs->str, tokens[i]));
  if (g_file_test (f->dir, G_FILE_TEST_IS_DIR))
    gk_test_assert_no_token_in_dir (f->dir, tokens);
  gk_test_view_free (f->view);
  gk_test_county_tear_down (&f->county, program);
  g_free (f->dir);
  g_free (f->token_file);
  g_free (f->server_db);
  g_ptr_array_unref (f->live);
  g_hash_table_unref (f->expected);
  g_string_free (f->outputs, TRUE);
}

/* `gongkai-cli sync`, started; what it prints goes to a file. */
static GSubprocess *
spawn_sync (Fixture  *f,
            char    **log)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("sync-%u.log", f->n_syncs++);
  GSubprocess *process;

  *log = g_build_filename (f->county.s.tmp, name, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, *log);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, cli, "sync", "--data-dir", f->dir,
                                         "--server", f->county.s.base, "--token-file",
                                         f->token_file, NULL);
  g_assert_no_error (error);
  return process;
}

/* Waits for @process (bounded), keeps what it printed; returns its exit
 * status, or -1 when it was killed. */
static int
finish_sync (Fixture     *f,
             GSubprocess *process,
             const char  *log)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int status;

  gk_test_wait_process (process, "gongkai-cli sync");
  g_file_get_contents (log, &text, NULL, &error);
  g_assert_no_error (error);
  g_string_append_printf (f->outputs, "%s\n", text);
  g_remove (log);
  if (!g_subprocess_get_if_exited (process))
    return -1;
  status = g_subprocess_get_exit_status (process);
  if (status != 0 && status != 3)
    g_error ("gongkai-cli sync exited with %d:\n%s", status, text);
  return status;
}

/* A sync that must succeed. Returns how long it took, in µs. */
static gint64
clean_sync (Fixture *f)
{
  g_autofree char *log = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GSubprocess) process = spawn_sync (f, &log);

  g_assert_cmpint (finish_sync (f, process, log), ==, 0);
  return g_get_monotonic_time () - start;
}

/* The round's changes, in process, each item touched once. */
static void
make_changes (Fixture *f,
              guint    round,
              guint    n_create,
              guint    n_edit,
              guint    n_delete)
{
  g_autoptr(GkStore) store = gk_test_open_store (f->dir);
  g_autoptr(GHashTable) touched = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_remove_all (f->expected);
  for (guint i = 0; i < n_edit && f->live->len > 0; i++)
    {
      const char *id = g_ptr_array_index (f->live, g_test_rand_int_range (0, f->live->len));
      g_autoptr(GkItem) item = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("第 %u 轮改 %u", round, i);

      if (!g_hash_table_add (touched, (gpointer) id))
        continue;
      item = gk_store_load_item (store, id, &error);
      g_assert_no_error (error);
      gk_item_set_text (item, GK_FIELD_CONTENT, text);
      gk_test_save_expected (store, item, f->expected);
      f->n_ops++;
    }
  for (guint i = 0; i < n_delete && f->live->len > 0; i++)
    {
      guint k = g_test_rand_int_range (0, f->live->len);
      char *id = g_ptr_array_index (f->live, k);

      if (g_hash_table_contains (touched, id))
        continue;
      gk_test_delete_expected (store, id, f->expected);
      f->n_ops++;
      g_ptr_array_remove_index_fast (f->live, k);
    }
  for (guint i = 0; i < n_create; i++)
    {
      g_autoptr(GkItem) item = gk_test_new_item ("PC-1", round, i);

      g_ptr_array_add (f->live, g_strdup (gk_item_get_id (item)));
      gk_test_save_expected (store, item, f->expected);
      f->n_ops++;
      f->n_items++;
    }
}

/* After a clean sync: the store opens, has nothing to send, and holds
 * what changed as the server does (every item when @all), and the server
 * applied each op once and kept every change. */
static void
check (Fixture  *f,
       gboolean  all)
{
  g_autoptr(GkStore) store = gk_test_open_store (f->dir);
  g_autoptr(GPtrArray) changed = gk_test_view_update (f->view);

  g_assert_null (gk_store_get_set_aside_path (store));
  g_assert_cmpuint (gk_test_count_unanswered (store), ==, 0);
  gk_test_assert_applied_once (f->server_db, f->n_ops, f->n_items);
  gk_test_view_assert_kept (f->view, f->expected);
  if (all)
    gk_test_view_assert_store (f->view, store);
  else
    for (guint i = 0; i < changed->len; i++)
      gk_test_view_assert_item (f->view, store, g_ptr_array_index (changed, i));
}

static void
kill_server (Fixture *f)
{
  g_subprocess_force_exit (f->county.s.server);
  gk_test_wait_process (f->county.s.server, "the server to die");
  g_assert_false (g_subprocess_get_if_exited (f->county.s.server));
  gk_test_server_restart (&f->county.s);
}

/* Whether @process still runs: a kill now strikes its sync. It is not
 * reaped here (WNOWAIT); GLib does that. */
static gboolean
is_running (GSubprocess *process)
{
  const char *pid = g_subprocess_get_identifier (process);
  siginfo_t info = { 0 };

  return pid != NULL
         && waitid (P_PID, (id_t) g_ascii_strtoull (pid, NULL, 10), &info,
                    WEXITED | WNOHANG | WNOWAIT) == 0
         && info.si_pid == 0;
}

static guint
get_rounds (void)
{
  const char *rounds = g_getenv ("GK_KILL_ROUNDS");

  return rounds != NULL ? (guint) g_ascii_strtoull (rounds, NULL, 10) : 24;
}

static void
test_kill (Fixture       *f,
           gconstpointer  program)
{
  g_autoptr(GkStore) enrolled = NULL;
  guint rounds = get_rounds ();
  guint n_killed[2] = { 0, 0 };   /* the CLI, the server: killed mid-sync */
  guint n_done[2] = { 0, 0 };     /* the sync had ended before the kill */
  guint n_failed = 0;             /* syncs a kill made fail */
  gint64 length = 0;

  /* Enrolled, with the server's catalog, and the first items sent. */
  clean_sync (f);
  make_changes (f, 0, N_INITIAL, 0, 0);
  clean_sync (f);
  check (f, TRUE);
  /* How long a round's sync takes, the mean of three: kills after the
   * sync ended would prove little. */
  for (guint round = 1; round <= 3; round++)
    {
      make_changes (f, round, n_create (round), N_EDIT, N_DELETE);
      length += clean_sync (f) / 3;
      check (f, TRUE);
    }
  g_test_message ("A round's sync takes %.3f s", length / 1e6);

  for (guint round = 4; round < 4 + rounds; round++)
    {
      gboolean server = round % 2 == 1;
      gint64 delay = g_test_rand_int_range (0, (gint32) MIN (length, G_MAXINT32));
      g_autofree char *log = NULL;
      g_autoptr(GSubprocess) process = NULL;
      gboolean struck;
      int status;

      make_changes (f, round, n_create (round), N_EDIT, N_DELETE);
      process = spawn_sync (f, &log);
      g_usleep (delay);
      struck = is_running (process);
      if (server)
        kill_server (f);
      else
        g_subprocess_force_exit (process);
      status = finish_sync (f, process, log);
      if (g_test_verbose ())
        g_test_message ("round %u: %s killed after %.3f s, %s; the sync %s", round,
                        server ? "the server" : "the CLI", delay / 1e6,
                        struck ? "mid-sync" : "after it", status == 0 ? "ended" : "failed");
      if (struck)
        n_killed[server]++;
      else
        n_done[server]++;
      n_failed += status != 0;

      clean_sync (f);
      check (f, round % 6 == 3 || round + 1 == 4 + rounds);
    }
  g_test_message ("%u rounds: the CLI killed mid-sync %u times (%u syncs done before), "
                  "the server %u times (%u); %u syncs failed", rounds, n_killed[0], n_done[0],
                  n_killed[1], n_done[1], n_failed);
  /* The kills struck syncs, not only idle processes. */
  g_assert_cmpuint (n_killed[0] + n_killed[1], >=, rounds / 4);
}

int
main (int    argc,
      char **argv)
{
  const char *program;

  g_test_init (&argc, &argv, NULL);
  program = gk_test_get_program (argc, argv, "gongkai-server");
  if (argc < 3)
    g_error ("Usage: %s [OPTION…] PATH-TO-gongkai-server PATH-TO-gongkai-cli", argv[0]);
  cli = argv[2];
  g_test_add ("/kill/rounds", Fixture, program, set_up, test_kill, tear_down);

  return g_test_run ();
}
