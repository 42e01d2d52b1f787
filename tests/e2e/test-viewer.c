#include "config.h"

#include <glib/gstdio.h>

#include "e2e-util.h"
#include "oriel-application.h"
#include "oriel-display-keys.h"
#include "oriel-display-typer.h"
#include "oriel-transport.h"
#include "oriel-viewer-uri.h"
#include "oriel-vv-file.h"

/* End-to-end: Oriel as a drop-in for remote-viewer and virt-viewer. The
 * lab's guests by spice:// and vnc:// URI and by connection file; hotkeys
 * and key remaps; typing the clipboard; kiosk mode. */

static OrielApplication *app;

static OrielConsoleTab *
wait_tab (OrielWindow *window)
{
  for (int i = 0; i < 200 && oriel_window_get_current_tab (window) == NULL; i++)
    e2e_sleep (50);
  g_assert_nonnull (oriel_window_get_current_tab (window));
  return oriel_window_get_current_tab (window);
}

/* Opens what @argv names, as oriel's main() does; @options_out keeps the
 * parsed options for the caller. */
static OrielWindow *
open_with_options (char **argv, OrielViewerOptions **options_out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielViewerOptions) options = oriel_viewer_options_parse (argv, &error);
  OrielWindow *window;

  g_assert_no_error (error);
  window = oriel_application_open (app, options, NULL, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  if (options_out != NULL)
    *options_out = g_steal_pointer (&options);
  return window;
}

static OrielWindow *
open_with (char **argv)
{
  return open_with_options (argv, NULL);
}

static OrielWindow *
open_direct (OrielViewerTarget *target, const char *title)
{
  g_autoptr (OrielTransport) transport = oriel_transport_new_direct (target);
  OrielWindow *window = oriel_window_new_direct (app, transport, title);

  oriel_window_start (window);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (OrielWindow *window)
{
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (200);
}

/* What virsh says the display is, as a person would pass it to
 * remote-viewer; the frames must equal the server's screenshot. */
static void
test_uri (gconstpointer data)
{
  const char *domain = data;
  g_autofree char *start = g_strdup_printf ("start %s", domain);
  g_autofree char *args = g_strdup_printf ("domdisplay %s", domain);
  g_autofree char *uri = NULL;
  g_autoptr (GError) error = NULL;
  OrielViewerTarget *target;
  OrielWindow *window;
  OrielConsoleTab *tab;
  double diff = 1.0;

  e2e_lab (start);
  uri = e2e_virsh_output (args);
  g_test_message ("virsh domdisplay: %s", uri);
  g_assert_true (oriel_viewer_uri_is_direct (uri));
  target = oriel_viewer_uri_parse (uri, &error);
  g_assert_no_error (error);

  window = open_direct (target, NULL);
  tab = wait_tab (window);
  g_assert_null (oriel_console_tab_get_domain (tab));
  g_assert_true (e2e_wait_for_frame_match (tab, domain, 30000, &diff));
  close_window (window);
}

static char *
display_port (const char *domain)
{
  g_autofree char *args = g_strdup_printf ("domdisplay %s", domain);
  g_autofree char *uri = e2e_virsh_output (args);
  char *query = strchr (uri, '?');     /* "?tls-port=N" where QEMU has SPICE TLS */
  const char *colon;

  if (query != NULL)
    *query = '\0';
  colon = strrchr (uri, ':');
  g_assert_nonnull (colon);
  return g_strdup (g_strstrip ((char *) colon + 1));
}

/* A remote-viewer connection file for the password-protected SPICE guest:
 * the password comes from the file, nobody is asked, and the file goes
 * once read when it says so. */
static void
test_vv_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("oriel-vv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "console.vv", NULL);
  g_autofree char *port = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielViewerOptions) options = NULL;
  char *argv[] = { "oriel", path, NULL };
  OrielViewerTarget *target;
  OrielWindow *window;
  OrielConsoleTab *tab;

  e2e_lab ("start oriel-lab-spice-pw");
  port = display_port ("oriel-lab-spice-pw");
  text = g_strdup_printf ("[virt-viewer]\n"
                          "type=spice\n"
                          "host=127.0.0.1\n"
                          "port=%s\n"
                          "password=labpass1\n"
                          "title=Lab console from a file\n"
                          "delete-this-file=1\n"
                          "toggle-fullscreen=shift+f11\n"
                          "unknown-key=ignored\n", port);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  options = oriel_viewer_options_parse (argv, &error);
  g_assert_no_error (error);
  g_assert_cmpint (options->kind, ==, ORIEL_TARGET_VV_FILE);
  target = oriel_application_load_target (options, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));   /* delete-this-file */

  window = oriel_application_open (app, options, target, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Lab console from a file");
  tab = wait_tab (window);
  g_assert_true (e2e_wait_for_frame_match (tab, "oriel-lab-spice-pw", 30000, NULL));
  close_window (window);
  g_rmdir (dir);
}

