/* gk-store-rejected.c: dropping a change the server refused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-store-private.h"

/*
 * A change the county server refused stays in the outbox with its reason
 * until the user decides: editing the item sends it again with the fix
 * (gk-store-outbox.c), or it is dropped here and the item goes back to what
 * the server holds.
 */

/* Gives @item back the server's values of the refused ops' fields, or
 * removes it when the server never had it. */
static gboolean
put_back (GkStore        *self,
          const char     *id,
          GkStoreOutbox  *outbox,
          GkItem        **item,
          GError        **error)
{
  g_autoptr(GkItem) current = NULL;
  g_autoptr(GkItem) base = NULL;

  if (!gk_store_select_item (self, id, &current, error)
      || !gk_store_item_from_json (outbox->base_json, id, &base, error))
    return FALSE;

  if (base == NULL)
    {
      /* A create the server refused, or an item it deleted since. */
      *item = NULL;
      return (current == NULL || gk_store_remove_item (self, id, error))
             && gk_store_run_text (self, "DELETE FROM outbox WHERE item_id = ? "
                                   "AND state != 'sent'", id, NULL, error);
    }
  if (current == NULL)
    current = g_object_ref (base);
  for (GkField f = 0; f < GK_N_FIELDS; f++)
    if (outbox->rejected_fields & GK_FIELD_MASK (f))
      gk_item_copy_field (current, base, f);
  *item = g_object_ref (current);
  return gk_store_write_item (self, current, error)
         && gk_store_run_text (self, "DELETE FROM outbox WHERE item_id = ? "
                               "AND state = 'rejected'", id, NULL, error);
}

/**
 * gk_store_drop_rejected:
 * @self: an open, enrolled store
 * @id: an item with a change the server refused
 * @item: (out) (transfer full) (optional) (nullable): the item as the store
 *   then holds it, %NULL when it was removed
 * @error: return location for a #GError
 *
 * Drops the item's refused changes, in one transaction: their fields get
 * back the values the server holds, and an item the server never took is
 * removed. Not an undo step: what the server holds is not undone.
 *
 * Returns: whether they were dropped (or there were none)
 */
gboolean
gk_store_drop_rejected (GkStore     *self,
                        const char  *id,
                        GkItem     **item,
                        GError     **error)
{
  g_autoptr(GkItem) after = NULL;
  GkStoreOutbox outbox;
  gboolean ok;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!gk_store_check_open (self, error) || !gk_store_begin (self, error))
    return FALSE;
  ok = gk_store_read_outbox (self, id, &outbox, error);
  if (ok && outbox.has_rejected)
    ok = put_back (self, id, &outbox, &after, error);
  else if (ok)
    ok = gk_store_select_item (self, id, &after, error);
  gk_store_outbox_clear (&outbox);
  if (!gk_store_end (self, ok, error))
    return FALSE;
  if (item != NULL)
    *item = g_steal_pointer (&after);
  return TRUE;
}
