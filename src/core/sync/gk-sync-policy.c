/* gk-sync-policy.c: when a request of the sync is sent again, and how long
 * it may take (docs/sync-protocol.md, "What a client does")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <libsoup/soup.h>

#include "gk-sync-policy.h"

/**
 * gk_sync_policy_is_retryable_status:
 * @status: an HTTP status
 *
 * 400, 401, 403, 410, 413, 415 and 422 are never sent again: the same
 * request would get the same answer, and each calls for something else
 * (a bug report, a new token, a resync, a smaller push).
 *
 * Returns: whether the same request may succeed later
 */
gboolean
gk_sync_policy_is_retryable_status (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_REQUEST_TIMEOUT:       /* 408 */
    case SOUP_STATUS_CONFLICT:              /* 409: the same op still in progress */
    case 425:                               /* Too Early */
    case 429:                               /* Too Many Requests */
    case SOUP_STATUS_INTERNAL_SERVER_ERROR: /* 500 */
    case SOUP_STATUS_BAD_GATEWAY:           /* 502: a proxy before a stopped server */
    case SOUP_STATUS_SERVICE_UNAVAILABLE:   /* 503 */
    case SOUP_STATUS_GATEWAY_TIMEOUT:       /* 504 */
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * gk_sync_policy_backoff_ms:
 * @policy: a policy
 * @n_failed: how many attempts failed so far (1 after the first)
 *
 * Returns: a random wait between 0 and min(cap, backoff·2^(n_failed − 1))
 */
guint
gk_sync_policy_backoff_ms (const GkSyncPolicy *policy,
                           guint               n_failed)
{
  guint64 ceiling = policy->backoff_ms;

  for (guint i = 1; i < n_failed && ceiling < policy->backoff_cap_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, policy->backoff_cap_ms);
  if (ceiling == 0)
    return 0;
  return (guint) g_random_int_range (0, (gint32) MIN (ceiling, G_MAXINT32 - 1) + 1);
}

/**
 * gk_sync_policy_parse_retry_after:
 * @value: (nullable): a `Retry-After` header
 * @ms: (out): the wait it asks for
 *
 * Reads the delay-seconds form (RFC 9110 §10.2.3) and the HTTP-date form.
 *
 * Returns: whether @value asks for a wait
 */
gboolean
gk_sync_policy_parse_retry_after (const char *value,
                                  guint      *ms)
{
  guint64 seconds;
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan span;

  if (value == NULL)
    return FALSE;
  if (g_ascii_string_to_unsigned (value, 10, 0, 24 * 3600, &seconds, NULL))
    {
      *ms = (guint) seconds * 1000;
      return TRUE;
    }
  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return FALSE;
  now = g_date_time_new_now_utc ();
  span = g_date_time_difference (date, now);
  *ms = span <= 0 ? 0 : (guint) MIN (span / 1000, (GTimeSpan) 24 * 3600 * 1000);
  return TRUE;
}
