#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-console-tab-private.h"
#include "oriel-display-page.h"
#include "oriel-monitor-settings.h"

/* A guest with several displays (SPICE): the first lives in the tab's
 * display box, every later one on a page of its own (OrielDisplayPage),
 * which sits in the tab's notebook or in a window of its own (the
 * display-windows setting). Fullscreen spreads them over the client's
 * monitors by the domain's mapping; the guest is asked for monitor sizes
 * following its resolution policy. */

/* Debounce for size requests: a window being dragged larger sends one. */
#define GUEST_SIZE_DELAY_MS 300

static const char *
domain_uuid (OrielConsoleTab *self)
{
  return self->domain != NULL ? oriel_domain_get_uuid (self->domain) : NULL;
}

static GtkWindow *
page_window (GtkWidget *page)
{
  return g_object_get_data (G_OBJECT (page), "oriel-display-window");
}

static int
page_position (OrielConsoleTab *self, GtkWidget *page)
{
  for (guint i = 0; i < self->extra_pages->len; i++)
    if (g_ptr_array_index (self->extra_pages, i) == page)
      return (int) i;
  return -1;
}

static void
update_first_label (OrielConsoleTab *self)
{
  GtkWidget *first = gtk_notebook_get_nth_page (self->views, 0);
  GtkWidget *label = first ? gtk_notebook_get_tab_label (self->views, first) : NULL;
  gboolean several = FALSE;

  for (guint i = 0; i < self->extra_pages->len; i++)
    several = several || page_window (g_ptr_array_index (self->extra_pages, i)) == NULL;
  if (GTK_IS_LABEL (label))
    gtk_label_set_text (GTK_LABEL (label), several ? _("Display 1") : _("Display"));
  oriel_console_tab_update_page_strip (self);
}

static char *
page_title (OrielConsoleTab *self, GtkWidget *page)
{
  /* Translators: a window's title: the guest's name, the display's number */
  return g_strdup_printf (_("%s — Display %u"), oriel_console_tab_get_name (self),
                          oriel_display_page_get_number (ORIEL_DISPLAY_PAGE (page)));
}

static void put_in_notebook (OrielConsoleTab *self, GtkWidget *page);

/* Closing a display's window turns that display off, as in virt-viewer;
 * leaving fullscreen brings a page home instead. */
static gboolean
window_delete_cb (GtkWindow *window, GdkEvent *event, OrielConsoleTab *self)
{
  GtkWidget *page = gtk_bin_get_child (GTK_BIN (window));

  if (page != NULL)
    oriel_console_tab_set_display_on (self, oriel_display_page_get_number (ORIEL_DISPLAY_PAGE (page)) - 1,
                                      FALSE);
  gtk_widget_hide (GTK_WIDGET (window));
  return TRUE;
}

static void
put_in_window (OrielConsoleTab *self, GtkWidget *page)
{
  g_autofree char *title = page_title (self, page);
  GtkWidget *window;
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));

  oriel_display_release_grab (oriel_display_page_get_display (ORIEL_DISPLAY_PAGE (page)));
  g_object_ref (page);
  if (gtk_widget_get_parent (page) != NULL)
    gtk_container_remove (GTK_CONTAINER (gtk_widget_get_parent (page)), page);
  window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  if (GTK_IS_WINDOW (toplevel))
    {
      gtk_window_set_application (GTK_WINDOW (window),
                                  gtk_window_get_application (GTK_WINDOW (toplevel)));
      gtk_window_set_icon_name (GTK_WINDOW (window),
                                gtk_window_get_icon_name (GTK_WINDOW (toplevel)));
    }
  g_signal_connect_object (window, "delete-event", G_CALLBACK (window_delete_cb), self, 0);
  gtk_widget_show (page);
  gtk_container_add (GTK_CONTAINER (window), page);
  g_object_unref (page);
  g_object_set_data (G_OBJECT (page), "oriel-display-window", window);
  gtk_widget_show (window);
  update_first_label (self);
}

