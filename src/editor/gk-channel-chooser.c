/* gk-channel-chooser.c: one check per publication channel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-channel-chooser.h"

struct _GkChannelChooser
{
  AdwBin          parent_instance;

  GtkCheckButton *checks[GK_N_CHANNELS];
  guint           channels;

  /* Template children */
  GtkFlowBox     *channel_box;
};

G_DEFINE_FINAL_TYPE (GkChannelChooser, gk_channel_chooser, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CHANNELS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
check_toggled_cb (GkChannelChooser *self)
{
  guint channels = 0;

  for (guint i = 0; i < GK_N_CHANNELS; i++)
    {
      if (gtk_check_button_get_active (self->checks[i]))
        channels |= 1u << i;
    }

  if (channels == self->channels)
    return;

  self->channels = channels;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNELS]);
}

static void
add_checks (GkChannelChooser *self)
{
  for (guint i = 0; i < GK_N_CHANNELS; i++)
    {
      const char *name = gk_channel_get_name ((GkChannel) i);
      GtkWidget *check = gtk_check_button_new_with_label (name);

      g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_flow_box_append (self->channel_box, check);
      /* Tab goes straight from check to check, not through the cells. */
      gtk_widget_set_focusable (gtk_widget_get_parent (check), FALSE);
      self->checks[i] = GTK_CHECK_BUTTON (check);
    }
}

static void
gk_channel_chooser_dispose (GObject *object)
{
  GkChannelChooser *self = GK_CHANNEL_CHOOSER (object);

  /* AdwBin keeps its own pointer to the flow box: let it drop it before
   * the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GK_TYPE_CHANNEL_CHOOSER);

  G_OBJECT_CLASS (gk_channel_chooser_parent_class)->dispose (object);
}

static void
gk_channel_chooser_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GkChannelChooser *self = GK_CHANNEL_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_CHANNELS:
      g_value_set_uint (value, self->channels);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_channel_chooser_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GkChannelChooser *self = GK_CHANNEL_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_CHANNELS:
      gk_channel_chooser_set_channels (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_channel_chooser_class_init (GkChannelChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gk_channel_chooser_dispose;
  object_class->get_property = gk_channel_chooser_get_property;
  object_class->set_property = gk_channel_chooser_set_property;

  /**
   * GkChannelChooser:channels:
   *
   * The checked channels, bit `1 << channel` for each #GkChannel.
   */
  properties[PROP_CHANNELS] =
    g_param_spec_uint ("channels", NULL, NULL,
                       0, GK_CHANNEL_MASK_ALL, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/gongkai/Gongkai/ui/gk-channel-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, GkChannelChooser, channel_box);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gk_channel_chooser_init (GkChannelChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_checks (self);
}

/**
 * gk_channel_chooser_new:
 *
 * Returns: (transfer full): a new chooser with no channel checked
 */
GtkWidget *
gk_channel_chooser_new (void)
{
  return g_object_new (GK_TYPE_CHANNEL_CHOOSER, NULL);
}

/**
 * gk_channel_chooser_get_channels:
 * @self: a chooser
 *
 * Returns: the checked channels, bit `1 << channel` for each
 */
guint
gk_channel_chooser_get_channels (GkChannelChooser *self)
{
  g_return_val_if_fail (GK_IS_CHANNEL_CHOOSER (self), 0);

  return self->channels;
}

/**
 * gk_channel_chooser_set_channels:
 * @self: a chooser
 * @channels: the channels to check, bit `1 << channel` for each
 *
 * Checks exactly @channels; #GkChannelChooser:channels is notified once.
 */
void
gk_channel_chooser_set_channels (GkChannelChooser *self,
                                 guint             channels)
{
  g_return_if_fail (GK_IS_CHANNEL_CHOOSER (self));

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < GK_N_CHANNELS; i++)
    gtk_check_button_set_active (self->checks[i], (channels & (1u << i)) != 0);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * gk_channel_chooser_get_check:
 * @self: a chooser
 * @channel: a channel
 *
 * Returns: (transfer none): the check of @channel, to focus it or to
 *   describe it to assistive technologies
 */
GtkCheckButton *
gk_channel_chooser_get_check (GkChannelChooser *self,
                              GkChannel         channel)
{
  g_return_val_if_fail (GK_IS_CHANNEL_CHOOSER (self), NULL);
  g_return_val_if_fail ((guint) channel < GK_N_CHANNELS, NULL);

  return self->checks[channel];
}
