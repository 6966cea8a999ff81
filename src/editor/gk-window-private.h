/* gk-window-private.h: what the window's source files share
 *
 * The window is one class in five files: gk-window.c builds it, opens the
 * catalog and follows the selection; gk-window-items.c has the actions on
 * items (add, delete, move, search, undo); gk-window-files.c import,
 * export and print; gk-window-sync.c the sync with the county server;
 * gk-window-panes.c F6 round the visible panes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-autosave.h"
#include "gk-catalog-editor.h"
#include "gk-catalog-tree.h"
#include "gk-item-form.h"
#include "gk-notice.h"
#include "gk-preview.h"
#include "gk-sync-indicator.h"
#include "gk-sync-service.h"
#include "gk-window.h"

G_BEGIN_DECLS

struct _GkWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkButton            *problems_button;
  GtkLabel             *save_label;
  GtkStack             *main_stack;
  AdwStatusPage        *loading_page;
  GtkPaned             *paned;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GkCatalogTree        *tree;
  GtkStack             *content_stack;
  GkItemForm           *form;
  GtkPaned             *preview_paned;
  GkPreview            *preview;
  GkAutosave           *autosave;
  GtkBox               *content_box;
  GtkWidget            *header_bar;
  GkSyncIndicator      *sync_indicator;

  GSettings            *settings;
  GCancellable         *cancellable;
  GkStore              *store;
  GkCatalog            *catalog;
  GkCatalogModel       *model;
  GkCatalogEditor      *editor;
  GHashTable           *deleted;     /* id → GkItem a toast can bring back */
  GkSyncService        *sync;
  GkNotice             *token_notice;
  GkNotice             *conflict_notice;
  GtkWidget            *inbox;       /* the conflict inbox while open */
  gulong                after_paint_id;
  gboolean              stepping;    /* an undo or redo is running */
  gboolean              closing;
  gboolean              preview_width_restored;
  gboolean              preview_visible;
  gboolean              own_items;
};

void                _gk_window_add_toast                (GkWindow       *self,
                                                         const char     *title);
GkItem             *_gk_window_get_selected_item        (GkWindow       *self);
const char * const *_gk_window_get_levels               (GkWindow       *self);
gboolean            _gk_window_get_group_position       (GkWindow       *self,
                                                         guint          *index,
                                                         guint          *n_items);
void                _gk_window_update_content           (GkWindow       *self);
void                _gk_window_update_actions           (GkWindow       *self);
void                _gk_window_class_init_item_actions  (GtkWidgetClass *widget_class);
void                _gk_window_class_init_file_actions  (GtkWidgetClass *widget_class);
void                _gk_window_class_init_sync_actions  (GtkWidgetClass *widget_class);
void                _gk_window_start_sync               (GkWindow       *self);
void                _gk_window_set_catalog              (GkWindow       *self,
                                                         GkCatalog      *catalog);
char               *_gk_window_dup_read_only_reason     (GkWindow       *self,
                                                         GkItem         *item);
void                _gk_window_update_form_notices      (GkWindow       *self);
void                _gk_window_apply_own_items          (GkWindow       *self);
void                _gk_window_maybe_show_first_run     (GkWindow       *self);
void                _gk_window_show_join                (GkWindow       *self);
void                _gk_window_init_panes               (GkWindow       *self);
void                _gk_window_leave_hidden_preview     (GkWindow       *self);

G_END_DECLS
