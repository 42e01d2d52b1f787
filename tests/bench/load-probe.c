/* Load: several lab guests, each with its graphical and serial console
 * open in one Oriel window, all screens changing at once (a shell loop on
 * each guest's serial console writes to its screen). Measures the main
 * loop's longest stall over the run. Run through tests/bench/load.sh.
 *
 *   load-probe SECONDS DOMAIN... */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../e2e/e2e-util.h"
#include "oriel-application.h"
#include "oriel-display-vte.h"
#include "oriel-serial-view.h"

typedef struct
{
  const char *name;
  OrielConsoleTab *tab;
  OrielSerialView *serial;
  GdkPixbuf *first;
} Guest;

static void
type_line (Guest *g, const char *line)
{
  VteTerminal *terminal = oriel_display_vte_get_terminal (oriel_serial_view_get_display (g->serial));

  vte_terminal_feed_child (terminal, line, strlen (line));
}

static GdkPixbuf *
frame (Guest *g)
{
  OrielDisplay *display = oriel_console_tab_get_display (g->tab);

  return display ? oriel_display_get_pixbuf (display) : NULL;
}

int
main (int argc, char **argv)
{
  OrielApplication *app = e2e_init (&argc, &argv);
  g_autofree Guest *guests = NULL;
  OrielWindow *window;
  guint seconds, n;

  if (argc < 3)
    g_error ("usage: load-probe SECONDS DOMAIN...");
  setvbuf (stdout, NULL, _IOLBF, 0);
  seconds = atoi (argv[1]);
  n = argc - 2;
  guests = g_new0 (Guest, n);

  window = e2e_window_new (app, FALSE, argv[2]);
  for (guint i = 0; i < n; i++)
    {
      Guest *g = &guests[i];

      g->name = argv[i + 2];
      if (i > 0)
        oriel_window_open_console (window, oriel_connection_find_domain (
                                             oriel_window_get_connection (window), g->name));
      g->tab = e2e_wait_for_tab (window, g->name);
      if (!e2e_wait_for_tab_state (g->tab, ORIEL_CONSOLE_TAB_CONNECTED, 30000))
        g_error ("%s: no console", g->name);
      g->serial = e2e_attach_serial (g->tab, 20000);
      if (g->serial == NULL)
        g_error ("%s: no serial console, or it did not attach", g->name);
      /* The guest's screen changes all the time from now on. */
      type_line (g, "\nwhile :; do date; cat /proc/uptime; done >/dev/tty1 2>&1 &\n");
    }
  e2e_sleep (2000);
  for (guint i = 0; i < n; i++)
    guests[i].first = frame (&guests[i]);

  e2e_stall_reset ();
  e2e_sleep (seconds * 1000);
  g_print ("stall_ms %.1f guests %u seconds %u\n", e2e_stall_longest_ms (), n, seconds);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GdkPixbuf) last = frame (&guests[i]);
      gboolean changed = guests[i].first && last
                         && e2e_differing_fraction (guests[i].first, last, 0) > 0;

      g_print ("guest %s updating %s\n", guests[i].name, changed ? "yes" : "no");
      type_line (&guests[i], "kill %1\n");
      g_clear_object (&guests[i].first);
    }
  e2e_sleep (500);
  gtk_widget_destroy (GTK_WIDGET (window));
  return 0;
}
