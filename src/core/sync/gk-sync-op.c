/* gk-sync-op.c: one op of a push, read and checked
 *
 * An op is read in two steps, as docs/sync-protocol.md sets out: its
 * members (without which no result could name the op: an error refuses
 * the whole push), then the values of `set`, each checked by the catalog
 * reader (gk_item_read_field()) and against the limits of a cell and the
 * catalog's level set; a bad value makes this op `invalid` and no other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "gk-item-json.h"
#include "gk-sync-op.h"

G_DEFINE_QUARK (gk-sync-error-quark, gk_sync_error)

static const char * const op_members[] = {
  "op_id", "item_id", "kind", "base_rev", "set", "resolves",
};

static const char * const kind_names[] = { "create", "update", "delete" };

/* The protocol's names, by GkSyncError. */
static const char * const error_codes[] = {
  "bad_request", "unknown_field", "bad_value", "text_too_long", "bad_text",
  "missing_domain", "unknown_item", "bad_base_rev", "item_repeated", "unknown_conflict",
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_codes) == GK_SYNC_ERROR_UNKNOWN_CONFLICT + 1);

/**
 * gk_sync_error_get_code:
 * @code: a #GkSyncError
 *
 * Returns: the protocol's name of @code, e.g. "bad_value"
 */
const char *
gk_sync_error_get_code (GkSyncError code)
{
  g_return_val_if_fail ((guint) code < G_N_ELEMENTS (error_codes), "bad_request");

  return error_codes[code];
}

/**
 * gk_sync_op_kind_to_string:
 * @kind: a kind of op
 *
 * Returns: its name in the protocol, e.g. "update"
 */
const char *
gk_sync_op_kind_to_string (GkSyncOpKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

static gboolean
bad_op (GError    **error,
        guint       index,
        const char *format,
        ...) G_GNUC_PRINTF (3, 4);

/* Sets a GK_SYNC_ERROR_BAD_OP error "ops[INDEX]: MESSAGE". */
static gboolean
bad_op (GError    **error,
        guint       index,
        const char *format,
        ...)
{
  GError *local_error;
  va_list args;

  va_start (args, format);
  local_error = g_error_new_valist (GK_SYNC_ERROR, GK_SYNC_ERROR_BAD_OP, format, args);
  va_end (args);

  /* Translators: the place of an op in a push, e.g. ops[3], before what is wrong with it */
  g_prefix_error (&local_error, _("ops[%u]: "), index);
  g_propagate_error (error, local_error);
  return FALSE;
}

static gboolean
check_members (const GkJsonValue  *value,
               guint               index,
               GError            **error)
{
  const GkJsonValue *member = gk_json_value_first (value);

  for (guint i = 0; i < value->n_children; i++, member = gk_json_value_next (member))
    {
      gboolean known = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (op_members) && !known; k++)
        known = g_str_equal (member->name, op_members[k]);
      if (!known)
        return bad_op (error, index, _("unknown member “%s”"), member->name);
    }

  return TRUE;
}

/* Member @name of @value as a UUID in lower case; NULL when it may be
 * missing and is. */
static gboolean
read_uuid (const GkJsonValue  *value,
           guint               index,
           const char         *name,
           gboolean            required,
           char              **uuid,
           GError            **error)
{
  const GkJsonValue *member = gk_json_value_get_member (value, name);

  *uuid = NULL;
  if (member == NULL)
    return !required || bad_op (error, index, _("missing member “%s”"), name);
  if (member->type != GK_JSON_STRING || !g_uuid_string_is_valid (member->string))
    return bad_op (error, index, _("“%s” is not a UUID"), name);

  *uuid = g_ascii_strdown (member->string, -1);
  return TRUE;
}

static gboolean
read_kind (const GkJsonValue  *value,
           guint               index,
           GkSyncOpKind       *kind,
           GError            **error)
{
  const GkJsonValue *member = gk_json_value_get_member (value, "kind");

  if (member == NULL)
    return bad_op (error, index, _("missing member “%s”"), "kind");
  for (guint k = 0; member->type == GK_JSON_STRING && k < G_N_ELEMENTS (kind_names); k++)
    {
      if (g_str_equal (member->string, kind_names[k]))
        {
          *kind = (GkSyncOpKind) k;
          return TRUE;
        }
    }

  return bad_op (error, index, _("“kind” is not create, update or delete"));
}

