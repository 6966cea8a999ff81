/* gk-import-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "gk-import-report.h"
#include "gk-import-sheet.h"

struct _GkImportReport
{
  GObject    parent_instance;

  GPtrArray *columns;  /* of GkImportColumn, in sheet order */
  GPtrArray *problems; /* of GkImportProblem, in sheet order */
};

G_DEFINE_TYPE (GkImportReport, gk_import_report, G_TYPE_OBJECT)

static void
free_column (gpointer data)
{
  GkImportColumn *column = data;

  g_free (column->sheet);
  g_free (column->header);
  g_free (column->detail);
  g_free (column);
}

static void
free_problem (gpointer data)
{
  GkImportProblem *problem = data;

  g_free (problem->sheet);
  g_free (problem->message);
  g_free (problem);
}

static void
gk_import_report_finalize (GObject *object)
{
  GkImportReport *self = GK_IMPORT_REPORT (object);

  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (gk_import_report_parent_class)->finalize (object);
}

static void
gk_import_report_class_init (GkImportReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gk_import_report_finalize;
}

static void
gk_import_report_init (GkImportReport *self)
{
  self->columns = g_ptr_array_new_with_free_func (free_column);
  self->problems = g_ptr_array_new_with_free_func (free_problem);
}

/**
 * gk_import_report_new:
 *
 * Returns: (transfer full): an empty report
 */
GkImportReport *
gk_import_report_new (void)
{
  return g_object_new (GK_TYPE_IMPORT_REPORT, NULL);
}

/**
 * gk_import_report_get_n_columns:
 * @self: a report
 *
 * Returns: the number of columns mapped, over all tables
 */
guint
gk_import_report_get_n_columns (GkImportReport *self)
{
  g_return_val_if_fail (GK_IS_IMPORT_REPORT (self), 0);

  return self->columns->len;
}

/**
 * gk_import_report_get_column:
 * @self: a report
 * @index: a column mapping index
 *
 * Returns: (transfer none) (nullable): the mapping, %NULL if out of range
 */
const GkImportColumn *
gk_import_report_get_column (GkImportReport *self,
                             guint           index)
{
  g_return_val_if_fail (GK_IS_IMPORT_REPORT (self), NULL);

  return index < self->columns->len ? g_ptr_array_index (self->columns, index) : NULL;
}

/**
 * gk_import_report_get_n_problems:
 * @self: a report
 *
 * Returns: the number of problems and notes
 */
guint
gk_import_report_get_n_problems (GkImportReport *self)
{
  g_return_val_if_fail (GK_IS_IMPORT_REPORT (self), 0);

  return self->problems->len;
}

/**
 * gk_import_report_get_problem:
 * @self: a report
 * @index: a problem index
 *
 * Returns: (transfer none) (nullable): the problem, %NULL if out of range
 */
const GkImportProblem *
gk_import_report_get_problem (GkImportReport *self,
                              guint           index)
{
  g_return_val_if_fail (GK_IS_IMPORT_REPORT (self), NULL);

  return index < self->problems->len ? g_ptr_array_index (self->problems, index) : NULL;
}

/**
 * gk_import_report_count_issue:
 * @self: a report
 * @issue: a kind of problem
 *
 * Returns: how many problems of kind @issue the report holds
 */
guint
gk_import_report_count_issue (GkImportReport *self,
                              GkImportIssue   issue)
{
  guint n = 0;

  g_return_val_if_fail (GK_IS_IMPORT_REPORT (self), 0);

  for (guint i = 0; i < self->problems->len; i++)
    {
      GkImportProblem *problem = g_ptr_array_index (self->problems, i);

      n += problem->issue == issue;
    }
  return n;
}

/* The fields a column of @target fills; %GK_IMPORT_TARGET_FIELD's is its
 * own. */
