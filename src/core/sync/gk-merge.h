/* gk-merge.h: the per-field three-way merge of sync (docs/sync-protocol.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-item.h"

G_BEGIN_DECLS

/**
 * GkMergeStatus:
 * @GK_MERGE_NOOP: the item stays as theirs: mine changes nothing in it
 * @GK_MERGE_APPLIED: theirs had not changed since the base, and mine was
 *   applied as it is (or theirs did not exist: a create)
 * @GK_MERGE_MERGED: theirs had changed since the base too, in other fields
 *   or other elements of a set; both changes are kept
 * @GK_MERGE_CONFLICT: see #GkMergeConflict; what does not conflict is
 *   applied, what does keeps theirs, and nothing of mine is lost: the
 *   conflict fields hold it
 *
 * What a merge did, as the push result of the protocol names it.
 */
typedef enum
{
  GK_MERGE_NOOP,
  GK_MERGE_APPLIED,
  GK_MERGE_MERGED,
  GK_MERGE_CONFLICT,
} GkMergeStatus;

/**
 * GkMergeConflict:
 * @GK_MERGE_CONFLICT_NONE: no conflict
 * @GK_MERGE_CONFLICT_FIELDS: both sides changed a field since the base, to
 *   different values
 * @GK_MERGE_CONFLICT_EDIT_DELETED: mine edits an item that theirs deleted;
 *   it stays deleted
 * @GK_MERGE_CONFLICT_DELETE_CHANGED: mine deletes an item that theirs
 *   changed since the base; it is not deleted
 *
 * The kinds of conflict records.
 */
typedef enum
{
  GK_MERGE_CONFLICT_NONE,
  GK_MERGE_CONFLICT_FIELDS,
  GK_MERGE_CONFLICT_EDIT_DELETED,
  GK_MERGE_CONFLICT_DELETE_CHANGED,
} GkMergeConflict;

/**
 * GkMergeResult:
 * @status: what the merge did
 * @conflict: the kind of conflict, %GK_MERGE_CONFLICT_NONE unless @status
 *   is %GK_MERGE_CONFLICT
 * @item: the item after the merge, with theirs' position and times (none
 *   for a new item): what the server keeps
 * @deleted: whether @item is deleted after the merge
 * @changed: the fields in which @item differs from @theirs
 * @conflicts: the fields of the conflict record; each one's values are
 *   those of @base, @mine and @theirs
 * @base: the base the merge used; an empty item when none was given
 * @mine: (nullable): the item of the op, whose fields in the op are mine;
 *   %NULL for a delete
 * @theirs: the item before the merge; an empty item when there was none
 *
 * The outcome of gk_merge_edit() or gk_merge_delete(). It holds
 * references to the items it was given, which must not change while it
 * lives.
 */
typedef struct
{
  GkMergeStatus    status;
  GkMergeConflict  conflict;
  GkItem          *item;
  gboolean         deleted;
  GkFieldMask      changed;
  GkFieldMask      conflicts;
  GkItem          *base;
  GkItem          *mine;
  GkItem          *theirs;
} GkMergeResult;

GkMergeResult *gk_merge_edit        (GkItem        *base,
                                     GkItem        *mine,
                                     GkFieldMask    fields,
                                     GkItem        *theirs,
                                     gboolean       theirs_deleted);
GkMergeResult *gk_merge_delete      (GkItem        *base,
                                     GkItem        *theirs,
                                     gboolean       theirs_deleted);
void           gk_merge_result_free (GkMergeResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkMergeResult, gk_merge_result_free)

G_END_DECLS
