/* gk-sync-preferences.c: the county server in the preferences
 *
 * Shows what the sync service knows (the server, the department, the
 * role, the last sync) and follows it as it changes. Leaving is asked
 * once more and done by the service; joining is the window's, through
 * ::join-requested, as from the first-run dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-sync-labels.h"
#include "gk-sync-preferences.h"

struct _GkSyncPreferences
{
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesGroup  *alone_group;
  AdwPreferencesGroup  *joined_group;
  AdwPreferencesGroup  *leave_group;
  AdwActionRow         *server_row;
  AdwActionRow         *department_row;
  AdwActionRow         *role_row;
  AdwActionRow         *last_sync_row;
  GtkButton            *leave_button;

  GkSyncService        *service;
  gboolean              leaving;
};

G_DEFINE_FINAL_TYPE (GkSyncPreferences, gk_sync_preferences, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SERVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  JOIN_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update (GkSyncPreferences *self)
{
  gboolean joined = gk_sync_service_get_joined (self->service);
  g_autofree char *department = NULL;
  g_autofree char *last_sync = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->alone_group), !joined);
  gtk_widget_set_visible (GTK_WIDGET (self->joined_group), joined);
  gtk_widget_set_visible (GTK_WIDGET (self->leave_group), joined);
  gtk_widget_set_sensitive (GTK_WIDGET (self->leave_button), !self->leaving);
  if (!joined)
    return;

  if (gk_sync_service_get_dept (self->service) != NULL)
    department = gk_sync_service_dup_dept_name (self->service,
                                                gk_sync_service_get_dept (self->service));
  last_sync = gk_sync_format_last_sync (gk_sync_service_get_last_sync (self->service));
  adw_action_row_set_subtitle (self->server_row, gk_sync_service_get_server (self->service));
  adw_action_row_set_subtitle (self->department_row, department != NULL ? department : "");
  gtk_widget_set_visible (GTK_WIDGET (self->department_row), department != NULL);
  adw_action_row_set_subtitle (self->role_row,
                               gk_sync_role_get_label (gk_sync_service_get_role (self->service)));
  adw_action_row_set_subtitle (self->last_sync_row, last_sync);
}

static void
join_clicked_cb (GkSyncPreferences *self)
{
  g_signal_emit (self, signals[JOIN_REQUESTED], 0);
}

static void
left_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GkSyncPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  gk_sync_service_leave_finish (GK_SYNC_SERVICE (source), result, &error);
  self->leaving = FALSE;
  /* The window was closed meanwhile. */
  if (self->service == NULL)
    return;

  if (error != NULL)
    toast = adw_toast_new (error->message);
  else
    toast = adw_toast_new (_("This PC works alone now; its catalog is kept"));
  adw_toast_set_timeout (toast, error != NULL ? 0 : 5);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
  update (self);
}

static void
leave_response_cb (GkSyncPreferences *self,
                   const char        *response)
{
  if (g_strcmp0 (response, "leave") != 0 || self->leaving)
    return;

  /* Not cancelled when the window closes: the token must go whether or
   * not the window stays. */
  self->leaving = TRUE;
  gk_sync_service_leave_async (self->service, NULL, left_cb, g_object_ref (self));
  update (self);
}

static void
leave_clicked_cb (GkSyncPreferences *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_WINDOW (self), _("Leave the County Server?"),
    _("The catalog stays on this PC and you can go on editing it alone. The token is removed "
      "from the keyring: to join again, you need the token from the county office.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "leave", _("_Leave"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "leave", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (leave_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
gk_sync_preferences_constructed (GObject *object)
{
  GkSyncPreferences *self = GK_SYNC_PREFERENCES (object);

  G_OBJECT_CLASS (gk_sync_preferences_parent_class)->constructed (object);

  /* Any of the service's facts may change while the window is open (a
   * sync ends, the department's name arrives): all are read again. */
  g_signal_connect_object (self->service, "notify", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  update (self);
}

static void
gk_sync_preferences_dispose (GObject *object)
{
  GkSyncPreferences *self = GK_SYNC_PREFERENCES (object);

  /* A leave still under way holds the window past its dispose. */
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (gk_sync_preferences_parent_class)->dispose (object);
}

static void
gk_sync_preferences_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GkSyncPreferences *self = GK_SYNC_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_sync_preferences_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GkSyncPreferences *self = GK_SYNC_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_sync_preferences_class_init (GkSyncPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gk_sync_preferences_constructed;
  object_class->dispose = gk_sync_preferences_dispose;
  object_class->set_property = gk_sync_preferences_set_property;
  object_class->get_property = gk_sync_preferences_get_property;

  /**
   * GkSyncPreferences:service:
   *
   * The sync service shown.
   */
  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, GK_TYPE_SYNC_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GkSyncPreferences::join-requested:
   *
   * Emitted when the user of a PC alone asks to join the county server:
   * the window shows #GkJoinDialog.
   */
  signals[JOIN_REQUESTED] = g_signal_new ("join-requested", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/gongkai/Gongkai/ui/gk-sync-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, GkSyncPreferences, alone_group);
  gtk_widget_class_bind_template_child (widget_class, GkSyncPreferences, joined_group);
  gtk_widget_class_bind_template_child (widget_class, GkSyncPreferences, leave_group);
  gtk_widget_class_bind_template_child (widget_class, GkSyncPreferences, server_row);
  gtk_widget_class_bind_template_child (widget_class, GkSyncPreferences, department_row);
  gtk_widget_class_bind_template_child (widget_class, GkSyncPreferences, role_row);
  gtk_widget_class_bind_template_child (widget_class, GkSyncPreferences, last_sync_row);
  gtk_widget_class_bind_template_child (widget_class, GkSyncPreferences, leave_button);
  gtk_widget_class_bind_template_callback (widget_class, join_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, leave_clicked_cb);
}

static void
gk_sync_preferences_init (GkSyncPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * gk_sync_preferences_new:
 * @parent: (nullable): the window the preferences are modal to
 * @service: the editor's sync service
 *
 * Returns: (transfer floating): a new preferences window
 */
GtkWidget *
gk_sync_preferences_new (GtkWindow     *parent,
                         GkSyncService *service)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (service), NULL);

  return g_object_new (GK_TYPE_SYNC_PREFERENCES,
                       "transient-for", parent,
                       "application", parent != NULL
                                      ? gtk_window_get_application (parent) : NULL,
                       "service", service,
                       NULL);
}
