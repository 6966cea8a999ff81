/* test-window-sync.c: the editor syncing by itself with the real county
 * server on 127.0.0.1
 *
 * A new PC of 民政局 joins from the first run (its token goes to libsecret's
 * file backend) and gets the county's catalog. Started again, the editor:
 * the start's sync shows the other department's item, which the form shows
 * read-only and the department's filter hides; an edit made in the form
 * reaches the server by itself, and the item's history shows who changed
 * what; a table imported over both items updates the department's, which
 * reaches the server, and leaves the other's; with the server stopped the
 * header says the change waits, and once it is back the change goes by
 * itself; a change the server refuses shows
 * on the item and is dropped there; a revoked token shows the lasting
 * notice and keeps the change. No token is in any file of the test's HOME
 * and XDG folders.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "gk-credentials.h"
#include "gk-first-run-dialog.h"
#include "gk-export.h"
#include "gk-history-window.h"
#include "gk-import-dialog.h"
#include "gk-join-dialog.h"
#include "gk-item-form.h"
#include "gk-test-app.h"
#include "gk-test-server.h"
#include "gk-test-sync.h"
#include "gk-test-ui.h"
#include "gk-window-private.h"

static struct
{
  GkTestCounty  county;
  GkTestView   *view;
  char         *own_id;     /* 民政局's item */
  char         *other_id;   /* 教育局's item */
} t;

static GkItem *
make_item (const char *level2)
{
  GkItem *item = gk_item_new ("20");

  gk_item_set_text (item, GK_FIELD_LEVEL1, "最低生活保障");
  gk_item_set_text (item, GK_FIELD_LEVEL2, level2);
  gk_item_set_text (item, GK_FIELD_CONTENT, "救助对象、救助标准");
  gk_item_set_text (item, GK_FIELD_BASIS, "《社会救助暂行办法》");
  gk_item_set_text (item, GK_FIELD_TIME_LIMIT, "自信息形成之日起20个工作日内");
  gk_item_set_text (item, GK_FIELD_SUBJECT, "县民政局");
  return item;
}

/* A PC's store made and synced before the editor starts. */
static char *
sync_new_store (const char *dir,
                const char *token,
                const char *level2)
{
  g_autoptr(GkStore) store = gk_test_open_store (dir);
  g_autoptr(GkItem) item = make_item (level2);
  g_autoptr(GkSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_save_item (store, item, &error));
  g_assert_no_error (error);
  report = gk_test_sync_attempts (store, t.county.s.base, token, 3, &error);
  g_assert_no_error (error);
  return g_strdup (gk_item_get_id (item));
}

static gboolean
state_is (gpointer data)
{
  GkWindow *window = ((gpointer *) data)[0];
  GkSyncState state = GPOINTER_TO_INT (((gpointer *) data)[1]);

  return gk_window_get_sync (window) != NULL
         && gk_sync_service_get_state (gk_window_get_sync (window)) == state;
}

static void
wait_for_state (GkWindow    *window,
                GkSyncState  state,
                const char  *what)
{
  gpointer data[2] = { window, GINT_TO_POINTER (state) };

  gk_test_wait_until (state_is, data, what);
}

/* Whether the server holds the department's item with these texts. */
static const char *expected_level2;
static const char *expected_content;

static gboolean
server_has_expected (gpointer data)
{
  GkTestServerState *state;

  g_ptr_array_unref (gk_test_view_update (t.view));
  state = g_hash_table_lookup (t.view->items, t.own_id);
  return state != NULL && state->item != NULL
         && g_strcmp0 (gk_item_get_text (state->item, GK_FIELD_LEVEL2), expected_level2) == 0
         && (expected_content == NULL
             || g_strcmp0 (gk_item_get_text (state->item, GK_FIELD_CONTENT),
                           expected_content) == 0);
}

