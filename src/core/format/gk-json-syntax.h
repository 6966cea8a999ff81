/* gk-json-syntax.h: strict JSON text in and out (private to the core)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "gk-string-private.h"

G_BEGIN_DECLS

typedef enum
{
  GK_JSON_NULL,
  GK_JSON_BOOLEAN,
  GK_JSON_INTEGER,
  GK_JSON_DOUBLE,
  GK_JSON_STRING,
  GK_JSON_ARRAY,
  GK_JSON_OBJECT,
} GkJsonType;

/* One value of a parsed document. The values of a tree are one array in
 * document order: the children of an array or object follow it, and each
 * value's @size says where its next sibling is. */
typedef struct
{
  GkJsonType  type;
  guint       size;         /* values in this value's tree, itself included */
  guint       n_children;   /* elements or members of an array or object */
  guint       name_length;
  const char *name;         /* the member name, NUL-terminated; NULL for elements */
  const char *string;       /* GK_JSON_STRING: NUL-terminated, no NUL inside */
  gsize       length;       /* of @string */
  gint64      integer;      /* GK_JSON_INTEGER, clamped to 64 bits; GK_JSON_BOOLEAN: 0 or 1 */
  double      number;       /* GK_JSON_DOUBLE */
} GkJsonValue;

/* The first element or member of @value, which has some. */
static inline const GkJsonValue *
gk_json_value_first (const GkJsonValue *value)
{
  return value + 1;
}

/* The element or member after @child. */
static inline const GkJsonValue *
gk_json_value_next (const GkJsonValue *child)
{
  return child + child->size;
}

const GkJsonValue *gk_json_value_get_member (const GkJsonValue *object,
                                             const char        *name);

typedef struct _GkJsonTree GkJsonTree;

/* Called with each element of the array that is member @member of the
 * root object, valid only during the call, and with NULL when such an
 * array starts. */
typedef void (*GkJsonElementFunc) (const GkJsonValue *element,
                                   gpointer           user_data);

GkJsonTree        *gk_json_tree_parse         (const char        *data,
                                               gsize              length,
                                               guint              max_depth,
                                               const char        *member,
                                               GkJsonElementFunc  func,
                                               gpointer           user_data,
                                               GError           **error);
GkJsonTree        *gk_json_tree_new_from_node (JsonNode          *node);
const GkJsonValue *gk_json_tree_get_root      (GkJsonTree        *tree);
void               gk_json_tree_free          (GkJsonTree        *tree);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkJsonTree, gk_json_tree_free)

void               gk_json_write_string       (const char        *text,
                                               GString           *out);
void               gk_json_value_write        (const GkJsonValue *value,
                                               GString           *out);
G_END_DECLS
