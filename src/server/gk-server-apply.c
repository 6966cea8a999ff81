/* gk-server-apply.c: a push's ops applied, on the writer thread
 *
 * All the ops of a push are applied in one transaction of the writer
 * (docs/sync-protocol.md, POST /api/v1/push): each is checked (a retry,
 * the department, its values, the item's state), merged with gk-merge.c
 * against the item's revision at its base_rev and the item now, and its
 * outcome kept in that transaction: the new revision with the next seq,
 * a conflict record, and the result itself with the op's digest, which
 * is the answer to the same op sent again, byte for byte. Results that
 * changed nothing (invalid, forbidden, rejected) are not kept: the same
 * op sent again is checked again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n.h>

#include "gk-server-apply.h"
#include "gk-server-conflict.h"
#include "gk-server-db.h"
#include "gk-server-item.h"
#include "gk-sync-record.h"

typedef struct
{
  sqlite3       *db;
  GkServerPush  *push;
  GHashTable    *seen;   /* the items of the push's ops so far, a set */
  gint64         now;    /* the server's time of every change of the push */
  gint64         seq;    /* the last change number given */
} Apply;

/**
 * gk_server_push_new:
 * @auth: whom the push's token speaks for
 * @server_id: the server's id, for the answer
 *
 * Returns: (transfer full): a push without ops
 */
GkServerPush *
gk_server_push_new (const GkServerAuth *auth,
                    const char         *server_id)
{
  GkServerPush *push = g_new0 (GkServerPush, 1);

  push->server_id = g_strdup (server_id);
  push->token_id = g_strdup (auth->token_id);
  push->catalog_id = g_strdup (auth->catalog_id);
  push->dept_id = g_strdup (auth->dept_id);
  push->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_sync_op_free);
  push->results = g_ptr_array_new_with_free_func (g_free);
  return push;
}

/**
 * gk_server_push_free:
 * @push: (nullable): a #GkServerPush
 */
void
gk_server_push_free (gpointer push)
{
  GkServerPush *self = push;

  if (self == NULL)
    return;

  g_free (self->server_id);
  g_free (self->token_id);
  g_free (self->catalog_id);
  g_free (self->dept_id);
  g_ptr_array_unref (self->ops);
  g_ptr_array_unref (self->results);
  g_free (self);
}

static void
write_head (GkJsonOut      *j,
            const GkSyncOp *op,
            const char     *result)
{
  gk_json_out_begin_object (j);
  gk_json_out_string_member (j, "op_id", op->op_id);
  gk_json_out_string_member (j, "item_id", op->item_id);
  gk_json_out_string_member (j, "result", result);
}

/* The result of an op that changed nothing. */
static char *
refuse (const GkSyncOp *op,
        const char     *result,
        const char     *code,
        const char     *field,
        const char     *detail)
{
  GString *out = g_string_new (NULL);
  GkJsonOut j;

  gk_json_out_init (&j, out);
  write_head (&j, op, result);
  gk_json_out_member (&j, "error");
  gk_json_out_begin_object (&j);
  gk_json_out_string_member (&j, "code", code);
  if (field != NULL)
    gk_json_out_string_member (&j, "field", field);
  gk_json_out_string_member (&j, "detail", detail);
  gk_json_out_end_object (&j);
  gk_json_out_end_object (&j);

  return g_string_free (out, FALSE);
}

static char *
refuse_invalid (const GkSyncOp *op)
{
  return refuse (op, "invalid", gk_sync_error_get_code (op->invalid->code), op->invalid_field,
                 op->invalid->message);
}

static char *
write_result (const GkSyncOp     *op,
              const char         *result,
              const GkServerItem *state,
              const GString      *conflict)
{
  GString *out = g_string_new (NULL);
  GkJsonOut j;

  gk_json_out_init (&j, out);
  write_head (&j, op, result);
  gk_json_out_member (&j, "state");
  gk_sync_write_state (&j, state->seq, state->rev, state->deleted, state->json);
  if (conflict->len > 0)
    {
      gk_json_out_member (&j, "conflict");
      gk_json_out_raw (&j, conflict->str);
    }
  gk_json_out_end_object (&j);

  return g_string_free (out, FALSE);
}

/* The answer kept as its result's name alone (keep_result()), made again
 * from the revision of @seq that was its state: the same bytes. */
static char *
rebuild_result (Apply           *a,
                const GkSyncOp  *op,
                const char      *result,
                gint64           seq,
                GError         **error)
{
  static const char sql[] =
    "SELECT rev, deleted, fields FROM item_rev WHERE item_id = ? AND seq = ?";
  g_autoptr(GkServerCachedStmt) stmt = NULL;
  g_autoptr(GString) no_conflict = g_string_new (NULL);
  GkServerItem state = { 0 };

  if (!gk_server_db_prepare_cached (a->db, sql, &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, op->item_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, seq);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gk_server_db_set_error (a->db, error);
      return NULL;
    }
  state.seq = seq;
  state.rev = sqlite3_column_int64 (stmt, 0);
  state.deleted = sqlite3_column_int (stmt, 1) != 0;
  state.json = (char *) sqlite3_column_text (stmt, 2);
  return write_result (op, result, &state, no_conflict);
}

