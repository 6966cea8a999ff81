/* gk-sync-indicator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-sync-indicator.h"
#include "gk-sync-labels.h"

/*
 * The header says in words where the department's work stands: offline,
 * N changes waiting, syncing, synced at HH:MM, or what went wrong and what
 * to do. Clicking it shows the details (server, department, last success,
 * last error) and "Sync Now".
 */

struct _GkSyncIndicator
{
  AdwBin          parent_instance;

  GkSyncService  *service;
  GtkMenuButton  *button;
  GtkImage       *icon;
  GtkLabel       *label;
  GtkLabel       *server_label;
  GtkLabel       *dept_label;
  GtkLabel       *last_label;
  GtkLabel       *error_label;
  GtkLabel       *advice_label;
};

G_DEFINE_FINAL_TYPE (GkSyncIndicator, gk_sync_indicator, ADW_TYPE_BIN)

/* What to do about the state, for the details; NULL when nothing. */
static const char *
get_advice (GkSyncState state)
{
  switch (state)
    {
    case GK_SYNC_STATE_OFFLINE:
      return _("Your changes are kept on this PC and are sent by themselves once the county "
               "server can be reached.");
    case GK_SYNC_STATE_TOKEN_REFUSED:
      return _("The county server no longer accepts this PC’s token. Your changes are kept. "
               "Ask the county office for a new token and join again.");
    case GK_SYNC_STATE_NO_KEYRING:
      return _("The keyring that keeps the county server’s token cannot be opened. Unlock "
               "it, or join again.");
    case GK_SYNC_STATE_FAILED:
      return _("Your changes are kept on this PC; the sync is tried again in a few "
               "minutes.");
    case GK_SYNC_STATE_ALONE:
    case GK_SYNC_STATE_SYNCED:
    case GK_SYNC_STATE_WAITING:
    case GK_SYNC_STATE_SYNCING:
    default:
      return NULL;
    }
}

static void
update (GkSyncIndicator *self)
{
  GkSyncState state = gk_sync_service_get_state (self->service);
  guint n = gk_sync_service_get_n_waiting (self->service);
  guint received;
  g_autofree char *time = gk_sync_format_last_sync (gk_sync_service_get_last_sync (self->service));
  g_autofree char *label = NULL;
  g_autofree char *dept = NULL;
  const char *icon = "emblem-ok-symbolic";
  const char *error = gk_sync_service_get_last_error (self->service);
  const char *advice = get_advice (state);

  switch (state)
    {
    case GK_SYNC_STATE_SYNCED:
      /* Translators: %s is a time, as 14:05 */
      label = g_strdup_printf (_("Synced at %s"), time);
      break;
    case GK_SYNC_STATE_WAITING:
      icon = "document-send-symbolic";
      label = g_strdup_printf (g_dngettext (NULL, "%u change waiting", "%u changes waiting", n),
                               n);
      break;
    case GK_SYNC_STATE_SYNCING:
      icon = "emblem-synchronizing-symbolic";
      received = gk_sync_service_get_n_received (self->service);
      /* A first sync of thousands of items takes a while: it counts. */
      label = received > 0 ? g_strdup_printf (g_dngettext (NULL, "Syncing… %u item received",
                                                           "Syncing… %u items received",
                                                           received), received)
                           : g_strdup (_("Syncing…"));
      break;
    case GK_SYNC_STATE_OFFLINE:
      icon = "network-offline-symbolic";
      label = n > 0 ? g_strdup_printf (g_dngettext (NULL, "Offline, %u change waiting",
                                                    "Offline, %u changes waiting", n), n)
                    : g_strdup (_("Offline"));
      break;
    case GK_SYNC_STATE_FAILED:
      icon = "dialog-warning-symbolic";
      label = g_strdup (_("Sync failed"));
      break;
    case GK_SYNC_STATE_TOKEN_REFUSED:
      icon = "dialog-password-symbolic";
      label = g_strdup (_("Join again"));
      break;
    case GK_SYNC_STATE_NO_KEYRING:
      icon = "dialog-password-symbolic";
      label = g_strdup (_("Keyring locked"));
      break;
    case GK_SYNC_STATE_ALONE:
    default:
      label = g_strdup ("");
      break;
    }

  gtk_widget_set_visible (GTK_WIDGET (self), state != GK_SYNC_STATE_ALONE);
  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_label (self->label, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), advice != NULL ? advice : label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  gtk_label_set_label (self->server_label, gk_sync_service_get_server (self->service));
  if (gk_sync_service_get_dept (self->service) != NULL)
    dept = gk_sync_service_dup_dept_name (self->service,
                                          gk_sync_service_get_dept (self->service));
  gtk_label_set_label (self->dept_label, dept != NULL ? dept : _("County office (reads only)"));
  gtk_label_set_label (self->last_label, time);
  gtk_label_set_label (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  gtk_label_set_label (self->advice_label, advice != NULL ? advice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->advice_label), advice != NULL);
}

