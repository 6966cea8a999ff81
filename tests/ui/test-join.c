/* test-join.c: joining the county server through the dialogs' widgets,
 * against the real gongkai-server on 127.0.0.1
 *
 * The first-run dialog's two ways; GkJoinDialog asking the server who a
 * token is (a refused token, an address where nothing answers, a server
 * that is not a Gongkai one, a department's token and the office's), the
 * choice for a PC that has items, and the arguments of ::join. The
 * keyring is libsecret's file backend; at the end no file under the
 * test's HOME holds a token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-credentials.h"
#include "gk-first-run-dialog.h"
#include "gk-join-dialog.h"
#include "gk-sync-preferences.h"
#include "gk-test-app.h"
#include "gk-test-server.h"
#include "gk-test-sync.h"
#include "gk-test-ui.h"

static GkTestCounty county;
static char *home;

typedef struct
{
  guint  n_emitted;
  char  *server;
  char  *token;
  char  *set_aside_path;
} Joined;

static void
joined_clear (Joined *joined)
{
  g_clear_pointer (&joined->server, g_free);
  g_clear_pointer (&joined->token, g_free);
  g_clear_pointer (&joined->set_aside_path, g_free);
}

static void
join_cb (GkJoinDialog *dialog,
         const char   *server,
         const char   *token,
         const char   *set_aside_path,
         Joined       *joined)
{
  joined_clear (joined);
  joined->n_emitted++;
  joined->server = g_strdup (server);
  joined->token = g_strdup (token);
  joined->set_aside_path = g_strdup (set_aside_path);
}

static GtkWidget *
get (GtkWidget  *dialog,
     const char *id)
{
  return gk_test_get_widget (dialog, id);
}

static const char *
get_page (GtkWidget *dialog)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (get (dialog, "pages")));
}

static gboolean
probe_done (gpointer dialog)
{
  return !gtk_widget_get_visible (get (dialog, "probe_spinner"));
}

static void
click (GtkWidget  *dialog,
       const char *id)
{
  GtkWidget *button = get (dialog, id);

  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* Types the address and the token, presses Continue and waits for the
 * server's answer. */
static void
ask_server (GtkWidget  *dialog,
            const char *address,
            const char *token)
{
  g_assert_cmpstr (get_page (dialog), ==, "address");
  gtk_editable_set_text (GTK_EDITABLE (get (dialog, "address_row")), address);
  gtk_editable_set_text (GTK_EDITABLE (get (dialog, "token_row")), token);
  click (dialog, "continue_button");
  gk_test_wait_until (probe_done, dialog, "the server's answer");
}

static const char *
get_subtitle (GtkWidget  *dialog,
              const char *id)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (get (dialog, id)));
}

/* The error shown on the address page, which the dialog stays on. */
static const char *
get_probe_error (GtkWidget *dialog)
{
  GtkWidget *label = get (dialog, "probe_error");

  g_assert_cmpstr (get_page (dialog), ==, "address");
  g_assert_true (gtk_widget_get_visible (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
destroy (GtkWidget *dialog)
{
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gk_test_wait_until (gk_test_pointer_cleared, &weak, "the dialog to be finalized");
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

/* The first-run dialog asks first how the PC will work: alone leads to
 * the unit's page and back; joining is handed to the window and closes
 * the dialog. It can be closed without a choice. */
static void
test_first_run_choice (void)
{
  GtkWidget *dialog = gk_first_run_dialog_new (NULL);
  gpointer weak = dialog;
  guint n_join = 0;
  guint n_done = 0;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  g_signal_connect (dialog, "join-requested", G_CALLBACK (count_cb), &n_join);
  g_signal_connect (dialog, "done", G_CALLBACK (count_cb), &n_done);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gtk_window_get_deletable (GTK_WINDOW (dialog)));

  g_assert_cmpstr (get_page (dialog), ==, "choice");
  g_assert_false (gtk_widget_get_visible (get (dialog, "start_button")));
  g_signal_emit_by_name (get (dialog, "alone_row"), "activated");
  g_assert_cmpstr (get_page (dialog), ==, "unit");
  g_assert_true (gtk_widget_get_visible (get (dialog, "start_button")));
  click (dialog, "back_button");
  g_assert_cmpstr (get_page (dialog), ==, "choice");
  g_assert_false (gtk_widget_get_visible (get (dialog, "back_button")));

  g_signal_emit_by_name (get (dialog, "join_row"), "activated");
  g_assert_cmpuint (n_join, ==, 1);
  g_assert_cmpuint (n_done, ==, 0);
  gk_test_wait_until (gk_test_pointer_cleared, &weak, "the dialog to close");

  /* Closed without a choice (the close button, Esc): nothing is emitted. */
  dialog = gk_first_run_dialog_new (NULL);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  g_signal_connect (dialog, "join-requested", G_CALLBACK (count_cb), &n_join);
  g_signal_connect (dialog, "done", G_CALLBACK (count_cb), &n_done);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_activate_action (dialog, "window.close", NULL));
  gk_test_wait_until (gk_test_pointer_cleared, &weak, "the dialog to close");
  g_assert_cmpuint (n_join, ==, 1);
  g_assert_cmpuint (n_done, ==, 0);
}

static void
close_first_run_steps (GkWindow *window)
{
  GtkWidget *dialog;

  gk_test_wait_until (gk_test_first_run_shown, NULL, "the first-run dialog");
  dialog = GTK_WIDGET (gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG));
  g_assert_true (gtk_widget_activate_action (dialog, "window.close", NULL));
  gk_test_run_for (300);
  g_assert_null (gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG));
  g_assert_true (gk_window_get_loaded (window));
}

