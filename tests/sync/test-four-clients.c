/* test-four-clients.c: four PCs of two departments changing the same items
 * through the real gongkai-server
 *
 * 民政局 and 教育局 have two PCs each, each with its own store, syncing in
 * process. For several rounds, in a random order, each PC makes random
 * changes and (mostly) syncs: edits of its department's items, often the
 * same items and the same fields the other PC of its department is
 * changing, with different values; new items; deletes; and edits of the
 * other department's items, which the server must refuse. Then every PC
 * syncs until a whole pass of syncs moves nothing.
 *
 * Then: every store holds every item as the server does (but the other
 * department's items it changed: the refused op keeps the PC's change, for
 * the user to see); no refused value reached the server; and every change
 * made is accounted for: it is the field's final value on the server, or
 * in a conflict record, or a PC changed the field again after seeing it.
 * Every delete is done, or in a conflict record.
 *
 * The changes come from the GLib test seed (meson.build fixes it; TAP
 * prints it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gk-test-server.h"
#include "gk-test-sync.h"
#include "gk-test-util.h"

#define N_PCS     4
#define N_ROUNDS  20
#define N_INITIAL 6

/* The fields the PCs edit: texts that no check refuses. */
static const GkField fields[] = { GK_FIELD_CONTENT, GK_FIELD_NOTES, GK_FIELD_LEVEL3,
                                  GK_FIELD_CODE };

typedef struct
{
  guint     pc;
  char     *item_id;
  GkField   field;         /* GK_N_FIELDS for a delete */
  char     *value;
  gboolean  refused;       /* the other department's item */
  gboolean  superseded;    /* a PC changed the field after it had this value */
} Change;

typedef struct
{
  GkTestCounty  county;
  char         *jy2;
  const char   *tokens[N_PCS];
  const char   *depts[N_PCS];
  GkStore      *stores[N_PCS];
  GHashTable   *refused[N_PCS];   /* items each PC changed in vain */
  GPtrArray    *changes;
  GHashTable   *by_value;         /* value → Change */
  char         *server_db;
  guint         n_values;
} Fixture;

static void
change_free (gpointer data)
{
  Change *change = data;

  g_free (change->item_id);
  g_free (change->value);
  g_free (change);
}

static void
set_up (Fixture       *f,
        gconstpointer  program)
{
  gk_test_county_set_up (&f->county, program);
  f->jy2 = gk_test_server_issue_token (&f->county.s, "--dept", "jy", "jy PC-2");
  f->tokens[0] = f->county.mz1;
  f->tokens[1] = f->county.mz2;
  f->tokens[2] = f->county.jy;
  f->tokens[3] = f->jy2;
  for (guint pc = 0; pc < N_PCS; pc++)
    {
      g_autofree char *name = g_strdup_printf ("pc-%u", pc);
      g_autofree char *dir = g_build_filename (f->county.s.tmp, name, NULL);

      f->depts[pc] = pc < 2 ? "mz" : "jy";
      f->stores[pc] = gk_test_open_store (dir);
      f->refused[pc] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  f->changes = g_ptr_array_new_with_free_func (change_free);
  f->by_value = g_hash_table_new (g_str_hash, g_str_equal);
  f->server_db = g_build_filename (f->county.s.data, "gongkai-server.db", NULL);
}

static void
tear_down (Fixture       *f,
           gconstpointer  program)
{
  for (guint pc = 0; pc < N_PCS; pc++)
    {
      g_clear_object (&f->stores[pc]);
      g_hash_table_unref (f->refused[pc]);
    }
  gk_test_county_tear_down (&f->county, program);
  g_free (f->jy2);
  g_hash_table_unref (f->by_value);
  g_ptr_array_unref (f->changes);
  g_free (f->server_db);
}

/* One sync; the only ops refused are edits of the other department's
 * items. Returns whether it moved anything. */
static gboolean
sync_pc (Fixture *f,
         guint    pc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkSyncReport) report = gk_test_sync (f->stores[pc], f->county.s.base,
                                                 f->tokens[pc], &error);

  g_assert_no_error (error);
  for (guint i = 0; i < report->rejected->len; i++)
    {
      GkSyncRejected *rejected = g_ptr_array_index (report->rejected, i);

      if (!g_hash_table_contains (f->refused[pc], rejected->item_id)
          || strstr (rejected->reason, "other_department") == NULL)
        g_error ("PC %u: op %s of item %s refused: %s", pc, rejected->op_id,
                 rejected->item_id, rejected->reason);
    }
  return report->pushed > 0 || report->pulled > 0;
}

