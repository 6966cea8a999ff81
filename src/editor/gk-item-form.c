/* gk-item-form.c: the form that edits one item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-item-form.h"

#include "gk-channel-chooser.h"
#include "gk-field-message.h"
#include "gk-level-chooser.h"

/* The pairs of checks map to the flags bit by bit. */
G_STATIC_ASSERT (GK_AUDIENCE_PUBLIC == 1 << 0 && GK_AUDIENCE_SPECIFIC == 1 << 1);
G_STATIC_ASSERT (GK_METHOD_PROACTIVE == 1 << 0 && GK_METHOD_ON_REQUEST == 1 << 1);

/* Everything the form knows about one field: the control the user edits
 * (focused by gk_item_form_focus_field()), the widget that carries the
 * error/warning style, and the message shown under it. */
typedef struct
{
  GtkWidget      *control;
  GtkWidget      *styled;
  GkFieldMessage *message;
} FieldSlot;

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

  FieldSlot          slots[GK_N_FIELDS];

  /* Template children */
  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  AdwComboRow       *domain_row;
  GtkStringList     *domain_model;
  GtkTextBuffer     *content_buffer;
  GtkTextBuffer     *basis_buffer;
  GkChannelChooser  *channel_chooser;
  AdwEntryRow       *channel_other_row;
  GtkCheckButton    *audience_public_check;
  GtkCheckButton    *audience_specific_check;
  GtkCheckButton    *method_proactive_check;
  GtkCheckButton    *method_on_request_check;
  GkLevelChooser    *level_chooser;
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

static GkField
field_for_control (GkItemForm *self,
                   GtkWidget  *widget)
{
  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      if (self->slots[i].control == widget)
        return (GkField) i;
    }

  return GK_N_FIELDS;
}

static GtkTextBuffer *
buffer_for_field (GkItemForm *self,
                  GkField     field)
{
  if (field == GK_FIELD_CONTENT)
    return self->content_buffer;
  if (field == GK_FIELD_BASIS)
    return self->basis_buffer;

  return NULL;
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
  edit_text (self, buffer == self->content_buffer ? GK_FIELD_CONTENT : GK_FIELD_BASIS, text);
}

static void
domain_selected_cb (GkItemForm *self)
{
  const GkDomain *domain;

  if (self->loading > 0 || self->item == NULL)
    return;

  domain = gk_domain_get_nth (adw_combo_row_get_selected (self->domain_row));
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
  edit_flags (self, GK_FIELD_CHANNELS, gk_channel_chooser_get_channels (self->channel_chooser));
}

/* The two checks of a pair (audience, method), as the item's flags. */
static guint
get_pair_flags (GtkCheckButton *first,
                GtkCheckButton *second)
{
  return (gtk_check_button_get_active (first) ? 1u << 0 : 0)
         | (gtk_check_button_get_active (second) ? 1u << 1 : 0);
}

static void
audience_toggled_cb (GkItemForm *self)
{
  edit_flags (self, GK_FIELD_AUDIENCE,
              get_pair_flags (self->audience_public_check, self->audience_specific_check));
}

static void
method_toggled_cb (GkItemForm *self)
{
  edit_flags (self, GK_FIELD_METHOD,
              get_pair_flags (self->method_proactive_check, self->method_on_request_check));
}

static void
level_toggled_cb (GkItemForm *self)
{
  g_autoptr(GkItem) item = NULL;
  g_autoptr(GPtrArray) levels = NULL;

  if (self->loading > 0 || self->item == NULL)
    return;

  levels = gk_level_chooser_dup_active (self->level_chooser);
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
      GtkEditable *editable = GTK_EDITABLE (self->slots[field].control);

      if (force || !shows_text (gtk_editable_get_text (editable), text))
        gtk_editable_set_text (editable, text);
    }
}

static void
load_domain (GkItemForm *self)
{
  const GkDomain *domain = gk_domain_lookup (gk_item_get_text (self->item, GK_FIELD_DOMAIN));
  int index = domain != NULL ? gk_domain_get_index (domain) : -1;

  adw_combo_row_set_selected (self->domain_row,
                              index >= 0 ? (guint) index : GTK_INVALID_LIST_POSITION);
}

