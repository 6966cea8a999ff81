/* gk-conflict-field.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>

#include <adwaita.h>

#include "gk-conflict-field.h"

/*
 * One entry of a conflict record (docs/sync-protocol.md "Conflicts"): its
 * base, mine and theirs, each side with what it changed since the base
 * marked, and the result. A text's result is free text, first theirs (what
 * the server kept); a set's is a check button per choice any side holds,
 * first ticked as theirs. A side the record lacks (a delete's mine) is
 * shown as deleted.
 */

struct _GkConflictField
{
  GtkBox      parent_instance;

  GtkLabel   *title_label;
  GtkFlowBox *sides_box;
  GtkLabel   *result_label;
  GtkStack   *result_stack;
  GtkTextView *result_view;
  GtkListBox *choices_list;

  GkField     field;
  JsonObject *entry;
  GPtrArray  *checks;   /* GtkCheckButton, each with its "choice" */
};

G_DEFINE_FINAL_TYPE (GkConflictField, gk_conflict_field, GTK_TYPE_BOX)

static gboolean
is_set (GkField field)
{
  GkFieldKind kind = gk_field_get_kind (field);

  return kind == GK_FIELD_KIND_CHANNELS || kind == GK_FIELD_KIND_AUDIENCE
         || kind == GK_FIELD_KIND_METHOD || kind == GK_FIELD_KIND_LEVELS;
}

/* The @side value of a text field, NULL when the record has none. */
static const char *
get_text (JsonObject *entry,
          const char *side)
{
  JsonNode *node = json_object_get_member (entry, side);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return NULL;
  return json_node_get_string (node);
}

/* Whether the @side value of a set field holds @choice. */
static gboolean
has_choice (JsonObject *entry,
            const char *side,
            const char *choice)
{
  JsonNode *node = json_object_get_member (entry, side);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node)
                     ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), choice) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
