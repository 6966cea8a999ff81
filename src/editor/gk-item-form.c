/* gk-item-form.c: the form that edits one item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gi18n.h>

#include "gk-item-form.h"
#include "gk-accessible.h"

#include "gk-channel-chooser.h"
#include "gk-field-row.h"
#include "gk-level-chooser.h"

/* The pairs of checks map to the flags bit by bit. */
G_STATIC_ASSERT (GK_AUDIENCE_PUBLIC == 1 << 0 && GK_AUDIENCE_SPECIFIC == 1 << 1);
G_STATIC_ASSERT (GK_METHOD_PROACTIVE == 1 << 0 && GK_METHOD_ON_REQUEST == 1 << 1);

struct _GkItemForm
{
  AdwBin             parent_instance;

  GkItem            *item;
  GStrv              levels;
  gulong             changed_id;
  guint              n_errors;
  guint              scroll_source;
  GkField            scroll_field;

  /* Nesting counters instead of signal blocking: the widgets' own handlers
   * return early while the form loads them, and the item's handler leaves
   * the widgets alone while the form writes into the item. */
  guint              loading;
  guint              writing;
  gboolean           item_changed;

  /* The template's field rows, found once: each names the control that
   * edits its field and shows the field's message. */
  GkFieldRow        *rows[GK_N_FIELDS];

  /* Template children */
  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkBox            *fields_box;
  GtkWidget         *owner_box;
  GtkLabel          *owner_label;
  GtkWidget         *rejected_box;
  GtkLabel          *rejected_label;
  GtkWidget         *draft_box;

  GkItemFormCheckFunc check;
  gpointer           check_data;
};

G_DEFINE_FINAL_TYPE (GkItemForm, gk_item_form, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ITEM,
  PROP_N_ERRORS,
  N_PROPS
};

enum {
  EDITED,
  DROP_REJECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Whether the widget already shows @text once normalized the way the item
 * stores it; then it is left alone so the cursor and a trailing space the
 * user is typing stay where they are. */
static gboolean
shows_text (const char *current,
            const char *text)
{
  g_autofree char *normalized = gk_text_normalize (current);

  return g_strcmp0 (normalized, text != NULL ? text : "") == 0;
}

static GtkWidget *
get_control (GkItemForm *self,
             GkField     field)
{
  return gk_field_row_get_control (self->rows[field]);
}

static AdwComboRow *
get_domain_row (GkItemForm *self)
{
  return ADW_COMBO_ROW (get_control (self, GK_FIELD_DOMAIN));
}

static GkChannelChooser *
get_channel_chooser (GkItemForm *self)
{
  return GK_CHANNEL_CHOOSER (get_control (self, GK_FIELD_CHANNELS));
}

static GkLevelChooser *
get_level_chooser (GkItemForm *self)
{
  return GK_LEVEL_CHOOSER (get_control (self, GK_FIELD_LEVELS));
}

static GtkTextBuffer *
buffer_for_field (GkItemForm *self,
                  GkField     field)
{
  GtkWidget *control = get_control (self, field);

  return GTK_IS_TEXT_VIEW (control) ? gtk_text_view_get_buffer (GTK_TEXT_VIEW (control)) : NULL;
}

/* The field whose control is @object, or whose text view shows it. */
static GkField
field_for_control (GkItemForm *self,
                   gpointer    object)
{
  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      if (get_control (self, (GkField) i) == object
          || buffer_for_field (self, (GkField) i) == object)
        return (GkField) i;
    }

  return GK_N_FIELDS;
}

/* Edits go through begin_edit()/end_edit(): "edited" is emitted only when
 * the item really changed (typing a trailing space changes nothing). */
static void
begin_edit (GkItemForm *self)
{
  self->writing++;
  self->item_changed = FALSE;
}

static void update_checks (GkItemForm *self);

