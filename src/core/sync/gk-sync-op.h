/* gk-sync-op.h: one op of a push, read and checked (docs/sync-protocol.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-item.h"
#include "gk-json-syntax.h"

G_BEGIN_DECLS

#define GK_SYNC_ERROR (gk_sync_error_quark ())

/**
 * GkSyncError:
 * @GK_SYNC_ERROR_BAD_OP: the op itself cannot be read (not an object, a
 *   member missing, unknown or of the wrong type): the whole push is
 *   refused, since no result could say which op it answers
 * @GK_SYNC_ERROR_UNKNOWN_FIELD: a key of `set` that is not a field
 * @GK_SYNC_ERROR_BAD_VALUE: a value of the wrong type, an unknown domain,
 *   channel, audience or method, a level outside the catalog's set
 * @GK_SYNC_ERROR_TEXT_TOO_LONG: a text over %GK_TEXT_MAX_CELL_CHARS
 * @GK_SYNC_ERROR_BAD_TEXT: a text with U+FFFE or U+FFFF
 * @GK_SYNC_ERROR_MISSING_DOMAIN: a create without a domain
 * @GK_SYNC_ERROR_UNKNOWN_ITEM: an update or delete of an item the server
 *   never had
 * @GK_SYNC_ERROR_BAD_BASE_REV: a create's is not 0; an update's or a
 *   delete's is 0 or above the item's rev
 * @GK_SYNC_ERROR_ITEM_REPEATED: a second op of one item in one push
 * @GK_SYNC_ERROR_UNKNOWN_CONFLICT: `resolves` names no open conflict of
 *   the item
 *
 * Why an op is refused. All but the first make the op's result `invalid`,
 * with the code gk_sync_error_get_code() names.
 */
typedef enum
{
  GK_SYNC_ERROR_BAD_OP,
  GK_SYNC_ERROR_UNKNOWN_FIELD,
  GK_SYNC_ERROR_BAD_VALUE,
  GK_SYNC_ERROR_TEXT_TOO_LONG,
  GK_SYNC_ERROR_BAD_TEXT,
  GK_SYNC_ERROR_MISSING_DOMAIN,
  GK_SYNC_ERROR_UNKNOWN_ITEM,
  GK_SYNC_ERROR_BAD_BASE_REV,
  GK_SYNC_ERROR_ITEM_REPEATED,
  GK_SYNC_ERROR_UNKNOWN_CONFLICT,
} GkSyncError;

typedef enum
{
  GK_SYNC_OP_CREATE,
  GK_SYNC_OP_UPDATE,
  GK_SYNC_OP_DELETE,
} GkSyncOpKind;

#define GK_SYNC_OP_DIGEST_SIZE 32

/**
 * GkSyncOp:
 * @op_id: the op's UUID, lower case
 * @item_id: the item's UUID, lower case
 * @kind: create, update or delete
 * @base_rev: the rev the op is based on, 0 for a create
 * @item: (nullable): mine: an item with the values of @fields, the others
 *   empty; %NULL for a delete
 * @fields: the fields the op sets
 * @resolves: (nullable): the id of the conflict the op settles
 * @invalid: (nullable): a #GK_SYNC_ERROR saying why the op cannot be
 *   applied as it is
 * @invalid_field: (nullable): the key of the field @invalid is about
 * @digest: SHA-256 of the op as read (normalized), when it is valid: an
 *   op_id sent again with another op is told apart by it
 */
typedef struct
{
  char         *op_id;
  char         *item_id;
  GkSyncOpKind  kind;
  gint64        base_rev;
  GkItem       *item;
  GkFieldMask   fields;
  char         *resolves;
  GError       *invalid;
  const char   *invalid_field;
  guint8        digest[GK_SYNC_OP_DIGEST_SIZE];
} GkSyncOp;

GQuark       gk_sync_error_quark      (void);
const char  *gk_sync_error_get_code   (GkSyncError          code);
const char  *gk_sync_op_kind_to_string (GkSyncOpKind        kind);

GkSyncOp    *gk_sync_op_read          (const GkJsonValue   *value,
                                       guint                index,
                                       const char * const  *levels,
                                       GError             **error);
void         gk_sync_op_set_invalid   (GkSyncOp            *op,
                                       GkSyncError          code,
                                       const char          *field,
                                       const char          *format,
                                       ...) G_GNUC_PRINTF (4, 5);
void         gk_sync_op_free          (GkSyncOp            *op);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkSyncOp, gk_sync_op_free)

G_END_DECLS
