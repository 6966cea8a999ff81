/* gk-server-api.c: the endpoints of /api/v1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-server-api.h"
#include "gk-server-db.h"
#include "gk-server-response.h"

/* The version of the protocol these endpoints speak. */
#define API_VERSION 1

static gboolean
add_server_id (sqlite3      *db,
               JsonBuilder  *builder,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!gk_server_db_prepare (db, "SELECT value FROM meta WHERE key = 'server_id'", &stmt, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return gk_server_db_set_error (db, error);

  json_builder_set_member_name (builder, "server_id");
  json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
}

static gboolean
add_catalog (sqlite3      *db,
             const char   *catalog_id,
             JsonBuilder  *builder,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonNode *levels;

  if (!gk_server_db_prepare (db, "SELECT id, unit, levels FROM catalog WHERE id = ?", &stmt,
                             error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, catalog_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return gk_server_db_set_error (db, error);
  /* Written by `catalog add` as a JSON array of strings. */
  levels = json_from_string ((const char *) sqlite3_column_text (stmt, 2), error);
  if (levels == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "catalog");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 0));
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 1));
  json_builder_set_member_name (builder, "levels");
  json_builder_add_value (builder, levels);
  json_builder_end_object (builder);
  return TRUE;
}

static void
add_dept (JsonBuilder  *builder,
          sqlite3_stmt *stmt)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 0));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 1));
  json_builder_end_object (builder);
}

/* The token's department, or null for the county office. */
static gboolean
add_token_dept (sqlite3             *db,
                const GkServerAuth  *auth,
                JsonBuilder         *builder,
                GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, auth->dept_id != NULL ? "department" : "office");
  json_builder_set_member_name (builder, "department");
  if (auth->dept_id == NULL)
    {
      json_builder_add_null_value (builder);
      return TRUE;
    }

  if (!gk_server_db_prepare (db, "SELECT id, name FROM dept WHERE id = ?", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, auth->dept_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return gk_server_db_set_error (db, error);

  add_dept (builder, stmt);
  return TRUE;
}

static gboolean
add_depts (sqlite3      *db,
           const char   *catalog_id,
           JsonBuilder  *builder,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!gk_server_db_prepare (db, "SELECT id, name FROM dept WHERE catalog_id = ? ORDER BY id",
                             &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, catalog_id, -1, SQLITE_STATIC);

  json_builder_set_member_name (builder, "departments");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_dept (builder, stmt);
  json_builder_end_array (builder);

  return rc == SQLITE_DONE || gk_server_db_set_error (db, error);
}

static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_limits (JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "limits");
  json_builder_begin_object (builder);
  add_int_member (builder, "max_body", GK_SERVER_MAX_BODY);
  add_int_member (builder, "max_ops", GK_SERVER_MAX_OPS);
  add_int_member (builder, "max_depth", GK_SERVER_MAX_DEPTH);
  json_builder_end_object (builder);
}

static gboolean
build_info (sqlite3             *db,
            const GkServerAuth  *auth,
            JsonBuilder         *builder,
            GError             **error)
{
  json_builder_begin_object (builder);
  if (!add_server_id (db, builder, error))
    return FALSE;
  add_int_member (builder, "api", API_VERSION);
  json_builder_set_member_name (builder, "token_id");
  json_builder_add_string_value (builder, auth->token_id);
  if (!add_token_dept (db, auth, builder, error)
      || !add_catalog (db, auth->catalog_id, builder, error)
      || !add_depts (db, auth->catalog_id, builder, error))
    return FALSE;
  add_limits (builder);
  json_builder_end_object (builder);

  return TRUE;
}

/* GET /api/v1/info: who the server is, whom the token speaks for, and the
 * limits a client must keep to. */
static void
handle_info (GkServer           *server,
             SoupServerMessage  *msg,
             const GkServerAuth *auth,
             const GkJsonValue  *body)
{
  sqlite3 *db = gk_server_get_reader (server);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gboolean built;

  /* One read transaction: the answer is one state of the database. */
  if (!gk_server_db_exec (db, "BEGIN", &error))
    {
      gk_server_respond_error (msg, error);
      return;
    }
  built = build_info (db, auth, builder, &error);
  gk_server_db_rollback (db);
  if (!built)
    {
      gk_server_respond_error (msg, error);
      return;
    }

  root = json_builder_get_root (builder);
  gk_server_respond_json (msg, SOUP_STATUS_OK, root);
}

/* POST /api/v1/push: the route exists so that pushes are held to the
 * limits on bodies (gk-server-input.c) from the start; applying changes
 * is the next step. */
static void
handle_push (GkServer           *server,
             SoupServerMessage  *msg,
             const GkServerAuth *auth,
             const GkJsonValue  *body)
{
  gk_server_respond_problem (msg, SOUP_STATUS_NOT_IMPLEMENTED, GK_PROBLEM_NOT_IMPLEMENTED,
                             _("Not implemented"),
                             _("This server does not accept changes yet."));
}

/**
 * gk_server_api_add_routes:
 * @server: a server
 *
 * Adds the endpoints of /api/v1.
 */
void
gk_server_api_add_routes (GkServer *server)
{
  gk_server_add_route (server, "GET", "/api/v1/info", FALSE, handle_info);
  gk_server_add_route (server, "POST", "/api/v1/push", TRUE, handle_push);
}
