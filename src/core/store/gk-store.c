/* gk-store.c: the editor's local SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-catalog-json.h"
#include "gk-item-private.h"
#include "gk-json-out.h"
#include "gk-store-private.h"

/*
 * The object, opening, and reading and writing rows of the items table; the
 * changes and their history are in gk-store-history.c.
 */

/* The columns of the items table: the id, one per field of
 * gk-field-table.h (its key is the column's name), the position, the
 * owning department and the times. */
#define COLUMN_ID          0
#define COLUMN_OF(field)   (1 + (int) (field))
#define COLUMN_POSITION    (1 + GK_N_FIELDS)
#define COLUMN_DEPT        (2 + GK_N_FIELDS)
#define COLUMN_CREATED     (3 + GK_N_FIELDS)
#define COLUMN_MODIFIED    (4 + GK_N_FIELDS)
#define N_ITEM_COLUMNS     (5 + GK_N_FIELDS)

static const char field_columns[] =
  "id"
#define GK_FIELD_ROW(NAME, key, kind, label) ", " key
#include "gk-field-table.h"
  ", position";

/* After field_columns. Schemas 1 and 2, which a read-only open reads as
 * they are, have no department column: their items have none. */
#define OTHER_COLUMNS      ", dept, created, modified"
#define OTHER_COLUMNS_V2   ", '' AS dept, created, modified"

enum {
  PROP_0,
  PROP_DATA_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (gk-store-error-quark, gk_store_error)

G_DEFINE_FINAL_TYPE (GkStore, gk_store, G_TYPE_OBJECT)

void
gk_store_clear_statements (GkStore *self)
{
  g_clear_pointer (&self->select_columns, g_free);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->select_item, sqlite3_finalize);
  g_clear_pointer (&self->write_item, sqlite3_finalize);
  g_clear_pointer (&self->delete_item, sqlite3_finalize);
  g_clear_pointer (&self->insert_history, sqlite3_finalize);
}

static void
gk_store_dispose (GObject *object)
{
  GkStore *self = (GkStore *) object;

  /* Queued saves were acknowledged to nobody yet, but the user made them. */
  gk_store_stop_worker (self);
  gk_store_clear_statements (self);
  g_clear_pointer (&self->db, sqlite3_close);

  G_OBJECT_CLASS (gk_store_parent_class)->dispose (object);
}

static void
gk_store_finalize (GObject *object)
{
  GkStore *self = (GkStore *) object;

  g_free (self->data_dir);
  g_free (self->path);
  g_free (self->set_aside_path);
  g_free (self->set_aside_reason);
  g_free (self->read_only_reason);
  g_free (self->author);
  g_mutex_clear (&self->author_lock);

  G_OBJECT_CLASS (gk_store_parent_class)->finalize (object);
}

static void
gk_store_constructed (GObject *object)
{
  GkStore *self = (GkStore *) object;

  G_OBJECT_CLASS (gk_store_parent_class)->constructed (object);

  if (self->data_dir == NULL)
    self->data_dir = gk_store_dup_default_data_dir ();
  self->path = g_build_filename (self->data_dir, "gongkai.db", NULL);
}

static void
gk_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  GkStore *self = GK_STORE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_store_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  GkStore *self = GK_STORE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      self->data_dir = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_store_class_init (GkStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gk_store_dispose;
  object_class->finalize = gk_store_finalize;
  object_class->constructed = gk_store_constructed;
  object_class->get_property = gk_store_get_property;
  object_class->set_property = gk_store_set_property;

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gk_store_init (GkStore *self)
{
  g_mutex_init (&self->author_lock);
  self->author = g_strdup (g_get_user_name ());
}

/**
 * gk_store_new:
 * @data_dir: (nullable): the directory of `gongkai.db`, or %NULL for
 *   gk_store_dup_default_data_dir()
 *
 * Creates a store; nothing is read or created before gk_store_open() or
 * gk_store_open_async().
 *
 * Returns: (transfer full): a new store
 */
GkStore *
gk_store_new (const char *data_dir)
{
  return g_object_new (GK_TYPE_STORE, "data-dir", data_dir, NULL);
}

/**
 * gk_store_dup_default_data_dir:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/gongkai`, the editor's data directory
 */
char *
gk_store_dup_default_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "gongkai", NULL);
}