static Change *
add_change (Fixture    *f,
            guint       pc,
            const char *item_id,
            GkField     field,
            gboolean    refused)
{
  Change *change = g_new0 (Change, 1);

  change->pc = pc;
  change->item_id = g_strdup (item_id);
  change->field = field;
  change->value = g_strdup_printf ("pc%u-v%u", pc, f->n_values++);
  change->refused = refused;
  g_ptr_array_add (f->changes, change);
  g_hash_table_insert (f->by_value, change->value, change);
  return change;
}

/* A random item of @dept in @pc's store, or NULL. */
static GkItem *
pick_item (Fixture    *f,
           guint       pc,
           const char *dept)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GkCatalog) catalog = gk_store_load_catalog (f->stores[pc], &error);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < gk_catalog_get_n_items (catalog); i++)
    {
      GkItem *item = gk_catalog_get_item (catalog, i);

      if (g_strcmp0 (gk_item_get_dept (item), dept) == 0)
        g_ptr_array_add (items, item);
    }
  if (items->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, g_test_rand_int_range (0, items->len)));
}

static void
save (Fixture *f,
      guint    pc,
      GkItem  *item)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gk_store_save_item (f->stores[pc], item, &error));
  g_assert_no_error (error);
}

static void
create_item (Fixture *f,
             guint    pc,
             guint    round)
{
  g_autoptr(GkItem) item = gk_test_new_item (f->depts[pc], round, f->n_values);
  Change *change = add_change (f, pc, gk_item_get_id (item), GK_FIELD_LEVEL2, FALSE);

  gk_item_set_text (item, GK_FIELD_LEVEL2, change->value);
  save (f, pc, item);
}

/* Sets a field of @item; the value it replaces, if a change made it, was
 * seen and so may be gone. */
static void
edit_item (Fixture *f,
           guint    pc,
           GkItem  *item,
           gboolean refused)
{
  GkField field = refused ? GK_FIELD_NOTES
                          : fields[g_test_rand_int_range (0, G_N_ELEMENTS (fields))];
  Change *seen = g_hash_table_lookup (f->by_value, gk_item_get_text (item, field));
  Change *change = add_change (f, pc, gk_item_get_id (item), field, refused);

  if (seen != NULL)
    seen->superseded = TRUE;
  if (refused)
    g_hash_table_add (f->refused[pc], g_strdup (gk_item_get_id (item)));
  gk_item_set_text (item, field, change->value);
  save (f, pc, item);
}

static void
delete_item (Fixture *f,
             guint    pc,
             GkItem  *item)
{
  g_autoptr(GError) error = NULL;

  /* What the PC deletes, it has seen. */
  for (guint i = 0; i <= G_N_ELEMENTS (fields); i++)
    {
      GkField field = i < G_N_ELEMENTS (fields) ? fields[i] : GK_FIELD_LEVEL2;
      Change *seen = g_hash_table_lookup (f->by_value, gk_item_get_text (item, field));

      if (seen != NULL)
        seen->superseded = TRUE;
    }
  add_change (f, pc, gk_item_get_id (item), GK_N_FIELDS, FALSE);
  g_assert_true (gk_store_delete_item (f->stores[pc], gk_item_get_id (item), &error));
  g_assert_no_error (error);
}

static void
make_changes (Fixture *f,
              guint    pc,
              guint    round)
{
  guint n = g_test_rand_int_range (0, 5);

  for (guint i = 0; i < n; i++)
    {
      gint32 dice = g_test_rand_int_range (0, 100);
      const char *other = pc < 2 ? "jy" : "mz";
      g_autoptr(GkItem) item = pick_item (f, pc, dice < 90 ? f->depts[pc] : other);

      if (dice < 15 || item == NULL)
        {
          if (dice < 90)
            create_item (f, pc, round);
        }
      else if (dice < 80)
        edit_item (f, pc, item, FALSE);
      else if (dice < 90)
        delete_item (f, pc, item);
      else
        edit_item (f, pc, item, TRUE);
    }
}

