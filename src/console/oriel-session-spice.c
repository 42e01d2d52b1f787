#define G_LOG_DOMAIN "oriel-console"

#include "config.h"

#include <glib/gi18n.h>
#include <spice-client-gtk.h>
#include <string.h>
#include <unistd.h>

#include "oriel-display-spice.h"
#include "oriel-error.h"
#include "oriel-session-spice.h"
#include "oriel-session-spice-private.h"

/* SPICE with client-provided sockets: every channel asks for its own fd
 * (open-fd) and the transport decides where it comes from (a direct target
 * is the exception, see configure_direct). Each connection
 * attempt gets a fresh SpiceSession, so nothing of a failed one lingers. */

G_DEFINE_FINAL_TYPE (OrielSessionSpice, oriel_session_spice, ORIEL_TYPE_SESSION)

enum
{
  FILE_TRANSFER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* spice-gtk's display copies files dropped on it to the guest's agent;
 * each copy is announced so its progress can be shown and cancelled. */
static void
new_file_transfer_cb (SpiceMainChannel *channel, SpiceFileTransferTask *task,
                      OrielSessionSpice *self)
{
  g_signal_emit (self, signals[FILE_TRANSFER], 0, task);
}

typedef struct
{
  OrielSessionSpice *self;
  SpiceChannel *channel;
  SpiceSession *session;        /* not a reference: only compared */
} FdRequest;

static void
fd_request_free (FdRequest *request)
{
  g_object_unref (request->self);
  g_object_unref (request->channel);
  g_free (request);
}

static void drop_spice (OrielSessionSpice *self);

static void
fd_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  FdRequest *request = user_data;
  OrielSessionSpice *self = request->self;
  g_autoptr (GError) error = NULL;
  int fd;

  fd = oriel_session_open_fd_finish (ORIEL_SESSION (self), result, &error);
  if (fd < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          drop_spice (self);
          oriel_session_emit_disconnected (ORIEL_SESSION (self), error);
        }
    }
  else if (self->spice == NULL || request->session != self->spice)
    {
      close (fd);  /* a channel of a session given up meanwhile */
    }
  else if (!spice_channel_open_fd (request->channel, fd))  /* spice-gtk owns fd now */
    {
      g_debug ("SPICE channel refused its fd");
      close (fd);  /* refused: still ours */
    }
  fd_request_free (request);
}

static void
open_fd_cb (SpiceChannel *channel, int with_tls, OrielSessionSpice *self)
{
  FdRequest *request = g_new0 (FdRequest, 1);

  request->self = g_object_ref (self);
  request->channel = g_object_ref (channel);
  request->session = self->spice;
  oriel_session_open_fd_async (ORIEL_SESSION (self), with_tls != 0, fd_ready_cb, request);
}

/* What went wrong, when spice-gtk gives no message of its own. */
static const char *
event_message (SpiceChannelEvent event)
{
  switch (event)
    {
    case SPICE_CHANNEL_ERROR_CONNECT:
      return _("The SPICE connection failed: the display could not be reached.");
    case SPICE_CHANNEL_ERROR_TLS:
      return _("The SPICE connection failed: the TLS handshake did not succeed.");
    case SPICE_CHANNEL_ERROR_LINK:
      return _("The SPICE connection failed: the server did not answer as a SPICE server (is this the right port?).");
    case SPICE_CHANNEL_ERROR_IO:
    default:
      return _("The SPICE connection failed: the link broke off.");
    }
}

static void
main_event_cb (SpiceChannel *channel, SpiceChannelEvent event, OrielSessionSpice *self)
{
  OrielSession *session = ORIEL_SESSION (self);
  g_autoptr (GError) error = NULL;
  const GError *spice_error;
  gboolean had_password;

  switch (event)
    {
    case SPICE_CHANNEL_OPENED:
      oriel_session_emit_connected (session);
      return;

    case SPICE_CHANNEL_ERROR_AUTH:
      had_password = oriel_session_get_password (session) != NULL;
      oriel_session_forget_password (session);
      drop_spice (self);
      oriel_session_request_auth (session, FALSE,
                                  had_password ? _("The password was not accepted.") : NULL);
      return;

    case SPICE_CHANNEL_CLOSED:
    case SPICE_CHANNEL_ERROR_CONNECT:
    case SPICE_CHANNEL_ERROR_TLS:
    case SPICE_CHANNEL_ERROR_LINK:
    case SPICE_CHANNEL_ERROR_IO:
      spice_error = spice_channel_get_error (channel);
      if (spice_error != NULL)
        error = g_error_new (ORIEL_ERROR, ORIEL_ERROR_FAILED, _("The SPICE connection failed: %s"),
                             spice_error->message);
      else if (event == SPICE_CHANNEL_CLOSED)
        error = g_error_new_literal (ORIEL_ERROR, ORIEL_ERROR_FAILED,
                                     _("The SPICE server closed the connection."));
      else
        error = g_error_new_literal (ORIEL_ERROR, ORIEL_ERROR_FAILED, event_message (event));
      drop_spice (self);
      oriel_session_emit_disconnected (session, error);
      return;

    case SPICE_CHANNEL_NONE:
    case SPICE_CHANNEL_SWITCHING:
    default:
      return;
    }
}

