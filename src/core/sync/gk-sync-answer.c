/* gk-sync-answer.c: the server's answers read for the local store
 *
 * The answers that hold items (a push's results, a page of changes) and
 * the conflict records come as the core's own JSON trees
 * (gk_sync_client_push() …): thousands of items are read several times
 * faster than through json-glib. They are checked, not trusted: a member
 * that is absent or of another type reads as absent, and what the store
 * needs and lacks is a protocol error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "gk-sync-answer.h"
#include "gk-sync-client.h"

static const GkJsonValue *
get_member (const GkJsonValue *object,
            const char        *member,
            GkJsonType         type)
{
  const GkJsonValue *value;

  if (object == NULL || object->type != GK_JSON_OBJECT)
    return NULL;
  value = gk_json_value_get_member (object, member);
  return value != NULL && value->type == type ? value : NULL;
}

/**
 * gk_sync_answer_get_string:
 * @object: (nullable): an object of an answer
 * @member: a member's name
 *
 * Returns: (nullable): the member's text, %NULL when it is absent or not
 *   a string
 */
const char *
gk_sync_answer_get_string (const GkJsonValue *object,
                           const char        *member)
{
  const GkJsonValue *value = get_member (object, member, GK_JSON_STRING);

  return value != NULL ? value->string : NULL;
}

/**
 * gk_sync_answer_get_object:
 * @object: (nullable): an object of an answer
 * @member: a member's name
 *
 * Returns: (nullable): the member, %NULL when it is absent or not an object
 */
const GkJsonValue *
gk_sync_answer_get_object (const GkJsonValue *object,
                           const char        *member)
{
  return get_member (object, member, GK_JSON_OBJECT);
}

/**
 * gk_sync_answer_get_array:
 * @object: (nullable): an object of an answer
 * @member: a member's name
 *
 * Returns: (nullable): the member, %NULL when it is absent or not an array
 */
const GkJsonValue *
gk_sync_answer_get_array (const GkJsonValue *object,
                          const char        *member)
{
  return get_member (object, member, GK_JSON_ARRAY);
}

/**
 * gk_sync_answer_get_boolean:
 * @object: (nullable): an object of an answer
 * @member: a member's name
 *
 * Returns: the member's value, %FALSE when it is absent or not a boolean
 */
gboolean
gk_sync_answer_get_boolean (const GkJsonValue *object,
                            const char        *member)
{
  const GkJsonValue *value = get_member (object, member, GK_JSON_BOOLEAN);

  return value != NULL && value->integer != 0;
}

static gint64
get_int (const GkJsonValue *object,
         const char        *member,
         gint64             absent)
{
  const GkJsonValue *value = get_member (object, member, GK_JSON_INTEGER);

  return value != NULL ? value->integer : absent;
}

/**
 * gk_sync_answer_dup_text:
 * @value: a value of an answer
 *
 * Returns: (transfer full): @value as JSON text, as the store keeps it
 */
char *
gk_sync_answer_dup_text (const GkJsonValue *value)
{
  GString *out = g_string_new (NULL);

  gk_json_value_write (value, out);
  return g_string_free (out, FALSE);
}

/**
 * gk_sync_answer_fail:
 * @error: return location for a #GError
 * @what: the members the answer lacks
 *
 * Returns: %FALSE, with @error set
 */
gboolean
gk_sync_answer_fail (GError     **error,
                     const char  *what)
{
  g_set_error (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_PROTOCOL,
               _("The server’s answer lacks %s"), what);
  return FALSE;
}

/**
 * gk_sync_answer_read_state:
 * @state: (nullable): a state (`seq`, `rev`, `deleted`, `item`): of a
 *   push's result, or a change of a page
 * @item: (out caller-allocates): the item it gives, its @json pointing
 *   to the text returned and its @value into @state's tree; @rev is
 *   %GK_STORE_NO_REV when @state has no item
 *
 * Returns: (transfer full) (nullable): the item's JSON text, %NULL when
 *   it is deleted or absent
 */
char *
gk_sync_answer_read_state (const GkJsonValue *state,
                           GkStoreServerItem *item)
{
  const GkJsonValue *object = gk_sync_answer_get_object (state, "item");

  item->rev = GK_STORE_NO_REV;
  item->json = NULL;
  item->value = NULL;
  if (object == NULL)
    return NULL;
  item->item_id = gk_sync_answer_get_string (object, "id");
  item->rev = get_int (state, "rev", GK_STORE_NO_REV);
  if (gk_sync_answer_get_boolean (state, "deleted"))
    return NULL;
  item->json = gk_sync_answer_dup_text (object);
  item->value = object;
  return (char *) item->json;
}

/* "rejected: code (field): detail", for the user. */
static char *
dup_reason (const GkJsonValue *result)
{
  const GkJsonValue *err = gk_sync_answer_get_object (result, "error");
  const char *code = gk_sync_answer_get_string (err, "code");
  const char *field = gk_sync_answer_get_string (err, "field");
  const char *detail = gk_sync_answer_get_string (err, "detail");
  GString *reason = g_string_new (gk_sync_answer_get_string (result, "result"));

  if (code != NULL)
    g_string_append_printf (reason, ": %s", code);
  if (field != NULL)
    g_string_append_printf (reason, " (%s)", field);
  if (detail != NULL)
    g_string_append_printf (reason, ": %s", detail);
  return g_string_free (reason, FALSE);
}

/**
 * gk_sync_answer_read_result:
 * @result: one result of a push's answer
 * @answer: (out caller-allocates): what it means for the store
 * @texts: (element-type utf8): where the texts @answer points to are kept
 * @report: counts the ops pushed and the conflicts met
 * @error: return location for a #GError
 *
 * Returns: whether @result could be read
 */
gboolean
gk_sync_answer_read_result (const GkJsonValue  *result,
                            GkStoreAnswer      *answer,
                            GPtrArray          *texts,
                            GkSyncReport       *report,
                            GError            **error)
{
  const char *kind = gk_sync_answer_get_string (result, "result");
  const GkJsonValue *conflict = gk_sync_answer_get_object (result, "conflict");

  answer->op_id = gk_sync_answer_get_string (result, "op_id");
  if (answer->op_id == NULL || kind == NULL)
    return gk_sync_answer_fail (error, "op_id, result");
  g_ptr_array_add (texts, gk_sync_answer_read_state (gk_sync_answer_get_object (result, "state"),
                                                     &answer->item));

  if (g_str_equal (kind, "conflict") && conflict != NULL)
    {
      char *conflict_json = gk_sync_answer_dup_text (conflict);

      g_ptr_array_add (texts, conflict_json);
      answer->kind = GK_STORE_ANSWER_CONFLICT;
      answer->conflict.id = gk_sync_answer_get_string (conflict, "id");
      answer->conflict.item_id = gk_sync_answer_get_string (result, "item_id");
      answer->conflict.json = conflict_json;
      answer->conflict.state = "open";
      report->conflicts++;
      report->pushed++;
    }
  else if (g_str_equal (kind, "applied") || g_str_equal (kind, "merged")
           || g_str_equal (kind, "noop"))
    {
      answer->kind = GK_STORE_ANSWER_APPLIED;
      report->pushed++;
    }
  else
    {
      char *reason = dup_reason (result);

      g_ptr_array_add (texts, reason);
      answer->kind = GK_STORE_ANSWER_REJECTED;
      answer->reason = reason;
    }
  return TRUE;
}
