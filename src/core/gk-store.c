/* gk-store.c: the editor's local SQLite store (DESIGN §6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-catalog-json.h"
#include "gk-store-private.h"

/*
 * Every change is a row of the history table holding the item before and
 * after it as canonical JSON; rows saved together share a step number,
 * which is what undo and redo work on. A new change after an undo drops
 * (but keeps, for the audit) the steps that could have been redone.
 */

typedef enum
{
  COLUMN_ID,
  COLUMN_TEXT,
  COLUMN_CHANNELS,
  COLUMN_AUDIENCE,
  COLUMN_METHOD,
  COLUMN_LEVELS,
  COLUMN_POSITION,
  COLUMN_CREATED,
  COLUMN_MODIFIED,
} ColumnKind;

typedef struct
{
  ColumnKind kind;
  GkField    field;
} Column;

/* The order of item_columns[]. */
#define ITEM_COLUMNS \
  "id, domain, level1, level2, level3, code, content, basis, time_limit, subject, " \
  "channels, channel_other, audience, audience_desc, method, levels, " \
  "web_column, web_url, notes, position, created, modified"

static const Column item_columns[] = {
  { COLUMN_ID, GK_FIELD_DOMAIN },
  { COLUMN_TEXT, GK_FIELD_DOMAIN },
  { COLUMN_TEXT, GK_FIELD_LEVEL1 },
  { COLUMN_TEXT, GK_FIELD_LEVEL2 },
  { COLUMN_TEXT, GK_FIELD_LEVEL3 },
  { COLUMN_TEXT, GK_FIELD_CODE },
  { COLUMN_TEXT, GK_FIELD_CONTENT },
  { COLUMN_TEXT, GK_FIELD_BASIS },
  { COLUMN_TEXT, GK_FIELD_TIME_LIMIT },
  { COLUMN_TEXT, GK_FIELD_SUBJECT },
  { COLUMN_CHANNELS, GK_FIELD_CHANNELS },
  { COLUMN_TEXT, GK_FIELD_CHANNEL_OTHER },
  { COLUMN_AUDIENCE, GK_FIELD_AUDIENCE },
  { COLUMN_TEXT, GK_FIELD_AUDIENCE_DESC },
  { COLUMN_METHOD, GK_FIELD_METHOD },
  { COLUMN_LEVELS, GK_FIELD_LEVELS },
  { COLUMN_TEXT, GK_FIELD_WEB_COLUMN },
  { COLUMN_TEXT, GK_FIELD_WEB_URL },
  { COLUMN_TEXT, GK_FIELD_NOTES },
  { COLUMN_POSITION, GK_FIELD_DOMAIN },
  { COLUMN_CREATED, GK_FIELD_DOMAIN },
  { COLUMN_MODIFIED, GK_FIELD_DOMAIN },
};

/* The changes of one transaction. */
typedef struct
{
  gint64    step;
  gint64    now;
  guint     n_rows;    /* history rows written */
  char     *author;
} Step;

