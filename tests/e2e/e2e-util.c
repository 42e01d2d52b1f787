#include "config.h"

#include <glib/gstdio.h>

#include "e2e-util.h"
#include "oriel-serial-view.h"

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The main loop's longest stall: a 10 ms tick that should never come late
 * by much. Only time inside e2e_wait_until counts (the tests' own blocking
 * helpers, such as virsh, are not Oriel's). */
static gint64 last_tick;
static gint64 longest_gap;
static gboolean waiting;

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (waiting && last_tick != 0)
    longest_gap = MAX (longest_gap, now - last_tick);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

/* Starts (or restarts) measuring the longest stall of the main loop. */
void
e2e_stall_reset (void)
{
  static guint tick_id;

  if (tick_id == 0)
    tick_id = g_timeout_add_full (G_PRIORITY_HIGH, 10, tick_cb, NULL, NULL);
  longest_gap = 0;
}

/* The longest stall since e2e_stall_reset, in milliseconds, beyond the tick. */
double
e2e_stall_longest_ms (void)
{
  return MAX (0, longest_gap - 10 * 1000) / 1000.0;
}

/* A predicate may block (a virsh screenshot): that is the test's time, not
 * a stall of Oriel's main loop. */
static gboolean
timed_predicate (E2ePredicate predicate, gpointer data)
{
  gint64 start = g_get_monotonic_time ();
  gboolean holds = predicate (data);

  last_tick += g_get_monotonic_time () - start;
  return holds;
}

/* Runs the main loop until @predicate holds or @timeout_ms pass. */
gboolean
e2e_wait_until (E2ePredicate predicate, gpointer data, guint timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &expired);

  waiting = TRUE;
  last_tick = g_get_monotonic_time ();
  while (!timed_predicate (predicate, data))
    {
      if (expired)
        {
          waiting = FALSE;
          return predicate (data);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  waiting = FALSE;
  if (!expired)
    g_source_remove (id);
  return TRUE;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
e2e_sleep (guint ms)
{
  e2e_wait_until (never, NULL, ms);
}

static char *
run (const char *command)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_test_message ("$ %s", command);
  if (!g_spawn_command_line_sync (command, &out, &err, &status, &error))
    g_error ("%s: %s", command, error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s%s", command, out, err);
  return g_steal_pointer (&out);
}

void
e2e_virsh (const char *args)
{
  g_autofree char *command = g_strdup_printf ("virsh -q -c " LAB_URI " %s", args);
  g_free (run (command));
}

/* virsh's answer, without the trailing blank lines */
char *
e2e_virsh_output (const char *args)
{
  g_autofree char *command = g_strdup_printf ("virsh -q -c " LAB_URI " %s", args);

  return g_strstrip (run (command));
}

void
e2e_lab_command (const char *command)
{
  g_free (run (command));
}

void
e2e_lab (const char *args)
{
  const char *lab = g_getenv ("ORIEL_LAB_SH");
  g_autofree char *command = NULL;

  if (lab == NULL)
    g_error ("ORIEL_LAB_SH is not set; run the e2e suite through meson test");
  command = g_strdup_printf ("bash %s %s", lab, args);
  g_free (run (command));
}

static void
exited_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_assert_true (g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, NULL));
  *(gboolean *) data = TRUE;
}

/* A predicate for e2e_wait_until: the gboolean at @data is TRUE. */
gboolean
e2e_flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Returns: (transfer none) (nullable): the newest visible toplevel of
 * @type, such as a dialog Oriel put up */
GtkWindow *
e2e_find_window (GType type)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      found = l->data;
  return found;
}

typedef struct
{
  GType type;
  GtkWindow *found;
} WindowQuery;

static gboolean
window_shown (gpointer data)
{
  WindowQuery *query = data;

  query->found = e2e_find_window (query->type);
  return query->found != NULL;
}

/* Returns: (transfer none) (nullable): a visible toplevel of @type once
 * there is one, or NULL after @timeout_ms */
