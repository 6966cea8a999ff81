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
const char     *gk_import_skip_spaces    (const char    *text);
char           *gk_import_strip_parens   (const char    *text);

/* The importer's state, shared by gk-importer.c (sheets, headers) and
 * gk-import-row.c (item rows). */
#include "gk-importer.h"

typedef struct
{
  GkImportTarget  target;
  GkField         field;
  GkChannel       channel;
  char           *detail;
  char           *header;
} GkImportCol;

typedef struct
{
  GkImporter     *self;
  GkSheet        *sheet;
  const char     *name;
  GPtrArray      *columns;   /* of GkImportCol, NULL for none; NULL before a header */
  const GkDomain *domain;    /* from the sheet name or the last title */
  GPtrArray      *pending;   /* texts of the rows before the first header */
  GArray         *pending_rows; /* their rows */
  GPtrArray      *prev;      /* texts of the last item row, after 同上 */
  guint           prev_row;
  const char     *prev_level1;
  GString        *other;     /* buffers of gk_import_sheet_import_row() */
  GString        *notes;
  GPtrArray      *levels;
} GkImportSheet;

struct _GkImporter
{
  GObject         parent_instance;

  GkImportReport *report;
  const GkDomain *default_domain;
  char           *title_unit;
  GPtrArray      *items;    /* of GkItem, in sheet order */
  GPtrArray      *levels;   /* of char*, the level set in order of appearance */
  GHashTable     *ids;
  int             positions[GK_N_DOMAINS];
  GHashTable     *symbol_texts; /* cell → normalized, while importing: normalize_text() */
  GHashTable     *channel_cells; /* text → GkChannelCell, while importing */
  GHashTable     *channel_texts; /* the same by the address of a kept text */
  GHashTable     *cell_texts; /* sheet cell → normalized text, while importing */
  GPtrArray      *texts;      /* normalized texts that differ from their cell */
  guint           n_rows;     /* rows under a table header, empty ones aside */
};

void         gk_import_sheet_report      (GkImportSheet  *state,
                                          guint           row,
                                          int             column,
                                          GkImportIssue   issue,
                                          const char     *format,
                                          ...) G_GNUC_PRINTF (5, 6);
GkImportCol *gk_import_sheet_get_column  (GkImportSheet  *state,
                                          guint           column);
void         gk_importer_add_level       (GkImporter     *self,
                                          const char     *level);
void         gk_import_header_init       (void);
gboolean     gk_import_sheet_is_header_row (GkImportSheet *state,
                                          guint           row);
guint        gk_import_sheet_read_header (GkImportSheet  *state,
                                          guint           row);
void         gk_import_sheet_import_row  (GkImportSheet  *state,
                                          guint           row,
                                          GPtrArray      *texts);
char        *gk_import_join_texts        (GPtrArray      *texts);

G_END_DECLS
