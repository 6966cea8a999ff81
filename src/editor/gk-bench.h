/* gk-bench.h: numbers for the benchmarks in bench/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

double gk_bench_get_ms_since_start (void);
guint  gk_bench_get_rss_kib        (void);

G_END_DECLS
