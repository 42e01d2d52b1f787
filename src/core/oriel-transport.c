#define G_LOG_DOMAIN "oriel-transport"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <gio/gunixsocketaddress.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "oriel-error.h"
#include "oriel-tls-link.h"
#include "oriel-util.h"
#include "oriel-transport.h"
#include "oriel-uri.h"
#include "oriel-viewer-target.h"

/* Hands a console session connected file descriptors for one display.
 * On a local connection it asks libvirt for the display's fd (no network
 * listener, no display password needed); otherwise, or when libvirt
 * refuses, it connects to the listen address or socket from the XML,
 * from the host itself through the connection's opener (the SSH tunnel)
 * when there is one. */
struct _OrielTransport
{
  GObject parent_instance;

  OrielDomain *domain;          /* NULL for a direct target */
  OrielViewerTarget *target;    /* a spice:// or vnc:// URI or .vv file, or NULL */
  char *name;                   /* the domain's name or the target's URI, for messages */
  OrielGraphicsInfo *info;
  OrielChannelOpener *opener;   /* connects from the host itself, or NULL */
  char *uri;
  gboolean local;
  gboolean use_graphics_fd;     /* cleared once libvirt refuses */
  gboolean attach_only;         /* -a/--attach: libvirt's fd or nothing */
  char *tls_ca_file;            /* CA for SPICE TLS ports; NULL: the system's */
  char *tls_subject;            /* certificate subject to require, or NULL */
};

G_DEFINE_FINAL_TYPE (OrielTransport, oriel_transport, G_TYPE_OBJECT)

OrielTransport *
oriel_transport_new (OrielDomain *domain, const OrielGraphicsInfo *info, const char *uri,
                     OrielChannelOpener *opener)
{
  OrielTransport *self;

  g_return_val_if_fail (ORIEL_IS_DOMAIN (domain), NULL);
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (ORIEL_TYPE_TRANSPORT, NULL);
  self->domain = g_object_ref (domain);
  self->info = oriel_graphics_info_copy (info);
  self->uri = g_strdup (uri);
  self->opener = opener ? g_object_ref (opener) : NULL;
  /* libvirt passes fds over its own UNIX socket only: never through a tunnel */
  self->local = opener == NULL && oriel_uri_is_local (uri);
  self->use_graphics_fd = self->local;
  self->name = g_strdup (oriel_domain_get_name (domain));
  return self;
}

/**
 * oriel_transport_new_direct:
 * @target: (transfer full): what a URI or connection file names
 *
 * A transport straight to a display's address, with no libvirt domain:
 * remote-viewer's spice://, vnc:// and .vv inputs.
 */
OrielTransport *
oriel_transport_new_direct (OrielViewerTarget *target)
{
  OrielTransport *self;
  OrielGraphicsInfo *info;

  g_return_val_if_fail (target != NULL, NULL);

  self = g_object_new (ORIEL_TYPE_TRANSPORT, NULL);
  info = g_new0 (OrielGraphicsInfo, 1);
  info->type = target->type;
  info->type_name = g_strdup (target->type == ORIEL_GRAPHICS_VNC ? "vnc" : "spice");
  info->listen_type = target->unix_path ? ORIEL_LISTEN_SOCKET : ORIEL_LISTEN_ADDRESS;
  info->listen = g_strdup (target->host);
  info->socket = g_strdup (target->unix_path);
  info->port = target->tls_only ? -1 : target->port;
  info->tls_port = target->tls_port;
  info->password = g_strdup (target->password);
  self->info = info;
  self->name = oriel_viewer_target_describe (target);
  self->target = target;
  return self;
}

/* Returns: (nullable): the URI or connection file of a direct transport */
const OrielViewerTarget *
oriel_transport_get_target (OrielTransport *self)
{
  g_return_val_if_fail (ORIEL_IS_TRANSPORT (self), NULL);
  return self->target;
}

/* -d/--direct: reach the display at its own address even on an SSH or
 * local connection (no tunnel, no fd from libvirt). */
void
oriel_transport_set_no_tunnel (OrielTransport *self)
{
  g_return_if_fail (ORIEL_IS_TRANSPORT (self));
  g_clear_object (&self->opener);
  self->local = FALSE;
  self->use_graphics_fd = FALSE;
}

/* -a/--attach: the display through libvirt's fd only, never the network. */
void
oriel_transport_set_attach_only (OrielTransport *self)
{
  g_return_if_fail (ORIEL_IS_TRANSPORT (self));
  self->attach_only = TRUE;
}

