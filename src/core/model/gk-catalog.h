/* gk-catalog.h: a unit's catalog of disclosure items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gk-domain.h"
#include "gk-item.h"

G_BEGIN_DECLS

typedef enum
{
  GK_UNIT_COUNTY,      /* 县级人民政府 */
  GK_UNIT_TOWNSHIP,    /* 乡镇人民政府 / 街道办事处 */
  GK_UNIT_DEPARTMENT,  /* 县直部门 */
  GK_UNIT_VILLAGE,     /* 村（居）委会 */
} GkUnitKind;

const char *gk_unit_kind_get_key   (GkUnitKind  kind);
const char *gk_unit_kind_get_label (GkUnitKind  kind);
gboolean    gk_unit_kind_from_key  (const char *key,
                                    GkUnitKind *kind);
gboolean    gk_unit_guess_kind     (const char *unit_name,
                                    GkUnitKind *kind);
GkDomainSet gk_unit_suggest_domains (const char *unit_name,
                                     GkUnitKind  kind);

#define GK_TYPE_CATALOG (gk_catalog_get_type ())

G_DECLARE_FINAL_TYPE (GkCatalog, gk_catalog, GK, CATALOG, GObject)

/* The default level set: 县级, 乡级. */
GkCatalog          *gk_catalog_new              (void);
const char         *gk_catalog_get_unit_name    (GkCatalog          *self);
void                gk_catalog_set_unit_name    (GkCatalog          *self,
                                                 const char         *name);
GkUnitKind          gk_catalog_get_unit_kind    (GkCatalog          *self);
void                gk_catalog_set_unit_kind    (GkCatalog          *self,
                                                 GkUnitKind          kind);
const char * const *gk_catalog_get_levels       (GkCatalog          *self);
void                gk_catalog_set_levels       (GkCatalog          *self,
                                                 const char * const *levels);
const char         *gk_catalog_get_label        (GkCatalog          *self);
void                gk_catalog_set_label        (GkCatalog          *self,
                                                 const char         *label);
guint               gk_catalog_get_n_items      (GkCatalog          *self);
GkItem             *gk_catalog_get_item         (GkCatalog          *self,
                                                 guint               index);
GkItem             *gk_catalog_lookup_item      (GkCatalog          *self,
                                                 const char         *id);
void                gk_catalog_add_item         (GkCatalog          *self,
                                                 GkItem             *item);
gboolean            gk_catalog_remove_item      (GkCatalog          *self,
                                                 const char         *id);
GPtrArray          *gk_catalog_dup_domain_items (GkCatalog          *self,
                                                 const char         *domain_code);
void                gk_catalog_add_starter_rows (GkCatalog          *self,
                                                 const char         *domain_code);
void                gk_catalog_add_starter_domains (GkCatalog      *self,
                                                    GkDomainSet     domains);
gboolean            gk_catalog_is_untouched_draft (GkCatalog       *self,
                                                   GkItem          *item);

G_END_DECLS
