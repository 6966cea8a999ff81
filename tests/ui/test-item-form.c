/* test-item-form.c: the item form edits the item and shows its checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <adwaita.h>

#include "gk-channel-chooser.h"
#include "gk-field-row.h"
#include "gk-item-form.h"
#include "gk-test-ui.h"

static const char * const levels[] = { "县级", "乡级", NULL };

typedef struct
{
  GtkWidget  *window;
  GkItemForm *form;
  GkItem     *item;
  guint       n_edited;
  GkField     last_field;
  GkItem     *last_item;
} Fixture;

static void
edited_cb (GkItemForm *form,
           GkItem     *item,
           GkField     field,
           Fixture    *fixture)
{
  fixture->n_edited++;
  fixture->last_field = field;
  fixture->last_item = item;
}

/* Everything filled in but the legal basis. */
static GkItem *
new_item_without_basis (void)
{
  GkItem *item = gk_item_new ("01");

  gk_item_set_text (item, GK_FIELD_LEVEL1, "国土空间规划编制");
  gk_item_set_text (item, GK_FIELD_LEVEL2, "县级国土空间总体规划");
  gk_item_set_text (item, GK_FIELD_CONTENT, "规划批准文件、规划文本及图件");
  gk_item_set_text (item, GK_FIELD_TIME_LIMIT, "自信息形成或者变更之日起20个工作日内");
  gk_item_set_text (item, GK_FIELD_SUBJECT, "县自然资源局");
  gk_item_set_channels (item, 1u << GK_CHANNEL_WEBSITE);
  gk_item_set_audience (item, GK_AUDIENCE_PUBLIC);
  gk_item_set_method (item, GK_METHOD_PROACTIVE);
  gk_item_set_levels (item, (const char * const []) { "县级", NULL });

  return item;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 600);
  fixture->form = g_object_ref_sink (GK_ITEM_FORM (gk_item_form_new ()));
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->form));
  g_signal_connect (fixture->form, "edited", G_CALLBACK (edited_cb), fixture);

  fixture->item = new_item_without_basis ();
  gk_item_form_set_item (fixture->form, fixture->item, levels);

  gtk_window_present (GTK_WINDOW (fixture->window));
  gk_test_wait_until (is_mapped, fixture->form, "the form to be mapped");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->form);
  g_assert_finalize_object (fixture->item);
}

/* A widget of the form by its name in gk-item-form.ui. */
static GtkWidget *
child (Fixture    *fixture,
       const char *name)
{
  return gk_test_get_widget (GTK_WIDGET (fixture->form), name);
}

/* Appends the rows of @field below @parent, or every field row for
 * %GK_N_FIELDS. */
static void
collect_field_rows (GtkWidget *parent,
                    GkField    field,
                    GPtrArray *rows)
{
  for (GtkWidget *c = gtk_widget_get_first_child (parent); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      if (!GK_IS_FIELD_ROW (c))
        collect_field_rows (c, field, rows);
      else if (field == GK_N_FIELDS || gk_field_row_get_field (GK_FIELD_ROW (c)) == field)
        g_ptr_array_add (rows, c);
    }
}

/* The row under @field's control, which must be the only one. */
static GkFieldRow *
field_row (Fixture *fixture,
           GkField  field)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_field_rows (GTK_WIDGET (fixture->form), field, rows);
  g_assert_cmpuint (rows->len, ==, 1);

  return g_ptr_array_index (rows, 0);
}

/* The label under a field: the last child of the message in the row. */
static GtkLabel *
message_label (Fixture *fixture,
               GkField  field)
{
  GtkWidget *message = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (field_row (fixture, field)));

  return GTK_LABEL (gtk_widget_get_last_child (message));
}

static gboolean
message_shown (Fixture *fixture,
               GkField  field)
{
  GtkLabel *label = message_label (fixture, field);

  return gtk_widget_is_visible (GTK_WIDGET (label))
         && gtk_widget_get_child_visible (GTK_WIDGET (field_row (fixture, field)))
         && *gtk_label_get_text (label) != '\0';
}

/* The message the checks give for @field, to compare with what is shown. */
static char *
dup_check_message (GkItem  *item,
                   GkField  field)
{
  g_autoptr(GPtrArray) diagnostics = NULL;

  diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) gk_diagnostic_free);
  gk_check_item (item, levels, diagnostics);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      GkDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (diagnostic->field == field)
        return g_strdup (diagnostic->message);
    }

  return NULL;
}

