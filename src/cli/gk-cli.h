/* gk-cli.h: the subcommands of gongkai-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gongkai-core.h"

G_BEGIN_DECLS

/* Exit statuses shared by the subcommands. */
enum
{
  GK_CLI_EXIT_OK = 0,
  GK_CLI_EXIT_FAILED = 1,   /* the command ran and failed (check: errors found) */
  GK_CLI_EXIT_USAGE = 2,    /* bad arguments, or (check) the file cannot be read */
  GK_CLI_EXIT_UNREACHABLE = 3, /* sync: no server, token refused, cut; nothing lost */
};

/* Each takes the arguments after the program name, the subcommand first. */
int        gk_cli_new        (int          argc,
                              char       **argv);
int        gk_cli_check      (int          argc,
                              char       **argv);
int        gk_cli_load       (int          argc,
                              char       **argv);
int        gk_cli_dump       (int          argc,
                              char       **argv);
int        gk_cli_export     (int          argc,
                              char       **argv);
int        gk_cli_import     (int          argc,
                              char       **argv);
int        gk_cli_sync       (int          argc,
                              char       **argv);
int        gk_cli_set        (int          argc,
                              char       **argv);
int        gk_cli_conflicts  (int          argc,
                              char       **argv);
int        gk_cli_resolve    (int          argc,
                              char       **argv);

/* gk-cli-set.c */
gboolean   gk_cli_apply_assignment (GkItem       *item,
                                    GkCatalog    *catalog,
                                    const char   *assignment,
                                    GkFieldMask  *fields,
                                    GError      **error);
GkItem    *gk_cli_load_item  (GkStore         *store,
                              const char      *id,
                              GError         **error);

/* gk-cli.c */
gboolean   gk_cli_parse      (GOptionContext  *context,
                              int             *argc,
                              char          ***argv);
GkCatalog *gk_cli_read       (const char      *path,
                              GError         **error);
char      *gk_cli_dup_escaped (const char     *text);
void       gk_cli_print_error (const char     *path,
                               const GError   *error);
void       gk_cli_add_data_dir_option (GOptionContext *context,
                                       char          **data_dir);
GkStore   *gk_cli_open_store (const char      *data_dir,
                              GError         **error);
gboolean   gk_cli_may_write  (const char        *output,
                              gboolean           force,
                              const char * const *inputs);
gboolean   gk_cli_write_catalog (GkCatalog    *catalog,
                                 const char   *output,
                                 GError      **error);
gboolean   gk_cli_write_stdout (const char    *data,
                                gsize          length,
                                GError       **error);

G_END_DECLS
