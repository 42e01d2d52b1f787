#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "e2e-util.h"
#include "oriel-application.h"
#include "oriel-preferences.h"
#include "oriel-settings.h"
#include "oriel-viewer-options.h"

/* The desktop side, as a person (or a screen reader) meets it: every
 * control has a name and is reached from the keyboard, the shortcuts window
 * lists every shortcut, and the interface speaks the languages Oriel ships.
 * No guest needed: libvirt's test driver gives a domain with a tab. */

#define TEST_URI "test:///default"

static OrielApplication *app;

static gboolean
is_control (GtkWidget *widget)
{
  /* a scroll bar goes with its view; a window manager's buttons in a
   * header bar are out of the focus chain by GTK's design (Alt+F4 and
   * friends are their keys) */
  if (gtk_style_context_has_class (gtk_widget_get_style_context (widget), "titlebutton"))
    return FALSE;
  return GTK_IS_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_ENTRY (widget)
         || GTK_IS_COMBO_BOX (widget) || GTK_IS_SCALE (widget);
}

static gboolean focusable (GtkWidget *widget);

static void
any_focusable_cb (GtkWidget *widget, gpointer data)
{
  gboolean *found = data;

  *found = *found || focusable (widget);
}

/* Something in @widget takes the keyboard focus (a combo box's is its
 * inner button). */
static gboolean
focusable (GtkWidget *widget)
{
  gboolean found = FALSE;

  if (gtk_widget_get_can_focus (widget))
    return TRUE;
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), any_focusable_cb, &found);
  return found;
}

static void
describe (GString *problems, GtkWidget *widget, const char *what)
{
  const char *id = GTK_IS_BUILDABLE (widget) ? gtk_buildable_get_name (GTK_BUILDABLE (widget))
                                             : NULL;
  g_autofree char *tooltip = gtk_widget_get_tooltip_text (widget);

  g_string_append_printf (problems, "\n  %s %s (id %s, tooltip “%s”, in %s)", G_OBJECT_TYPE_NAME (widget),
                          what, id ? id : "-", tooltip ? tooltip : "",
                          G_OBJECT_TYPE_NAME (gtk_widget_get_toplevel (widget)));
}

typedef struct
{
  GString *problems;
  guint controls;
} Walk;

static void walk (GtkWidget *widget, Walk *w);

static void
walk_cb (GtkWidget *widget, gpointer data)
{
  walk (widget, data);
}

/* Every visible control below @widget, internal children included (a
 * dialog's own buttons). */
static void
walk (GtkWidget *widget, Walk *w)
{
  /* hidden, or on a stack's page not in front */
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (is_control (widget))
    {
      const char *name = atk_object_get_name (gtk_widget_get_accessible (widget));

      w->controls++;
      if (name == NULL || *name == '\0')
        describe (w->problems, widget, "has no accessible name");
      if (gtk_widget_get_sensitive (widget) && !focusable (widget))
        describe (w->problems, widget, "cannot take the keyboard focus");
    }
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), walk_cb, w);
}

static void
walk_window (GtkWidget *window, Walk *w)
{
  gtk_widget_show (window);
  e2e_sleep (200);
  walk (window, w);
}

static OrielWindow *
open_test_window (OrielConsoleTab **tab_out)
{
  OrielWindow *window = oriel_window_new (app, TEST_URI, FALSE, NULL);
  OrielConnection *connection;

  gtk_window_present (GTK_WINDOW (window));
  connection = oriel_window_get_connection (window);
  while (!oriel_connection_is_open (connection))
    g_main_context_iteration (NULL, TRUE);
  oriel_window_open_console (window, oriel_connection_find_domain (connection, "test"));
  *tab_out = e2e_wait_for_tab (window, "test");
  e2e_sleep (300);
  return window;
}

/* The main window with a console tab and its settings pane, the
 * Preferences, Displays, Keyboard Shortcuts and About windows. */
