/* gk-import-dialog.c
 *
 * The file is read in a worker thread by GkImporter; the dialog then
 * matches its items with the catalog's (gk_import_match_catalog(): by
 * domain and names) and shows how many are new, changed and unchanged,
 * with a choice for each group, the domains, how each column was mapped
 * and every row or cell left out. Nothing reaches the catalog until the
 * user imports: GkImportDialog::import tells the window, which takes the
 * items to add from gk_import_dialog_dup_items() and those to update from
 * gk_import_dialog_dup_updates(). By default the new items are added, the
 * changed ones updated and the unchanged ones skipped, so importing a
 * table again never adds an item twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n.h>

#include "gk-import-dialog.h"
#include "gk-importer.h"
#include "gk-import-match.h"

/* Enough to see what went wrong; a wrong file can have thousands. */
#define MAX_ROWS 500

struct _GkImportDialog
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *add_button;
  GtkStack            *stack;
  AdwStatusPage       *error_page;
  AdwPreferencesGroup *matches_group;
  AdwComboRow         *new_row;
  AdwComboRow         *changed_row;
  AdwExpanderRow      *changes_row;
  AdwComboRow         *unchanged_row;
  AdwPreferencesGroup *found_group;
  GtkListBox          *domains_list;
  GtkListBox          *mapping_list;
  GtkListBox          *problems_list;
  AdwPreferencesGroup *notes_group;
  GtkListBox          *notes_list;

  GkCatalog           *catalog;     /* where the items go */
  GFile               *file;
  GkImporter          *importer;
  GCancellable        *cancellable;
  GkCatalog           *found;       /* what the file holds, once read */
  GPtrArray           *matches;     /* GkImportMatch of each item of @found */
  guint                n_matched[GK_IMPORT_N_MATCH_KINDS];
  guint                n_locked;    /* changed, but read-only here */
  GkImportCanEditFunc  can_edit;
  gpointer             can_edit_data;
};

G_DEFINE_FINAL_TYPE (GkImportDialog, gk_import_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

enum {
  IMPORT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* What each group's row offers, in its order (two or three choices; the
 * rest of a line is never read). */
static const GkImportAction choices[GK_IMPORT_N_MATCH_KINDS][3] = {
  [GK_IMPORT_MATCH_NEW] = { GK_IMPORT_ACTION_ADD, GK_IMPORT_ACTION_SKIP, GK_IMPORT_ACTION_SKIP },
  [GK_IMPORT_MATCH_CHANGED] = { GK_IMPORT_ACTION_UPDATE, GK_IMPORT_ACTION_ADD,
                                GK_IMPORT_ACTION_SKIP },
  [GK_IMPORT_MATCH_UNCHANGED] = { GK_IMPORT_ACTION_SKIP, GK_IMPORT_ACTION_ADD,
                                  GK_IMPORT_ACTION_SKIP },
};

static AdwComboRow *
get_choice_row (GkImportDialog    *self,
                GkImportMatchKind  kind)
{
  AdwComboRow *rows[GK_IMPORT_N_MATCH_KINDS] = {
    self->new_row, self->changed_row, self->unchanged_row
  };

  return rows[kind];
}

/* Whether the catalog's item of @match may be changed on this PC. */
static gboolean
is_locked (GkImportDialog      *self,
           const GkImportMatch *match)
{
  return match->existing != NULL && self->can_edit != NULL
         && !self->can_edit (match->existing, self->can_edit_data);
}

static void
count_actions (GkImportDialog *self,
               guint          *n_add,
               guint          *n_update)
{
  GkImportAction actions[GK_IMPORT_N_MATCH_KINDS];

  for (guint k = 0; k < GK_IMPORT_N_MATCH_KINDS; k++)
    actions[k] = gk_import_dialog_get_action (self, k);
  *n_add = *n_update = 0;
  for (guint k = 0; k < GK_IMPORT_N_MATCH_KINDS; k++)
    if (actions[k] == GK_IMPORT_ACTION_ADD)
      *n_add += self->n_matched[k];
  if (actions[GK_IMPORT_MATCH_CHANGED] == GK_IMPORT_ACTION_UPDATE)
    *n_update = self->n_matched[GK_IMPORT_MATCH_CHANGED] - self->n_locked;
}

static void
update_add_button (GkImportDialog *self)
{
  guint n_add, n_update;
  g_autofree char *added = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *description = NULL;

  count_actions (self, &n_add, &n_update);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), n_add + n_update > 0);
  if (n_add + n_update == 0)
    {
      adw_preferences_group_set_description (self->matches_group,
                                             _("Nothing will change in the catalog."));
      return;
    }
  added = g_strdup_printf (ngettext ("%u item will be added", "%u items will be added", n_add),
                           n_add);
  updated = g_strdup_printf (ngettext ("%u item will be updated", "%u items will be updated",
                                       n_update), n_update);
  /* Translators: what an import will do: added, updated */
  description = g_strdup_printf (_("%s, %s."), added, updated);
  adw_preferences_group_set_description (self->matches_group, description);
}

