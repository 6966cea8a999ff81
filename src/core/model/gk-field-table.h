/* gk-field-table.h: THE list of an item's fields, written once
 *
 * Every layer expands this list where it needs the fields: the GkField
 * enum and its GType (gk-field.h, gk-field.c), the item (gk-item.c), the
 * JSON form (gk-catalog-json.c and its reader), the store's columns
 * (gk-store.c, gk-store-schema.c) and the form (data/ui/gk-item-form.ui
 * names each field by its key). Adding a field is one line here, its
 * migration, and its row in the form.
 *
 * GK_FIELD_ROW (NAME, key, kind, label), in form order, which is also the
 * order of the JSON form's members and of the store's columns:
 *   NAME   the enum value GK_FIELD_NAME
 *   key    the JSON member, the store's column and the GEnum nick
 *          (docs/catalog-format.md)
 *   kind   how the item keeps it, a GkFieldKind without its prefix:
 *          CODE (the domain's code), TEXT (free text), SHARED (free text
 *          many items repeat, kept once), CHANNELS (a set of the 13
 *          standard channels), AUDIENCE and METHOD (sets of two flags),
 *          LEVELS (a subset of the catalog's level set)
 *   label  the translatable name shown to the user
 *
 * Define GK_FIELD_ROW, include this file; it undefines GK_FIELD_ROW.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

GK_FIELD_ROW (DOMAIN,        "domain",        CODE,     N_("Domain"))
GK_FIELD_ROW (LEVEL1,        "level1",        SHARED,   N_("First-level item"))
GK_FIELD_ROW (LEVEL2,        "level2",        TEXT,     N_("Second-level item"))
GK_FIELD_ROW (LEVEL3,        "level3",        TEXT,     N_("Third-level item"))
GK_FIELD_ROW (CODE,          "code",          TEXT,     N_("Item code"))
GK_FIELD_ROW (CONTENT,       "content",       TEXT,     N_("Content"))
GK_FIELD_ROW (BASIS,         "basis",         SHARED,   N_("Legal basis"))
GK_FIELD_ROW (TIME_LIMIT,    "time_limit",    SHARED,   N_("Time limit"))
GK_FIELD_ROW (SUBJECT,       "subject",       SHARED,   N_("Responsible body"))
GK_FIELD_ROW (CHANNELS,      "channels",      CHANNELS, N_("Channels"))
GK_FIELD_ROW (CHANNEL_OTHER, "channel_other", SHARED,   N_("Other channel"))
GK_FIELD_ROW (AUDIENCE,      "audience",      AUDIENCE, N_("Audience"))
GK_FIELD_ROW (AUDIENCE_DESC, "audience_desc", SHARED,   N_("Specific group"))
GK_FIELD_ROW (METHOD,        "method",        METHOD,   N_("Method"))
GK_FIELD_ROW (LEVELS,        "levels",        LEVELS,   N_("Levels"))
GK_FIELD_ROW (WEB_COLUMN,    "web_column",    SHARED,   N_("Web column"))
GK_FIELD_ROW (WEB_URL,       "web_url",       TEXT,     N_("Web address"))
GK_FIELD_ROW (NOTES,         "notes",         TEXT,     N_("Notes"))

#undef GK_FIELD_ROW
