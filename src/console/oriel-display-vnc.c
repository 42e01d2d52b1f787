#define G_LOG_DOMAIN "oriel-console"

#include "config.h"

#include "oriel-display-keys.h"
#include "oriel-display-vnc.h"

struct _OrielDisplayVnc
{
  OrielDisplay parent_instance;

  VncDisplay *vnc;
};

G_DEFINE_FINAL_TYPE (OrielDisplayVnc, oriel_display_vnc, ORIEL_TYPE_DISPLAY)

static void
update_size (OrielDisplayVnc *self)
{
  oriel_display_set_desktop_size (ORIEL_DISPLAY (self), vnc_display_get_width (self->vnc),
                                  vnc_display_get_height (self->vnc));
}

static void
initialized_cb (VncDisplay *vnc, OrielDisplayVnc *self)
{
  update_size (self);
  oriel_display_set_ready (ORIEL_DISPLAY (self), TRUE);
}

static void
resize_cb (VncDisplay *vnc, int width, int height, OrielDisplayVnc *self)
{
  oriel_display_set_desktop_size (ORIEL_DISPLAY (self), width, height);
}

static void
disconnected_cb (VncDisplay *vnc, OrielDisplayVnc *self)
{
  oriel_display_set_ready (ORIEL_DISPLAY (self), FALSE);
  oriel_display_set_grabbed (ORIEL_DISPLAY (self), FALSE);
}

static void
keyboard_grab_cb (VncDisplay *vnc, OrielDisplayVnc *self)
{
  oriel_display_set_grabbed (ORIEL_DISPLAY (self), TRUE);
}

static void
keyboard_ungrab_cb (VncDisplay *vnc, OrielDisplayVnc *self)
{
  oriel_display_set_grabbed (ORIEL_DISPLAY (self), FALSE);
}

static void
oriel_display_vnc_send_keys (OrielDisplay *display, const guint *keyvals, guint n_keyvals)
{
  OrielDisplayVnc *self = ORIEL_DISPLAY_VNC (display);

  vnc_display_send_keys (self->vnc, keyvals, (int) n_keyvals);
}

static GdkPixbuf *
oriel_display_vnc_get_pixbuf (OrielDisplay *display)
{
  OrielDisplayVnc *self = ORIEL_DISPLAY_VNC (display);

  if (!vnc_display_is_open (self->vnc))
    return NULL;
  return vnc_display_get_pixbuf (self->vnc);
}

static void
oriel_display_vnc_class_init (OrielDisplayVncClass *klass)
{
  OrielDisplayClass *display_class = ORIEL_DISPLAY_CLASS (klass);

  display_class->send_keys = oriel_display_vnc_send_keys;
  display_class->get_pixbuf = oriel_display_vnc_get_pixbuf;
}

static void
oriel_display_vnc_init (OrielDisplayVnc *self)
{
  VncGrabSequence *seq = vnc_grab_sequence_new_from_string (oriel_display_keys_get_release ());

  self->vnc = VNC_DISPLAY (vnc_display_new ());
  /* the base class decides the size; the widget only scales into it */
  vnc_display_set_scaling (self->vnc, TRUE);
  vnc_display_set_keep_aspect_ratio (self->vnc, TRUE);
  vnc_display_set_grab_keys (self->vnc, seq);
  vnc_grab_sequence_free (seq);
  vnc_display_set_pointer_grab (self->vnc, TRUE);
  vnc_display_set_keyboard_grab (self->vnc, TRUE);
  vnc_display_set_shared_flag (self->vnc, TRUE);
  /* Always ask for a pixel format of our own choosing (24-bit colour,
   * what QEMU sends anyway) rather than decoding in whatever the server
   * announces: gtk-vnc 1.3 has no code for some formats a malicious server
   * can announce (7 bits per pixel) and crashes on them. */
  vnc_display_set_depth (self->vnc, VNC_DISPLAY_DEPTH_COLOR_FULL);
  gtk_widget_set_can_focus (GTK_WIDGET (self->vnc), TRUE);

  g_signal_connect_object (self->vnc, "vnc-initialized", G_CALLBACK (initialized_cb), self, 0);
  g_signal_connect_object (self->vnc, "vnc-desktop-resize", G_CALLBACK (resize_cb), self, 0);
  g_signal_connect_object (self->vnc, "vnc-disconnected", G_CALLBACK (disconnected_cb), self, 0);
  g_signal_connect_object (self->vnc, "vnc-keyboard-grab", G_CALLBACK (keyboard_grab_cb), self, 0);
  g_signal_connect_object (self->vnc, "vnc-keyboard-ungrab",
                           G_CALLBACK (keyboard_ungrab_cb), self, 0);

  oriel_display_keys_watch (ORIEL_DISPLAY (self), GTK_WIDGET (self->vnc));
  gtk_container_add (GTK_CONTAINER (self), GTK_WIDGET (self->vnc));
  gtk_widget_show (GTK_WIDGET (self->vnc));
}

OrielDisplay *
oriel_display_vnc_new (void)
{
  return g_object_new (ORIEL_TYPE_DISPLAY_VNC, NULL);
}

/* Returns: (transfer none) */
VncDisplay *
oriel_display_vnc_get_vnc (OrielDisplayVnc *self)
{
  g_return_val_if_fail (ORIEL_IS_DISPLAY_VNC (self), NULL);
  return self->vnc;
}
