/* test-conflict-inbox.c: the conflict inbox on a conflict made with the
 * real gongkai-server, settled through its widgets
 *
 * - Two PCs of 民政局 change two fields of one item differently and sync:
 *   the second has an open conflict. Its inbox lists it; in the view one
 *   field's result is edited then reset with "Keep Theirs", the other's is
 *   "Keep Mine" then edited; "Use the Result" saves it: the item holds the
 *   values chosen, the op carries `resolves`, and after both PCs sync the
 *   server and both stores hold them and the server lists no open conflict.
 * - A delete of an item changed elsewhere: "Restore", the inbox closed at
 *   once, keeps it with the other PC's change, everywhere.
 * - An edit of an item deleted elsewhere: "Restore" on the PC that made
 *   it brings the item back whole with its change; on a PC that never held
 *   the item it says it cannot, changing nothing, and "Delete Anyway"
 *   settles it.
 * - No conflicts: the empty state.
 * - A set field: the choices each side added or removed, chosen with
 *   check buttons.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>

#include "gk-conflict-field.h"
#include "gk-conflict-inbox.h"
#include "gk-conflict-view.h"
#include "gk-test-server.h"
#include "gk-test-sync.h"
#include "gk-test-ui.h"

typedef struct
{
  GkTestCounty  county;
  GkStore      *a;        /* 民政局 PC-1 */
  GkStore      *b;        /* 民政局 PC-2 */
  char         *item_id;
  /* What GkConflictInbox::resolved said. */
  gboolean      resolved;
  char         *resolved_id;
  GkItem       *resolved_item;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  program)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(GkItem) item = gk_test_new_item ("PC-1", 0, 0);
  g_autoptr(GError) error = NULL;

  gk_test_county_set_up (&f->county, program);
  a = g_build_filename (f->county.s.tmp, "pc-1", NULL);
  b = g_build_filename (f->county.s.tmp, "pc-2", NULL);
  f->a = gk_test_open_store (a);
  f->b = gk_test_open_store (b);
  gk_item_set_text (item, GK_FIELD_BASIS, "《社会救助暂行办法》");
  f->item_id = g_strdup (gk_item_get_id (item));
  gk_test_sync_clean (f->a, f->county.s.base, f->county.mz1);
  g_assert_true (gk_store_save_item (f->a, item, &error));
  g_assert_no_error (error);
  gk_test_sync_clean (f->a, f->county.s.base, f->county.mz1);
  gk_test_sync_clean (f->b, f->county.s.base, f->county.mz2);
}

static void
tear_down (Fixture       *f,
           gconstpointer  program)
{
  g_assert_finalize_object (f->a);
  g_assert_finalize_object (f->b);
  gk_test_county_tear_down (&f->county, program);
  g_free (f->item_id);
  g_free (f->resolved_id);
  g_clear_object (&f->resolved_item);
}

static void
edit (GkStore    *store,
      const char *id,
      GkField     field,
      const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkItem) item = gk_store_load_item (store, id, &error);

  g_assert_nonnull (item);
  gk_item_set_text (item, field, text);
  g_assert_true (gk_store_save_item (store, item, &error));
  g_assert_no_error (error);
}

/* The open conflicts @store lists; asserts there are @n. */
static GPtrArray *
list_conflicts (GkStore *store,
                guint    n)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = gk_store_list_open_conflicts (store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, n);
  return records;
}

static void
resolved_cb (GkConflictInbox *inbox,
             const char      *item_id,
             GkItem          *item,
             Fixture         *f)
{
  f->resolved = TRUE;
  g_free (f->resolved_id);
  f->resolved_id = g_strdup (item_id);
  g_set_object (&f->resolved_item, item);
}

static gboolean
is_loaded (gpointer inbox)
{
  return !gk_conflict_inbox_is_loading (inbox);
}

static gboolean
is_resolved (gpointer data)
{
  return ((Fixture *) data)->resolved;
}

static GkConflictInbox *
open_inbox (Fixture *f,
            GkStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_store_load_catalog (store, &error);
  GkConflictInbox *inbox;

  g_assert_no_error (error);
  inbox = GK_CONFLICT_INBOX (gk_conflict_inbox_new (NULL, store, catalog));
  g_signal_connect (inbox, "resolved", G_CALLBACK (resolved_cb), f);
  gtk_window_present (GTK_WINDOW (inbox));
  gk_test_wait_until (is_loaded, inbox, "the conflicts listed");
  return inbox;
}

