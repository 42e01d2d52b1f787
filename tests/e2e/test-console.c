#include "config.h"

#include <glib/gstdio.h>
#include <X11/Xlib.h>
#include <gdk/gdkx.h>
#include <string.h>

#include "e2e-util.h"
#include "oriel-application.h"
#include "oriel-auth-dialog.h"

/* End-to-end: real libvirtd and QEMU guests from tests/lab, a real X
 * server, Oriel's own windows. What the user would see is what is checked. */

static OrielApplication *app;

static void
close_window (OrielWindow *window)
{
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (200);
}

static void
assert_frame_matches (OrielConsoleTab *tab, const char *domain, guint timeout_ms)
{
  double diff = 1.0;

  if (!e2e_wait_for_frame_match (tab, domain, timeout_ms, &diff))
    g_error ("%s: the frame on screen differs from the server's in %.2f%% of pixels", domain,
             diff * 100);
}

static void
ensure_running (const char *domain)
{
  g_autofree char *args = g_strdup_printf ("start %s", domain);

  e2e_lab (args);
}

static void
open_and_compare (const char *domain, gboolean by_argument)
{
  OrielWindow *window;
  OrielConsoleTab *tab;

  ensure_running (domain);
  window = e2e_window_new (app, FALSE, by_argument ? domain : NULL);

  if (!by_argument)
    {
      OrielConnection *connection = oriel_window_get_connection (window);

      while (!oriel_connection_is_open (connection))
        g_main_context_iteration (NULL, TRUE);
      oriel_window_open_console (window, oriel_connection_find_domain (connection, domain));
    }
  tab = e2e_wait_for_tab (window, domain);
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 20000));
  assert_frame_matches (tab, domain, 20000);
  close_window (window);
}

static void
test_vnc_frame (void)
{
  open_and_compare ("oriel-lab-vnc", TRUE);
}

static void
test_spice_frame (void)
{
  open_and_compare ("oriel-lab-spice", FALSE);
}

static void
stop_and_start (const char *domain)
{
  OrielWindow *window;
  OrielConsoleTab *tab;
  g_autofree char *destroy = g_strdup_printf ("destroy %s", domain);
  g_autofree char *start = g_strdup_printf ("start %s", domain);
  g_autofree char *ready = g_strdup_printf ("wait-ready %s 60", domain);

  ensure_running (domain);
  window = e2e_window_new (app, FALSE, domain);
  tab = e2e_wait_for_tab (window, domain);
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 20000));

  e2e_virsh (destroy);
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_SHUT_OFF, 15000));
  g_assert_nonnull (strstr (oriel_console_tab_get_message (tab), domain));
  g_assert_nonnull (strstr (oriel_console_tab_get_message (tab), "not running"));
  /* the domain list says so too */
  g_assert_cmpint (oriel_domain_get_state (oriel_console_tab_get_domain (tab)), ==,
                   ORIEL_DOMAIN_STATE_SHUTOFF);
  /* and it stays so while the domain is off */
  e2e_sleep (1000);
  g_assert_cmpint (oriel_console_tab_get_state (tab), ==, ORIEL_CONSOLE_TAB_SHUT_OFF);

  e2e_virsh (start);
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 30000));
  e2e_lab (ready);
  assert_frame_matches (tab, domain, 30000);
  close_window (window);
}

static void
test_vnc_stop_start (void)
{
  stop_and_start ("oriel-lab-vnc");
}

static void
test_spice_stop_start (void)
{
  stop_and_start ("oriel-lab-spice");
}

typedef struct
{
  OrielAuthDialog *dialog;
  gboolean want_reason;
} DialogQuery;

static gboolean
find_auth_dialog (gpointer data)
{
  DialogQuery *query = data;
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  query->dialog = NULL;
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ORIEL_IS_AUTH_DIALOG (l->data) && gtk_widget_get_visible (l->data)
        && (oriel_auth_dialog_get_reason (l->data) != NULL) == query->want_reason)
      query->dialog = l->data;
  return query->dialog != NULL;
}

