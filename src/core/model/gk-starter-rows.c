/* gk-starter-rows.c: the opening rows of a domain's catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <limits.h>
#include <string.h>

#include "gk-catalog.h"
#include "gk-domain.h"

typedef struct
{
  const char *level1;
  const char *level2;
} StarterRow;

/* Every ministry guideline opens with the policy documents. */
static const StarterRow policy_rows[] = {
  { "政策文件", "法律法规" },
  { "政策文件", "部门规章和规范性文件" },
  { "政策文件", "政策解读" },
};

/* A few rows most units of the domain publish, by domain index; the user
 * completes, renames or deletes them. */
static const StarterRow domain_rows[GK_N_DOMAINS][3] = {
  { { "规划编制", "国土空间总体规划" }, { "行政许可", "建设用地规划许可" } },
  { { "批准服务", "申报要求" }, { "批准结果", "审批、核准、备案结果" } },
  { { "政府采购", "采购意向" }, { "政府采购", "采购公告" }, { "工程建设项目招标投标", "招标公告" } },
  { { "财政预算", "政府预算" }, { "财政决算", "政府决算" }, { "部门预决算", "部门预算" } },
  { { "行政执法", "行政处罚" }, { "应急管理", "应急预案" }, { "生产安全事故", "事故调查报告" } },
  { { "办事服务", "办税指南" }, { "税收优惠", "税收优惠政策" } },
  { { "征地批前", "征收土地预公告" }, { "征地批后", "征收土地公告" } },
  { { "房屋征收", "房屋征收决定" }, { "房屋征收", "征收补偿方案" } },
  { { "保障性住房", "年度建设计划" }, { "保障性住房", "分配结果" } },
  { { "农村危房改造", "补助对象认定" }, { "农村危房改造", "补助资金分配结果" } },
  { { "环境影响评价", "环评文件受理情况" }, { "行政执法", "行政处罚" } },
  { { "公共文化服务", "场馆开放信息" }, { "公共文化服务", "文化活动信息" } },
  { { "办事服务", "办事指南" }, { "公共法律服务", "法律援助" } },
  { { "资金项目", "资金分配结果" }, { "资金项目", "项目实施情况" } },
  { { "救灾资金", "资金分配结果" }, { "灾情信息", "灾情发布" } },
  { { "行政许可", "许可信息" }, { "监督检查", "抽检信息" }, { "行政执法", "行政处罚" } },
  { { "行政执法", "执法主体" }, { "行政执法", "行政处罚" } },
  { { "办事服务", "办事指南" }, { "就业服务", "就业补贴发放" } },
  { { "办事服务", "办事指南" }, { "社会保险", "待遇标准" } },
  { { "办事服务", "办事指南" }, { "社会救助", "救助对象及资金发放" } },
  { { "办事服务", "办事指南" }, { "养老服务", "养老机构信息" } },
  { { "办事服务", "办事指南" } },
  { { "补贴政策", "补贴标准" }, { "补贴发放", "发放结果" } },
  { { "招生入学", "招生政策" }, { "学校信息", "学校基本情况" } },
  { { "办事服务", "办事指南" }, { "医疗机构", "医疗机构信息" } },
  { { "办事服务", "办事指南" }, { "市政设施", "供水、供气、供热服务" } },
};

static int
next_position (GkCatalog  *self,
               const char *code)
{
  g_autoptr(GPtrArray) items = gk_catalog_dup_domain_items (self, code);
  int last;

  if (items->len == 0)
    return 0;

  last = gk_item_get_position (g_ptr_array_index (items, items->len - 1));
  return last < INT_MAX ? last + 1 : last;
}

/* The unit publishes its own catalog: it is the 公开主体 of its rows. A
 * catalog without a unit yet takes the domain's usual owner. */
static const char *
get_subject (GkCatalog      *self,
             const GkDomain *domain)
{
  const char *unit = gk_catalog_get_unit_name (self);

  return unit != NULL && *unit != '\0' ? unit : domain->typical_subject;
}

/* What a starter row holds, for adding one and for telling one that was
 * never touched. */
static GkItem *
new_row (GkCatalog        *self,
         const GkDomain   *domain,
         const StarterRow *row,
         const char       *subject)
{
  GkItem *item = gk_item_new (domain->code);

  gk_item_set_text (item, GK_FIELD_LEVEL1, row->level1);
  gk_item_set_text (item, GK_FIELD_LEVEL2, row->level2);
  gk_item_set_text (item, GK_FIELD_BASIS, "《中华人民共和国政府信息公开条例》");
  gk_item_set_text (item, GK_FIELD_TIME_LIMIT, "信息形成或者变更之日起20个工作日内");
  gk_item_set_text (item, GK_FIELD_SUBJECT, subject);
  gk_item_set_channels (item, 1u << GK_CHANNEL_WEBSITE);
  gk_item_set_audience (item, GK_AUDIENCE_PUBLIC);
  gk_item_set_method (item, GK_METHOD_PROACTIVE);
  gk_item_set_levels (item, gk_catalog_get_levels (self));

  return item;
}