static void
close_inbox (GkConflictInbox *inbox)
{
  gpointer weak = inbox;

  g_object_add_weak_pointer (G_OBJECT (inbox), &weak);
  gtk_window_destroy (GTK_WINDOW (inbox));
  gk_test_wait_until (gk_test_pointer_cleared, &weak, "the inbox finalized");
}

/* The widget named @name (gtk_widget_set_name) below @root. */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
click (GtkWidget  *root,
       const char *id)
{
  GtkWidget *button = gk_test_find_widget (root, id);

  if (button == NULL)
    button = find_named (root, id);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_visible (button));
  /* What a click does; activating waits for the button's press effect. */
  g_signal_emit_by_name (button, "clicked");
}

static GtkTextBuffer *
get_result (GtkWidget *field)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (gk_test_get_widget (field,
                                                                      "result_view")));
}

static char *
dup_result (GtkWidget *field)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (get_result (field), &start, &end);
  return gtk_text_buffer_get_text (get_result (field), &start, &end, FALSE);
}

static void
assert_item_text (GkStore    *store,
                  const char *id,
                  GkField     field,
                  const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkItem) item = gk_store_load_item (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_cmpstr (gk_item_get_text (item, field), ==, text);
}

/* The server lists no open conflict for the department. */
static void
assert_none_open_on_server (Fixture *f)
{
  g_autoptr(JsonObject) answer = gk_test_server_request (&f->county.s, "GET",
                                                         "/api/v1/conflicts?state=open",
                                                         f->county.mz1, NULL, SOUP_STATUS_OK);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "conflicts")),
                    ==, 0);
}

static const char *
get_token (Fixture *f,
           GkStore *store)
{
  return store == f->a ? f->county.mz1 : f->county.mz2;
}

/* After @settler syncs with @token, then both PCs, the server (through
 * its change feed) and the three stores agree. */
static void
assert_all_agree (Fixture    *f,
                  GkStore    *settler,
                  const char *token)
{
  g_autoptr(GkTestView) view = gk_test_view_new (f->county.s.base, f->county.office);
  GkStore *stores[3] = { settler, f->a, f->b };

  gk_test_sync_clean (settler, f->county.s.base, token);
  for (guint i = 1; i < 3; i++)
    gk_test_sync_clean (stores[i], f->county.s.base, get_token (f, stores[i]));
  g_ptr_array_unref (gk_test_view_update (view));
  for (guint i = 0; i < 3; i++)
    {
      gk_test_view_assert_store (view, stores[i]);
      g_ptr_array_unref (list_conflicts (stores[i], 0));
    }
  assert_none_open_on_server (f);
}

