/* gk-preview.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n.h>

#include "gk-preview.h"
#include "gk-renderer-choice.h"
#include "gk-renderer.h"
#include "gk-webkit.h"

#define PAGE_WIDTH 960.0 /* CSS pixels where the table needs no scaling */
#define MIN_ZOOM   0.75

#define SCRIPT_RESOURCE "/io/github/gongkai/Gongkai/js/preview.js"

/* The page of a domain is loaded once; edits re-render it with the core
 * renderer and replace the rows that changed through gkPreview.update()
 * of data/js/preview.js, which keeps the scroll position and does not
 * flash. Edits only mark the preview dirty: the work happens at most once
 * per frame, and not at all while the preview is hidden. */
struct _GkPreview
{
  GtkWidget        parent_instance;

  /* Template children */
  GtkStack        *stack;

  WebKitWebView   *web_view;      /* created for the first page */
  GCancellable    *cancellable;
  GkCatalogModel  *model;
  GkCatalog       *catalog;
  char            *domain_code;   /* what to show */
  char            *loaded_domain; /* whose page is loaded or loading */
  GkItem          *item;          /* highlighted */
  GString         *html;          /* reused: a big domain is 1.5 MB */
  GString         *shown;         /* what the page shows */
  GString         *script;
  GString         *changed;       /* the changed rows as JSON */
  GArray          *rows;          /* GkRenderRow: where html's rows are */
  GArray          *shown_rows;    /* and shown's */
  double           zoom;
  guint            tick_id;
  guint            dirty : 1;
  guint            loading : 1;
  guint            allow_load : 1;
  guint            scroll_pending : 1;
};

G_DEFINE_FINAL_TYPE (GkPreview, gk_preview, GTK_TYPE_WIDGET)

enum {
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Loaded with the first web view. */
static const GkWebKit *wk;

static void     refresh         (GkPreview *self);
static gboolean create_web_view (GkPreview *self);

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  GkPreview *self = GK_PREVIEW (widget);

  self->tick_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (GkPreview *self)
{
  if (self->tick_id == 0 && self->dirty && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

static void
mark_dirty (GkPreview *self)
{
  self->dirty = TRUE;
  schedule (self);
}

/* Appends @text as a JSON string, which is also a JavaScript literal. */
static void
append_json_string (GString    *out,
                    const char *text,
                    gsize       length)
{
  const char *end = text + length;
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; p < end; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\'
          && !(c == 0xe2 && end - p > 2 && (guchar) p[1] == 0x80
               && ((guchar) p[2] == 0xa8 || (guchar) p[2] == 0xa9)))
        continue;

      g_string_append_len (out, run, p - run);
      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == 0xe2)
        {
          /* U+2028 and U+2029 end a line in older JavaScript. */
          g_string_append_printf (out, "\\u%s", (guchar) p[2] == 0xa8 ? "2028" : "2029");
          p += 2;
        }
      else
        g_string_append_printf (out, "\\u%04x", c);
      run = p + 1;
    }
  g_string_append_len (out, run, end - run);
  g_string_append_c (out, '"');
}

static void
evaluate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GkPreview *self;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  value = wk->web_view_evaluate_javascript_finish (GK_WEBKIT_WEB_VIEW (wk, object), result,
                                                   &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = GK_PREVIEW (user_data);
  if (value == NULL)
    {
      /* The page is not what we think: load it again. */
      g_warning ("Could not update the preview: %s", error->message);
      g_clear_pointer (&self->loaded_domain, g_free);
      mark_dirty (self);
    }

  g_signal_emit (self, signals[UPDATED], 0);
}

/* Calls gkPreview.update() (data/js/preview.js) with what changed: the
 * new body's HTML, or @rows, the rows that changed as a JSON array; %NULL
 * for neither. JSON is also JavaScript: the arguments are sent as it. */
static void
call_update (GkPreview  *self,
             const char *body,
             gsize       body_length,
             GString    *rows)
{
  const char *id = self->item != NULL ? gk_item_get_id (self->item) : "";

  g_string_assign (self->script, "gkPreview.update(");
  if (body != NULL)
    append_json_string (self->script, body, body_length);
  else
    g_string_append (self->script, "null");
  g_string_append_c (self->script, ',');
  if (rows != NULL)
    g_string_append_len (self->script, rows->str, rows->len);
  else
    g_string_append (self->script, "null");
  g_string_append_c (self->script, ',');
  append_json_string (self->script, id, strlen (id));
  g_string_append (self->script, self->scroll_pending ? ",true)" : ",false)");
  self->scroll_pending = FALSE;

  wk->web_view_evaluate_javascript (self->web_view, self->script->str,
                                   (gssize) self->script->len, NULL, NULL,
                                   self->cancellable, evaluate_cb, self);
}

