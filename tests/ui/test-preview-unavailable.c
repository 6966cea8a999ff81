/* test-preview-unavailable.c: the editor without WebKitGTK
 *
 * This test is built with gk-webkit.c looking for a library that does not
 * exist (meson.build), as on a system where WebKitGTK is missing or
 * broken: the preview must say why it is blank, and edits go on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <adwaita.h>

#include "gk-preview.h"
#include "gk-test-ui.h"
#include "gk-webkit.h"

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* The status page on show under @root, if any. */
static GtkWidget *
find_status_page (GtkWidget *root)
{
  GtkWidget *found = NULL;

  if (ADW_IS_STATUS_PAGE (root) && gtk_widget_is_drawable (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL && found == NULL;
       child = gtk_widget_get_next_sibling (child))
    found = find_status_page (child);

  return found;
}

static void
test_unavailable (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkCatalogModel) model = NULL;
  g_autoptr(GkItem) item = gk_item_new ("01");
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GkPreview *preview = GK_PREVIEW (gk_preview_new ());
  GtkWidget *page;
  const char *description;

  /* The library is really missing. */
  g_assert_null (gk_webkit_get (&error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  gk_catalog_set_unit_name (catalog, "明水县教育局");
  gk_item_set_text (item, GK_FIELD_LEVEL1, "政策文件");
  gk_item_set_text (item, GK_FIELD_LEVEL2, "法律法规");
  gk_catalog_add_item (catalog, item);
  model = gk_catalog_model_new (catalog);

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (preview));
  gtk_window_present (GTK_WINDOW (window));
  gk_test_wait_until (widget_mapped, preview, "the window to show");
  gk_preview_set_model (preview, model);
  gk_preview_show (preview, "01", item);
  gk_preview_flush (preview);

  g_assert_null (gk_preview_get_web_view (preview));
  page = find_status_page (GTK_WIDGET (preview));
  g_assert_nonnull (page);
  description = adw_status_page_get_description (ADW_STATUS_PAGE (page));
  g_assert_nonnull (strstr (description, "WebKitGTK"));
  g_assert_nonnull (strstr (description, error->message));

  /* Edits still reach the preview, which stays as it is. */
  gk_item_set_text (item, GK_FIELD_LEVEL2, "部门规章");
  gk_preview_flush (preview);
  g_assert_null (gk_preview_get_web_view (preview));
  g_assert_true (find_status_page (GTK_WIDGET (preview)) == page);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/preview/webkit-unavailable", test_unavailable);

  return g_test_run ();
}
