#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "oriel-spinner.h"

/* A busy indicator drawn with cairo, in the text colour: an arc turning
 * once a second over a faint ring. GtkSpinner would do, but Adwaita's
 * spinner is an SVG icon, and rendering it loads librsvg, 6.5 MB of
 * resident memory in a viewer that shows no other SVG. Frames are asked
 * for only while it is active and on screen. */

#define TURN_US G_USEC_PER_SEC
#define DEFAULT_SIZE 16

struct _OrielSpinner
{
  GtkWidget parent_instance;

  gboolean active;
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (OrielSpinner, oriel_spinner, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_ACTIVE, N_PROPS };
static GParamSpec *props[N_PROPS];

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* Ticks while active and mapped: a spinner in a hidden page costs nothing. */
static void
update_ticking (OrielSpinner *self)
{
  gboolean want = self->active && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (want && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  else if (!want && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

static void
set_active (OrielSpinner *self, gboolean active)
{
  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  update_ticking (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ACTIVE]);
}

static gboolean
oriel_spinner_draw (GtkWidget *widget, cairo_t *cr)
{
  OrielSpinner *self = ORIEL_SPINNER (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  double width = gtk_widget_get_allocated_width (widget);
  double height = gtk_widget_get_allocated_height (widget);
  double size = MIN (width, height);
  double line = MAX (1.5, size / 8);
  double radius = (size - line) / 2;
  gint64 now = clock ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();
  double start = 2 * G_PI * (double) (now % TURN_US) / TURN_US;
  GdkRGBA color;

  if (!self->active || radius <= 0)
    return FALSE;
  gtk_style_context_get_color (style, gtk_style_context_get_state (style), &color);
  cairo_set_line_width (cr, line);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.2);
  cairo_arc (cr, width / 2, height / 2, radius, 0, 2 * G_PI);
  cairo_stroke (cr);

  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha);
  cairo_arc (cr, width / 2, height / 2, radius, start, start + 2 * G_PI * 0.3);
  cairo_stroke (cr);
  return FALSE;
}

static void
oriel_spinner_get_preferred_size (GtkWidget *widget, int *minimum, int *natural)
{
  *minimum = *natural = DEFAULT_SIZE;
}

static void
oriel_spinner_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (oriel_spinner_parent_class)->map (widget);
  update_ticking (ORIEL_SPINNER (widget));
}

static void
oriel_spinner_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (oriel_spinner_parent_class)->unmap (widget);
  update_ticking (ORIEL_SPINNER (widget));
}

static void
oriel_spinner_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  switch (id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, ORIEL_SPINNER (object)->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
oriel_spinner_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  switch (id)
    {
    case PROP_ACTIVE:
      set_active (ORIEL_SPINNER (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
oriel_spinner_class_init (OrielSpinnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = oriel_spinner_get_property;
  object_class->set_property = oriel_spinner_set_property;
  widget_class->draw = oriel_spinner_draw;
  widget_class->get_preferred_width = oriel_spinner_get_preferred_size;
  widget_class->get_preferred_height = oriel_spinner_get_preferred_size;
  widget_class->map = oriel_spinner_map;
  widget_class->unmap = oriel_spinner_unmap;

  props[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                               | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  gtk_widget_class_set_css_name (widget_class, "oriel-spinner");
  gtk_widget_class_set_accessible_role (widget_class, ATK_ROLE_ANIMATION);
}

static void
oriel_spinner_init (OrielSpinner *self)
{
  gtk_widget_set_has_window (GTK_WIDGET (self), FALSE);
  /* Translators: the accessible name of the turning busy indicator */
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self)), _("Busy"));
}

GtkWidget *
oriel_spinner_new (void)
{
  return g_object_new (ORIEL_TYPE_SPINNER, NULL);
}

void
oriel_spinner_start (OrielSpinner *self)
{
  g_return_if_fail (ORIEL_IS_SPINNER (self));
  set_active (self, TRUE);
}

void
oriel_spinner_stop (OrielSpinner *self)
{
  g_return_if_fail (ORIEL_IS_SPINNER (self));
  set_active (self, FALSE);
}
