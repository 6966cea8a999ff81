/* gk-server-publish-page.h: the published catalog's index page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-renderer.h"

G_BEGIN_DECLS

char *gk_server_publish_page_index   (GkCatalog *catalog,
                                      GPtrArray *sections,
                                      GDateTime *at,
                                      gboolean   downloads);
void  gk_server_publish_page_add_nav (GString   *page);

G_END_DECLS
