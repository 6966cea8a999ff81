/* gk-sync-record.c: an item's state and a conflict's fields as the
 * protocol writes them
 *
 * Both ends read these: the server writes them into its answers (and
 * keeps them, for retries and the conflict list), the client takes a
 * state as its new base and shows a conflict's values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-item-json.h"
#include "gk-sync-record.h"

/**
 * gk_merge_status_to_string:
 * @status: what a merge did
 *
 * Returns: the push result that names it, e.g. "merged"
 */
const char *
gk_merge_status_to_string (GkMergeStatus status)
{
  static const char * const names[] = { "noop", "applied", "merged", "conflict" };

  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (names), NULL);

  return names[status];
}

/**
 * gk_merge_conflict_to_string:
 * @conflict: a kind of conflict, not %GK_MERGE_CONFLICT_NONE
 *
 * Returns: the `kind` of its record, e.g. "edit_deleted"
 */
const char *
gk_merge_conflict_to_string (GkMergeConflict conflict)
{
  static const char * const names[] = { NULL, "fields", "edit_deleted", "delete_changed" };

  g_return_val_if_fail ((guint) conflict < G_N_ELEMENTS (names), NULL);

  return names[conflict];
}

/**
 * gk_sync_write_state:
 * @j: a writer
 * @seq: the change that made this state
 * @rev: the item's revision
 * @deleted: whether the item is deleted
 * @item_json: the item object, as gk_item_write_json() wrote it
 *
 * Writes an item's state: an entry of the change feed, the `state` of a
 * push result.
 */
void
gk_sync_write_state (GkJsonOut  *j,
                     gint64      seq,
                     gint64      rev,
                     gboolean    deleted,
                     const char *item_json)
{
  gk_json_out_begin_object (j);
  gk_json_out_int_member (j, "seq", seq);
  gk_json_out_int_member (j, "rev", rev);
  gk_json_out_boolean_member (j, "deleted", deleted);
  gk_json_out_member (j, "item");
  gk_json_out_raw (j, item_json);
  gk_json_out_end_object (j);
}

static void
write_value (GkJsonOut  *j,
             const char *name,
             GkItem     *item,
             GkField     field)
{
  gk_json_out_member (j, name);
  gk_item_write_field_value (item, field, gk_json_out_value (j));
}

/**
 * gk_sync_write_conflict_fields:
 * @j: a writer
 * @merge: a merge that made a conflict
 *
 * Writes the `fields` of its conflict record: for each field, its value
 * in the base, in the op (but for a delete, which has none) and on the
 * server before the op.
 */
void
gk_sync_write_conflict_fields (GkJsonOut     *j,
                               GkMergeResult *merge)
{
  gk_json_out_begin_array (j);
  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (!(merge->conflicts & GK_FIELD_MASK (f)))
        continue;
      gk_json_out_begin_object (j);
      gk_json_out_string_member (j, "field", gk_field_get_key (f));
      write_value (j, "base", merge->base, f);
      if (merge->mine != NULL)
        write_value (j, "mine", merge->mine, f);
      write_value (j, "theirs", merge->theirs, f);
      gk_json_out_end_object (j);
    }
  gk_json_out_end_array (j);
}

/**
 * gk_sync_read_conflict_fields:
 * @record: a conflict record as the server sends it
 *
 * The fields of @record this version knows: those an op that settles it
 * sends, whatever values are chosen.
 *
 * Returns: the fields
 */
GkFieldMask
gk_sync_read_conflict_fields (JsonObject *record)
{
  JsonNode *node = json_object_get_member (record, "fields");
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node)
                     ? json_node_get_array (node) : NULL;
  GkFieldMask fields = 0;
  GkField field;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      if (entry != NULL
          && gk_field_from_key (json_object_get_string_member_with_default (entry, "field", ""),
                                &field))
        fields |= GK_FIELD_MASK (field);
    }
  return fields;
}