static OrielAuthDialog *
wait_for_auth_dialog (gboolean with_reason)
{
  DialogQuery query = { NULL, with_reason };

  if (!e2e_wait_until (find_auth_dialog, &query, 20000))
    g_error ("no password dialog%s appeared", with_reason ? " with a reason" : "");
  return query.dialog;
}

/* A read-only link gets neither libvirt's graphics fd nor the password from
 * the XML, so the display asks, as it would for a user with read access. */
static void
password_flow (const char *domain)
{
  g_autofree char *start = g_strdup_printf ("start %s", domain);
  OrielWindow *window;
  OrielConsoleTab *tab;
  OrielAuthDialog *dialog;

  e2e_lab (start);
  window = e2e_window_new (app, TRUE, domain);
  tab = e2e_wait_for_tab (window, domain);

  dialog = wait_for_auth_dialog (FALSE);
  g_assert_cmpint (oriel_console_tab_get_state (tab), !=, ORIEL_CONSOLE_TAB_CONNECTED);
  oriel_auth_dialog_set_password (dialog, "wrongpw1");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);

  dialog = wait_for_auth_dialog (TRUE);
  g_test_message ("asked again: %s", oriel_auth_dialog_get_reason (dialog));
  g_assert_cmpint (oriel_console_tab_get_state (tab), !=, ORIEL_CONSOLE_TAB_CONNECTED);
  oriel_auth_dialog_set_password (dialog, "labpass1");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);

  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 20000));
  assert_frame_matches (tab, domain, 20000);
  close_window (window);
}

static void
test_vnc_password (void)
{
  password_flow ("oriel-lab-vnc-pw");
}

static void
test_spice_password (void)
{
  password_flow ("oriel-lab-spice-pw");
}

static void
test_password_cancel (void)
{
  OrielWindow *window;
  OrielConsoleTab *tab;
  OrielAuthDialog *dialog;

  e2e_lab ("start oriel-lab-vnc-pw");
  window = e2e_window_new (app, TRUE, "oriel-lab-vnc-pw");
  tab = e2e_wait_for_tab (window, "oriel-lab-vnc-pw");
  dialog = wait_for_auth_dialog (FALSE);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_DISCONNECTED, 10000));
  g_assert_nonnull (strstr (oriel_console_tab_get_message (tab), "cancelled"));
  close_window (window);
}

static void
define_temp_domain (const char *name, const char *graphics)
{
  g_autofree char *dir = g_dir_make_tmp ("oriel-e2e-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "domain.xml", NULL);
  g_autofree char *xml = g_strdup_printf (
    "<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory>"
    "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
    "<devices>%s</devices></domain>", name, graphics);
  g_autofree char *args = g_strdup_printf ("define %s", path);
  g_autofree char *leftover = g_strdup_printf ("virsh -q -c " LAB_URI " undefine %s", name);

  /* a run that was interrupted may have left it behind */
  g_spawn_command_line_sync (leftover, NULL, NULL, NULL, NULL);
  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
  e2e_virsh (args);
  g_unlink (path);
  g_rmdir (dir);
}

static void
undefine_temp_domain (const char *name)
{
  g_autofree char *args = g_strdup_printf ("undefine %s", name);

  e2e_virsh (args);
}

typedef struct
{
  OrielConnection *connection;
  const char *name;
  gboolean present;
} PresenceQuery;

static gboolean
domain_presence_is (gpointer data)
{
  PresenceQuery *query = data;

  return (oriel_connection_find_domain (query->connection, query->name) != NULL)
         == query->present;
}

static OrielWindow *
window_with_open_connection (void)
{
  OrielWindow *window = e2e_window_new (app, FALSE, NULL);

  while (!oriel_connection_is_open (oriel_window_get_connection (window)))
    g_main_context_iteration (NULL, TRUE);
  return window;
}

static gboolean
shows_vnc (gpointer data)
{
  return g_strcmp0 (oriel_domain_get_graphics_label (data), "VNC") == 0;
}

/* The list follows libvirt's events: defined, undefined, started, stopped. */
static void
test_list_follows_events (void)
{
  OrielWindow *window = window_with_open_connection ();
  PresenceQuery query = { oriel_window_get_connection (window), "oriel-e2e-listed", TRUE };
  OrielDomain *vnc = oriel_connection_find_domain (query.connection, "oriel-lab-vnc");

  g_assert_nonnull (vnc);
  g_assert_null (oriel_connection_find_domain (query.connection, "oriel-e2e-listed"));
  define_temp_domain ("oriel-e2e-listed", "");
  g_assert_true (e2e_wait_until (domain_presence_is, &query, 10000));
  undefine_temp_domain ("oriel-e2e-listed");
  query.present = FALSE;
  g_assert_true (e2e_wait_until (domain_presence_is, &query, 10000));

  g_assert_cmpint (oriel_domain_get_state (vnc), ==, ORIEL_DOMAIN_STATE_RUNNING);
  /* a row in sight reads its displays (the list asks only for those) */
  g_assert_true (e2e_wait_until (shows_vnc, vnc, 10000));
  close_window (window);
}

static void
test_no_graphics (void)
{
  OrielWindow *window;
  OrielConsoleTab *tab;

  define_temp_domain ("oriel-e2e-headless", "<serial type='pty'/>");
  window = window_with_open_connection ();
  oriel_window_open_console (window, oriel_connection_find_domain (
                                       oriel_window_get_connection (window), "oriel-e2e-headless"));
  tab = e2e_wait_for_tab (window, "oriel-e2e-headless");
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_NO_DISPLAY, 10000));
  g_assert_nonnull (strstr (oriel_console_tab_get_message (tab), "no graphical display"));
  close_window (window);
  undefine_temp_domain ("oriel-e2e-headless");
}

