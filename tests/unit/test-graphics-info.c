#include "config.h"

#include "oriel-error.h"
#include "oriel-graphics-info.h"

static GPtrArray *
parse_fixture (const char *name, GError **error)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autofree char *xml = NULL;

  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  return oriel_graphics_info_parse (xml, error);
}

static const OrielGraphicsInfo *
only (GPtrArray *infos)
{
  g_assert_nonnull (infos);
  g_assert_cmpuint (infos->len, ==, 1);
  return g_ptr_array_index (infos, 0);
}

static void
test_spice_tcp (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) infos = parse_fixture ("spice-tcp.xml", &error);
  const OrielGraphicsInfo *info;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  info = only (infos);
  g_assert_cmpint (info->type, ==, ORIEL_GRAPHICS_SPICE);
  g_assert_cmpuint (info->index, ==, 0);
  g_assert_cmpint (info->listen_type, ==, ORIEL_LISTEN_ADDRESS);
  g_assert_cmpstr (info->listen, ==, "127.0.0.1");
  g_assert_cmpint (info->port, ==, 5901);
  g_assert_cmpint (info->tls_port, ==, -1);
  g_assert_true (info->autoport);
  g_assert_null (info->password);
  g_assert_true (oriel_graphics_info_is_console (info));
  text = oriel_graphics_info_describe (info);
  g_assert_cmpstr (text, ==, "SPICE on 127.0.0.1 port 5901");
}

static void
test_spice_tls_only (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) infos = parse_fixture ("spice-tls-only.xml", &error);
  const OrielGraphicsInfo *info;

  g_assert_no_error (error);
  info = only (infos);
  g_assert_cmpint (info->type, ==, ORIEL_GRAPHICS_SPICE);
  g_assert_cmpint (info->port, ==, -1);
  g_assert_cmpint (info->tls_port, ==, 5902);
  g_assert_cmpstr (info->listen, ==, "0.0.0.0");
  g_assert_false (info->autoport);
  g_assert_cmpstr (info->password, ==, "s3cret");
}

static void
test_vnc_tcp (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) infos = parse_fixture ("vnc-tcp.xml", &error);
  const OrielGraphicsInfo *info;

  g_assert_no_error (error);
  info = only (infos);
  g_assert_cmpint (info->type, ==, ORIEL_GRAPHICS_VNC);
  g_assert_cmpint (info->listen_type, ==, ORIEL_LISTEN_ADDRESS);
  /* the old listen= attribute counts when there is no <listen> child */
  g_assert_cmpstr (info->listen, ==, "::1");
  g_assert_cmpint (info->port, ==, 5900);
  g_assert_cmpint (info->tls_port, ==, -1);
}

static void
test_vnc_unix (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) infos = parse_fixture ("vnc-unix.xml", &error);
  const OrielGraphicsInfo *info;

  g_assert_no_error (error);
  info = only (infos);
  g_assert_cmpint (info->type, ==, ORIEL_GRAPHICS_VNC);
  g_assert_cmpint (info->listen_type, ==, ORIEL_LISTEN_SOCKET);
  g_assert_cmpstr (info->socket, ==, "/run/libvirt/qemu/vnc-unix.sock");
  g_assert_null (info->listen);
  g_assert_cmpint (info->port, ==, -1);
}

static void
test_listen_none (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) infos = parse_fixture ("listen-none.xml", &error);
  const OrielGraphicsInfo *info;

  g_assert_no_error (error);
  info = only (infos);
  g_assert_cmpint (info->listen_type, ==, ORIEL_LISTEN_NONE);
  g_assert_null (info->listen);
  g_assert_null (info->socket);
}

