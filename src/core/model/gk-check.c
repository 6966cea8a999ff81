/* gk-check.c: the checks of an item's elements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-check.h"

/* The checks run on every keystroke, so they scan by hand: no regular
 * expressions, no allocations unless there is something to report. */

#define SAME_AS_ABOVE "同上"
#define WORKING_DAYS "工作日"
#define UNIT "个"
#define DAY "日"
#define MONTH "月"
#define LEGAL_DEFAULT_DAYS 20

G_DEFINE_BOXED_TYPE (GkDiagnostic, gk_diagnostic, gk_diagnostic_copy, gk_diagnostic_free)

/**
 * gk_diagnostic_copy:
 * @diagnostic: a diagnostic
 *
 * Returns: (transfer full): a copy of @diagnostic
 */
GkDiagnostic *
gk_diagnostic_copy (const GkDiagnostic *diagnostic)
{
  GkDiagnostic *copy;

  g_return_val_if_fail (diagnostic != NULL, NULL);

  copy = g_new0 (GkDiagnostic, 1);
  copy->item_id = g_strdup (diagnostic->item_id);
  copy->field = diagnostic->field;
  copy->severity = diagnostic->severity;
  copy->code = diagnostic->code;
  copy->message = g_strdup (diagnostic->message);

  return copy;
}

/**
 * gk_diagnostic_free:
 * @diagnostic: (nullable): a diagnostic
 */
void
gk_diagnostic_free (GkDiagnostic *diagnostic)
{
  if (diagnostic == NULL)
    return;

  g_free (diagnostic->item_id);
  g_free (diagnostic->message);
  g_free (diagnostic);
}

/* Takes ownership of @message; @code is a static string. */
static void
report (GPtrArray  *diagnostics,
        GkItem     *item,
        GkField     field,
        GkSeverity  severity,
        const char *code,
        char       *message)
{
  GkDiagnostic *diagnostic = g_new0 (GkDiagnostic, 1);

  diagnostic->item_id = g_strdup (gk_item_get_id (item));
  diagnostic->field = field;
  diagnostic->severity = severity;
  diagnostic->code = code;
  diagnostic->message = message;
  g_ptr_array_add (diagnostics, diagnostic);
}

static gboolean
is_empty (GkItem  *item,
          GkField  field)
{
  return *gk_item_get_text (item, field) == '\0';
}

static const struct
{
  GkField     field;
  const char *code;
  const char *message;
} required_texts[] = {
  { GK_FIELD_LEVEL1, "missing-level1", N_("The first-level item needs a name") },
  { GK_FIELD_CONTENT, "missing-content", N_("The content to publish is missing") },
  { GK_FIELD_BASIS, "missing-basis", N_("The legal basis is missing") },
  { GK_FIELD_TIME_LIMIT, "missing-time-limit", N_("The time limit is missing") },
  { GK_FIELD_SUBJECT, "missing-subject", N_("The responsible body is missing") },
};

static guint
check_domain (GkItem    *item,
              GPtrArray *diagnostics)
{
  if (*gk_item_get_text (item, GK_FIELD_DOMAIN) != '\0')
    return 0;

  report (diagnostics, item, GK_FIELD_DOMAIN, GK_SEVERITY_ERROR, "missing-domain",
          g_strdup (_("Choose the domain")));
  return 1;
}

static guint
check_required_texts (GkItem    *item,
                      GPtrArray *diagnostics)
{
  guint n_errors = 0;

  for (guint i = 0; i < G_N_ELEMENTS (required_texts); i++)
    {
      if (is_empty (item, required_texts[i].field))
        {
          report (diagnostics, item, required_texts[i].field, GK_SEVERITY_ERROR,
                  required_texts[i].code, g_strdup (_(required_texts[i].message)));
          n_errors++;
        }
    }

  return n_errors;
}

