/* gk-sync-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-credentials.h"
#include "gk-store-sync.h"
#include "gk-sync-engine.h"
#include "gk-sync-labels.h"
#include "gk-sync-service-private.h"

/*
 * A staffer never starts a sync: one runs a few seconds after edits
 * settle, every few minutes, when the network comes back and at start.
 * Each runs the engine on a thread of its own (gk_sync_engine_run_async());
 * the window is never blocked. What the sync changed is read again through
 * the editor's own store worker, after every save queued before, and handed
 * to the window ("items-changed"), which shows it without touching what the
 * user is typing (gk_autosave_get_unsaved_fields()).
 */

/* After the last saved edit: long enough that a burst of typing makes one
 * sync, short enough that a colleague sees it soon. */
#define SETTLE_SECONDS 5
/* Catches what other PCs did while this one changes nothing. */
#define PERIOD_SECONDS (5 * 60)
/* After a failed sync, the next comes this soon, then twice as late each
 * time up to the period: a county server back from a restart is seen
 * within seconds, one down for the day is not called every few. */
#define RETRY_FIRST_SECONDS 10


G_DEFINE_FINAL_TYPE (GkSyncService, gk_sync_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_N_WAITING,
  PROP_N_CONFLICTS,
  PROP_SERVER,
  PROP_N_RECEIVED,
  N_PROPS
};


static GParamSpec *properties[N_PROPS];
guint _gk_sync_service_signals[GK_SYNC_SERVICE_N_SIGNALS];

static void run_sync (GkSyncService *self);

/* What the store says of the sync, read on its worker. */
typedef struct
{
  char    *server;
  char    *dept;
  char    *role;
  char    *departments;
  GHashTable *dept_names;
  char    *last_sync;
  char    *token_refused;
  guint    n_waiting;
  guint    n_rejected;
  guint    n_conflicts;
  GHashTable *rejected;
} Status;

static void
status_free (gpointer data)
{
  Status *status = data;

  g_free (status->server);
  g_free (status->dept);
  g_free (status->role);
  g_free (status->departments);
  g_clear_pointer (&status->dept_names, g_hash_table_unref);
  g_free (status->last_sync);
  g_free (status->token_refused);
  g_clear_pointer (&status->rejected, g_hash_table_unref);
  g_free (status);
}

static gpointer
read_status (GkStore  *store,
             gpointer  data,
             GError  **error)
{
  Status *status = g_new0 (Status, 1);
  g_autoptr(GPtrArray) rejected = NULL;
  GError *local = NULL;
  char **values[] = {
    [GK_STORE_SYNC_SERVER] = &status->server,
    [GK_STORE_SYNC_DEPT] = &status->dept,
    [GK_STORE_SYNC_ROLE] = &status->role,
    [GK_STORE_SYNC_DEPARTMENTS] = &status->departments,
    [GK_STORE_SYNC_LAST_SYNC] = &status->last_sync,
    [GK_STORE_SYNC_TOKEN_REFUSED] = &status->token_refused,
  };

  for (guint key = 0; key < G_N_ELEMENTS (values) && local == NULL; key++)
    if (values[key] != NULL)
      *values[key] = gk_store_dup_sync_value (store, key, &local);
  if (local == NULL)
    gk_store_count_ops (store, &status->n_waiting, &status->n_rejected, &local);
  if (local == NULL)
    gk_store_count_open_conflicts (store, &status->n_conflicts, &local);
  if (local == NULL)
    rejected = gk_store_list_rejected_ops (store, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      status_free (status);
      return NULL;
    }
  status->dept_names = gk_sync_parse_department_names (status->departments);
  status->rejected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < rejected->len; i++)
    {
      GkStoreOp *op = g_ptr_array_index (rejected, i);

      g_hash_table_replace (status->rejected, g_strdup (op->item_id),
                            g_strdup (op->reason != NULL ? op->reason : ""));
    }
  return status;
}

void
_gk_sync_service_set_state (GkSyncService *self,
                            GkSyncState    state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* The state when no sync runs, from what is known. */
static GkSyncState
get_resting_state (GkSyncService *self)
{
  if (self->server == NULL)
    return GK_SYNC_STATE_ALONE;
  if (self->no_keyring)
    return GK_SYNC_STATE_NO_KEYRING;
  if (self->token_refused || self->missing_token)
    return GK_SYNC_STATE_TOKEN_REFUSED;
  if (self->failure != GK_SYNC_STATE_ALONE)
    return self->failure;
  if (self->n_waiting > 0)
    return GK_SYNC_STATE_WAITING;
  return GK_SYNC_STATE_SYNCED;
}

static gboolean
same_rejections (GHashTable *a,
                 GHashTable *b)
{
  GHashTableIter iter;
  gpointer id, reason;

  if (a == NULL || b == NULL)
    return a == b;
  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &id, &reason))
    if (g_strcmp0 (reason, g_hash_table_lookup (b, id)) != 0)
      return FALSE;
  return TRUE;
}

