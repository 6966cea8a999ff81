/* gk-window-sync.c: the window's side of the sync with the county server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-conflict-inbox.h"
#include "gk-history-window.h"
#include "gk-join-dialog.h"
#include "gk-sync-preferences.h"
#include "gk-window-private.h"

/*
 * The window hands the sync service its saved edits, shows what a sync
 * brought (gk_catalog_editor_apply_pulled(): never over what the user is
 * typing), and keeps two lasting notices: a refused token, and conflicts
 * that wait for the department.
 */

/**
 * _gk_window_dup_read_only_reason:
 * @item: an item of the catalog
 *
 * Returns: (transfer full) (nullable): why this PC may not change @item
 *   (whose it is), or %NULL when it may
 */
char *
_gk_window_dup_read_only_reason (GkWindow *self,
                                 GkItem   *item)
{
  g_autofree char *owner = NULL;

  if (self->sync == NULL || gk_sync_service_can_edit (self->sync, item))
    return NULL;
  if (gk_sync_service_get_dept (self->sync) == NULL)
    return g_strdup (_("This PC syncs with the county office’s token, which reads every "
                       "department’s items and changes none."));
  owner = gk_sync_service_dup_dept_name (self->sync, gk_item_get_dept (item));
  /* Translators: %s is a department, as 县自然资源局 */
  return g_strdup_printf (_("This item belongs to %s. Only that department can change it; "
                            "it is shown because the county publishes every department’s "
                            "items together."), owner);
}

/**
 * _gk_window_update_form_notices:
 *
 * Tells above the form's fields whose item it is, when this PC may not
 * change it, and a change of it the server refused.
 */
void
_gk_window_update_form_notices (GkWindow *self)
{
  GkItem *item = gk_item_form_get_item (self->form);
  g_autofree char *reason = item != NULL ? _gk_window_dup_read_only_reason (self, item) : NULL;

  gk_item_form_set_read_only (self->form, reason);
  gk_item_form_set_rejected (self->form, item != NULL && self->sync != NULL
                                         ? gk_sync_service_get_rejection (
                                             self->sync, gk_item_get_id (item))
                                         : NULL);
}

static void
dropped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GkWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gk_sync_service_drop_rejected_finish (GK_SYNC_SERVICE (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _gk_window_add_toast (self, error->message);
}

static void
drop_rejected_cb (GkWindow *self,
                  GkItem   *item)
{
  if (self->sync != NULL)
    gk_sync_service_drop_rejected_async (self->sync, gk_item_get_id (item), self->cancellable,
                                         dropped_cb, g_object_ref (self));
}

/**
 * _gk_window_apply_own_items:
 *
 * Shows only the department's items in the tree and counts only their
 * problems, when the user asked for it on a PC of a department.
 */
void
_gk_window_apply_own_items (GkWindow *self)
{
  const char *dept = self->own_items && self->sync != NULL
                     ? gk_sync_service_get_dept (self->sync) : NULL;

  gk_catalog_tree_set_dept (self->tree, dept);
  if (self->model != NULL)
    gk_catalog_model_set_dept (self->model, dept);
}

static void
items_changed_cb (GkWindow   *self,
                  GHashTable *items)
{
  if (self->editor == NULL)
    return;
  gk_catalog_editor_apply_pulled (self->editor, items);
  /* An item may have changed department. */
  _gk_window_apply_own_items (self);
  /* An item shown may have changed hands, or gone. */
  _gk_window_update_content (self);
  _gk_window_update_actions (self);
}

static gpointer
load_catalog (GkStore  *store,
              gpointer  data,
              GError  **error)
{
  return gk_store_load_catalog (store, error);
}

static void
catalog_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GkWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_store_call_finish (GK_STORE (object), result, &error);

  if (catalog == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _gk_window_add_toast (self, error->message);
      return;
    }
  gk_autosave_flush (self->autosave);
  _gk_window_set_catalog (self, catalog);
  _gk_window_update_actions (self);
}

static void
catalog_replaced_cb (GkWindow *self)
{
  gk_store_call_async (self->store, load_catalog, NULL, NULL, g_object_unref, self->cancellable,
                       catalog_loaded_cb, g_object_ref (self));
}

