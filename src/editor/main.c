/* main.c: the gongkai editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gongkai-core.h"
#include "gk-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GkApplication) application = NULL;

  gk_core_init_i18n ();
  application = gk_application_new ();

  return g_application_run (G_APPLICATION (application), argc, argv);
}
