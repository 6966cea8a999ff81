/* gk-catalog-tree.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n.h>

#include "gk-catalog-tree.h"

struct _GkCatalogTree
{
  AdwBin              parent_instance;

  GtkListView        *list_view;

  GkCatalogModel     *model;
  GtkCustomFilter    *filter;
  GtkTreeListModel   *tree_model;
  GtkSingleSelection *selection;
  GkTreeNode         *selected;
  char               *needle;    /* casefolded search text, or NULL */
  char               *dept;      /* only this department's items, or NULL */
  gboolean            domain_matches[GK_N_DOMAINS]; /* whose code or name the
                                                     * search text is in */
  guint               updating;  /* selection changes to ignore */
  guint               opened;    /* the row opened by the user, */
  guint               opened_rows; /* how many rows it revealed, */
  double              opened_upper; /* the list's height before */
  guint               opened_frames; /* frames since */
  guint               scroll_tick;
  guint               name_rows_idle;
};

G_DEFINE_FINAL_TYPE (GkCatalogTree, gk_catalog_tree, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SELECTED,
  N_PROPS
};

enum {
  ITEM_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void queue_name_rows (GkCatalogTree *self);

static gboolean
node_matches (GkCatalogTree *self,
              GkTreeNode    *node)
{
  GListModel *children;

  if (gk_tree_node_get_kind (node) == GK_TREE_NODE_ITEM)
    {
      GkItem *item = gk_tree_node_get_item (node);
      const char *dept = gk_item_get_dept (item);

      const GkDomain *domain = gk_domain_lookup_code (gk_item_get_text (item, GK_FIELD_DOMAIN));

      /* An item of no department was made here since the last sync. */
      if (self->dept != NULL && *dept != '\0' && !g_str_equal (dept, self->dept))
        return FALSE;
      return self->needle == NULL || gk_item_matches (item, self->needle)
             || (domain != NULL && self->domain_matches[gk_domain_get_index (domain)]);
    }

  children = G_LIST_MODEL (gk_tree_node_get_children (node));
  for (guint i = 0; i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(GkTreeNode) child = g_list_model_get_item (children, i);

      if (node_matches (self, child))
        return TRUE;
    }

  return FALSE;
}

static gboolean
filter_node (gpointer item,
             gpointer user_data)
{
  GkCatalogTree *self = user_data;

  return (self->needle == NULL && self->dept == NULL) || node_matches (self, item);
}

static GListModel *
create_child_model (gpointer item,
                    gpointer user_data)
{
  GkCatalogTree *self = user_data;
  GListStore *children = gk_tree_node_get_children (item);

  if (children == NULL)
    return NULL;

  return G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (children)),
                                                  g_object_ref (GTK_FILTER (self->filter))));
}

static void
set_selected (GkCatalogTree *self,
              GkTreeNode    *node)
{
  if (g_set_object (&self->selected, node))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
selection_changed_cb (GkCatalogTree *self)
{
  g_autoptr(GkTreeNode) node = NULL;
  GtkTreeListRow *row;

  if (self->updating > 0)
    return;

  row = gtk_single_selection_get_selected_item (self->selection);
  if (row != NULL)
    node = gtk_tree_list_row_get_item (row);
  set_selected (self, node);
}

static guint
find_row (GkCatalogTree *self,
          GkTreeNode    *node,
          guint          start)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tree_model));

  for (guint i = start; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (item == G_OBJECT (node))
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Fills @path with the node's domain and group rows, then the node. */
static gboolean
build_path (GkCatalogTree *self,
            GkTreeNode    *node,
            GPtrArray     *path)
{
  GkTreeNode *domain = gk_catalog_model_lookup_domain (self->model,
                                                       gk_tree_node_get_domain_code (node));
  GListModel *groups;

  if (domain == NULL)
    return FALSE;
  g_ptr_array_add (path, domain);
  if (node == domain)
    return TRUE;

  groups = G_LIST_MODEL (gk_tree_node_get_children (domain));
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(GkTreeNode) group = g_list_model_get_item (groups, i);

      if (group == node)
        break;
      if (g_list_store_find (gk_tree_node_get_children (group), node, NULL))
        {
          g_ptr_array_add (path, group);
          break;
        }
    }

  g_ptr_array_add (path, node);
  return path->len == (gk_tree_node_get_kind (node) == GK_TREE_NODE_ITEM ? 3u : 2u);
}

