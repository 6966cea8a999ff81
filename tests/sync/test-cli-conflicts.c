/* test-cli-conflicts.c: `gongkai-cli set`, `conflicts` and `resolve` on
 * stores of one department through the real gongkai-server, and a PC
 * enrolled with the office's token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-test-cli.h"
#include "gk-test-util.h"

typedef GkTestCli Fixture;

static char *
store_db (const char *dir)
{
  return g_build_filename (dir, "gongkai.db", NULL);
}

/* The id of the first item of @dir (in the order of ids). */
static char *
first_item (const char *dir)
{
  g_autofree char *db = store_db (dir);

  return gk_test_query_text (db, "SELECT id FROM items ORDER BY id LIMIT 1");
}

static char *
item_text (const char *dir,
           const char *id,
           const char *column)
{
  g_autofree char *db = store_db (dir);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM items WHERE id = '%s'", column, id);

  return gk_test_query_text (db, sql);
}

static char *
open_conflict (const char *dir)
{
  g_autofree char *db = store_db (dir);

  return gk_test_query_text (db, "SELECT id FROM conflicts WHERE state = 'open'");
}

/* How many requests for @path the server's access log holds. */
static guint
count_requests (Fixture    *f,
                const char *path)
{
  g_autofree char *log = NULL;
  g_autofree char *needle = g_strdup_printf (" %s ", path);
  guint n = 0;

  g_assert_true (g_file_get_contents (f->county.s.log, &log, NULL, NULL));
  for (const char *at = strstr (log, needle); at != NULL; at = strstr (at + 1, needle))
    n++;
  return n;
}

/*
 * Two PCs of one department change the same field of an item offline and
 * sync: the second meets a conflict, which both list; one settles it
 * taking "mine" (the second PC's value), and after both sync again both
 * PCs and the server hold that value and neither lists the conflict.
 * Each PC asks for the list only when it may have changed: when another
 * PC met or settled a conflict (`/info`'s `conflicts_tag`), or its own
 * push did; a sync that pushes one edit is then three requests.
 */
