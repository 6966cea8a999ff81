/* gk-sync-engine.c: one sync of a local store with the county server
 * (docs/sync-protocol.md, "What a client does")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gk-json-out.h"
#include "gk-sync-answer.h"
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
  g_autoptr(GkCatalog) catalog = gk_store_load_catalog_info (store, error);
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
    return gk_sync_answer_fail (error, "catalog.unit, catalog.levels");
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
    return gk_sync_answer_fail (error, "server_id");
  known = gk_store_dup_sync_value (store, GK_STORE_SYNC_SERVER_ID, error);
  if (g_strcmp0 (known, server_id) == 0)
    return TRUE;
  if (known == NULL)
    return gk_store_set_sync_value (store, GK_STORE_SYNC_SERVER_ID, server_id, error);
  report->resynced = TRUE;
  return gk_store_begin_resync (store, server_id, error);
}

/* The departments' names /info lists, as the store keeps them for the
 * editor; NULL when it lists none. */
static char *
dup_departments (JsonObject *info)
{
  JsonNode *node = json_object_get_member (info, "departments");

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_to_string (node, FALSE);
}

/* Keeps the departments' names for the editor, written only when they
 * changed. */
static gboolean
keep_departments (GkStore     *store,
                  JsonObject  *info,
                  GError     **error)
{
  g_autofree char *text = dup_departments (info);
  g_autofree char *known = NULL;
  g_autoptr(GError) local = NULL;

  if (text == NULL)
    return TRUE;
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
  g_autofree char *departments = NULL;
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
    return gk_sync_answer_fail (error, "catalog.id, role, department");
  /* Kept in the enrollment's transaction: each commit of 50 PCs syncing
   * at once waits for the disk behind the others'. */
  enrollment.departments = departments = dup_departments (info);
  return take_catalog_info (store, info, error)
         && gk_store_enroll (store, &enrollment, error);
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

/* Records the answers of pushes, in the order the server applied them:
 * the results, one per op sent, and the cursors around each push's
 * changes, in one transaction. */
static gboolean
record_results (GkStore       *store,
                GkJsonTree   **answers,
                guint          n_answers,
                GkSyncReport  *report,
                GError       **error)
{
  g_autofree GkStorePushAnswers *pushes = g_new0 (GkStorePushAnswers, MAX (n_answers, 1));
  g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint p = 0; p < n_answers; p++)
    {
      const GkJsonValue *root = gk_json_tree_get_root (answers[p]);
      const GkJsonValue *results = gk_sync_answer_get_array (root, "results");
      guint n = results != NULL ? results->n_children : 0;
      GkStoreAnswer *push = g_new0 (GkStoreAnswer, MAX (n, 1));
      const GkJsonValue *result = n > 0 ? gk_json_value_first (results) : NULL;

      g_ptr_array_add (read, push);
      for (guint i = 0; i < n; i++, result = gk_json_value_next (result))
        {
          if (!gk_sync_answer_read_result (result, &push[i], texts, report, error))
            return FALSE;
        }
      pushes[p] = (GkStorePushAnswers) {
        push, n,
        gk_sync_answer_get_string (root, "since"),
        gk_sync_answer_get_string (root, "next"),
      };
    }
  return take_changed (report, gk_store_record_pushes (store, pushes, n_answers, error));
}

/* The body of a push of @ops, written as it goes: each op's set is
 * text already. */