static void
take_status (GkSyncService *self,
             Status        *status)
{
  gboolean server_changed = g_strcmp0 (self->server, status->server) != 0;
  gboolean rejections_changed;

  g_free (self->server);
  self->server = g_steal_pointer (&status->server);
  g_free (self->dept);
  self->dept = g_steal_pointer (&status->dept);
  g_free (self->role);
  self->role = g_steal_pointer (&status->role);
  g_clear_pointer (&self->dept_names, g_hash_table_unref);
  self->dept_names = g_steal_pointer (&status->dept_names);
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  if (status->last_sync != NULL)
    self->last_sync = g_date_time_new_from_iso8601 (status->last_sync, NULL);
  self->token_refused = status->token_refused != NULL;

  rejections_changed = !same_rejections (self->rejected, status->rejected);
  g_clear_pointer (&self->rejected, g_hash_table_unref);
  self->rejected = g_steal_pointer (&status->rejected);
  self->n_rejected = status->n_rejected;
  if (self->n_waiting != status->n_waiting + status->n_rejected || rejections_changed)
    {
      self->n_waiting = status->n_waiting + status->n_rejected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
    }
  if (self->n_conflicts != status->n_conflicts)
    {
      self->n_conflicts = status->n_conflicts;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONFLICTS]);
    }
  if (server_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
  if (!self->running)
    _gk_sync_service_set_state (self, get_resting_state (self));
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
status_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GkSyncService *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  Status *status = gk_store_call_finish (GK_STORE (object), result, &error);

  if (status == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the sync state: %s", error->message);
      g_task_return_boolean (task, FALSE);
      return;
    }
  take_status (self, status);
  status_free (status);
  g_task_return_boolean (task, TRUE);
}

/* Reads the store's sync state again, then runs @done (may be NULL). */
void
_gk_sync_service_refresh_status (GkSyncService       *self,
                                 GAsyncReadyCallback  done)
{
  GTask *task = g_task_new (self, self->cancellable, done, NULL);

  gk_store_call_async (self->store, read_status, NULL, NULL, status_free, self->cancellable,
                       status_read_cb, task);
}

/* Items a sync changed, read again on the editor's store worker. */
static gpointer
load_items (GkStore  *store,
            gpointer  data,
            GError  **error)
{
  GPtrArray *ids = data;
  g_autoptr(GHashTable) items = gk_store_new_touched ();

  for (guint i = 0; i < ids->len; i++)
    {
      GError *local = NULL;
      GkItem *item = gk_store_load_item (store, ids->pdata[i], &local);

      if (local != NULL)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      g_hash_table_replace (items, g_strdup (ids->pdata[i]), item);
    }
  return g_steal_pointer (&items);
}

static void
items_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GkSyncService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) items = gk_store_call_finish (GK_STORE (object), result, &error);

  if (items == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read what the sync changed: %s", error->message);
      return;
    }
  if (g_hash_table_size (items) > 0)
    g_signal_emit (self, _gk_sync_service_signals[GK_SYNC_SERVICE_ITEMS_CHANGED], 0, items);
}

static void
show_changed (GkSyncService *self,
              GHashTable    *changed)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, changed);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_ptr_array_add (ids, g_strdup (id));
  if (ids->len == 0)
    {
      g_ptr_array_unref (ids);
      return;
    }
  gk_store_call_async (self->store, load_items, ids, (GDestroyNotify) g_ptr_array_unref,
                       (GDestroyNotify) g_hash_table_unref, self->cancellable,
                       items_loaded_cb, g_object_ref (self));
}

void
_gk_sync_service_set_last_error (GkSyncService *self,
                                 const char    *message)
{
  g_free (self->last_error);
  self->last_error = g_strdup (message);
}

static gboolean
wake_cb (gpointer user_data)
{
  GkSyncService *self = user_data;

  self->wake_id = 0;
  run_sync (self);
  return G_SOURCE_REMOVE;
}

/* Syncs in @seconds, in place of the sync planned before. */
static void
sync_later (GkSyncService *self,
            guint          seconds)
{
  g_clear_handle_id (&self->wake_id, g_source_remove);
  self->wake_id = g_timeout_add_seconds (seconds, wake_cb, self);
}

