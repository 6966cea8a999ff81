/* gk-join-dialog.c: joining the county server
 *
 * Three pages: the address and the token; who the token is (the catalog,
 * the department and the role, from `GET /info`, before anything is
 * written here) with, on a PC that has items, what becomes of them; and
 * the first sync under way. The dialog joins nothing itself: it emits
 * ::join and the window asks the sync service, then tells the dialog how
 * it went.
 *
 * The token stays in the password row's buffer, which GTK keeps in
 * secure memory and wipes when it goes; the copies made here are wiped
 * with gk_sync_token_free() as soon as they are handed over. Neither it
 * nor anything holding it is ever logged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>
#include <string.h>

#include "gk-documents.h"
#include "gk-join-dialog.h"
#include "gk-accessible.h"
#include "gk-sync-engine.h"
#include "gk-sync-labels.h"

struct _GkJoinDialog
{
  AdwWindow             parent_instance;

  GtkButton            *cancel_button;
  GtkButton            *back_button;
  GtkButton            *continue_button;
  GtkButton            *join_button;
  GtkSpinner           *probe_spinner;
  GtkStack             *pages;
  AdwEntryRow          *address_row;
  AdwPasswordEntryRow  *token_row;
  GtkLabel             *probe_error;
  AdwActionRow         *catalog_row;
  AdwActionRow         *department_row;
  AdwActionRow         *role_row;
  AdwActionRow         *server_row;
  AdwPreferencesGroup  *items_group;
  AdwActionRow         *bring_row;
  GtkCheckButton       *bring_check;
  AdwActionRow         *aside_row;
  GtkCheckButton       *aside_check;
  GtkLabel             *join_error;
  GtkSpinner           *join_spinner;
  GtkProgressBar       *join_progress;

  guint                 n_local_items;
  GCancellable         *probing;
  GtkFileChooserNative *chooser;
  char                 *server;          /* as the probe reached it */
  char                 *set_aside_path;
};

G_DEFINE_FINAL_TYPE (GkJoinDialog, gk_join_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_N_LOCAL_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  JOIN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_on_page (GkJoinDialog *self,
            const char   *name)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), name) == 0;
}

/* What the user may do, computed in one place from the page and what has
 * been typed and chosen. */
static void
update_buttons (GkJoinDialog *self)
{
  gboolean on_address = is_on_page (self, "address");
  gboolean on_confirm = is_on_page (self, "confirm");
  gboolean on_progress = is_on_page (self, "progress");
  gboolean probing = self->probing != NULL;
  gboolean typed = *gtk_editable_get_text (GTK_EDITABLE (self->address_row)) != '\0'
                   && *gtk_editable_get_text (GTK_EDITABLE (self->token_row)) != '\0';
  gboolean chosen = self->n_local_items == 0
                    || gtk_check_button_get_active (self->bring_check)
                    || (gtk_check_button_get_active (self->aside_check)
                        && self->set_aside_path != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), on_address);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), on_confirm);
  gtk_widget_set_visible (GTK_WIDGET (self->continue_button), on_address);
  gtk_widget_set_visible (GTK_WIDGET (self->join_button), on_confirm);
  gtk_widget_set_visible (GTK_WIDGET (self->probe_spinner), probing);
  gtk_spinner_set_spinning (self->probe_spinner, probing);
  gtk_spinner_set_spinning (self->join_spinner, on_progress);
  gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button), typed && !probing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_row), !probing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->token_row), !probing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->join_button), chosen);
  gtk_window_set_deletable (GTK_WINDOW (self), !on_progress);
}

/* Text as pasted, without the spaces and line ends around it. */
static char *
dup_trimmed (const char *text)
{
  const char *end = text + strlen (text);

  while (g_ascii_isspace (*text))
    text++;
  while (end > text && g_ascii_isspace (end[-1]))
    end--;
  return g_strndup (text, end - text);
}

/* Wiped when freed: it holds the token. */
static char *
dup_token (GkJoinDialog *self)
{
  return dup_trimmed (gtk_editable_get_text (GTK_EDITABLE (self->token_row)));
}

/* The address as the county office writes it; `https://` when the user
 * typed only the host, as the server is deployed behind TLS
 * (docs/deploy.md). */
static char *
dup_address (GkJoinDialog  *self,
             GError       **error)
{
  g_autofree char *text = dup_trimmed (gtk_editable_get_text (GTK_EDITABLE (self->address_row)));
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;

  url = strstr (text, "://") != NULL ? g_strdup (text) : g_strconcat ("https://", text, NULL);
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0)
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a server address. Type it as the county office gave it, "
                     "for example https://gongkai.example.gov.cn"), text);
      return NULL;
    }
  return g_steal_pointer (&url);
}