static void
load_flags (GkItemForm *self)
{
  GkAudience audience = gk_item_get_audience (self->item);
  GkMethod method = gk_item_get_method (self->item);

  gtk_check_button_set_active (self->audience_public_check, audience & GK_AUDIENCE_PUBLIC);
  gtk_check_button_set_active (self->audience_specific_check, audience & GK_AUDIENCE_SPECIFIC);
  gtk_check_button_set_active (self->method_proactive_check, method & GK_METHOD_PROACTIVE);
  gtk_check_button_set_active (self->method_on_request_check, method & GK_METHOD_ON_REQUEST);
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
    gk_channel_chooser_set_channels (self->channel_chooser, gk_item_get_channels (self->item));
  else if (field == GK_FIELD_AUDIENCE || field == GK_FIELD_METHOD)
    load_flags (self);
  else if (field == GK_FIELD_LEVELS)
    gk_level_chooser_set_active (self->level_chooser, gk_item_get_levels (self->item));

  self->loading--;
}

static void
load_all (GkItemForm *self,
          gboolean    force)
{
  for (guint i = 0; i < GK_N_FIELDS; i++)
    load_field (self, (GkField) i, force);
}

/* The controls of @field in Tab order: for a group of toggles every
 * toggle, the one control otherwise. */
static void
collect_controls (GkItemForm *self,
                  GkField     field,
                  GPtrArray  *out)
{
  GtkWidget *control = self->slots[field].control;

  if (field == GK_FIELD_CHANNELS)
    {
      for (guint c = 0; c < GK_N_CHANNELS; c++)
        g_ptr_array_add (out, gk_channel_chooser_get_check (self->channel_chooser, c));
    }
  else if (field == GK_FIELD_AUDIENCE || field == GK_FIELD_METHOD)
    {
      for (GtkWidget *check = gtk_widget_get_first_child (gtk_widget_get_parent (control));
           check != NULL; check = gtk_widget_get_next_sibling (check))
        g_ptr_array_add (out, check);
    }
  else if (field == GK_FIELD_LEVELS)
    g_ptr_array_extend (out, gk_level_chooser_get_checks (self->level_chooser), NULL, NULL);
  else
    g_ptr_array_add (out, control);
}

/* Where a field's diagnostic is announced: every control, since any of
 * them may be focused, and for an entry row the text inside it that
 * really has the focus. */
static void
collect_accessibles (GkItemForm *self,
                     GkField     field,
                     GPtrArray  *out)
{
  GtkWidget *control = self->slots[field].control;

  collect_controls (self, field, out);
  if (GTK_IS_EDITABLE (control) && gtk_editable_get_delegate (GTK_EDITABLE (control)))
    g_ptr_array_add (out, gtk_editable_get_delegate (GTK_EDITABLE (control)));
}

/* Shows @message (or nothing) under @field. */
static void
show_message (GkItemForm *self,
              GkField     field,
              const char *message,
              gboolean    is_error)
{
  FieldSlot *slot = &self->slots[field];
  g_autoptr(GPtrArray) accessibles = NULL;

  if (!gk_field_message_show (slot->message, message, is_error))
    return;

  gtk_widget_remove_css_class (slot->styled, "error");
  gtk_widget_remove_css_class (slot->styled, "warning");
  if (message != NULL)
    gtk_widget_add_css_class (slot->styled, is_error ? "error" : "warning");
  accessibles = g_ptr_array_new ();
  collect_accessibles (self, field, accessibles);
  gk_field_message_describe (slot->message, accessibles);
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
  guint n_errors = 0;

  diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_diagnostic_free);
  if (self->item != NULL)
    n_errors = gk_check_item (self->item, (const char * const *) self->levels, diagnostics);

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
        }
    }

  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      show_message (self, (GkField) i, messages[i] != NULL ? messages[i]->str : NULL, errors[i]);
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
  GtkWidget *widget = self->slots[field].control;
  GPtrArray *checks = gk_level_chooser_get_checks (self->level_chooser);

  if (field == GK_FIELD_CHANNEL_OTHER && !gtk_widget_get_visible (widget))
    return GTK_WIDGET (gk_channel_chooser_get_check (self->channel_chooser, GK_CHANNEL_OTHER));
  if (field == GK_FIELD_AUDIENCE_DESC && !gtk_widget_get_visible (widget))
    return GTK_WIDGET (self->audience_specific_check);
  if (field == GK_FIELD_LEVELS && checks->len > 0)
    return g_ptr_array_index (checks, 0);

  return widget;
}