/* The first-run dialog closed in the real editor: the window stays, and
 * quits cleanly. */
static void
test_first_run_close (void)
{
  gk_test_run_application (close_first_run_steps);
}

static void
quit_during_first_run_steps (GkWindow *window)
{
  gk_test_wait_until (gk_test_first_run_shown, NULL, "the first-run dialog");
  /* gk_test_run_application() quits now, the dialog still open. */
}

/* Quitting while the first-run dialog is open: no critical on the way out
 * (the tests make criticals fatal), the dialog goes with the window. */
static void
test_first_run_quit (void)
{
  gk_test_run_application (quit_during_first_run_steps);
  g_assert_null (gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG));
}

/* What the user typed wrong, or what is wrong where they point, in words;
 * the dialog stays on the address page and keeps what was typed. */
static void
test_join_errors (void)
{
  GtkWidget *dialog = gk_join_dialog_new (NULL, 0);
  g_autofree char *not_gongkai = g_strconcat (county.s.base, "/catalog", NULL);
  Joined joined = { 0 };

  g_signal_connect (dialog, "join", G_CALLBACK (join_cb), &joined);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (gtk_widget_get_sensitive (get (dialog, "continue_button")));

  ask_server (dialog, county.s.base, "gk1_wrongwrongwrongwrongwrongwrong");
  g_assert_true (g_str_has_prefix (get_probe_error (dialog), "The server refused this token."));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get (dialog, "token_row"))), ==,
                   "gk1_wrongwrongwrongwrongwrongwrong");

  /* A port where nothing listens. */
  ask_server (dialog, "http://127.0.0.1:9/", county.mz1);
  g_assert_true (g_str_has_prefix (get_probe_error (dialog),
                                   "Could not reach the server at http://127.0.0.1:9/."));

  /* A web server that is not a Gongkai one: the real server's published
   * pages answer 404 to the API's paths. */
  ask_server (dialog, not_gongkai, county.mz1);
  g_assert_nonnull (strstr (get_probe_error (dialog),
                            "does not answer as a Gongkai county server"));

  /* Not an address at all: nothing is asked. */
  gtk_editable_set_text (GTK_EDITABLE (get (dialog, "address_row")), "ftp://example");
  click (dialog, "continue_button");
  g_assert_true (probe_done (dialog));
  g_assert_nonnull (strstr (get_probe_error (dialog), "is not a server address"));

  g_assert_cmpuint (joined.n_emitted, ==, 0);
  destroy (dialog);
}

/* The right token: the catalog, the department and the role before
 * anything is written; Join hands over the address and the token as
 * typed around spaces; a failure comes back with everything kept. */