/* The result kept for @op's op_id, if it is the same op from the same
 * department; *reused when the op_id was used for another. */
static gboolean
find_applied (Apply           *a,
              const GkSyncOp  *op,
              char           **stored,
              gboolean        *reused,
              GError         **error)
{
  static const char sql[] =
    "SELECT op_hash, dept_id, result, seq FROM applied_op WHERE op_id = ?";
  g_autoptr(GkServerCachedStmt) stmt = NULL;
  const char *result;
  int rc;

  if (!gk_server_db_prepare_cached (a->db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->op_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return gk_server_db_set_error (a->db, error);

  if (op->invalid != NULL || sqlite3_column_bytes (stmt, 0) != GK_SYNC_OP_DIGEST_SIZE
      || memcmp (sqlite3_column_blob (stmt, 0), op->digest, GK_SYNC_OP_DIGEST_SIZE) != 0
      || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), a->push->dept_id) != 0)
    {
      *reused = TRUE;
      return TRUE;
    }
  result = (const char *) sqlite3_column_text (stmt, 2);
  if (result[0] == '{')
    *stored = g_strdup (result);
  else
    *stored = rebuild_result (a, op, result, sqlite3_column_int64 (stmt, 3), error);
  return *stored != NULL;
}

/* What makes an op invalid against the item as the server has it. */
static void
check_state (GkSyncOp           *op,
             const GkServerItem *current)
{
  if (op->kind == GK_SYNC_OP_CREATE)
    {
      if (op->base_rev != 0)
        gk_sync_op_set_invalid (op, GK_SYNC_ERROR_BAD_BASE_REV, NULL,
                                _("A create is based on revision 0."));
    }
  else if (current == NULL)
    gk_sync_op_set_invalid (op, GK_SYNC_ERROR_UNKNOWN_ITEM, NULL,
                            _("The server has no item “%s”."), op->item_id);
  else if (op->base_rev == 0 || op->base_rev > current->rev)
    gk_sync_op_set_invalid (op, GK_SYNC_ERROR_BAD_BASE_REV, NULL,
                            _("The op is based on a revision the item does not have."));
}

/* The kind of the open conflict @op resolves, or an invalid @op. */
static gboolean
check_resolves (Apply            *a,
                GkSyncOp         *op,
                GkMergeConflict  *kind,
                GError          **error)
{
  if (!gk_server_conflict_find_open (a->db, op->resolves, op->item_id, kind, error))
    return FALSE;
  if (*kind == GK_MERGE_CONFLICT_NONE)
    gk_sync_op_set_invalid (op, GK_SYNC_ERROR_UNKNOWN_CONFLICT, NULL,
                            _("The item has no open conflict “%s”."), op->resolves);
  return TRUE;
}

/* Keeps the merged item as the item's next revision, if it changed it. */
static gboolean
save_merge (Apply               *a,
            const GkSyncOp      *op,
            const GkServerItem  *current,
            GkMergeResult       *merge,
            GkServerItem       **saved,
            GError             **error)
{
  g_autoptr(GkServerItem) next = NULL;

  if (current != NULL && merge->changed == 0 && merge->deleted == current->deleted)
    return TRUE;

  next = gk_server_item_new (op->item_id, a->push->catalog_id, a->push->dept_id);
  next->rev = current != NULL ? current->rev + 1 : 1;
  next->deleted = merge->deleted;
  next->item = g_object_ref (merge->item);
  gk_item_set_times (next->item, current != NULL ? gk_item_get_created (current->item) : a->now,
                     a->now);
  if (!gk_server_item_save (a->db, next, &a->seq, op->op_id, a->push->token_id, merge->changed,
                            error))
    return FALSE;

  *saved = g_steal_pointer (&next);
  return TRUE;
}

/* The result of an op that changed something, answered again to a
 * retry: @text, or, without a conflict, only its name @result, the rest
 * being the revision of @state, which the item keeps (rebuild_result()):
 * otherwise each op would write its item a third time, after the item
 * and its revision, for an answer seldom asked again. */
