#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "e2e-util.h"
#include "oriel-application.h"
#include "oriel-display-page.h"
#include "oriel-monitor-map.h"
#include "oriel-settings.h"

/* Several guest displays on several client monitors: the lab's two-head
 * SPICE guest (oriel-lab-multi) under an X server with two monitors side by
 * side (build-aux/xorg-session.sh, a window manager running). Settings go to
 * a key file in a private folder, so a second process sees what the first
 * saved: that is the restart. */

#define DOMAIN "oriel-lab-multi"

static OrielApplication *app;

static GdkRectangle
monitor_geometry (int index)
{
  GdkRectangle area;

  gdk_monitor_get_geometry (gdk_display_get_monitor (gdk_display_get_default (), index), &area);
  return area;
}

typedef struct
{
  GtkWindow *window;
  int monitor;
} OnMonitor;

/* Fullscreen, and exactly covering the monitor. */
static gboolean
fills_monitor (gpointer data)
{
  OnMonitor *on = data;
  GdkWindow *gdk_window = gtk_widget_get_window (GTK_WIDGET (on->window));
  GdkRectangle want = monitor_geometry (on->monitor), have;

  if (gdk_window == NULL
      || !(gdk_window_get_state (gdk_window) & GDK_WINDOW_STATE_FULLSCREEN))
    return FALSE;
  gdk_window_get_frame_extents (gdk_window, &have);
  return have.x == want.x && have.y == want.y && have.width == want.width
         && have.height == want.height;
}

static void
assert_fills_monitor (GtkWindow *window, int monitor)
{
  OnMonitor on = { window, monitor };
  GdkRectangle have = { 0 };

  if (e2e_wait_until (fills_monitor, &on, 10000))
    return;
  if (gtk_widget_get_window (GTK_WIDGET (window)) != NULL)
    gdk_window_get_frame_extents (gtk_widget_get_window (GTK_WIDGET (window)), &have);
  g_error ("window “%s” is at %d,%d %dx%d, not filling monitor %d",
           gtk_window_get_title (window), have.x, have.y, have.width, have.height, monitor);
}

static gboolean
has_two_displays (gpointer data)
{
  return oriel_console_tab_get_n_displays (data) == 2;
}

/* On as the tab shows it: the guest drew on it and Oriel asked for it. */
static gboolean
second_display_on (gpointer data)
{
  return oriel_console_tab_get_display_on (data, 1);
}

/* The guest followed: display 2 took the size of its place in the window. */
static gboolean
second_display_sized (gpointer data)
{
  GtkWidget *display = GTK_WIDGET (oriel_console_tab_get_nth_display (data, 1));
  int width, height;

  if (!second_display_on (data) || !gtk_widget_get_mapped (display))
    return FALSE;
  oriel_display_get_desktop_size (ORIEL_DISPLAY (display), &width, &height);
  return width == gtk_widget_get_allocated_width (display)
         && height == gtk_widget_get_allocated_height (display);
}

static gboolean
second_display_fills_monitor (gpointer data)
{
  GdkRectangle monitor = monitor_geometry (1);
  int width, height;

  if (!second_display_on (data))
    return FALSE;
  oriel_display_get_desktop_size (oriel_console_tab_get_nth_display (data, 1), &width, &height);
  return width == monitor.width && height == monitor.height;
}

static GtkWidget *
find_button (GtkWidget *widget)
{
  g_autoptr (GList) children = NULL;

  if (GTK_IS_BUTTON (widget))
    return widget;
  if (!GTK_IS_CONTAINER (widget))
    return NULL;
  children = gtk_container_get_children (GTK_CONTAINER (widget));
  for (GList *l = children; l != NULL; l = l->next)
    {
      GtkWidget *found = find_button (l->data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
not_fullscreen (gpointer data)
{
  GdkWindow *gdk_window = gtk_widget_get_window (data);

  return gdk_window != NULL && !(gdk_window_get_state (gdk_window) & GDK_WINDOW_STATE_FULLSCREEN);
}

static gboolean
agent_present (gpointer data)
{
  OrielSession *session = oriel_console_tab_get_session (data);

  return session != NULL && oriel_session_get_guest_agent (session);
}

static OrielConsoleTab *
open_multi (OrielWindow **window_out)
{
  OrielWindow *window;
  OrielConsoleTab *tab;

  e2e_lab ("start " DOMAIN);
  window = e2e_window_new (app, FALSE, DOMAIN);
  /* start on the first monitor, whatever the window manager picked */
  gtk_window_move (GTK_WINDOW (window), 40, 40);
  tab = e2e_wait_for_tab (window, DOMAIN);
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 30000));
  g_assert_true (e2e_wait_until (has_two_displays, tab, 10000));
  /* The lab's agent answers spice-gtk's greeting a second late (see
   * tests/lab/lab.sh); a session torn down while that answer is on its way
   * makes spice-gtk look at the session it just left (a critical). */
  g_assert_true (e2e_wait_until (agent_present, tab, 10000));
  e2e_sleep (1500);
  *window_out = window;
  return tab;
}

static void
toggle_fullscreen (OrielWindow *window)
{
  g_action_group_activate_action (G_ACTION_GROUP (window), "fullscreen", NULL);
}

/* The guest's text console starts at the top left; QEMU's notice for a
 * display the guest has off ("Display output is not active.") sits in the
 * middle of black. */
static gboolean
shows_guest_console (GdkPixbuf *pixbuf)
{
  int n = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);

  for (int y = 0; y < MIN (60, gdk_pixbuf_get_height (pixbuf)); y++)
    for (int x = 0; x < MIN (400, gdk_pixbuf_get_width (pixbuf)); x++)
      if (pixels[y * stride + x * n] > 100)
        return TRUE;
  return FALSE;
}

