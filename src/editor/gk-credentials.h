/* gk-credentials.h: the county server's token, kept in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GK_CREDENTIALS_ERROR (gk_credentials_error_quark ())

/**
 * GkCredentialsError:
 * @GK_CREDENTIALS_ERROR_UNAVAILABLE: no keyring could keep or give the
 *   token (no Secret Service on the desktop, no Secret portal in Flatpak,
 *   or the keyring refused): the message says so; nothing was written
 *   anywhere else
 */
typedef enum
{
  GK_CREDENTIALS_ERROR_UNAVAILABLE,
} GkCredentialsError;

GQuark    gk_credentials_error_quark   (void);

void      gk_credentials_store         (const char           *server,
                                        const char           *token,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean  gk_credentials_store_finish  (GAsyncResult         *result,
                                        GError              **error);
void      gk_credentials_lookup        (const char           *server,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
char     *gk_credentials_lookup_finish (GAsyncResult         *result,
                                        GError              **error);
void      gk_credentials_clear         (const char           *server,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean  gk_credentials_clear_finish  (GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
