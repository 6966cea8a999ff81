/* gk-merge.c: the per-field three-way merge of sync
 *
 * One merge for both ends: the county server runs it on every op it
 * accepts, and the client runs the same rules to show what a push will
 * do. docs/sync-protocol.md gives the rules and the reasons for them.
 *
 * Values are GkItem's, not JSON values: an item keeps its texts
 * normalized (NFC, trimmed) and its sets as sets, so comparing two items'
 * fields compares canonical values, and the one reader of the JSON form
 * checks a value the same way whether it came from a file, the store or
 * a push. Both ends hold items already: the client in its store, the
 * server parsed from the JSON it keeps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-merge.h"

/* How the merge sees a field's value: one text, a set of flag bits, or a
 * set of level names. */
typedef enum
{
  VALUE_TEXT,
  VALUE_FLAGS,
  VALUE_LEVELS,
} ValueType;

static ValueType
get_value_type (GkField field)
{
  switch (gk_field_get_kind (field))
    {
    case GK_FIELD_KIND_CHANNELS:
    case GK_FIELD_KIND_AUDIENCE:
    case GK_FIELD_KIND_METHOD:
      return VALUE_FLAGS;
    case GK_FIELD_KIND_LEVELS:
      return VALUE_LEVELS;
    case GK_FIELD_KIND_CODE:
    case GK_FIELD_KIND_TEXT:
    case GK_FIELD_KIND_SHARED:
    default:
      return VALUE_TEXT;
    }
}

static guint
get_flags (GkItem  *item,
           GkField  field)
{
  switch (gk_field_get_kind (field))
    {
    case GK_FIELD_KIND_CHANNELS:
      return gk_item_get_channels (item);
    case GK_FIELD_KIND_AUDIENCE:
      return gk_item_get_audience (item);
    case GK_FIELD_KIND_METHOD:
      return gk_item_get_method (item);
    case GK_FIELD_KIND_LEVELS:
    case GK_FIELD_KIND_CODE:
    case GK_FIELD_KIND_TEXT:
    case GK_FIELD_KIND_SHARED:
    default:
      g_return_val_if_reached (0);
    }
}

static void
set_flags (GkItem  *item,
           GkField  field,
           guint    flags)
{
  switch (gk_field_get_kind (field))
    {
    case GK_FIELD_KIND_CHANNELS:
      gk_item_set_channels (item, flags);
      break;
    case GK_FIELD_KIND_AUDIENCE:
      gk_item_set_audience (item, (GkAudience) flags);
      break;
    case GK_FIELD_KIND_METHOD:
      gk_item_set_method (item, (GkMethod) flags);
      break;
    case GK_FIELD_KIND_LEVELS:
    case GK_FIELD_KIND_CODE:
    case GK_FIELD_KIND_TEXT:
    case GK_FIELD_KIND_SHARED:
    default:
      g_return_if_reached ();
    }
}

/* Levels are a set: an order the user gave them is no change. Items keep
 * them without repetitions, so @a's n levels all in @b and @b no longer
 * than n is equality. */
static gboolean
levels_equal (const char * const *a,
              const char * const *b)
{
  guint n = 0;

  for (; a[n] != NULL; n++)
    {
      if (!g_strv_contains (b, a[n]))
        return FALSE;
    }

  return b[n] == NULL;
}

/* As gk_item_field_equal(), but a merge takes levels as a set: the order
 * of an item's levels is not a change anyone made to them. */
static gboolean
field_equal (GkItem  *a,
             GkItem  *b,
             GkField  field)
{
  if (gk_field_get_kind (field) == GK_FIELD_KIND_LEVELS)
    return levels_equal (gk_item_get_levels (a), gk_item_get_levels (b));

  return gk_item_field_equal (a, b, field);
}

/* gk_item_get_differing_fields(), with levels taken as a set. */
static GkFieldMask
get_differing_fields (GkItem *a,
                      GkItem *b)
{
  GkFieldMask differing = gk_item_get_differing_fields (a, b);

  if ((differing & GK_FIELD_MASK (GK_FIELD_LEVELS))
      && field_equal (a, b, GK_FIELD_LEVELS))
    differing &= ~GK_FIELD_MASK (GK_FIELD_LEVELS);

  return differing;
}