static void
end_edit (GkItemForm *self,
          GkItem     *item,
          GkField     field)
{
  self->writing--;
  if (!self->item_changed)
    return;

  self->item_changed = FALSE;
  update_checks (self);
  g_signal_emit (self, signals[EDITED], 0, item, field);
}

static void
edit_text (GkItemForm *self,
           GkField     field,
           const char *text)
{
  g_autoptr(GkItem) item = NULL;

  if (self->loading > 0 || self->item == NULL || field == GK_N_FIELDS)
    return;

  item = g_object_ref (self->item);
  begin_edit (self);
  gk_item_set_text (item, field, text);
  end_edit (self, item, field);
}

static void
entry_changed_cb (GkItemForm  *self,
                  GtkEditable *editable)
{
  edit_text (self, field_for_control (self, GTK_WIDGET (editable)),
             gtk_editable_get_text (editable));
}

static void
buffer_changed_cb (GkItemForm    *self,
                   GtkTextBuffer *buffer)
{
  g_autofree char *text = NULL;

  if (self->loading > 0 || self->item == NULL)
    return;

  text = dup_buffer_text (buffer);
  edit_text (self, field_for_control (self, buffer), text);
}

static void
domain_selected_cb (GkItemForm *self)
{
  const GkDomain *domain;

  if (self->loading > 0 || self->item == NULL)
    return;

  domain = gk_domain_get_nth (adw_combo_row_get_selected (get_domain_row (self)));
  if (domain != NULL)
    edit_text (self, GK_FIELD_DOMAIN, domain->code);
}

/* Writes @flags, what the checks of @field show, into the item. */
static void
edit_flags (GkItemForm *self,
            GkField     field,
            guint       flags)
{
  g_autoptr(GkItem) item = NULL;

  if (self->loading > 0 || self->item == NULL)
    return;

  item = g_object_ref (self->item);
  begin_edit (self);
  if (field == GK_FIELD_CHANNELS)
    gk_item_set_channels (item, flags);
  else if (field == GK_FIELD_AUDIENCE)
    gk_item_set_audience (item, flags);
  else
    gk_item_set_method (item, flags);
  end_edit (self, item, field);
}

static void
channel_toggled_cb (GkItemForm *self)
{
  edit_flags (self, GK_FIELD_CHANNELS,
              gk_channel_chooser_get_channels (get_channel_chooser (self)));
}

/* The two checks of a pair (audience, method), as the item's flags. */
static guint
get_pair_flags (GkItemForm *self,
                GkField     field)
{
  GtkWidget *first = gtk_widget_get_first_child (get_control (self, field));
  GtkWidget *second = gtk_widget_get_next_sibling (first);

  return (gtk_check_button_get_active (GTK_CHECK_BUTTON (first)) ? 1u << 0 : 0)
         | (gtk_check_button_get_active (GTK_CHECK_BUTTON (second)) ? 1u << 1 : 0);
}

static void
set_pair_flags (GkItemForm *self,
                GkField     field,
                guint       flags)
{
  GtkWidget *first = gtk_widget_get_first_child (get_control (self, field));
  GtkWidget *second = gtk_widget_get_next_sibling (first);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (first), flags & (1u << 0));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (second), flags & (1u << 1));
}

static void
pair_toggled_cb (GkItemForm     *self,
                 GtkCheckButton *check)
{
  GkField field = field_for_control (self, gtk_widget_get_parent (GTK_WIDGET (check)));

  edit_flags (self, field, get_pair_flags (self, field));
}

static void
level_toggled_cb (GkItemForm *self)
{
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GPtrArray) levels = NULL;

  if (self->loading > 0 || self->item == NULL)
    return;

  levels = gk_level_chooser_dup_active (get_level_chooser (self));
  item = g_object_ref (self->item);
  begin_edit (self);
  gk_item_set_levels (item, (const char * const *) levels->pdata);
  end_edit (self, item, GK_FIELD_LEVELS);
}