static void
add_clicked_cb (GkImportDialog *self)
{
  guint n_add, n_update;

  count_actions (self, &n_add, &n_update);
  if (n_add + n_update == 0)
    return;

  g_signal_emit (self, signals[IMPORT], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (GkImportDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static GtkWidget *
make_row (const char *title,
          const char *subtitle,
          const char *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  /* File contents are shown as they are, never as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  if (suffix != NULL)
    {
      GtkWidget *label = gtk_label_new (suffix);

      /* Short values stay on one line; long ones wrap in a column. */
      if (g_utf8_strlen (suffix, -1) > 12)
        {
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_width_chars (GTK_LABEL (label), 16);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
        }
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  return row;
}

/* "Sheet1, row 5, column C" */
static char *
describe_place (const char *sheet,
                guint       row,
                int         column)
{
  g_autofree char *name = column >= 0 ? gk_sheet_column_name ((guint) column) : NULL;

  if (row == 0)
    /* Translators: where in the file; %s is the sheet's name */
    return g_strdup_printf (_("Sheet “%s”"), sheet);
  if (name == NULL)
    /* Translators: where in the file: sheet, row */
    return g_strdup_printf (_("Sheet “%s”, row %u"), sheet, row);
  /* Translators: where in the file: sheet, row, column letter */
  return g_strdup_printf (_("Sheet “%s”, row %u, column %s"), sheet, row, name);
}

static void
append_more_row (GtkListBox *list,
                 guint       n_more)
{
  g_autofree char *title = g_strdup_printf (ngettext ("and %u more", "and %u more", n_more),
                                            n_more);

  gtk_list_box_append (list, make_row (title, NULL, NULL));
}

/* "2 new, 1 changed, 3 unchanged" */
static char *
describe_counts (const guint n[GK_IMPORT_N_MATCH_KINDS])
{
  g_autofree char *fresh = g_strdup_printf (ngettext ("%u new", "%u new",
                                                      n[GK_IMPORT_MATCH_NEW]),
                                            n[GK_IMPORT_MATCH_NEW]);
  g_autofree char *changed = g_strdup_printf (ngettext ("%u changed", "%u changed",
                                                        n[GK_IMPORT_MATCH_CHANGED]),
                                              n[GK_IMPORT_MATCH_CHANGED]);
  g_autofree char *unchanged = g_strdup_printf (ngettext ("%u unchanged", "%u unchanged",
                                                          n[GK_IMPORT_MATCH_UNCHANGED]),
                                                n[GK_IMPORT_MATCH_UNCHANGED]);

  /* Translators: how the items of a table compare with the catalog's:
   * new, changed, unchanged */
  return g_strdup_printf (_("%s, %s, %s"), fresh, changed, unchanged);
}

static void
fill_domains (GkImportDialog *self)
{
  guint i = 0;

  /* The matches go domain by domain. */
  while (i < self->matches->len)
    {
      const char *code = gk_item_get_text (((GkImportMatch *) self->matches->pdata[i])->found,
                                           GK_FIELD_DOMAIN);
      guint n[GK_IMPORT_N_MATCH_KINDS] = { 0, };
      g_autofree char *counts = NULL;

      for (; i < self->matches->len; i++)
        {
          GkImportMatch *match = self->matches->pdata[i];

          if (strcmp (gk_item_get_text (match->found, GK_FIELD_DOMAIN), code) != 0)
            break;
          n[match->kind]++;
        }
      counts = describe_counts (n);
      gtk_list_box_append (self->domains_list,
                           make_row (gk_domain_lookup_code (code)->name, counts, NULL));
    }
}

static void
fill_mapping (GkImportDialog *self,
              GkImportReport *report)
{
  guint n_columns = gk_import_report_get_n_columns (report);

  for (guint i = 0; i < n_columns && i < MAX_ROWS; i++)
    {
      const GkImportColumn *column = gk_import_report_get_column (report, i);
      g_autofree char *what = gk_import_column_describe (column);
      g_autofree char *place = describe_place (column->sheet, column->header_row,
                                               (int) column->column);
      const char *header = column->header != NULL && *column->header != '\0'
                           ? column->header : _("(no header)");

      gtk_list_box_append (self->mapping_list, make_row (header, place, what));
    }
  if (n_columns > MAX_ROWS)
    append_more_row (self->mapping_list, n_columns - MAX_ROWS);
}

static void
fill_problems (GkImportDialog *self,
               GkImportReport *report)
{
  guint n_problems = gk_import_report_get_n_problems (report);
  guint n_shown[2] = { 0, 0 }, n_hidden[2] = { 0, 0 };

  for (guint i = 0; i < n_problems; i++)
    {
      const GkImportProblem *problem = gk_import_report_get_problem (report, i);
      gboolean note = gk_import_issue_is_note (problem->issue);
      GtkListBox *list = note ? self->notes_list : self->problems_list;
      g_autofree char *place = NULL;

      if (n_shown[note] >= MAX_ROWS)
        {
          n_hidden[note]++;
          continue;
        }
      place = describe_place (problem->sheet, problem->row, problem->column);
      gtk_list_box_append (list, make_row (problem->message, place, NULL));
      n_shown[note]++;
    }
  if (n_hidden[FALSE] > 0)
    append_more_row (self->problems_list, n_hidden[FALSE]);
  if (n_hidden[TRUE] > 0)
    append_more_row (self->notes_list, n_hidden[TRUE]);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_group), n_shown[TRUE] > 0);
}

/* "最低生活保障 / 审批结果": the group tells apart items of one name. */
static char *
dup_item_name (GkItem *item)
{
  if (*gk_item_get_text (item, GK_FIELD_LEVEL2) == '\0')
    return gk_item_dup_title (item);
  return g_strdup_printf ("%s / %s", gk_item_get_text (item, GK_FIELD_LEVEL1),
                          gk_item_get_text (item, GK_FIELD_LEVEL2));
}

/* The changed items and the names of the fields that change. */
static void
fill_changes (GkImportDialog *self)
{
  guint n_shown = 0;

  for (guint i = 0; i < self->matches->len; i++)
    {
      GkImportMatch *match = self->matches->pdata[i];
      g_autofree char *title = NULL;
      g_autofree char *fields = NULL;
      g_autofree char *subtitle = NULL;

      if (match->kind != GK_IMPORT_MATCH_CHANGED)
        continue;
      if (n_shown++ == MAX_ROWS)
        break;
      title = dup_item_name (match->existing);
      fields = gk_field_mask_dup_labels (match->changed);
      if (is_locked (self, match))
        /* Translators: %s names the fields that differ */
        subtitle = g_strdup_printf (_("%s — another department’s item, left as it is"),
                                    fields);
      adw_expander_row_add_row (self->changes_row,
                                make_row (title, subtitle != NULL ? subtitle : fields, NULL));
    }
  if (n_shown > MAX_ROWS)
    {
      g_autofree char *more = NULL;
      guint n_more = self->n_matched[GK_IMPORT_MATCH_CHANGED] - MAX_ROWS;

      more = g_strdup_printf (ngettext ("and %u more", "and %u more", n_more), n_more);
      adw_expander_row_add_row (self->changes_row, make_row (more, NULL, NULL));
    }
}

static void
set_row_count (AdwComboRow *row,
               const char  *subtitle,
               guint        n)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_visible (GTK_WIDGET (row), n > 0);
}

