/* gk-field-row.c: a form field's control and the message under it
 *
 * The item form declares one row per field in its template, right under
 * the field's control, and finds its fields through them: the row knows
 * the field, the control that edits it and the widget that wears its
 * error or warning style, and shows the field's message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-field-row.h"

#include "gk-channel-chooser.h"
#include "gk-field-message.h"
#include "gk-level-chooser.h"

struct _GkFieldRow
{
  AdwPreferencesRow  parent_instance;

  GkField            field;
  GtkWidget         *control;
  GtkWidget         *styled;

  /* Template children */
  GkFieldMessage    *message;
};

G_DEFINE_FINAL_TYPE (GkFieldRow, gk_field_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  PROP_0,
  PROP_FIELD,
  PROP_CONTROL,
  PROP_STYLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Entry rows name their inner text after the row's title, so a screen
 * reader says which field the cursor is in. */
static void
label_entry_row (AdwEntryRow *row)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  if (delegate != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (delegate),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    -1);
}

static void
gk_field_row_constructed (GObject *object)
{
  GkFieldRow *self = GK_FIELD_ROW (object);

  G_OBJECT_CLASS (gk_field_row_parent_class)->constructed (object);

  if (self->styled == NULL && self->control != NULL)
    self->styled = g_object_ref (self->control);
  if (ADW_IS_ENTRY_ROW (self->control))
    label_entry_row (ADW_ENTRY_ROW (self->control));
}

static void
gk_field_row_dispose (GObject *object)
{
  GkFieldRow *self = GK_FIELD_ROW (object);

  g_clear_object (&self->control);
  g_clear_object (&self->styled);

  /* The row keeps its own pointer to the message: let it drop the message
   * before the template does. */
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GK_TYPE_FIELD_ROW);

  G_OBJECT_CLASS (gk_field_row_parent_class)->dispose (object);
}

