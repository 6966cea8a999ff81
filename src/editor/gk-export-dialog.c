/* gk-export-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include "gk-export-dialog.h"

struct _GkExportDialog
{
  AdwMessageDialog  parent_instance;

  AdwComboRow      *format_row;
  GtkStringList    *formats;
  AdwComboRow      *scope_row;
  GtkStringList    *scopes;
  AdwComboRow      *paper_row;

  char             *domain_code;  /* the domain the user is in, or NULL */
};

G_DEFINE_FINAL_TYPE (GkExportDialog, gk_export_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* The paper matters only to the formats made for printing. */
static void
update_paper_row (GkExportDialog *self)
{
  GkExportFormat format = gk_export_dialog_get_format (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->paper_row),
                            format == GK_EXPORT_FORMAT_PDF || format == GK_EXPORT_FORMAT_XLSX);
}

static void
gk_export_dialog_finalize (GObject *object)
{
  GkExportDialog *self = GK_EXPORT_DIALOG (object);

  g_free (self->domain_code);

  G_OBJECT_CLASS (gk_export_dialog_parent_class)->finalize (object);
}

static void
gk_export_dialog_class_init (GkExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gk_export_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gongkai/Gongkai/ui/"
                                               "gk-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GkExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, GkExportDialog, formats);
  gtk_widget_class_bind_template_child (widget_class, GkExportDialog, scope_row);
  gtk_widget_class_bind_template_child (widget_class, GkExportDialog, scopes);
  gtk_widget_class_bind_template_child (widget_class, GkExportDialog, paper_row);
  gtk_widget_class_bind_template_callback (widget_class, update_paper_row);
}

static void
gk_export_dialog_init (GkExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* In the order of GkExportFormat. */
  for (GkExportFormat format = GK_EXPORT_FORMAT_HTML; format <= GK_EXPORT_FORMAT_CSV; format++)
    gtk_string_list_append (self->formats, gk_export_format_get_label (format));
  adw_combo_row_set_selected (self->format_row, GK_EXPORT_FORMAT_XLSX);
  gtk_string_list_append (self->scopes, _("Whole Catalog"));
  update_paper_row (self);
}

/**
 * gk_export_dialog_new:
 * @parent: the window to be modal for
 * @domain_code: (nullable): the domain the user is in, offered as the
 *   alternative to the whole catalog
 *
 * Returns: (transfer floating): a new dialog; connect to
 *   AdwMessageDialog::response, "export" when the user chose to export
 */
GtkWidget *
gk_export_dialog_new (GtkWindow  *parent,
                      const char *domain_code)
{
  GkExportDialog *self = g_object_new (GK_TYPE_EXPORT_DIALOG,
                                       "transient-for", parent,
                                       "modal", TRUE,
                                       NULL);
  const GkDomain *domain = domain_code != NULL ? gk_domain_lookup (domain_code) : NULL;

  if (domain != NULL)
    {
      /* Translators: %s is a domain, e.g. "Only 社会救助" */
      g_autofree char *label = g_strdup_printf (_("Only %s"), domain->name);

      self->domain_code = g_strdup (domain->code);
      gtk_string_list_append (self->scopes, label);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->scope_row), domain != NULL);

  return GTK_WIDGET (self);
}

/**
 * gk_export_dialog_get_format:
 *
 * Returns: the format chosen
 */
GkExportFormat
gk_export_dialog_get_format (GkExportDialog *self)
{
  guint selected;

  g_return_val_if_fail (GK_IS_EXPORT_DIALOG (self), GK_EXPORT_FORMAT_XLSX);

  selected = adw_combo_row_get_selected (self->format_row);
  return selected <= GK_EXPORT_FORMAT_CSV ? (GkExportFormat) selected : GK_EXPORT_FORMAT_XLSX;
}

/**
 * gk_export_dialog_set_format:
 * @format: the format to offer first
 */
void
gk_export_dialog_set_format (GkExportDialog *self,
                             GkExportFormat  format)
{
  g_return_if_fail (GK_IS_EXPORT_DIALOG (self));
  g_return_if_fail (format <= GK_EXPORT_FORMAT_CSV);

  adw_combo_row_set_selected (self->format_row, format);
}

/**
 * gk_export_dialog_get_domain_code:
 *
 * Returns: (nullable): the domain to export, or %NULL for the whole catalog
 */
const char *
gk_export_dialog_get_domain_code (GkExportDialog *self)
{
  g_return_val_if_fail (GK_IS_EXPORT_DIALOG (self), NULL);

  return adw_combo_row_get_selected (self->scope_row) == 1 ? self->domain_code : NULL;
}

/**
 * gk_export_dialog_get_paper:
 *
 * Returns: the paper chosen for PDF and XLSX
 */
GkPaperSize
gk_export_dialog_get_paper (GkExportDialog *self)
{
  g_return_val_if_fail (GK_IS_EXPORT_DIALOG (self), GK_PAPER_A4);

  return adw_combo_row_get_selected (self->paper_row) == 1 ? GK_PAPER_A3 : GK_PAPER_A4;
}