static void
test_join_department (void)
{
  GtkWidget *dialog = gk_join_dialog_new (NULL, 0);
  g_autofree char *pasted = g_strdup_printf ("  %s\n", county.mz1);
  g_autofree char *address = g_strdup_printf ("%s/", county.s.base);
  Joined joined = { 0 };

  g_signal_connect (dialog, "join", G_CALLBACK (join_cb), &joined);
  gtk_window_present (GTK_WINDOW (dialog));

  ask_server (dialog, address, pasted);
  g_assert_cmpstr (get_page (dialog), ==, "confirm");
  g_assert_cmpstr (get_subtitle (dialog, "catalog_row"), ==, "某某县");
  g_assert_cmpstr (get_subtitle (dialog, "department_row"), ==, "民政局");
  g_assert_true (g_str_has_prefix (get_subtitle (dialog, "role_row"), "Department"));
  g_assert_cmpstr (get_subtitle (dialog, "server_row"), ==, address);
  g_assert_false (gtk_widget_get_visible (get (dialog, "items_group")));
  g_assert_false (gtk_widget_get_visible (get (dialog, "continue_button")));

  click (dialog, "join_button");
  g_assert_cmpuint (joined.n_emitted, ==, 1);
  g_assert_cmpstr (joined.server, ==, address);
  g_assert_cmpstr (joined.token, ==, county.mz1);
  g_assert_null (joined.set_aside_path);
  g_assert_cmpstr (get_page (dialog), ==, "progress");
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (dialog)));
  /* Esc does not close it while joining: the window tells it how joining
   * ended. */
  g_assert_true (gtk_widget_activate_action (dialog, "window.close", NULL));
  g_assert_true (gtk_widget_get_visible (dialog));
  gk_join_dialog_set_progress (GK_JOIN_DIALOG (dialog), 0.5);
  g_assert_true (gtk_widget_get_visible (get (dialog, "join_progress")));

  gk_join_dialog_show_error (GK_JOIN_DIALOG (dialog), "No keyring is available");
  g_assert_cmpstr (get_page (dialog), ==, "confirm");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get (dialog, "join_error"))), ==,
                   "No keyring is available");
  g_assert_true (gtk_window_get_deletable (GTK_WINDOW (dialog)));
  click (dialog, "back_button");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get (dialog, "address_row"))), ==,
                   address);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get (dialog, "token_row"))), ==,
                   pasted);

  /* Only the host typed: the deployed server is behind TLS. Nothing
   * answers TLS here, so the answer is that the server cannot be reached. */
  ask_server (dialog, "127.0.0.1:9", county.mz1);
  g_assert_true (g_str_has_prefix (get_probe_error (dialog),
                                   "Could not reach the server at https://127.0.0.1:9."));

  joined_clear (&joined);
  destroy (dialog);
}

static gboolean
is_in_home (gpointer chooser)
{
  g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (chooser);

  return folder != NULL && g_strcmp0 (g_file_peek_path (folder), home) == 0;
}

static gboolean
is_aside_chosen (gpointer dialog)
{
  return g_str_has_suffix (get_subtitle (dialog, "aside_row"), "本机事项.json");
}

/* A PC with items decides explicitly what becomes of them: Join waits for
 * the choice; keeping them aside proposes a new file in the Documents
 * folder (here the home folder, which has none), or one chosen. */
static void
test_join_local_items (void)
{
  GtkWidget *dialog = gk_join_dialog_new (NULL, 12);
  g_autofree char *chosen = g_build_filename (home, "本机事项.json", NULL);
  g_autofree char *proposed_name = NULL;
  GtkFileChooser *chooser;
  const char *bring_title;
  const char *proposed;
  Joined joined = { 0 };

  g_signal_connect (dialog, "join", G_CALLBACK (join_cb), &joined);
  gtk_window_present (GTK_WINDOW (dialog));

  ask_server (dialog, county.s.base, county.mz2);
  g_assert_cmpstr (get_page (dialog), ==, "confirm");
  g_assert_true (gtk_widget_get_visible (get (dialog, "items_group")));
  bring_title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (get (dialog, "bring_row")));
  g_assert_cmpstr (bring_title, ==,
                   "Bring my 12 items into 民政局’s part of the county catalog");
  g_assert_false (gtk_widget_get_sensitive (get (dialog, "join_button")));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (get (dialog, "bring_check")), TRUE);
  click (dialog, "join_button");
  g_assert_cmpuint (joined.n_emitted, ==, 1);
  g_assert_cmpstr (joined.token, ==, county.mz2);
  g_assert_null (joined.set_aside_path);

  gk_join_dialog_show_error (GK_JOIN_DIALOG (dialog), "The server did not answer");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (get (dialog, "aside_check")), TRUE);
  proposed = get_subtitle (dialog, "aside_row");
  g_assert_true (g_str_has_prefix (proposed, home));
  g_assert_true (g_str_has_suffix (proposed, ".json"));
  g_assert_false (g_file_test (proposed, G_FILE_TEST_EXISTS));
  click (dialog, "join_button");
  g_assert_cmpuint (joined.n_emitted, ==, 2);
  g_assert_cmpstr (joined.set_aside_path, ==, proposed);
  g_assert_cmpstr (joined.server, ==, county.s.base);

  /* Another file, chosen in the file chooser. */
  gk_join_dialog_show_error (GK_JOIN_DIALOG (dialog), "The server did not answer");
  click (dialog, "choose_button");
  chooser = GTK_FILE_CHOOSER (gk_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_nonnull (chooser);
  proposed_name = gtk_file_chooser_get_current_name (chooser);
  g_assert_true (g_str_has_suffix (proposed, proposed_name));
  /* It reads the folder offered before it can answer with a file there. */
  gk_test_wait_until (is_in_home, chooser, "the file chooser to show the home folder");
  gtk_file_chooser_set_current_name (chooser, "本机事项.json");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  gk_test_wait_until (is_aside_chosen, dialog, "the file chooser's answer");
  g_assert_cmpstr (get_subtitle (dialog, "aside_row"), ==, chosen);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (get (dialog, "aside_check"))));
  click (dialog, "join_button");
  g_assert_cmpuint (joined.n_emitted, ==, 3);
  g_assert_cmpstr (joined.set_aside_path, ==, chosen);

  joined_clear (&joined);
  destroy (dialog);
}