static GtkLabel *
add_row (GtkGrid    *grid,
         int         row,
         const char *title)
{
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *value = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 1);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (value), 40);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  name, NULL, -1);
  gtk_grid_attach (grid, name, 0, row, 1, 1);
  gtk_grid_attach (grid, value, 1, row, 1, 1);
  return GTK_LABEL (value);
}

static GtkLabel *
add_paragraph (GtkBox *box)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 44);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

static GtkWidget *
build_details (GkSyncIndicator *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *sync = gtk_button_new_with_mnemonic (_("_Sync Now"));

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  self->server_label = add_row (GTK_GRID (grid), 0, _("Server"));
  self->dept_label = add_row (GTK_GRID (grid), 1, _("Department"));
  self->last_label = add_row (GTK_GRID (grid), 2, _("Last sync"));
  gtk_box_append (GTK_BOX (box), grid);
  self->error_label = add_paragraph (GTK_BOX (box));
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  self->advice_label = add_paragraph (GTK_BOX (box));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (sync), "win.sync-now");
  gtk_widget_set_halign (sync, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), sync);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  return box;
}

static void
gk_sync_indicator_dispose (GObject *object)
{
  GkSyncIndicator *self = GK_SYNC_INDICATOR (object);

  g_clear_object (&self->service);

  G_OBJECT_CLASS (gk_sync_indicator_parent_class)->dispose (object);
}

static void
gk_sync_indicator_class_init (GkSyncIndicatorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gk_sync_indicator_dispose;
}

static void
gk_sync_indicator_init (GkSyncIndicator *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *popover = gtk_popover_new ();

  self->icon = GTK_IMAGE (gtk_image_new ());
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->icon));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->label));
  gtk_popover_set_child (GTK_POPOVER (popover), build_details (self));

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_child (self->button, content);
  gtk_menu_button_set_popover (self->button, popover);
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "flat");
  gtk_widget_add_css_class (GTK_WIDGET (self), "sync-state");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->button));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * gk_sync_indicator_new:
 *
 * Returns: (transfer floating): an indicator, hidden until it has a
 *   service of a PC that joined a server
 */
GtkWidget *
gk_sync_indicator_new (void)
{
  return g_object_new (GK_TYPE_SYNC_INDICATOR, NULL);
}

/**
 * gk_sync_indicator_set_service:
 * @service: the window's sync service
 */
void
gk_sync_indicator_set_service (GkSyncIndicator *self,
                               GkSyncService   *service)
{
  g_return_if_fail (GK_IS_SYNC_INDICATOR (self));
  g_return_if_fail (GK_IS_SYNC_SERVICE (service));

  g_set_object (&self->service, service);
  g_signal_connect_object (service, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

/**
 * gk_sync_indicator_get_label:
 *
 * Returns: what the header says, for tests
 */
const char *
gk_sync_indicator_get_label (GkSyncIndicator *self)
{
  g_return_val_if_fail (GK_IS_SYNC_INDICATOR (self), NULL);

  return gtk_label_get_label (self->label);
}
