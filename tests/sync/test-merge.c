/* test-merge.c: the per-field three-way merge of sync (src/core/sync/gk-merge.c)
 *
 * Each rule of docs/sync-protocol.md by hand, then the merge's promises as
 * properties of thousands of random cases. The cases come from
 * g_test_rand_*(), seeded by the --seed that tests/sync/meson.build passes
 * and the TAP output prints; give another --seed=R02S… to try others, or
 * the printed one to repeat a run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gongkai-core.h"

#define ID "0b5a3c8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
#define N_CASES 4000
#define CHANNEL(name) (1u << GK_CHANNEL_##name)

static GkItem *
copy_item (GkItem *item)
{
  GkItem *copy = gk_item_new_with_id (gk_item_get_id (item), NULL);

  gk_item_copy_from (copy, item);

  return copy;
}

/* The rules by hand, on the item of docs/sync-protocol.md's examples, read
 * from its JSON form as the server reads what it keeps */

static const char sample_json[] =
  "{ \"id\": \"" ID "\", \"dept\": \"minzheng\", \"domain\": \"20\","
  "  \"level1\": \"最低生活保障\", \"level2\": \"审批结果\","
  "  \"content\": \"低保对象姓名、保障人数、保障金额\","
  "  \"basis\": \"《社会救助暂行办法》\","
  "  \"time_limit\": \"信息形成或者变更之日起20个工作日内\", \"subject\": \"县民政局\","
  "  \"channels\": [ \"政府网站\", \"社区/企事业单位/村公示栏（电子屏）\" ],"
  "  \"audience\": [ \"全社会\" ], \"method\": [ \"主动\" ],"
  "  \"levels\": [ \"县级\", \"乡级\" ] }";

static GkItem *
sample_item_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (sample_json, &error);
  GkItem *item;

  g_assert_no_error (error);
  item = gk_item_new_from_json (node, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmphex (gk_item_get_channels (item), ==, CHANNEL (WEBSITE) | CHANNEL (NOTICE_BOARD));

  return item;
}

/* A base and two copies for the hand-written cases to change. */
typedef struct
{
  GkItem *base;
  GkItem *mine;
  GkItem *theirs;
} Sides;

static void
sides_init (Sides *sides)
{
  sides->base = sample_item_new ();
  sides->mine = copy_item (sides->base);
  sides->theirs = copy_item (sides->base);
}

static void
sides_clear (Sides *sides)
{
  g_clear_object (&sides->base);
  g_clear_object (&sides->mine);
  g_clear_object (&sides->theirs);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sides, sides_clear)

static GkMergeResult *
merge_sides (Sides       *sides,
             GkFieldMask  fields)
{
  return gk_merge_edit (sides->base, sides->mine, fields, sides->theirs, FALSE);
}

static const char *
text_of (GkItem  *item,
         GkField  field)
{
  return gk_item_get_text (item, field);
}

/* The rules on one text field, whose base value is 县民政局. A mine of
 * NULL is not sent, though mine's item holds another value. Converging
 * compares values as the core keeps them (NFC, trimmed). */
typedef struct
{
  const char    *path;
  const char    *theirs;
  const char    *mine;
  const char    *expected;
  GkMergeStatus  status;
} TextRule;

static const TextRule text_rules[] = {
  { "/sync/merge/rule/unsent", "县政府", NULL, "县政府", GK_MERGE_NOOP },
  { "/sync/merge/rule/converged", "\xc3\xa9 民政局", " e\xcc\x81 民政局\xe3\x80\x80",
    "\xc3\xa9 民政局", GK_MERGE_NOOP },
  { "/sync/merge/rule/take-mine", "县民政局", "县民政局办公室", "县民政局办公室",
    GK_MERGE_APPLIED },
  { "/sync/merge/rule/keep-theirs", "县政府", "县民政局", "县政府", GK_MERGE_NOOP },
  { "/sync/merge/rule/conflict", "县政府", "县民政局办公室", "县政府", GK_MERGE_CONFLICT },
};

static void
test_text_rule (gconstpointer data)
{
  const TextRule *rule = data;
  GkField field = GK_FIELD_SUBJECT;
  GkFieldMask mask = GK_FIELD_MASK (field);
  g_auto(Sides) sides = { NULL };
  g_autoptr(GkMergeResult) result = NULL;

  sides_init (&sides);
  gk_item_set_text (sides.theirs, field, rule->theirs);
  gk_item_set_text (sides.mine, field, rule->mine != NULL ? rule->mine : "没有发出的");
  result = merge_sides (&sides, rule->mine != NULL ? mask : 0);

  g_assert_cmpint (result->status, ==, rule->status);
  g_assert_cmpstr (text_of (result->item, field), ==, rule->expected);
  g_assert_cmpuint (result->changed, ==, rule->status == GK_MERGE_APPLIED ? mask : 0);
  g_assert_cmpuint (result->conflicts, ==, rule->status == GK_MERGE_CONFLICT ? mask : 0);
  g_assert_false (result->deleted);
}