/* Brings the field and its message into view, with some room around. */
static gboolean
scroll_to_field (GkItemForm *self,
                 GkField     field)
{
  FieldSlot *slot = &self->slots[field];
  GtkWidget *content = gtk_scrolled_window_get_child (self->scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_rect_t bounds;
  graphene_rect_t message_bounds;
  double top;
  double bottom;
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);

  if (!gtk_widget_compute_bounds (slot->styled, content, &bounds))
    return FALSE;
  if (gtk_widget_get_visible (GTK_WIDGET (slot->message))
      && gtk_widget_compute_bounds (GTK_WIDGET (slot->message), content, &message_bounds))
    graphene_rect_union (&bounds, &message_bounds, &bounds);

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

/* Inside a boxed list a field's message is a row of its own, so that it
 * sits right under the field's row. */
static void
set_up_message (GkItemForm *self,
                GkField     field,
                GtkWidget  *control,
                GtkWidget  *styled,
                GtkWidget  *message)
{
  FieldSlot *slot = &self->slots[field];

  if (GTK_IS_LIST_BOX_ROW (message))
    message = gk_field_message_wrap_in_row (GTK_LIST_BOX_ROW (message));

  slot->control = control;
  slot->styled = styled;
  slot->message = GK_FIELD_MESSAGE (message);
}

/* Each field's control, the widget that wears its error or warning
 * style (NULL: the control) and its message, by template id. */
static const struct
{
  GkField     field;
  const char *control;
  const char *styled;
  const char *message;
} field_widgets[] = {
  { GK_FIELD_DOMAIN, "domain_row", NULL, "domain_message" },
  { GK_FIELD_LEVEL1, "level1_row", NULL, "level1_message" },
  { GK_FIELD_LEVEL2, "level2_row", NULL, "level2_message" },
  { GK_FIELD_LEVEL3, "level3_row", NULL, "level3_message" },
  { GK_FIELD_CODE, "code_row", NULL, "code_message" },
  { GK_FIELD_CONTENT, "content_view", "content_frame", "content_message" },
  { GK_FIELD_BASIS, "basis_view", "basis_frame", "basis_message" },
  { GK_FIELD_TIME_LIMIT, "time_limit_row", NULL, "time_limit_message" },
  { GK_FIELD_SUBJECT, "subject_row", NULL, "subject_message" },
  { GK_FIELD_CHANNELS, "channel_chooser", "channels_row", "channels_message" },
  { GK_FIELD_CHANNEL_OTHER, "channel_other_row", NULL, "channel_other_message" },
  { GK_FIELD_AUDIENCE, "audience_public_check", "audience_row", "audience_message" },
  { GK_FIELD_AUDIENCE_DESC, "audience_desc_row", NULL, "audience_desc_message" },
  { GK_FIELD_METHOD, "method_proactive_check", "method_row", "method_message" },
  { GK_FIELD_LEVELS, "levels_row", NULL, "levels_message" },
  { GK_FIELD_WEB_COLUMN, "web_column_row", NULL, "web_column_message" },
  { GK_FIELD_WEB_URL, "web_url_row", NULL, "web_url_message" },
  { GK_FIELD_NOTES, "notes_row", NULL, "notes_message" },
};

static GtkWidget *
get_child (GkItemForm *self,
           const char *id)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), GK_TYPE_ITEM_FORM, id));
}

