/* gk-fault-proxy.h: a TCP proxy on 127.0.0.1 that cuts connections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  GK_FAULT_UP,     /* client → server */
  GK_FAULT_DOWN,   /* server → client */
} GkFaultDirection;

/* For gk_fault_proxy_cut(): the cut strikes at the given byte of all the
 * connections since the counts were reset, as one stream per direction,
 * whichever connection carries it (a sync's requests may use several). */
#define GK_FAULT_EXCHANGE G_MAXUINT

typedef struct _GkFaultProxy GkFaultProxy;

GkFaultProxy *gk_fault_proxy_new          (guint16            upstream_port);
void          gk_fault_proxy_free         (GkFaultProxy      *self);
guint16       gk_fault_proxy_get_port     (GkFaultProxy      *self);
void          gk_fault_proxy_cut          (GkFaultProxy      *self,
                                           guint              connection,
                                           GkFaultDirection   direction,
                                           guint64            after_bytes,
                                           gboolean           reset);
void          gk_fault_proxy_slow         (GkFaultProxy      *self,
                                           guint              connection,
                                           GkFaultDirection   direction,
                                           guint64            after_bytes,
                                           guint              interval_ms);
void          gk_fault_proxy_clear_fault  (GkFaultProxy      *self);
guint64       gk_fault_proxy_get_bytes    (GkFaultProxy      *self,
                                           GkFaultDirection   direction);
guint         gk_fault_proxy_get_n_cuts   (GkFaultProxy      *self);
void          gk_fault_proxy_reset_counts (GkFaultProxy      *self);

guint         gk_fault_proxy_get_n_connections (GkFaultProxy *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkFaultProxy, gk_fault_proxy_free)

G_END_DECLS