has_side (JsonObject *entry,
          const char *side)
{
  JsonNode *node = json_object_get_member (entry, side);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

static void
append_marked (GString        *markup,
               GkTextDiffKind  kind,
               const char     *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  /* Colours with some transparency, readable on light and dark styles. */
  if (kind == GK_TEXT_DIFF_ADDED)
    g_string_append_printf (markup, "<span bgcolor='#2ec27e' bgalpha='35%%'>%s</span>",
                            escaped);
  else if (kind == GK_TEXT_DIFF_REMOVED)
    g_string_append_printf (markup, "<span strikethrough='true' bgcolor='#e01b24' "
                            "bgalpha='25%%'>%s</span>", escaped);
  else
    g_string_append (markup, escaped);
}

/* @side's text with what it changed since the base marked. */
static char *
dup_text_markup (JsonObject *entry,
                 const char *side)
{
  const char *base = get_text (entry, "base");
  const char *text = get_text (entry, side);
  g_autoptr(GArray) spans = NULL;
  GString *markup = g_string_new (NULL);

  if (g_str_equal (side, "base") || base == NULL)
    append_marked (markup, GK_TEXT_DIFF_SAME, text != NULL ? text : "");
  else
    {
      spans = gk_text_diff (base, text != NULL ? text : "");
      for (guint i = 0; i < spans->len; i++)
        {
          GkTextDiffSpan *span = &g_array_index (spans, GkTextDiffSpan, i);

          append_marked (markup, span->kind, span->text);
        }
    }
  return g_string_free (markup, FALSE);
}

/* @side's choices, the ones it added since the base marked, and those it
 * removed struck through. */
static char *
dup_set_markup (JsonObject *entry,
                const char *side,
                GPtrArray  *choices)
{
  GString *markup = g_string_new (NULL);

  for (guint i = 0; i < choices->len; i++)
    {
      const char *choice = choices->pdata[i];
      gboolean in_side = has_choice (entry, side, choice);
      gboolean in_base = has_choice (entry, "base", choice);
      GkTextDiffKind kind = in_side == in_base ? GK_TEXT_DIFF_SAME
                            : in_side ? GK_TEXT_DIFF_ADDED : GK_TEXT_DIFF_REMOVED;

      if (!in_side && !in_base)
        continue;
      if (markup->len > 0)
        g_string_append (markup, _(", "));
      append_marked (markup, kind, choice);
    }
  return g_string_free (markup, FALSE);
}

static void
keep_clicked_cb (GtkButton       *button,
                 GkConflictField *self)
{
  gk_conflict_field_keep (self, g_object_get_data (G_OBJECT (button), "side"));
}

static void
add_side (GkConflictField *self,
          const char      *side,
          const char      *title,
          const char      *keep_label,
          GPtrArray       *choices,
          gboolean         choosable)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *value = gtk_label_new (NULL);
  g_autofree char *markup = NULL;

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (heading, "caption-heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  /* Short natural widths keep the three sides side by side when the
   * window is wide enough, whatever the length of the texts. */
  gtk_label_set_width_chars (GTK_LABEL (value), 12);
  gtk_label_set_max_width_chars (GTK_LABEL (value), 16);
  gtk_widget_set_vexpand (value, TRUE);
  gtk_label_set_yalign (GTK_LABEL (value), 0);
  gtk_widget_set_margin_start (heading, 12);
  gtk_widget_set_margin_end (heading, 12);
  gtk_widget_set_margin_start (value, 12);
  gtk_widget_set_margin_end (value, 12);
  gtk_widget_set_margin_top (heading, 12);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), value);

  if (!has_side (self->entry, side))
    markup = g_markup_printf_escaped ("<i>%s</i>", _("(deleted)"));
  else
    markup = choices != NULL ? dup_set_markup (self->entry, side, choices)
                             : dup_text_markup (self->entry, side);
  if (*markup == '\0')
    {
      g_free (markup);
      markup = g_markup_printf_escaped ("<i>%s</i>", _("(empty)"));
    }
  gtk_label_set_markup (GTK_LABEL (value), markup);

  if (keep_label != NULL && choosable && has_side (self->entry, side))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (keep_label);

      gtk_widget_set_name (button, side[0] == 'm' ? "keep-mine" : "keep-theirs");
      /* Every field has these buttons: the field tells them apart. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      gk_field_get_label (self->field), -1);
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_set_margin_start (button, 12);
      gtk_widget_set_margin_bottom (button, 12);
      g_object_set_data (G_OBJECT (button), "side", (gpointer) side);
      g_signal_connect (button, "clicked", G_CALLBACK (keep_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }
  else
    gtk_widget_set_margin_bottom (value, 12);
  gtk_flow_box_append (self->sides_box, box);
}

static void
gk_conflict_field_dispose (GObject *object)
{
  GkConflictField *self = GK_CONFLICT_FIELD (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), GK_TYPE_CONFLICT_FIELD);
  g_clear_pointer (&self->entry, json_object_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (gk_conflict_field_parent_class)->dispose (object);
}

static void
gk_conflict_field_class_init (GkConflictFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gk_conflict_field_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/gongkai/Gongkai/ui/"
                                               "gk-conflict-field.ui");
  gtk_widget_class_bind_template_child (widget_class, GkConflictField, title_label);
  gtk_widget_class_bind_template_child (widget_class, GkConflictField, sides_box);
  gtk_widget_class_bind_template_child (widget_class, GkConflictField, result_label);
  gtk_widget_class_bind_template_child (widget_class, GkConflictField, result_stack);
  gtk_widget_class_bind_template_child (widget_class, GkConflictField, result_view);
  gtk_widget_class_bind_template_child (widget_class, GkConflictField, choices_list);
}

static void
gk_conflict_field_init (GkConflictField *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->checks = g_ptr_array_new ();
}

/* Every choice any side holds: theirs' order, then mine's, then the
 * base's, as the merge orders the levels. */
static GPtrArray *
collect_choices (JsonObject *entry)
{
  static const char * const sides[] = { "theirs", "mine", "base" };
  GPtrArray *choices = g_ptr_array_new ();

  for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
    {
      JsonNode *node = json_object_get_member (entry, sides[s]);
      JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node)
                         ? json_node_get_array (node) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          const char *choice = json_array_get_string_element (array, i);

          if (choice != NULL && !g_ptr_array_find_with_equal_func (choices, choice,
                                                                  g_str_equal, NULL))
            g_ptr_array_add (choices, (gpointer) choice);
        }
    }
  return choices;
}

/* What each side did to @choice since the base, in words. */
static char *
describe_choice (JsonObject *entry,
                 const char *choice)
{
  gboolean in_base = has_choice (entry, "base", choice);
  GString *text = g_string_new (NULL);
  const char *said[2] = { NULL, NULL };

  if (has_side (entry, "mine") && has_choice (entry, "mine", choice) != in_base)
    said[0] = in_base ? _("removed in my change") : _("added in my change");
  if (has_side (entry, "theirs") && has_choice (entry, "theirs", choice) != in_base)
    said[1] = in_base ? _("removed in their change") : _("added in their change");
  for (guint i = 0; i < 2; i++)
    if (said[i] != NULL)
      g_string_append_printf (text, "%s%s", text->len > 0 ? _("; ") : "", said[i]);
  return g_string_free (text, FALSE);
}

