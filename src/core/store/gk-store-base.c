/* gk-store-base.c: the server's versions of items, from answers and pulls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "gk-catalog-json.h"
#include "gk-item-json.h"
#include "gk-store-private.h"
#include "gk-store-sync.h"

/*
 * The local view of an item is its base (the server's version last seen,
 * item_base) with the changes the outbox still holds for it. Whenever a new
 * base arrives, in an answer to an op or in a pulled page, the local item
 * becomes the base again with the fields of its ops kept from the local
 * item. What comes from the server is not a local change: it is written
 * here, never through gk-store-history.c, so it makes no op and no undo
 * step.
 */

static gboolean
set_base (GkStore                  *self,
          const GkStoreServerItem  *server,
          GError                  **error)
{
  sqlite3_stmt *stmt = gk_store_get_statement (self, "INSERT OR REPLACE INTO item_base "
                                               "(item_id, rev, json, deleted) "
                                               "VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, server->item_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, server->rev);
  sqlite3_bind_text (stmt, 3, server->json, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, server->json == NULL);
  return gk_store_step_statement (self, stmt, error);
}

/* The item's pending ops now start from @rev: the local item is made on it. */
static gboolean
rebase_pending (GkStore     *self,
                const char  *id,
                gint64       rev,
                GError     **error)
{
  sqlite3_stmt *stmt = gk_store_get_statement (self, "UPDATE outbox SET base_rev = ? "
                                               "WHERE item_id = ? AND state = 'pending'",
                                               error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rev);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  return gk_store_step_statement (self, stmt, error);
}

/* Gives @server what the outbox still changes in @local. Ops carry no
 * position, so the user's order here stays. */
static void
keep_local_changes (GkItem         *server,
                    GkItem         *local,
                    GkFieldMask   fields)
{
  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (fields & (1u << f))
        gk_item_copy_field (server, local, f);
    }
  gk_item_set_position (server, gk_item_get_position (local));
  if (fields != 0)
    gk_item_set_times (server, gk_item_get_created (server), gk_item_get_modified (local));
}

/* Puts @item, new here, after the last item of its domain. Positions are
 * not synced (docs/sync-protocol.md): without this every pulled item sat
 * at 0, and a PC that pulled a catalog listed each domain by random id. */
static gboolean
place_at_end (GkStore  *self,
              GkItem   *item,
              GError  **error)
{
  g_autofree char *next = NULL;

  if (!gk_store_lookup_text (self, "SELECT max (position) + 1 FROM items WHERE domain = ?",
                             gk_item_get_text (item, GK_FIELD_DOMAIN), &next, error))
    return FALSE;
  gk_item_set_position (item, next != NULL ? (int) g_ascii_strtoll (next, NULL, 10) : 0);
  return TRUE;
}

/*
 * Makes the local item of @id the server's @server (NULL: deleted there)
 * with the changes @outbox holds for it. An item deleted here or there while
 * ops of it are not answered stays as it is here: the server's answers to
 * those ops will settle it.
 */
static gboolean
settle_item (GkStore        *self,
             const char     *id,
             GkItem         *server,
             GkStoreOutbox  *outbox,
             GHashTable     *touched,
             GError        **error)
{
  g_autoptr(GkItem) local = NULL;

  if (!gk_store_select_item (self, id, &local, error))
    return FALSE;
  if (outbox->has_ops && (local == NULL || server == NULL))
    return TRUE;
  if (server == NULL)
    {
      if (local == NULL)
        return TRUE;
      g_hash_table_replace (touched, g_strdup (id), NULL);
      return gk_store_remove_item (self, id, error);
    }

  if (local != NULL)
    {
      keep_local_changes (server, local, outbox->op_fields);
      if (gk_item_equal (server, local))
        return TRUE;
    }
  else if (!place_at_end (self, server, error))
    return FALSE;
  g_hash_table_replace (touched, g_strdup (id), g_object_ref (server));
  return gk_store_write_item (self, server, error);
}