static gboolean
keep_result (Apply               *a,
             const GkSyncOp      *op,
             const char          *result,
             const char          *text,
             const GkServerItem  *state,
             gboolean             conflict,
             GError             **error)
{
  static const char sql[] =
    "INSERT INTO applied_op (op_id, item_id, dept_id, token_id, op_hash, result, seq, at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  g_autoptr(GkServerCachedStmt) stmt = NULL;

  if (!gk_server_db_prepare_cached (a->db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->op_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, op->item_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, a->push->dept_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, a->push->token_id, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 5, op->digest, GK_SYNC_OP_DIGEST_SIZE, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, conflict ? text : result, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, state->seq);
  sqlite3_bind_int64 (stmt, 8, a->now / G_USEC_PER_SEC);
  return gk_server_db_step_done (stmt, error);
}

static GkMergeResult *
merge (Apply              *a,
       const GkSyncOp     *op,
       const GkServerItem *current,
       gboolean            restore,
       GError            **error)
{
  g_autoptr(GkItem) base = NULL;
  GkItem *theirs = current != NULL ? current->item : NULL;
  gboolean theirs_deleted = current != NULL && current->deleted && !restore;

  if (op->kind != GK_SYNC_OP_CREATE
      && (base = gk_server_item_load_rev (a->db, op->item_id, op->base_rev, error)) == NULL)
    return NULL;
  if (op->kind == GK_SYNC_OP_DELETE)
    return gk_merge_delete (base, theirs, theirs_deleted);

  return gk_merge_edit (base, op->item, op->fields, theirs, theirs_deleted);
}

/* Merges @op, keeps what it did, and returns its result. An update that
 * resolves an edit_deleted conflict restores the item. */
static char *
apply_merge (Apply              *a,
             const GkSyncOp     *op,
             const GkServerItem *current,
             GkMergeConflict     resolving,
             GError            **error)
{
  gboolean restore = resolving == GK_MERGE_CONFLICT_EDIT_DELETED && op->kind != GK_SYNC_OP_DELETE;
  g_autoptr(GkMergeResult) result = merge (a, op, current, restore, error);
  g_autoptr(GkServerItem) saved = NULL;
  g_autoptr(GString) conflict = g_string_new (NULL);
  g_autofree char *text = NULL;
  const GkServerItem *state;
  const char *name;
  GkMergeStatus status;

  if (result == NULL || !save_merge (a, op, current, result, &saved, error))
    return NULL;
  if (result->conflict != GK_MERGE_CONFLICT_NONE
      && !gk_server_conflict_record (a->db, current, op, result, a->now, conflict, error))
    return NULL;
  if (op->resolves != NULL
      && !gk_server_conflict_resolve (a->db, op->resolves, op->op_id, a->now, error))
    return NULL;

  status = restore && result->status == GK_MERGE_NOOP ? GK_MERGE_APPLIED : result->status;
  state = saved != NULL ? saved : current;
  name = gk_merge_status_to_string (status);
  text = write_result (op, name, state, conflict);
  if (!keep_result (a, op, name, text, state, conflict->len > 0, error))
    return NULL;

  return g_steal_pointer (&text);
}

static char *
apply_op (Apply     *a,
          GkSyncOp  *op,
          GError   **error)
{
  g_autoptr(GkServerItem) current = NULL;
  g_autofree char *stored = NULL;
  GkMergeConflict resolving = GK_MERGE_CONFLICT_NONE;
  gboolean reused = FALSE;
  gboolean first;

  if (!find_applied (a, op, &stored, &reused, error))
    return NULL;
  /* Every later op of an item is refused, whatever became of the first. */
  first = g_hash_table_add (a->seen, op->item_id);
  if (stored != NULL)
    return g_steal_pointer (&stored);
  if (reused)
    return refuse (op, "rejected", "op_id_reused", NULL,
                   _("This op_id was used before for another op."));
  if (a->push->dept_id == NULL)
    return refuse (op, "forbidden", "read_only", NULL,
                   _("The county office’s token changes no department’s items."));
  if (!first)
    gk_sync_op_set_invalid (op, GK_SYNC_ERROR_ITEM_REPEATED, NULL,
                            _("An op before this one in the push names the same item."));
  if (op->invalid != NULL)
    return refuse_invalid (op);

  if (!gk_server_item_load (a->db, op->item_id, &current, error))
    return NULL;
  if (current != NULL && (g_strcmp0 (current->dept_id, a->push->dept_id) != 0
                          || g_strcmp0 (current->catalog_id, a->push->catalog_id) != 0))
    return refuse (op, "forbidden", "other_department", NULL,
                   _("The item belongs to another department."));
  check_state (op, current);
  if (op->invalid == NULL && op->resolves != NULL
      && !check_resolves (a, op, &resolving, error))
    return NULL;
  if (op->invalid != NULL)
    return refuse_invalid (op);

  return apply_merge (a, op, current, resolving, error);
}

/**
 * gk_server_push_write:
 * @db: the writer's connection, in a transaction
 * @push: a #GkServerPush
 * @error: return location for a #GError
 *
 * A #GkServerWriteFunc: applies the push's ops in order and sets their
 * results, and the change numbers before and after them: the writer
 * runs one push at a time, so every change between them is one of its
 * results. On an error the transaction is rolled back: none of the push
 * is applied.
 *
 * Returns: whether every op has its result
 */
gboolean
gk_server_push_write (sqlite3   *db,
                      gpointer   push,
                      GError   **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  Apply a = { db, push, seen, g_get_real_time (), 0 };

  g_ptr_array_set_size (a.push->results, 0);
  if (!gk_server_item_read_seq (db, &a.seq, error))
    return FALSE;
  a.push->since_seq = a.seq;
  for (guint i = 0; i < a.push->ops->len; i++)
    {
      char *result = apply_op (&a, g_ptr_array_index (a.push->ops, i), error);

      if (result == NULL)
        return FALSE;
      g_ptr_array_add (a.push->results, result);
    }

  a.push->last_seq = a.seq;
  return a.seq == a.push->since_seq || gk_server_item_write_seq (db, a.seq, error);
}
