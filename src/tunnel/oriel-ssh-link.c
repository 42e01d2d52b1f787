#define G_LOG_DOMAIN "oriel-tunnel"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "oriel-error.h"
#include "oriel-ssh-config.h"
#include "oriel-ssh-link.h"

/* The libvirt RPC link over the host's one SSH connection: libvirt talks to
 * a UNIX socket in a private 0700 directory (qemu+unix://...?socket=), and
 * the one connection it makes there is spliced into an exec channel that
 * runs virt-ssh-helper (or nc -U) on the host. No local TCP listener, no
 * ssh child process. */

gboolean
oriel_uri_is_ssh (const char *uri)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);

  return scheme != NULL && g_str_has_suffix (scheme, "+ssh");
}

/* "qemu+ssh://root@host:2222/system?keyfile=k" -> "qemu:///system", the
 * same URI as seen on the host itself. */
char *
oriel_ssh_remote_uri (const char *uri)
{
  g_autoptr (GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autofree char *scheme = NULL;
  const char *path;

  /* Only for a "+ssh" scheme (the fuzzer found the unchecked cut). */
  if (parsed == NULL || !g_str_has_suffix (g_uri_get_scheme (parsed), "+ssh"))
    return NULL;
  scheme = g_strndup (g_uri_get_scheme (parsed), strlen (g_uri_get_scheme (parsed)) - 4);
  path = g_uri_get_path (parsed);
  return g_strdup_printf ("%s://%s", scheme, path && *path ? path : "/system");
}

/* g_strv_builder_take() is GLib 2.80; Debian 12 has 2.74. */
static void
builder_take (GStrvBuilder *builder, char *value)
{
  g_strv_builder_add (builder, value);
  g_free (value);
}

static char *
expand_home (const char *path)
{
  if (g_str_has_prefix (path, "~/"))
    return g_build_filename (g_get_home_dir (), path + 2, NULL);
  return g_strdup (path);
}

/**
 * oriel_ssh_target_new_for_uri:
 *
 * Who to log in as and where, from a qemu+ssh:// URI and the OpenSSH client
 * configuration, honouring libvirt's keyfile= and known_hosts= parameters.
 */
OrielSshTarget *
oriel_ssh_target_new_for_uri (const char *uri, GError **error)
{
  g_autoptr (GUri) parsed = NULL;
  g_autoptr (GHashTable) params = NULL;
  g_autoptr (OrielSshConfig) config = NULL;
  g_autoptr (GStrvBuilder) identities = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) known = g_strv_builder_new ();
  g_autofree char *user_config = g_build_filename (g_get_home_dir (), ".ssh", "config", NULL);
  const char *paths[] = { user_config, "/etc/ssh/ssh_config", NULL };
  OrielSshTarget *target;
  const char *value;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, error);
  if (parsed == NULL || g_uri_get_host (parsed) == NULL || !*g_uri_get_host (parsed))
    {
      g_clear_error (error);
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   _("“%s” names no host. Write it as qemu+ssh://[user@]host[:port]/system."), uri);
      return NULL;
    }
  if (g_uri_get_query (parsed) != NULL)
    params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, NULL);

  config = oriel_ssh_config_lookup_full (paths, g_uri_get_host (parsed), g_uri_get_user (parsed),
                                         g_uri_get_port (parsed) > 0 ? g_uri_get_port (parsed) : 0,
                                         error);
  if (config == NULL)
    return NULL;

  target = g_new0 (OrielSshTarget, 1);
  target->host = g_strdup (g_uri_get_host (parsed));
  target->hostname = g_strdup (config->hostname ? config->hostname : target->host);
  target->user = g_strdup (config->user ? config->user : g_get_user_name ());
  target->port = config->port > 0 ? config->port : 22;
  target->hash_known_hosts = config->hash_known_hosts == 1;

  /* as ssh -i: an explicit key comes first; defaults only without any */
  if (params != NULL && (value = g_hash_table_lookup (params, "keyfile")) != NULL)
    builder_take (identities, expand_home (value));
  for (guint i = 0; config->identity_files && config->identity_files[i]; i++)
    g_strv_builder_add (identities, config->identity_files[i]);
  if ((params == NULL || !g_hash_table_contains (params, "keyfile"))
      && (config->identity_files == NULL || config->identity_files[0] == NULL))
    for (const char *const *name = (const char *const[]) { "id_ed25519", "id_ecdsa", "id_rsa", NULL };
         *name; name++)
      builder_take (identities, g_build_filename (g_get_home_dir (), ".ssh", *name, NULL));
  target->identity_files = g_strv_builder_end (identities);

  if (params != NULL && (value = g_hash_table_lookup (params, "known_hosts")) != NULL)
    builder_take (known, expand_home (value));
  else if (config->user_known_hosts_files && config->user_known_hosts_files[0])
    g_strv_builder_addv (known, (const char **) config->user_known_hosts_files);
  else
    builder_take (known, g_build_filename (g_get_home_dir (), ".ssh", "known_hosts", NULL));
  target->known_hosts_files = g_strv_builder_end (known);
  return target;
}

