/* gk-cli-sync.c: gongkai-cli sync, one sync of a store with the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n.h>

#include "gk-cli.h"
#include "gk-sync-engine.h"

/* How long one request may take, its retries included, unless
 * --timeout says otherwise: a command run by hand or by cron must end. */
#define SYNC_TIMEOUT_S 60
/* The deadline of one attempt: long enough for a push of 200 ops on a
 * slow county network, and at most half the time of the request, so that
 * an attempt that hangs leaves time for another. */
#define ATTEMPT_TIMEOUT_S 30

G_DEFINE_AUTOPTR_CLEANUP_FUNC (char, gk_sync_token_free)

/* The token is the file's first line; it is never printed, and no copy
 * of it is left in freed memory. */
static char *
read_token (const char  *path,
            GError     **error)
{
  g_autoptr(char) contents = NULL;
  char *token;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  token = g_strstrip (contents);
  token[strcspn (token, "\r\n")] = '\0';
  if (*token == '\0')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("“%s” holds no token"), path);
      return NULL;
    }
  return g_strdup (token);
}

static int
exit_status_for (const GError *error)
{
  if (error->domain != GK_SYNC_CLIENT_ERROR)
    return GK_CLI_EXIT_FAILED;
  switch (error->code)
    {
    case GK_SYNC_CLIENT_ERROR_FORBIDDEN:
    case GK_SYNC_CLIENT_ERROR_PROTOCOL:
      return GK_CLI_EXIT_FAILED;
    default:
      /* Unreachable, token refused, cut, busy: nothing is lost; run it
       * again (with a new token for a refused one). */
      return GK_CLI_EXIT_UNREACHABLE;
    }
}

static int
print_report (GkSyncReport *report)
{
  if (report->resynced)
    g_printerr (_("The server was restored from a backup: its catalog was read again, and the "
                  "changes it had lost that this PC still held were sent again.\n"));
  g_print (_("pushed %u, pulled %u, conflicts %u\n"),
           report->pushed, report->pulled, report->conflicts);
  for (guint i = 0; i < report->rejected->len; i++)
    {
      GkSyncRejected *rejected = g_ptr_array_index (report->rejected, i);
      g_autofree char *reason = gk_cli_dup_escaped (rejected->reason);

      g_print (_("refused: item %s: %s\n"), rejected->item_id, reason);
    }
  if (report->open_conflicts > 0)
    g_printerr (ngettext ("%u conflict is open: see gongkai-cli conflicts.\n",
                          "%u conflicts are open: see gongkai-cli conflicts.\n",
                          report->open_conflicts), report->open_conflicts);
  return report->rejected->len > 0 ? GK_CLI_EXIT_FAILED : GK_CLI_EXIT_OK;
}

/**
 * gk_cli_sync:
 * @argc: the argument count
 * @argv: the arguments, "sync" first
 *
 * `gongkai-cli sync --data-dir DIR --server URL --token-file FILE
 * [--timeout SECONDS] [--push-only]`
 *
 * Returns: 0 when the sync completed, 1 when an op was refused, 2 for a
 *   usage or file error, 3 when the server could not be reached, refused
 *   the token or the exchange was cut
 */
int
gk_cli_sync (int    argc,
             char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *server = NULL;
  g_autofree char *token_file = NULL;
  int timeout_s = SYNC_TIMEOUT_S;
  gboolean push_only = FALSE;
  GkSyncPolicy policy = GK_SYNC_POLICY_INIT;
  GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server,
      N_("The server’s address (required)"), N_("URL") },
    { "token-file", 't', 0, G_OPTION_ARG_FILENAME, &token_file,
      N_("A file holding this PC’s token (required)"), N_("FILE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_s,
      N_("Give up a request after this many seconds, retries included (default 60)"),
      N_("SECONDS") },
    { "push-only", 0, 0, G_OPTION_ARG_NONE, &push_only,
      N_("Only send this PC’s changes; receive the others’ at the next sync"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(char) token = NULL;
  g_autoptr(GkStore) store = NULL;
  g_autoptr(GkSyncClient) client = NULL;
  g_autoptr(GkSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, _("Send the store’s changes to the server and "
                                           "receive the others’."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  gk_cli_add_data_dir_option (context, &data_dir);
  if (!gk_cli_parse (context, &argc, &argv))
    return GK_CLI_EXIT_USAGE;
  if (server == NULL || token_file == NULL || argc > 1 || timeout_s <= 0
      || timeout_s > 24 * 3600)
    {
      g_printerr (_("Usage: gongkai-cli sync --server URL --token-file FILE "
                    "[--data-dir DIR] [--timeout SECONDS] [--push-only]\n"));
      return GK_CLI_EXIT_USAGE;
    }

  token = read_token (token_file, &error);
  if (token == NULL)
    {
      gk_cli_print_error (token_file, error);
      return GK_CLI_EXIT_USAGE;
    }
  store = gk_cli_open_store (data_dir, &error);
  if (store == NULL)
    {
      gk_cli_print_error (NULL, error);
      return GK_CLI_EXIT_USAGE;
    }

  policy.total_ms = (guint) timeout_s * 1000;
  policy.attempt_ms = MIN (policy.total_ms / 2, ATTEMPT_TIMEOUT_S * 1000);
  policy.backoff_cap_ms = policy.attempt_ms;
  client = gk_sync_client_new (server, token, &policy);
  if (push_only)
    report = gk_sync_engine_push (store, client, &error);
  else
    report = gk_sync_engine_run (store, client, &error);
  if (report == NULL)
    {
      gk_cli_print_error (NULL, error);
      return exit_status_for (error);
    }
  return print_report (report);
}
