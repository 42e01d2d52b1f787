#define G_LOG_DOMAIN "oriel-console"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-display-vte.h"
#include "oriel-error.h"
#include "oriel-session-serial.h"
#include "oriel-stream-pump.h"

/* A text console: libvirt's console stream (inside the domain's libvirt
 * connection, so it goes wherever that goes, SSH included) pumped into a
 * VTE display and back. */
struct _OrielSessionSerial
{
  OrielSession parent_instance;

  OrielDomain *domain;
  OrielCharDevice *device;
  gboolean force;
  OrielDisplay *display;
  OrielStreamPump *pump;
  gboolean announced;
};

G_DEFINE_FINAL_TYPE (OrielSessionSerial, oriel_session_serial, ORIEL_TYPE_SESSION)

static void
drop_pump (OrielSessionSerial *self)
{
  if (self->pump == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->pump, self);
  oriel_stream_pump_close (self->pump);
  g_clear_object (&self->pump);
}

static void
data_cb (OrielStreamPump *pump, GBytes *bytes, OrielSessionSerial *self)
{
  oriel_display_vte_feed (ORIEL_DISPLAY_VTE (self->display), bytes);
}

static void
closed_cb (OrielStreamPump *pump, const GError *error, OrielSessionSerial *self)
{
  g_autoptr (GError) ended = NULL;

  if (error != NULL)
    ended = g_error_new (ORIEL_ERROR, ORIEL_ERROR_FAILED, _("The console stream failed: %s"),
                         error->message);
  else
    ended = g_error_new_literal (ORIEL_ERROR, ORIEL_ERROR_FAILED, _("The console was closed."));
  drop_pump (self);
  oriel_session_emit_disconnected (ORIEL_SESSION (self), ended);
}

static void
input_cb (OrielDisplayVte *display, GBytes *bytes, OrielSessionSerial *self)
{
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);

  if (self->pump != NULL)
    oriel_stream_pump_write (self->pump, data, size);
}

static void
opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (OrielSessionSerial) self = user_data;
  g_autoptr (GIOStream) stream = NULL;
  g_autoptr (GError) error = NULL;

  stream = oriel_domain_open_console_finish (ORIEL_DOMAIN (source), result, &error);
  if (stream == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        oriel_session_emit_disconnected (ORIEL_SESSION (self), error);
      return;
    }
  self->force = FALSE;
  self->pump = oriel_stream_pump_new (stream);
  g_signal_connect (self->pump, "data", G_CALLBACK (data_cb), self);
  g_signal_connect (self->pump, "closed", G_CALLBACK (closed_cb), self);
  oriel_stream_pump_start (self->pump);
  if (!self->announced)
    {
      self->announced = TRUE;
      oriel_session_add_display (ORIEL_SESSION (self), self->display);
    }
  oriel_session_emit_connected (ORIEL_SESSION (self));
}

static void
oriel_session_serial_start (OrielSession *session)
{
  OrielSessionSerial *self = ORIEL_SESSION_SERIAL (session);

  drop_pump (self);
  oriel_domain_open_console_async (self->domain, self->device->alias, self->force,
                                   oriel_session_get_cancellable (session), opened_cb,
                                   g_object_ref (self));
}

static void
oriel_session_serial_stop (OrielSession *session)
{
  drop_pump (ORIEL_SESSION_SERIAL (session));
}

static void
oriel_session_serial_resume_auth (OrielSession *session)
{
  oriel_session_serial_start (session);
}

/* The next connect takes the console over from whoever holds it. */
void
oriel_session_serial_set_force (OrielSessionSerial *self, gboolean force)
{
  g_return_if_fail (ORIEL_IS_SESSION_SERIAL (self));
  self->force = force;
}

/* After a reconnect the domain is a new object of a new connection; the
 * old one would keep the old libvirt connection (and its socket) alive. */
void
oriel_session_serial_set_domain (OrielSessionSerial *self, OrielDomain *domain)
{
  g_return_if_fail (ORIEL_IS_SESSION_SERIAL (self));
  g_return_if_fail (ORIEL_IS_DOMAIN (domain));

  drop_pump (self);
  g_set_object (&self->domain, domain);
}

/* Returns: (transfer none): the terminal, there from the start so that a
 * reconnect keeps what was shown before. */
OrielDisplay *
oriel_session_serial_get_display (OrielSessionSerial *self)
{
  g_return_val_if_fail (ORIEL_IS_SESSION_SERIAL (self), NULL);
  return self->display;
}

static void
oriel_session_serial_dispose (GObject *object)
{
  OrielSessionSerial *self = ORIEL_SESSION_SERIAL (object);

  drop_pump (self);
  if (self->display != NULL)
    g_signal_handlers_disconnect_by_data (self->display, self);
  g_clear_object (&self->display);
  g_clear_object (&self->domain);
  G_OBJECT_CLASS (oriel_session_serial_parent_class)->dispose (object);
}

static void
oriel_session_serial_finalize (GObject *object)
{
  oriel_char_device_free (ORIEL_SESSION_SERIAL (object)->device);
  G_OBJECT_CLASS (oriel_session_serial_parent_class)->finalize (object);
}

static void
oriel_session_serial_class_init (OrielSessionSerialClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  OrielSessionClass *session_class = ORIEL_SESSION_CLASS (klass);

  object_class->dispose = oriel_session_serial_dispose;
  object_class->finalize = oriel_session_serial_finalize;
  session_class->start = oriel_session_serial_start;
  session_class->stop = oriel_session_serial_stop;
  session_class->resume_auth = oriel_session_serial_resume_auth;
}

static void
oriel_session_serial_init (OrielSessionSerial *self)
{
  self->display = g_object_ref_sink (oriel_display_vte_new ());
  g_signal_connect (self->display, "input", G_CALLBACK (input_cb), self);
}

OrielSession *
oriel_session_serial_new (OrielDomain *domain, const OrielCharDevice *device)
{
  OrielSessionSerial *self;

  g_return_val_if_fail (ORIEL_IS_DOMAIN (domain), NULL);
  g_return_val_if_fail (device != NULL, NULL);

  self = g_object_new (ORIEL_TYPE_SESSION_SERIAL, NULL);
  self->domain = g_object_ref (domain);
  self->device = oriel_char_device_copy (device);
  return ORIEL_SESSION (self);
}
