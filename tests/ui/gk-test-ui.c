/* gk-test-ui.c: what the UI tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-test-ui.h"

#define TIMEOUT_S 30

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * gk_test_wait_until:
 *
 * Runs the main loop until @condition holds; aborts the test after
 * TIMEOUT_S seconds, naming @what it waited for.
 */
void
gk_test_wait_until (GkTestCondition  condition,
                    gpointer         data,
                    const char      *what)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (TIMEOUT_S, timed_out_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (source);
}

/**
 * gk_test_run_for:
 *
 * Lets the main loop run for @ms milliseconds, so pending idles, timeouts
 * and frames happen.
 */
void
gk_test_run_for (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, timed_out_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

/**
 * gk_test_pointer_cleared:
 * @weak: the address of a weak pointer
 *
 * A #GkTestCondition: whether the object the weak pointer watched has
 * been finalized.
 */
gboolean
gk_test_pointer_cleared (gpointer weak)
{
  return *(gpointer *) weak == NULL;
}

/**
 * gk_test_find_matching:
 * @match: tells the widget looked for
 * @data: for @match
 *
 * Returns: (transfer none) (nullable): @root or the first widget below it,
 *   depth first, that @match accepts
 */
GtkWidget *
gk_test_find_matching (GtkWidget     *root,
                       GkTestMatch    match,
                       gconstpointer  data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gk_test_find_matching (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_id (GtkWidget     *widget,
        gconstpointer  id)
{
  return g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0;
}

/**
 * gk_test_find_widget:
 *
 * Returns: (transfer none) (nullable): the widget below @root whose
 *   buildable id (its name in the template) is @id
 */
GtkWidget *
gk_test_find_widget (GtkWidget  *root,
                     const char *id)
{
  return gk_test_find_matching (root, has_id, id);
}

/**
 * gk_test_get_widget:
 *
 * Like gk_test_find_widget(), but the widget must exist.
 *
 * Returns: (transfer none): the widget
 */
GtkWidget *
gk_test_get_widget (GtkWidget  *root,
                    const char *id)
{
  GtkWidget *widget = gk_test_find_widget (root, id);

  if (widget == NULL)
    g_error ("No widget “%s” below %s", id, G_OBJECT_TYPE_NAME (root));
  return widget;
}

/**
 * gk_test_find_toplevel:
 *
 * Returns: (transfer none) (nullable): a visible toplevel of @type
 */
GtkWindow *
gk_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }

  return NULL;
}

/**
 * gk_test_add_item:
 *
 * Adds an item filed under @level1 / @level2 of @domain at @position.
 *
 * Returns: (transfer none): the item, owned by @catalog
 */
GkItem *
gk_test_add_item (GkCatalog  *catalog,
                  const char *domain,
                  const char *level1,
                  const char *level2,
                  int         position)
{
  g_autoptr(GkItem) item = gk_item_new (domain);

  gk_item_set_text (item, GK_FIELD_LEVEL1, level1);
  gk_item_set_text (item, GK_FIELD_LEVEL2, level2);
  gk_item_set_position (item, position);
  gk_catalog_add_item (catalog, item);

  return item;
}

/**
 * gk_test_load_default_store:
 *
 * Returns: (transfer full): the catalog of the store the editor uses
 *   (under XDG_DATA_HOME), read while the editor is not running
 */
GkCatalog *
gk_test_load_default_store (void)
{
  g_autofree char *data_dir = gk_store_dup_default_data_dir ();
  g_autoptr(GkStore) store = gk_store_new (data_dir);
  g_autoptr(GError) error = NULL;
  GkCatalog *catalog;

  g_assert_true (gk_store_open (store, &error));
  g_assert_no_error (error);
  catalog = gk_store_load_catalog (store, &error);
  g_assert_no_error (error);
  return catalog;
}
