#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-monitor-map.h"

/* The client's monitors drawn as GDK places them, each guest display a
 * numbered chip on the monitor it fills in fullscreen; displays without one
 * sit in a strip below ("windowed"). Dragging a chip onto a monitor maps it
 * there, taking the place of the display that had it (a swap); onto the
 * strip, it stays windowed. */

#define MARGIN 12.0
#define TRAY_HEIGHT 44.0
#define CHIP_SIZE 34.0

struct _OrielMonitorMap
{
  GtkDrawingArea parent_instance;

  OrielMonitorMapping *mapping;
  guint n_displays;
  int dragged;                  /* the display being dragged, or -1 */
  double pointer_x, pointer_y;
};

G_DEFINE_FINAL_TYPE (OrielMonitorMap, oriel_monitor_map, GTK_TYPE_DRAWING_AREA)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The monitors' bounding box and the scale that fits it above the tray. */
static void
layout (OrielMonitorMap *self, GdkRectangle *bounds, double *scale, double *x0, double *y0)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  int width = gtk_widget_get_allocated_width (GTK_WIDGET (self));
  int height = gtk_widget_get_allocated_height (GTK_WIDGET (self));
  double room_w, room_h;

  *bounds = (GdkRectangle) { 0, 0, 1, 1 };
  for (int i = 0; i < gdk_display_get_n_monitors (display); i++)
    {
      GdkRectangle geometry;

      gdk_monitor_get_geometry (gdk_display_get_monitor (display, i), &geometry);
      if (i == 0)
        *bounds = geometry;
      else
        gdk_rectangle_union (bounds, &geometry, bounds);
    }
  room_w = MAX (1.0, width - 2 * MARGIN);
  room_h = MAX (1.0, height - 2 * MARGIN - TRAY_HEIGHT);
  *scale = MIN (room_w / bounds->width, room_h / bounds->height);
  *x0 = (width - bounds->width * *scale) / 2;
  *y0 = MARGIN + (room_h - bounds->height * *scale) / 2;
}

static void
monitor_box (OrielMonitorMap *self, int index, GdkRectangle *box)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  GdkRectangle bounds, geometry;
  double scale, x0, y0;

  layout (self, &bounds, &scale, &x0, &y0);
  gdk_monitor_get_geometry (gdk_display_get_monitor (display, index), &geometry);
  box->x = (int) (x0 + (geometry.x - bounds.x) * scale) + 2;
  box->y = (int) (y0 + (geometry.y - bounds.y) * scale) + 2;
  box->width = MAX (4, (int) (geometry.width * scale) - 4);
  box->height = MAX (4, (int) (geometry.height * scale) - 4);
}

/* Where the tray's chips start: after its label, however long the
 * translation. */
static double
tray_start (OrielMonitorMap *self)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), _("Windowed:"));
  int width = 0;

  pango_layout_get_pixel_size (layout, &width, NULL);
  g_object_unref (layout);
  return MARGIN + width + 10;
}

/* Where a display's chip sits: centred on its monitor, or in the tray. */
static void
chip_centre (OrielMonitorMap *self, guint n, double *x, double *y)
{
  int monitor = oriel_monitor_mapping_get (self->mapping, n);
  int n_monitors = gdk_display_get_n_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  GdkRectangle box;
  guint before = 0;

  if ((int) n == self->dragged)
    {
      *x = self->pointer_x;
      *y = self->pointer_y;
      return;
    }
  if (monitor >= 0 && monitor < n_monitors)
    {
      monitor_box (self, monitor, &box);
      *x = box.x + box.width / 2.0;
      *y = box.y + box.height / 2.0;
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      int m = oriel_monitor_mapping_get (self->mapping, i);

      if (m < 0 || m >= n_monitors)
        before++;
    }
  *x = tray_start (self) + CHIP_SIZE / 2 + before * (CHIP_SIZE + 8);
  *y = gtk_widget_get_allocated_height (GTK_WIDGET (self)) - MARGIN - CHIP_SIZE / 2;
}

