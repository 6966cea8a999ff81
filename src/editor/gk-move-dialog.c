/* gk-move-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-move-dialog.h"
#include "gk-accessible.h"

struct _GkMoveDialog
{
  AdwMessageDialog  parent_instance;

  GtkListBox       *groups_list;
  AdwEntryRow      *new_row;

  GkItem           *item;
  char             *group;
};

G_DEFINE_FINAL_TYPE (GkMoveDialog, gk_move_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
set_group (GkMoveDialog *self,
           const char   *group)
{
  g_free (self->group);
  self->group = group != NULL ? gk_text_normalize (group) : NULL;
  adw_message_dialog_set_response_enabled (
    ADW_MESSAGE_DIALOG (self), "move",
    self->group != NULL && g_strcmp0 (self->group,
                                      gk_item_get_text (self->item, GK_FIELD_LEVEL1)) != 0);
}

static void
row_selected_cb (GkMoveDialog  *self,
                 GtkListBoxRow *row)
{
  if (row == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->new_row), "");
  set_group (self, g_object_get_data (G_OBJECT (row), "level1"));
}

static void
new_group_changed_cb (GkMoveDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->new_row));

  if (*text == '\0')
    return;

  gtk_list_box_unselect_all (self->groups_list);
  set_group (self, text);
}

static void
gk_move_dialog_dispose (GObject *object)
{
  GkMoveDialog *self = GK_MOVE_DIALOG (object);

  g_clear_object (&self->item);
  g_clear_pointer (&self->group, g_free);

  G_OBJECT_CLASS (gk_move_dialog_parent_class)->dispose (object);
}

static void
gk_move_dialog_class_init (GkMoveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gk_move_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gongkai/Gongkai/ui/gk-move-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GkMoveDialog, groups_list);
  gtk_widget_class_bind_template_child (widget_class, GkMoveDialog, new_row);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_group_changed_cb);
}

static void
gk_move_dialog_init (GkMoveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gk_accessible_fix_widgets (GTK_WIDGET (self));
}

static GtkWidget *
create_row (const char *level1)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (*level1 != '\0' ? level1 : _("No First-Level Item"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data_full (G_OBJECT (row), "level1", g_strdup (level1), g_free);

  return row;
}

/**
 * gk_move_dialog_new:
 * @parent: the window the dialog is modal to
 * @item: the item to move
 * @groups: (element-type utf8): the 一级事项 of the item's domain
 *
 * Returns: (transfer floating): a new dialog; its "move" response means
 *   gk_move_dialog_get_group() holds the chosen group
 */
GtkWidget *
gk_move_dialog_new (GtkWindow *parent,
                    GkItem    *item,
                    GPtrArray *groups)
{
  GkMoveDialog *self;

  g_return_val_if_fail (GK_IS_ITEM (item), NULL);

  self = g_object_new (GK_TYPE_MOVE_DIALOG, "transient-for", parent, NULL);
  self->item = g_object_ref (item);
  for (guint i = 0; i < groups->len; i++)
    {
      GtkWidget *row = create_row (groups->pdata[i]);

      gtk_list_box_append (self->groups_list, row);
      if (g_strcmp0 (groups->pdata[i], gk_item_get_text (item, GK_FIELD_LEVEL1)) == 0)
        gtk_list_box_select_row (self->groups_list, GTK_LIST_BOX_ROW (row));
    }
  set_group (self, gk_item_get_text (item, GK_FIELD_LEVEL1));

  return GTK_WIDGET (self);
}

/**
 * gk_move_dialog_get_item:
 *
 * Returns: (transfer none): the item to move
 */
GkItem *
gk_move_dialog_get_item (GkMoveDialog *self)
{
  g_return_val_if_fail (GK_IS_MOVE_DIALOG (self), NULL);

  return self->item;
}

/**
 * gk_move_dialog_get_group:
 *
 * Returns: (nullable): the chosen 一级事项, normalized
 */
const char *
gk_move_dialog_get_group (GkMoveDialog *self)
{
  g_return_val_if_fail (GK_IS_MOVE_DIALOG (self), NULL);

  return self->group;
}
