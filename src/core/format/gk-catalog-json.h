/* gk-catalog-json.h: the canonical JSON form of a catalog (docs/catalog-format.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "gk-catalog.h"

G_BEGIN_DECLS

#define GK_FORMAT_VERSION 1

/* The largest catalog file read: a city's 100,000 items take ~100 MiB. */
#define GK_CATALOG_MAX_BYTES (512u * 1024 * 1024)

#define GK_FORMAT_ERROR (gk_format_error_quark ())

typedef enum
{
  GK_FORMAT_ERROR_SYNTAX,    /* not JSON, or not valid UTF-8 */
  GK_FORMAT_ERROR_VERSION,   /* "format" missing or newer than we know */
  GK_FORMAT_ERROR_INVALID,   /* a member missing, of the wrong type or value */
  GK_FORMAT_ERROR_TOO_DEEP,  /* arrays and objects nested past the limit */
} GkFormatError;

GQuark      gk_format_error_quark        (void);

JsonNode   *gk_item_to_json              (GkItem      *item);
GkItem     *gk_item_new_from_json        (JsonNode    *node,
                                          const char  *place,
                                          GError     **error);
char       *gk_catalog_to_data           (GkCatalog   *catalog,
                                          gsize       *length);
GkCatalog  *gk_catalog_new_from_data     (const char  *data,
                                          gssize       length,
                                          GError     **error);
GkCatalog  *gk_catalog_new_from_file     (GFile       *file,
                                          GCancellable *cancellable,
                                          GError     **error);
gboolean    gk_catalog_save_to_file      (GkCatalog   *catalog,
                                          GFile       *file,
                                          GCancellable *cancellable,
                                          GError     **error);

G_END_DECLS