static void
test_resolve (Fixture       *f,
              gconstpointer  program)
{
  g_autofree char *id = NULL;
  g_autofree char *conflict = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *server = g_build_filename (f->county.s.data, "gongkai-server.db", NULL);
  g_autofree char *sql = NULL;
  guint asked, all;

  gk_test_cli_load_starter (f, f->a);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, NULL), ==, 0);
  g_assert_cmpint (gk_test_cli_sync (f, f->b, f->token_b, NULL), ==, 0);
  id = first_item (f->a);

  g_assert_cmpint (gk_test_cli_run (f, NULL, "set", "--data-dir", f->a, id, "content=甲的内容",
                                    NULL), ==, 0);
  g_assert_cmpint (gk_test_cli_run (f, NULL, "set", "--data-dir", f->b, id, "content=乙的内容",
                                    "notes=乙的备注", NULL), ==, 0);
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 1);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, NULL), ==, 0);
  asked = count_requests (f, "/api/v1/conflicts");
  g_assert_cmpint (gk_test_cli_sync (f, f->b, f->token_b, &out), ==, 0);
  g_assert_cmpstr (out, ==, "pushed 1, pulled 1, conflicts 1\n");
  g_assert_cmpint (count_requests (f, "/api/v1/conflicts"), ==, asked + 1);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, NULL), ==, 0);
  g_assert_cmpint (count_requests (f, "/api/v1/conflicts"), ==, asked + 2);

  /* Both list it, with its values. */
  conflict = open_conflict (f->a);
  g_assert_nonnull (conflict);
  text = open_conflict (f->b);
  g_assert_cmpstr (text, ==, conflict);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *expected = g_strdup_printf ("\n  content (%s)\n",
                                                   gk_field_get_label (GK_FIELD_CONTENT));

      g_clear_pointer (&out, g_free);
      g_assert_cmpint (gk_test_cli_run (f, &out, "conflicts", "--data-dir",
                                        i == 0 ? f->a : f->b, NULL), ==, 0);
      g_assert_true (g_str_has_prefix (out, conflict));
      g_assert_nonnull (strstr (out, id));
      g_assert_nonnull (strstr (out, expected));
      g_assert_nonnull (strstr (out, "mine:   “乙的内容”"));
      g_assert_nonnull (strstr (out, "theirs: “甲的内容”"));
      g_assert_null (strstr (out, "notes"));
    }
  g_clear_pointer (&text, g_free);
  text = item_text (f->b, id, "content");
  g_assert_cmpstr (text, ==, "甲的内容");

  /* Settled on A with B's value. */
  g_assert_cmpint (gk_test_cli_run (f, NULL, "resolve", "--data-dir", f->a, conflict,
                                    "--take", "mine", NULL), ==, 0);
  g_clear_pointer (&text, g_free);
  text = item_text (f->a, id, "content");
  g_assert_cmpstr (text, ==, "乙的内容");
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, NULL), ==, 0);
  g_assert_cmpint (count_requests (f, "/api/v1/conflicts"), ==, asked + 3);
  g_assert_cmpint (gk_test_cli_sync (f, f->b, f->token_b, NULL), ==, 0);
  g_assert_cmpint (count_requests (f, "/api/v1/conflicts"), ==, asked + 4);

  for (guint i = 0; i < 2; i++)
    {
      const char *dir = i == 0 ? f->a : f->b;

      g_clear_pointer (&text, g_free);
      text = item_text (dir, id, "content");
      g_assert_cmpstr (text, ==, "乙的内容");
      g_clear_pointer (&text, g_free);
      text = open_conflict (dir);
      g_assert_null (text);
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (gk_test_cli_run (f, &out, "conflicts", "--data-dir", dir, NULL), ==, 0);
      g_assert_cmpstr (out, ==, "");
    }
  gk_test_cli_assert_same_dumps (f);
  sql = g_strdup_printf ("SELECT count(*) FROM item JOIN item_rev ON item_id = id "
                         "AND item_rev.rev = item.rev WHERE id = '%s' "
                         "AND fields LIKE '%%乙的内容%%乙的备注%%'", id);
  g_assert_cmpint (gk_test_query_int (server, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT state FROM conflict WHERE id = '%s'", conflict);
  g_clear_pointer (&text, g_free);
  text = gk_test_query_text (server, sql);
  g_assert_cmpstr (text, ==, "resolved");

  /* Nothing met or settled since: an edit pushed is /info, the push and
   * the changes, and the PC still counts no open conflict. Its own change
   * is not fetched back: the push's answer moved its cursor past it. */
  g_assert_cmpint (gk_test_cli_run (f, NULL, "set", "--data-dir", f->a, id, "notes=甲的备注",
                                    NULL), ==, 0);
  asked = count_requests (f, "/api/v1/conflicts");
  all = count_requests (f, "/api/v1/info") + count_requests (f, "/api/v1/push")
        + count_requests (f, "/api/v1/changes");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, &out), ==, 0);
  g_assert_cmpstr (out, ==, "pushed 1, pulled 0, conflicts 0\n");
  g_assert_cmpint (count_requests (f, "/api/v1/conflicts"), ==, asked);
  g_assert_cmpint (count_requests (f, "/api/v1/info") + count_requests (f, "/api/v1/push")
                   + count_requests (f, "/api/v1/changes"), ==, all + 3);
}

/* `set` refuses an unknown item or key and a bad value, changing nothing;
 * a good one is one op. `resolve` refuses what it cannot do. */
