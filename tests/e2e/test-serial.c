#include "config.h"

#include "e2e-util.h"
#include "oriel-application.h"
#include "oriel-serial-view.h"

/* End-to-end: the lab guests' serial shells through libvirt's console
 * stream into Oriel's terminal. */

static OrielApplication *app;

typedef struct
{
  OrielWindow *window;
  OrielConsoleTab *tab;
  OrielSerialView *view;
  GByteArray *received;         /* every byte the terminal was fed */
} Console;

static gboolean
has_view (gpointer data)
{
  Console *console = data;
  g_autoptr (GList) views = oriel_console_tab_get_text_views (console->tab);

  console->view = views ? views->data : NULL;
  return console->view != NULL;
}

typedef struct
{
  OrielSerialView *view;
  OrielSerialViewState state;
} StateQuery;

static gboolean
view_in_state (gpointer data)
{
  StateQuery *query = data;

  return oriel_serial_view_get_state (query->view) == query->state;
}

static void
wait_state (OrielSerialView *view, OrielSerialViewState state, guint timeout_ms)
{
  StateQuery query = { view, state };

  if (!e2e_wait_until (view_in_state, &query, timeout_ms))
    g_error ("%s is in state %d (%s), not %d", oriel_serial_view_get_title (view),
             oriel_serial_view_get_state (view), oriel_serial_view_get_message (view), state);
}

static void
open_serial (Console *console, const char *domain, OrielSerialViewState expect)
{
  g_autofree char *start = g_strdup_printf ("start %s", domain);

  e2e_lab (start);
  console->window = oriel_window_new (app, LAB_URI, FALSE, domain);
  oriel_window_set_text_first (console->window, TRUE);
  gtk_window_present (GTK_WINDOW (console->window));
  console->tab = e2e_wait_for_tab (console->window, domain);
  g_assert_true (e2e_wait_until (has_view, console, 20000));
  g_assert_cmpstr (oriel_serial_view_get_title (console->view), ==, "Serial 0");
  console->received = e2e_serial_capture (console->view);
  wait_state (console->view, expect, 20000);
}

static void
close_console (Console *console)
{
  e2e_serial_capture_stop (console->view, console->received);
  gtk_widget_destroy (GTK_WIDGET (console->window));
  e2e_sleep (200);
}

/* Types as a person would: through the terminal's own input path. */
static void
type (Console *console, const char *text)
{
  VteTerminal *terminal = oriel_display_vte_get_terminal (oriel_serial_view_get_display (console->view));

  vte_terminal_feed_child (terminal, text, -1);
}

typedef struct
{
  Console *console;
  const char *needle;
  guint at_least;
} TextQuery;

static guint
count (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static gboolean
terminal_shows (gpointer data)
{
  TextQuery *query = data;
  g_autofree char *text = oriel_display_vte_get_text (
    oriel_serial_view_get_display (query->console->view));

  return count (text, query->needle) >= query->at_least;
}

static void
wait_text (Console *console, const char *needle, guint at_least, guint timeout_ms)
{
  TextQuery query = { console, needle, at_least };

  if (!e2e_wait_until (terminal_shows, &query, timeout_ms))
    {
      g_autofree char *text = oriel_display_vte_get_text (oriel_serial_view_get_display (console->view));
      g_error ("the terminal does not show “%s” (x%u); it shows:\n%s", needle, at_least, text);
    }
}

static void
test_echo (void)
{
  Console console = { 0 };
  VteTerminal *terminal;

  open_serial (&console, "oriel-lab-vnc", ORIEL_SERIAL_VIEW_CONNECTED);
  /* the scrollback comes from the setting, 10,000 lines unless changed */
  terminal = oriel_display_vte_get_terminal (oriel_serial_view_get_display (console.view));
  g_assert_cmpint (vte_terminal_get_scrollback_lines (terminal), ==, 10000);
  {
    g_autoptr (GSettings) settings = g_settings_new ("io.github.oriel.Oriel");

    g_settings_set_int (settings, "serial-scrollback-lines", 2500);
    g_assert_cmpint (vte_terminal_get_scrollback_lines (terminal), ==, 2500);
    g_settings_reset (settings, "serial-scrollback-lines");
  }
  type (&console, "echo $((6*7))-ok\r");
  wait_text (&console, "42-ok", 1, 10000);
  close_console (&console);
}

typedef struct
{
  Console *console;
  const char *marker;
} BytesQuery;

static gboolean
received_has (gpointer data)
{
  BytesQuery *query = data;

  if (query->console->received->len == 0)
    return FALSE;
  return g_strstr_len ((const char *) query->console->received->data,
                       query->console->received->len, query->marker) != NULL;
}

/* 192 KiB of random data, base64 (256 KiB on the line), and its checksum
 * computed by the guest: the terminal got every byte, in order. */
static void
test_bulk_checksum (void)
{
  Console console = { 0 };
  BytesQuery query = { &console, "  /d\n" };
  const char *data, *start, *end, *sum;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;

  open_serial (&console, "oriel-lab-vnc", ORIEL_SERIAL_VIEW_CONNECTED);
  /* no output processing (\n stays \n); markers split so the typed
   * command line itself does not contain them */
  type (&console, "busybox stty -opost; busybox head -c 196608 /dev/urandom | busybox base64 > /d;"
                  " echo MARK-\"S\"; busybox cat /d; echo MARK-\"E\"; busybox sha256sum /d;"
                  " busybox stty opost\r");
  g_assert_true (e2e_wait_until (received_has, &query, 60000));

  data = (const char *) console.received->data;
  start = g_strstr_len (data, console.received->len, "MARK-S\n");
  g_assert_nonnull (start);
  start += strlen ("MARK-S\n");
  end = g_strstr_len (start, console.received->len - (start - data), "MARK-E\n");
  g_assert_nonnull (end);
  sum = end + strlen ("MARK-E\n");
  theirs = g_strndup (sum, 64);
  mine = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) start, end - start);
  g_test_message ("%zd bytes through the console; sha256 %s", end - start, mine);
  g_assert_cmpint (end - start, >=, 256 * 1024);
  g_assert_cmpstr (mine, ==, theirs);
  close_console (&console);
}

