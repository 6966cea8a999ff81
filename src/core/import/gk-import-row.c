/* gk-import-row.c: one row of a published table to an item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-import-private.h"
#include "gk-item-private.h"

/* The texts come from the row's cells, which the importer keeps. */
typedef struct
{
  const GkDomain *domain;
  const char     *text[GK_N_FIELDS];
  const char     *id;
  guint           channels;
  GString        *other;
  GkAudience      audience;
  char           *audience_desc;
  GkMethod        method;
  GPtrArray      *levels;
  GString        *notes;
} Draft;

static void
draft_clear (Draft *draft)
{
  g_free (draft->audience_desc);
}

static void
append_line (GString    *out,
             const char *label,
             const char *text)
{
  if (out->len > 0)
    g_string_append_c (out, '\n');
  if (label != NULL)
    g_string_append_printf (out, "%s：", label);
  g_string_append (out, text);
}

static void
add_other_text (Draft      *draft,
                const char *text)
{
  if (*text == '\0')
    return;
  if (draft->other->len > 0)
    g_string_append (draft->other, "、");
  g_string_append (draft->other, text);
}

static void
add_draft_level (Draft      *draft,
                 const char *level)
{
  for (guint i = 0; i < draft->levels->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (draft->levels, i), level))
        return;
    }
  g_ptr_array_add (draft->levels, g_strdup (level));
}

/* Whether a tick cell is ticked; anything else than a mark is reported. */
static gboolean
read_tick (GkImportSheet *state,
           guint          row,
           guint          c,
           const char    *text)
{
  g_autofree char *rest = NULL;
  GkMark mark = gk_import_parse_mark (text, &rest);

  if (mark == GK_MARK_TEXT)
    gk_import_sheet_report (state, row, (int) c, GK_IMPORT_ISSUE_UNKNOWN_MARK,
                            _("“%s” is not a tick mark such as √ or ■; the cell was not "
                              "imported."), text);
  else if (mark == GK_MARK_YES && rest != NULL && *rest != '\0')
    gk_import_sheet_report (state, row, (int) c, GK_IMPORT_ISSUE_UNKNOWN_MARK,
                            _("The text after the tick was not imported: “%s”."), rest);
  return mark == GK_MARK_YES;
}

static void
channel_cell_free (gpointer data)
{
  gk_channel_cell_clear (data);
  g_free (data);
}

/* The same channel lists come back row after row ("■政府网站 □政务微博 …")
 * and parsing one tries many spellings, so each distinct text is parsed
 * once per import. Cells of one shared string have the same text. */
#define CHANNEL_CELLS_MAX 4096

static const GkChannelCell *
parse_channels_cached (GkImporter    *self,
                       const char    *text,
                       GkChannelCell *scratch)
{
  GkChannelCell *cached;

  if (self->channel_cells == NULL)
    {
      self->channel_cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   channel_cell_free);
      self->channel_texts = g_hash_table_new (NULL, NULL);
    }
  cached = g_hash_table_lookup (self->channel_texts, text);
  if (cached != NULL)
    return cached;
  cached = g_hash_table_lookup (self->channel_cells, text);
  if (cached == NULL)
    {
      gk_import_parse_channels (text, scratch);
      if (g_hash_table_size (self->channel_cells) >= CHANNEL_CELLS_MAX)
        return scratch;
      cached = g_memdup2 (scratch, sizeof *scratch);
      memset (scratch, 0, sizeof *scratch);
      g_hash_table_insert (self->channel_cells, g_strdup (text), cached);
    }
  /* The text is kept until the end of the import: its address finds it. */
  g_hash_table_insert (self->channel_texts, (gpointer) text, cached);
  return cached;
}

static void
read_channels (GkImportSheet *state,
               guint          row,
               guint          c,
               const char    *text,
               Draft         *draft)
{
  GkChannelCell scratch = { 0, NULL, NULL, FALSE };
  const GkChannelCell *cell = parse_channels_cached (state->self, text, &scratch);

  draft->channels |= cell->channels;
  add_other_text (draft, cell->other);
  for (guint i = 0; i < cell->unknown->len; i++)
    gk_import_sheet_report (state, row, (int) c, GK_IMPORT_ISSUE_UNKNOWN_CHANNEL,
                            _("“%s” is not one of the standard channels; it was imported as "
                              "text of 其他."),
                            (const char *) g_ptr_array_index (cell->unknown, i));
  if (cell->other_unmarked)
    gk_import_sheet_report (state, row, (int) c, GK_IMPORT_ISSUE_UNKNOWN_MARK,
                            _("其他 has text but is not marked; it was imported as chosen."));
  gk_channel_cell_clear (&scratch);
}

