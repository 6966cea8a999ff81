/* gk-webkit.h: WebKitGTK, loaded when the preview first needs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <webkit/webkit.h>

G_BEGIN_DECLS

/* The editor does not link WebKitGTK: linking alone costs it about 30 MiB
 * of resident memory at start-up, for a preview that may never be shown.
 * The headers give the types; these pointers give the functions. */
typedef struct
{
  GType            (*web_view_get_type)                  (void);
  GType            (*navigation_policy_decision_get_type) (void);
  void             (*web_view_set_zoom_level)            (WebKitWebView *, double);
  void             (*web_view_load_html)                 (WebKitWebView *, const char *,
                                                          const char *);
  void             (*web_view_evaluate_javascript)       (WebKitWebView *, const char *, gssize,
                                                          const char *, const char *,
                                                          GCancellable *, GAsyncReadyCallback,
                                                          gpointer);
  JSCValue        *(*web_view_evaluate_javascript_finish) (WebKitWebView *, GAsyncResult *,
                                                           GError **);
  void             (*web_context_set_cache_model)        (WebKitWebContext *,
                                                          WebKitCacheModel);
  WebKitWebContext *(*web_context_get_default)           (void);
  WebKitSettings  *(*settings_new_with_settings)         (const char *, ...);
  void             (*policy_decision_use)                (WebKitPolicyDecision *);
  void             (*policy_decision_ignore)             (WebKitPolicyDecision *);
  WebKitNetworkSession *(*network_session_new_ephemeral) (void);
  WebKitNavigationAction *(*navigation_policy_decision_get_navigation_action)
                                                         (WebKitNavigationPolicyDecision *);
  gboolean         (*navigation_action_is_user_gesture)  (WebKitNavigationAction *);
  WebKitNavigationType (*navigation_action_get_navigation_type) (WebKitNavigationAction *);
  void             (*context_menu_remove)                (WebKitContextMenu *,
                                                          WebKitContextMenuItem *);
  guint            (*context_menu_get_n_items)           (WebKitContextMenu *);
  GList           *(*context_menu_get_items)             (WebKitContextMenu *);
  WebKitContextMenuAction (*context_menu_item_get_stock_action) (WebKitContextMenuItem *);
  WebKitUserContentManager *(*web_view_get_user_content_manager) (WebKitWebView *);
  WebKitUserScript *(*user_script_new)                   (const char *,
                                                          WebKitUserContentInjectedFrames,
                                                          WebKitUserScriptInjectionTime,
                                                          const char * const *,
                                                          const char * const *);
  void             (*user_content_manager_add_script)    (WebKitUserContentManager *,
                                                          WebKitUserScript *);
} GkWebKit;

const GkWebKit *gk_webkit_get (GError **error);

#define GK_WEBKIT_WEB_VIEW(wk, obj) \
  (G_TYPE_CHECK_INSTANCE_CAST ((obj), (wk)->web_view_get_type (), WebKitWebView))
#define GK_WEBKIT_NAVIGATION_POLICY_DECISION(wk, obj) \
  (G_TYPE_CHECK_INSTANCE_CAST ((obj), (wk)->navigation_policy_decision_get_type (), \
                               WebKitNavigationPolicyDecision))

G_END_DECLS
