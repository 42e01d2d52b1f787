#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-error.h"
#include "oriel-host.h"
#include "oriel-ssh-link.h"
#include "oriel-uri.h"
#include "oriel-util.h"

/* One libvirt host as a window keeps it: the connection (over its SSH
 * login for qemu+ssh://), its state and last error, and reconnecting by
 * itself, with backoff, when the link is lost. Windows show it; questions
 * (credentials, SSH prompts) go out as signals, for a window to ask. */
struct _OrielHost
{
  GObject parent_instance;

  char *uri;
  gboolean read_only;
  OrielConnection *connection;
  OrielSshSession *ssh;         /* carries everything for qemu+ssh:// URIs */
  GCancellable *cancellable;
  OrielHostState state;
  char *error;
  gboolean can_retry;
  guint reconnect_id;           /* a reconnect is scheduled */
  guint reconnect_attempt;
  gboolean reconnecting;        /* lost: tabs wait to be rebound */
  gboolean was_read_write;      /* the last open link was read-write */
  gboolean opened_before;       /* tabs from an earlier link may be open */
};

G_DEFINE_FINAL_TYPE (OrielHost, oriel_host, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_ERROR,
  PROP_CONNECTION,
  N_PROPS
};

enum
{
  CREDENTIALS_REQUESTED,
  SSH_PROMPT,
  LINK_LOST,
  OPENED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_reconnect (OrielHost *self, const char *why);

static void
set_state (OrielHost *self, OrielHostState state, const char *error, gboolean can_retry)
{
  self->can_retry = can_retry;
  if (oriel_set_str (&self->error, error))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

/* A step of connecting failed: while reconnecting, try again later if
 * that can help; otherwise say so. */
static void
connect_failed (OrielHost *self, const GError *error, gboolean can_retry)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->reconnecting && can_retry)
    schedule_reconnect (self, error->message);
  else
    set_state (self, ORIEL_HOST_FAILED, error->message, TRUE);
}

static void
open_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (OrielHost) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean reconnected;

  if (!oriel_connection_open_finish (ORIEL_CONNECTION (source), result, &error))
    {
      connect_failed (self, error, !g_error_matches (error, ORIEL_ERROR,
                                                     ORIEL_ERROR_AUTH_CANCELLED));
      return;
    }
  if (ORIEL_CONNECTION (source) != self->connection)
    return;
  self->was_read_write = !oriel_connection_is_read_only (ORIEL_CONNECTION (source));
  /* after a loss, or a Retry of a link that was up once: tabs rebind */
  reconnected = self->reconnecting || self->opened_before;
  self->opened_before = TRUE;
  if (reconnected)
    g_debug ("Reconnected to %s", self->uri);
  self->reconnecting = FALSE;
  self->reconnect_attempt = 0;
  set_state (self, ORIEL_HOST_CONNECTED, NULL, FALSE);
  g_signal_emit (self, signals[OPENED], 0, reconnected);
}

static void
connection_closed_cb (OrielConnection *connection, OrielHost *self)
{
  g_autofree char *message =
    g_strdup_printf (_("The connection to %s was lost."), oriel_connection_get_uri (connection));

  schedule_reconnect (self, message);
}

static gboolean
credentials_requested_cb (OrielConnection *connection, OrielCredentials *request,
                          OrielHost *self)
{
  gboolean handled = FALSE;

  g_signal_emit (self, signals[CREDENTIALS_REQUESTED], 0, request, &handled);
  return handled;
}

static void
open_connection (OrielHost *self, const char *link_uri)
{
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);
  if (link_uri != NULL)
    self->connection = oriel_connection_new_tunneled (self->uri, link_uri,
                                                      ORIEL_CHANNEL_OPENER (self->ssh),
                                                      self->read_only);
  else
    self->connection = oriel_connection_new (self->uri, self->read_only);
  /* back as it was: read-write stays read-write (or waits for it) */
  if (self->reconnecting && self->was_read_write)
    oriel_connection_set_no_read_only_fallback (self->connection);
  g_signal_connect_object (self->connection, "closed", G_CALLBACK (connection_closed_cb), self, 0);
  g_signal_connect_object (self->connection, "credentials-requested",
                           G_CALLBACK (credentials_requested_cb), self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
  oriel_connection_open_async (self->connection, self->cancellable, open_ready_cb,
                               g_object_ref (self));
}