static void
test_fields (Fixture       *f,
             gconstpointer  program)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *conflict_id = NULL;
  GkConflictInbox *inbox;
  GtkWidget *view, *content, *basis;
  GtkListBox *list;
  GkStoreOp *op;

  edit (f->a, f->item_id, GK_FIELD_CONTENT, "甲改的内容");
  edit (f->a, f->item_id, GK_FIELD_BASIS, "《社会救助暂行办法》第十条");
  gk_test_sync_clean (f->a, f->county.s.base, f->county.mz1);
  edit (f->b, f->item_id, GK_FIELD_CONTENT, "乙改的内容");
  edit (f->b, f->item_id, GK_FIELD_BASIS, "《社会救助暂行办法》第十一条");
  gk_test_sync_clean (f->b, f->county.s.base, f->county.mz2);
  records = list_conflicts (f->b, 1);
  conflict_id = g_strdup (json_object_get_string_member (records->pdata[0], "id"));

  inbox = open_inbox (f, f->b);
  g_assert_cmpuint (gk_conflict_inbox_get_n_conflicts (inbox), ==, 1);
  list = GTK_LIST_BOX (gk_test_get_widget (GTK_WIDGET (inbox), "conflicts_list"));
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 0));
  view = gk_test_get_widget (GTK_WIDGET (inbox), "view");
  g_assert_true (gtk_widget_get_visible (view));
  content = gk_conflict_view_get_field (GK_CONFLICT_VIEW (view), GK_FIELD_CONTENT);
  basis = gk_conflict_view_get_field (GK_CONFLICT_VIEW (view), GK_FIELD_BASIS);
  g_assert_nonnull (content);
  g_assert_nonnull (basis);
  g_assert_null (gk_conflict_view_get_field (GK_CONFLICT_VIEW (view), GK_FIELD_NOTES));

  /* The results start as what the server kept. */
  text = dup_result (content);
  g_assert_cmpstr (text, ==, "甲改的内容");
  /* Edited, then put back with one click. */
  gtk_text_buffer_set_text (get_result (content), "打错的", -1);
  click (content, "keep-theirs");
  g_free (text);
  text = dup_result (content);
  g_assert_cmpstr (text, ==, "甲改的内容");
  /* Mine taken with one click, then edited freely. */
  click (basis, "keep-mine");
  g_free (text);
  text = dup_result (basis);
  g_assert_cmpstr (text, ==, "《社会救助暂行办法》第十一条");
  gtk_text_buffer_set_text (get_result (basis), "《社会救助暂行办法》第十条、第十一条", -1);

  click (view, "resolve_button");
  gk_test_wait_until (is_resolved, f, "the conflict settled");
  g_assert_cmpstr (f->resolved_id, ==, f->item_id);
  g_assert_nonnull (f->resolved_item);
  g_assert_cmpstr (gk_item_get_text (f->resolved_item, GK_FIELD_BASIS), ==,
                   "《社会救助暂行办法》第十条、第十一条");
  g_assert_cmpuint (gk_conflict_inbox_get_n_conflicts (inbox), ==, 0);
  g_assert_true (gtk_widget_get_visible (gk_test_get_widget (GTK_WIDGET (inbox),
                                                             "empty_page")));
  close_inbox (inbox);

  /* Saved here, with an op that settles the conflict. */
  assert_item_text (f->b, f->item_id, GK_FIELD_CONTENT, "甲改的内容");
  assert_item_text (f->b, f->item_id, GK_FIELD_BASIS, "《社会救助暂行办法》第十条、第十一条");
  ops = gk_store_list_ops (f->b, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 1);
  op = ops->pdata[0];
  g_assert_cmpstr (op->resolves, ==, conflict_id);
  g_assert_cmpstr (op->kind, ==, "update");

  assert_all_agree (f, f->b, f->county.mz2);
  assert_item_text (f->a, f->item_id, GK_FIELD_CONTENT, "甲改的内容");
  assert_item_text (f->a, f->item_id, GK_FIELD_BASIS, "《社会救助暂行办法》第十条、第十一条");
}

/* PC-1 deletes the item PC-2 changed meanwhile: PC-1 meets the conflict
 * and restores the item, which keeps PC-2's change. */
static void
test_delete_changed (Fixture       *f,
                     gconstpointer  program)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  GkConflictInbox *inbox;
  GtkWidget *view;

  edit (f->b, f->item_id, GK_FIELD_CONTENT, "乙改的内容");
  gk_test_sync_clean (f->b, f->county.s.base, f->county.mz2);
  g_assert_true (gk_store_delete_item (f->a, f->item_id, &error));
  g_assert_no_error (error);
  gk_test_sync_clean (f->a, f->county.s.base, f->county.mz1);
  records = list_conflicts (f->a, 1);
  g_assert_cmpstr (json_object_get_string_member (records->pdata[0], "kind"), ==,
                   "delete_changed");

  inbox = open_inbox (f, f->a);
  view = gk_test_get_widget (GTK_WIDGET (inbox), "view");
  g_assert_false (gtk_widget_get_visible (gk_test_get_widget (view, "resolve_button")));
  g_assert_true (gtk_widget_get_visible (gk_test_get_widget (view, "delete_button")));
  g_assert_nonnull (gk_conflict_view_get_field (GK_CONFLICT_VIEW (view), GK_FIELD_CONTENT));
  /* Closed at once: the choice is saved all the same, and told. */
  click (view, "restore_button");
  close_inbox (inbox);
  g_assert_true (f->resolved);
  g_assert_nonnull (f->resolved_item);
  g_assert_cmpstr (gk_item_get_text (f->resolved_item, GK_FIELD_CONTENT), ==, "乙改的内容");

  assert_all_agree (f, f->a, f->county.mz1);
  assert_item_text (f->a, f->item_id, GK_FIELD_CONTENT, "乙改的内容");
  assert_item_text (f->b, f->item_id, GK_FIELD_CONTENT, "乙改的内容");
}

/* PC-1 deletes the item; PC-2, which changed it meanwhile, meets the
 * conflict. */