static GtkCheckButton *
channel_check (Fixture   *fixture,
               GkChannel  channel)
{
  GkChannelChooser *chooser = GK_CHANNEL_CHOOSER (child (fixture, "channel_chooser"));
  GtkCheckButton *check = gk_channel_chooser_get_check (chooser, channel);

  g_assert_cmpstr (gtk_check_button_get_label (check), ==, gk_channel_get_name (channel));

  return check;
}

static void
test_basis_error (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *expected = dup_check_message (fixture->item, GK_FIELD_BASIS);
  GtkWidget *basis_view = child (fixture, "basis_view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (basis_view));
  guint n_errors = G_MAXUINT;

  g_assert_nonnull (expected);
  g_assert_true (message_shown (fixture, GK_FIELD_BASIS));
  g_assert_nonnull (strstr (gtk_label_get_text (message_label (fixture, GK_FIELD_BASIS)),
                            expected));
  g_assert_true (gtk_widget_has_css_class (child (fixture, "basis_frame"), "error"));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (basis_view),
                                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  g_object_get (fixture->form, "n-errors", &n_errors, NULL);
  g_assert_cmpuint (n_errors, ==, 1);
  g_assert_false (message_shown (fixture, GK_FIELD_LEVEL1));
  g_assert_cmpuint (fixture->n_edited, ==, 0);

  gtk_text_buffer_set_text (buffer, "《城乡规划法》《政府信息公开条例》", -1);

  g_assert_cmpstr (gk_item_get_text (fixture->item, GK_FIELD_BASIS), ==,
                   "《城乡规划法》《政府信息公开条例》");
  g_assert_false (message_shown (fixture, GK_FIELD_BASIS));
  g_assert_false (gtk_widget_has_css_class (child (fixture, "basis_frame"), "error"));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (basis_view),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  g_assert_cmpuint (gk_item_form_get_n_errors (fixture->form), ==, 0);
  g_assert_cmpuint (fixture->n_edited, ==, 1);
  g_assert_cmpint (fixture->last_field, ==, GK_FIELD_BASIS);
  g_assert_true (fixture->last_item == fixture->item);
}

static void
test_channels (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *other_row = child (fixture, "channel_other_row");
  g_autofree char *expected = NULL;

  gtk_check_button_set_active (channel_check (fixture, GK_CHANNEL_WEBSITE), FALSE);

  expected = dup_check_message (fixture->item, GK_FIELD_CHANNELS);
  g_assert_nonnull (expected);
  g_assert_cmpuint (gk_item_get_channels (fixture->item), ==, 0);
  g_assert_true (message_shown (fixture, GK_FIELD_CHANNELS));
  g_assert_cmpstr (gtk_label_get_text (message_label (fixture, GK_FIELD_CHANNELS)), ==,
                   expected);
  g_assert_cmpuint (fixture->n_edited, ==, 1);
  g_assert_cmpint (fixture->last_field, ==, GK_FIELD_CHANNELS);
  g_assert_false (gtk_widget_get_visible (other_row));

  /* 其他 without its text: the channel error goes, the 其他 error comes. */
  gtk_check_button_set_active (channel_check (fixture, GK_CHANNEL_OTHER), TRUE);

  g_clear_pointer (&expected, g_free);
  expected = dup_check_message (fixture->item, GK_FIELD_CHANNEL_OTHER);
  g_assert_nonnull (expected);
  g_assert_true (gtk_widget_get_visible (other_row));
  g_assert_false (message_shown (fixture, GK_FIELD_CHANNELS));
  g_assert_true (message_shown (fixture, GK_FIELD_CHANNEL_OTHER));
  g_assert_cmpstr (gtk_label_get_text (message_label (fixture, GK_FIELD_CHANNEL_OTHER)), ==,
                   expected);
  g_assert_true (gtk_widget_has_css_class (other_row, "error"));

  gtk_editable_set_text (GTK_EDITABLE (other_row), "12345政务服务热线");

  g_assert_cmpstr (gk_item_get_text (fixture->item, GK_FIELD_CHANNEL_OTHER), ==,
                   "12345政务服务热线");
  g_assert_false (message_shown (fixture, GK_FIELD_CHANNEL_OTHER));
  g_assert_false (gtk_widget_has_css_class (other_row, "error"));
  g_assert_cmpuint (fixture->n_edited, ==, 3);
  g_assert_cmpint (fixture->last_field, ==, GK_FIELD_CHANNEL_OTHER);
}

static void
test_external_change (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *level2_row = child (fixture, "level2_row");
  GtkWidget *basis_view = child (fixture, "basis_view");
  g_autofree char *basis = NULL;
  GtkTextIter start;
  GtkTextIter end;

  /* Undo changes the item behind the form's back. */
  gk_item_set_text (fixture->item, GK_FIELD_LEVEL2, "乡级国土空间规划");
  gk_item_set_text (fixture->item, GK_FIELD_BASIS, "《土地管理法》");
  gk_item_set_channels (fixture->item, 1u << GK_CHANNEL_GAZETTE);
  gk_item_set_audience (fixture->item, GK_AUDIENCE_PUBLIC | GK_AUDIENCE_SPECIFIC);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (level2_row)), ==, "乡级国土空间规划");
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (GTK_TEXT_VIEW (basis_view)),
                              &start, &end);
  basis = gtk_text_iter_get_text (&start, &end);
  g_assert_cmpstr (basis, ==, "《土地管理法》");
  g_assert_false (gtk_check_button_get_active (channel_check (fixture, GK_CHANNEL_WEBSITE)));
  g_assert_true (gtk_check_button_get_active (channel_check (fixture, GK_CHANNEL_GAZETTE)));
  g_assert_true (gtk_widget_get_visible (child (fixture, "audience_desc_row")));
  g_assert_true (message_shown (fixture, GK_FIELD_AUDIENCE_DESC));
  g_assert_false (message_shown (fixture, GK_FIELD_BASIS));
  g_assert_cmpuint (gk_item_form_get_n_errors (fixture->form), ==, 1);
  g_assert_cmpuint (fixture->n_edited, ==, 0);
  g_assert_cmpstr (gk_item_get_text (fixture->item, GK_FIELD_LEVEL2), ==, "乡级国土空间规划");
}

