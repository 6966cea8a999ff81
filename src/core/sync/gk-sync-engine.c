/* gk-sync-engine.c: one sync of a local store with the county server
 * (docs/sync-protocol.md, "What a client does")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-sync-engine.h"

/* The protocol's limits of one push: ops, and bytes of its body. */
#define MAX_OPS 200
#define MAX_BODY (1024 * 1024)

static void
rejected_free (gpointer data)
{
  GkSyncRejected *rejected = data;

  g_free (rejected->op_id);
  g_free (rejected->item_id);
  g_free (rejected->reason);
  g_free (rejected);
}

void
gk_sync_report_free (GkSyncReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->rejected, g_ptr_array_unref);
  g_clear_pointer (&report->changed, g_hash_table_unref);
  g_free (report);
}

/* Adds what one store call changed to the report; %FALSE when the call
 * failed (@touched is %NULL). */
static gboolean
take_changed (GkSyncReport *report,
              GHashTable   *touched)
{
  GHashTableIter iter;
  gpointer id, item;

  if (touched == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &id, &item))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_replace (report->changed, id, item);
    }
  g_hash_table_unref (touched);
  return TRUE;
}

/* NULL for a member that is absent or not a string: the server's answers
 * are checked, not trusted. */
static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
bad_answer (GError     **error,
            const char  *what)
{
  g_set_error (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_PROTOCOL,
               _("The server’s answer lacks %s"), what);
  return FALSE;
}

static char **
dup_levels (JsonObject *catalog)
{
  JsonNode *node = catalog != NULL ? json_object_get_member (catalog, "levels") : NULL;
  g_autoptr(GStrvBuilder) levels = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *level = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (level) && json_node_get_value_type (level) == G_TYPE_STRING)
        g_strv_builder_add (levels, json_node_get_string (level));
    }
  return g_strv_builder_end (levels);
}

/* A store that holds no catalog yet (a new PC) takes the server's unit,
 * label and levels, so that what it pulls is a catalog it can show. */
static gboolean
take_catalog_info (GkStore     *store,
                   JsonObject  *info,
                   GError     **error)
{
  g_autoptr(GkCatalog) catalog = gk_store_load_catalog (store, error);
  JsonObject *server = get_object (info, "catalog");
  const char *unit = get_string (server, "unit");
  const char *label = get_string (server, "label");
  g_auto(GStrv) levels = dup_levels (server);

  if (catalog == NULL)
    return FALSE;
  if (*gk_catalog_get_unit_name (catalog) != '\0')
    return TRUE;
  /* The protocol's unit is an object with its name; this server sends
   * the name alone. */
  if (unit == NULL)
    unit = get_string (get_object (server, "unit"), "name");
  if (unit == NULL || levels == NULL || levels[0] == NULL)
    return bad_answer (error, "catalog.unit, catalog.levels");
  gk_catalog_set_unit_name (catalog, unit);
  if (label != NULL)
    gk_catalog_set_label (catalog, label);
  gk_catalog_set_levels (catalog, (const char * const *) levels);
  return gk_store_save_catalog_info (store, catalog, error);
}

/* The first sync records the server, catalog, department and role the
 * token belongs to; the store then queues its items as creates. */
/* Another server_id than the one stored: the server was restored from a
 * backup, and what it accepted since is lost; a full resync finds what
 * this PC can give back. */
static gboolean
notice_restore (GkStore       *store,
                const char    *server_id,
                GkSyncReport  *report,
                GError       **error)
{
  g_autofree char *known = NULL;

  if (server_id == NULL)
    return bad_answer (error, "server_id");
  known = gk_store_dup_sync_value (store, GK_STORE_SYNC_SERVER_ID, error);
  if (g_strcmp0 (known, server_id) == 0)
    return TRUE;
  if (known == NULL)
    return gk_store_set_sync_value (store, GK_STORE_SYNC_SERVER_ID, server_id, error);
  report->resynced = TRUE;
  return gk_store_begin_resync (store, server_id, error);
}

/* Keeps the departments' names for the editor, written only when they
 * changed. */