static gboolean
parse_server_item (const GkStoreServerItem  *server,
                   GkItem                  **item,
                   GError                  **error)
{
  if (server->value != NULL && server->json != NULL)
    {
      *item = gk_item_new_from_value (server->value, server->item_id, error);
      if (*item == NULL)
        return FALSE;
    }
  else if (!gk_store_item_from_json (server->json, server->item_id, item, error))
    return FALSE;
  if (*item == NULL || g_ascii_strcasecmp (gk_item_get_id (*item), server->item_id) == 0)
    return TRUE;

  g_set_error (error, GK_FORMAT_ERROR, GK_FORMAT_ERROR_INVALID,
               _("The server sent item “%s” as the version of item “%s”."),
               gk_item_get_id (*item), server->item_id);
  g_clear_object (item);
  return FALSE;
}

/*
 * Takes the server's version of an item: it becomes the base, and the local
 * item becomes it with the changes the outbox still holds. A version older
 * than the base (a page pulled before an answer came) is not taken.
 */
static gboolean
take_server_item (GkStore                  *self,
                  const GkStoreServerItem  *server,
                  GHashTable               *touched,
                  GError                  **error)
{
  g_autoptr(GkItem) item = NULL;
  GkStoreOutbox outbox;
  gboolean ok;

  /* During a resync, what the restored server lost is queued again first,
   * so that the local item keeps it. */
  if (!parse_server_item (server, &item, error)
      || !gk_store_compare_resync_base (self, server, item, error)
      || !gk_store_read_outbox (self, server->item_id, &outbox, error))
    return FALSE;
  ok = outbox.has_base && outbox.base_rev > server->rev;
  if (!ok)
    ok = set_base (self, server, error)
         && (outbox.pending == 0
             || rebase_pending (self, server->item_id, server->rev, error))
         && settle_item (self, server->item_id, item, &outbox, touched, error);
  gk_store_outbox_clear (&outbox);
  return ok;
}

/**
 * gk_store_get_base_rev:
 * @self: an open store
 * @item_id: an item's id
 * @rev: (out): the server's revision the store holds as the item's base,
 *   %GK_STORE_NO_REV when it holds none
 * @error: return location for a #GError
 *
 * A pull lists the items a push of this PC has just changed; their
 * answers made those revisions the bases already, and a revision of the
 * server is one state of the item (a restored server, whose revisions
 * may be other states, comes with a resync that drops every base). So a
 * pulled item whose revision is the base's need not be read again.
 *
 * Returns: whether the store could be read
 */
gboolean
gk_store_get_base_rev (GkStore     *self,
                       const char  *item_id,
                       gint64      *rev,
                       GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (item_id != NULL && rev != NULL, FALSE);

  *rev = GK_STORE_NO_REV;
  if (!gk_store_check_open (self, error)
      || !gk_store_lookup_text (self, "SELECT rev FROM item_base WHERE item_id = ?", item_id,
                                &text, error))
    return FALSE;
  if (text != NULL)
    *rev = g_ascii_strtoll (text, NULL, 10);
  return TRUE;
}

/* Removes op @op_id, or marks it rejected with @reason when @reason is
 * not NULL, and sets @item_id to its item; to NULL when there is no such
 * op (its answer was recorded already), and nothing changes. */
static gboolean
end_op (GkStore     *self,
        const char  *op_id,
        const char  *reason,
        char       **item_id,
        GError     **error)
{
  sqlite3_stmt *stmt = gk_store_get_statement (self, reason == NULL
                                               ? "DELETE FROM outbox WHERE op_id = ?1 "
                                                 "RETURNING item_id"
                                               : "UPDATE outbox SET state = 'rejected', "
                                                 "reason = ?2 WHERE op_id = ?1 "
                                                 "RETURNING item_id", error);
  int rc;

  *item_id = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_STATIC);
  if (reason != NULL)
    sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
  /* The change is made by the first step; the second ends the statement. */
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *item_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE || gk_store_set_error (self->db, error);
}