static GkFieldMask
get_target_fields (GkImportTarget target)
{
  switch (target)
    {
    case GK_IMPORT_TARGET_DOMAIN:
      return GK_FIELD_MASK (GK_FIELD_DOMAIN);
    case GK_IMPORT_TARGET_DOMAIN_OR_NOTES:
      return GK_FIELD_MASK (GK_FIELD_DOMAIN) | GK_FIELD_MASK (GK_FIELD_NOTES);
    case GK_IMPORT_TARGET_CHANNELS:
    case GK_IMPORT_TARGET_CHANNEL:
      return GK_FIELD_MASK (GK_FIELD_CHANNELS) | GK_FIELD_MASK (GK_FIELD_CHANNEL_OTHER);
    case GK_IMPORT_TARGET_AUDIENCE:
    case GK_IMPORT_TARGET_AUDIENCE_PUBLIC:
    case GK_IMPORT_TARGET_AUDIENCE_SPECIFIC:
      return GK_FIELD_MASK (GK_FIELD_AUDIENCE) | GK_FIELD_MASK (GK_FIELD_AUDIENCE_DESC);
    case GK_IMPORT_TARGET_METHOD:
    case GK_IMPORT_TARGET_METHOD_PROACTIVE:
    case GK_IMPORT_TARGET_METHOD_ON_REQUEST:
      return GK_FIELD_MASK (GK_FIELD_METHOD);
    case GK_IMPORT_TARGET_LEVELS:
    case GK_IMPORT_TARGET_LEVEL:
      return GK_FIELD_MASK (GK_FIELD_LEVELS);
    case GK_IMPORT_TARGET_NOTES:
      return GK_FIELD_MASK (GK_FIELD_NOTES);
    case GK_IMPORT_TARGET_FIELD:
    case GK_IMPORT_TARGET_IGNORED:
    case GK_IMPORT_TARGET_ID:
    case GK_IMPORT_TARGET_UNKNOWN:
    default:
      return 0;
    }
}

/**
 * gk_import_report_get_fields:
 * @self: a report
 *
 * Returns: the fields some column of the table gives; an item's other
 *   fields were not in the table, so their values say nothing
 */
GkFieldMask
gk_import_report_get_fields (GkImportReport *self)
{
  GkFieldMask fields = 0;

  g_return_val_if_fail (GK_IS_IMPORT_REPORT (self), 0);

  for (guint i = 0; i < self->columns->len; i++)
    {
      const GkImportColumn *column = g_ptr_array_index (self->columns, i);

      fields |= column->target == GK_IMPORT_TARGET_FIELD ? GK_FIELD_MASK (column->field)
                                                         : get_target_fields (column->target);
    }
  return fields;
}

/**
 * gk_import_issue_is_note:
 * @issue: a kind of problem
 *
 * Returns: %TRUE if @issue only tells how something was read (同上
 *   resolved, a title row), %FALSE if something was not imported or was
 *   guessed
 */
gboolean
gk_import_issue_is_note (GkImportIssue issue)
{
  return issue == GK_IMPORT_ISSUE_SAME_AS_ABOVE || issue == GK_IMPORT_ISSUE_NO_LEVELS
         || issue == GK_IMPORT_ISSUE_TITLE;
}

/**
 * gk_import_report_add_column:
 * @self: a report
 * @sheet: the sheet's name
 * @header_row: the last header row, from 1
 * @column: the column, from 0
 * @header: the header text
 * @target: what the column becomes
 * @field: the text field for %GK_IMPORT_TARGET_FIELD
 * @detail: (nullable): the channel or level name, or the notes label
 */
void
gk_import_report_add_column (GkImportReport *self,
                             const char     *sheet,
                             guint           header_row,
                             guint           column,
                             const char     *header,
                             GkImportTarget  target,
                             GkField         field,
                             const char     *detail)
{
  GkImportColumn *mapping = g_new0 (GkImportColumn, 1);

  g_return_if_fail (GK_IS_IMPORT_REPORT (self));

  mapping->sheet = g_strdup (sheet);
  mapping->header_row = header_row;
  mapping->column = column;
  mapping->header = g_strdup (header);
  mapping->target = target;
  mapping->field = field;
  mapping->detail = g_strdup (detail);
  g_ptr_array_add (self->columns, mapping);
}

/**
 * gk_import_report_add_problem:
 * @self: a report
 * @sheet: the sheet's name
 * @row: the row, from 1; 0 for the whole sheet
 * @column: the column, from 0; -1 for the whole row
 * @issue: the kind of problem
 * @message: a translated explanation
 */
void
gk_import_report_add_problem (GkImportReport *self,
                              const char     *sheet,
                              guint           row,
                              int             column,
                              GkImportIssue   issue,
                              const char     *message)
{
  GkImportProblem *problem = g_new0 (GkImportProblem, 1);

  g_return_if_fail (GK_IS_IMPORT_REPORT (self));

  problem->sheet = g_strdup (sheet);
  problem->row = row;
  problem->column = column;
  problem->issue = issue;
  problem->message = g_strdup (message);
  g_ptr_array_add (self->problems, problem);
}

/* "Audience: 全社会": a field's label and the value a column stands for. */
static char *
label_with_value (GkField     field,
                  const char *value)
{
  /* Translators: a field of the catalog and one of its values, e.g.
   * "Audience: 全社会", in the column mapping of an import */
  return g_strdup_printf (C_("field and value", "%s: %s"), gk_field_get_label (field), value);
}

