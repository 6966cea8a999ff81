/* gk-item.c: one catalog item
 *
 * Its texts are normalized and shared as gk-text.c says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-domain.h"
#include "gk-item-private.h"
#include "gk-text-private.h"

struct _GkItem
{
  GObject     parent_instance;

  char       *id;
  /* Indexed by GkField; only GK_FIELD_DOMAIN and the text fields are used,
   * and those are never NULL. Kept as text_keep() says. */
  char       *text[GK_N_FIELDS];
  guint       channels;
  GkAudience  audience;
  GkMethod    method;
  char      **levels;   /* interned, see levels_keep() */
  int         position;
  const char *dept;     /* interned: a catalog has a few departments */
  gint64      created;
  gint64      modified;

  /* Casefolded text for gk_item_matches(), built lazily, dropped on change. */
  char       *search_text;

  /* The catalog that reports this item's changes (not a reference: the
   * catalog clears it when it lets the item go). */
  GkCatalog  *catalog;
};

G_DEFINE_TYPE (GkItem, gk_item, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];



static const char empty_text[] = "";

static gboolean
is_shared_field (GkField field)
{
  return gk_field_get_kind (field) == GK_FIELD_KIND_SHARED;
}

static void
text_release (GkField  field,
              char    *text)
{
  if (text == NULL || text == empty_text || field == GK_FIELD_DOMAIN)
    return;
  if (is_shared_field (field))
    gk_shared_text_release (text);
  else
    g_free (text);
}

/* The kept form of @text, which is normalized already. */
static char *
text_keep (GkField     field,
           const char *text)
{
  if (*text == '\0')
    return (char *) empty_text;
  if (is_shared_field (field))
    return gk_shared_text_new (text, strlen (text));

  return g_strdup (text);
}

/* Another reference to @text, a kept text of @field. */
static char *
text_share (GkField  field,
            char    *text)
{
  if (text == empty_text || field == GK_FIELD_DOMAIN)
    return text;
  if (is_shared_field (field))
    return gk_shared_text_acquire (text);

  return g_strdup (text);
}

/* The kept form of gk_text_normalize (@text), without a copy in between. */
static char *
text_keep_normalized (GkField     field,
                      const char *text)
{
  g_autofree char *normalized = NULL;
  gsize len;

  if (text == NULL || *text == '\0')
    return (char *) empty_text;
  if (gk_text_is_normalized (text, &len))
    {
      if (is_shared_field (field))
        return gk_shared_text_new (text, len);
      return g_memdup2 (text, len + 1);
    }

  normalized = gk_text_normalize_slow (text);
  return text_keep (field, normalized);
}

/* Levels are few distinct names, interned like shared texts. */
static void
levels_free (char **levels)
{
  if (levels == NULL)
    return;
  for (guint i = 0; levels[i] != NULL; i++)
    gk_shared_text_release (levels[i]);
  g_free (levels);
}

/* Normalized, interned, without empty names or repetitions. */
static char **
levels_keep (const char * const *levels)
{
  guint n = levels != NULL ? g_strv_length ((char **) levels) : 0;
  char **kept = g_new (char *, n + 1);
  guint k = 0;

  kept[0] = NULL;
  for (guint i = 0; i < n; i++)
    {
      char *level = text_keep_normalized (GK_FIELD_LEVEL1, levels[i]);

      if (level == empty_text)
        continue;
      if (g_strv_contains ((const char * const *) kept, level))
        {
          gk_shared_text_release (level);
          continue;
        }
      kept[k++] = level;
      kept[k] = NULL;
    }

  return kept;
}

static void
gk_item_finalize (GObject *object)
{
  GkItem *self = GK_ITEM (object);

  g_clear_pointer (&self->id, g_free);
  for (guint i = 0; i < GK_N_FIELDS; i++)
    text_release ((GkField) i, g_steal_pointer (&self->text[i]));
  g_clear_pointer (&self->levels, levels_free);
  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (gk_item_parent_class)->finalize (object);
}

