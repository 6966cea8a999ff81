/* gk-print-operation.c
 *
 * The pages are those of the PDF export: GkTablePainter lays the table out
 * in begin-print on the printer's page area (points, landscape by
 * default) and draws one page per draw-page. The catalog is copied when
 * the operation is made, so edits during a long print job change nothing.
 * The printer, copies, paper and orientation chosen in the dialog are kept
 * for the next print, as GNOME's editors do, in a key file of the user's
 * configuration.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <glib/gi18n.h>

#include "gk-export-job.h"
#include "gk-print-operation.h"
#include "gk-table-painter.h"

struct _GkPrintOperation
{
  GtkPrintOperation  parent_instance;

  GkCatalog         *catalog;
  char              *domain_code;  /* offered besides the whole catalog */
  gboolean           domain_only;
  GkTablePainter    *painter;
  GError            *error;        /* why begin-print cancelled */
  GtkCheckButton    *domain_check; /* in the dialog's tab */
};

G_DEFINE_FINAL_TYPE (GkPrintOperation, gk_print_operation, GTK_TYPE_PRINT_OPERATION)

/* The painter's type sizes follow the paper, as in the PDF export. */
static GkPaperSize
get_paper (GtkPrintContext *context)
{
  GtkPageSetup *setup = gtk_print_context_get_page_setup (context);
  GtkPaperSize *paper = setup != NULL ? gtk_page_setup_get_paper_size (setup) : NULL;

  return paper != NULL && g_strcmp0 (gtk_paper_size_get_name (paper), GTK_PAPER_NAME_A3) == 0
         ? GK_PAPER_A3 : GK_PAPER_A4;
}

static void
gk_print_operation_begin_print (GtkPrintOperation *operation,
                                GtkPrintContext   *context)
{
  GkPrintOperation *self = GK_PRINT_OPERATION (operation);
  GkRenderOptions options = GK_RENDER_OPTIONS_INIT;
  guint n_pages;

  options.domain_code = self->domain_only ? self->domain_code : NULL;
  options.paper = get_paper (context);
  g_clear_object (&self->painter);
  g_clear_error (&self->error);
  self->painter = gk_table_painter_new_for_options (self->catalog, &options, &self->error);
  if (self->painter == NULL)
    {
      gtk_print_operation_cancel (operation);
      return;
    }

  n_pages = gk_table_painter_paginate (self->painter,
                                       gtk_print_context_get_cairo_context (context),
                                       gtk_print_context_get_width (context),
                                       gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, MAX (n_pages, 1));
}

static void
gk_print_operation_draw_page (GtkPrintOperation *operation,
                              GtkPrintContext   *context,
                              int                page_nr)
{
  GkPrintOperation *self = GK_PRINT_OPERATION (operation);

  if (self->painter != NULL && (guint) page_nr < gk_table_painter_get_n_pages (self->painter))
    gk_table_painter_draw_page (self->painter, gtk_print_context_get_cairo_context (context),
                                page_nr);
}

/* A tab of the print dialog: the whole catalog or the domain shown. */
static GtkWidget *
gk_print_operation_create_custom_widget (GtkPrintOperation *operation)
{
  GkPrintOperation *self = GK_PRINT_OPERATION (operation);
  const GkDomain *domain;
  g_autofree char *label = NULL;
  GtkWidget *box, *whole, *only;

  if (self->domain_code == NULL)
    return NULL;

  domain = gk_domain_lookup (self->domain_code);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  whole = gtk_check_button_new_with_mnemonic (_("The _whole catalog"));

  /* Translators: %s is a domain, e.g. "Only 社会救助"; _ marks the access key */
  label = g_strdup_printf (_("_Only %s"), domain->name);
  only = gtk_check_button_new_with_mnemonic (label);
  gtk_check_button_set_group (GTK_CHECK_BUTTON (only), GTK_CHECK_BUTTON (whole));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->domain_only ? only : whole), TRUE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_box_append (GTK_BOX (box), whole);
  gtk_box_append (GTK_BOX (box), only);
  g_set_object (&self->domain_check, GTK_CHECK_BUTTON (only));

  return box;
}

static void
gk_print_operation_custom_widget_apply (GtkPrintOperation *operation,
                                        GtkWidget         *widget)
{
  GkPrintOperation *self = GK_PRINT_OPERATION (operation);

  if (self->domain_check != NULL)
    self->domain_only = gtk_check_button_get_active (self->domain_check);
}

static char *
dup_settings_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "gongkai", "print-settings.ini", NULL);
}

/* The page setup follows the paper and orientation kept with the
 * settings. */
static void
load_settings (GkPrintOperation *self)
{
  GtkPrintOperation *operation = GTK_PRINT_OPERATION (self);
  g_autofree char *path = dup_settings_path ();
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GError) error = NULL;
  GtkPaperSize *paper;

  if (!g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("Print settings not read from %s: %s", path, error->message);
      return;
    }

  settings = gtk_print_settings_new_from_key_file (key_file, NULL, &error);
  if (settings == NULL)
    {
      g_debug ("Print settings not read from %s: %s", path, error->message);
      return;
    }

  gtk_print_operation_set_print_settings (operation, settings);
  setup = gtk_page_setup_copy (gtk_print_operation_get_default_page_setup (operation));
  paper = gtk_print_settings_get_paper_size (settings);
  if (paper != NULL)
    {
      gtk_page_setup_set_paper_size (setup, paper);
      gtk_paper_size_free (paper);
    }
  if (gtk_print_settings_has_key (settings, GTK_PRINT_SETTINGS_ORIENTATION))
    gtk_page_setup_set_orientation (setup, gtk_print_settings_get_orientation (settings));
  gtk_print_operation_set_default_page_setup (operation, setup);
}