/* Sets: each side's additions and removals since the base, applied to
 * theirs. With one base an element cannot be added by one side and
 * removed by the other (adding needs it absent from the base, removing
 * present), so a set never conflicts. */
static void
merge_flags (GkMergeResult *result,
             GkField        field)
{
  guint base = get_flags (result->base, field);
  guint mine = get_flags (result->mine, field);
  guint theirs = get_flags (result->theirs, field);

  set_flags (result->item, field, (theirs & ~(base & ~mine)) | (mine & ~base));
}

/* As merge_flags(), keeping theirs' order, then mine's additions in mine's. */
static void
merge_levels (GkMergeResult *result)
{
  const char * const *base = gk_item_get_levels (result->base);
  const char * const *mine = gk_item_get_levels (result->mine);
  const char * const *theirs = gk_item_get_levels (result->theirs);
  g_autoptr(GPtrArray) merged = g_ptr_array_new ();

  for (guint i = 0; theirs[i] != NULL; i++)
    {
      if (!g_strv_contains (base, theirs[i]) || g_strv_contains (mine, theirs[i]))
        g_ptr_array_add (merged, (gpointer) theirs[i]);
    }
  for (guint i = 0; mine[i] != NULL; i++)
    {
      if (!g_strv_contains (base, mine[i]) && !g_strv_contains (theirs, mine[i]))
        g_ptr_array_add (merged, (gpointer) mine[i]);
    }
  g_ptr_array_add (merged, NULL);
  gk_item_set_levels (result->item, (const char * const *) merged->pdata);
}

/* One field mine sends; result->item holds theirs' value until then. */
static void
merge_field (GkMergeResult *result,
             GkField        field)
{
  switch (get_value_type (field))
    {
    case VALUE_FLAGS:
      merge_flags (result, field);
      return;
    case VALUE_LEVELS:
      merge_levels (result);
      return;
    case VALUE_TEXT:
    default:
      break;
    }

  /* Converged, or only theirs changed it: theirs stays. */
  if (field_equal (result->mine, result->theirs, field)
      || field_equal (result->mine, result->base, field))
    return;
  if (field_equal (result->theirs, result->base, field))
    gk_item_set_text (result->item, field, gk_item_get_text (result->mine, field));
  else
    result->conflicts |= GK_FIELD_MASK (field);
}

/* The empty item stands for the base of a create and for an item the
 * server does not have: no fields, no position, no times. */
static GkItem *
empty_item_new (const char *id)
{
  GkItem *item = gk_item_new_with_id (id, NULL);

  gk_item_set_times (item, 0, 0);

  return item;
}

static GkMergeResult *
result_new (GkItem   *base,
            GkItem   *mine,
            GkItem   *theirs,
            gboolean  theirs_deleted)
{
  GkMergeResult *result = g_new0 (GkMergeResult, 1);
  const char *id = gk_item_get_id (mine != NULL ? mine : theirs);

  result->base = base != NULL ? g_object_ref (base) : empty_item_new (id);
  result->mine = mine != NULL ? g_object_ref (mine) : NULL;
  result->theirs = theirs != NULL ? g_object_ref (theirs) : empty_item_new (id);
  result->item = empty_item_new (id);
  gk_item_copy_from (result->item, result->theirs);
  result->deleted = theirs_deleted;

  return result;
}

static gboolean
is_same_item (GkItem *item,
              GkItem *other)
{
  return GK_IS_ITEM (item) && strcmp (gk_item_get_id (item), gk_item_get_id (other)) == 0;
}

static GkMergeStatus
get_edit_status (GkMergeResult *result,
                 gboolean       theirs_absent)
{
  if (result->conflicts != 0)
    return GK_MERGE_CONFLICT;
  if (theirs_absent)
    return GK_MERGE_APPLIED;
  if (result->changed == 0)
    return GK_MERGE_NOOP;
  if (get_differing_fields (result->theirs, result->base) == 0)
    return GK_MERGE_APPLIED;

  return GK_MERGE_MERGED;
}