static void
drop_window (GtkWidget *page)
{
  GtkWindow *window = page_window (page);

  if (window == NULL)
    return;
  g_object_set_data (G_OBJECT (page), "oriel-display-window", NULL);
  gtk_widget_destroy (GTK_WIDGET (window));
}

static void
put_in_notebook (OrielConsoleTab *self, GtkWidget *page)
{
  g_autofree char *text = g_strdup_printf (_("Display %u"),
                                           oriel_display_page_get_number (ORIEL_DISPLAY_PAGE (page)));
  GtkWidget *label = gtk_label_new (text);

  oriel_display_release_grab (oriel_display_page_get_display (ORIEL_DISPLAY_PAGE (page)));
  g_object_ref (page);
  if (gtk_widget_get_parent (page) != NULL)
    gtk_container_remove (GTK_CONTAINER (gtk_widget_get_parent (page)), page);
  drop_window (page);
  gtk_widget_show (page);
  /* after the first display and the displays before this one */
  gtk_notebook_insert_page (self->views, page, label, 1 + page_position (self, page));
  g_object_unref (page);
  update_first_label (self);
}

static void
turn_on_cb (OrielDisplayPage *page, OrielConsoleTab *self)
{
  oriel_console_tab_set_display_on (self, oriel_display_page_get_number (page) - 1, TRUE);
}

/* The content of @display realized with its new toplevel, for the protocol
 * libraries' sake (see realize_display in oriel-console-tab.c). */
static void
page_realize_cb (GtkWidget *page, OrielConsoleTab *self)
{
  gtk_widget_realize (oriel_display_get_content (oriel_display_page_get_display (ORIEL_DISPLAY_PAGE (page))));
}

static void schedule_guest_sizes (OrielConsoleTab *self);

static void
display_allocate_cb (GtkWidget *display, GtkAllocation *allocation, OrielConsoleTab *self)
{
  if (self->policy == ORIEL_RESOLUTION_WINDOW)
    schedule_guest_sizes (self);
}

void
oriel_console_tab_add_extra_display (OrielConsoleTab *self, OrielDisplay *display)
{
  GtkWidget *page = oriel_display_page_new (display);
  GSettings *settings = oriel_settings_get ();
  guint i;

  for (i = 0; i < self->extra_pages->len; i++)
    if (oriel_display_page_get_number (g_ptr_array_index (self->extra_pages, i))
        > oriel_display_get_monitor (display) + 1)
      break;
  g_ptr_array_insert (self->extra_pages, (int) i, g_object_ref_sink (page));
  g_signal_connect_object (page, "turn-on", G_CALLBACK (turn_on_cb), self, 0);
  g_signal_connect_object (page, "realize", G_CALLBACK (page_realize_cb), self, G_CONNECT_AFTER);
  g_signal_connect_object (display, "size-allocate", G_CALLBACK (display_allocate_cb), self, 0);
  oriel_console_tab_apply_display_options (self, display);
  self->display_windows = settings != NULL && g_settings_get_boolean (settings, "display-windows");
  if (!self->display_windows)
    put_in_notebook (self, page);
  if (self->want_spread)
    {
      oriel_console_tab_set_spread (self, FALSE);
      oriel_console_tab_set_spread (self, TRUE);
    }
  /* a window (or page) shows the display once it is on: see
   * oriel_console_tab_guest_agent_changed */
  g_signal_connect_object (display, "notify::ready",
                           G_CALLBACK (oriel_console_tab_guest_agent_changed), self,
                           G_CONNECT_SWAPPED);
  oriel_console_tab_guest_agent_changed (self);
}

/* In the display-windows mode a display gets its window once the guest
 * shows something on it (as virt-viewer opens one), and loses it when the
 * guest turns it off. */
