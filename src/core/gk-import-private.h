/* gk-import-private.h: reading the cells of a published table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-channel.h"
#include "gk-domain.h"

G_BEGIN_DECLS

typedef enum
{
  GK_MARK_EMPTY, /* nothing, or a dash */
  GK_MARK_YES,   /* √ ✓ ■ ◆ ▲ R 是 … */
  GK_MARK_NO,    /* □ 口 £ 否 … */
  GK_MARK_TEXT,  /* text that is no mark */
} GkMark;

/* A channel cell: the chosen channels, the text of 其他 and the pieces of
 * text that name no channel. */
typedef struct
{
  guint      channels;
  char      *other;
  GPtrArray *unknown;       /* of char*, chosen ones */
  gboolean   other_unmarked; /* 其他 had text but was not marked */
} GkChannelCell;

GkMark          gk_import_parse_mark     (const char    *text,
                                          char         **rest);
void            gk_import_parse_channels (const char    *text,
                                          GkChannelCell *cell);
void            gk_channel_cell_clear    (GkChannelCell *cell);
const GkDomain *gk_import_parse_domain   (const char    *text);
const GkDomain *gk_import_find_domain    (const char    *text,
                                          char         **prefix);
GStrv           gk_import_split_levels   (const char    *text,
                                          GPtrArray     *unknown);
gboolean        gk_import_is_level_name  (const char    *text);
gboolean        gk_import_is_dash        (const char    *text);
char           *gk_import_squeeze        (const char    *text);
char           *gk_import_strip_parens   (const char    *text);

G_END_DECLS