/* Both changed a field to different values: theirs stays, the record keeps
 * all three, and mine's other fields are applied all the same. */
static void
test_conflict (void)
{
  g_auto(Sides) sides = { NULL };
  g_autoptr(GkMergeResult) result = NULL;
  GkField field = GK_FIELD_CONTENT;

  sides_init (&sides);
  gk_item_set_text (sides.theirs, field, "县里的内容");
  gk_item_set_text (sides.mine, field, "科室的内容");
  gk_item_set_text (sides.mine, GK_FIELD_NOTES, "科室的备注");
  result = merge_sides (&sides, GK_FIELD_MASK (field) | GK_FIELD_MASK (GK_FIELD_NOTES));

  g_assert_cmpint (result->status, ==, GK_MERGE_CONFLICT);
  g_assert_cmpint (result->conflict, ==, GK_MERGE_CONFLICT_FIELDS);
  g_assert_cmpuint (result->conflicts, ==, GK_FIELD_MASK (field));
  g_assert_cmpuint (result->changed, ==, GK_FIELD_MASK (GK_FIELD_NOTES));
  g_assert_false (result->deleted);
  g_assert_cmpstr (text_of (result->item, field), ==, "县里的内容");
  g_assert_cmpstr (text_of (result->item, GK_FIELD_NOTES), ==, "科室的备注");
  g_assert_cmpstr (text_of (result->base, field), ==, "低保对象姓名、保障人数、保障金额");
  g_assert_cmpstr (text_of (result->mine, field), ==, "科室的内容");
  g_assert_cmpstr (text_of (result->theirs, field), ==, "县里的内容");
}

/* Changes to different fields are both kept; the domain is a field too. */
static void
test_disjoint (void)
{
  g_auto(Sides) sides = { NULL };
  g_autoptr(GkMergeResult) result = NULL;
  GkFieldMask fields = GK_FIELD_MASK (GK_FIELD_TIME_LIMIT) | GK_FIELD_MASK (GK_FIELD_DOMAIN);

  sides_init (&sides);
  gk_item_set_text (sides.theirs, GK_FIELD_BASIS, "《社会救助暂行办法》第十条");
  gk_item_set_text (sides.mine, GK_FIELD_TIME_LIMIT, "20个工作日内");
  gk_item_set_text (sides.mine, GK_FIELD_DOMAIN, "19");
  result = merge_sides (&sides, fields);

  g_assert_cmpint (result->status, ==, GK_MERGE_MERGED);
  g_assert_cmpuint (result->changed, ==, fields);
  g_assert_cmpstr (gk_item_get_id (result->item), ==, ID);
  g_assert_cmpstr (text_of (result->item, GK_FIELD_BASIS), ==, "《社会救助暂行办法》第十条");
  g_assert_cmpstr (text_of (result->item, GK_FIELD_TIME_LIMIT), ==, "20个工作日内");
  g_assert_cmpstr (text_of (result->item, GK_FIELD_DOMAIN), ==, "19");
}

/* Channels: theirs drops 政府网站 and adds 纸质媒体; mine drops the notice
 * board and adds 两微一端 and 纸质媒体 too. All four changes hold. */
static void
test_channels (void)
{
  g_auto(Sides) sides = { NULL };
  g_autoptr(GkMergeResult) result = NULL;

  sides_init (&sides);
  gk_item_set_channels (sides.theirs, CHANNEL (NOTICE_BOARD) | CHANNEL (PRINT));
  gk_item_set_channels (sides.mine, CHANNEL (WEBSITE) | CHANNEL (NEW_MEDIA) | CHANNEL (PRINT));
  result = merge_sides (&sides, GK_FIELD_MASK (GK_FIELD_CHANNELS));

  g_assert_cmpint (result->status, ==, GK_MERGE_MERGED);
  g_assert_cmpuint (result->conflicts, ==, 0);
  g_assert_cmphex (gk_item_get_channels (result->item), ==,
                   CHANNEL (NEW_MEDIA) | CHANNEL (PRINT));
}

/* Two-flag sets: both add 特定群体 (converged); theirs switches the method
 * while mine adds the same new one (nothing left to change). */
