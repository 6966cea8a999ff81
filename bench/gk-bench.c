/* gk-bench.c: benchmarks of the store and the checks (see bench/README.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gk-bench run [--sizes 1000,10000,100000] [--dir DIR] [--seed N]
 *   gk-bench generate --items N -o FILE.json [--seed N]
 *
 * Messages are for developers and stay untranslated.
 */

#include <locale.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>

#include "gongkai-core.h"

#define N_RECHECKS 20000
#define N_SAVES    200

/* Pieces of real catalogs (tests/fixtures/sample-items.json), recombined so
 * that text lengths match theirs: content ~45, basis ~40, time limit ~20
 * characters on average. */
static const char * const level1_pool[] = {
  "政策文件", "规划计划", "行政许可", "行政处罚", "行政检查", "公共服务",
  "资金管理", "项目建设", "监督检查", "信息发布", "办事指南", "统计信息",
};

static const char * const noun_pool[] = {
  "建设项目", "用地预审", "选址意见书", "补助资金", "招标投标", "规划许可",
  "经营许可", "安全检查", "应急预案", "统计数据", "政策解读", "征收补偿",
  "环境影响评价", "工程质量", "救助对象", "养老服务", "就业创业", "医疗保障",
};

static const char * const suffix_pool[] = {
  "信息", "公示", "结果", "办理", "目录", "标准", "情况", "名单",
};

static const char * const content_pool[] = {
  "项目名称、建设单位、建设地点、建设规模",
  "批准文号、批准时间、批准机关",
  "办理依据、申请条件、办理材料、办理流程、办理时限、收费标准",
  "（涉密信息、法律法规规定不予公开的除外）",
  "规划批准文件、规划文本及图件",
  "资金分配结果、使用情况及绩效评价",
  "检查对象、检查时间、检查结果、处理情况",
  "政策文件全文及解读材料",
  "咨询电话、办公地址、办公时间",
};

static const char * const basis_pool[] = {
  "《中华人民共和国政府信息公开条例》",
  "《中华人民共和国土地管理法》",
  "《中华人民共和国城乡规划法》",
  "《中华人民共和国行政许可法》",
  "《中华人民共和国行政处罚法》",
  "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）",
};

static const char * const time_limit_pool[] = {
  "信息形成或者变更之日起20个工作日内",
  "作出行政决定之日起7个工作日内",
  "实时公开",
  "批前公示时间不得少于30日",
  "每年3月31日前公开上一年度情况",
  "常态化公开",
};

static const char * const subject_prefix_pool[] = {
  "县", "某某县", "县人民政府", "乡镇人民政府",
};

#define PICK(rand, pool) ((pool)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (pool))])

static void
append_distinct (GString            *text,
                 GRand              *rand,
                 const char * const *pool,
                 guint               pool_len,
                 guint               count,
                 const char         *separator)
{
  guint first = g_rand_int_range (rand, 0, pool_len);

  for (guint i = 0; i < count && i < pool_len; i++)
    {
      if (i > 0)
        g_string_append (text, separator);
      g_string_append (text, pool[(first + i) % pool_len]);
    }
}

