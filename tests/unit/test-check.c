/* test-check.c: the checks of an item's elements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gongkai-core.h"

static const char * const catalog_levels[] = { "县级", "乡级", NULL };

static GkItem *
make_complete_item_in (const char *domain)
{
  GkItem *item = gk_item_new (domain);

  gk_item_set_text (item, GK_FIELD_LEVEL1, "最低生活保障");
  gk_item_set_text (item, GK_FIELD_LEVEL2, "审批结果");
  gk_item_set_text (item, GK_FIELD_CONTENT, "低保对象姓名、保障人数、保障金额");
  gk_item_set_text (item, GK_FIELD_BASIS, "《社会救助暂行办法》");
  gk_item_set_text (item, GK_FIELD_TIME_LIMIT, "信息形成或者变更之日起20个工作日内");
  gk_item_set_text (item, GK_FIELD_SUBJECT, "民政局");
  gk_item_set_channels (item, 1u << GK_CHANNEL_WEBSITE | 1u << GK_CHANNEL_NOTICE_BOARD);
  gk_item_set_audience (item, GK_AUDIENCE_PUBLIC);
  gk_item_set_method (item, GK_METHOD_PROACTIVE);
  gk_item_set_levels (item, catalog_levels);

  return item;
}

static GkItem *
make_complete_item (void)
{
  return make_complete_item_in ("20");
}

static GPtrArray *
check (GkItem *item,
       guint  *n_errors)
{
  GPtrArray *diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_diagnostic_free);

  *n_errors = gk_check_item (item, catalog_levels, diagnostics);

  return diagnostics;
}

static void
test_complete (void)
{
  g_autoptr(GkItem) item = make_complete_item ();
  g_autoptr(GPtrArray) diagnostics = NULL;
  guint n_errors;

  diagnostics = check (item, &n_errors);
  g_assert_cmpuint (n_errors, ==, 0);
  g_assert_cmpuint (diagnostics->len, ==, 0);

  /* Other channel and specific group with their texts are complete too. */
  gk_item_set_channels (item, 1u << GK_CHANNEL_OTHER);
  gk_item_set_text (item, GK_FIELD_CHANNEL_OTHER, "12345政务服务热线");
  gk_item_set_audience (item, GK_AUDIENCE_SPECIFIC);
  gk_item_set_text (item, GK_FIELD_AUDIENCE_DESC, "申请人");
  gk_item_set_method (item, GK_METHOD_ON_REQUEST);
  gk_item_set_text (item, GK_FIELD_TIME_LIMIT, "自收到申请之日起20个工作日内");
  g_clear_pointer (&diagnostics, g_ptr_array_unref);
  diagnostics = check (item, &n_errors);
  g_assert_cmpuint (diagnostics->len, ==, 0);
}

typedef void (*Breaker) (GkItem *item);

static void clear_level1 (GkItem *i) { gk_item_set_text (i, GK_FIELD_LEVEL1, " "); }
static void clear_content (GkItem *i) { gk_item_set_text (i, GK_FIELD_CONTENT, ""); }
static void clear_basis (GkItem *i) { gk_item_set_text (i, GK_FIELD_BASIS, NULL); }
static void clear_time (GkItem *i) { gk_item_set_text (i, GK_FIELD_TIME_LIMIT, "\xe3\x80\x80"); }
static void clear_subject (GkItem *i) { gk_item_set_text (i, GK_FIELD_SUBJECT, ""); }
static void clear_channels (GkItem *i) { gk_item_set_channels (i, 0); }
static void other_without_text (GkItem *i)
{
  gk_item_set_channels (i, 1u << GK_CHANNEL_WEBSITE | 1u << GK_CHANNEL_OTHER);
}
static void clear_audience (GkItem *i) { gk_item_set_audience (i, 0); }
static void specific_without_text (GkItem *i)
{
  gk_item_set_audience (i, GK_AUDIENCE_PUBLIC | GK_AUDIENCE_SPECIFIC);
}
static void clear_method (GkItem *i) { gk_item_set_method (i, 0); }
static void clear_levels (GkItem *i) { gk_item_set_levels (i, NULL); }
static void foreign_level (GkItem *i)
{
  const char * const levels[] = { "县级", "村级", NULL };

  gk_item_set_levels (i, levels);
}

typedef struct
{
  const char *name;
  Breaker     breaker;
  GkField     field;
  const char *code;
} Missing;

