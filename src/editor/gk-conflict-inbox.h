/* gk-conflict-inbox.h: the open conflicts of the department, to settle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gongkai-core.h"

G_BEGIN_DECLS

#define GK_TYPE_CONFLICT_INBOX (gk_conflict_inbox_get_type ())

G_DECLARE_FINAL_TYPE (GkConflictInbox, gk_conflict_inbox, GK, CONFLICT_INBOX, AdwWindow)

GtkWidget *gk_conflict_inbox_new             (GtkWindow       *parent,
                                              GkStore         *store,
                                              GkCatalog       *catalog);
void       gk_conflict_inbox_reload          (GkConflictInbox *self);
gboolean   gk_conflict_inbox_is_loading      (GkConflictInbox *self);
guint      gk_conflict_inbox_get_n_conflicts (GkConflictInbox *self);
gboolean   gk_conflict_inbox_select          (GkConflictInbox *self,
                                              const char      *conflict_id);

G_END_DECLS