static void
draw_text (GtkWidget *widget, cairo_t *cr, const char *text, double x, double y, gboolean bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  int w, h;

  if (bold)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", text);

      pango_layout_set_markup (layout, markup, -1);
    }
  else
    pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w / 2.0, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static gboolean
oriel_monitor_map_draw (GtkWidget *widget, cairo_t *cr)
{
  OrielMonitorMap *self = ORIEL_MONITOR_MAP (widget);
  GdkDisplay *display = gtk_widget_get_display (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  int height = gtk_widget_get_allocated_height (widget);
  int width = gtk_widget_get_allocated_width (widget);
  GdkRGBA fg;

  gtk_render_background (style, cr, 0, 0, width, height);
  gtk_style_context_get_color (style, gtk_style_context_get_state (style), &fg);

  for (int i = 0; i < gdk_display_get_n_monitors (display); i++)
    {
      GdkMonitor *monitor = gdk_display_get_monitor (display, i);
      g_autofree char *name = g_strdup_printf (_("Monitor %d"), i + 1);
      g_autofree char *size = NULL;
      GdkRectangle box, geometry;
      int scale = gdk_monitor_get_scale_factor (monitor);

      gdk_monitor_get_geometry (monitor, &geometry);
      /* Translators: a monitor's size in pixels, such as 1920×1080 */
      size = g_strdup_printf (_("%d×%d"), geometry.width * scale, geometry.height * scale);
      monitor_box (self, i, &box);
      cairo_set_source_rgba (cr, 0.35, 0.45, 0.6, 0.35);
      cairo_rectangle (cr, box.x, box.y, box.width, box.height);
      cairo_fill_preserve (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
      draw_text (widget, cr, name, box.x + box.width / 2.0, box.y + 12, FALSE);
      draw_text (widget, cr, size, box.x + box.width / 2.0, box.y + box.height - 12, FALSE);
    }

  gdk_cairo_set_source_rgba (cr, &fg);
  draw_text (widget, cr, _("Windowed:"), (MARGIN + tray_start (self) - 10) / 2,
             height - MARGIN - CHIP_SIZE / 2, FALSE);
  for (guint n = 0; n < self->n_displays; n++)
    {
      g_autofree char *label = g_strdup_printf ("%u", n + 1);
      double x, y;

      chip_centre (self, n, &x, &y);
      cairo_set_source_rgb (cr, 0.2, 0.4, 0.75);
      cairo_arc (cr, x, y, CHIP_SIZE / 2, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      draw_text (widget, cr, label, x, y, TRUE);
    }
  return FALSE;
}

static int
display_at (OrielMonitorMap *self, double x, double y)
{
  for (guint n = self->n_displays; n > 0; n--)
    {
      double cx, cy;

      chip_centre (self, n - 1, &cx, &cy);
      if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= CHIP_SIZE * CHIP_SIZE / 4)
        return (int) n - 1;
    }
  return -1;
}

static int
monitor_at (OrielMonitorMap *self, double x, double y)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));

  for (int i = 0; i < gdk_display_get_n_monitors (display); i++)
    {
      GdkRectangle box;

      monitor_box (self, i, &box);
      if (x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height)
        return i;
    }
  return -1;
}

static gboolean
oriel_monitor_map_button_press (GtkWidget *widget, GdkEventButton *event)
{
  OrielMonitorMap *self = ORIEL_MONITOR_MAP (widget);

  if (event->button != GDK_BUTTON_PRIMARY || event->type != GDK_BUTTON_PRESS)
    return FALSE;
  self->dragged = display_at (self, event->x, event->y);
  self->pointer_x = event->x;
  self->pointer_y = event->y;
  return self->dragged >= 0;
}

static gboolean
oriel_monitor_map_motion_notify (GtkWidget *widget, GdkEventMotion *event)
{
  OrielMonitorMap *self = ORIEL_MONITOR_MAP (widget);

  if (self->dragged < 0)
    return FALSE;
  self->pointer_x = event->x;
  self->pointer_y = event->y;
  gtk_widget_queue_draw (widget);
  return TRUE;
}

