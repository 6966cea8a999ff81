/* test-preview.c: the live preview follows the edits, safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gstdio.h>

#include "gk-preview.h"
#include "gk-renderer-choice.h"
#include "gk-window.h"

#define TIMEOUT_S 30
#define N_ITEMS 60

typedef gboolean (*Condition) (gpointer data);

typedef struct
{
  GtkWidget      *window;
  GkPreview      *preview;
  GkCatalog      *catalog;
  GkCatalogModel *model;
  GkItem         *items[N_ITEMS];
  guint           n_updated;
} Fixture;

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (TIMEOUT_S, timed_out_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (source);
}

static void
run_for (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, timed_out_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  Fixture *fixture;
  guint    n_updated;
} UpdateWait;

static gboolean
updated_since (gpointer data)
{
  UpdateWait *wait = data;

  return wait->fixture->n_updated > wait->n_updated;
}

/* Waits for the next "updated" after @n_updated of them. */
static void
wait_updated (Fixture *fixture,
              guint    n_updated)
{
  UpdateWait wait = { fixture, n_updated };

  wait_until (updated_since, &wait, "the preview to update");
}

static void
evaluate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  JSCValue **value = user_data;
  g_autoptr(GError) error = NULL;

  *value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* Runs @script in the page and returns its value. */
static JSCValue *
evaluate (Fixture    *fixture,
          const char *script)
{
  JSCValue *value = NULL;

  webkit_web_view_evaluate_javascript (gk_preview_get_web_view (fixture->preview), script, -1,
                                       NULL, NULL, NULL, evaluate_cb, &value);
  wait_until (pointer_set, &value, script);
  return value;
}

static char *
evaluate_string (Fixture    *fixture,
                 const char *script)
{
  g_autoptr(JSCValue) value = evaluate (fixture, script);

  return jsc_value_to_string (value);
}

static int
evaluate_int (Fixture    *fixture,
              const char *script)
{
  g_autoptr(JSCValue) value = evaluate (fixture, script);

  return jsc_value_to_int32 (value);
}

static char *
dup_row_text (Fixture *fixture,
              GkItem  *item)
{
  g_autofree char *script = NULL;

  script = g_strdup_printf ("document.getElementById('item-%s').textContent",
                            gk_item_get_id (item));
  return evaluate_string (fixture, script);
}

static void
updated_cb (GkPreview *preview,
            Fixture   *fixture)
{
  fixture->n_updated++;
}