static void
read_channel_column (GkImportSheet *state,
                     guint          row,
                     guint          c,
                     GkImportCol   *column,
                     const char    *text,
                     Draft         *draft)
{
  g_autofree char *rest = NULL;
  GkMark mark = gk_import_parse_mark (text, &rest);

  if (column->channel == GK_CHANNEL_OTHER && mark != GK_MARK_NO && mark != GK_MARK_EMPTY)
    {
      /* The 其他 column holds a tick, the text, or both. */
      draft->channels |= 1u << GK_CHANNEL_OTHER;
      add_other_text (draft, rest != NULL ? rest : "");
      return;
    }
  if (read_tick (state, row, c, text))
    draft->channels |= 1u << column->channel;
}

/* "特定群体（学生）" → "学生". */
static char *
desc_after (const char *text,
            const char *word)
{
  const char *at = strstr (text, word);
  g_autofree char *marked = NULL;
  char *rest = NULL;

  if (at == NULL)
    return NULL;
  at += strlen (word);
  if (!g_str_has_prefix (at, "（") && *at != '(')
    return NULL;
  marked = g_strconcat ("√", at, NULL);
  gk_import_parse_mark (marked, &rest);
  return rest;
}

/* A 公开对象 cell without sub-columns: "全社会", "特定群体（学生）", "教师". */
static void
read_audience_text (GkImportSheet *state,
                    guint          row,
                    guint          c,
                    const char    *text,
                    Draft         *draft)
{
  static const char *specific[] = { "特定群体", "特定群众", "特定对象" };
  g_autofree char *rest = NULL;
  gboolean known = FALSE;

  if (strstr (text, "全社会") != NULL || strstr (text, "社会公众") != NULL)
    {
      draft->audience |= GK_AUDIENCE_PUBLIC;
      known = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (specific); i++)
    {
      char *desc;

      if (strstr (text, specific[i]) == NULL)
        continue;
      draft->audience |= GK_AUDIENCE_SPECIFIC;
      known = TRUE;
      desc = desc_after (text, specific[i]);
      if (desc != NULL)
        {
          g_free (draft->audience_desc);
          draft->audience_desc = desc;
        }
    }
  if (known)
    return;

  if (gk_import_parse_mark (text, &rest) == GK_MARK_TEXT)
    {
      draft->audience |= GK_AUDIENCE_SPECIFIC;
      g_free (draft->audience_desc);
      draft->audience_desc = g_strdup (text);
    }
  else
    gk_import_sheet_report (state, row, (int) c, GK_IMPORT_ISSUE_UNKNOWN_MARK,
                            _("“%s” does not say 全社会 or 特定群体; the cell was not imported."), text);
}

static void
read_specific (GkImportSheet *state,
               guint          row,
               guint          c,
               const char    *text,
               Draft         *draft)
{
  g_autofree char *rest = NULL;
  GkMark mark = gk_import_parse_mark (text, &rest);

  if (mark != GK_MARK_YES && mark != GK_MARK_TEXT)
    return;
  draft->audience |= GK_AUDIENCE_SPECIFIC;
  if (rest != NULL && *rest != '\0')
    {
      g_free (draft->audience_desc);
      draft->audience_desc = g_steal_pointer (&rest);
    }
}

static void
read_method_text (GkImportSheet *state,
                  guint          row,
                  guint          c,
                  const char    *text,
                  Draft         *draft)
{
  GkMethod method = 0;

  if (strstr (text, "主动") != NULL)
    method |= GK_METHOD_PROACTIVE;
  if (strstr (text, "依申请") != NULL)
    method |= GK_METHOD_ON_REQUEST;
  if (method == 0)
    gk_import_sheet_report (state, row, (int) c, GK_IMPORT_ISSUE_UNKNOWN_MARK,
                            _("“%s” does not say 主动 or 依申请; the cell was not imported."), text);
  draft->method |= method;
}

static void
read_levels_text (GkImportSheet *state,
                  guint          row,
                  guint          c,
                  const char    *text,
                  Draft         *draft)
{
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) levels = gk_import_split_levels (text, unknown);

  for (guint i = 0; levels[i] != NULL; i++)
    {
      gk_importer_add_level (state->self, levels[i]);
      add_draft_level (draft, levels[i]);
    }
  for (guint i = 0; i < unknown->len; i++)
    gk_import_sheet_report (state, row, (int) c, GK_IMPORT_ISSUE_UNKNOWN_LEVEL,
                            _("“%s” is not a level such as 县级 or 乡级; it was not imported."),
                            (const char *) g_ptr_array_index (unknown, i));
}

static void
read_domain (GkImportSheet *state,
             guint          row,
             guint          c,
             GkImportCol   *column,
             const char    *text,
             Draft         *draft)
{
  const GkDomain *domain = gk_import_parse_domain (text);

  if (domain != NULL)
    draft->domain = domain;
  else if (column->target == GK_IMPORT_TARGET_DOMAIN_OR_NOTES)
    append_line (draft->notes, column->detail, text);
  else
    gk_import_sheet_report (state, row, (int) c, GK_IMPORT_ISSUE_UNKNOWN_DOMAIN,
                            _("“%s” is not one of the 26 domains; the domain of the table is "
                              "used."), text);
}