GtkWindow *
e2e_wait_for_window (GType type, guint timeout_ms)
{
  WindowQuery query = { type, NULL };

  e2e_wait_until (window_shown, &query, timeout_ms);
  return query.found;
}

/* Runs @argv while the main loop goes on; it must succeed. */
void
e2e_run_looping (const char * const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  gboolean done = FALSE;

  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, exited_cb, &done);
  g_assert_true (e2e_wait_until (e2e_flag_set, &done, 120000));
}

typedef struct
{
  OrielConsoleTab *tab;
  OrielSerialView *view;
} SerialQuery;

static gboolean
serial_listed (gpointer data)
{
  SerialQuery *query = data;
  g_autoptr (GList) views = oriel_console_tab_get_text_views (query->tab);

  query->view = views ? views->data : NULL;
  return query->view != NULL;
}

static gboolean
serial_connected (gpointer data)
{
  return oriel_serial_view_get_state (data) == ORIEL_SERIAL_VIEW_CONNECTED;
}

/* Returns: (transfer none) (nullable): @tab's first text console, attached
 * (its page shown once, as a person would, then the display again), or
 * NULL if it has none or it did not attach within @timeout_ms. */
OrielSerialView *
e2e_attach_serial (OrielConsoleTab *tab, guint timeout_ms)
{
  SerialQuery query = { tab, NULL };

  if (!e2e_wait_until (serial_listed, &query, timeout_ms))
    return NULL;
  oriel_console_tab_toggle_text (tab);
  if (!e2e_wait_until (serial_connected, query.view, timeout_ms))
    query.view = NULL;
  oriel_console_tab_toggle_text (tab);
  return query.view;
}

static void
capture_cb (OrielDisplayVte *display, GBytes *bytes, GByteArray *received)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_byte_array_append (received, data, size);
}

/* Every byte @view's terminal is fed from now on, until _stop(). */
GByteArray *
e2e_serial_capture (OrielSerialView *view)
{
  GByteArray *received = g_byte_array_new ();

  g_signal_connect (oriel_serial_view_get_display (view), "output", G_CALLBACK (capture_cb),
                    received);
  return received;
}

void
e2e_serial_capture_stop (OrielSerialView *view, GByteArray *received)
{
  g_signal_handlers_disconnect_by_data (oriel_serial_view_get_display (view), received);
  g_byte_array_unref (received);
}

/* The server's own framebuffer: what the viewer must show. */
GdkPixbuf *
e2e_server_screenshot (const char *domain)
{
  return e2e_server_screenshot_screen (domain, 0);
}

/* What the server has on the guest's head @screen (virsh screenshot). */
GdkPixbuf *
e2e_server_screenshot_screen (const char *domain, guint screen)
{
  g_autofree char *dir = g_dir_make_tmp ("oriel-e2e-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "screen.ppm", NULL);
  g_autofree char *args = g_strdup_printf ("screenshot %s --screen %u %s", domain, screen, path);
  g_autoptr (GError) error = NULL;
  GdkPixbuf *pixbuf;

  e2e_virsh (args);
  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);
  return pixbuf;
}

/* What is on the X screen where the display's widget is: the real pixels a
 * person sees, read back from the server. */
GdkPixbuf *
e2e_screen_pixels (OrielDisplay *display)
{
  GtkWidget *content = oriel_display_get_content (display);
  GtkWidget *toplevel = gtk_widget_get_toplevel (content);
  GtkAllocation alloc;
  int x = 0, y = 0;

  if (!gtk_widget_get_mapped (content))
    return NULL;
  gtk_widget_get_allocation (content, &alloc);
  if (!gtk_widget_translate_coordinates (content, toplevel, 0, 0, &x, &y))
    return NULL;
  return gdk_pixbuf_get_from_window (gtk_widget_get_window (toplevel), x, y, alloc.width,
                                     alloc.height);
}

