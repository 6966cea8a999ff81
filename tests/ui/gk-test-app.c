/* gk-test-app.c: the real application, run by the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-application.h"
#include "gk-first-run-dialog.h"
#include "gk-test-app.h"
#include "gk-test-ui.h"

/**
 * gk_test_window_loaded:
 * @window: a #GkWindow
 *
 * A #GkTestCondition: whether @window has loaded its catalog.
 */
gboolean
gk_test_window_loaded (gpointer window)
{
  return gk_window_get_loaded (window);
}

/**
 * gk_test_first_run_shown:
 * @unused: nothing
 *
 * A #GkTestCondition: whether the first-run dialog is on screen.
 */
gboolean
gk_test_first_run_shown (gpointer unused)
{
  return gk_test_find_toplevel (GK_TYPE_FIRST_RUN_DIALOG) != NULL;
}

static GkWindow *
get_main_window (GtkApplication *application)
{
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    {
      if (GK_IS_WINDOW (l->data))
        return l->data;
    }

  g_assert_not_reached ();
}

/* Once the catalog is loaded, runs the steps, then quits the way the user
 * does (Ctrl+Q) and waits until the window, which first saves what is
 * pending, is gone. */
static void
activate_cb (GtkApplication *application,
             GkTestSteps     steps)
{
  GkWindow *window = get_main_window (application);
  gpointer weak = window;

  gk_test_wait_until (gk_test_window_loaded, window, "the catalog to load");
  steps (window);

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
  gk_test_wait_until (gk_test_pointer_cleared, &weak, "the window to close");
  g_assert_null (gtk_application_get_windows (application));
}

/**
 * gk_test_run_application:
 * @steps: what to do in the main window
 *
 * Starts the application for real and runs @steps in its window; the
 * application ends when the window has closed.
 */
void
gk_test_run_application (GkTestSteps steps)
{
  GkApplication *application = gk_application_new ();

  /* No session bus in the test: run as a plain local instance. */
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (application, "activate", G_CALLBACK (activate_cb), steps);
  g_assert_cmpint (g_application_run (G_APPLICATION (application), 0, NULL), ==, 0);
  g_assert_finalize_object (application);
}