void
oriel_console_tab_display_ready_windows (OrielConsoleTab *self)
{
  if (self->spread)
    return;
  for (guint i = 0; i < self->extra_pages->len; i++)
    {
      GtkWidget *page = g_ptr_array_index (self->extra_pages, i);
      gboolean shown = oriel_display_page_get_shown (ORIEL_DISPLAY_PAGE (page));

      if (shown && page_window (page) == NULL)
        put_in_window (self, page);
      else if (!shown && page_window (page) != NULL)
        {
          g_object_ref (page);
          gtk_container_remove (GTK_CONTAINER (page_window (page)), page);
          drop_window (page);
          g_object_unref (page);
        }
    }
}

void
oriel_console_tab_remove_extra_display (OrielConsoleTab *self, OrielDisplay *display)
{
  for (guint i = 0; i < self->extra_pages->len; i++)
    {
      GtkWidget *page = g_ptr_array_index (self->extra_pages, i);

      if (oriel_display_page_get_display (ORIEL_DISPLAY_PAGE (page)) != display)
        continue;
      g_signal_handlers_disconnect_by_data (display, self);
      if (gtk_widget_get_parent (page) != NULL)
        gtk_container_remove (GTK_CONTAINER (gtk_widget_get_parent (page)), page);
      drop_window (page);
      g_ptr_array_remove_index (self->extra_pages, i);
      break;
    }
  update_first_label (self);
}

/* How many guest displays the console has (on or not), 0 before it connects. */
guint
oriel_console_tab_get_n_displays (OrielConsoleTab *self)
{
  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), 0);
  if (self->display == NULL)
    return 0;
  return 1 + self->extra_pages->len;
}

/* Returns: (transfer none) (nullable): guest display @n, 0 the first. */
OrielDisplay *
oriel_console_tab_get_nth_display (OrielConsoleTab *self, guint n)
{
  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), NULL);
  if (n == 0)
    return self->display;
  if (n - 1 < self->extra_pages->len)
    return oriel_display_page_get_display (g_ptr_array_index (self->extra_pages, n - 1));
  return NULL;
}

/* Returns: (transfer none) (nullable): the window showing guest display
 * @n: the tab's own for the first and any on a page of the tab. */
GtkWindow *
oriel_console_tab_get_display_window (OrielConsoleTab *self, guint n)
{
  OrielDisplay *display = oriel_console_tab_get_nth_display (self, n);
  GtkWidget *toplevel;

  if (display == NULL)
    return NULL;
  toplevel = gtk_widget_get_toplevel (GTK_WIDGET (display));
  return GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL;
}

/* ---------------------------------------------------------- guest sizes -- */

static int
monitor_index (GdkDisplay *gdk_display, GdkMonitor *monitor)
{
  for (int i = 0; i < gdk_display_get_n_monitors (gdk_display); i++)
    if (gdk_display_get_monitor (gdk_display, i) == monitor)
      return i;
  return 0;
}

/* The client monitor a widget's window is on (0 without a window). */
static int
widget_monitor (GtkWidget *widget)
{
  GdkWindow *window = gtk_widget_get_window (gtk_widget_get_toplevel (widget));
  GdkDisplay *gdk_display = gtk_widget_get_display (widget);

  if (window == NULL)
    return 0;
  return monitor_index (gdk_display, gdk_display_get_monitor_at_window (gdk_display, window));
}

/* A monitor's size in device pixels: what a guest needs to fill it sharp. */
static void
monitor_device_geometry (GdkDisplay *gdk_display, int index, GdkRectangle *area)
{
  GdkMonitor *monitor = gdk_display_get_monitor (gdk_display, index);
  int scale;

  if (monitor == NULL)
    {
      *area = (GdkRectangle) { 0, 0, 1024, 768 };
      return;
    }
  scale = gdk_monitor_get_scale_factor (monitor);
  gdk_monitor_get_geometry (monitor, area);
  area->x *= scale;
  area->y *= scale;
  area->width *= scale;
  area->height *= scale;
}

/* What a display should measure: by policy, or while spread the monitor it
 * fills. @width 0: leave its size to the guest. */