static void
test_flags (void)
{
  g_auto(Sides) sides = { NULL };
  g_autoptr(GkMergeResult) result = NULL;
  GkFieldMask fields = GK_FIELD_MASK (GK_FIELD_AUDIENCE) | GK_FIELD_MASK (GK_FIELD_METHOD);

  sides_init (&sides);
  gk_item_set_audience (sides.theirs, GK_AUDIENCE_PUBLIC | GK_AUDIENCE_SPECIFIC);
  gk_item_set_audience (sides.mine, GK_AUDIENCE_PUBLIC | GK_AUDIENCE_SPECIFIC);
  gk_item_set_method (sides.theirs, GK_METHOD_ON_REQUEST);
  gk_item_set_method (sides.mine, GK_METHOD_PROACTIVE | GK_METHOD_ON_REQUEST);
  result = merge_sides (&sides, fields);

  g_assert_cmpint (result->status, ==, GK_MERGE_NOOP);
  g_assert_cmpuint (result->conflicts, ==, 0);
  g_assert_cmpuint (gk_item_get_audience (result->item), ==,
                    GK_AUDIENCE_PUBLIC | GK_AUDIENCE_SPECIFIC);
  g_assert_cmpuint (gk_item_get_method (result->item), ==, GK_METHOD_ON_REQUEST);
}

static void
assert_levels (GkItem     *item,
               const char *expected)
{
  g_autofree char *levels = g_strjoinv (",", (char **) gk_item_get_levels (item));

  g_assert_cmpstr (levels, ==, expected);
}

/* Levels merge as a set: theirs reorders and adds 村级, mine drops 乡级.
 * Theirs' order stays; an order alone is no change. */
static void
test_levels (void)
{
  const char *theirs[] = { "乡级", "县级", "村级", NULL };
  const char *mine[] = { "县级", NULL };
  const char *reordered[] = { "乡级", "县级", NULL };
  g_auto(Sides) sides = { NULL };
  g_autoptr(GkMergeResult) result = NULL;
  g_autoptr(GkMergeResult) order = NULL;

  sides_init (&sides);
  gk_item_set_levels (sides.theirs, theirs);
  gk_item_set_levels (sides.mine, mine);
  result = merge_sides (&sides, GK_FIELD_MASK (GK_FIELD_LEVELS));
  g_assert_cmpint (result->status, ==, GK_MERGE_MERGED);
  g_assert_cmpuint (result->conflicts, ==, 0);
  assert_levels (result->item, "县级,村级");

  gk_item_set_levels (sides.theirs, (const char * const *) gk_item_get_levels (sides.base));
  gk_item_set_levels (sides.mine, reordered);
  order = merge_sides (&sides, GK_FIELD_MASK (GK_FIELD_LEVELS));
  g_assert_cmpint (order->status, ==, GK_MERGE_NOOP);
  assert_levels (order->item, "县级,乡级");
}

/* A create of an item the server does not have: applied on the empty item,
 * without position or times (the server gives them). */
static void
test_create (void)
{
  g_autoptr(GkItem) mine = sample_item_new ();
  g_autoptr(GkMergeResult) result = NULL;

  gk_item_set_position (mine, 7);
  result = gk_merge_edit (NULL, mine, GK_FIELD_MASK_ALL, NULL, FALSE);

  g_assert_cmpint (result->status, ==, GK_MERGE_APPLIED);
  g_assert_true (gk_item_content_equal (result->item, mine));
  g_assert_cmpint (gk_item_get_position (result->item), ==, 0);
  g_assert_cmpint (gk_item_get_modified (result->item), ==, 0);
  g_assert_cmpstr (text_of (result->base, GK_FIELD_CONTENT), ==, "");
  g_assert_cmpstr (text_of (result->theirs, GK_FIELD_DOMAIN), ==, "");
}

/* A create the server has already (sent again after a restore) merges
 * against the empty item: the same values are nothing to do, another
 * value where theirs has one is a conflict. */
static void
test_create_existing (void)
{
  g_autoptr(GkItem) mine = sample_item_new ();
  g_autoptr(GkItem) theirs = copy_item (mine);
  g_autoptr(GkMergeResult) same = NULL;
  g_autoptr(GkMergeResult) other = NULL;

  same = gk_merge_edit (NULL, mine, GK_FIELD_MASK_ALL, theirs, FALSE);
  g_assert_cmpint (same->status, ==, GK_MERGE_NOOP);

  gk_item_set_text (theirs, GK_FIELD_CONTENT, "县里的内容");
  gk_item_set_text (theirs, GK_FIELD_LEVEL3, "");
  gk_item_set_text (mine, GK_FIELD_LEVEL3, "三级");
  other = gk_merge_edit (NULL, mine, GK_FIELD_MASK_ALL, theirs, FALSE);
  g_assert_cmpint (other->status, ==, GK_MERGE_CONFLICT);
  g_assert_cmpuint (other->conflicts, ==, GK_FIELD_MASK (GK_FIELD_CONTENT));
  g_assert_cmpstr (text_of (other->item, GK_FIELD_LEVEL3), ==, "三级");
  g_assert_cmpstr (text_of (other->base, GK_FIELD_CONTENT), ==, "");
}

