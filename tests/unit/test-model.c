/* test-model.c: domains, channels, items and catalogs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gongkai-core.h"

typedef struct
{
  guint   n_changes;
  GkField last_field;
  guint   per_field[GK_N_FIELDS];
} Changes;

static void
item_changed_cb (GkItem  *item,
                 GkField  field,
                 Changes *changes)
{
  changes->n_changes++;
  changes->last_field = field;
  changes->per_field[field]++;
}

static void
test_normalize (void)
{
  struct
  {
    const char *in;
    const char *out;
  } cases[] = {
    { NULL, "" },
    { "", "" },
    { "  \t\n", "" },
    { "\xe3\x80\x80政府网站\xe3\x80\x80", "政府网站" },       /* ideographic spaces */
    { "\xef\xbb\xbf" "abc\xe2\x80\x8b", "abc" },              /* BOM, zero-width space */
    { "e\xcc\x81", "\xc3\xa9" },                              /* e + U+0301 → é */
    { " a\r\nb ", "a\nb" },
    { "a  b", "a  b" },                                       /* inside is kept */
    { "ab\xff" "c", "ab\xef\xbf\xbd" "c" },                   /* invalid byte → U+FFFD */
    { "\xef\xa4\x80", "\xe8\xb1\x88" },                          /* U+F900 → U+8C48 */
    { "《条例》、第2条（一）", "《条例》、第2条（一）" },
    { "\xc3\xa9\xcc\x81", "\xc3\xa9\xcc\x81" },              /* é + U+0301 stays */
    { "a\xcc\xa3\xcc\x81", "\xe1\xba\xa1\xcc\x81" },          /* a + dot below + acute */
    { "\xea\xb0\x80", "\xea\xb0\x80" },                          /* Hangul 가 */
    { "\xe1\x84\x80\xe1\x85\xa1", "\xea\xb0\x80" },              /* ᄀ + ᅡ → 가 */
    /* Sequences the one-pass check must hand to the full normalization. */
    { "a\xc0\xaf", "a\xef\xbf\xbd\xef\xbf\xbd" },                   /* overlong "/" */
    { "\xed\xa0\x80" "b", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "b" }, /* surrogate */
    { "\xe6\x94", "\xef\xbf\xbd\xef\xbf\xbd" },                     /* cut short */
    { "a\rb", "a\rb" },                                             /* lone CR stays */
    { "\xc2\xa0中\xe3\x80\x80", "中" },                              /* NBSP, U+3000 */
    { "\xe4\xb7\x80", "\xe4\xb7\x80" },                               /* U+4DC0 ䷀ */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = gk_text_normalize (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static gboolean
is_trimmed (const char *text)
{
  const char *last;

  if (*text == '\0')
    return TRUE;
  last = g_utf8_prev_char (text + strlen (text));

  return !g_unichar_isspace (g_utf8_get_char (text))
         && !g_unichar_isspace (g_utf8_get_char (last));
}

/* Random mixes of what catalogs contain and what NFC changes: the result is
 * always NFC, trimmed, and normalizing again changes nothing. */
static void
test_normalize_random (void)
{
  static const char * const pieces[] = {
    "a", "Z", " ", "\t", "\r\n", "\n", "\xe3\x80\x80", "政", "务", "《", "》", "（", "、",
    "\xc3\xa9", "e", "\xcc\x81", "\xcc\xa3", "\xef\xa4\x80", "\xe1\x84\x80",
    "\xe1\x85\xa1", "\xea\xb0\x80", "\xe3\x80\xaa", "\xe2\x80\x8b", "\xc2\xa0",
    "\xef\xbc\x92", "\xe2\x84\xab", "\xf0\x9f\x98\x80", "1",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (54);

  for (guint round = 0; round < 5000; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *once = NULL;
      g_autofree char *twice = NULL;
      g_autofree char *nfc = NULL;
      guint n = (guint) g_rand_int_range (rand, 0, 12);

      for (guint i = 0; i < n; i++)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

      once = gk_text_normalize (text->str);
      twice = gk_text_normalize (once);
      nfc = g_utf8_normalize (once, -1, G_NORMALIZE_NFC);
      g_assert_cmpstr (once, ==, twice);
      g_assert_cmpstr (once, ==, nfc);
      g_assert_true (is_trimmed (once));
      g_assert_null (strstr (once, "\r\n"));
    }
}

/* Items share the storage of equal texts (gk-item.c): changing one item
 * must never show in another. */
static void
test_item_shared_texts (void)
{
  g_autoptr(GkItem) a = gk_item_new ("01");
  g_autoptr(GkItem) b = gk_item_new ("01");
  g_autoptr(GkItem) c = NULL;
  const char *levels[] = { "县级", "乡级", "县级", NULL };

  gk_item_set_text (a, GK_FIELD_SUBJECT, "县自然资源局");
  gk_item_set_text (b, GK_FIELD_SUBJECT, " 县自然资源局 ");
  gk_item_set_levels (a, levels);
  gk_item_set_levels (b, levels);
  c = gk_item_duplicate (a);
  g_assert_cmpstr (gk_item_get_text (b, GK_FIELD_SUBJECT), ==, "县自然资源局");

  gk_item_set_text (a, GK_FIELD_SUBJECT, "县住房和城乡建设局");
  gk_item_set_levels (a, NULL);
  g_assert_cmpstr (gk_item_get_text (b, GK_FIELD_SUBJECT), ==, "县自然资源局");
  g_assert_cmpstr (gk_item_get_text (c, GK_FIELD_SUBJECT), ==, "县自然资源局");
  g_assert_cmpuint (g_strv_length ((char **) gk_item_get_levels (b)), ==, 2);
  g_assert_cmpuint (g_strv_length ((char **) gk_item_get_levels (c)), ==, 2);

  g_clear_object (&b);
  g_assert_cmpstr (gk_item_get_text (c, GK_FIELD_SUBJECT), ==, "县自然资源局");
  gk_item_copy_from (a, c);
  g_clear_object (&c);
  g_assert_cmpstr (gk_item_get_text (a, GK_FIELD_SUBJECT), ==, "县自然资源局");
  g_assert_true (gk_item_has_level (a, "乡级"));
  gk_item_set_text (a, GK_FIELD_SUBJECT, "");
  g_assert_cmpstr (gk_item_get_text (a, GK_FIELD_SUBJECT), ==, "");
}

static gpointer
churn_shared_texts (gpointer data)
{
  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(GkItem) item = gk_item_new ("01");

      gk_item_set_text (item, GK_FIELD_SUBJECT, "县自然资源局");
      gk_item_set_text (item, GK_FIELD_BASIS, i % 2 ? "《城乡规划法》" : "《土地管理法》");
      if (strcmp (gk_item_get_text (item, GK_FIELD_SUBJECT), "县自然资源局") != 0)
        return GINT_TO_POINTER (FALSE);
    }

  return GINT_TO_POINTER (TRUE);
}

/* The store's worker makes items while the main thread edits and frees
 * others: the last reference to a shared text can go on one thread while
 * another asks for the same text. */
static void
test_item_shared_threads (void)
{
  GThread *threads[3];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("churn", churn_shared_texts, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

static void
test_domain_lookup (void)
{
  const GkDomain *d;

  d = gk_domain_lookup ("01");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->name, ==, "国土空间规划");
  g_assert_cmpint (gk_domain_get_index (d), ==, 0);

  g_assert_true (gk_domain_lookup ("1") == d);
  g_assert_true (gk_domain_lookup ("国土空间规划") == d);
  g_assert_true (gk_domain_lookup ("城乡规划") == d);
  g_assert_true (gk_domain_lookup (" 自然资源\xe3\x80\x80") == d);

  d = gk_domain_lookup ("社保");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->code, ==, "19");
  g_assert_cmpstr (gk_domain_lookup ("特困人员救助供养")->code, ==, "20");
  g_assert_cmpstr (gk_domain_lookup ("26")->name, ==, "市政服务");

  g_assert_null (gk_domain_lookup (NULL));
  g_assert_null (gk_domain_lookup (""));
  g_assert_null (gk_domain_lookup ("00"));
  g_assert_null (gk_domain_lookup ("27"));
  g_assert_null (gk_domain_lookup ("001"));
  g_assert_null (gk_domain_lookup ("国土"));
  g_assert_null (gk_domain_lookup ("城乡规划;自然资源"));

  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      const GkDomain *nth = gk_domain_get_nth (i);

      g_assert_nonnull (nth);
      g_assert_cmpint (gk_domain_get_index (nth), ==, (int) i);
      g_assert_true (gk_domain_lookup (nth->code) == nth);
      g_assert_true (gk_domain_lookup (nth->name) == nth);
      g_assert_cmpstr (nth->typical_subject, !=, "");
    }
  g_assert_null (gk_domain_get_nth (GK_N_DOMAINS));
}

