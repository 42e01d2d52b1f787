#define G_LOG_DOMAIN "oriel-transport"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <gio/gunixsocketaddress.h>
#include <sys/socket.h>
#include <unistd.h>

#include "oriel-error.h"
#include "oriel-tls-link.h"

/* TLS for a SPICE channel whose connection Oriel makes (libvirt's domains,
 * over the SSH tunnel or not). spice-gtk speaks TLS only on connections it
 * opens itself: an fd handed to it is used as is (its open-fd path skips
 * TLS). So Oriel does the handshake here, checks the certificate against
 * the CA and the host name or subject, and hands spice-gtk one end of a
 * socketpair spliced to the TLS stream by GIO. A check that fails ends
 * the connection with the reason; there is no way back to plain text. */

typedef struct
{
  char *ca_file;
  char *identity;
  char *subject;
  GTlsCertificateFlags refused;   /* what the certificate failed */
  GIOStream *tls;
} Link;

static void
link_free (Link *link)
{
  g_free (link->ca_file);
  g_free (link->identity);
  g_free (link->subject);
  g_clear_object (&link->tls);
  g_free (link);
}

/* "C=XX, O=Org,CN=name" and "CN=name,O=Org,C=XX" name the same subject:
 * the parts are compared as a set, whatever their order and spacing. */
static GPtrArray *
subject_parts (const char *subject)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) split = g_strsplit (subject, ",", -1);

  for (guint i = 0; split[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (split[i], "=", 2);
      g_autofree char *key = NULL;

      if (pair[0] == NULL || pair[1] == NULL)
        continue;
      key = g_ascii_strup (g_strstrip (pair[0]), -1);
      g_ptr_array_add (parts, g_strdup_printf ("%s=%s", key, g_strstrip (pair[1])));
    }
  return parts;
}

static int
compare_parts (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

gboolean
oriel_tls_subject_matches (const char *actual, const char *expected)
{
  g_autoptr (GPtrArray) a = NULL;
  g_autoptr (GPtrArray) b = NULL;

  if (actual == NULL || expected == NULL)
    return FALSE;
  a = subject_parts (actual);
  b = subject_parts (expected);
  if (a->len != b->len || a->len == 0)
    return FALSE;
  g_ptr_array_sort (a, compare_parts);
  g_ptr_array_sort (b, compare_parts);
  for (guint i = 0; i < a->len; i++)
    if (strcmp (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

/* Says which check failed, most telling first. */
static char *
refusal_message (Link *link)
{
  GTlsCertificateFlags flags = link->refused;
  const char *ca = link->ca_file ? link->ca_file : _("the system's trusted authorities");

  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return g_strdup_printf (_("The display's TLS certificate is not signed by the certificate "
                              "authority Oriel trusts (%s). Give the right CA file "
                              "(--spice-ca-file, or “ca” in a .vv file)."), ca);
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return g_strdup_printf (_("The display's TLS certificate was not issued for “%s”. Check the "
                              "host name, or name the certificate's subject with "
                              "--spice-host-subject."), link->identity);
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return g_strdup (_("The display's TLS certificate has expired."));
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return g_strdup (_("The display's TLS certificate is not valid yet (check the clocks)."));
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return g_strdup (_("The display's TLS certificate has been revoked."));
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return g_strdup (_("The display's TLS certificate uses an insecure algorithm."));
  return g_strdup (_("The display's TLS certificate could not be verified."));
}

static gboolean
accept_certificate_cb (GTlsConnection *connection, GTlsCertificate *peer,
                       GTlsCertificateFlags errors, Link *link)
{
  /* With a subject to match, the subject replaces the host name check
   * (as spice-gtk's cert-subject does); every other check stays. */
  if (link->subject != NULL)
    errors &= ~G_TLS_CERTIFICATE_BAD_IDENTITY;
  link->refused = errors;
  return errors == 0;
}

static void
splice_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!g_io_stream_splice_finish (result, &error))
    g_debug ("TLS link ended: %s", error->message);
}

static void
handshake_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Link *link = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) ours = NULL;
  g_autoptr (GSocketConnection) local = NULL;
  GTlsCertificate *peer;
  int pair[2];

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (link->refused != 0)
        {
          g_autofree char *message = refusal_message (link);

          g_task_return_new_error (task, ORIEL_ERROR, ORIEL_ERROR_TLS, "%s", message);
        }
      else
        g_task_return_new_error (task, ORIEL_ERROR, ORIEL_ERROR_TLS,
                                 _("The TLS handshake with the display failed: %s"),
                                 error->message);
      return;
    }

  peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (source));
  if (link->subject != NULL)
    {
      g_autofree char *actual = peer ? g_tls_certificate_get_subject_name (peer) : NULL;

      if (!oriel_tls_subject_matches (actual, link->subject))
        {
          g_io_stream_close (link->tls, NULL, NULL);
          g_task_return_new_error (task, ORIEL_ERROR, ORIEL_ERROR_TLS,
                                   _("The display's TLS certificate belongs to “%s”, not to "
                                     "the expected subject “%s”."),
                                   actual ? actual : "", link->subject);
          return;
        }
    }

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved), "socketpair: %s",
                               g_strerror (saved));
      return;
    }
  ours = g_socket_new_from_fd (pair[0], &error);
  if (ours == NULL)
    {
      close (pair[0]);
      close (pair[1]);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  local = g_socket_connection_factory_create_connection (ours);
  /* runs until either side closes, then closes both */
  g_io_stream_splice_async (link->tls, G_IO_STREAM (local),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, NULL, splice_cb, NULL);
  g_task_return_int (task, pair[1]);
}