static const Missing missing[] = {
  { "level1", clear_level1, GK_FIELD_LEVEL1, "missing-level1" },
  { "content", clear_content, GK_FIELD_CONTENT, "missing-content" },
  { "basis", clear_basis, GK_FIELD_BASIS, "missing-basis" },
  { "time-limit", clear_time, GK_FIELD_TIME_LIMIT, "missing-time-limit" },
  { "subject", clear_subject, GK_FIELD_SUBJECT, "missing-subject" },
  { "channel", clear_channels, GK_FIELD_CHANNELS, "missing-channel" },
  { "channel-other", other_without_text, GK_FIELD_CHANNEL_OTHER, "missing-channel-other" },
  { "audience", clear_audience, GK_FIELD_AUDIENCE, "missing-audience" },
  { "audience-desc", specific_without_text, GK_FIELD_AUDIENCE_DESC, "missing-audience-desc" },
  { "method", clear_method, GK_FIELD_METHOD, "missing-method" },
  { "level", clear_levels, GK_FIELD_LEVELS, "missing-level" },
  { "unknown-level", foreign_level, GK_FIELD_LEVELS, "unknown-level" },
  { "domain", NULL, GK_FIELD_DOMAIN, "missing-domain" },
};

static void
test_missing (gconstpointer data)
{
  const Missing *m = data;
  g_autoptr(GkItem) item = make_complete_item_in (m->breaker != NULL ? "20" : NULL);
  g_autoptr(GPtrArray) diagnostics = NULL;
  GkDiagnostic *d;
  g_autoptr(GkDiagnostic) copy = NULL;
  guint n_errors;

  if (m->breaker != NULL)
    m->breaker (item);
  diagnostics = check (item, &n_errors);
  g_assert_cmpuint (n_errors, ==, 1);
  g_assert_cmpuint (diagnostics->len, ==, 1);

  d = g_ptr_array_index (diagnostics, 0);
  g_assert_cmpstr (d->code, ==, m->code);
  g_assert_cmpint (d->field, ==, m->field);
  g_assert_cmpint (d->severity, ==, GK_SEVERITY_ERROR);
  g_assert_cmpstr (d->item_id, ==, gk_item_get_id (item));
  g_assert_nonnull (d->message);
  g_assert_cmpstr (d->message, !=, "");

  copy = g_boxed_copy (GK_TYPE_DIAGNOSTIC, d);
  g_assert_cmpstr (copy->code, ==, d->code);
  g_assert_cmpstr (copy->message, ==, d->message);
  g_assert_true (copy->message != d->message);
}

static void
test_empty_item (void)
{
  g_autoptr(GkItem) item = gk_item_new ("01");
  g_autoptr(GPtrArray) diagnostics = NULL;
  guint n_errors;

  /* Every required element at once, each reported once. */
  diagnostics = check (item, &n_errors);
  g_assert_cmpuint (n_errors, ==, 9);
  g_assert_cmpuint (diagnostics->len, ==, 9);
}

/* What the editor holds back for an item being entered: the elements not
 * filled in, never those filled in wrongly. */
static void
test_drop_missing (void)
{
  g_autoptr(GkItem) item = gk_item_new ("01");
  g_autoptr(GPtrArray) diagnostics = NULL;
  const char * const levels[] = { "县级", NULL };
  guint n_errors;

  gk_item_set_levels (item, (const char * const[]) { "省级", NULL });
  gk_item_set_text (item, GK_FIELD_NOTES, "联系电话13800138000");
  diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_diagnostic_free);
  n_errors = gk_check_item (item, levels, diagnostics);
  g_assert_cmpuint (gk_check_drop_missing (diagnostics), ==, n_errors - 1);
  g_assert_cmpuint (diagnostics->len, ==, 2);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      GkDiagnostic *diagnostic = diagnostics->pdata[i];

      g_assert_false (g_str_has_prefix (diagnostic->code, "missing-"));
    }
  g_assert_cmpstr (((GkDiagnostic *) diagnostics->pdata[0])->code, ==, "unknown-level");
  g_assert_cmpuint (gk_check_drop_missing (diagnostics), ==, 0);
}

typedef struct
{
  const char *name;
  GkField     field;
  const char *text;
  GkMethod    method;
  const char *code;     /* expected warning, or NULL for none */
} Warning;