static void
load_text (GkItemForm *self,
           GkField     field,
           gboolean    force)
{
  const char *text = gk_item_get_text (self->item, field);
  GtkTextBuffer *buffer = buffer_for_field (self, field);

  if (buffer != NULL)
    {
      g_autofree char *current = dup_buffer_text (buffer);

      if (force || !shows_text (current, text))
        gtk_text_buffer_set_text (buffer, text, -1);
    }
  else
    {
      GtkEditable *editable = GTK_EDITABLE (get_control (self, field));

      if (force || !shows_text (gtk_editable_get_text (editable), text))
        gtk_editable_set_text (editable, text);
    }
}

static void
load_domain (GkItemForm *self)
{
  const GkDomain *domain = gk_domain_lookup_code (gk_item_get_text (self->item, GK_FIELD_DOMAIN));
  int index = domain != NULL ? gk_domain_get_index (domain) : -1;

  adw_combo_row_set_selected (get_domain_row (self),
                              index >= 0 ? (guint) index : GTK_INVALID_LIST_POSITION);
}

static void
load_flags (GkItemForm *self)
{
  set_pair_flags (self, GK_FIELD_AUDIENCE, gk_item_get_audience (self->item));
  set_pair_flags (self, GK_FIELD_METHOD, gk_item_get_method (self->item));
}

/* Shows the item's @field in its widget without writing back. */
static void
load_field (GkItemForm *self,
            GkField     field,
            gboolean    force)
{
  self->loading++;

  if (field == GK_FIELD_DOMAIN)
    load_domain (self);
  else if (gk_field_is_text (field))
    load_text (self, field, force);
  else if (field == GK_FIELD_CHANNELS)
    gk_channel_chooser_set_channels (get_channel_chooser (self),
                                     gk_item_get_channels (self->item));
  else if (field == GK_FIELD_AUDIENCE || field == GK_FIELD_METHOD)
    load_flags (self);
  else if (field == GK_FIELD_LEVELS)
    gk_level_chooser_set_active (get_level_chooser (self), gk_item_get_levels (self->item));

  self->loading--;
}

static void
load_all (GkItemForm *self,
          gboolean    force)
{
  for (guint i = 0; i < GK_N_FIELDS; i++)
    load_field (self, (GkField) i, force);
}

static void
set_n_errors (GkItemForm *self,
              guint       n_errors)
{
  if (self->n_errors == n_errors)
    return;

  self->n_errors = n_errors;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ERRORS]);
}

static void
append_line (GString    *string,
             const char *line)
{
  if (string->len > 0)
    g_string_append_c (string, '\n');
  g_string_append (string, line);
}

/* Runs the checks (microseconds) and shows each diagnostic at its field;
 * several diagnostics of one field are shown together, errors first. */
static void
update_checks (GkItemForm *self)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  GString *messages[GK_N_FIELDS] = { NULL, };
  gboolean errors[GK_N_FIELDS] = { FALSE, };
  gboolean draft = FALSE;
  guint n_errors = 0;

  diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_diagnostic_free);
  if (self->item != NULL && self->check != NULL)
    draft = self->check (self->item, diagnostics, self->check_data);
  else if (self->item != NULL)
    gk_check_item (self->item, (const char * const *) self->levels, diagnostics);
  gtk_widget_set_visible (self->draft_box, draft);

  for (guint pass = 0; pass < 2; pass++)
    {
      GkSeverity severity = pass == 0 ? GK_SEVERITY_ERROR : GK_SEVERITY_WARNING;

      for (guint i = 0; i < diagnostics->len; i++)
        {
          GkDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);
          guint field = (guint) diagnostic->field < GK_N_FIELDS ? diagnostic->field : 0;

          if (diagnostic->severity != severity)
            continue;
          if (messages[field] == NULL)
            messages[field] = g_string_new (NULL);
          append_line (messages[field], diagnostic->message);
          errors[field] |= severity == GK_SEVERITY_ERROR;
          n_errors += severity == GK_SEVERITY_ERROR;
        }
    }

  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      gk_field_row_show_message (self->rows[i], messages[i] != NULL ? messages[i]->str : NULL,
                                 errors[i]);
      if (messages[i] != NULL)
        g_string_free (messages[i], TRUE);
    }

  set_n_errors (self, n_errors);
}