/* Several displays: Oriel asks which; the answer decides the tab's device. */
static void
test_several_graphics (void)
{
  OrielWindow *window;
  OrielConsoleTab *tab;
  GtkWindow *dialog;

  define_temp_domain ("oriel-e2e-twin",
                      "<graphics type='spice' autoport='yes' listen='127.0.0.1'/>"
                      "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>");
  window = window_with_open_connection ();
  oriel_window_open_console (window, oriel_connection_find_domain (
                                       oriel_window_get_connection (window), "oriel-e2e-twin"));
  dialog = e2e_wait_for_window (GTK_TYPE_MESSAGE_DIALOG, 10000);
  g_assert_nonnull (dialog);
  /* buttons: Cancel, the SPICE display (index 0), the VNC display (index 1) */
  g_assert_nonnull (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), 0));
  g_assert_nonnull (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), 1));
  gtk_dialog_response (GTK_DIALOG (dialog), 1);

  tab = e2e_wait_for_tab (window, "oriel-e2e-twin");
  g_assert_cmpint (oriel_console_tab_get_graphics_index (tab), ==, 1);
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_SHUT_OFF, 10000));
  close_window (window);
  undefine_temp_domain ("oriel-e2e-twin");
}

typedef struct
{
  const char *domain;
  GdkPixbuf *reference;
  gboolean want_same;
} ServerQuery;

static gboolean
server_frame_is (gpointer data)
{
  ServerQuery *query = data;
  g_autoptr (GdkPixbuf) now = e2e_server_screenshot (query->domain);
  double diff = e2e_differing_fraction (query->reference, now, E2E_CHANNEL_TOLERANCE);

  e2e_sleep (200);
  return query->want_same ? diff <= E2E_MAX_DIFF_FRACTION : diff > 0.01;
}

static void
send_combo (OrielConsoleTab *tab, const char *combo)
{
  GActionGroup *group = gtk_widget_get_action_group (GTK_WIDGET (tab), "console");

  g_action_group_activate_action (group, "send-keys", g_variant_new_string (combo));
}

/* Ctrl+Alt+F2 from the Send Key menu switches the guest's Linux console to
 * an empty tty2; Ctrl+Alt+F1 brings the shell back. */
