#include "config.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "e2e-util.h"
#include "oriel-channel-opener.h"
#include "oriel-connection.h"
#include "oriel-session.h"

/* Servers that misbehave, where no real one can: a VNC server that drops
 * the link at each stage of the handshake or sends malformed frames, and a
 * SPICE server that fails its link stage. Oriel's own session and display
 * code talks to them through a channel opener (as through the SSH tunnel)
 * whose other end is a scripted server in a thread: no port is opened.
 * Each case: a clear message, no crash, a main loop that never stalls past
 * E2E_MAX_STALL_MS, and a working session once the server behaves again. */

typedef enum
{
  VNC_GOOD,
  VNC_CLOSE_AT_ONCE,
  VNC_NOT_RFB,
  VNC_CLOSE_AFTER_VERSION,
  VNC_NO_SECURITY_TYPES,
  VNC_CLOSE_BEFORE_SERVER_INIT,
  VNC_BAD_PIXEL_FORMAT,
  VNC_RECT_OUT_OF_BOUNDS,
  VNC_UNKNOWN_ENCODING,
  VNC_HUGE_DESKTOP,
  VNC_CUT_TEXT,                 /* a good server whose guest copies text */
  VNC_KEEP_DRAWING,             /* a good server that answers every update request */
  SPICE_CLOSE_AT_ONCE,
  SPICE_BAD_MAGIC,
  SPICE_LINK_ERROR,
} Script;

#define FB_WIDTH 64
#define FB_HEIGHT 48

/* ----------------------------------------------------------- the server -- */

static gboolean
read_all (int fd, void *buf, gsize len)
{
  guint8 *p = buf;

  while (len > 0)
    {
      ssize_t n = read (fd, p, len);

      if (n <= 0)
        return FALSE;
      p += n, len -= n;
    }
  return TRUE;
}

static void
write_all (int fd, const void *buf, gsize len)
{
  const guint8 *p = buf;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n <= 0)
        return;
      p += n, len -= n;
    }
}

static void
put16 (guint8 *p, guint16 v)
{
  p[0] = v >> 8, p[1] = v;
}

static void
put32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v;
}

typedef struct
{
  guint8 bpp;
  gboolean big_endian;
  guint16 max[3];
  guint8 shift[3];
} PixelFormat;

/* The frame: one colour, in the pixel format the client asked for. */
static void
send_frame (int fd, const PixelFormat *pf, guint16 x, guint16 w, gint32 encoding)
{
  static const guint8 rgb[3] = { 0x33, 0x66, 0x99 };
  guint bytes = pf->bpp / 8;
  gsize size = 4 + 12 + (gsize) w * FB_HEIGHT * bytes;
  g_autofree guint8 *msg = g_malloc0 (size);
  guint32 pixel = 0;

  for (guint c = 0; c < 3; c++)
    pixel |= (guint32) (rgb[c] * pf->max[c] / 255) << pf->shift[c];
  msg[0] = 0;                             /* FramebufferUpdate */
  put16 (msg + 2, 1);
  put16 (msg + 4, x), put16 (msg + 6, 0), put16 (msg + 8, w), put16 (msg + 10, FB_HEIGHT);
  put32 (msg + 12, (guint32) encoding);
  for (gsize i = 0; i < (gsize) w * FB_HEIGHT; i++)
    for (guint b = 0; b < bytes; b++)
      msg[16 + i * bytes + b] = pf->big_endian ? pixel >> (8 * (bytes - 1 - b)) : pixel >> (8 * b);
  write_all (fd, msg, size);
}

/* What the guest "copies" (Latin-1, as RFB has it) and the last text the
 * client sent: the clipboard of a guest without an agent, which no lab
 * guest can produce. */
#define GUEST_CUT_TEXT "guest says caf\xe9"
static GMutex cut_lock;
static char *client_cut_text;

/* Reads client messages until the link ends, answering the first update
 * request with the frame (or the broken frame @script asks for). */