/* An edit of a deleted item: it stays deleted, the record holds every
 * field sent, even one equal to theirs. Sending nothing is nothing. */
static void
test_edit_deleted (void)
{
  g_auto(Sides) sides = { NULL };
  g_autoptr(GkMergeResult) result = NULL;
  g_autoptr(GkMergeResult) empty = NULL;
  GkFieldMask fields = GK_FIELD_MASK (GK_FIELD_CONTENT) | GK_FIELD_MASK (GK_FIELD_SUBJECT);

  sides_init (&sides);
  gk_item_set_text (sides.mine, GK_FIELD_CONTENT, "科室的内容");
  result = gk_merge_edit (sides.base, sides.mine, fields, sides.theirs, TRUE);
  g_assert_cmpint (result->status, ==, GK_MERGE_CONFLICT);
  g_assert_cmpint (result->conflict, ==, GK_MERGE_CONFLICT_EDIT_DELETED);
  g_assert_cmpuint (result->conflicts, ==, fields);
  g_assert_cmpuint (result->changed, ==, 0);
  g_assert_true (result->deleted);
  g_assert_true (gk_item_content_equal (result->item, sides.theirs));

  empty = gk_merge_edit (sides.base, sides.mine, 0, sides.theirs, TRUE);
  g_assert_cmpint (empty->status, ==, GK_MERGE_NOOP);
  g_assert_true (empty->deleted);
}

static void
test_delete (void)
{
  g_auto(Sides) sides = { NULL };
  g_autoptr(GkMergeResult) result = NULL;
  g_autoptr(GkMergeResult) again = NULL;

  sides_init (&sides);
  result = gk_merge_delete (sides.base, sides.theirs, FALSE);
  g_assert_cmpint (result->status, ==, GK_MERGE_APPLIED);
  g_assert_true (result->deleted);
  g_assert_null (result->mine);
  g_assert_true (gk_item_content_equal (result->item, sides.theirs));

  again = gk_merge_delete (sides.base, result->item, TRUE);
  g_assert_cmpint (again->status, ==, GK_MERGE_NOOP);
  g_assert_true (again->deleted);
}

/* A delete of an item changed since the base keeps it, and the record
 * names what changed, so the change is not deleted unseen. */
static void
test_delete_changed (void)
{
  g_auto(Sides) sides = { NULL };
  g_autoptr(GkMergeResult) result = NULL;

  sides_init (&sides);
  gk_item_set_text (sides.theirs, GK_FIELD_CONTENT, "县里的内容");
  gk_item_set_channels (sides.theirs, CHANNEL (GAZETTE));
  result = gk_merge_delete (sides.base, sides.theirs, FALSE);

  g_assert_cmpint (result->status, ==, GK_MERGE_CONFLICT);
  g_assert_cmpint (result->conflict, ==, GK_MERGE_CONFLICT_DELETE_CHANGED);
  g_assert_cmpuint (result->conflicts, ==,
                    GK_FIELD_MASK (GK_FIELD_CONTENT) | GK_FIELD_MASK (GK_FIELD_CHANNELS));
  g_assert_false (result->deleted);
  g_assert_true (gk_item_content_equal (result->item, sides.theirs));
}

/* Programming errors: items of another id, a domain set to none, a field
 * beyond the table, a deleted item that is not there. */