static void
item_changed_cb (GkItemForm *self,
                 GkField     field,
                 GkItem     *item)
{
  /* Our own write: the widget already shows what the user typed. */
  if (self->writing > 0)
    {
      self->item_changed = TRUE;
      return;
    }

  if ((guint) field < GK_N_FIELDS)
    load_field (self, field, FALSE);
  else
    load_all (self, FALSE);
  update_checks (self);
}

/* The widget that takes the focus for @field: a hidden entry (其他 or
 * 特定群体 not checked) gives way to the toggle that reveals it. */
static GtkWidget *
focus_widget_for_field (GkItemForm *self,
                        GkField     field)
{
  GtkWidget *control = get_control (self, field);
  GkChannelChooser *channels = get_channel_chooser (self);

  if (field == GK_FIELD_CHANNEL_OTHER && !gtk_widget_get_visible (control))
    return GTK_WIDGET (gk_channel_chooser_get_check (channels, GK_CHANNEL_OTHER));
  /* 特定群体, the second of the audience checks */
  if (field == GK_FIELD_AUDIENCE_DESC && !gtk_widget_get_visible (control))
    return gtk_widget_get_last_child (get_control (self, GK_FIELD_AUDIENCE));

  return gk_field_row_get_focus_widget (self->rows[field]);
}

/* Brings the field and its message into view, with some room around. */
static gboolean
scroll_to_field (GkItemForm *self,
                 GkField     field)
{
  GtkWidget *content = gtk_scrolled_window_get_child (self->scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_rect_t bounds;
  double top;
  double bottom;
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);

  if (!gk_field_row_compute_bounds (self->rows[field], content, &bounds))
    return FALSE;

  top = bounds.origin.y - 24;
  bottom = bounds.origin.y + bounds.size.height + 24;
  if (top < value || bottom - top > page)
    gtk_adjustment_set_value (adjustment, top);
  else if (bottom > value + page)
    gtk_adjustment_set_value (adjustment, bottom - page);

  return TRUE;
}

static gboolean
scroll_later_cb (gpointer user_data)
{
  GkItemForm *self = user_data;

  self->scroll_source = 0;
  scroll_to_field (self, self->scroll_field);

  return G_SOURCE_REMOVE;
}

/* Finds the field rows declared in the template, each the only one of its
 * field. */
static void
collect_rows (GkItemForm *self,
              GtkWidget  *parent)
{
  for (GtkWidget *child = gtk_widget_get_first_child (parent); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GkFieldRow *row;
      GkField field;

      if (!GK_IS_FIELD_ROW (child))
        {
          collect_rows (self, child);
          continue;
        }
      row = GK_FIELD_ROW (child);
      field = gk_field_row_get_field (row);
      if (self->rows[field] != NULL || gk_field_row_get_control (row) == NULL)
        g_error ("gk-item-form.ui: a second row, or one without a control, for the field %s",
                 gk_field_get_key (field));
      self->rows[field] = row;
    }
}

static void
set_up_rows (GkItemForm *self)
{
  collect_rows (self, GTK_WIDGET (self->scroller));
  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      if (self->rows[i] == NULL)
        g_error ("gk-item-form.ui has no row for the field %s", gk_field_get_key ((GkField) i));
    }
}

static void
set_up_channels (GkItemForm *self)
{
  GtkCheckButton *other = gk_channel_chooser_get_check (get_channel_chooser (self),
                                                        GK_CHANNEL_OTHER);

  g_object_bind_property (other, "active", get_control (self, GK_FIELD_CHANNEL_OTHER), "visible",
                          G_BINDING_SYNC_CREATE);
}