static GkItem *
generate_item (GRand      *rand,
               const char *domain_code,
               guint       position)
{
  const GkDomain *domain = gk_domain_lookup (domain_code);
  GkItem *item = gk_item_new (domain_code);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *both[] = { "县级", "乡级", NULL };
  const char *county[] = { "县级", NULL };
  guint channels = 1u << GK_CHANNEL_WEBSITE;

  gk_item_set_text (item, GK_FIELD_LEVEL1, PICK (rand, level1_pool));
  g_string_printf (text, "%s%s（%u）", PICK (rand, noun_pool), PICK (rand, suffix_pool),
                   position + 1);
  gk_item_set_text (item, GK_FIELD_LEVEL2, text->str);

  g_string_truncate (text, 0);
  append_distinct (text, rand, content_pool, G_N_ELEMENTS (content_pool),
                   g_rand_int_range (rand, 1, 4), "；");
  gk_item_set_text (item, GK_FIELD_CONTENT, text->str);

  g_string_truncate (text, 0);
  append_distinct (text, rand, basis_pool, G_N_ELEMENTS (basis_pool),
                   g_rand_int_range (rand, 1, 3), "");
  gk_item_set_text (item, GK_FIELD_BASIS, text->str);
  gk_item_set_text (item, GK_FIELD_TIME_LIMIT, PICK (rand, time_limit_pool));

  g_string_printf (text, "%s%s", PICK (rand, subject_prefix_pool),
                   domain != NULL ? domain->typical_subject : "政府办公室");
  gk_item_set_text (item, GK_FIELD_SUBJECT, text->str);

  for (guint i = 0; i < 2; i++)
    channels |= 1u << g_rand_int_range (rand, 0, GK_CHANNEL_OTHER);
  gk_item_set_channels (item, channels);
  if (g_rand_int_range (rand, 0, 10) == 0)
    {
      gk_item_set_audience (item, GK_AUDIENCE_SPECIFIC);
      gk_item_set_text (item, GK_FIELD_AUDIENCE_DESC, "申请人及利害关系人");
    }
  else
    gk_item_set_audience (item, GK_AUDIENCE_PUBLIC);
  gk_item_set_method (item, g_rand_int_range (rand, 0, 7) == 0
                            ? GK_METHOD_ON_REQUEST : GK_METHOD_PROACTIVE);
  gk_item_set_levels (item, g_rand_boolean (rand) ? both : county);
  gk_item_set_position (item, (int) position);

  return item;
}

/* @n_items spread over the 26 domains, unevenly as in real catalogs. */
static GkCatalog *
generate_catalog (guint   n_items,
                  guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GkCatalog *catalog = gk_catalog_new ();
  guint per_domain[GK_N_DOMAINS] = { 0, };

  gk_catalog_set_unit_name (catalog, "某某县人民政府");
  gk_catalog_set_label (catalog, "基准测试");

  for (guint i = 0; i < n_items; i++)
    {
      /* Half the items in the first eight domains. */
      guint d = g_rand_boolean (rand) ? g_rand_int_range (rand, 0, 8)
                                      : g_rand_int_range (rand, 0, GK_N_DOMAINS);
      g_autoptr(GkItem) item = generate_item (rand, gk_domain_get_nth (d)->code,
                                              per_domain[d]++);

      gk_catalog_add_item (catalog, item);
    }

  return catalog;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* CPU time of this thread: what the code costs, whatever else the machine
 * runs (the benchmark machine is shared). */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1000000.0;
}

typedef struct
{
  gint64 wall;
  double cpu;
} Timer;

static void
timer_start (Timer *timer)
{
  timer->wall = g_get_monotonic_time ();
  timer->cpu = cpu_ms ();
}

/* Stores the wall and CPU milliseconds since timer_start(). */
static void
timer_stop (Timer  *timer,
            double *wall,
            double *cpu)
{
  *wall = ms_since (timer->wall);
  *cpu = cpu_ms () - timer->cpu;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
minimum (const double *values,
         guint         n)
{
  double min = values[0];

  for (guint i = 1; i < n; i++)
    min = MIN (min, values[i]);
  return min;
}

/* Bytes the heap holds (glibc): what a loaded catalog keeps, unlike the
 * resident size, which does not shrink when memory is freed and reused. */
static double
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return (double) info.uordblks + (double) info.hblkhd;
}

static GkStore *
open_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  GkStore *store = gk_store_new (dir);

  if (!gk_store_open (store, &error))
    g_error ("open: %s", error->message);
  return store;
}

/* Each phase is measured as wall and CPU time; [0] wall, [1] CPU. */
typedef struct
{
  guint  n_items;
  double import_ms;
  double open_ms[2];
  double load_ms[2];
  double check_ms[2];
  double recheck_us;
  double save_ms;
  double save_p95_ms;
  double db_mib;
  double bytes_per_item;
} Result;

#define MAX_REPEATS 5