static void
gk_item_class_init (GkItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_item_finalize;

  /**
   * GkItem::changed:
   * @self: the item
   * @field: the #GkField that changed
   *
   * Emitted after a setter really changed @field. Position and timestamps
   * are bookkeeping and do not emit it.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, GK_TYPE_FIELD);
}

static void
gk_item_init (GkItem *self)
{
  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      if (i == GK_FIELD_DOMAIN || gk_field_is_text ((GkField) i))
        self->text[i] = (char *) empty_text;
    }
  self->levels = g_new0 (char *, 1);
  self->dept = empty_text;
}

static void
emit_changed (GkItem  *self,
              GkField  field)
{
  g_clear_pointer (&self->search_text, g_free);
  g_signal_emit (self, signals[CHANGED], 0, field);
  if (self->catalog != NULL)
    gk_catalog_item_changed (self->catalog, self, field);
}

/**
 * gk_item_get_catalog:
 * @self: an item
 *
 * Returns: (transfer none) (nullable): the catalog that reports the item's
 *   changes as GkCatalog::item-changed
 */
GkCatalog *
gk_item_get_catalog (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), NULL);

  return self->catalog;
}

/**
 * gk_item_set_catalog:
 * @self: an item
 * @catalog: (nullable) (transfer none): the catalog that holds it, or %NULL
 *
 * Called by the catalog only.
 */
void
gk_item_set_catalog (GkItem    *self,
                     GkCatalog *catalog)
{
  g_return_if_fail (GK_IS_ITEM (self));

  self->catalog = catalog;
}

/* Returns the code of the domain @text names (static, from the domain
 * table), "" for no text, or NULL if @text names no domain. Items keep only
 * known domains, so a catalog always writes a file it can read back. */
static char *
normalize_domain (const char *text)
{
  g_autofree char *normalized = NULL;
  const GkDomain *domain;

  if (text == NULL || *text == '\0')
    return (char *) empty_text;
  domain = gk_domain_lookup (text);
  if (domain != NULL)
    return (char *) domain->code;

  /* Only white space, say: no domain yet. */
  normalized = gk_text_normalize (text);
  return *normalized == '\0' ? (char *) empty_text : NULL;
}

/**
 * gk_item_new_with_id:
 * @id: the item's UUID
 * @domain_code: (nullable): a domain code, name or alias, or %NULL for an
 *   item without a domain yet (it cannot be added to a catalog)
 *
 * Creates an empty item with a known id, for instance when loading. The
 * id is kept in lower case.
 * Created and modified times are now.
 *
 * Returns: (transfer full): a new item
 */
GkItem *
gk_item_new_with_id (const char *id,
                     const char *domain_code)
{
  GkItem *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (GK_TYPE_ITEM, NULL);
  /* UUIDs are case-insensitive; one spelling keeps lookups simple. */
  self->id = g_ascii_strdown (id, -1);
  self->text[GK_FIELD_DOMAIN] = normalize_domain (domain_code);
  if (self->text[GK_FIELD_DOMAIN] == NULL)
    {
      g_critical ("%s: unknown domain “%s”", G_STRFUNC, domain_code);
      self->text[GK_FIELD_DOMAIN] = (char *) empty_text;
    }
  self->created = g_get_real_time ();
  self->modified = self->created;

  return self;
}

/**
 * gk_item_new_for_load:
 * @id: the item's UUID
 * @domain: a domain of the table
 *
 * Like gk_item_new_with_id() for readers that have found the domain
 * already: no second lookup of its code.
 *
 * Returns: (transfer full): a new item
 */
GkItem *
gk_item_new_for_load (const char     *id,
                      const GkDomain *domain)
{
  GkItem *self;

  g_return_val_if_fail (id != NULL && domain != NULL, NULL);

  self = g_object_new (GK_TYPE_ITEM, NULL);
  /* g_ascii_strdown () calls a function per character. */
  self->id = g_strdup (id);
  for (char *p = self->id; *p != '\0'; p++)
    {
      if (*p >= 'A' && *p <= 'Z')
        *p += 'a' - 'A';
    }
  self->text[GK_FIELD_DOMAIN] = (char *) domain->code;
  self->created = g_get_real_time ();
  self->modified = self->created;

  return self;
}

/**
 * gk_item_new:
 * @domain_code: (nullable): a domain code, name or alias, or %NULL
 *
 * Creates an empty item with a new random UUID.
 *
 * Returns: (transfer full): a new item
 */
