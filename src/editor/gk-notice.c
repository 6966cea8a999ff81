/* gk-notice.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-notice.h"

/*
 * What AdwBanner does from libadwaita 1.3, which bookworm does not have: a
 * line of text and one button across the top of the content, that stays
 * until what it tells is over (a refused token, conflicts waiting). A toast
 * would go away before the user acted on it.
 */

struct _GkNotice
{
  AdwBin       parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *label;
  GtkButton   *button;
};

G_DEFINE_FINAL_TYPE (GkNotice, gk_notice, ADW_TYPE_BIN)

enum {
  BUTTON_CLICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
button_clicked_cb (GkNotice *self)
{
  g_signal_emit (self, signals[BUTTON_CLICKED], 0);
}

static void
gk_notice_class_init (GkNoticeClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * GkNotice::button-clicked:
   *
   * The notice's button was pressed.
   */
  signals[BUTTON_CLICKED] = g_signal_new ("button-clicked", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  gtk_widget_class_set_css_name (widget_class, "notice");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gk_notice_init (GkNotice *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  self->button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_use_underline (self->button, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "suggested-action");
  g_signal_connect_object (self->button, "clicked", G_CALLBACK (button_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->button));
  gtk_widget_add_css_class (box, "notice-box");

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_child (self->revealer, box);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->revealer));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * gk_notice_new:
 * @button_label: the button's label, with a mnemonic
 *
 * Returns: (transfer floating): a hidden notice
 */
GtkWidget *
gk_notice_new (const char *button_label)
{
  GkNotice *self = g_object_new (GK_TYPE_NOTICE, NULL);

  gtk_button_set_label (self->button, button_label);
  return GTK_WIDGET (self);
}

/**
 * gk_notice_show:
 * @title: what to tell
 *
 * Shows the notice with @title until gk_notice_hide().
 */
void
gk_notice_show (GkNotice   *self,
                const char *title)
{
  g_return_if_fail (GK_IS_NOTICE (self));

  gtk_label_set_label (self->label, title);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

void
gk_notice_hide (GkNotice *self)
{
  g_return_if_fail (GK_IS_NOTICE (self));

  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

gboolean
gk_notice_get_shown (GkNotice *self)
{
  g_return_val_if_fail (GK_IS_NOTICE (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self));
}

/**
 * gk_notice_get_button:
 *
 * Returns: (transfer none): the notice's button, for tests
 */
GtkButton *
gk_notice_get_button (GkNotice *self)
{
  g_return_val_if_fail (GK_IS_NOTICE (self), NULL);

  return self->button;
}