static void
gk_field_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GkFieldRow *self = GK_FIELD_ROW (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_value_set_enum (value, self->field);
      break;

    case PROP_CONTROL:
      g_value_set_object (value, self->control);
      break;

    case PROP_STYLED:
      g_value_set_object (value, self->styled);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_field_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GkFieldRow *self = GK_FIELD_ROW (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      self->field = g_value_get_enum (value);
      break;

    case PROP_CONTROL:
      g_set_object (&self->control, g_value_get_object (value));
      break;

    case PROP_STYLED:
      g_set_object (&self->styled, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_field_row_class_init (GkFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gk_field_row_constructed;
  object_class->dispose = gk_field_row_dispose;
  object_class->get_property = gk_field_row_get_property;
  object_class->set_property = gk_field_row_set_property;

  /**
   * GkFieldRow:field:
   *
   * The #GkField of the row, set in the template by its nick.
   */
  properties[PROP_FIELD] =
    g_param_spec_enum ("field", NULL, NULL,
                       GK_TYPE_FIELD, GK_FIELD_DOMAIN,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GkFieldRow:control:
   *
   * The widget that edits the field: an entry or combo row, a text view,
   * a chooser, or a box of checks.
   */
  properties[PROP_CONTROL] =
    g_param_spec_object ("control", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GkFieldRow:styled:
   *
   * The widget that wears the field's error or warning style: the row or
   * card around the control, or %NULL for the control itself.
   */
  properties[PROP_STYLED] =
    g_param_spec_object ("styled", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GK_TYPE_FIELD_MESSAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gongkai/Gongkai/ui/gk-field-row.ui");
  gtk_widget_class_bind_template_child_internal (widget_class, GkFieldRow, message);
}

static void
gk_field_row_init (GkFieldRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * gk_field_row_get_field:
 * @self: a row
 *
 * Returns: the field of the row
 */
GkField
gk_field_row_get_field (GkFieldRow *self)
{
  g_return_val_if_fail (GK_IS_FIELD_ROW (self), GK_FIELD_DOMAIN);

  return self->field;
}

/**
 * gk_field_row_get_control:
 * @self: a row
 *
 * Returns: (transfer none) (nullable): the widget that edits the field
 */
GtkWidget *
gk_field_row_get_control (GkFieldRow *self)
{
  g_return_val_if_fail (GK_IS_FIELD_ROW (self), NULL);

  return self->control;
}

/**
 * gk_field_row_collect_controls:
 * @self: a row
 * @controls: (element-type GtkWidget): the array to append to
 *
 * Appends the widgets that take the focus in the field, in Tab order:
 * every check of a chooser or of a box of checks (the audience and method
 * pairs), the control itself otherwise.
 */
void
gk_field_row_collect_controls (GkFieldRow *self,
                               GPtrArray  *controls)
{
  g_return_if_fail (GK_IS_FIELD_ROW (self));

  if (GK_IS_CHANNEL_CHOOSER (self->control))
    {
      for (guint c = 0; c < GK_N_CHANNELS; c++)
        g_ptr_array_add (controls,
                         gk_channel_chooser_get_check (GK_CHANNEL_CHOOSER (self->control), c));
    }
  else if (GK_IS_LEVEL_CHOOSER (self->control))
    g_ptr_array_extend (controls, gk_level_chooser_get_checks (GK_LEVEL_CHOOSER (self->control)),
                        NULL, NULL);
  else if (GTK_IS_BOX (self->control))
    {
      for (GtkWidget *check = gtk_widget_get_first_child (self->control); check != NULL;
           check = gtk_widget_get_next_sibling (check))
        g_ptr_array_add (controls, check);
    }
  else if (self->control != NULL)
    g_ptr_array_add (controls, self->control);
}

/**
 * gk_field_row_get_focus_widget:
 * @self: a row
 *
 * Returns: (transfer none) (nullable): the widget that takes the focus for
 *   the field: its first control, or the styled widget when the field has
 *   none (a level chooser without levels)
 */
GtkWidget *
gk_field_row_get_focus_widget (GkFieldRow *self)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();

  g_return_val_if_fail (GK_IS_FIELD_ROW (self), NULL);

  gk_field_row_collect_controls (self, controls);

  return controls->len > 0 ? g_ptr_array_index (controls, 0) : self->styled;
}

/* The message is announced at every control, since any of them may be
 * focused, and for an entry row at the text inside it that really has
 * the focus. */
static void
describe_controls (GkFieldRow *self)
{
  g_autoptr(GPtrArray) accessibles = g_ptr_array_new ();

  gk_field_row_collect_controls (self, accessibles);
  if (GTK_IS_EDITABLE (self->control) && gtk_editable_get_delegate (GTK_EDITABLE (self->control)))
    g_ptr_array_add (accessibles, gtk_editable_get_delegate (GTK_EDITABLE (self->control)));
  gk_field_message_describe (self->message, accessibles);
}

/**
 * gk_field_row_show_message:
 * @self: a row
 * @message: (nullable): the field's diagnostics, or %NULL to hide them
 * @is_error: whether @message holds an error rather than warnings
 *
 * Shows @message under the field, the error or warning style on it, and
 * tells assistive technologies; the row shows only with a message.
 */
void
gk_field_row_show_message (GkFieldRow *self,
                           const char *message,
                           gboolean    is_error)
{
  g_return_if_fail (GK_IS_FIELD_ROW (self));

  if (!gk_field_message_show (self->message, message, is_error))
    return;

  gtk_widget_remove_css_class (self->styled, "error");
  gtk_widget_remove_css_class (self->styled, "warning");
  if (message != NULL)
    gtk_widget_add_css_class (self->styled, is_error ? "error" : "warning");
  describe_controls (self);
}

/**
 * gk_field_row_compute_bounds:
 * @self: a row
 * @target: the widget whose coordinates to use
 * @out_bounds: (out caller-allocates): the bounds of the field and of its
 *   message, if shown
 *
 * Returns: whether the bounds could be computed (not before allocation)
 */
gboolean
gk_field_row_compute_bounds (GkFieldRow      *self,
                             GtkWidget       *target,
                             graphene_rect_t *out_bounds)
{
  GtkWidget *message = GTK_WIDGET (self->message);
  graphene_rect_t message_bounds;

  g_return_val_if_fail (GK_IS_FIELD_ROW (self), FALSE);

  if (!gtk_widget_compute_bounds (self->styled, target, out_bounds))
    return FALSE;
  if (gtk_widget_get_visible (message)
      && gtk_widget_compute_bounds (message, target, &message_bounds))
    graphene_rect_union (out_bounds, &message_bounds, out_bounds);

  return TRUE;
}