/* A channel that finished its handshake (or failed it) has settled. */
static void
channel_settled_cb (SpiceChannel *channel, SpiceChannelEvent event, gpointer data)
{
  g_object_set_data (G_OBJECT (channel), "oriel-settled", GINT_TO_POINTER (TRUE));
}

static gboolean
has_display (OrielSessionSpice *self, SpiceChannel *channel, int monitor_id)
{
  GPtrArray *displays = oriel_session_get_displays (ORIEL_SESSION (self));

  for (guint i = 0; displays != NULL && i < displays->len; i++)
    {
      OrielDisplaySpice *display = g_ptr_array_index (displays, i);

      if (oriel_display_spice_get_channel (display) == channel
          && oriel_display_spice_get_monitor_id (display) == monitor_id)
        return TRUE;
    }
  return FALSE;
}

/* A display for every monitor the channel may have (a QXL card's heads),
 * whether the guest has turned it on yet or not: the user can ask for it. */
static void
monitors_max_cb (SpiceChannel *channel, GParamSpec *pspec, OrielSessionSpice *self)
{
  guint max = 1;

  if (self->spice == NULL)
    return;
  g_object_get (channel, "monitors-max", &max, NULL);
  /* the bound is QEMU's; more would be a server's mistake */
  max = CLAMP (max, 1, 16);
  for (guint i = 0; i < max; i++)
    if (!has_display (self, channel, (int) i))
      oriel_session_add_display (ORIEL_SESSION (self),
                                 oriel_display_spice_new (self->spice, channel, (int) i));
}

static void
agent_connected_cb (SpiceChannel *channel, GParamSpec *pspec, OrielSessionSpice *self)
{
  gboolean connected = FALSE;

  g_object_get (channel, "agent-connected", &connected, NULL);
  oriel_session_set_guest_agent (ORIEL_SESSION (self), connected);
}

static void
channel_new_cb (SpiceSession *spice, SpiceChannel *channel, OrielSessionSpice *self)
{
  g_signal_connect (channel, "channel-event", G_CALLBACK (channel_settled_cb), NULL);
  g_signal_connect_object (channel, "open-fd", G_CALLBACK (open_fd_cb), self, 0);
  oriel_session_spice_watch_audio (self, channel);

  if (SPICE_IS_MAIN_CHANNEL (channel))
    {
      g_set_object (&self->main_channel, channel);
      g_signal_connect_object (channel, "channel-event", G_CALLBACK (main_event_cb), self, 0);
      g_signal_connect_object (channel, "new-file-transfer", G_CALLBACK (new_file_transfer_cb),
                               self, 0);
      g_signal_connect_object (channel, "notify::agent-connected",
                               G_CALLBACK (agent_connected_cb), self, 0);
    }
  else if (SPICE_IS_DISPLAY_CHANNEL (channel))
    {
      g_signal_connect_object (channel, "notify::monitors-max", G_CALLBACK (monitors_max_cb),
                               self, 0);
      monitors_max_cb (channel, NULL, self);
    }
}

static void
channel_destroy_cb (SpiceSession *spice, SpiceChannel *channel, OrielSessionSpice *self)
{
  GPtrArray *displays = oriel_session_get_displays (ORIEL_SESSION (self));

  if (!SPICE_IS_DISPLAY_CHANNEL (channel) || displays == NULL)
    return;
  g_signal_handlers_disconnect_by_func (channel, monitors_max_cb, self);
  for (guint i = displays->len; i > 0; i--)
    {
      OrielDisplay *display = g_ptr_array_index (displays, i - 1);

      if (oriel_display_spice_get_channel (ORIEL_DISPLAY_SPICE (display)) == channel)
        oriel_session_remove_display (ORIEL_SESSION (self), display);
    }
}

/* Ends the current SpiceSession quietly: its events are no longer news. */
static void
release_session (SpiceSession *spice)
{
  g_object_unref (spice);
}