static void
test_channel_lookup (void)
{
  struct
  {
    const char *text;
    GkChannel   channel;
  } cases[] = {
    { "政府网站", GK_CHANNEL_WEBSITE },
    { "县政府门户网站", GK_CHANNEL_WEBSITE },
    { "部门网站", GK_CHANNEL_WEBSITE },
    { "政务新媒体", GK_CHANNEL_NEW_MEDIA },
    { "发布会", GK_CHANNEL_HEARING },
    { "纸质载体", GK_CHANNEL_PRINT },
    { " 行政服务中心 ", GK_CHANNEL_SERVICE_CENTER },
    { "社区/企事业单位、村公示栏（电子屏）", GK_CHANNEL_NOTICE_BOARD },
    { "其他", GK_CHANNEL_OTHER },
    { "其他（需写明，如：12345政务服务热线、投资项目在线审批监管平台、征地信息公开平台、"
      "法律服务网、国家企业信用信息公示系统、基层公共服务平台）", GK_CHANNEL_OTHER },
    { "其他（法律服务网）", GK_CHANNEL_OTHER },
  };
  GkChannel channel;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      channel = GK_N_CHANNELS;
      g_assert_true (gk_channel_lookup (cases[i].text, &channel));
      g_assert_cmpint (channel, ==, cases[i].channel);
    }
  for (guint i = 0; i < GK_N_CHANNELS; i++)
    {
      g_assert_true (gk_channel_lookup (gk_channel_get_name (i), &channel));
      g_assert_cmpint (channel, ==, i);
    }
  g_assert_false (gk_channel_lookup ("微博", &channel));
  g_assert_false (gk_channel_lookup ("", &channel));
  g_assert_false (gk_channel_lookup (NULL, &channel));
  g_assert_null (gk_channel_get_name (GK_N_CHANNELS));
}

static void
test_fields (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (GK_TYPE_FIELD);

  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      GkField field;

      g_assert_true (gk_field_from_key (gk_field_get_key (i), &field));
      g_assert_cmpint (field, ==, i);
      g_assert_nonnull (gk_field_get_label (i));
      g_assert_cmpstr (gk_field_get_label (i), !=, "");
      g_assert_nonnull (g_enum_get_value (klass, (int) i));
    }
  g_assert_cmpstr (gk_field_get_key (GK_FIELD_TIME_LIMIT), ==, "time_limit");
  g_assert_cmpstr (gk_field_get_key (GK_FIELD_AUDIENCE_DESC), ==, "audience_desc");
  g_assert_false (gk_field_from_key ("id", NULL));
  g_assert_false (gk_field_from_key (NULL, NULL));
  g_assert_true (gk_field_is_text (GK_FIELD_BASIS));
  g_assert_false (gk_field_is_text (GK_FIELD_DOMAIN));
  g_assert_false (gk_field_is_text (GK_FIELD_CHANNELS));
  g_assert_false (gk_field_is_text (GK_FIELD_LEVELS));
}

