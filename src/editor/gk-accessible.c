/* gk-accessible.c: what GTK 4.8 tells a screen reader, put right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-accessible.h"

/*
 * Two things GTK 4.8 and libadwaita 1.2 get wrong for every window, ours
 * and libadwaita's own (message dialogs, toasts):
 *
 * - A button with a mnemonic is named twice: its label property, the raw
 *   "开始(_S)", then the label it is labelled by, "开始(S)". Its name is
 *   left to the label alone.
 * - A single-line field (AdwEntryRow, GtkSearchEntry) keeps the focus in a
 *   GtkText of role "none", which AT-SPI never hears of: a screen reader
 *   did not follow the focus there. The text is made a named text box.
 *
 * And libadwaita 1.2 leaves its toast's close button, and its About
 * window's icon buttons, version button and the text views of its pages,
 * without a name.
 */

static void
drop_raw_label (GtkButton *button)
{
  if (gtk_button_get_use_underline (button))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/* Now, and whenever gtk_button_set_label() sets the raw label again. */
static void
name_button (GtkButton *button)
{
  static GQuark watched;

  if (watched == 0)
    watched = g_quark_from_static_string ("gk-accessible-watched");
  if (g_object_get_qdata (G_OBJECT (button), watched) == NULL)
    {
      g_object_set_qdata (G_OBJECT (button), watched, GINT_TO_POINTER (TRUE));
      g_signal_connect (button, "notify::label", G_CALLBACK (drop_raw_label), NULL);
      g_signal_connect (button, "notify::use-underline", G_CALLBACK (drop_raw_label), NULL);
    }
  drop_raw_label (button);
}

/* libadwaita 1.2's toast has a close button of an icon alone, and no
 * name. */
static void
name_close_button (GtkButton *button)
{
  if (gtk_button_get_label (button) == NULL
      && g_strcmp0 (gtk_button_get_icon_name (button), "window-close-symbolic") == 0)
    /* Translators: what a screen reader calls a button that closes a
     * notice (the toast after a delete) */
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    C_("button", "Close"), -1);
}

static void
name_buttons_below (GtkWidget *root)
{
  if (GTK_IS_BUTTON (root))
    name_button (GTK_BUTTON (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_buttons_below (child);
}

/* A window's buttons when it is shown, those not shown too: an
 * AdwMessageDialog lays its responses out twice, side by side and
 * stacked, and shows one set; a screen reader is told of both. */
static gboolean
widget_mapped_hook (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               data)
{
  GObject *object = g_value_get_object (&values[0]);

  if (GTK_IS_BUTTON (object))
    {
      name_button (GTK_BUTTON (object));
      name_close_button (GTK_BUTTON (object));
    }
  else if (GTK_IS_ROOT (object))
    name_buttons_below (GTK_WIDGET (object));
  return TRUE;
}

/**
 * gk_accessible_init:
 *
 * Names every button with a mnemonic, of any window (libadwaita's message
 * dialogs and toasts too), by its visible label alone when it is shown.
 * Call once, when the application starts.
 */
void
gk_accessible_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      /* The signal exists once the class does. */
      g_type_class_unref (g_type_class_ref (GTK_TYPE_BUTTON));
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                                  widget_mapped_hook, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

/**
 * gk_accessible_name_text:
 * @editable: an editable whose text is a delegate (#AdwEntryRow,
 *   #GtkSearchEntry), before it is shown
 * @label: what a screen reader calls the field
 *
 * Makes the text that holds the focus in @editable a text box named
 * @label, so that its focus is reported.
 */
void
gk_accessible_name_text (GtkWidget  *editable,
                         const char *label)
{
  GtkEditable *text;

  g_return_if_fail (GTK_IS_EDITABLE (editable));

  text = gtk_editable_get_delegate (GTK_EDITABLE (editable));
  g_return_if_fail (GTK_IS_TEXT (text));

  /* Settable until the text is known to AT-SPI, which is why this is done
   * before it is shown. */
  g_object_set (text, "accessible-role", GTK_ACCESSIBLE_ROLE_TEXT_BOX, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/**
 * gk_accessible_fix_widgets:
 * @root: a widget, before it is shown
 *
 * Names the text of every #AdwEntryRow below @root by the row's title
 * (gk_accessible_name_text()), and every button with a mnemonic by its
 * visible label: hidden ones too (a stack's other pages), which a screen
 * reader may read before they are shown.
 */
void
gk_accessible_fix_widgets (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (ADW_IS_ENTRY_ROW (root))
    {
      gk_accessible_name_text (root, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)));
      return;
    }
  if (GTK_IS_BUTTON (root))
    name_button (GTK_BUTTON (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gk_accessible_fix_widgets (child);
}

/* libadwaita 1.2's icon buttons of the About window ("back") say what
 * they do in their tooltip only. */
static void
name_by_tooltips (GtkWidget *root)
{
  if (GTK_IS_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) == NULL
      && gtk_widget_get_tooltip_text (root) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_widget_get_tooltip_text (root), -1);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_by_tooltips (child);
}

/* Whether @root holds a button labelled @label, and how many text views
 * (added to *@n_views). */
static gboolean
holds_button (GtkWidget  *root,
              const char *label,
              guint      *n_views)
{
  gboolean found = GTK_IS_BUTTON (root)
                   && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0;

  if (GTK_IS_TEXT_VIEW (root))
    (*n_views)++;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    found |= holds_button (child, label, n_views);
  return found;
}

/* The About window's pages show their text in text views without a name:
 * the one on the page with "Copy Text" the debugging information, the
 * other the release notes. They are named as the pages' titles, in
 * libadwaita's own words. */
static void
name_text_view (GtkWidget *view)
{
  const char *name = g_dgettext ("libadwaita", "What’s New");

  for (GtkWidget *page = gtk_widget_get_parent (view); page != NULL;
       page = gtk_widget_get_parent (page))
    {
      guint n_views = 0;
      gboolean copy = holds_button (page, "_Copy Text", &n_views);

      if (n_views > 1)
        break;
      if (copy)
        {
          name = g_dgettext ("libadwaita", "Debugging Information");
          break;
        }
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
name_about_parts (GtkWidget  *root,
                  const char *version)
{
  if (GTK_IS_TEXT_VIEW (root))
    name_text_view (root);
  else if (GTK_IS_BUTTON (root) && gtk_widget_has_css_class (root, "app-version"))
    {
      /* Translators: the name a screen reader gives the About window's
       * version button, which copies the version */
      g_autofree char *label = g_strdup_printf (_("Version %s"), version);

      gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_about_parts (child, version);
}

/**
 * gk_accessible_fix_about_window:
 * @about: an About window, before it is shown
 *
 * Names what libadwaita 1.2 leaves without a name in it: its icon buttons
 * by their tooltips, its version button, and the text of its pages; and
 * its buttons with mnemonics (gk_accessible_fix_widgets()).
 */
void
gk_accessible_fix_about_window (AdwAboutWindow *about)
{
  g_return_if_fail (ADW_IS_ABOUT_WINDOW (about));

  gk_accessible_fix_widgets (GTK_WIDGET (about));
  name_by_tooltips (GTK_WIDGET (about));
  name_about_parts (GTK_WIDGET (about), adw_about_window_get_version (about));
}