static void
type_text (GtkEditable *editable,
           const char  *text)
{
  int position = (int) g_utf8_strlen (gtk_editable_get_text (editable), -1);

  gtk_editable_insert_text (editable, text, -1, &position);
}

/* A trailing space is dropped by the item, not by the entry the user is
 * typing in; reloading the same item leaves text and cursor alone. */
static void
test_typing_keeps_cursor (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkEditable *level1_row = GTK_EDITABLE (child (fixture, "level1_row"));

  /* The same normalized text: no change, no "edited". */
  type_text (level1_row, " ");
  g_assert_cmpstr (gk_item_get_text (fixture->item, GK_FIELD_LEVEL1), ==, "国土空间规划编制");
  g_assert_cmpuint (fixture->n_edited, ==, 0);

  type_text (level1_row, "一");
  g_assert_cmpstr (gk_item_get_text (fixture->item, GK_FIELD_LEVEL1), ==,
                   "国土空间规划编制 一");
  g_assert_cmpuint (fixture->n_edited, ==, 1);
  g_assert_cmpint (fixture->last_field, ==, GK_FIELD_LEVEL1);

  type_text (level1_row, " ");
  gtk_editable_set_position (level1_row, 3);
  gk_item_form_set_item (fixture->form, fixture->item, levels);
  g_assert_cmpstr (gtk_editable_get_text (level1_row), ==, "国土空间规划编制 一 ");
  g_assert_cmpint (gtk_editable_get_position (level1_row), ==, 3);
  g_assert_cmpuint (fixture->n_edited, ==, 1);
  g_assert_cmpuint (gk_item_form_get_n_errors (fixture->form), ==, 1);
}

static void
test_levels (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *level_box = child (fixture, "level_chooser");
  GtkWidget *first = gtk_widget_get_first_child (level_box);
  GtkWidget *second = gtk_widget_get_next_sibling (first);
  const char * const village[] = { "县级", "乡、村级", NULL };
  const char * const *item_levels;

  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (first)), ==, "县级");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (first)));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (second)));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (second), TRUE);
  item_levels = gk_item_get_levels (fixture->item);
  g_assert_cmpstrv (item_levels, ((const char * const []) { "县级", "乡级", NULL }));
  g_assert_cmpint (fixture->last_field, ==, GK_FIELD_LEVELS);

  /* Another level set: the form offers it; the item's 乡级 stays visible
   * (and flagged) until the user unchecks it. */
  gk_item_form_set_item (fixture->form, fixture->item, village);
  g_assert_cmpuint (gtk_widget_get_first_child (level_box) != NULL, ==, TRUE);
  g_assert_true (message_shown (fixture, GK_FIELD_LEVELS));
  g_assert_cmpuint (gk_item_form_get_n_errors (fixture->form), ==, 2);
}