static void
test_item_new (void)
{
  g_autoptr(GkItem) a = gk_item_new ("城乡规划");
  g_autoptr(GkItem) b = gk_item_new ("01");

  g_assert_true (g_uuid_string_is_valid (gk_item_get_id (a)));
  g_assert_cmpstr (gk_item_get_id (a), !=, gk_item_get_id (b));
  g_assert_cmpstr (gk_item_get_text (a, GK_FIELD_DOMAIN), ==, "01");
  g_assert_cmpstr (gk_item_get_text (a, GK_FIELD_CONTENT), ==, "");
  g_assert_cmpuint (gk_item_get_channels (a), ==, 0);
  g_assert_nonnull (gk_item_get_levels (a));
  g_assert_null (gk_item_get_levels (a)[0]);
  g_assert_cmpint (gk_item_get_created (a), >, 0);
  g_assert_cmpint (gk_item_get_created (a), ==, gk_item_get_modified (a));
  g_assert_finalize_object (g_steal_pointer (&a));
  g_assert_finalize_object (g_steal_pointer (&b));
}

static void
test_item_changed (void)
{
  g_autoptr(GkItem) item = gk_item_new ("05");
  const char * const levels[] = { "县级", " 乡级 ", "县级", "", NULL };
  const char * const same_levels[] = { "县级", "乡级", NULL };
  Changes changes = { 0 };

  g_signal_connect (item, "changed", G_CALLBACK (item_changed_cb), &changes);

  gk_item_set_text (item, GK_FIELD_BASIS, "  《条例》\xe3\x80\x80");
  g_assert_cmpuint (changes.n_changes, ==, 1);
  g_assert_cmpint (changes.last_field, ==, GK_FIELD_BASIS);
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_BASIS), ==, "《条例》");

  /* The same value, however it is spelled, is no change. */
  gk_item_set_text (item, GK_FIELD_BASIS, "《条例》");
  gk_item_set_text (item, GK_FIELD_BASIS, "《条例》 ");
  gk_item_set_text (item, GK_FIELD_DOMAIN, "安全生产");
  gk_item_set_text (item, GK_FIELD_DOMAIN, "应急管理");
  g_assert_cmpuint (changes.n_changes, ==, 1);

  gk_item_set_text (item, GK_FIELD_CONTENT, "e\xcc\x81");
  gk_item_set_text (item, GK_FIELD_CONTENT, "\xc3\xa9");
  g_assert_cmpuint (changes.per_field[GK_FIELD_CONTENT], ==, 1);

  gk_item_set_text (item, GK_FIELD_DOMAIN, "社保");
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_DOMAIN), ==, "19");
  g_assert_cmpuint (changes.per_field[GK_FIELD_DOMAIN], ==, 1);

  gk_item_set_channels (item, 1u << GK_CHANNEL_WEBSITE | 1u << GK_CHANNEL_OTHER);
  gk_item_set_channels (item, 1u << GK_CHANNEL_WEBSITE | 1u << GK_CHANNEL_OTHER | 1u << 30);
  g_assert_cmpuint (changes.per_field[GK_FIELD_CHANNELS], ==, 1);
  g_assert_cmpuint (gk_item_get_channels (item), ==,
                    1u << GK_CHANNEL_WEBSITE | 1u << GK_CHANNEL_OTHER);

  gk_item_set_audience (item, GK_AUDIENCE_PUBLIC);
  gk_item_set_audience (item, GK_AUDIENCE_PUBLIC);
  gk_item_set_method (item, GK_METHOD_PROACTIVE | GK_METHOD_ON_REQUEST);
  gk_item_set_method (item, GK_METHOD_PROACTIVE | GK_METHOD_ON_REQUEST);
  g_assert_cmpuint (changes.per_field[GK_FIELD_AUDIENCE], ==, 1);
  g_assert_cmpuint (changes.per_field[GK_FIELD_METHOD], ==, 1);

  gk_item_set_levels (item, levels);
  g_assert_cmpuint (changes.per_field[GK_FIELD_LEVELS], ==, 1);
  g_assert_true (g_strv_equal (gk_item_get_levels (item), same_levels));
  gk_item_set_levels (item, same_levels);
  g_assert_cmpuint (changes.per_field[GK_FIELD_LEVELS], ==, 1);
  g_assert_true (gk_item_has_level (item, "乡级"));
  g_assert_false (gk_item_has_level (item, "村级"));
  gk_item_set_levels (item, NULL);
  g_assert_cmpuint (changes.per_field[GK_FIELD_LEVELS], ==, 2);
  g_assert_null (gk_item_get_levels (item)[0]);

  /* Bookkeeping is no change of content. */
  gk_item_set_position (item, 7);
  gk_item_set_times (item, 1, 2);
  g_assert_cmpuint (changes.n_changes, ==, 8);
  g_assert_cmpint (gk_item_get_position (item), ==, 7);
  g_assert_cmpint (gk_item_get_modified (item), ==, 2);

  g_assert_finalize_object (g_steal_pointer (&item));
}