static void
make_edit_deleted (Fixture *f)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_delete_item (f->a, f->item_id, &error));
  g_assert_no_error (error);
  gk_test_sync_clean (f->a, f->county.s.base, f->county.mz1);
  edit (f->b, f->item_id, GK_FIELD_CONTENT, "乙改的内容");
  gk_test_sync_clean (f->b, f->county.s.base, f->county.mz2);
  records = list_conflicts (f->b, 1);
  g_assert_cmpstr (json_object_get_string_member (records->pdata[0], "kind"), ==,
                   "edit_deleted");
}

/* PC-2 restores the item: it comes back everywhere whole, with PC-2's
 * change, though the sync took it away from PC-2. */
static void
test_edit_deleted (Fixture       *f,
                   gconstpointer  program)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkItem) item = NULL;
  GkConflictInbox *inbox;
  GtkWidget *view;

  make_edit_deleted (f);
  item = gk_store_load_item (f->b, f->item_id, &error);
  g_assert_null (item);
  g_assert_no_error (error);

  inbox = open_inbox (f, f->b);
  view = gk_test_get_widget (GTK_WIDGET (inbox), "view");
  g_assert_false (gtk_widget_get_visible (gk_test_get_widget (view, "resolve_button")));
  click (view, "restore_button");
  gk_test_wait_until (is_resolved, f, "the conflict settled");
  g_assert_nonnull (f->resolved_item);
  close_inbox (inbox);

  assert_all_agree (f, f->b, f->county.mz2);
  for (guint i = 0; i < 2; i++)
    {
      GkStore *store = i == 0 ? f->a : f->b;

      assert_item_text (store, f->item_id, GK_FIELD_CONTENT, "乙改的内容");
      assert_item_text (store, f->item_id, GK_FIELD_BASIS, "《社会救助暂行办法》");
      assert_item_text (store, f->item_id, GK_FIELD_LEVEL2, "PC-1 第 0 轮第 0 项");
    }
}

static gboolean
has_toast (gpointer inbox)
{
  GtkWidget *overlay = gk_test_get_widget (inbox, "toast_overlay");

  /* A toast is shown as a widget of the overlay next to its child. */
  return gtk_widget_get_first_child (overlay) != gtk_widget_get_last_child (overlay);
}

/* A third PC of 民政局, which never held the item, lists the conflict too:
 * "Restore" says it cannot and changes nothing; "Delete Anyway" settles
 * it, and the item stays deleted everywhere. */
static void
test_edit_deleted_elsewhere (Fixture       *f,
                             gconstpointer  program)
{
  g_autofree char *dir = g_build_filename (f->county.s.tmp, "pc-3", NULL);
  g_autofree char *token = gk_test_server_issue_token (&f->county.s, "--dept", "mz",
                                                       "mz PC-3");
  g_autoptr(GkStore) c = gk_test_open_store (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GkItem) item = NULL;
  GkConflictInbox *inbox;
  GtkWidget *view;

  make_edit_deleted (f);
  gk_test_sync_clean (c, f->county.s.base, token);
  g_ptr_array_unref (list_conflicts (c, 1));

  inbox = open_inbox (f, c);
  view = gk_test_get_widget (GTK_WIDGET (inbox), "view");
  click (view, "restore_button");
  gk_test_wait_until (has_toast, inbox, "the error shown");
  g_assert_false (f->resolved);
  g_assert_cmpuint (gk_conflict_inbox_get_n_conflicts (inbox), ==, 1);
  g_assert_cmpuint (gk_test_count_unanswered (c), ==, 0);

  click (view, "delete_button");
  gk_test_wait_until (is_resolved, f, "the conflict settled");
  g_assert_null (f->resolved_item);
  close_inbox (inbox);
  g_assert_cmpuint (gk_test_count_unanswered (c), ==, 1);

  assert_all_agree (f, c, token);
  for (guint i = 0; i < 3; i++)
    {
      item = gk_store_load_item (i == 0 ? f->a : i == 1 ? f->b : c, f->item_id, &error);
      g_assert_no_error (error);
      g_assert_null (item);
    }
  g_assert_finalize_object (g_steal_pointer (&c));
}