/* Losing them costs the user a few clicks next time: a failure is logged,
 * not shown. */
static void
save_settings (GkPrintOperation *self)
{
  GtkPrintOperation *operation = GTK_PRINT_OPERATION (self);
  GtkPrintSettings *chosen = gtk_print_operation_get_print_settings (operation);
  GtkPageSetup *setup = gtk_print_operation_get_default_page_setup (operation);
  g_autofree char *path = dup_settings_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;

  if (chosen == NULL)
    return;

  /* The dialog's page setup tab (embedded) changes the page setup. */
  settings = gtk_print_settings_copy (chosen);
  gtk_print_settings_set_paper_size (settings, gtk_page_setup_get_paper_size (setup));
  gtk_print_settings_set_orientation (settings, gtk_page_setup_get_orientation (setup));
  gtk_print_settings_to_key_file (settings, key_file, NULL);
  data = g_key_file_to_data (key_file, &length, NULL);
  file = g_file_new_for_path (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    g_warning ("Could not keep the print settings in %s: %s", path, g_strerror (errno));
  else if (!gk_file_replace_contents (file, data, length, NULL, &error))
    g_warning ("Could not keep the print settings: %s", error->message);
}

static void
gk_print_operation_done (GtkPrintOperation       *operation,
                         GtkPrintOperationResult  result)
{
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    save_settings (GK_PRINT_OPERATION (operation));
}

static void
gk_print_operation_dispose (GObject *object)
{
  GkPrintOperation *self = GK_PRINT_OPERATION (object);

  g_clear_object (&self->painter);
  g_clear_object (&self->domain_check);

  G_OBJECT_CLASS (gk_print_operation_parent_class)->dispose (object);
}

static void
gk_print_operation_finalize (GObject *object)
{
  GkPrintOperation *self = GK_PRINT_OPERATION (object);

  g_clear_object (&self->catalog);
  g_clear_error (&self->error);
  g_free (self->domain_code);

  G_OBJECT_CLASS (gk_print_operation_parent_class)->finalize (object);
}

static void
gk_print_operation_class_init (GkPrintOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *print_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->dispose = gk_print_operation_dispose;
  object_class->finalize = gk_print_operation_finalize;
  print_class->begin_print = gk_print_operation_begin_print;
  print_class->draw_page = gk_print_operation_draw_page;
  print_class->create_custom_widget = gk_print_operation_create_custom_widget;
  print_class->custom_widget_apply = gk_print_operation_custom_widget_apply;
  print_class->done = gk_print_operation_done;
}

static void
gk_print_operation_init (GkPrintOperation *self)
{
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  /* The table is wide: landscape A4, as the published PDFs. */
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), setup);
  gtk_print_operation_set_unit (GTK_PRINT_OPERATION (self), GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (GTK_PRINT_OPERATION (self), TRUE);
  load_settings (self);
}

/**
 * gk_print_operation_new:
 * @catalog: the catalog to print; it is copied
 * @domain_code: (nullable): the domain the user is in, offered in the
 *   print dialog besides the whole catalog
 *
 * Returns: (transfer full): a new print operation, for the whole catalog
 *   until gk_print_operation_set_domain_only() or the dialog says otherwise
 */
GkPrintOperation *
gk_print_operation_new (GkCatalog  *catalog,
                        const char *domain_code)
{
  GkPrintOperation *self;
  const GkDomain *domain = domain_code != NULL ? gk_domain_lookup (domain_code) : NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (GK_IS_CATALOG (catalog), NULL);

  self = g_object_new (GK_TYPE_PRINT_OPERATION, NULL);
  self->catalog = gk_catalog_dup_snapshot (catalog);
  self->domain_code = domain != NULL ? g_strdup (domain->code) : NULL;
  title = gk_render_dup_title (catalog, NULL);
  gtk_print_operation_set_job_name (GTK_PRINT_OPERATION (self), title);
  if (domain != NULL)
    gtk_print_operation_set_custom_tab_label (GTK_PRINT_OPERATION (self), _("Catalog"));

  return self;
}

/**
 * gk_print_operation_set_domain_only:
 * @domain_only: whether to print only the domain given at construction
 */
void
gk_print_operation_set_domain_only (GkPrintOperation *self,
                                    gboolean          domain_only)
{
  g_return_if_fail (GK_IS_PRINT_OPERATION (self));

  self->domain_only = domain_only && self->domain_code != NULL;
}

/**
 * gk_print_operation_get_domain_only:
 *
 * Returns: whether only the domain is printed
 */
gboolean
gk_print_operation_get_domain_only (GkPrintOperation *self)
{
  g_return_val_if_fail (GK_IS_PRINT_OPERATION (self), FALSE);

  return self->domain_only;
}

/**
 * gk_print_operation_get_n_pages:
 *
 * Returns: the pages laid out by the last begin-print, 0 before
 */
guint
gk_print_operation_get_n_pages (GkPrintOperation *self)
{
  g_return_val_if_fail (GK_IS_PRINT_OPERATION (self), 0);

  return self->painter != NULL ? gk_table_painter_get_n_pages (self->painter) : 0;
}

/**
 * gk_print_operation_get_layout_error:
 *
 * Returns: (nullable): why the table could not be laid out (the operation
 *   then ends cancelled), e.g. nothing to print
 */
const GError *
gk_print_operation_get_layout_error (GkPrintOperation *self)
{
  g_return_val_if_fail (GK_IS_PRINT_OPERATION (self), NULL);

  return self->error;
}