static gboolean
keep_departments (GkStore     *store,
                  JsonObject  *info,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (info, "departments");
  g_autofree char *text = NULL;
  g_autofree char *known = NULL;
  g_autoptr(GError) local = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return TRUE;
  text = json_to_string (node, FALSE);
  known = gk_store_dup_sync_value (store, GK_STORE_SYNC_DEPARTMENTS, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (g_strcmp0 (known, text) == 0)
    return TRUE;
  return gk_store_set_sync_value (store, GK_STORE_SYNC_DEPARTMENTS, text, error);
}

/* Also sets @conflicts_tag to the tag of the open conflicts the server
 * holds (%NULL from a server that gives none). */
static gboolean
ensure_enrolled (GkStore       *store,
                 GkSyncClient  *client,
                 GkSyncReport  *report,
                 char         **conflicts_tag,
                 GError       **error)
{
  g_autoptr(JsonObject) info = gk_sync_client_get_info (client, error);
  g_autofree char *server = NULL;
  GkStoreEnrollment enrollment = { 0 };

  if (info == NULL)
    return FALSE;
  *conflicts_tag = g_strdup (get_string (info, "conflicts_tag"));
  server = gk_store_dup_sync_value (store, GK_STORE_SYNC_SERVER, error);
  if (server != NULL)
    return notice_restore (store, get_string (info, "server_id"), report, error)
           && keep_departments (store, info, error);

  enrollment.server = gk_sync_client_get_server (client);
  enrollment.server_id = get_string (info, "server_id");
  enrollment.catalog = get_string (get_object (info, "catalog"), "id");
  /* The protocol names the department by its id; this server sends it as
   * an object with its id and name. Either is read. */
  enrollment.dept = get_string (info, "department");
  if (enrollment.dept == NULL)
    enrollment.dept = get_string (get_object (info, "department"), "id");
  enrollment.role = get_string (info, "role");
  /* The office has no department. */
  if (enrollment.catalog == NULL || enrollment.role == NULL
      || (enrollment.dept == NULL && g_strcmp0 (enrollment.role, "office") != 0))
    return bad_answer (error, "catalog.id, role, department");
  return take_catalog_info (store, info, error)
         && gk_store_enroll (store, &enrollment, error)
         && keep_departments (store, info, error);
}

/* At most one op per item, and none based on an unanswered op: the
 * server would refuse them (item_repeated); they wait for the next push. */
static GPtrArray *
choose_ops (GPtrArray *ops)
{
  g_autoptr(GHashTable) items = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *chosen = g_ptr_array_new ();

  for (guint i = 0; i < ops->len; i++)
    {
      GkStoreOp *op = g_ptr_array_index (ops, i);
      gboolean create = g_str_equal (op->kind, "create");

      if (!g_hash_table_add (items, op->item_id))
        continue;
      if (op->base_rev == GK_STORE_NO_REV && !create)
        continue;
      g_ptr_array_add (chosen, op);
    }
  return chosen;
}

static JsonNode *
build_push (GPtrArray *ops)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ops");
  json_builder_begin_array (b);
  for (guint i = 0; i < ops->len; i++)
    {
      GkStoreOp *op = g_ptr_array_index (ops, i);
      gboolean delete = g_str_equal (op->kind, "delete");

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "op_id");
      json_builder_add_string_value (b, op->op_id);
      json_builder_set_member_name (b, "item_id");
      json_builder_add_string_value (b, op->item_id);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, op->kind);
      json_builder_set_member_name (b, "base_rev");
      json_builder_add_int_value (b, MAX (op->base_rev, 0));
      if (!delete)
        {
          json_builder_set_member_name (b, "set");
          json_builder_add_value (b, json_node_copy (op->set));
        }
      if (op->resolves != NULL)
        {
          json_builder_set_member_name (b, "resolves");
          json_builder_add_string_value (b, op->resolves);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
dup_reason (JsonObject *result)
{
  JsonObject *err = get_object (result, "error");
  const char *code = get_string (err, "code");
  const char *field = get_string (err, "field");
  const char *detail = get_string (err, "detail");
  GString *reason = g_string_new (get_string (result, "result"));

  if (code != NULL)
    g_string_append_printf (reason, ": %s", code);
  if (field != NULL)
    g_string_append_printf (reason, " (%s)", field);
  if (detail != NULL)
    g_string_append_printf (reason, ": %s", detail);
  return g_string_free (reason, FALSE);
}

/* Fills @item from a state (`seq`, `rev`, `deleted`, `item`); the JSON
 * it returns is what @item->json points to. */
static char *
read_state (JsonObject        *state,
            GkStoreServerItem *item)
{
  JsonNode *node = state != NULL ? json_object_get_member (state, "item") : NULL;
  gboolean deleted;

  item->rev = GK_STORE_NO_REV;
  item->json = NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  item->item_id = get_string (json_node_get_object (node), "id");
  item->rev = json_object_get_int_member_with_default (state, "rev", GK_STORE_NO_REV);
  deleted = json_object_get_boolean_member_with_default (state, "deleted", FALSE);
  if (deleted)
    return NULL;
  item->json = json_to_string (node, FALSE);
  return (char *) item->json;
}

/* Reads one result of a push into @answer; the texts it points to are
 * kept in @texts. */
static gboolean
read_result (JsonObject     *result,
             GkStoreAnswer  *answer,
             GPtrArray      *texts,
             GkSyncReport   *report,
             GError        **error)
{
  const char *kind = get_string (result, "result");
  JsonObject *conflict = get_object (result, "conflict");

  answer->op_id = get_string (result, "op_id");
  if (answer->op_id == NULL || kind == NULL)
    return bad_answer (error, "op_id, result");
  g_ptr_array_add (texts, read_state (get_object (result, "state"), &answer->item));

  if (g_str_equal (kind, "conflict") && conflict != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), conflict);
      char *conflict_json = json_to_string (node, FALSE);

      g_ptr_array_add (texts, conflict_json);
      answer->kind = GK_STORE_ANSWER_CONFLICT;
      answer->conflict.id = get_string (conflict, "id");
      answer->conflict.item_id = get_string (result, "item_id");
      answer->conflict.json = conflict_json;
      answer->conflict.state = "open";
      report->conflicts++;
      report->pushed++;
    }
  else if (g_str_equal (kind, "applied") || g_str_equal (kind, "merged")
           || g_str_equal (kind, "noop"))
    {
      answer->kind = GK_STORE_ANSWER_APPLIED;
      report->pushed++;
    }
  else
    {
      char *reason = dup_reason (result);

      g_ptr_array_add (texts, reason);
      answer->kind = GK_STORE_ANSWER_REJECTED;
      answer->reason = reason;
    }
  return TRUE;
}