/**
 * gk_import_column_describe:
 * @column: a column mapping
 *
 * Returns: (transfer full): what the column becomes, for people
 */
char *
gk_import_column_describe (const GkImportColumn *column)
{
  switch (column->target)
    {
    case GK_IMPORT_TARGET_IGNORED:
      return g_strdup (_("ignored (numbering)"));
    case GK_IMPORT_TARGET_FIELD:
      return g_strdup (gk_field_get_label (column->field));
    case GK_IMPORT_TARGET_DOMAIN:
      return g_strdup (gk_field_get_label (GK_FIELD_DOMAIN));
    case GK_IMPORT_TARGET_DOMAIN_OR_NOTES:
      return g_strdup_printf (_("%s, or notes if it names none"),
                              gk_field_get_label (GK_FIELD_DOMAIN));
    case GK_IMPORT_TARGET_CHANNELS:
      return g_strdup (gk_field_get_label (GK_FIELD_CHANNELS));
    case GK_IMPORT_TARGET_CHANNEL:
      return label_with_value (GK_FIELD_CHANNELS, column->detail);
    case GK_IMPORT_TARGET_LEVEL:
      return label_with_value (GK_FIELD_LEVELS, column->detail);
    case GK_IMPORT_TARGET_AUDIENCE:
      return g_strdup (gk_field_get_label (GK_FIELD_AUDIENCE));
    case GK_IMPORT_TARGET_AUDIENCE_PUBLIC:
      return label_with_value (GK_FIELD_AUDIENCE, "全社会");
    case GK_IMPORT_TARGET_AUDIENCE_SPECIFIC:
      return label_with_value (GK_FIELD_AUDIENCE, "特定群体");
    case GK_IMPORT_TARGET_METHOD:
      return g_strdup (gk_field_get_label (GK_FIELD_METHOD));
    case GK_IMPORT_TARGET_METHOD_PROACTIVE:
      return label_with_value (GK_FIELD_METHOD, "主动");
    case GK_IMPORT_TARGET_METHOD_ON_REQUEST:
      return label_with_value (GK_FIELD_METHOD, "依申请");
    case GK_IMPORT_TARGET_LEVELS:
      return g_strdup (gk_field_get_label (GK_FIELD_LEVELS));
    case GK_IMPORT_TARGET_NOTES:
      return g_strdup_printf (_("%s (as “%s：…”)"), gk_field_get_label (GK_FIELD_NOTES),
                              column->detail);
    case GK_IMPORT_TARGET_ID:
      return g_strdup (_("item identifier"));
    case GK_IMPORT_TARGET_UNKNOWN:
    default:
      return g_strdup (_("not imported (no header)"));
    }
}

static void
append_place (GString    *out,
              const char *sheet,
              guint       row,
              int         column)
{
  g_autofree char *name = column >= 0 ? gk_sheet_column_name ((guint) column) : NULL;

  if (row == 0)
    g_string_append_printf (out, _("sheet “%s”"), sheet);
  else if (name == NULL)
    g_string_append_printf (out, _("sheet “%s”, row %u"), sheet, row);
  else
    g_string_append_printf (out, _("sheet “%s”, cell %s%u"), sheet, name, row);
}

/**
 * gk_import_report_to_string:
 * @self: a report
 *
 * Returns: (transfer full): the column mapping and the problems as text,
 *   one per line, translated
 */
char *
gk_import_report_to_string (GkImportReport *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (GK_IS_IMPORT_REPORT (self), NULL);

  g_string_append_printf (out, "%s\n", _("Columns:"));
  for (guint i = 0; i < self->columns->len; i++)
    {
      GkImportColumn *column = g_ptr_array_index (self->columns, i);
      g_autofree char *what = gk_import_column_describe (column);

      g_string_append (out, "  ");
      append_place (out, column->sheet, column->header_row, (int) column->column);
      g_string_append_printf (out, " “%s” → %s\n", column->header, what);
    }

  if (self->problems->len == 0)
    g_string_append_printf (out, "%s\n", _("Every row was imported."));
  else
    g_string_append_printf (out, "%s\n", _("Problems and notes:"));
  for (guint i = 0; i < self->problems->len; i++)
    {
      GkImportProblem *problem = g_ptr_array_index (self->problems, i);

      g_string_append (out, "  ");
      append_place (out, problem->sheet, problem->row, problem->column);
      g_string_append_printf (out, ": %s\n", problem->message);
    }

  return g_string_free (out, FALSE);
}