static void
read_text_field (GkImportCol *column,
                 const char  *text,
                 Draft       *draft)
{
  GkField field = column->field;

  if (field == GK_FIELD_NOTES)
    {
      /* The notes column comes first, extra columns after it. */
      g_string_prepend (draft->notes, draft->notes->len > 0 ? "\n" : "");
      g_string_prepend (draft->notes, text);
      return;
    }
  if ((field == GK_FIELD_LEVEL2 || field == GK_FIELD_LEVEL3) && gk_import_is_dash (text))
    return;
  if (draft->text[field] == NULL)
    draft->text[field] = text;
}

static void
read_cell (GkImportSheet *state,
           guint          row,
           guint          c,
           GkImportCol   *column,
           const char    *text,
           Draft         *draft)
{
  switch (column->target)
    {
    case GK_IMPORT_TARGET_IGNORED:
      break;
    case GK_IMPORT_TARGET_FIELD:
      read_text_field (column, text, draft);
      break;
    case GK_IMPORT_TARGET_DOMAIN:
    case GK_IMPORT_TARGET_DOMAIN_OR_NOTES:
      read_domain (state, row, c, column, text, draft);
      break;
    case GK_IMPORT_TARGET_CHANNELS:
      read_channels (state, row, c, text, draft);
      break;
    case GK_IMPORT_TARGET_CHANNEL:
      read_channel_column (state, row, c, column, text, draft);
      break;
    case GK_IMPORT_TARGET_AUDIENCE:
      read_audience_text (state, row, c, text, draft);
      break;
    case GK_IMPORT_TARGET_AUDIENCE_PUBLIC:
      draft->audience |= read_tick (state, row, c, text) ? GK_AUDIENCE_PUBLIC : 0;
      break;
    case GK_IMPORT_TARGET_AUDIENCE_SPECIFIC:
      read_specific (state, row, c, text, draft);
      break;
    case GK_IMPORT_TARGET_METHOD:
      read_method_text (state, row, c, text, draft);
      break;
    case GK_IMPORT_TARGET_METHOD_PROACTIVE:
      draft->method |= read_tick (state, row, c, text) ? GK_METHOD_PROACTIVE : 0;
      break;
    case GK_IMPORT_TARGET_METHOD_ON_REQUEST:
      draft->method |= read_tick (state, row, c, text) ? GK_METHOD_ON_REQUEST : 0;
      break;
    case GK_IMPORT_TARGET_LEVELS:
      read_levels_text (state, row, c, text, draft);
      break;
    case GK_IMPORT_TARGET_LEVEL:
      if (read_tick (state, row, c, text))
        add_draft_level (draft, column->detail);
      break;
    case GK_IMPORT_TARGET_NOTES:
      append_line (draft->notes, column->header, text);
      break;
    case GK_IMPORT_TARGET_ID:
      draft->id = text;
      break;
    case GK_IMPORT_TARGET_UNKNOWN:
    default:
      break;
    }
}

/* Whether the row has text besides its 一级事项, domain and numbering. */
static gboolean
has_item_text (GkImportSheet *state,
               GPtrArray     *texts)
{
  for (guint c = 0; c < texts->len; c++)
    {
      GkImportCol *column = gk_import_sheet_get_column (state, c);

      if (column != NULL && *(const char *) g_ptr_array_index (texts, c) != '\0'
          && column->target != GK_IMPORT_TARGET_IGNORED
          && column->target != GK_IMPORT_TARGET_DOMAIN
          && !(column->target == GK_IMPORT_TARGET_FIELD && column->field == GK_FIELD_LEVEL1))
        return TRUE;
    }
  return FALSE;
}

/**
 * gk_import_join_texts:
 * @texts: (element-type utf8): a row's cells
 *
 * Returns: (transfer full): the row's texts joined by " | ", for the report
 */
char *
gk_import_join_texts (GPtrArray *texts)
{
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < texts->len; c++)
    {
      const char *text = g_ptr_array_index (texts, c);

      if (*text != '\0')
        g_string_append_printf (out, "%s%s", out->len > 0 ? " | " : "", text);
    }
  return g_string_free (out, FALSE);
}