/* The guest's second display, as the server has it, against the screen:
 * the guest's console, pixel for pixel. */
static gboolean
second_frame_matches (gpointer data)
{
  OrielDisplay *display = oriel_console_tab_get_nth_display (data, 1);
  g_autoptr (GdkPixbuf) server = e2e_server_screenshot_screen (DOMAIN, 1);
  g_autoptr (GdkPixbuf) screen = NULL;
  double diff;

  e2e_sleep (100);
  screen = e2e_screen_pixels (display);
  if (server == NULL || screen == NULL || !shows_guest_console (server))
    return FALSE;
  diff = e2e_differing_fraction (server, screen, E2E_CHANNEL_TOLERANCE);
  g_test_message ("display 2: server %dx%d, screen %dx%d, %.4f%% differ",
                  gdk_pixbuf_get_width (server), gdk_pixbuf_get_height (server),
                  gdk_pixbuf_get_width (screen), gdk_pixbuf_get_height (screen), diff * 100);
  return diff <= E2E_MAX_DIFF_FRACTION;
}

static GSettings *domain_settings (void);

/* Two display widgets; the second says it is off until asked, then shows
 * the guest's second head, sized to the window (that policy), pixel for
 * pixel what the server has. */
static void
test_two_displays (void)
{
  g_autoptr (GSettings) settings = domain_settings ();
  OrielWindow *window;
  OrielConsoleTab *tab = open_multi (&window);
  OrielDisplay *second = oriel_console_tab_get_nth_display (tab, 1);
  GtkWidget *page = gtk_widget_get_parent (GTK_WIDGET (second));
  GtkNotebook *views;

  g_assert_true (ORIEL_IS_DISPLAY_PAGE (page));
  views = GTK_NOTEBOOK (gtk_widget_get_parent (page));
  g_assert_true (GTK_IS_NOTEBOOK (views));
  g_assert_cmpstr (gtk_notebook_get_tab_label_text (views, page), ==, "Display 2");
  g_assert_cmpstr (gtk_notebook_get_tab_label_text (views, gtk_notebook_get_nth_page (views, 0)),
                   ==, "Display 1");
  /* Oriel decides which displays are on: the first, unless asked */
  g_assert_false (oriel_console_tab_get_display_on (tab, 1));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page)), ==, "off");
  oriel_console_tab_set_resolution_policy (tab, ORIEL_RESOLUTION_WINDOW);
  g_assert_cmpint (g_settings_get_enum (settings, "resolution-policy"), ==,
                   ORIEL_RESOLUTION_WINDOW);
  gtk_button_clicked (GTK_BUTTON (find_button (gtk_stack_get_child_by_name (GTK_STACK (page),
                                                                            "off"))));
  gtk_notebook_set_current_page (views, gtk_notebook_page_num (views, page));
  g_assert_true (e2e_wait_until (second_display_sized, tab, 20000));
  g_assert_true (e2e_wait_until (second_frame_matches, tab, 20000));
  g_settings_reset (settings, "resolution-policy");

  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (300);
}

/* Fullscreen: display 1 on the window's monitor, display 2 on the next; out
 * of fullscreen, display 2 goes back to its page. */