/* Matches the items found with the catalog's and shows the groups. */
static void
match_items (GkImportDialog *self)
{
  GkImportReport *report = gk_importer_get_report (self->importer);
  g_autofree char *title = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *unchanged = NULL;
  guint *n = self->n_matched;

  self->matches = gk_import_match_catalog (self->found, self->catalog,
                                           gk_import_report_get_fields (report));
  for (guint i = 0; i < self->matches->len; i++)
    {
      GkImportMatch *match = self->matches->pdata[i];

      n[match->kind]++;
      if (match->kind == GK_IMPORT_MATCH_CHANGED && is_locked (self, match))
        self->n_locked++;
    }

  title = describe_counts (n);
  adw_preferences_group_set_title (self->matches_group, title);
  fresh = g_strdup_printf (ngettext ("%u item the catalog does not have",
                                     "%u items the catalog does not have",
                                     n[GK_IMPORT_MATCH_NEW]), n[GK_IMPORT_MATCH_NEW]);
  set_row_count (self->new_row, fresh, n[GK_IMPORT_MATCH_NEW]);
  if (self->n_locked > 0)
    changed = g_strdup_printf (ngettext ("%u item differs from the catalog’s; %u of them "
                                         "belong to other departments and are left as they are",
                                         "%u items differ from the catalog’s; %u of them "
                                         "belong to other departments and are left as they are",
                                         n[GK_IMPORT_MATCH_CHANGED]),
                               n[GK_IMPORT_MATCH_CHANGED], self->n_locked);
  else
    changed = g_strdup_printf (ngettext ("%u item differs from the catalog’s",
                                         "%u items differ from the catalog’s",
                                         n[GK_IMPORT_MATCH_CHANGED]),
                               n[GK_IMPORT_MATCH_CHANGED]);
  set_row_count (self->changed_row, changed, n[GK_IMPORT_MATCH_CHANGED]);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_row), n[GK_IMPORT_MATCH_CHANGED] > 0);
  fill_changes (self);
  unchanged = g_strdup_printf (ngettext ("%u item is in the catalog as it is in the file",
                                         "%u items are in the catalog as they are in the file",
                                         n[GK_IMPORT_MATCH_UNCHANGED]),
                               n[GK_IMPORT_MATCH_UNCHANGED]);
  set_row_count (self->unchanged_row, unchanged, n[GK_IMPORT_MATCH_UNCHANGED]);
}