static const Warning warnings[] = {
  { "same-as-above-basis", GK_FIELD_BASIS, "（同上）", 0, "same-as-above" },
  { "same-as-above-time", GK_FIELD_TIME_LIMIT, "同上（即：及时公开）", 0, "same-as-above" },
  { "same-as-above-notes", GK_FIELD_NOTES, "同上", 0, "same-as-above" },
  { "on-request", GK_FIELD_TIME_LIMIT, "信息形成之日起20个工作日内", GK_METHOD_ON_REQUEST,
    "on-request-time-limit" },
  { "on-request-ok", GK_FIELD_TIME_LIMIT, "自收到申请之日起15个工作日内", GK_METHOD_ON_REQUEST,
    NULL },
  { "both-methods", GK_FIELD_TIME_LIMIT, "信息形成之日起20个工作日内",
    GK_METHOD_PROACTIVE | GK_METHOD_ON_REQUEST, NULL },
  { "too-long", GK_FIELD_TIME_LIMIT, "信息形成或变更之日起30个工作日内", 0,
    "time-limit-too-long" },
  { "too-long-bare", GK_FIELD_TIME_LIMIT, "25个工作日", 0, "time-limit-too-long" },
  { "too-long-fullwidth", GK_FIELD_TIME_LIMIT, "信息形成（变更）\xef\xbc\x92\xef\xbc\x91个工作日内",
    0, "time-limit-too-long" },
  { "too-long-mixed", GK_FIELD_TIME_LIMIT,
    "1.除处罚决定外：长期公开；2.处罚决定：信息形成之日起60个工作日内", 0,
    "time-limit-too-long" },
  { "twenty-ok", GK_FIELD_TIME_LIMIT, "自信息形成或者变更之日起20个工作日内予以公开", 0, NULL },
  { "short-ok", GK_FIELD_TIME_LIMIT, "信息形成（变更）3个工作日内", 0, NULL },
  { "minimum-ok", GK_FIELD_TIME_LIMIT, "批前公示：信息形成后公示时间不少于30个工作日", 0, NULL },
  { "other-family-ok", GK_FIELD_TIME_LIMIT, "制定或获取信息之日起30个工作日内", 0, NULL },
  { "calendar-days-ok", GK_FIELD_TIME_LIMIT, "本级人民代表大会批准后20日内", 0, NULL },
  { "calendar-days", GK_FIELD_TIME_LIMIT, "信息形成之日起20日内", 0, "calendar-days" },
  { "calendar-days-fullwidth", GK_FIELD_TIME_LIMIT, "信息变更后\xef\xbc\x91\xef\xbc\x95日内",
    0, "calendar-days" },
  { "date-ok", GK_FIELD_TIME_LIMIT, "信息形成后，每年1月31日前", 0, NULL },
  { "minimum-days-ok", GK_FIELD_TIME_LIMIT, "信息形成后公示不少于7日", 0, NULL },
  { "working-days-ok", GK_FIELD_TIME_LIMIT, "信息形成之日起20工作日内", 0, NULL },
  { "too-long-without-unit", GK_FIELD_TIME_LIMIT, "信息形成之日起30工作日内", 0,
    "time-limit-too-long" },
  { "huge-number", GK_FIELD_TIME_LIMIT, "信息形成之日起99999999999999个工作日内", 0,
    "time-limit-too-long" },
  { "phone", GK_FIELD_CONTENT, "联系人：张三，电话13812345678", 0, "phone-number" },
  { "phone-notes", GK_FIELD_NOTES, "13812345678", 0, "phone-number" },
  { "landline-ok", GK_FIELD_CONTENT, "咨询电话：0531-12345678、12345", 0, NULL },
  { "long-number-ok", GK_FIELD_CONTENT, "账号138123456789", 0, NULL },
  { "phone-prefix-ok", GK_FIELD_CONTENT, "编号12812345678", 0, NULL },
  { "id-number", GK_FIELD_CONTENT, "身份证号110105199001011234", 0, "id-number" },
  { "id-number-x", GK_FIELD_NOTES, "身份证：11010519900101123X。", 0, "id-number" },
  { "id-number-bad-date-ok", GK_FIELD_CONTENT, "流水号110105123456781234", 0, NULL },
  { "nineteen-digits-ok", GK_FIELD_CONTENT, "1101051990010112345", 0, NULL },
  { "phone-in-basis-ok", GK_FIELD_BASIS, "《条例》13812345678", 0, NULL },
};

static void
test_warning (gconstpointer data)
{
  const Warning *w = data;
  g_autoptr(GkItem) item = make_complete_item ();
  g_autoptr(GPtrArray) diagnostics = NULL;
  guint n_errors;

  gk_item_set_text (item, w->field, w->text);
  if (w->method != 0)
    gk_item_set_method (item, w->method);
  diagnostics = check (item, &n_errors);
  g_assert_cmpuint (n_errors, ==, 0);

  if (w->code == NULL)
    {
      for (guint i = 0; i < diagnostics->len; i++)
        g_test_message ("unexpected: %s", ((GkDiagnostic *) diagnostics->pdata[i])->code);
      g_assert_cmpuint (diagnostics->len, ==, 0);
    }
  else
    {
      GkDiagnostic *d;

      g_assert_cmpuint (diagnostics->len, ==, 1);
      d = g_ptr_array_index (diagnostics, 0);
      g_assert_cmpstr (d->code, ==, w->code);
      g_assert_cmpint (d->severity, ==, GK_SEVERITY_WARNING);
      g_assert_cmpint (d->field, ==, w->field);
      g_assert_cmpstr (d->message, !=, "");
    }
}

