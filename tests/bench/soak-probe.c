/* Soak: one lab guest stopped and started again and again under an open
 * Oriel window with its graphical and serial consoles. Per cycle: how long
 * after the guest started both consoles were back, and the process's RSS,
 * fds, threads and zombie children. Run through tests/bench/soak.sh.
 *
 *   soak-probe DOMAIN CYCLES */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../e2e/e2e-util.h"
#include "oriel-application.h"
#include "oriel-serial-view.h"

typedef struct
{
  OrielConsoleTab *tab;
  OrielSerialView *serial;
} Consoles;

static guint
count_entries (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d && g_dir_read_name (d))
    n++;
  return n;
}

static guint
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
  line = status ? strstr (status, "VmRSS:") : NULL;
  return line ? (guint) g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

/* Children of this process that ended and were never reaped. */
static guint
zombies (void)
{
  g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autofree char *me = g_strdup_printf ("%d", getpid ());
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_strconcat ("/proc/", name, "/stat", NULL);
      g_autofree char *stat = NULL;
      g_auto (GStrv) fields = NULL;
      const char *paren;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      paren = strrchr (stat, ')');
      fields = paren ? g_strsplit (paren + 2, " ", 3) : NULL;
      if (fields && fields[0] && fields[1] && g_str_equal (fields[0], "Z")
          && g_str_equal (fields[1], me))
        n++;
    }
  return n;
}

static gboolean
both_back (gpointer data)
{
  Consoles *c = data;
  OrielDisplay *display = oriel_console_tab_get_display (c->tab);

  return oriel_console_tab_get_state (c->tab) == ORIEL_CONSOLE_TAB_CONNECTED
         && display != NULL && oriel_display_get_ready (display)
         && oriel_serial_view_get_state (c->serial) == ORIEL_SERIAL_VIEW_CONNECTED;
}

static gboolean
both_off (gpointer data)
{
  Consoles *c = data;

  return oriel_console_tab_get_state (c->tab) == ORIEL_CONSOLE_TAB_SHUT_OFF
         && oriel_serial_view_get_state (c->serial) != ORIEL_SERIAL_VIEW_CONNECTED;
}

int
main (int argc, char **argv)
{
  OrielApplication *app = e2e_init (&argc, &argv);
  const char *domain;
  guint cycles;
  Consoles c = { 0 };
  OrielWindow *window;
  g_autofree char *destroy = NULL;
  g_autofree char *start = NULL;

  if (argc != 3)
    g_error ("usage: soak-probe DOMAIN CYCLES");
  setvbuf (stdout, NULL, _IOLBF, 0);      /* a line per cycle, as it happens */
  domain = argv[1];
  cycles = atoi (argv[2]);
  destroy = g_strdup_printf ("destroy %s", domain);
  start = g_strdup_printf ("start %s", domain);

  window = e2e_window_new (app, FALSE, domain);
  c.tab = e2e_wait_for_tab (window, domain);
  if (!e2e_wait_for_frame_match (c.tab, domain, 30000, NULL))
    g_error ("the console never showed the guest");
  c.serial = e2e_attach_serial (c.tab, 20000);
  if (c.serial == NULL)
    g_error ("no serial console, or it did not attach");

  for (guint i = 0; i <= cycles; i++)
    {
      gint64 started;
      double back;

      e2e_virsh (destroy);
      if (!e2e_wait_until (both_off, &c, 20000))
        g_error ("cycle %u: the consoles did not see the guest stop", i);
      e2e_virsh (start);
      started = g_get_monotonic_time ();
      e2e_stall_reset ();
      if (!e2e_wait_until (both_back, &c, 30000))
        g_error ("cycle %u: not back (console: %s; serial: %s)", i,
                 oriel_console_tab_get_message (c.tab), oriel_serial_view_get_message (c.serial));
      back = (g_get_monotonic_time () - started) / 1e6;
      /* Let the guest boot (its console is live meanwhile), as a person
       * would between restarts; GLib's idle worker threads settle too. */
      e2e_run_looping ((const char *[]) { "bash", g_getenv ("ORIEL_LAB_SH"), "wait-ready",
                                          domain, NULL });
      e2e_sleep (1000);
      /* cycle 0 is the warm-up: caches and threads that stay */
      g_print ("cycle %u reattach_s %.3f rss_kib %u fds %u threads %u zombies %u stall_ms %.1f\n",
               i, back, rss_kib (), count_entries ("/proc/self/fd"),
               count_entries ("/proc/self/task"), zombies (), e2e_stall_longest_ms ());
    }
  gtk_widget_destroy (GTK_WIDGET (window));
  return 0;
}
