#define G_LOG_DOMAIN "oriel-console"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-util.h"
#include "oriel-display-vnc.h"
#include "oriel-error.h"
#include "oriel-session-vnc.h"

/* VNC over one fd. gtk-vnc waits inside its handshake for credentials, so
 * a prompt can answer later; a refused password ends the link, so the next
 * try opens a new fd. */
struct _OrielSessionVnc
{
  OrielSession parent_instance;

  OrielDisplay *display;
  GArray *wanted_credentials;   /* VncDisplayCredential asked for, or NULL */
  char *auth_failure;           /* why the server refused the last credentials */
  char *last_error;
  gboolean closing;             /* our own close: its disconnect is not news */
  gboolean announced;
};

G_DEFINE_FINAL_TYPE (OrielSessionVnc, oriel_session_vnc, ORIEL_TYPE_SESSION)

static void oriel_session_vnc_share_clipboard (OrielSession *session, gboolean share);

static VncDisplay *
get_vnc (OrielSessionVnc *self)
{
  return oriel_display_vnc_get_vnc (ORIEL_DISPLAY_VNC (self->display));
}

static void
fd_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OrielSessionVnc *self = user_data;
  g_autoptr (GError) error = NULL;
  int fd;

  fd = oriel_session_open_fd_finish (ORIEL_SESSION (self), result, &error);
  if (fd < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        oriel_session_emit_disconnected (ORIEL_SESSION (self), error);
      g_object_unref (self);
      return;
    }
  self->closing = FALSE;
  g_clear_pointer (&self->last_error, g_free);
  g_object_set_data (G_OBJECT (vnc_display_get_connection (get_vnc (self))), "oriel-refused", NULL);
  /* gtk-vnc owns the fd from here on */
  if (!vnc_display_open_fd (get_vnc (self), fd))
    {
      g_autoptr (GError) open_error =
        g_error_new_literal (ORIEL_ERROR, ORIEL_ERROR_FAILED, _("Could not start the VNC client."));
      oriel_session_emit_disconnected (ORIEL_SESSION (self), open_error);
    }
  g_object_unref (self);
}

static void
oriel_session_vnc_start (OrielSession *session)
{
  OrielSessionVnc *self = ORIEL_SESSION_VNC (session);

  if (vnc_display_is_open (get_vnc (self)))
    {
      self->closing = TRUE;
      vnc_display_close (get_vnc (self));
    }
  oriel_session_open_fd_async (session, FALSE, fd_ready_cb, g_object_ref (self));
}

static void
oriel_session_vnc_stop (OrielSession *session)
{
  OrielSessionVnc *self = ORIEL_SESSION_VNC (session);

  g_clear_pointer (&self->wanted_credentials, g_array_unref);
  self->closing = TRUE;
  vnc_display_close (get_vnc (self));
}

static void
send_credentials (OrielSessionVnc *self)
{
  OrielSession *session = ORIEL_SESSION (self);
  g_autoptr (GArray) wanted = g_steal_pointer (&self->wanted_credentials);

  for (guint i = 0; i < wanted->len; i++)
    {
      int type = g_array_index (wanted, int, i);
      const char *value = NULL;

      switch (type)
        {
        case VNC_DISPLAY_CREDENTIAL_PASSWORD:
          value = oriel_session_get_password (session);
          break;
        case VNC_DISPLAY_CREDENTIAL_USERNAME:
          value = oriel_session_get_username (session);
          break;
        case VNC_DISPLAY_CREDENTIAL_CLIENTNAME:
          value = "oriel";
          break;
        default:
          break;
        }
      if (vnc_display_set_credential (get_vnc (self), type, value ? value : ""))
        {
          g_debug ("VNC credential %d was refused by the client library", type);
          vnc_display_close (get_vnc (self));
          return;
        }
    }
}