static void
wanted_size (OrielConsoleTab *self, guint n, OrielDisplay *display, GdkRectangle *area)
{
  GdkDisplay *gdk_display = gtk_widget_get_display (GTK_WIDGET (self));
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (display));
  int monitor;

  *area = (GdkRectangle) { 0, 0, 0, 0 };
  if (self->spread && self->spread_mapping != NULL
      && (monitor = oriel_monitor_mapping_get (self->spread_mapping, n)) >= 0)
    {
      /* where the monitor lies; its size unless the guest keeps its own */
      monitor_device_geometry (gdk_display, monitor, area);
      if (self->policy == ORIEL_RESOLUTION_KEEP && oriel_console_tab_get_display_on (self, n)
          && n < ORIEL_MAX_DISPLAYS && self->displays_on_before_spread[n])
        area->width = area->height = 0;
      return;
    }
  switch (self->policy)
    {
    case ORIEL_RESOLUTION_WINDOW:
      if (gtk_widget_get_mapped (GTK_WIDGET (display)))
        {
          area->width = gtk_widget_get_allocated_width (GTK_WIDGET (display)) * scale;
          area->height = gtk_widget_get_allocated_height (GTK_WIDGET (display)) * scale;
        }
      break;
    case ORIEL_RESOLUTION_MONITOR:
      monitor_device_geometry (gdk_display, widget_monitor (GTK_WIDGET (display)), area);
      area->x = area->y = 0;
      break;
    case ORIEL_RESOLUTION_KEEP:
    default:
      break;
    }
}

/* Sends the guest the layout of every display that should be on: the sizes
 * the policy asks for, side by side (or as the monitors lie, while spread). */
static void
send_guest_sizes (OrielConsoleTab *self)
{
  guint n_displays = oriel_console_tab_get_n_displays (self);
  int x = 0;

  if (n_displays == 0 || !oriel_display_can_configure_guest (self->display)
      || self->session == NULL || !oriel_session_get_guest_agent (self->session))
    return;
  /* before the first frame there is no size to keep: wait for it */
  if (self->policy == ORIEL_RESOLUTION_KEEP && !self->spread
      && !oriel_display_get_ready (self->display))
    return;
  for (guint n = 0; n < n_displays; n++)
    {
      OrielDisplay *display = oriel_console_tab_get_nth_display (self, n);
      gboolean on = n == 0 || self->displays_on[MIN (n, ORIEL_MAX_DISPLAYS - 1)];
      GdkRectangle area;
      int width, height;

      if (!on)
        {
          oriel_display_set_guest_geometry (display, FALSE, 0, 0, 0, 0);
          continue;
        }
      wanted_size (self, n, display, &area);
      oriel_display_get_desktop_size (display, &width, &height);
      if ((area.width <= 0 || area.height <= 0) && n < ORIEL_MAX_DISPLAYS
          && self->asked_width[n] > 0)
        {
          /* turned on here: the size it was given then */
          area.width = self->asked_width[n];
          area.height = self->asked_height[n];
        }
      if (area.width <= 0 || area.height <= 0)
        {
          area.width = width;
          area.height = height;
        }
      if (area.width <= 0 || area.height <= 0)
        area = (GdkRectangle) { 0, 0, 1024, 768 };
      if (!self->spread)
        {
          area.x = x;
          area.y = 0;
        }
      g_debug ("%s: display %u at %d,%d %dx%d", oriel_console_tab_get_name (self), n + 1,
               area.x, area.y, area.width, area.height);
      oriel_display_set_guest_geometry (display, TRUE, area.x, area.y, area.width, area.height);
      x += area.width;
    }
}