/**
 * gk_store_get_data_dir:
 * @self: a store
 *
 * Returns: (transfer none): the directory of the database
 */
const char *
gk_store_get_data_dir (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return self->data_dir;
}

/**
 * gk_store_get_path:
 * @self: a store
 *
 * Returns: (transfer none): the database file
 */
const char *
gk_store_get_path (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return self->path;
}

/**
 * gk_store_get_set_aside_path:
 * @self: a store
 *
 * Returns: (transfer none) (nullable): where an unusable database found by
 *   the last open was moved, or %NULL
 */
const char *
gk_store_get_set_aside_path (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return self->set_aside_path;
}

/**
 * gk_store_get_set_aside_reason:
 * @self: a store
 *
 * Returns: (transfer none) (nullable): a translated sentence saying why the
 *   database was set aside, or %NULL
 */
const char *
gk_store_get_set_aside_reason (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return self->set_aside_reason;
}

/**
 * gk_store_get_read_only_reason:
 * @self: a store
 *
 * Returns: (transfer none) (nullable): when the store is open read-only, a
 *   translated sentence saying why; %NULL when changes can be saved
 */
const char *
gk_store_get_read_only_reason (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return self->read_only_reason;
}

/**
 * gk_store_set_author:
 * @self: a store
 * @author: (nullable): who makes the following changes, for the history
 *
 * The author defaults to the login name.
 */
void
gk_store_set_author (GkStore    *self,
                     const char *author)
{
  g_return_if_fail (GK_IS_STORE (self));

  g_mutex_lock (&self->author_lock);
  g_free (self->author);
  self->author = g_strdup (author);
  g_mutex_unlock (&self->author_lock);
}

static gboolean
prepare (GkStore       *self,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) == SQLITE_OK)
    return TRUE;
  return gk_store_set_error (self->db, error);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* Schema 3 added the department: older files are read-only here. */
static gboolean
has_dept_column (GkStore  *self,
                 gboolean *has_dept,
                 GError  **error)
{
  gint64 n = 0;

  if (!gk_store_query_int64 (self, "SELECT count(*) FROM pragma_table_info ('items') "
                             "WHERE name = 'dept'", &n, error))
    return FALSE;
  *has_dept = n > 0;
  return TRUE;
}

gboolean
gk_store_prepare_statements (GkStore  *self,
                             GError  **error)
{
  g_autofree char *select = NULL;
  g_autoptr(GString) write = g_string_new (NULL);
  g_auto(GStrv) columns = NULL;
  gboolean has_dept;

  if (!has_dept_column (self, &has_dept, error))
    return FALSE;
  self->select_columns = g_strconcat (field_columns,
                                      has_dept ? OTHER_COLUMNS : OTHER_COLUMNS_V2, NULL);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
  select = g_strdup_printf ("SELECT %s FROM items WHERE id = ?", self->select_columns);
  if (!prepare (self, select, &self->select_item, error))
    return FALSE;
  if (!has_dept)
    return TRUE;

  /* An upsert, not INSERT OR REPLACE: a replaced row is deleted and
   * inserted anew, at the end of the table and of both its indexes; an
   * updated one stays where it is (a sync takes the server's times for
   * thousands of items). */
  columns = g_strsplit (field_columns + strlen ("id, "), ", ", -1);
  g_string_printf (write, "INSERT INTO items (%s" OTHER_COLUMNS ") VALUES (?",
                   field_columns);
  for (guint i = 1; i < N_ITEM_COLUMNS; i++)
    g_string_append (write, ", ?");
  g_string_append (write, ") ON CONFLICT (id) DO UPDATE SET dept = excluded.dept, "
                   "created = excluded.created, modified = excluded.modified");
  for (guint i = 0; columns[i] != NULL; i++)
    g_string_append_printf (write, ", %s = excluded.%s", columns[i], columns[i]);

  return prepare (self, write->str, &self->write_item, error)
         && prepare (self, "DELETE FROM items WHERE id = ?", &self->delete_item, error)
         && prepare (self,
                     "INSERT INTO history (step, item_id, before_json, after_json, at, author) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     &self->insert_history, error);
}

/* Runs a statement that returns one integer. */
gboolean
gk_store_query_int64 (GkStore     *self,
                      const char  *sql,
                      gint64      *value,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      ok = TRUE;
    }
  else
    gk_store_set_error (self->db, error);

  sqlite3_finalize (stmt);
  return ok;
}