static gboolean
read_base_rev (const GkJsonValue  *value,
               guint               index,
               gint64             *base_rev,
               GError            **error)
{
  const GkJsonValue *member = gk_json_value_get_member (value, "base_rev");

  if (member == NULL)
    return bad_op (error, index, _("missing member “%s”"), "base_rev");
  if (member->type != GK_JSON_INTEGER || member->integer < 0)
    return bad_op (error, index, _("“base_rev” is not an integer of 0 or more"));

  *base_rev = member->integer;
  return TRUE;
}

/* `set` is there for a create or an update, and only then. */
static gboolean
check_set (const GkJsonValue  *set,
           guint               index,
           GkSyncOpKind        kind,
           GError            **error)
{
  if (kind == GK_SYNC_OP_DELETE)
    return set == NULL || bad_op (error, index, _("a delete has no “set”"));
  if (set == NULL)
    return bad_op (error, index, _("missing member “%s”"), "set");
  if (set->type != GK_JSON_OBJECT)
    return bad_op (error, index, _("“set” is not an object"));

  return TRUE;
}

static gboolean
read_head (GkSyncOp           *op,
           const GkJsonValue  *value,
           guint               index,
           GError            **error)
{
  if (value->type != GK_JSON_OBJECT)
    return bad_op (error, index, _("expected an object"));

  return check_members (value, index, error)
         && read_uuid (value, index, "op_id", TRUE, &op->op_id, error)
         && read_uuid (value, index, "item_id", TRUE, &op->item_id, error)
         && read_kind (value, index, &op->kind, error)
         && read_base_rev (value, index, &op->base_rev, error)
         && read_uuid (value, index, "resolves", FALSE, &op->resolves, error)
         && check_set (gk_json_value_get_member (value, "set"), index, op->kind, error);
}

/**
 * gk_sync_op_set_invalid:
 * @op: an op
 * @code: why it cannot be applied, not %GK_SYNC_ERROR_BAD_OP
 * @field: (nullable): the key of the field it is about
 * @format: the detail, printf-style, translated
 * @...: the arguments of @format
 *
 * Makes @op `invalid`, unless it is already.
 */
void
gk_sync_op_set_invalid (GkSyncOp    *op,
                        GkSyncError  code,
                        const char  *field,
                        const char  *format,
                        ...)
{
  va_list args;

  g_return_if_fail (code != GK_SYNC_ERROR_BAD_OP);

  if (op->invalid != NULL)
    return;

  va_start (args, format);
  op->invalid = g_error_new_valist (GK_SYNC_ERROR, code, format, args);
  va_end (args);
  op->invalid_field = field;
}

static void
check_text (GkSyncOp *op,
            GkField   field)
{
  const char *key = gk_field_get_key (field);

  switch (gk_text_check_cell (gk_item_get_text (op->item, field)))
    {
    case GK_CELL_TEXT_TOO_LONG:
      gk_sync_op_set_invalid (op, GK_SYNC_ERROR_TEXT_TOO_LONG, key,
                              _("“%s” is longer than %d characters"), key,
                              GK_TEXT_MAX_CELL_CHARS);
      break;
    case GK_CELL_TEXT_NONCHARACTER:
      gk_sync_op_set_invalid (op, GK_SYNC_ERROR_BAD_TEXT, key,
                              _("“%s” holds U+FFFE or U+FFFF"), key);
      break;
    case GK_CELL_TEXT_OK:
    default:
      break;
    }
}

static void
check_levels (GkSyncOp           *op,
              const char * const *levels)
{
  const char * const *mine = gk_item_get_levels (op->item);

  for (guint i = 0; levels != NULL && mine[i] != NULL; i++)
    {
      if (!g_strv_contains (levels, mine[i]))
        gk_sync_op_set_invalid (op, GK_SYNC_ERROR_BAD_VALUE, "levels",
                                _("level “%s” is not in the catalog’s level set"), mine[i]);
    }
}