static guint
check_choices (GkItem    *item,
               GPtrArray *diagnostics)
{
  guint channels = gk_item_get_channels (item);
  GkAudience audience = gk_item_get_audience (item);
  guint n_errors = 0;

  if (channels == 0)
    {
      report (diagnostics, item, GK_FIELD_CHANNELS, GK_SEVERITY_ERROR, "missing-channel",
              g_strdup (_("Choose at least one channel")));
      n_errors++;
    }
  if ((channels & (1u << GK_CHANNEL_OTHER)) && is_empty (item, GK_FIELD_CHANNEL_OTHER))
    {
      report (diagnostics, item, GK_FIELD_CHANNEL_OTHER, GK_SEVERITY_ERROR,
              "missing-channel-other", g_strdup (_("Name the other channel used")));
      n_errors++;
    }
  if (audience == 0)
    {
      report (diagnostics, item, GK_FIELD_AUDIENCE, GK_SEVERITY_ERROR, "missing-audience",
              g_strdup (_("Choose at least one audience")));
      n_errors++;
    }
  if ((audience & GK_AUDIENCE_SPECIFIC) && is_empty (item, GK_FIELD_AUDIENCE_DESC))
    {
      report (diagnostics, item, GK_FIELD_AUDIENCE_DESC, GK_SEVERITY_ERROR,
              "missing-audience-desc", g_strdup (_("Describe the specific group")));
      n_errors++;
    }
  if (gk_item_get_method (item) == 0)
    {
      report (diagnostics, item, GK_FIELD_METHOD, GK_SEVERITY_ERROR, "missing-method",
              g_strdup (_("Choose at least one method")));
      n_errors++;
    }

  return n_errors;
}

static guint
check_levels (GkItem             *item,
              const char * const *allowed,
              GPtrArray          *diagnostics)
{
  const char * const *levels = gk_item_get_levels (item);
  guint n_errors = 0;

  if (levels[0] == NULL)
    {
      report (diagnostics, item, GK_FIELD_LEVELS, GK_SEVERITY_ERROR, "missing-level",
              g_strdup (_("Choose at least one level")));
      return 1;
    }
  for (guint i = 0; allowed != NULL && levels[i] != NULL; i++)
    {
      if (!g_strv_contains (allowed, levels[i]))
        {
          report (diagnostics, item, GK_FIELD_LEVELS, GK_SEVERITY_ERROR, "unknown-level",
                  g_strdup_printf (_("Level “%s” is not in the catalog’s level set"),
                                   levels[i]));
          n_errors++;
        }
    }

  return n_errors;
}

/* strstr (@text, "同上") without strstr()'s set-up per call, which costs
 * more than the search in the short texts of an item: looks for the lead
 * byte of 同 (E5 90 8C), then compares. */