typedef struct
{
  OrielSshSession *session;
  GSocketListener *listener;
  char *dir;
  char *path;
  char *command;
} Link;

static void
link_free (Link *link)
{
  g_clear_object (&link->session);
  if (link->listener != NULL)
    g_socket_listener_close (link->listener);
  g_clear_object (&link->listener);
  if (link->path != NULL)
    g_unlink (link->path);
  if (link->dir != NULL)
    g_rmdir (link->dir);
  g_free (link->dir);
  g_free (link->path);
  g_free (link->command);
  g_free (link);
}

static void
exec_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* the channel took the accepted fd as its local end; nothing comes back */
  if (oriel_ssh_session_open_finish (ORIEL_SSH_SESSION (source), result, &error) < 0
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The libvirt link could not start: %s", error->message);
}

static void
accepted_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Link *link = user_data;
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  int fd;

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, &error);
  if (connection == NULL)
    {
      g_debug ("libvirt link: %s", error->message);
      link_free (link);
      return;
    }
  fd = fcntl (g_socket_get_fd (g_socket_connection_get_socket (connection)), F_DUPFD_CLOEXEC, 3);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  if (fd >= 0)
    oriel_ssh_session_open_exec_async (link->session, link->command, fd, NULL, exec_ready_cb, NULL);
  /* one connection only: the socket and its directory go now */
  link_free (link);
}

/**
 * oriel_ssh_libvirt_link_async:
 * @uri: the qemu+ssh:// URI
 *
 * Prepares the link and gives, through _finish(), the qemu+unix:// URI that
 * libvirt should open to reach the host's daemon over @session.
 */
void
oriel_ssh_libvirt_link_async (OrielSshSession     *session,
                              const char          *uri,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (session, cancellable, callback, user_data);
  g_autoptr (GSocketAddress) address = NULL;
  g_autofree char *base = g_build_filename (g_get_user_runtime_dir (), "oriel", NULL);
  g_autofree char *remote = oriel_ssh_remote_uri (uri);
  g_autofree char *quoted = g_shell_quote (remote ? remote : "qemu:///system");
  g_autoptr (GUri) parsed = NULL;
  GError *error = NULL;
  Link *link;

  if (g_mkdir_with_parents (base, 0700) < 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create %s: %s"), base, g_strerror (saved));
      return;
    }
  link = g_new0 (Link, 1);
  link->session = g_object_ref (session);
  link->dir = g_build_filename (base, "link-XXXXXX", NULL);
  if (g_mkdtemp_full (link->dir, 0700) == NULL)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create a private directory in %s: %s"), base,
                               g_strerror (saved));
      g_clear_pointer (&link->dir, g_free);
      link_free (link);
      return;
    }
  link->path = g_build_filename (link->dir, "libvirt.sock", NULL);
  /* virt-ssh-helper speaks for any URI; older hosts only have the socket */
  link->command = g_strdup_printf (
    "if command -v virt-ssh-helper >/dev/null 2>&1; then exec virt-ssh-helper %s; "
    "else exec nc -U /var/run/libvirt/libvirt-sock; fi", quoted);

  link->listener = g_socket_listener_new ();
  g_socket_listener_set_backlog (link->listener, 1);
  address = g_unix_socket_address_new (link->path);
  if (!g_socket_listener_add_address (link->listener, address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &error))
    {
      g_task_return_error (task, error);
      link_free (link);
      return;
    }
  g_socket_listener_accept_async (link->listener, NULL, accepted_cb, link);

  parsed = g_uri_parse (remote, G_URI_FLAGS_NONE, NULL);
  g_task_return_pointer (task,
                         g_strdup_printf ("%s+unix://%s?socket=%s", g_uri_get_scheme (parsed),
                                          g_uri_get_path (parsed), link->path),
                         g_free);
}

char *
oriel_ssh_libvirt_link_finish (OrielSshSession *session, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