static void
test_refused (void)
{
  g_autoptr(GkItem) mine = sample_item_new ();
  g_autoptr(GkItem) other = gk_item_new ("20");
  g_autoptr(GkItem) no_domain = gk_item_new_with_id (ID, NULL);
  struct
  {
    GkItem      *mine;
    GkFieldMask  fields;
    GkItem      *theirs;
    gboolean     deleted;
  } cases[] = {
    { mine, GK_FIELD_MASK_ALL, other, FALSE },
    { no_domain, GK_FIELD_MASK_ALL, NULL, FALSE },
    { mine, GK_FIELD_MASK (GK_N_FIELDS), NULL, FALSE },
    { mine, 0, NULL, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_expect_message ("Gongkai-Sync", G_LOG_LEVEL_CRITICAL, "*gk_merge_edit*failed*");
      g_assert_null (gk_merge_edit (NULL, cases[i].mine, cases[i].fields, cases[i].theirs,
                                    cases[i].deleted));
      g_test_assert_expected_messages ();
    }
  g_test_expect_message ("Gongkai-Sync", G_LOG_LEVEL_CRITICAL, "*gk_merge_delete*failed*");
  g_assert_null (gk_merge_delete (other, mine, FALSE));
  g_test_assert_expected_messages ();
}

/* Random cases
 *
 * Values are drawn from small pools, so sides often agree by chance; the
 * texts include spellings the core keeps alike (" 甲 " and "甲", é
 * precomposed and decomposed). How much each side changes varies from case
 * to case, so that every status comes up (see test_coverage()).
 */

static const char * const pool_texts[] = {
  "", "甲", " 甲 ", "乙", "\xc3\xa9", "e\xcc\x81",
};
static const char * const pool_domains[] = { "01", "02", "20" };
static const char * const pool_levels[] = { "县级", "乡级", "村级" };
static const GkChannel pool_channels[] = {
  GK_CHANNEL_WEBSITE, GK_CHANNEL_GAZETTE, GK_CHANNEL_PRINT, GK_CHANNEL_OTHER,
};

static guint
pick (guint n)
{
  return (guint) g_test_rand_int_range (0, (gint32) n);
}

/* How many elements a set field's values are drawn from; 0 for texts. */
static guint
get_n_elements (GkField field)
{
  switch (gk_field_get_kind (field))
    {
    case GK_FIELD_KIND_CHANNELS:
      return G_N_ELEMENTS (pool_channels);
    case GK_FIELD_KIND_AUDIENCE:
    case GK_FIELD_KIND_METHOD:
      return 2;
    case GK_FIELD_KIND_LEVELS:
      return G_N_ELEMENTS (pool_levels);
    case GK_FIELD_KIND_CODE:
    case GK_FIELD_KIND_TEXT:
    case GK_FIELD_KIND_SHARED:
    default:
      return 0;
    }
}

static gboolean
is_set_field (GkField field)
{
  return get_n_elements (field) > 0;
}

/* Whether element @i of the pool of @field is in @item's value. */
static gboolean
has_element (GkItem  *item,
             GkField  field,
             guint    i)
{
  switch (gk_field_get_kind (field))
    {
    case GK_FIELD_KIND_CHANNELS:
      return (gk_item_get_channels (item) & (1u << pool_channels[i])) != 0;
    case GK_FIELD_KIND_AUDIENCE:
      return (gk_item_get_audience (item) & (1u << i)) != 0;
    case GK_FIELD_KIND_METHOD:
      return (gk_item_get_method (item) & (1u << i)) != 0;
    case GK_FIELD_KIND_LEVELS:
      return gk_item_has_level (item, pool_levels[i]);
    case GK_FIELD_KIND_CODE:
    case GK_FIELD_KIND_TEXT:
    case GK_FIELD_KIND_SHARED:
    default:
      g_assert_not_reached ();
    }
}

/* The oracle's equality: texts as kept, sets element by element. */
static gboolean
same_value (GkItem  *a,
            GkItem  *b,
            GkField  field)
{
  if (!is_set_field (field))
    return g_str_equal (gk_item_get_text (a, field), gk_item_get_text (b, field));
  for (guint i = 0; i < get_n_elements (field); i++)
    {
      if (has_element (a, field, i) != has_element (b, field, i))
        return FALSE;
    }

  return TRUE;
}

static void
set_random_levels (GkItem *item)
{
  const char *levels[G_N_ELEMENTS (pool_levels) + 1];
  guint n = 0;

  /* A random subset in a random order. */
  for (guint i = 0; i < G_N_ELEMENTS (pool_levels); i++)
    {
      if (pick (2))
        {
          guint at = pick (n + 1);

          levels[n] = levels[at];
          levels[at] = pool_levels[i];
          n++;
        }
    }
  levels[n] = NULL;
  gk_item_set_levels (item, levels);
}

static void
set_random_value (GkItem  *item,
                  GkField  field)
{
  guint channels = 0;

  switch (gk_field_get_kind (field))
    {
    case GK_FIELD_KIND_CODE:
      gk_item_set_text (item, field, pool_domains[pick (G_N_ELEMENTS (pool_domains))]);
      break;
    case GK_FIELD_KIND_CHANNELS:
      for (guint i = 0; i < G_N_ELEMENTS (pool_channels); i++)
        channels |= pick (2) << pool_channels[i];
      gk_item_set_channels (item, channels);
      break;
    case GK_FIELD_KIND_AUDIENCE:
      gk_item_set_audience (item, (GkAudience) pick (4));
      break;
    case GK_FIELD_KIND_METHOD:
      gk_item_set_method (item, (GkMethod) pick (4));
      break;
    case GK_FIELD_KIND_LEVELS:
      set_random_levels (item);
      break;
    case GK_FIELD_KIND_TEXT:
    case GK_FIELD_KIND_SHARED:
    default:
      gk_item_set_text (item, field, pool_texts[pick (G_N_ELEMENTS (pool_texts))]);
      break;
    }
}

static GkItem *
random_item_new (void)
{
  GkItem *item = gk_item_new_with_id (ID, pool_domains[0]);

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    set_random_value (item, f);

  return item;
}

/* A share of the fields chosen per case: none, 1/36, 1/9 or 1/4. */
static gboolean
pick_changed (guint rate)
{
  return pick (2 * GK_N_FIELDS) < rate * rate;
}

typedef enum
{
  CASE_DISJOINT = 1 << 0,  /* no field is changed by both sides */
  CASE_DELETED  = 1 << 1,  /* theirs may be deleted */
} CaseFlags;

/* One random op against a random server item; base and theirs may be
 * absent (a create), and stand for the empty item then. */
typedef struct
{
  GkItem      *base;
  GkItem      *mine;
  GkItem      *theirs;
  GkFieldMask  fields;
  gboolean     theirs_deleted;
  GkItem      *empty;
} Case;

static void
case_init_changes (Case      *c,
                   CaseFlags  flags)
{
  guint theirs_rate = pick (4);
  guint mine_rate = pick (4);

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      gboolean theirs_changes = c->theirs != NULL && pick_changed (theirs_rate);

      if (theirs_changes)
        set_random_value (c->theirs, f);
      if ((flags & CASE_DISJOINT) && theirs_changes)
        continue;
      if (pick_changed (mine_rate))
        {
          set_random_value (c->mine, f);
          c->fields |= GK_FIELD_MASK (f);
        }
      else if (!(flags & CASE_DISJOINT) && pick (8) == 0)
        c->fields |= GK_FIELD_MASK (f);   /* sent unchanged */
    }
}

