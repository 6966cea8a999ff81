/* gk-server-publish.h: a catalog published as files, for the portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gk-check.h"

G_BEGIN_DECLS

/* Under the server's folder: published/CATALOG/, served at /catalog/CATALOG/. */
#define GK_SERVER_PUBLISHED_DIR "published"

/* The files of a publication besides index.html and one CODE.html per
 * domain with items. */
#define GK_SERVER_PUBLISHED_JSON "catalog.json"
#define GK_SERVER_PUBLISHED_XLSX "catalog.xlsx"
#define GK_SERVER_PUBLISHED_PDF  "catalog.pdf"

/* An item left out of a publication, and why. */
typedef struct
{
  char      *item_id;
  char      *dept_id;
  GPtrArray *problems;   /* of GkDiagnostic, errors only */
} GkServerHeldBack;

typedef struct
{
  char      *catalog_id;
  GDateTime *at;          /* UTC */
  gint64     seq;         /* the newest change the snapshot holds */
  guint      n_items;     /* published */
  GPtrArray *held_back;   /* of GkServerHeldBack, in catalog order */
} GkServerPublication;

void                 gk_server_publication_free (GkServerPublication *publication);
int                  gk_server_publish_lock     (const char          *data_dir,
                                                 const char          *catalog_id,
                                                 GError             **error);
GkServerPublication *gk_server_publish          (const char          *data_dir,
                                                 const char          *catalog_id,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkServerPublication, gk_server_publication_free)

G_END_DECLS