GkItem *
gk_item_new (const char *domain_code)
{
  static const char hex[] = "0123456789abcdef";
  guint32 random[4];
  char id[37];
  guint n = 0;

  /* What g_uuid_string_random() makes, from the same generator, without its
   * printf of 16 bytes: 6,900 instructions an item, 5 % of an import. */
  for (guint i = 0; i < G_N_ELEMENTS (random); i++)
    random[i] = g_random_int ();
  random[1] = (random[1] & 0xFFFF0FFFu) | 0x00004000u;   /* version 4 */
  random[2] = (random[2] & 0x3FFFFFFFu) | 0x80000000u;   /* variant 10 */
  for (guint i = 0; i < 16; i++)
    {
      guint8 byte = (guint8) (random[i / 4] >> (24 - 8 * (i % 4)));

      if (i == 4 || i == 6 || i == 8 || i == 10)
        id[n++] = '-';
      id[n++] = hex[byte >> 4];
      id[n++] = hex[byte & 0xF];
    }
  id[n] = '\0';

  return gk_item_new_with_id (id, domain_code);
}

/**
 * gk_item_duplicate:
 * @self: an item
 *
 * Returns: (transfer full): a new item with a new id, the same content and
 *   position as @self, created and modified now, of no department yet
 *   (whoever saves it makes it theirs)
 */
GkItem *
gk_item_duplicate (GkItem *self)
{
  GkItem *copy;
  gint64 now;

  g_return_val_if_fail (GK_IS_ITEM (self), NULL);

  copy = gk_item_new (self->text[GK_FIELD_DOMAIN]);
  now = copy->created;
  gk_item_copy_from (copy, self);
  copy->created = now;
  copy->modified = now;
  copy->dept = empty_text;

  return copy;
}

/**
 * gk_item_copy_from:
 * @self: an item
 * @other: the item to copy
 *
 * Copies everything from @other but the id, including position, department
 * and times;
 * if @other has no domain yet, @self keeps its own. Emits GkItem::changed
 * for every field that changes.
 */
void
gk_item_copy_from (GkItem *self,
                   GkItem *other)
{
  GkFieldMask changed = 0;

  g_return_if_fail (GK_IS_ITEM (self));
  g_return_if_fail (GK_IS_ITEM (other));

  if (self == other)
    return;

  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      if (other->text[i] == NULL || (i == GK_FIELD_DOMAIN && *other->text[i] == '\0'))
        continue;
      if (strcmp (self->text[i], other->text[i]) != 0)
        {
          text_release ((GkField) i, self->text[i]);
          self->text[i] = text_share ((GkField) i, other->text[i]);
          changed |= GK_FIELD_MASK (i);
        }
    }
  if (self->channels != other->channels)
    changed |= GK_FIELD_MASK (GK_FIELD_CHANNELS);
  if (self->audience != other->audience)
    changed |= GK_FIELD_MASK (GK_FIELD_AUDIENCE);
  if (self->method != other->method)
    changed |= GK_FIELD_MASK (GK_FIELD_METHOD);
  if (!g_strv_equal ((const char * const *) self->levels, (const char * const *) other->levels))
    {
      levels_free (self->levels);
      self->levels = levels_keep ((const char * const *) other->levels);
      changed |= GK_FIELD_MASK (GK_FIELD_LEVELS);
    }
  self->channels = other->channels;
  self->audience = other->audience;
  self->method = other->method;
  self->position = other->position;
  self->dept = other->dept;
  self->created = other->created;
  self->modified = other->modified;

  /* Handlers see the whole copy, not a half-copied item. */
  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      if (changed & GK_FIELD_MASK (i))
        emit_changed (self, (GkField) i);
    }
}

/**
 * gk_item_content_equal:
 * @self: an item
 * @other: another item
 *
 * Returns: %TRUE if both items have the same content: every field, but not
 *   necessarily the same id, position or times
 */
gboolean
gk_item_content_equal (GkItem *self,
                       GkItem *other)
{
  g_return_val_if_fail (GK_IS_ITEM (self), FALSE);
  g_return_val_if_fail (GK_IS_ITEM (other), FALSE);

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (!gk_item_field_equal (self, other, f))
        return FALSE;
    }

  return TRUE;
}

/**
 * gk_item_get_differing_fields:
 * @self: an item
 * @other: another item
 *
 * Returns: the fields whose values differ, by gk_item_field_equal()
 */
