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

/* Whether @needle's characters appear in @haystack in order, from its
 * first character on. */
static gboolean
is_subsequence (const gunichar *needle,
                glong           n_needle,
                const gunichar *haystack,
                glong           n_haystack)
{
  glong j = 0;

  if (n_needle == 0 || n_haystack == 0 || needle[0] != haystack[0])
    return FALSE;
  for (glong i = 0; i < n_haystack && j < n_needle; i++)
    {
      if (haystack[i] == needle[j])
        j++;
    }
  return j == n_needle;
}

/* Splits "教育局" into the stem and its ending (局 or 中心), which names
 * the kind of body and not what it does. */
static const char *
split_ending (const char *name,
              gsize      *stem_len)
{
  const char *endings[] = { "局", "中心" };
  gsize len = strlen (name);

  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    {
      if (g_str_has_suffix (name, endings[i]))
        {
          *stem_len = len - strlen (endings[i]);
          return endings[i];
        }
    }
  *stem_len = len;
  return "";
}

/**
 * gk_domain_is_owned_by:
 * @domain: a domain of the table
 * @unit_name: (nullable): a unit's name, e.g. "某某县教育局"
 *
 * Whether @unit_name names the department that usually owns @domain (its
 * @typical_subject), as county departments are named: ending like the
 * owner (局, 中心), with the owner's stem before the ending (某某县教育局,
 * 某某县教育和体育局 for 教育局), or a short form (发改局 for 发展和改革局,
 * 住建局, 人社局, 市场监管局) or a longer one (文化广电和旅游局 for
 * 文化和旅游局). The user confirms what this suggests.
 *
 * Returns: whether @unit_name names the owner of @domain
 */
gboolean
gk_domain_is_owned_by (const GkDomain *domain,
                       const char     *unit_name)
{
  g_autofree char *name = NULL;
  g_autofree char *owner_stem = NULL;
  g_autofree gunichar *stem = NULL;
  g_autofree gunichar *core = NULL;
  const char *ending;
  gsize stem_len, core_len;
  glong n_stem, n_core;

  g_return_val_if_fail (gk_domain_get_index (domain) >= 0, FALSE);

  if (unit_name == NULL)
    return FALSE;
  name = gk_text_normalize (unit_name);
  ending = split_ending (domain->typical_subject, &stem_len);
  owner_stem = g_strndup (domain->typical_subject, stem_len);
  /* A unit of the owner's kind only: 人民政府 holds 民政 too. */
  if (*ending == '\0' || !g_str_has_suffix (name, ending))
    return FALSE;
  core_len = strlen (name) - strlen (ending);
  if (g_strstr_len (name, (gssize) core_len, owner_stem) != NULL)
    return TRUE;

  core = g_utf8_to_ucs4_fast (name, (glong) core_len, &n_core);
  stem = g_utf8_to_ucs4_fast (owner_stem, -1, &n_stem);

  /* Both forms end the name: the place comes first, and may hold any
   * character. The longer form ends as the owner's stem does. */
  for (glong start = n_core - 2; start >= 0; start--)
    {
      if (is_subsequence (core + start, n_core - start, stem, n_stem))
        return TRUE;
      if (core[n_core - 1] == stem[n_stem - 1]
          && is_subsequence (stem, n_stem - 1, core + start, n_core - start - 1))
        return TRUE;
    }
  return FALSE;
}
