/* gk-server-api.c: the endpoints of /api/v1
 *
 * GET /api/v1/info is here; the others have a file each: push
 * (gk-server-push.c), changes (gk-server-feed.c), conflicts
 * (gk-server-conflict.c), an item's history (gk-server-history.c) and
 * publish (gk-server-publish-route.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-server-api.h"
#include "gk-server-conflict.h"
#include "gk-server-db.h"
#include "gk-server-feed.h"
#include "gk-server-history.h"
#include "gk-server-input.h"
#include "gk-server-publish-route.h"
#include "gk-server-push.h"
#include "gk-text.h"

/* The version of the protocol these endpoints speak. */
#define API_VERSION 1

static gboolean
add_catalog (sqlite3      *db,
             const char   *catalog_id,
             GkJsonOut    *j,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!gk_server_db_prepare (db, "SELECT id, unit, levels FROM catalog WHERE id = ?", &stmt,
                             error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, catalog_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return gk_server_db_set_error (db, error);

  gk_json_out_member (j, "catalog");
  gk_json_out_begin_object (j);
  gk_json_out_string_member (j, "id", (const char *) sqlite3_column_text (stmt, 0));
  gk_json_out_string_member (j, "unit", (const char *) sqlite3_column_text (stmt, 1));
  /* Written by `catalog add` as a JSON array of strings. */
  gk_json_out_member (j, "levels");
  gk_json_out_raw (j, (const char *) sqlite3_column_text (stmt, 2));
  gk_json_out_end_object (j);
  return TRUE;
}

static void
add_dept (GkJsonOut    *j,
          sqlite3_stmt *stmt)
{
  gk_json_out_begin_object (j);
  gk_json_out_string_member (j, "id", (const char *) sqlite3_column_text (stmt, 0));
  gk_json_out_string_member (j, "name", (const char *) sqlite3_column_text (stmt, 1));
  gk_json_out_end_object (j);
}

/* The token's department, or null for the county office. */
static gboolean
add_token_dept (sqlite3             *db,
                const GkServerAuth  *auth,
                GkJsonOut           *j,
                GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  gk_json_out_string_member (j, "role", auth->dept_id != NULL ? "department" : "office");
  gk_json_out_member (j, "department");
  if (auth->dept_id == NULL)
    {
      gk_json_out_string (j, NULL);
      return TRUE;
    }

  if (!gk_server_db_prepare (db, "SELECT id, name FROM dept WHERE id = ?", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, auth->dept_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return gk_server_db_set_error (db, error);

  add_dept (j, stmt);
  return TRUE;
}

static gboolean
add_depts (sqlite3      *db,
           const char   *catalog_id,
           GkJsonOut    *j,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!gk_server_db_prepare (db, "SELECT id, name FROM dept WHERE catalog_id = ? ORDER BY id",
                             &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, catalog_id, -1, SQLITE_STATIC);

  gk_json_out_member (j, "departments");
  gk_json_out_begin_array (j);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_dept (j, stmt);
  gk_json_out_end_array (j);

  return rc == SQLITE_DONE || gk_server_db_set_error (db, error);
}

static void
add_limits (GkJsonOut *j)
{
  gk_json_out_member (j, "limits");
  gk_json_out_begin_object (j);
  gk_json_out_int_member (j, "max_body", GK_SERVER_MAX_BODY);
  gk_json_out_int_member (j, "max_ops", GK_SERVER_MAX_OPS);
  gk_json_out_int_member (j, "max_depth", GK_SERVER_MAX_DEPTH);
  gk_json_out_int_member (j, "max_changes", GK_SERVER_MAX_CHANGES);
  gk_json_out_int_member (j, "max_text_chars", GK_TEXT_MAX_CELL_CHARS);
  gk_json_out_end_object (j);
}

static gboolean
build_info (sqlite3             *db,
            const GkServerAuth  *auth,
            gpointer             data,
            GkJsonOut           *j,
            GError             **error)
{
  gk_json_out_int_member (j, "api", API_VERSION);
  gk_json_out_string_member (j, "token_id", auth->token_id);
  if (!add_token_dept (db, auth, j, error)
      || !add_catalog (db, auth->catalog_id, j, error)
      || !add_depts (db, auth->catalog_id, j, error)
      || !gk_server_conflict_write_tag (db, auth, j, error))
    return FALSE;
  add_limits (j);

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
  if (gk_server_input_refuse_query (msg))
    return;
  gk_server_respond_read (server, msg, auth, build_info, NULL);
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
  gk_server_add_route (server, "POST", "/api/v1/push", TRUE, gk_server_push_handle);
  gk_server_add_route (server, "GET", "/api/v1/changes", FALSE, gk_server_feed_handle);
  gk_server_add_route (server, "GET", "/api/v1/conflicts", FALSE, gk_server_conflict_handle);
  gk_server_add_route (server, "GET", "/api/v1/items/*/history", FALSE,
                       gk_server_history_handle);
  gk_server_add_route (server, "POST", "/api/v1/publish", TRUE, gk_server_publish_handle);
}