static gboolean
guest_sizes_cb (gpointer data)
{
  OrielConsoleTab *self = data;

  self->guest_size_id = 0;
  send_guest_sizes (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_guest_sizes (OrielConsoleTab *self)
{
  if (self->guest_size_id == 0)
    self->guest_size_id = g_timeout_add (GUEST_SIZE_DELAY_MS, guest_sizes_cb, self);
}

/* Asks the guest to turn display @n (0-based) on or off. */
void
oriel_console_tab_set_display_on (OrielConsoleTab *self, guint n, gboolean on)
{
  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));

  if (n == 0 || n >= ORIEL_MAX_DISPLAYS || n >= oriel_console_tab_get_n_displays (self))
    return;  /* the first stays on: it is the console */
  self->displays_on[n] = on;
  /* A display turned on takes the first one's size, until the policy
   * says otherwise; what QEMU shows while it is off is a notice, whose
   * size means nothing. */
  self->asked_width[n] = self->asked_height[n] = 0;
  if (on)
    oriel_display_get_desktop_size (self->display, &self->asked_width[n], &self->asked_height[n]);
  oriel_console_tab_guest_agent_changed (self);
}

gboolean
oriel_console_tab_get_display_on (OrielConsoleTab *self, guint n)
{
  OrielDisplay *display = oriel_console_tab_get_nth_display (self, n);

  if (display == NULL)
    return FALSE;
  if (n == 0)
    return TRUE;
  return oriel_display_page_get_shown (g_ptr_array_index (self->extra_pages, n - 1));
}

/* The policy of the domain, applied now. */
void
oriel_console_tab_set_resolution_policy (OrielConsoleTab *self, OrielResolutionPolicy policy)
{
  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));

  self->policy = policy;
  if (domain_uuid (self) != NULL)
    oriel_monitor_settings_set_policy (domain_uuid (self), policy);
  if (policy != ORIEL_RESOLUTION_KEEP)
    schedule_guest_sizes (self);
}

OrielResolutionPolicy
oriel_console_tab_get_resolution_policy (OrielConsoleTab *self)
{
  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), ORIEL_RESOLUTION_KEEP);
  return self->policy;
}

/* A new display or connection: the domain's policy from its settings, and
 * the displays the guest already shows count as on. */
void
oriel_console_tab_displays_connected (OrielConsoleTab *self)
{
  self->policy = domain_uuid (self) ? oriel_monitor_settings_get_policy (domain_uuid (self))
                                    : ORIEL_RESOLUTION_KEEP;
  oriel_console_tab_guest_agent_changed (self);
}

/* With an agent in the guest, Oriel decides which displays are on (as
 * virt-viewer does: the first, and those asked for); without one the guest
 * decides, and whatever it shows is shown. */
void
oriel_console_tab_guest_agent_changed (OrielConsoleTab *self)
{
  gboolean agent = self->session != NULL && oriel_session_get_guest_agent (self->session);

  for (guint i = 0; i < self->extra_pages->len; i++)
    {
      OrielDisplayPage *page = g_ptr_array_index (self->extra_pages, i);
      guint n = oriel_display_page_get_number (page) - 1;

      oriel_display_page_set_wanted (page, !agent || (n < ORIEL_MAX_DISPLAYS
                                                      && self->displays_on[n]));
    }
  if (self->display_windows)
    oriel_console_tab_display_ready_windows (self);
  if (agent)
    send_guest_sizes (self);
}

/* The window moved to another monitor: the monitor policy follows it. */
void
oriel_console_tab_toplevel_moved (OrielConsoleTab *self)
{
  if (self->policy == ORIEL_RESOLUTION_MONITOR && self->display != NULL)
    {
      int monitor = widget_monitor (GTK_WIDGET (self));

      if (monitor != self->last_monitor)
        {
          self->last_monitor = monitor;
          schedule_guest_sizes (self);
        }
    }
}

/* ------------------------------------------------------------ fullscreen -- */

/* Returns: (transfer full): the mapping fullscreen would use now: the
 * domain's saved one, completed from the window's monitor on. */
OrielMonitorMapping *
oriel_console_tab_resolve_mapping (OrielConsoleTab *self)
{
  g_autoptr (OrielMonitorMapping) saved = NULL;
  GdkDisplay *gdk_display = gtk_widget_get_display (GTK_WIDGET (self));

  if (domain_uuid (self) != NULL)
    saved = oriel_monitor_settings_load_mapping (domain_uuid (self));
  return oriel_monitor_mapping_resolve (saved, MAX (1, oriel_console_tab_get_n_displays (self)),
                                        (guint) gdk_display_get_n_monitors (gdk_display),
                                        (guint) widget_monitor (GTK_WIDGET (self)));
}