enum {
  PROP_0,
  PROP_DATA_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (gk-store-error-quark, gk_store_error)

G_DEFINE_FINAL_TYPE (GkStore, gk_store, G_TYPE_OBJECT)

static void
clear_statements (GkStore *self)
{
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
  clear_statements (self);
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

static gboolean
prepare_statements (GkStore  *self,
                    GError  **error)
{
  return prepare (self, "SELECT " ITEM_COLUMNS " FROM items WHERE id = ?",
                  &self->select_item, error)
         && prepare (self,
                     "INSERT OR REPLACE INTO items (" ITEM_COLUMNS ") VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     &self->write_item, error)
         && prepare (self, "DELETE FROM items WHERE id = ?", &self->delete_item, error)
         && prepare (self,
                     "INSERT INTO history (step, item_id, before_json, after_json, at, author) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     &self->insert_history, error);
}

/* Runs a statement that returns one integer. */
static gboolean
query_int64 (GkStore     *self,
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

static void
refresh_flags (GkStore *self)
{
  gint64 can_undo = 0, can_redo = 0;

  query_int64 (self, "SELECT EXISTS (SELECT 1 FROM history WHERE state = 'done')",
               &can_undo, NULL);
  query_int64 (self, "SELECT EXISTS (SELECT 1 FROM history WHERE state = 'undone')",
               &can_redo, NULL);
  g_atomic_int_set (&self->can_undo, can_undo != 0);
  g_atomic_int_set (&self->can_redo, can_redo != 0);
}

static gboolean
check_open (GkStore  *self,
            GError  **error)
{
  if (self->db != NULL)
    return TRUE;

  g_set_error_literal (error, GK_STORE_ERROR, GK_STORE_ERROR_NOT_OPEN,
                       _("The database is not open."));
  return FALSE;
}

/**
 * gk_store_open:
 * @self: a store
 * @error: return location for a #GError
 *
 * Opens the database, creating its directory and file if needed and
 * bringing it to the current schema. An unusable file is set aside first
 * (see gk_store_get_set_aside_path()). Opening an open store does nothing.
 *
 * Returns: whether the store is open
 */
gboolean
gk_store_open (GkStore  *self,
               GError  **error)
{
  gint64 n_history = 0;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->db != NULL)
    return TRUE;

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, GK_STORE_ERROR, GK_STORE_ERROR_IO,
                   _("Could not create the folder “%s”: %s"),
                   self->data_dir, g_strerror (saved_errno));
      return FALSE;
    }

  g_clear_pointer (&self->set_aside_path, g_free);
  g_clear_pointer (&self->set_aside_reason, g_free);
  self->db = gk_store_schema_open (self->path, &self->set_aside_path,
                                   &self->set_aside_reason, error);
  if (self->db == NULL)
    return FALSE;

  if (!prepare_statements (self, error)
      || !query_int64 (self, "SELECT count(*) FROM history", &n_history, error))
    {
      clear_statements (self);
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  g_atomic_int_set (&self->n_history, (int) n_history);
  refresh_flags (self);
  return TRUE;
}

static char *
levels_to_json (const char * const *levels)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; levels != NULL && levels[i] != NULL; i++)
    json_builder_add_string_value (builder, levels[i]);
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);