/**
 * oriel_tls_link_async:
 * @fd: (transfer full): connected to the display's TLS port
 * @ca_file: (nullable): the CA certificates to trust; NULL: the system's
 * @identity: the host name the certificate must name (unless @subject)
 * @subject: (nullable): the certificate subject to require instead
 *
 * Finishes with the fd spice-gtk reads and writes in plain text.
 */
void
oriel_tls_link_async (int fd, const char *ca_file, const char *identity, const char *subject,
                      GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketConnection) plain = NULL;
  g_autoptr (GSocketConnectable) server = NULL;
  g_autoptr (GTlsDatabase) database = NULL;
  GError *error = NULL;
  Link *link = g_new0 (Link, 1);

  g_task_set_source_tag (task, oriel_tls_link_async);
  link->ca_file = g_strdup (ca_file);
  link->identity = g_strdup (identity);
  link->subject = subject && *subject ? g_strdup (subject) : NULL;
  g_task_set_task_data (task, link, (GDestroyNotify) link_free);

  socket = g_socket_new_from_fd (fd, &error);
  if (socket == NULL)
    {
      close (fd);
      g_task_return_error (task, error);
      return;
    }
  if (ca_file != NULL)
    {
      database = g_tls_file_database_new (ca_file, &error);
      if (database == NULL)
        {
          g_task_return_new_error (task, ORIEL_ERROR, ORIEL_ERROR_TLS,
                                   _("Could not read the CA file %s: %s"), ca_file,
                                   error->message);
          g_error_free (error);
          return;
        }
    }
  plain = g_socket_connection_factory_create_connection (socket);
  if (identity != NULL && link->subject == NULL)
    server = g_network_address_new (identity, 0);
  link->tls = g_tls_client_connection_new (G_IO_STREAM (plain), server, &error);
  if (link->tls == NULL)
    {
      g_task_return_new_error (task, ORIEL_ERROR, ORIEL_ERROR_TLS,
                               _("TLS is not available: %s"), error->message);
      g_error_free (error);
      return;
    }
  if (database != NULL)
    g_tls_connection_set_database (G_TLS_CONNECTION (link->tls), database);
  g_signal_connect (link->tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), link);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (link->tls), G_PRIORITY_DEFAULT,
                                    cancellable, handshake_cb, g_steal_pointer (&task));
}

int
oriel_tls_link_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}
