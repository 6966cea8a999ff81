/* gk-accessible.c: what GTK 4.8 tells a screen reader, put right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

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

static gboolean
widget_mapped_hook (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               data)
{
  GObject *object = g_value_get_object (&values[0]);

  if (GTK_IS_BUTTON (object))
    name_button (GTK_BUTTON (object));
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

/**
 * gk_accessible_name_by_tooltips:
 * @root: a window of libadwaita's (#AdwAboutWindow), before it is shown
 *
 * Names every icon button below @root by its tooltip: libadwaita 1.2's
 * ("back" in the About window) say what they do there only. Not for our
 * own windows, whose icon buttons have names without the tooltip's
 * shortcut.
 */
void
gk_accessible_name_by_tooltips (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) == NULL
      && gtk_widget_get_tooltip_text (root) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_widget_get_tooltip_text (root), -1);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gk_accessible_name_by_tooltips (child);
}
