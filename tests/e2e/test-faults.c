#include "config.h"

#include <string.h>

#include "e2e-util.h"
#include "oriel-application.h"
#include "oriel-serial-view.h"

/* End-to-end faults with real processes: the server side goes away under
 * an open console. Each case: a clear message, no crash, the main loop
 * never stalled past E2E_MAX_STALL_MS, and everything back by itself. */

#define DOMAIN "oriel-lab-spice"

static OrielApplication *app;

typedef struct
{
  OrielWindow *window;
  OrielConsoleTab *tab;
  OrielSerialView *serial;
} Consoles;

/* The graphical console, and the serial one attached too. */
static void
open_both (Consoles *c)
{
  c->window = e2e_window_new (app, FALSE, DOMAIN);
  c->tab = e2e_wait_for_tab (c->window, DOMAIN);
  g_assert_true (e2e_wait_for_frame_match (c->tab, DOMAIN, 20000, NULL));
  c->serial = e2e_attach_serial (c->tab, 20000);
  g_assert_nonnull (c->serial);
}

static gboolean
window_lost_link (gpointer data)
{
  return ((GString *) data)->len > 0;
}

typedef struct
{
  Consoles *c;
  OrielDisplay *display;
} Back;

static gboolean
all_back (gpointer data)
{
  Consoles *c = data;

  return oriel_window_get_error (c->window) == NULL
         && oriel_console_tab_get_state (c->tab) == ORIEL_CONSOLE_TAB_CONNECTED
         && oriel_serial_view_get_state (c->serial) == ORIEL_SERIAL_VIEW_CONNECTED;
}

/* What the tab said while it was not connected. */
static void
tab_state_cb (OrielConsoleTab *tab, GParamSpec *pspec, GString *said)
{
  if (oriel_console_tab_get_state (tab) == ORIEL_CONSOLE_TAB_DISCONNECTED && said->len == 0)
    g_string_append (said, oriel_console_tab_get_message (tab));
}

/* libvirtd restarted under open consoles (the guest keeps running). */
static void
test_libvirtd_restart (void)
{
  Consoles c = { 0 };
  g_autoptr (GString) said = g_string_new (NULL);

  e2e_lab ("start " DOMAIN);
  open_both (&c);
  g_signal_connect (c.tab, "notify::state", G_CALLBACK (tab_state_cb), said);

  e2e_stall_reset ();
  e2e_run_looping ((const char *[]) { "bash", g_getenv ("ORIEL_LAB_SH"), "restart-daemon", NULL });
  /* The tab said the link to libvirt went, then everything came back. */
  g_assert_true (e2e_wait_until (window_lost_link, said, 10000));
  g_test_message ("the tab said: %s", said->str);
  g_assert_nonnull (strstr (said->str, "connection to qemu:///system was lost"));
  if (!e2e_wait_until (all_back, &c, 30000))
    g_error ("not back: window “%s”, console %d (%s), serial %d (%s)",
             oriel_window_get_error (c.window), oriel_console_tab_get_state (c.tab),
             oriel_console_tab_get_message (c.tab), oriel_serial_view_get_state (c.serial),
             oriel_serial_view_get_message (c.serial));
  g_assert_true (e2e_wait_for_frame_match (c.tab, DOMAIN, 20000, NULL));
  g_test_message ("longest main loop stall: %.1f ms", e2e_stall_longest_ms ());
  g_assert_cmpfloat (e2e_stall_longest_ms (), <, E2E_MAX_STALL_MS);
  g_signal_handlers_disconnect_by_data (c.tab, said);
  gtk_widget_destroy (GTK_WIDGET (c.window));
  e2e_sleep (200);
}

int
main (int argc, char **argv)
{
  app = e2e_init (&argc, &argv);
  g_test_add_func ("/e2e/faults/libvirtd-restart", test_libvirtd_restart);
  return g_test_run ();
}