static void
serve_vnc (int fd, Script script, PixelFormat pf)
{
  gboolean sent = FALSE;
  guint8 type;

  while (read_all (fd, &type, 1))
    {
      guint8 buf[64];

      switch (type)
        {
        case 0:                            /* SetPixelFormat */
          if (!read_all (fd, buf, 19))
            return;
          pf.bpp = buf[3];
          pf.big_endian = buf[5] != 0;
          for (guint c = 0; c < 3; c++)
            pf.max[c] = (buf[7 + 2 * c] << 8) | buf[8 + 2 * c], pf.shift[c] = buf[13 + c];
          break;
        case 2:                            /* SetEncodings */
          {
            guint16 n;

            if (!read_all (fd, buf, 3))
              return;
            n = (buf[1] << 8) | buf[2];
            for (guint i = 0; i < n; i++)
              if (!read_all (fd, buf, 4))
                return;
            break;
          }
        case 3:                            /* FramebufferUpdateRequest */
          if (!read_all (fd, buf, 9))
            return;
          if (sent && script != VNC_KEEP_DRAWING)
            break;
          if (sent)
            g_usleep (20000);             /* a guest that keeps drawing, not a flood */
          sent = TRUE;
          if (script == VNC_RECT_OUT_OF_BOUNDS)
            send_frame (fd, &pf, FB_WIDTH - 4, FB_WIDTH, 0);
          else if (script == VNC_UNKNOWN_ENCODING)
            send_frame (fd, &pf, 0, FB_WIDTH, 0x4f524945);
          else
            send_frame (fd, &pf, 0, FB_WIDTH, 0);
          if (script == VNC_CUT_TEXT)
            {
              guint8 cut[8] = { 3 };       /* ServerCutText */

              put32 (cut + 4, strlen (GUEST_CUT_TEXT));
              write_all (fd, cut, sizeof cut);
              write_all (fd, GUEST_CUT_TEXT, strlen (GUEST_CUT_TEXT));
            }
          break;
        case 4:                            /* KeyEvent */
          if (!read_all (fd, buf, 7))
            return;
          break;
        case 5:                            /* PointerEvent */
          if (!read_all (fd, buf, 5))
            return;
          break;
        case 6:                            /* ClientCutText */
          {
            g_autoptr (GString) text = g_string_new (NULL);
            guint32 len;

            if (!read_all (fd, buf, 7))
              return;

            len = ((guint32) buf[3] << 24) | (buf[4] << 16) | (buf[5] << 8) | buf[6];
            for (guint32 i = 0; i < len; i++)
              {
                if (!read_all (fd, buf, 1))
                  return;
                g_string_append_c (text, (char) buf[0]);
              }
            g_mutex_lock (&cut_lock);
            g_free (client_cut_text);
            client_cut_text = g_string_free (g_steal_pointer (&text), FALSE);
            g_mutex_unlock (&cut_lock);
            break;
          }
        default:
          return;                          /* nothing else was offered */
        }
    }
}

static void
vnc_server (int fd, Script script)
{
  static const guint8 security_none[] = { 1, 1 };
  static const guint8 no_types[] = { 0, 0, 0, 0, 7, 'g', 'o', ' ', 'a', 'w', 'a', 'y' };
  guint8 buf[32];
  guint8 init[24 + 4] = { 0 };
  PixelFormat pf = { 32, FALSE, { 255, 255, 255 }, { 16, 8, 0 } };

  if (script == VNC_CLOSE_AT_ONCE)
    return;
  if (script == VNC_NOT_RFB)
    {
      write_all (fd, "HTTP/1.1 400 Bad Request\r\n\r\n", 28);
      read_all (fd, buf, 1);               /* until the client gives up */
      return;
    }
  write_all (fd, "RFB 003.008\n", 12);
  if (script == VNC_CLOSE_AFTER_VERSION || !read_all (fd, buf, 12))
    return;
  if (script == VNC_NO_SECURITY_TYPES)
    {
      write_all (fd, no_types, sizeof no_types);
      read_all (fd, buf, 1);
      return;
    }
  write_all (fd, security_none, sizeof security_none);
  if (!read_all (fd, buf, 1))
    return;
  write_all (fd, "\0\0\0\0", 4);          /* SecurityResult: OK */
  if (!read_all (fd, buf, 1) || script == VNC_CLOSE_BEFORE_SERVER_INIT)
    return;
  put16 (init, script == VNC_HUGE_DESKTOP ? 65535 : FB_WIDTH);
  put16 (init + 2, script == VNC_HUGE_DESKTOP ? 65535 : FB_HEIGHT);
  init[4] = script == VNC_BAD_PIXEL_FORMAT ? 7 : 32;   /* bits per pixel */
  init[5] = 24, init[6] = 0, init[7] = 1;
  put16 (init + 8, 255), put16 (init + 10, 255), put16 (init + 12, 255);
  init[14] = 16, init[15] = 8, init[16] = 0;
  put32 (init + 20, 4);
  memcpy (init + 24, "fake", 4);
  write_all (fd, init, sizeof init);
  serve_vnc (fd, script, pf);
}