static void
set_up_domains (GkItemForm *self)
{
  GtkStringList *model = GTK_STRING_LIST (adw_combo_row_get_model (get_domain_row (self)));

  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      const GkDomain *domain = gk_domain_get_nth (i);
      g_autofree char *text = g_strdup_printf ("%s %s", domain->code, domain->name);

      gtk_string_list_append (model, text);
    }
}

/* The controls in Tab order. The boxed lists would stop Tab at the first
 * message row (a row that takes no focus ends a list's focus chain), and
 * the flow box would stop on every cell, so the form walks its own chain. */
static void
collect_focus_chain (GkItemForm *self,
                     GPtrArray  *chain)
{
  for (guint i = 0; i < GK_N_FIELDS; i++)
    gk_field_row_collect_controls (self->rows[i], chain);
}

static int
find_in_chain (GPtrArray *chain,
               GtkWidget *focus)
{
  for (guint i = 0; focus != NULL && i < chain->len; i++)
    {
      GtkWidget *target = g_ptr_array_index (chain, i);

      if (focus == target || gtk_widget_is_ancestor (focus, target)
          || gtk_widget_is_ancestor (target, focus))
        return (int) i;
    }

  return -1;
}

static gboolean
gk_item_form_focus (GtkWidget        *widget,
                    GtkDirectionType  direction)
{
  GkItemForm *self = GK_ITEM_FORM (widget);
  g_autoptr(GPtrArray) chain = NULL;
  GtkWidget *focus = NULL;
  int step = direction == GTK_DIR_TAB_FORWARD ? 1 : -1;
  int i;

  if (self->item == NULL
      || (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD))
    return GTK_WIDGET_CLASS (gk_item_form_parent_class)->focus (widget, direction);

  chain = g_ptr_array_new ();
  collect_focus_chain (self, chain);
  if (gtk_widget_get_root (widget) != NULL)
    focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  if (focus != NULL && !gtk_widget_is_ancestor (focus, widget))
    focus = NULL;

  i = find_in_chain (chain, focus);
  if (i < 0)
    i = step > 0 ? -1 : (int) chain->len;
  for (i += step; i >= 0 && i < (int) chain->len; i += step)
    {
      GtkWidget *target = g_ptr_array_index (chain, i);

      if (gtk_widget_get_mapped (target) && gtk_widget_is_sensitive (target)
          && gtk_widget_grab_focus (target))
        return TRUE;
    }

  return FALSE;
}

/* Once per display, for the look of the text views. */
static void
ensure_style (GkItemForm *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "gk-item-form-css") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider,
                                       "/io/github/gongkai/Gongkai/ui/gk-item-form.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "gk-item-form-css",
                          g_steal_pointer (&provider), g_object_unref);
}

static void
drop_clicked_cb (GkItemForm *self)
{
  if (self->item != NULL)
    g_signal_emit (self, signals[DROP_REJECTED], 0, self->item);
}