double
e2e_differing_fraction (GdkPixbuf *a, GdkPixbuf *b, int tolerance)
{
  int width = gdk_pixbuf_get_width (a);
  int height = gdk_pixbuf_get_height (a);
  int na = gdk_pixbuf_get_n_channels (a);
  int nb = gdk_pixbuf_get_n_channels (b);
  const guchar *pa = gdk_pixbuf_read_pixels (a);
  const guchar *pb = gdk_pixbuf_read_pixels (b);
  guint64 differing = 0;

  if (width != gdk_pixbuf_get_width (b) || height != gdk_pixbuf_get_height (b))
    return 1.0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *qa = pa + y * gdk_pixbuf_get_rowstride (a) + x * na;
        const guchar *qb = pb + y * gdk_pixbuf_get_rowstride (b) + x * nb;

        for (int c = 0; c < 3; c++)
          if (ABS ((int) qa[c] - (int) qb[c]) > tolerance)
            {
              differing++;
              break;
            }
      }
  return (double) differing / ((double) width * height);
}

/* Compares the screen with fresh server screenshots until they agree. */
gboolean
e2e_wait_for_frame_match (OrielConsoleTab *tab, const char *domain, guint timeout_ms,
                          double *diff_out)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GtkWidget *notebook = gtk_widget_get_parent (GTK_WIDGET (tab));
  double diff = 1.0;

  /* only the tab in front is on screen */
  if (GTK_IS_NOTEBOOK (notebook))
    gtk_notebook_set_current_page (GTK_NOTEBOOK (notebook),
                                   gtk_notebook_page_num (GTK_NOTEBOOK (notebook),
                                                          GTK_WIDGET (tab)));

  while (g_get_monotonic_time () < deadline)
    {
      OrielDisplay *display = oriel_console_tab_get_display (tab);
      g_autoptr (GdkPixbuf) server = NULL;
      g_autoptr (GdkPixbuf) screen = NULL;

      e2e_sleep (200);
      if (display == NULL || oriel_console_tab_get_state (tab) != ORIEL_CONSOLE_TAB_CONNECTED)
        continue;
      server = e2e_server_screenshot (domain);
      e2e_sleep (100);  /* let the viewer draw what the server had */
      screen = e2e_screen_pixels (display);
      if (screen == NULL)
        continue;
      diff = e2e_differing_fraction (server, screen, E2E_CHANNEL_TOLERANCE);
      if (gdk_pixbuf_get_width (server) != gdk_pixbuf_get_width (screen)
          || gdk_pixbuf_get_height (server) != gdk_pixbuf_get_height (screen))
        g_test_message ("%s: server %dx%d, on screen %dx%d", domain,
                        gdk_pixbuf_get_width (server), gdk_pixbuf_get_height (server),
                        gdk_pixbuf_get_width (screen), gdk_pixbuf_get_height (screen));
      if (diff <= E2E_MAX_DIFF_FRACTION)
        {
          g_test_message ("%s: %.4f%% of %dx%d pixels differ by more than %d", domain,
                          diff * 100, gdk_pixbuf_get_width (server),
                          gdk_pixbuf_get_height (server), E2E_CHANNEL_TOLERANCE);
          if (diff_out)
            *diff_out = diff;
          return TRUE;
        }
      if (g_getenv ("ORIEL_E2E_KEEP") != NULL)
        {
          gdk_pixbuf_save (server, "e2e-server.png", "png", NULL, NULL);
          gdk_pixbuf_save (screen, "e2e-screen.png", "png", NULL, NULL);
        }
    }
  g_test_message ("%s: frames still differ (%.2f%%)", domain, diff * 100);
  if (diff_out)
    *diff_out = diff;
  return FALSE;
}