static void
case_init (Case      *c,
           CaseFlags  flags)
{
  memset (c, 0, sizeof *c);
  c->empty = gk_item_new_with_id (ID, NULL);
  if (pick (10) == 0)
    {
      /* A create; the server may have the item already. */
      c->mine = random_item_new ();
      c->theirs = pick (2) && !(flags & CASE_DISJOINT) ? random_item_new () : NULL;
    }
  else
    {
      c->base = random_item_new ();
      c->mine = copy_item (c->base);
      c->theirs = copy_item (c->base);
    }
  case_init_changes (c, flags);
  c->theirs_deleted = (flags & CASE_DELETED) && c->theirs != NULL && pick (8) == 0;
}

static void
case_clear (Case *c)
{
  g_clear_object (&c->base);
  g_clear_object (&c->mine);
  g_clear_object (&c->theirs);
  g_clear_object (&c->empty);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Case, case_clear)

static GkItem *
case_base (Case *c)
{
  return c->base != NULL ? c->base : c->empty;
}

static GkItem *
case_theirs (Case *c)
{
  return c->theirs != NULL ? c->theirs : c->empty;
}

static GkMergeResult *
case_merge (Case *c)
{
  return gk_merge_edit (c->base, c->mine, c->fields, c->theirs, c->theirs_deleted);
}

static gboolean
is_sent (Case    *c,
         GkField  field)
{
  return (c->fields & GK_FIELD_MASK (field)) != 0;
}

/* Fields not sent keep theirs, and the merge changes none of its inputs. */
static void
check_unsent (Case *c)
{
  g_autoptr(GkItem) base = copy_item (case_base (c));
  g_autoptr(GkItem) mine = copy_item (c->mine);
  g_autoptr(GkItem) theirs = copy_item (case_theirs (c));
  g_autoptr(GkMergeResult) result = case_merge (c);

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (!is_sent (c, f))
        g_assert_true (same_value (result->item, case_theirs (c), f));
    }
  g_assert_true (gk_item_equal (base, case_base (c)));
  g_assert_true (gk_item_equal (mine, c->mine));
  g_assert_true (gk_item_equal (theirs, case_theirs (c)));
}

/* Changes to different fields are both kept, without a conflict. */
static void
check_disjoint (Case *c)
{
  g_autoptr(GkMergeResult) result = case_merge (c);

  g_assert_cmpint (result->status, !=, GK_MERGE_CONFLICT);
  g_assert_cmpuint (result->conflicts, ==, 0);
  for (GkField f = 0; f < GK_N_FIELDS; f++)
    g_assert_true (same_value (result->item, is_sent (c, f) ? c->mine : case_theirs (c), f));
}

/* A value both sides hold is the result, whatever the base. */
static void
check_converged (Case *c)
{
  g_autoptr(GkMergeResult) result = case_merge (c);

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (!is_sent (c, f) || !same_value (c->mine, case_theirs (c), f))
        continue;
      g_assert_true (same_value (result->item, c->mine, f));
      g_assert_false (result->conflicts & GK_FIELD_MASK (f));
    }
}

/* A conflict exactly where both changed a text to different values; theirs
 * kept there, and base, mine and theirs in the record. */