static void
link_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (OrielHost) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *link_uri = oriel_ssh_libvirt_link_finish (ORIEL_SSH_SESSION (source), result,
                                                             &error);

  if (link_uri == NULL)
    {
      connect_failed (self, error, TRUE);
      return;
    }
  open_connection (self, link_uri);
}

static void
ssh_connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (OrielHost) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!oriel_ssh_session_connect_finish (ORIEL_SSH_SESSION (source), result, &error))
    {
      /* a refused host key or login will not get better by retrying */
      connect_failed (self, error,
                      !g_error_matches (error, ORIEL_ERROR, ORIEL_ERROR_AUTH_CANCELLED)
                        && !g_error_matches (error, ORIEL_ERROR, ORIEL_ERROR_AUTH_FAILED)
                        && !g_error_matches (error, ORIEL_ERROR, ORIEL_ERROR_HOST_KEY));
      return;
    }
  oriel_ssh_libvirt_link_async (self->ssh, self->uri, self->cancellable, link_ready_cb,
                                g_object_ref (self));
}

static gboolean
ssh_prompt_cb (OrielSshSession *session, OrielSshPrompt *prompt, OrielHost *self)
{
  gboolean handled = FALSE;

  g_signal_emit (self, signals[SSH_PROMPT], 0, prompt, &handled);
  return handled;
}

static void
ssh_lost_cb (OrielSshSession *session, const GError *error, OrielHost *self)
{
  schedule_reconnect (self, error ? error->message : _("The SSH connection was lost."));
}

/* A qemu+ssh:// URI: log in once, then libvirt and every display ride the
 * one SSH connection. */
static void
connect_over_ssh (OrielHost *self)
{
  g_autoptr (OrielSshTarget) target = NULL;
  g_autoptr (GError) error = NULL;

  target = oriel_ssh_target_new_for_uri (self->uri, &error);
  if (target == NULL)
    {
      set_state (self, ORIEL_HOST_FAILED, error->message, FALSE);
      return;
    }
  if (self->ssh != NULL)
    g_signal_handlers_disconnect_by_data (self->ssh, self);
  g_clear_pointer (&self->ssh, oriel_ssh_session_release);
  self->ssh = oriel_ssh_session_get_for_target (target);
  g_signal_connect_object (self->ssh, "prompt", G_CALLBACK (ssh_prompt_cb), self, 0);
  g_signal_connect_object (self->ssh, "lost", G_CALLBACK (ssh_lost_cb), self, 0);
  oriel_ssh_session_connect_async (self->ssh, self->cancellable, ssh_connected_cb,
                                   g_object_ref (self));
}

/* Starts connecting (again); what was under way is given up. */
void
oriel_host_connect (OrielHost *self)
{
  g_return_if_fail (ORIEL_IS_HOST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->reconnecting)
    set_state (self, ORIEL_HOST_RECONNECTING, self->error, TRUE);
  else
    set_state (self, ORIEL_HOST_CONNECTING, NULL, FALSE);
  if (self->uri != NULL && oriel_uri_is_ssh (self->uri))
    connect_over_ssh (self);
  else
    open_connection (self, NULL);
}

static gboolean
reconnect_cb (gpointer data)
{
  OrielHost *self = data;

  self->reconnect_id = 0;
  self->reconnect_attempt++;
  g_debug ("Reconnecting to %s, attempt %u", self->uri, self->reconnect_attempt);
  oriel_host_connect (self);
  return G_SOURCE_REMOVE;
}

/* The host went away: its tabs hear of it once, and it is tried again
 * after 0.5 s, 1 s, then every 2 s, so it is back soon after it answers. */
static void
schedule_reconnect (OrielHost *self, const char *why)
{
  g_autofree char *message = g_strdup_printf (_("%s Reconnecting…"), why);
  guint delay_ms = MIN (500u << MIN (self->reconnect_attempt, 2u), 2000u);
  gboolean first = !self->reconnecting;

  self->reconnecting = TRUE;
  set_state (self, ORIEL_HOST_RECONNECTING, message, TRUE);
  if (first)
    g_signal_emit (self, signals[LINK_LOST], 0, message);
  if (self->reconnect_id == 0)
    self->reconnect_id = g_timeout_add (delay_ms, reconnect_cb, self);
}

/* Retry pressed: start afresh, no backoff. */
void
oriel_host_retry (OrielHost *self)
{
  g_return_if_fail (ORIEL_IS_HOST (self));

  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->reconnecting = FALSE;
  self->reconnect_attempt = 0;
  oriel_host_connect (self);
}

