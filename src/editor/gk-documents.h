/* gk-documents.h: where the editor offers to save files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *gk_documents_dup_folder      (void);
char *gk_documents_dup_unused_path (const char *folder,
                                    const char *stem,
                                    const char *extension);

G_END_DECLS