static GkItem *
add_item (GkCatalog  *catalog,
          const char *domain,
          guint       index)
{
  g_autofree char *level1 = g_strdup_printf ("一级事项%u", index / 5);
  g_autofree char *level2 = g_strdup_printf ("二级事项%u", index);
  GkItem *item = gk_item_new (domain);

  gk_item_set_text (item, GK_FIELD_LEVEL1, level1);
  gk_item_set_text (item, GK_FIELD_LEVEL2, level2);
  gk_item_set_text (item, GK_FIELD_CONTENT, "规划批准文件、规划文本及图件");
  gk_item_set_text (item, GK_FIELD_SUBJECT, "县自然资源局");
  gk_item_set_audience (item, GK_AUDIENCE_PUBLIC);
  gk_item_set_method (item, GK_METHOD_PROACTIVE);
  gk_item_set_levels (item, (const char * const []) { "县级", NULL });
  gk_item_set_position (item, (int) index);
  gk_catalog_add_item (catalog, item);
  return item;
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->catalog = gk_catalog_new ();
  gk_catalog_set_unit_name (fixture->catalog, "明水县教育局");
  gk_catalog_set_levels (fixture->catalog, (const char * const []) { "县级", "乡级", NULL });
  for (guint i = 0; i < N_ITEMS; i++)
    fixture->items[i] = add_item (fixture->catalog, "01", i);
  fixture->model = gk_catalog_model_new (fixture->catalog);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 600);
  fixture->preview = g_object_ref_sink (GK_PREVIEW (gk_preview_new ()));
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->preview));
  g_signal_connect (fixture->preview, "updated", G_CALLBACK (updated_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_until (widget_mapped, fixture->preview, "the window to show");

  gk_preview_set_model (fixture->preview, fixture->model);
  gk_preview_show (fixture->preview, "01", fixture->items[2]);
  wait_updated (fixture, 0);
  g_assert_false (webkit_web_view_is_loading (gk_preview_get_web_view (fixture->preview)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->preview);
  g_assert_finalize_object (fixture->model);
  for (guint i = 0; i < N_ITEMS; i++)
    g_object_unref (fixture->items[i]);
  g_assert_finalize_object (fixture->catalog);
}

static void
test_loaded (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *text = dup_row_text (fixture, fixture->items[2]);
  g_autofree char *update = NULL;
  WebKitSettings *settings;

  g_assert_nonnull (strstr (text, "二级事项2"));
  g_assert_cmpint (evaluate_int (fixture, "document.querySelectorAll('tbody tr').length"), ==,
                   N_ITEMS);
  g_assert_cmpstr (gk_preview_get_domain (fixture->preview), ==, "01");

  /* data/js/preview.js is defined with the page. */
  update = evaluate_string (fixture, "typeof gkPreview.update");
  g_assert_cmpstr (update, ==, "function");

  /* The editor's scripts run, the page's could not. */
  settings = webkit_web_view_get_settings (gk_preview_get_web_view (fixture->preview));
  g_assert_false (webkit_settings_get_enable_javascript_markup (settings));
  g_assert_false (webkit_settings_get_enable_html5_local_storage (settings));

  /* Under Xvfb OpenGL is llvmpipe or none: the web process composites
   * without it, as the window draws with cairo. */
  if (gk_renderer_choice_get (gtk_widget_get_display (fixture->window)) != GK_OPEN_GL_HARDWARE)
    g_assert_cmpint (webkit_settings_get_hardware_acceleration_policy (settings), ==,
                     WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER);
}

/* Typing updates the row in place; a burst of edits is one update. */
static void
test_live_edit (Fixture       *fixture,
                gconstpointer  data)
{
  GkItem *item = fixture->items[5];
  g_autofree char *text = NULL;
  guint n_updated = fixture->n_updated;

  gk_item_set_text (item, GK_FIELD_LEVEL2, "二");
  gk_item_set_text (item, GK_FIELD_LEVEL2, "二级");
  gk_item_set_text (item, GK_FIELD_LEVEL2, "二级事项已改");
  g_assert_true (gk_preview_get_pending (fixture->preview));
  wait_updated (fixture, n_updated);
  g_assert_false (gk_preview_get_pending (fixture->preview));

  text = dup_row_text (fixture, item);
  g_assert_nonnull (strstr (text, "二级事项已改"));
  run_for (100);
  g_assert_cmpuint (fixture->n_updated, ==, n_updated + 1);
}

/* Marks the element @selector finds with a property of its own, which it
 * keeps only as long as it is not replaced. */
static void
mark_element (Fixture    *fixture,
              const char *selector)
{
  g_autofree char *script = g_strdup_printf ("document.querySelector('%s').gkMark = 1",
                                             selector);

  g_assert_cmpint (evaluate_int (fixture, script), ==, 1);
}

static gboolean
element_marked (Fixture    *fixture,
                const char *selector)
{
  g_autofree char *script = g_strdup_printf ("document.querySelector('%s').gkMark === 1 ? 1 : 0",
                                             selector);

  return evaluate_int (fixture, script) == 1;
}

/* An edit replaces the edited row and nothing else: the neighbours, the
 * title and the header stay the same elements. */
static void
test_rows_patched (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *edited = g_strdup_printf ("#item-%s", gk_item_get_id (fixture->items[5]));
  g_autofree char *before = g_strdup_printf ("#item-%s", gk_item_get_id (fixture->items[4]));
  g_autofree char *after = g_strdup_printf ("#item-%s", gk_item_get_id (fixture->items[6]));
  g_autofree char *text = NULL;
  guint n_updated = fixture->n_updated;

  mark_element (fixture, edited);
  mark_element (fixture, before);
  mark_element (fixture, after);
  mark_element (fixture, "h1");
  mark_element (fixture, "thead");
  mark_element (fixture, "tbody");

  gk_item_set_text (fixture->items[5], GK_FIELD_CONTENT, "只改这一行");
  wait_updated (fixture, n_updated);
  text = dup_row_text (fixture, fixture->items[5]);
  g_assert_nonnull (strstr (text, "只改这一行"));
  g_assert_false (element_marked (fixture, edited));
  g_assert_true (element_marked (fixture, before));
  g_assert_true (element_marked (fixture, after));
  g_assert_true (element_marked (fixture, "h1"));
  g_assert_true (element_marked (fixture, "thead"));
  g_assert_true (element_marked (fixture, "tbody"));
}

/* Catalog text is shown as text, never run or parsed as markup. */
static void
test_escaped (Fixture       *fixture,
              gconstpointer  data)
{
  static const char evil[] = "<script>document.title='pwned'</script>"
                             "<img src=x onerror=\"document.title='pwned'\">&amp;";
  GkItem *item = fixture->items[3];
  GkItem *other;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  guint n_updated = fixture->n_updated;

  gk_item_set_text (item, GK_FIELD_CONTENT, evil);
  wait_updated (fixture, n_updated);
  text = dup_row_text (fixture, item);
  g_assert_nonnull (strstr (text, evil));
  g_assert_cmpint (evaluate_int (fixture, "document.querySelectorAll('script').length"), ==, 0);
  g_assert_cmpint (evaluate_int (fixture, "document.querySelectorAll('img').length"), ==, 0);

  /* The same on a freshly loaded page. */
  other = add_item (fixture->catalog, "02", 0);
  gk_item_set_text (other, GK_FIELD_LEVEL2, evil);
  n_updated = fixture->n_updated;
  gk_preview_show (fixture->preview, "02", other);
  wait_updated (fixture, n_updated);
  g_clear_pointer (&text, g_free);
  text = dup_row_text (fixture, other);
  g_assert_nonnull (strstr (text, evil));
  g_assert_cmpint (evaluate_int (fixture, "document.querySelectorAll('script').length"), ==, 0);
  title = evaluate_string (fixture, "document.title");
  g_assert_cmpstr (title, !=, "pwned");
  g_clear_pointer (&text, g_free);
  text = evaluate_string (fixture, "typeof gkPreview.update");
  g_assert_cmpstr (text, ==, "function");
  g_assert_true (gk_catalog_remove_item (fixture->catalog, gk_item_get_id (other)));
  g_object_unref (other);
}

static void
assert_highlighted (Fixture *fixture,
                    GkItem  *item)
{
  g_autofree char *id = NULL;
  g_autofree char *expected = g_strdup_printf ("item-%s", gk_item_get_id (item));

  g_assert_cmpint (evaluate_int (fixture, "document.querySelectorAll('tr.gk-highlight').length"),
                   ==, 1);
  id = evaluate_string (fixture, "document.querySelector('tr.gk-highlight').id");
  g_assert_cmpstr (id, ==, expected);
}

static gboolean
in_view (Fixture *fixture,
         GkItem  *item)
{
  g_autofree char *script = NULL;

  script = g_strdup_printf ("(function(){var r=document.getElementById('item-%s')"
                            ".getBoundingClientRect();"
                            "return r.top>=0&&r.bottom<=window.innerHeight+1?1:0;})()",
                            gk_item_get_id (item));
  return evaluate_int (fixture, script) == 1;
}

/* The item being edited is marked and brought into view. */
static void
test_highlight (Fixture       *fixture,
                gconstpointer  data)
{
  GkItem *last = fixture->items[N_ITEMS - 1];
  guint n_updated;

  assert_highlighted (fixture, fixture->items[2]);
  g_assert_true (in_view (fixture, fixture->items[2]));
  g_assert_false (in_view (fixture, last));

  n_updated = fixture->n_updated;
  gk_preview_show (fixture->preview, "01", last);
  wait_updated (fixture, n_updated);
  assert_highlighted (fixture, last);
  g_assert_true (in_view (fixture, last));
  g_assert_false (in_view (fixture, fixture->items[2]));

  /* Back and forth between neighbours, as with the arrow keys. */
  for (guint i = 1; i < 4; i++)
    {
      n_updated = fixture->n_updated;
      gk_preview_show (fixture->preview, "01", fixture->items[i]);
      wait_updated (fixture, n_updated);
      assert_highlighted (fixture, fixture->items[i]);
    }
}

/* An update keeps the place the user scrolled to. */
static void
test_scroll_kept (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *text = NULL;
  guint n_updated = fixture->n_updated;
  int y;

  y = evaluate_int (fixture, "window.scrollTo(0, 400); window.scrollY");
  g_assert_cmpint (y, >, 0);

  gk_item_set_text (fixture->items[1], GK_FIELD_LEVEL2, "滚动之后的修改");
  wait_updated (fixture, n_updated);
  text = dup_row_text (fixture, fixture->items[1]);
  g_assert_nonnull (strstr (text, "滚动之后的修改"));
  g_assert_cmpint (evaluate_int (fixture, "window.scrollY"), ==, y);
}

/* Moves, additions and removals show too; positions do not signal. */
static void
test_structure (Fixture       *fixture,
                gconstpointer  data)
{
  GkItem *item;
  g_autofree char *id = NULL;
  g_autofree char *expected = NULL;
  guint n_updated = fixture->n_updated;

  item = add_item (fixture->catalog, "01", N_ITEMS);
  wait_updated (fixture, n_updated);
  g_assert_cmpint (evaluate_int (fixture, "document.querySelectorAll('tbody tr').length"), ==,
                   N_ITEMS + 1);

  n_updated = fixture->n_updated;
  gk_item_set_position (fixture->items[4], -1);
  gk_catalog_model_refresh_domain (fixture->model, "01");
  wait_updated (fixture, n_updated);
  id = evaluate_string (fixture, "document.querySelector('tbody tr').id");
  expected = g_strdup_printf ("item-%s", gk_item_get_id (fixture->items[4]));
  g_assert_cmpstr (id, ==, expected);

  n_updated = fixture->n_updated;
  g_assert_true (gk_catalog_remove_item (fixture->catalog, gk_item_get_id (item)));
  wait_updated (fixture, n_updated);
  g_assert_cmpint (evaluate_int (fixture, "document.querySelectorAll('tbody tr').length"), ==,
                   N_ITEMS);
  g_object_unref (item);
}

/* A hidden preview does no work until it is shown again. */
static void
test_hidden (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *text = NULL;
  guint n_updated = fixture->n_updated;

  gtk_widget_set_visible (GTK_WIDGET (fixture->preview), FALSE);
  gk_item_set_text (fixture->items[4], GK_FIELD_LEVEL2, "隐藏时的修改");
  run_for (100);
  g_assert_true (gk_preview_get_pending (fixture->preview));
  g_assert_cmpuint (fixture->n_updated, ==, n_updated);

  gtk_widget_set_visible (GTK_WIDGET (fixture->preview), TRUE);
  wait_updated (fixture, n_updated);
  text = dup_row_text (fixture, fixture->items[4]);
  g_assert_nonnull (strstr (text, "隐藏时的修改"));
}

/* The page cannot be navigated away, not even by script. */
static void
test_navigation_blocked (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *uri = NULL;
  g_autofree char *text = NULL;

  uri = evaluate_string (fixture, "location.href");
  g_assert_cmpstr (uri, ==, "about:blank");
  g_clear_pointer (&uri, g_free);

  g_free (evaluate_string (fixture, "location.href = 'data:text/html,gone'; 'x'"));
  run_for (500);
  g_assert_false (webkit_web_view_is_loading (gk_preview_get_web_view (fixture->preview)));
  uri = evaluate_string (fixture, "location.href");
  g_assert_cmpstr (uri, ==, "about:blank");
  text = dup_row_text (fixture, fixture->items[2]);
  g_assert_nonnull (strstr (text, "二级事项2"));
}

static GkPreview *
find_preview (GtkWidget *widget)
{
  if (GK_IS_PREVIEW (widget))
    return GK_PREVIEW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GkPreview *found = find_preview (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
window_loaded (gpointer data)
{
  return gk_window_get_loaded (data);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* The window's action hides and shows the preview and remembers it. */
static void
test_toggle_action (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkWidget *window = gk_window_new (NULL);
  GkPreview *preview = find_preview (window);
  gpointer weak = window;

  g_assert_nonnull (preview);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (window_loaded, window, "the catalog to load");
  g_assert_true (g_settings_get_boolean (settings, "preview-visible"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (preview)));

  g_assert_true (gtk_widget_activate_action (window, "win.toggle-preview", NULL));
  g_assert_false (g_settings_get_boolean (settings, "preview-visible"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (preview)));

  g_assert_true (gtk_widget_activate_action (window, "win.toggle-preview", NULL));
  g_assert_true (g_settings_get_boolean (settings, "preview-visible"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (preview)));

  /* And the setting drives the window. */
  g_settings_set_boolean (settings, "preview-visible", FALSE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (preview)));
  g_settings_reset (settings, "preview-visible");

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  wait_until (pointer_cleared, &weak, "the window to close");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

#define ADD(path, func) \
  g_test_add ("/ui/preview/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = g_dir_make_tmp ("gongkai-preview-XXXXXX", NULL);
  int status;

  g_assert_nonnull (tmp);
  g_setenv ("XDG_DATA_HOME", tmp, TRUE);
  g_setenv ("XDG_CACHE_HOME", tmp, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  ADD ("loaded", test_loaded);
  ADD ("live-edit", test_live_edit);
  ADD ("rows-patched", test_rows_patched);
  ADD ("escaped", test_escaped);
  ADD ("highlight", test_highlight);
  ADD ("scroll-kept", test_scroll_kept);
  ADD ("structure", test_structure);
  ADD ("hidden", test_hidden);
  ADD ("navigation-blocked", test_navigation_blocked);
  g_test_add_func ("/ui/preview/toggle-action", test_toggle_action);
  status = g_test_run ();

  remove_tree (tmp);
  return status;
}