static void
show_message (GtkLabel   *label,
              const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static char *
dup_not_gongkai_message (const char *server)
{
  return g_strdup_printf (_("%s does not answer as a Gongkai county server. Check the "
                            "address."), server);
}

/* What went wrong, said for someone who was handed an address and a
 * token: which of the two to check, and whom to ask; then the client's
 * own words, for the county office. */
static char *
dup_probe_message (const GError *error,
                   const char   *server)
{
  g_autofree char *advice = NULL;

  if (g_error_matches (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_UNAUTHORIZED))
    return g_strdup (_("The server refused this token. Check that you pasted all of it; if it "
                       "is refused again, ask the county office for a new one."));

  if (g_error_matches (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_NETWORK))
    advice = g_strdup_printf (_("Could not reach the server at %s. Check the address and that "
                                "this PC is on the county’s network."), server);
  else if (g_error_matches (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_BUSY)
           || g_error_matches (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_SERVER))
    advice = g_strdup (_("The server cannot answer now. Try again in a few minutes."));
  else
    advice = dup_not_gongkai_message (server);
  return g_strdup_printf ("%s\n%s", advice, error->message);
}

/* FALSE when @info is not what a Gongkai server answers to `GET /info`
 * (docs/sync-protocol.md); @department is NULL for the county office. */
static gboolean
read_info (JsonObject  *info,
           const char **unit,
           const char **role,
           const char **department)
{
  JsonObject *catalog = json_object_get_object_member (info, "catalog");
  JsonObject *dept = json_object_get_object_member (info, "department");

  *role = json_object_get_string_member_with_default (info, "role", NULL);
  *unit = catalog != NULL
          ? json_object_get_string_member_with_default (catalog, "unit", NULL) : NULL;
  *department = dept != NULL
                ? json_object_get_string_member_with_default (dept, "name", NULL) : NULL;
  if (g_strcmp0 (*role, "office") == 0)
    return *unit != NULL;
  return g_strcmp0 (*role, "department") == 0 && *unit != NULL && *department != NULL;
}

static void
show_items_choice (GkJoinDialog *self,
                   const char   *department)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->items_group), self->n_local_items > 0);
  if (self->n_local_items == 0)
    return;

  title = g_strdup_printf (ngettext ("The %u Item on This PC", "The %u Items on This PC",
                                     self->n_local_items),
                           self->n_local_items);
  adw_preferences_group_set_title (self->items_group, title);
  adw_preferences_group_set_description (
    self->items_group, _("This PC already has a catalog. Choose what becomes of its items."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->bring_row), department != NULL);
  if (department != NULL)
    {
      /* Translators: %u is a number of items, %s a department's name */
      description = g_strdup_printf (ngettext ("Bring my %u item into %s’s part of the "
                                               "county catalog",
                                               "Bring my %u items into %s’s part of the "
                                               "county catalog", self->n_local_items),
                                     self->n_local_items, department);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->bring_row), description);
      adw_action_row_set_subtitle (self->bring_row,
                                   _("They are sent to the server with the first sync"));
    }
  else
    {
      gtk_check_button_set_active (self->bring_check, FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->bring_row),
                                     _("Bring my items into the county catalog"));
      adw_action_row_set_subtitle (
        self->bring_row, _("The county office’s token changes no department’s items"));
    }
}

static void
show_info (GkJoinDialog *self,
           JsonObject   *info)
{
  const char *unit;
  const char *role;
  const char *department;

  if (!read_info (info, &unit, &role, &department))
    {
      g_autofree char *message = dup_not_gongkai_message (self->server);

      show_message (self->probe_error, message);
      return;
    }

  adw_action_row_set_subtitle (self->catalog_row, unit);
  adw_action_row_set_subtitle (self->department_row, department != NULL ? department : "");
  gtk_widget_set_visible (GTK_WIDGET (self->department_row), department != NULL);
  adw_action_row_set_subtitle (self->role_row, gk_sync_role_get_label (role));
  adw_action_row_set_subtitle (self->server_row, self->server);
  show_items_choice (self, department);
  show_message (self->join_error, NULL);
  gtk_stack_set_visible_child_name (self->pages, "confirm");
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GkJoinDialog) self = user_data;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GError) error = NULL;

  info = gk_sync_probe_finish (result, &error);
  /* Gone (dispose cleared it), or cancelled. */
  if (self->probing == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->probing);
  if (info != NULL)
    show_info (self, info);
  else
    {
      g_autofree char *message = dup_probe_message (error, self->server);

      show_message (self->probe_error, message);
    }
  update_buttons (self);
}

