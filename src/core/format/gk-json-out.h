/* gk-json-out.h: compact JSON text, written as it goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the next value goes. Values written elsewhere (an item object
 * kept as text, an answer stored for a retry) are put in as they are:
 * what json-glib cannot do. */
typedef struct
{
  GString  *out;
  guint     depth;
  guint64   filled;       /* bit d: the container at depth d has a value */
  gboolean  after_name;   /* a member name was written, its value not yet */
} GkJsonOut;

#define GK_JSON_OUT_MAX_DEPTH 63

void     gk_json_out_init          (GkJsonOut  *j,
                                    GString    *out);
GString *gk_json_out_value         (GkJsonOut  *j);
void     gk_json_out_begin_object  (GkJsonOut  *j);
void     gk_json_out_end_object    (GkJsonOut  *j);
void     gk_json_out_begin_array   (GkJsonOut  *j);
void     gk_json_out_end_array     (GkJsonOut  *j);
void     gk_json_out_member        (GkJsonOut  *j,
                                    const char *name);
void     gk_json_out_string        (GkJsonOut  *j,
                                    const char *value);
void     gk_json_out_int           (GkJsonOut  *j,
                                    gint64      value);
void     gk_json_out_boolean       (GkJsonOut  *j,
                                    gboolean    value);
void     gk_json_out_raw           (GkJsonOut  *j,
                                    const char *json);
void     gk_json_out_string_member (GkJsonOut  *j,
                                    const char *name,
                                    const char *value);
void     gk_json_out_int_member    (GkJsonOut  *j,
                                    const char *name,
                                    gint64      value);
void     gk_json_out_boolean_member (GkJsonOut *j,
                                     const char *name,
                                     gboolean   value);
void     gk_json_out_time_member   (GkJsonOut  *j,
                                    const char *name,
                                    gint64      usec);

G_END_DECLS