/* Lets go of the host: no connection, no reconnecting. */
void
oriel_host_disconnect (OrielHost *self)
{
  g_return_if_fail (ORIEL_IS_HOST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->reconnecting = FALSE;
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      g_clear_object (&self->connection);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
    }
  if (self->ssh != NULL)
    g_signal_handlers_disconnect_by_data (self->ssh, self);
  g_clear_pointer (&self->ssh, oriel_ssh_session_release);
  set_state (self, ORIEL_HOST_IDLE, NULL, FALSE);
}

const char *
oriel_host_get_uri (OrielHost *self)
{
  g_return_val_if_fail (ORIEL_IS_HOST (self), NULL);
  return self->uri ? self->uri : "";
}

/* The host as a person names it: the URI's host, or "This computer". */
char *
oriel_host_get_label (OrielHost *self)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (ORIEL_IS_HOST (self), NULL);
  host = self->uri ? oriel_uri_get_host (self->uri) : NULL;
  if (host == NULL || *host == '\0')
    return g_strdup (self->uri && g_str_has_suffix (self->uri, "/session")
                       ? _("This computer (session)") : _("This computer"));
  return g_steal_pointer (&host);
}

OrielHostState
oriel_host_get_state (OrielHost *self)
{
  g_return_val_if_fail (ORIEL_IS_HOST (self), ORIEL_HOST_IDLE);
  return self->state;
}

/* Returns: (nullable): why it is not connected */
const char *
oriel_host_get_error (OrielHost *self)
{
  g_return_val_if_fail (ORIEL_IS_HOST (self), NULL);
  return self->error;
}

gboolean
oriel_host_get_can_retry (OrielHost *self)
{
  g_return_val_if_fail (ORIEL_IS_HOST (self), FALSE);
  return self->can_retry;
}

/* Returns: (transfer none) (nullable): the current connection (a new one
 * after each reconnect) */
OrielConnection *
oriel_host_get_connection (OrielHost *self)
{
  g_return_val_if_fail (ORIEL_IS_HOST (self), NULL);
  return self->connection;
}

/* Whether @domain is one of this host's (the same UUID may be on two
 * hosts: the same machine reached two ways). */
gboolean
oriel_host_owns_domain (OrielHost *self, OrielDomain *domain)
{
  GListModel *domains;
  guint n;

  g_return_val_if_fail (ORIEL_IS_HOST (self), FALSE);
  if (self->connection == NULL)
    return FALSE;
  domains = oriel_connection_get_domains (self->connection);
  n = g_list_model_get_n_items (domains);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (OrielDomain) item = g_list_model_get_item (domains, i);

      if (item == domain)
        return TRUE;
    }
  return FALSE;
}

static void
oriel_host_dispose (GObject *object)
{
  OrielHost *self = ORIEL_HOST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  if (self->ssh != NULL)
    g_signal_handlers_disconnect_by_data (self->ssh, self);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->ssh, oriel_ssh_session_release);
  G_OBJECT_CLASS (oriel_host_parent_class)->dispose (object);
}

static void
oriel_host_finalize (GObject *object)
{
  OrielHost *self = ORIEL_HOST (object);

  g_free (self->uri);
  g_free (self->error);
  G_OBJECT_CLASS (oriel_host_parent_class)->finalize (object);
}

static void
oriel_host_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  OrielHost *self = ORIEL_HOST (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oriel_host_class_init (OrielHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = oriel_host_dispose;
  object_class->finalize = oriel_host_finalize;
  object_class->get_property = oriel_host_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, ORIEL_HOST_IDLE, ORIEL_HOST_FAILED, ORIEL_HOST_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, ORIEL_TYPE_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CREDENTIALS_REQUESTED] =
    g_signal_new ("credentials-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 1,
                  ORIEL_TYPE_CREDENTIALS);
  signals[SSH_PROMPT] =
    g_signal_new ("ssh-prompt", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 1,
                  ORIEL_TYPE_SSH_PROMPT);
  /* the link went away; reconnecting has begun (once per loss) */
  signals[LINK_LOST] =
    g_signal_new ("link-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* the domains are listed; @reconnected: after a loss (tabs rebind) */
  signals[OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
oriel_host_init (OrielHost *self)
{
}

/* @uri: (nullable): NULL picks the default (qemu:///system, then session) */
OrielHost *
oriel_host_new (const char *uri, gboolean read_only)
{
  OrielHost *self = g_object_new (ORIEL_TYPE_HOST, NULL);

  self->uri = g_strdup (uri);
  self->read_only = read_only;
  return self;
}
