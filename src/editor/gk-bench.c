/* gk-bench.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gk-bench.h"

/**
 * gk_bench_get_ms_since_start:
 *
 * Measured from the kernel's start time of the process, so the time spent
 * loading libraries before main() counts too.
 *
 * Returns: milliseconds since the process started, or -1 when unknown
 */
double
gk_bench_get_ms_since_start (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;
  struct timespec now;
  long ticks = sysconf (_SC_CLK_TCK);
  double start_s;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) || ticks <= 0)
    return -1;

  /* The command name in field 2 may contain spaces: skip past its ")". */
  after_name = strrchr (stat, ')');
  if (after_name == NULL)
    return -1;
  fields = g_strsplit (after_name + 2, " ", -1);
  if (g_strv_length (fields) < 20)
    return -1;

  /* Field 22 (starttime) is the 20th after the name. */
  start_s = g_ascii_strtod (fields[19], NULL) / ticks;
  clock_gettime (CLOCK_BOOTTIME, &now);

  return (now.tv_sec + now.tv_nsec / 1e9 - start_s) * 1000.0;
}

/**
 * gk_bench_get_rss_kib:
 *
 * Returns: VmRSS of the process in KiB, or 0 when unknown
 */
guint
gk_bench_get_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;

  line = strstr (status, "\nVmRSS:");
  if (line == NULL)
    return 0;

  return (guint) g_ascii_strtoull (line + strlen ("\nVmRSS:"), NULL, 10);
}