static void
spice_server (int fd, Script script)
{
  guint8 header[16], reply[4 + 162 + 12] = { 0 };
  guint8 buf[256];

  if (script == SPICE_CLOSE_AT_ONCE)
    return;
  if (script == SPICE_BAD_MAGIC)
    {
      write_all (fd, "HTTP/1.1 400 Bad Request\r\n\r\n", 28);
      read_all (fd, buf, 1);
      return;
    }
  /* the client's link message: header, then its body */
  if (!read_all (fd, header, 16))
    return;
  memcpy (header, "REDQ", 4);
  header[4] = 2, header[5] = header[6] = header[7] = 0;    /* major 2, little-endian */
  header[8] = 2, header[9] = header[10] = header[11] = 0;  /* minor 2 */
  header[12] = sizeof reply, header[13] = header[14] = header[15] = 0;
  reply[0] = 3;                            /* SPICE_LINK_ERR_BAD_CONNECTION_ID */
  write_all (fd, header, sizeof header);
  write_all (fd, reply, sizeof reply);
  read_all (fd, buf, 1);
}

typedef struct
{
  int fd;
  Script script;
} Serve;

static gpointer
server_thread (gpointer data)
{
  Serve *serve = data;

  if (serve->script >= SPICE_CLOSE_AT_ONCE)
    spice_server (serve->fd, serve->script);
  else
    vnc_server (serve->fd, serve->script);
  close (serve->fd);
  g_free (serve);
  return NULL;
}

/* ----------------------------------------------------------- the opener -- */

#define FAKE_TYPE_OPENER (fake_opener_get_type ())
G_DECLARE_FINAL_TYPE (FakeOpener, fake_opener, FAKE, OPENER, GObject)

struct _FakeOpener
{
  GObject parent_instance;
  Script script;
  guint opened;
};

static void fake_opener_iface_init (OrielChannelOpenerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeOpener, fake_opener, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ORIEL_TYPE_CHANNEL_OPENER,
                                                      fake_opener_iface_init))

/* Each channel gets a socketpair: Oriel's end back, the other to a server. */
static void
fake_open_tcp_async (OrielChannelOpener *opener, const char *host, guint16 port,
                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  FakeOpener *self = FAKE_OPENER (opener);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  Serve *serve = g_new0 (Serve, 1);
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  serve->fd = fds[1];
  serve->script = self->script;
  self->opened++;
  g_thread_unref (g_thread_new ("fake-server", server_thread, serve));
  g_task_return_int (task, fds[0]);
}

static void
fake_open_unix_async (OrielChannelOpener *opener, const char *path, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  fake_open_tcp_async (opener, path, 0, cancellable, callback, user_data);
}