static void
test_accessible_names (void)
{
  Walk w = { g_string_new (NULL), 0 };
  OrielConsoleTab *tab;
  OrielWindow *window = open_test_window (&tab);
  GtkWidget *preferences = oriel_preferences_new (GTK_WINDOW (window));
  GtkWidget *displays;
  GtkWindow *overlay;
  GtkWidget *about = NULL;

  oriel_console_tab_show_settings (tab, TRUE);
  e2e_sleep (500);
  walk_window (GTK_WIDGET (window), &w);
  walk_window (preferences, &w);
  gtk_widget_destroy (preferences);
  displays = oriel_console_tab_show_displays (tab);
  walk_window (displays, &w);
  gtk_widget_destroy (displays);
  overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_nonnull (overlay);
  walk_window (GTK_WIDGET (overlay), &w);
  gtk_widget_hide (GTK_WIDGET (overlay));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  e2e_sleep (300);
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (GTK_IS_ABOUT_DIALOG (l->data))
      about = l->data;
  g_assert_nonnull (about);
  walk_window (about, &w);
  gtk_widget_destroy (about);

  g_test_message ("%u controls walked", w.controls);
  g_assert_cmpuint (w.controls, >, 40);
  if (w.problems->len > 0)
    g_error ("controls a screen reader or a keyboard cannot use:%s", w.problems->str);
  g_string_free (w.problems, TRUE);
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (200);
}

/* Every accelerator the application sets is in the shortcuts window. */
static void
test_shortcuts_listed (void)
{
  OrielConsoleTab *tab;
  OrielWindow *window = open_test_window (&tab);
  GtkWidget *overlay = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_auto (GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  g_autoptr (GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  GList *pending = g_list_prepend (NULL, overlay);
  GString *missing = g_string_new (NULL);

  while (pending != NULL)
    {
      GtkWidget *widget = pending->data;

      pending = g_list_delete_link (pending, pending);
      if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
        {
          g_autofree char *accelerator = NULL;
          g_auto (GStrv) parts = NULL;

          g_object_get (widget, "accelerator", &accelerator, NULL);
          parts = g_strsplit (accelerator, " ", -1);
          for (guint i = 0; parts[i] != NULL; i++)
            {
              guint key;
              GdkModifierType mods;

              gtk_accelerator_parse (parts[i], &key, &mods);
              g_ptr_array_add (listed, gtk_accelerator_name (key, mods));
            }
        }
      else if (GTK_IS_CONTAINER (widget))
        {
          pending = g_list_concat (pending,
                                   gtk_container_get_children (GTK_CONTAINER (widget)));
        }
    }
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                     actions[i]);
      gboolean found = FALSE;

      /* one of an action's keys is enough (Ctrl+= beside Ctrl++) */
      if (accels[0] == NULL)
        continue;
      for (guint k = 0; accels[k] != NULL; k++)
        {
          guint key;
          GdkModifierType mods;
          g_autofree char *name = NULL;

          gtk_accelerator_parse (accels[k], &key, &mods);
          name = gtk_accelerator_name (key, mods);
          for (guint j = 0; j < listed->len; j++)
            found = found || g_str_equal (name, g_ptr_array_index (listed, j));
        }
      if (!found)
        g_string_append_printf (missing, " %s (%s)", accels[0], actions[i]);
    }
  if (missing->len > 0)
    g_error ("not in the shortcuts window:%s", missing->str);
  g_string_free (missing, TRUE);
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (200);
}

static gboolean
connection_open (gpointer data)
{
  return oriel_connection_is_open (oriel_window_get_connection (data));
}

/* Saved connections: a URI that is none is refused with a reason and
 * nothing kept; a good one is kept, marked to connect at start, and the
 * next start without -c opens it. */