/* The rows of a domain: the policy rows, then the domain's own. */
static const StarterRow *
get_row (int   index,
         guint i)
{
  if (i < G_N_ELEMENTS (policy_rows))
    return &policy_rows[i];
  i -= G_N_ELEMENTS (policy_rows);
  if (i < G_N_ELEMENTS (domain_rows[index]) && domain_rows[index][i].level1 != NULL)
    return &domain_rows[index][i];
  return NULL;
}

/**
 * gk_catalog_add_starter_rows:
 * @self: a catalog
 * @domain_code: a domain code (or name or alias)
 *
 * Adds the rows every ministry guideline starts with (政策文件: 法律法规,
 * 部门规章和规范性文件, 政策解读) and a few rows typical of the domain, after
 * the domain's existing items, with the catalog's unit as their 公开主体.
 * The generic elements are filled in; the content is left empty, so the
 * rows show as drafts to complete (gk_catalog_is_untouched_draft()).
 */
void
gk_catalog_add_starter_rows (GkCatalog  *self,
                             const char *domain_code)
{
  const GkDomain *domain;
  const StarterRow *row;
  int position;
  int index;

  g_return_if_fail (GK_IS_CATALOG (self));

  domain = gk_domain_lookup (domain_code);
  g_return_if_fail (domain != NULL);

  index = gk_domain_get_index (domain);
  position = next_position (self, domain->code);

  for (guint i = 0; (row = get_row (index, i)) != NULL; i++)
    {
      g_autoptr(GkItem) item = new_row (self, domain, row, get_subject (self, domain));

      gk_item_set_position (item, position++);
      gk_catalog_add_item (self, item);
    }
}

/**
 * gk_catalog_add_starter_domains:
 * @self: a catalog
 * @domains: a #GkDomainSet
 *
 * Adds the starter rows of each domain in @domains, in code order; see
 * gk_catalog_add_starter_rows().
 */
void
gk_catalog_add_starter_domains (GkCatalog   *self,
                                GkDomainSet  domains)
{
  g_return_if_fail (GK_IS_CATALOG (self));

  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      if (domains & GK_DOMAIN_SET (i))
        gk_catalog_add_starter_rows (self, gk_domain_get_nth (i)->code);
    }
}

/**
 * gk_catalog_is_untouched_draft:
 * @self: a catalog
 * @item: an item
 *
 * Whether @item is a starter row nobody has changed: every field as
 * gk_catalog_add_starter_rows() made it, with the catalog's unit as its
 * 公开主体 (or the domain's usual owner, as earlier versions made them)
 * and the catalog's level set. Derived from the item itself, so it holds
 * in every program and after a restart, with no flag to keep: any change
 * makes it an item like the others, and changing it back a draft again.
 *
 * Returns: whether @item is an untouched starter draft
 */
gboolean
gk_catalog_is_untouched_draft (GkCatalog *self,
                               GkItem    *item)
{
  const GkDomain *domain;
  const StarterRow *row;
  const char *subject;
  int index;

  g_return_val_if_fail (GK_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (GK_IS_ITEM (item), FALSE);

  /* What rules most items out at once, before an item is made to compare. */
  domain = gk_domain_lookup_code (gk_item_get_text (item, GK_FIELD_DOMAIN));
  if (domain == NULL || *gk_item_get_text (item, GK_FIELD_CONTENT) != '\0')
    return FALSE;
  subject = gk_item_get_text (item, GK_FIELD_SUBJECT);
  if (g_strcmp0 (subject, gk_catalog_get_unit_name (self)) != 0
      && g_strcmp0 (subject, domain->typical_subject) != 0)
    return FALSE;

  index = gk_domain_get_index (domain);
  for (guint i = 0; (row = get_row (index, i)) != NULL; i++)
    {
      g_autoptr(GkItem) draft = NULL;

      if (g_strcmp0 (gk_item_get_text (item, GK_FIELD_LEVEL1), row->level1) != 0
          || g_strcmp0 (gk_item_get_text (item, GK_FIELD_LEVEL2), row->level2) != 0)
        continue;
      draft = new_row (self, domain, row, subject);
      return gk_item_get_differing_fields (item, draft) == 0;
    }
  return FALSE;
}

/**
 * gk_unit_suggest_domains:
 * @unit_name: (nullable): the unit's name
 * @kind: the unit's kind
 *
 * The domains a unit is likely responsible for, for the user to confirm:
 * a department those whose usual owner its name names
 * (gk_domain_is_owned_by()), and none when its name names none; a county
 * named like a department (the kind not chosen yet) the same; a
 * government, a township or a village committee all of them.
 *
 * Returns: the suggested domains
 */
GkDomainSet
gk_unit_suggest_domains (const char *unit_name,
                         GkUnitKind  kind)
{
  GkDomainSet owned = 0;

  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      if (gk_domain_is_owned_by (gk_domain_get_nth (i), unit_name))
        owned |= GK_DOMAIN_SET (i);
    }

  if (kind == GK_UNIT_DEPARTMENT || (kind == GK_UNIT_COUNTY && owned != 0))
    return owned;
  return GK_DOMAIN_SET_ALL;
}
