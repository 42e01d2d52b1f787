#include "config.h"

#include <string.h>

#include "oriel-error.h"
#include "oriel-viewer-uri.h"

static OrielViewerTarget *
parse_ok (const char *uri)
{
  g_autoptr (GError) error = NULL;
  OrielViewerTarget *target = oriel_viewer_uri_parse (uri, &error);

  g_assert_no_error (error);
  g_assert_nonnull (target);
  return target;
}

/* Returns the message, which must name @needle. */
static char *
parse_fails (const char *uri, const char *needle)
{
  g_autoptr (GError) error = NULL;
  OrielViewerTarget *target = oriel_viewer_uri_parse (uri, &error);

  g_assert_null (target);
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s”: “%s” does not contain “%s”", uri, error->message, needle);
  return g_strdup (error->message);
}

static void
test_is_direct (void)
{
  g_assert_true (oriel_viewer_uri_is_direct ("spice://host:5900"));
  g_assert_true (oriel_viewer_uri_is_direct ("spice+unix:///run/x.sock"));
  g_assert_true (oriel_viewer_uri_is_direct ("spice+tls://host:5901"));
  g_assert_true (oriel_viewer_uri_is_direct ("vnc://host:5900"));
  g_assert_true (oriel_viewer_uri_is_direct ("SPICE://host:5900"));
  g_assert_true (oriel_viewer_uri_is_direct ("spice://"));   /* scheme only: cheap */
  g_assert_false (oriel_viewer_uri_is_direct ("qemu:///system"));
  g_assert_false (oriel_viewer_uri_is_direct ("spice"));
  g_assert_false (oriel_viewer_uri_is_direct ("my-vm"));
  g_assert_false (oriel_viewer_uri_is_direct ("vnc+unix:///x"));
  g_assert_false (oriel_viewer_uri_is_direct (""));
}

static void
test_spice_port (void)
{
  g_autoptr (OrielViewerTarget) target = parse_ok ("spice://host.example:5900");
  g_autofree char *text = oriel_viewer_target_describe (target);

  g_assert_cmpint (target->type, ==, ORIEL_GRAPHICS_SPICE);
  g_assert_cmpstr (target->host, ==, "host.example");
  g_assert_cmpint (target->port, ==, 5900);
  g_assert_cmpint (target->tls_port, ==, -1);
  g_assert_null (target->unix_path);
  g_assert_false (target->tls_only);
  g_assert_null (target->password);
  g_assert_null (target->username);
  g_assert_cmpstr (text, ==, "spice://host.example:5900");
}

static void
test_spice_query (void)
{
  g_autoptr (OrielViewerTarget) both = parse_ok ("spice://host.example?port=5900&tls-port=5901");
  g_autoptr (OrielViewerTarget) tls = parse_ok ("spice://host.example/?tls-port=5901");
  g_autoptr (OrielViewerTarget) mixed = parse_ok ("spice://host.example:5900?tls-port=5901");
  g_autofree char *text = oriel_viewer_target_describe (tls);
  g_autofree char *twice = NULL;
  g_autofree char *unknown = NULL;

  g_assert_cmpstr (both->host, ==, "host.example");
  g_assert_cmpint (both->port, ==, 5900);
  g_assert_cmpint (both->tls_port, ==, 5901);
  g_assert_false (both->tls_only);
  g_assert_cmpint (tls->port, ==, -1);
  g_assert_cmpint (tls->tls_port, ==, 5901);
  g_assert_cmpstr (text, ==, "spice+tls://host.example:5901");
  g_assert_cmpint (mixed->port, ==, 5900);
  g_assert_cmpint (mixed->tls_port, ==, 5901);

  twice = parse_fails ("spice://host.example:5900?port=5901", "twice");
  g_assert_cmpstr (twice, ==,
                   "The address gives port twice: give it once, as in "
                   "spice://host.example:5900");
  unknown = parse_fails ("spice://host.example:5900?colour=red", "colour");
  g_assert_cmpstr (unknown, ==,
                   "“colour” is not a setting of a SPICE address: only port and tls-port are, "
                   "as in spice://host.example?port=5900&tls-port=5901");
  g_free (parse_fails ("spice://host.example?port=5900&port=5901", "port twice"));
  g_free (parse_fails ("vnc://host.example:5900?port=5901", "vnc://host.example:5900"));
}