static gboolean
is_fullscreen (GtkWidget *window)
{
  GdkWindow *gdk_window = gtk_widget_get_window (window);

  return (gdk_window_get_state (gdk_window) & GDK_WINDOW_STATE_FULLSCREEN) != 0;
}

static gboolean
grabbed (gpointer tab)
{
  return oriel_display_get_grabbed (oriel_console_tab_get_display (tab));
}

static gboolean
not_grabbed (gpointer tab)
{
  return !grabbed (tab);
}

static void
pointer_away (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  GdkDevice *pointer = gdk_seat_get_pointer (gdk_display_get_default_seat (display));
  GdkScreen *screen = gtk_widget_get_screen (widget);

  gtk_window_move (GTK_WINDOW (widget), 0, 0);
  gtk_window_resize (GTK_WINDOW (widget), 800, 600);
  e2e_sleep (200);
  gdk_device_warp (pointer, screen, 1590, 990);
  e2e_sleep (200);
}

static void
pointer_over (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  GdkDevice *pointer = gdk_seat_get_pointer (gdk_display_get_default_seat (display));
  int x = 0, y = 0;

  gdk_window_get_origin (gtk_widget_get_window (widget), &x, &y);
  gdk_device_warp (pointer, gtk_widget_get_screen (widget),
                   x + gtk_widget_get_allocated_width (widget) / 2,
                   y + gtk_widget_get_allocated_height (widget) / 2);
}

static guint
zoom_of (OrielConsoleTab *tab)
{
  return oriel_display_get_zoom (oriel_console_tab_get_display (tab));
}

/* -H zoom-in=shift+f5: Shift+F5 zooms in, Ctrl+plus (the default) no longer
 * does, and zoom-out, left out of the list, has no hotkey at all, as in
 * virt-viewer. (Zoom rather than full screen: the test's X server has no
 * window manager to grant full screen.) */
static void
test_hotkeys (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielViewerOptions) options = NULL;
  char *argv[] = { "oriel", "-c", LAB_URI, "-H", "zoom-in=shift+f5", "oriel-lab-vnc", NULL };
  OrielWindow *window;
  OrielConsoleTab *tab;

  e2e_lab ("start oriel-lab-vnc");
  window = open_with_options (argv, &options);
  tab = e2e_wait_for_tab (window, "oriel-lab-vnc");
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 30000));
  g_assert_cmpuint (zoom_of (tab), ==, 100);

  /* the keyboard with Oriel, not the guest (which takes it whenever the
   * pointer is over its display) */
  pointer_away (GTK_WIDGET (window));
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  g_assert_true (e2e_wait_until (not_grabbed, tab, 5000));
  e2e_press_key (GTK_WIDGET (window), GDK_KEY_equal, GDK_CONTROL_MASK);
  g_assert_cmpuint (zoom_of (tab), ==, 100);
  e2e_press_key (GTK_WIDGET (window), GDK_KEY_F5, GDK_SHIFT_MASK);
  g_assert_cmpuint (zoom_of (tab), ==, 125);
  e2e_press_key (GTK_WIDGET (window), GDK_KEY_minus, GDK_CONTROL_MASK);
  g_assert_cmpuint (zoom_of (tab), ==, 125);

  /* the defaults again, as a check that the key events themselves work */
  oriel_application_reset_hotkeys (app);
  e2e_sleep (100);              /* windows take new accelerators when idle */
  e2e_press_key (GTK_WIDGET (window), GDK_KEY_minus, GDK_CONTROL_MASK);
  g_assert_cmpuint (zoom_of (tab), ==, 100);

  /* the keyboard with the guest: a -H hotkey still works there */
  g_assert_true (oriel_application_set_hotkeys (app, options->hotkeys, &error));
  e2e_sleep (100);
  pointer_over (oriel_display_get_content (oriel_console_tab_get_display (tab)));
  g_assert_true (e2e_wait_until (grabbed, tab, 5000));
  e2e_press_key (GTK_WIDGET (window), GDK_KEY_F5, GDK_SHIFT_MASK);
  g_assert_cmpuint (zoom_of (tab), ==, 125);

  close_window (window);
  oriel_application_reset_hotkeys (app);
}