static void
update_notices (GkWindow *self)
{
  GkSyncState state = gk_sync_service_get_state (self->sync);
  guint n = gk_sync_service_get_n_conflicts (self->sync);

  if (state == GK_SYNC_STATE_TOKEN_REFUSED)
    gk_notice_show (self->token_notice,
                    _("The county server no longer accepts this PC’s token. Your changes are "
                      "kept on this PC until you join again with a new token from the "
                      "county office."));
  else if (state == GK_SYNC_STATE_NO_KEYRING)
    gk_notice_show (self->token_notice,
                    _("The keyring that keeps the county server’s token cannot be opened. "
                      "Your changes are kept on this PC; unlock the keyring or join "
                      "again."));
  else
    gk_notice_hide (self->token_notice);

  if (n > 0)
    {
      g_autofree char *title =
        g_strdup_printf (g_dngettext (NULL,
                                      "A colleague changed an item you changed too: %u "
                                      "conflict waits for your department to decide",
                                      "Colleagues changed items you changed too: %u "
                                      "conflicts wait for your department to decide", n), n);

      gk_notice_show (self->conflict_notice, title);
    }
  else
    {
      gk_notice_hide (self->conflict_notice);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now",
                                 gk_sync_service_get_joined (self->sync));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-conflicts", n > 0);
}

static void
server_changed_cb (GkWindow *self)
{
  /* Joined or left: which items may be changed is another question. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.own-items",
                                 gk_sync_service_get_dept (self->sync) != NULL);
  _gk_window_apply_own_items (self);
  _gk_window_update_content (self);
  _gk_window_update_actions (self);
}

static void
saved_cb (GkWindow *self)
{
  if (!gk_autosave_get_busy (self->autosave))
    gk_sync_service_changed (self->sync);
}

static void
add_notices (GkWindow *self)
{
  self->token_notice = GK_NOTICE (gk_notice_new (_("_Join Again…")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (gk_notice_get_button (self->token_notice)),
                                  "win.join");
  self->conflict_notice = GK_NOTICE (gk_notice_new (_("_Resolve…")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (gk_notice_get_button (self->conflict_notice)),
                                  "win.show-conflicts");
  gtk_box_insert_child_after (self->content_box, GTK_WIDGET (self->conflict_notice),
                              self->header_bar);
  gtk_box_insert_child_after (self->content_box, GTK_WIDGET (self->token_notice),
                              self->header_bar);
}

static void
reload_inbox (GkWindow *self)
{
  if (self->inbox != NULL)
    gk_conflict_inbox_reload (GK_CONFLICT_INBOX (self->inbox));
}

/**
 * _gk_window_start_sync:
 *
 * Starts the sync service once the store is open: on a PC that joined a
 * county server it syncs at once and from then on by itself.
 */
void
_gk_window_start_sync (GkWindow *self)
{
  if (self->sync != NULL)
    return;

  self->sync = gk_sync_service_new (self->store, self->autosave);
  add_notices (self);
  g_signal_connect_object (self->sync, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "catalog-replaced", G_CALLBACK (catalog_replaced_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::state", G_CALLBACK (update_notices), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::n-conflicts", G_CALLBACK (update_notices),
                           self, G_CONNECT_SWAPPED);
  /* After each sync, the inbox lists what the server lists. */
  g_signal_connect_object (self->sync, "notify::state", G_CALLBACK (reload_inbox), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::server", G_CALLBACK (server_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->autosave, "notify::busy", G_CALLBACK (saved_cb), self,
                           G_CONNECT_SWAPPED);
  /* What was refused, or no longer is, changes with the count. */
  g_signal_connect_object (self->sync, "notify::n-waiting",
                           G_CALLBACK (_gk_window_update_form_notices), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->form, "drop-rejected", G_CALLBACK (drop_rejected_cb), self,
                           G_CONNECT_SWAPPED);
  /* Until the service knows the PC's department. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.own-items", FALSE);
  gk_sync_indicator_set_service (self->sync_indicator, self->sync);
  update_notices (self);
  gk_sync_service_start (self->sync);
}

/**
 * gk_window_get_sync:
 *
 * Returns: (transfer none) (nullable): the sync service, once the store
 *   is open
 */
GkSyncService *
gk_window_get_sync (GkWindow *self)
{
  g_return_val_if_fail (GK_IS_WINDOW (self), NULL);

  return self->sync;
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GkWindow *self = GK_WINDOW (widget);

  if (self->sync != NULL)
    gk_sync_service_sync_now (self->sync);
}

/* A conflict settled in the inbox: an ordinary edit, shown at once and
 * sent at once, so that every PC of the department sees it settled. */
static void
resolved_cb (GkWindow   *self,
             const char *item_id,
             GkItem     *item)
{
  g_autoptr(GHashTable) items = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (items, (gpointer) item_id, item);
  if (self->editor != NULL)
    gk_catalog_editor_apply_pulled (self->editor, items);
  _gk_window_update_content (self);
  gk_sync_service_sync_now (self->sync);
}

static void
show_conflicts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GkWindow *self = GK_WINDOW (widget);

  if (self->inbox == NULL)
    {
      self->inbox = gk_conflict_inbox_new (GTK_WINDOW (self), self->store, self->catalog);
      g_object_add_weak_pointer (G_OBJECT (self->inbox), (gpointer *) &self->inbox);
      g_signal_connect_object (self->inbox, "resolved", G_CALLBACK (resolved_cb), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->inbox));
}

typedef struct
{
  GkWindow     *window;
  GkJoinDialog *dialog;   /* weak: the user may close it meanwhile */
} Joining;

static void
joining_free (Joining *joining)
{
  g_clear_weak_pointer (&joining->dialog);
  g_object_unref (joining->window);
  g_free (joining);
}

static void
joined_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Joining *joining = user_data;
  g_autoptr(GError) error = NULL;

  if (!gk_sync_service_join_finish (GK_SYNC_SERVICE (object), result, &error))
    {
      if (joining->dialog != NULL)
        gk_join_dialog_show_error (joining->dialog, error->message);
    }
  else if (joining->dialog != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (joining->dialog));
    }
  joining_free (joining);
}

