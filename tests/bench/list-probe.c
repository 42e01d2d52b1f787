/* The domain list at scale, in a real Oriel window: how long from opening
 * a connection to its whole list drawn, how long from a keystroke in the
 * filter to the list drawn again, the main loop's longest stall while the
 * list loads, and the process's resident memory with the list shown. Run
 * through tests/bench/list.sh.
 *
 *   list-probe URI EXPECTED [--listing-only]
 *       EXPECTED domains (0 for an empty host); --listing-only lists them
 *       with the window never shown (no row drawn, so no row's details
 *       read) and quits: what listing alone asks of libvirt
 *   list-probe --write-node N FILE
 * LIST_PROBE_THUMBNAILS=never|local|always sets the thumbnails setting. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../e2e/e2e-util.h"
#include "oriel-application.h"
#include "oriel-domain-list.h"
#include "oriel-domain-list-fixture.h"

static gint64 last_tick;
static double longest_stall_ms;
static gboolean measuring_stall;

/* A 5 ms timer that measures its own lateness: the main loop's stalls. */
static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  double late = (now - last_tick) / 1000.0 - 5.0;

  if (measuring_stall && late > longest_stall_ms)
    longest_stall_ms = late;
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static gint64 painted_at;
static gint64 linked_at;

static void
linked_cb (GObject *connection, GParamSpec *pspec, gpointer data)
{
  gboolean linked = FALSE;

  g_object_get (connection, "linked", &linked, NULL);
  if (linked && linked_at == 0)
    linked_at = g_get_monotonic_time ();
}

static void
watch_link (OrielWindow *window)
{
  static OrielConnection *watched;
  OrielConnection *connection = oriel_window_get_connection (window);

  if (connection != NULL && connection != watched)
    {
      watched = connection;
      g_signal_connect (connection, "notify::linked", G_CALLBACK (linked_cb), NULL);
    }
}

static void
after_paint_cb (GdkFrameClock *clock, gpointer data)
{
  painted_at = g_get_monotonic_time ();
}

/* Waits for the next frame drawn after @since. */
static void
wait_for_paint (gint64 since)
{
  while (painted_at <= since)
    g_main_context_iteration (NULL, TRUE);
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
  OrielApplication *app;
  OrielWindow *window;
  OrielDomainList *list;
  OrielDomainFilter *filter;
  GdkFrameClock *clock;
  guint expected;
  gint64 start, shown;
  static const char *const keys[] = { "v", "vm", "vm-", "vm-0", "vm-01", "vm-012", "vm-0123",
                                      "vm-012", "vm-01", "vm-0", "vm-", "vm", "v", "" };
  GArray *times = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *work = g_array_new (FALSE, FALSE, sizeof (double));

  if (argc == 4 && g_str_equal (argv[1], "--write-node"))
    {
      oriel_fixture_write_node (argv[3], (guint) atoi (argv[2]));
      return 0;
    }
  app = e2e_init (&argc, &argv);
  if (argc != 3 && !(argc == 4 && g_str_equal (argv[3], "--listing-only")))
    g_error ("usage: list-probe URI EXPECTED [--listing-only]");
  expected = (guint) atoi (argv[2]);
  if (g_getenv ("LIST_PROBE_THUMBNAILS") != NULL)
    {
      g_autoptr (GSettings) settings = g_settings_new ("io.github.oriel.Oriel");

      g_settings_set_string (settings, "thumbnails", g_getenv ("LIST_PROBE_THUMBNAILS"));
    }
  if (argc == 4)
    {
      window = oriel_window_new (app, argv[1], FALSE, NULL);
      filter = oriel_domain_list_get_filter (oriel_window_get_domain_list (window));
      while (oriel_window_get_connection (window) == NULL
             || !oriel_connection_is_open (oriel_window_get_connection (window))
             || g_list_model_get_n_items (G_LIST_MODEL (filter)) < expected)
        g_main_context_iteration (NULL, TRUE);
      printf ("domains %u\n", g_list_model_get_n_items (G_LIST_MODEL (filter)));
      gtk_widget_destroy (GTK_WIDGET (window));
      return 0;
    }

  last_tick = g_get_monotonic_time ();
  g_timeout_add (5, tick_cb, NULL);
  start = g_get_monotonic_time ();
  measuring_stall = TRUE;
  window = oriel_window_new (app, argv[1], FALSE, NULL);
  list = oriel_window_get_domain_list (window);
  filter = oriel_domain_list_get_filter (list);
  gtk_window_present (GTK_WINDOW (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);

  while (oriel_window_get_connection (window) == NULL
         || !oriel_connection_is_open (oriel_window_get_connection (window))
         || g_list_model_get_n_items (G_LIST_MODEL (filter)) < expected)
    {
      watch_link (window);
      g_main_context_iteration (NULL, TRUE);
    }
  wait_for_paint (g_get_monotonic_time ());
  shown = painted_at;
  e2e_sleep (1000);   /* the rows in sight read their details meanwhile */
  measuring_stall = FALSE;
  /* from the window's start (libvirt's open included: the test driver
   * parses its whole node file then), and from libvirt's answer */
  printf ("shown_ms %.1f\n", (shown - start) / 1000.0);
  printf ("listed_ms %.1f\n", linked_at ? (shown - linked_at) / 1000.0 : -1.0);
  printf ("stall_ms %.1f\n", longest_stall_ms);
  printf ("rss_kb %ld\n", rss_kb ());
  printf ("domains %u\n", g_list_model_get_n_items (G_LIST_MODEL (filter)));

  if (expected > 0)
    {
      GtkEntry *entry = oriel_domain_list_get_entry (list);

      for (guint round = 0; round < 3; round++)
        for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
          {
            gint64 before = g_get_monotonic_time ();
            double ms;

            gtk_entry_set_text (entry, keys[i]);   /* "changed", as a keystroke */
            /* the list's own work: filtered, sorted, the view rebuilt */
            ms = (g_get_monotonic_time () - before) / 1000.0;
            g_array_append_val (work, ms);
            /* and on screen: the next frame (the frame clock's own pace too) */
            wait_for_paint (before);
            ms = (painted_at - before) / 1000.0;
            g_array_append_val (times, ms);
            e2e_sleep (50);
          }
      g_array_sort (times, compare_doubles);
      g_array_sort (work, compare_doubles);
      printf ("filter_ms median %.1f max %.1f n %u\n",
              g_array_index (work, double, work->len / 2),
              g_array_index (work, double, work->len - 1), work->len);
      printf ("filter_drawn_ms median %.1f max %.1f n %u\n",
              g_array_index (times, double, times->len / 2),
              g_array_index (times, double, times->len - 1), times->len);
    }
  gtk_widget_destroy (GTK_WIDGET (window));
  g_array_unref (times);
  g_array_unref (work);
  return 0;
}
