/* gk-tree-node.h: one row of the catalog tree (domain, 一级事项 group or item)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gongkai-core.h"

G_BEGIN_DECLS

typedef enum
{
  GK_TREE_NODE_DOMAIN,
  GK_TREE_NODE_GROUP,
  GK_TREE_NODE_ITEM,
} GkTreeNodeKind;

#define GK_TYPE_TREE_NODE (gk_tree_node_get_type ())

G_DECLARE_FINAL_TYPE (GkTreeNode, gk_tree_node, GK, TREE_NODE, GObject)

/**
 * GkTreeNodeFillFunc:
 * @node: a group row whose child rows are asked for the first time
 * @user_data: the data given to gk_tree_node_set_fill_func()
 *
 * Fills the node's children store, so item rows are only made for groups
 * somebody looks into.
 */
typedef void (*GkTreeNodeFillFunc) (GkTreeNode *node,
                                    gpointer    user_data);

GkTreeNode     *gk_tree_node_new_domain      (const GkDomain *domain);
GkTreeNode     *gk_tree_node_new_group       (const char     *domain_code,
                                              const char     *level1);
GkTreeNode     *gk_tree_node_new_item        (GkItem         *item);
GkTreeNodeKind  gk_tree_node_get_kind        (GkTreeNode     *self);
GListStore     *gk_tree_node_get_children    (GkTreeNode     *self);
GkItem         *gk_tree_node_get_item        (GkTreeNode     *self);
const char     *gk_tree_node_get_domain_code (GkTreeNode     *self);
void            gk_tree_node_set_domain_code (GkTreeNode     *self,
                                              const char     *domain_code);
const char     *gk_tree_node_get_level1      (GkTreeNode     *self);
const char     *gk_tree_node_get_title       (GkTreeNode     *self);
void            gk_tree_node_set_title       (GkTreeNode     *self,
                                              const char     *title);
guint           gk_tree_node_get_n_items     (GkTreeNode     *self);
void            gk_tree_node_set_n_items     (GkTreeNode     *self,
                                              guint           n_items);
guint           gk_tree_node_get_n_errors    (GkTreeNode     *self);
guint           gk_tree_node_get_n_warnings  (GkTreeNode     *self);
void            gk_tree_node_set_problems    (GkTreeNode     *self,
                                              guint           n_errors,
                                              guint           n_warnings);
guint           gk_tree_node_get_n_drafts    (GkTreeNode     *self);
void            gk_tree_node_set_n_drafts    (GkTreeNode     *self,
                                              guint           n_drafts);
void            gk_tree_node_set_fill_func   (GkTreeNode         *self,
                                              GkTreeNodeFillFunc  func,
                                              gpointer            user_data);
gboolean        gk_tree_node_is_filled       (GkTreeNode     *self);
GPtrArray      *gk_tree_node_get_members     (GkTreeNode     *self);
void            gk_tree_node_set_members     (GkTreeNode     *self,
                                              GPtrArray      *members);
void            gk_tree_node_notify_title    (GkTreeNode     *self);

G_END_DECLS
