#define G_LOG_DOMAIN "oriel-console"

#include "config.h"

#include "oriel-display-keys.h"
#include "oriel-display-spice.h"

/* One guest monitor: a monitor of a SPICE display channel. A QXL card with
 * several heads has one channel with several monitors; virtio-gpu heads and
 * extra QXL cards have a channel each. */
struct _OrielDisplaySpice
{
  OrielDisplay parent_instance;

  SpiceSession *session;        /* not a reference: the session holds the channel */
  SpiceDisplay *spice;
  SpiceChannel *channel;
  int channel_id;
  int monitor_id;
};

G_DEFINE_FINAL_TYPE (OrielDisplaySpice, oriel_display_spice, ORIEL_TYPE_DISPLAY)

/* The monitor's own size: the channel's monitors config names it, else (a
 * server without one) the monitor is the whole primary surface. */
static void
update_size (OrielDisplaySpice *self)
{
  g_autoptr (GArray) monitors = NULL;
  SpiceDisplayPrimary primary;

  g_object_get (self->channel, "monitors", &monitors, NULL);
  for (guint i = 0; monitors != NULL && i < monitors->len; i++)
    {
      SpiceDisplayMonitorConfig *config = &g_array_index (monitors, SpiceDisplayMonitorConfig, i);

      if ((int) config->id == self->monitor_id && config->surface_id == 0)
        {
          oriel_display_set_desktop_size (ORIEL_DISPLAY (self), (int) config->width,
                                          (int) config->height);
          return;
        }
    }
  if (self->monitor_id == 0
      && spice_display_channel_get_primary (self->channel, 0, &primary))
    oriel_display_set_desktop_size (ORIEL_DISPLAY (self), primary.width, primary.height);
}

static void
primary_create_cb (SpiceChannel *channel, int format, int width, int height, int stride,
                   int shmid, gpointer imgdata, OrielDisplaySpice *self)
{
  update_size (self);
}

static void
monitors_cb (GObject *channel, GParamSpec *pspec, OrielDisplaySpice *self)
{
  update_size (self);
}

static SpiceMainChannel *
find_main_channel (SpiceSession *session)
{
  g_autoptr (GList) channels = spice_session_get_channels (session);

  for (GList *l = channels; l != NULL; l = l->next)
    if (SPICE_IS_MAIN_CHANNEL (l->data))
      return l->data;
  return NULL;
}

static void
oriel_display_spice_release_grab (OrielDisplay *display)
{
  spice_display_mouse_ungrab (ORIEL_DISPLAY_SPICE (display)->spice);
}

/* The keyboard focus moved to another widget of the window (a page switch,
 * a new window's default focus): spice-gtk keeps believing it has the
 * focus while it holds the pointer, and would later grab without it. */
static void
window_set_focus_cb (GtkWindow *window, GtkWidget *focus, OrielDisplaySpice *self)
{
  if (focus != GTK_WIDGET (self->spice))
    spice_display_mouse_ungrab (self->spice);
}

static void
hierarchy_changed_cb (GtkWidget *widget, GtkWidget *previous, OrielDisplaySpice *self)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (widget);

  if (previous != NULL)
    g_signal_handlers_disconnect_by_func (previous, window_set_focus_cb, self);
  if (GTK_IS_WINDOW (toplevel))
    g_signal_connect_object (toplevel, "set-focus", G_CALLBACK (window_set_focus_cb), self, 0);
}

/* spice-gtk collects every monitor's request and sends one monitors config
 * to the guest a moment later. */
static void
oriel_display_spice_set_guest_geometry (OrielDisplay *display, gboolean enabled, int x, int y,
                                        int width, int height)
{
  OrielDisplaySpice *self = ORIEL_DISPLAY_SPICE (display);
  SpiceMainChannel *main_channel = find_main_channel (self->session);
  int id = (int) oriel_display_get_monitor (display);

  if (main_channel == NULL)
    return;
  if (enabled && width > 0 && height > 0)
    spice_main_channel_update_display (main_channel, id, x, y, width, height, FALSE);
  spice_main_channel_update_display_enabled (main_channel, id, enabled, TRUE);
}

static void
ready_cb (GObject *spice, GParamSpec *pspec, OrielDisplaySpice *self)
{
  gboolean ready = FALSE;

  g_object_get (spice, "ready", &ready, NULL);
  oriel_display_set_ready (ORIEL_DISPLAY (self), ready);
}

static void
keyboard_grab_cb (SpiceDisplay *spice, int grabbed, OrielDisplaySpice *self)
{
  oriel_display_set_grabbed (ORIEL_DISPLAY (self), grabbed != 0);
}