/* Records the answer to an op; sets @item_id to the op's item, NULL when
 * the op was answered before. */
static gboolean
record_answer (GkStore              *self,
               const GkStoreAnswer  *answer,
               char                **item_id,
               GHashTable           *touched,
               GError              **error)
{
  GkStoreServerItem server = answer->item;
  const char *reason = NULL;

  if (answer->kind == GK_STORE_ANSWER_REJECTED)
    reason = answer->reason != NULL ? answer->reason : "";
  if (!end_op (self, answer->op_id, reason, item_id, error))
    return FALSE;
  if (*item_id == NULL)
    return TRUE;
  server.item_id = *item_id;
  switch (answer->kind)
    {
    case GK_STORE_ANSWER_REJECTED:
      return TRUE;
    case GK_STORE_ANSWER_CONFLICT:
      return gk_store_save_conflict (self, &answer->conflict, error)
             && (server.rev == GK_STORE_NO_REV
                 || take_server_item (self, &server, touched, error));
    case GK_STORE_ANSWER_APPLIED:
    default:
      return take_server_item (self, &server, touched, error);
    }
}

/* Whether @answer leaves the store holding the revision its op made, if
 * it made one: its op was still in the outbox, and a change comes with
 * its state. */
static gboolean
is_taken (const GkStoreAnswer  *answer,
          const char           *item_id)
{
  return item_id != NULL
         && (answer->kind == GK_STORE_ANSWER_REJECTED || answer->item.rev != GK_STORE_NO_REV);
}

/*
 * The push's changes are all the server made between its cursors @since
 * and @next (docs/sync-protocol.md). A store whose cursor was @since and
 * that took the state of every op answered holds every change up to
 * @next: its cursor moves there, and the pull after the push does not
 * fetch back what the push sent (10,000 items pushed came back whole). A
 * store that never pulled holds the empty cursor. Not during a resync,
 * whose pull reads everything again.
 */
static gboolean
follow_push (GkStore     *self,
             const char  *since,
             const char  *next,
             GError     **error)
{
  const char *key = gk_store_sync_keys[GK_STORE_SYNC_CURSOR];
  g_autofree char *cursor = NULL;
  gboolean resyncing = FALSE;

  if (!gk_store_dup_sync_key (self, key, &cursor, error)
      || !gk_store_is_resyncing (self, &resyncing, error))
    return FALSE;
  if (resyncing || g_strcmp0 (cursor != NULL ? cursor : "", since) != 0)
    return TRUE;
  return gk_store_set_sync_key (self, key, next, error);
}

/* Records the answers of one push; %FALSE when the store could not. */
static gboolean
record_push (GkStore                   *self,
             const GkStorePushAnswers  *push,
             GHashTable                *touched,
             GError                   **error)
{
  gboolean all_taken = push->since != NULL && push->next != NULL;

  for (guint i = 0; i < push->n_answers; i++)
    {
      g_autofree char *item_id = NULL;

      g_return_val_if_fail (push->answers[i].op_id != NULL, FALSE);
      if (!record_answer (self, &push->answers[i], &item_id, touched, error))
        return FALSE;
      all_taken &= is_taken (&push->answers[i], item_id);
    }
  return !all_taken || follow_push (self, push->since, push->next, error);
}