/* Records the results of one push, one per op sent, in one transaction. */
static gboolean
record_results (GkStore       *store,
                JsonArray     *results,
                GkSyncReport  *report,
                GError       **error)
{
  guint n = json_array_get_length (results);
  g_autofree GkStoreAnswer *answers = g_new0 (GkStoreAnswer, MAX (n, 1));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (results, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bad_answer (error, "results");
      if (!read_result (json_node_get_object (node), &answers[i], texts, report, error))
        return FALSE;
    }
  return take_changed (report, gk_store_record_answers (store, answers, n, error));
}

static GBytes *
build_push_text (GPtrArray *ops)
{
  g_autoptr(JsonNode) body = build_push (ops);
  char *text = json_to_string (body, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

/* An op whose body alone is over the server's limit: refused here, as the
 * server would (413 refuses the whole push and is not worth retrying), and
 * kept with the reason for the user, so that the ops behind it still go. */
static gboolean
refuse_too_large (GkStore       *store,
                  GkStoreOp     *op,
                  gsize          size,
                  GError       **error)
{
  g_autoptr(GHashTable) touched = NULL;
  g_autofree char *reason = NULL;
  GkStoreAnswer answer = { 0 };

  reason = g_strdup_printf (_("rejected: too_large: the item’s texts make %lu bytes, over "
                              "the %d the server takes in one change; shorten them"),
                            (gulong) size, MAX_BODY);
  answer.kind = GK_STORE_ANSWER_REJECTED;
  answer.op_id = op->op_id;
  answer.item.rev = GK_STORE_NO_REV;
  answer.reason = reason;
  touched = gk_store_record_answers (store, &answer, 1, error);
  return touched != NULL;
}

/* The push body of as many of @chosen as fit in the server's limit of
 * bytes: halved until it fits, since 200 ops of long texts can be several
 * MiB and the server would refuse them whole, every time. @chosen keeps
 * the ops sent; it is empty when the one op left was too large alone.
 * The text measured is the text sent. */
static GBytes *
build_fitting_push (GkStore    *store,
                    GPtrArray  *chosen,
                    GError    **error)
{
  g_autoptr(GBytes) body = build_push_text (chosen);
  gsize size;

  while ((size = g_bytes_get_size (body)) > MAX_BODY)
    {
      if (chosen->len == 1)
        {
          if (!refuse_too_large (store, g_ptr_array_index (chosen, 0), size, error))
            return NULL;
          g_ptr_array_set_size (chosen, 0);
          break;
        }
      g_ptr_array_set_size (chosen, chosen->len / 2);
      g_clear_pointer (&body, g_bytes_unref);
      body = build_push_text (chosen);
    }
  return g_steal_pointer (&body);
}

/* Whether one of @ops settles a conflict: the list of open ones changes. */
static gboolean
settles_conflict (GPtrArray *ops)
{
  for (guint i = 0; i < ops->len; i++)
    {
      GkStoreOp *op = g_ptr_array_index (ops, i);

      if (op->resolves != NULL)
        return TRUE;
    }
  return FALSE;
}

/* A push sent, whose answer is recorded while the next push is sent. */
typedef struct
{
  GPtrArray   *listed;   /* of GkStoreOp, owning those of @sent */
  GPtrArray   *sent;
  GHashTable  *items;    /* the ids of @sent's items, a set */
  JsonObject  *answer;
} Push;

static void
push_clear (Push *push)
{
  g_clear_pointer (&push->items, g_hash_table_unref);
  g_clear_pointer (&push->sent, g_ptr_array_unref);
  g_clear_pointer (&push->listed, g_ptr_array_unref);
  g_clear_pointer (&push->answer, json_object_unref);
}

/* Sends the ops of @push, without touching the store. Checks that the
 * answer has one result per op: otherwise an op would stay sent and the
 * pushes would send it for ever. */
static gboolean
send_push (GkSyncClient  *client,
           Push          *push,
           GBytes        *body,
           GError       **error)
{
  JsonNode *results;

  push->answer = gk_sync_client_push (client, body, error);
  if (push->answer == NULL)
    return FALSE;
  results = json_object_get_member (push->answer, "results");
  if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results)
      || json_array_get_length (json_node_get_array (results)) != push->sent->len)
    return bad_answer (error, "results");
  return TRUE;
}