static gboolean
log_has_typed_ok (gpointer data)
{
  GByteArray *received = data;
  g_autofree char *text = NULL;

  if (received->len == 0)
    return FALSE;
  text = g_strndup ((const char *) received->data, received->len);

  /* the shell's own echo of the command is on tty1, not here: a line of
   * its own can only be the command's output */
  return strstr (text, "\ntyped-ok") != NULL || g_str_has_prefix (text, "typed-ok");
}

/* "Type clipboard" into the graphical console of a guest, whose shell on
 * tty1 runs what was typed: the serial console shows the result. */
static void
test_type_clipboard (gconstpointer data)
{
  const char *domain = data;
  g_autofree char *start = g_strdup_printf ("start %s", domain);
  GtkClipboard *clipboard = gtk_clipboard_get (GDK_SELECTION_CLIPBOARD);
  GByteArray *log;
  OrielSerialView *serial;
  OrielWindow *window;
  OrielConsoleTab *tab;
  GActionGroup *actions;

  e2e_lab (start);
  window = e2e_window_new (app, FALSE, domain);
  tab = e2e_wait_for_tab (window, domain);
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 30000));
  serial = e2e_attach_serial (tab, 20000);
  g_assert_nonnull (serial);
  log = e2e_serial_capture (serial);

  /* upper case, a shifted character and a redirection: the whole line
   * must arrive as typed for the guest's shell to run it */
  gtk_clipboard_set_text (clipboard, "T=typed; echo \"$T-ok\" > /dev/ttyS0\n", -1);
  e2e_sleep (200);
  actions = gtk_widget_get_action_group (GTK_WIDGET (tab), "console");
  g_action_group_activate_action (actions, "type-clipboard", NULL);
  if (!e2e_wait_until (log_has_typed_ok, log, 20000))
    g_error ("the serial console never showed typed-ok; it got: %.*s", (int) log->len,
             (const char *) log->data);

  e2e_serial_capture_stop (serial, log);
  close_window (window);
}

/* -K F9=Return,F10=: a typed command is run by F9 (sent as Return) and
 * not by F10 (blocked); the serial console shows which ran. */
static void
test_keymap (void)
{
  char *argv[] = { "oriel", "-c", LAB_URI, "-K", "F9=Return,F10=", "oriel-lab-vnc", NULL };
  GByteArray *log;
  OrielSerialView *serial;
  OrielWindow *window;
  OrielConsoleTab *tab;
  OrielDisplay *display;

  e2e_lab ("start oriel-lab-vnc");
  window = open_with (argv);
  tab = e2e_wait_for_tab (window, "oriel-lab-vnc");
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 30000));
  serial = e2e_attach_serial (tab, 20000);
  g_assert_nonnull (serial);
  log = e2e_serial_capture (serial);
  display = oriel_console_tab_get_display (tab);
  gtk_widget_grab_focus (oriel_display_get_content (display));

  /* a blocked key does not run it; the remapped one does */
  oriel_display_type_text (display, "echo typed-ok > /dev/ttyS0");
  e2e_sleep (2000);
  e2e_press_key (GTK_WIDGET (window), GDK_KEY_F10, 0);
  e2e_sleep (1500);
  g_assert_false (log_has_typed_ok (log));
  e2e_press_key (GTK_WIDGET (window), GDK_KEY_F9, 0);
  if (!e2e_wait_until (log_has_typed_ok, log, 10000))
    g_error ("F9 did not send Return; the serial console got: %.*s", (int) log->len,
             (const char *) log->data);

  e2e_serial_capture_stop (serial, log);
  close_window (window);
  oriel_application_reset_hotkeys (app);
}

static void
window_gone_cb (gpointer data, GObject *where_it_was)
{
  *(gboolean *) data = TRUE;
}

/* --kiosk --kiosk-quit=on-disconnect: full screen with nothing but the
 * guest, and the window (so the viewer) ends when the guest does. */
