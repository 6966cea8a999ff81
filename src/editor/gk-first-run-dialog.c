/* gk-first-run-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-first-run-dialog.h"
#include "gk-accessible.h"

struct _GkFirstRunDialog
{
  AdwWindow       parent_instance;

  GtkStack       *pages;
  AdwEntryRow    *unit_row;
  AdwComboRow    *kind_row;
  GtkStringList  *kinds;
  AdwEntryRow    *levels_row;
  GtkCheckButton *starter_check;
  GtkButton      *start_button;
};

G_DEFINE_FINAL_TYPE (GkFirstRunDialog, gk_first_run_dialog, ADW_TYPE_WINDOW)

enum {
  DONE,
  JOIN_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_start_button (GkFirstRunDialog *self)
{
  g_auto(GStrv) levels = gk_first_run_dialog_dup_levels (self);
  g_autofree char *name = gk_text_normalize (gtk_editable_get_text (GTK_EDITABLE (self->unit_row)));

  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button),
                            *name != '\0' && levels[0] != NULL);
}

static void
start_clicked_cb (GkFirstRunDialog *self)
{
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->start_button)))
    return;

  g_signal_emit (self, signals[DONE], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
show_unit (GkFirstRunDialog *self)
{
  gtk_stack_set_visible_child_name (self->pages, "unit");
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->unit_row));
}

static void
show_choice (GkFirstRunDialog *self)
{
  gtk_stack_set_visible_child_name (self->pages, "choice");
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), FALSE);
}

/* Joining asks for other things (the server, the token) and may take a
 * while: the window runs it in its own dialog. */
static void
join_activated_cb (GkFirstRunDialog *self)
{
  g_signal_emit (self, signals[JOIN_REQUESTED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
preset_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GkFirstRunDialog *self = GK_FIRST_RUN_DIALOG (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->levels_row), g_variant_get_string (parameter, NULL));
}

static void
gk_first_run_dialog_class_init (GkFirstRunDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * GkFirstRunDialog::done:
   *
   * Emitted when the user starts the catalog, before the dialog closes.
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * GkFirstRunDialog::join-requested:
   *
   * Emitted when the user chooses to join the county server, before the
   * dialog closes: the window then asks for the server and the token
   * (#GkJoinDialog), and shows this dialog again if the user gives up.
   */
  signals[JOIN_REQUESTED] = g_signal_new ("join-requested", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/gongkai/Gongkai/ui/gk-first-run-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GkFirstRunDialog, pages);
  gtk_widget_class_bind_template_child (widget_class, GkFirstRunDialog, unit_row);
  gtk_widget_class_bind_template_child (widget_class, GkFirstRunDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, GkFirstRunDialog, kinds);
  gtk_widget_class_bind_template_child (widget_class, GkFirstRunDialog, levels_row);
  gtk_widget_class_bind_template_child (widget_class, GkFirstRunDialog, starter_check);
  gtk_widget_class_bind_template_child (widget_class, GkFirstRunDialog, start_button);
  gtk_widget_class_bind_template_callback (widget_class, update_start_button);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_unit);
  gtk_widget_class_bind_template_callback (widget_class, show_choice);
  gtk_widget_class_bind_template_callback (widget_class, join_activated_cb);

  /* Closing without a choice leaves the catalog as it is; the dialog comes
   * back at the next start. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_install_action (widget_class, "first-run.preset", "s", preset_action);
}

static void
gk_first_run_dialog_init (GkFirstRunDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gk_accessible_fix_widgets (GTK_WIDGET (self));

  /* The labels come from the core, which owns the list of unit kinds. */
  for (GkUnitKind kind = GK_UNIT_COUNTY; kind <= GK_UNIT_VILLAGE; kind++)
    gtk_string_list_append (self->kinds, gk_unit_kind_get_label (kind));
  update_start_button (self);
}

/**
 * gk_first_run_dialog_new:
 * @parent: (nullable): the window the dialog is modal to
 *
 * Returns: (transfer floating): a new dialog
 */
GtkWidget *
gk_first_run_dialog_new (GtkWindow *parent)
{
  return g_object_new (GK_TYPE_FIRST_RUN_DIALOG,
                       "transient-for", parent,
                       "application", parent != NULL
                                      ? gtk_window_get_application (parent) : NULL,
                       NULL);
}

/**
 * gk_first_run_dialog_get_unit_name:
 *
 * Returns: the unit name as typed
 */
const char *
gk_first_run_dialog_get_unit_name (GkFirstRunDialog *self)
{
  g_return_val_if_fail (GK_IS_FIRST_RUN_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->unit_row));
}

GkUnitKind
gk_first_run_dialog_get_unit_kind (GkFirstRunDialog *self)
{
  g_return_val_if_fail (GK_IS_FIRST_RUN_DIALOG (self), GK_UNIT_COUNTY);

  return (GkUnitKind) adw_combo_row_get_selected (self->kind_row);
}

/**
 * gk_first_run_dialog_dup_levels:
 *
 * The levels are separated by commas; "、" is part of names like 乡、村级.
 *
 * Returns: (transfer full): the level set, normalized, without empty names
 */
char **
gk_first_run_dialog_dup_levels (GkFirstRunDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (GK_IS_FIRST_RUN_DIALOG (self), NULL);

  parts = g_regex_split_simple ("[,，]", gtk_editable_get_text (GTK_EDITABLE (self->levels_row)),
                                0, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *level = gk_text_normalize (parts[i]);

      if (*level != '\0')
        g_strv_builder_add (builder, level);
    }

  return g_strv_builder_end (builder);
}

gboolean
gk_first_run_dialog_get_use_starter_rows (GkFirstRunDialog *self)
{
  g_return_val_if_fail (GK_IS_FIRST_RUN_DIALOG (self), FALSE);

  return gtk_check_button_get_active (self->starter_check);
}

/**
 * gk_first_run_dialog_apply:
 * @catalog: the new, empty catalog
 *
 * Sets the unit and the level set of @catalog and adds the standard
 * opening rows of every domain if the user chose them.
 */
void
gk_first_run_dialog_apply (GkFirstRunDialog *self,
                           GkCatalog        *catalog)
{
  g_auto(GStrv) levels = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (GK_IS_FIRST_RUN_DIALOG (self));
  g_return_if_fail (GK_IS_CATALOG (catalog));

  levels = gk_first_run_dialog_dup_levels (self);
  name = gk_text_normalize (gk_first_run_dialog_get_unit_name (self));
  gk_catalog_set_unit_name (catalog, name);
  gk_catalog_set_unit_kind (catalog, gk_first_run_dialog_get_unit_kind (self));
  gk_catalog_set_levels (catalog, (const char * const *) levels);

  if (gk_first_run_dialog_get_use_starter_rows (self))
    for (guint i = 0; i < GK_N_DOMAINS; i++)
      gk_catalog_add_starter_rows (catalog, gk_domain_get_nth (i)->code);
}