static void
test_set_errors (Fixture       *f,
                 gconstpointer  program)
{
  const char *bad[][2] = {
    { "colour=红", "Unknown key “colour”" },
    { "channels=政府网站,飞鸽传书", "unknown channel" },
    { "levels=县级,省级", "“省级” is not a level of the catalog" },
    { "domain=99", "domain" },
    { "content", "is not KEY=VALUE" },
    { "position=3", "Unknown key “position”" },
  };
  g_autofree char *id = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;

  gk_test_cli_load_starter (f, f->a);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, NULL), ==, 0);
  id = first_item (f->a);
  before = gk_test_cli_dump (f, f->a);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (gk_test_cli_run_err (f, NULL, &err, "set", "--data-dir", f->a, id,
                                            "notes=先改的备注", bad[i][0], NULL), ==, 2);
      g_assert_nonnull (strstr (err, bad[i][1]));
    }
  g_assert_cmpint (gk_test_cli_run (f, NULL, "set", "--data-dir", f->a,
                                    "00000000-0000-4000-8000-000000000000", "notes=x", NULL),
                   ==, 2);
  g_assert_cmpint (gk_test_cli_run (f, NULL, "set", "--data-dir", f->a, id, NULL), ==, 2);
  g_assert_cmpint (gk_test_cli_run (f, NULL, "resolve", "--data-dir", f->a, "no-such",
                                    "--take", "mine", NULL), ==, 2);
  g_assert_cmpint (gk_test_cli_run (f, NULL, "resolve", "--data-dir", f->a, "no-such",
                                    "--take", "both", NULL), ==, 2);
  g_assert_cmpint (gk_test_cli_run (f, NULL, "resolve", "--data-dir", f->a, "no-such", NULL),
                   ==, 2);
  after = gk_test_cli_dump (f, f->a);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 0);

  g_assert_cmpint (gk_test_cli_run (f, NULL, "set", "--data-dir", f->a, id,
                                    "channels=政府网站，两微一端", "levels=乡级", NULL), ==, 0);
  g_assert_cmpint (gk_test_cli_count_outbox (f->a), ==, 1);
  text = item_text (f->a, id, "levels");
  g_assert_cmpstr (text, ==, "[\"乡级\"]");
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, NULL), ==, 0);
}

/* A PC enrolled with the office's token gets every department's items and
 * refuses local changes, with a message saying why. */
static void
test_office (Fixture       *f,
             gconstpointer  program)
{
  g_autofree char *token = gk_test_cli_path_in (f, "token-office");
  g_autofree char *office = gk_test_cli_path_in (f, "office");
  g_autofree char *line = g_strconcat (f->county.office, "\n", NULL);
  g_autofree char *id = NULL;
  g_autofree char *err = NULL;
  g_autofree char *db = store_db (office);

  gk_test_cli_load_starter (f, f->a);
  g_assert_cmpint (gk_test_cli_sync (f, f->a, f->token_a, NULL), ==, 0);
  gk_test_write_file (token, line);
  g_assert_cmpint (gk_test_cli_sync (f, office, token, NULL), ==, 0);
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM items"), ==, 133);
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM items WHERE dept = 'mz'"), ==,
                   133);

  id = first_item (office);
  g_assert_cmpint (gk_test_cli_run_err (f, NULL, &err, "set", "--data-dir", office, id,
                                        "notes=办公室改的", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "county office"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gk_test_cli_count_outbox (office), ==, 0);
  g_assert_cmpint (gk_test_query_int (db, "SELECT count(*) FROM items "
                                          "WHERE notes = '办公室改的'"), ==, 0);
  g_assert_cmpint (gk_test_cli_sync (f, office, token, NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  const char *program = gk_test_cli_init (&argc, &argv);

  gk_test_cli_add ("/cli-conflicts/resolve", program, (GTestFixtureFunc) test_resolve);
  gk_test_cli_add ("/cli-conflicts/set-errors", program, (GTestFixtureFunc) test_set_errors);
  gk_test_cli_add ("/cli-conflicts/office", program, (GTestFixtureFunc) test_office);

  return g_test_run ();
}