static void
test_saved_connections (void)
{
  GSettings *settings = oriel_settings_get ();
  OrielPreferences *preferences = ORIEL_PREFERENCES (oriel_preferences_new (NULL));
  char *argv[] = { "oriel", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielViewerOptions) options = NULL;
  g_autoptr (GVariant) saved = NULL;
  OrielWindow *window;
  const char *uri;
  gboolean autoconnect;

  g_settings_reset (settings, "connections");
  oriel_preferences_add_connection (preferences, "not a uri");
  g_assert_nonnull (strstr (oriel_preferences_get_connection_error (preferences), "not a uri"));
  saved = g_settings_get_value (settings, "connections");
  g_assert_cmpuint (g_variant_n_children (saved), ==, 0);
  g_clear_pointer (&saved, g_variant_unref);

  oriel_preferences_add_connection (preferences, TEST_URI);
  g_assert_cmpstr (oriel_preferences_get_connection_error (preferences), ==, "");
  saved = g_settings_get_value (settings, "connections");
  g_assert_cmpuint (g_variant_n_children (saved), ==, 1);
  g_variant_get_child (saved, 0, "(&sb)", &uri, &autoconnect);
  g_assert_cmpstr (uri, ==, TEST_URI);
  g_assert_true (autoconnect);
  gtk_widget_destroy (GTK_WIDGET (preferences));

  options = oriel_viewer_options_parse (argv, &error);
  g_assert_no_error (error);
  window = oriel_application_open (app, options, NULL, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (e2e_wait_until (connection_open, window, 10000));
  g_assert_cmpstr (oriel_connection_get_uri (oriel_window_get_connection (window)), ==, TEST_URI);
  g_settings_reset (settings, "connections");
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (200);
}

/* The picture of @widget's window, named after the language shown. */
static void
keep_screenshot (GtkWidget *widget, const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s-%s", name, g_getenv ("ORIEL_TEST_LANGUAGE"));

  if (gtk_widget_get_window (widget) != NULL)
    e2e_keep_screenshot (gtk_widget_get_window (widget), file);
}

/* What a person sees is in the language asked for, from the .mo files the
 * build made: window texts from .ui files and from code. */
static void
assert_translated (const char *english, const char *shown)
{
  const char *expected = g_dgettext (GETTEXT_PACKAGE, english);

  g_assert_cmpstr (expected, !=, english);
  g_assert_cmpstr (shown, ==, expected);
}

static void
test_translated (void)
{
  OrielConsoleTab *tab;
  OrielWindow *window = open_test_window (&tab);
  GtkWidget *preferences = oriel_preferences_new (GTK_WINDOW (window));
  g_autofree char *message = NULL;

  /* from code: a tab whose domain has no display says so */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "“%s” has no graphical display."), !=,
                   "“%s” has no graphical display.");
  message = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "“%s” has no graphical display."),
                             "test");
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_NO_DISPLAY, 10000));
  g_assert_cmpstr (oriel_console_tab_get_message (tab), ==, message);
  keep_screenshot (GTK_WIDGET (window), "main");
  gtk_widget_show (preferences);
  assert_translated ("Preferences", gtk_window_get_title (GTK_WINDOW (preferences)));
  keep_screenshot (preferences, "preferences");
  gtk_widget_destroy (preferences);
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (200);
}

int
main (int argc, char **argv)
{
  int status;

  /* the translations the build made, not an installed (older) set */
  if (g_getenv ("ORIEL_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("ORIEL_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  app = e2e_init (&argc, &argv);
  if (g_getenv ("ORIEL_TEST_LANGUAGE") != NULL)
    {
      /* gtk_test_init() keeps the C locale, in which gettext ignores LANGUAGE */
      setlocale (LC_ALL, "");
      g_test_add_func ("/e2e/desktop/translated", test_translated);
    }
  else
    {
      g_test_add_func ("/e2e/desktop/accessible-names", test_accessible_names);
      g_test_add_func ("/e2e/desktop/shortcuts-listed", test_shortcuts_listed);
      g_test_add_func ("/e2e/desktop/saved-connections", test_saved_connections);
    }
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
