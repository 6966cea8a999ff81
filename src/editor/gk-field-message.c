/* gk-field-message.c: the icon and message shown under a form field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-field-message.h"

struct _GkFieldMessage
{
  GtkBox    parent_instance;

  GtkImage *icon;
  GtkLabel *label;
  gboolean  is_error;
};

G_DEFINE_FINAL_TYPE (GkFieldMessage, gk_field_message, GTK_TYPE_BOX)

static void
set_style (GtkWidget  *widget,
           const char *style)
{
  gtk_widget_remove_css_class (widget, "error");
  gtk_widget_remove_css_class (widget, "warning");
  if (style != NULL)
    gtk_widget_add_css_class (widget, style);
}

static void
gk_field_message_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GK_TYPE_FIELD_MESSAGE);

  G_OBJECT_CLASS (gk_field_message_parent_class)->dispose (object);
}

static void
gk_field_message_class_init (GkFieldMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gk_field_message_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gongkai/Gongkai/ui/gk-field-message.ui");
  gtk_widget_class_bind_template_child (widget_class, GkFieldMessage, icon);
  gtk_widget_class_bind_template_child (widget_class, GkFieldMessage, label);
}

static void
gk_field_message_init (GkFieldMessage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * gk_field_message_new:
 *
 * Returns: (transfer full): a new, hidden message
 */
GtkWidget *
gk_field_message_new (void)
{
  return g_object_new (GK_TYPE_FIELD_MESSAGE, NULL);
}

/**
 * gk_field_message_show:
 * @self: a message
 * @message: (nullable): the text to show, or %NULL to hide the message
 * @is_error: whether @message is an error rather than a warning
 *
 * Shows @message with the error or warning look, or hides it.
 *
 * Returns: whether anything changed; callers use it to leave the
 *   accessible descriptions alone when nothing did
 */
gboolean
gk_field_message_show (GkFieldMessage *self,
                       const char     *message,
                       gboolean        is_error)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *style = message == NULL ? NULL : is_error ? "error" : "warning";

  g_return_val_if_fail (GK_IS_FIELD_MESSAGE (self), FALSE);

  if (message == NULL && !gtk_widget_get_visible (widget))
    return FALSE;
  if (message != NULL && gtk_widget_get_visible (widget)
      && g_strcmp0 (gtk_label_get_text (self->label), message) == 0
      && gtk_widget_has_css_class (widget, style))
    return FALSE;

  self->is_error = is_error;
  set_style (widget, style);
  gtk_image_set_from_icon_name (self->icon,
                                is_error ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  /* Read before the message, as the colour tells it to the eye. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  is_error ? _("Error") : _("Warning"), -1);
  gtk_label_set_text (self->label, message != NULL ? message : "");
  gtk_widget_set_visible (widget, message != NULL);

  return TRUE;
}

/**
 * gk_field_message_describe:
 * @self: a message
 * @accessibles: (element-type GtkAccessible): the controls of the field
 *
 * Gives @accessibles the message shown as their description, and marks
 * them invalid for an error; takes both back when the message is hidden.
 */
void
gk_field_message_describe (GkFieldMessage *self,
                           GPtrArray      *accessibles)
{
  gboolean shown;

  g_return_if_fail (GK_IS_FIELD_MESSAGE (self));

  shown = gtk_widget_get_visible (GTK_WIDGET (self));
  for (guint i = 0; i < accessibles->len; i++)
    {
      GtkAccessible *accessible = g_ptr_array_index (accessibles, i);

      if (!shown)
        {
          gtk_accessible_reset_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
          gtk_accessible_reset_state (accessible, GTK_ACCESSIBLE_STATE_INVALID);
          continue;
        }
      gtk_accessible_update_property (accessible,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      gtk_label_get_text (self->label),
                                      -1);
      gtk_accessible_update_state (accessible,
                                   GTK_ACCESSIBLE_STATE_INVALID,
                                   self->is_error ? GTK_ACCESSIBLE_INVALID_TRUE
                                                  : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
    }
}