static void
show_error (GkImportDialog *self,
            const char     *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), FALSE);
  gtk_button_set_label (self->cancel_button, _("_Close"));
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GkImportDialog *self = user_data;
  g_autoptr(GkCatalog) found = NULL;
  g_autoptr(GError) error = NULL;

  found = gk_importer_import_file_finish (GK_IMPORTER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A table none of whose rows could be imported: the report shows why for
   * each, under the error. */
  if (g_error_matches (error, GK_IMPORT_ERROR, GK_IMPORT_ERROR_NOTHING_IMPORTED))
    found = gk_catalog_new ();
  if (found == NULL)
    show_error (self, error->message);
  else
    {
      self->found = g_steal_pointer (&found);
      match_items (self);
      fill_domains (self);
      fill_mapping (self, gk_importer_get_report (self->importer));
      fill_problems (self, gk_importer_get_report (self->importer));
      update_add_button (self);
      gtk_stack_set_visible_child_name (self->stack, "report");
      if (gk_catalog_get_n_items (self->found) == 0)
        {
          gtk_widget_set_visible (GTK_WIDGET (self->matches_group), FALSE);
          adw_preferences_group_set_description (self->found_group,
                                                 error != NULL ? error->message
                                                 : _("No items were found in the file."));
        }
      /* What the defaults do never adds an item twice: Enter may do it. */
      if (gtk_widget_get_sensitive (GTK_WIDGET (self->add_button)))
        {
          gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->add_button));
          gtk_widget_grab_focus (GTK_WIDGET (self->add_button));
        }
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
gk_import_dialog_dispose (GObject *object)
{
  GkImportDialog *self = GK_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GK_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->importer);
  g_clear_object (&self->catalog);
  g_clear_object (&self->file);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_object (&self->found);

  G_OBJECT_CLASS (gk_import_dialog_parent_class)->dispose (object);
}