static void
oriel_session_vnc_resume_auth (OrielSession *session)
{
  OrielSessionVnc *self = ORIEL_SESSION_VNC (session);

  if (self->wanted_credentials != NULL)
    send_credentials (self);
  else
    oriel_session_vnc_start (session);  /* the refused link is gone: a new one */
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
auth_credential_cb (VncDisplay *vnc, GValueArray *credentials, OrielSessionVnc *self)
{
  OrielSession *session = ORIEL_SESSION (self);
  gboolean need_username = FALSE;
  gboolean need_password = FALSE;

  g_clear_pointer (&self->wanted_credentials, g_array_unref);
  self->wanted_credentials = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < credentials->n_values; i++)
    {
      int type = g_value_get_enum (g_value_array_get_nth (credentials, i));

      g_array_append_val (self->wanted_credentials, type);
      need_username |= type == VNC_DISPLAY_CREDENTIAL_USERNAME;
      need_password |= type == VNC_DISPLAY_CREDENTIAL_PASSWORD;
    }

  if ((!need_password || oriel_session_get_password (session) != NULL)
      && (!need_username || oriel_session_get_username (session) != NULL))
    send_credentials (self);
  else
    oriel_session_request_auth (session, need_username, NULL);
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
auth_failure_cb (VncDisplay *vnc, const char *message, OrielSessionVnc *self)
{
  g_debug ("VNC authentication failed: %s", message);
  oriel_set_str (&self->auth_failure, message);
  /* the known password is wrong: ask instead of retrying it */
  oriel_session_forget_password (ORIEL_SESSION (self));
}

static void
error_cb (VncDisplay *vnc, const char *message, OrielSessionVnc *self)
{
  g_debug ("VNC error: %s", message);
  oriel_set_str (&self->last_error, message);
}

static void
initialized_cb (VncDisplay *vnc, OrielSessionVnc *self)
{
  g_clear_pointer (&self->auth_failure, g_free);
  if (!self->announced)
    {
      self->announced = TRUE;
      oriel_session_add_display (ORIEL_SESSION (self), self->display);
    }
  oriel_session_emit_connected (ORIEL_SESSION (self));
}

static void
disconnected_cb (VncDisplay *vnc, OrielSessionVnc *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = NULL;

  g_clear_pointer (&self->wanted_credentials, g_array_unref);
  if (self->closing)
    return;

  if (self->auth_failure != NULL)
    {
      reason = g_strdup_printf (_("The password was not accepted (%s)."), self->auth_failure);
      g_clear_pointer (&self->auth_failure, g_free);
      oriel_session_request_auth (ORIEL_SESSION (self), FALSE, reason);
      return;
    }

  if (g_object_get_data (G_OBJECT (vnc_display_get_connection (vnc)), "oriel-refused"))
    error = g_error_new (ORIEL_ERROR, ORIEL_ERROR_FAILED, _("The VNC connection failed: %s"),
                         (char *) g_object_get_data (G_OBJECT (vnc_display_get_connection (vnc)),
                                                     "oriel-refused"));
  else if (self->last_error != NULL)
    error = g_error_new (ORIEL_ERROR, ORIEL_ERROR_FAILED, _("The VNC connection failed: %s"),
                         self->last_error);
  else
    error = g_error_new_literal (ORIEL_ERROR, ORIEL_ERROR_FAILED,
                                 _("The VNC server closed the connection."));
  oriel_session_emit_disconnected (ORIEL_SESSION (self), error);
}

static void
oriel_session_vnc_dispose (GObject *object)
{
  OrielSessionVnc *self = ORIEL_SESSION_VNC (object);

  if (self->display != NULL)
    {
      g_signal_handlers_disconnect_by_data (get_vnc (self), self);
      self->closing = TRUE;
      vnc_display_close (get_vnc (self));
    }
  g_clear_object (&self->display);
  G_OBJECT_CLASS (oriel_session_vnc_parent_class)->dispose (object);
}

static void
oriel_session_vnc_finalize (GObject *object)
{
  OrielSessionVnc *self = ORIEL_SESSION_VNC (object);

  g_clear_pointer (&self->wanted_credentials, g_array_unref);
  g_free (self->auth_failure);
  g_free (self->last_error);
  G_OBJECT_CLASS (oriel_session_vnc_parent_class)->finalize (object);
}

static void
oriel_session_vnc_class_init (OrielSessionVncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  OrielSessionClass *session_class = ORIEL_SESSION_CLASS (klass);

  object_class->dispose = oriel_session_vnc_dispose;
  object_class->finalize = oriel_session_vnc_finalize;
  session_class->start = oriel_session_vnc_start;
  session_class->stop = oriel_session_vnc_stop;
  session_class->resume_auth = oriel_session_vnc_resume_auth;
  session_class->share_clipboard = oriel_session_vnc_share_clipboard;
}

/* A desktop larger than any monitor QEMU offers; gtk-vnc 1.3 makes a
 * framebuffer of whatever size the server announces and, when cairo
 * refuses one that large, writes through a NULL pointer. */
#define VNC_MAX_SIDE 16384

/* Runs before gtk-vnc's own handlers (an emission hook comes first): an
 * implausible size ends the link there, and gtk-vnc, finding its
 * connection shut, makes no framebuffer of that size. */
static gboolean
desktop_size_hook (GSignalInvocationHint *hint, guint n_values, const GValue *values,
                   gpointer data)
{
  VncConnection *conn = g_value_get_object (&values[0]);
  int width = vnc_connection_get_width (conn);
  int height = vnc_connection_get_height (conn);

  if (width > 0 && height > 0 && width <= VNC_MAX_SIDE && height <= VNC_MAX_SIDE)
    return TRUE;
  g_object_set_data_full (G_OBJECT (conn), "oriel-refused",
                          g_strdup_printf (_("the server announced a %d×%d screen, larger than any real one"),
                                           width, height),
                          g_free);
  vnc_connection_shutdown (conn);
  return TRUE;
}

static void
oriel_session_vnc_share_clipboard (OrielSession *session, gboolean share)
{
  oriel_display_vnc_set_share_clipboard (ORIEL_DISPLAY_VNC (ORIEL_SESSION_VNC (session)->display),
                                         share);
}

static void
oriel_session_vnc_init (OrielSessionVnc *self)
{
  VncDisplay *vnc;
  static gsize hooked;

  if (g_once_init_enter (&hooked))
    {
      g_type_class_unref (g_type_class_ref (VNC_TYPE_CONNECTION));   /* signals registered */
      /* gtk-vnc sizes its framebuffer on both */
      g_signal_add_emission_hook (g_signal_lookup ("vnc-initialized", VNC_TYPE_CONNECTION), 0,
                                  desktop_size_hook, NULL, NULL);
      g_signal_add_emission_hook (g_signal_lookup ("vnc-desktop-resize", VNC_TYPE_CONNECTION), 0,
                                  desktop_size_hook, NULL, NULL);
      g_once_init_leave (&hooked, 1);
    }

  self->display = g_object_ref_sink (oriel_display_vnc_new ());
  vnc = get_vnc (self);
  g_signal_connect (vnc, "vnc-auth-credential", G_CALLBACK (auth_credential_cb), self);
  g_signal_connect (vnc, "vnc-auth-failure", G_CALLBACK (auth_failure_cb), self);
  g_signal_connect (vnc, "vnc-error", G_CALLBACK (error_cb), self);
  g_signal_connect (vnc, "vnc-initialized", G_CALLBACK (initialized_cb), self);
  g_signal_connect (vnc, "vnc-disconnected", G_CALLBACK (disconnected_cb), self);
}