static void
test_kiosk_quit (void)
{
  char *argv[] = { "oriel", "-c", LAB_URI, "--kiosk", "--kiosk-quit", "on-disconnect",
                   "oriel-lab-vnc", NULL };
  gboolean gone = FALSE;
  OrielWindow *window;
  OrielConsoleTab *tab;

  e2e_lab ("start oriel-lab-vnc");
  window = open_with (argv);
  g_object_weak_ref (G_OBJECT (window), window_gone_cb, &gone);
  tab = e2e_wait_for_tab (window, "oriel-lab-vnc");
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 30000));
  g_assert_true (oriel_window_get_kiosk (window));
  g_assert_true (e2e_wait_until ((E2ePredicate) is_fullscreen, window, 5000));
  /* nothing but the guest: no toolbar, no tabs, no domain list */
  g_assert_false (gtk_notebook_get_show_tabs (GTK_NOTEBOOK (gtk_widget_get_parent (GTK_WIDGET (tab)))));

  /* nor a way to close it from the keyboard */
  pointer_away (GTK_WIDGET (window));
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  e2e_press_key (GTK_WIDGET (window), GDK_KEY_w, GDK_CONTROL_MASK);
  g_assert_false (gone);
  g_assert_true (oriel_window_get_current_tab (window) == tab);

  e2e_virsh ("destroy oriel-lab-vnc");
  g_assert_true (e2e_wait_until (e2e_flag_set, &gone, 20000));
  e2e_lab ("start oriel-lab-vnc");
  oriel_application_reset_hotkeys (app);
}

static gboolean
has_error (gpointer window)
{
  return oriel_window_get_error (window) != NULL;
}

/* --id: the domain by its id, as virsh lists it; --domain-name with the
 * same text finds nothing (no domain is called that). */
static void
test_lookup (void)
{
  g_autofree char *id = NULL;
  char *by_id[] = { "oriel", "-c", LAB_URI, "--id", NULL, NULL };
  char *by_name[] = { "oriel", "-c", LAB_URI, "--domain-name", NULL, NULL };
  OrielWindow *window;
  OrielConsoleTab *tab;

  e2e_lab ("start oriel-lab-vnc");
  id = e2e_virsh_output ("domid oriel-lab-vnc");
  by_id[4] = by_name[4] = id;

  window = open_with (by_id);
  tab = e2e_wait_for_tab (window, "oriel-lab-vnc");
  g_assert_cmpstr (oriel_console_tab_get_name (tab), ==, "oriel-lab-vnc");
  close_window (window);

  window = open_with (by_name);
  g_assert_true (e2e_wait_until (has_error, window, 10000));
  g_assert_nonnull (strstr (oriel_window_get_error (window), "There is no domain"));
  g_assert_null (oriel_window_get_current_tab (window));
  close_window (window);
}

static gboolean
says_started_again (gpointer tab)
{
  const char *message = oriel_console_tab_get_message (tab);

  return oriel_console_tab_get_state (tab) == ORIEL_CONSOLE_TAB_DISCONNECTED && message != NULL
         && strstr (message, "was started again") != NULL;
}

/* --no-reconnect: the guest stops and starts; the console waits to be
 * asked, and then shows it. */
static void
test_no_reconnect (void)
{
  char *argv[] = { "oriel", "-c", LAB_URI, "--no-reconnect", "oriel-lab-vnc", NULL };
  OrielWindow *window;
  OrielConsoleTab *tab;

  e2e_lab ("start oriel-lab-vnc");
  window = open_with (argv);
  tab = e2e_wait_for_tab (window, "oriel-lab-vnc");
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 30000));
  e2e_virsh ("destroy oriel-lab-vnc");
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_SHUT_OFF, 20000));
  e2e_lab ("start oriel-lab-vnc");
  g_assert_true (e2e_wait_until (says_started_again, tab, 20000));
  e2e_sleep (1000);
  g_assert_cmpint (oriel_console_tab_get_state (tab), ==, ORIEL_CONSOLE_TAB_DISCONNECTED);
  oriel_console_tab_reconnect (tab);
  g_assert_true (e2e_wait_for_frame_match (tab, "oriel-lab-vnc", 30000, NULL));
  close_window (window);
}

int
main (int argc, char *argv[])
{
  app = e2e_init (&argc, &argv);

  g_test_add_data_func ("/e2e/viewer/uri/spice", "oriel-lab-spice", test_uri);
  g_test_add_data_func ("/e2e/viewer/uri/vnc", "oriel-lab-vnc", test_uri);
  g_test_add_func ("/e2e/viewer/vv-file", test_vv_file);
  g_test_add_func ("/e2e/viewer/hotkeys", test_hotkeys);
  g_test_add_data_func ("/e2e/viewer/type-clipboard/vnc", "oriel-lab-vnc", test_type_clipboard);
  g_test_add_data_func ("/e2e/viewer/type-clipboard/spice", "oriel-lab-spice",
                        test_type_clipboard);
  g_test_add_func ("/e2e/viewer/kiosk-quit", test_kiosk_quit);
  g_test_add_func ("/e2e/viewer/lookup", test_lookup);
  g_test_add_func ("/e2e/viewer/keymap", test_keymap);
  g_test_add_func ("/e2e/viewer/no-reconnect", test_no_reconnect);
  return g_test_run ();
}
