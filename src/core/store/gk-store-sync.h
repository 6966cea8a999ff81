/* gk-store-sync.h: what the sync engine asks of the local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "gk-json-syntax.h"
#include "gk-store.h"

G_BEGIN_DECLS

/* No revision: an op of an item the server has not answered for yet. */
#define GK_STORE_NO_REV ((gint64) -1)

/**
 * GkStoreSyncKey:
 * @GK_STORE_SYNC_SERVER: the server's URL; set while the store is enrolled
 * @GK_STORE_SYNC_SERVER_ID: the id the server gives itself
 * @GK_STORE_SYNC_CURSOR: where the next pull starts
 * @GK_STORE_SYNC_CATALOG: the catalog on the server
 * @GK_STORE_SYNC_DEPT: this PC's department
 * @GK_STORE_SYNC_ROLE: its role on the server
 * @GK_STORE_SYNC_LAST_SYNC: when the last sync completed (ISO 8601, UTC)
 * @GK_STORE_SYNC_TOKEN_REFUSED: when the server last refused this PC's
 *   token (401); cleared by the next completed sync: until then the PC
 *   needs a new token, and its changes wait
 * @GK_STORE_SYNC_DEPARTMENTS: the catalog's departments as the server
 *   last listed them (`/info`'s `departments`, JSON), to name the owner of
 *   each item
 * @GK_STORE_SYNC_CONFLICTS_TAG: the server's tag of the open conflicts the
 *   store holds (`conflicts_tag`): the list is asked for again only when
 *   `/info` gives another
 *
 * What the store keeps of the sync (never the token).
 */
typedef enum
{
  GK_STORE_SYNC_SERVER,
  GK_STORE_SYNC_SERVER_ID,
  GK_STORE_SYNC_CURSOR,
  GK_STORE_SYNC_CATALOG,
  GK_STORE_SYNC_DEPT,
  GK_STORE_SYNC_ROLE,
  GK_STORE_SYNC_LAST_SYNC,
  GK_STORE_SYNC_TOKEN_REFUSED,
  GK_STORE_SYNC_DEPARTMENTS,
  GK_STORE_SYNC_CONFLICTS_TAG,
} GkStoreSyncKey;

/**
 * GkStoreEnrollment:
 * @server: the server's URL
 * @server_id: (nullable): the server's id, if known yet
 * @catalog: the catalog on the server
 * @dept: (nullable): this PC's department id; %NULL for the office's
 *   token, which reads every department's items and changes none
 * @role: its role
 * @departments: (nullable): the catalog's departments, as `/info` lists
 *   them (%GK_STORE_SYNC_DEPARTMENTS)
 *
 * What gk_store_enroll() records.
 */
typedef struct
{
  const char *server;
  const char *server_id;
  const char *catalog;
  const char *dept;
  const char *role;
  const char *departments;
} GkStoreEnrollment;

/**
 * GkStoreOpState:
 * @GK_STORE_OP_PENDING: not sent yet; later edits of the item join it
 * @GK_STORE_OP_SENT: sent, not answered yet: send it again, as it is
 * @GK_STORE_OP_REJECTED: refused by the server; kept, with its reason
 */
typedef enum
{
  GK_STORE_OP_PENDING,
  GK_STORE_OP_SENT,
  GK_STORE_OP_REJECTED,
} GkStoreOpState;

/**
 * GkStoreOp:
 * @op_id: its UUID, the same on every retry
 * @item_id: the item it changes
 * @kind: "create", "update" or "delete"
 * @base_rev: the item's rev it was made on, or %GK_STORE_NO_REV
 * @fields: the keys of the fields it sets, in the order of the field table
 * @state: where it is
 * @reason: (nullable): why the server refused it
 * @set: the text of a JSON object: @fields with the item's current values
 *   in the canonical form (docs/catalog-format.md); empty for a delete, or
 *   when the item was deleted here since
 * @resolves: (nullable): the id of the conflict it settles
 *
 * An op of the outbox, as gk_store_list_ops() gives it.
 */
typedef struct
{
  char            *op_id;
  char            *item_id;
  char            *kind;
  gint64           base_rev;
  GStrv            fields;
  GkStoreOpState   state;
  char            *reason;
  char            *set;
  char            *resolves;
} GkStoreOp;

void gk_store_op_free (GkStoreOp *op);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkStoreOp, gk_store_op_free)

/**
 * GkStoreServerItem:
 * @item_id: the item
 * @rev: its rev on the server
 * @json: (nullable): the item in the canonical JSON form, %NULL when it is
 *   deleted on the server
 * @value: (nullable): @json read already, when the caller has it (the
 *   item of an answer's tree), else %NULL
 *
 * An item as the server holds it.
 */
typedef struct
{
  const char         *item_id;
  gint64              rev;
  const char         *json;
  const GkJsonValue  *value;
} GkStoreServerItem;

/**
 * GkStoreConflict:
 * @id: the conflict record's id, given by the server
 * @item_id: the item
 * @json: the record, as the server sends it
 * @state: its state, as the server names it
 *
 * A conflict record of the server.
 */
typedef struct
{
  const char *id;
  const char *item_id;
  const char *json;
  const char *state;
} GkStoreConflict;

/**
 * GkStoreAnswerKind:
 * @GK_STORE_ANSWER_APPLIED: applied, merged or a no-op: the server holds
 *   the item as the answer's @item says
 * @GK_STORE_ANSWER_REJECTED: rejected, forbidden or invalid: the op is kept
 *   with the reason, for the user to see
 * @GK_STORE_ANSWER_CONFLICT: the server kept a conflict record
 *
 * What the server's answer to an op means for the store.
 */