/* The county office's token names no department: the office brings no
 * items into one. */
static void
test_join_office (void)
{
  GtkWidget *dialog = gk_join_dialog_new (NULL, 3);

  gtk_window_present (GTK_WINDOW (dialog));
  ask_server (dialog, county.s.base, county.office);
  g_assert_cmpstr (get_page (dialog), ==, "confirm");
  g_assert_cmpstr (get_subtitle (dialog, "catalog_row"), ==, "某某县");
  g_assert_false (gtk_widget_get_visible (get (dialog, "department_row")));
  g_assert_true (g_str_has_prefix (get_subtitle (dialog, "role_row"), "County office"));
  g_assert_false (gtk_widget_get_sensitive (get (dialog, "bring_row")));
  destroy (dialog);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer result)
{
  return *(GAsyncResult **) result != NULL;
}

/* A PC's store, open as the editor opens it, with @n_items items. */
static GkStore *
open_store (const char *name,
            guint       n_items)
{
  g_autofree char *dir = g_build_filename (home, name, NULL);
  g_autoptr(GkStore) store = gk_store_new (dir);
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  gk_store_open_async (store, NULL, done_cb, &result);
  gk_test_wait_until (has_result, &result, "the store to open");
  catalog = gk_store_open_finish (store, result, &error);
  g_assert_no_error (error);
  g_object_unref (result);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GkItem) item = gk_item_new ("20");
      g_autofree char *level2 = g_strdup_printf ("审批结果%u", i);

      gk_item_set_text (item, GK_FIELD_LEVEL1, "最低生活保障");
      gk_item_set_text (item, GK_FIELD_LEVEL2, level2);
      gk_item_set_text (item, GK_FIELD_SUBJECT, "县民政局");
      g_assert_true (gk_store_save_item (store, item, &error));
      g_assert_no_error (error);
    }
  return g_steal_pointer (&store);
}

static guint
count_items (GkStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_store_load_catalog (store, &error);

  g_assert_no_error (error);
  return gk_catalog_get_n_items (catalog);
}

static char *
lookup_token (const char *server)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  char *token;

  gk_credentials_lookup (server, NULL, done_cb, &result);
  gk_test_wait_until (has_result, &result, "the keyring");
  token = gk_credentials_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return token;
}

static gboolean
is_visible (GtkWidget  *window,
            const char *id)
{
  return gtk_widget_get_visible (get (window, id));
}

/* A PC alone: the preferences offer to join, which is the window's. */
static void
test_preferences_alone (void)
{
  g_autoptr(GkStore) store = open_store ("alone", 2);
  g_autoptr(GkAutosave) autosave = gk_autosave_new ();
  GkSyncService *service;
  GtkWidget *window;
  guint n_join = 0;

  gk_autosave_set_store (autosave, store);
  service = gk_sync_service_new (store, autosave);
  window = gk_sync_preferences_new (NULL, service);
  g_signal_connect (window, "join-requested", G_CALLBACK (count_cb), &n_join);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_true (is_visible (window, "alone_group"));
  g_assert_false (is_visible (window, "joined_group"));
  g_assert_false (is_visible (window, "leave_group"));
  click (window, "join_button");
  g_assert_cmpuint (n_join, ==, 1);
  destroy (window);
  g_assert_finalize_object (service);
}

