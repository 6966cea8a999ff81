/* gk-credentials.c: the county server's token, kept in the keyring
 *
 * A token lets whoever holds it change the department's items, so it is
 * kept where the desktop keeps passwords: libsecret's Secret Service on the
 * desktop, the Secret portal inside Flatpak (libsecret picks it by itself).
 * Never in a file, GSettings or the catalog's database: a copied store or
 * home folder must not let anyone push. When no keyring answers, the
 * caller gets GK_CREDENTIALS_ERROR_UNAVAILABLE to tell the user; there is
 * deliberately no plain-text fallback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "gk-credentials.h"

G_DEFINE_QUARK (gk-credentials-error-quark, gk_credentials_error)

/* One secret per server address: a PC joins one county server at a time,
 * but leaving one and joining another must not find the old token. */
static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.gongkai.Gongkai.ServerToken", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* Whatever libsecret failed with (no D-Bus service, a locked or refused
 * keyring, no portal) means the same to the user: the token cannot be kept
 * here. Cancellation stays what it is. */
static void
return_error (GTask  *task,
              GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_new_error (task, GK_CREDENTIALS_ERROR, GK_CREDENTIALS_ERROR_UNAVAILABLE,
                           _("No keyring is available to keep the county server’s token "
                             "(%s). The token is not saved anywhere else: unlock or set up "
                             "the keyring, then join again."),
                           error->message);
  g_error_free (error);
}

static void
store_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    return_error (task, error);
}

/**
 * gk_credentials_store:
 * @server: the server's address, as the user joined it
 * @token: the token the county office issued
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the keyring has answered
 * @user_data: for @callback
 *
 * Keeps @token for @server in the keyring, replacing the one kept before.
 */
void
gk_credentials_store (const char          *server,
                      const char          *token,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = NULL;

  g_return_if_fail (server != NULL && token != NULL);

  g_task_set_source_tag (task, gk_credentials_store);
  /* TRANSLATORS: the name of the token in the keyring (Passwords and Keys) */
  label = g_strdup_printf (_("Gongkai county server token for %s"), server);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, token, cancellable,
                         store_done, task, "server", server, NULL);
}

/**
 * gk_credentials_store_finish:
 * @result: the result given to the callback
 * @error: a #GError, %GK_CREDENTIALS_ERROR_UNAVAILABLE if no keyring kept it
 *
 * Returns: whether the token is kept
 */
gboolean
gk_credentials_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    return_error (task, error);
  else
    g_task_return_pointer (task, token, (GDestroyNotify) secret_password_free);
}

/**
 * gk_credentials_lookup:
 * @server: the server's address
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the keyring has answered
 * @user_data: for @callback
 *
 * Looks up the token kept for @server.
 */
void
gk_credentials_lookup (const char          *server,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (server != NULL);

  g_task_set_source_tag (task, gk_credentials_lookup);
  secret_password_lookup (get_schema (), cancellable, lookup_done, task,
                          "server", server, NULL);
}

/**
 * gk_credentials_lookup_finish:
 * @result: the result given to the callback
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the token, or %NULL without an
 *   error when none is kept for the server (the PC must join again).
 *   Free it with g_free(); it was copied out of libsecret's secure memory
 */
char *
gk_credentials_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  char *secure;
  char *token;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  secure = g_task_propagate_pointer (G_TASK (result), error);
  token = g_strdup (secure);
  if (secure != NULL)
    secret_password_free (secure);
  return token;
}

static void
clear_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: there was nothing to remove, which is what
   * leaving asked for. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * gk_credentials_clear:
 * @server: the server's address
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the keyring has answered
 * @user_data: for @callback
 *
 * Removes the token kept for @server, as leaving the county server does.
 */
void
gk_credentials_clear (const char          *server,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (server != NULL);

  g_task_set_source_tag (task, gk_credentials_clear);
  secret_password_clear (get_schema (), cancellable, clear_done, task,
                         "server", server, NULL);
}

/**
 * gk_credentials_clear_finish:
 * @result: the result given to the callback
 * @error: a #GError
 *
 * Returns: whether no token is kept for the server any more
 */
gboolean
gk_credentials_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