#define SETTLE_TIMEOUT_MS 3000

typedef struct
{
  SpiceSession *spice;
  guint timeout_id;
} Teardown;

static gboolean
channels_settled (SpiceSession *spice)
{
  g_autoptr (GList) channels = spice_session_get_channels (spice);

  for (GList *l = channels; l != NULL; l = l->next)
    if (g_object_get_data (l->data, "oriel-settled") == NULL)
      return FALSE;
  return TRUE;
}

static void teardown_event_cb (SpiceChannel *channel, SpiceChannelEvent event, Teardown *teardown);

/* Takes the reference on @spice: it goes once its last channel has. */
static void
disconnect_session (SpiceSession *spice)
{
  g_autoptr (GList) channels = spice_session_get_channels (spice);

  if (channels == NULL)
    {
      g_object_unref (spice);
      return;
    }
  g_signal_connect (spice, "disconnected", G_CALLBACK (release_session), NULL);
  spice_session_disconnect (spice);
}

static void
teardown_finish (Teardown *teardown)
{
  g_autoptr (GList) channels = spice_session_get_channels (teardown->spice);

  for (GList *l = channels; l != NULL; l = l->next)
    g_signal_handlers_disconnect_by_func (l->data, teardown_event_cb, teardown);
  g_clear_handle_id (&teardown->timeout_id, g_source_remove);
  disconnect_session (teardown->spice);
  g_free (teardown);
}

static void
teardown_event_cb (SpiceChannel *channel, SpiceChannelEvent event, Teardown *teardown)
{
  /* after channel_settled_cb, connected first */
  if (channels_settled (teardown->spice))
    teardown_finish (teardown);
}

static gboolean
teardown_timeout_cb (gpointer data)
{
  Teardown *teardown = data;

  teardown->timeout_id = 0;
  teardown_finish (teardown);
  return G_SOURCE_REMOVE;
}

static void
drop_spice (OrielSessionSpice *self)
{
  GPtrArray *displays = oriel_session_get_displays (ORIEL_SESSION (self));
  SpiceSession *spice = g_steal_pointer (&self->spice);
  GList *channels;

  if (self->main_channel != NULL)
    g_signal_handlers_disconnect_by_data (self->main_channel, self);
  g_clear_object (&self->main_channel);
  oriel_session_set_guest_agent (ORIEL_SESSION (self), FALSE);
  if (spice == NULL)
    return;
  g_signal_handlers_disconnect_by_data (spice, self);
  /* A session on its way out shares nothing more: spice-gtk's clipboard
   * code, which still watches this computer's clipboard until the session
   * is gone, must not ask it anything meanwhile. */
  g_object_set (spice_gtk_session_get (spice), "auto-clipboard", FALSE, NULL);
  while (displays != NULL && displays->len > 0)
    oriel_session_remove_display (ORIEL_SESSION (self), g_ptr_array_index (displays, 0));
  /* Channels keep running their coroutines for a moment after a disconnect
   * and still look at their session, which they do not hold: it may only
   * go once the last channel has (spice-gtk then says "disconnected").
   * And a channel still in its handshake finishes it after a disconnect,
   * then asks its session (gone by then) about itself: spice-gtk's critical.
   * So the disconnect waits for every channel to settle, a few seconds at
   * most; nothing is shown meanwhile. */
  channels = spice_session_get_channels (spice);
  if (channels != NULL && !channels_settled (spice))
    {
      Teardown *teardown = g_new0 (Teardown, 1);

      teardown->spice = spice;
      for (GList *l = channels; l != NULL; l = l->next)
        g_signal_connect (l->data, "channel-event", G_CALLBACK (teardown_event_cb), teardown);
      teardown->timeout_id = g_timeout_add (SETTLE_TIMEOUT_MS, teardown_timeout_cb, teardown);
      g_list_free (channels);
      return;
    }
  g_list_free (channels);
  disconnect_session (spice);
}

static void
main_fd_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (OrielSessionSpice) self = user_data;
  g_autoptr (GError) error = NULL;
  int fd;

  fd = oriel_session_open_fd_finish (ORIEL_SESSION (self), result, &error);
  if (fd < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          drop_spice (self);
          oriel_session_emit_disconnected (ORIEL_SESSION (self), error);
        }
      return;
    }
  if (self->spice == NULL)
    {
      close (fd);
      return;
    }
  /* this also tells spice-gtk that every later channel asks via open-fd */
  if (!spice_session_open_fd (self->spice, fd))
    {
      error = g_error_new_literal (ORIEL_ERROR, ORIEL_ERROR_FAILED,
                                   _("Could not start the SPICE client."));
      drop_spice (self);
      oriel_session_emit_disconnected (ORIEL_SESSION (self), error);
    }
}

