/* gk-import-report.h: what an import understood and what it could not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gk-item.h"

G_BEGIN_DECLS

/**
 * GkImportTarget:
 *
 * What the importer does with a column.
 */
typedef enum
{
  GK_IMPORT_TARGET_IGNORED,          /* 序号: numbering, not data */
  GK_IMPORT_TARGET_FIELD,            /* a text field, see GkImportColumn.field */
  GK_IMPORT_TARGET_DOMAIN,           /* domain name, alias or code */
  GK_IMPORT_TARGET_DOMAIN_OR_NOTES,  /* 一级目录, 事项类型: a domain if it names one, else notes */
  GK_IMPORT_TARGET_CHANNELS,         /* a cell listing channels */
  GK_IMPORT_TARGET_CHANNEL,          /* one channel ticked, detail = its name */
  GK_IMPORT_TARGET_AUDIENCE,         /* text naming 全社会 / 特定群体 */
  GK_IMPORT_TARGET_AUDIENCE_PUBLIC,  /* 全社会 ticked */
  GK_IMPORT_TARGET_AUDIENCE_SPECIFIC,/* 特定群体 ticked or described */
  GK_IMPORT_TARGET_METHOD,           /* text naming 主动 / 依申请 */
  GK_IMPORT_TARGET_METHOD_PROACTIVE, /* 主动 ticked */
  GK_IMPORT_TARGET_METHOD_ON_REQUEST,/* 依申请 ticked */
  GK_IMPORT_TARGET_LEVELS,           /* text naming levels */
  GK_IMPORT_TARGET_LEVEL,            /* one level ticked, detail = its name */
  GK_IMPORT_TARGET_NOTES,            /* appended to the notes as "header：text" */
  GK_IMPORT_TARGET_ID,               /* 事项标识: the item id of our own CSV export */
  GK_IMPORT_TARGET_UNKNOWN,          /* no header: its cells are reported */
} GkImportTarget;

/**
 * GkImportColumn:
 * @sheet: the sheet's name
 * @header_row: the (last) header row, from 1 as spreadsheets count
 * @column: the column, from 0
 * @header: the header text as found (group and leaf joined by "/")
 * @target: what the column becomes
 * @field: the item field for %GK_IMPORT_TARGET_FIELD
 * @detail: the channel or level name, or the notes label
 */
typedef struct
{
  char           *sheet;
  guint           header_row;
  guint           column;
  char           *header;
  GkImportTarget  target;
  GkField         field;
  char           *detail;
} GkImportColumn;

/**
 * GkImportIssue:
 *
 * Stable codes of the problems; the messages are for people.
 */
typedef enum
{
  GK_IMPORT_ISSUE_SAME_AS_ABOVE,     /* 同上 replaced by the cell above (note) */
  GK_IMPORT_ISSUE_LEVEL1_INHERITED,  /* empty 一级事项 taken from the row above (note) */
  GK_IMPORT_ISSUE_NO_SAME_AS_ABOVE,  /* 同上 with nothing above */
  GK_IMPORT_ISSUE_SKIPPED_ROW,       /* a row that is no item */
  GK_IMPORT_ISSUE_NO_DOMAIN,         /* an item row without a known domain */
  GK_IMPORT_ISSUE_UNKNOWN_DOMAIN,    /* a domain cell naming no domain */
  GK_IMPORT_ISSUE_UNKNOWN_MARK,      /* a tick cell that is neither ticked nor empty */
  GK_IMPORT_ISSUE_UNKNOWN_CHANNEL,   /* text in a channel cell naming no channel */
  GK_IMPORT_ISSUE_UNKNOWN_LEVEL,     /* text in a level cell naming no level */
  GK_IMPORT_ISSUE_UNMAPPED_CELL,     /* text in a column without a header */
  GK_IMPORT_ISSUE_SKIPPED_SHEET,     /* a hidden sheet or one without a table */
  GK_IMPORT_ISSUE_NO_LEVELS,         /* a table without level columns (note) */
  GK_IMPORT_ISSUE_DUPLICATE_ID,      /* an item id seen before: a new one is made */
  GK_IMPORT_ISSUE_TITLE,             /* a title row between tables sets the domain (note) */
} GkImportIssue;

/**
 * GkImportProblem:
 * @sheet: the sheet's name
 * @row: the row, from 1 as spreadsheets count; 0 for the whole sheet
 * @column: the column, from 0; -1 for the whole row
 * @issue: what kind of problem
 * @message: a translated explanation
 */
typedef struct
{
  char          *sheet;
  guint          row;
  int            column;
  GkImportIssue  issue;
  char          *message;
} GkImportProblem;

#define GK_TYPE_IMPORT_REPORT (gk_import_report_get_type ())

G_DECLARE_FINAL_TYPE (GkImportReport, gk_import_report, GK, IMPORT_REPORT, GObject)

GkImportReport        *gk_import_report_new            (void);
guint                  gk_import_report_get_n_columns  (GkImportReport *self);
const GkImportColumn  *gk_import_report_get_column     (GkImportReport *self,
                                                        guint           index);
guint                  gk_import_report_get_n_problems (GkImportReport *self);
const GkImportProblem *gk_import_report_get_problem    (GkImportReport *self,
                                                        guint           index);
guint                  gk_import_report_count_issue    (GkImportReport *self,
                                                        GkImportIssue   issue);
GkFieldMask            gk_import_report_get_fields     (GkImportReport *self);
void                   gk_import_report_add_column     (GkImportReport *self,
                                                        const char     *sheet,
                                                        guint           header_row,
                                                        guint           column,
                                                        const char     *header,
                                                        GkImportTarget  target,
                                                        GkField         field,
                                                        const char     *detail);
void                   gk_import_report_add_problem    (GkImportReport *self,
                                                        const char     *sheet,
                                                        guint           row,
                                                        int             column,
                                                        GkImportIssue   issue,
                                                        const char     *message);
gboolean               gk_import_issue_is_note         (GkImportIssue   issue);
char                  *gk_import_column_describe       (const GkImportColumn *column);
char                  *gk_import_report_to_string      (GkImportReport *self);

G_END_DECLS