static GBytes *
build_push_text (GPtrArray *ops)
{
  GString *out = g_string_new (NULL);
  GkJsonOut j;

  gk_json_out_init (&j, out);
  gk_json_out_begin_object (&j);
  gk_json_out_member (&j, "ops");
  gk_json_out_begin_array (&j);
  for (guint i = 0; i < ops->len; i++)
    {
      GkStoreOp *op = g_ptr_array_index (ops, i);

      gk_json_out_begin_object (&j);
      gk_json_out_string_member (&j, "op_id", op->op_id);
      gk_json_out_string_member (&j, "item_id", op->item_id);
      gk_json_out_string_member (&j, "kind", op->kind);
      gk_json_out_int_member (&j, "base_rev", MAX (op->base_rev, 0));
      if (!g_str_equal (op->kind, "delete"))
        {
          gk_json_out_member (&j, "set");
          gk_json_out_raw (&j, op->set);
        }
      if (op->resolves != NULL)
        gk_json_out_string_member (&j, "resolves", op->resolves);
      gk_json_out_end_object (&j);
    }
  gk_json_out_end_array (&j);
  gk_json_out_end_object (&j);
  return g_string_free_to_bytes (out);
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
  touched = gk_store_record_answers (store, &answer, 1, NULL, NULL, error);
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

/* A push: its ops, and once sent, the server's answer. */
typedef struct
{
  GPtrArray   *listed;    /* of GkStoreOp, owning those of @sent */
  GPtrArray   *sent;
  guint        n_chosen;  /* before those too large alone were refused */
  GHashTable  *items;     /* the ids of @sent's items, a set */
  GBytes      *body;
  GkJsonTree  *answer;
} Push;

static void
push_clear (Push *push)
{
  g_clear_pointer (&push->items, g_hash_table_unref);
  g_clear_pointer (&push->sent, g_ptr_array_unref);
  g_clear_pointer (&push->listed, g_ptr_array_unref);
  g_clear_pointer (&push->body, g_bytes_unref);
  g_clear_pointer (&push->answer, gk_json_tree_free);
}

/* Chooses the next push's ops, none of an item of @in_flight, builds its
 * body and marks its ops sent. Marked before the request: a retry after
 * a cut answer sends the same ops, and the server answers them from its
 * stored results. Sets @settled when an op settles a conflict. */
static gboolean
prepare_push (GkStore     *store,
              GHashTable  *in_flight,
              Push        *push,
              gboolean    *settled,
              GError     **error)
{
  push->listed = gk_store_list_ops_except (store, MAX_OPS, in_flight, error);
  if (push->listed == NULL)
    return FALSE;
  push->sent = choose_ops (push->listed);
  push->n_chosen = push->sent->len;
  push->items = g_hash_table_new (g_str_hash, g_str_equal);
  if (push->n_chosen == 0)
    return TRUE;
  if ((push->body = build_fitting_push (store, push->sent, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < push->sent->len; i++)
    {
      GkStoreOp *op = g_ptr_array_index (push->sent, i);

      g_hash_table_add (push->items, op->item_id);
    }
  *settled |= settles_conflict (push->sent);
  return push->sent->len == 0 || gk_store_mark_ops_sent (store, push->sent, error);
}

/* Sends the ops of @push, without touching the store. Checks that the
 * answer has one result per op: otherwise an op would stay sent and the
 * pushes would send it for ever. */
static gboolean
send_push (GkSyncClient  *client,
           Push          *push,
           GError       **error)
{
  const GkJsonValue *results, *result;

  push->answer = gk_sync_client_push (client, push->body, error);
  if (push->answer == NULL)
    return FALSE;
  results = gk_sync_answer_get_array (gk_json_tree_get_root (push->answer), "results");
  if (results == NULL || results->n_children != push->sent->len)
    return gk_sync_answer_fail (error, "results");
  result = gk_json_value_first (results);
  for (guint i = 0; i < results->n_children; i++, result = gk_json_value_next (result))
    {
      if (result->type != GK_JSON_OBJECT)
        return gk_sync_answer_fail (error, "results");
    }
  return TRUE;
}

/* Pushes in flight at once, each on a connection of its own: while the
 * server's writer applies and commits one, its main loop reads the
 * other, and both are committed together (10,000 items pushed one push at
 * a time spent a third of the server's time reading ops while its writer
 * waited, and a commit each). */
#define N_LANES 2

/* The answers of a round, in the order the server applied their pushes
 * as far as their cursors tell: a push whose `since` is the other's
 * `next` came after it. So a store whose cursor was the first one's
 * `since` follows both (gk_store_record_pushes()). */
static void
order_answers (Push answered[N_LANES])
{
  G_STATIC_ASSERT (N_LANES == 2);

  if (answered[0].answer != NULL && answered[1].answer != NULL
      && g_strcmp0 (gk_sync_answer_get_string (gk_json_tree_get_root (answered[0].answer),
                                               "since"),
                    gk_sync_answer_get_string (gk_json_tree_get_root (answered[1].answer),
                                               "next")) == 0)
    {
      Push first = answered[1];

      answered[1] = answered[0];
      answered[0] = first;
    }
}

/* Adds the items of @push to the set @items. */
static void
add_items (GHashTable *items,
           Push       *push)
{
  GHashTableIter iter;
  gpointer item_id;

  if (push->items == NULL)
    return;
  g_hash_table_iter_init (&iter, push->items);
  while (g_hash_table_iter_next (&iter, &item_id, NULL))
    g_hash_table_add (items, item_id);
}

/* The store's half of one round of push_all(): the answers of the pushes
 * before are recorded, then the next pushes are prepared. */
typedef struct
{
  GkStore       *store;
  GkSyncReport  *report;
  Push           answered[N_LANES];  /* cleared once recorded */
  GHashTable    *in_flight;          /* the items of the pushes being sent,
                                      * then of those prepared */
  Push           next[N_LANES];
  gboolean      *settled;
  gboolean       ok;
  GError        *error;
} Step;

static void
run_step (Step *step)
{
  GkJsonTree *answers[N_LANES];
  guint n_answers = 0;

  order_answers (step->answered);
  for (guint i = 0; i < N_LANES; i++)
    {
      if (step->answered[i].answer != NULL)
        answers[n_answers++] = step->answered[i].answer;
    }
  step->ok = n_answers == 0
             || record_results (step->store, answers, n_answers, step->report, &step->error);
  for (guint i = 0; step->ok && i < N_LANES; i++)
    {
      step->ok = prepare_push (step->store, step->in_flight, &step->next[i], step->settled,
                               &step->error);
      add_items (step->in_flight, &step->next[i]);
    }
  for (guint i = 0; i < N_LANES; i++)
    push_clear (&step->answered[i]);
}

static gpointer
step_thread (gpointer data)
{
  run_step (data);
  return NULL;
}

/* A thread that sends the pushes of the second lane, with a client of
 * its own that it makes and frees. A job without a push ends it. */
typedef struct
{
  GkSyncClient  *parent;
  GThread       *thread;
  GAsyncQueue   *todo;     /* of LaneJob */
  GAsyncQueue   *done;
} Lane;

typedef struct
{
  Push      *push;
  gboolean   sent;
  GError    *error;
} LaneJob;

static gpointer
lane_thread (gpointer data)
{
  Lane *lane = data;
  g_autoptr(GkSyncClient) client = gk_sync_client_dup (lane->parent);

  for (;;)
    {
      LaneJob *job = g_async_queue_pop (lane->todo);

      if (job->push == NULL)
        break;
      job->sent = send_push (client, job->push, &job->error);
      g_async_queue_push (lane->done, job);
    }
  return NULL;
}

static Lane *
lane_start (GkSyncClient *client)
{
  Lane *lane = g_new0 (Lane, 1);

  lane->parent = client;
  lane->todo = g_async_queue_new ();
  lane->done = g_async_queue_new ();
  lane->thread = g_thread_new ("gk-sync-lane", lane_thread, lane);
  return lane;
}

static void
lane_stop (Lane *lane)
{
  LaneJob end = { NULL };

  if (lane == NULL)
    return;
  g_async_queue_push (lane->todo, &end);
  g_thread_join (lane->thread);
  g_async_queue_unref (lane->todo);
  g_async_queue_unref (lane->done);
  g_free (lane);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lane, lane_stop)

/* Sends the pushes of @sending that have ops, the first on this thread
 * and the second on @lane (started when first needed), while @step runs
 * on a thread of its own. Returns whether every push was answered; the
 * first error is the one given. */
static gboolean
run_round (GkSyncClient  *client,
           Lane         **lane,
           Push           sending[N_LANES],
           Step          *step,
           GError       **error)
{
  LaneJob job = { &sending[1], TRUE, NULL };
  g_autoptr(GError) local = NULL;
  gboolean sent = TRUE;
  GThread *thread = g_thread_new ("gk-sync-step", step_thread, step);

  G_STATIC_ASSERT (N_LANES == 2);

  if (sending[1].sent->len > 0)
    {
      if (*lane == NULL)
        *lane = lane_start (client);
      g_async_queue_push ((*lane)->todo, &job);
    }
  if (sending[0].sent->len > 0)
    sent = send_push (client, &sending[0], &local);
  if (sending[1].sent->len > 0)
    g_async_queue_pop ((*lane)->done);
  g_thread_join (thread);

  if (!sent)
    g_propagate_error (error, g_steal_pointer (&local));
  else if (!job.sent)
    g_propagate_error (error, g_steal_pointer (&job.error));
  g_clear_error (&job.error);
  return sent && job.sent;
}

/* Whether a push of @pushes has ops to send, or may leave more to send:
 * an op refused as too large, or (@answers) an answer. */
static gboolean
any_push (Push     pushes[N_LANES],
          gboolean  answers)
{
  for (guint i = 0; i < N_LANES; i++)
    {
      if (answers ? pushes[i].answer != NULL : pushes[i].n_chosen > 0)
        return TRUE;
    }
  return FALSE;
}

static void
pushes_clear (Push pushes[N_LANES])
{
  for (guint i = 0; i < N_LANES; i++)
    push_clear (&pushes[i]);
}

/*
 * Pushes the outbox, in pushes of at most 200 ops, two at a time on two
 * connections, each round's answered before the next are sent. The two
 * pushes of a round hold ops of different items, so the order the server
 * applies them in does not matter. While they are sent and applied by
 * the server, a thread records the answers of the round before and
 * prepares the next: the PC's half of the work and the server's run side
 * by side instead of in turn (10,000 items pushed spent half their time
 * in each). Until its answer is recorded, the ops of a push stay sent in
 * the outbox, and no op of their items is chosen. The store is used by
 * one thread at a time: the sending needs none. Sets @settled when an op
 * sent settles a conflict.
 */
static gboolean
push_all (GkStore       *store,
          GkSyncClient  *client,
          GkSyncReport  *report,
          gboolean      *settled,
          GError       **error)
{
  g_autoptr(Lane) lane = NULL;
  Push sending[N_LANES] = { 0 };
  Push answered[N_LANES] = { 0 };
  Step first = { store, report, { { 0 } }, NULL, { { 0 } }, settled, TRUE, NULL };

  first.in_flight = g_hash_table_new (g_str_hash, g_str_equal);
  run_step (&first);
  g_hash_table_unref (first.in_flight);
  memcpy (sending, first.next, sizeof sending);
  if (!first.ok)
    {
      pushes_clear (sending);
      g_propagate_error (error, first.error);
      return FALSE;
    }
  for (;;)
    {
      Step step = { store, report, { { 0 } }, NULL, { { 0 } }, settled, TRUE, NULL };
      g_autoptr(GHashTable) in_flight = g_hash_table_new (g_str_hash, g_str_equal);
      gboolean sent = TRUE;
      g_autoptr(GError) local = NULL;

      memcpy (step.answered, answered, sizeof answered);
      memset (answered, 0, sizeof answered);
      step.in_flight = in_flight;
      for (guint i = 0; i < N_LANES; i++)
        add_items (in_flight, &sending[i]);

      if (g_hash_table_size (in_flight) > 0)
        sent = run_round (client, &lane, sending, &step, &local);
      else if (any_push (step.answered, TRUE) || any_push (sending, FALSE))
        {
          /* Nothing to send, but an answer recorded, or an op refused as
           * too large, may leave more to send. */
          run_step (&step);
        }
      else
        {
          pushes_clear (sending);
          return TRUE;
        }

      if (!step.ok || !sent)
        {
          pushes_clear (sending);
          pushes_clear (step.next);
          if (!step.ok)
            g_propagate_error (error, step.error);
          else
            g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      memcpy (answered, sending, sizeof sending);
      memcpy (sending, step.next, sizeof sending);
    }
}

/* Whether @change is the revision the store holds as its item's base
 * already: a change of this PC's own push, whose answer gave it. The
 * pull that follows a push lists them all (10,000 items pushed came back
 * whole); they are counted as pulled but not read again. */
static gboolean
is_known (GkStore            *store,
          const GkJsonValue  *change,
          gboolean           *known,
          GError            **error)
{
  const GkJsonValue *item = gk_sync_answer_get_object (change, "item");
  const char *item_id = gk_sync_answer_get_string (item, "id");
  const GkJsonValue *rev = gk_json_value_get_member (change, "rev");
  gint64 base_rev;

  *known = FALSE;
  if (item_id == NULL || rev == NULL || rev->type != GK_JSON_INTEGER)
    return TRUE;
  if (!gk_store_get_base_rev (store, item_id, &base_rev, error))
    return FALSE;
  *known = base_rev == rev->integer;
  return TRUE;
}

static gboolean
apply_changes (GkStore            *store,
               const GkJsonValue  *changes,
               const char         *next,
               GkSyncReport       *report,
               GError            **error)
{
  guint n = changes->n_children;
  g_autofree GkStoreServerItem *items = g_new0 (GkStoreServerItem, MAX (n, 1));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  GkStorePage page = { items, 0, NULL, 0, next };
  const GkJsonValue *change = n > 0 ? gk_json_value_first (changes) : NULL;

  for (guint i = 0; i < n; i++, change = gk_json_value_next (change))
    {
      GkStoreServerItem *item = &items[page.n_items];
      gboolean known = FALSE;

      if (change->type != GK_JSON_OBJECT)
        return gk_sync_answer_fail (error, "changes");
      if (!is_known (store, change, &known, error))
        return FALSE;
      if (known)
        continue;
      g_ptr_array_add (texts, gk_sync_answer_read_state (change, item));
      if (item->item_id == NULL || item->rev == GK_STORE_NO_REV)
        return gk_sync_answer_fail (error, "changes[].item.id");
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
  g_autoptr(GkJsonTree) page = gk_sync_client_get_changes (client, cursor, error);
  const GkJsonValue *root, *changes;
  const char *next;

  if (page == NULL)
    return FALSE;
  root = gk_json_tree_get_root (page);
  next = gk_sync_answer_get_string (root, "next");
  changes = gk_sync_answer_get_array (root, "changes");
  if (next == NULL || changes == NULL)
    return gk_sync_answer_fail (error, "changes, next");
  *more = gk_sync_answer_get_boolean (root, "more");
  return apply_changes (store, changes, next, report, error);
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
            return gk_sync_answer_fail (error, "server_id");
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
  g_autoptr(GkJsonTree) answer = gk_sync_client_get_conflicts (client, error);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree GkStoreConflict *conflicts = NULL;
  const GkJsonValue *root, *array, *record;
  gboolean complete;
  guint n;

  if (answer == NULL)
    return FALSE;
  root = gk_json_tree_get_root (answer);
  array = gk_sync_answer_get_array (root, "conflicts");
  if (array == NULL)
    return gk_sync_answer_fail (error, "conflicts");
  n = array->n_children;
  conflicts = g_new0 (GkStoreConflict, MAX (n, 1));
  record = n > 0 ? gk_json_value_first (array) : NULL;
  for (guint i = 0; i < n; i++, record = gk_json_value_next (record))
    {
      char *json;

      conflicts[i].id = gk_sync_answer_get_string (record, "id");
      conflicts[i].item_id = gk_sync_answer_get_string (record, "item_id");
      if (conflicts[i].id == NULL || conflicts[i].item_id == NULL)
        return gk_sync_answer_fail (error, "conflicts[].id, item_id");
      json = gk_sync_answer_dup_text (record);
      g_ptr_array_add (texts, json);
      conflicts[i].json = json;
      conflicts[i].state = "open";
    }
  report->open_conflicts = n;
  complete = !gk_sync_answer_get_boolean (root, "more");
  return gk_store_set_open_conflicts (store, conflicts, n, complete,
                                      gk_sync_answer_get_string (root, "conflicts_tag"), error);
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
     gboolean       pull_after,
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
      || (pull_after && !pull (store, client, report, error))
      || !update_conflicts (store, client, report, conflicts_tag,
                            settled || report->conflicts > 0 || report->resynced, error)
      || !list_rejected (store, report, error))
    return NULL;
  return g_steal_pointer (&report);
}

/* Keeps when the sync last completed (@pulled: a push alone did not read
 * the others' changes), and whether the token was refused: what the PC
 * shows until the next sync (a refused token waits for a new one, its
 * changes kept). Best effort: the sync's outcome is the store's already,
 * and a store that cannot write this has said why in it. */
static void
record_outcome (GkStore      *store,
                gboolean      pulled,
                const GError *error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);

  if (error == NULL)
    {
      g_autofree char *refused = gk_store_dup_sync_value (store, GK_STORE_SYNC_TOKEN_REFUSED,
                                                          NULL);

      /* Each write is a commit, and 50 PCs' commits at once queue behind
       * each other on one disk: only what changed is written. */
      if (pulled)
        gk_store_set_sync_value (store, GK_STORE_SYNC_LAST_SYNC, stamp, NULL);
      if (refused != NULL)
        gk_store_set_sync_value (store, GK_STORE_SYNC_TOKEN_REFUSED, NULL, NULL);
    }
  else if (g_error_matches (error, GK_SYNC_CLIENT_ERROR, GK_SYNC_CLIENT_ERROR_UNAUTHORIZED))
    {
      gk_store_set_sync_value (store, GK_STORE_SYNC_TOKEN_REFUSED, stamp, NULL);
    }
}

/* One sync, its outcome kept. */
static GkSyncReport *
run_and_record (GkStore       *store,
                GkSyncClient  *client,
                gboolean       pull_after,
                GError       **error)
{
  g_autoptr(GError) local = NULL;
  GkSyncReport *report;

  gk_store_set_syncing (store, TRUE);
  report = run (store, client, pull_after, &local);
  gk_store_set_syncing (store, FALSE);
  record_outcome (store, pull_after, local);
  if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return report;
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
  return run_and_record (store, client, TRUE, error);
}

/**
 * gk_sync_engine_push:
 * @store: an open store
 * @client: a client for the server, with the PC's token
 * @error: return location for a #GError
 *
 * gk_sync_engine_run() without the pull that ends it: the store's changes
 * are handed in and the others' are left for the next sync (`gongkai-cli
 * sync --push-only`, on a slow line). A restored server is still read
 * again first, since the changes to send are based on what it holds. The
 * cursor moves only past the push's own changes, when the store had seen
 * everything before them.
 *
 * Returns: (transfer full) (nullable): what the sync did; %NULL on error
 */
GkSyncReport *
gk_sync_engine_push (GkStore       *store,
                     GkSyncClient  *client,
                     GError       **error)
{
  return run_and_record (store, client, FALSE, error);
}
