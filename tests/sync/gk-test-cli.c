/* gk-test-cli.c: gongkai-cli on stores of a county served by the real
 * gongkai-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-test-cli.h"
#include "gk-test-util.h"

const char *gk_test_cli;

char *
gk_test_cli_path_in (GkTestCli  *f,
                     const char *name)
{
  return g_build_filename (f->county.s.tmp, name, NULL);
}

void
gk_test_write_file (const char *path,
                    const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

void
gk_test_cli_set_up (GkTestCli     *f,
                    gconstpointer  program)
{
  g_autofree char *line_a = NULL;
  g_autofree char *line_b = NULL;

  gk_test_county_set_up (&f->county, program);
  f->a = gk_test_cli_path_in (f, "a");
  f->b = gk_test_cli_path_in (f, "b");
  f->token_a = gk_test_cli_path_in (f, "token-a");
  f->token_b = gk_test_cli_path_in (f, "token-b");
  line_a = g_strconcat (f->county.mz1, "\n", NULL);
  line_b = g_strconcat (f->county.mz2, "\n", NULL);
  gk_test_write_file (f->token_a, line_a);
  gk_test_write_file (f->token_b, line_b);
  f->outputs = g_string_new (NULL);
}

void
gk_test_cli_tear_down (GkTestCli     *f,
                       gconstpointer  program)
{
  gk_test_county_tear_down (&f->county, program);
  g_free (f->a);
  g_free (f->b);
  g_free (f->token_a);
  g_free (f->token_b);
  g_string_free (f->outputs, TRUE);
}

static int
run_args (GkTestCli   *f,
          char       **out,
          char       **err,
          const char  *command,
          va_list      ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *arg;
  int status;

  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  g_ptr_array_add (args, NULL);

  status = gk_test_run_cli (gk_test_cli, command, (const char * const *) args->pdata,
                            &stdout_text, &stderr_text);
  g_string_append_printf (f->outputs, "%s\n%s\n", stdout_text, stderr_text);
  if (g_test_verbose ())
    g_test_message ("%s: %d\n%s%s", command, status, stdout_text, stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return status;
}

/**
 * gk_test_cli_run:
 * @f: a fixture
 * @out: (out) (optional): what it printed on stdout
 * @command: the command, followed by its arguments and %NULL
 *
 * Runs gongkai-cli, keeping what it printed to look for tokens later.
 *
 * Returns: its exit status
 */
int
gk_test_cli_run (GkTestCli   *f,
                 char       **out,
                 const char  *command,
                 ...)
{
  va_list ap;
  int status;

  va_start (ap, command);
  status = run_args (f, out, NULL, command, ap);
  va_end (ap);
  return status;
}

/**
 * gk_test_cli_run_err:
 * @f: a fixture
 * @out: (out) (optional): what it printed on stdout
 * @err: (out) (optional): what it printed on stderr
 * @command: the command, followed by its arguments and %NULL
 *
 * Returns: its exit status
 */
int
gk_test_cli_run_err (GkTestCli   *f,
                     char       **out,
                     char       **err,
                     const char  *command,
                     ...)
{
  va_list ap;
  int status;

  va_start (ap, command);
  status = run_args (f, out, err, command, ap);
  va_end (ap);
  return status;
}

int
gk_test_cli_sync (GkTestCli   *f,
                  const char  *dir,
                  const char  *token_file,
                  char       **out)
{
  return gk_test_cli_run (f, out, "sync", "--data-dir", dir, "--server", f->county.s.base,
                          "--token-file", token_file, NULL);
}

/* Loads a new catalog with the starter rows (133 items) into @dir. */
void
gk_test_cli_load_starter (GkTestCli  *f,
                          const char *dir)
{
  g_autofree char *catalog = gk_test_cli_path_in (f, "starter.json");

  g_assert_cmpint (gk_test_cli_run (f, NULL, "new", "--force", "--unit", "某某县", "--levels",
                                    "县级,乡级", "--starter", "-o", catalog, NULL), ==, 0);
  g_assert_cmpint (gk_test_cli_run (f, NULL, "load", catalog, "--data-dir", dir, NULL), ==, 0);
}

