#define G_LOG_DOMAIN "oriel-console"

#include "config.h"

#include <string.h>

#include "oriel-display-keys.h"
#include "oriel-display-vnc.h"

struct _OrielDisplayVnc
{
  OrielDisplay parent_instance;

  VncDisplay *vnc;
  gboolean share_clipboard;
  gboolean updates_blocked;     /* the widget has no window: see vnc_unrealize_cb */
  char *last_cut_text;          /* the guest's clipboard, as we last set it here */
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

/* RFB carries clipboard text as Latin-1 (RFC 6143, 7.5.6 and 7.6.4). */
#define MAX_CUT_TEXT (1024 * 1024)

static void
server_cut_text_cb (VncDisplay *vnc, const char *text, OrielDisplayVnc *self)
{
  g_autofree char *utf8 = NULL;
  GtkClipboard *clipboard;

  /* nothing from the server is taken unchecked: shared only when asked,
   * bounded, and converted from the protocol's character set */
  if (!self->share_clipboard || text == NULL || strlen (text) > MAX_CUT_TEXT)
    return;
  utf8 = g_convert (text, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  if (utf8 == NULL)
    return;
  g_free (self->last_cut_text);
  self->last_cut_text = g_strdup (utf8);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self), GDK_SELECTION_CLIPBOARD);
  gtk_clipboard_set_text (clipboard, utf8, -1);
}

static void
client_text_cb (GtkClipboard *clipboard, const char *text, gpointer data)
{
  g_autoptr (OrielDisplayVnc) self = data;
  g_autofree char *latin1 = NULL;

  if (text == NULL || !self->share_clipboard || !vnc_display_is_open (self->vnc))
    return;
  /* our own copy of the guest's text coming back: not news for the guest */
  if (g_strcmp0 (text, self->last_cut_text) == 0)
    return;
  latin1 = g_convert_with_fallback (text, -1, "ISO-8859-1", "UTF-8", "?", NULL, NULL, NULL);
  if (latin1 != NULL && strlen (latin1) <= MAX_CUT_TEXT)
    vnc_display_client_cut_text (self->vnc, latin1);
}

static void
owner_change_cb (GtkClipboard *clipboard, GdkEvent *event, OrielDisplayVnc *self)
{
  if (self->share_clipboard && vnc_display_is_open (self->vnc))
    gtk_clipboard_request_text (clipboard, client_text_cb, g_object_ref (self));
}

/* gtk-vnc's widget reads its GdkWindow's size on every framebuffer update,
 * and its connection keeps delivering updates for a moment after the widget
 * lost its window (a closed tab or window, before the link is down). While
 * the widget has no window, its handler for them is held back; nothing is
 * lost, the next update after realize redraws. */
static void
vnc_unrealize_cb (GtkWidget *vnc, OrielDisplayVnc *self)
{
  VncConnection *conn = vnc_display_get_connection (self->vnc);

  if (conn != NULL && !self->updates_blocked)
    {
      guint n = g_signal_handlers_block_matched (conn, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DATA,
                                                 g_signal_lookup ("vnc-framebuffer-update",
                                                                  VNC_TYPE_CONNECTION),
                                                 0, NULL, NULL, self->vnc);

      if (n != 1)
        g_debug ("gtk-vnc has %u framebuffer-update handlers; expected one", n);
      self->updates_blocked = TRUE;
    }
}

static void
vnc_realize_cb (GtkWidget *vnc, OrielDisplayVnc *self)
{
  VncConnection *conn = vnc_display_get_connection (self->vnc);

  if (conn != NULL && self->updates_blocked)
    {
      g_signal_handlers_unblock_matched (conn, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DATA,
                                         g_signal_lookup ("vnc-framebuffer-update",
                                                          VNC_TYPE_CONNECTION),
                                         0, NULL, NULL, self->vnc);
      self->updates_blocked = FALSE;
    }
}

static gboolean pointer_local;

/* --cursor=local: every VNC display draws this computer's own pointer,
 * for servers whose cursor lags or is missing. */
void
oriel_display_vnc_set_default_pointer_local (gboolean local)
{
  pointer_local = local;
}

/* JPEG ("tight" with quality) for slow links: less traffic, some blur. */
void
oriel_display_vnc_set_lossy (OrielDisplayVnc *self, gboolean lossy)
{
  g_return_if_fail (ORIEL_IS_DISPLAY_VNC (self));
  vnc_display_set_lossy_encoding (self->vnc, lossy);
}

/* Clipboard text both ways while @share is TRUE. */
void
oriel_display_vnc_set_share_clipboard (OrielDisplayVnc *self, gboolean share)
{
  g_return_if_fail (ORIEL_IS_DISPLAY_VNC (self));
  self->share_clipboard = share;
}

static void
oriel_display_vnc_finalize (GObject *object)
{
  g_free (ORIEL_DISPLAY_VNC (object)->last_cut_text);
  G_OBJECT_CLASS (oriel_display_vnc_parent_class)->finalize (object);
}

static void
oriel_display_vnc_class_init (OrielDisplayVncClass *klass)
{
  OrielDisplayClass *display_class = ORIEL_DISPLAY_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = oriel_display_vnc_finalize;
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
  vnc_display_set_pointer_local (self->vnc, pointer_local);
  gtk_widget_set_can_focus (GTK_WIDGET (self->vnc), TRUE);

  g_signal_connect_object (self->vnc, "vnc-initialized", G_CALLBACK (initialized_cb), self, 0);
  g_signal_connect_object (self->vnc, "vnc-desktop-resize", G_CALLBACK (resize_cb), self, 0);
  g_signal_connect_object (self->vnc, "vnc-disconnected", G_CALLBACK (disconnected_cb), self, 0);
  g_signal_connect_object (self->vnc, "vnc-keyboard-grab", G_CALLBACK (keyboard_grab_cb), self, 0);
  g_signal_connect_object (self->vnc, "vnc-keyboard-ungrab",
                           G_CALLBACK (keyboard_ungrab_cb), self, 0);
  g_signal_connect_object (self->vnc, "vnc-server-cut-text", G_CALLBACK (server_cut_text_cb),
                           self, 0);
  g_signal_connect_object (self->vnc, "unrealize", G_CALLBACK (vnc_unrealize_cb), self, 0);
  g_signal_connect_object (self->vnc, "realize", G_CALLBACK (vnc_realize_cb), self,
                           G_CONNECT_AFTER);
  /* not realized yet: held back until it is */
  vnc_unrealize_cb (GTK_WIDGET (self->vnc), self);
  self->share_clipboard = TRUE;
  g_signal_connect_object (gtk_clipboard_get (GDK_SELECTION_CLIPBOARD), "owner-change",
                           G_CALLBACK (owner_change_cb), self, 0);

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