static void
scroll_to_row (GkCatalogTree *self,
               guint          position)
{
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                              position);
}

/* Expands the rows above @node and selects it, without telling anyone:
 * the caller decides whether the selection really changed. */
static gboolean
reveal_node (GkCatalogTree *self,
             GkTreeNode    *node)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  guint position = 0;

  if (self->tree_model == NULL || !build_path (self, node, path))
    return FALSE;

  for (guint i = 0; i < path->len; i++)
    {
      g_autoptr(GtkTreeListRow) row = NULL;

      position = find_row (self, path->pdata[i], position);
      if (position == GTK_INVALID_LIST_POSITION)
        return FALSE;
      if (i + 1 < path->len)
        {
          row = gtk_tree_list_model_get_row (self->tree_model, position);
          gtk_tree_list_row_set_expanded (row, TRUE);
        }
    }

  self->updating++;
  gtk_single_selection_set_selected (self->selection, position);
  self->updating--;
  self->opened = GTK_INVALID_LIST_POSITION;
  scroll_to_row (self, position);

  return TRUE;
}

/* The widget that shows @row, if the list made one. */
static GtkWidget *
get_row_widget (GkCatalogTree  *self,
                GtkTreeListRow *row)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *expander = gtk_widget_get_first_child (child);

      if (GTK_IS_TREE_EXPANDER (expander)
          && gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (expander)) == row)
        return child;
    }
  return NULL;
}

/* Once the list has laid out the rows a row opened (its height grew),
 * scrolls down so that they show below it, as many as fit with the opened
 * row still in view. GtkListView 4.8's "list.scroll-to-item" does not
 * move to rows it has not measured yet, which new rows below the end of
 * the view are: the adjustment is moved by as many row heights. */
static gboolean
show_opened_rows (GtkWidget     *list_view,
                  GdkFrameClock *clock,
                  gpointer       data)
{
  GkCatalogTree *self = data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));
  g_autoptr(GtkTreeListRow) row = NULL;
  GtkWidget *widget;
  graphene_rect_t bounds;
  double pitch, page, below;
  guint n_rows, shown;

  n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->tree_model));
  if (self->opened < n_rows && gtk_adjustment_get_upper (adjustment) == self->opened_upper
      && ++self->opened_frames < 10)
    return G_SOURCE_CONTINUE;
  self->scroll_tick = 0;
  if (self->opened >= n_rows)
    return G_SOURCE_REMOVE;

  row = gtk_tree_list_model_get_row (self->tree_model, self->opened);
  widget = get_row_widget (self, row);
  if (widget == NULL || !gtk_widget_compute_bounds (widget, list_view, &bounds))
    return G_SOURCE_REMOVE;

  pitch = gtk_adjustment_get_upper (adjustment) / n_rows;
  page = gtk_adjustment_get_page_size (adjustment);
  shown = MIN (self->opened_rows, (guint) MAX (page / pitch, 1.0) - 1);
  below = bounds.origin.y + (1 + shown) * pitch - page;
  self->opened = GTK_INVALID_LIST_POSITION;
  if (below > 0)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + below);
  return G_SOURCE_REMOVE;
}

/* A domain or group opened by the user (a click on its arrow, Right,
 * Enter) shows the rows it revealed, as many as fit below it: opened near
 * the bottom, they would stay out of sight. Opened by a search or to
 * reveal a row, the row to select is what gets shown (reveal_node()). */
static void
rows_changed_cb (GkCatalogTree *self,
                 guint          position,
                 guint          removed,
                 guint          added)
{
  g_autoptr(GtkTreeListRow) parent = NULL;
  g_autoptr(GtkTreeListRow) first = NULL;
  g_autoptr(GtkTreeListRow) first_parent = NULL;

  queue_name_rows (self);
  if (self->updating > 0 || removed > 0 || added == 0 || position == 0)
    return;

  parent = gtk_tree_list_model_get_row (self->tree_model, position - 1);
  first = gtk_tree_list_model_get_row (self->tree_model, position);
  first_parent = gtk_tree_list_row_get_parent (first);
  if (first_parent != parent || !gtk_tree_list_row_get_expanded (parent))
    return;

  self->opened = position - 1;
  self->opened_rows = added;
  self->opened_upper = gtk_adjustment_get_upper (
    gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)));
  self->opened_frames = 0;
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view),
                                                      show_opened_rows, self, NULL);
}