static gboolean
spans_equal (GString *a,
             gsize    a_start,
             gsize    a_end,
             GString *b,
             gsize    b_start,
             gsize    b_end)
{
  return a_end - a_start == b_end - b_start
         && memcmp (a->str + a_start, b->str + b_start, a_end - a_start) == 0;
}

#define ROW(array, i) (&g_array_index (array, GkRenderRow, i))

/* With the rows the renderer wrote in both, writes the rows that differ
 * from the page's as a JSON array, [[index, html], …], or returns %FALSE
 * when more than the rows changed (title, columns, row count) or so many
 * rows that the whole body is as cheap. */
static gboolean
diff_rows (GkPreview *self)
{
  GArray *new = self->rows;
  GArray *old = self->shown_rows;
  gsize new_end = 0;
  gsize old_end = 0;
  guint n_changed = 0;

  if (new->len != old->len)
    return FALSE;

  g_string_assign (self->changed, "[");
  for (guint i = 0; i < new->len; i++)
    {
      const GkRenderRow *a = ROW (new, i);
      const GkRenderRow *b = ROW (old, i);

      /* What comes before the row: the head, the title, the columns. */
      if (!spans_equal (self->html, new_end, a->start, self->shown, old_end, b->start))
        return FALSE;
      new_end = a->end;
      old_end = b->end;
      if (spans_equal (self->html, a->start, a->end, self->shown, b->start, b->end))
        continue;
      if (++n_changed > new->len / 2 + 1)
        return FALSE;
      g_string_append_printf (self->changed, "%s[%u,", n_changed > 1 ? "," : "", i);
      append_json_string (self->changed, self->html->str + a->start, a->end - a->start);
      g_string_append_c (self->changed, ']');
    }
  g_string_append_c (self->changed, ']');
  return spans_equal (self->html, new_end, self->html->len,
                      self->shown, old_end, self->shown->len);
}

/* The new rendering is now what the page shows; its rows are kept for the
 * next comparison. */
static void
swap_shown (GkPreview *self)
{
  GString *shown = self->shown;
  GArray *shown_rows = self->shown_rows;

  self->shown = self->html;
  self->html = shown;
  self->shown_rows = self->rows;
  self->rows = shown_rows;
}

/* Sends what changed between the page and the new rendering. */
static void
send_update (GkPreview *self)
{
  const char *body = strstr (self->html->str, "<body>");
  const char *end = g_strrstr_len (self->html->str, (gssize) self->html->len, "</body>");

  if (body == NULL || end == NULL || end < body)
    {
      g_warning ("The rendered page has no body");
      return;
    }
  body += strlen ("<body>");

  if (diff_rows (self))
    call_update (self, NULL, 0, self->changed);
  else
    call_update (self, body, end - body, NULL);
  swap_shown (self);
}

static void
load_page (GkPreview *self)
{
  g_free (self->loaded_domain);
  self->loaded_domain = g_strdup (self->domain_code);
  self->loading = TRUE;
  self->allow_load = TRUE;
  wk->web_view_load_html (self->web_view, self->html->str, NULL);
  swap_shown (self);
}