static void
test_restart (void)
{
  Console console = { 0 };

  open_serial (&console, "oriel-lab-spice", ORIEL_SERIAL_VIEW_CONNECTED);
  e2e_virsh ("destroy oriel-lab-spice");
  wait_state (console.view, ORIEL_SERIAL_VIEW_SHUT_OFF, 15000);
  g_assert_nonnull (strstr (oriel_serial_view_get_message (console.view), "not running"));
  e2e_virsh ("start oriel-lab-spice");
  wait_state (console.view, ORIEL_SERIAL_VIEW_CONNECTED, 20000);
  /* the new boot, from its start: the kernel's line and the guest's marker */
  wait_text (&console, "ORIEL-LAB-READY", 1, 60000);
  /* the new shell asks the terminal where its cursor is (ESC[6n); typing
   * before the answer went back puts the answer in the middle of the line */
  wait_text (&console, "/ # ", 1, 20000);
  e2e_sleep (500);
  type (&console, "echo $((6*7))-ok\r");
  wait_text (&console, "42-ok", 1, 10000);
  close_console (&console);
}

/* virsh console holds it: Oriel says so, and takes over after asking. */
static void
test_take_over (void)
{
  const char *argv[] = { "script", "-qfc", "virsh -c " LAB_URI " console oriel-lab-vnc",
                         "/dev/null", NULL };
  g_autoptr (GSubprocess) holder = NULL;
  g_autoptr (GError) error = NULL;
  Console console = { 0 };
  GtkWindow *dialog;
  GActionGroup *actions;

  e2e_lab ("start oriel-lab-vnc");
  /* stdin stays open (a pipe), so virsh keeps the console */
  holder = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                              &error);
  g_assert_no_error (error);
  e2e_sleep (1500);

  open_serial (&console, "oriel-lab-vnc", ORIEL_SERIAL_VIEW_BUSY);
  g_test_message ("%s", oriel_serial_view_get_message (console.view));
  g_assert_nonnull (strstr (oriel_serial_view_get_message (console.view), "Take it over"));

  actions = gtk_widget_get_action_group (GTK_WIDGET (console.view), "serial");
  g_action_group_activate_action (actions, "take-over", NULL);
  dialog = e2e_wait_for_window (GTK_TYPE_MESSAGE_DIALOG, 5000);
  g_assert_nonnull (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

  wait_state (console.view, ORIEL_SERIAL_VIEW_CONNECTED, 20000);
  type (&console, "echo $((6*7))-ok\r");
  wait_text (&console, "42-ok", 1, 10000);
  close_console (&console);
  g_subprocess_force_exit (holder);
}

static gboolean
has_display (gpointer data)
{
  return oriel_console_tab_get_display (data) != NULL;
}

static gboolean
display_realized (gpointer data)
{
  OrielDisplay *display = oriel_console_tab_get_display (data);

  return display != NULL && gtk_widget_get_realized (oriel_display_get_content (display));
}

/* The VNC display arrives before its window is shown, and then stays on the
 * notebook page behind the serial console: gtk-vnc still draws every update
 * into it, so it must be realized (or every update is a critical). */
static void
test_hidden_display (void)
{
  OrielWindow *window;
  OrielConsoleTab *tab;

  e2e_lab ("start oriel-lab-vnc");
  window = oriel_window_new (app, LAB_URI, FALSE, "oriel-lab-vnc");
  oriel_window_set_text_first (window, TRUE);
  tab = e2e_wait_for_tab (window, "oriel-lab-vnc");
  g_assert_true (e2e_wait_until (has_display, tab, 20000));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (e2e_wait_until (display_realized, tab, 5000));
  /* the guest keeps drawing (its console's cursor blinks) */
  e2e_sleep (1500);
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (200);
}

int
main (int argc, char *argv[])
{
  app = e2e_init (&argc, &argv);

  g_test_add_func ("/e2e/serial/echo", test_echo);
  g_test_add_func ("/e2e/serial/bulk-checksum", test_bulk_checksum);
  g_test_add_func ("/e2e/serial/restart", test_restart);
  g_test_add_func ("/e2e/serial/take-over", test_take_over);
  g_test_add_func ("/e2e/serial/hidden-display", test_hidden_display);
  return g_test_run ();
}
