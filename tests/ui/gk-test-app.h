/* gk-test-app.h: the real application, run by the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-window.h"

G_BEGIN_DECLS

typedef void (*GkTestSteps) (GkWindow *window);

gboolean gk_test_window_loaded     (gpointer     window);
gboolean gk_test_first_run_shown   (gpointer     unused);
void     gk_test_run_application   (GkTestSteps  steps);

G_END_DECLS
