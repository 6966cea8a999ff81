/* gk-level-chooser.c: one check per administrative level
 *
 * The checks are made from a level set that changes with the catalog, so
 * the chooser has no template.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-level-chooser.h"

struct _GkLevelChooser
{
  GtkBox     parent_instance;

  GPtrArray *checks;  /* (element-type GtkCheckButton) */
};

G_DEFINE_FINAL_TYPE (GkLevelChooser, gk_level_chooser, GTK_TYPE_BOX)

enum {
  TOGGLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
check_toggled_cb (GkLevelChooser *self)
{
  g_signal_emit (self, signals[TOGGLED], 0);
}

static GtkCheckButton *
find_check (GkLevelChooser *self,
            const char     *level)
{
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (g_strcmp0 (gtk_check_button_get_label (check), level) == 0)
        return check;
    }

  return NULL;
}

static void
add_check (GkLevelChooser *self,
           const char     *level)
{
  GtkWidget *check = gtk_check_button_new_with_label (level);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self), check);
  g_ptr_array_add (self->checks, check);
}

/* Levels beyond the offered ones (an imported item may have them) get a
 * check too, so that unchecking them is possible and nothing is dropped
 * silently. */
static void
add_missing_checks (GkLevelChooser     *self,
                    const char * const *levels)
{
  for (guint i = 0; levels != NULL && levels[i] != NULL; i++)
    {
      if (find_check (self, levels[i]) == NULL)
        add_check (self, levels[i]);
    }
}

static void
gk_level_chooser_finalize (GObject *object)
{
  GkLevelChooser *self = GK_LEVEL_CHOOSER (object);

  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (gk_level_chooser_parent_class)->finalize (object);
}

static void
gk_level_chooser_class_init (GkLevelChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gk_level_chooser_finalize;

  /**
   * GkLevelChooser::toggled:
   * @self: the chooser
   *
   * Emitted when a check is toggled, by the user or by
   * gk_level_chooser_set_active().
   */
  signals[TOGGLED] =
    g_signal_new ("toggled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
gk_level_chooser_init (GkLevelChooser *self)
{
  self->checks = g_ptr_array_new ();
  gtk_box_set_spacing (GTK_BOX (self), 12);
}

/**
 * gk_level_chooser_new:
 *
 * Returns: (transfer full): a new chooser without checks
 */
GtkWidget *
gk_level_chooser_new (void)
{
  return g_object_new (GK_TYPE_LEVEL_CHOOSER, NULL);
}

/**
 * gk_level_chooser_set_levels:
 * @self: a chooser
 * @offered: (nullable) (array zero-terminated=1): the catalog's level set
 * @checked: (nullable) (array zero-terminated=1): the item's levels, which
 *   get a check even when they are not offered
 *
 * Makes the checks again, all unchecked: one per offered level, then one
 * per level of @checked beyond them. Check them with
 * gk_level_chooser_set_active().
 */
void
gk_level_chooser_set_levels (GkLevelChooser     *self,
                             const char * const *offered,
                             const char * const *checked)
{
  GtkWidget *child;

  g_return_if_fail (GK_IS_LEVEL_CHOOSER (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_box_remove (GTK_BOX (self), child);
  g_ptr_array_set_size (self->checks, 0);

  for (guint i = 0; offered != NULL && offered[i] != NULL; i++)
    add_check (self, offered[i]);
  add_missing_checks (self, checked);
}

/**
 * gk_level_chooser_set_active:
 * @self: a chooser
 * @checked: (array zero-terminated=1): the levels to check
 *
 * Checks exactly @checked, adding the checks they lack.
 */
void
gk_level_chooser_set_active (GkLevelChooser     *self,
                             const char * const *checked)
{
  g_return_if_fail (GK_IS_LEVEL_CHOOSER (self));

  add_missing_checks (self, checked);
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);
      const char *level = gtk_check_button_get_label (check);

      gtk_check_button_set_active (check, g_strv_contains (checked, level));
    }
}

/**
 * gk_level_chooser_dup_active:
 * @self: a chooser
 *
 * Returns: (transfer container) (element-type utf8): the checked levels in
 *   the order of the checks, %NULL-terminated; the strings belong to the
 *   checks
 */
GPtrArray *
gk_level_chooser_dup_active (GkLevelChooser *self)
{
  GPtrArray *levels;

  g_return_val_if_fail (GK_IS_LEVEL_CHOOSER (self), NULL);

  levels = g_ptr_array_new_null_terminated (self->checks->len, NULL, TRUE);
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (gtk_check_button_get_active (check))
        g_ptr_array_add (levels, (gpointer) gtk_check_button_get_label (check));
    }

  return levels;
}

/**
 * gk_level_chooser_get_checks:
 * @self: a chooser
 *
 * Returns: (transfer none) (element-type GtkCheckButton): the checks, in
 *   order, for the form's focus chain and accessible descriptions
 */
GPtrArray *
gk_level_chooser_get_checks (GkLevelChooser *self)
{
  g_return_val_if_fail (GK_IS_LEVEL_CHOOSER (self), NULL);

  return self->checks;
}
