/* gk-server-publish.c: a catalog published as files, for the portal
 *
 * A publication is one snapshot of the catalog (one read transaction, on
 * a connection of its own: it never waits for the writer nor holds it
 * up), its items checked with the core's checks, those with errors held
 * back and the others rendered by the renderer of the editor's preview
 * and the CLI's exports: index.html, a page per domain, catalog.json, the
 * XLSX and the PDF.
 *
 * It is written whole into a new folder beside the last one,
 * published/.CATALOG.new-XXXXXX, and swapped in with one rename
 * (renameat2's RENAME_EXCHANGE: the name never points nowhere), so that a
 * reader sees the old publication or the new one, never half of one, and
 * a publication that fails (a full disk, a renderer's error) leaves the
 * last one as it was. The old folder is deleted afterwards; what a crash
 * leaves of either (".CATALOG.new-*", ".CATALOG.old-*") is deleted by the
 * next publication. One publication of a catalog runs at a time: each
 * holds published/.CATALOG.lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE   /* renameat2() */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gk-catalog-json.h"
#include "gk-export.h"
#include "gk-export-pdf.h"
#include "gk-file.h"
#include "gk-item-json.h"
#include "gk-server-db.h"
#include "gk-server-item.h"
#include "gk-server-lock.h"
#include "gk-server-publish.h"
#include "gk-server-publish-page.h"

/* The catalog read in one transaction. */
typedef struct
{
  GkCatalog *catalog;   /* without items */
  GPtrArray *items;     /* GkItem, not deleted, in the order they were made */
  gint64     seq;
} Snapshot;

static void
snapshot_clear (Snapshot *snapshot)
{
  g_clear_object (&snapshot->catalog);
  g_clear_pointer (&snapshot->items, g_ptr_array_unref);
}

static void
held_back_free (gpointer data)
{
  GkServerHeldBack *held = data;

  g_free (held->item_id);
  g_free (held->dept_id);
  g_ptr_array_unref (held->problems);
  g_free (held);
}

/**
 * gk_server_publication_free:
 * @publication: (nullable): a publication's report
 */
void
gk_server_publication_free (GkServerPublication *publication)
{
  if (publication == NULL)
    return;

  g_free (publication->catalog_id);
  g_clear_pointer (&publication->at, g_date_time_unref);
  g_ptr_array_unref (publication->held_back);
  g_free (publication);
}

/* `catalog add` writes the levels as a JSON array of strings. */
static char **
parse_levels (const char  *json,
              GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_DATABASE,
                   _("The levels of the catalog in the database cannot be read."));
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));

  return g_strv_builder_end (builder);
}

static gboolean
read_catalog (sqlite3     *db,
              const char  *catalog_id,
              Snapshot    *snapshot,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(GStrv) levels = NULL;
  g_autofree char *seq = NULL;
  int rc;

  if (!gk_server_db_prepare (db, "SELECT unit, levels FROM catalog WHERE id = ?", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, catalog_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_NOT_FOUND,
                   _("There is no catalog “%s”."), catalog_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return gk_server_db_set_error (db, error);

  levels = parse_levels ((const char *) sqlite3_column_text (stmt, 1), error);
  if (levels == NULL)
    return FALSE;
  snapshot->catalog = gk_catalog_new ();
  gk_catalog_set_unit_name (snapshot->catalog, (const char *) sqlite3_column_text (stmt, 0));
  gk_catalog_set_levels (snapshot->catalog, (const char * const *) levels);

  seq = gk_server_db_dup_meta (db, "seq", error);
  if (seq == NULL)
    return FALSE;
  snapshot->seq = g_ascii_strtoll (seq, NULL, 10);
  return TRUE;
}

/* In the order the items were made (the seq of their first revision):
 * positions are not synced yet (docs/sync-protocol.md), and an order by
 * the latest change would move an item at every edit. */
static gboolean
read_items (sqlite3     *db,
            const char  *catalog_id,
            Snapshot    *snapshot,
            GError     **error)
{
  static const char sql[] =
    "SELECT item.id, newest.fields FROM item"
    GK_SERVER_ITEM_JOIN_NEWEST
    " JOIN item_rev AS first ON first.item_id = item.id AND first.rev = 1"
    " WHERE item.catalog_id = ? AND item.deleted = 0 ORDER BY first.seq";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!gk_server_db_prepare (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, catalog_id, -1, SQLITE_STATIC);

  snapshot->items = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *fields = (const char *) sqlite3_column_text (stmt, 1);
      g_autoptr(GError) local_error = NULL;
      GkItem *item = gk_item_new_from_data (fields, strlen (fields), NULL, &local_error);

      if (item == NULL)
        {
          g_set_error (error, GK_SERVER_ERROR, GK_SERVER_ERROR_DATABASE,
                       _("Item %s in the database cannot be read: %s"),
                       (const char *) sqlite3_column_text (stmt, 0), local_error->message);
          return FALSE;
        }
      g_ptr_array_add (snapshot->items, item);
    }

  return rc == SQLITE_DONE || gk_server_db_set_error (db, error);
}

static gboolean
read_snapshot (const char  *data_dir,
               const char  *catalog_id,
               Snapshot    *snapshot,
               GError     **error)
{
  sqlite3 *db = gk_server_db_open_reader (data_dir, error);
  gboolean done;

  if (db == NULL)
    return FALSE;

  done = gk_server_db_exec (db, "BEGIN", error)
         && read_catalog (db, catalog_id, snapshot, error)
         && read_items (db, catalog_id, snapshot, error);
  gk_server_db_rollback (db);
  gk_server_db_close (db);

  return done;
}

/* Adds the items without errors to the catalog, the others to the report. */
static void
check_items (Snapshot            *snapshot,
             GkServerPublication *publication)
{
  const char * const *levels = gk_catalog_get_levels (snapshot->catalog);

  for (guint i = 0; i < snapshot->items->len; i++)
    {
      GkItem *item = g_ptr_array_index (snapshot->items, i);
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (
        (GDestroyNotify) gk_diagnostic_free);
      GkServerHeldBack *held;

      if (gk_check_item (item, levels, found) == 0)
        {
          gk_catalog_add_item (snapshot->catalog, item);
          continue;
        }

      held = g_new0 (GkServerHeldBack, 1);
      held->item_id = g_strdup (gk_item_get_id (item));
      held->dept_id = g_strdup (gk_item_get_dept (item));
      held->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_diagnostic_free);
      for (guint d = 0; d < found->len; d++)
        {
          GkDiagnostic *diagnostic = g_ptr_array_index (found, d);

          if (diagnostic->severity == GK_SEVERITY_ERROR)
            g_ptr_array_add (held->problems, gk_diagnostic_copy (diagnostic));
        }
      g_ptr_array_add (publication->held_back, held);
    }
}