GkFieldMask
gk_item_get_differing_fields (GkItem *self,
                              GkItem *other)
{
  GkFieldMask fields = 0;

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (!gk_item_field_equal (self, other, f))
        fields |= GK_FIELD_MASK (f);
    }

  return fields;
}

/**
 * gk_item_field_equal:
 * @self: an item
 * @other: another item
 * @field: a field
 *
 * Levels are compared in their order, as they are shown.
 *
 * Returns: %TRUE if @field has the same value in both items
 */
gboolean
gk_item_field_equal (GkItem  *self,
                     GkItem  *other,
                     GkField  field)
{
  g_return_val_if_fail (GK_IS_ITEM (self), FALSE);
  g_return_val_if_fail (GK_IS_ITEM (other), FALSE);

  switch (gk_field_get_kind (field))
    {
    case GK_FIELD_KIND_CHANNELS:
      return self->channels == other->channels;
    case GK_FIELD_KIND_AUDIENCE:
      return self->audience == other->audience;
    case GK_FIELD_KIND_METHOD:
      return self->method == other->method;
    case GK_FIELD_KIND_LEVELS:
      return g_strv_equal ((const char * const *) self->levels,
                           (const char * const *) other->levels);
    case GK_FIELD_KIND_CODE:
    case GK_FIELD_KIND_TEXT:
    case GK_FIELD_KIND_SHARED:
    default:
      return strcmp (self->text[field], other->text[field]) == 0;
    }
}

/**
 * gk_item_copy_field:
 * @self: an item
 * @other: the item whose value to copy
 * @field: a field
 *
 * Gives @field the value it has in @other, emitting GkItem::changed if
 * that changes it. A domain @other does not have yet is not copied.
 */
void
gk_item_copy_field (GkItem  *self,
                    GkItem  *other,
                    GkField  field)
{
  g_return_if_fail (GK_IS_ITEM (self));
  g_return_if_fail (GK_IS_ITEM (other));

  switch (gk_field_get_kind (field))
    {
    case GK_FIELD_KIND_CHANNELS:
      gk_item_set_channels (self, other->channels);
      break;
    case GK_FIELD_KIND_AUDIENCE:
      gk_item_set_audience (self, other->audience);
      break;
    case GK_FIELD_KIND_METHOD:
      gk_item_set_method (self, other->method);
      break;
    case GK_FIELD_KIND_LEVELS:
      gk_item_set_levels (self, (const char * const *) other->levels);
      break;
    case GK_FIELD_KIND_CODE:
      if (*other->text[field] != '\0')
        gk_item_set_text (self, field, other->text[field]);
      break;
    case GK_FIELD_KIND_TEXT:
    case GK_FIELD_KIND_SHARED:
    default:
      gk_item_set_text (self, field, other->text[field]);
      break;
    }
}

/**
 * gk_item_equal:
 * @self: an item
 * @other: another item
 *
 * Returns: %TRUE if both items are the same in everything, id, position,
 *   department and times included
 */
gboolean
gk_item_equal (GkItem *self,
               GkItem *other)
{
  g_return_val_if_fail (GK_IS_ITEM (self), FALSE);
  g_return_val_if_fail (GK_IS_ITEM (other), FALSE);

  return g_strcmp0 (self->id, other->id) == 0
         && self->position == other->position
         && strcmp (self->dept, other->dept) == 0
         && self->created == other->created
         && self->modified == other->modified
         && gk_item_content_equal (self, other);
}

/**
 * gk_item_get_id:
 * @self: an item
 *
 * Returns: (transfer none): the item's UUID
 */
const char *
gk_item_get_id (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), NULL);

  return self->id;
}

/**
 * gk_item_get_text:
 * @self: an item
 * @field: a text field, or %GK_FIELD_DOMAIN for the domain code
 *
 * Returns: (transfer none) (not nullable): the text, "" when empty
 */
const char *
gk_item_get_text (GkItem  *self,
                  GkField  field)
{
  g_return_val_if_fail (GK_IS_ITEM (self), "");
  g_return_val_if_fail (field == GK_FIELD_DOMAIN || gk_field_is_text (field), "");

  return self->text[field];
}