typedef struct
{
  GkStore       *store;
  GkSyncReport  *report;
  JsonObject    *answer;
  gboolean       ok;
  GError        *error;
} Recording;

static gpointer
record_thread (gpointer data)
{
  Recording *recording = data;

  recording->ok = record_results (recording->store,
                                  json_object_get_array_member (recording->answer, "results"),
                                  recording->report, &recording->error);
  return NULL;
}

/*
 * Pushes the outbox, in pushes of at most 200 ops, each answered before
 * the next is sent (the server applies them in the order they were made).
 * The answers of one push are recorded in the store on a thread while the
 * next push is sent and applied by the server: the PC's half of the work
 * and the server's run side by side instead of in turn (10,000 items
 * pushed spent half their time in each). Until its answers are recorded,
 * the ops of a push stay sent in the outbox, and no op of their items is
 * sent. The store is used by one thread at a time: the next push is
 * chosen and marked sent before the recording starts, and sending needs
 * no store. Sets @settled when an op sent settles a conflict.
 */
static gboolean
push_all (GkStore       *store,
          GkSyncClient  *client,
          GkSyncReport  *report,
          gboolean      *settled,
          GError       **error)
{
  Push pending = { 0 };
  gboolean ok = TRUE;

  while (ok)
    {
      Push next = { 0 };
      Recording recording = { store, report, pending.answer, TRUE, NULL };
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) local = NULL;
      GThread *thread = NULL;
      gboolean recorded = pending.answer != NULL;
      guint n_chosen;

      next.listed = gk_store_list_ops_except (store, MAX_OPS, pending.items, error);
      if (next.listed == NULL)
        break;
      next.sent = choose_ops (next.listed);
      n_chosen = next.sent->len;
      if (n_chosen > 0 && (body = build_fitting_push (store, next.sent, error)) == NULL)
        {
          push_clear (&next);
          break;
        }
      next.items = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < next.sent->len; i++)
        {
          GkStoreOp *op = g_ptr_array_index (next.sent, i);

          g_hash_table_add (next.items, op->item_id);
        }
      *settled |= settles_conflict (next.sent);
      /* Marked sent before the request: a retry after a cut answer sends
       * the same ops, and the server answers them from its stored
       * results. The store's last use on this thread until the join. */
      if (next.sent->len > 0)
        ok = gk_store_mark_ops_sent (store, next.sent, &local);
      if (recorded)
        thread = g_thread_new ("gk-sync-record", record_thread, &recording);
      if (ok && next.sent->len > 0)
        ok = send_push (client, &next, body, &local);
      if (thread != NULL)
        g_thread_join (thread);
      push_clear (&pending);
      if (!recording.ok)
        {
          g_propagate_error (error, recording.error);
          g_clear_error (&local);
          ok = FALSE;
        }
      else if (!ok)
        {
          g_propagate_error (error, g_steal_pointer (&local));
        }
      /* Nothing to send and nothing recorded that could free more: done. */
      if (ok && n_chosen == 0 && !recorded)
        {
          push_clear (&next);
          return TRUE;
        }
      pending = next;
    }
  push_clear (&pending);
  return FALSE;
}