static void
begin_update_cb (GkCatalogTree *self)
{
  self->updating++;
}

/* The stores changed under the view: select the same row again. */
static void
end_update_cb (GkCatalogTree *self)
{
  self->updating--;
  if (self->updating > 0 || self->selected == NULL)
    return;

  if (!reveal_node (self, self->selected) && self->needle == NULL)
    set_selected (self, NULL);
}

static void
list_activate_cb (GkCatalogTree *self,
                  guint          position)
{
  g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, position);
  g_autoptr(GkTreeNode) node = NULL;

  if (row == NULL)
    return;

  node = gtk_tree_list_row_get_item (row);
  if (gk_tree_node_get_kind (node) == GK_TREE_NODE_ITEM)
    g_signal_emit (self, signals[ITEM_ACTIVATED], 0, gk_tree_node_get_item (node));
  else
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

/* The row under the keyboard cursor: moving the cursor selects. */
static GtkTreeListRow *
get_cursor_row (GkCatalogTree *self)
{
  if (self->selection == NULL)
    return NULL;

  return gtk_single_selection_get_selected_item (self->selection);
}

/* Gives the keyboard focus to the row widget that shows @row, if the list
 * made one, so that the next arrow key moves on from there. */
static void
focus_row (GkCatalogTree  *self,
           GtkTreeListRow *row)
{
  GtkWidget *widget = get_row_widget (self, row);

  if (widget != NULL)
    gtk_widget_grab_focus (widget);
}

static void
move_cursor_to (GkCatalogTree *self,
                guint          position)
{
  g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, position);

  gtk_single_selection_set_selected (self->selection, position);
  scroll_to_row (self, position);
  if (gtk_widget_has_focus (GTK_WIDGET (self->list_view))
      || gtk_widget_get_focus_child (GTK_WIDGET (self->list_view)) != NULL)
    focus_row (self, row);
}

/* Right, as in GNOME's file trees: opens a closed domain or group, or
 * goes to the first row inside an open one. */
static void
gk_catalog_tree_expand_row_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  GkCatalogTree *self = GK_CATALOG_TREE (widget);
  GtkTreeListRow *row = get_cursor_row (self);
  GListModel *children;

  if (row == NULL || !gtk_tree_list_row_is_expandable (row))
    return;

  if (!gtk_tree_list_row_get_expanded (row))
    {
      gtk_tree_list_row_set_expanded (row, TRUE);
      return;
    }

  children = gtk_tree_list_row_get_children (row);
  if (children != NULL && g_list_model_get_n_items (children) > 0)
    move_cursor_to (self, gtk_tree_list_row_get_position (row) + 1);
}

/* Left: closes an open row, or goes to the row it is in. */
static void
gk_catalog_tree_collapse_row_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  GkCatalogTree *self = GK_CATALOG_TREE (widget);
  GtkTreeListRow *row = get_cursor_row (self);
  g_autoptr(GtkTreeListRow) parent = NULL;

  if (row == NULL)
    return;

  if (gtk_tree_list_row_get_expanded (row))
    {
      gtk_tree_list_row_set_expanded (row, FALSE);
      return;
    }

  parent = gtk_tree_list_row_get_parent (row);
  if (parent != NULL)
    move_cursor_to (self, gtk_tree_list_row_get_position (parent));
}

/* Names the row for a screen reader, and its arrow by what it does, which
 * GTK 4.8 always calls "Expand". */
static void
update_row_name (GtkTreeExpander *expander)
{
  GtkTreeListRow *row = gtk_tree_expander_get_list_row (expander);
  g_autoptr(GObject) node = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
  g_autofree char *label = NULL;

  if (node == NULL)
    return;

  g_object_get (node, "accessible-label", &label, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (expander));
       child != NULL && child != gtk_tree_expander_get_child (expander);
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_css_name (child), "expander"))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_tree_list_row_get_expanded (row)
                                      ? _("Collapse") : _("Expand"), -1);
}

/* A row widget shows another row (the list reuses them): its name follows
 * the row's node and whether it is open. */
