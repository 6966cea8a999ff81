/* gk-import-dialog.c
 *
 * The file is read in a worker thread by GkImporter; the dialog then shows
 * the domains and items found, how each column was mapped and every row
 * or cell left out, and nothing reaches the catalog until the user adds
 * it: GkImportDialog::import tells the window, which takes the items from
 * gk_import_dialog_dup_items().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-import-dialog.h"
#include "gk-importer.h"

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
  AdwPreferencesGroup *found_group;
  GtkListBox          *domains_list;
  AdwPreferencesGroup *duplicates_group;
  AdwActionRow        *skip_row;
  GtkCheckButton      *skip_check;
  GtkListBox          *mapping_list;
  GtkListBox          *problems_list;
  AdwPreferencesGroup *notes_group;
  GtkListBox          *notes_list;

  GkCatalog           *catalog;     /* where the items go */
  GFile               *file;
  GkImporter          *importer;
  GCancellable        *cancellable;
  GkCatalog           *found;       /* what the file holds, once read */
  GHashTable          *duplicates;  /* items of @found already in @catalog */
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

static guint
count_to_add (GkImportDialog *self)
{
  guint n = self->found != NULL ? gk_catalog_get_n_items (self->found) : 0;

  if (gtk_check_button_get_active (self->skip_check))
    n -= g_hash_table_size (self->duplicates);
  return n;
}

static void
update_add_button (GkImportDialog *self)
{
  guint n = count_to_add (self);
  g_autofree char *description = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), n > 0);
  description = g_strdup_printf (ngettext ("%u item will be added to the catalog",
                                           "%u items will be added to the catalog", n), n);
  adw_preferences_group_set_description (self->found_group, description);
}

static void
add_clicked_cb (GkImportDialog *self)
{
  if (count_to_add (self) == 0)
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

static void
fill_domains (GkImportDialog *self)
{
  for (guint d = 0; d < GK_N_DOMAINS; d++)
    {
      const GkDomain *domain = gk_domain_get_nth (d);
      g_autoptr(GPtrArray) items = gk_catalog_dup_domain_items (self->found, domain->code);
      g_autofree char *count = NULL;

      if (items->len == 0)
        continue;
      count = g_strdup_printf (ngettext ("%u item", "%u items", items->len), items->len);
      gtk_list_box_append (self->domains_list, make_row (domain->name, NULL, count));
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

static char *
dup_key (GkItem *item)
{
  return g_strjoin ("\x1f", gk_item_get_text (item, GK_FIELD_DOMAIN),
                    gk_item_get_text (item, GK_FIELD_LEVEL1),
                    gk_item_get_text (item, GK_FIELD_LEVEL2), NULL);
}

/* Items with the 一级事项 and 二级事项 of one in the same domain. */
static void
find_duplicates (GkImportDialog *self)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *title = NULL;
  guint n;

  for (guint i = 0; i < gk_catalog_get_n_items (self->catalog); i++)
    g_hash_table_add (keys, dup_key (gk_catalog_get_item (self->catalog, i)));

  for (guint i = 0; i < gk_catalog_get_n_items (self->found); i++)
    {
      GkItem *item = gk_catalog_get_item (self->found, i);
      g_autofree char *key = dup_key (item);

      if (g_hash_table_contains (keys, key))
        g_hash_table_add (self->duplicates, item);
    }

  n = g_hash_table_size (self->duplicates);
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_group), n > 0);
  title = g_strdup_printf (ngettext ("%u item is already in the catalog",
                                     "%u items are already in the catalog", n), n);
  adw_preferences_group_set_title (self->duplicates_group, title);
  adw_preferences_group_set_description (self->duplicates_group,
                                         _("Same domain, first-level and second-level item. "
                                           "They are added again unless you skip them."));
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
      fill_domains (self);
      fill_mapping (self, gk_importer_get_report (self->importer));
      fill_problems (self, gk_importer_get_report (self->importer));
      find_duplicates (self);
      update_add_button (self);
      gtk_stack_set_visible_child_name (self->stack, "report");
      if (gk_catalog_get_n_items (self->found) == 0)
        adw_preferences_group_set_description (self->found_group,
                                               error != NULL ? error->message
                                               : _("No items were found in the file."));
      gtk_widget_grab_focus (GTK_WIDGET (self->add_button));
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
  g_clear_pointer (&self->duplicates, g_hash_table_unref);
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
   * The user chose to add the items; the dialog closes right after.
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
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, found_group);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, domains_list);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, duplicates_group);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, skip_row);
  gtk_widget_class_bind_template_child (widget_class, GkImportDialog, skip_check);
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
  self->duplicates = g_hash_table_new (NULL, NULL);

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
 * gk_import_dialog_get_n_duplicates:
 *
 * Returns: the items found that the catalog already has
 */
guint
gk_import_dialog_get_n_duplicates (GkImportDialog *self)
{
  g_return_val_if_fail (GK_IS_IMPORT_DIALOG (self), 0);

  return g_hash_table_size (self->duplicates);
}

/**
 * gk_import_dialog_set_skip_duplicates:
 * @skip: whether to leave out the items the catalog already has
 */
void
gk_import_dialog_set_skip_duplicates (GkImportDialog *self,
                                      gboolean        skip)
{
  g_return_if_fail (GK_IS_IMPORT_DIALOG (self));

  gtk_check_button_set_active (self->skip_check, skip);
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
  gboolean skip;

  g_return_val_if_fail (GK_IS_IMPORT_DIALOG (self), items);

  if (self->found == NULL)
    return items;

  skip = gtk_check_button_get_active (self->skip_check);
  for (guint d = 0; d < GK_N_DOMAINS; d++)
    {
      g_autoptr(GPtrArray) found = gk_catalog_dup_domain_items (self->found,
                                                                gk_domain_get_nth (d)->code);

      for (guint i = 0; i < found->len; i++)
        {
          GkItem *item = found->pdata[i];

          if (skip && g_hash_table_contains (self->duplicates, item))
            continue;
          g_ptr_array_add (items, copy_item (self, item));
        }
    }
  return items;
}