/* disable-channels of a .vv file: spice-gtk opens a channel for every one
 * the server offers, except those its enable-* switches keep closed. */
static void
disable_channels (OrielSessionSpice *self, char **names)
{
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      const char *name = names[i];

      if (g_str_equal (name, "playback") || g_str_equal (name, "record"))
        g_object_set (self->spice, "enable-audio", FALSE, NULL);
      else if (g_str_equal (name, "usbredir"))
        g_object_set (self->spice, "enable-usbredir", FALSE, NULL);
      else if (g_str_equal (name, "smartcard"))
        g_object_set (self->spice, "enable-smartcard", FALSE, NULL);
      else
        g_debug ("The SPICE channel %s cannot be disabled; it stays open", name);
    }
}

/* A spice:// URI or .vv file: nothing sits between Oriel and the server, so
 * spice-gtk connects itself; it already knows TLS ports, secure channels,
 * proxies and UNIX sockets. */
static void
configure_direct (OrielSessionSpice *self, const OrielViewerTarget *target)
{
  g_autofree char *port = target->tls_only || target->port <= 0
                            ? NULL : g_strdup_printf ("%d", target->port);
  g_autofree char *tls_port = target->tls_port > 0 ? g_strdup_printf ("%d", target->tls_port)
                                                   : NULL;
  const char *username = oriel_session_get_username (ORIEL_SESSION (self));

  if (target->unix_path != NULL)
    g_object_set (self->spice, "unix-path", target->unix_path, NULL);
  else
    g_object_set (self->spice, "host", target->host, "port", port, "tls-port", tls_port, NULL);
  if (target->tls_only && target->secure_channels == NULL)
    {
      const char *all[] = { "all", NULL };

      g_object_set (self->spice, "secure-channels", all, NULL);
    }
  else if (target->secure_channels != NULL)
    g_object_set (self->spice, "secure-channels", target->secure_channels, NULL);
  if (target->ca != NULL)
    {
      g_autoptr (GByteArray) ca = g_byte_array_new ();

      /* spice-gtk wants the PEM with its terminating NUL */
      g_byte_array_append (ca, (const guint8 *) target->ca, strlen (target->ca) + 1);
      g_object_set (self->spice, "ca", ca, NULL);
    }
  else
    {
      /* No CA given: the system's authorities, as for any TLS client
       * (spice-gtk would otherwise look only in ~/.spicec). */
      static const char * const bundles[] = {
        "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", NULL,
      };

      for (guint i = 0; bundles[i] != NULL; i++)
        if (g_file_test (bundles[i], G_FILE_TEST_IS_REGULAR))
          {
            g_object_set (self->spice, "ca-file", bundles[i], NULL);
            break;
          }
    }
  if (target->host_subject != NULL)
    g_object_set (self->spice, "cert-subject", target->host_subject, NULL);
  if (target->tls_ciphers != NULL)
    g_object_set (self->spice, "ciphers", target->tls_ciphers, NULL);
  if (target->proxy != NULL)
    g_object_set (self->spice, "proxy", target->proxy, NULL);
  if (target->disable_effects != NULL)
    g_object_set (self->spice, "disable-effects", target->disable_effects, NULL);
  if (target->color_depth > 0)
    g_object_set (self->spice, "color-depth", target->color_depth, NULL);
  if (username != NULL || target->username != NULL)
    g_object_set (self->spice, "username", username ? username : target->username, NULL);
  g_object_set (self->spice,
                "enable-smartcard", target->enable_smartcard,
                "enable-usbredir", target->enable_usbredir,
                NULL);
  disable_channels (self, target->disable_channels);
  oriel_session_spice_apply_usb (self, target);
}

