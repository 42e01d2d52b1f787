#include "config.h"

#include <unistd.h>

#include "oriel-connection.h"
#include "oriel-error.h"
#include "oriel-tls-link.h"
#include "oriel-transport.h"

/* libvirt's built-in test driver is a real libvirt connection that needs
 * no daemon; its domain "test" is running. */

typedef struct
{
  OrielConnection *connection;
  OrielDomain *domain;
} Fixture;

static void
open_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (oriel_connection_open_finish (ORIEL_CONNECTION (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  gboolean done = FALSE;

  fixture->connection = oriel_connection_new ("test:///default", FALSE);
  oriel_connection_open_async (fixture->connection, NULL, open_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  fixture->domain = g_object_ref (oriel_connection_find_domain (fixture->connection, "test"));
  /* its state arrives asynchronously */
  while (oriel_domain_get_state (fixture->domain) == ORIEL_DOMAIN_STATE_UNKNOWN)
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->domain);
  g_clear_object (&fixture->connection);
}

static OrielGraphicsInfo *
info_from (const char *graphics)
{
  g_autofree char *xml = g_strdup_printf ("<domain><devices>%s</devices></domain>", graphics);
  g_autoptr (GPtrArray) infos = oriel_graphics_info_parse (xml, NULL);

  g_assert_nonnull (infos);
  g_assert_cmpuint (infos->len, ==, 1);
  return oriel_graphics_info_copy (g_ptr_array_index (infos, 0));
}

static void
test_connection_lists_domains (Fixture *fixture, gconstpointer data)
{
  GListModel *domains = oriel_connection_get_domains (fixture->connection);

  g_assert_cmpuint (g_list_model_get_n_items (domains), >=, 1);
  g_assert_true (oriel_connection_is_open (fixture->connection));
  g_assert_true (oriel_connection_is_local (fixture->connection));
  g_assert_cmpint (oriel_domain_get_state (fixture->domain), ==, ORIEL_DOMAIN_STATE_RUNNING);
  g_assert_true (oriel_connection_find_domain (fixture->connection,
                                               oriel_domain_get_uuid (fixture->domain))
                 == fixture->domain);
  g_assert_null (oriel_connection_find_domain (fixture->connection, "no-such-domain"));
}

static void
test_remote_loopback_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (OrielGraphicsInfo) info =
    info_from ("<graphics type='spice' port='5900' listen='127.0.0.1'/>");
  g_autoptr (OrielTransport) transport =
    oriel_transport_new (fixture->domain, info, "qemu+tcp://hv.example/system", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_false (oriel_transport_get_skips_auth (transport));
  g_assert_false (oriel_transport_check (transport, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_UNREACHABLE);
  /* says what to do */
  g_assert_nonnull (strstr (error->message, "qemu+ssh://"));
  g_assert_nonnull (strstr (error->message, "hv.example"));
}

static void
test_remote_wildcard_uses_uri_host (Fixture *fixture, gconstpointer data)
{
  g_autoptr (OrielGraphicsInfo) info =
    info_from ("<graphics type='vnc' port='5900' listen='0.0.0.0'/>");
  g_autoptr (OrielTransport) transport =
    oriel_transport_new (fixture->domain, info, "qemu+tcp://hv.example/system", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (oriel_transport_check (transport, &error));
  g_assert_no_error (error);
}

static void
test_remote_socket_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (OrielGraphicsInfo) info =
    info_from ("<graphics type='vnc'><listen type='socket' socket='/run/x.sock'/></graphics>");
  g_autoptr (OrielTransport) transport =
    oriel_transport_new (fixture->domain, info, "qemu+tcp://hv.example/system", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_false (oriel_transport_check (transport, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_UNREACHABLE);
}

typedef struct
{
  int fd;
  GError *error;
  gboolean done;
} OpenResult;

static void
open_fd_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OpenResult *out = user_data;

  out->fd = oriel_transport_open_fd_finish (ORIEL_TRANSPORT (source), result, &out->error);
  out->done = TRUE;
}

/* The test driver cannot hand over a graphics fd, as a read-only link
 * cannot: the transport then connects to the listen address itself. */
static void
test_local_falls_back_to_listen_address (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GSocketConnection) server = NULL;
  g_autoptr (OrielGraphicsInfo) info = NULL;
  g_autoptr (OrielTransport) transport = NULL;
  g_autofree char *graphics = NULL;
  OpenResult out = { -1, NULL, FALSE };
  char buf[8] = { 0 };
  guint16 port;
  GError *error = NULL;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  /* any_inet listens on all addresses; this test only dials loopback */
  graphics = g_strdup_printf ("<graphics type='vnc' port='%u' listen='127.0.0.1'/>", port);
  info = info_from (graphics);
  transport = oriel_transport_new (fixture->domain, info, "test:///default", NULL);
  g_assert_true (oriel_transport_get_skips_auth (transport));

  oriel_transport_open_fd_async (transport, FALSE, NULL, open_fd_cb, &out);
  while (!out.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (out.error);
  g_assert_cmpint (out.fd, >=, 0);
  g_assert_false (oriel_transport_get_skips_auth (transport));

  server = g_socket_listener_accept (listener, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (out.fd, "RFB", 3), ==, 3);
  g_assert_cmpint (g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (server)),
                                        buf, 3, NULL, &error), ==, 3);
  g_assert_cmpstr (buf, ==, "RFB");
  close (out.fd);
}

static void
test_listen_none_without_fd (Fixture *fixture, gconstpointer data)
{
  g_autoptr (OrielGraphicsInfo) info = info_from ("<graphics type='spice'><listen type='none'/></graphics>");
  g_autoptr (OrielTransport) transport = oriel_transport_new (fixture->domain, info, "test:///default", NULL);
  OpenResult out = { -1, NULL, FALSE };

  oriel_transport_open_fd_async (transport, FALSE, NULL, open_fd_cb, &out);
  while (!out.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (out.fd, ==, -1);
  g_assert_error (out.error, ORIEL_ERROR, ORIEL_ERROR_UNREACHABLE);
  g_clear_error (&out.error);
}

/* spice-gtk's subject notation and GnuTLS's RFC 4514 one name the same
 * certificate in another order and spacing. */
static void
test_tls_subject (void)
{
  g_assert_true (oriel_tls_subject_matches ("CN=oriel-lab-spice,O=Oriel Lab,C=XX",
                                            "C=XX,O=Oriel Lab,CN=oriel-lab-spice"));
  g_assert_true (oriel_tls_subject_matches ("CN=a, O=b", "o=b,cn=a"));
  g_assert_false (oriel_tls_subject_matches ("CN=a,O=b", "CN=a,O=c"));
  g_assert_false (oriel_tls_subject_matches ("CN=a,O=b", "CN=a"));
  g_assert_false (oriel_tls_subject_matches ("CN=a", "CN=a,O=b"));
  g_assert_false (oriel_tls_subject_matches ("CN=a", ""));
  g_assert_false (oriel_tls_subject_matches (NULL, "CN=a"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/transport/connection-lists-domains", Fixture, NULL, fixture_set_up,
              test_connection_lists_domains, fixture_tear_down);
  g_test_add ("/core/transport/remote-loopback-refused", Fixture, NULL, fixture_set_up,
              test_remote_loopback_refused, fixture_tear_down);
  g_test_add ("/core/transport/remote-wildcard", Fixture, NULL, fixture_set_up,
              test_remote_wildcard_uses_uri_host, fixture_tear_down);
  g_test_add ("/core/transport/remote-socket-refused", Fixture, NULL, fixture_set_up,
              test_remote_socket_refused, fixture_tear_down);
  g_test_add ("/core/transport/local-fallback", Fixture, NULL, fixture_set_up,
              test_local_falls_back_to_listen_address, fixture_tear_down);
  g_test_add ("/core/transport/listen-none-without-fd", Fixture, NULL, fixture_set_up,
              test_listen_none_without_fd, fixture_tear_down);
  g_test_add_func ("/core/tls/subject", test_tls_subject);
  return g_test_run ();
}