static void
gk_import_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GkImportDialog *self = GK_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, gk_import_dialog_get_loaded (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gk_import_dialog_class_init (GkImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gk_import_dialog_dispose;
  object_class->get_property = gk_import_dialog_get_property;

  /**
   * GkImportDialog:loaded:
   *
   * Whether the file has been read (or failed to be).
   */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GkImportDialog::import:
   *
   * The user chose to import; the dialog closes right after.
   */
  signals[IMPORT] = g_signal_new ("import", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gongkai/Gongkai/ui/"
                                               "gk-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, matches_group);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, changed_row);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, changes_row);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, unchanged_row);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, found_group);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, domains_list);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, mapping_list);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, problems_list);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, notes_group);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, notes_list);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_add_button);
}

static void
gk_import_dialog_init (GkImportDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->importer = gk_importer_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * gk_import_dialog_new:
 * @parent: the window to be modal for
 * @catalog: the catalog the items would go into (only read)
 * @file: the XLSX or CSV file to import
 * @default_domain: (nullable): the domain of tables that name none
 *
 * Starts reading @file in a worker thread and shows what it holds.
 *
 * Returns: (transfer floating): a new dialog
 */
GtkWidget *
gk_import_dialog_new (GtkWindow  *parent,
                      GkCatalog  *catalog,
                      GFile      *file,
                      const char *default_domain)
{
  GkImportDialog *self;
  g_autofree char *name = NULL;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (GK_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->catalog = g_object_ref (catalog);
  self->file = g_object_ref (file);

  name = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->window_title, name);
  gk_importer_set_default_domain (self->importer, default_domain);
  gk_importer_import_file_async (self->importer, file, self->cancellable, import_cb, self);

  return GTK_WIDGET (self);
}

/**
 * gk_import_dialog_get_file:
 *
 * Returns: (transfer none): the file imported
 */
GFile *
gk_import_dialog_get_file (GkImportDialog *self)
{
  g_return_val_if_fail (GK_IS_IMPORT_DIALOG (self), NULL);

  return self->file;
}

/**
 * gk_import_dialog_get_loaded:
 *
 * Returns: whether the file has been read, successfully or not
 */
gboolean
gk_import_dialog_get_loaded (GkImportDialog *self)
{
  g_return_val_if_fail (GK_IS_IMPORT_DIALOG (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "loading") != 0;
}

/**
 * gk_import_dialog_get_n_found:
 *
 * Returns: the items found in the file
 */
guint
gk_import_dialog_get_n_found (GkImportDialog *self)
{
  g_return_val_if_fail (GK_IS_IMPORT_DIALOG (self), 0);

  return self->found != NULL ? gk_catalog_get_n_items (self->found) : 0;
}

/**
 * gk_import_dialog_set_can_edit_func:
 * @func: (nullable): whether an item of the catalog may be changed here
 * @user_data: for @func
 *
 * Items @func refuses (another department's, when the PC syncs with the
 * county server) are never updated; the dialog says so. Set it before
 * the file has been read.
 */
void
gk_import_dialog_set_can_edit_func (GkImportDialog      *self,
                                    GkImportCanEditFunc  func,
                                    gpointer             user_data)
{
  g_return_if_fail (GK_IS_IMPORT_DIALOG (self));

  self->can_edit = func;
  self->can_edit_data = user_data;
}

/**
 * gk_import_dialog_get_n_matched:
 * @kind: new, changed or unchanged
 *
 * Returns: how many items of the file are of @kind
 */
guint
gk_import_dialog_get_n_matched (GkImportDialog    *self,
                                GkImportMatchKind  kind)
{
  g_return_val_if_fail (GK_IS_IMPORT_DIALOG (self), 0);
  g_return_val_if_fail (kind < GK_IMPORT_N_MATCH_KINDS, 0);

  return self->n_matched[kind];
}

/**
 * gk_import_dialog_get_action:
 * @kind: new, changed or unchanged
 *
 * Returns: what the import does with the items of @kind
 */
GkImportAction
gk_import_dialog_get_action (GkImportDialog    *self,
                             GkImportMatchKind  kind)
{
  guint selected;

  g_return_val_if_fail (GK_IS_IMPORT_DIALOG (self), GK_IMPORT_ACTION_SKIP);
  g_return_val_if_fail (kind < GK_IMPORT_N_MATCH_KINDS, GK_IMPORT_ACTION_SKIP);

  selected = adw_combo_row_get_selected (get_choice_row (self, kind));
  return selected < G_N_ELEMENTS (choices[kind]) ? choices[kind][selected]
                                                 : GK_IMPORT_ACTION_SKIP;
}

/**
 * gk_import_dialog_set_action:
 * @kind: new, changed or unchanged
 * @action: what to do with the items of @kind
 *
 * Returns: whether @action is offered for @kind (update is offered only
 *   for changed items)
 */
gboolean
gk_import_dialog_set_action (GkImportDialog    *self,
                             GkImportMatchKind  kind,
                             GkImportAction     action)
{
  AdwComboRow *row;

  g_return_val_if_fail (GK_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (kind < GK_IMPORT_N_MATCH_KINDS, FALSE);

  row = get_choice_row (self, kind);
  for (guint i = 0; i < g_list_model_get_n_items (adw_combo_row_get_model (row)); i++)
    {
      if (choices[kind][i] == action)
        {
          adw_combo_row_set_selected (row, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* A copy the catalog can own, under a new id if it has this one. */
static GkItem *
copy_item (GkImportDialog *self,
           GkItem         *item)
{
  GkItem *copy;

  if (gk_catalog_lookup_item (self->catalog, gk_item_get_id (item)) != NULL)
    return gk_item_duplicate (item);

  copy = gk_item_new_with_id (gk_item_get_id (item), gk_item_get_text (item, GK_FIELD_DOMAIN));
  gk_item_copy_from (copy, item);
  return copy;
}

/**
 * gk_import_dialog_dup_items:
 *
 * The items to add, domain by domain in the order of the file; an item
 * whose id the catalog already uses (a file exported from it) gets a new
 * one, so nothing in the catalog is overwritten.
 *
 * Returns: (transfer container) (element-type GkItem): the items to add
 */
GPtrArray *
gk_import_dialog_dup_items (GkImportDialog *self)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GkImportAction actions[GK_IMPORT_N_MATCH_KINDS];

  g_return_val_if_fail (GK_IS_IMPORT_DIALOG (self), items);

  if (self->matches == NULL)
    return items;

  for (guint k = 0; k < GK_IMPORT_N_MATCH_KINDS; k++)
    actions[k] = gk_import_dialog_get_action (self, k);
  for (guint i = 0; i < self->matches->len; i++)
    {
      GkImportMatch *match = self->matches->pdata[i];

      if (actions[match->kind] == GK_IMPORT_ACTION_ADD)
        g_ptr_array_add (items, copy_item (self, match->found));
    }
  return items;
}

/**
 * gk_import_dialog_dup_updates:
 *
 * The changed items to update, when that is the choice for them, but
 * none this PC may not change.
 *
 * Returns: (transfer container) (element-type GkImportMatch): the
 *   matches whose catalog items take the file's values
 */
GPtrArray *
gk_import_dialog_dup_updates (GkImportDialog *self)
{
  GPtrArray *updates = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_import_match_free);

  g_return_val_if_fail (GK_IS_IMPORT_DIALOG (self), updates);

  if (self->matches == NULL
      || gk_import_dialog_get_action (self, GK_IMPORT_MATCH_CHANGED) != GK_IMPORT_ACTION_UPDATE)
    return updates;

  for (guint i = 0; i < self->matches->len; i++)
    {
      GkImportMatch *match = self->matches->pdata[i];

      if (match->kind == GK_IMPORT_MATCH_CHANGED && !is_locked (self, match))
        g_ptr_array_add (updates, gk_import_match_copy (match));
    }
  return updates;
}
