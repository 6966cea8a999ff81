/* gk-sync-policy.h: when a request of the sync is sent again, and how long
 * it may take
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GkSyncPolicy:
 * @attempt_ms: the deadline of one attempt, the whole exchange from
 *   connecting to the last byte of the answer
 * @total_ms: how long one request may take, its attempts and the waits
 *   between them included; no attempt starts, and no wait is begun, that
 *   would end after it
 * @max_attempts: at most this many attempts of one request, the first
 *   included
 * @backoff_ms: the wait before the second attempt is at most this; each
 *   further wait at most twice the one before (exponential backoff)
 * @backoff_cap_ms: no wait is longer than this, but a `Retry-After` the
 *   server gave
 *
 * A request is sent again after a network error, a cut or unreadable
 * answer, or the statuses a retry may cure (408, 409, 425, 429, 500, 502,
 * 503, 504), waiting a random time between 0 and min(@backoff_cap_ms,
 * @backoff_ms·2^n) ("full jitter", so that PCs cut off together do not
 * come back together), or the `Retry-After` the server asked for.
 */
typedef struct
{
  guint attempt_ms;
  guint total_ms;
  guint max_attempts;
  guint backoff_ms;
  guint backoff_cap_ms;
} GkSyncPolicy;

/* An attempt may take 30 s (a page of 500 items over a slow county
 * network takes a few); a request two minutes, six attempts. */
#define GK_SYNC_POLICY_INIT { 30000, 120000, 6, 1000, 300000 }

gboolean  gk_sync_policy_is_retryable_status (guint               status);
guint     gk_sync_policy_backoff_ms          (const GkSyncPolicy *policy,
                                              guint               n_failed);
gboolean  gk_sync_policy_parse_retry_after   (const char         *value,
                                              guint              *ms);

G_END_DECLS
