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
  gk_autosave_schedule (autosave, item);
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

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/editor/autosave/failure", test_autosave_failure);

  return g_test_run ();
}
