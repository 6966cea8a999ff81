/* gk-domain.h: the 26 pilot domains of the standard catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GK_N_DOMAINS 26

/**
 * GkDomain:
 * @code: two-digit code in the order of 国办发〔2019〕54号, e.g. "01"
 * @name: the domain's name, e.g. "国土空间规划"
 * @aliases: other names seen in real catalogs, `;`-separated
 * @typical_subject: the department that usually owns the domain
 *
 * One row of the compiled-in domain table. Domain names are catalog data
 * (they are published as they are), not user interface text.
 */
typedef struct
{
  const char *code;
  const char *name;
  const char *aliases;
  const char *typical_subject;
} GkDomain;

/**
 * GkDomainSet:
 *
 * A set of domains: bit `GK_DOMAIN_SET (index)` for the domain at @index
 * of the table.
 */
typedef guint32 GkDomainSet;

#define GK_DOMAIN_SET(index) ((GkDomainSet) 1u << (index))
#define GK_DOMAIN_SET_ALL    (GK_DOMAIN_SET (GK_N_DOMAINS) - 1)

G_STATIC_ASSERT (GK_N_DOMAINS < 32);

const GkDomain *gk_domain_get_nth   (guint       index);
const GkDomain *gk_domain_lookup    (const char *code_or_name);
const GkDomain *gk_domain_lookup_code (const char *code);
int             gk_domain_get_index (const GkDomain *domain);
gboolean        gk_domain_is_owned_by (const GkDomain *domain,
                                       const char     *unit_name);

G_END_DECLS