static GkItem *
make_full_item (void)
{
  const char * const levels[] = { "县级", "乡级", NULL };
  GkItem *item = gk_item_new ("20");

  gk_item_set_text (item, GK_FIELD_LEVEL1, "最低生活保障");
  gk_item_set_text (item, GK_FIELD_LEVEL2, "办事指南");
  gk_item_set_text (item, GK_FIELD_LEVEL3, "城市低保");
  gk_item_set_text (item, GK_FIELD_CODE, "20-01");
  gk_item_set_text (item, GK_FIELD_CONTENT, "Application Conditions 办理条件");
  gk_item_set_text (item, GK_FIELD_BASIS, "《社会救助暂行办法》");
  gk_item_set_text (item, GK_FIELD_TIME_LIMIT, "信息形成或者变更之日起20个工作日内");
  gk_item_set_text (item, GK_FIELD_SUBJECT, "民政局");
  gk_item_set_channels (item, 1u << GK_CHANNEL_WEBSITE | 1u << GK_CHANNEL_OTHER);
  gk_item_set_text (item, GK_FIELD_CHANNEL_OTHER, "12345热线");
  gk_item_set_audience (item, GK_AUDIENCE_PUBLIC | GK_AUDIENCE_SPECIFIC);
  gk_item_set_text (item, GK_FIELD_AUDIENCE_DESC, "低保对象");
  gk_item_set_method (item, GK_METHOD_PROACTIVE);
  gk_item_set_levels (item, levels);
  gk_item_set_text (item, GK_FIELD_WEB_COLUMN, "社会救助");
  gk_item_set_text (item, GK_FIELD_WEB_URL, "https://example.org/dibao");
  gk_item_set_text (item, GK_FIELD_NOTES, "备注");
  gk_item_set_position (item, 3);
  gk_item_set_times (item, 1000, 2000);

  return item;
}

static void
test_item_domain (void)
{
  g_autoptr(GkItem) item = gk_item_new (NULL);
  g_autoptr(GkItem) other = gk_item_new ("社保");
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();

  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_DOMAIN), ==, "");

  /* Only known domains: a catalog must always be able to read its file. */
  g_test_expect_message ("Gongkai-Model", G_LOG_LEVEL_CRITICAL, "*assertion*");
  gk_item_set_text (item, GK_FIELD_DOMAIN, "27");
  g_test_assert_expected_messages ();
  g_test_expect_message ("Gongkai-Model", G_LOG_LEVEL_CRITICAL, "*assertion*");
  gk_item_set_text (other, GK_FIELD_DOMAIN, " ");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (gk_item_get_text (other, GK_FIELD_DOMAIN), ==, "19");

  g_test_expect_message ("Gongkai-Model", G_LOG_LEVEL_CRITICAL, "*assertion*");
  gk_catalog_add_item (catalog, item);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, 0);

  /* A domain-less item copied over keeps the domain. */
  gk_item_copy_from (other, item);
  g_assert_cmpstr (gk_item_get_text (other, GK_FIELD_DOMAIN), ==, "19");

  g_test_expect_message ("Gongkai-Model", G_LOG_LEVEL_CRITICAL, "*unknown domain*");
  g_clear_object (&item);
  item = gk_item_new ("no such domain");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_DOMAIN), ==, "");
}

/* During copy_from() every handler sees the finished copy. */
static void
copy_seen_cb (GkItem  *item,
              GkField  field,
              GkItem  *original)
{
  g_assert_true (gk_item_content_equal (item, original));
}

static void
test_item_duplicate (void)
{
  g_autoptr(GkItem) item = make_full_item ();
  g_autoptr(GkItem) copy = gk_item_duplicate (item);
  g_autoptr(GkItem) same = NULL;
  Changes changes = { 0 };

  g_assert_cmpstr (gk_item_get_id (copy), !=, gk_item_get_id (item));
  g_assert_true (g_uuid_string_is_valid (gk_item_get_id (copy)));
  g_assert_true (gk_item_content_equal (copy, item));
  g_assert_false (gk_item_equal (copy, item));
  g_assert_cmpint (gk_item_get_position (copy), ==, 3);
  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      if (gk_field_is_text (i) || i == GK_FIELD_DOMAIN)
        g_assert_cmpstr (gk_item_get_text (copy, i), ==, gk_item_get_text (item, i));
    }

  /* copy_from() copies all but the id; with the same id that is equality. */
  same = gk_item_new_with_id (gk_item_get_id (item), NULL);
  g_assert_false (gk_item_equal (same, item));
  g_signal_connect (same, "changed", G_CALLBACK (item_changed_cb), &changes);
  g_signal_connect (same, "changed", G_CALLBACK (copy_seen_cb), item);
  gk_item_copy_from (same, item);
  g_assert_true (gk_item_equal (same, item));
  g_assert_cmpint (gk_item_get_created (same), ==, 1000);
  g_assert_cmpint (gk_item_get_modified (same), ==, 2000);
  g_assert_cmpuint (changes.per_field[GK_FIELD_CONTENT], ==, 1);
  g_assert_cmpuint (changes.per_field[GK_FIELD_LEVELS], ==, 1);
  g_assert_cmpuint (changes.n_changes, ==, 18);

  gk_item_copy_from (same, item);
  g_assert_cmpuint (changes.n_changes, ==, 18);

  g_signal_handlers_disconnect_by_func (same, copy_seen_cb, item);
  gk_item_set_text (same, GK_FIELD_NOTES, "");
  g_assert_false (gk_item_equal (same, item));
  g_assert_false (gk_item_content_equal (same, item));

  g_assert_finalize_object (g_steal_pointer (&copy));
  g_assert_finalize_object (g_steal_pointer (&same));
  g_assert_finalize_object (g_steal_pointer (&item));
}

/* The department is metadata like the position: not a field, no signal,
 * copied with the item, not given to a duplicate. Fields are compared and
 * copied one by one, whatever their kind. */