static void
set_attach_error (OrielTransport *self, GError **error)
{
  g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_UNREACHABLE,
               _("With --attach the display of “%s” is reached only through libvirt, which "
                 "hands it over on this computer (a qemu:/// URI, not %s) to an account allowed "
                 "to manage the domain. Leave out --attach to connect to its address."),
               self->name, self->uri ? self->uri : "");
}

/* Display name for messages: the domain, or the URI of a direct target. */
const char *
oriel_transport_get_name (OrielTransport *self)
{
  g_return_val_if_fail (ORIEL_IS_TRANSPORT (self), NULL);
  return self->name;
}

const OrielGraphicsInfo *
oriel_transport_get_info (OrielTransport *self)
{
  g_return_val_if_fail (ORIEL_IS_TRANSPORT (self), NULL);
  return self->info;
}

/* TRUE while displays come through libvirt, which skips the password. */
gboolean
oriel_transport_get_skips_auth (OrielTransport *self)
{
  g_return_val_if_fail (ORIEL_IS_TRANSPORT (self), FALSE);
  return self->use_graphics_fd;
}

/* Where to connect when not through libvirt. Fills exactly one of
 * @socket_path or @host with @port. */
static gboolean
resolve_endpoint (OrielTransport *self, gboolean tls, char **host, int *port,
                  char **socket_path, GError **error)
{
  const OrielGraphicsInfo *info = self->info;
  g_autofree char *uri_host = NULL;
  int wanted = tls ? info->tls_port : info->port;

  if (info->listen_type == ORIEL_LISTEN_NONE)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_UNREACHABLE,
                   _("The display of “%s” has no network listener and libvirt could not "
                     "hand it over. Set its listen address in the domain settings, or "
                     "connect with an account allowed to manage the domain."),
                   self->name);
      return FALSE;
    }

  if (info->listen_type == ORIEL_LISTEN_SOCKET)
    {
      if (!self->local && self->opener == NULL && self->target == NULL)
        {
          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_UNREACHABLE,
                       _("The display of “%s” is a UNIX socket on the remote host %s; "
                         "reaching it needs an SSH connection (a qemu+ssh:// URI)."),
                       self->name, self->uri);
          return FALSE;
        }
      *socket_path = g_strdup (info->socket);
      return TRUE;
    }

  if (wanted <= 0)
    {
      if (tls)
        g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_UNREACHABLE,
                     _("The SPICE server of “%s” asks for TLS but has no TLS port."),
                     self->name);
      else if (self->domain != NULL && !oriel_domain_is_active (self->domain))
        g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_NOT_RUNNING,
                     _("“%s” is not running. Start it to see its display."),
                     self->name);
      else
        g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_UNREACHABLE,
                     _("The display of “%s” has no port."),
                     self->name);
      return FALSE;
    }

  if (self->target != NULL)
    {
      *host = g_strdup (info->listen);
      *port = wanted;
      return TRUE;
    }

  if (self->local || self->opener != NULL)
    {
      /* a wildcard listener is reachable on loopback, here or on the host */
      if (info->listen == NULL || oriel_address_is_wildcard (info->listen))
        *host = g_strdup ("localhost");
      else
        *host = g_strdup (info->listen);
      *port = wanted;
      return TRUE;
    }

  uri_host = oriel_uri_get_host (self->uri);
  if (info->listen == NULL || oriel_address_is_loopback (info->listen))
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_UNREACHABLE,
                   _("The display of “%s” listens only on the loopback address of %s, "
                     "which cannot be reached from here. Connect over SSH (a qemu+ssh:// "
                     "URI) or change its listen address."),
                   self->name, uri_host ? uri_host : self->uri);
      return FALSE;
    }
  if (oriel_address_is_wildcard (info->listen))
    *host = g_steal_pointer (&uri_host);
  else
    *host = g_strdup (info->listen);
  *port = wanted;
  return TRUE;
}

/* Says early, without connecting, when the display cannot be reached. */
/* A TLS-only SPICE display (defaultMode='secure'): every channel, the
 * first too, goes to the TLS port. */
static gboolean
tls_only (OrielTransport *self)
{
  const OrielGraphicsInfo *info = self->info;

  return info->type == ORIEL_GRAPHICS_SPICE && info->port <= 0 && info->tls_port > 0
         && info->listen_type != ORIEL_LISTEN_SOCKET;
}