static gboolean
is_department_shown (gpointer window)
{
  return *get_subtitle (window, "department_row") != '\0';
}

static gboolean
is_alone_shown (gpointer window)
{
  return is_visible (window, "alone_group");
}

static gboolean
left (gpointer service)
{
  return !gk_sync_service_get_joined (service);
}

/* A PC joined through the service: the preferences show the server, the
 * department, the role and the last sync; leaving, confirmed, removes the
 * token from the keyring and keeps the items. */
static void
test_preferences_leave (void)
{
  g_autoptr(GkStore) store = open_store ("joined", 3);
  g_autoptr(GkAutosave) autosave = gk_autosave_new ();
  GkSyncService *service;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  GAsyncResult *result = NULL;
  GtkWindow *confirm;
  GtkWidget *window;

  gk_autosave_set_store (autosave, store);
  service = gk_sync_service_new (store, autosave);
  gk_sync_service_join_async (service, county.s.base, county.mz1, NULL, NULL, done_cb, &result);
  gk_test_wait_until (has_result, &result, "the PC to join");
  g_assert_true (gk_sync_service_join_finish (service, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  kept = lookup_token (county.s.base);
  g_assert_cmpstr (kept, ==, county.mz1);

  /* Opened at once: the service reads the department after the join has
   * finished, and the preferences follow it. */
  window = gk_sync_preferences_new (NULL, service);
  gtk_window_present (GTK_WINDOW (window));
  gk_test_wait_until (is_department_shown, window, "the department to be shown");
  g_assert_false (is_visible (window, "alone_group"));
  g_assert_true (is_visible (window, "joined_group"));
  g_assert_cmpstr (get_subtitle (window, "server_row"), ==, county.s.base);
  g_assert_cmpstr (get_subtitle (window, "department_row"), ==, "民政局");
  g_assert_true (g_str_has_prefix (get_subtitle (window, "role_row"), "Department"));
  g_assert_cmpstr (get_subtitle (window, "last_sync_row"), !=, "Never");
  g_assert_cmpuint (count_items (store), ==, 3);

  click (window, "leave_button");
  confirm = gk_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (confirm)),
                            "The catalog stays on this PC"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "leave");
  gk_test_wait_until (left, service, "the PC to leave");
  gk_test_wait_until (is_alone_shown, window, "the preferences to show the PC alone");

  removed = lookup_token (county.s.base);
  g_assert_null (removed);
  g_assert_cmpuint (count_items (store), ==, 3);
  destroy (window);
  g_assert_finalize_object (service);
}

/* After all the above, no file under HOME (where XDG_* point too) holds a
 * token; the keyring's file, which held one, has it encrypted. */
static void
test_no_token_in_files (void)
{
  g_autofree char *keyring = g_build_filename (home, ".local", "share", "keyrings",
                                               "default.keyring", NULL);

  g_ptr_array_add (county.s.tokens, NULL);
  gk_test_assert_no_token_in_dir (home, (const char * const *) county.s.tokens->pdata);
  g_ptr_array_remove_index (county.s.tokens, county.s.tokens->len - 1);
  g_assert_true (g_file_test (keyring, G_FILE_TEST_IS_REGULAR));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring = NULL;
  int status;

  home = gk_test_make_tmp_dir ("join-home");
  keyring = g_build_filename (home, ".local", "share", "keyrings", "default.keyring", NULL);
  /* Before GLib caches the user's folders and libsecret picks its backend. */
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  g_setenv ("XDG_STATE_HOME", home, TRUE);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "gongkai-test-keyring", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_cmpint (argc, ==, 2);
  gk_test_county_set_up (&county, argv[1]);

  g_test_add_func ("/join/first-run/choice", test_first_run_choice);
  g_test_add_func ("/join/first-run/close", test_first_run_close);
  g_test_add_func ("/join/first-run/quit", test_first_run_quit);
  g_test_add_func ("/join/dialog/errors", test_join_errors);
  g_test_add_func ("/join/dialog/department", test_join_department);
  g_test_add_func ("/join/dialog/local-items", test_join_local_items);
  g_test_add_func ("/join/dialog/office", test_join_office);
  g_test_add_func ("/join/preferences/alone", test_preferences_alone);
  g_test_add_func ("/join/preferences/leave", test_preferences_leave);
  g_test_add_func ("/join/after/no-token-in-files", test_no_token_in_files);
  status = g_test_run ();

  gk_test_county_tear_down (&county, argv[1]);
  gk_test_remove_tree (home);
  g_free (home);
  return status;
}
