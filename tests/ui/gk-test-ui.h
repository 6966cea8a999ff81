/* gk-test-ui.h: what the UI tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gk-test-util.h"
#include "gongkai-core.h"

G_BEGIN_DECLS

typedef gboolean (*GkTestCondition) (gpointer data);
typedef gboolean (*GkTestMatch)     (GtkWidget     *widget,
                                     gconstpointer  data);

void       gk_test_wait_until      (GkTestCondition  condition,
                                    gpointer         data,
                                    const char      *what);
void       gk_test_run_for         (guint            ms);
gboolean   gk_test_pointer_cleared (gpointer         weak);
GtkWidget *gk_test_find_widget     (GtkWidget       *root,
                                    const char      *id);
GtkWidget *gk_test_find_matching   (GtkWidget       *root,
                                    GkTestMatch      match,
                                    gconstpointer    data);
GtkWidget *gk_test_get_widget      (GtkWidget       *root,
                                    const char      *id);
GtkWindow *gk_test_find_toplevel   (GType            type);

GkItem    *gk_test_add_item        (GkCatalog       *catalog,
                                    const char      *domain,
                                    const char      *level1,
                                    const char      *level2,
                                    int              position);
GkCatalog *gk_test_load_default_store (void);

G_END_DECLS
