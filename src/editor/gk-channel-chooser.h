/* gk-channel-chooser.h: one check per publication channel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gongkai-core.h"

G_BEGIN_DECLS

#define GK_TYPE_CHANNEL_CHOOSER (gk_channel_chooser_get_type ())

G_DECLARE_FINAL_TYPE (GkChannelChooser, gk_channel_chooser, GK, CHANNEL_CHOOSER, AdwBin)

GtkWidget      *gk_channel_chooser_new          (void);
guint           gk_channel_chooser_get_channels (GkChannelChooser *self);
void            gk_channel_chooser_set_channels (GkChannelChooser *self,
                                                 guint             channels);
GtkCheckButton *gk_channel_chooser_get_check    (GkChannelChooser *self,
                                                 GkChannel         channel);

G_END_DECLS