/**
 * gk_store_record_pushes:
 * @self: an open store
 * @pushes: (array length=n_pushes): the server's answers to pushes, in the
 *   order it applied them (as their cursors tell)
 * @n_pushes: how many
 * @error: return location for a #GError
 *
 * Records the answers in one transaction, the only one that removes ops
 * from the outbox: applied, the op is removed and the server's version
 * becomes the item's base and, with the changes of the item's other ops,
 * the local item; rejected, the op is kept, marked with the reason; a
 * conflict, the op is removed, the record kept, and the server's version
 * taken as for applied if the answer gives it. The answer to an op no
 * longer in the outbox (recorded before) changes nothing. One transaction
 * for the pushes of a round: one wait for the disk instead of one per op
 * (10,000 pushed items took 10,000 syncs of the disk), and each page of
 * the outbox's and the bases' indexes (keyed by random UUIDs, so that
 * 200 answers touch most of them) written once. A crash before its commit
 * leaves the ops sent, and the server answers them again from its results.
 *
 * When the store's cursor is a push's `since` and every answer of it was
 * taken, the cursor becomes its `next` in the same transaction: the store
 * holds every change up to it.
 *
 * Returns: (transfer full) (element-type utf8 GkItem): the local items it
 *   changed (see gk_store_undo()), empty when none; %NULL on error, when
 *   nothing is recorded
 */
GHashTable *
gk_store_record_pushes (GkStore                   *self,
                        const GkStorePushAnswers  *pushes,
                        guint                      n_pushes,
                        GError                   **error)
{
  g_autoptr(GHashTable) touched = gk_store_new_touched ();
  gboolean ok = TRUE;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (pushes != NULL || n_pushes == 0, NULL);

  if (!gk_store_begin (self, error))
    return NULL;
  for (guint i = 0; ok && i < n_pushes; i++)
    ok = record_push (self, &pushes[i], touched, error);
  if (!gk_store_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&touched);
}

/**
 * gk_store_record_answers:
 * @self: an open store
 * @answers: (array length=n_answers): the server's answers to the ops of
 *   one push
 * @n_answers: how many
 * @since: (nullable): the cursor before the push's changes, as the answer
 *   gives it
 * @next: (nullable): the cursor after them
 * @error: return location for a #GError
 *
 * gk_store_record_pushes() of one push.
 *
 * Returns: (transfer full) (element-type utf8 GkItem): the local items it
 *   changed, empty when none; %NULL on error, when nothing is recorded
 */
GHashTable *
gk_store_record_answers (GkStore              *self,
                         const GkStoreAnswer  *answers,
                         guint                 n_answers,
                         const char           *since,
                         const char           *next,
                         GError              **error)
{
  GkStorePushAnswers push = { answers, n_answers, since, next };

  g_return_val_if_fail (answers != NULL || n_answers == 0, NULL);

  return gk_store_record_pushes (self, &push, 1, error);
}

static gboolean
apply_page (GkStore            *self,
            const GkStorePage  *page,
            GHashTable         *touched,
            GError            **error)
{
  for (guint i = 0; i < page->n_items; i++)
    {
      if (!take_server_item (self, &page->items[i], touched, error))
        return FALSE;
    }
  for (guint i = 0; i < page->n_conflicts; i++)
    {
      if (!gk_store_save_conflict (self, &page->conflicts[i], error))
        return FALSE;
    }
  return gk_store_set_sync_key (self, gk_store_sync_keys[GK_STORE_SYNC_CURSOR], page->cursor,
                                error);
}

/**
 * gk_store_apply_page:
 * @self: an open store
 * @page: a page pulled from the server
 * @error: return location for a #GError
 *
 * Takes the page's items (each becomes the base of its item and, with the
 * changes the outbox holds for it, the local item: a pending local change
 * keeps its values), its conflict records and its cursor, all in one
 * transaction. These are not local changes: no op, no undo step.
 *
 * Returns: (transfer full) (element-type utf8 GkItem): the local items it
 *   changed (see gk_store_undo()), empty when none; %NULL on error, when
 *   nothing of the page is taken
 */
GHashTable *
gk_store_apply_page (GkStore            *self,
                     const GkStorePage  *page,
                     GError            **error)
{
  g_autoptr(GHashTable) touched = gk_store_new_touched ();

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (page != NULL && page->cursor != NULL, NULL);

  if (!gk_store_begin (self, error)
      || !gk_store_end (self, apply_page (self, page, touched, error), error))
    return NULL;
  return g_steal_pointer (&touched);
}