static void
check_conflicts (Case *c)
{
  g_autoptr(GkMergeResult) result = case_merge (c);
  GkItem *base = case_base (c);
  GkItem *theirs = case_theirs (c);

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      gboolean expected = is_sent (c, f) && !is_set_field (f)
                          && !same_value (c->mine, theirs, f)
                          && !same_value (c->mine, base, f)
                          && !same_value (theirs, base, f);

      g_assert_cmpint (!!(result->conflicts & GK_FIELD_MASK (f)), ==, expected);
      if (!expected)
        continue;
      g_assert_true (same_value (result->item, theirs, f));
      g_assert_true (same_value (result->base, base, f));
      g_assert_true (same_value (result->mine, c->mine, f));
      g_assert_true (same_value (result->theirs, theirs, f));
    }
  g_assert_cmpint (result->status == GK_MERGE_CONFLICT, ==, result->conflicts != 0);
  g_assert_cmpint (result->conflict == GK_MERGE_CONFLICT_FIELDS, ==, result->conflicts != 0);
}

/* An element is in a merged set if theirs has it and mine did not remove
 * it, or mine added it. */
static void
check_sets (Case *c)
{
  g_autoptr(GkMergeResult) result = case_merge (c);
  GkItem *base = case_base (c);
  GkItem *theirs = case_theirs (c);

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (!is_sent (c, f) || !is_set_field (f))
        continue;
      for (guint i = 0; i < get_n_elements (f); i++)
        {
          gboolean in_base = has_element (base, f, i);
          gboolean in_mine = has_element (c->mine, f, i);
          gboolean in_theirs = has_element (theirs, f, i);
          gboolean expected = (in_theirs && !(in_base && !in_mine)) || (in_mine && !in_base);

          g_assert_cmpint (has_element (result->item, f, i), ==, expected);
        }
    }
}

/* What mine changed in a set since the base: its additions are in the
 * result and its removals are not. */
static void
assert_set_changes_kept (Case          *c,
                         GkMergeResult *result,
                         GkField        field)
{
  for (guint i = 0; i < get_n_elements (field); i++)
    {
      gboolean in_base = has_element (case_base (c), field, i);
      gboolean in_mine = has_element (c->mine, field, i);

      if (in_base != in_mine)
        g_assert_cmpint (has_element (result->item, field, i), ==, in_mine);
    }
}

/* Nothing mine changed is lost: each value it sends that differs from the
 * base is in the result or in the record. (A value equal to the base is
 * no change: theirs stays there, by the rules.) */
static void
check_no_loss (Case *c)
{
  g_autoptr(GkMergeResult) result = case_merge (c);

  g_assert_true (result->mine == c->mine);
  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      gboolean recorded = (result->conflicts & GK_FIELD_MASK (f)) != 0;

      if (!is_sent (c, f) || same_value (c->mine, case_base (c), f))
        continue;
      if (c->theirs_deleted)
        g_assert_true (recorded && result->deleted);
      else if (is_set_field (f))
        assert_set_changes_kept (c, result, f);
      else
        g_assert_true (same_value (result->item, c->mine, f) || recorded);
    }
}

/* Merging the op again into its own result changes nothing. */
static void
check_idempotent (Case *c)
{
  g_autoptr(GkMergeResult) once = case_merge (c);
  g_autoptr(GkMergeResult) twice = NULL;

  twice = gk_merge_edit (c->base, c->mine, c->fields, once->item, once->deleted);
  g_assert_cmpuint (twice->changed, ==, 0);
  g_assert_true (gk_item_equal (twice->item, once->item));
  g_assert_cmpint (twice->deleted, ==, once->deleted);
  g_assert_cmpuint (twice->conflicts, ==, once->conflicts);
  g_assert_cmpint (twice->conflict, ==, once->conflict);
  g_assert_cmpint (twice->status, ==,
                   once->conflicts != 0 ? GK_MERGE_CONFLICT : GK_MERGE_NOOP);
}

/* The status and the changed fields say what happened to theirs. */
static void
check_status (Case *c)
{
  g_autoptr(GkMergeResult) result = case_merge (c);
  GkFieldMask changed = 0;
  GkFieldMask theirs_changed = 0;

  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (!same_value (result->item, case_theirs (c), f))
        changed |= GK_FIELD_MASK (f);
      if (!same_value (case_theirs (c), case_base (c), f))
        theirs_changed |= GK_FIELD_MASK (f);
    }
  g_assert_cmpuint (result->changed, ==, changed);
  g_assert_cmpint (result->deleted, ==, c->theirs_deleted);
  if (result->status == GK_MERGE_NOOP)
    g_assert_true (changed == 0 && result->conflicts == 0);
  if (result->status == GK_MERGE_APPLIED)
    g_assert_true (c->theirs == NULL || (changed != 0 && theirs_changed == 0));
  if (result->status == GK_MERGE_MERGED)
    g_assert_true (changed != 0 && theirs_changed != 0 && result->conflicts == 0);
}

/* A delete: applied on an unchanged item, a conflict naming what changed
 * otherwise, nothing on a deleted one; and the same again. */