/**
 * gk_merge_edit:
 * @base: (nullable): the item as mine last saw it from the server (the
 *   revision the op names), or %NULL for a create
 * @mine: the item of the op; only the values of @fields count
 * @fields: the fields the op sets
 * @theirs: (nullable): the server's item now, or %NULL if it has none
 * @theirs_deleted: whether @theirs is deleted
 *
 * Merges a create or an update, field by field: a field mine does not
 * send keeps theirs; equal values converge; a field only mine changed
 * since @base takes mine; one only theirs changed keeps theirs; one both
 * changed to different values keeps theirs and becomes a conflict field.
 * The sets (channels, audience, method, levels) take the additions and
 * removals of both sides and never conflict. An edit of a deleted item
 * leaves it deleted, with a %GK_MERGE_CONFLICT_EDIT_DELETED record of
 * every field sent. A %NULL item stands for the empty item.
 *
 * Merging the result with the same op again changes nothing: the second
 * merge is %GK_MERGE_NOOP, or the same conflict again.
 *
 * The items must have the same id, and if @fields holds the domain,
 * @mine has one. Nothing given is changed.
 *
 * Returns: (transfer full): the result
 */
GkMergeResult *
gk_merge_edit (GkItem      *base,
               GkItem      *mine,
               GkFieldMask  fields,
               GkItem      *theirs,
               gboolean     theirs_deleted)
{
  GkMergeResult *result;

  g_return_val_if_fail (GK_IS_ITEM (mine), NULL);
  g_return_val_if_fail (base == NULL || is_same_item (base, mine), NULL);
  g_return_val_if_fail (theirs == NULL || is_same_item (theirs, mine), NULL);
  g_return_val_if_fail (theirs != NULL || !theirs_deleted, NULL);
  g_return_val_if_fail ((fields & ~GK_FIELD_MASK_ALL) == 0, NULL);
  g_return_val_if_fail (!(fields & GK_FIELD_MASK (GK_FIELD_DOMAIN))
                        || *gk_item_get_text (mine, GK_FIELD_DOMAIN) != '\0', NULL);

  result = result_new (base, mine, theirs, theirs_deleted);
  if (theirs_deleted)
    {
      /* It stays deleted; the record keeps all mine sent, to restore it. */
      result->conflicts = fields;
      result->conflict = fields != 0 ? GK_MERGE_CONFLICT_EDIT_DELETED : GK_MERGE_CONFLICT_NONE;
      result->status = fields != 0 ? GK_MERGE_CONFLICT : GK_MERGE_NOOP;
      return result;
    }

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (fields & GK_FIELD_MASK (f))
        merge_field (result, f);
    }
  result->changed = get_differing_fields (result->item, result->theirs);
  result->status = get_edit_status (result, theirs == NULL);
  if (result->status == GK_MERGE_CONFLICT)
    result->conflict = GK_MERGE_CONFLICT_FIELDS;

  return result;
}

/**
 * gk_merge_delete:
 * @base: (nullable): the item as mine last saw it from the server, or
 *   %NULL for the empty item
 * @theirs: the server's item now
 * @theirs_deleted: whether @theirs is deleted already
 *
 * Merges a delete: an item theirs has not changed since @base is deleted
 * (%GK_MERGE_APPLIED); one deleted already stays so (%GK_MERGE_NOOP); one
 * theirs changed is kept, with a %GK_MERGE_CONFLICT_DELETE_CHANGED record
 * of the fields theirs changed, so nobody's edit disappears unseen.
 *
 * Returns: (transfer full): the result
 */
GkMergeResult *
gk_merge_delete (GkItem   *base,
                 GkItem   *theirs,
                 gboolean  theirs_deleted)
{
  GkMergeResult *result;

  g_return_val_if_fail (GK_IS_ITEM (theirs), NULL);
  g_return_val_if_fail (base == NULL || is_same_item (base, theirs), NULL);

  result = result_new (base, NULL, theirs, theirs_deleted);
  if (theirs_deleted)
    return result;

  result->conflicts = get_differing_fields (result->theirs, result->base);
  if (result->conflicts != 0)
    {
      result->status = GK_MERGE_CONFLICT;
      result->conflict = GK_MERGE_CONFLICT_DELETE_CHANGED;
      return result;
    }
  result->status = GK_MERGE_APPLIED;
  result->deleted = TRUE;

  return result;
}

/**
 * gk_merge_result_free:
 * @result: (nullable): a result
 *
 * Frees @result and drops its references.
 */
void
gk_merge_result_free (GkMergeResult *result)
{
  if (result == NULL)
    return;

  g_clear_object (&result->item);
  g_clear_object (&result->base);
  g_clear_object (&result->mine);
  g_clear_object (&result->theirs);
  g_free (result);
}