static void
row_changed_cb (GtkTreeExpander *expander)
{
  GtkTreeListRow *old = g_object_get_data (G_OBJECT (expander), "gk-row");
  GtkTreeListRow *row = gtk_tree_expander_get_list_row (expander);
  g_autoptr(GObject) node = NULL;

  if (old != NULL)
    {
      g_autoptr(GObject) old_node = gtk_tree_list_row_get_item (old);

      g_signal_handlers_disconnect_by_func (old, update_row_name, expander);
      if (old_node != NULL)
        g_signal_handlers_disconnect_by_func (old_node, update_row_name, expander);
    }
  g_object_set_data_full (G_OBJECT (expander), "gk-row",
                          row != NULL ? g_object_ref (row) : NULL, g_object_unref);
  if (row == NULL)
    return;

  node = gtk_tree_list_row_get_item (row);
  if (node == NULL)
    return;
  g_signal_connect_object (row, "notify::expanded", G_CALLBACK (update_row_name), expander,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (node, "notify::accessible-label", G_CALLBACK (update_row_name),
                           expander, G_CONNECT_SWAPPED);
  update_row_name (expander);
}

/* The list makes a row widget with its row before connecting the row's
 * signals (row_changed_cb() then only hears of the rows it shows next):
 * an idle after the rows change, each new row widget is named. And GTK
 * 4.8 names no object of a structural role, such as the list's own "list
 * item" around our expander: it gives the focus to the expander, a named
 * "tree item", and takes none itself. */
static gboolean
name_rows (gpointer data)
{
  GkCatalogTree *self = data;

  self->name_rows_idle = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *expander = gtk_widget_get_first_child (child);

      if (!GTK_IS_TREE_EXPANDER (expander))
        continue;
      gtk_widget_set_focusable (child, FALSE);
      if (g_object_get_data (G_OBJECT (expander), "gk-row")
          != gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (expander)))
        row_changed_cb (GTK_TREE_EXPANDER (expander));
    }
  return G_SOURCE_REMOVE;
}

static void
queue_name_rows (GkCatalogTree *self)
{
  if (self->name_rows_idle == 0)
    self->name_rows_idle = g_idle_add (name_rows, self);
}

/* GtkListView 4.8 takes Tab from row to row (its "tab-behavior" came in
 * 4.12): thirty presses from the search to the form. The tree is one Tab
 * stop, its rows are walked with the arrow keys: a Tab that comes in goes
 * to the list's focused row, one from inside leaves the tree. */
static gboolean
gk_catalog_tree_focus (GtkWidget        *widget,
                       GtkDirectionType  direction)
{
  if ((direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD)
      && gtk_widget_get_focus_child (widget) != NULL)
    return FALSE;

  return GTK_WIDGET_CLASS (gk_catalog_tree_parent_class)->focus (widget, direction);
}

static void
gk_catalog_tree_dispose (GObject *object)
{
  GkCatalogTree *self = GK_CATALOG_TREE (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->scroll_tick);
  self->scroll_tick = 0;
  g_clear_handle_id (&self->name_rows_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), GK_TYPE_CATALOG_TREE);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->selected);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (gk_catalog_tree_parent_class)->dispose (object);
}

static void
gk_catalog_tree_finalize (GObject *object)
{
  GkCatalogTree *self = GK_CATALOG_TREE (object);

  g_free (self->needle);
  g_free (self->dept);

  G_OBJECT_CLASS (gk_catalog_tree_parent_class)->finalize (object);
}

static void
gk_catalog_tree_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GkCatalogTree *self = GK_CATALOG_TREE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_catalog_tree_class_init (GkCatalogTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gk_catalog_tree_dispose;
  object_class->finalize = gk_catalog_tree_finalize;
  object_class->get_property = gk_catalog_tree_get_property;
  widget_class->focus = gk_catalog_tree_focus;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, GK_TYPE_CATALOG_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, GK_TYPE_TREE_NODE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GkCatalogTree::item-activated:
   * @item: the item of the row
   *
   * Emitted when the user activates an item row (Enter, double click),
   * to go and edit it.
   */
  signals[ITEM_ACTIVATED] = g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, GK_TYPE_ITEM);

  g_type_ensure (GK_TYPE_TREE_NODE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gongkai/Gongkai/ui/gk-catalog-tree.ui");
  gtk_widget_class_bind_template_child (widget_class, GkCatalogTree, list_view);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_install_action (widget_class, "tree.expand-row", NULL,
                                   gk_catalog_tree_expand_row_action);
  gtk_widget_class_install_action (widget_class, "tree.collapse-row", NULL,
                                   gk_catalog_tree_collapse_row_action);
}