static gboolean
write_text (const char  *dir,
            const char  *name,
            const char  *text,
            gsize        length,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return gk_file_replace_contents (file, text, length, NULL, error);
}

static gboolean
write_domain_pages (GkCatalog  *catalog,
                    GPtrArray  *sections,
                    const char *dir,
                    GError    **error)
{
  for (guint i = 0; i < sections->len; i++)
    {
      const GkRenderSection *section = g_ptr_array_index (sections, i);
      GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
      g_autoptr(GString) page = g_string_new (NULL);
      g_autofree char *name = NULL;

      options.domain_code = section->domain->code;
      if (!gk_render_html_append (catalog, &options, page, NULL, error))
        return FALSE;
      gk_server_publish_page_add_nav (page);
      name = g_strconcat (section->domain->code, ".html", NULL);
      if (!write_text (dir, name, page->str, page->len, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_files (GkCatalog   *catalog,
             GDateTime   *at,
             const char  *dir,
             GError     **error)
{
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  g_autoptr(GPtrArray) sections = NULL;
  g_autofree char *json = NULL;
  g_autofree char *index = NULL;
  g_autofree char *xlsx = g_build_filename (dir, GK_SERVER_PUBLISHED_XLSX, NULL);
  g_autofree char *pdf = g_build_filename (dir, GK_SERVER_PUBLISHED_PDF, NULL);
  gboolean downloads = gk_catalog_get_n_items (catalog) > 0;
  gsize length;

  sections = gk_render_dup_sections (catalog, &options, error);
  if (sections == NULL)
    return FALSE;

  json = gk_catalog_to_data (catalog, &length);
  if (!write_text (dir, GK_SERVER_PUBLISHED_JSON, json, length, error)
      || !write_domain_pages (catalog, sections, dir, error))
    return FALSE;
  /* A workbook needs a sheet: an empty catalog has a page and its JSON. */
  if (downloads && (!gk_export_xlsx (catalog, &options, xlsx, error)
                    || !gk_export_pdf (catalog, &options, pdf, error)))
    return FALSE;

  /* Last: its links name only files that are there. */
  index = gk_server_publish_page_index (catalog, sections, at, downloads);
  return write_text (dir, "index.html", index, strlen (index), error);
}

static gboolean
set_folder_error (GError     **error,
                  int          saved_errno,
                  const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not write the publication folder “%s”: %s"), path,
               g_strerror (saved_errno));
  return FALSE;
}

/* Deletes a folder of published files, which holds no folders. */
static void
remove_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

/* What earlier publications of @catalog_id left when they were cut short. */
static void
remove_leftovers (const char *published,
                  const char *catalog_id)
{
  g_autoptr(GDir) dir = g_dir_open (published, 0, NULL);
  g_autofree char *new_prefix = g_strconcat (".", catalog_id, ".new-", NULL);
  g_autofree char *old_prefix = g_strconcat (".", catalog_id, ".old-", NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, new_prefix) && !g_str_has_prefix (name, old_prefix))
        continue;
      path = g_build_filename (published, name, NULL);
      remove_folder (path);
    }
}

static void
sync_folder (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  fsync (fd);
  close (fd);
}

/* Puts @next in @target's place; the old publication, if any, is then at
 * @next, to be deleted. */
static gboolean
swap (const char  *published,
      const char  *next,
      const char  *target,
      const char  *catalog_id,
      GError     **error)
{
  g_autofree char *old = NULL;

  if (renameat2 (AT_FDCWD, next, AT_FDCWD, target, RENAME_EXCHANGE) == 0)
    return TRUE;
  if (errno == ENOENT)
    return g_rename (next, target) == 0
           || set_folder_error (error, errno, target);
  if (errno != EINVAL && errno != ENOSYS)
    return set_folder_error (error, errno, target);

  /* A file system without RENAME_EXCHANGE: for a moment there is no
   * publication (a 404), never half of one. */
  old = g_strdup_printf ("%s/.%s.old-%08x", published, catalog_id, g_random_int ());
  if (g_rename (target, old) != 0)
    return set_folder_error (error, errno, target);
  if (g_rename (next, target) != 0)
    {
      int saved_errno = errno;

      g_rename (old, target);
      return set_folder_error (error, saved_errno, target);
    }
  /* The caller deletes what is at @next. */
  if (g_rename (old, next) != 0)
    remove_folder (old);
  return TRUE;
}

static gboolean
make_published (const char  *published,
                GError     **error)
{
  if (g_mkdir_with_parents (published, 0755) == 0)
    return TRUE;

  return set_folder_error (error, errno, published);
}

/**
 * gk_server_publish_lock:
 * @data_dir: the server's folder
 * @catalog_id: a catalog
 * @error: return location for a #GError: %GK_SERVER_ERROR_BUSY while
 *   another publication of the catalog runs
 *
 * Takes the lock that a publication of @catalog_id holds, without waiting.
 *
 * Returns: the descriptor to give to gk_server_lock_release(), or -1
 */
int
gk_server_publish_lock (const char  *data_dir,
                        const char  *catalog_id,
                        GError     **error)
{
  g_autofree char *published = g_build_filename (data_dir, GK_SERVER_PUBLISHED_DIR, NULL);
  g_autofree char *name = g_strconcat (".", catalog_id, ".lock", NULL);
  g_autofree char *path = g_build_filename (published, name, NULL);
  g_autofree char *busy = g_strdup_printf (_("The catalog “%s” is being published; try again "
                                             "when that publication is done."), catalog_id);

  if (!make_published (published, error))
    return -1;

  return gk_server_lock_take (path, busy, error);
}

/**
 * gk_server_publish:
 * @data_dir: the server's folder
 * @catalog_id: the catalog to publish, whose lock
 *   (gk_server_publish_lock()) the caller holds
 * @error: return location for a #GError
 *
 * Publishes @catalog_id under `DATA/published/CATALOG/`, replacing the last
 * publication whole. Slow (the PDF): never on the main loop.
 *
 * Returns: (transfer full) (nullable): what was published and held back
 */
GkServerPublication *
gk_server_publish (const char  *data_dir,
                   const char  *catalog_id,
                   GError     **error)
{
  g_autoptr(GkServerPublication) publication = g_new0 (GkServerPublication, 1);
  g_autofree char *published = g_build_filename (data_dir, GK_SERVER_PUBLISHED_DIR, NULL);
  g_autofree char *target = g_build_filename (published, catalog_id, NULL);
  g_autofree char *next = NULL;
  Snapshot snapshot = { NULL, NULL, 0 };
  gboolean done;

  publication->catalog_id = g_strdup (catalog_id);
  publication->held_back = g_ptr_array_new_with_free_func (held_back_free);
  publication->at = g_date_time_new_now_utc ();

  if (!read_snapshot (data_dir, catalog_id, &snapshot, error))
    {
      snapshot_clear (&snapshot);
      return NULL;
    }
  publication->seq = snapshot.seq;
  check_items (&snapshot, publication);
  publication->n_items = gk_catalog_get_n_items (snapshot.catalog);

  remove_leftovers (published, catalog_id);
  next = g_strdup_printf ("%s/.%s.new-XXXXXX", published, catalog_id);
  if (g_mkdtemp_full (next, 0755) == NULL)
    {
      set_folder_error (error, errno, next);
      snapshot_clear (&snapshot);
      return NULL;
    }

  done = write_files (snapshot.catalog, publication->at, next, error);
  snapshot_clear (&snapshot);
  if (done)
    {
      sync_folder (next);
      done = swap (published, next, target, catalog_id, error);
    }
  /* The new folder when anything failed, else the old publication. */
  remove_folder (next);
  sync_folder (published);

  return done ? g_steal_pointer (&publication) : NULL;
}
