/* gk-import-match.h: the items of an imported table matched with a catalog's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-catalog.h"

G_BEGIN_DECLS

/**
 * GkImportMatchKind:
 * @GK_IMPORT_MATCH_NEW: no item of the catalog has its names
 * @GK_IMPORT_MATCH_CHANGED: one has, with other values in fields the
 *   table gives
 * @GK_IMPORT_MATCH_UNCHANGED: one has, with the values the table gives
 *
 * How an item of a table relates to the catalog it is imported into.
 */
typedef enum
{
  GK_IMPORT_MATCH_NEW,
  GK_IMPORT_MATCH_CHANGED,
  GK_IMPORT_MATCH_UNCHANGED,
  GK_IMPORT_N_MATCH_KINDS,
} GkImportMatchKind;

/**
 * GkImportMatch:
 * @found: the item of the table
 * @existing: (nullable): the catalog's item with its names, if any
 * @kind: new, changed or unchanged
 * @changed: the fields of @existing the table would change
 */
typedef struct
{
  GkItem            *found;
  GkItem            *existing;
  GkImportMatchKind  kind;
  GkFieldMask        changed;
} GkImportMatch;

GkImportMatch *gk_import_match_copy    (const GkImportMatch *match);
void           gk_import_match_free    (GkImportMatch       *match);
GPtrArray     *gk_import_match_catalog (GkCatalog           *found,
                                        GkCatalog           *catalog,
                                        GkFieldMask          fields);
void           gk_import_match_update  (const GkImportMatch *match);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkImportMatch, gk_import_match_free)

G_END_DECLS