void
gk_store_refresh_flags (GkStore *self)
{
  gint64 can_undo = 0, can_redo = 0;

  /* Undo and redo are changes too. */
  if (self->read_only_reason != NULL)
    return;
  gk_store_query_int64 (self,
                        "SELECT EXISTS (SELECT 1 FROM history WHERE state = 'done')",
                        &can_undo, NULL);
  gk_store_query_int64 (self,
                        "SELECT EXISTS (SELECT 1 FROM history WHERE state = 'undone')",
                        &can_redo, NULL);
  g_atomic_int_set (&self->can_undo, can_undo != 0);
  g_atomic_int_set (&self->can_redo, can_redo != 0);
}

gboolean
gk_store_check_open (GkStore  *self,
                     GError  **error)
{
  if (self->db != NULL)
    return TRUE;

  g_set_error_literal (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_OPEN,
                       _("The database is not open."));
  return FALSE;
}

gboolean
gk_store_check_writable (GkStore  *self,
                         GError  **error)
{
  if (!gk_store_check_open (self, error))
    return FALSE;
  if (self->read_only_reason == NULL)
    return TRUE;

  g_set_error_literal (error, GK_STORE_ERROR, GK_STORE_ERROR_READ_ONLY,
                       self->read_only_reason);
  return FALSE;
}

/**
 * gk_store_get_statement:
 * @self: an open store
 * @sql: one statement, the same text on every call from a place
 * @error: return location for a #GError
 *
 * Prepares @sql on first use and keeps it while the store is open. For the
 * sync tables, which are used only when the store syncs (and which a store
 * of an older schema, read-only, lacks). The caller resets it after use
 * (gk_store_step_statement() does).
 *
 * Returns: (transfer none) (nullable): the statement, %NULL on error
 */
sqlite3_stmt *
gk_store_get_statement (GkStore     *self,
                        const char  *sql,
                        GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL && prepare (self, sql, &stmt, error))
    g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

/**
 * gk_store_lookup_text:
 * @self: an open store
 * @sql: a query of one text parameter, kept as gk_store_get_statement() does
 * @key: its parameter
 * @value: (out) (transfer full) (nullable): the first column of its first
 *   row, %NULL when there is none
 * @error: return location for a #GError
 *
 * Returns: whether it could be read
 */
gboolean
gk_store_lookup_text (GkStore     *self,
                      const char  *sql,
                      const char  *key,
                      char       **value,
                      GError     **error)
{
  sqlite3_stmt *stmt = gk_store_get_statement (self, sql, error);
  int rc;

  *value = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || gk_store_set_error (self->db, error);
}

/**
 * gk_store_run_text:
 * @self: an open store
 * @sql: a statement without results, kept as gk_store_get_statement() does
 * @first: (nullable): its parameter ?1, or %NULL
 * @second: (nullable): its parameter ?2, or %NULL
 * @error: return location for a #GError
 *
 * Returns: whether it ran
 */