static void
edit_level2 (GkWindow   *window,
             const char *text)
{
  GkItemForm *form = GK_ITEM_FORM (gk_test_get_widget (GTK_WIDGET (window), "form"));
  GtkWidget *entry = gk_test_get_widget (GTK_WIDGET (form), "level2_row");

  g_assert_cmpstr (gk_item_get_id (gk_item_form_get_item (form)), ==, t.own_id);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static gboolean
label_contains (gpointer data)
{
  GkWindow *window = ((gpointer *) data)[0];
  GkSyncIndicator *indicator =
    GK_SYNC_INDICATOR (gk_test_get_widget (GTK_WIDGET (window), "sync_indicator"));

  return strstr (gk_sync_indicator_get_label (indicator), ((gpointer *) data)[1]) != NULL;
}

/* The tree's rows of one kind, as shown. */
static guint
count_rows (GkWindow       *window,
            GkTreeNodeKind  kind)
{
  GkCatalogTree *tree = GK_CATALOG_TREE (gk_test_get_widget (GTK_WIDGET (window), "tree"));
  GListModel *rows = gk_catalog_tree_get_rows (tree);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(GkTreeNode) node = gtk_tree_list_row_get_item (row);

      n += gk_tree_node_get_kind (node) == kind;
    }
  return n;
}

static gboolean
history_ready (gpointer unused)
{
  GtkWindow *window = gk_test_find_toplevel (GK_TYPE_HISTORY_WINDOW);

  return window != NULL && gk_history_window_get_ready (GK_HISTORY_WINDOW (window));
}

static gboolean
widget_visible (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

static gboolean
widget_hidden (gpointer widget)
{
  return !gtk_widget_get_visible (widget);
}

#define IMPORTED_CONTENT "导入的公开内容"

static gboolean
import_loaded (gpointer dialog)
{
  return gk_import_dialog_get_loaded (dialog);
}

/* A table of both items, each with another content, imported: the
 * department's item is updated and the update reaches the server like
 * any edit; the other department's item is left as it is, and the dialog
 * says so. */
static void
import_table (GkWindow *window)
{
  GkCatalog *catalog = gk_window_get_catalog (window);
  g_autoptr(GkCatalog) table = gk_catalog_new ();
  g_autofree char *path = g_build_filename (g_get_home_dir (), "table.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *other_content = NULL;
  const char *ids[] = { t.own_id, t.other_id };
  GtkWidget *dialog;
  gsize length;

  gk_catalog_set_levels (table, gk_catalog_get_levels (catalog));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GkItem) copy = gk_item_duplicate (gk_catalog_lookup_item (catalog, ids[i]));

      gk_item_set_text (copy, GK_FIELD_CONTENT, IMPORTED_CONTENT);
      gk_catalog_add_item (table, copy);
    }
  other_content = g_strdup (gk_item_get_text (gk_catalog_lookup_item (catalog, t.other_id),
                                              GK_FIELD_CONTENT));
  csv = gk_export_csv (table, NULL, &length, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, csv, length, &error));
  g_assert_no_error (error);

  dialog = gk_window_import_file (window, file);
  gk_test_wait_until (import_loaded, dialog, "the table to be read");
  g_assert_cmpuint (gk_import_dialog_get_n_matched (GK_IMPORT_DIALOG (dialog),
                                                    GK_IMPORT_MATCH_CHANGED), ==, 2);
  g_assert_cmpuint (gk_import_dialog_get_n_matched (GK_IMPORT_DIALOG (dialog),
                                                    GK_IMPORT_MATCH_NEW), ==, 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
    gk_test_get_widget (dialog, "changed_row"))), "belong to other departments"));
  g_signal_emit_by_name (gk_test_get_widget (dialog, "add_button"), "clicked");

  g_assert_cmpstr (gk_item_get_text (gk_catalog_lookup_item (catalog, t.own_id),
                                     GK_FIELD_CONTENT), ==, IMPORTED_CONTENT);
  g_assert_cmpstr (gk_item_get_text (gk_catalog_lookup_item (catalog, t.other_id),
                                     GK_FIELD_CONTENT), ==, other_content);
  expected_content = IMPORTED_CONTENT;
  gk_test_wait_until (server_has_expected, NULL, "the import to reach the server");
  wait_for_state (window, GK_SYNC_STATE_SYNCED, "the sync to end");
  expected_content = NULL;
  g_assert_cmpstr (gk_item_get_text (((GkTestServerState *) g_hash_table_lookup (
                                        t.view->items, t.other_id))->item, GK_FIELD_CONTENT),
                   ==, other_content);
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static gboolean
probe_done (gpointer dialog)
{
  return !gtk_widget_get_visible (gk_test_get_widget (dialog, "probe_spinner"));
}

