/* gk-test-samples.h: the 80 real rows of tests/fixtures/sample-items.json
 * turned into items, shared by the tests that need real catalog text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gongkai-core.h"

G_BEGIN_DECLS

GkItem    *gk_test_samples_convert_row (JsonObject  *row,
                                        GPtrArray   *all_levels);
GkCatalog *gk_test_samples_load        (JsonArray  **rows,
                                        GPtrArray  **items);

G_END_DECLS