/* The minimum of the repeats: the least disturbed run of a shared machine. */
static void
measure_load (const char *dir,
              Result     *result,
              GkCatalog **out_catalog)
{
  guint repeats = result->n_items >= 100000 ? 3 : MAX_REPEATS;
  double open_ms[2][MAX_REPEATS], load_ms[2][MAX_REPEATS], check_ms[2][MAX_REPEATS];

  for (guint r = 0; r < repeats; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GkCatalog) catalog = NULL;
      g_autoptr(GPtrArray) diagnostics = NULL;
      GkStore *store;
      Timer timer;
      double heap_before = heap_in_use ();

      timer_start (&timer);
      store = open_store (dir);
      timer_stop (&timer, &open_ms[0][r], &open_ms[1][r]);

      timer_start (&timer);
      catalog = gk_store_load_catalog (store, &error);
      if (catalog == NULL)
        g_error ("load: %s", error->message);
      timer_stop (&timer, &load_ms[0][r], &load_ms[1][r]);
      g_assert (gk_catalog_get_n_items (catalog) == result->n_items);

      timer_start (&timer);
      diagnostics = gk_check_catalog (catalog, NULL, NULL);
      timer_stop (&timer, &check_ms[0][r], &check_ms[1][r]);

      g_clear_pointer (&diagnostics, g_ptr_array_unref);
      g_object_unref (store);
      /* What stays once the store is closed: the catalog. */
      if (r == 0)
        result->bytes_per_item = (heap_in_use () - heap_before) / result->n_items;
      if (r == repeats - 1)
        *out_catalog = g_steal_pointer (&catalog);
    }

  for (guint k = 0; k < 2; k++)
    {
      result->open_ms[k] = minimum (open_ms[k], repeats);
      result->load_ms[k] = minimum (load_ms[k], repeats);
      result->check_ms[k] = minimum (check_ms[k], repeats);
    }
}

static void
measure_recheck (GkCatalog *catalog,
                 Result    *result)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  const char * const *levels = gk_catalog_get_levels (catalog);
  guint n = gk_catalog_get_n_items (catalog);
  gint64 start;

  diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_diagnostic_free);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_RECHECKS; i++)
    {
      gk_check_item (gk_catalog_get_item (catalog, g_rand_int_range (rand, 0, n)),
                     levels, diagnostics);
      g_ptr_array_set_size (diagnostics, 0);
    }
  result->recheck_us = (g_get_monotonic_time () - start) / (double) N_RECHECKS;
}

static void
measure_save (const char *dir,
              GkCatalog  *catalog,
              Result     *result)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  GkStore *store = open_store (dir);
  double times[N_SAVES];
  double total = 0;
  guint n = gk_catalog_get_n_items (catalog);

  for (guint i = 0; i < N_SAVES; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *notes = g_strdup_printf ("第 %u 次修改", i);
      GkItem *item = gk_catalog_get_item (catalog, g_rand_int_range (rand, 0, n));
      gint64 start;

      gk_item_set_text (item, GK_FIELD_NOTES, notes);
      start = g_get_monotonic_time ();
      if (!gk_store_save_item (store, item, &error))
        g_error ("save: %s", error->message);
      times[i] = ms_since (start);
      total += times[i];
    }

  g_object_unref (store);
  result->save_ms = total / N_SAVES;
  qsort (times, N_SAVES, sizeof (double), compare_double);
  result->save_p95_ms = times[N_SAVES * 95 / 100];
}

