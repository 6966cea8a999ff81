/* gk-server-publish-route.c: POST /api/v1/publish
 *
 * The county office publishes its catalog (gk-server-publish.c). The
 * rendering, the PDF above all, takes seconds for a large catalog: it runs
 * on a worker thread while the main loop serves and the writer writes. A
 * second publication of the catalog while one runs is refused with 409,
 * not queued: the one running already publishes the changes made before
 * it started, and the office can send the request again when it is done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-json-out.h"
#include "gk-server-db.h"
#include "gk-server-input.h"
#include "gk-server-lock.h"
#include "gk-server-publish.h"
#include "gk-server-publish-route.h"
#include "gk-server-response.h"

typedef struct
{
  char                *data_dir;
  char                *catalog_id;
  char                *server_id;
  int                  lock_fd;
  GkServerPublication *publication;   /* once published */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  gk_server_lock_release (job->lock_fd);
  g_free (job->data_dir);
  g_free (job->catalog_id);
  g_free (job->server_id);
  gk_server_publication_free (job->publication);
  g_free (job);
}

/* On the worker thread. */
static gboolean
publish (gpointer   data,
         GError   **error)
{
  Job *job = data;

  job->publication = gk_server_publish (job->data_dir, job->catalog_id, error);
  return job->publication != NULL;
}

static void
write_held_back (GkJsonOut              *j,
                 const GkServerHeldBack *held)
{
  gk_json_out_begin_object (j);
  gk_json_out_string_member (j, "item_id", held->item_id);
  gk_json_out_string_member (j, "dept", held->dept_id);
  gk_json_out_member (j, "problems");
  gk_json_out_begin_array (j);
  for (guint i = 0; i < held->problems->len; i++)
    {
      const GkDiagnostic *problem = g_ptr_array_index (held->problems, i);

      gk_json_out_begin_object (j);
      gk_json_out_string_member (j, "field", gk_field_get_key (problem->field));
      gk_json_out_string_member (j, "code", problem->code);
      gk_json_out_end_object (j);
    }
  gk_json_out_end_array (j);
  gk_json_out_end_object (j);
}

static void
reply (SoupServerMessage *msg,
       gpointer           data,
       const GError      *error)
{
  Job *job = data;
  const GkServerPublication *publication = job->publication;
  g_autofree char *at = NULL;
  g_autofree char *path = NULL;
  GString *out;
  GkJsonOut j;

  if (error != NULL)
    {
      g_warning ("Could not publish the catalog %s: %s", job->catalog_id, error->message);
      gk_server_respond_error (msg, error);
      return;
    }

  at = g_date_time_format_iso8601 (publication->at);
  path = g_strdup_printf ("/catalog/%s/", job->catalog_id);
  out = g_string_new (NULL);
  gk_json_out_init (&j, out);
  gk_json_out_begin_object (&j);
  gk_json_out_string_member (&j, "server_id", job->server_id);
  gk_json_out_member (&j, "published");
  gk_json_out_begin_object (&j);
  gk_json_out_string_member (&j, "at", at);
  gk_json_out_int_member (&j, "seq", publication->seq);
  gk_json_out_int_member (&j, "items", publication->n_items);
  gk_json_out_string_member (&j, "path", path);
  gk_json_out_member (&j, "held_back");
  gk_json_out_begin_array (&j);
  for (guint i = 0; i < publication->held_back->len; i++)
    write_held_back (&j, g_ptr_array_index (publication->held_back, i));
  gk_json_out_end_array (&j);
  gk_json_out_end_object (&j);
  gk_json_out_end_object (&j);
  gk_server_respond_text (msg, SOUP_STATUS_OK, out);
}

/**
 * gk_server_publish_handle:
 * @server: the server
 * @msg: the request
 * @auth: whom its token speaks for
 * @body: its body, which must be `{}`
 *
 * Publishes the token's catalog: the county office's token only.
 */
void
gk_server_publish_handle (GkServer           *server,
                          SoupServerMessage  *msg,
                          const GkServerAuth *auth,
                          const GkJsonValue  *body)
{
  g_autoptr(GError) error = NULL;
  Job *job;
  int fd;

  if (gk_server_input_refuse_query (msg))
    return;
  if (auth->dept_id != NULL)
    {
      gk_server_respond_problem (msg, SOUP_STATUS_FORBIDDEN, GK_PROBLEM_FORBIDDEN,
                                 _("Forbidden"),
                                 _("Only the county office’s token may publish the catalog."));
      return;
    }
  if (body->type != GK_JSON_OBJECT || body->n_children != 0)
    {
      gk_server_respond_problem (msg, SOUP_STATUS_BAD_REQUEST, GK_PROBLEM_INVALID_REQUEST,
                                 _("Invalid request"),
                                 _("The body of a publication is an empty object, “{}”."));
      return;
    }

  fd = gk_server_publish_lock (gk_server_get_data_dir (server), auth->catalog_id, &error);
  if (fd < 0 && g_error_matches (error, GK_SERVER_ERROR, GK_SERVER_ERROR_BUSY))
    {
      gk_server_respond_problem (msg, SOUP_STATUS_CONFLICT, GK_PROBLEM_PUBLISHING,
                                 _("Conflict"), error->message);
      return;
    }
  if (fd < 0)
    {
      gk_server_respond_error (msg, error);
      return;
    }

  job = g_new0 (Job, 1);
  job->data_dir = g_strdup (gk_server_get_data_dir (server));
  job->catalog_id = g_strdup (auth->catalog_id);
  job->server_id = g_strdup (gk_server_get_server_id (server));
  job->lock_fd = fd;
  gk_server_reply_after_work (server, msg, publish, reply, job, job_free);
}