/* Tab reaches every control once per round, message rows and flow box
 * cells included in none. */
static void
test_tab_order (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const names[] = {
    "domain_row", "level1_row", "level2_row", "level3_row", "code_row", "content_view",
    "basis_view", "time_limit_row", "subject_row", "audience_public_check",
    "audience_specific_check", "method_proactive_check", "method_on_request_check",
    "web_column_row", "web_url_row", "notes_row",
  };
  g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);
  GtkWidget *level_box = child (fixture, "level_chooser");

  /* Visible message rows in the middle of the boxed lists. */
  gk_item_set_text (fixture->item, GK_FIELD_TIME_LIMIT, "自信息形成之日起30个工作日内");
  gk_item_set_channels (fixture->item, 1u << GK_CHANNEL_OTHER);
  gk_item_set_audience (fixture->item, GK_AUDIENCE_SPECIFIC);
  g_assert_true (message_shown (fixture, GK_FIELD_TIME_LIMIT));
  g_assert_true (message_shown (fixture, GK_FIELD_AUDIENCE_DESC));

  for (guint i = 0; i < 2 * 60; i++)
    {
      GtkWidget *focus;

      g_assert_true (gtk_widget_child_focus (fixture->window, GTK_DIR_TAB_FORWARD));
      focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
      g_assert_nonnull (focus);
      g_assert_false (GTK_IS_FLOW_BOX_CHILD (focus));
      for (; focus != NULL; focus = gtk_widget_get_parent (focus))
        g_hash_table_add (reached, focus);
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (!g_hash_table_contains (reached, child (fixture, names[i])))
        g_error ("Tab never reached %s", names[i]);
    }
  for (guint i = 0; i < GK_N_CHANNELS; i++)
    g_assert_true (g_hash_table_contains (reached, channel_check (fixture, i)));
  g_assert_true (g_hash_table_contains (reached, child (fixture, "channel_other_row")));
  for (GtkWidget *c = gtk_widget_get_first_child (level_box); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    g_assert_true (g_hash_table_contains (reached, c));
  g_assert_false (g_hash_table_contains (reached, field_row (fixture, GK_FIELD_BASIS)));
  g_assert_false (g_hash_table_contains (reached, field_row (fixture, GK_FIELD_CHANNEL_OTHER)));
}

static void
append_children (GPtrArray *chain,
                 GtkWidget *parent)
{
  for (GtkWidget *c = gtk_widget_get_first_child (parent); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    g_ptr_array_add (chain, c);
}

static void
append_named (Fixture            *fixture,
              GPtrArray          *chain,
              const char * const *names,
              gsize               n_names)
{
  for (gsize i = 0; i < n_names; i++)
    g_ptr_array_add (chain, child (fixture, names[i]));
}

/* Every control in form order, as Tab must visit them when 其他 and
 * 特定群体 are checked. */
static GPtrArray *
dup_tab_chain (Fixture *fixture)
{
  const char * const first[] = {
    "domain_row", "level1_row", "level2_row", "level3_row", "code_row", "content_view",
    "basis_view", "time_limit_row", "subject_row",
  };
  const char * const middle[] = {
    "channel_other_row", "audience_public_check", "audience_specific_check",
    "audience_desc_row", "method_proactive_check", "method_on_request_check",
  };
  const char * const last[] = { "web_column_row", "web_url_row", "notes_row" };
  GPtrArray *chain = g_ptr_array_new ();

  append_named (fixture, chain, first, G_N_ELEMENTS (first));
  for (guint i = 0; i < GK_N_CHANNELS; i++)
    g_ptr_array_add (chain, channel_check (fixture, i));
  append_named (fixture, chain, middle, G_N_ELEMENTS (middle));
  append_children (chain, child (fixture, "level_chooser"));
  append_named (fixture, chain, last, G_N_ELEMENTS (last));

  return chain;
}

static void
assert_tab_reaches (Fixture          *fixture,
                    GtkDirectionType  direction,
                    GtkWidget        *expected)
{
  GtkWidget *focus;

  g_assert_true (gtk_widget_child_focus (fixture->window, direction));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  if (focus != expected && !gtk_widget_is_ancestor (focus, expected))
    g_error ("Tab went to a %s instead of the %s “%s”", G_OBJECT_TYPE_NAME (focus),
             G_OBJECT_TYPE_NAME (expected),
             gtk_buildable_get_buildable_id (GTK_BUILDABLE (expected)));
}

/* Tab and Shift+Tab go through the controls in form order one by one,
 * past the message rows shown between them, and wrap around at either end. */
static void
test_tab_sequence (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) chain = NULL;

  gk_item_set_channels (fixture->item, 1u << GK_CHANNEL_OTHER);
  gk_item_set_audience (fixture->item, GK_AUDIENCE_SPECIFIC);
  gk_item_set_text (fixture->item, GK_FIELD_TIME_LIMIT, "自信息形成之日起30个工作日内");
  chain = dup_tab_chain (fixture);
  gtk_window_set_focus (GTK_WINDOW (fixture->window), NULL);

  for (guint i = 0; i < 2 * chain->len; i++)
    assert_tab_reaches (fixture, GTK_DIR_TAB_FORWARD, g_ptr_array_index (chain, i % chain->len));
  for (guint i = 1; i <= 2 * chain->len; i++)
    assert_tab_reaches (fixture, GTK_DIR_TAB_BACKWARD,
                        g_ptr_array_index (chain, (3 * chain->len - 1 - i) % chain->len));
}

