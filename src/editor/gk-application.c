/* gk-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-accessible.h"
#include "gk-application.h"
#include "gk-renderer-choice.h"
#include "gk-window.h"

struct _GkApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (GkApplication, gk_application, ADW_TYPE_APPLICATION)

static const struct
{
  const char *action;
  const char *accels[3];
} shortcuts[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "win.add-item", { "<Control>n", NULL } },
  { "win.duplicate-item", { "<Control>d", NULL } },
  { "win.move-up", { "<Alt>Up", NULL } },
  { "win.move-down", { "<Alt>Down", NULL } },
  { "win.move-to-group", { "<Control>m", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.undo", { "<Control>z", NULL } },
  { "win.redo", { "<Shift><Control>z", NULL } },
  { "win.first-problem", { "<Control>e", NULL } },
  { "win.import", { "<Control>i", NULL } },
  { "win.export", { "<Shift><Control>e", NULL } },
  { "win.print", { "<Control>p", NULL } },
  { "win.sync-now", { "<Control>r", "F5", NULL } },
  { "win.toggle-preview", { "F9", "<Shift><Control>p", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (self));

  /* Each window saves what is pending before it goes; the application
   * ends with the last one. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

#define PROJECT_URL "https://github.com/gongkai/gongkai"

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *self = user_data;
  g_autofree char *developer = g_strdup_printf ("%s " PROJECT_URL, _("The Gongkai developers"));
  const char *developers[] = { developer, NULL };
  /* Translators: the fonts' licence, after their name in the About window */
  const char *font_licence = _("Used for the PDF exports and printing, under the "
                               "<a href=\"https://openfontlicense.org\">SIL Open Font "
                               "License 1.1</a>.");
  AdwAboutWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (self),
                        "application-name", _("Gongkai"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Gongkai developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Write your unit’s catalog of government-affairs "
                                      "disclosure items, checked as you type."),
                        "website", PROJECT_URL,
                        "issue-url", PROJECT_URL "/issues",
                        "copyright", _("© 2026 The Gongkai developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  /* What the editor uses that others wrote, as the Flatpak ships it. */
  adw_about_window_add_legal_section (about, "libxlsxwriter",
                                      "© 2014–2025 John McNamara",
                                      GTK_LICENSE_BSD, NULL);
  adw_about_window_add_legal_section (about, "Noto Sans CJK SC, Noto Serif CJK SC",
                                      "© 2014–2021 Adobe (http://www.adobe.com/)",
                                      GTK_LICENSE_CUSTOM, font_licence);
  adw_about_window_add_legal_section (about, "HanaMinB",
                                      "© 2008–2017 GlyphWiki Project",
                                      GTK_LICENSE_CUSTOM, font_licence);
  /* Its own parts a screen reader cannot name, its hidden pages too. */
  gk_accessible_fix_about_window (about);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
};

static void
gk_application_startup (GApplication *application)
{
  G_APPLICATION_CLASS (gk_application_parent_class)->startup (application);

  gk_renderer_choice_apply (gdk_display_get_default ());
  gk_accessible_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application),
                                           shortcuts[i].action, shortcuts[i].accels);
}

static void
gk_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (gk_window_new (GTK_APPLICATION (application)));

  gtk_window_present (window);
}

static gboolean
any_window_saving (GtkApplication *self)
{
  for (GList *l = gtk_application_get_windows (self); l != NULL; l = l->next)
    if (GK_IS_WINDOW (l->data) && gk_window_get_saving (l->data))
      return TRUE;

  return FALSE;
}

/* Whatever ends the application, every edit reaches the store (a failed
 * save was reported in its window already). */
static void
gk_application_shutdown (GApplication *application)
{
  GtkApplication *self = GTK_APPLICATION (application);

  for (GList *l = gtk_application_get_windows (self); l != NULL; l = l->next)
    if (GK_IS_WINDOW (l->data))
      gk_window_flush (l->data);
  while (any_window_saving (self))
    g_main_context_iteration (NULL, TRUE);

  G_APPLICATION_CLASS (gk_application_parent_class)->shutdown (application);
}

static void
gk_application_class_init (GkApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->startup = gk_application_startup;
  application_class->activate = gk_application_activate;
  application_class->shutdown = gk_application_shutdown;
}

static void
gk_application_init (GkApplication *self)
{
}

/**
 * gk_application_new:
 *
 * Returns: (transfer full): the application, with the resources of the
 *   stable id also for the development build
 */
GkApplication *
gk_application_new (void)
{
  return g_object_new (GK_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/gongkai/Gongkai",
                       NULL);
}
