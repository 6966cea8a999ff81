/* gk-channel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-channel.h"
#include "gk-item.h"

typedef struct
{
  const char *name;
  const char *variants; /* `;`-separated spellings seen in real catalogs */
} ChannelInfo;

/* Compiled in from data/channels.tsv, in template order. */
static const ChannelInfo channels[GK_N_CHANNELS] = {
  { "政府网站", "县政府门户网站;部门网站" },
  { "政府公报", "" },
  { "两微一端", "政务新媒体;一微一端" },
  { "发布会/听证会", "发布会听证会;发布会" },
  { "广播电视", "" },
  { "纸质媒体", "纸质载体" },
  { "公开查阅点", "公开查阅点/政务公开专区" },
  { "政务服务中心", "政府服务中心;行政服务中心" },
  { "便民服务站", "" },
  { "入户/现场", "入户/现场宣传" },
  { "社区/企事业单位/村公示栏（电子屏）",
    "社区/企事业单位、村公示栏（电子屏）;社区/企事业单位公示栏" },
  { "精准推送", "" },
  { "其他", "其它" },
};

/**
 * gk_channel_get_name:
 * @channel: a channel
 *
 * Returns: (transfer none): the standard name of @channel, as printed in
 *   the catalog (data, not translated), or %NULL if @channel is invalid
 */
const char *
gk_channel_get_name (GkChannel channel)
{
  if ((guint) channel >= GK_N_CHANNELS)
    return NULL;

  return channels[channel].name;
}

static gboolean
variants_contain (const char *variants,
                  const char *text)
{
  gsize len = strlen (text);
  const char *p = variants;

  while (*p != '\0')
    {
      const char *end = strchr (p, ';');
      gsize variant_len = end != NULL ? (gsize) (end - p) : strlen (p);

      if (variant_len == len && memcmp (p, text, len) == 0)
        return TRUE;
      if (end == NULL)
        break;
      p = end + 1;
    }

  return FALSE;
}

/**
 * gk_channel_lookup:
 * @text: (nullable): a channel name or a spelling seen in real catalogs
 * @channel: (out) (optional): return location for the channel
 *
 * Finds the channel @text names. Text starting with 其他 (for instance the
 * template's "其他（需写明，如：12345政务服务热线…）") is %GK_CHANNEL_OTHER.
 *
 * Returns: %TRUE if @text names a channel
 */
gboolean
gk_channel_lookup (const char *text,
                   GkChannel  *channel)
{
  g_autofree char *normalized = NULL;
  guint i;

  if (text == NULL)
    return FALSE;

  normalized = gk_text_normalize (text);
  if (*normalized == '\0')
    return FALSE;

  for (i = 0; i < GK_N_CHANNELS; i++)
    {
      if (strcmp (channels[i].name, normalized) == 0
          || variants_contain (channels[i].variants, normalized))
        break;
    }
  if (i == GK_N_CHANNELS
      && (g_str_has_prefix (normalized, "其他") || g_str_has_prefix (normalized, "其它")))
    i = GK_CHANNEL_OTHER;
  if (i == GK_N_CHANNELS)
    return FALSE;

  if (channel != NULL)
    *channel = (GkChannel) i;

  return TRUE;
}