static void
gk_item_form_dispose (GObject *object)
{
  GkItemForm *self = GK_ITEM_FORM (object);

  g_clear_handle_id (&self->scroll_source, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->item);
  g_clear_object (&self->item);
  g_clear_pointer (&self->levels, g_strfreev);
  memset (self->rows, 0, sizeof self->rows);

  /* AdwBin keeps its own pointer to the stack: let it drop the stack
   * before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GK_TYPE_ITEM_FORM);

  G_OBJECT_CLASS (gk_item_form_parent_class)->dispose (object);
}

static void
gk_item_form_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GkItemForm *self = GK_ITEM_FORM (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    case PROP_N_ERRORS:
      g_value_set_uint (value, self->n_errors);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_up_template (GtkWidgetClass *widget_class)
{
  g_type_ensure (GK_TYPE_CHANNEL_CHOOSER);
  g_type_ensure (GK_TYPE_FIELD_ROW);
  g_type_ensure (GK_TYPE_LEVEL_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gongkai/Gongkai/ui/gk-item-form.ui");
  gtk_widget_class_bind_template_child (widget_class, GkItemForm, stack);
  gtk_widget_class_bind_template_child (widget_class, GkItemForm, scroller);
  gtk_widget_class_bind_template_child (widget_class, GkItemForm, fields_box);
  gtk_widget_class_bind_template_child (widget_class, GkItemForm, owner_box);
  gtk_widget_class_bind_template_child (widget_class, GkItemForm, owner_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemForm, rejected_box);
  gtk_widget_class_bind_template_child (widget_class, GkItemForm, rejected_label);
  gtk_widget_class_bind_template_child (widget_class, GkItemForm, draft_box);
  gtk_widget_class_bind_template_callback (widget_class, drop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, buffer_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, domain_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, channel_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, level_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, pair_toggled_cb);
}

static void
gk_item_form_class_init (GkItemFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gk_item_form_dispose;
  object_class->get_property = gk_item_form_get_property;

  widget_class->focus = gk_item_form_focus;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         GK_TYPE_ITEM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_N_ERRORS] =
    g_param_spec_uint ("n-errors", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GkItemForm::edited:
   * @self: the form
   * @item: the item that was edited
   * @field: the #GkField the user changed
   *
   * Emitted after the user changed a field of the item, once the item
   * holds the new value; never when the form loads an item or follows a
   * change made elsewhere (undo).
   */
  /**
   * GkItemForm::drop-rejected:
   * @item: the item shown
   *
   * The user chose to drop the change of @item the county server refused.
   */
  signals[DROP_REJECTED] =
    g_signal_new ("drop-rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, GK_TYPE_ITEM);
  signals[EDITED] =
    g_signal_new ("edited",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 2, GK_TYPE_ITEM, GK_TYPE_FIELD);

  set_up_template (widget_class);
}

static void
gk_item_form_init (GkItemForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gk_accessible_fix_widgets (GTK_WIDGET (self));

  set_up_rows (self);
  set_up_domains (self);
  set_up_channels (self);
  ensure_style (self);
}

/**
 * gk_item_form_new:
 *
 * Returns: (transfer full): a new, empty form
 */
GtkWidget *
gk_item_form_new (void)
{
  return g_object_new (GK_TYPE_ITEM_FORM, NULL);
}

static gboolean
levels_equal (const char * const *a,
              const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strv_equal (a, b);
}

/**
 * gk_item_form_set_item:
 * @self: a form
 * @item: (nullable): the item to edit, or %NULL to show the empty state
 * @levels: (nullable) (array zero-terminated=1): the catalog's level set,
 *   offered as the item's possible levels and used by the checks
 *
 * Shows @item. The form then writes every change straight into it and
 * follows the changes made to it elsewhere.
 */
void
gk_item_form_set_item (GkItemForm         *self,
                       GkItem             *item,
                       const char * const *levels)
{
  gboolean new_item;

  g_return_if_fail (GK_IS_ITEM_FORM (self));
  g_return_if_fail (item == NULL || GK_IS_ITEM (item));

  new_item = self->item != item;
  if (new_item)
    {
      g_clear_signal_handler (&self->changed_id, self->item);
      g_set_object (&self->item, item);
      if (item != NULL)
        self->changed_id = g_signal_connect_object (item, "changed",
                                                    G_CALLBACK (item_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
    }

  if (new_item || !levels_equal ((const char * const *) self->levels, levels))
    {
      g_strfreev (self->levels);
      self->levels = g_strdupv ((char **) levels);
      self->loading++;
      gk_level_chooser_set_levels (get_level_chooser (self), levels,
                                   item != NULL ? gk_item_get_levels (item) : NULL);
      self->loading--;
    }

  if (item != NULL)
    load_all (self, new_item);
  gtk_stack_set_visible_child_name (self->stack, item != NULL ? "form" : "empty");
  if (new_item)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  update_checks (self);

  if (new_item)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * gk_item_form_get_item:
 * @self: a form
 *
 * Returns: (transfer none) (nullable): the item shown, if any
 */
GkItem *
gk_item_form_get_item (GkItemForm *self)
{
  g_return_val_if_fail (GK_IS_ITEM_FORM (self), NULL);

  return self->item;
}

/**
 * gk_item_form_focus_field:
 * @self: a form
 * @field: a field
 *
 * Scrolls to @field and its message and moves the keyboard focus into it,
 * for instance when the user picks a diagnostic from a list.
 */
void
gk_item_form_focus_field (GkItemForm *self,
                          GkField     field)
{
  g_return_if_fail (GK_IS_ITEM_FORM (self));
  g_return_if_fail ((guint) field < GK_N_FIELDS);

  if (self->item == NULL)
    return;

  gtk_widget_grab_focus (focus_widget_for_field (self, field));

  /* Right after an item is shown nothing is allocated yet. */
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  if (!scroll_to_field (self, field))
    {
      self->scroll_field = field;
      self->scroll_source = g_idle_add (scroll_later_cb, self);
    }
}

/**
 * gk_item_form_get_n_errors:
 * @self: a form
 *
 * Returns: the number of errors the checks found in the item shown
 */
guint
gk_item_form_get_n_errors (GkItemForm *self)
{
  g_return_val_if_fail (GK_IS_ITEM_FORM (self), 0);

  return self->n_errors;
}

/**
 * gk_item_form_set_read_only:
 * @self: a form
 * @reason: (nullable): why the item shown may not be changed here (whose
 *   it is), or %NULL when it may
 *
 * Shows the item without letting it be changed, with @reason above its
 * fields: an item of another department is shown, since the preview is the
 * whole county's, but only its department changes it.
 */
void
gk_item_form_set_read_only (GkItemForm *self,
                            const char *reason)
{
  g_return_if_fail (GK_IS_ITEM_FORM (self));

  gtk_label_set_label (self->owner_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (self->owner_box, reason != NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (child != self->owner_box)
        gtk_widget_set_sensitive (child, reason == NULL);
    }
}

/**
 * gk_item_form_set_rejected:
 * @self: a form
 * @reason: (nullable): why the county server refused a change of the item
 *   shown, or %NULL when it did not
 *
 * Shows the refusal above the fields, with a button to drop the change
 * (#GkItemForm::drop-rejected); editing the item sends it again.
 */
void
gk_item_form_set_rejected (GkItemForm *self,
                           const char *reason)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GK_IS_ITEM_FORM (self));

  if (reason != NULL)
    /* Translators: %s is the county server's reason */
    text = g_strdup_printf (_("The county server refused your change of this item: %s. Fix it "
                              "here and it is sent again, or drop it."), reason);
  gtk_label_set_label (self->rejected_label, text != NULL ? text : "");
  gtk_widget_set_visible (self->rejected_box, reason != NULL);
}

/**
 * gk_item_form_set_check_func:
 * @self: a form
 * @func: (nullable): checks an item as the catalog counts it, or %NULL for
 *   gk_check_item() alone
 * @data: for @func
 *
 * Lets the form show what the catalog counts: the warning of an item
 * entered twice (the catalog's business, not the form's), and the missing
 * elements of a starter draft or a new item only when their time comes.
 */
void
gk_item_form_set_check_func (GkItemForm          *self,
                             GkItemFormCheckFunc  func,
                             gpointer             data)
{
  g_return_if_fail (GK_IS_ITEM_FORM (self));

  self->check = func;
  self->check_data = data;
  update_checks (self);
}

/**
 * gk_item_form_recheck:
 * @self: a form
 *
 * Checks the item shown again: another item's change may have made it a
 * duplicate, or no longer one; or the user asked for its missing elements.
 */
void
gk_item_form_recheck (GkItemForm *self)
{
  g_return_if_fail (GK_IS_ITEM_FORM (self));

  update_checks (self);
}