/* A store without conflicts shows the empty state. */
static void
test_empty (void)
{
  g_autofree char *dir = gk_test_make_tmp_dir ("conflict-inbox");
  g_autoptr(GkStore) store = gk_test_open_store (dir);
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  GkConflictInbox *inbox = GK_CONFLICT_INBOX (gk_conflict_inbox_new (NULL, store, catalog));

  gtk_window_present (GTK_WINDOW (inbox));
  g_assert_true (gk_conflict_inbox_is_loading (inbox));
  gk_test_wait_until (is_loaded, inbox, "the conflicts listed");
  g_assert_cmpuint (gk_conflict_inbox_get_n_conflicts (inbox), ==, 0);
  g_assert_true (gtk_widget_get_visible (gk_test_get_widget (GTK_WIDGET (inbox),
                                                             "empty_page")));
  g_assert_true (gtk_widget_get_child_visible (gk_test_get_widget (GTK_WIDGET (inbox),
                                                                   "empty_page")));
  close_inbox (inbox);
  gk_test_remove_tree (dir);
}

static const char *
get_subtitle (GtkWidget *check)
{
  GtkWidget *row = gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW);

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static char *
dup_value (GtkWidget *view)
{
  g_autoptr(JsonObject) values = gk_conflict_view_dup_values (GK_CONFLICT_VIEW (view));
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, values);
  return json_to_string (node, FALSE);
}

/* Channels: each side's additions and removals told, the result ticked
 * as theirs, "Keep Mine" ticks mine's, and any choice can be ticked. */
static void
test_set_field (void)
{
  g_autoptr(JsonNode) record = json_from_string (
    "{\"id\":\"c1\",\"item_id\":\"i1\",\"dept\":\"mz\",\"kind\":\"fields\","
    "\"created\":\"2024-03-05T02:14:09.000000Z\",\"fields\":[{\"field\":\"channels\","
    "\"base\":[\"政府网站\",\"政务服务中心\"],\"mine\":[\"政府网站\",\"便民服务站\"],"
    "\"theirs\":[\"政务服务中心\",\"公告栏\"]}]}", NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = gk_conflict_view_new ();
  GtkWidget *field;
  GtkStack *stack;
  g_autofree char *value = NULL;
  gpointer weak = window;

  gtk_window_set_child (GTK_WINDOW (window), view);
  gk_conflict_view_set_conflict (GK_CONFLICT_VIEW (view), json_node_get_object (record),
                                 "最低生活保障");
  gtk_window_present (GTK_WINDOW (window));
  field = gk_conflict_view_get_field (GK_CONFLICT_VIEW (view), GK_FIELD_CHANNELS);
  stack = GTK_STACK (gk_test_get_widget (field, "result_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "set");

  g_assert_cmpstr (get_subtitle (find_named (field, "政府网站")), ==,
                   "removed in their change");
  g_assert_cmpstr (get_subtitle (find_named (field, "政务服务中心")), ==,
                   "removed in my change");
  g_assert_cmpstr (get_subtitle (find_named (field, "便民服务站")), ==, "added in my change");
  g_assert_cmpstr (get_subtitle (find_named (field, "公告栏")), ==, "added in their change");

  value = dup_value (view);
  g_assert_cmpstr (value, ==, "{\"channels\":[\"政务服务中心\",\"公告栏\"]}");
  click (field, "keep-mine");
  g_free (value);
  value = dup_value (view);
  g_assert_cmpstr (value, ==, "{\"channels\":[\"政府网站\",\"便民服务站\"]}");
  gtk_widget_activate (find_named (field, "公告栏"));
  g_free (value);
  value = dup_value (view);
  g_assert_cmpstr (value, ==, "{\"channels\":[\"公告栏\",\"政府网站\",\"便民服务站\"]}");

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  gk_test_wait_until (gk_test_pointer_cleared, &weak, "the window finalized");
}

int
main (int    argc,
      char **argv)
{
  const char *program;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  program = gk_test_get_program (argc, argv, "gongkai-server");

  g_test_add ("/conflict-inbox/fields", Fixture, program, set_up, test_fields, tear_down);
  g_test_add ("/conflict-inbox/delete-changed", Fixture, program, set_up,
              test_delete_changed, tear_down);
  g_test_add ("/conflict-inbox/edit-deleted", Fixture, program, set_up, test_edit_deleted,
              tear_down);
  g_test_add ("/conflict-inbox/edit-deleted-elsewhere", Fixture, program, set_up,
              test_edit_deleted_elsewhere, tear_down);
  g_test_add_func ("/conflict-inbox/empty", test_empty);
  g_test_add_func ("/conflict-inbox/set-field", test_set_field);

  return g_test_run ();
}
