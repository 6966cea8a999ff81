/* gk-core-init.h: set up translations for the core library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void gk_core_init_i18n (void);

G_END_DECLS