static void
continue_clicked_cb (GkJoinDialog *self)
{
  g_autoptr(GError) error = NULL;
  char *token;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->continue_button))
      || !is_on_page (self, "address"))
    return;

  g_free (self->server);
  self->server = dup_address (self, &error);
  if (self->server == NULL)
    {
      show_message (self->probe_error, error->message);
      return;
    }

  show_message (self->probe_error, NULL);
  self->probing = g_cancellable_new ();
  token = dup_token (self);
  gk_sync_probe_async (self->server, token, self->probing, probe_done_cb, g_object_ref (self));
  gk_sync_token_free (token);
  update_buttons (self);
}

static void
back_clicked_cb (GkJoinDialog *self)
{
  gtk_stack_set_visible_child_name (self->pages, "address");
}

static void
join_clicked_cb (GkJoinDialog *self)
{
  const char *set_aside = NULL;
  char *token;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->join_button)) || !is_on_page (self, "confirm"))
    return;

  if (self->n_local_items > 0 && gtk_check_button_get_active (self->aside_check))
    set_aside = self->set_aside_path;
  gk_join_dialog_show_progress (self);
  token = dup_token (self);
  g_signal_emit (self, signals[JOIN], 0, self->server, token, set_aside);
  gk_sync_token_free (token);
}

static void
set_set_aside_path (GkJoinDialog *self,
                    const char   *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_free (self->set_aside_path);
  self->set_aside_path = g_strdup (path);
  adw_action_row_set_subtitle (self->aside_row, display);
  update_buttons (self);
}

static void
chooser_response_cb (GkJoinDialog         *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL)
    {
      set_set_aside_path (self, path);
      gtk_check_button_set_active (self->aside_check, TRUE);
    }
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (GkJoinDialog *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *dir = g_path_get_dirname (self->set_aside_path);
  g_autofree char *name = g_path_get_basename (self->set_aside_path);

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Keep the Items Aside"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Keep Here"),
                                               NULL);
  folder = g_file_new_for_path (dir);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* A file that does not exist yet in Documents, named after the catalog
 * and the day, so that it is found again. */
static char *
dup_default_set_aside_path (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *folder = gk_documents_dup_folder ();
  /* Translators: the name of the file the PC's items are kept aside in,
   * without its extension; %s is the date */
  g_autofree char *stem = g_strdup_printf (_("catalog-kept-aside-%s"), date);

  return gk_documents_dup_unused_path (folder, stem, "json");
}

static void
gk_join_dialog_constructed (GObject *object)
{
  GkJoinDialog *self = GK_JOIN_DIALOG (object);

  G_OBJECT_CLASS (gk_join_dialog_parent_class)->constructed (object);

  if (self->n_local_items > 0)
    {
      g_autofree char *path = dup_default_set_aside_path ();

      set_set_aside_path (self, path);
    }
  update_buttons (self);
}

/* The first sync is under way: the window, not the dialog, may stop it,
 * and it tells the dialog how it ended. */
static gboolean
gk_join_dialog_close_request (GtkWindow *window)
{
  GkJoinDialog *self = GK_JOIN_DIALOG (window);
  GtkWindowClass *parent_class = GTK_WINDOW_CLASS (gk_join_dialog_parent_class);

  if (is_on_page (self, "progress"))
    return TRUE;
  return parent_class->close_request != NULL && parent_class->close_request (window);
}

static void
gk_join_dialog_dispose (GObject *object)
{
  GkJoinDialog *self = GK_JOIN_DIALOG (object);

  g_cancellable_cancel (self->probing);
  g_clear_object (&self->probing);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (gk_join_dialog_parent_class)->dispose (object);
}

static void
gk_join_dialog_finalize (GObject *object)
{
  GkJoinDialog *self = GK_JOIN_DIALOG (object);

  g_free (self->server);
  g_free (self->set_aside_path);

  G_OBJECT_CLASS (gk_join_dialog_parent_class)->finalize (object);
}