/* What the reader of the JSON form does not know: the limits of a cell,
 * the catalog's level set, and that a new item needs a domain. */
static void
check_values (GkSyncOp           *op,
              const char * const *levels)
{
  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (!(op->fields & GK_FIELD_MASK (f)))
        continue;
      if (gk_field_is_text (f))
        check_text (op, f);
      else if (f == GK_FIELD_LEVELS)
        check_levels (op, levels);
    }

  if (op->kind == GK_SYNC_OP_CREATE && !(op->fields & GK_FIELD_MASK (GK_FIELD_DOMAIN)))
    gk_sync_op_set_invalid (op, GK_SYNC_ERROR_MISSING_DOMAIN, "domain",
                            _("a new item needs a domain"));
}

static void
read_set (GkSyncOp          *op,
          const GkJsonValue *set,
          guint              index)
{
  g_autofree char *place = g_strdup_printf ("ops[%u].set", index);
  const GkJsonValue *member = gk_json_value_first (set);

  for (guint i = 0; i < set->n_children; i++, member = gk_json_value_next (member))
    {
      g_autoptr(GError) error = NULL;
      GkField field;

      if (!gk_field_from_key (member->name, &field))
        {
          gk_sync_op_set_invalid (op, GK_SYNC_ERROR_UNKNOWN_FIELD, NULL,
                                  _("“%s” is not a field"), member->name);
          return;
        }
      if (!gk_item_read_field (op->item, field, member, place, &error))
        {
          gk_sync_op_set_invalid (op, GK_SYNC_ERROR_BAD_VALUE, gk_field_get_key (field), "%s",
                                  error->message);
          return;
        }
      op->fields |= GK_FIELD_MASK (field);
    }
}

/* Of everything that says what the op does, normalized: the same op read
 * again gives the same digest, whatever its white space or member order. */
static void
compute_digest (GkSyncOp *op)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) text = g_string_new (NULL);
  gsize size = sizeof op->digest;

  g_string_append_printf (text, "%s\n%s\n%" G_GINT64_FORMAT "\n%s\n",
                          kind_names[op->kind], op->item_id, op->base_rev,
                          op->resolves != NULL ? op->resolves : "");
  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (!(op->fields & GK_FIELD_MASK (f)))
        continue;
      g_string_append_printf (text, "%s=", gk_field_get_key (f));
      gk_item_write_field_value (op->item, f, text);
      g_string_append_c (text, '\n');
    }

  g_checksum_update (checksum, (const guchar *) text->str, (gssize) text->len);
  g_checksum_get_digest (checksum, op->digest, &size);
}

/**
 * gk_sync_op_read:
 * @value: the op, an element of a push's `ops`
 * @index: its place in `ops`, for messages
 * @levels: (nullable) (array zero-terminated=1): the catalog's level set,
 *   or %NULL not to check levels
 * @error: return location for a %GK_SYNC_ERROR_BAD_OP
 *
 * Reads an op. An op whose members are wrong is an error; one whose values
 * are wrong is returned with @invalid set.
 *
 * Returns: (transfer full) (nullable): the op, or %NULL with @error set
 */
GkSyncOp *
gk_sync_op_read (const GkJsonValue   *value,
                 guint                index,
                 const char * const  *levels,
                 GError             **error)
{
  g_autoptr(GkSyncOp) op = g_new0 (GkSyncOp, 1);
  const GkJsonValue *set;

  g_return_val_if_fail (value != NULL, NULL);

  if (!read_head (op, value, index, error))
    return NULL;

  set = gk_json_value_get_member (value, "set");
  if (set != NULL)
    {
      op->item = gk_item_new_with_id (op->item_id, NULL);
      read_set (op, set, index);
      check_values (op, levels);
    }
  if (op->invalid == NULL)
    compute_digest (op);

  return g_steal_pointer (&op);
}

/**
 * gk_sync_op_free:
 * @op: (nullable): an op
 */
void
gk_sync_op_free (GkSyncOp *op)
{
  if (op == NULL)
    return;

  g_free (op->op_id);
  g_free (op->item_id);
  g_clear_object (&op->item);
  g_free (op->resolves);
  g_clear_error (&op->invalid);
  g_free (op);
}
