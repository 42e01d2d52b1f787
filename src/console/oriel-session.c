#define G_LOG_DOMAIN "oriel-console"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-util.h"
#include "oriel-error.h"
#include "oriel-session.h"
#include "oriel-session-spice.h"
#include "oriel-session-vnc.h"

typedef struct
{
  OrielTransport *transport;
  OrielSessionState state;
  GPtrArray *displays;
  GCancellable *cancellable;
  char *username;
  char *password;
  gboolean share_clipboard;
  gboolean guest_agent;
} OrielSessionPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (OrielSession, oriel_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TRANSPORT,
  PROP_STATE,
  PROP_GUEST_AGENT,
  N_PROPS
};

enum
{
  CONNECTED,
  DISCONNECTED,
  AUTH_REQUIRED,
  DISPLAY_ADDED,
  DISPLAY_REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Returns: (transfer full) the session for the transport's protocol. */
OrielSession *
oriel_session_new_for_transport (OrielTransport *transport)
{
  const OrielGraphicsInfo *info;

  g_return_val_if_fail (ORIEL_IS_TRANSPORT (transport), NULL);

  info = oriel_transport_get_info (transport);
  switch (info->type)
    {
    case ORIEL_GRAPHICS_SPICE:
      return g_object_new (ORIEL_TYPE_SESSION_SPICE, "transport", transport, NULL);
    case ORIEL_GRAPHICS_VNC:
      return g_object_new (ORIEL_TYPE_SESSION_VNC, "transport", transport, NULL);
    case ORIEL_GRAPHICS_OTHER:
    default:
      return NULL;
    }
}

static void
set_state (OrielSession *self, OrielSessionState state)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  if (priv->state == state)
    return;
  priv->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Whether an agent in the guest answers (SPICE's vdagent): only then do
 * requests to turn guest displays on or off, or resize them, arrive. */
gboolean
oriel_session_get_guest_agent (OrielSession *self)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  g_return_val_if_fail (ORIEL_IS_SESSION (self), FALSE);
  return priv->guest_agent;
}

void
oriel_session_set_guest_agent (OrielSession *self, gboolean present)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  if (priv->guest_agent == present)
    return;
  priv->guest_agent = present;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUEST_AGENT]);
}

OrielTransport *
oriel_session_get_transport (OrielSession *self)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  g_return_val_if_fail (ORIEL_IS_SESSION (self), NULL);
  return priv->transport;
}

OrielSessionState
oriel_session_get_state (OrielSession *self)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  g_return_val_if_fail (ORIEL_IS_SESSION (self), ORIEL_SESSION_IDLE);
  return priv->state;
}

void
oriel_session_connect (OrielSession *self)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  g_return_if_fail (ORIEL_IS_SESSION (self));

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();
  set_state (self, ORIEL_SESSION_CONNECTING);
  ORIEL_SESSION_GET_CLASS (self)->start (self);
}

void
oriel_session_disconnect (OrielSession *self)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  g_return_if_fail (ORIEL_IS_SESSION (self));

  g_cancellable_cancel (priv->cancellable);
  if (priv->state == ORIEL_SESSION_IDLE || priv->state == ORIEL_SESSION_DISCONNECTED)
    return;
  ORIEL_SESSION_GET_CLASS (self)->stop (self);
  set_state (self, ORIEL_SESSION_DISCONNECTED);
}

/* Continues an authentication that emitted ::auth-required. */
void
oriel_session_set_credentials (OrielSession *self, const char *username, const char *password)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  g_return_if_fail (ORIEL_IS_SESSION (self));

  oriel_set_str (&priv->username, username);
  if (priv->password != NULL)
    memset (priv->password, 0, strlen (priv->password));
  oriel_set_str (&priv->password, password);
  set_state (self, ORIEL_SESSION_CONNECTING);
  ORIEL_SESSION_GET_CLASS (self)->resume_auth (self);
}

void
oriel_session_cancel_auth (OrielSession *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (ORIEL_IS_SESSION (self));

  ORIEL_SESSION_GET_CLASS (self)->stop (self);
  error = g_error_new_literal (ORIEL_ERROR, ORIEL_ERROR_AUTH_CANCELLED,
                               _("Authentication was cancelled."));
  oriel_session_emit_disconnected (self, error);
}

/* Returns: (transfer none) (element-type OrielDisplay) */
GPtrArray *
oriel_session_get_displays (OrielSession *self)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  g_return_val_if_fail (ORIEL_IS_SESSION (self), NULL);
  return priv->displays;
}

const char *
oriel_session_get_password (OrielSession *self)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  return priv->password;
}

const char *
oriel_session_get_username (OrielSession *self)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  return priv->username;
}

/* The server refused it: the next attempt asks a person. */
void
oriel_session_forget_password (OrielSession *self)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  if (priv->password != NULL)
    memset (priv->password, 0, strlen (priv->password));
  g_clear_pointer (&priv->password, g_free);
}

GCancellable *
oriel_session_get_cancellable (OrielSession *self)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  return priv->cancellable;
}

void
oriel_session_open_fd_async (OrielSession *self, gboolean tls, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  oriel_transport_open_fd_async (priv->transport, tls, priv->cancellable, callback, user_data);
}