/* What a screen reader says in each field: the entry rows' text is named
 * after the row, the text views and the channels by the template. */
static void
test_accessible_names (Fixture       *fixture,
                       gconstpointer  data)
{
  const struct
  {
    const char *id;
    const char *label;
  } names[] = {
    { "level1_row", "First-level item" },
    { "level2_row", "Second-level item" },
    { "level3_row", "Third-level item (optional)" },
    { "code_row", "Item code (optional)" },
    { "content_view", "Content" },
    { "basis_view", "Legal basis" },
    { "time_limit_row", "Time limit" },
    { "subject_row", "Responsible body" },
    { "channel_chooser", "Channels" },
    { "channel_other_row", "Other channel" },
    { "audience_desc_row", "Specific group" },
    { "web_column_row", "Web column (optional)" },
    { "web_url_row", "Web address (optional)" },
    { "notes_row", "Notes (optional)" },
  };
  GtkWidget *time_limit = child (fixture, "time_limit_row");
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (time_limit));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *widget = child (fixture, names[i].id);

      if (GTK_IS_EDITABLE (widget))
        {
          g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), ==,
                           names[i].label);
          widget = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (widget)));
        }
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, names[i].label);
    }

  /* A warning is read out where the cursor is, and is no error. */
  gk_item_set_text (fixture->item, GK_FIELD_TIME_LIMIT, "自信息形成之日起30个工作日内");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (delegate),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       gtk_label_get_text (message_label (fixture,
                                                                          GK_FIELD_TIME_LIMIT)));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (time_limit), GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_FALSE);
  g_assert_true (gtk_widget_has_css_class (time_limit, "warning"));
}

/* What the item holds for @field, as text. */
static char *
dup_field_value (GkItem  *item,
                 GkField  field)
{
  if (field == GK_FIELD_DOMAIN || gk_field_is_text (field))
    return g_strdup (gk_item_get_text (item, field));
  if (field == GK_FIELD_CHANNELS)
    return g_strdup_printf ("%u", gk_item_get_channels (item));
  if (field == GK_FIELD_AUDIENCE)
    return g_strdup_printf ("%u", gk_item_get_audience (item));
  if (field == GK_FIELD_METHOD)
    return g_strdup_printf ("%u", gk_item_get_method (item));

  g_assert_cmpint (field, ==, GK_FIELD_LEVELS);
  return g_strjoinv ("、", (char **) gk_item_get_levels (item));
}

