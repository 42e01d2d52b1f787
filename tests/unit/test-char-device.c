#include "config.h"

#include "oriel-char-device.h"
#include "oriel-error.h"

static GPtrArray *
parse_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *devices;

  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  devices = oriel_char_device_parse (xml, &error);
  g_assert_no_error (error);
  return devices;
}

static void
test_devices (void)
{
  g_autoptr (GPtrArray) devices = parse_fixture ("consoles.xml");
  const OrielCharDevice *serial0, *serial1, *virtio;
  g_autofree char *label0 = NULL;
  g_autofree char *label1 = NULL;
  g_autofree char *label2 = NULL;
  g_autofree char *why = NULL;

  /* the serial-target console is serial0 again: no tab of its own */
  g_assert_cmpuint (devices->len, ==, 3);
  serial0 = g_ptr_array_index (devices, 0);
  serial1 = g_ptr_array_index (devices, 1);
  virtio = g_ptr_array_index (devices, 2);

  g_assert_cmpint (serial0->kind, ==, ORIEL_CHAR_SERIAL);
  g_assert_cmpstr (serial0->alias, ==, "serial0");
  g_assert_cmpint (serial0->port, ==, 0);
  label0 = oriel_char_device_get_label (serial0);
  g_assert_cmpstr (label0, ==, "Serial 0");
  g_assert_true (oriel_char_device_can_stream (serial0, NULL));

  g_assert_cmpstr (serial1->type, ==, "file");
  label1 = oriel_char_device_get_label (serial1);
  g_assert_cmpstr (label1, ==, "Serial 1");
  g_assert_false (oriel_char_device_can_stream (serial1, &why));
  g_assert_nonnull (strstr (why, "“file”"));
  g_assert_nonnull (strstr (why, "pty"));

  g_assert_cmpint (virtio->kind, ==, ORIEL_CHAR_CONSOLE);
  g_assert_cmpstr (virtio->alias, ==, "console1");
  label2 = oriel_char_device_get_label (virtio);
  g_assert_cmpstr (label2, ==, "Console (virtio) 1");
}

/* The inactive XML has no aliases: libvirt's own names are used. */
static void
test_no_alias (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) devices = oriel_char_device_parse (
    "<domain><devices><serial type='pty'><target port='0'/></serial>"
    "<console type='pty'><target type='virtio' port='0'/></console></devices></domain>", &error);
  const OrielCharDevice *console;

  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 2);
  g_assert_cmpstr (((OrielCharDevice *) g_ptr_array_index (devices, 0))->alias, ==, "serial0");
  console = g_ptr_array_index (devices, 1);
  g_assert_cmpstr (console->alias, ==, "console0");
}

static void
test_none_and_bad (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) none = oriel_char_device_parse ("<domain><devices/></domain>", &error);
  g_autoptr (GPtrArray) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  bad = oriel_char_device_parse ("<domain><devices>", &error);
  g_assert_null (bad);
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_XML);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/char-device/devices", test_devices);
  g_test_add_func ("/core/char-device/no-alias", test_no_alias);
  g_test_add_func ("/core/char-device/none-and-bad", test_none_and_bad);
  return g_test_run ();
}