static void
send_keys_switch_vt (const char *domain)
{
  OrielWindow *window;
  OrielConsoleTab *tab;
  g_autoptr (GdkPixbuf) shell = NULL;
  ServerQuery query = { domain, NULL, FALSE };

  ensure_running (domain);
  window = e2e_window_new (app, FALSE, domain);
  tab = e2e_wait_for_tab (window, domain);

  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 20000));
  assert_frame_matches (tab, domain, 20000);
  shell = e2e_server_screenshot (domain);
  query.reference = shell;

  send_combo (tab, "ctrl-alt-f2");
  g_assert_true (e2e_wait_until (server_frame_is, &query, 10000));
  assert_frame_matches (tab, domain, 10000);

  send_combo (tab, "ctrl-alt-f1");
  query.want_same = TRUE;
  g_assert_true (e2e_wait_until (server_frame_is, &query, 10000));
  assert_frame_matches (tab, domain, 10000);
  close_window (window);
}

static void
test_vnc_send_keys (void)
{
  send_keys_switch_vt ("oriel-lab-vnc");
}

static void
test_spice_send_keys (void)
{
  send_keys_switch_vt ("oriel-lab-spice");
}

static int
content_width (OrielConsoleTab *tab)
{
  e2e_sleep (300);
  return gtk_widget_get_allocated_width (
    oriel_display_get_content (oriel_console_tab_get_display (tab)));
}

static void
test_zoom (void)
{
  OrielWindow *window;
  OrielConsoleTab *tab;
  int width;

  ensure_running ("oriel-lab-vnc");
  window = e2e_window_new (app, FALSE, "oriel-lab-vnc");
  tab = e2e_wait_for_tab (window, "oriel-lab-vnc");
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 20000));
  oriel_display_get_desktop_size (oriel_console_tab_get_display (tab), &width, NULL);
  g_assert_cmpint (content_width (tab), ==, width);

  g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-out", NULL);
  g_assert_cmpint (content_width (tab), ==, width * 80 / 100);
  g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-reset", NULL);
  g_assert_cmpint (content_width (tab), ==, width);
  /* the guest's own pixels again */
  assert_frame_matches (tab, "oriel-lab-vnc", 10000);
  close_window (window);
}

static gboolean
window_has_error (gpointer data)
{
  return oriel_window_get_error (data) != NULL;
}

static void
test_unknown_domain (void)
{
  OrielWindow *window = e2e_window_new (app, FALSE, "no-such-domain-here");

  g_assert_true (e2e_wait_until (window_has_error, window, 20000));
  g_assert_nonnull (strstr (oriel_window_get_error (window), "no-such-domain-here"));
  g_assert_nonnull (strstr (oriel_window_get_error (window), "virsh list"));
  close_window (window);
}

static void
test_bad_uri (void)
{
  OrielWindow *window = oriel_window_new (app, "qemu+unix:///system?socket=/nonexistent/sock",
                                          FALSE, NULL);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (e2e_wait_until (window_has_error, window, 20000));
  g_test_message ("%s", oriel_window_get_error (window));
  g_assert_nonnull (strstr (oriel_window_get_error (window), "Could not connect to"));
  close_window (window);
}

static gboolean
log_has (GByteArray *log, const char *line)
{
  g_autofree char *text = g_strndup ((const char *) log->data, log->len);

  return text != NULL && strstr (text, line) != NULL;
}

static gboolean
log_has_kb_ok (gpointer data)
{
  GByteArray *log = data;

  /* the command's output line, not the shell's echo of it (that is on tty1) */
  return log_has (log, "\nkb-only-ok")
         || (log->len > 0 && g_str_has_prefix ((const char *) log->data, "kb-only-ok"));
}

/* Keys as a person types them: XTEST events from the X server to the
 * window that has the X input focus. */
static void
xdotool (const char *a, const char *b, const char *c)
{
  const char *argv[] = { "xdotool", a, b, c, NULL };

  e2e_run_looping (argv);
  e2e_sleep (300);
}

/* The keyboard alone: Ctrl+Shift+T from the text console back to the
 * display puts the keyboard there, typing reaches the guest's shell, and
 * the release keys take the focus out of the display again (every Tab
 * would go to the guest). */