static int
fake_open_finish (OrielChannelOpener *opener, GAsyncResult *result, GError **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static void
fake_opener_iface_init (OrielChannelOpenerInterface *iface)
{
  iface->open_tcp_async = fake_open_tcp_async;
  iface->open_unix_async = fake_open_unix_async;
  iface->open_finish = fake_open_finish;
}

static void
fake_opener_class_init (FakeOpenerClass *klass)
{
}

static void
fake_opener_init (FakeOpener *self)
{
}

/* ---------------------------------------------------------- the client -- */

static OrielDomain *domain;
static GtkWidget *window;

typedef struct
{
  gboolean connected;
  gboolean disconnected;
  char *message;
  OrielDisplay *display;
} Outcome;

static void
connected_cb (OrielSession *session, Outcome *outcome)
{
  outcome->connected = TRUE;
}

static void
disconnected_cb (OrielSession *session, const GError *error, Outcome *outcome)
{
  outcome->disconnected = TRUE;
  g_free (outcome->message);
  outcome->message = g_strdup (error ? error->message : "");
}

static void
display_added_cb (OrielSession *session, OrielDisplay *display, Outcome *outcome)
{
  GtkWidget *previous = gtk_bin_get_child (GTK_BIN (window));

  outcome->display = display;
  if (previous != NULL)
    gtk_container_remove (GTK_CONTAINER (window), previous);
  gtk_container_add (GTK_CONTAINER (window), GTK_WIDGET (display));
  gtk_widget_show_all (window);
}

/* The widget stays in the window until the next case replaces it (a
 * display taken out while its server still draws is a case of its own). */
static void
display_removed_cb (OrielSession *session, OrielDisplay *display, Outcome *outcome)
{
  if (outcome->display == display)
    outcome->display = NULL;
}

static gboolean
ended (gpointer data)
{
  return ((Outcome *) data)->disconnected;
}

static gboolean
shows_frame (gpointer data)
{
  Outcome *outcome = data;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  const guint8 *px;

  if (outcome->display == NULL || !oriel_display_get_ready (outcome->display))
    return FALSE;
  pixbuf = oriel_display_get_pixbuf (outcome->display);
  if (pixbuf == NULL || gdk_pixbuf_get_width (pixbuf) != FB_WIDTH)
    return FALSE;
  px = gdk_pixbuf_read_pixels (pixbuf);
  return px[0] == 0x33 && px[1] == 0x66 && px[2] == 0x99;
}

static OrielSession *
session_for (const char *type, FakeOpener *opener, Outcome *outcome)
{
  g_autofree char *xml = g_strdup_printf ("<domain><devices><graphics type='%s' port='5900' "
                                          "autoport='no' listen='127.0.0.1'/></devices></domain>",
                                          type);
  g_autoptr (GPtrArray) infos = oriel_graphics_info_parse (xml, NULL);
  g_autoptr (OrielTransport) transport =
    oriel_transport_new (domain, g_ptr_array_index (infos, 0), "qemu+ssh://fake/system",
                         ORIEL_CHANNEL_OPENER (opener));
  OrielSession *session = oriel_session_new_for_transport (transport);

  g_signal_connect (session, "connected", G_CALLBACK (connected_cb), outcome);
  g_signal_connect (session, "disconnected", G_CALLBACK (disconnected_cb), outcome);
  g_signal_connect (session, "display-added", G_CALLBACK (display_added_cb), outcome);
  g_signal_connect (session, "display-removed", G_CALLBACK (display_removed_cb), outcome);
  return session;
}

/* A broken server: a message, no stall; then the same session against a
 * server that behaves shows its frame. */
static void
test_script (gconstpointer data)
{
  Script script = GPOINTER_TO_INT (data);
  gboolean spice = script >= SPICE_CLOSE_AT_ONCE;
  g_autoptr (FakeOpener) opener = g_object_new (FAKE_TYPE_OPENER, NULL);
  Outcome outcome = { 0 };
  g_autoptr (OrielSession) session = NULL;

  opener->script = script;
  session = session_for (spice ? "spice" : "vnc", opener, &outcome);
  e2e_stall_reset ();
  oriel_session_connect (session);
  if (script == VNC_BAD_PIXEL_FORMAT)
    {
      /* Oriel asks for its own pixel format, so what the server announced
       * is never decoded (gtk-vnc 1.3 would crash on this one). */
      g_assert_true (e2e_wait_until (shows_frame, &outcome, 20000));
      g_assert_false (outcome.disconnected);
      g_assert_cmpfloat (e2e_stall_longest_ms (), <, E2E_MAX_STALL_MS);
      oriel_session_disconnect (session);
      return;
    }
  if (!e2e_wait_until (ended, &outcome, 20000))
    g_error ("no end to a broken server (script %d): connected=%d", script, outcome.connected);
  g_test_message ("script %d: “%s”", script, outcome.message);
  g_assert_nonnull (outcome.message);
  /* A message that says what happened, not just that something did. */
  g_assert_true (g_str_has_prefix (outcome.message, spice ? "The SPICE connection failed: "
                                                          : "The VNC connection failed: "));
  g_test_message ("longest main loop stall: %.1f ms", e2e_stall_longest_ms ());
  g_assert_cmpfloat (e2e_stall_longest_ms (), <, E2E_MAX_STALL_MS);

  if (spice)
    return;                                /* a whole SPICE server is out of reach */
  /* The server is back, behaving. */
  opener->script = VNC_GOOD;
  outcome.disconnected = FALSE;
  oriel_session_connect (session);
  g_assert_true (e2e_wait_until (shows_frame, &outcome, 20000));
  g_assert_false (outcome.disconnected);
  oriel_session_disconnect (session);
  g_free (outcome.message);
}

static gboolean
clipboard_is (gpointer data)
{
  g_autofree char *text = gtk_clipboard_wait_for_text (gtk_clipboard_get (GDK_SELECTION_CLIPBOARD));

  return g_strcmp0 (text, data) == 0;
}

static gboolean
server_got (gpointer data)
{
  gboolean got;

  g_mutex_lock (&cut_lock);
  got = g_strcmp0 (client_cut_text, data) == 0;
  g_mutex_unlock (&cut_lock);
  return got;
}

/* VNC's own clipboard, both ways and converted between the protocol's
 * Latin-1 and UTF-8; nothing crosses once sharing is off. */
static void
test_vnc_clipboard (void)
{
  g_autoptr (FakeOpener) opener = g_object_new (FAKE_TYPE_OPENER, NULL);
  Outcome outcome = { 0 };
  g_autoptr (OrielSession) session = NULL;
  GtkClipboard *clipboard = gtk_clipboard_get (GDK_SELECTION_CLIPBOARD);

  gtk_clipboard_set_text (clipboard, "before", -1);
  opener->script = VNC_CUT_TEXT;
  session = session_for ("vnc", opener, &outcome);
  oriel_session_connect (session);
  g_assert_true (e2e_wait_until (shows_frame, &outcome, 20000));
  /* the guest's copy arrives on this computer's clipboard, in UTF-8 */
  g_assert_true (e2e_wait_until (clipboard_is, "guest says café", 5000));

  /* and this computer's copy reaches the guest, in Latin-1 */
  gtk_clipboard_set_text (clipboard, "host says naïve", -1);
  g_assert_true (e2e_wait_until (server_got, "host says na\xefve", 5000));

  /* sharing off: the next copy stays here */
  oriel_session_set_share_clipboard (session, FALSE);
  gtk_clipboard_set_text (clipboard, "private", -1);
  e2e_sleep (500);
  g_assert_true (server_got ("host says na\xefve"));
  oriel_session_disconnect (session);
  g_free (outcome.message);
}

/* A display taken out of its window (a tab closed) while its server still
 * draws: gtk-vnc's widget, now without a window, must not be handed the
 * updates (it asks its window for its size on each: a critical). */
static void
test_vnc_unrealized (void)
{
  g_autoptr (FakeOpener) opener = g_object_new (FAKE_TYPE_OPENER, NULL);
  Outcome outcome = { 0 };
  g_autoptr (OrielSession) session = NULL;
  GtkWidget *content;

  opener->script = VNC_KEEP_DRAWING;
  session = session_for ("vnc", opener, &outcome);
  oriel_session_connect (session);
  g_assert_true (e2e_wait_until (shows_frame, &outcome, 20000));
  content = oriel_display_get_content (outcome.display);
  gtk_container_remove (GTK_CONTAINER (window), GTK_WIDGET (outcome.display));
  g_assert_false (gtk_widget_get_realized (content));
  e2e_sleep (500);                         /* updates keep coming */
  g_assert_false (outcome.disconnected);
  oriel_session_disconnect (session);
  e2e_sleep (200);
  g_free (outcome.message);
}

static void
open_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_assert_true (oriel_connection_open_finish (ORIEL_CONNECTION (source), result, NULL));
  *(gboolean *) data = TRUE;
}