static void
remove_store (const char *dir)
{
  const char *names[] = { "gongkai.db", "gongkai.db-wal", "gongkai.db-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

static void
run_size (const char *base_dir,
          guint       n_items,
          guint32     seed,
          Result     *result)
{
  g_autofree char *dir = g_strdup_printf ("%s/store-%u", base_dir, n_items);
  g_autofree char *db_path = g_build_filename (dir, "gongkai.db", NULL);
  g_autoptr(GkCatalog) generated = generate_catalog (n_items, seed);
  g_autoptr(GkCatalog) loaded = NULL;
  g_autoptr(GError) error = NULL;
  GkStore *store;
  GStatBuf st;
  gint64 start;

  memset (result, 0, sizeof *result);
  result->n_items = n_items;
  remove_store (dir);

  store = open_store (dir);
  start = g_get_monotonic_time ();
  if (!gk_store_replace_catalog (store, generated, &error))
    g_error ("import: %s", error->message);
  result->import_ms = ms_since (start);
  g_object_unref (store);

  measure_load (dir, result, &loaded);
  measure_recheck (loaded, result);
  measure_save (dir, loaded, result);

  if (g_stat (db_path, &st) == 0)
    result->db_mib = st.st_size / (1024.0 * 1024.0);
  remove_store (dir);
}

static void
print_results (const Result *results,
               guint         n)
{
  g_print ("\nopen, load and check: minimum of 5 runs (3 for 100k), wall / CPU time\n\n");
  g_print ("| items | open | load | check all | open+load+check | re-check one | "
           "save one (mean / p95) | import (one step) | db size | memory per item |\n");
  g_print ("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (guint i = 0; i < n; i++)
    {
      const Result *r = &results[i];

      g_print ("| %u | %.1f / %.1f ms | %.1f / %.1f ms | %.1f / %.1f ms | "
               "**%.1f / %.1f ms** | %.2f µs | %.2f / %.2f ms | %.0f ms | %.1f MiB | %.0f B |\n",
               r->n_items, r->open_ms[0], r->open_ms[1], r->load_ms[0], r->load_ms[1],
               r->check_ms[0], r->check_ms[1],
               r->open_ms[0] + r->load_ms[0] + r->check_ms[0],
               r->open_ms[1] + r->load_ms[1] + r->check_ms[1],
               r->recheck_us, r->save_ms, r->save_p95_ms, r->import_ms, r->db_mib,
               r->bytes_per_item);
    }
}

static int
run (int    argc,
     char **argv)
{
  g_autofree char *sizes_text = NULL;
  g_autofree char *dir = NULL;
  gint seed = 1;
  GOptionEntry entries[] = {
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_text,
      "Comma-separated catalog sizes (default 1000,10000,100000)", "N,N,…" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir,
      "Where to create the stores (default: a new folder in the current one)", "DIR" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the generator", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- measure the store and checks");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sizes = NULL;
  g_autofree Result *results = NULL;
  g_autofree char *base = NULL;
  guint n = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  sizes = g_strsplit (sizes_text != NULL ? sizes_text : "1000,10000,100000", ",", -1);
  results = g_new0 (Result, g_strv_length (sizes));
  /* On the disk, not in a tmpfs: saving is an fsync. */
  base = g_strdup (dir != NULL ? dir : "gk-bench-XXXXXX");
  if ((dir == NULL && g_mkdtemp (base) == NULL) || g_mkdir_with_parents (base, 0700) != 0)
    g_error ("cannot create %s", base);

  for (guint i = 0; sizes[i] != NULL; i++)
    {
      guint n_items = (guint) g_ascii_strtoull (sizes[i], NULL, 10);

      if (n_items == 0)
        continue;
      g_printerr ("%u items…\n", n_items);
      run_size (base, n_items, (guint32) seed, &results[n++]);
    }
  if (dir == NULL)
    g_rmdir (base);

  print_results (results, n);
  return 0;
}

static int
generate (int    argc,
          char **argv)
{
  g_autofree char *output = NULL;
  gint n_items = 10000;
  gint seed = 1;
  GOptionEntry entries[] = {
    { "items", 'n', 0, G_OPTION_ARG_INT, &n_items, "Number of items (default 10000)", "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Catalog file to write", "FILE.json" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the generator", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- write a generated catalog");
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || output == NULL || n_items < 0)
    {
      g_printerr ("%s\n", error != NULL ? error->message
                                        : "Usage: gk-bench generate --items N -o FILE.json");
      return 2;
    }

  catalog = generate_catalog ((guint) n_items, (guint32) seed);
  file = g_file_new_for_commandline_arg (output);
  if (!gk_catalog_save_to_file (catalog, file, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");

  if (argc >= 2 && g_str_equal (argv[1], "run"))
    return run (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "generate"))
    return generate (argc - 1, argv + 1);

  g_printerr ("Usage: gk-bench run [--sizes N,N,…] [--dir DIR] [--seed N]\n"
              "       gk-bench generate --items N -o FILE.json [--seed N]\n");
  return 2;
}
