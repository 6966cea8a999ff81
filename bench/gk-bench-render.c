/* gk-bench-render.c: how long the published page and the exports take
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gk-bench-render [--items N] [--rounds N] [--dir DIR]
 *
 * Renders one domain of N items (500 by default: a big domain of a big
 * county) as the editor preview does on every keystroke, then the whole
 * catalog of 10 × N items, the CSV and the XLSX export. Messages are for
 * developers and stay untranslated.
 */

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "gongkai-core.h"
#include "gk-export.h"

/* Lengths as in tests/fixtures/sample-items.json. */
static const char * const contents[] = {
  "项目名称、建设单位、建设地点、建设规模、批准文号、批准时间、批准机关",
  "办理依据、申请条件、办理材料、办理流程、办理时限、收费标准（涉密信息、法律法规规定不予公开的除外）",
  "资金分配结果、使用情况及绩效评价",
};

static const char * const bases[] = {
  "《中华人民共和国政府信息公开条例》《中华人民共和国城乡规划法》",
  "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）",
};

static GkItem *
make_item (GRand      *rand,
           const char *domain,
           guint       index)
{
  const char * const levels[] = { "县级", "乡级", NULL };
  g_autofree char *level1 = g_strdup_printf ("一级事项%u", index / 8);
  g_autofree char *level2 = g_strdup_printf ("二级事项%u <审批结果> & 公示", index);
  GkItem *item = gk_item_new (domain);

  gk_item_set_text (item, GK_FIELD_LEVEL1, level1);
  gk_item_set_text (item, GK_FIELD_LEVEL2, level2);
  gk_item_set_text (item, GK_FIELD_CONTENT,
                    contents[g_rand_int_range (rand, 0, G_N_ELEMENTS (contents))]);
  gk_item_set_text (item, GK_FIELD_BASIS,
                    bases[g_rand_int_range (rand, 0, G_N_ELEMENTS (bases))]);
  gk_item_set_text (item, GK_FIELD_TIME_LIMIT, "信息形成或者变更之日起20个工作日内");
  gk_item_set_text (item, GK_FIELD_SUBJECT, "县自然资源局");
  gk_item_set_channels (item, g_rand_int (rand) & GK_CHANNEL_MASK_ALL);
  gk_item_set_text (item, GK_FIELD_CHANNEL_OTHER, "村务公开栏");
  gk_item_set_audience (item, GK_AUDIENCE_PUBLIC | GK_AUDIENCE_SPECIFIC);
  gk_item_set_text (item, GK_FIELD_AUDIENCE_DESC, "申请人");
  gk_item_set_method (item, GK_METHOD_PROACTIVE);
  gk_item_set_levels (item, levels);
  gk_item_set_position (item, (int) index);
  return item;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Prints the median and the worst of @rounds renders. */
static void
time_render (GkCatalog             *catalog,
             const GkRenderOptions *options,
             guint                  rounds,
             const char            *what)
{
  g_autoptr(GArray) times = g_array_sized_new (FALSE, FALSE, sizeof (double), rounds);
  gsize size = 0;

  for (guint r = 0; r < rounds; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autofree char *html = gk_render_html (catalog, options, NULL);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      size = strlen (html);
      g_array_append_val (times, ms);
    }
  g_array_sort (times, compare_double);
  g_print ("%-34s median %7.2f ms  max %7.2f ms  (%" G_GSIZE_FORMAT " kB)\n", what,
           g_array_index (times, double, rounds / 2),
           g_array_index (times, double, rounds - 1), size / 1024);
}

int
main (int    argc,
      char **argv)
{
  int n_items = 500;
  int rounds = 200;
  g_autofree char *dir = NULL;
  GOptionEntry entries[] = {
    { "items", 'n', 0, G_OPTION_ARG_INT, &n_items, "Items in the rendered domain", "N" },
    { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds, "Renders to time", "N" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir, "Where to write the exports", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GError) error = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *csv = NULL;
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  gboolean own_dir = FALSE;
  gint64 start;
  gsize length;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_items < 1 || rounds < 1)
    {
      g_printerr ("gk-bench-render: %s\n", error != NULL ? error->message : "bad numbers");
      return EXIT_FAILURE;
    }

  gk_catalog_set_unit_name (catalog, "某某县");
  for (guint d = 0; d < 10; d++)
    for (guint i = 0; i < (guint) n_items; i++)
      {
        g_autoptr(GkItem) item = make_item (rand, gk_domain_get_nth (d)->code, i);

        gk_catalog_add_item (catalog, item);
      }

  options.domain_code = "01";
  options.highlight_id = gk_item_get_id (gk_catalog_get_item (catalog, n_items / 2));
  time_render (catalog, &options, rounds, "one domain (HTML)");
  time_render (catalog, NULL, MAX (rounds / 20, 1), "whole catalog, 10 domains (HTML)");

  start = g_get_monotonic_time ();
  csv = gk_export_csv (catalog, NULL, &length, NULL);
  g_print ("%-34s %7.2f ms  (%" G_GSIZE_FORMAT " kB)\n", "whole catalog (CSV)",
           (g_get_monotonic_time () - start) / 1000.0, length / 1024);

  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("gk-bench-render-XXXXXX", &error);
      if (dir == NULL)
        {
          g_printerr ("gk-bench-render: %s\n", error->message);
          return EXIT_FAILURE;
        }
      own_dir = TRUE;
    }
  xlsx = g_build_filename (dir, "bench.xlsx", NULL);
  start = g_get_monotonic_time ();
  if (!gk_export_xlsx (catalog, NULL, xlsx, &error))
    {
      g_printerr ("gk-bench-render: %s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print ("%-34s %7.2f ms\n", "whole catalog (XLSX)",
           (g_get_monotonic_time () - start) / 1000.0);
  g_unlink (xlsx);
  if (own_dir)
    g_rmdir (dir);

  return EXIT_SUCCESS;
}