gboolean
gk_store_run_text (GkStore     *self,
                   const char  *sql,
                   const char  *first,
                   const char  *second,
                   GError     **error)
{
  sqlite3_stmt *stmt = gk_store_get_statement (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
  if (second != NULL)
    sqlite3_bind_text (stmt, 2, second, -1, SQLITE_STATIC);
  return gk_store_step_statement (self, stmt, error);
}

/**
 * gk_store_begin:
 * @self: an open store
 * @error: return location for a #GError
 *
 * Starts a write transaction, which gk_store_end() ends.
 *
 * Returns: whether it started
 */
gboolean
gk_store_begin (GkStore  *self,
                GError  **error)
{
  return gk_store_check_writable (self, error)
         && gk_store_exec (self->db, "BEGIN IMMEDIATE", error);
}

/**
 * gk_store_end:
 * @self: a store in a transaction
 * @ok: whether everything in it was done
 * @error: return location for a #GError
 *
 * Commits when @ok, else rolls back (and leaves @error as it is).
 *
 * Returns: whether the transaction was committed
 */
gboolean
gk_store_end (GkStore   *self,
              gboolean   ok,
              GError   **error)
{
  if (ok && gk_store_exec (self->db, "COMMIT", error))
    return TRUE;

  gk_store_exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

static void
clear_item (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

/**
 * gk_store_new_touched:
 *
 * Returns: (transfer full): an empty table of the items a change touched:
 *   id → #GkItem, or %NULL for an item that no longer exists
 */
GHashTable *
gk_store_new_touched (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, clear_item);
}

static char *
levels_to_json (const char * const *levels)
{
  GString *out = g_string_new (NULL);
  GkJsonOut j;

  gk_json_out_init (&j, out);
  gk_json_out_begin_array (&j);
  for (guint i = 0; levels != NULL && levels[i] != NULL; i++)
    gk_json_out_string (&j, levels[i]);
  gk_json_out_end_array (&j);
  return g_string_free (out, FALSE);
}

/* What levels_to_json() writes: ["县级","乡级"] with nothing escaped. Loading
 * a catalog parses one per item, and a JsonParser costs more than the rest
 * of reading the row. */
static gboolean
parse_plain_levels (const char *text,
                    GPtrArray  *levels)
{
  const char *p = text + 1;

  if (text[0] != '[' || strchr (text, '\\') != NULL)
    return FALSE;

  while (*p == ' ')
    p++;
  if (*p == ']')
    return p[1] == '\0';

  for (;;)
    {
      const char *end;

      if (*p != '"' || (end = strchr (p + 1, '"')) == NULL)
        return FALSE;
      g_ptr_array_add (levels, g_strndup (p + 1, end - p - 1));
      p = end + 1;
      while (*p == ' ')
        p++;
      if (*p == ']')
        return p[1] == '\0';
      if (*p != ',')
        return FALSE;
      p++;
      while (*p == ' ')
        p++;
    }
}

/* Returns NULL for text that is not an array of strings. */
static GStrv
levels_from_json (const char *text)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) plain = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (text == NULL)
    return g_strv_builder_end (builder);
  if (parse_plain_levels (text, plain))
    {
      g_ptr_array_set_free_func (plain, NULL);
      g_ptr_array_add (plain, NULL);
      return (GStrv) g_ptr_array_free (g_steal_pointer (&plain), FALSE);
    }

  node = json_from_string (text, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *level = json_array_get_string_element (array, i);

      if (level != NULL)
        g_strv_builder_add (builder, level);
    }
  return g_strv_builder_end (builder);
}

static void
bind_field (sqlite3_stmt *stmt,
            GkItem       *item,
            GkField       field)
{
  int n = COLUMN_OF (field) + 1;

  switch (gk_field_get_kind (field))
    {
    case GK_FIELD_KIND_CHANNELS:
      sqlite3_bind_int64 (stmt, n, gk_item_get_channels (item));
      break;
    case GK_FIELD_KIND_AUDIENCE:
      sqlite3_bind_int64 (stmt, n, gk_item_get_audience (item));
      break;
    case GK_FIELD_KIND_METHOD:
      sqlite3_bind_int64 (stmt, n, gk_item_get_method (item));
      break;
    case GK_FIELD_KIND_LEVELS:
      sqlite3_bind_text (stmt, n, levels_to_json (gk_item_get_levels (item)), -1, g_free);
      break;
    case GK_FIELD_KIND_CODE:
    case GK_FIELD_KIND_TEXT:
    case GK_FIELD_KIND_SHARED:
    default:
      sqlite3_bind_text (stmt, n, gk_item_get_text (item, field), -1, SQLITE_STATIC);
      break;
    }
}