static void
join_cb (GkWindow     *self,
         const char   *server,
         const char   *token,
         const char   *set_aside_path,
         GkJoinDialog *dialog)
{
  Joining *joining = g_new0 (Joining, 1);

  joining->window = g_object_ref (self);
  g_set_weak_pointer (&joining->dialog, dialog);
  gk_sync_service_join_async (self->sync, server, token, set_aside_path, self->cancellable,
                              joined_cb, joining);
}

/* The join dialog closed: a PC that has no catalog yet, and did not join,
 * is asked again how it starts. */
static void
join_closed_cb (GkWindow *self)
{
  if (self->sync != NULL && !gk_sync_service_get_joined (self->sync))
    _gk_window_maybe_show_first_run (self);
}

/**
 * _gk_window_show_join:
 *
 * Opens the dialog that joins the county server.
 */
void
_gk_window_show_join (GkWindow *self)
{
  GtkWidget *dialog;

  if (self->sync == NULL || self->catalog == NULL)
    return;
  dialog = gk_join_dialog_new (GTK_WINDOW (self), gk_catalog_get_n_items (self->catalog));
  g_signal_connect_object (dialog, "join", G_CALLBACK (join_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (join_closed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
join_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _gk_window_show_join (GK_WINDOW (widget));
}

static void
sync_preferences_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  GkWindow *self = GK_WINDOW (widget);
  GtkWidget *preferences;

  if (self->sync == NULL)
    return;
  preferences = gk_sync_preferences_new (GTK_WINDOW (self), self->sync);
  g_signal_connect_object (preferences, "join-requested", G_CALLBACK (_gk_window_show_join),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
item_history_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GkWindow *self = GK_WINDOW (widget);
  GkItem *item = _gk_window_get_selected_item (self);

  if (item == NULL || self->sync == NULL || !gk_sync_service_get_joined (self->sync))
    return;
  gtk_window_present (GTK_WINDOW (gk_history_window_new (GTK_WINDOW (self), self->sync, item)));
}

void
_gk_window_class_init_sync_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.item-history", NULL, item_history_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.show-conflicts", NULL,
                                   show_conflicts_action);
  gtk_widget_class_install_action (widget_class, "win.join", NULL, join_action);
  gtk_widget_class_install_action (widget_class, "win.sync-preferences", NULL,
                                   sync_preferences_action);
}