static gboolean
join_shown (gpointer unused)
{
  return gk_test_find_toplevel (GK_TYPE_JOIN_DIALOG) != NULL;
}

static gboolean
join_closed (gpointer unused)
{
  return gk_test_find_toplevel (GK_TYPE_JOIN_DIALOG) == NULL;
}

static void
received_cb (GkSyncService *sync,
             GParamSpec    *pspec,
             guint         *most)
{
  *most = MAX (*most, gk_sync_service_get_n_received (sync));
}

/* A new PC joins through the first run: the county's catalog arrives, with
 * its progress told, and the token goes to the keyring. */
static void
join_steps (GkWindow *window)
{
  GtkWidget *first_run;
  GtkWidget *dialog;
  guint most_received = 0;

  gk_test_wait_until (gk_test_first_run_shown, NULL, "the first-run dialog");
  first_run = GTK_WIDGET (gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG));
  g_signal_emit_by_name (gk_test_get_widget (first_run, "join_row"), "activated");
  gk_test_wait_until (join_shown, NULL, "the join dialog");
  dialog = GTK_WIDGET (gk_test_find_toplevel (GK_TYPE_JOIN_DIALOG));

  gtk_editable_set_text (GTK_EDITABLE (gk_test_get_widget (dialog, "address_row")),
                         t.county.s.base);
  gtk_editable_set_text (GTK_EDITABLE (gk_test_get_widget (dialog, "token_row")),
                         t.county.mz1);
  g_signal_emit_by_name (gk_test_get_widget (dialog, "continue_button"), "clicked");
  gk_test_wait_until (probe_done, dialog, "the server's answer");
  g_signal_connect (gk_window_get_sync (window), "notify::n-received",
                    G_CALLBACK (received_cb), &most_received);
  g_signal_emit_by_name (gk_test_get_widget (dialog, "join_button"), "clicked");
  gk_test_wait_until (join_closed, NULL, "the PC to join");

  wait_for_state (window, GK_SYNC_STATE_SYNCED, "the first sync");
  g_assert_nonnull (gk_catalog_lookup_item (gk_window_get_catalog (window), t.own_id));
  g_assert_nonnull (gk_catalog_lookup_item (gk_window_get_catalog (window), t.other_id));
  g_assert_cmpstr (gk_catalog_get_unit_name (gk_window_get_catalog (window)), ==, "某某县");
  g_assert_null (gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG));
  g_assert_cmpuint (most_received, ==, 2);
  g_signal_handlers_disconnect_by_func (gk_window_get_sync (window), received_cb,
                                        &most_received);
}