/* Whether @change is the revision the store holds as its item's base
 * already: a change of this PC's own push, whose answer gave it. The
 * pull that follows a push lists them all (10,000 items pushed came back
 * whole); they are counted as pulled but not read again. */
static gboolean
is_known (GkStore     *store,
          JsonObject  *change,
          gboolean    *known,
          GError     **error)
{
  const char *item_id = get_string (get_object (change, "item"), "id");
  gint64 rev = json_object_get_int_member_with_default (change, "rev", GK_STORE_NO_REV);
  gint64 base_rev;

  *known = FALSE;
  if (item_id == NULL || rev == GK_STORE_NO_REV)
    return TRUE;
  if (!gk_store_get_base_rev (store, item_id, &base_rev, error))
    return FALSE;
  *known = base_rev == rev;
  return TRUE;
}

static gboolean
apply_changes (GkStore       *store,
               JsonArray     *changes,
               const char    *next,
               GkSyncReport  *report,
               GError       **error)
{
  guint n = changes != NULL ? json_array_get_length (changes) : 0;
  g_autofree GkStoreServerItem *items = g_new0 (GkStoreServerItem, MAX (n, 1));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  GkStorePage page = { items, 0, NULL, 0, next };

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (changes, i);
      GkStoreServerItem *item = &items[page.n_items];
      gboolean known = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bad_answer (error, "changes");
      if (!is_known (store, json_node_get_object (node), &known, error))
        return FALSE;
      if (known)
        continue;
      g_ptr_array_add (texts, read_state (json_node_get_object (node), item));
      if (item->item_id == NULL || item->rev == GK_STORE_NO_REV)
        return bad_answer (error, "changes[].item.id");
      page.n_items++;
    }
  report->pulled += n;
  return take_changed (report, gk_store_apply_page (store, &page, error));
}

