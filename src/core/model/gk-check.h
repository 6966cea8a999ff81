/* gk-check.h: the checks of an item's elements (docs/time-limits.md for the time limits)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-catalog.h"

G_BEGIN_DECLS

typedef enum
{
  GK_SEVERITY_ERROR,    /* blocks publishing, never saving */
  GK_SEVERITY_WARNING,
} GkSeverity;

/**
 * GkDiagnostic:
 * @item_id: the item's UUID
 * @field: the element concerned
 * @severity: error or warning
 * @code: a stable machine name, e.g. "missing-basis"
 * @message: translated text for the user
 *
 * Codes of errors: missing-domain, missing-level1, missing-content,
 * missing-basis, missing-time-limit, missing-subject, missing-channel,
 * missing-channel-other, missing-audience, missing-audience-desc,
 * missing-method, missing-level, unknown-level (a level outside the
 * catalog's level set). Codes of warnings: same-as-above (同上 in a text),
 * on-request-time-limit, time-limit-too-long, calendar-days (日 where a
 * limit counted from when information is formed needs 工作日), phone-number, id-number
 * (content and notes only), duplicate-item (gk_check_catalog() only).
 */
typedef struct
{
  char       *item_id;
  GkField     field;
  GkSeverity  severity;
  const char *code;
  char       *message;
} GkDiagnostic;

#define GK_TYPE_DIAGNOSTIC (gk_diagnostic_get_type ())

GType         gk_diagnostic_get_type (void) G_GNUC_CONST;
GkDiagnostic *gk_diagnostic_copy     (const GkDiagnostic *diagnostic);
void          gk_diagnostic_free     (GkDiagnostic       *diagnostic);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkDiagnostic, gk_diagnostic_free)

/* Appends GkDiagnostic to @diagnostics (element free func gk_diagnostic_free);
 * returns the number of errors found. @levels is the catalog's level set. */
guint      gk_check_item    (GkItem             *item,
                             const char * const *levels,
                             GPtrArray          *diagnostics);
void       gk_check_report_duplicate (GkItem         *item,
                                      GPtrArray      *diagnostics);
char      *gk_check_dup_names_key (GkItem           *item);
guint      gk_check_drop_missing  (GPtrArray        *diagnostics);
GPtrArray *gk_check_catalog (GkCatalog          *catalog,
                             guint              *n_errors,
                             guint              *n_warnings);

G_END_DECLS
