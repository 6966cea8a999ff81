/* gk-crash-child.c: saves items until it is killed (for test-crash)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: gk-crash-child DATA_DIR
 *
 * Prints "saved UUID" after each save has returned, so every UUID printed
 * is a save the editor would have shown as done: it must survive SIGKILL.
 */

#include <stdio.h>
#include <stdlib.h>

#include "gongkai-core.h"

static GkItem *
make_item (guint n)
{
  const GkDomain *domain = gk_domain_get_nth (n % GK_N_DOMAINS);
  GkItem *item = gk_item_new (domain->code);
  g_autofree char *level1 = g_strdup_printf ("一级事项 %u", n);
  g_autoptr(GString) content = g_string_new (NULL);

  /* Long enough to span several pages now and then. */
  for (guint i = 0; i < 1 + n % 40; i++)
    g_string_append (content, "规划草案、规划批准文件、规划文本及图件（涉密信息除外）；");

  gk_item_set_text (item, GK_FIELD_LEVEL1, level1);
  gk_item_set_text (item, GK_FIELD_CONTENT, content->str);
  gk_item_set_text (item, GK_FIELD_BASIS, "《政府信息公开条例》");
  gk_item_set_text (item, GK_FIELD_SUBJECT, domain->typical_subject);
  gk_item_set_channels (item, 1u << GK_CHANNEL_WEBSITE);
  gk_item_set_position (item, (int) n);
  return item;
}

static void
report (GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    printf ("saved %s\n", gk_item_get_id (g_ptr_array_index (items, i)));
  fflush (stdout);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GkStore) store = NULL;
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: %s DATA_DIR\n", argv[0]);
      return 2;
    }

  store = gk_store_new (argv[1]);
  if (!gk_store_open (store, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  if (gk_store_get_set_aside_path (store) != NULL)
    {
      /* The parent treats this as data loss. */
      fprintf (stderr, "set aside: %s\n", gk_store_get_set_aside_reason (store));
      return 3;
    }

  for (guint n = 0; ; n++)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      /* Mostly single saves, sometimes a batch, sometimes an edit of an
       * item already saved (which must stay). */
      for (guint i = 0; i < (n % 7 == 6 ? 3u : 1u); i++)
        g_ptr_array_add (batch, make_item (n * 3 + i));
      if (n % 3 == 2 && saved->len > 0)
        {
          GkItem *old = g_ptr_array_index (saved, g_random_int_range (0, saved->len));

          gk_item_set_text (old, GK_FIELD_NOTES, batch->len > 1 ? "批量" : "修改");
          g_ptr_array_add (batch, g_object_ref (old));
        }

      if (!gk_store_save_items (store, batch, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      report (batch);

      for (guint i = 0; i < batch->len && saved->len < 200; i++)
        g_ptr_array_add (saved, g_object_ref (g_ptr_array_index (batch, i)));
    }

  return 0;
}
