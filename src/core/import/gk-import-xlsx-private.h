/* gk-import-xlsx-private.h: the zip and the XML of an XLSX workbook (private to
 * the core)
 *
 * gk-import-xlsx-zip.c takes the parts out of the zip container (libarchive),
 * gk-import-xlsx-parser.c hands the nodes of one part to a function (libxml2's
 * SAX2 parser), gk-import-xlsx.c makes cells of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>
#include <libxml/parser.h>

#include "gk-import-sheet.h"

G_BEGIN_DECLS

typedef enum
{
  GK_XLSX_NODE_ELEMENT,
  GK_XLSX_NODE_END_ELEMENT,
  GK_XLSX_NODE_TEXT
} GkXlsxNodeType;

/* One event of the SAX parser, shaped like a node of the old pull reader:
 * empty elements (<c/>) have no end node. */
typedef struct
{
  GkXlsxNodeType  type;
  const char     *name;          /* local name; NULL for text */
  gboolean        empty;
  int             n_namespaces;
  const xmlChar **namespaces;    /* prefix, URI pairs */
  int             n_attributes;
  const xmlChar **attributes;    /* localname, prefix, URI, value, end */
  const char     *text;
  gsize           text_len;
} GkXlsxNode;

typedef gboolean (*GkXlsxNodeFunc) (const GkXlsxNode  *node,
                                    gpointer           data,
                                    GError           **error);

/* strcmp (@a, @name) == 0, where two bytes settle most comparisons
 * without a call: "c", "v", "si", "r", "t". */
static inline gboolean
gk_xlsx_same_name (const char *a,
                   const char *name)
{
  if (a[0] != name[0] || name[0] == '\0')
    return a[0] == name[0];
  return a[1] == name[1] && (name[1] == '\0' || strcmp (a + 2, name + 2) == 0);
}

static inline gboolean
gk_xlsx_is_element (const GkXlsxNode *node,
                    const char       *name)
{
  return node->name != NULL && gk_xlsx_same_name (node->name, name);
}

void     gk_xlsx_set_damaged (GError         **error,
                              const char      *detail);
gboolean gk_xlsx_read_zip    (const guint8    *data,
                              gsize            length,
                              GHashTable      *parts,
                              GError         **error);
gboolean gk_xlsx_parse_part  (gboolean         push,
                              GBytes          *bytes,
                              const char      *part,
                              GkXlsxNodeFunc   func,
                              gpointer         data,
                              GError         **error);

G_END_DECLS