/* Fills in the 一级事项 and the domain; FALSE if the row is no item. */
static gboolean
check_draft (GkImportSheet *state,
             guint          row,
             GPtrArray     *texts,
             Draft         *draft)
{
  g_autofree char *joined = NULL;

  if (draft->text[GK_FIELD_LEVEL1] == NULL && has_item_text (state, texts)
      && state->prev_level1 != NULL)
    {
      draft->text[GK_FIELD_LEVEL1] = state->prev_level1;
      gk_import_sheet_report (state, row, -1, GK_IMPORT_ISSUE_LEVEL1_INHERITED,
                              _("The 一级事项 is empty; “%s” from the row above was used."),
                              state->prev_level1);
    }
  if (draft->text[GK_FIELD_LEVEL1] == NULL)
    {
      joined = gk_import_join_texts (texts);
      gk_import_sheet_report (state, row, -1, GK_IMPORT_ISSUE_SKIPPED_ROW,
                              _("This row has no 一级事项 and was not imported: “%s”."), joined);
      return FALSE;
    }
  if (draft->domain == NULL)
    draft->domain = state->domain != NULL ? state->domain : state->self->default_domain;
  if (draft->domain == NULL)
    {
      gk_import_sheet_report (state, row, -1, GK_IMPORT_ISSUE_NO_DOMAIN,
                              _("The row’s domain is unknown (no 领域 column, title or sheet name "
                                "names one); it was not imported."));
      return FALSE;
    }
  return TRUE;
}

static GkItem *
new_item (GkImportSheet *state,
          guint          row,
          Draft         *draft)
{
  g_autofree char *id = draft->id != NULL ? g_ascii_strdown (draft->id, -1) : NULL;

  if (id != NULL && g_uuid_string_is_valid (id) && !g_hash_table_contains (state->self->ids, id))
    return gk_item_new_with_id (id, draft->domain->code);
  if (id != NULL)
    gk_import_sheet_report (state, row, -1, GK_IMPORT_ISSUE_DUPLICATE_ID,
                            _("The item identifier “%s” is invalid or used twice; the item got "
                              "a new one."),
                            draft->id);
  return gk_item_new (draft->domain->code);
}

static void
add_item (GkImportSheet *state,
          guint          row,
          Draft         *draft)
{
  GkImporter *self = state->self;
  g_autoptr(GkItem) item = new_item (state, row, draft);
  int index = gk_domain_get_index (draft->domain);

  /* The item is new: nothing watches it, no GkItem::changed. */
  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      if (draft->text[i] != NULL && gk_field_is_text ((GkField) i))
        gk_item_load_text (item, (GkField) i, draft->text[i]);
    }
  gk_item_load_text (item, GK_FIELD_CHANNEL_OTHER, draft->other->str);
  if (draft->audience_desc != NULL)
    gk_item_load_text (item, GK_FIELD_AUDIENCE_DESC, draft->audience_desc);
  gk_item_load_choices (item, draft->channels, draft->audience, draft->method);
  g_ptr_array_add (draft->levels, NULL);
  gk_item_load_levels (item, (const char * const *) draft->levels->pdata);
  gk_item_load_text (item, GK_FIELD_NOTES, draft->notes->str);
  gk_item_set_position (item, self->positions[index]++);

  g_hash_table_add (self->ids, g_strdup (gk_item_get_id (item)));
  g_ptr_array_add (self->items, g_steal_pointer (&item));
}

/**
 * gk_import_sheet_import_row:
 * @state: the sheet being read
 * @row: the row, from 0
 * @texts: (element-type utf8): the row's normalized cells, 同上 resolved;
 *   texts the importer keeps until the end of the import
 *
 * Makes an item of the row, or reports why it could not.
 */
void
gk_import_sheet_import_row (GkImportSheet *state,
                            guint          row,
                            GPtrArray     *texts)
{
  /* The buffers are the sheet's, reused from row to row. */
  Draft draft = { NULL, { NULL }, NULL, 0, state->other, 0, NULL, 0, state->levels,
                  state->notes };

  g_string_truncate (draft.other, 0);
  g_string_truncate (draft.notes, 0);
  g_ptr_array_set_size (draft.levels, 0);

  for (guint c = 0; c < texts->len; c++)
    {
      const char *text = g_ptr_array_index (texts, c);
      GkImportCol *column = gk_import_sheet_get_column (state, c);

      if (*text == '\0')
        continue;
      if (column == NULL)
        gk_import_sheet_report (state, row, (int) c, GK_IMPORT_ISSUE_UNMAPPED_CELL,
                                _("The column has no header; “%s” was not imported."), text);
      else
        read_cell (state, row, c, column, text, &draft);
    }

  if (check_draft (state, row, texts, &draft))
    add_item (state, row, &draft);
  /* 同上 refers to the row above, imported or not. */
  if (draft.text[GK_FIELD_LEVEL1] != NULL)
    {
      g_clear_pointer (&state->prev, g_ptr_array_unref);
      state->prev = g_ptr_array_ref (texts);
      state->prev_row = row;
      state->prev_level1 = draft.text[GK_FIELD_LEVEL1];
    }
  draft_clear (&draft);
}
