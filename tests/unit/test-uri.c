#include "config.h"

#include "oriel-error.h"
#include "oriel-uri.h"

static void
test_local (void)
{
  g_assert_true (oriel_uri_is_local ("qemu:///system"));
  g_assert_true (oriel_uri_is_local ("qemu:///session"));
  g_assert_true (oriel_uri_is_local ("qemu+unix:///system?socket=/tmp/x.sock"));
  g_assert_true (oriel_uri_is_local ("test:///default"));
  g_assert_false (oriel_uri_is_local ("qemu+ssh://root@host.example/system"));
  g_assert_false (oriel_uri_is_local ("qemu+tcp://127.0.0.1/system"));
  g_assert_false (oriel_uri_is_local ("qemu://localhost/system"));   /* TLS, no fd passing */
  g_assert_false (oriel_uri_is_local ("qemu+ssh:///system"));        /* ssh to the default host */
  g_assert_false (oriel_uri_is_local ("not a uri"));
}

static void
test_host (void)
{
  g_autofree char *a = oriel_uri_get_host ("qemu+ssh://root@host.example:2222/system");
  g_autofree char *b = oriel_uri_get_host ("qemu+ssh://[::1]/system");
  g_autofree char *c = oriel_uri_get_host ("qemu:///system");

  g_assert_cmpstr (a, ==, "host.example");
  g_assert_cmpstr (b, ==, "::1");
  g_assert_null (c);
}

static void
test_addresses (void)
{
  g_assert_true (oriel_address_is_loopback ("127.0.0.1"));
  g_assert_true (oriel_address_is_loopback ("127.3.4.5"));
  g_assert_true (oriel_address_is_loopback ("::1"));
  g_assert_true (oriel_address_is_loopback ("localhost"));
  g_assert_false (oriel_address_is_loopback ("192.0.2.1"));
  g_assert_false (oriel_address_is_loopback ("0.0.0.0"));
  g_assert_false (oriel_address_is_loopback (NULL));
  g_assert_true (oriel_address_is_wildcard ("0.0.0.0"));
  g_assert_true (oriel_address_is_wildcard ("::"));
  g_assert_false (oriel_address_is_wildcard ("127.0.0.1"));
  g_assert_false (oriel_address_is_wildcard ("example.org"));
}

/* The connection builder's URIs, and what it refuses. */
static void
test_build (void)
{
  struct { OrielUriKind kind; const char *user, *host; guint port; const char *custom, *expect; } ok[] = {
    { ORIEL_URI_LOCAL_SYSTEM, NULL, NULL, 0, NULL, "qemu:///system" },
    { ORIEL_URI_LOCAL_SESSION, NULL, NULL, 0, NULL, "qemu:///session" },
    { ORIEL_URI_SSH, "root", "kvm1.example.org", 0, NULL, "qemu+ssh://root@kvm1.example.org/system" },
    { ORIEL_URI_SSH, "", "10.0.0.5", 2222, NULL, "qemu+ssh://10.0.0.5:2222/system" },
    { ORIEL_URI_SSH, "a b", "h", 0, NULL, "qemu+ssh://a%20b@h/system" },
    { ORIEL_URI_SSH, NULL, " ::1 ", 22, NULL, "qemu+ssh://[::1]:22/system" },
    { ORIEL_URI_TLS, "ignored", "kvm2", 16514, NULL, "qemu+tls://kvm2:16514/system" },
    { ORIEL_URI_CUSTOM, NULL, NULL, 0, " test:///default ", "test:///default" },
  };
  struct { OrielUriKind kind; const char *host; guint port; const char *custom; } bad[] = {
    { ORIEL_URI_SSH, "", 0, NULL },
    { ORIEL_URI_SSH, "host/evil", 0, NULL },
    { ORIEL_URI_SSH, "a@b", 0, NULL },
    { ORIEL_URI_TLS, "h", 70000, NULL },
    { ORIEL_URI_TLS, "fe80::zz", 0, NULL },
    { ORIEL_URI_CUSTOM, NULL, 0, "kvm1" },
    { ORIEL_URI_CUSTOM, NULL, 0, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *uri = oriel_uri_build (ok[i].kind, ok[i].user, ok[i].host, ok[i].port,
                                              ok[i].custom, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (uri, ==, ok[i].expect);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *uri = oriel_uri_build (bad[i].kind, NULL, bad[i].host, bad[i].port,
                                              bad[i].custom, &error);

      g_assert_null (uri);
      g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/uri/local", test_local);
  g_test_add_func ("/core/uri/host", test_host);
  g_test_add_func ("/core/uri/addresses", test_addresses);
  g_test_add_func ("/core/uri/build", test_build);
  return g_test_run ();
}