static void
test_item_dept_and_fields (void)
{
  g_autoptr(GkItem) item = make_full_item ();
  g_autoptr(GkItem) other = gk_item_new ("01");
  g_autoptr(GkItem) copy = NULL;
  Changes changes = { 0 };

  g_assert_cmpstr (gk_item_get_dept (item), ==, "");
  g_signal_connect (item, "changed", G_CALLBACK (item_changed_cb), &changes);
  gk_item_set_dept (item, "dept-7");
  g_assert_cmpuint (changes.n_changes, ==, 0);
  g_assert_cmpstr (gk_item_get_dept (item), ==, "dept-7");

  copy = gk_item_duplicate (item);
  g_assert_cmpstr (gk_item_get_dept (copy), ==, "");
  g_clear_object (&copy);
  copy = gk_item_new_with_id (gk_item_get_id (item), NULL);
  gk_item_copy_from (copy, item);
  g_assert_true (gk_item_equal (copy, item));
  gk_item_set_dept (copy, NULL);
  g_assert_false (gk_item_equal (copy, item));
  g_assert_true (gk_item_content_equal (copy, item));

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      g_assert_false (gk_item_field_equal (other, item, f));
      gk_item_copy_field (other, item, f);
      g_assert_true (gk_item_field_equal (other, item, f));
    }
  g_assert_true (gk_item_content_equal (other, item));
  g_assert_cmpuint (changes.n_changes, ==, 0);
}

static gboolean
matches (GkItem     *item,
         const char *needle)
{
  g_autofree char *folded = g_utf8_casefold (needle, -1);

  return gk_item_matches (item, folded);
}

static void
test_item_matches (void)
{
  g_autoptr(GkItem) item = make_full_item ();

  g_assert_true (gk_item_matches (item, NULL));
  g_assert_true (gk_item_matches (item, ""));
  g_assert_true (matches (item, "application conditions"));
  g_assert_true (matches (item, "APPLICATION"));
  g_assert_true (matches (item, "办理条件"));
  g_assert_true (matches (item, "低保对象"));
  g_assert_true (matches (item, "政府网站"));   /* channel name */
  g_assert_true (matches (item, "其他"));
  g_assert_true (matches (item, "乡级"));       /* level */
  g_assert_true (matches (item, "社会救助"));   /* domain name */
  g_assert_true (matches (item, "example.org"));
  g_assert_false (matches (item, "两微一端"));
  g_assert_false (matches (item, "特困"));

  /* The cache follows changes. */
  gk_item_set_text (item, GK_FIELD_CONTENT, "Something else");
  g_assert_false (matches (item, "application"));
  g_assert_true (matches (item, "something"));
  gk_item_set_channels (item, 1u << GK_CHANNEL_NEW_MEDIA);
  g_assert_true (matches (item, "两微一端"));
  g_assert_false (matches (item, "政府网站"));
}

static void
test_item_title (void)
{
  g_autoptr(GkItem) item = gk_item_new ("01");
  g_autofree char *untitled = gk_item_dup_title (item);
  g_autofree char *level1 = NULL;
  g_autofree char *level2 = NULL;

  g_assert_cmpstr (untitled, !=, "");
  gk_item_set_text (item, GK_FIELD_LEVEL1, "政策文件");
  level1 = gk_item_dup_title (item);
  g_assert_cmpstr (level1, ==, "政策文件");
  gk_item_set_text (item, GK_FIELD_LEVEL2, "政策解读");
  level2 = gk_item_dup_title (item);
  g_assert_cmpstr (level2, ==, "政策解读");
}

static void
count_cb (GkCatalog *catalog,
          GkItem    *item,
          guint     *count)
{
  g_assert_true (GK_IS_ITEM (item));
  (*count)++;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_catalog (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkItem) a = gk_item_new ("01");
  g_autoptr(GkItem) b = gk_item_new ("01");
  g_autoptr(GkItem) c = gk_item_new ("02");
  g_autoptr(GPtrArray) items = NULL;
  const char * const default_levels[] = { "县级", "乡级", NULL };
  const char * const levels[] = { "县级", "乡、村级", NULL };
  guint added = 0, removed = 0, notified = 0;

  g_assert_true (g_strv_equal (gk_catalog_get_levels (catalog), default_levels));
  g_assert_cmpint (gk_catalog_get_unit_kind (catalog), ==, GK_UNIT_COUNTY);
  g_assert_cmpstr (gk_catalog_get_unit_name (catalog), ==, "");

  g_signal_connect (catalog, "item-added", G_CALLBACK (count_cb), &added);
  g_signal_connect (catalog, "item-removed", G_CALLBACK (count_cb), &removed);
  g_signal_connect (catalog, "notify", G_CALLBACK (notify_cb), &notified);

  gk_item_set_position (a, 5);
  gk_item_set_position (b, 1);
  gk_catalog_add_item (catalog, a);
  gk_catalog_add_item (catalog, b);
  gk_catalog_add_item (catalog, c);
  g_assert_cmpuint (added, ==, 3);
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, 3);
  g_assert_true (gk_catalog_get_item (catalog, 0) == a);
  g_assert_null (gk_catalog_get_item (catalog, 3));
  g_assert_true (gk_catalog_lookup_item (catalog, gk_item_get_id (c)) == c);
  g_assert_null (gk_catalog_lookup_item (catalog, "nope"));

  items = gk_catalog_dup_domain_items (catalog, "01");
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_true (g_ptr_array_index (items, 0) == b);
  g_assert_true (g_ptr_array_index (items, 1) == a);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = gk_catalog_dup_domain_items (catalog, "国土空间规划");
  g_assert_cmpuint (items->len, ==, 2);
  g_clear_pointer (&items, g_ptr_array_unref);

  /* Ids are UUIDs: any case finds the item. */
  {
    g_autofree char *upper = g_ascii_strup (gk_item_get_id (b), -1);

    g_assert_true (gk_catalog_lookup_item (catalog, upper) == b);
    g_assert_true (gk_catalog_remove_item (catalog, upper));
  }
  g_assert_false (gk_catalog_remove_item (catalog, gk_item_get_id (b)));
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (gk_catalog_get_n_items (catalog), ==, 2);
  g_assert_null (gk_catalog_lookup_item (catalog, gk_item_get_id (b)));

  gk_catalog_set_unit_name (catalog, " 某某县人民政府 ");
  gk_catalog_set_unit_name (catalog, "某某县人民政府");
  g_assert_cmpstr (gk_catalog_get_unit_name (catalog), ==, "某某县人民政府");
  gk_catalog_set_unit_kind (catalog, GK_UNIT_TOWNSHIP);
  gk_catalog_set_unit_kind (catalog, GK_UNIT_TOWNSHIP);
  gk_catalog_set_label (catalog, "2024");
  gk_catalog_set_levels (catalog, levels);
  gk_catalog_set_levels (catalog, levels);
  g_assert_cmpuint (notified, ==, 4);
  g_assert_true (g_strv_equal (gk_catalog_get_levels (catalog), levels));

  g_clear_object (&catalog);
  g_assert_finalize_object (g_steal_pointer (&a));
  g_assert_finalize_object (g_steal_pointer (&b));
  g_assert_finalize_object (g_steal_pointer (&c));
}

