/* gk-catalog-json-private.h: what the writer and the reader of the
 * canonical JSON form share (private to the core)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The values of the audience and method members, bit by bit. */
extern const char * const gk_catalog_json_audience_names[2];
extern const char * const gk_catalog_json_method_names[2];

G_END_DECLS
