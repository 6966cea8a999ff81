/* gk-store-sync.c: what the sync engine asks of the local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-catalog-json.h"
#include "gk-item-json.h"
#include "gk-json-out.h"
#include "gk-store-private.h"
#include "gk-store-sync.h"

/*
 * Enrolling and leaving, what sync_state holds, and the ops of the outbox
 * for the engine to send: oldest first, with the current values of their
 * fields. The server's answers and pulled pages are taken in
 * gk-store-base.c; the ops are made in gk-store-outbox.c.
 */

const char * const gk_store_sync_keys[GK_STORE_N_SYNC_KEYS] = {
  "server", "server_id", "cursor", "catalog", "dept", "role", "last_sync", "token_refused",
  "departments", "conflicts_tag",
};

static const char * const op_states[] = { "pending", "sent", "rejected" };

/**
 * gk_store_op_free:
 * @op: (transfer full): an op of gk_store_list_ops()
 */
void
gk_store_op_free (GkStoreOp *op)
{
  g_free (op->op_id);
  g_free (op->item_id);
  g_free (op->kind);
  g_strfreev (op->fields);
  g_free (op->reason);
  g_free (op->set);
  g_free (op->resolves);
  g_free (op);
}

/**
 * gk_store_dup_sync_value:
 * @self: an open store
 * @key: what to read
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): its value, or %NULL without @error
 *   when it is not set (the store is not enrolled, or has not pulled yet)
 */
char *
gk_store_dup_sync_value (GkStore         *self,
                         GkStoreSyncKey   key,
                         GError         **error)
{
  char *value = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (key < G_N_ELEMENTS (gk_store_sync_keys), NULL);

  if (gk_store_check_open (self, error))
    gk_store_dup_sync_key (self, gk_store_sync_keys[key], &value, error);
  return value;
}

/**
 * gk_store_set_sync_value:
 * @self: an open store
 * @key: what to set
 * @value: (nullable): its value, or %NULL to unset it
 * @error: return location for a #GError
 *
 * For the server's id when it is learnt, say; a pulled page sets the
 * cursor itself (gk_store_apply_page()).
 *
 * Returns: whether it was saved
 */
gboolean
gk_store_set_sync_value (GkStore         *self,
                         GkStoreSyncKey   key,
                         const char      *value,
                         GError         **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (key < G_N_ELEMENTS (gk_store_sync_keys), FALSE);

  if (!gk_store_begin (self, error))
    return FALSE;
  return gk_store_end (self, gk_store_set_sync_key (self, gk_store_sync_keys[key], value, error),
                       error);
}

static gboolean
forget_server (GkStore  *self,
               GError  **error)
{
  return gk_store_exec (self->db,
                        "DELETE FROM sync_state; DELETE FROM outbox; DELETE FROM item_base; "
                        "DELETE FROM conflicts; DELETE FROM resync_base;", error);
}

/* Every item becomes the department's and a create in the outbox: the
 * server has none of them yet. */