static void
gk_join_dialog_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GkJoinDialog *self = GK_JOIN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_N_LOCAL_ITEMS:
      self->n_local_items = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_join_dialog_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GkJoinDialog *self = GK_JOIN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_N_LOCAL_ITEMS:
      g_value_set_uint (value, self->n_local_items);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_join_dialog_class_init (GkJoinDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = gk_join_dialog_constructed;
  object_class->dispose = gk_join_dialog_dispose;
  object_class->finalize = gk_join_dialog_finalize;
  object_class->set_property = gk_join_dialog_set_property;
  object_class->get_property = gk_join_dialog_get_property;
  window_class->close_request = gk_join_dialog_close_request;

  /**
   * GkJoinDialog:n-local-items:
   *
   * How many items the PC has: when there are some, the user chooses
   * what becomes of them before joining.
   */
  properties[PROP_N_LOCAL_ITEMS] =
    g_param_spec_uint ("n-local-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GkJoinDialog::join:
   * @self: the dialog
   * @server: the server's address, as the dialog reached it
   * @token: the token; valid during the emission only, and wiped after it:
   *   copy it if needed, never log it
   * @set_aside_path: (nullable): where to keep the PC's items before
   *   starting from the county's catalog, or %NULL to bring them into the
   *   department's part of it
   *
   * Emitted when the user joins, once the dialog shows its progress. Call
   * gk_join_dialog_show_error() if joining fails, and close the dialog
   * when it succeeds.
   */
  signals[JOIN] = g_signal_new ("join", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING,
                                /* Not copied by the emission, which would free it
                                 * unwiped. */
                                G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gongkai/Gongkai/ui/gk-join-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, continue_button);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, join_button);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, probe_spinner);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, pages);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, probe_error);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, catalog_row);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, department_row);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, items_group);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, bring_row);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, bring_check);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, aside_row);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, aside_check);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, join_error);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, join_spinner);
  gtk_widget_class_bind_template_child (widget_class, GkJoinDialog, join_progress);
  gtk_widget_class_bind_template_callback (widget_class, update_buttons);
  gtk_widget_class_bind_template_callback (widget_class, continue_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, join_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gk_join_dialog_init (GkJoinDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gk_accessible_fix_widgets (GTK_WIDGET (self));
  /* Connected here: the stack notifies while the template is built,
   * before the buttons are bound. */
  g_signal_connect_object (self->pages, "notify::visible-child-name",
                           G_CALLBACK (update_buttons), self, G_CONNECT_SWAPPED);
}

/**
 * gk_join_dialog_new:
 * @parent: (nullable): the window the dialog is modal to
 * @n_local_items: how many items the PC has
 *
 * Returns: (transfer floating): a new dialog
 */
GtkWidget *
gk_join_dialog_new (GtkWindow *parent,
                    guint      n_local_items)
{
  return g_object_new (GK_TYPE_JOIN_DIALOG,
                       "transient-for", parent,
                       "application", parent != NULL
                                      ? gtk_window_get_application (parent) : NULL,
                       "n-local-items", n_local_items,
                       NULL);
}

/**
 * gk_join_dialog_show_progress:
 * @self: a #GkJoinDialog
 *
 * Shows that the first sync is under way, with a spinner until
 * gk_join_dialog_set_progress() gives a fraction. The dialog does so
 * itself before it emits #GkJoinDialog::join.
 */
void
gk_join_dialog_show_progress (GkJoinDialog *self)
{
  g_return_if_fail (GK_IS_JOIN_DIALOG (self));

  gtk_stack_set_visible_child_name (self->pages, "progress");
}

/**
 * gk_join_dialog_set_progress:
 * @self: a #GkJoinDialog
 * @fraction: how much of the first sync is done, from 0 to 1; negative
 *   when not known
 *
 * A first sync of thousands of items shows how far it is.
 */
void
gk_join_dialog_set_progress (GkJoinDialog *self,
                             double        fraction)
{
  g_return_if_fail (GK_IS_JOIN_DIALOG (self));

  gtk_widget_set_visible (GTK_WIDGET (self->join_progress), fraction >= 0);
  gtk_widget_set_visible (GTK_WIDGET (self->join_spinner), fraction < 0);
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->join_progress, MIN (fraction, 1.0));
}

/**
 * gk_join_dialog_show_error:
 * @self: a #GkJoinDialog
 * @message: why joining failed, for the user
 *
 * Goes back to the page the user joined from, everything typed and
 * chosen kept, with @message, so that they can try again.
 */
void
gk_join_dialog_show_error (GkJoinDialog *self,
                           const char   *message)
{
  g_return_if_fail (GK_IS_JOIN_DIALOG (self));
  g_return_if_fail (message != NULL);

  show_message (self->join_error, message);
  gtk_stack_set_visible_child_name (self->pages, "confirm");
}