/**
 * gk_item_set_text:
 * @self: an item
 * @field: a text field, or %GK_FIELD_DOMAIN
 * @text: (nullable): the new text; for %GK_FIELD_DOMAIN the code, name or
 *   alias of a domain (resolve user input with gk_domain_lookup() first)
 *
 * Sets a text normalized with gk_text_normalize(). The domain is stored as
 * its code; an unknown or empty domain is a programming error.
 */
void
gk_item_set_text (GkItem     *self,
                  GkField     field,
                  const char *text)
{
  char *kept;

  g_return_if_fail (GK_IS_ITEM (self));
  g_return_if_fail (field == GK_FIELD_DOMAIN || gk_field_is_text (field));

  if (field == GK_FIELD_DOMAIN)
    {
      kept = normalize_domain (text);
      g_return_if_fail (kept != NULL && *kept != '\0');
    }
  else
    kept = text_keep_normalized (field, text);

  if (strcmp (kept, self->text[field]) == 0)
    {
      text_release (field, kept);
      return;
    }

  text_release (field, self->text[field]);
  self->text[field] = kept;
  emit_changed (self, field);
}

/**
 * gk_item_get_channels:
 * @self: an item
 *
 * Returns: the channels, a bit set of `1 << GkChannel`
 */
guint
gk_item_get_channels (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), 0);

  return self->channels;
}

/**
 * gk_item_set_channels:
 * @self: an item
 * @channels: a bit set of `1 << GkChannel`; unknown bits are dropped
 */
void
gk_item_set_channels (GkItem *self,
                      guint   channels)
{
  g_return_if_fail (GK_IS_ITEM (self));

  channels &= GK_CHANNEL_MASK_ALL;
  if (self->channels == channels)
    return;

  self->channels = channels;
  emit_changed (self, GK_FIELD_CHANNELS);
}

/**
 * gk_item_get_audience:
 * @self: an item
 *
 * Returns: the audience flags
 */
GkAudience
gk_item_get_audience (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), 0);

  return self->audience;
}

/**
 * gk_item_set_audience:
 * @self: an item
 * @audience: the audience flags; unknown bits are dropped
 */
void
gk_item_set_audience (GkItem     *self,
                      GkAudience  audience)
{
  g_return_if_fail (GK_IS_ITEM (self));

  audience &= GK_AUDIENCE_PUBLIC | GK_AUDIENCE_SPECIFIC;
  if (self->audience == audience)
    return;

  self->audience = audience;
  emit_changed (self, GK_FIELD_AUDIENCE);
}

/**
 * gk_item_get_method:
 * @self: an item
 *
 * Returns: the method flags
 */
GkMethod
gk_item_get_method (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), 0);

  return self->method;
}

/**
 * gk_item_set_method:
 * @self: an item
 * @method: the method flags; unknown bits are dropped
 */
void
gk_item_set_method (GkItem   *self,
                    GkMethod  method)
{
  g_return_if_fail (GK_IS_ITEM (self));

  method &= GK_METHOD_PROACTIVE | GK_METHOD_ON_REQUEST;
  if (self->method == method)
    return;

  self->method = method;
  emit_changed (self, GK_FIELD_METHOD);
}

/**
 * gk_item_get_levels:
 * @self: an item
 *
 * Returns: (transfer none) (array zero-terminated=1): the levels, never %NULL
 */
const char * const *
gk_item_get_levels (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), NULL);

  return (const char * const *) self->levels;
}

/**
 * gk_item_set_levels:
 * @self: an item
 * @levels: (nullable) (array zero-terminated=1): the levels
 *
 * Sets the levels, normalized, in the given order, without empty strings
 * or repetitions.
 */
void
gk_item_set_levels (GkItem             *self,
                    const char * const *levels)
{
  char **kept;

  g_return_if_fail (GK_IS_ITEM (self));

  kept = levels_keep (levels);
  if (g_strv_equal ((const char * const *) kept, (const char * const *) self->levels))
    {
      levels_free (kept);
      return;
    }

  levels_free (self->levels);
  self->levels = kept;
  emit_changed (self, GK_FIELD_LEVELS);
}

/**
 * gk_item_has_level:
 * @self: an item
 * @level: a level name
 *
 * Returns: %TRUE if @level is one of the item's levels
 */
