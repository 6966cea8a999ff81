/* gk-bench-preview.c: the editor's main-thread cost of a live preview update
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   xvfb-run -a gk-bench-preview [--items N] [--rounds N]
 *
 * Shows a domain of N items (500 by default: a big domain of a big county)
 * in a GkPreview, then edits one item N rounds over, as typing does. For
 * each round it measures the main-thread work of one refresh: rendering
 * the domain with the core renderer and handing the new table to the web
 * view (gk_preview_flush()), as wall time and as the main thread's CPU
 * time. It also reports when the web process had applied it. Messages are
 * for developers and stay untranslated.
 */

#include <stdlib.h>
#include <time.h>

#include "gk-preview.h"

#define TIMEOUT_S 60

static const char * const contents[] = {
  "项目名称、建设单位、建设地点、建设规模、批准文号、批准时间、批准机关",
  "办理依据、申请条件、办理材料、办理流程、办理时限、收费标准（涉密信息、法律法规规定不予公开的除外）",
  "资金分配结果、使用情况及绩效评价",
};

static guint n_updated;

static GkItem *
make_item (guint index)
{
  const char * const levels[] = { "县级", "乡级", NULL };
  g_autofree char *level1 = g_strdup_printf ("一级事项%u", index / 8);
  g_autofree char *level2 = g_strdup_printf ("二级事项%u <审批结果> & 公示", index);
  GkItem *item = gk_item_new ("01");

  gk_item_set_text (item, GK_FIELD_LEVEL1, level1);
  gk_item_set_text (item, GK_FIELD_LEVEL2, level2);
  gk_item_set_text (item, GK_FIELD_CONTENT, contents[index % G_N_ELEMENTS (contents)]);
  gk_item_set_text (item, GK_FIELD_BASIS,
                    "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》"
                    "（国办发〔2019〕54号）");
  gk_item_set_text (item, GK_FIELD_TIME_LIMIT, "信息形成或者变更之日起20个工作日内");
  gk_item_set_text (item, GK_FIELD_SUBJECT, "县自然资源局");
  gk_item_set_channels (item, (index * 2654435761u) & GK_CHANNEL_MASK_ALL);
  gk_item_set_text (item, GK_FIELD_CHANNEL_OTHER, "村务公开栏");
  gk_item_set_audience (item, GK_AUDIENCE_PUBLIC | GK_AUDIENCE_SPECIFIC);
  gk_item_set_text (item, GK_FIELD_AUDIENCE_DESC, "申请人");
  gk_item_set_method (item, GK_METHOD_PROACTIVE);
  gk_item_set_levels (item, levels);
  gk_item_set_position (item, (int) index);
  return item;
}

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
updated_cb (void)
{
  n_updated++;
}

static void
wait_for_update (guint before)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;

  while (n_updated == before)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("The preview did not update within %d s", TIMEOUT_S);
      g_main_context_iteration (NULL, FALSE);
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (GArray     *times,
        const char *what)
{
  g_array_sort (times, compare_double);
  g_print ("%-34s median %7.2f ms   max %7.2f ms\n", what,
           g_array_index (times, double, times->len / 2),
           g_array_index (times, double, times->len - 1));
}

static void
run_rounds (GkPreview *preview,
            GkItem    *item,
            guint      rounds)
{
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) typing = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) applied = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < rounds; r++)
    {
      g_autofree char *text = g_strdup_printf ("二级事项（第%u次修改）", r);
      guint before = n_updated;
      gint64 start = g_get_monotonic_time ();
      double cpu_start;
      double ms;

      gk_item_set_text (item, GK_FIELD_LEVEL2, text);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (typing, ms);

      start = g_get_monotonic_time ();
      cpu_start = thread_cpu_ms ();
      gk_preview_flush (preview);
      ms = thread_cpu_ms () - cpu_start;
      g_array_append_val (cpu, ms);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (wall, ms);

      wait_for_update (before);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (applied, ms);
    }

  report (typing, "keystroke (mark dirty, model)");
  report (wall, "refresh, main thread, wall");
  report (cpu, "refresh, main thread, CPU");
  report (applied, "until the web view applied it");
}

int
main (int   argc,
      char *argv[])
{
  int n_items = 500;
  int rounds = 30;
  GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_INT, &n_items, "Items in the domain", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Edits to time", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkCatalogModel) model = NULL;
  GtkWidget *window;
  GkPreview *preview;
  GkItem *edited = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_items < 1 || rounds < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "Give positive numbers");
      return EXIT_FAILURE;
    }

  gtk_init ();
  adw_init ();

  gk_catalog_set_unit_name (catalog, "明水县自然资源局");
  gk_catalog_set_levels (catalog, (const char * const []) { "县级", "乡级", NULL });
  for (int i = 0; i < n_items; i++)
    {
      g_autoptr(GkItem) item = make_item ((guint) i);

      gk_catalog_add_item (catalog, item);
      if (i == n_items / 2)
        edited = item;
    }
  model = gk_catalog_model_new (catalog);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 900);
  preview = GK_PREVIEW (gk_preview_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (preview));
  g_signal_connect (preview, "updated", G_CALLBACK (updated_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));

  gk_preview_set_model (preview, model);
  gk_preview_show (preview, "01", edited);
  wait_for_update (0);

  g_print ("%d items in the domain, %d rounds\n", n_items, rounds);
  run_rounds (preview, edited, (guint) rounds);

  gtk_window_destroy (GTK_WINDOW (window));
  return EXIT_SUCCESS;
}
