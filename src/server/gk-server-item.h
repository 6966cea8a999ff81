/* gk-server-item.h: items and their revisions in the server's database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "gk-item.h"

G_BEGIN_DECLS

/* SQL joining an item to its newest revision, `newest`, whose `fields`
 * are the item's (schema 5: item holds no fields of its own). */
#define GK_SERVER_ITEM_JOIN_NEWEST \
  " JOIN item_rev AS newest ON newest.item_id = item.id AND newest.rev = item.rev"

/* An item as the server keeps it: its newest revision. */
typedef struct
{
  char     *item_id;
  char     *catalog_id;
  char     *dept_id;
  gint64    rev;
  gint64    seq;
  gboolean  deleted;
  GkItem   *item;
  char     *json;     /* the item object, with its department */
} GkServerItem;

GkServerItem *gk_server_item_new      (const char     *item_id,
                                       const char     *catalog_id,
                                       const char     *dept_id);
void          gk_server_item_free     (GkServerItem   *item);
gboolean      gk_server_item_load     (sqlite3        *db,
                                       const char     *item_id,
                                       GkServerItem  **item,
                                       GError        **error);
GkItem       *gk_server_item_load_rev (sqlite3        *db,
                                       const char     *item_id,
                                       gint64          rev,
                                       GError        **error);
gboolean      gk_server_item_save     (sqlite3        *db,
                                       GkServerItem   *item,
                                       gint64         *seq,
                                       const char     *op_id,
                                       const char     *token_id,
                                       GkFieldMask     changed,
                                       GError        **error);

gboolean      gk_server_item_read_seq (sqlite3        *db,
                                       gint64         *seq,
                                       GError        **error);
gboolean      gk_server_item_write_seq (sqlite3       *db,
                                        gint64         seq,
                                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkServerItem, gk_server_item_free)

G_END_DECLS