  return json_to_string (node, FALSE);
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
bind_item (sqlite3_stmt *stmt,
           GkItem       *item)
{
  for (guint i = 0; i < G_N_ELEMENTS (item_columns); i++)
    {
      const Column *column = &item_columns[i];
      int n = i + 1;

      switch (column->kind)
        {
        case COLUMN_ID:
          sqlite3_bind_text (stmt, n, gk_item_get_id (item), -1, SQLITE_STATIC);
          break;
        case COLUMN_TEXT:
          sqlite3_bind_text (stmt, n, gk_item_get_text (item, column->field), -1,
                             SQLITE_STATIC);
          break;
        case COLUMN_CHANNELS:
          sqlite3_bind_int64 (stmt, n, gk_item_get_channels (item));
          break;
        case COLUMN_AUDIENCE:
          sqlite3_bind_int64 (stmt, n, gk_item_get_audience (item));
          break;
        case COLUMN_METHOD:
          sqlite3_bind_int64 (stmt, n, gk_item_get_method (item));
          break;
        case COLUMN_LEVELS:
          sqlite3_bind_text (stmt, n, levels_to_json (gk_item_get_levels (item)), -1, g_free);
          break;
        case COLUMN_POSITION:
          sqlite3_bind_int64 (stmt, n, gk_item_get_position (item));
          break;
        case COLUMN_CREATED:
          sqlite3_bind_int64 (stmt, n, gk_item_get_created (item));
          break;
        case COLUMN_MODIFIED:
          sqlite3_bind_int64 (stmt, n, gk_item_get_modified (item));
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
read_column (GkItem       *item,
             sqlite3_stmt *stmt,
             int           n)
{
  const Column *column = &item_columns[n];
  g_auto(GStrv) levels = NULL;
  const char *text;

  switch (column->kind)
    {
    case COLUMN_TEXT:
      /* A new item's texts are all empty already; most optional ones stay so. */
      text = (const char *) sqlite3_column_text (stmt, n);
      if (column->field != GK_FIELD_DOMAIN && text != NULL && *text != '\0')
        gk_item_set_text (item, column->field, text);
      break;
    case COLUMN_CHANNELS:
      gk_item_set_channels (item, (guint) sqlite3_column_int64 (stmt, n));
      break;
    case COLUMN_AUDIENCE:
      gk_item_set_audience (item, (GkAudience) sqlite3_column_int64 (stmt, n));
      break;
    case COLUMN_METHOD:
      gk_item_set_method (item, (GkMethod) sqlite3_column_int64 (stmt, n));
      break;
    case COLUMN_LEVELS:
      levels = levels_from_json ((const char *) sqlite3_column_text (stmt, n));
      if (levels != NULL)
        gk_item_set_levels (item, (const char * const *) levels);
      break;
    case COLUMN_POSITION:
      gk_item_set_position (item, (int) sqlite3_column_int64 (stmt, n));
      break;
    case COLUMN_ID:
    case COLUMN_CREATED:
    case COLUMN_MODIFIED:
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Reads the current row of a statement that selects ITEM_COLUMNS. */
static GkItem *
item_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(GkItem) item = NULL;

  item = gk_item_new_with_id ((const char *) sqlite3_column_text (stmt, 0),
                              (const char *) sqlite3_column_text (stmt, 1));
  for (guint i = 2; i < G_N_ELEMENTS (item_columns); i++)
    read_column (item, stmt, i);
  gk_item_set_times (item,
                     sqlite3_column_int64 (stmt, G_N_ELEMENTS (item_columns) - 2),
                     sqlite3_column_int64 (stmt, G_N_ELEMENTS (item_columns) - 1));

  return g_steal_pointer (&item);
}

/* Sets @item to the stored item, or NULL when there is none. */
static gboolean
select_item (GkStore     *self,
             const char  *id,
             GkItem     **item,
             GError     **error)
{
  int rc;

  *item = NULL;
  sqlite3_bind_text (self->select_item, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (self->select_item);
  if (rc == SQLITE_ROW)
    *item = item_from_row (self->select_item);
  sqlite3_reset (self->select_item);
  sqlite3_clear_bindings (self->select_item);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  return gk_store_set_error (self->db, error);
}

static gboolean
step_statement (GkStore       *self,
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

static gboolean
write_item (GkStore  *self,
            GkItem   *item,
            GError  **error)
{
  bind_item (self->write_item, item);
  return step_statement (self, self->write_item, error);
}

static gboolean
remove_item (GkStore     *self,
             const char  *id,
             GError     **error)
{
  sqlite3_bind_text (self->delete_item, 1, id, -1, SQLITE_STATIC);
  return step_statement (self, self->delete_item, error);
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

  if (check_open (self, error))
    select_item (self, id, &item, error);
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
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  if (!check_open (self, error))
    return NULL;

  catalog = gk_catalog_new ();
  if (!load_meta (self, catalog, error))
    return NULL;

  if (sqlite3_prepare_v2 (self->db,
                          /* The index holds exactly this order: no sort. */
                          "SELECT " ITEM_COLUMNS " FROM items "
                          "ORDER BY domain, position, rowid",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      gk_store_set_error (self->db, error);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GkItem) item = item_from_row (stmt);

      gk_catalog_add_item (catalog, item);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      gk_store_set_error (self->db, error);
      return NULL;
    }

  return g_steal_pointer (&catalog);
}

static gboolean
write_meta (GkStore    *self,
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

static gboolean
begin (GkStore  *self,
       Step     *step,
       GError  **error)
{
  memset (step, 0, sizeof *step);

  if (!gk_store_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!query_int64 (self, "SELECT coalesce (max (step), 0) + 1 FROM history",
                    &step->step, error))
    {
      gk_store_exec (self->db, "ROLLBACK", NULL);
      return FALSE;
    }

  step->now = g_get_real_time ();
  g_mutex_lock (&self->author_lock);
  step->author = g_strdup (self->author);
  g_mutex_unlock (&self->author_lock);
  return TRUE;
}

/* Commits when @ok, else rolls back; returns whether the step is saved. */
static gboolean
end (GkStore   *self,
     Step      *step,
     gboolean   ok,
     GError   **error)
{
  if (ok && gk_store_exec (self->db, "COMMIT", error))
    {
      g_atomic_int_add (&self->n_history, (int) step->n_rows);
      ok = TRUE;
    }
  else
    {
      gk_store_exec (self->db, "ROLLBACK", NULL);
      ok = FALSE;
    }

  g_clear_pointer (&step->author, g_free);
  refresh_flags (self);
  return ok;
}

static char *
item_to_json_text (GkItem *item)
{
  g_autoptr(JsonNode) node = NULL;

  if (item == NULL)
    return NULL;
  node = gk_item_to_json (item);
  return json_to_string (node, FALSE);
}

static gboolean
record (GkStore     *self,
        Step        *step,
        const char  *id,
        char        *before_json,
        char        *after_json,
        GError     **error)
{
  sqlite3_stmt *stmt = self->insert_history;

  /* The first change of a step ends what could be redone. */
  if (step->n_rows == 0
      && !gk_store_exec (self->db,
                         "UPDATE history SET state = 'dropped' WHERE state = 'undone'",
                         error))
    {
      g_free (before_json);
      g_free (after_json);
      return FALSE;
    }

  sqlite3_bind_int64 (stmt, 1, step->step);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, before_json, -1, g_free);
  sqlite3_bind_text (stmt, 4, after_json, -1, g_free);
  sqlite3_bind_int64 (stmt, 5, step->now);
  sqlite3_bind_text (stmt, 6, step->author, -1, SQLITE_STATIC);
  if (!step_statement (self, stmt, error))
    return FALSE;

  step->n_rows++;
  return TRUE;
}

/*
 * Saves @item as part of @step. Its created time is kept from the stored item
 * and its modified time becomes the step's, unless @keep_times (a catalog
 * read from a file): then the item's own times are kept where it has them.
 * Saving an item exactly as stored changes nothing and leaves no history.
 */
static gboolean
save_in_step (GkStore   *self,
              Step      *step,
              GkItem    *item,
              gboolean   keep_times,
              GError   **error)
{
  g_autoptr(GkItem) before = NULL;
  g_autofree char *before_json = NULL;
  gint64 created = gk_item_get_created (item);
  gint64 modified = gk_item_get_modified (item);
  gint64 stored_created, stored_modified;

  if (!select_item (self, gk_item_get_id (item), &before, error))
    return FALSE;

  stored_created = before != NULL ? gk_item_get_created (before) : 0;
  stored_modified = before != NULL ? gk_item_get_modified (before) : step->now;
  if (!keep_times || created <= 0)
    created = stored_created > 0 ? stored_created : (created > 0 ? created : step->now);
  if (!keep_times || modified <= 0)
    modified = stored_modified;

  gk_item_set_times (item, created, modified);
  if (before != NULL)
    {
      if (gk_item_equal (before, item))
        return TRUE;
      before_json = item_to_json_text (before);
      if (!keep_times || modified == stored_modified)
        gk_item_set_times (item, created, step->now);
    }

  return write_item (self, item, error)
         && record (self, step, gk_item_get_id (item), g_steal_pointer (&before_json),
                    item_to_json_text (item), error);
}

static gboolean
delete_in_step (GkStore     *self,
                Step        *step,
                const char  *id,
                GError     **error)
{
  g_autoptr(GkItem) before = NULL;

  if (!select_item (self, id, &before, error))
    return FALSE;
  if (before == NULL)
    return TRUE;

  return remove_item (self, id, error)
         && record (self, step, id, item_to_json_text (before), NULL, error);
}

/**
 * gk_store_save_catalog_info:
 * @self: an open store
 * @catalog: the catalog whose unit, kind, level set and label to store
 * @error: return location for a #GError
 *
 * Stores what describes the catalog (not its items, and not in the
 * history). Once a unit name is stored the first run is done.
 *
 * Returns: whether it was saved
 */
gboolean
gk_store_save_catalog_info (GkStore    *self,
                            GkCatalog  *catalog,
                            GError    **error)
{
  Step step;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (GK_IS_CATALOG (catalog), FALSE);

  if (!check_open (self, error) || !begin (self, &step, error))
    return FALSE;

  return end (self, &step, write_meta (self, catalog, error), error);
}

/**
 * gk_store_save_items:
 * @self: an open store
 * @items: (element-type GkItem): the items to save
 * @error: return location for a #GError
 *
 * Saves all of @items in one transaction as one undo step, setting their
 * created and modified times. Items saved unchanged leave no history; when
 * none changed there is no step, and what could be redone stays.
 *
 * Returns: whether all were saved (on failure none is)
 */
gboolean
gk_store_save_items (GkStore    *self,
                     GPtrArray  *items,
                     GError    **error)
{
  Step step;
  gboolean ok = TRUE;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);

  if (!check_open (self, error) || !begin (self, &step, error))
    return FALSE;

  for (guint i = 0; ok && i < items->len; i++)
    ok = save_in_step (self, &step, g_ptr_array_index (items, i), FALSE, error);

  return end (self, &step, ok, error);
}

/**
 * gk_store_save_item:
 * @self: an open store
 * @item: the item to save
 * @error: return location for a #GError
 *
 * Saves one item as one undo step; see gk_store_save_items().
 *
 * Returns: whether it was saved
 */
gboolean
gk_store_save_item (GkStore  *self,
                    GkItem   *item,
                    GError  **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  g_return_val_if_fail (GK_IS_ITEM (item), FALSE);

  g_ptr_array_add (items, item);
  return gk_store_save_items (self, items, error);
}

/**
 * gk_store_delete_item:
 * @self: an open store
 * @id: the UUID of the item to delete
 * @error: return location for a #GError
 *
 * Deletes an item as one undo step. Deleting an item that does not exist
 * does nothing.
 *
 * Returns: whether it was deleted (or did not exist)
 */
gboolean
gk_store_delete_item (GkStore     *self,
                      const char  *id,
                      GError     **error)
{
  Step step;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!check_open (self, error) || !begin (self, &step, error))
    return FALSE;

  return end (self, &step, delete_in_step (self, &step, id, error), error);
}

/* Collects the ids of all stored items. */
static gboolean
select_ids (GkStore     *self,
            GHashTable  *ids,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "SELECT id FROM items", -1, &stmt, NULL) != SQLITE_OK)
    return gk_store_set_error (self->db, error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;
  return gk_store_set_error (self->db, error);
}

static gboolean
replace_in_step (GkStore    *self,
                 Step       *step,
                 GkCatalog  *catalog,
                 GError    **error)
{
  g_autoptr(GHashTable) gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer id;

  if (!write_meta (self, catalog, error) || !select_ids (self, gone, error))
    return FALSE;

  for (guint i = 0; i < gk_catalog_get_n_items (catalog); i++)
    {
      GkItem *item = gk_catalog_get_item (catalog, i);

      g_hash_table_remove (gone, gk_item_get_id (item));
      if (!save_in_step (self, step, item, TRUE, error))
        return FALSE;
    }

  g_hash_table_iter_init (&iter, gone);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      if (!delete_in_step (self, step, id, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * gk_store_replace_catalog:
 * @self: an open store
 * @catalog: the catalog to store
 * @error: return location for a #GError
 *
 * Makes the store hold exactly @catalog: its description and its items,
 * deleting the stored items it does not have. One transaction, one undo
 * step for the items (the description is not in the history).
 *
 * Returns: whether it was saved (on failure nothing is)
 */
gboolean
gk_store_replace_catalog (GkStore    *self,
                          GkCatalog  *catalog,
                          GError    **error)
{
  Step step;

  g_return_val_if_fail (GK_IS_STORE (self), FALSE);
  g_return_val_if_fail (GK_IS_CATALOG (catalog), FALSE);

  if (!check_open (self, error) || !begin (self, &step, error))
    return FALSE;

  return end (self, &step, replace_in_step (self, &step, catalog, error), error);
}

static void
clear_item (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

/* Puts the item of @json back, or deletes @id when @json is NULL. */
static gboolean
restore (GkStore     *self,
         const char  *id,
         const char  *json,
         GHashTable  *touched,
         GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GkItem) item = NULL;

  if (json == NULL)
    {
      g_hash_table_replace (touched, g_strdup (id), NULL);
      return remove_item (self, id, error);
    }

  node = json_from_string (json, error);
  if (node == NULL)
    return FALSE;
  item = gk_item_new_from_json (node, id, error);
  if (item == NULL)
    return FALSE;

  g_hash_table_replace (touched, g_strdup (id), g_object_ref (item));
  return write_item (self, item, error);
}

/*
 * Applies one side of the rows of the step chosen by @pick_sql and gives
 * them @new_state. Undo walks the rows backwards, restoring "before"; redo
 * walks them forwards, applying "after".
 */
static gboolean
apply_step (GkStore     *self,
            const char  *pick_sql,
            gboolean     undo,
            GHashTable  *touched,
            GError     **error)
{
  g_autofree char *rows_sql = NULL;
  g_autofree char *mark_sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  gint64 step = 0;
  int rc = SQLITE_DONE;

  if (!query_int64 (self, pick_sql, &step, error))
    return FALSE;
  if (step == 0)
    return TRUE;

  rows_sql = g_strdup_printf ("SELECT item_id, %s FROM history "
                              "WHERE step = %" G_GINT64_FORMAT " AND state = '%s' "
                              "ORDER BY id %s",
                              undo ? "before_json" : "after_json", step,
                              undo ? "done" : "undone", undo ? "DESC" : "ASC");
  mark_sql = g_strdup_printf ("UPDATE history SET state = '%s' "
                              "WHERE step = %" G_GINT64_FORMAT " AND state = '%s'",
                              undo ? "undone" : "done", step, undo ? "done" : "undone");

  if (sqlite3_prepare_v2 (self->db, rows_sql, -1, &stmt, NULL) != SQLITE_OK)
    return gk_store_set_error (self->db, error);

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ok = restore (self, (const char *) sqlite3_column_text (stmt, 0),
                  (const char *) sqlite3_column_text (stmt, 1), touched, error);
  if (ok && rc != SQLITE_DONE)
    ok = gk_store_set_error (self->db, error);
  sqlite3_finalize (stmt);

  return ok && gk_store_exec (self->db, mark_sql, error);
}

static GHashTable *
undo_or_redo (GkStore   *self,
              gboolean   undo,
              GError   **error)
{
  g_autoptr(GHashTable) touched = NULL;
  Step step;
  gboolean ok;

  if (!check_open (self, error) || !begin (self, &step, error))
    return NULL;

  touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, clear_item);
  ok = apply_step (self,
                   undo
                   ? "SELECT coalesce (max (step), 0) FROM history WHERE state = 'done'"
                   : "SELECT coalesce (min (step), 0) FROM history WHERE state = 'undone'",
                   undo, touched, error);

  if (!end (self, &step, ok, error) || g_hash_table_size (touched) == 0)
    return NULL;
  return g_steal_pointer (&touched);
}

/**
 * gk_store_undo:
 * @self: an open store
 * @error: return location for a #GError
 *
 * Undoes the latest step that is done: every item it touched is put back
 * as it was before (or deleted if it did not exist).
 *
 * Returns: (transfer full) (nullable) (element-type utf8 GkItem): the
 *   touched items by id, with %NULL for deleted ones; %NULL without @error
 *   when there was nothing to undo
 */
GHashTable *
gk_store_undo (GkStore  *self,
               GError  **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return undo_or_redo (self, TRUE, error);
}

/**
 * gk_store_redo:
 * @self: an open store
 * @error: return location for a #GError
 *
 * Redoes the earliest undone step; see gk_store_undo().
 *
 * Returns: (transfer full) (nullable) (element-type utf8 GkItem): the
 *   touched items by id, %NULL without @error when there was nothing to redo
 */
GHashTable *
gk_store_redo (GkStore  *self,
               GError  **error)
{
  g_return_val_if_fail (GK_IS_STORE (self), NULL);

  return undo_or_redo (self, FALSE, error);
}

/**
 * gk_store_can_undo:
 * @self: a store
 *
 * Safe to call from the main thread while the worker runs.
 *
 * Returns: whether a step can be undone (as of the last finished work)
 */
gboolean
gk_store_can_undo (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  return g_atomic_int_get (&self->can_undo);
}

/**
 * gk_store_can_redo:
 * @self: a store
 *
 * Returns: whether a step can be redone (as of the last finished work)
 */
gboolean
gk_store_can_redo (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), FALSE);

  return g_atomic_int_get (&self->can_redo);
}

/**
 * gk_store_get_n_history:
 * @self: a store
 *
 * Returns: the number of history rows (one per item per change, whether
 *   done, undone or dropped)
 */
guint
gk_store_get_n_history (GkStore *self)
{
  g_return_val_if_fail (GK_IS_STORE (self), 0);

  return (guint) g_atomic_int_get (&self->n_history);
}