static void
test_keyboard_only (void)
{
  OrielWindow *window;
  OrielConsoleTab *tab;
  OrielSerialView *serial;
  GtkWidget *content;
  GByteArray *log;
  g_autofree char *xid = NULL;

  ensure_running ("oriel-lab-spice");
  window = e2e_window_new (app, FALSE, "oriel-lab-spice");
  tab = e2e_wait_for_tab (window, "oriel-lab-spice");
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 20000));
  serial = e2e_attach_serial (tab, 20000);
  g_assert_nonnull (serial);
  log = e2e_serial_capture (serial);
  content = oriel_display_get_content (oriel_console_tab_get_display (tab));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_window_get_xid (gtk_widget_get_window (GTK_WIDGET (window))));
  xdotool ("windowfocus", "--sync", xid);

  /* the shortcut goes between the display and the text console; one of
   * its two presses lands on the display, and the keyboard with it */
  xdotool ("key", "ctrl+shift+t", NULL);
  if (!gtk_widget_is_focus (content))
    xdotool ("key", "ctrl+shift+t", NULL);
  g_assert_true (gtk_widget_is_focus (content));
  xdotool ("type", "--delay=60", "echo kb-only-ok > /dev/ttyS0");
  xdotool ("key", "Return", NULL);
  if (!e2e_wait_until (log_has_kb_ok, log, 15000))
    g_error ("typing into the display did not reach the guest; the serial console got: %.*s",
             (int) log->len, (const char *) log->data);

  /* Ctrl+Alt gives back a grab (the display took one, the pointer being
   * over it); Ctrl+Alt again, with nothing grabbed, leaves the display */
  if (oriel_display_get_grabbed (oriel_console_tab_get_display (tab)))
    {
      xdotool ("key", "ctrl+alt", NULL);
      g_assert_false (oriel_display_get_grabbed (oriel_console_tab_get_display (tab)));
      g_assert_true (gtk_widget_is_focus (content));
    }
  xdotool ("key", "ctrl+alt", NULL);
  g_assert_false (gtk_widget_is_focus (content));
  g_assert_nonnull (gtk_window_get_focus (GTK_WINDOW (window)));

  e2e_serial_capture_stop (serial, log);
  close_window (window);
  /* the X server's keyboard focus back to where it was (the pointer's
   * window): the tests after this one share the server */
  XSetInputFocus (GDK_DISPLAY_XDISPLAY (gdk_display_get_default ()), PointerRoot,
                  RevertToPointerRoot, CurrentTime);
  gdk_display_sync (gdk_display_get_default ());
}

int
main (int argc, char *argv[])
{
  app = e2e_init (&argc, &argv);

  g_test_add_func ("/e2e/console/vnc-frame", test_vnc_frame);
  g_test_add_func ("/e2e/console/spice-frame", test_spice_frame);
  g_test_add_func ("/e2e/console/vnc-stop-start", test_vnc_stop_start);
  g_test_add_func ("/e2e/console/spice-stop-start", test_spice_stop_start);
  g_test_add_func ("/e2e/console/vnc-password", test_vnc_password);
  g_test_add_func ("/e2e/console/spice-password", test_spice_password);
  g_test_add_func ("/e2e/console/password-cancel", test_password_cancel);
  g_test_add_func ("/e2e/console/vnc-send-keys", test_vnc_send_keys);
  g_test_add_func ("/e2e/console/spice-send-keys", test_spice_send_keys);
  g_test_add_func ("/e2e/console/zoom", test_zoom);
  g_test_add_func ("/e2e/console/keyboard-only", test_keyboard_only);
  g_test_add_func ("/e2e/window/list-follows-events", test_list_follows_events);
  g_test_add_func ("/e2e/window/no-graphics", test_no_graphics);
  g_test_add_func ("/e2e/window/several-graphics", test_several_graphics);
  g_test_add_func ("/e2e/window/unknown-domain", test_unknown_domain);
  g_test_add_func ("/e2e/window/bad-uri", test_bad_uri);
  return g_test_run ();
}
