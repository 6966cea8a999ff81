/* gk-test-util.h: fixtures, temporary directories and the CLI, for the
 * unit tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gongkai-core.h"

G_BEGIN_DECLS

const char *gk_test_get_program      (int                 argc,
                                      char              **argv,
                                      const char         *name);
char       *gk_test_make_tmp_dir     (const char         *name);
void        gk_test_remove_tree      (const char         *path);
void        gk_test_lose_privileges  (void);
void        gk_test_regain_privileges (void);
void        gk_test_set_modes        (const char         *top,
                                      const char         *dir,
                                      guint               dir_mode,
                                      guint               file_mode);
GBytes     *gk_test_read_bytes       (const char         *path);
void        gk_test_assert_no_token_in_dir (const char         *dir,
                                        const char * const *tokens);
gboolean    gk_test_bytes_contain    (const char         *data,
                                      gsize               size,
                                      const char         *needle);
guint       gk_test_count_entries    (const char         *dir);
void        gk_test_assert_only_store (const char         *dir);
guint       gk_test_count_substrings (const char         *haystack,
                                      const char         *needle);
GkCatalog  *gk_test_load_catalog     (const char         *fixture);
GkCatalog  *gk_test_formula_catalog  (const char * const **texts);
GkItem     *gk_test_copy_item        (GkItem             *item);
char       *gk_test_query_text       (const char         *path,
                                      const char         *sql);
gint64      gk_test_query_int        (const char         *path,
                                      const char         *sql);
void        gk_test_exec_sql         (const char         *path,
                                      const char         *sql);
int         gk_test_run_cli          (const char         *cli_path,
                                      const char         *command,
                                      const char * const *args,
                                      char              **out,
                                      char              **err);

G_END_DECLS
