/* test-autosave.c: saving edits, and what happens when the store fails
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "gk-autosave.h"
#include "gk-test-ui.h"

static gboolean
saved (gpointer data)
{
  GkAutosave *autosave = data;

  return !gk_autosave_get_saving (autosave)
         && gk_autosave_get_state (autosave) != GK_AUTOSAVE_SAVING;
}

static void
wait_while_saving (GkAutosave *autosave)
{
  gk_test_wait_until (saved, autosave, "the save to end");
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  catalog = gk_store_open_finish (GK_STORE (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static void
failed_cb (GkAutosave *autosave,
           const char *message,
           guint      *n_failed)
{
  g_assert_nonnull (message);
  (*n_failed)++;
}

static void
test_autosave_failure (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gongkai-autosave-XXXXXX", NULL);
  g_autoptr(GkStore) store = gk_store_new (dir);
  g_autoptr(GkStore) reader = NULL;
  g_autoptr(GkAutosave) autosave = gk_autosave_new ();
  g_autoptr(GkItem) item = gk_item_new ("03");
  g_autoptr(GkItem) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  gboolean opened = FALSE;
  guint n_failed = 0;

  gk_autosave_set_store (autosave, store);
  g_signal_connect (autosave, "failed", G_CALLBACK (failed_cb), &n_failed);

  /* The store is not open yet, so the save fails. */
  gk_item_set_text (item, GK_FIELD_LEVEL1, "招标投标");
  g_test_expect_message ("Gongkai", G_LOG_LEVEL_WARNING, "Could not save: *");
  gk_autosave_schedule (autosave, item, GK_FIELD_LEVEL1);
  g_assert_true (gk_autosave_get_busy (autosave));
  g_assert_cmpint (gk_autosave_get_state (autosave), ==, GK_AUTOSAVE_SAVING);
  wait_while_saving (autosave);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (n_failed, ==, 1);
  g_assert_cmpint (gk_autosave_get_state (autosave), ==, GK_AUTOSAVE_FAILED);
  g_object_get (autosave, "status-label", &label, NULL);
  g_assert_cmpstr (label, ==, "Not saved");
  /* The edit is kept for the next try. */
  g_assert_true (gk_autosave_get_busy (autosave));
  g_assert_false (gk_autosave_get_saving (autosave));

  gk_store_open_async (store, NULL, open_cb, &opened);
  while (!opened)
    g_main_context_iteration (NULL, TRUE);

  /* The next save takes the kept edit along. */
  gk_autosave_flush (autosave);
  wait_while_saving (autosave);
  g_assert_cmpuint (n_failed, ==, 1);
  g_assert_cmpint (gk_autosave_get_state (autosave), ==, GK_AUTOSAVE_SAVED);
  g_assert_false (gk_autosave_get_busy (autosave));

  reader = gk_store_new (dir);
  g_assert_true (gk_store_open (reader, &error));
  g_assert_no_error (error);
  loaded = gk_store_load_item (reader, gk_item_get_id (item), &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (gk_item_get_text (loaded, GK_FIELD_LEVEL1), ==, "招标投标");

  g_clear_object (&reader);
  g_assert_finalize_object (g_steal_pointer (&autosave));
  g_assert_finalize_object (g_steal_pointer (&store));
  gk_test_remove_tree (dir);
}

/* A sync writes the store on a connection of its own while the editor shows
 * the item as it was: saving what the user typed then must not put the
 * shown, older values of the other fields back. */
static void
test_autosave_edited_fields_only (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gongkai-autosave-XXXXXX", NULL);
  g_autoptr(GkStore) store = gk_store_new (dir);
  g_autoptr(GkStore) other = gk_store_new (dir);
  g_autoptr(GkAutosave) autosave = gk_autosave_new ();
  g_autoptr(GkItem) shown = gk_item_new ("03");
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GkItem) theirs = NULL;
  g_autoptr(GkItem) loaded = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = gk_item_get_id (shown);
  gboolean opened = FALSE;

  gk_store_open_async (store, NULL, open_cb, &opened);
  while (!opened)
    g_main_context_iteration (NULL, TRUE);
  gk_autosave_set_store (autosave, store);
  gk_item_set_text (shown, GK_FIELD_LEVEL1, "招标投标");
  gk_item_set_text (shown, GK_FIELD_TIME_LIMIT, "自信息形成之日起20个工作日内");
  g_ptr_array_add (first, g_object_ref (shown));
  gk_autosave_save_now (autosave, first, GK_FIELD_MASK_ALL);
  wait_while_saving (autosave);

  /* Another writer changes the time limit. */
  g_assert_true (gk_store_open (other, &error));
  g_assert_no_error (error);
  theirs = gk_store_load_item (other, id, &error);
  g_assert_no_error (error);
  gk_item_set_text (theirs, GK_FIELD_TIME_LIMIT, "自信息形成或变更之日起10个工作日内");
  g_assert_true (gk_store_save_item (other, theirs, &error));
  g_assert_no_error (error);

  /* The user, still seeing the old time limit, edits the group. */
  gk_item_set_text (shown, GK_FIELD_LEVEL1, "政府采购");
  gk_autosave_schedule (autosave, shown, GK_FIELD_LEVEL1);
  g_assert_cmpuint (gk_autosave_get_unsaved_fields (autosave, id), ==,
                    GK_FIELD_MASK (GK_FIELD_LEVEL1));
  gk_autosave_flush (autosave);
  g_assert_cmpuint (gk_autosave_get_unsaved_fields (autosave, id), ==,
                    GK_FIELD_MASK (GK_FIELD_LEVEL1));
  wait_while_saving (autosave);
  g_assert_cmpuint (gk_autosave_get_unsaved_fields (autosave, id), ==, 0);

  loaded = gk_store_load_item (other, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gk_item_get_text (loaded, GK_FIELD_LEVEL1), ==, "政府采购");
  g_assert_cmpstr (gk_item_get_text (loaded, GK_FIELD_TIME_LIMIT), ==,
                   "自信息形成或变更之日起10个工作日内");

  g_clear_object (&other);
  g_assert_finalize_object (g_steal_pointer (&autosave));
  g_assert_finalize_object (g_steal_pointer (&store));
  gk_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/editor/autosave/failure", test_autosave_failure);
  g_test_add_func ("/editor/autosave/edited-fields-only", test_autosave_edited_fields_only);

  return g_test_run ();
}
