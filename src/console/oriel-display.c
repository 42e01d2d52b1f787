#define G_LOG_DOMAIN "oriel-console"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-display.h"
#include "oriel-display-keys.h"

typedef struct
{
  int desktop_width;
  int desktop_height;
  guint zoom;                   /* percent */
  gboolean ready;
  gboolean grabbed;
  guint monitor;                /* which guest monitor: 0 is the first */
} OrielDisplayPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (OrielDisplay, oriel_display, GTK_TYPE_BIN)

enum
{
  PROP_0,
  PROP_ZOOM,
  PROP_READY,
  PROP_GRABBED,
  PROP_DESKTOP_WIDTH,
  PROP_DESKTOP_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
oriel_display_send_keys (OrielDisplay *self, const guint *keyvals, guint n_keyvals)
{
  g_return_if_fail (ORIEL_IS_DISPLAY (self));
  g_return_if_fail (keyvals != NULL && n_keyvals > 0);

  ORIEL_DISPLAY_GET_CLASS (self)->send_keys (self, keyvals, n_keyvals);
}

/* Returns: (transfer full) (nullable): the guest's current frame. */
GdkPixbuf *
oriel_display_get_pixbuf (OrielDisplay *self)
{
  g_return_val_if_fail (ORIEL_IS_DISPLAY (self), NULL);
  return ORIEL_DISPLAY_GET_CLASS (self)->get_pixbuf (self);
}

guint
oriel_display_get_zoom (OrielDisplay *self)
{
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (self);

  g_return_val_if_fail (ORIEL_IS_DISPLAY (self), 100);
  return priv->zoom;
}

void
oriel_display_set_zoom (OrielDisplay *self, guint zoom)
{
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (self);

  g_return_if_fail (ORIEL_IS_DISPLAY (self));

  zoom = CLAMP (zoom, ORIEL_ZOOM_MIN, ORIEL_ZOOM_MAX);
  if (priv->zoom == zoom)
    return;
  priv->zoom = zoom;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

/* The guest monitor this shows: 0 for the first (or only) one. */
guint
oriel_display_get_monitor (OrielDisplay *self)
{
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (self);

  g_return_val_if_fail (ORIEL_IS_DISPLAY (self), 0);
  return priv->monitor;
}

void
oriel_display_set_monitor (OrielDisplay *self, guint monitor)
{
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (self);

  g_return_if_fail (ORIEL_IS_DISPLAY (self));
  priv->monitor = monitor;
}

gboolean
oriel_display_get_ready (OrielDisplay *self)
{
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (self);

  g_return_val_if_fail (ORIEL_IS_DISPLAY (self), FALSE);
  return priv->ready;
}

void
oriel_display_set_ready (OrielDisplay *self, gboolean ready)
{
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (self);

  if (priv->ready == ready)
    return;
  priv->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

gboolean
oriel_display_get_grabbed (OrielDisplay *self)
{
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (self);

  g_return_val_if_fail (ORIEL_IS_DISPLAY (self), FALSE);
  return priv->grabbed;
}

void
oriel_display_set_grabbed (OrielDisplay *self, gboolean grabbed)
{
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (self);

  if (priv->grabbed == grabbed)
    return;
  priv->grabbed = grabbed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRABBED]);
}

/* What to press to release the keyboard, for people. */
char *
oriel_display_get_grab_label (OrielDisplay *self)
{
  return oriel_display_keys_release_label ();
}

void
oriel_display_get_desktop_size (OrielDisplay *self, int *width, int *height)
{
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (self);

  g_return_if_fail (ORIEL_IS_DISPLAY (self));
  if (width)
    *width = priv->desktop_width;
  if (height)
    *height = priv->desktop_height;
}

void
oriel_display_set_desktop_size (OrielDisplay *self, int width, int height)
{
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (self);

  if (priv->desktop_width == width && priv->desktop_height == height)
    return;
  priv->desktop_width = width;
  priv->desktop_height = height;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESKTOP_WIDTH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESKTOP_HEIGHT]);
}

/* Returns: (transfer none): the protocol widget inside. */
GtkWidget *
oriel_display_get_content (OrielDisplay *self)
{
  g_return_val_if_fail (ORIEL_IS_DISPLAY (self), NULL);
  return gtk_bin_get_child (GTK_BIN (self));
}

/* Whether the guest's monitors can be turned on and off and resized from
 * here (SPICE with a guest that follows; VNC has one fixed monitor). */
gboolean
oriel_display_can_configure_guest (OrielDisplay *self)
{
  g_return_val_if_fail (ORIEL_IS_DISPLAY (self), FALSE);
  return ORIEL_DISPLAY_GET_CLASS (self)->set_guest_geometry != NULL;
}

/* Before the keyboard focus moves elsewhere by program (another display's
 * page, another window): spice-gtk ignores losing the focus while it holds
 * the pointer, and would later try to grab again without the focus. */