char *
gk_test_cli_dump (GkTestCli  *f,
                  const char *dir)
{
  g_autofree char *file = g_strconcat (dir, ".json", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_cmpint (gk_test_cli_run (f, NULL, "dump", "--force", "-o", file, "--data-dir", dir,
                                    NULL), ==, 0);
  g_file_get_contents (file, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

gint64
gk_test_cli_count_outbox (const char *dir)
{
  g_autofree char *db = g_build_filename (dir, "gongkai.db", NULL);

  return gk_test_query_int (db, "SELECT count(*) FROM outbox");
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  JsonObject *x = json_node_get_object (*(JsonNode **) a);
  JsonObject *y = json_node_get_object (*(JsonNode **) b);

  return strcmp (json_object_get_string_member (x, "id"),
                 json_object_get_string_member (y, "id"));
}

char *
gk_test_cli_dump_sorted (GkTestCli  *f,
                         const char *dir)
{
  g_autofree char *text = gk_test_cli_dump (f, dir);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  JsonObject *root;
  JsonArray *items;
  JsonArray *sorted = json_array_new ();

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  items = json_object_get_array_member (root, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);

      json_object_remove_member (json_node_get_object (node), "position");
      g_ptr_array_add (nodes, node);
    }
  g_ptr_array_sort (nodes, compare_ids);
  for (guint i = 0; i < nodes->len; i++)
    json_array_add_element (sorted, json_node_copy (g_ptr_array_index (nodes, i)));
  json_object_set_array_member (root, "items", sorted);
  return json_to_string (json_parser_get_root (parser), TRUE);
}

void
gk_test_cli_assert_same_dumps (GkTestCli *f)
{
  g_autofree char *a = gk_test_cli_dump_sorted (f, f->a);
  g_autofree char *b = gk_test_cli_dump_sorted (f, f->b);

  g_assert_cmpstr (a, ==, b);
}

/* A catalog of three new items (new ids every time), for one cut. */
char *
gk_test_cli_write_small_catalog (GkTestCli *f,
                                 guint      round)
{
  g_autofree char *name = g_strdup_printf ("cut-%u.json", round);
  char *path = gk_test_cli_path_in (f, name);
  g_autoptr(GkCatalog) catalog = gk_catalog_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  const char * const levels[] = { "县级", "乡级", NULL };

  gk_catalog_set_unit_name (catalog, "某某县");
  gk_catalog_set_levels (catalog, levels);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GkItem) item = gk_item_new ("20");
      g_autofree char *level2 = g_strdup_printf ("第 %u 轮第 %u 项", round, i);

      gk_item_set_text (item, GK_FIELD_LEVEL1, "最低生活保障");
      gk_item_set_text (item, GK_FIELD_LEVEL2, level2);
      gk_item_set_position (item, (int) i);
      gk_catalog_add_item (catalog, item);
    }
  g_assert_true (gk_catalog_save_to_file (catalog, file, NULL, &error));
  g_assert_no_error (error);
  return path;
}

/**
 * gk_test_cli_init:
 * @argc: (inout): main()'s
 * @argv: (inout): main()'s: the options, then the gongkai-server and the
 *   gongkai-cli binaries
 *
 * Starts a test program of gongkai-cli on the county's server.
 *
 * Returns: the gongkai-server binary, for gk_test_cli_add()
 */
const char *
gk_test_cli_init (int    *argc,
                  char ***argv)
{
  const char *program;

  g_test_init (argc, argv, NULL);
  program = gk_test_get_program (*argc, *argv, "gongkai-server");
  if (*argc < 3)
    g_error ("Usage: %s [OPTION…] PATH-TO-gongkai-server PATH-TO-gongkai-cli", (*argv)[0]);
  gk_test_cli = (*argv)[2];
  return program;
}

/**
 * gk_test_cli_add:
 * @path: the test's path
 * @program: what gk_test_cli_init() returned
 * @test: the test, on a #GkTestCli set up with the county's server running
 */
void
gk_test_cli_add (const char       *path,
                 const char       *program,
                 GTestFixtureFunc  test)
{
  g_test_add_vtable (path, sizeof (GkTestCli), program, (GTestFixtureFunc) gk_test_cli_set_up,
                     test, (GTestFixtureFunc) gk_test_cli_tear_down);
}