/* Notes how the sync failed and when the next one runs. */
static void
fail (GkSyncService *self,
      const GError  *error)
{
  _gk_sync_service_set_last_error (self, error->message);
  if (g_error_matches (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_UNAUTHORIZED))
    {
      /* No retry: the token will not come back by itself. */
      self->token_refused = TRUE;
      _gk_sync_service_set_state (self, GK_SYNC_STATE_TOKEN_REFUSED);
      return;
    }
  self->failure = g_error_matches (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_NETWORK)
                  ? GK_SYNC_STATE_OFFLINE : GK_SYNC_STATE_FAILED;
  _gk_sync_service_set_state (self, self->failure);
  self->retry_seconds = self->retry_seconds == 0
                        ? RETRY_FIRST_SECONDS : MIN (self->retry_seconds * 2, PERIOD_SECONDS);
  sync_later (self, self->retry_seconds);
}

static void
after_sync_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GkSyncService *self = GK_SYNC_SERVICE (object);

  _gk_sync_service_set_state (self, get_resting_state (self));

  if (self->again && !self->stopped)
    {
      self->again = FALSE;
      run_sync (self);
    }
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GkSyncService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GkSyncReport) report = gk_sync_engine_run_finish (GK_STORE (object), result,
                                                              &error);

  self->running = FALSE;
  if (report != NULL)
    {
      _gk_sync_service_set_last_error (self, NULL);
      self->failure = GK_SYNC_STATE_ALONE;
      self->retry_seconds = 0;
      if (report->resynced)
        g_signal_emit (self, _gk_sync_service_signals[GK_SYNC_SERVICE_CATALOG_REPLACED], 0);
      else
        show_changed (self, report->changed);
      /* Synced, or changes made meanwhile wait: the store says which
       * (after_sync_cb()). */
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _gk_sync_service_set_last_error (self, NULL);
    }
  else if (!self->stopped)
    {
      fail (self, error);
    }
  if (!self->stopped)
    _gk_sync_service_refresh_status (self, after_sync_cb);
}

/* The sync's progress: the service is held by the sync's callback until
 * its end. */
void
_gk_sync_service_received_cb (guint    n_items,
                              gpointer data)
{
  GkSyncService *self = data;

  self->n_received += n_items;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RECEIVED]);
}

static void
start_engine (GkSyncService *self)
{
  GkSyncPolicy policy = GK_SYNC_POLICY_INIT;

  /* The engine's own retries cover a short cut; a longer one waits for
   * the next turn (fail()), so that "offline" shows within seconds. */
  policy.max_attempts = 2;
  policy.total_ms = 60 * 1000;
  self->running = TRUE;
  _gk_sync_service_set_state (self, GK_SYNC_STATE_SYNCING);
  self->n_received = 0;
  gk_sync_engine_run_async (self->store, self->server, self->token, &policy,
                            _gk_sync_service_received_cb, self,
                            self->cancellable, sync_done_cb, g_object_ref (self));
}

static void
token_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GkSyncService) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = gk_credentials_lookup_finish (result, &error);

  self->no_keyring = error != NULL
                     && g_error_matches (error, GK_CREDENTIALS_ERROR,
                                         GK_CREDENTIALS_ERROR_UNAVAILABLE);
  if (token == NULL || self->stopped)
    {
      gk_sync_token_free (token);
      self->running = FALSE;
      if (error != NULL)
        _gk_sync_service_set_last_error (self, error->message);
      else if (!self->stopped)
        self->missing_token = TRUE;   /* no token kept: join again */
      _gk_sync_service_set_state (self, get_resting_state (self));
      return;
    }
  gk_sync_token_free (self->token);
  self->token = token;
  start_engine (self);
}

static void
run_sync (GkSyncService *self)
{
  if (self->stopped || self->server == NULL)
    return;
  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  g_clear_handle_id (&self->wake_id, g_source_remove);
  /* The sync sends what is in the store: what was typed is saved now. A
   * save that lands after the sync has read the outbox goes with the next
   * sync, which its own gk_sync_service_changed() plans. */
  gk_autosave_flush (self->autosave);
  if (self->token != NULL)
    {
      start_engine (self);
      return;
    }
  self->running = TRUE;
  _gk_sync_service_set_state (self, GK_SYNC_STATE_SYNCING);
  gk_credentials_lookup (self->server, self->cancellable, token_found_cb, g_object_ref (self));
}

static gboolean
period_cb (gpointer user_data)
{
  run_sync (user_data);
  return G_SOURCE_CONTINUE;
}