static void
set_up_slots (GkItemForm *self)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (field_widgets) == GK_N_FIELDS);

  for (guint i = 0; i < G_N_ELEMENTS (field_widgets); i++)
    {
      GtkWidget *control = get_child (self, field_widgets[i].control);
      const char *styled = field_widgets[i].styled;

      /* The channel checks take the focus for the whole chooser. */
      if (GK_IS_CHANNEL_CHOOSER (control))
        control = GTK_WIDGET (gk_channel_chooser_get_check (GK_CHANNEL_CHOOSER (control), 0));
      set_up_message (self, field_widgets[i].field, control,
                      styled != NULL ? get_child (self, styled) : control,
                      get_child (self, field_widgets[i].message));
    }
}

/* Entry rows name their inner text after the row's title, so a screen
 * reader says which field the cursor is in. */
static void
label_entry_rows (GkItemForm *self)
{
  for (guint i = 0; i < GK_N_FIELDS; i++)
    {
      GtkWidget *control = self->slots[i].control;
      GtkEditable *delegate;
      const char *title;

      if (!ADW_IS_ENTRY_ROW (control))
        continue;
      delegate = gtk_editable_get_delegate (GTK_EDITABLE (control));
      title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (control));
      if (delegate != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (delegate),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                        -1);
    }
}

static void
set_up_channels (GkItemForm *self)
{
  GtkCheckButton *other = gk_channel_chooser_get_check (self->channel_chooser, GK_CHANNEL_OTHER);

  g_object_bind_property (other, "active", self->channel_other_row, "visible",
                          G_BINDING_SYNC_CREATE);
}

static void
set_up_domains (GkItemForm *self)
{
  for (guint i = 0; i < GK_N_DOMAINS; i++)
    {
      const GkDomain *domain = gk_domain_get_nth (i);
      g_autofree char *text = g_strdup_printf ("%s %s", domain->code, domain->name);

      gtk_string_list_append (self->domain_model, text);
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
    collect_controls (self, (GkField) i, chain);
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
gk_item_form_dispose (GObject *object)
{
  GkItemForm *self = GK_ITEM_FORM (object);

  g_clear_handle_id (&self->scroll_source, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->item);
  g_clear_object (&self->item);
  g_clear_pointer (&self->levels, g_strfreev);

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
bind_template_children (GtkWidgetClass *widget_class)
{
  static const char * const struct_children[] = {
    "domain_row", "channel_chooser", "channel_other_row", "audience_public_check",
    "method_proactive_check", NULL
  };

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, GkItemForm, name)
  BIND (stack);
  BIND (scroller);
  BIND (domain_row);
  BIND (domain_model);
  BIND (content_buffer);
  BIND (basis_buffer);
  BIND (channel_chooser);
  BIND (channel_other_row);
  BIND (audience_public_check);
  BIND (audience_specific_check);
  BIND (method_proactive_check);
  BIND (method_on_request_check);
  BIND (level_chooser);
#undef BIND

  /* The rest of field_widgets, found by set_up_slots() (and the tests). */
  for (guint i = 0; i < G_N_ELEMENTS (field_widgets); i++)
    {
      const char *ids[] = {
        field_widgets[i].control, field_widgets[i].styled, field_widgets[i].message
      };

      for (guint k = 0; k < G_N_ELEMENTS (ids); k++)
        {
          if (ids[k] != NULL && !g_strv_contains (struct_children, ids[k]))
            gtk_widget_class_bind_template_child_full (widget_class, ids[k], FALSE, 0);
        }
    }
}

static void
set_up_template (GtkWidgetClass *widget_class)
{
  g_type_ensure (GK_TYPE_CHANNEL_CHOOSER);
  g_type_ensure (GK_TYPE_FIELD_MESSAGE);
  g_type_ensure (GK_TYPE_LEVEL_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gongkai/Gongkai/ui/gk-item-form.ui");
  bind_template_children (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, buffer_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, domain_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, channel_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, level_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, audience_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, method_toggled_cb);
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

  set_up_domains (self);
  set_up_channels (self);
  set_up_slots (self);
  label_entry_rows (self);
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
      gk_level_chooser_set_levels (self->level_chooser, levels,
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