static void
test_unit_kind (void)
{
  for (GkUnitKind kind = GK_UNIT_COUNTY; kind <= GK_UNIT_VILLAGE; kind++)
    {
      GkUnitKind back;

      g_assert_true (gk_unit_kind_from_key (gk_unit_kind_get_key (kind), &back));
      g_assert_cmpint (back, ==, kind);
      g_assert_cmpstr (gk_unit_kind_get_label (kind), !=, "");
    }
  g_assert_false (gk_unit_kind_from_key ("city", NULL));
  g_assert_false (gk_unit_kind_from_key (NULL, NULL));
}

static void
test_starter_rows (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkItem) existing = gk_item_new ("05");
  g_autoptr(GPtrArray) items = NULL;
  const char * const levels[] = { "县级", "乡、村级", NULL };
  const char *policy[] = { "法律法规", "部门规章和规范性文件", "政策解读" };

  gk_catalog_set_levels (catalog, levels);
  gk_catalog_set_unit_name (catalog, "某某县应急管理局");
  gk_item_set_position (existing, 10);
  gk_catalog_add_item (catalog, existing);
  gk_catalog_add_starter_rows (catalog, "05");

  items = gk_catalog_dup_domain_items (catalog, "05");
  g_assert_cmpuint (items->len, >, 4);
  g_assert_true (g_ptr_array_index (items, 0) == existing);
  for (guint i = 1; i < items->len; i++)
    {
      GkItem *item = g_ptr_array_index (items, i);

      g_assert_cmpint (gk_item_get_position (item), >,
                       gk_item_get_position (g_ptr_array_index (items, i - 1)));
      g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_DOMAIN), ==, "05");
      g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_LEVEL1), !=, "");
      g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_CONTENT), ==, "");
      /* The unit publishes its own catalog. */
      g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_SUBJECT), ==, "某某县应急管理局");
      g_assert_true (gk_catalog_is_untouched_draft (catalog, item));
      g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_BASIS), ==,
                       "《中华人民共和国政府信息公开条例》");
      g_assert_cmpuint (gk_item_get_channels (item), ==, 1u << GK_CHANNEL_WEBSITE);
      g_assert_cmpint (gk_item_get_audience (item), ==, GK_AUDIENCE_PUBLIC);
      g_assert_cmpint (gk_item_get_method (item), ==, GK_METHOD_PROACTIVE);
      g_assert_true (g_strv_equal (gk_item_get_levels (item), levels));
      if (i <= 3)
        {
          g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_LEVEL1), ==, "政策文件");
          g_assert_cmpstr (gk_item_get_text (item, GK_FIELD_LEVEL2), ==, policy[i - 1]);
        }
    }

  g_assert_false (gk_catalog_is_untouched_draft (catalog, existing));

  /* Every domain gets at least the policy rows. */
  for (guint d = 0; d < GK_N_DOMAINS; d++)
    {
      g_autoptr(GPtrArray) rows = NULL;
      const GkDomain *domain = gk_domain_get_nth (d);

      gk_catalog_add_starter_rows (catalog, domain->code);
      rows = gk_catalog_dup_domain_items (catalog, domain->code);
      g_assert_cmpuint (rows->len, >=, 3);
    }
}

/* Only the domains asked for; a catalog without a unit yet gives the rows
 * the domain's usual owner. */
static void
test_starter_domains (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GPtrArray) education = NULL;
  g_autoptr(GPtrArray) health = NULL;

  gk_catalog_add_starter_domains (catalog, GK_DOMAIN_SET (23) | GK_DOMAIN_SET (24));
  education = gk_catalog_dup_domain_items (catalog, "24");
  health = gk_catalog_dup_domain_items (catalog, "25");
  g_assert_cmpuint (education->len + health->len, ==, gk_catalog_get_n_items (catalog));
  g_assert_cmpuint (education->len, >=, 3);
  g_assert_cmpuint (health->len, >=, 3);
  g_assert_cmpstr (gk_item_get_text (education->pdata[0], GK_FIELD_SUBJECT), ==, "教育局");
  g_assert_cmpstr (gk_item_get_text (health->pdata[0], GK_FIELD_SUBJECT), ==, "卫生健康局");

  gk_catalog_add_starter_domains (catalog, GK_DOMAIN_SET_ALL);
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      g_autoptr(GPtrArray) items = gk_catalog_dup_domain_items (catalog,
                                                                gk_domain_get_nth (i)->code);

      g_assert_cmpuint (items->len, >=, 3);
    }
}