static void
steps (GkWindow *window)
{
  GkCatalog *catalog = gk_window_get_catalog (window);
  GtkWidget *form = gk_test_get_widget (GTK_WIDGET (window), "form");
  GtkWidget *owner_box = gk_test_get_widget (form, "owner_box");
  GtkLabel *owner_label = GTK_LABEL (gk_test_get_widget (form, "owner_label"));
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(GObject) newest = NULL;
  GkHistoryWindow *history;
  GkCatalogModel *model;
  g_autoptr(GString) long_text = g_string_new (NULL);
  GtkWidget *rejected_box = gk_test_get_widget (form, "rejected_box");
  GkSyncService *sync;
  gpointer waiting[2] = { window, "1" };

  /* The start's sync: the catalog is the county's. */
  wait_for_state (window, GK_SYNC_STATE_SYNCED, "the first sync");
  sync = gk_window_get_sync (window);
  g_assert_cmpstr (gk_sync_service_get_dept (sync), ==, "mz");
  g_assert_nonnull (gk_catalog_lookup_item (catalog, t.own_id));
  g_assert_nonnull (gk_catalog_lookup_item (catalog, t.other_id));

  /* Another department's item: shown, not changeable. */
  gk_window_select_item (window, gk_catalog_lookup_item (catalog, t.other_id));
  gk_test_run_for (50);
  g_assert_true (gtk_widget_get_visible (owner_box));
  g_assert_nonnull (strstr (gtk_label_get_label (owner_label), "教育局"));
  g_assert_false (gtk_widget_is_sensitive (gk_test_get_widget (form, "level2_row")));
  /* Delete does nothing on it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-item", NULL);
  gk_test_run_for (50);
  g_assert_nonnull (gk_catalog_lookup_item (catalog, t.other_id));

  /* The department's own item: an edit reaches the server by itself. */
  gk_window_select_item (window, gk_catalog_lookup_item (catalog, t.own_id));
  gk_test_run_for (50);
  g_assert_false (gtk_widget_get_visible (owner_box));
  g_assert_true (gtk_widget_is_sensitive (gk_test_get_widget (form, "level2_row")));
  /* Only the department's items: the other's row goes from the tree, and
   * from the domain's count. */
  model = gk_catalog_tree_get_model (GK_CATALOG_TREE (gk_test_get_widget (GTK_WIDGET (window),
                                                                          "tree")));
  g_assert_cmpuint (count_rows (window, GK_TREE_NODE_ITEM), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.own-items", NULL);
  gk_test_run_for (50);
  g_assert_cmpuint (count_rows (window, GK_TREE_NODE_ITEM), ==, 1);
  g_assert_cmpuint (count_rows (window, GK_TREE_NODE_DOMAIN), ==, 1);
  g_assert_cmpuint (gk_tree_node_get_n_items (gk_catalog_model_lookup_domain (model, "20")),
                    ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.own-items", NULL);
  gk_test_run_for (50);
  g_assert_cmpuint (count_rows (window, GK_TREE_NODE_DOMAIN), ==, GK_N_DOMAINS);
  g_assert_cmpuint (gk_tree_node_get_n_items (gk_catalog_model_lookup_domain (model, "20")),
                    ==, 2);

  expected_level2 = "最低生活保障审批结果（第二次）";
  edit_level2 (window, expected_level2);
  gk_test_wait_until (server_has_expected, NULL, "the edit to reach the server");
  wait_for_state (window, GK_SYNC_STATE_SYNCED, "the sync to end");

  /* Its history, from the server: created, then changed in 二级事项. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.item-history", NULL);
  gk_test_wait_until (history_ready, NULL, "the history to be read");
  history = GK_HISTORY_WINDOW (gk_test_find_toplevel (GK_TYPE_HISTORY_WINDOW));
  rows = gtk_widget_observe_children (GTK_WIDGET (gk_history_window_get_list (history)));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);
  newest = g_list_model_get_item (rows, 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (newest)),
                            gk_field_get_label (GK_FIELD_LEVEL2)));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (newest)),
                            "民政局"));
  gtk_window_destroy (GTK_WINDOW (history));

  import_table (window);

  /* Offline: the change waits and the header says so. */
  g_assert_cmpint (gk_test_server_stop (&t.county.s), ==, 0);
  edit_level2 (window, "最低生活保障审批结果（离线时改）");
  wait_for_state (window, GK_SYNC_STATE_OFFLINE, "the sync to find the server gone");
  g_assert_cmpuint (gk_sync_service_get_n_waiting (sync), ==, 1);
  gk_test_wait_until (label_contains, waiting, "the header to count the waiting change");

  /* Back: it goes by itself. */
  gk_test_server_restart (&t.county.s);
  expected_level2 = "最低生活保障审批结果（离线时改）";
  gk_test_wait_until (server_has_expected, NULL, "the waiting change to reach the server");
  wait_for_state (window, GK_SYNC_STATE_SYNCED, "the sync to end");
  g_assert_cmpuint (gk_sync_service_get_n_waiting (sync), ==, 0);

  /* A change the server refuses (a text over its limit, in short lines
   * that are quick to lay out): shown on the item, and dropped there. */
  while (long_text->len <= GK_TEXT_MAX_CELL_CHARS)
    g_string_append_printf (long_text, "%0*d\n", 79, 0);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (
                              GTK_TEXT_VIEW (gk_test_get_widget (form, "content_view"))),
                            long_text->str, -1);
  gk_test_wait_until (widget_visible, rejected_box, "the refusal to show on the item");
  g_assert_cmpuint (gk_sync_service_get_n_waiting (sync), ==, 1);
  g_signal_emit_by_name (gk_test_get_widget (form, "drop_button"), "clicked");
  gk_test_wait_until (widget_hidden, rejected_box, "the refused change to be dropped");
  /* Back to the server's content, the one the import sent. */
  g_assert_cmpstr (gk_item_get_text (gk_catalog_lookup_item (catalog, t.own_id),
                                     GK_FIELD_CONTENT), ==, IMPORTED_CONTENT);
  g_assert_cmpuint (gk_sync_service_get_n_waiting (sync), ==, 0);

  /* A revoked token: a lasting notice, the change kept. */
  info = gk_test_server_request (&t.county.s, "GET", "/api/v1/info", t.county.mz1, NULL,
                                 SOUP_STATUS_OK);
  g_assert_cmpint (gk_test_server_admin (&t.county.s, NULL, "token", "revoke",
                                         json_object_get_string_member (info, "token_id"),
                                         NULL), ==, 0);
  edit_level2 (window, "最低生活保障审批结果（令牌已吊销）");
  wait_for_state (window, GK_SYNC_STATE_TOKEN_REFUSED, "the server to refuse the token");
  g_assert_true (gk_notice_get_shown (window->token_notice));
  g_assert_cmpuint (gk_sync_service_get_n_waiting (sync), ==, 1);
}

static void
test_window_sync (gconstpointer program)
{
  g_autofree char *tmp = g_dir_make_tmp ("gongkai-window-sync-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (tmp, "data", NULL);
  g_autofree char *store_dir = g_build_filename (data, "gongkai", NULL);
  g_autofree char *jy_dir = g_build_filename (tmp, "jy", NULL);
  g_autofree char *mz2_dir = g_build_filename (tmp, "mz2", NULL);
  g_autofree char *keyring = g_build_filename (tmp, "home", "keyring", NULL);
  const char *tokens[4];

  g_setenv ("HOME", tmp, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", tmp, TRUE);
  g_setenv ("XDG_CACHE_HOME", tmp, TRUE);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "gongkai-test-keyring", TRUE);

  gk_test_county_set_up (&t.county, program);
  t.view = gk_test_view_new (t.county.s.base, t.county.office);
  t.other_id = sync_new_store (jy_dir, t.county.jy, "义务教育学校招生信息");
  /* The department's item, made by another PC of it. */
  t.own_id = sync_new_store (mz2_dir, t.county.mz2, "最低生活保障审批结果");

  gk_test_run_application (join_steps);
  g_assert_true (g_file_test (store_dir, G_FILE_TEST_IS_DIR));
  gk_test_run_application (steps);

  /* Nothing waits unsaved, and the change the revoked token could not
   * send is in the outbox. */
  {
    g_autoptr(GkStore) store = gk_test_open_store (store_dir);
    g_autoptr(GError) error = NULL;
    guint n_waiting = 0, n_rejected = 0;

    g_assert_true (gk_store_count_ops (store, &n_waiting, &n_rejected, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_waiting, ==, 1);
  }

  tokens[0] = t.county.mz1;
  tokens[1] = t.county.mz2;
  tokens[2] = t.county.jy;
  tokens[3] = NULL;
  gk_test_assert_no_token_in_dir (tmp, tokens);

  gk_test_view_free (t.view);
  gk_test_county_tear_down (&t.county, program);
  g_clear_pointer (&t.own_id, g_free);
  g_clear_pointer (&t.other_id, g_free);
  gk_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_unsetenv ("GSK_RENDERER");
  gtk_test_init (&argc, &argv, NULL);

  g_assert_cmpint (argc, ==, 2);
  g_test_add_data_func ("/ui/window/sync", argv[1], test_window_sync);

  return g_test_run ();
}