void
oriel_display_release_grab (OrielDisplay *self)
{
  g_return_if_fail (ORIEL_IS_DISPLAY (self));

  if (ORIEL_DISPLAY_GET_CLASS (self)->release_grab != NULL)
    ORIEL_DISPLAY_GET_CLASS (self)->release_grab (self);
}

/* Asks the guest to turn this monitor on (at @x,@y of its desktop, in
 * @width x @height device pixels) or off; the guest may take a moment, or
 * decline. Nothing happens where the protocol has no such request. */
void
oriel_display_set_guest_geometry (OrielDisplay *self, gboolean enabled, int x, int y,
                                  int width, int height)
{
  g_return_if_fail (ORIEL_IS_DISPLAY (self));

  if (ORIEL_DISPLAY_GET_CLASS (self)->set_guest_geometry != NULL)
    ORIEL_DISPLAY_GET_CLASS (self)->set_guest_geometry (self, enabled, x, y, width, height);
}

static void
oriel_display_get_preferred_width (GtkWidget *widget, int *minimum, int *natural)
{
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (ORIEL_DISPLAY (widget));

  *minimum = 64;
  *natural = MAX (*minimum, priv->desktop_width * (int) priv->zoom / 100);
}

static void
oriel_display_get_preferred_height (GtkWidget *widget, int *minimum, int *natural)
{
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (ORIEL_DISPLAY (widget));

  *minimum = 48;
  *natural = MAX (*minimum, priv->desktop_height * (int) priv->zoom / 100);
}

/* Never larger than the zoom level asks, never out of the allocation, the
 * guest's aspect ratio kept: a 100% zoom with room to spare is pixel exact. */
static void
oriel_display_size_allocate (GtkWidget *widget, GtkAllocation *allocation)
{
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (ORIEL_DISPLAY (widget));
  GtkWidget *child = gtk_bin_get_child (GTK_BIN (widget));
  GtkAllocation area;
  double scale;

  gtk_widget_set_allocation (widget, allocation);
  if (child == NULL || !gtk_widget_get_visible (child))
    return;

  if (priv->desktop_width <= 0 || priv->desktop_height <= 0)
    {
      area = *allocation;
    }
  else
    {
      scale = priv->zoom / 100.0;
      scale = MIN (scale, (double) allocation->width / priv->desktop_width);
      scale = MIN (scale, (double) allocation->height / priv->desktop_height);
      area.width = MAX (1, (int) (priv->desktop_width * scale + 0.5));
      area.height = MAX (1, (int) (priv->desktop_height * scale + 0.5));
      area.x = allocation->x + (allocation->width - area.width) / 2;
      area.y = allocation->y + (allocation->height - area.height) / 2;
    }
  gtk_widget_get_preferred_size (child, NULL, NULL);
  gtk_widget_size_allocate (child, &area);
}

static gboolean
oriel_display_draw (GtkWidget *widget, cairo_t *cr)
{
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_paint (cr);
  return GTK_WIDGET_CLASS (oriel_display_parent_class)->draw (widget, cr);
}

static void
oriel_display_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  OrielDisplay *self = ORIEL_DISPLAY (object);
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_uint (value, priv->zoom);
      break;
    case PROP_READY:
      g_value_set_boolean (value, priv->ready);
      break;
    case PROP_GRABBED:
      g_value_set_boolean (value, priv->grabbed);
      break;
    case PROP_DESKTOP_WIDTH:
      g_value_set_int (value, priv->desktop_width);
      break;
    case PROP_DESKTOP_HEIGHT:
      g_value_set_int (value, priv->desktop_height);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oriel_display_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ZOOM:
      oriel_display_set_zoom (ORIEL_DISPLAY (object), g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oriel_display_class_init (OrielDisplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = oriel_display_get_property;
  object_class->set_property = oriel_display_set_property;
  widget_class->get_preferred_width = oriel_display_get_preferred_width;
  widget_class->get_preferred_height = oriel_display_get_preferred_height;
  widget_class->size_allocate = oriel_display_size_allocate;
  widget_class->draw = oriel_display_draw;

  properties[PROP_ZOOM] =
    g_param_spec_uint ("zoom", NULL, NULL, ORIEL_ZOOM_MIN, ORIEL_ZOOM_MAX, 100,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GRABBED] =
    g_param_spec_boolean ("grabbed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESKTOP_WIDTH] =
    g_param_spec_int ("desktop-width", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESKTOP_HEIGHT] =
    g_param_spec_int ("desktop-height", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "oriel-display");
}

static void
oriel_display_init (OrielDisplay *self)
{
  OrielDisplayPrivate *priv = oriel_display_get_instance_private (self);

  priv->zoom = 100;
  gtk_widget_set_has_window (GTK_WIDGET (self), FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}