static gboolean
queue_all_items (GkStore     *self,
                 const char  *dept,
                 GError     **error)
{
  sqlite3_stmt *stmt = gk_store_get_statement (self, "UPDATE items SET dept = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, dept, -1, SQLITE_STATIC);
  return gk_store_step_statement (self, stmt, error) && gk_store_queue_creates (self, error);
}

static gboolean
enroll_in_transaction (GkStore                  *self,
                       const GkStoreEnrollment  *enrollment,
                       GError                  **error)
{
  const char *values[] = {
    [GK_STORE_SYNC_SERVER] = enrollment->server,
    [GK_STORE_SYNC_SERVER_ID] = enrollment->server_id,
    [GK_STORE_SYNC_CURSOR] = NULL,
    [GK_STORE_SYNC_CATALOG] = enrollment->catalog,
    [GK_STORE_SYNC_DEPT] = enrollment->dept,
    [GK_STORE_SYNC_ROLE] = enrollment->role,
    [GK_STORE_SYNC_LAST_SYNC] = NULL,
    [GK_STORE_SYNC_TOKEN_REFUSED] = NULL,
    [GK_STORE_SYNC_DEPARTMENTS] = enrollment->departments,
    [GK_STORE_SYNC_CONFLICTS_TAG] = NULL,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (gk_store_sync_keys));

  if (!forget_server (self, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      if (values[i] != NULL
          && !gk_store_set_sync_key (self, gk_store_sync_keys[i], values[i], error))
        return FALSE;
    }
  /* The office's token changes no department's items: its PC reads the
   * catalog and sends nothing. */
  if (enrollment->dept == NULL)
    return TRUE;
  return queue_all_items (self, enrollment->dept, error);
}

/**
 * gk_store_enroll:
 * @self: an open store
 * @enrollment: the server, catalog, department and role
 * @error: return location for a #GError
 *
 * Makes the store sync with a server, in one transaction: what an earlier
 * enrollment left is forgotten (as by gk_store_leave()), every item the
 * store holds becomes this department's and a create in the outbox (a PC
 * that already holds a catalog pushes its items as its department's), and
 * from then on every local change goes into the outbox. With the office's
 * token (no department) nothing is queued, and local changes are refused
 * from then on (gk_store_queue_change()).
 *
 * Returns: whether it was saved
 */
gboolean
gk_store_enroll (GkStore                  *self,
                 const GkStoreEnrollment  *enrollment,
                 GError                  **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (enrollment != NULL && enrollment->server != NULL, FALSE);
  g_return_val_if_fail (enrollment->catalog != NULL, FALSE);
  g_return_val_if_fail (enrollment->role != NULL, FALSE);

  if (!gk_store_begin (self, error))
    return FALSE;
  return gk_store_end (self, enroll_in_transaction (self, enrollment, error), error);
}

/* SQLite checkpoints the log every 1,000 pages by default. */
#define CHECKPOINT_PAGES 1000
#define SYNC_CHECKPOINT_PAGES 8192

/**
 * gk_store_set_syncing:
 * @self: an open store
 * @syncing: whether a sync runs on it, from now until called with %FALSE
 *
 * While a sync runs, the store's log is checkpointed every 8,192 pages
 * (32 MiB) rather than every 1,000: a sync's commits write the same index
 * pages (keyed by random UUIDs) again and again, and each checkpoint
 * wrote them all to the database once more, in the thread that committed
 * (a tenth of the PC's time in 10,000 items pushed). Nothing changes for
 * the disk's syncs: each commit is durable as before. Only this
 * connection is concerned; the log is checkpointed as usual once the
 * sync ends.
 */
void
gk_store_set_syncing (GkStore  *self,
                      gboolean  syncing)
{
  g_return_if_fail (GK_IS_STORE (self));

  if (self->db != NULL)
    sqlite3_wal_autocheckpoint (self->db, syncing ? SYNC_CHECKPOINT_PAGES : CHECKPOINT_PAGES);
}

/**
 * gk_store_leave:
 * @self: an open store
 * @error: return location for a #GError
 *
 * Stops syncing: the server, the cursor, the bases, the outbox and the
 * conflict records are forgotten; the catalog stays as it is, and the
 * editor works alone again.
 *
 * Returns: whether it was saved
 */
gboolean
gk_store_leave (GkStore  *self,
                GError  **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  if (!gk_store_begin (self, error))
    return FALSE;
  return gk_store_end (self, forget_server (self, error), error);
}

/* @fields of @item (NULL: deleted) with their values in the canonical
 * form, as the text of a JSON object: what a push sends as it is. */
static char *
build_set (GkItem       *item,
           GkFieldMask   fields)
{
  GString *out = g_string_new (NULL);
  GkJsonOut j;

  gk_json_out_init (&j, out);
  gk_json_out_begin_object (&j);
  for (GkField f = 0; item != NULL && f < GK_N_FIELDS; f++)
    {
      if (fields & (1u << f))
        {
          gk_json_out_member (&j, gk_field_get_key (f));
          gk_item_write_field_value (item, f, gk_json_out_value (&j));
        }
    }
  gk_json_out_end_object (&j);
  return g_string_free (out, FALSE);
}

static GStrv
fields_to_strv (GkFieldMask fields)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (fields & (1u << f))
        g_strv_builder_add (builder, gk_field_get_key (f));
    }
  return g_strv_builder_end (builder);
}

static GkStoreOpState
op_state_from_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (op_states); i++)
    {
      if (strcmp (op_states[i], key) == 0)
        return (GkStoreOpState) i;
    }
  g_return_val_if_reached (GK_STORE_OP_PENDING);
}

/* The op of the current row of a statement of list_ops(). */
static GkStoreOp *
op_from_row (GkStore       *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(GkStoreOp) op = g_new0 (GkStoreOp, 1);
  g_autoptr(GkItem) item = NULL;
  GkFieldMask fields;

  op->op_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  op->item_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  op->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  op->base_rev = sqlite3_column_type (stmt, 3) == SQLITE_NULL
                 ? GK_STORE_NO_REV : sqlite3_column_int64 (stmt, 3);
  fields = gk_store_fields_from_json ((const char *) sqlite3_column_text (stmt, 4));
  op->fields = fields_to_strv (fields);
  op->state = op_state_from_key ((const char *) sqlite3_column_text (stmt, 5));
  op->reason = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  op->resolves = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  if (!gk_store_select_item (self, op->item_id, &item, error))
    return NULL;
  op->set = build_set (item, strcmp (op->kind, "delete") != 0 ? fields : 0);
  return g_steal_pointer (&op);
}

/* At most @max ops of @sql's rows (-1: all), none of the items of
 * @skip, whose ops are not even read. */
