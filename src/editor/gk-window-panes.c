/* gk-window-panes.c: F6 goes round the window's visible panes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-window-private.h"

/*
 * GtkPaned's own F6 ("cycle-child-focus") moves into its children as they
 * are, hidden stack pages included, and knows nothing of the other paned:
 * a keyboard user landed on a page that is not shown. The window takes F6
 * over from both paneds and goes round what is shown: the tree, the form
 * (or the page shown in its place), the preview when it is visible.
 */

/* The panes in the order F6 visits them; NULL for one not shown. */
static void
get_panes (GkWindow   *self,
           GtkWidget **panes)
{
  panes[0] = GTK_WIDGET (self->tree);
  panes[1] = gtk_stack_get_visible_child (self->content_stack);
  panes[2] = self->preview_visible ? GTK_WIDGET (self->preview) : NULL;
  for (guint i = 0; i < 3; i++)
    if (panes[i] != NULL && !gtk_widget_get_mapped (panes[i]))
      panes[i] = NULL;
}

/* Focuses the pane after (or before) the one holding the focus. */
static gboolean
cycle_panes (GkWindow *self,
             gboolean  reversed)
{
  GtkWidget *panes[3];
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  int current = -1;
  int start;

  get_panes (self, panes);
  for (int i = 0; i < 3; i++)
    if (panes[i] != NULL && focus != NULL
        && (focus == panes[i] || gtk_widget_is_ancestor (focus, panes[i])))
      current = i;

  /* From no pane, forward starts at the first and backward at the last. */
  start = current >= 0 ? current : (reversed ? 0 : 2);
  for (int step = 1; step < 3 || (step == 3 && current < 0); step++)
    {
      int i = (start + (reversed ? 3 - step : step)) % 3;

      if (panes[i] == NULL)
        continue;
      if (gtk_widget_child_focus (panes[i], GTK_DIR_TAB_FORWARD)
          || gtk_widget_grab_focus (panes[i]))
        return TRUE;
    }
  return TRUE;
}

static gboolean
cycle_child_focus_cb (GtkPaned *paned,
                      gboolean  reversed,
                      GkWindow *self)
{
  g_signal_stop_emission_by_name (paned, "cycle-child-focus");
  return cycle_panes (self, reversed);
}

/**
 * _gk_window_init_panes:
 *
 * Makes F6 and Shift+F6 go round the visible panes.
 */
void
_gk_window_init_panes (GkWindow *self)
{
  g_signal_connect_object (self->paned, "cycle-child-focus",
                           G_CALLBACK (cycle_child_focus_cb), self, 0);
  g_signal_connect_object (self->preview_paned, "cycle-child-focus",
                           G_CALLBACK (cycle_child_focus_cb), self, 0);
}

/**
 * _gk_window_leave_hidden_preview:
 *
 * The preview about to be hidden holding the focus gives it to the form:
 * a hidden widget must not keep it (keys would go nowhere visible).
 */
void
_gk_window_leave_hidden_preview (GkWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (self->preview_visible || focus == NULL
      || !(focus == GTK_WIDGET (self->preview)
           || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->preview))))
    return;
  if (!gtk_widget_child_focus (gtk_stack_get_visible_child (self->content_stack),
                               GTK_DIR_TAB_FORWARD))
    gtk_widget_child_focus (GTK_WIDGET (self->tree), GTK_DIR_TAB_FORWARD);
}