static void
oriel_display_spice_send_keys (OrielDisplay *display, const guint *keyvals, guint n_keyvals)
{
  OrielDisplaySpice *self = ORIEL_DISPLAY_SPICE (display);

  guint delay = 0;

  /* spice-gtk holds each press back (keypress-delay) to merge it with its
   * release; keys sent in a burst then overtake each other. Sent keys are
   * whole clicks already: no delay for them. */
  g_object_get (self->spice, "keypress-delay", &delay, NULL);
  g_object_set (self->spice, "keypress-delay", 0u, NULL);
  spice_display_send_keys (self->spice, keyvals, (int) n_keyvals,
                           SPICE_DISPLAY_KEY_EVENT_CLICK);
  g_object_set (self->spice, "keypress-delay", delay, NULL);
}

static GdkPixbuf *
oriel_display_spice_get_pixbuf (OrielDisplay *display)
{
  OrielDisplaySpice *self = ORIEL_DISPLAY_SPICE (display);

  if (!oriel_display_get_ready (display))
    return NULL;
  return spice_display_get_pixbuf (self->spice);
}

static void
oriel_display_spice_dispose (GObject *object)
{
  OrielDisplaySpice *self = ORIEL_DISPLAY_SPICE (object);

  if (self->channel != NULL)
    g_signal_handlers_disconnect_by_data (self->channel, self);
  g_clear_object (&self->channel);
  G_OBJECT_CLASS (oriel_display_spice_parent_class)->dispose (object);
}

static void
oriel_display_spice_class_init (OrielDisplaySpiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  OrielDisplayClass *display_class = ORIEL_DISPLAY_CLASS (klass);

  object_class->dispose = oriel_display_spice_dispose;
  display_class->send_keys = oriel_display_spice_send_keys;
  display_class->get_pixbuf = oriel_display_spice_get_pixbuf;
  display_class->set_guest_geometry = oriel_display_spice_set_guest_geometry;
  display_class->release_grab = oriel_display_spice_release_grab;
}

static void
oriel_display_spice_init (OrielDisplaySpice *self)
{
}

OrielDisplay *
oriel_display_spice_new (SpiceSession *session, SpiceChannel *display_channel, int monitor_id)
{
  OrielDisplaySpice *self;
  SpiceGrabSequence *seq;
  int channel_id = 0;

  g_return_val_if_fail (SPICE_IS_SESSION (session), NULL);
  g_return_val_if_fail (SPICE_IS_DISPLAY_CHANNEL (display_channel), NULL);

  self = g_object_new (ORIEL_TYPE_DISPLAY_SPICE, NULL);
  self->session = session;
  self->channel = g_object_ref (display_channel);
  g_object_get (display_channel, "channel-id", &channel_id, NULL);
  self->channel_id = channel_id;
  self->monitor_id = monitor_id;
  /* The guest's monitor number, as spice-gtk's main channel and virt-viewer
   * count them: by channel, or by monitor within the one channel. */
  oriel_display_set_monitor (ORIEL_DISPLAY (self), channel_id > 0 ? channel_id : monitor_id);

  self->spice = spice_display_new_with_monitor (session, channel_id, monitor_id);
  /* the base class decides the size; keep the guest's own resolution */
  g_object_set (self->spice, "scaling", TRUE, "resize-guest", FALSE, "grab-keyboard", TRUE,
                "grab-mouse", TRUE, NULL);
  seq = spice_grab_sequence_new_from_string (oriel_display_keys_get_release ());
  spice_display_set_grab_keys (self->spice, seq);
  spice_grab_sequence_free (seq);

  g_signal_connect_object (display_channel, "display-primary-create",
                           G_CALLBACK (primary_create_cb), self, 0);
  g_signal_connect_object (display_channel, "notify::monitors", G_CALLBACK (monitors_cb), self, 0);
  g_signal_connect_object (self->spice, "notify::ready", G_CALLBACK (ready_cb), self, 0);
  g_signal_connect_object (self->spice, "keyboard-grab", G_CALLBACK (keyboard_grab_cb), self, 0);

  oriel_display_keys_watch (ORIEL_DISPLAY (self), GTK_WIDGET (self->spice));
  g_signal_connect_object (self->spice, "hierarchy-changed", G_CALLBACK (hierarchy_changed_cb),
                           self, 0);
  gtk_container_add (GTK_CONTAINER (self), GTK_WIDGET (self->spice));
  gtk_widget_show (GTK_WIDGET (self->spice));
  update_size (self);
  return ORIEL_DISPLAY (self);
}

/* Returns: (transfer none) */
SpiceChannel *
oriel_display_spice_get_channel (OrielDisplaySpice *self)
{
  g_return_val_if_fail (ORIEL_IS_DISPLAY_SPICE (self), NULL);
  return self->channel;
}

/* Which monitor of its channel this shows. */
int
oriel_display_spice_get_monitor_id (OrielDisplaySpice *self)
{
  g_return_val_if_fail (ORIEL_IS_DISPLAY_SPICE (self), 0);
  return self->monitor_id;
}