/* The monitor the tab's own window should fill in fullscreen: the first
 * display's, -1 for wherever it is (one display, or the first unmapped). */
int
oriel_console_tab_get_fullscreen_monitor (OrielConsoleTab *self)
{
  g_autoptr (OrielMonitorMapping) mapping = NULL;

  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), -1);
  if (oriel_console_tab_get_n_displays (self) < 2)
    return -1;
  mapping = oriel_console_tab_resolve_mapping (self);
  return oriel_monitor_mapping_get (mapping, 0);
}

/* Fullscreen across monitors: every later display with a monitor in the
 * mapping fills it in a window of its own (turned on if it was off); the
 * rest stay where they are. Leaving fullscreen puts everything back. */
void
oriel_console_tab_set_spread (OrielConsoleTab *self, gboolean spread)
{
  GdkDisplay *gdk_display = gtk_widget_get_display (GTK_WIDGET (self));
  gboolean windows = self->display_windows;

  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));
  /* fullscreen before the later displays arrived (-f): they spread on arrival */
  g_debug ("%s: spread %d (was %d)", oriel_console_tab_get_name (self), spread, self->spread);
  self->want_spread = spread;
  if (spread == self->spread || (spread && oriel_console_tab_get_n_displays (self) < 2))
    return;

  self->spread = spread;
  if (spread)
    {
      g_clear_pointer (&self->spread_mapping, oriel_monitor_mapping_free);
      self->spread_mapping = oriel_console_tab_resolve_mapping (self);
      self->displays_on_before_spread[0] = TRUE;
      for (guint n = 1; n < ORIEL_MAX_DISPLAYS; n++)
        self->displays_on_before_spread[n] = self->displays_on[n];
      for (guint i = 0; i < self->extra_pages->len; i++)
        {
          GtkWidget *page = g_ptr_array_index (self->extra_pages, i);
          guint n = oriel_display_page_get_number (ORIEL_DISPLAY_PAGE (page)) - 1;
          int monitor = oriel_monitor_mapping_get (self->spread_mapping, n);

          if (monitor < 0)
            continue;
          if (n < ORIEL_MAX_DISPLAYS)
            self->displays_on[n] = TRUE;
          oriel_display_page_set_wanted (ORIEL_DISPLAY_PAGE (page), TRUE);
          if (page_window (page) == NULL)
            put_in_window (self, page);
          gtk_window_fullscreen_on_monitor (page_window (page),
                                            gdk_display_get_default_screen (gdk_display), monitor);
        }
    }
  else
    {
      for (guint i = 0; i < self->extra_pages->len; i++)
        {
          GtkWidget *page = g_ptr_array_index (self->extra_pages, i);

          if (page_window (page) == NULL)
            continue;
          if (windows)
            gtk_window_unfullscreen (page_window (page));
          else
            put_in_notebook (self, page);
        }
      g_clear_pointer (&self->spread_mapping, oriel_monitor_mapping_free);
      if (windows)
        oriel_console_tab_display_ready_windows (self);
    }
  send_guest_sizes (self);
}

gboolean
oriel_console_tab_get_spread (OrielConsoleTab *self)
{
  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), FALSE);
  return self->spread;
}

/* The tab goes: windows of its displays go with it. */
void
oriel_console_tab_drop_displays (OrielConsoleTab *self)
{
  g_clear_handle_id (&self->guest_size_id, g_source_remove);
  for (guint i = 0; self->extra_pages != NULL && i < self->extra_pages->len; i++)
    drop_window (g_ptr_array_index (self->extra_pages, i));
  g_clear_pointer (&self->extra_pages, g_ptr_array_unref);
  g_clear_pointer (&self->spread_mapping, oriel_monitor_mapping_free);
}