static void
test_spice_tls (void)
{
  g_autoptr (OrielViewerTarget) target = parse_ok ("spice+tls://host.example:5901");
  g_autofree char *text = oriel_viewer_target_describe (target);

  g_assert_cmpint (target->type, ==, ORIEL_GRAPHICS_SPICE);
  g_assert_cmpstr (target->host, ==, "host.example");
  g_assert_cmpint (target->port, ==, -1);
  g_assert_cmpint (target->tls_port, ==, 5901);
  g_assert_true (target->tls_only);
  g_assert_cmpstr (text, ==, "spice+tls://host.example:5901");

  g_free (parse_fails ("spice+tls://host.example", "spice+tls://host.example:5901"));
  g_free (parse_fails ("spice+tls://host.example:5901?port=5900",
                       "takes no settings after “?”"));
}

static void
test_spice_unix (void)
{
  g_autoptr (OrielViewerTarget) target = parse_ok ("spice+unix:///run/vm/my%20vm.sock");
  g_autofree char *text = oriel_viewer_target_describe (target);

  g_assert_cmpint (target->type, ==, ORIEL_GRAPHICS_SPICE);
  g_assert_null (target->host);
  g_assert_cmpint (target->port, ==, -1);
  g_assert_cmpint (target->tls_port, ==, -1);
  g_assert_cmpstr (target->unix_path, ==, "/run/vm/my vm.sock");
  g_assert_cmpstr (text, ==, "spice+unix:///run/vm/my vm.sock");

  g_free (parse_fails ("spice+unix://run/x.sock", "spice+unix:///run/vm/spice.sock"));
  g_free (parse_fails ("spice+unix:///", "absolute path"));
  g_free (parse_fails ("spice+unix://", "absolute path"));
}

static void
test_vnc (void)
{
  g_autoptr (OrielViewerTarget) target = parse_ok ("vnc://host.example:5901");
  g_autoptr (OrielViewerTarget) low = parse_ok ("vnc://host.example:1");
  g_autofree char *text = oriel_viewer_target_describe (target);
  g_autofree char *none = NULL;

  g_assert_cmpint (target->type, ==, ORIEL_GRAPHICS_VNC);
  g_assert_cmpstr (target->host, ==, "host.example");
  g_assert_cmpint (target->port, ==, 5901);
  g_assert_cmpint (target->tls_port, ==, -1);
  g_assert_false (target->tls_only);
  g_assert_cmpstr (text, ==, "vnc://host.example:5901");
  /* A display number, as `virsh domdisplay` writes it (port 5901 is :1) */
  g_assert_cmpint (low->port, ==, 5901);
  {
    g_autoptr (OrielViewerTarget) zero = parse_ok ("vnc://127.0.0.1:0");

    g_assert_cmpint (zero->port, ==, 5900);
  }

  none = parse_fails ("vnc://host.example", "no port");
  g_assert_cmpstr (none, ==, "The address names no port: add one, as in vnc://host.example:5900");
}

static void
test_ipv6 (void)
{
  g_autoptr (OrielViewerTarget) spice = parse_ok ("spice://[::1]:5900");
  g_autoptr (OrielViewerTarget) vnc = parse_ok ("vnc://[2001:db8::7]:5910/");
  g_autoptr (OrielViewerTarget) tls = parse_ok ("spice+tls://[::1]:5901");
  g_autofree char *a = oriel_viewer_target_describe (spice);
  g_autofree char *b = oriel_viewer_target_describe (vnc);
  g_autofree char *c = oriel_viewer_target_describe (tls);

  g_assert_cmpstr (spice->host, ==, "::1");
  g_assert_cmpint (spice->port, ==, 5900);
  g_assert_cmpstr (vnc->host, ==, "2001:db8::7");
  g_assert_cmpint (vnc->port, ==, 5910);
  g_assert_cmpstr (a, ==, "spice://[::1]:5900");
  g_assert_cmpstr (b, ==, "vnc://[2001:db8::7]:5910");
  g_assert_cmpstr (c, ==, "spice+tls://[::1]:5901");
}

