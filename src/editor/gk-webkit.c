/* gk-webkit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gmodule.h>

#include "gk-webkit.h"

#ifndef GK_WEBKIT_SONAME
#error "GK_WEBKIT_SONAME must name the WebKitGTK library to load"
#endif

#define SYMBOL(field, name) { G_STRUCT_OFFSET (GkWebKit, field), name }

static const struct
{
  glong       offset;
  const char *name;
} symbols[] = {
  SYMBOL (web_view_get_type, "webkit_web_view_get_type"),
  SYMBOL (navigation_policy_decision_get_type, "webkit_navigation_policy_decision_get_type"),
  SYMBOL (web_view_set_zoom_level, "webkit_web_view_set_zoom_level"),
  SYMBOL (web_view_load_html, "webkit_web_view_load_html"),
  SYMBOL (web_view_evaluate_javascript, "webkit_web_view_evaluate_javascript"),
  SYMBOL (web_view_evaluate_javascript_finish, "webkit_web_view_evaluate_javascript_finish"),
  SYMBOL (web_context_set_cache_model, "webkit_web_context_set_cache_model"),
  SYMBOL (web_context_get_default, "webkit_web_context_get_default"),
  SYMBOL (settings_new_with_settings, "webkit_settings_new_with_settings"),
  SYMBOL (policy_decision_use, "webkit_policy_decision_use"),
  SYMBOL (policy_decision_ignore, "webkit_policy_decision_ignore"),
  SYMBOL (network_session_new_ephemeral, "webkit_network_session_new_ephemeral"),
  SYMBOL (navigation_policy_decision_get_navigation_action,
          "webkit_navigation_policy_decision_get_navigation_action"),
  SYMBOL (navigation_action_is_user_gesture, "webkit_navigation_action_is_user_gesture"),
  SYMBOL (navigation_action_get_navigation_type, "webkit_navigation_action_get_navigation_type"),
  SYMBOL (context_menu_remove, "webkit_context_menu_remove"),
  SYMBOL (context_menu_get_n_items, "webkit_context_menu_get_n_items"),
  SYMBOL (context_menu_get_items, "webkit_context_menu_get_items"),
  SYMBOL (context_menu_item_get_stock_action, "webkit_context_menu_item_get_stock_action"),
  SYMBOL (web_view_get_user_content_manager, "webkit_web_view_get_user_content_manager"),
  SYMBOL (user_script_new, "webkit_user_script_new"),
  SYMBOL (user_content_manager_add_script, "webkit_user_content_manager_add_script"),
};

static GkWebKit webkit;
static char *load_error;

static void
load (void)
{
  GModule *module = g_module_open (GK_WEBKIT_SONAME, G_MODULE_BIND_LAZY);

  if (module == NULL)
    {
      load_error = g_strdup (g_module_error ());
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (symbols); i++)
    {
      gpointer *slot = G_STRUCT_MEMBER_P (&webkit, symbols[i].offset);

      if (!g_module_symbol (module, symbols[i].name, slot) || *slot == NULL)
        {
          load_error = g_strdup (g_module_error ());
          g_module_close (module);
          return;
        }
    }

  /* GTypes and the web process stay registered: never unload. */
  g_module_make_resident (module);
}

/**
 * gk_webkit_get:
 * @error: return location for an error
 *
 * Loads WebKitGTK the first time; later calls return the same result.
 *
 * Returns: (transfer none) (nullable): the WebKitGTK functions, or %NULL
 *   if the library could not be loaded
 */
const GkWebKit *
gk_webkit_get (GError **error)
{
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      load ();
      g_once_init_leave (&loaded, 1);
    }

  if (load_error != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s", load_error);
      return NULL;
    }
  return &webkit;
}