static void
test_level_set (void)
{
  g_autoptr(GkItem) item = make_complete_item ();
  g_autoptr(GPtrArray) diagnostics = NULL;
  const char * const levels[] = { "市级", "县级", "村级", NULL };

  gk_item_set_levels (item, levels);
  diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_diagnostic_free);
  g_assert_cmpuint (gk_check_item (item, catalog_levels, diagnostics), ==, 2);
  g_assert_cmpuint (diagnostics->len, ==, 2);
  g_assert_nonnull (strstr (((GkDiagnostic *) diagnostics->pdata[0])->message, "市级"));
  g_assert_nonnull (strstr (((GkDiagnostic *) diagnostics->pdata[1])->message, "村级"));

  /* Without a level set only the presence of a level is checked. */
  g_ptr_array_set_size (diagnostics, 0);
  g_assert_cmpuint (gk_check_item (item, NULL, diagnostics), ==, 0);
  g_assert_cmpuint (diagnostics->len, ==, 0);
}

/* The message must not publish the personal data it warns about. */
static void
test_personal_data_masked (void)
{
  g_autoptr(GkItem) item = make_complete_item ();
  g_autoptr(GPtrArray) diagnostics = NULL;
  guint n_errors;

  gk_item_set_text (item, GK_FIELD_CONTENT, "13812345678，110105199001011234");
  diagnostics = check (item, &n_errors);
  g_assert_cmpuint (diagnostics->len, ==, 2);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      GkDiagnostic *d = g_ptr_array_index (diagnostics, i);

      g_assert_null (strstr (d->message, "13812345678"));
      g_assert_null (strstr (d->message, "110105199001011234"));
      g_assert_nonnull (strstr (d->message, g_str_equal (d->code, "phone-number")
                                            ? "138****5678" : "110***********1234"));
    }
}

static void
test_catalog (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkItem) a = make_complete_item ();
  g_autoptr(GkItem) b = make_complete_item ();
  g_autoptr(GkItem) c = gk_item_new ("01");
  g_autoptr(GkItem) d = make_complete_item ();
  g_autoptr(GPtrArray) diagnostics = NULL;
  guint n_errors = 99, n_warnings = 99;

  diagnostics = gk_check_catalog (catalog, &n_errors, &n_warnings);
  g_assert_cmpuint (diagnostics->len, ==, 0);
  g_assert_cmpuint (n_errors, ==, 0);
  g_assert_cmpuint (n_warnings, ==, 0);
  g_clear_pointer (&diagnostics, g_ptr_array_unref);

  gk_item_set_text (b, GK_FIELD_BASIS, "同上");
  gk_item_set_text (c, GK_FIELD_LEVEL1, "政策文件");
  gk_item_set_position (d, 1);
  gk_item_set_text (d, GK_FIELD_DOMAIN, "01");
  gk_item_set_method (d, 0);
  gk_catalog_add_item (catalog, a);
  gk_catalog_add_item (catalog, b);
  gk_catalog_add_item (catalog, c);
  gk_catalog_add_item (catalog, d);

  diagnostics = gk_check_catalog (catalog, &n_errors, &n_warnings);
  /* c misses 8 elements, d its method; b repeats a and says 同上. */
  g_assert_cmpuint (n_errors, ==, 9);
  g_assert_cmpuint (n_warnings, ==, 2);
  g_assert_cmpuint (diagnostics->len, ==, 11);

  /* Domain order, then the user's order: c, then d (position 1), then a, b. */
  g_assert_cmpstr (((GkDiagnostic *) diagnostics->pdata[0])->item_id, ==, gk_item_get_id (c));
  g_assert_cmpstr (((GkDiagnostic *) diagnostics->pdata[8])->item_id, ==, gk_item_get_id (d));
}

int
main (int   argc,
      char *argv[])
{
  gk_core_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/check/complete", test_complete);
  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      g_autofree char *path = g_strdup_printf ("/check/missing/%s", missing[i].name);

      g_test_add_data_func (path, &missing[i], test_missing);
    }
  g_test_add_func ("/check/empty-item", test_empty_item);
  g_test_add_func ("/check/drop-missing", test_drop_missing);
  for (guint i = 0; i < G_N_ELEMENTS (warnings); i++)
    {
      g_autofree char *path = g_strdup_printf ("/check/warning/%s", warnings[i].name);

      g_test_add_data_func (path, &warnings[i], test_warning);
    }
  g_test_add_func ("/check/level-set", test_level_set);
  g_test_add_func ("/check/personal-data-masked", test_personal_data_masked);
  g_test_add_func ("/check/catalog", test_catalog);

  return g_test_run ();
}