/* A draft is a draft while every field is as it was made: derived from
 * the item, so it survives a save and a restart with no flag. */
static void
test_untouched_draft (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkItem) copy = NULL;
  GkItem *draft;

  gk_catalog_set_unit_name (catalog, "某某县教育局");
  gk_catalog_add_starter_rows (catalog, "24");
  draft = gk_catalog_get_item (catalog, 0);
  g_assert_true (gk_catalog_is_untouched_draft (catalog, draft));

  /* Each field the user may change makes it an item like the others. */
  for (GkField field = 0; field < GK_N_FIELDS; field++)
    {
      g_autoptr(GkItem) changed = gk_item_duplicate (draft);

      switch (gk_field_get_kind (field))
        {
        case GK_FIELD_KIND_CHANNELS:
          gk_item_set_channels (changed, gk_item_get_channels (draft) | 1u << GK_CHANNEL_GAZETTE);
          break;
        case GK_FIELD_KIND_AUDIENCE:
          gk_item_set_audience (changed, GK_AUDIENCE_SPECIFIC);
          break;
        case GK_FIELD_KIND_METHOD:
          gk_item_set_method (changed, GK_METHOD_ON_REQUEST);
          break;
        case GK_FIELD_KIND_LEVELS:
          gk_item_set_levels (changed, (const char * const[]) { "县级", NULL });
          break;
        case GK_FIELD_KIND_CODE:
          /* Moved to another domain, it is that domain's draft (the
           * policy rows open every domain). */
          continue;
        default:
          gk_item_set_text (changed, field, "改过");
        }
      g_assert_false (gk_catalog_is_untouched_draft (catalog, changed));
    }

  /* Changed back, it is the draft it was; as earlier versions made it,
   * with the domain's usual owner, too. */
  copy = gk_item_duplicate (draft);
  gk_item_set_text (copy, GK_FIELD_CONTENT, "招生范围");
  gk_item_set_text (copy, GK_FIELD_CONTENT, "");
  g_assert_true (gk_catalog_is_untouched_draft (catalog, copy));
  gk_item_set_text (copy, GK_FIELD_SUBJECT, "教育局");
  g_assert_true (gk_catalog_is_untouched_draft (catalog, copy));

  /* Another unit's name is a change. */
  gk_catalog_set_unit_name (catalog, "某某县教育和体育局");
  g_assert_false (gk_catalog_is_untouched_draft (catalog, draft));
}

typedef struct
{
  const char  *name;
  GkUnitKind   kind;
  const char  *domains;  /* codes, or "all" */
} UnitCase;

/* The domains the first run suggests from a unit's name and kind. */
static void
test_suggest_domains (void)
{
  static const UnitCase cases[] = {
    { "某某县教育局", GK_UNIT_DEPARTMENT, "24" },
    { "某某县教育局", GK_UNIT_COUNTY, "24" },
    { "某某县教育和体育局", GK_UNIT_DEPARTMENT, "24" },
    { "某某县发改局", GK_UNIT_DEPARTMENT, "02" },
    { "某某县住建局", GK_UNIT_DEPARTMENT, "08 09 10 26" },
    { "某某县人社局", GK_UNIT_DEPARTMENT, "18 19" },
    { "某某县市场监管局", GK_UNIT_DEPARTMENT, "16" },
    { "某某县应急局", GK_UNIT_DEPARTMENT, "05 15" },
    { "某某县文化广电和旅游局", GK_UNIT_DEPARTMENT, "12" },
    { "某某县自然资源和规划局", GK_UNIT_DEPARTMENT, "01 07" },
    { "某某县公共资源交易中心", GK_UNIT_DEPARTMENT, "03" },
    { "文安县公安局", GK_UNIT_DEPARTMENT, "22" },
    { "某某县卫健局", GK_UNIT_DEPARTMENT, "25" },
    /* Not an owner: the user ticks the domains. */
    { "某某县档案局", GK_UNIT_DEPARTMENT, "" },
    { "安民县政务服务管理局", GK_UNIT_DEPARTMENT, "" },
    /* Governments publish in every domain. */
    { "某某县人民政府", GK_UNIT_COUNTY, "all" },
    { "城关镇人民政府", GK_UNIT_TOWNSHIP, "all" },
    { "某某街道办事处", GK_UNIT_TOWNSHIP, "all" },
    { "某某村民委员会", GK_UNIT_VILLAGE, "all" },
    { "", GK_UNIT_COUNTY, "all" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) codes = g_strsplit (cases[i].domains, " ", -1);
      GkDomainSet expected = 0;

      for (guint j = 0; codes[j] != NULL; j++)
        {
          if (g_str_equal (codes[j], "all"))
            expected = GK_DOMAIN_SET_ALL;
          else if (*codes[j] != '\0')
            expected |= GK_DOMAIN_SET (gk_domain_get_index (gk_domain_lookup_code (codes[j])));
        }
      g_test_message ("%s", cases[i].name);
      g_assert_cmphex (gk_unit_suggest_domains (cases[i].name, cases[i].kind), ==, expected);
    }
}