/* Binds the columns of field_columns and OTHER_COLUMNS (numbered from 1
 * in SQLite). */
static void
bind_item (sqlite3_stmt *stmt,
           GkItem       *item)
{
  sqlite3_bind_text (stmt, COLUMN_ID + 1, gk_item_get_id (item), -1, SQLITE_STATIC);
  for (GkField f = 0; f < GK_N_FIELDS; f++)
    bind_field (stmt, item, f);
  sqlite3_bind_int64 (stmt, COLUMN_POSITION + 1, gk_item_get_position (item));
  sqlite3_bind_text (stmt, COLUMN_DEPT + 1, gk_item_get_dept (item), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, COLUMN_CREATED + 1, gk_item_get_created (item));
  sqlite3_bind_int64 (stmt, COLUMN_MODIFIED + 1, gk_item_get_modified (item));
}

/* Most items of a catalog have one of a few level sets: the parsed set of
 * the previous row is kept while the rows repeat its text. */
typedef struct
{
  char  *json;
  GStrv  levels;
} LevelsCache;

static void
levels_cache_clear (LevelsCache *cache)
{
  g_clear_pointer (&cache->json, g_free);
  g_clear_pointer (&cache->levels, g_strfreev);
}

static void
read_levels (GkItem       *item,
             sqlite3_stmt *stmt,
             int           n,
             LevelsCache  *cache)
{
  const char *json = (const char *) sqlite3_column_text (stmt, n);

  if (json == NULL || cache->json == NULL || strcmp (json, cache->json) != 0)
    {
      levels_cache_clear (cache);
      cache->levels = levels_from_json (json);
      cache->json = g_strdup (json);
    }
  if (cache->levels != NULL)
    gk_item_load_levels (item, (const char * const *) cache->levels);
}

/*
 * A row of a domain this version does not know (a newer version's, or an
 * edit by hand) cannot become an item. Reading it is an error, not a row
 * left out: a dump without it would lose it from the copy without a word,
 * the editor could not show that it exists, and replacing the catalog
 * would delete it with a history that cannot say what it was. The error
 * keeps it in the store, unchanged, for a version that knows its domain.
 */
static void
set_unknown_domain_error (GkStore       *self,
                          sqlite3_stmt  *stmt,
                          GError       **error)
{
  g_autoptr(GStrvBuilder) texts = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;
  g_autofree char *what = NULL;
  const int text_columns[] = {
    COLUMN_OF (GK_FIELD_LEVEL1), COLUMN_OF (GK_FIELD_LEVEL2), COLUMN_OF (GK_FIELD_LEVEL3),
    COLUMN_OF (GK_FIELD_CONTENT),
  };

  for (guint i = 0; i < G_N_ELEMENTS (text_columns); i++)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, text_columns[i]);

      if (text != NULL && *text != '\0')
        g_strv_builder_add (texts, text);
    }
  parts = g_strv_builder_end (texts);
  what = g_strjoinv (" / ", parts);

  g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_UNKNOWN_DOMAIN,
               _("“%s” holds an item in the domain “%s”, which this version of Gongkai "
                 "does not know: “%s” (id %s). Nothing was read or changed; a newer version "
                 "of Gongkai may know that domain."),
               self->path,
               (const char *) sqlite3_column_text (stmt, COLUMN_OF (GK_FIELD_DOMAIN)), what,
               (const char *) sqlite3_column_text (stmt, COLUMN_ID));
}

/* Reads the current row of a statement that selects select_columns, straight
 * into the new item: nothing can watch it yet, so without GkItem::changed,
 * but normalized as always (see gk_item_load_text()). */
