/* test-text-diff.c: gk_text_diff(), the marks of the conflict view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gongkai-core.h"

/* The spans as one line: "=same", "-removed", "+added", between bars. */
static char *
describe (const char *old_text,
          const char *new_text)
{
  g_autoptr(GArray) spans = gk_text_diff (old_text, new_text);
  GString *line = g_string_new (NULL);
  GString *as_old = g_string_new (NULL);
  GString *as_new = g_string_new (NULL);
  static const char marks[] = { '=', '-', '+' };

  for (guint i = 0; i < spans->len; i++)
    {
      GkTextDiffSpan *span = &g_array_index (spans, GkTextDiffSpan, i);

      g_assert_cmpstr (span->text, !=, "");
      /* No two spans of one kind follow each other. */
      if (i > 0)
        g_assert_cmpint (g_array_index (spans, GkTextDiffSpan, i - 1).kind, !=, span->kind);
      g_string_append_printf (line, "|%c%s", marks[span->kind], span->text);
      if (span->kind != GK_TEXT_DIFF_ADDED)
        g_string_append (as_old, span->text);
      if (span->kind != GK_TEXT_DIFF_REMOVED)
        g_string_append (as_new, span->text);
    }
  /* Each text can be read back from the spans. */
  g_assert_cmpstr (as_old->str, ==, old_text);
  g_assert_cmpstr (as_new->str, ==, new_text);
  g_string_free (as_old, TRUE);
  g_string_free (as_new, TRUE);
  return g_string_free (line, FALSE);
}

static void
assert_diff (const char *old_text,
             const char *new_text,
             const char *expected)
{
  g_autofree char *line = describe (old_text, new_text);

  g_assert_cmpstr (line, ==, expected);
}

static void
test_cases (void)
{
  assert_diff ("", "", "");
  assert_diff ("相同", "相同", "|=相同");
  assert_diff ("", "新的", "|+新的");
  assert_diff ("旧的", "", "|-旧的");
  assert_diff ("《社会救助暂行办法》", "《社会救助暂行办法》第十条",
               "|=《社会救助暂行办法》|+第十条");
  assert_diff ("《社会救助暂行办法》第十条", "《社会救助暂行办法》第十一条",
               "|=《社会救助暂行办法》第十|+一|=条");
  assert_diff ("自受理之日起20个工作日", "自受理之日起15个工作日",
               "|=自受理之日起|-20|+15|=个工作日");
  /* A character kept between two changes splits them. */
  assert_diff ("甲乙丙", "丁乙戊", "|-甲|+丁|=乙|-丙|+戊");
  assert_diff ("abc", "xyz", "|-abc|+xyz");
}

/* Texts past the table's bound are still told apart correctly, their
 * middle shown removed and added whole. */
static void
test_long (void)
{
  GString *old_text = g_string_new ("开头");
  GString *new_text = g_string_new ("开头");
  g_autofree char *line = NULL;

  for (guint i = 0; i < 2000; i++)
    {
      g_string_append (old_text, i % 3 == 0 ? "甲" : "乙");
      g_string_append (new_text, i % 5 == 0 ? "甲" : "丙");
    }
  g_string_append (old_text, "结尾");
  g_string_append (new_text, "结尾");
  line = describe (old_text->str, new_text->str);
  g_assert_true (g_str_has_prefix (line, "|=开头甲|-"));
  g_assert_true (g_str_has_suffix (line, "|=结尾"));
  g_string_free (old_text, TRUE);
  g_string_free (new_text, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-diff/cases", test_cases);
  g_test_add_func ("/text-diff/long", test_long);

  return g_test_run ();
}
