/* gk-test-cli.h: gongkai-cli on stores of a county served by the real
 * gongkai-server, for the tests of sync, set, conflicts and resolve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gk-test-server.h"

G_BEGIN_DECLS

/* The gongkai-cli binary, set by main() from its arguments. */
extern const char *gk_test_cli;

typedef struct
{
  GkTestCounty  county;
  char         *a;        /* store A's folder */
  char         *b;        /* store B's folder */
  char         *token_a;  /* files holding the tokens: mz PC-1 */
  char         *token_b;  /* mz PC-2 */
  GString      *outputs;  /* everything the commands printed */
} GkTestCli;

const char *gk_test_cli_init         (int           *argc,
                                      char        ***argv);
void     gk_test_cli_add             (const char    *path,
                                      const char    *program,
                                      GTestFixtureFunc test);
void     gk_test_cli_set_up          (GkTestCli     *f,
                                      gconstpointer  program);
void     gk_test_cli_tear_down       (GkTestCli     *f,
                                      gconstpointer  program);
char    *gk_test_cli_path_in         (GkTestCli     *f,
                                      const char    *name);
void     gk_test_write_file          (const char    *path,
                                      const char    *text);
int      gk_test_cli_run             (GkTestCli     *f,
                                      char         **out,
                                      const char    *command,
                                      ...) G_GNUC_NULL_TERMINATED;
int      gk_test_cli_run_err         (GkTestCli     *f,
                                      char         **out,
                                      char         **err,
                                      const char    *command,
                                      ...) G_GNUC_NULL_TERMINATED;
int      gk_test_cli_sync            (GkTestCli     *f,
                                      const char    *dir,
                                      const char    *token_file,
                                      char         **out);
void     gk_test_cli_load_starter    (GkTestCli     *f,
                                      const char    *dir);
char    *gk_test_cli_dump            (GkTestCli     *f,
                                      const char    *dir);
char    *gk_test_cli_dump_sorted     (GkTestCli     *f,
                                      const char    *dir);
void     gk_test_cli_assert_same_dumps (GkTestCli   *f);
gint64   gk_test_cli_count_outbox    (const char    *dir);
char    *gk_test_cli_write_small_catalog (GkTestCli *f,
                                      guint          round);

G_END_DECLS