static void
gk_catalog_tree_init (GkCatalogTree *self)
{
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_builder_cscope_add_callback (GTK_BUILDER_CSCOPE (scope), row_changed_cb);
  factory = gtk_builder_list_item_factory_new_from_resource (
    scope, "/io/github/gongkai/Gongkai/ui/gk-catalog-row.ui");
  gtk_list_view_set_factory (self->list_view, factory);
  /* Scrolling makes row widgets too. */
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)),
                           "value-changed", G_CALLBACK (queue_name_rows), self,
                           G_CONNECT_SWAPPED);

  self->filter = gtk_custom_filter_new (filter_node, self, NULL);
  self->opened = GTK_INVALID_LIST_POSITION;
}

/**
 * gk_catalog_tree_new:
 *
 * Returns: (transfer floating): a new tree, empty until it gets a model
 */
GtkWidget *
gk_catalog_tree_new (void)
{
  return g_object_new (GK_TYPE_CATALOG_TREE, NULL);
}

/**
 * gk_catalog_tree_set_model:
 * @model: (transfer none): the catalog to show, in place of the one shown
 */
void
gk_catalog_tree_set_model (GkCatalogTree  *self,
                           GkCatalogModel *model)
{
  GtkFilterListModel *domains;

  g_return_if_fail (GK_IS_CATALOG_TREE (self));
  g_return_if_fail (GK_IS_CATALOG_MODEL (model));

  /* A catalog replaced as a whole (joining the county server): nothing of
   * the old one stays selected. */
  if (self->model != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->model, self);
      if (self->selection != NULL)
        g_signal_handlers_disconnect_by_data (self->selection, self);
      gtk_list_view_set_model (self->list_view, NULL);
      g_clear_object (&self->selection);
      g_clear_object (&self->tree_model);
      g_clear_object (&self->selected);
      g_clear_object (&self->model);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
    }

  self->model = g_object_ref (model);
  self->opened = GTK_INVALID_LIST_POSITION;
  g_signal_connect_object (model, "begin-update", G_CALLBACK (begin_update_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "end-update", G_CALLBACK (end_update_cb), self,
                           G_CONNECT_SWAPPED);

  domains = gtk_filter_list_model_new (
    g_object_ref (gk_catalog_model_get_domains (model)),
    g_object_ref (GTK_FILTER (self->filter)));
  self->tree_model = gtk_tree_list_model_new (G_LIST_MODEL (domains), FALSE, FALSE,
                                              create_child_model, self, NULL);
  /* After the selection's handler: the list knows the new rows by then. */
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree_model)));
  g_signal_connect_object (self->tree_model, "items-changed", G_CALLBACK (rows_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  queue_name_rows (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * gk_catalog_tree_get_model:
 *
 * Returns: (transfer none) (nullable): the model shown
 */
GkCatalogModel *
gk_catalog_tree_get_model (GkCatalogTree *self)
{
  g_return_val_if_fail (GK_IS_CATALOG_TREE (self), NULL);

  return self->model;
}

/**
 * gk_catalog_tree_get_selected:
 *
 * The selected row stays selected while a search hides it.
 *
 * Returns: (transfer none) (nullable): the selected row
 */
GkTreeNode *
gk_catalog_tree_get_selected (GkCatalogTree *self)
{
  g_return_val_if_fail (GK_IS_CATALOG_TREE (self), NULL);

  return self->selected;
}

/**
 * gk_catalog_tree_select_node:
 * @node: a domain, group or item row
 *
 * Expands the rows above @node, selects and shows it.
 *
 * Returns: whether @node is in the tree (and not hidden by a search)
 */
gboolean
gk_catalog_tree_select_node (GkCatalogTree *self,
                             GkTreeNode    *node)
{
  g_return_val_if_fail (GK_IS_CATALOG_TREE (self), FALSE);
  g_return_val_if_fail (GK_IS_TREE_NODE (node), FALSE);

  if (!reveal_node (self, node))
    return FALSE;

  set_selected (self, node);
  return TRUE;
}

/**
 * gk_catalog_tree_select_item:
 * @item: an item of the catalog
 *
 * Returns: whether the item's row could be selected
 */
gboolean
gk_catalog_tree_select_item (GkCatalogTree *self,
                             GkItem        *item)
{
  GkTreeNode *node;

  g_return_val_if_fail (GK_IS_CATALOG_TREE (self), FALSE);
  g_return_val_if_fail (GK_IS_ITEM (item), FALSE);

  if (self->model == NULL)
    return FALSE;

  node = gk_catalog_model_lookup_item (self->model, gk_item_get_id (item));
  return node != NULL && gk_catalog_tree_select_node (self, node);
}

static void
expand_all (GkCatalogTree *self)
{
  /* The model grows as rows open, so the bound is read every time. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);

      gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

/**
 * gk_catalog_tree_set_search_text:
 * @text: (nullable): what to look for in all fields, or %NULL to show all
 *
 * Shows only the items matching @text, with their domain and group
 * expanded; the domains and groups without matches are hidden.
 */
void
gk_catalog_tree_set_search_text (GkCatalogTree *self,
                                 const char    *text)
{
  g_autofree char *normalized = NULL;

  g_return_if_fail (GK_IS_CATALOG_TREE (self));

  normalized = text != NULL ? gk_text_normalize (text) : NULL;
  g_clear_pointer (&self->needle, g_free);
  if (normalized != NULL && *normalized != '\0')
    self->needle = g_utf8_casefold (normalized, -1);
  /* "24" or "食品" finds the domain's items: the domain's row is what the
   * user reads the code and name on. */
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      const GkDomain *domain = gk_domain_get_nth (i);
      g_autofree char *title = g_strdup_printf ("%s %s", domain->code, domain->name);
      g_autofree char *folded = g_utf8_casefold (title, -1);

      self->domain_matches[i] = self->needle != NULL && strstr (folded, self->needle) != NULL;
    }

  if (self->tree_model == NULL)
    return;

  self->updating++;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (self->needle != NULL)
    expand_all (self);
  self->updating--;

  if (self->selected != NULL)
    reveal_node (self, self->selected);
}

/**
 * gk_catalog_tree_set_dept:
 * @dept: (nullable): a department's id, or %NULL to show every item
 *
 * Shows only the items of @dept (and those made here since the last sync),
 * and the domains and groups that hold some.
 */
void
gk_catalog_tree_set_dept (GkCatalogTree *self,
                          const char    *dept)
{
  g_return_if_fail (GK_IS_CATALOG_TREE (self));

  if (g_strcmp0 (self->dept, dept) == 0)
    return;
  g_free (self->dept);
  self->dept = g_strdup (dept);
  if (self->tree_model == NULL)
    return;

  self->updating++;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  self->updating--;
  if (self->selected != NULL)
    reveal_node (self, self->selected);
}

/**
 * gk_catalog_tree_select_first_item:
 *
 * Selects the first item row shown, as Enter in the search does.
 *
 * Returns: whether there was one
 */
gboolean
gk_catalog_tree_select_first_item (GkCatalogTree *self)
{
  g_return_val_if_fail (GK_IS_CATALOG_TREE (self), FALSE);

  if (self->tree_model == NULL)
    return FALSE;
  /* The rows grow as they open: the bound is read every time. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);
      g_autoptr(GkTreeNode) node = gtk_tree_list_row_get_item (row);

      if (gk_tree_node_get_kind (node) == GK_TREE_NODE_ITEM)
        {
          gk_catalog_tree_select_node (self, node);
          return TRUE;
        }
      gtk_tree_list_row_set_expanded (row, TRUE);
    }
  return FALSE;
}

/**
 * gk_catalog_tree_get_rows:
 *
 * Returns: (transfer none) (nullable): the visible rows, a list of
 *   GtkTreeListRow whose items are GkTreeNode
 */
GListModel *
gk_catalog_tree_get_rows (GkCatalogTree *self)
{
  g_return_val_if_fail (GK_IS_CATALOG_TREE (self), NULL);

  return G_LIST_MODEL (self->tree_model);
}