gboolean
gk_item_has_level (GkItem     *self,
                   const char *level)
{
  g_return_val_if_fail (GK_IS_ITEM (self), FALSE);

  if (level == NULL)
    return FALSE;

  return g_strv_contains ((const char * const *) self->levels, level);
}

/**
 * gk_item_get_position:
 * @self: an item
 *
 * Returns: the sort position of the item inside its domain
 */
int
gk_item_get_position (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), 0);

  return self->position;
}

/**
 * gk_item_order_compare:
 * @domain_a: the domain code of the first item
 * @position_a: its position in the domain
 * @id_a: its id
 * @domain_b: the domain code of the second item
 * @position_b: its position
 * @id_b: its id
 *
 * THE catalog order, used by every program and every layer (tree, preview,
 * exports, the JSON form, the store, the checks, sync): by domain code,
 * then the user's position inside the domain, then id. The id makes the
 * order total, so copies of a catalog that were filled in different orders
 * (an import, a sync) list their items alike. For callers that keep these
 * keys apart from the items; gk_item_compare() takes items.
 *
 * Returns: a negative number, 0 or a positive number as the first item
 *   comes before, with or after the second
 */
int
gk_item_order_compare (const char *domain_a,
                       int         position_a,
                       const char *id_a,
                       const char *domain_b,
                       int         position_b,
                       const char *id_b)
{
  /* Items of one domain share the domain table's string for its code. */
  int cmp = domain_a == domain_b ? 0 : strcmp (domain_a, domain_b);

  if (cmp != 0)
    return cmp;
  if (position_a != position_b)
    return position_a < position_b ? -1 : 1;

  return strcmp (id_a, id_b);
}

/**
 * gk_item_compare:
 * @a: a pointer to a #GkItem pointer
 * @b: a pointer to a #GkItem pointer
 *
 * gk_item_order_compare() for g_ptr_array_sort() and qsort() of items.
 *
 * Returns: a negative number, 0 or a positive number as @a comes before,
 *   with or after @b
 */
int
gk_item_compare (gconstpointer a,
                 gconstpointer b)
{
  GkItem *ia = *(GkItem **) a;
  GkItem *ib = *(GkItem **) b;

  return gk_item_order_compare (ia->text[GK_FIELD_DOMAIN], ia->position, ia->id,
                                ib->text[GK_FIELD_DOMAIN], ib->position, ib->id);
}

/**
 * gk_item_set_position:
 * @self: an item
 * @position: the sort position inside the domain
 */
void
gk_item_set_position (GkItem *self,
                      int     position)
{
  g_return_if_fail (GK_IS_ITEM (self));

  self->position = position;
}

/**
 * gk_item_get_dept:
 * @self: an item
 *
 * Returns: (transfer none) (not nullable): the id of the department that
 *   owns the item, "" when it has none (a PC working alone)
 */
const char *
gk_item_get_dept (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), "");

  return self->dept;
}

/**
 * gk_item_set_dept:
 * @self: an item
 * @dept: (nullable): a department id, or %NULL or "" for none
 *
 * Sets the owning department, kept as it is given (an id, not text the user
 * types). Like the position it is not a field: no GkItem::changed.
 */
void
gk_item_set_dept (GkItem     *self,
                  const char *dept)
{
  g_return_if_fail (GK_IS_ITEM (self));

  self->dept = dept != NULL && *dept != '\0' ? g_intern_string (dept) : empty_text;
}

/**
 * gk_item_get_created:
 * @self: an item
 *
 * Returns: when the item was created, in microseconds since the Unix epoch
 */
gint64
gk_item_get_created (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), 0);

  return self->created;
}

/**
 * gk_item_get_modified:
 * @self: an item
 *
 * Returns: when the item was last modified, in microseconds since the Unix
 *   epoch
 */
gint64
gk_item_get_modified (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), 0);

  return self->modified;
}

/**
 * gk_item_set_times:
 * @self: an item
 * @created: microseconds since the Unix epoch (g_get_real_time())
 * @modified: microseconds since the Unix epoch
 *
 * Sets the timestamps. Setters never touch them: whoever saves an edit
 * (the store) decides what counts as a modification.
 */
void
gk_item_set_times (GkItem *self,
                   gint64  created,
                   gint64  modified)
{
  g_return_if_fail (GK_IS_ITEM (self));

  self->created = created;
  self->modified = modified;
}