static void
test_bad_port (void)
{
  g_autofree char *zero = parse_fails ("spice://host.example:0", "Port 0");
  g_autofree char *big = parse_fails ("spice://host.example:70000", "70000");
  g_autofree char *word = parse_fails ("vnc://host.example:abc", "abc");
  g_autofree char *query = parse_fails ("spice://host.example?port=70000", "70000");

  g_assert_cmpstr (zero, ==,
                   "Port 0 is out of range: a port is a number from 1 to 65535, as in "
                   "spice://host.example:5900");
  g_assert_cmpstr (big, ==,
                   "Port 70000 is out of range: a port is a number from 1 to 65535, as in "
                   "spice://host.example:5900");
  g_assert_cmpstr (word, ==,
                   "“abc” is not a port number: a port is a number from 1 to 65535, as in "
                   "vnc://host.example:5900");
  g_assert_cmpstr (query, ==,
                   "Port 70000 is out of range: a port is a number from 1 to 65535, as in "
                   "spice://host.example:5900");
  g_free (parse_fails ("spice://host.example?tls-port=0", "Port 0"));
  g_free (parse_fails ("spice://host.example?tls-port=", "“” is not a port number"));
  g_free (parse_fails ("spice+tls://[::1]:99999", "Port 99999"));
  g_free (parse_fails ("spice://host.example:-1", "“-1” is not a port number"));
}

static void
test_password (void)
{
  g_autofree char *query = parse_fails ("spice://host.example:5900?password=hunter2",
                                        "connection file (.vv)");
  g_autofree char *userinfo = parse_fails ("vnc://me:hunter2@host.example:5900",
                                           "type it when asked");

  /* The refusal must not echo the secret back. */
  g_assert_null (strstr (query, "hunter2"));
  g_assert_null (strstr (userinfo, "hunter2"));
  g_free (parse_fails ("spice+tls://host.example:5901?password=x", "refused"));
  g_free (parse_fails ("spice+unix:///run/x.sock?password=x", "refused"));
}

static void
test_user (void)
{
  g_autoptr (OrielViewerTarget) target = parse_ok ("vnc://me@host.example:5900");

  g_assert_cmpstr (target->username, ==, "me");
  g_assert_null (target->password);
}

static void
test_missing_host (void)
{
  g_autofree char *spice = parse_fails ("spice://:5900", "no host");
  g_autofree char *scheme = parse_fails ("host.example:5900", "not a SPICE or VNC address");

  g_assert_cmpstr (spice, ==,
                   "The address names no host: add one, as in spice://host.example:5900");
  g_assert_cmpstr (scheme, ==,
                   "“host.example:5900” is not a SPICE or VNC address: it must start with "
                   "spice://, spice+unix://, spice+tls:// or vnc://, as in "
                   "spice://host.example:5900");
  g_free (parse_fails ("spice://", "no host"));
  g_free (parse_fails ("vnc:///x", "no host"));
  g_free (parse_fails ("spice+tls://:5901", "no host"));
  g_free (parse_fails ("http://host.example:5900", "must start with spice://"));
}

static void
test_path (void)
{
  g_free (parse_fails ("spice://host.example:5900/vm", "has a path (“/vm”)"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/viewer-uri/is-direct", test_is_direct);
  g_test_add_func ("/core/viewer-uri/spice/port", test_spice_port);
  g_test_add_func ("/core/viewer-uri/spice/query", test_spice_query);
  g_test_add_func ("/core/viewer-uri/spice/tls", test_spice_tls);
  g_test_add_func ("/core/viewer-uri/spice/unix", test_spice_unix);
  g_test_add_func ("/core/viewer-uri/vnc", test_vnc);
  g_test_add_func ("/core/viewer-uri/ipv6", test_ipv6);
  g_test_add_func ("/core/viewer-uri/invalid/port", test_bad_port);
  g_test_add_func ("/core/viewer-uri/invalid/password", test_password);
  g_test_add_func ("/core/viewer-uri/invalid/host", test_missing_host);
  g_test_add_func ("/core/viewer-uri/invalid/path", test_path);
  g_test_add_func ("/core/viewer-uri/user", test_user);
  return g_test_run ();
}
