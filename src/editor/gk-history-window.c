/* gk-history-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-history-window.h"
#include "gk-sync-labels.h"

/*
 * The item's revisions as the county server keeps them, newest first: for
 * the department to see who changed what and when (an audit, or before
 * settling a conflict). Read when the window opens; nothing here changes.
 */

struct _GkHistoryWindow
{
  AdwWindow      parent_instance;

  GkSyncService *service;
  GCancellable  *cancellable;
  GtkStack      *stack;
  AdwStatusPage *status;
  GtkListBox    *list;
  gboolean       ready;
};

G_DEFINE_FINAL_TYPE (GkHistoryWindow, gk_history_window, ADW_TYPE_WINDOW)

/* "内容、时限": the labels of the fields a revision changed. */
static char *
describe_fields (JsonArray *keys)
{
  GkFieldMask fields = 0;

  for (guint i = 0; keys != NULL && i < json_array_get_length (keys); i++)
    {
      const char *key = json_array_get_string_element (keys, i);
      GkField field;

      if (key != NULL && gk_field_from_key (key, &field))
        fields |= GK_FIELD_MASK (field);
    }
  return gk_field_mask_dup_labels (fields);
}

static GtkWidget *
make_row (GkHistoryWindow *self,
          JsonObject      *revision)
{
  gint64 rev = json_object_get_int_member_with_default (revision, "rev", 0);
  const char *dept = json_object_get_string_member_with_default (revision, "dept", "");
  const char *token = json_object_get_string_member_with_default (revision, "token", "");
  gboolean deleted = json_object_get_boolean_member_with_default (revision, "deleted", FALSE);
  JsonNode *changed = json_object_get_member (revision, "changed");
  g_autofree char *who = gk_sync_service_dup_dept_name (self->service, dept);
  g_autofree char *when = gk_sync_format_server_time (
    json_object_get_string_member_with_default (revision, "at", NULL));
  g_autofree char *fields = describe_fields (changed != NULL && JSON_NODE_HOLDS_ARRAY (changed)
                                             ? json_node_get_array (changed) : NULL);
  g_autofree char *title = NULL;
  g_autofree char *what = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *number = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (deleted)
    what = g_strdup (_("Deleted the item"));
  else if (rev == 1)
    what = g_strdup (_("Created the item"));
  else
    /* Translators: %s lists fields, as 公开内容、公开时限 */
    what = g_strdup_printf (_("Changed %s"), fields);
  /* Translators: who made a change: a department, and the PC's name */
  title = *token != '\0' ? g_strdup_printf (_("%s (%s)"), who, token) : g_strdup (who);
  /* Translators: a revision's number, when it was made, and what it did */
  number = g_strdup_printf ("%" G_GINT64_FORMAT, rev);
  subtitle = g_strdup_printf (_("Version %s · %s · %s"), number, when, what);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GkHistoryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) history = gk_sync_service_history_finish (GK_SYNC_SERVICE (object),
                                                                  result, &error);
  JsonNode *revisions = history != NULL ? json_object_get_member (history, "revisions") : NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->ready = TRUE;
  if (revisions == NULL || !JSON_NODE_HOLDS_ARRAY (revisions))
    {
      adw_status_page_set_icon_name (self->status, "dialog-warning-symbolic");
      adw_status_page_set_title (self->status, _("Could Not Read the History"));
      adw_status_page_set_description (self->status,
                                       error != NULL ? error->message
                                                     : _("The server’s answer holds no history"));
      return;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (revisions)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (revisions), i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        gtk_list_box_append (self->list, make_row (self, json_node_get_object (node)));
    }
  if (gtk_widget_get_first_child (GTK_WIDGET (self->list)) == NULL)
    {
      adw_status_page_set_icon_name (self->status, "document-open-recent-symbolic");
      adw_status_page_set_title (self->status, _("Not on the Server Yet"));
      adw_status_page_set_description (self->status,
                                       _("The item has no history until its first sync."));
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
gk_history_window_dispose (GObject *object)
{
  GkHistoryWindow *self = GK_HISTORY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (gk_history_window_parent_class)->dispose (object);
}

static void
gk_history_window_class_init (GkHistoryWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gk_history_window_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gk_history_window_init (GkHistoryWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  self->cancellable = g_cancellable_new ();
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_vexpand (scroller, TRUE);

  self->status = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_title (self->status, _("Reading the History…"));
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  adw_status_page_set_child (self->status, spinner);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->status), "status");
  gtk_stack_add_named (self->stack, scroller, "list");
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 520);
  gtk_window_set_title (GTK_WINDOW (self), _("Item History"));
}

/**
 * gk_history_window_new:
 * @parent: the main window
 * @service: its sync service
 * @item: the item whose history to show
 *
 * Returns: (transfer floating): a window that reads the history now
 */
GtkWidget *
gk_history_window_new (GtkWindow     *parent,
                       GkSyncService *service,
                       GkItem        *item)
{
  GkHistoryWindow *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (GK_IS_SYNC_SERVICE (service), NULL);
  g_return_val_if_fail (GK_IS_ITEM (item), NULL);

  self = g_object_new (GK_TYPE_HISTORY_WINDOW, "transient-for", parent, "modal", TRUE, NULL);
  self->service = g_object_ref (service);
  /* Translators: %s is the item's name (二级事项) */
  title = g_strdup_printf (_("History of “%s”"), gk_item_get_text (item, GK_FIELD_LEVEL2));
  gtk_window_set_title (GTK_WINDOW (self), title);
  gk_sync_service_history_async (service, gk_item_get_id (item), self->cancellable, history_cb,
                                 g_object_ref (self));
  return GTK_WIDGET (self);
}

/**
 * gk_history_window_get_ready:
 *
 * Returns: whether the server has answered, for tests
 */
gboolean
gk_history_window_get_ready (GkHistoryWindow *self)
{
  g_return_val_if_fail (GK_IS_HISTORY_WINDOW (self), FALSE);

  return self->ready;
}

/**
 * gk_history_window_get_list:
 *
 * Returns: (transfer none): the list of revisions, for tests
 */
GtkListBox *
gk_history_window_get_list (GkHistoryWindow *self)
{
  g_return_val_if_fail (GK_IS_HISTORY_WINDOW (self), NULL);

  return self->list;
}