static void
test_several (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) infos = parse_fixture ("several.xml", &error);
  const OrielGraphicsInfo *spice, *vnc, *egl;

  g_assert_no_error (error);
  g_assert_cmpuint (infos->len, ==, 3);
  spice = g_ptr_array_index (infos, 0);
  vnc = g_ptr_array_index (infos, 1);
  egl = g_ptr_array_index (infos, 2);

  g_assert_cmpint (spice->type, ==, ORIEL_GRAPHICS_SPICE);
  g_assert_cmpuint (spice->index, ==, 0);
  g_assert_cmpstr (spice->listen, ==, "192.0.2.10");   /* a network listen's address */
  g_assert_cmpint (spice->port, ==, 5930);

  g_assert_cmpint (vnc->type, ==, ORIEL_GRAPHICS_VNC);
  g_assert_cmpuint (vnc->index, ==, 1);
  g_assert_cmpint (vnc->port, ==, -1);                 /* autoport, domain not running */

  g_assert_cmpint (egl->type, ==, ORIEL_GRAPHICS_OTHER);
  g_assert_cmpstr (egl->type_name, ==, "egl-headless");
  g_assert_cmpuint (egl->index, ==, 2);
  g_assert_false (oriel_graphics_info_is_console (egl));
}

static void
test_none (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) infos = parse_fixture ("none.xml", &error);

  g_assert_no_error (error);
  g_assert_nonnull (infos);
  g_assert_cmpuint (infos->len, ==, 0);
}

static void
test_malformed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) infos = parse_fixture ("malformed.xml", &error);

  g_assert_null (infos);
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_XML);
  /* the message names the line where the parser gave up */
  g_assert_nonnull (strstr (error->message, "line "));
  g_assert_null (strstr (error->message, "line 0"));
}

static void
test_not_a_domain (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) infos = parse_fixture ("not-a-domain.xml", &error);

  g_assert_null (infos);
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_XML);
}

static void
test_copy (void)
{
  g_autoptr (GPtrArray) infos = parse_fixture ("spice-tls-only.xml", NULL);
  g_autoptr (OrielGraphicsInfo) copy = oriel_graphics_info_copy (only (infos));

  g_assert_cmpstr (copy->password, ==, "s3cret");
  g_assert_true (copy->password != ((OrielGraphicsInfo *) g_ptr_array_index (infos, 0))->password);
  g_assert_cmpint (copy->tls_port, ==, 5902);
}

/* Open to the network: every interface, no password, no TLS port. Each
 * of the three alone closes it, as does a display that is no console. */
static void
test_exposed (void)
{
  static const struct
  {
    const char *graphics;
    gboolean exposed;
  } cases[] = {
    { "<graphics type='vnc' port='5900' listen='0.0.0.0'/>", TRUE },
    { "<graphics type='spice' port='5900' autoport='no'><listen type='address' address='::'/></graphics>", TRUE },
    { "<graphics type='vnc' port='5900' listen='0.0.0.0' passwd='x'/>", FALSE },
    { "<graphics type='spice' port='5900' tlsPort='5901' listen='0.0.0.0'/>", FALSE },
    { "<graphics type='vnc' port='5900' listen='127.0.0.1'/>", FALSE },
    { "<graphics type='vnc' port='5900' listen='192.0.2.7'/>", FALSE },
    { "<graphics type='vnc' port='5900'/>", FALSE },
    { "<graphics type='spice'><listen type='none'/></graphics>", FALSE },
    { "<graphics type='rdp' port='3389' listen='0.0.0.0'/>", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strdup_printf ("<domain type='qemu'><name>x</name><devices>%s"
                                              "</devices></domain>", cases[i].graphics);
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) infos = oriel_graphics_info_parse (xml, &error);

      g_assert_no_error (error);
      g_test_message ("%s", cases[i].graphics);
      g_assert_cmpint (oriel_graphics_info_is_exposed (only (infos)), ==, cases[i].exposed);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/graphics-info/spice-tcp", test_spice_tcp);
  g_test_add_func ("/core/graphics-info/exposed", test_exposed);
  g_test_add_func ("/core/graphics-info/spice-tls-only", test_spice_tls_only);
  g_test_add_func ("/core/graphics-info/vnc-tcp", test_vnc_tcp);
  g_test_add_func ("/core/graphics-info/vnc-unix", test_vnc_unix);
  g_test_add_func ("/core/graphics-info/listen-none", test_listen_none);
  g_test_add_func ("/core/graphics-info/several", test_several);
  g_test_add_func ("/core/graphics-info/none", test_none);
  g_test_add_func ("/core/graphics-info/malformed", test_malformed);
  g_test_add_func ("/core/graphics-info/not-a-domain", test_not_a_domain);
  g_test_add_func ("/core/graphics-info/copy", test_copy);
  return g_test_run ();
}