static GkItem *
item_from_row (GkStore       *self,
               sqlite3_stmt  *stmt,
               LevelsCache   *cache,
               GError       **error)
{
  const char *code = (const char *) sqlite3_column_text (stmt, COLUMN_OF (GK_FIELD_DOMAIN));
  const GkDomain *domain = code != NULL ? gk_domain_lookup (code) : NULL;
  GkItem *item;
  guint channels = 0;
  GkAudience audience = 0;
  GkMethod method = 0;

  if (domain == NULL)
    {
      set_unknown_domain_error (self, stmt, error);
      return NULL;
    }

  item = gk_item_new_for_load ((const char *) sqlite3_column_text (stmt, COLUMN_ID), domain);
  for (GkField f = GK_FIELD_DOMAIN + 1; f < GK_N_FIELDS; f++)
    {
      int n = COLUMN_OF (f);
      const char *text;

      switch (gk_field_get_kind (f))
        {
        case GK_FIELD_KIND_CHANNELS:
          channels = (guint) sqlite3_column_int64 (stmt, n);
          break;
        case GK_FIELD_KIND_AUDIENCE:
          audience = (GkAudience) sqlite3_column_int64 (stmt, n);
          break;
        case GK_FIELD_KIND_METHOD:
          method = (GkMethod) sqlite3_column_int64 (stmt, n);
          break;
        case GK_FIELD_KIND_LEVELS:
          read_levels (item, stmt, n, cache);
          break;
        case GK_FIELD_KIND_CODE:
        case GK_FIELD_KIND_TEXT:
        case GK_FIELD_KIND_SHARED:
        default:
          /* A new item's texts are all empty already; most optional ones stay so. */
          text = (const char *) sqlite3_column_text (stmt, n);
          if (text != NULL && *text != '\0')
            gk_item_load_text (item, f, text);
          break;
        }
    }
  gk_item_load_choices (item, channels, audience, method);
  gk_item_set_position (item, (int) sqlite3_column_int64 (stmt, COLUMN_POSITION));
  gk_item_set_dept (item, (const char *) sqlite3_column_text (stmt, COLUMN_DEPT));
  gk_item_set_times (item, sqlite3_column_int64 (stmt, COLUMN_CREATED),
                     sqlite3_column_int64 (stmt, COLUMN_MODIFIED));

  return item;
}

/* Sets @item to the stored item, or NULL when there is none. */
gboolean
gk_store_select_item (GkStore     *self,
                      const char  *id,
                      GkItem     **item,
                      GError     **error)
{
  LevelsCache cache = { NULL, NULL };
  int rc;

  *item = NULL;
  sqlite3_bind_text (self->select_item, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (self->select_item);
  if (rc == SQLITE_ROW)
    *item = item_from_row (self, self->select_item, &cache, error);
  levels_cache_clear (&cache);
  sqlite3_reset (self->select_item);
  sqlite3_clear_bindings (self->select_item);

  if (rc == SQLITE_ROW)
    return *item != NULL;
  if (rc == SQLITE_DONE)
    return TRUE;
  return gk_store_set_error (self->db, error);
}

/* Runs a statement without results and makes it ready for new bindings. */
gboolean
gk_store_step_statement (GkStore       *self,
                         sqlite3_stmt  *stmt,
                         GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  return gk_store_set_error (self->db, error);
}

gboolean
gk_store_write_item (GkStore  *self,
                     GkItem   *item,
                     GError  **error)
{
  bind_item (self->write_item, item);
  return gk_store_step_statement (self, self->write_item, error);
}

gboolean
gk_store_remove_item (GkStore     *self,
                      const char  *id,
                      GError     **error)
{
  sqlite3_bind_text (self->delete_item, 1, id, -1, SQLITE_STATIC);
  return gk_store_step_statement (self, self->delete_item, error);
}

/**
 * gk_store_load_item:
 * @self: an open store
 * @id: an item's UUID
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the stored item, or %NULL without
 *   @error when there is none
 */
GkItem *
gk_store_load_item (GkStore     *self,
                    const char  *id,
                    GError     **error)
{
  GkItem *item = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (gk_store_check_open (self, error))
    gk_store_select_item (self, id, &item, error);
  return item;
}

static gboolean
load_meta (GkStore    *self,
           GkCatalog  *catalog,
           GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  GkUnitKind kind;
  int rc;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT unit_name, unit_kind, levels, label FROM meta WHERE id = 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return gk_store_set_error (self->db, error);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_auto(GStrv) levels = levels_from_json ((const char *) sqlite3_column_text (stmt, 2));

      gk_catalog_set_unit_name (catalog, (const char *) sqlite3_column_text (stmt, 0));
      if (gk_unit_kind_from_key ((const char *) sqlite3_column_text (stmt, 1), &kind))
        gk_catalog_set_unit_kind (catalog, kind);
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL && levels != NULL)
        gk_catalog_set_levels (catalog, (const char * const *) levels);
      gk_catalog_set_label (catalog, (const char *) sqlite3_column_text (stmt, 3));
    }
  sqlite3_finalize (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  return gk_store_set_error (self->db, error);
}