OrielWindow *
e2e_window_new (OrielApplication *app, gboolean read_only, const char *domain)
{
  OrielWindow *window = oriel_window_new (app, LAB_URI, read_only, domain);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

typedef struct
{
  OrielWindow *window;
  const char *domain;
  OrielConsoleTab *tab;
} TabQuery;

static gboolean
tab_exists (gpointer data)
{
  TabQuery *query = data;
  OrielConnection *connection = oriel_window_get_connection (query->window);
  /* none yet while an SSH login is under way */
  OrielDomain *domain = connection ? oriel_connection_find_domain (connection, query->domain)
                                   : NULL;

  query->tab = domain ? oriel_window_find_tab (query->window, domain) : NULL;
  return query->tab != NULL;
}

OrielConsoleTab *
e2e_wait_for_tab (OrielWindow *window, const char *domain)
{
  TabQuery query = { window, domain, NULL };

  if (!e2e_wait_until (tab_exists, &query, 20000))
    g_error ("no console tab for %s (window says: %s)", domain,
             oriel_window_get_error (window) ? oriel_window_get_error (window) : "nothing");
  return query.tab;
}

typedef struct
{
  OrielConsoleTab *tab;
  OrielConsoleTabState state;
} StateQuery;

static gboolean
tab_in_state (gpointer data)
{
  StateQuery *query = data;

  return oriel_console_tab_get_state (query->tab) == query->state;
}

gboolean
e2e_wait_for_tab_state (OrielConsoleTab *tab, OrielConsoleTabState state, guint timeout_ms)
{
  StateQuery query = { tab, state };
  gboolean ok = e2e_wait_until (tab_in_state, &query, timeout_ms);

  if (!ok)
    g_test_message ("tab state is %d (%s), wanted %d", oriel_console_tab_get_state (tab),
                    oriel_console_tab_get_message (tab), state);
  return ok;
}

/* gtk_test_init, lenient about the protocol libraries' warnings (they warn
 * when a server drops a link mid-handshake, as a destroyed domain does:
 * the server's doing); criticals stay fatal. And a registered app. */
OrielApplication *
e2e_init (int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;
  OrielApplication *app;

  gtk_test_init (argc, argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  app = oriel_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  return app;
}

/* A key pressed and released as a person would, through the window's own
 * key handling (accelerators, then the focus widget); key code included,
 * as the X server delivers it (GTK matches accelerators on both). */
void
e2e_press_key (GtkWidget *widget, guint keyval, GdkModifierType state)
{
  GdkKeymap *keymap = gdk_keymap_get_for_display (gtk_widget_get_display (widget));
  g_autofree GdkKeymapKey *keys = NULL;
  GdkEvent *event = gdk_event_new (GDK_KEY_PRESS);
  int n_keys = 0;

  g_assert_true (gdk_keymap_get_entries_for_keyval (keymap, keyval, &keys, &n_keys));
  /* the key that gives @keyval unshifted: what a person presses */
  for (int i = 1; i < n_keys; i++)
    if (keys[i].level < keys[0].level || (keys[i].level == keys[0].level && keys[i].group < keys[0].group))
      keys[0] = keys[i];
  event->key.window = g_object_ref (gtk_widget_get_window (widget));
  event->key.send_event = TRUE;
  event->key.time = GDK_CURRENT_TIME;
  event->key.state = state;
  event->key.keyval = keyval;
  event->key.hardware_keycode = (guint16) keys[0].keycode;
  event->key.group = (guint8) keys[0].group;
  gdk_event_set_device (event, gdk_seat_get_keyboard (
                                 gdk_display_get_default_seat (gtk_widget_get_display (widget))));
  gtk_main_do_event (event);
  event->type = GDK_KEY_RELEASE;
  gtk_main_do_event (event);
  gdk_event_free (event);
  e2e_sleep (300);
}

/* ORIEL_SCREENSHOT_DIR=DIR keeps a picture of @window (NULL: the whole X
 * screen) as DIR/NAME.png, for people to look at; nothing compares it. */
void
e2e_keep_screenshot (GdkWindow *window, const char *name)
{
  const char *dir = g_getenv ("ORIEL_SCREENSHOT_DIR");
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  if (window == NULL)
    window = gdk_get_default_root_window ();
  e2e_sleep (500);
  pixbuf = gdk_pixbuf_get_from_window (window, 0, 0, gdk_window_get_width (window),
                                       gdk_window_get_height (window));
  path = g_strdup_printf ("%s/%s.png", dir, name);
  if (pixbuf != NULL)
    gdk_pixbuf_save (pixbuf, path, "png", NULL, NULL);
}