static void
network_changed_cb (GkSyncService *self,
                    gboolean       available)
{
  if (available && self->state != GK_SYNC_STATE_SYNCED)
    run_sync (self);
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GkSyncService *self = GK_SYNC_SERVICE (object);

  if (g_task_propagate_boolean (G_TASK (result), NULL))
    run_sync (self);
}

static void
gk_sync_service_dispose (GObject *object)
{
  GkSyncService *self = GK_SYNC_SERVICE (object);

  gk_sync_service_stop (self);
  g_clear_object (&self->store);
  g_clear_object (&self->autosave);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (gk_sync_service_parent_class)->dispose (object);
}

static void
gk_sync_service_finalize (GObject *object)
{
  GkSyncService *self = GK_SYNC_SERVICE (object);

  g_clear_object (&self->cancellable);
  g_free (self->server);
  g_free (self->dept);
  g_free (self->role);
  g_clear_pointer (&self->dept_names, g_hash_table_unref);
  gk_sync_token_free (self->token);
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  g_free (self->last_error);
  g_clear_pointer (&self->rejected, g_hash_table_unref);

  G_OBJECT_CLASS (gk_sync_service_parent_class)->finalize (object);
}

static void
gk_sync_service_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GkSyncService *self = GK_SYNC_SERVICE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_N_WAITING:
      g_value_set_uint (value, self->n_waiting);
      break;
    case PROP_N_CONFLICTS:
      g_value_set_uint (value, self->n_conflicts);
      break;
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    case PROP_N_RECEIVED:
      g_value_set_uint (value, self->n_received);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_sync_service_class_init (GkSyncServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gk_sync_service_dispose;
  object_class->finalize = gk_sync_service_finalize;
  object_class->get_property = gk_sync_service_get_property;

  /* Also notified when what it shows (the last sync, the error) changed. */
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, GK_SYNC_STATE_ALONE,
                                             GK_SYNC_STATE_NO_KEYRING, GK_SYNC_STATE_ALONE,
                                             flags);
  /* Also notified when which changes were refused changed. */
  properties[PROP_N_WAITING] = g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                                                  flags);
  properties[PROP_N_CONFLICTS] = g_param_spec_uint ("n-conflicts", NULL, NULL, 0, G_MAXUINT,
                                                    0, flags);
  properties[PROP_SERVER] = g_param_spec_string ("server", NULL, NULL, NULL, flags);
  /* The items the sync under way has received so far. */
  properties[PROP_N_RECEIVED] = g_param_spec_uint ("n-received", NULL, NULL, 0, G_MAXUINT, 0,
                                                   flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GkSyncService::items-changed:
   * @items: (element-type utf8 GkItem): id → the item as the store now
   *   holds it, or %NULL when it was removed
   *
   * A sync changed these items in the store.
   */
  _gk_sync_service_signals[GK_SYNC_SERVICE_ITEMS_CHANGED] =
    g_signal_new ("items-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_HASH_TABLE);
  /**
   * GkSyncService::catalog-replaced:
   *
   * The store's catalog changed as a whole (joined, or read again after
   * the server was restored): load it again.
   */
  _gk_sync_service_signals[GK_SYNC_SERVICE_CATALOG_REPLACED] =
    g_signal_new ("catalog-replaced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
}

static void
gk_sync_service_init (GkSyncService *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * gk_sync_service_new:
 * @store: the editor's open store
 * @autosave: what saves the editor's edits into it
 *
 * Returns: (transfer full): a service, idle until gk_sync_service_start()
 */
GkSyncService *
gk_sync_service_new (GkStore    *store,
                     GkAutosave *autosave)
{
  GkSyncService *self;

  g_return_val_if_fail (GK_IS_STORE (store), NULL);
  g_return_val_if_fail (GK_IS_AUTOSAVE (autosave), NULL);

  self = g_object_new (GK_TYPE_SYNC_SERVICE, NULL);
  self->store = g_object_ref (store);
  self->autosave = g_object_ref (autosave);
  return self;
}

/**
 * gk_sync_service_start:
 *
 * Reads the sync state and, on a PC that joined a server, syncs now, every
 * few minutes and when the network comes back.
 */
void
gk_sync_service_start (GkSyncService *self)
{
  g_return_if_fail (GK_IS_SYNC_SERVICE (self));

  if (self->period_id == 0)
    self->period_id = g_timeout_add_seconds (PERIOD_SECONDS, period_cb, self);
  if (self->monitor == NULL)
    {
      self->monitor = g_object_ref (g_network_monitor_get_default ());
      self->network_id = g_signal_connect_object (self->monitor, "network-changed",
                                                  G_CALLBACK (network_changed_cb), self,
                                                  G_CONNECT_SWAPPED);
    }
  _gk_sync_service_refresh_status (self, started_cb);
}

/**
 * gk_sync_service_stop:
 *
 * Ends the sync under way at once (what it stored stays, as after a cut)
 * and starts no other. For closing the window.
 */
void
gk_sync_service_stop (GkSyncService *self)
{
  g_return_if_fail (GK_IS_SYNC_SERVICE (self));

  self->stopped = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->wake_id, g_source_remove);
  g_clear_handle_id (&self->period_id, g_source_remove);
  if (self->monitor != NULL)
    g_clear_signal_handler (&self->network_id, self->monitor);
}

/**
 * gk_sync_service_sync_now:
 *
 * Syncs now ("Sync Now"), or again right after the sync under way.
 */
void
gk_sync_service_sync_now (GkSyncService *self)
{
  g_return_if_fail (GK_IS_SYNC_SERVICE (self));

  run_sync (self);
}

/**
 * gk_sync_service_changed:
 *
 * Tells that an edit was saved: the count of waiting changes is read
 * again, and a sync runs once edits have settled.
 */
void
gk_sync_service_changed (GkSyncService *self)
{
  g_return_if_fail (GK_IS_SYNC_SERVICE (self));

  if (self->stopped || self->server == NULL)
    return;
  _gk_sync_service_refresh_status (self, NULL);
  sync_later (self, SETTLE_SECONDS);
}

GkSyncState
gk_sync_service_get_state (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), GK_SYNC_STATE_ALONE);

  return self->state;
}