/**
 * gk_store_load_catalog_info:
 * @self: an open store
 * @error: return location for a #GError
 *
 * The catalog's description alone (unit, kind, levels and label), what
 * gk_store_save_catalog_info() saves, without reading its items.
 *
 * Returns: (transfer full): a catalog without items, or %NULL on error
 */
GkCatalog *
gk_store_load_catalog_info (GkStore  *self,
                            GError  **error)
{
  g_autoptr(GkCatalog) catalog = NULL;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  if (!gk_store_check_open (self, error))
    return NULL;
  catalog = gk_catalog_new ();
  if (!load_meta (self, catalog, error))
    return NULL;
  return g_steal_pointer (&catalog);
}

/**
 * gk_store_load_catalog:
 * @self: an open store
 * @error: return location for a #GError
 *
 * Reads the whole catalog, items in domain order and then in the user's
 * order. Before the first run is done the catalog is empty and has no unit
 * name (gk_catalog_get_unit_name() gives "").
 *
 * Returns: (transfer full): the catalog, or %NULL on error
 */
GkCatalog *
gk_store_load_catalog (GkStore  *self,
                       GError  **error)
{
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GPtrArray) items = NULL;
  LevelsCache cache = { NULL, NULL };
  g_autofree char *select = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  catalog = gk_store_load_catalog_info (self, error);
  if (catalog == NULL)
    return NULL;

  /* The rows are read in the table's order and sorted here. Following the
   * (domain, position) index instead visits the table's pages in the order
   * edits and imports left them, and once the table outgrows SQLite's page
   * cache (2 MiB, about 5,000 items) that reads most pages many times: 40 %
   * slower at 10,000 items whose rows are not in domain order. */
  select = g_strdup_printf ("SELECT %s FROM items", self->select_columns);
  if (sqlite3_prepare_v2 (self->db, select, -1, &stmt, NULL) != SQLITE_OK)
    {
      gk_store_set_error (self->db, error);
      return NULL;
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GkItem *item = item_from_row (self, stmt, &cache, error);

      if (item == NULL)
        break;
      g_ptr_array_add (items, item);
    }
  sqlite3_finalize (stmt);
  levels_cache_clear (&cache);

  /* On SQLITE_ROW a row could not be read, and @error says why. */
  if (rc != SQLITE_DONE)
    {
      if (rc != SQLITE_ROW)
        gk_store_set_error (self->db, error);
      return NULL;
    }

  g_ptr_array_sort (items, gk_item_compare);
  for (guint i = 0; i < items->len; i++)
    gk_catalog_add_item (catalog, g_ptr_array_index (items, i));

  /* The integrity check and the load filled SQLite's page cache (2 MiB)
   * with pages that editing will not read again: the catalog is in memory
   * now, and a save touches a few pages. */
  sqlite3_db_release_memory (self->db);

  return g_steal_pointer (&catalog);
}

gboolean
gk_store_write_meta (GkStore    *self,
                     GkCatalog  *catalog,
                     GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db,
                          "UPDATE meta SET unit_name = ?, unit_kind = ?, levels = ?, label = ? "
                          "WHERE id = 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return gk_store_set_error (self->db, error);

  sqlite3_bind_text (stmt, 1, gk_catalog_get_unit_name (catalog), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, gk_unit_kind_get_key (gk_catalog_get_unit_kind (catalog)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, levels_to_json (gk_catalog_get_levels (catalog)), -1, g_free);
  sqlite3_bind_text (stmt, 4, gk_catalog_get_label (catalog), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;
  return gk_store_set_error (self->db, error);
}