gboolean
oriel_transport_check (OrielTransport *self, GError **error)
{
  g_autofree char *host = NULL;
  g_autofree char *socket_path = NULL;
  int port = 0;

  g_return_val_if_fail (ORIEL_IS_TRANSPORT (self), FALSE);

  if (self->use_graphics_fd)
    return TRUE;
  if (self->attach_only)
    {
      set_attach_error (self, error);
      return FALSE;
    }
  return resolve_endpoint (self, tls_only (self), &host, &port, &socket_path, error);
}

static int
steal_fd (GSocketConnection *connection, GError **error)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  int fd = fcntl (g_socket_get_fd (socket), F_DUPFD_CLOEXEC, 3);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not take the display connection: %s"), g_strerror (saved));
      return -1;
    }
  return fd;
}

static void
connect_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GSocketConnection) connection = NULL;
  GError *error = NULL;
  int fd;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (G_IS_TCP_CONNECTION (connection))
    {
      int one = 1;

      /* display traffic is small interactive messages */
      setsockopt (g_socket_get_fd (g_socket_connection_get_socket (connection)),
                  IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
  fd = steal_fd (connection, &error);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  if (fd < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, fd);
}

static void
opener_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  int fd = oriel_channel_opener_open_finish (ORIEL_CHANNEL_OPENER (source), result, &error);

  if (fd < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, fd);
}

static void
open_direct (GTask *task, gboolean tls)
{
  OrielTransport *self = g_task_get_source_object (task);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnectable) address = NULL;
  g_autofree char *host = NULL;
  g_autofree char *socket_path = NULL;
  GError *error = NULL;
  int port = 0;

  if (!resolve_endpoint (self, tls, &host, &port, &socket_path, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (self->opener != NULL)
    {
      g_debug ("Connecting through the host to %s port %d", socket_path ? socket_path : host, port);
      if (socket_path != NULL)
        oriel_channel_opener_open_unix_async (self->opener, socket_path,
                                              g_task_get_cancellable (task), opener_cb, task);
      else
        oriel_channel_opener_open_tcp_async (self->opener, host, (guint16) port,
                                             g_task_get_cancellable (task), opener_cb, task);
      return;
    }

  if (socket_path != NULL)
    address = G_SOCKET_CONNECTABLE (g_unix_socket_address_new (socket_path));
  else
    address = g_network_address_new (host, port);
  g_debug ("Connecting to %s port %d", socket_path ? socket_path : host, port);
  g_socket_client_set_timeout (client, 30);
  if (self->target != NULL && self->target->proxy != NULL)
    {
      /* GIO speaks HTTP CONNECT and SOCKS itself, as spice-gtk's proxy does */
      g_autoptr (GProxyResolver) resolver = g_simple_proxy_resolver_new (self->target->proxy, NULL);

      g_socket_client_set_proxy_resolver (client, resolver);
    }
  g_socket_client_connect_async (client, address, g_task_get_cancellable (task),
                                 connect_cb, task);
}

static void
graphics_fd_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  OrielTransport *self = source;
  virDomainPtr handle = task_data;
  int fd;

  fd = virDomainOpenGraphicsFD (handle, self->info->index, VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH);
  if (fd < 0)
    {
      g_task_return_new_error (task, ORIEL_ERROR, ORIEL_ERROR_FAILED, "%s",
                               virGetLastErrorMessage ());
      return;
    }
  fcntl (fd, F_SETFD, FD_CLOEXEC);
  g_task_return_int (task, fd);
}

static void
graphics_fd_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  OrielTransport *self = ORIEL_TRANSPORT (source);
  gboolean tls = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr (GError) error = NULL;
  int fd;

  fd = g_task_propagate_int (G_TASK (result), &error);
  if (fd >= 0 || g_task_return_error_if_cancelled (task))
    {
      if (fd >= 0)
        g_task_return_int (task, fd);
      g_object_unref (task);
      return;
    }
  if (self->attach_only)
    {
      g_task_return_new_error (task, ORIEL_ERROR, ORIEL_ERROR_UNREACHABLE,
                               _("libvirt did not hand over the display of “%s”: %s"),
                               self->name, error->message);
      g_object_unref (task);
      return;
    }
  /* Refused (read-only link, older QEMU): the listen address still works. */
  g_debug ("libvirt did not hand over the display of %s: %s; connecting directly",
           self->name, error->message);
  self->use_graphics_fd = FALSE;
  open_direct (task, tls);
}

static void
unref_handle (gpointer handle)
{
  g_boxed_free (GVIR_TYPE_DOMAIN_HANDLE, handle);
}

