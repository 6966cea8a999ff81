/* gk-test-server.h: gongkai-server as the sync tests run it: a child on
 * 127.0.0.1 with its own folder, and a client for it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Every wait of the sync tests is bounded by this. */
#define GK_TEST_WAIT_S 30

typedef struct
{
  const char  *program;   /* the gongkai-server binary */
  char        *tmp;
  char        *data;      /* its --data folder */
  char        *log;       /* its stderr */
  GPtrArray   *tokens;    /* every token issued, to look for later */
  GSubprocess *server;    /* the running `serve`, or NULL */
  char        *base;      /* http://127.0.0.1:PORT */
  guint16      port;
  SoupSession *session;
} GkTestServer;

/* The county of gk_test_server_add_county() served, with a token for
 * each of two PCs of 民政局, a PC of 教育局 and the county office. */
typedef struct
{
  GkTestServer  s;
  char         *mz1;      /* labelled "mz PC-1" */
  char         *mz2;      /* "mz PC-2" */
  char         *jy;       /* "jy PC-1" */
  char         *office;   /* "office" */
} GkTestCounty;

void         gk_test_county_set_up      (GkTestCounty  *f,
                                         gconstpointer  program);
void         gk_test_county_tear_down   (GkTestCounty  *f,
                                         gconstpointer  program);

void         gk_test_server_init        (GkTestServer  *s,
                                         const char    *program,
                                         const char    *name);
void         gk_test_server_clear       (GkTestServer  *s);
int          gk_test_server_run_command (const char    *program,
                                         const char    *data_dir,
                                         char         **out,
                                         const char    *first,
                                         va_list        args);
int          gk_test_server_admin       (GkTestServer  *s,
                                         char         **out,
                                         const char    *first,
                                         ...) G_GNUC_NULL_TERMINATED;
char        *gk_test_server_issue_token (GkTestServer  *s,
                                         const char    *flag,
                                         const char    *value,
                                         const char    *label);
void         gk_test_server_add_county  (GkTestServer  *s);
void         gk_test_server_start       (GkTestServer  *s);
void         gk_test_server_restart     (GkTestServer  *s);
int          gk_test_server_stop        (GkTestServer  *s);
void         gk_test_wait_process       (GSubprocess   *process,
                                         const char    *what);
void         gk_test_server_assert_no_token_kept (GkTestServer *s);
JsonObject  *gk_test_server_request     (GkTestServer  *s,
                                         const char    *method,
                                         const char    *path,
                                         const char    *token,
                                         const char    *json,
                                         guint          status);
GBytes      *gk_test_server_send        (GkTestServer  *s,
                                         SoupMessage  **out_msg,
                                         const char    *method,
                                         const char    *path,
                                         const char    *token,
                                         GBytes        *body,
                                         gboolean       chunked);

/* A request sent without waiting for its answer. */
typedef struct
{
  SoupMessage *msg;
  GBytes      *body;   /* the answer's, once done */
  gboolean     done;
} GkTestSent;

void         gk_test_server_post_async  (GkTestServer  *s,
                                         SoupSession   *session,
                                         const char    *path,
                                         const char    *token,
                                         const char    *json,
                                         GkTestSent    *sent);
void         gk_test_sent_clear         (GkTestSent    *sent);

char        *gk_test_op                 (const char    *kind,
                                         const char    *item_id,
                                         gint64         base_rev,
                                         const char    *set,
                                         const char    *resolves);
char        *gk_test_push_body          (const char * const *ops);
JsonArray   *gk_test_server_push        (GkTestServer  *s,
                                         const char    *token,
                                         const char    *first,
                                         ...) G_GNUC_NULL_TERMINATED;

void         gk_test_wait_for           (gboolean      *done,
                                         const char    *what);
char        *gk_test_bearer             (const char    *token);
JsonObject  *gk_test_parse_object       (GBytes        *bytes);
void         gk_test_assert_problem     (SoupMessage   *msg,
                                         GBytes        *body,
                                         guint          status,
                                         const char    *type);

G_END_DECLS