static gboolean
oriel_monitor_map_button_release (GtkWidget *widget, GdkEventButton *event)
{
  OrielMonitorMap *self = ORIEL_MONITOR_MAP (widget);
  int dragged = self->dragged;

  if (dragged < 0 || event->button != GDK_BUTTON_PRIMARY)
    return FALSE;
  self->dragged = -1;
  oriel_monitor_map_drop (self, (guint) dragged, monitor_at (self, event->x, event->y));
  gtk_widget_queue_draw (widget);
  return TRUE;
}

static void
oriel_monitor_map_finalize (GObject *object)
{
  OrielMonitorMap *self = ORIEL_MONITOR_MAP (object);

  g_clear_pointer (&self->mapping, oriel_monitor_mapping_free);
  G_OBJECT_CLASS (oriel_monitor_map_parent_class)->finalize (object);
}

static void
oriel_monitor_map_class_init (OrielMonitorMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = oriel_monitor_map_finalize;
  widget_class->draw = oriel_monitor_map_draw;
  widget_class->button_press_event = oriel_monitor_map_button_press;
  widget_class->motion_notify_event = oriel_monitor_map_motion_notify;
  widget_class->button_release_event = oriel_monitor_map_button_release;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
oriel_monitor_map_init (OrielMonitorMap *self)
{
  self->dragged = -1;
  self->mapping = oriel_monitor_mapping_new ();
  gtk_widget_add_events (GTK_WIDGET (self), GDK_BUTTON_PRESS_MASK | GDK_BUTTON_RELEASE_MASK
                                            | GDK_BUTTON1_MOTION_MASK);
  gtk_widget_set_size_request (GTK_WIDGET (self), 420, 220);
  /* the per-display choices beside the picture are its keyboard access */
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self)),
                       _("Guest displays on the client’s monitors"));
  g_signal_connect_object (gdk_display_get_default (), "monitor-added",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gdk_display_get_default (), "monitor-removed",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

GtkWidget *
oriel_monitor_map_new (void)
{
  return g_object_new (ORIEL_TYPE_MONITOR_MAP, NULL);
}

/* Shows @mapping (copied) for @n_displays guest displays. */
void
oriel_monitor_map_set_mapping (OrielMonitorMap *self, const OrielMonitorMapping *mapping,
                               guint n_displays)
{
  g_autofree char *text = NULL;

  g_return_if_fail (ORIEL_IS_MONITOR_MAP (self));
  text = oriel_monitor_mapping_to_string (mapping);
  g_clear_pointer (&self->mapping, oriel_monitor_mapping_free);
  /* its own text always parses back (see oriel-monitor-mapping.h) */
  self->mapping = oriel_monitor_mapping_parse (text, NULL);
  self->n_displays = MIN (n_displays, ORIEL_MONITOR_MAPPING_MAX);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Returns: (transfer none) */
const OrielMonitorMapping *
oriel_monitor_map_get_mapping (OrielMonitorMap *self)
{
  g_return_val_if_fail (ORIEL_IS_MONITOR_MAP (self), NULL);
  return self->mapping;
}

/* What a drag ends in: @display onto @monitor (-1: the windowed strip). A
 * monitor another display holds is exchanged with it. */
void
oriel_monitor_map_drop (OrielMonitorMap *self, guint display, int monitor)
{
  g_return_if_fail (ORIEL_IS_MONITOR_MAP (self));
  g_return_if_fail (display < self->n_displays);

  if (oriel_monitor_mapping_get (self->mapping, display) == monitor)
    return;
  if (monitor >= 0)
    for (guint n = 0; n < self->n_displays; n++)
      if (n != display && oriel_monitor_mapping_get (self->mapping, n) == monitor)
        {
          oriel_monitor_mapping_swap (self->mapping, display, n);
          monitor = -2;
          break;
        }
  if (monitor != -2)
    oriel_monitor_mapping_set (self->mapping, display, monitor);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANGED], 0);
}
