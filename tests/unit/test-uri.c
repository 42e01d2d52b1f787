#include "config.h"

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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/uri/local", test_local);
  g_test_add_func ("/core/uri/host", test_host);
  g_test_add_func ("/core/uri/addresses", test_addresses);
  return g_test_run ();
}