static void
oriel_session_spice_start (OrielSession *session)
{
  OrielSessionSpice *self = ORIEL_SESSION_SPICE (session);
  const char *password = oriel_session_get_password (session);
  const OrielViewerTarget *target =
    oriel_transport_get_target (oriel_session_get_transport (session));

  drop_spice (self);
  self->spice = spice_session_new ();
  if (password != NULL)
    g_object_set (self->spice, "password", password, NULL);
  /* the GTK side: clipboard sharing and keyboard state follow the widgets */
  g_object_set (spice_gtk_session_get (self->spice),
                "auto-clipboard", oriel_session_get_share_clipboard (session), NULL);

  if (self->shared_dir != NULL)
    g_object_set (self->spice, "shared-dir", self->shared_dir, "share-dir-ro",
                  self->shared_dir_ro, NULL);
  g_signal_connect (self->spice, "channel-new", G_CALLBACK (channel_new_cb), self);
  g_signal_connect (self->spice, "channel-destroy", G_CALLBACK (channel_destroy_cb), self);
  /* after our channel-new handler: the sound switches see channels first */
  spice_audio_get (self->spice, NULL);
  if (target != NULL)
    {
      configure_direct (self, target);
      if (!spice_session_connect (self->spice))
        {
          g_autoptr (GError) error = g_error_new_literal (ORIEL_ERROR, ORIEL_ERROR_FAILED,
                                                          _("Could not start the SPICE client."));
          drop_spice (self);
          oriel_session_emit_disconnected (session, error);
        }
      return;
    }
  oriel_session_open_fd_async (session, FALSE, main_fd_ready_cb, g_object_ref (self));
}

/* spice-gtk shares the clipboard through the guest's agent by itself */
static void
oriel_session_spice_share_clipboard (OrielSession *session, gboolean share)
{
  OrielSessionSpice *self = ORIEL_SESSION_SPICE (session);

  if (self->spice != NULL)
    g_object_set (spice_gtk_session_get (self->spice), "auto-clipboard", share, NULL);
}

static void
oriel_session_spice_stop (OrielSession *session)
{
  drop_spice (ORIEL_SESSION_SPICE (session));
}

static void
oriel_session_spice_resume_auth (OrielSession *session)
{
  oriel_session_spice_start (session);
}

static void
oriel_session_spice_dispose (GObject *object)
{
  drop_spice (ORIEL_SESSION_SPICE (object));
  G_OBJECT_CLASS (oriel_session_spice_parent_class)->dispose (object);
}

static void
oriel_session_spice_finalize (GObject *object)
{
  g_free (ORIEL_SESSION_SPICE (object)->shared_dir);
  G_OBJECT_CLASS (oriel_session_spice_parent_class)->finalize (object);
}

static void
oriel_session_spice_class_init (OrielSessionSpiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  OrielSessionClass *session_class = ORIEL_SESSION_CLASS (klass);

  object_class->dispose = oriel_session_spice_dispose;
  object_class->finalize = oriel_session_spice_finalize;
  session_class->start = oriel_session_spice_start;
  session_class->stop = oriel_session_spice_stop;
  session_class->resume_auth = oriel_session_spice_resume_auth;
  session_class->share_clipboard = oriel_session_spice_share_clipboard;

  /**
   * OrielSessionSpice::file-transfer:
   * @task: a SpiceFileTransferTask, with progress and cancel
   */
  signals[FILE_TRANSFER] = g_signal_new ("file-transfer", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_OBJECT);
}

static void
oriel_session_spice_init (OrielSessionSpice *self)
{
  self->playback = TRUE;
  self->record = TRUE;
}

/* virt-viewer's smartcard-insert and smartcard-remove hotkeys: the software
 * card of a session with enable-smartcard. FALSE when there is none. */
gboolean
oriel_session_spice_smartcard (OrielSessionSpice *self, gboolean insert)
{
  SpiceSmartcardManager *manager;

  g_return_val_if_fail (ORIEL_IS_SESSION_SPICE (self), FALSE);

  if (self->spice == NULL)
    return FALSE;
  manager = spice_smartcard_manager_get ();
  if (manager == NULL)
    return FALSE;
  return insert ? spice_smartcard_manager_insert_card (manager)
                : spice_smartcard_manager_remove_card (manager);
}

/* virt-viewer's usb-device-reset hotkey: every redirected USB device comes
 * back to this computer. Returns how many did. */
guint
oriel_session_spice_usb_reset (OrielSessionSpice *self)
{
  SpiceUsbDeviceManager *manager;
  g_autoptr (GPtrArray) devices = NULL;
  guint n = 0;

  g_return_val_if_fail (ORIEL_IS_SESSION_SPICE (self), 0);

  if (self->spice == NULL)
    return 0;
  manager = spice_usb_device_manager_get (self->spice, NULL);
  if (manager == NULL)
    return 0;
  devices = spice_usb_device_manager_get_devices (manager);
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      SpiceUsbDevice *device = g_ptr_array_index (devices, i);

      if (spice_usb_device_manager_is_device_connected (manager, device))
        {
          spice_usb_device_manager_disconnect_device_async (manager, device, NULL, NULL, NULL);
          n++;
        }
    }
  return n;
}