static void
check_delete (Case *c)
{
  g_autoptr(GkMergeResult) once = NULL;
  g_autoptr(GkMergeResult) twice = NULL;
  GkFieldMask theirs_changed = 0;

  if (c->theirs == NULL)
    return;
  once = gk_merge_delete (c->base, c->theirs, c->theirs_deleted);
  for (GkField f = 0; f < GK_N_FIELDS; f++)
    {
      if (!same_value (c->theirs, case_base (c), f))
        theirs_changed |= GK_FIELD_MASK (f);
    }
  g_assert_true (gk_item_content_equal (once->item, c->theirs));
  g_assert_cmpuint (once->changed, ==, 0);
  if (c->theirs_deleted)
    g_assert_true (once->status == GK_MERGE_NOOP && once->deleted);
  else if (theirs_changed == 0)
    g_assert_true (once->status == GK_MERGE_APPLIED && once->deleted);
  else
    g_assert_true (once->conflict == GK_MERGE_CONFLICT_DELETE_CHANGED && !once->deleted
                   && once->conflicts == theirs_changed);

  twice = gk_merge_delete (c->base, once->item, once->deleted);
  g_assert_true (twice->deleted == once->deleted && twice->conflicts == once->conflicts);
  g_assert_cmpint (twice->status, ==,
                   once->conflicts != 0 ? GK_MERGE_CONFLICT : GK_MERGE_NOOP);
}

typedef struct
{
  const char  *path;
  void       (*check) (Case *c);
  CaseFlags    flags;
} Property;

static const Property properties[] = {
  { "/sync/merge/property/unsent", check_unsent, CASE_DELETED },
  { "/sync/merge/property/disjoint", check_disjoint, CASE_DISJOINT },
  { "/sync/merge/property/converged", check_converged, 0 },
  { "/sync/merge/property/conflicts", check_conflicts, 0 },
  { "/sync/merge/property/sets", check_sets, 0 },
  { "/sync/merge/property/no-loss", check_no_loss, CASE_DELETED },
  { "/sync/merge/property/idempotent", check_idempotent, CASE_DELETED },
  { "/sync/merge/property/status", check_status, CASE_DELETED },
  { "/sync/merge/property/delete", check_delete, CASE_DELETED },
};

static void
test_property (gconstpointer data)
{
  const Property *property = data;

  for (guint i = 0; i < N_CASES; i++)
    {
      g_auto(Case) c = { NULL };

      case_init (&c, property->flags);
      property->check (&c);
    }
}

/* The random cases reach every rule often, so no property above holds
 * only because its case never came up. */
static void
test_coverage (void)
{
  guint statuses[GK_MERGE_CONFLICT + 1] = { 0 };
  guint rules[4] = { 0 };   /* converged, mine taken, theirs kept, conflict */

  for (guint i = 0; i < N_CASES; i++)
    {
      g_auto(Case) c = { NULL };
      g_autoptr(GkMergeResult) result = NULL;

      case_init (&c, 0);
      result = case_merge (&c);
      statuses[result->status]++;
      for (GkField f = 0; f < GK_N_FIELDS; f++)
        {
          gboolean mine_is_theirs = same_value (c.mine, case_theirs (&c), f);
          gboolean mine_is_base = same_value (c.mine, case_base (&c), f);
          gboolean theirs_is_base = same_value (case_theirs (&c), case_base (&c), f);

          if (!is_sent (&c, f) || (mine_is_base && theirs_is_base))
            continue;
          rules[mine_is_theirs ? 0 : theirs_is_base ? 1 : mine_is_base ? 2 : 3]++;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    g_assert_cmpuint (statuses[i], >, N_CASES / 20);
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    g_assert_cmpuint (rules[i], >, N_CASES / 40);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (text_rules); i++)
    g_test_add_data_func (text_rules[i].path, &text_rules[i], test_text_rule);
  g_test_add_func ("/sync/merge/conflict", test_conflict);
  g_test_add_func ("/sync/merge/disjoint", test_disjoint);
  g_test_add_func ("/sync/merge/channels", test_channels);
  g_test_add_func ("/sync/merge/flags", test_flags);
  g_test_add_func ("/sync/merge/levels", test_levels);
  g_test_add_func ("/sync/merge/create", test_create);
  g_test_add_func ("/sync/merge/create-existing", test_create_existing);
  g_test_add_func ("/sync/merge/edit-deleted", test_edit_deleted);
  g_test_add_func ("/sync/merge/delete", test_delete);
  g_test_add_func ("/sync/merge/delete-changed", test_delete_changed);
  g_test_add_func ("/sync/merge/refused", test_refused);
  for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
    g_test_add_data_func (properties[i].path, &properties[i], test_property);
  g_test_add_func ("/sync/merge/property/coverage", test_coverage);

  return g_test_run ();
}