/* The kind a name says, for the first run to set until the user does. */
static void
test_guess_kind (void)
{
  static const struct
  {
    const char *name;
    int         kind;  /* -1: none */
  } cases[] = {
    { "某某县教育局", GK_UNIT_DEPARTMENT },
    { "某某县乡村振兴局", GK_UNIT_DEPARTMENT },
    { "某某县档案局", GK_UNIT_DEPARTMENT },
    { "某某县人民政府", GK_UNIT_COUNTY },
    { "某某区", GK_UNIT_COUNTY },
    { "城关镇人民政府", GK_UNIT_TOWNSHIP },
    { "某某街道办事处", GK_UNIT_TOWNSHIP },
    { "某某乡", GK_UNIT_TOWNSHIP },
    { "某某村民委员会", GK_UNIT_VILLAGE },
    { "某某社区", GK_UNIT_VILLAGE },
    { "县", -1 },
    { "某某县人民政府办公室", -1 },
    { "", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GkUnitKind kind = GK_UNIT_COUNTY;
      gboolean said = gk_unit_guess_kind (cases[i].name, &kind);

      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (said, ==, cases[i].kind >= 0);
      if (said)
        g_assert_cmpint (kind, ==, cases[i].kind);
    }
}

/* New items get random (version 4) UUIDs in lower case, all different. */
static void
test_new_ids (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint hex_seen[36][16] = { { 0 } };

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GkItem) item = gk_item_new ("01");
      const char *id = gk_item_get_id (item);

      g_assert_true (g_uuid_string_is_valid (id));
      g_assert_cmpint (id[14], ==, '4');
      g_assert_nonnull (strchr ("89ab", id[19]));
      for (guint j = 0; j < 36; j++)
        {
          const char *digit = strchr ("0123456789abcdef", id[j]);

          if (j == 8 || j == 13 || j == 18 || j == 23)
            continue;
          g_assert_nonnull (digit);
          hex_seen[j][digit - "0123456789abcdef"]++;
        }
      g_assert_true (g_hash_table_add (seen, g_strdup (id)));
    }

  /* Every free digit takes every value: no byte is lost or repeated. */
  for (guint j = 0; j < 36; j++)
    {
      if (j == 8 || j == 13 || j == 18 || j == 23 || j == 14 || j == 19)
        continue;
      for (guint v = 0; v < 16; v++)
        g_assert_cmpuint (hex_seen[j][v], >, 0);
    }
}

static void
count_change_cb (GkCatalog *catalog,
                 GkItem    *item,
                 GkField    field,
                 gpointer   user_data)
{
  GPtrArray *seen = user_data;

  g_ptr_array_add (seen, item);
  g_ptr_array_add (seen, GINT_TO_POINTER (field));
}

/* The catalog reports each edit of its own items, and stops when it lets
 * an item go; a second catalog holding the same items (a snapshot) does
 * not take them over. */
static void
test_catalog_item_changed (void)
{
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GkCatalog) snapshot = gk_catalog_new ();
  g_autoptr(GkItem) item = gk_item_new ("01");
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  g_autoptr(GPtrArray) seen_by_snapshot = g_ptr_array_new ();

  g_signal_connect (catalog, "item-changed", G_CALLBACK (count_change_cb), seen);
  g_signal_connect (snapshot, "item-changed", G_CALLBACK (count_change_cb), seen_by_snapshot);
  gk_item_set_text (item, GK_FIELD_LEVEL1, "before");
  g_assert_cmpuint (seen->len, ==, 0);

  gk_catalog_add_item (catalog, item);
  gk_catalog_add_item (snapshot, item);
  gk_item_set_text (item, GK_FIELD_BASIS, "《条例》");
  gk_item_set_method (item, GK_METHOD_PROACTIVE);
  g_assert_cmpuint (seen->len, ==, 4);
  g_assert_true (seen->pdata[0] == item);
  g_assert_cmpint (GPOINTER_TO_INT (seen->pdata[1]), ==, GK_FIELD_BASIS);
  g_assert_cmpint (GPOINTER_TO_INT (seen->pdata[3]), ==, GK_FIELD_METHOD);
  g_assert_cmpuint (seen_by_snapshot->len, ==, 0);

  g_clear_object (&snapshot);
  gk_item_set_text (item, GK_FIELD_NOTES, "still followed");
  g_assert_cmpuint (seen->len, ==, 6);

  g_assert_true (gk_catalog_remove_item (catalog, gk_item_get_id (item)));
  gk_item_set_text (item, GK_FIELD_NOTES, "no longer");
  g_assert_cmpuint (seen->len, ==, 6);
  g_assert_finalize_object (g_steal_pointer (&catalog));
}

int
main (int   argc,
      char *argv[])
{
  gk_core_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/new-ids", test_new_ids);
  g_test_add_func ("/model/normalize", test_normalize);
  g_test_add_func ("/model/normalize-random", test_normalize_random);
  g_test_add_func ("/model/domain-lookup", test_domain_lookup);
  g_test_add_func ("/model/channel-lookup", test_channel_lookup);
  g_test_add_func ("/model/fields", test_fields);
  g_test_add_func ("/model/item/new", test_item_new);
  g_test_add_func ("/model/item/changed", test_item_changed);
  g_test_add_func ("/model/item/domain", test_item_domain);
  g_test_add_func ("/model/item/duplicate", test_item_duplicate);
  g_test_add_func ("/model/item/dept-and-fields", test_item_dept_and_fields);
  g_test_add_func ("/model/item/shared-texts", test_item_shared_texts);
  g_test_add_func ("/model/item/shared-threads", test_item_shared_threads);
  g_test_add_func ("/model/item/matches", test_item_matches);
  g_test_add_func ("/model/item/title", test_item_title);
  g_test_add_func ("/model/catalog", test_catalog);
  g_test_add_func ("/model/catalog/item-changed", test_catalog_item_changed);
  g_test_add_func ("/model/unit-kind", test_unit_kind);
  g_test_add_func ("/model/starter-rows", test_starter_rows);
  g_test_add_func ("/model/starter-rows/domains", test_starter_domains);
  g_test_add_func ("/model/starter-rows/untouched", test_untouched_draft);
  g_test_add_func ("/model/starter-rows/suggest", test_suggest_domains);
  g_test_add_func ("/model/unit-kind/guess", test_guess_kind);

  return g_test_run ();
}