static void
add_choices (GkConflictField *self,
             GPtrArray       *choices)
{
  for (guint i = 0; i < choices->len; i++)
    {
      const char *choice = choices->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *subtitle = describe_choice (self->entry, choice);
      g_autofree char *title = g_markup_escape_text (choice, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      choice, -1);
      gtk_widget_set_name (check, choice);
      g_object_set_data_full (G_OBJECT (check), "choice", g_strdup (choice), g_free);
      g_ptr_array_add (self->checks, check);
      gtk_list_box_append (self->choices_list, row);
    }
}

/**
 * gk_conflict_field_new:
 * @field: the field
 * @entry: its entry of the conflict record: `base`, `mine`, `theirs`
 * @kind: the record's `kind`: the result is chosen in a conflict of
 *   `fields` only; a delete's values are only shown
 *
 * Returns: (transfer floating): a new view of the field
 */
GtkWidget *
gk_conflict_field_new (GkField     field,
                       JsonObject *entry,
                       const char *kind)
{
  GkConflictField *self;
  g_autoptr(GPtrArray) choices = NULL;
  gboolean choosable;

  g_return_val_if_fail (field < GK_N_FIELDS && entry != NULL, NULL);

  self = g_object_new (GK_TYPE_CONFLICT_FIELD, NULL);
  self->field = field;
  self->entry = json_object_ref (entry);
  gtk_label_set_label (self->title_label, gk_field_get_label (field));
  if (is_set (field))
    choices = collect_choices (entry);
  choosable = g_strcmp0 (kind, "fields") == 0;
  add_side (self, "base", _("Original"), NULL, choices, choosable);
  add_side (self, "mine", _("My Change"), _("Keep _Mine"), choices, choosable);
  /* An edit of a deleted item: theirs is the item as it was deleted. */
  add_side (self, "theirs", g_strcmp0 (kind, "edit_deleted") == 0 ? _("Deleted There")
                                                                   : _("Their Change"),
            _("Keep _Theirs"), choices, choosable);

  gtk_widget_set_visible (GTK_WIDGET (self->result_label), choosable);
  gtk_widget_set_visible (GTK_WIDGET (self->result_stack), choosable);
  gtk_stack_set_visible_child_name (self->result_stack, choices != NULL ? "set" : "text");
  if (choices != NULL)
    add_choices (self, choices);
  gk_conflict_field_keep (self, "theirs");
  return GTK_WIDGET (self);
}

/**
 * gk_conflict_field_get_field:
 *
 * Returns: the field shown
 */
GkField
gk_conflict_field_get_field (GkConflictField *self)
{
  g_return_val_if_fail (GK_IS_CONFLICT_FIELD (self), GK_N_FIELDS);

  return self->field;
}

/**
 * gk_conflict_field_keep:
 * @self: a field view
 * @side: "base", "mine" or "theirs"
 *
 * Makes the result @side's value, to keep or to edit further.
 */
void
gk_conflict_field_keep (GkConflictField *self,
                        const char      *side)
{
  const char *text;

  g_return_if_fail (GK_IS_CONFLICT_FIELD (self));

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = self->checks->pdata[i];

      gtk_check_button_set_active (check, has_choice (self->entry, side,
                                                      g_object_get_data (G_OBJECT (check),
                                                                         "choice")));
    }
  text = is_set (self->field) ? NULL : get_text (self->entry, side);
  if (text != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->result_view), text, -1);
}

/**
 * gk_conflict_field_dup_value:
 * @self: a field view
 *
 * Returns: (transfer full): the result in the JSON form of a conflict
 *   record: a string, or an array of the ticked choices for a set
 */
JsonNode *
gk_conflict_field_dup_value (GkConflictField *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  JsonArray *array;
  JsonNode *node;

  g_return_val_if_fail (GK_IS_CONFLICT_FIELD (self), NULL);

  if (!is_set (self->field))
    {
      buffer = gtk_text_view_get_buffer (self->result_view);
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      return json_node_init_string (json_node_alloc (), text);
    }

  array = json_array_new ();
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = self->checks->pdata[i];

      if (gtk_check_button_get_active (check))
        json_array_add_string_element (array, g_object_get_data (G_OBJECT (check), "choice"));
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}