/**
 * oriel_transport_set_tls:
 * @ca_file: (nullable): CA certificates for SPICE TLS ports; NULL: the system's
 * @subject: (nullable): the certificate subject to require instead of the host name
 */
void
oriel_transport_set_tls (OrielTransport *self, const char *ca_file, const char *subject)
{
  g_return_if_fail (ORIEL_IS_TRANSPORT (self));
  oriel_set_str (&self->tls_ca_file, ca_file);
  oriel_set_str (&self->tls_subject, subject);
}

/* The name the display's certificate must carry: through the tunnel, the
 * host as the person named it; else the address connected to. */
static char *
tls_identity (OrielTransport *self)
{
  const char *listen = self->info->listen;

  if (self->opener != NULL || (!self->local && self->target == NULL))
    {
      char *host = oriel_uri_get_host (self->uri);

      if (host != NULL && *host != '\0'
          && (self->opener != NULL || listen == NULL || oriel_address_is_wildcard (listen)))
        return host;
      g_free (host);
    }
  if (listen == NULL || oriel_address_is_wildcard (listen))
    return g_strdup ("localhost");
  return g_strdup (listen);
}

static void
tls_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  int fd = oriel_tls_link_finish (result, &error);

  if (fd < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, fd);
}

static void
tls_plain_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  OrielTransport *self = ORIEL_TRANSPORT (source);
  g_autofree char *identity = NULL;
  GError *error = NULL;
  int fd = g_task_propagate_int (G_TASK (result), &error);

  if (fd < 0)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  identity = tls_identity (self);
  g_debug ("TLS to %s's display, checking %s%s", self->name,
           self->tls_subject ? "subject " : "host name ",
           self->tls_subject ? self->tls_subject : identity);
  oriel_tls_link_async (fd, self->tls_ca_file, identity, self->tls_subject,
                        g_task_get_cancellable (task), tls_ready_cb, task);
}

/**
 * oriel_transport_open_fd_async:
 * @tls: the SPICE channel wants its TLS port
 *
 * Opens one connection to the display. Each SPICE channel asks once, a VNC
 * session once in all. The fd is close-on-exec and owned by the caller.
 */
void
oriel_transport_open_fd_async (OrielTransport      *self,
                               gboolean             tls,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ORIEL_IS_TRANSPORT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, oriel_transport_open_fd_async);
  g_task_set_task_data (task, GINT_TO_POINTER (tls), NULL);
  /* _finish closes an fd that arrives after cancellation instead of losing it */
  g_task_set_check_cancellable (task, FALSE);

  if (tls || tls_only (self))
    {
      /* the TLS port, reached as any other, then TLS on top (oriel-tls-link.c) */
      GTask *plain = g_task_new (self, cancellable, tls_plain_cb, task);

      g_task_set_task_data (plain, GINT_TO_POINTER (TRUE), NULL);
      g_task_set_check_cancellable (plain, FALSE);
      open_direct (plain, TRUE);
      return;
    }
  if (self->use_graphics_fd)
    {
      g_autoptr (GTask) fd_task = g_task_new (self, cancellable, graphics_fd_cb, task);
      virDomainPtr handle = NULL;

      g_object_get (oriel_domain_get_gvir (self->domain), "handle", &handle, NULL);
      g_task_set_task_data (fd_task, handle, unref_handle);
      /* a cancelled request still gets its fd back, to close it */
      g_task_set_check_cancellable (fd_task, FALSE);
      g_task_run_in_thread (fd_task, graphics_fd_thread);
      return;
    }
  open_direct (task, tls);
}

int
oriel_transport_open_fd_finish (OrielTransport *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return oriel_task_propagate_fd (G_TASK (result), error);
}

static void
oriel_transport_finalize (GObject *object)
{
  OrielTransport *self = ORIEL_TRANSPORT (object);

  g_clear_object (&self->domain);
  g_clear_pointer (&self->target, oriel_viewer_target_free);
  g_free (self->name);
  g_clear_object (&self->opener);
  g_clear_pointer (&self->info, oriel_graphics_info_free);
  g_free (self->uri);
  g_free (self->tls_ca_file);
  g_free (self->tls_subject);
  G_OBJECT_CLASS (oriel_transport_parent_class)->finalize (object);
}

static void
oriel_transport_class_init (OrielTransportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oriel_transport_finalize;
}

static void
oriel_transport_init (OrielTransport *self)
{
}