static gboolean
render (GkPreview *self)
{
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;

  options.domain_code = self->domain_code;
  options.highlight_id = self->item != NULL ? gk_item_get_id (self->item) : NULL;
  g_string_truncate (self->html, 0);
  g_array_set_size (self->rows, 0);
  if (!gk_render_html_append (self->catalog, &options, self->html, self->rows, &error))
    {
      g_warning ("Could not render the preview: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
refresh (GkPreview *self)
{
  self->dirty = FALSE;
  if (self->catalog == NULL || self->domain_code == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* Edits made while the page loads are sent once it is there. */
  if (self->loading)
    {
      self->dirty = TRUE;
      return;
    }

  if (!render (self))
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* WebKit starts its processes with the first view: not at start-up. */
  if (self->web_view == NULL && !create_web_view (self))
    return;
  gtk_stack_set_visible_child_name (self->stack, "page");
  if (g_strcmp0 (self->loaded_domain, self->domain_code) != 0)
    load_page (self);
  else
    send_update (self);
}

static void
load_changed_cb (GkPreview       *self,
                 WebKitLoadEvent  event)
{
  if (event != WEBKIT_LOAD_FINISHED)
    return;

  self->loading = FALSE;
  if (self->scroll_pending)
    call_update (self, NULL, 0, NULL);
  else
    g_signal_emit (self, signals[UPDATED], 0);
  schedule (self);
}

static void
web_process_terminated_cb (GkPreview                         *self,
                           WebKitWebProcessTerminationReason  reason)
{
  g_warning ("The preview's web process ended (reason %d); reloading", reason);
  g_clear_pointer (&self->loaded_domain, g_free);
  self->loading = FALSE;
  mark_dirty (self);
}

/* Only our own load_html() may load anything: no links, no drops, no
 * reloads, no new windows. */
static gboolean
decide_policy_cb (GkPreview                *self,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type)
{
  WebKitNavigationAction *action;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    return FALSE;

  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION)
    {
      action = wk->navigation_policy_decision_get_navigation_action (
        GK_WEBKIT_NAVIGATION_POLICY_DECISION (wk, decision));
      if (self->allow_load
          && wk->navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_OTHER
          && !wk->navigation_action_is_user_gesture (action))
        {
          self->allow_load = FALSE;
          wk->policy_decision_use (decision);
          return TRUE;
        }
    }

  wk->policy_decision_ignore (decision);
  return TRUE;
}

/* Copying text is useful; reload, back and inspect are not. */
static gboolean
context_menu_cb (GkPreview         *self,
                 WebKitContextMenu *menu)
{
  g_autoptr(GList) items = g_list_copy (wk->context_menu_get_items (menu));

  for (GList *l = items; l != NULL; l = l->next)
    {
      WebKitContextMenuAction action = wk->context_menu_item_get_stock_action (l->data);

      if (action != WEBKIT_CONTEXT_MENU_ACTION_COPY
          && action != WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL)
        wk->context_menu_remove (menu, l->data);
    }

  return wk->context_menu_get_n_items (menu) == 0;
}

static WebKitNetworkSession *
get_network_session (void)
{
  static WebKitNetworkSession *session;

  /* Nothing the preview does needs a cache or cookies on disk, nor the
   * memory caches that make browsing fast. */
  if (session == NULL)
    {
      session = wk->network_session_new_ephemeral ();
      wk->web_context_set_cache_model (wk->web_context_get_default (),
                                       WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
    }
  return session;
}

static WebKitSettings *
create_settings (GkPreview *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  gboolean devel = FALSE;
  WebKitHardwareAccelerationPolicy policy = WEBKIT_HARDWARE_ACCELERATION_POLICY_ALWAYS;

#ifdef GK_DEVEL_PROFILE
  devel = TRUE;
#endif

  /* Compositing with OpenGL only on a graphics card, as the window draws
   * (gk-renderer-choice.c). */
  if (gk_renderer_choice_get (display) != GK_OPEN_GL_HARDWARE)
    policy = WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER;

  /* The page is static and escaped: no markup may run script, and the
   * editor's own evaluate_javascript() still works without it. */
  return wk->settings_new_with_settings ("hardware-acceleration-policy", policy,
                                        "enable-javascript-markup", FALSE,
                                        "enable-developer-extras", devel,
                                        "enable-html5-local-storage", FALSE,
                                        "enable-html5-database", FALSE,
                                        "enable-page-cache", FALSE,
                                        "enable-webaudio", FALSE,
                                        "enable-webgl", FALSE,
                                        "enable-media", FALSE,
                                        "enable-media-stream", FALSE,
                                        "enable-mediasource", FALSE,
                                        "enable-webrtc", FALSE,
                                        "enable-fullscreen", FALSE,
                                        "enable-back-forward-navigation-gestures", FALSE,
                                        "javascript-can-open-windows-automatically", FALSE,
                                        "javascript-can-access-clipboard", FALSE,
                                        "allow-modal-dialogs", FALSE,
                                        "auto-load-images", FALSE,
                                        NULL);
}

/* Without WebKitGTK the editor still works; only the preview says why it
 * is blank. */
static void
show_unavailable (GkPreview *self,
                  GError    *error)
{
  GtkWidget *page;
  g_autofree char *description = NULL;

  if (gtk_stack_get_child_by_name (self->stack, "unavailable") == NULL)
    {
      description = g_strdup_printf (_("The preview needs WebKitGTK, which could not be "
                                       "loaded: %s"), error->message);
      page = adw_status_page_new ();
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "dialog-warning-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (page), _("Nothing to Preview"));
      adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
      gtk_widget_add_css_class (page, "compact");
      gtk_stack_add_named (self->stack, page, "unavailable");
    }
  gtk_stack_set_visible_child_name (self->stack, "unavailable");
}

/* data/js/preview.js, read from the resources once for all previews and
 * defined in every page they load, before the page is shown: updates
 * then send only their arguments. It runs as the editor's calls do, in
 * the page's main world, although the page's own scripts are off. */
static WebKitUserScript *
get_update_script (void)
{
  static WebKitUserScript *script;
  g_autoptr(GBytes) source = NULL;

  if (script == NULL)
    {
      /* Compiled into the program; resource data ends with a NUL. */
      source = g_resources_lookup_data (SCRIPT_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_assert (source != NULL);
      script = wk->user_script_new (g_bytes_get_data (source, NULL),
                                    WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                    WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END, NULL, NULL);
    }
  return script;
}

static gboolean
create_web_view (GkPreview *self)
{
  g_autoptr(WebKitSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  wk = gk_webkit_get (&error);
  if (wk == NULL)
    {
      show_unavailable (self, error);
      return FALSE;
    }

  settings = create_settings (self);
  self->web_view = g_object_new (wk->web_view_get_type (),
                                 "network-session", get_network_session (),
                                 "settings", settings,
                                 NULL);
  wk->web_view_set_zoom_level (self->web_view, self->zoom);
  wk->user_content_manager_add_script (
    wk->web_view_get_user_content_manager (self->web_view), get_update_script ());
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->web_view), "page");
  g_signal_connect_object (self->web_view, "load-changed", G_CALLBACK (load_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "decide-policy", G_CALLBACK (decide_policy_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "context-menu", G_CALLBACK (context_menu_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "web-process-terminated",
                           G_CALLBACK (web_process_terminated_cb), self, G_CONNECT_SWAPPED);
  return TRUE;
}

/* One handler on the model instead of one per item. */
static void
item_changed_cb (GkPreview *self,
                 GkItem    *item,
                 GkField    field)
{
  /* An item that left the domain changed its domain field. */
  if (field == GK_FIELD_DOMAIN
      || g_strcmp0 (gk_item_get_text (item, GK_FIELD_DOMAIN), self->domain_code) == 0)
    mark_dirty (self);
}

static void
item_added_cb (GkPreview *self,
               GkItem    *item)
{
  mark_dirty (self);
}

static void
item_removed_cb (GkPreview *self,
                 GkItem    *item)
{
  mark_dirty (self);
}

static void
disconnect_model (GkPreview *self)
{
  if (self->catalog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->catalog, self);
    }
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->catalog);
  g_clear_object (&self->model);
}

static void
gk_preview_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  gtk_widget_measure (GTK_WIDGET (GK_PREVIEW (widget)->stack), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

/* The table has up to 16 columns: in a pane narrower than a page it is
 * scaled down, as far as it stays readable, rather than wrapped to death. */
static void
gk_preview_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  GkPreview *self = GK_PREVIEW (widget);
  double zoom = CLAMP (width / PAGE_WIDTH, MIN_ZOOM, 1.0);

  gtk_widget_allocate (GTK_WIDGET (self->stack), width, height, baseline, NULL);
  if (G_APPROX_VALUE (zoom, self->zoom, 0.01))
    return;
  self->zoom = zoom;
  if (self->web_view != NULL)
    wk->web_view_set_zoom_level (self->web_view, zoom);
}

static void
gk_preview_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (gk_preview_parent_class)->map (widget);
  schedule (GK_PREVIEW (widget));
}

static void
gk_preview_unmap (GtkWidget *widget)
{
  GkPreview *self = GK_PREVIEW (widget);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }
  GTK_WIDGET_CLASS (gk_preview_parent_class)->unmap (widget);
}

static void
gk_preview_dispose (GObject *object)
{
  GkPreview *self = GK_PREVIEW (object);

  g_cancellable_cancel (self->cancellable);
  disconnect_model (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GK_TYPE_PREVIEW);
  self->web_view = NULL;
  g_clear_object (&self->item);
  /* The rows hold their items. */
  g_array_set_size (self->rows, 0);
  g_array_set_size (self->shown_rows, 0);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (gk_preview_parent_class)->dispose (object);
}

static void
gk_preview_finalize (GObject *object)
{
  GkPreview *self = GK_PREVIEW (object);

  g_free (self->domain_code);
  g_free (self->loaded_domain);
  g_string_free (self->html, TRUE);
  g_string_free (self->shown, TRUE);
  g_string_free (self->changed, TRUE);
  g_array_unref (self->rows);
  g_array_unref (self->shown_rows);
  g_string_free (self->script, TRUE);

  G_OBJECT_CLASS (gk_preview_parent_class)->finalize (object);
}

static void
gk_preview_class_init (GkPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gk_preview_dispose;
  object_class->finalize = gk_preview_finalize;
  widget_class->measure = gk_preview_measure;
  widget_class->size_allocate = gk_preview_size_allocate;
  widget_class->map = gk_preview_map;
  widget_class->unmap = gk_preview_unmap;

  /**
   * GkPreview::updated:
   * @self: the preview
   *
   * Emitted when the web view shows the latest rendering: a page finished
   * loading or an update was applied.
   */
  signals[UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gongkai/Gongkai/ui/gk-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, GkPreview, stack);
}

static void
gk_preview_init (GkPreview *self)
{
  self->cancellable = g_cancellable_new ();
  self->html = g_string_sized_new (65536);
  self->shown = g_string_sized_new (65536);
  self->changed = g_string_sized_new (4096);
  self->rows = gk_render_rows_new ();
  self->shown_rows = gk_render_rows_new ();
  self->script = g_string_sized_new (65536);

  self->zoom = 1.0;

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * gk_preview_new:
 *
 * Returns: (transfer floating): a new, empty preview
 */
GtkWidget *
gk_preview_new (void)
{
  return g_object_new (GK_TYPE_PREVIEW, NULL);
}

/**
 * gk_preview_set_model:
 * @model: (nullable): the catalog model
 *
 * Follows the catalog of @model: edits of its items, items added, removed
 * or moved, and the catalog's unit, label and levels.
 */
void
gk_preview_set_model (GkPreview      *self,
                      GkCatalogModel *model)
{
  g_return_if_fail (GK_IS_PREVIEW (self));
  g_return_if_fail (model == NULL || GK_IS_CATALOG_MODEL (model));

  if (model == self->model)
    return;

  disconnect_model (self);
  if (model != NULL)
    {
      self->model = g_object_ref (model);
      self->catalog = g_object_ref (gk_catalog_model_get_catalog (model));
      /* Moves change positions, which items do not signal. */
      g_signal_connect_object (model, "end-update", G_CALLBACK (mark_dirty), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->catalog, "item-added", G_CALLBACK (item_added_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->catalog, "item-removed", G_CALLBACK (item_removed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->catalog, "notify", G_CALLBACK (mark_dirty), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "item-changed", G_CALLBACK (item_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  mark_dirty (self);
}

/**
 * gk_preview_show:
 * @domain_code: (nullable): the domain to show, %NULL for none
 * @item: (nullable): the item to highlight and bring into view
 *
 * Shows the table of a domain, loading its page if it is another domain.
 */
void
gk_preview_show (GkPreview  *self,
                 const char *domain_code,
                 GkItem    *item)
{
  g_return_if_fail (GK_IS_PREVIEW (self));
  g_return_if_fail (item == NULL || GK_IS_ITEM (item));

  if (g_strcmp0 (domain_code, self->domain_code) == 0 && item == self->item)
    return;

  g_free (self->domain_code);
  self->domain_code = g_strdup (domain_code);
  g_set_object (&self->item, item);
  self->scroll_pending = item != NULL;
  if (domain_code == NULL)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  mark_dirty (self);
}

/**
 * gk_preview_get_domain:
 *
 * Returns: (nullable): the code of the domain shown
 */
const char *
gk_preview_get_domain (GkPreview *self)
{
  g_return_val_if_fail (GK_IS_PREVIEW (self), NULL);

  return self->domain_code;
}

/**
 * gk_preview_flush:
 *
 * Renders and sends a pending update now instead of at the next frame.
 * The web view applies it later; #GkPreview::updated tells when.
 */
void
gk_preview_flush (GkPreview *self)
{
  g_return_if_fail (GK_IS_PREVIEW (self));

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  if (self->dirty)
    refresh (self);
}

/**
 * gk_preview_get_pending:
 *
 * Returns: whether an edit waits to be rendered (for a hidden preview, until
 *   it is shown again)
 */
gboolean
gk_preview_get_pending (GkPreview *self)
{
  g_return_val_if_fail (GK_IS_PREVIEW (self), FALSE);

  return self->dirty;
}

/**
 * gk_preview_get_web_view:
 *
 * Returns: (transfer none) (nullable): the web view showing the page, once
 *   there was a page to show
 */
WebKitWebView *
gk_preview_get_web_view (GkPreview *self)
{
  g_return_val_if_fail (GK_IS_PREVIEW (self), NULL);

  return self->web_view;
}