static void
check_fullscreen (gboolean swapped)
{
  OrielWindow *window;
  OrielConsoleTab *tab = open_multi (&window);
  GtkWindow *second;

  toggle_fullscreen (window);
  assert_fills_monitor (GTK_WINDOW (window), swapped ? 1 : 0);
  /* the guest turned display 2 on at the size of its monitor */
  g_assert_true (e2e_wait_until (second_display_fills_monitor, tab, 20000));
  g_assert_true (e2e_wait_until (second_frame_matches, tab, 20000));
  second = oriel_console_tab_get_display_window (tab, 1);
  g_assert_nonnull (second);
  g_assert_true (second != GTK_WINDOW (window));
  assert_fills_monitor (second, swapped ? 0 : 1);
  e2e_keep_screenshot (NULL, swapped ? "fullscreen-swapped" : "fullscreen");

  toggle_fullscreen (window);
  g_assert_true (e2e_wait_until (not_fullscreen, window, 10000));
  g_assert_true (oriel_console_tab_get_display_window (tab, 1) == GTK_WINDOW (window));
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (300);
}

static GSettings *
domain_settings (void)
{
  g_autofree char *uuid = e2e_virsh_output ("domuuid " DOMAIN);
  GSettings *settings = oriel_settings_get_domain (g_strstrip (uuid));

  g_assert_nonnull (settings);
  return settings;
}

static void
test_fullscreen (void)
{
  g_autoptr (GSettings) settings = domain_settings ();

  g_settings_reset (settings, "monitor-mapping");
  check_fullscreen (FALSE);
}

/* A widget of the dialog by its name. */
static GtkWidget *
find_named (GtkWidget *dialog, const char *name)
{
  GList *pending = g_list_prepend (NULL, gtk_dialog_get_content_area (GTK_DIALOG (dialog)));
  GtkWidget *found = NULL;

  while (pending != NULL && found == NULL)
    {
      GtkWidget *widget = pending->data;

      pending = g_list_delete_link (pending, pending);
      if (g_str_equal (gtk_widget_get_name (widget), name))
        found = widget;
      else if (GTK_IS_CONTAINER (widget))
        pending = g_list_concat (pending, gtk_container_get_children (GTK_CONTAINER (widget)));
    }
  g_list_free (pending);
  return found;
}

static gboolean
heads_known (gpointer data)
{
  return strstr (gtk_label_get_text (data), ": 2") != NULL;
}

/* The Displays dialog: display 1 onto monitor 2 takes it from display 2. */
static void
swap_in_dialog (void)
{
  OrielWindow *window;
  OrielConsoleTab *tab = open_multi (&window);
  GtkWidget *dialog = oriel_console_tab_show_displays (tab);
  GtkWidget *combo = find_named (dialog, "monitor-1");
  GtkWidget *heads = find_named (dialog, "heads");

  /* the domain's monitor count, from its video device */
  g_assert_nonnull (heads);
  g_assert_true (e2e_wait_until (heads_known, heads, 10000));
  g_assert_nonnull (combo);
  g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo)), ==, "0");
  e2e_keep_screenshot (NULL, "displays-dialog");
  g_assert_true (gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), "1"));
  e2e_keep_screenshot (NULL, "displays-dialog-swapped");
  gtk_widget_destroy (dialog);
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (300);
}

static void
test_swap (void)
{
  g_autoptr (GSettings) settings = domain_settings ();
  g_autofree char *saved = NULL;

  g_settings_reset (settings, "monitor-mapping");
  swap_in_dialog ();
  saved = g_settings_get_string (settings, "monitor-mapping");
  g_assert_cmpstr (saved, ==, "1:2;2:1");
  check_fullscreen (TRUE);
  g_settings_reset (settings, "monitor-mapping");
}