static gboolean
pull_page (GkStore       *store,
           GkSyncClient  *client,
           GkSyncReport  *report,
           gboolean      *more,
           GError       **error)
{
  g_autofree char *cursor = gk_store_dup_sync_value (store, GK_STORE_SYNC_CURSOR, NULL);
  g_autoptr(JsonObject) page = gk_sync_client_get_changes (client, cursor, error);
  JsonNode *changes;
  const char *next;

  if (page == NULL)
    return FALSE;
  next = get_string (page, "next");
  changes = json_object_get_member (page, "changes");
  if (next == NULL || changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes))
    return bad_answer (error, "changes, next");
  *more = json_object_get_boolean_member_with_default (page, "more", FALSE);
  return apply_changes (store, json_node_get_array (changes), next, report, error);
}

static gboolean
pull (GkStore       *store,
      GkSyncClient  *client,
      GkSyncReport  *report,
      GError       **error)
{
  gboolean more = TRUE;
  gboolean reset = FALSE;

  while (more)
    {
      g_autoptr(GError) local = NULL;

      if (pull_page (store, client, report, &more, &local))
        continue;
      /* A cursor the server does not know (a restore noticed here first):
       * a full resync, once. */
      if (!reset && g_error_matches (local, GK_SYNC_CLIENT_ERROR,
                                     GK_SYNC_CLIENT_ERROR_CURSOR_RESET))
        {
          g_autoptr(JsonObject) info = gk_sync_client_get_info (client, error);
          const char *server_id = get_string (info, "server_id");

          reset = TRUE;
          more = TRUE;
          report->resynced = TRUE;
          if (info == NULL)
            return FALSE;
          if (server_id == NULL)
            return bad_answer (error, "server_id");
          if (gk_store_begin_resync (store, server_id, error))
            continue;
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* Everything is pulled: a resync under way queues what the restored
   * server lacks entirely. */
  return gk_store_finish_resync (store, error);
}

/* The department's open conflicts (every department's for the office), as
 * every PC of it shows them. */
static gboolean
fetch_conflicts (GkStore       *store,
                 GkSyncClient  *client,
                 GkSyncReport  *report,
                 GError       **error)
{
  g_autoptr(JsonObject) answer = gk_sync_client_get_conflicts (client, error);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree GkStoreConflict *conflicts = NULL;
  JsonNode *node;
  JsonArray *array;
  gboolean complete;
  guint n;

  if (answer == NULL)
    return FALSE;
  node = json_object_get_member (answer, "conflicts");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return bad_answer (error, "conflicts");
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  conflicts = g_new0 (GkStoreConflict, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *record = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (record) ? json_node_get_object (record) : NULL;
      char *json;

      conflicts[i].id = get_string (object, "id");
      conflicts[i].item_id = get_string (object, "item_id");
      if (conflicts[i].id == NULL || conflicts[i].item_id == NULL)
        return bad_answer (error, "conflicts[].id, item_id");
      json = json_to_string (record, FALSE);
      g_ptr_array_add (texts, json);
      conflicts[i].json = json;
      conflicts[i].state = "open";
    }
  report->open_conflicts = n;
  complete = !json_object_get_boolean_member_with_default (answer, "more", FALSE);
  /* The tag after the list: a list kept without its tag is only asked
   * for again. */
  return gk_store_set_open_conflicts (store, conflicts, n, complete, error)
         && gk_store_set_sync_value (store, GK_STORE_SYNC_CONFLICTS_TAG,
                                     complete ? get_string (answer, "conflicts_tag") : NULL,
                                     error);
}

/* The open conflicts are asked for only when they may have changed since
 * the store last listed them: /info's tag is not the list's, or this sync
 * met or settled one (@touched), or read everything again. A conflict
 * another PC meets after /info was read shows at the next sync. A server
 * that gives no tag is asked every time. */
static gboolean
update_conflicts (GkStore       *store,
                  GkSyncClient  *client,
                  GkSyncReport  *report,
                  const char    *server_tag,
                  gboolean       touched,
                  GError       **error)
{
  g_autofree char *known = NULL;
  g_autoptr(GError) local = NULL;

  if (touched || server_tag == NULL)
    return fetch_conflicts (store, client, report, error);
  known = gk_store_dup_sync_value (store, GK_STORE_SYNC_CONFLICTS_TAG, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (g_strcmp0 (known, server_tag) != 0)
    return fetch_conflicts (store, client, report, error);
  return gk_store_count_open_conflicts (store, &report->open_conflicts, error);
}

static gboolean
list_rejected (GkStore       *store,
               GkSyncReport  *report,
               GError       **error)
{
  g_autoptr(GPtrArray) ops = gk_store_list_rejected_ops (store, error);

  if (ops == NULL)
    return FALSE;
  for (guint i = 0; i < ops->len; i++)
    {
      GkStoreOp *op = g_ptr_array_index (ops, i);
      GkSyncRejected *rejected = g_new0 (GkSyncRejected, 1);

      rejected->op_id = g_strdup (op->op_id);
      rejected->item_id = g_strdup (op->item_id);
      rejected->reason = g_strdup (op->reason != NULL ? op->reason : "");
      g_ptr_array_add (report->rejected, rejected);
    }
  return TRUE;
}

static GkSyncReport *
run (GkStore       *store,
     GkSyncClient  *client,
     GError       **error)
{
  g_autoptr(GkSyncReport) report = g_new0 (GkSyncReport, 1);
  g_autofree char *conflicts_tag = NULL;
  gboolean resyncing = FALSE;
  gboolean settled = FALSE;

  report->rejected = g_ptr_array_new_with_free_func (rejected_free);
  report->changed = gk_store_new_touched ();
  if (!ensure_enrolled (store, client, report, &conflicts_tag, error)
      || !gk_store_is_resyncing (store, &resyncing, error))
    return NULL;
  /* A resync pulls first: the pending ops are based on the old server's
   * revisions until the restored server's items arrive, and what it lost
   * is queued again as they do. */
  report->resynced |= resyncing;
  if (resyncing && !pull (store, client, report, error))
    return NULL;
  if (!push_all (store, client, report, &settled, error)
      || !pull (store, client, report, error)
      || !update_conflicts (store, client, report, conflicts_tag,
                            settled || report->conflicts > 0 || report->resynced, error)
      || !list_rejected (store, report, error))
    return NULL;
  return g_steal_pointer (&report);
}

/* Keeps when the sync last completed, and whether the token was refused:
 * what the PC shows until the next sync (a refused token waits for a new
 * one, its changes kept). Best effort: the sync's outcome is the store's
 * already, and a store that cannot write this has said why in it. */
static void
record_outcome (GkStore      *store,
                const GError *error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);

  if (error == NULL)
    {
      gk_store_set_sync_value (store, GK_STORE_SYNC_LAST_SYNC, stamp, NULL);
      gk_store_set_sync_value (store, GK_STORE_SYNC_TOKEN_REFUSED, NULL, NULL);
    }
  else if (g_error_matches (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_UNAUTHORIZED))
    {
      gk_store_set_sync_value (store, GK_STORE_SYNC_TOKEN_REFUSED, stamp, NULL);
    }
}

/**
 * gk_sync_engine_run:
 * @store: an open store
 * @client: a client for the server, with the PC's token
 * @error: return location for a #GError
 *
 * Syncs @store once: enrolls it on its first sync, pushes its outbox (in
 * pushes of at most 200 ops, one per item), then pulls every change
 * since its cursor, and the open conflicts when they may have changed
 * (`/info`'s `conflicts_tag`). When the server was restored from a backup (another
 * server_id, or 410), it first reads everything again and queues what the
 * restored server lost and this PC had (gk_store_begin_resync()). Whatever
 * fails, nothing of the outbox is lost.
 *
 * The time of a completed sync is kept (%GK_STORE_SYNC_LAST_SYNC), and a
 * refused token noted (%GK_STORE_SYNC_TOKEN_REFUSED) until one completes.
 *
 * Returns: (transfer full) (nullable): what the sync did, with the ops
 *   the server refused; %NULL on error
 */
GkSyncReport *
gk_sync_engine_run (GkStore       *store,
                    GkSyncClient  *client,
                    GError       **error)
{
  g_autoptr(GError) local = NULL;
  GkSyncReport *report = run (store, client, &local);

  record_outcome (store, local);
  if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return report;
}
