/* gk-first-run-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-first-run-dialog.h"
#include "gk-accessible.h"

struct _GkFirstRunDialog
{
  AdwWindow            parent_instance;

  GtkStack            *pages;
  AdwEntryRow         *unit_row;
  AdwComboRow         *kind_row;
  GtkStringList       *kinds;
  AdwEntryRow         *levels_row;
  GtkCheckButton      *starter_check;
  AdwPreferencesGroup *domains_group;
  GtkButton           *start_button;

  /* One per domain of the table, in its order. */
  GtkCheckButton      *domain_checks[GK_N_DOMAINS];

  /* What the user chose stays: suggestions follow the name only until
   * then. */
  gboolean             kind_chosen;
  gboolean             domains_chosen;
  guint                suggesting;
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
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->unit_row));
  g_autofree char *name = gk_text_normalize (typed);

  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button),
                            *name != '\0' && levels[0] != NULL);
}

/* Ticks the domains the unit's name and kind suggest, and the kind its
 * name says, until the user chooses them. */
static void
suggest (GkFirstRunDialog *self)
{
  const char *name = gk_first_run_dialog_get_unit_name (self);
  GkUnitKind kind;
  GkDomainSet domains;

  self->suggesting++;
  if (!self->kind_chosen && gk_unit_guess_kind (name, &kind))
    adw_combo_row_set_selected (self->kind_row, kind);
  if (!self->domains_chosen)
    {
      domains = gk_unit_suggest_domains (name, gk_first_run_dialog_get_unit_kind (self));
      for (guint i = 0; i < GK_N_DOMAINS; i++)
        gtk_check_button_set_active (self->domain_checks[i], (domains & GK_DOMAIN_SET (i)) != 0);
    }
  self->suggesting--;
}

static void
unit_changed_cb (GkFirstRunDialog *self)
{
  update_start_button (self);
  suggest (self);
}

static void
kind_changed_cb (GkFirstRunDialog *self)
{
  if (self->suggesting > 0)
    return;
  self->kind_chosen = TRUE;
  suggest (self);
}

/* The list is long: what is ticked is said above it, so a suggestion is
 * seen without scrolling. */
static void
update_domains_summary (GkFirstRunDialog *self)
{
  GkDomainSet domains = gk_first_run_dialog_get_domains (self);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;

  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      const GkDomain *domain = gk_domain_get_nth (i);

      if ((domains & GK_DOMAIN_SET (i)) == 0)
        continue;
      if (names->len > 0)
        /* Translators: between the names of the domains ticked */
        g_string_append (names, _(", "));
      g_string_append_printf (names, "%s %s", domain->code, domain->name);
    }

  if (domains == 0)
    summary = g_strdup (_("None ticked yet: tick the domains your unit is responsible for."));
  else if (domains == GK_DOMAIN_SET_ALL)
    summary = g_strdup (_("All 26 domains are ticked."));
  else
    /* Translators: %s lists the domains ticked, "24 义务教育, 25 医疗卫生" */
    summary = g_strdup_printf (_("Ticked: %s."), names->str);
  /* Translators: the second line says which domains are ticked */
  description = g_strdup_printf (_("Suggested from the unit’s name and kind; the starter rows "
                                   "are made in these domains only, with your unit as the "
                                   "responsible body.\n%s"), summary);
  adw_preferences_group_set_description (self->domains_group, description);
}

static void
domain_toggled_cb (GkFirstRunDialog *self)
{
  if (self->suggesting == 0)
    self->domains_chosen = TRUE;
  update_domains_summary (self);
}

static void
set_all_domains (GkFirstRunDialog *self,
                 gboolean          active)
{
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    gtk_check_button_set_active (self->domain_checks[i], active);
  self->domains_chosen = TRUE;
}

static void
all_clicked_cb (GkFirstRunDialog *self)
{
  set_all_domains (self, TRUE);
}

static void
none_clicked_cb (GkFirstRunDialog *self)
{
  set_all_domains (self, FALSE);
}

/* A row per domain: its code and name, and who usually owns it, the hint
 * the suggestion follows. Domain names are catalog data. */
static void
add_domain_rows (GkFirstRunDialog *self)
{
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      const GkDomain *domain = gk_domain_get_nth (i);
      g_autofree char *title = g_strdup_printf ("%s %s", domain->code, domain->name);
      /* Translators: %s is the department that usually owns a domain */
      g_autofree char *subtitle = g_strdup_printf (_("Usually %s"), domain->typical_subject);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (domain_toggled_cb), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->domains_group, row);
      self->domain_checks[i] = GTK_CHECK_BUTTON (check);
    }
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
  gtk_widget_class_bind_template_child (widget_class, GkFirstRunDialog, domains_group);
  gtk_widget_class_bind_template_child (widget_class, GkFirstRunDialog, start_button);
  gtk_widget_class_bind_template_callback (widget_class, update_start_button);
  gtk_widget_class_bind_template_callback (widget_class, unit_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, all_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, none_clicked_cb);
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
  self->suggesting++;
  for (GkUnitKind kind = GK_UNIT_COUNTY; kind <= GK_UNIT_VILLAGE; kind++)
    gtk_string_list_append (self->kinds, gk_unit_kind_get_label (kind));
  self->suggesting--;
  add_domain_rows (self);
  update_start_button (self);
  suggest (self);
  update_domains_summary (self);
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

/**
 * gk_first_run_dialog_get_domains:
 *
 * Returns: the domains ticked: those the unit is responsible for
 */
GkDomainSet
gk_first_run_dialog_get_domains (GkFirstRunDialog *self)
{
  GkDomainSet domains = 0;

  g_return_val_if_fail (GK_IS_FIRST_RUN_DIALOG (self), 0);

  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      if (gtk_check_button_get_active (self->domain_checks[i]))
        domains |= GK_DOMAIN_SET (i);
    }
  return domains;
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
 * opening rows of the domains the user ticked, if the user chose them,
 * with the unit as their 公开主体.
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
    gk_catalog_add_starter_domains (catalog, gk_first_run_dialog_get_domains (self));
}