static void
build_search_text (GkItem *self)
{
  g_autoptr(GString) all = g_string_new (NULL);
  const GkDomain *domain = gk_domain_lookup_code (self->text[GK_FIELD_DOMAIN]);

  if (domain != NULL)
    g_string_append_printf (all, "%s\n", domain->name);
  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      if (gk_field_is_text ((GkField) i) && *self->text[i] != '\0')
        g_string_append_printf (all, "%s\n", self->text[i]);
    }
  for (guint i = 0; i < GK_N_CHANNELS; i++)
    {
      if (self->channels & (1u << i))
        g_string_append_printf (all, "%s\n", gk_channel_get_name ((GkChannel) i));
    }
  for (guint i = 0; self->levels[i] != NULL; i++)
    g_string_append_printf (all, "%s\n", self->levels[i]);

  self->search_text = g_utf8_casefold (all->str, (gssize) all->len);
}

/**
 * gk_item_matches:
 * @self: an item
 * @needle_casefolded: (nullable): search text, already passed through
 *   g_utf8_casefold()
 *
 * Searches every text field, the domain name, the channel names and the
 * levels. The casefolded text is cached until the item changes, so this
 * is cheap enough to filter a list on every keystroke.
 *
 * Returns: %TRUE if @needle_casefolded is empty or found
 */
gboolean
gk_item_matches (GkItem     *self,
                 const char *needle_casefolded)
{
  g_return_val_if_fail (GK_IS_ITEM (self), FALSE);

  if (needle_casefolded == NULL || *needle_casefolded == '\0')
    return TRUE;

  if (self->search_text == NULL)
    build_search_text (self);

  return strstr (self->search_text, needle_casefolded) != NULL;
}

/**
 * gk_item_dup_title:
 * @self: an item
 *
 * Returns: (transfer full): the name to show for the item: its 二级事项, or
 *   its 一级事项 when that is empty, or a translated placeholder
 */
char *
gk_item_dup_title (GkItem *self)
{
  g_return_val_if_fail (GK_IS_ITEM (self), NULL);

  if (*self->text[GK_FIELD_LEVEL2] != '\0')
    return g_strdup (self->text[GK_FIELD_LEVEL2]);
  if (*self->text[GK_FIELD_LEVEL1] != '\0')
    return g_strdup (self->text[GK_FIELD_LEVEL1]);

  return g_strdup (_("Untitled item"));
}

/**
 * gk_item_load_text:
 * @self: a new item that nobody else holds yet
 * @field: a text field
 * @text: (nullable): the text
 *
 * Like gk_item_set_text() without the comparison and GkItem::changed, for
 * the store filling a new item: nothing can watch it yet. The text is
 * normalized all the same: the database may have been edited with another
 * tool.
 */
void
gk_item_load_text (GkItem     *self,
                   GkField     field,
                   const char *text)
{
  g_return_if_fail (GK_IS_ITEM (self));
  g_return_if_fail (gk_field_is_text (field));

  text_release (field, self->text[field]);
  self->text[field] = text_keep_normalized (field, text);
}

/**
 * gk_item_load_levels:
 * @self: a new item that nobody else holds yet
 * @levels: (nullable) (array zero-terminated=1): the levels
 *
 * Like gk_item_set_levels() without GkItem::changed.
 */
void
gk_item_load_levels (GkItem             *self,
                     const char * const *levels)
{
  g_return_if_fail (GK_IS_ITEM (self));

  levels_free (self->levels);
  self->levels = levels_keep (levels);
}

/**
 * gk_item_load_choices:
 * @self: a new item that nobody else holds yet
 * @channels: a bit set of `1 << GkChannel`
 * @audience: the audience flags
 * @method: the method flags
 *
 * Like the three setters without GkItem::changed; unknown bits are dropped.
 */
void
gk_item_load_choices (GkItem     *self,
                      guint       channels,
                      GkAudience  audience,
                      GkMethod    method)
{
  g_return_if_fail (GK_IS_ITEM (self));

  self->channels = channels & GK_CHANNEL_MASK_ALL;
  self->audience = audience & (GK_AUDIENCE_PUBLIC | GK_AUDIENCE_SPECIFIC);
  self->method = method & (GK_METHOD_PROACTIVE | GK_METHOD_ON_REQUEST);
}