static gint64
count_where (Fixture    *f,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static gint64
count_where (Fixture    *f,
             const char *format,
             ...)
{
  g_autofree char *sql = NULL;
  va_list ap;

  va_start (ap, format);
  sql = g_strdup_vprintf (format, ap);
  va_end (ap);
  return gk_test_query_int (f->server_db, sql);
}

/* Every change is the final value, in a conflict record, or was seen
 * before it was replaced; refused ones reached nothing. (Values and ids
 * are plain ASCII made here, safe to put into SQL.) */
static void
assert_accounted (Fixture    *f,
                  GkTestView *view)
{
  guint n_final = 0, n_conflict = 0, n_superseded = 0, n_refused = 0, n_deleted = 0;

  for (guint i = 0; i < f->changes->len; i++)
    {
      Change *c = g_ptr_array_index (f->changes, i);
      GkTestServerState *state = g_hash_table_lookup (view->items, c->item_id);
      gint64 in_conflict;

      g_assert_nonnull (state);
      in_conflict = count_where (f, "SELECT count(*) FROM conflict WHERE item_id = '%s' "
                                 "AND instr(fields, '\"%s\"') > 0", c->item_id, c->value);
      if (c->refused)
        {
          g_assert_cmpint (count_where (f, "SELECT count(*) FROM item_rev "
                                        "WHERE instr(fields, '\"%s\"') > 0", c->value),
                           ==, 0);
          g_assert_cmpint (in_conflict, ==, 0);
          n_refused++;
        }
      else if (c->field == GK_N_FIELDS)
        {
          if (!state->deleted
              && count_where (f, "SELECT count(*) FROM conflict WHERE item_id = '%s' "
                              "AND kind = 'delete_changed'", c->item_id) == 0)
            g_error ("PC %u's delete of item %s was lost", c->pc, c->item_id);
          n_deleted++;
        }
      else if (g_strcmp0 (gk_item_get_text (state->item, c->field), c->value) == 0)
        n_final++;
      else if (in_conflict > 0)
        n_conflict++;
      else if (c->superseded)
        n_superseded++;
      else
        g_error ("PC %u's change of %s of item %s to %s was lost", c->pc,
                 gk_field_get_key (c->field), c->item_id, c->value);
    }
  g_test_message ("%u changes: %u final, %u in conflicts, %u replaced after they were "
                  "seen, %u refused, %u deletes", f->changes->len, n_final, n_conflict,
                  n_superseded, n_refused, n_deleted);
  g_assert_cmpuint (n_conflict, >, 0);
  g_assert_cmpuint (n_refused, >, 0);
}

static void
test_four (Fixture       *f,
           gconstpointer  program)
{
  g_autoptr(GkTestView) view = gk_test_view_new (f->county.s.base, f->county.office);
  guint order[N_PCS] = { 0, 1, 2, 3 };
  guint pass;

  for (guint pc = 0; pc < N_PCS; pc++)
    sync_pc (f, pc);
  /* Each department starts with items of its first PC, which all see. */
  for (guint i = 0; i < N_INITIAL; i++)
    {
      create_item (f, 0, 0);
      create_item (f, 2, 0);
    }
  for (guint k = 0; k < 2 * N_PCS; k++)
    sync_pc (f, k % N_PCS);

  for (guint round = 1; round <= N_ROUNDS; round++)
    {
      /* A new order each round; a PC syncs three times in four. */
      for (guint i = N_PCS - 1; i > 0; i--)
        {
          guint j = g_test_rand_int_range (0, i + 1);
          guint t = order[i];

          order[i] = order[j];
          order[j] = t;
        }
      for (guint i = 0; i < N_PCS; i++)
        {
          make_changes (f, order[i], round);
          if (g_test_rand_int_range (0, 4) != 0)
            sync_pc (f, order[i]);
        }
    }

  /* Until a whole pass of syncs moves nothing, bounded. */
  for (pass = 0; pass < 10; pass++)
    {
      gboolean moved = FALSE;

      for (guint pc = 0; pc < N_PCS; pc++)
        moved |= sync_pc (f, pc);
      if (!moved)
        break;
    }
  g_test_message ("quiet after %u passes", pass);
  g_assert_cmpuint (pass, <, 10);

  g_ptr_array_unref (gk_test_view_update (view));
  for (guint pc = 0; pc < N_PCS; pc++)
    {
      g_assert_cmpuint (gk_test_count_unanswered (f->stores[pc]), ==, 0);
      gk_test_view_assert_store_except (view, f->stores[pc], f->refused[pc]);
    }
  assert_accounted (f, view);
  for (guint pc = 0; pc < N_PCS; pc++)
    {
      const char *tokens[] = { f->tokens[0], f->tokens[1], f->tokens[2], f->tokens[3], NULL };

      gk_test_assert_no_token_in_dir (gk_store_get_data_dir (f->stores[pc]), tokens);
    }
}

int
main (int    argc,
      char **argv)
{
  const char *program;

  g_test_init (&argc, &argv, NULL);
  program = gk_test_get_program (argc, argv, "gongkai-server");
  g_test_add ("/four-clients/rounds", Fixture, program, set_up, test_four, tear_down);

  return g_test_run ();
}
