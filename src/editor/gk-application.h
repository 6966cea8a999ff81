/* gk-application.h: the Gongkai editor application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GK_TYPE_APPLICATION (gk_application_get_type ())

G_DECLARE_FINAL_TYPE (GkApplication, gk_application, GK, APPLICATION, AdwApplication)

GkApplication *gk_application_new (void);

G_END_DECLS