/* Changes what @control shows, the way the user would. */
static void
edit_through (GtkWidget *control)
{
  if (GTK_IS_EDITABLE (control))
    gtk_editable_set_text (GTK_EDITABLE (control), "测试");
  else if (GTK_IS_TEXT_VIEW (control))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (control)), "测试", -1);
  else if (ADW_IS_COMBO_ROW (control))
    adw_combo_row_set_selected (ADW_COMBO_ROW (control),
                                adw_combo_row_get_selected (ADW_COMBO_ROW (control)) + 1);
  else if (GK_IS_CHANNEL_CHOOSER (control))
    gk_channel_chooser_set_channels (GK_CHANNEL_CHOOSER (control),
                                     gk_channel_chooser_get_channels (GK_CHANNEL_CHOOSER (control))
                                     ^ (1u << GK_CHANNEL_GAZETTE));
  else
    {
      /* A box of checks: the pairs, the levels. */
      GtkCheckButton *check = GTK_CHECK_BUTTON (gtk_widget_get_first_child (control));

      g_assert_nonnull (check);
      gtk_check_button_set_active (check, !gtk_check_button_get_active (check));
    }
}

/* The template declares one row per field; the control each names edits
 * that field and no other. */
static void
test_field_rows (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) all_rows = g_ptr_array_new ();

  collect_field_rows (GTK_WIDGET (fixture->form), GK_N_FIELDS, all_rows);
  g_assert_cmpuint (all_rows->len, ==, GK_N_FIELDS);

  for (guint f = 0; f < GK_N_FIELDS; f++)
    {
      GkFieldRow *row = field_row (fixture, f);
      GtkWidget *control = gk_field_row_get_control (row);
      char *before[GK_N_FIELDS];
      guint n_edited = fixture->n_edited;

      g_assert_true (gtk_widget_is_ancestor (control, GTK_WIDGET (fixture->form)));
      /* A list item only inside a list. */
      if (GTK_IS_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (row))))
        gtk_test_accessible_assert_role (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_ROLE_LIST_ITEM);
      else
        gtk_test_accessible_assert_role (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_ROLE_GENERIC);
      for (guint i = 0; i < GK_N_FIELDS; i++)
        before[i] = dup_field_value (fixture->item, i);

      edit_through (control);

      g_assert_cmpuint (fixture->n_edited, >, n_edited);
      g_assert_cmpint (fixture->last_field, ==, f);
      for (guint i = 0; i < GK_N_FIELDS; i++)
        {
          g_autofree char *after = dup_field_value (fixture->item, i);

          if ((g_strcmp0 (before[i], after) != 0) != (i == f))
            g_error ("Editing the control of %s changed %s", gk_field_get_key (f),
                     gk_field_get_key (i));
          g_free (before[i]);
        }
    }
}

static void
test_empty_state (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkStack *stack = GTK_STACK (child (fixture, "stack"));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "form");
  gk_item_form_focus_field (fixture->form, GK_FIELD_BASIS);
  g_assert_true (gtk_widget_has_focus (child (fixture, "basis_view")));

  gk_item_form_set_item (fixture->form, NULL, levels);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_null (gk_item_form_get_item (fixture->form));
  g_assert_cmpuint (gk_item_form_get_n_errors (fixture->form), ==, 0);

  /* Nothing is written into an item the form no longer shows. */
  gk_item_set_text (fixture->item, GK_FIELD_LEVEL1, "另一个");
  g_assert_cmpuint (fixture->n_edited, ==, 0);

  /* Shown again, at once focused (as after "add item"); the hidden 其他
   * entry gives way to the check that reveals it. */
  gk_item_form_set_item (fixture->form, fixture->item, levels);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "form");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fixture, "level1_row"))), ==,
                   "另一个");
  gk_item_form_focus_field (fixture->form, GK_FIELD_CHANNEL_OTHER);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (channel_check (fixture, GK_CHANNEL_OTHER))));
  gk_item_form_focus_field (fixture->form, GK_FIELD_LEVEL2);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                         child (fixture, "level2_row")));
  g_assert_cmpuint (fixture->n_edited, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* The test accessibility backend records what a screen reader would be
   * told; "none" (the suite's default) records nothing. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/item-form/basis-error", test_basis_error);
  ADD ("/item-form/channels", test_channels);
  ADD ("/item-form/external-change", test_external_change);
  ADD ("/item-form/typing-keeps-cursor", test_typing_keeps_cursor);
  ADD ("/item-form/levels", test_levels);
  ADD ("/item-form/tab-order", test_tab_order);
  ADD ("/item-form/tab-sequence", test_tab_sequence);
  ADD ("/item-form/accessible-names", test_accessible_names);
  ADD ("/item-form/field-rows", test_field_rows);
  ADD ("/item-form/empty-state", test_empty_state);

#undef ADD

  return g_test_run ();
}
