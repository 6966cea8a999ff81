/* gk-server-push.c: POST /api/v1/push
 *
 * On the main loop: the body is read into ops (gk-sync-op.c checks each
 * one's members and values); a push that cannot be read is refused whole
 * (400, or 413 past 200 ops). Then the request waits, paused, while the
 * writer thread applies the ops in one transaction (gk-server-apply.c),
 * and is answered with one result per op once it is committed. The main
 * loop never waits for a commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-server-apply.h"
#include "gk-server-db.h"
#include "gk-server-feed.h"
#include "gk-server-input.h"
#include "gk-server-push.h"
#include "gk-server-response.h"

static void
refuse (SoupServerMessage *msg,
        const char        *detail)
{
  gk_server_respond_problem (msg, SOUP_STATUS_BAD_REQUEST, GK_PROBLEM_INVALID_REQUEST,
                             _("Invalid push"), detail);
}

/* The ops of @body, which must be {"ops": [...]} with 200 ops at most;
 * NULL when @msg was answered. */
static const GkJsonValue *
get_ops (SoupServerMessage *msg,
         const GkJsonValue *body)
{
  const GkJsonValue *ops = body->type == GK_JSON_OBJECT ? gk_json_value_get_member (body, "ops")
                                                        : NULL;
  g_autofree char *detail = NULL;

  if (ops == NULL || ops->type != GK_JSON_ARRAY)
    refuse (msg, _("A push is a JSON object whose member “ops” is an array."));
  else if (body->n_children != 1)
    refuse (msg, _("A push has no member but “ops”."));
  else if (ops->n_children > GK_SERVER_MAX_OPS)
    {
      detail = g_strdup_printf (_("A push holds at most %d ops; this one holds %u."),
                                GK_SERVER_MAX_OPS, ops->n_children);
      gk_server_respond_problem_limit (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                       GK_PROBLEM_TOO_MANY_OPS, _("Too many ops"), detail,
                                       GK_SERVER_MAX_OPS);
    }
  else
    return ops;

  return NULL;
}

/* The catalog's level set, which `catalog add` wrote as a JSON array. */
static GStrv
dup_levels (sqlite3     *db,
            const char  *catalog_id,
            GError     **error)
{
  g_autoptr(GkServerCachedStmt) stmt = NULL;
  g_autoptr(GkJsonTree) tree = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const GkJsonValue *levels, *level;
  const char *text;

  if (!gk_server_db_prepare_cached (db, "SELECT levels FROM catalog WHERE id = ?", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, catalog_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gk_server_db_set_error (db, error);
      return NULL;
    }

  text = (const char *) sqlite3_column_text (stmt, 0);
  tree = gk_json_tree_parse (text, strlen (text), 2, NULL, NULL, NULL, error);
  if (tree == NULL)
    return NULL;
  levels = gk_json_tree_get_root (tree);
  level = gk_json_value_first (levels);
  for (guint i = 0; levels->type == GK_JSON_ARRAY && i < levels->n_children; i++)
    {
      if (level->type == GK_JSON_STRING)
        g_strv_builder_add (builder, level->string);
      level = gk_json_value_next (level);
    }

  return g_strv_builder_end (builder);
}

static gboolean
read_ops (GkServerPush       *push,
          const GkJsonValue  *ops,
          const char * const *levels,
          GError            **error)
{
  const GkJsonValue *value = gk_json_value_first (ops);

  for (guint i = 0; i < ops->n_children; i++, value = gk_json_value_next (value))
    {
      GkSyncOp *op = gk_sync_op_read (value, i, levels, error);

      if (op == NULL)
        return FALSE;
      g_ptr_array_add (push->ops, op);
    }

  return TRUE;
}

/* Once the push is committed (or not): one result per op, in order, and
 * the cursors around its changes (docs/sync-protocol.md), which an empty
 * push has not. The cursor before the server's first change is the empty
 * one, which a PC that never pulled holds. */
static void
reply_push (SoupServerMessage *msg,
            gpointer           data,
            const GError      *error)
{
  GkServerPush *push = data;
  g_autofree char *since = NULL;
  g_autofree char *next = NULL;
  GString *out;
  GkJsonOut j;

  if (error != NULL)
    {
      gk_server_respond_error (msg, error);
      return;
    }

  out = g_string_new (NULL);
  gk_json_out_init (&j, out);
  gk_json_out_begin_object (&j);
  gk_json_out_string_member (&j, "server_id", push->server_id);
  if (push->ops->len > 0)
    {
      since = gk_server_cursor_encode (push->server_id, push->since_seq);
      next = gk_server_cursor_encode (push->server_id, push->last_seq);
      gk_json_out_string_member (&j, "since", since);
      gk_json_out_string_member (&j, "next", next);
    }
  gk_json_out_member (&j, "results");
  gk_json_out_begin_array (&j);
  for (guint i = 0; i < push->results->len; i++)
    gk_json_out_raw (&j, g_ptr_array_index (push->results, i));
  gk_json_out_end_array (&j);
  gk_json_out_end_object (&j);
  gk_server_respond_text (msg, SOUP_STATUS_OK, out);
}

/**
 * gk_server_push_handle:
 *
 * POST /api/v1/push (docs/sync-protocol.md).
 */
void
gk_server_push_handle (GkServer           *server,
                       SoupServerMessage  *msg,
                       const GkServerAuth *auth,
                       const GkJsonValue  *body)
{
  g_autoptr(GkServerPush) push = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) levels = NULL;
  const GkJsonValue *ops;

  if (gk_server_input_refuse_query (msg) || (ops = get_ops (msg, body)) == NULL)
    return;
  levels = dup_levels (gk_server_get_reader (server), auth->catalog_id, &error);
  if (levels == NULL)
    {
      gk_server_respond_error (msg, error);
      return;
    }

  push = gk_server_push_new (auth, gk_server_get_server_id (server));
  if (!read_ops (push, ops, (const char * const *) levels, &error))
    refuse (msg, error->message);
  else if (push->ops->len == 0)
    reply_push (msg, push, NULL);
  else
    gk_server_reply_after_write (server, msg, gk_server_push_write, reply_push,
                                 g_steal_pointer (&push), gk_server_push_free);
}
