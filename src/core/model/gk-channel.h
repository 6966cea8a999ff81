/* gk-channel.h: the 13 standard disclosure channels (公开渠道和载体)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In template order; an item's channels are a bit set of (1 << GkChannel). */
typedef enum
{
  GK_CHANNEL_WEBSITE,        /* 政府网站 */
  GK_CHANNEL_GAZETTE,        /* 政府公报 */
  GK_CHANNEL_NEW_MEDIA,      /* 两微一端 */
  GK_CHANNEL_HEARING,        /* 发布会/听证会 */
  GK_CHANNEL_BROADCAST,      /* 广播电视 */
  GK_CHANNEL_PRINT,          /* 纸质媒体 */
  GK_CHANNEL_READING_POINT,  /* 公开查阅点 */
  GK_CHANNEL_SERVICE_CENTER, /* 政务服务中心 */
  GK_CHANNEL_SERVICE_STATION,/* 便民服务站 */
  GK_CHANNEL_DOOR_TO_DOOR,   /* 入户/现场 */
  GK_CHANNEL_NOTICE_BOARD,   /* 社区/企事业单位/村公示栏（电子屏） */
  GK_CHANNEL_TARGETED,       /* 精准推送 */
  GK_CHANNEL_OTHER,          /* 其他 (needs its text) */
  GK_N_CHANNELS
} GkChannel;

#define GK_CHANNEL_MASK_ALL ((1u << GK_N_CHANNELS) - 1)

const char *gk_channel_get_name (GkChannel   channel);
gboolean    gk_channel_lookup   (const char *text,
                                 GkChannel  *channel);

G_END_DECLS
