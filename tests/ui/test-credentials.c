/* test-credentials.c: the county server's token in the keyring, through
 * libsecret's real file backend (SECRET_BACKEND=file), and a PC without one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "gk-credentials.h"
#include "gk-test-util.h"

#define SERVER_A "http://127.0.0.1:8080/"
#define SERVER_B "https://gongkai.example.gov.cn/"
#define TOKEN_A "gk1.mz1.Zq3vW8rT0yN5bL2cF7hJ4kP9sD6gA1xE"
#define TOKEN_B "gk1.jy.Yh2uV7qS9xM4aK1bE6gI3jO8rC5fZ0wD"

static char *keyring_dir;

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  for (guint i = 0; wait->result == NULL && i < 10000; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (wait->result);
  return wait->result;
}

static gboolean
store (const char  *server,
       const char  *token,
       GError     **error)
{
  Wait wait = { NULL };
  gboolean stored;

  gk_credentials_store (server, token, NULL, done_cb, &wait);
  stored = gk_credentials_store_finish (wait_for (&wait), error);
  g_object_unref (wait.result);
  return stored;
}

static char *
lookup (const char  *server,
        GError     **error)
{
  Wait wait = { NULL };
  char *token;

  gk_credentials_lookup (server, NULL, done_cb, &wait);
  token = gk_credentials_lookup_finish (wait_for (&wait), error);
  g_object_unref (wait.result);
  return token;
}

static void
clear (const char *server)
{
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };

  gk_credentials_clear (server, NULL, done_cb, &wait);
  g_assert_true (gk_credentials_clear_finish (wait_for (&wait), &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
}

/* Each server keeps its own token; storing again replaces it; clearing
 * one leaves the other. */
static void
test_credentials_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *none = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *cleared = NULL;
  g_autofree char *kept = NULL;

  none = lookup (SERVER_A, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  g_assert_true (store (SERVER_A, TOKEN_B, &error));
  g_assert_no_error (error);
  g_assert_true (store (SERVER_A, TOKEN_A, &error));
  g_assert_true (store (SERVER_B, TOKEN_B, &error));
  g_assert_no_error (error);

  a = lookup (SERVER_A, &error);
  b = lookup (SERVER_B, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, TOKEN_A);
  g_assert_cmpstr (b, ==, TOKEN_B);

  clear (SERVER_A);
  cleared = lookup (SERVER_A, &error);
  kept = lookup (SERVER_B, &error);
  g_assert_no_error (error);
  g_assert_null (cleared);
  g_assert_cmpstr (kept, ==, TOKEN_B);

  /* Leaving twice is not an error. */
  clear (SERVER_A);
  clear (SERVER_B);
  replaced = lookup (SERVER_B, &error);
  g_assert_no_error (error);
  g_assert_null (replaced);
}

/* The keyring's file holds the token encrypted: no file under its folder
 * has the token's text. */
static void
test_credentials_not_in_plain_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_files = 0;

  g_assert_true (store (SERVER_A, TOKEN_A, &error));
  g_assert_no_error (error);

  dir = g_dir_open (keyring_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (keyring_dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      g_assert_null (g_strstr_len (contents, length, TOKEN_A));
      g_assert_null (g_strstr_len (contents, length, "Zq3vW8rT0yN5bL2cF7hJ4kP9sD6gA1xE"));
      n_files++;
    }
  g_assert_cmpuint (n_files, >, 0);
  clear (SERVER_A);
}

/* A PC whose session has no Secret Service: the caller is told, in words,
 * and nothing is written anywhere. Run in a child, whose libsecret has not
 * chosen its backend yet. */
static void
test_credentials_unavailable (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *token = NULL;

      g_assert_false (store (SERVER_A, TOKEN_A, &error));
      g_assert_error (error, GK_CREDENTIALS_ERROR, GK_CREDENTIALS_ERROR_UNAVAILABLE);
      g_printerr ("%s\n", error->message);
      g_clear_error (&error);

      token = lookup (SERVER_A, &error);
      g_assert_error (error, GK_CREDENTIALS_ERROR, GK_CREDENTIALS_ERROR_UNAVAILABLE);
      g_assert_null (token);
      return;
    }

  g_setenv ("SECRET_BACKEND", "service", TRUE);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/gongkai-test-bus", TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");

  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*No keyring is available*");
  g_test_trap_assert_stderr_unmatched ("*" TOKEN_A "*");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *keyring = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* libsecret reads these when it first picks a backend: before any call.
   * A child run for the unavailable case has its own, set by its parent. */
  if (!g_test_subprocess ())
    {
      keyring_dir = g_dir_make_tmp ("gongkai-keyring-XXXXXX", NULL);
      keyring = g_build_filename (keyring_dir, "keyring", NULL);
      g_setenv ("SECRET_BACKEND", "file", TRUE);
      g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
      g_setenv ("SECRET_FILE_TEST_PASSWORD", "gongkai-test-keyring", TRUE);
    }

  g_test_add_func ("/credentials/round-trip", test_credentials_round_trip);
  g_test_add_func ("/credentials/not-in-plain-text", test_credentials_not_in_plain_text);
  g_test_add_func ("/credentials/unavailable", test_credentials_unavailable);
  status = g_test_run ();

  if (keyring_dir != NULL)
    gk_test_remove_tree (keyring_dir);
  g_free (keyring_dir);
  return status;
}