static gboolean
has_same_as_above (const char *text)
{
  const guchar lead = (guchar) SAME_AS_ABOVE[0];

  for (const char *p = strchr (text, lead); p != NULL; p = strchr (p + 1, lead))
    {
      if (p[1] == SAME_AS_ABOVE[1] && strncmp (p, SAME_AS_ABOVE, strlen (SAME_AS_ABOVE)) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
check_same_as_above (GkItem    *item,
                     GPtrArray *diagnostics)
{
  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      const char *text;

      if (!gk_field_is_text ((GkField) i))
        continue;
      text = gk_item_get_text (item, (GkField) i);
      if (*text == '\0' || !has_same_as_above (text))
        continue;
      report (diagnostics, item, (GkField) i, GK_SEVERITY_WARNING, "same-as-above",
              g_strdup_printf (_("“%s” (same as above) must be written out before publishing"),
                               SAME_AS_ABOVE));
    }
}

/* Returns the value of the ASCII or full-width digit at @p and sets *len,
 * or returns -1. */
static int
digit_at (const char *p,
          gsize      *len)
{
  if (*p >= '0' && *p <= '9')
    {
      *len = 1;
      return *p - '0';
    }
  /* U+FF10 … U+FF19 are EF BC 90 … EF BC 99. */
  if ((guchar) p[0] == 0xEF && (guchar) p[1] == 0xBC
      && (guchar) p[2] >= 0x90 && (guchar) p[2] <= 0x99)
    {
      *len = 3;
      return (guchar) p[2] - 0x90;
    }

  return -1;
}

/* Whether the text just before @at (within @text) says "at least", as in
 * 公示时间不少于30个工作日: a minimum display period, not a limit. */
static gboolean
is_minimum (const char *text,
            const char *at)
{
  const char *before = at;

  for (guint i = 0; i < 3 && before > text; i++)
    before = g_utf8_prev_char (before);

  return g_strstr_len (before, at - before, "少于") != NULL
         || g_strstr_len (before, at - before, "低于") != NULL;
}

/* The largest N of "N个工作日" (or "N工作日") in @text that is a limit,
 * or 0. */
static guint
longest_working_days (const char *text)
{
  guint longest = 0;

  for (const char *p = strstr (text, WORKING_DAYS); p != NULL;
       p = strstr (p + strlen (WORKING_DAYS), WORKING_DAYS))
    {
      const char *end = p;
      const char *start;
      guint value = 0;
      guint scale = 1;

      if (end > text && g_str_has_prefix (g_utf8_prev_char (end), UNIT))
        end = g_utf8_prev_char (end);
      /* Read the number backwards, digit by digit. */
      for (start = end; start > text && scale <= 10000; scale *= 10)
        {
          const char *prev = g_utf8_prev_char (start);
          gsize len;
          int digit = digit_at (prev, &len);

          if (digit < 0)
            break;
          value += (guint) digit * scale;
          start = prev;
        }
      if (start != end && !is_minimum (text, start) && value > longest)
        longest = value;
    }

  return longest;
}

/* Finds "N日" (calendar days) that is neither a date (1月31日) nor a
 * minimum period (不少于30日). */
static gboolean
has_calendar_days (const char *text)
{
  for (const char *p = strstr (text, DAY); p != NULL; p = strstr (p + strlen (DAY), DAY))
    {
      const char *start = p;
      gsize len;

      while (start > text && digit_at (g_utf8_prev_char (start), &len) >= 0)
        start = g_utf8_prev_char (start);
      if (start == p || is_minimum (text, start))
        continue;
      if (start > text && g_str_has_prefix (g_utf8_prev_char (start), MONTH))
        continue;
      return TRUE;
    }

  return FALSE;
}

static void
check_time_limit (GkItem    *item,
                  GPtrArray *diagnostics)
{
  const char *limit = gk_item_get_text (item, GK_FIELD_TIME_LIMIT);
  guint days;

  if (*limit == '\0')
    return;

  if (gk_item_get_method (item) == GK_METHOD_ON_REQUEST && strstr (limit, "申请") == NULL)
    report (diagnostics, item, GK_FIELD_TIME_LIMIT, GK_SEVERITY_WARNING,
            "on-request-time-limit",
            g_strdup (_("Items published on request usually count the time limit from "
                        "the receipt of the request")));

  /* Only the default family, counted from when the information is formed
   * or changed (or a bare number of days), has 20 working days as ceiling. */
  if (strstr (limit, "形成") == NULL && strstr (limit, "变更") == NULL
      && digit_at (limit, &(gsize) { 0 }) < 0)
    return;
  if (has_calendar_days (limit))
    report (diagnostics, item, GK_FIELD_TIME_LIMIT, GK_SEVERITY_WARNING, "calendar-days",
            g_strdup_printf (_("Time limits counted from when the information is formed or "
                               "changed are in working days (%s), not calendar days"),
                             WORKING_DAYS));
  days = longest_working_days (limit);
  if (days > LEGAL_DEFAULT_DAYS)
    report (diagnostics, item, GK_FIELD_TIME_LIMIT, GK_SEVERITY_WARNING,
            "time-limit-too-long",
            g_strdup_printf (_("%u working days is longer than the legal default of %d "
                               "working days"), days, LEGAL_DEFAULT_DAYS));
}

static gboolean
is_plausible_birth_date (const char *digits)
{
  int year = (digits[0] - '0') * 1000 + (digits[1] - '0') * 100
             + (digits[2] - '0') * 10 + (digits[3] - '0');
  int month = (digits[4] - '0') * 10 + (digits[5] - '0');
  int day = (digits[6] - '0') * 10 + (digits[7] - '0');

  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* Shows enough of a number to find it, without repeating all of it. */
static char *
mask_number (const char *start,
             gsize       len)
{
  GString *masked = g_string_new_len (start, 3);

  for (gsize i = 3; i + 4 < len; i++)
    g_string_append_c (masked, '*');
  g_string_append_len (masked, start + len - 4, 4);

  return g_string_free (masked, FALSE);
}

static void
report_number (GkItem     *item,
               GkField     field,
               const char *start,
               gsize       len,
               GPtrArray  *diagnostics)
{
  g_autofree char *masked = mask_number (start, len);

  if (len == 11)
    report (diagnostics, item, field, GK_SEVERITY_WARNING, "phone-number",
            g_strdup_printf (_("“%s” looks like a mobile phone number: personal data "
                               "must not be published"), masked));
  else
    report (diagnostics, item, field, GK_SEVERITY_WARNING, "id-number",
            g_strdup_printf (_("“%s” looks like an identity card number: personal "
                               "data must not be published"), masked));
}

/* Finds runs of exactly 11 digits shaped like a mobile number (1[3-9]…)
 * and 17 digits + check character with a plausible birth date. */
static void
check_personal_data_in (GkItem    *item,
                        GkField    field,
                        GPtrArray *diagnostics)
{
  const char *p = gk_item_get_text (item, field);

  while ((p = strpbrk (p, "0123456789")) != NULL)
    {
      const char *start = p;
      gsize len;

      while (g_ascii_isdigit (*p))
        p++;
      len = (gsize) (p - start);
      if (len == 17 && (*p == 'X' || *p == 'x') && !g_ascii_isalnum (p[1]))
        {
          len++;
          p++;
        }
      else if (g_ascii_isalpha (*p))
        continue;

      if ((len == 11 && start[1] >= '3' && start[1] <= '9' && start[0] == '1')
          || (len == 18 && is_plausible_birth_date (start + 6)))
        report_number (item, field, start, len, diagnostics);
    }
}

/* A text the spreadsheet export cannot write is an error here, where the
 * item and the field are named, not a failed export later. */
static guint
check_cells (GkItem    *item,
             GPtrArray *diagnostics)
{
  guint n_errors = 0;

  for (GkField field = 0; field < GK_N_FIELDS; field++)
    {
      if (!gk_field_is_text (field))
        continue;

      switch (gk_text_check_cell (gk_item_get_text (item, field)))
        {
        case GK_CELL_TEXT_TOO_LONG:
          report (diagnostics, item, field, GK_SEVERITY_ERROR, "text-too-long",
                  g_strdup_printf (_("The text is longer than a spreadsheet cell holds "
                                     "(%u characters): shorten it or split the item"),
                                   GK_TEXT_MAX_CELL_CHARS));
          n_errors++;
          break;
        case GK_CELL_TEXT_NONCHARACTER:
          report (diagnostics, item, field, GK_SEVERITY_ERROR, "noncharacter",
                  g_strdup (_("The text contains the invisible character U+FFFE or U+FFFF, "
                              "which no document can hold: delete it")));
          n_errors++;
          break;
        case GK_CELL_TEXT_OK:
        default:
          break;
        }
    }

  return n_errors;
}

/**
 * gk_check_item:
 * @item: an item
 * @levels: (nullable) (array zero-terminated=1): the catalog's level set;
 *   %NULL skips the level set check
 * @diagnostics: (element-type GkDiagnostic): where to append the diagnostics
 *
 * Checks that every required element is present (errors) and a few rules
 * of the standard (warnings). Cheap enough to run on every keystroke.
 *
 * Returns: the number of errors appended
 */
guint
gk_check_item (GkItem             *item,
               const char * const *levels,
               GPtrArray          *diagnostics)
{
  guint n_errors = 0;

  g_return_val_if_fail (GK_IS_ITEM (item), 0);
  g_return_val_if_fail (diagnostics != NULL, 0);

  n_errors += check_domain (item, diagnostics);
  n_errors += check_required_texts (item, diagnostics);
  n_errors += check_choices (item, diagnostics);
  n_errors += check_levels (item, levels, diagnostics);
  n_errors += check_cells (item, diagnostics);

  check_same_as_above (item, diagnostics);
  check_time_limit (item, diagnostics);
  check_personal_data_in (item, GK_FIELD_CONTENT, diagnostics);
  check_personal_data_in (item, GK_FIELD_NOTES, diagnostics);

  return n_errors;
}

/* The names that make two items of a domain the same item. */
static const GkField name_fields[] = {
  GK_FIELD_DOMAIN, GK_FIELD_LEVEL1, GK_FIELD_LEVEL2, GK_FIELD_LEVEL3,
};

static guint
hash_names (gconstpointer key)
{
  guint hash = 0;

  for (guint i = 0; i < G_N_ELEMENTS (name_fields); i++)
    hash = hash * 31 + g_str_hash (gk_item_get_text ((GkItem *) key, name_fields[i]));
  return hash;
}

static gboolean
equal_names (gconstpointer a,
             gconstpointer b)
{
  for (guint i = 0; i < G_N_ELEMENTS (name_fields); i++)
    {
      if (strcmp (gk_item_get_text ((GkItem *) a, name_fields[i]),
                  gk_item_get_text ((GkItem *) b, name_fields[i])) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Two items of a domain with the same names are most likely one item
 * entered twice. Returns TRUE if @item repeats one in @seen, a set of items
 * hashed by their names. */
static gboolean
is_duplicate (GHashTable *seen,
              GkItem     *item)
{
  if (is_empty (item, GK_FIELD_LEVEL1))
    return FALSE;

  return !g_hash_table_add (seen, item);
}

/**
 * gk_check_report_duplicate:
 * @item: an item that repeats the names of one before it
 * @diagnostics: (element-type GkDiagnostic): where to add the warning
 *
 * Adds the warning of an item entered twice, as gk_check_catalog() gives
 * it; for the editor, which follows duplicates as the user types.
 */
void
gk_check_report_duplicate (GkItem    *item,
                           GPtrArray *diagnostics)
{
  g_return_if_fail (GK_IS_ITEM (item));

  report (diagnostics, item,
          is_empty (item, GK_FIELD_LEVEL2) ? GK_FIELD_LEVEL1 : GK_FIELD_LEVEL2,
          GK_SEVERITY_WARNING, "duplicate-item",
          g_strdup (_("Another item of this domain has the same name")));
}

/**
 * gk_check_drop_missing:
 * @diagnostics: (element-type GkDiagnostic): diagnostics of one item
 *
 * Removes the diagnostics of the elements not filled in yet (the codes
 * `missing-*`) and keeps those of elements filled in wrongly: the editor
 * waits with the first for a draft nobody has touched and for an item the
 * user is still entering.
 *
 * Returns: the number of errors removed
 */
guint
gk_check_drop_missing (GPtrArray *diagnostics)
{
  guint n_errors = 0;

  g_return_val_if_fail (diagnostics != NULL, 0);

  for (guint i = diagnostics->len; i > 0; i--)
    {
      GkDiagnostic *diagnostic = diagnostics->pdata[i - 1];

      if (!g_str_has_prefix (diagnostic->code, "missing-"))
        continue;
      n_errors += diagnostic->severity == GK_SEVERITY_ERROR;
      g_ptr_array_remove_index (diagnostics, i - 1);
    }
  return n_errors;
}

/**
 * gk_check_dup_names_key:
 * @item: an item
 *
 * Returns: (transfer full) (nullable): what two items entered twice share
 *   (their domain and names), as gk_check_catalog() compares them; %NULL
 *   for an item without a 一级事项, which is never taken for a duplicate
 */
char *
gk_check_dup_names_key (GkItem *item)
{
  GString *key;

  g_return_val_if_fail (GK_IS_ITEM (item), NULL);

  if (is_empty (item, GK_FIELD_LEVEL1))
    return NULL;
  key = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (name_fields); i++)
    {
      g_string_append (key, gk_item_get_text (item, name_fields[i]));
      g_string_append_c (key, '\x1f');
    }
  return g_string_free (key, FALSE);
}

/**
 * gk_check_catalog:
 * @catalog: a catalog
 * @n_errors: (out) (optional): return location for the number of errors
 * @n_warnings: (out) (optional): return location for the number of warnings
 *
 * Checks every item, domain by domain in the user's order, and looks for
 * items entered twice.
 *
 * Returns: (transfer full) (element-type GkDiagnostic): all diagnostics
 */
GPtrArray *
gk_check_catalog (GkCatalog *catalog,
                  guint     *n_errors,
                  guint     *n_warnings)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (hash_names, equal_names);
  g_autoptr(GPtrArray) items = NULL;
  GPtrArray *diagnostics;
  const char * const *levels;
  guint n_items;
  guint errors = 0;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_diagnostic_free);
  levels = gk_catalog_get_levels (catalog);
  n_items = gk_catalog_get_n_items (catalog);
  items = g_ptr_array_sized_new (n_items);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (items, gk_catalog_get_item (catalog, i));
  /* In catalog order, so that of two items with the same name the later
   * one is reported, as the user sees them. */
  g_ptr_array_sort (items, gk_item_compare);

  for (guint i = 0; i < n_items; i++)
    {
      GkItem *item = g_ptr_array_index (items, i);

      errors += gk_check_item (item, levels, diagnostics);
      if (is_duplicate (seen, item))
        gk_check_report_duplicate (item, diagnostics);
    }

  if (n_errors != NULL)
    *n_errors = errors;
  if (n_warnings != NULL)
    *n_warnings = diagnostics->len - errors;

  return diagnostics;
}