typedef enum
{
  GK_STORE_ANSWER_APPLIED,
  GK_STORE_ANSWER_REJECTED,
  GK_STORE_ANSWER_CONFLICT,
} GkStoreAnswerKind;

/**
 * GkStoreAnswer:
 * @kind: what it means
 * @op_id: the op answered
 * @item: the item as the server holds it after the op (its @item_id is not
 *   read: the op's is); for a conflict, @rev may be %GK_STORE_NO_REV when
 *   the answer does not say
 * @reason: (nullable): for %GK_STORE_ANSWER_REJECTED, the server's reason
 * @conflict: for %GK_STORE_ANSWER_CONFLICT, the record
 *
 * The server's answer to one op.
 */
typedef struct
{
  GkStoreAnswerKind  kind;
  const char        *op_id;
  GkStoreServerItem  item;
  const char        *reason;
  GkStoreConflict    conflict;
} GkStoreAnswer;

/**
 * GkStorePushAnswers:
 * @answers: (array length=n_answers): the answers to the ops of one push
 * @n_answers: how many
 * @since: (nullable): the cursor before the push's changes, as the answer
 *   gives it
 * @next: (nullable): the cursor after them
 *
 * The server's answer to one push.
 */
typedef struct
{
  const GkStoreAnswer *answers;
  guint                n_answers;
  const char          *since;
  const char          *next;
} GkStorePushAnswers;

/**
 * GkStorePage:
 * @items: (array length=n_items): the items changed on the server
 * @n_items: how many
 * @conflicts: (array length=n_conflicts): conflict records, new or changed
 * @n_conflicts: how many
 * @cursor: where the next pull starts
 *
 * One page of a pull.
 */
typedef struct
{
  const GkStoreServerItem *items;
  guint                    n_items;
  const GkStoreConflict   *conflicts;
  guint                    n_conflicts;
  const char              *cursor;
} GkStorePage;

GHashTable  *gk_store_new_touched          (void);
char        *gk_store_dup_sync_value       (GkStore            *self,
                                            GkStoreSyncKey      key,
                                            GError            **error);
gboolean     gk_store_set_sync_value       (GkStore            *self,
                                            GkStoreSyncKey      key,
                                            const char         *value,
                                            GError            **error);
gboolean     gk_store_enroll               (GkStore            *self,
                                            const GkStoreEnrollment *enrollment,
                                            GError            **error);
gboolean     gk_store_leave                (GkStore            *self,
                                            GError            **error);
GPtrArray   *gk_store_list_ops             (GkStore            *self,
                                            guint               max,
                                            GError            **error);
GPtrArray   *gk_store_list_ops_except      (GkStore            *self,
                                            guint               max,
                                            GHashTable         *skip,
                                            GError            **error);
GPtrArray   *gk_store_list_rejected_ops    (GkStore            *self,
                                            GError            **error);
gboolean     gk_store_drop_rejected        (GkStore            *self,
                                            const char         *id,
                                            GkItem            **item,
                                            GError            **error);
gboolean     gk_store_mark_ops_sent        (GkStore            *self,
                                            GPtrArray          *ops,
                                            GError            **error);
gboolean     gk_store_count_ops            (GkStore            *self,
                                            guint              *n_unanswered,
                                            guint              *n_rejected,
                                            GError            **error);
GHashTable  *gk_store_record_answers       (GkStore            *self,
                                            const GkStoreAnswer *answers,
                                            guint               n_answers,
                                            const char         *since,
                                            const char         *next,
                                            GError            **error);
void         gk_store_set_syncing          (GkStore            *self,
                                            gboolean            syncing);
GHashTable  *gk_store_record_pushes        (GkStore            *self,
                                            const GkStorePushAnswers *pushes,
                                            guint               n_pushes,
                                            GError            **error);
GHashTable  *gk_store_apply_page           (GkStore            *self,
                                            const GkStorePage  *page,
                                            GError            **error);
gboolean     gk_store_get_base_rev         (GkStore            *self,
                                            const char         *item_id,
                                            gint64             *rev,
                                            GError            **error);
gboolean     gk_store_resolve              (GkStore            *self,
                                            const char         *conflict_id,
                                            const char         *item_id,
                                            GkItem             *item,
                                            GkFieldMask         fields,
                                            GError            **error);
gboolean     gk_store_set_open_conflicts   (GkStore            *self,
                                            const GkStoreConflict *conflicts,
                                            guint               n_conflicts,
                                            gboolean            complete,
                                            const char         *tag,
                                            GError            **error);
GPtrArray   *gk_store_list_open_conflicts  (GkStore            *self,
                                            GError            **error);
gboolean     gk_store_count_open_conflicts (GkStore            *self,
                                            guint              *n_open,
                                            GError            **error);
GkItem      *gk_store_load_last_version    (GkStore            *self,
                                            const char         *id,
                                            GError            **error);
gboolean     gk_store_begin_resync         (GkStore            *self,
                                            const char         *server_id,
                                            GError            **error);
gboolean     gk_store_is_resyncing         (GkStore            *self,
                                            gboolean           *resyncing,
                                            GError            **error);
gboolean     gk_store_finish_resync        (GkStore            *self,
                                            GError            **error);

G_END_DECLS