static GPtrArray *
list_ops (GkStore     *self,
          const char  *sql,
          gint64       max,
          GHashTable  *skip,
          GError     **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_store_op_free);
  sqlite3_stmt *stmt;
  GkStoreOp *op = NULL;
  int rc = SQLITE_DONE;

  if (!gk_store_check_open (self, error)
      || (stmt = gk_store_get_statement (self, sql, error)) == NULL)
    return NULL;
  while ((max < 0 || ops->len < max) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (skip != NULL && g_hash_table_contains (skip, sqlite3_column_text (stmt, 1)))
        continue;
      if ((op = op_from_row (self, stmt, error)) == NULL)
        break;
      g_ptr_array_add (ops, op);
    }
  if (max >= 0 && ops->len >= max)
    rc = SQLITE_DONE;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    gk_store_set_error (self->db, error);
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE ? g_steal_pointer (&ops) : NULL;
}

/**
 * gk_store_list_ops:
 * @self: an open store
 * @max: at most this many
 * @error: return location for a #GError
 *
 * The ops to send, oldest first: the sent ones not answered yet (to send
 * again as they are: same op_id, kind, base and fields), then the pending
 * ones; an item's ops come in the order they were made. Each has the
 * current values of its fields (gk_item_to_json()).
 *
 * Returns: (transfer full) (element-type GkStoreOp): the ops, %NULL on error
 */
GPtrArray *
gk_store_list_ops (GkStore  *self,
                   guint     max,
                   GError  **error)
{
  return gk_store_list_ops_except (self, max, NULL, error);
}

/**
 * gk_store_list_ops_except:
 * @self: an open store
 * @max: at most this many
 * @skip: (nullable) (element-type utf8 utf8): item ids whose ops are
 *   left out, not even read (a push in flight)
 * @error: return location for a #GError
 *
 * gk_store_list_ops() without the ops of the items of @skip.
 *
 * Returns: (transfer full) (element-type GkStoreOp): the ops, %NULL on error
 */
GPtrArray *
gk_store_list_ops_except (GkStore     *self,
                          guint        max,
                          GHashTable  *skip,
                          GError     **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return list_ops (self, "SELECT op_id, item_id, kind, base_rev, fields, state, reason, "
                   "resolves FROM outbox WHERE state != 'rejected' ORDER BY id", max, skip,
                   error);
}

/**
 * gk_store_list_rejected_ops:
 * @self: an open store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type GkStoreOp): the ops the server
 *   refused, oldest first, with their reasons; %NULL on error
 */
GPtrArray *
gk_store_list_rejected_ops (GkStore  *self,
                            GError  **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return list_ops (self, "SELECT op_id, item_id, kind, base_rev, fields, state, reason, "
                   "resolves FROM outbox WHERE state = 'rejected' ORDER BY id", -1, NULL,
                   error);
}

static gboolean
mark_sent (GkStore    *self,
           GkStoreOp  *op,
           GError    **error)
{
  if (!gk_store_run_text (self, "UPDATE outbox SET state = 'sent' "
                          "WHERE op_id = ?1 AND state = 'pending'", op->op_id, NULL, error))
    return FALSE;
  if (op->state == GK_STORE_OP_PENDING)
    op->state = GK_STORE_OP_SENT;
  return TRUE;
}

/**
 * gk_store_mark_ops_sent:
 * @self: an open store
 * @ops: (element-type GkStoreOp): ops of gk_store_list_ops()
 * @error: return location for a #GError
 *
 * Records, in one transaction, that @ops are sent (before sending them):
 * later edits of their items no longer join them but make new ops. Their
 * state becomes %GK_STORE_OP_SENT.
 *
 * Returns: whether it was saved
 */
gboolean
gk_store_mark_ops_sent (GkStore    *self,
                        GPtrArray  *ops,
                        GError    **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (ops != NULL, FALSE);

  if (!gk_store_begin (self, error))
    return FALSE;
  for (guint i = 0; ok && i < ops->len; i++)
    ok = mark_sent (self, g_ptr_array_index (ops, i), error);
  return gk_store_end (self, ok, error);
}

/**
 * gk_store_count_ops:
 * @self: an open store
 * @n_unanswered: (out) (optional): the ops not answered yet, pending or sent
 * @n_rejected: (out) (optional): the ops the server refused
 * @error: return location for a #GError
 *
 * Returns: whether they could be counted
 */
gboolean
gk_store_count_ops (GkStore  *self,
                    guint    *n_unanswered,
                    guint    *n_rejected,
                    GError  **error)
{
  gint64 unanswered = 0, rejected = 0;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  if (!gk_store_check_open (self, error)
      || !gk_store_query_int64 (self, "SELECT count(*) FROM outbox WHERE state != 'rejected'",
                                &unanswered, error)
      || !gk_store_query_int64 (self, "SELECT count(*) FROM outbox WHERE state = 'rejected'",
                                &rejected, error))
    return FALSE;
  if (n_unanswered != NULL)
    *n_unanswered = (guint) unanswered;
  if (n_rejected != NULL)
    *n_rejected = (guint) rejected;
  return TRUE;
}
