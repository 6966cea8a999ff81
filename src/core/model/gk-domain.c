/* gk-domain.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-domain.h"
#include "gk-item.h"

/* Compiled in from data/domains.tsv: the table is fixed by 国办发〔2019〕54号
 * and the programs must not depend on a data file being installed. */
static const GkDomain domains[GK_N_DOMAINS] = {
  { "01", "国土空间规划", "城乡规划;自然资源", "自然资源局" },
  { "02", "重大建设项目", "重大建设项目批准和实施", "发展和改革局" },
  { "03", "公共资源交易", "招标投标;政府采购", "公共资源交易中心" },
  { "04", "财政预决算", "财政预决算公开", "财政局" },
  { "05", "安全生产", "应急管理", "应急管理局" },
  { "06", "税收管理", "税务", "税务局" },
  { "07", "征地补偿", "农村集体土地征收;征地信息", "自然资源局" },
  { "08", "国有土地上房屋征收", "国有土地上房屋征收与补偿", "住房和城乡建设局" },
  { "09", "保障性住房", "住房保障", "住房和城乡建设局" },
  { "10", "农村危房改造", "农村危房改造补助", "住房和城乡建设局" },
  { "11", "环境保护", "生态环境", "生态环境局" },
  { "12", "公共文化服务", "公共文化体育", "文化和旅游局" },
  { "13", "公共法律服务", "法律服务", "司法局" },
  { "14", "扶贫", "乡村振兴;涉贫涉乡村振兴", "乡村振兴局" },
  { "15", "救灾", "救灾生产;防灾减灾救灾", "应急管理局" },
  { "16", "食品药品监管", "食品药品监督管理;市场监管", "市场监督管理局" },
  { "17", "城市综合执法", "城市管理综合执法", "城市管理综合执法局" },
  { "18", "就业创业", "就业", "人力资源和社会保障局" },
  { "19", "社会保险", "社保", "人力资源和社会保障局" },
  { "20", "社会救助", "最低生活保障;特困人员救助供养", "民政局" },
  { "21", "养老服务", "养老", "民政局" },
  { "22", "户籍管理", "户籍", "公安局" },
  { "23", "涉农补贴", "涉农资金", "农业农村局" },
  { "24", "义务教育", "教育", "教育局" },
  { "25", "医疗卫生", "卫生健康", "卫生健康局" },
  { "26", "市政服务", "市政公用", "住房和城乡建设局" },
};

/**
 * gk_domain_get_nth:
 * @index: 0 … %GK_N_DOMAINS - 1
 *
 * Returns: (transfer none) (nullable): the domain at @index in code order,
 *   or %NULL when @index is out of range
 */
const GkDomain *
gk_domain_get_nth (guint index)
{
  if (index >= GK_N_DOMAINS)
    return NULL;

  return &domains[index];
}

/* Whether @text (of @len bytes) is one of the `;`-separated @aliases. */
static gboolean
aliases_contain (const char *aliases,
                 const char *text,
                 gsize       len)
{
  const char *p = aliases;

  while (*p != '\0')
    {
      const char *end = strchr (p, ';');
      gsize alias_len = end != NULL ? (gsize) (end - p) : strlen (p);

      if (alias_len == len && memcmp (p, text, len) == 0)
        return TRUE;
      if (end == NULL)
        break;
      p = end + 1;
    }

  return FALSE;
}

/* Accepts "1" as well as "01": spreadsheets drop the leading zero. */
static const GkDomain *
lookup_code (const char *text,
             gsize       len)
{
  guint n = 0;

  if (len == 0 || len > 2)
    return NULL;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return NULL;
      n = n * 10 + (guint) (text[i] - '0');
    }
  if (n < 1 || n > GK_N_DOMAINS)
    return NULL;

  return &domains[n - 1];
}

/**
 * gk_domain_lookup:
 * @code_or_name: (nullable): a code ("01"), a name or one of the aliases;
 *   surrounding white space is ignored
 *
 * Returns: (transfer none) (nullable): the domain, or %NULL if unknown
 */
const GkDomain *
gk_domain_lookup (const char *code_or_name)
{
  g_autofree char *text = NULL;
  const GkDomain *domain;
  gsize len;

  if (code_or_name == NULL)
    return NULL;

  /* Normalized like item text, so a pasted "　国土空间规划 " still matches. */
  text = gk_text_normalize (code_or_name);
  len = strlen (text);
  if (len == 0)
    return NULL;

  domain = lookup_code (text, len);
  if (domain != NULL)
    return domain;

  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      if (strcmp (domains[i].name, text) == 0)
        return &domains[i];
    }
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      if (aliases_contain (domains[i].aliases, text, len))
        return &domains[i];
    }

  return NULL;
}

/**
 * gk_domain_lookup_code:
 * @code: (nullable): an item's domain code, "01" to "26"
 *
 * The look-up for codes items hold (always the table's two digits): no
 * normalization, no names. For what a user typed, gk_domain_lookup().
 *
 * Returns: (transfer none) (nullable): the domain, or %NULL if @code is
 *   not a code of the table
 */
const GkDomain *
gk_domain_lookup_code (const char *code)
{
  if (code == NULL || strlen (code) != 2)
    return NULL;

  return lookup_code (code, 2);
}

/**
 * gk_domain_get_index:
 * @domain: a domain from the table
 *
 * Returns: the index of @domain in the table, or -1 if it is not one of
 *   the compiled-in domains
 */
int
gk_domain_get_index (const GkDomain *domain)
{
  if (domain == NULL || domain < &domains[0] || domain >= &domains[GK_N_DOMAINS])
    return -1;

  return (int) (domain - domains);
}