int
oriel_session_open_fd_finish (OrielSession *self, GAsyncResult *result, GError **error)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  return oriel_transport_open_fd_finish (priv->transport, result, error);
}

void
oriel_session_emit_connected (OrielSession *self)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  if (priv->state == ORIEL_SESSION_CONNECTED)
    return;
  set_state (self, ORIEL_SESSION_CONNECTED);
  g_signal_emit (self, signals[CONNECTED], 0);
}

/* Emitted once per connection attempt, whatever way it ended. */
void
oriel_session_emit_disconnected (OrielSession *self, const GError *error)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  if (priv->state == ORIEL_SESSION_DISCONNECTED || priv->state == ORIEL_SESSION_IDLE)
    return;
  set_state (self, ORIEL_SESSION_DISCONNECTED);
  g_signal_emit (self, signals[DISCONNECTED], 0, error);
}

void
oriel_session_request_auth (OrielSession *self, gboolean need_username, const char *reason)
{
  set_state (self, ORIEL_SESSION_AUTHENTICATING);
  g_signal_emit (self, signals[AUTH_REQUIRED], 0, need_username, reason);
}

void
oriel_session_add_display (OrielSession *self, OrielDisplay *display)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  g_ptr_array_add (priv->displays, g_object_ref_sink (display));
  g_signal_emit (self, signals[DISPLAY_ADDED], 0, display);
}

void
oriel_session_remove_display (OrielSession *self, OrielDisplay *display)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);
  g_autoptr (OrielDisplay) keep = g_object_ref (display);

  if (g_ptr_array_remove (priv->displays, display))
    g_signal_emit (self, signals[DISPLAY_REMOVED], 0, display);
}

static void
oriel_session_constructed (GObject *object)
{
  OrielSession *self = ORIEL_SESSION (object);
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  G_OBJECT_CLASS (oriel_session_parent_class)->constructed (object);

  /* A password read from the domain's XML is not asked again. Text consoles
   * have no transport: they ride the libvirt connection. */
  if (priv->transport != NULL)
    priv->password = g_strdup (oriel_transport_get_info (priv->transport)->password);
}

static void
oriel_session_dispose (GObject *object)
{
  OrielSession *self = ORIEL_SESSION (object);
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_pointer (&priv->displays, g_ptr_array_unref);
  G_OBJECT_CLASS (oriel_session_parent_class)->dispose (object);
}

static void
oriel_session_finalize (GObject *object)
{
  OrielSession *self = ORIEL_SESSION (object);
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->transport);
  g_free (priv->username);
  if (priv->password != NULL)
    memset (priv->password, 0, strlen (priv->password));
  g_free (priv->password);
  G_OBJECT_CLASS (oriel_session_parent_class)->finalize (object);
}

static void
oriel_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  OrielSession *self = ORIEL_SESSION (object);
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_TRANSPORT:
      g_value_set_object (value, priv->transport);
      break;
    case PROP_STATE:
      g_value_set_int (value, priv->state);
      break;
    case PROP_GUEST_AGENT:
      g_value_set_boolean (value, priv->guest_agent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oriel_session_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  OrielSession *self = ORIEL_SESSION (object);
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_TRANSPORT:
      priv->transport = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oriel_session_class_init (OrielSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = oriel_session_constructed;
  object_class->dispose = oriel_session_dispose;
  object_class->finalize = oriel_session_finalize;
  object_class->get_property = oriel_session_get_property;
  object_class->set_property = oriel_session_set_property;

  properties[PROP_TRANSPORT] =
    g_param_spec_object ("transport", NULL, NULL, ORIEL_TYPE_TRANSPORT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, ORIEL_SESSION_IDLE, ORIEL_SESSION_DISCONNECTED,
                      ORIEL_SESSION_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GUEST_AGENT] =
    g_param_spec_boolean ("guest-agent", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* the error is NULL when the server simply closed the link */
  signals[DISCONNECTED] = g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                        1, G_TYPE_ERROR);
  signals[AUTH_REQUIRED] = g_signal_new ("auth-required", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                         2, G_TYPE_BOOLEAN, G_TYPE_STRING);
  signals[DISPLAY_ADDED] = g_signal_new ("display-added", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                         1, ORIEL_TYPE_DISPLAY);
  signals[DISPLAY_REMOVED] = g_signal_new ("display-removed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           1, ORIEL_TYPE_DISPLAY);
}

static void
oriel_session_init (OrielSession *self)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  priv->displays = g_ptr_array_new_with_free_func (g_object_unref);
  priv->cancellable = g_cancellable_new ();
  priv->share_clipboard = TRUE;
}

/* Clipboard sharing with the guest (SPICE through its agent, VNC through
 * the protocol's cut text), on by default. */
void
oriel_session_set_share_clipboard (OrielSession *self, gboolean share)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  g_return_if_fail (ORIEL_IS_SESSION (self));
  priv->share_clipboard = share;
  if (ORIEL_SESSION_GET_CLASS (self)->share_clipboard != NULL)
    ORIEL_SESSION_GET_CLASS (self)->share_clipboard (self, share);
}

gboolean
oriel_session_get_share_clipboard (OrielSession *self)
{
  OrielSessionPrivate *priv = oriel_session_get_instance_private (self);

  g_return_val_if_fail (ORIEL_IS_SESSION (self), FALSE);
  return priv->share_clipboard;
}