static gboolean
domain_known (gpointer data)
{
  return oriel_domain_get_state (data) != ORIEL_DOMAIN_STATE_UNKNOWN;
}

int
main (int argc, char **argv)
{
  static const struct { const char *name; Script script; } cases[] = {
    { "vnc/close-at-once", VNC_CLOSE_AT_ONCE },
    { "vnc/not-rfb", VNC_NOT_RFB },
    { "vnc/close-after-version", VNC_CLOSE_AFTER_VERSION },
    { "vnc/no-security-types", VNC_NO_SECURITY_TYPES },
    { "vnc/close-before-server-init", VNC_CLOSE_BEFORE_SERVER_INIT },
    { "vnc/bad-pixel-format", VNC_BAD_PIXEL_FORMAT },
    { "vnc/rect-out-of-bounds", VNC_RECT_OUT_OF_BOUNDS },
    { "vnc/unknown-encoding", VNC_UNKNOWN_ENCODING },
    { "vnc/huge-desktop", VNC_HUGE_DESKTOP },
    { "spice/close-at-once", SPICE_CLOSE_AT_ONCE },
    { "spice/bad-magic", SPICE_BAD_MAGIC },
    { "spice/link-error", SPICE_LINK_ERROR },
  };
  g_autoptr (OrielConnection) connection = NULL;
  gboolean open = FALSE;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  /* A domain to hang the transport on: libvirt's own test driver. */
  connection = oriel_connection_new ("test:///default", FALSE);
  oriel_connection_open_async (connection, NULL, open_cb, &open);
  g_assert_true (e2e_wait_until (e2e_flag_set, &open, 10000));
  domain = oriel_connection_find_domain (connection, "test");
  g_assert_true (e2e_wait_until (domain_known, domain, 10000));
  window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  gtk_window_set_default_size (GTK_WINDOW (window), 200, 200);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/e2e/fake-server/", cases[i].name, NULL);

      g_test_add_data_func (path, GINT_TO_POINTER (cases[i].script), test_script);
    }
  g_test_add_func ("/e2e/fake-server/vnc/clipboard", test_vnc_clipboard);
  g_test_add_func ("/e2e/fake-server/vnc/unrealized", test_vnc_unrealized);
  status = g_test_run ();
  gtk_widget_destroy (window);
  return status;
}
