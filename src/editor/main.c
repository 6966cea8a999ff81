/* main.c: the gongkai editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>

#include "gongkai-core.h"
#include "gk-application.h"
#include "gk-renderer-choice.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GkApplication) application = NULL;

  /* While this is the only thread, before GTK reads the environment. */
  gk_renderer_choice_prepare ("/dev");

  gk_core_init_i18n ();
  /* Past a file-size limit an export fails with EFBIG and says so,
   * instead of the editor being killed with the user's work open. */
  signal (SIGXFSZ, SIG_IGN);
  application = gk_application_new ();

  return g_application_run (G_APPLICATION (application), argc, argv);
}
