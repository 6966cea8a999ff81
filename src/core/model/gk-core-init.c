/* gk-core-init.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "gk-core-init.h"

/**
 * gk_core_init_i18n:
 *
 * Sets the locale from the environment and binds the gettext domain. A
 * translated build run from the build tree finds its catalogs through
 * `GONGKAI_LOCALEDIR`, which the tests and `build-aux/dev.sh` set.
 */
void
gk_core_init_i18n (void)
{
  const char *localedir = g_getenv ("GONGKAI_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