/**
 * gk_sync_service_get_joined:
 *
 * Returns: whether the PC syncs with a county server
 */
gboolean
gk_sync_service_get_joined (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), FALSE);

  return self->server != NULL;
}

const char *
gk_sync_service_get_server (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), NULL);

  return self->server;
}

/**
 * gk_sync_service_get_dept:
 *
 * Returns: (nullable): the PC's department's id; %NULL alone, or with the
 *   county office's token
 */
const char *
gk_sync_service_get_dept (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), NULL);

  return self->dept;
}

const char *
gk_sync_service_get_role (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), NULL);

  return self->role;
}

/**
 * gk_sync_service_get_last_sync:
 *
 * Returns: (transfer none) (nullable): when the last sync completed
 */
GDateTime *
gk_sync_service_get_last_sync (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), NULL);

  return self->last_sync;
}

/**
 * gk_sync_service_get_last_error:
 *
 * Returns: (nullable): why the last sync failed, translated
 */
const char *
gk_sync_service_get_last_error (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), NULL);

  return self->last_error;
}

/**
 * gk_sync_service_get_n_waiting:
 *
 * Returns: how many changes have not reached the server (refused ones
 *   included)
 */
guint
gk_sync_service_get_n_waiting (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), 0);

  return self->n_waiting;
}

guint
gk_sync_service_get_n_conflicts (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), 0);

  return self->n_conflicts;
}

/**
 * gk_sync_service_dup_dept_name:
 * @dept: a department's id
 *
 * Returns: (transfer full): its name as the server last gave it, or @dept
 *   when it is not known
 */
char *
gk_sync_service_dup_dept_name (GkSyncService *self,
                               const char    *dept)
{
  const char *name;

  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), NULL);
  g_return_val_if_fail (dept != NULL, NULL);

  name = self->dept_names != NULL ? g_hash_table_lookup (self->dept_names, dept) : NULL;
  return g_strdup (name != NULL ? name : dept);
}

/**
 * gk_sync_service_can_edit:
 * @item: an item of the catalog
 *
 * Returns: whether this PC may change @item: always alone; joined, only
 *   its department's items, and none with the county office's token
 */
gboolean
gk_sync_service_can_edit (GkSyncService *self,
                          GkItem        *item)
{
  const char *owner;

  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), TRUE);
  g_return_val_if_fail (GK_IS_ITEM (item), TRUE);

  if (self->server == NULL)
    return TRUE;
  if (self->dept == NULL)
    return FALSE;
  owner = gk_item_get_dept (item);
  return *owner == '\0' || g_strcmp0 (owner, self->dept) == 0;
}

/**
 * gk_sync_service_get_n_received:
 *
 * Returns: how many items the sync under way has received so far
 */
guint
gk_sync_service_get_n_received (GkSyncService *self)
{
  g_return_val_if_fail (GK_IS_SYNC_SERVICE (self), 0);

  return self->n_received;
}