static gboolean
second_has_window (gpointer data)
{
  GtkWindow *window = oriel_console_tab_get_display_window (data, 1);

  return window != NULL && window != oriel_console_tab_get_display_window (data, 0)
         && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static gboolean
second_has_no_window (gpointer data)
{
  return oriel_console_tab_get_display_window (data, 1) == NULL;
}

/* The display-windows preference: display 2 gets a window of its own once
 * it is on, showing the guest's second head; it goes with its tab. */
static void
test_windows_mode (void)
{
  GSettings *settings = oriel_settings_get ();
  g_autoptr (GSettings) domain = domain_settings ();
  OrielWindow *window;
  OrielConsoleTab *tab;
  GtkWidget *second;

  /* The pointer in a corner no window covers: spice-gtk 0.42 grabs the
   * keyboard for a display the pointer enters in a window just made active
   * even when that display is not the window's focus, and fails its own
   * check (a critical) when the focus is elsewhere; windows coming and
   * going here would make that a matter of chance. */
  gdk_device_warp (gdk_seat_get_pointer (gdk_display_get_default_seat (gdk_display_get_default ())),
                   gdk_screen_get_default (), monitor_geometry (1).x + monitor_geometry (1).width - 2,
                   monitor_geometry (1).height - 2);
  g_settings_set_boolean (settings, "display-windows", TRUE);
  tab = open_multi (&window);
  /* off: no page in the tab, no window */
  g_assert_true (e2e_wait_until (second_has_no_window, tab, 5000));
  /* the guest takes the window's size: its picture can be compared 1:1 */
  oriel_console_tab_set_resolution_policy (tab, ORIEL_RESOLUTION_WINDOW);
  oriel_console_tab_set_display_on (tab, 1, TRUE);
  g_assert_true (e2e_wait_until (second_has_window, tab, 20000));
  g_assert_true (e2e_wait_until (second_display_sized, tab, 20000));
  g_assert_true (e2e_wait_until (second_frame_matches, tab, 20000));
  e2e_keep_screenshot (NULL, "display-window");
  /* Closing that window turns display 2 off (window_delete_cb) too, but
   * the focus then returns to the tab's window, where spice-gtk may grab
   * for a display it believes focused (its own critical, not Oriel's): the
   * tab goes first here, and its display windows with it. */
  second = GTK_WIDGET (oriel_console_tab_get_display_window (tab, 1));
  g_object_add_weak_pointer (G_OBJECT (second), (gpointer *) &second);
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (300);
  g_assert_null (second);
  g_settings_reset (settings, "display-windows");
  g_settings_reset (domain, "resolution-policy");
}

/* VNC has one display: the Displays window says several need SPICE and
 * offers no mapping. */
static void
test_vnc_needs_spice (void)
{
  OrielWindow *window;
  OrielConsoleTab *tab;
  GtkWidget *dialog, *note;

  e2e_lab ("start oriel-lab-vnc");
  window = e2e_window_new (app, FALSE, "oriel-lab-vnc");
  tab = e2e_wait_for_tab (window, "oriel-lab-vnc");
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 30000));
  dialog = oriel_console_tab_show_displays (tab);
  note = find_named (dialog, "needs-spice");
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (note)), "SPICE"));
  g_assert_null (find_named (dialog, "monitor-1"));
  /* and fullscreen stays in the one window */
  g_assert_cmpint (oriel_console_tab_get_fullscreen_monitor (tab), ==, -1);
  e2e_keep_screenshot (NULL, "displays-dialog-vnc");
  gtk_widget_destroy (dialog);
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (300);
}

/* A restart: one Oriel process saves the swap, a second one uses it. */
/* These two run in subprocesses of /e2e/multimon/restart only. */
static gboolean
skip_unless_subprocess (void)
{
  if (g_test_subprocess ())
    return FALSE;
  g_test_skip ("part of /e2e/multimon/restart");
  return TRUE;
}

static void
test_restart_save (void)
{
  if (skip_unless_subprocess ())
    return;
  swap_in_dialog ();
  g_settings_sync ();
}

static void
test_restart_check (void)
{
  if (skip_unless_subprocess ())
    return;
  check_fullscreen (TRUE);
}

static void
test_restart (void)
{
  g_autoptr (GSettings) settings = domain_settings ();

  g_settings_reset (settings, "monitor-mapping");
  g_settings_sync ();
  g_test_trap_subprocess ("/e2e/multimon/restart/save", 120 * G_USEC_PER_SEC, 0);
  g_test_trap_assert_passed ();
  g_test_trap_subprocess ("/e2e/multimon/restart/check", 120 * G_USEC_PER_SEC, 0);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  int status;

  /* settings in a key file the subprocesses share: set up before GIO looks */
  if (g_getenv ("ORIEL_E2E_CONFIG") == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("oriel-e2e-config-XXXXXX", NULL);

      g_setenv ("ORIEL_E2E_CONFIG", dir, TRUE);
    }
  g_setenv ("XDG_CONFIG_HOME", g_getenv ("ORIEL_E2E_CONFIG"), TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);

  app = e2e_init (&argc, &argv);
  if (gdk_display_get_n_monitors (gdk_display_get_default ()) < 2)
    g_error ("This test needs an X server with two monitors: run it under "
             "build-aux/xorg-session.sh, as the test suite does.");
  g_test_add_func ("/e2e/multimon/two-displays", test_two_displays);
  g_test_add_func ("/e2e/multimon/fullscreen", test_fullscreen);
  g_test_add_func ("/e2e/multimon/swap", test_swap);
  g_test_add_func ("/e2e/multimon/windows-mode", test_windows_mode);
  g_test_add_func ("/e2e/multimon/vnc-needs-spice", test_vnc_needs_spice);
  g_test_add_func ("/e2e/multimon/restart", test_restart);
  g_test_add_func ("/e2e/multimon/restart/save", test_restart_save);
  g_test_add_func ("/e2e/multimon/restart/check", test_restart_check);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
