/* Golden tests of the domain XML editor: every input in domain-xml/ times
 * every edit, against the expected difference in NN-name.expected; and the
 * invalid edits, which must leave the document as it was.
 *
 * ORIEL_REGENERATE=1 rewrites the .expected files from the current code;
 * review their diff before committing them. */

#include <glib.h>
#include <libxml/parser.h>
#include <string.h>

#include "oriel-domain-config.h"
#include "oriel-error.h"
#include "oriel-text-diff.h"

static const char * const edits[] = {
  "video.model=virtio", "video.model=vga", "video.model=ramfb", "video.heads=2",
  "video.accel3d=yes", "video.vram=32768", "graphics.type=vnc", "graphics.type=spice",
  "graphics.type=none", "graphics.listen=all", "graphics.listen=none",
  "graphics.listen=socket", "graphics.listen=192.0.2.7", "graphics.port=5930",
  "graphics.port=auto", "graphics.tls-port=5931", "graphics.tls-port=off",
  "graphics.keymap=fr", "graphics.keymap=", "graphics.password=s3cret",
  "graphics.password=", "video[1].heads=4", "graphics[1].keymap=de", NULL
};

static char *
read_input (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "domain-xml", name, NULL);
  char *xml = NULL;

  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  return xml;
}

static gboolean
well_formed (const char *xml)
{
  xmlDoc *doc = xmlReadMemory (xml, strlen (xml), NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

  if (doc == NULL)
    return FALSE;
  xmlFreeDoc (doc);
  return TRUE;
}

/* What one edit does to @xml, as the .expected file records it. */
static char *
outcome (const char *xml, const char *edit)
{
  g_autoptr (OrielDomainConfig) config = oriel_domain_config_new (xml, NULL);
  g_auto (GStrv) kv = g_strsplit (edit, "=", 2);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (config);
  if (!oriel_domain_config_set_key (config, kv[0], kv[1], &error))
    {
      g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
      /* A refused edit changes nothing and names its field. */
      g_assert_cmpstr (oriel_domain_config_get_xml (config), ==, xml);
      g_assert_true (g_str_has_prefix (error->message, kv[0]));
      return g_strdup_printf ("! %s\n", error->message);
    }
  g_assert_true (well_formed (oriel_domain_config_get_xml (config)));
  {
    g_autofree char *diff = oriel_domain_config_diff (config);

    return *diff ? g_steal_pointer (&diff) : g_strdup ("= unchanged\n");
  }
}

static void
test_golden (gconstpointer data)
{
  const char *name = data;
  g_autofree char *xml = read_input (name);
  g_autofree char *base = g_strndup (name, strlen (name) - 4);
  g_autofree char *expected_name = g_strconcat (base, ".expected", NULL);
  g_autofree char *expected_path = g_test_build_filename (G_TEST_DIST, "domain-xml",
                                                          expected_name, NULL);
  g_autoptr (GString) actual = g_string_new (NULL);
  g_autofree char *expected = NULL;

  for (guint i = 0; edits[i]; i++)
    {
      g_autofree char *result = outcome (xml, edits[i]);

      g_string_append_printf (actual, "### %s\n%s", edits[i], result);
    }
  if (g_getenv ("ORIEL_REGENERATE"))
    g_assert_true (g_file_set_contents (expected_path, actual->str, -1, NULL));
  g_assert_true (g_file_get_contents (expected_path, &expected, NULL, NULL));
  g_assert_cmpstr (actual->str, ==, expected);
}

/* Reading back what a successful edit wrote. */
static void
test_roundtrip (void)
{
  g_autofree char *xml = read_input ("01-spice-qxl-default.xml");
  g_autoptr (OrielDomainConfig) config = oriel_domain_config_new (xml, NULL);
  g_autofree char *listen = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (oriel_domain_config_set_port (config, 0, 5905, &error));
  g_assert_cmpint (oriel_domain_config_get_port (config, 0), ==, 5905);
  /* A fixed port turns the all-automatic TLS port off, visibly. */
  g_assert_cmpint (oriel_domain_config_get_tls_port (config, 0), ==, ORIEL_PORT_OFF);
  g_assert_true (oriel_domain_config_set_tls_port (config, 0, 5906, &error));
  g_assert_cmpint (oriel_domain_config_get_tls_port (config, 0), ==, 5906);
  g_assert_true (oriel_domain_config_set_tls_port (config, 0, ORIEL_PORT_AUTO, &error));
  g_assert_true (oriel_domain_config_set_port (config, 0, ORIEL_PORT_AUTO, &error));
  g_assert_cmpint (oriel_domain_config_get_port (config, 0), ==, ORIEL_PORT_AUTO);
  g_assert_cmpint (oriel_domain_config_get_tls_port (config, 0), ==, ORIEL_PORT_AUTO);

  g_assert_true (oriel_domain_config_set_listen (config, 0, ORIEL_CONFIG_LISTEN_ADDRESS,
                                                 "fd00::5", &error));
  g_assert_cmpint (oriel_domain_config_get_listen (config, 0, &listen), ==, ORIEL_CONFIG_LISTEN_ADDRESS);
  g_assert_cmpstr (listen, ==, "fd00::5");

  g_assert_true (oriel_domain_config_set_password (config, 0, "a'b\"c&<d>", &error));
  g_assert_cmpstr (oriel_domain_config_get_password (config, 0), ==, "a'b\"c&<d>");
  g_assert_true (well_formed (oriel_domain_config_get_xml (config)));

  g_assert_true (oriel_domain_config_set_video_model (config, 0, "virtio", &error));
  g_assert_true (oriel_domain_config_set_heads (config, 0, 3, &error));
  g_assert_true (oriel_domain_config_set_video_model (config, 0, "vga", &error));
  /* vga drives one monitor: the count follows the model down. */
  g_assert_cmpuint (oriel_domain_config_get_heads (config, 0), ==, 1);
}

typedef struct
{
  const char *input;
  const char *edit;
} Invalid;

/* The bad input the settings pane and oriel-edit must refuse. */
static const Invalid invalid[] = {
  { "01-spice-qxl-default.xml", "graphics.port=70000" },
  { "01-spice-qxl-default.xml", "graphics.port=5899" },
  { "01-spice-qxl-default.xml", "graphics.port=abc" },
  { "01-spice-qxl-default.xml", "graphics.port=-5" },
  { "01-spice-qxl-default.xml", "video.heads=0" },
  { "01-spice-qxl-default.xml", "video.heads=17" },
  { "02-vnc-vga-keymap.xml", "video.heads=2" },
  { "02-vnc-vga-keymap.xml", "graphics.tls-port=5950" },
  { "03-spice-fixed-ports.xml", "graphics.tls-port=5901" },
  { "03-spice-fixed-ports.xml", "graphics.port=5902" },
  { "01-spice-qxl-default.xml", "graphics.keymap=klingon" },
  { "01-spice-qxl-default.xml", "graphics.listen=my.host" },
  { "01-spice-qxl-default.xml", "graphics.listen=300.1.1.1" },
  { "02-vnc-vga-keymap.xml", "graphics.password=123456789" },
  { "03-spice-fixed-ports.xml", "graphics.type=vnc" },   /* its password is too long for VNC */
  { "01-spice-qxl-default.xml", "video.model=voodoo" },
  { "01-spice-qxl-default.xml", "video.vram=3000" },
  { "01-spice-qxl-default.xml", "video.accel3d=maybe" },
  { "01-spice-qxl-default.xml", "graphics.password=a\nb" },
  { "11-headless-no-graphics-video-none.xml", "graphics.port=5930" },
  { "01-spice-qxl-default.xml", "video[3].heads=1" },
};

static void
test_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *xml = read_input (invalid[i].input);
      g_autoptr (OrielDomainConfig) config = oriel_domain_config_new (xml, NULL);
      g_auto (GStrv) kv = g_strsplit (invalid[i].edit, "=", 2);
      g_autoptr (GError) error = NULL;

      g_test_message ("%s on %s", invalid[i].edit, invalid[i].input);
      g_assert_false (oriel_domain_config_set_key (config, kv[0], kv[1], &error));
      g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
      g_assert_true (g_str_has_prefix (error->message, kv[0]));
      g_assert_cmpstr (oriel_domain_config_get_xml (config), ==, xml);
      g_assert_false (oriel_domain_config_is_modified (config));
    }
}

static void
test_bad_documents (void)
{
  static const char * const bad[] = {
    "<domain><devices>",
    "<network><name>x</name></network>",
    "not xml at all",
    "<domain><name>a</name></domain><domain/>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (OrielDomainConfig) config = oriel_domain_config_new (bad[i], &error);

      g_assert_null (config);
      g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_XML);
    }
}

/* The host's capabilities narrow the models offered. */
static void
test_caps (void)
{
  static const char caps_xml[] =
    "<domainCapabilities><devices>"
    "<video supported='yes'><enum name='modelType'><value>vga</value><value>virtio</value></enum></video>"
    "<graphics supported='yes'><enum name='type'><value>vnc</value></enum></graphics>"
    "</devices></domainCapabilities>";
  g_autofree char *xml = read_input ("01-spice-qxl-default.xml");
  g_autoptr (OrielDomainConfig) config = oriel_domain_config_new (xml, NULL);
  g_autoptr (OrielDomainCaps) caps = oriel_domain_caps_parse (caps_xml, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (caps);
  oriel_domain_config_set_caps (config, caps);
  g_assert_false (oriel_domain_config_set_video_model (config, 0, "bochs", &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "vga, virtio"));
  g_clear_error (&error);
  g_assert_true (oriel_domain_config_set_video_model (config, 0, "virtio", &error));
  g_assert_true (oriel_domain_config_set_graphics_type (config, 0, ORIEL_CONFIG_GRAPHICS_VNC, &error));
  g_assert_false (oriel_domain_config_set_graphics_type (config, 0, ORIEL_CONFIG_GRAPHICS_SPICE, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
}

static void
test_diff (void)
{
  g_autofree char *same = oriel_text_diff ("a\nb\nc\n", "a\nb\nc\n", 2);
  g_autofree char *one = oriel_text_diff ("a\nb\nc\nd\ne\nf\ng\n", "a\nb\nc\nD\ne\nf\ng\n", 1);
  g_autofree char *add = oriel_text_diff ("a\nb\n", "a\nx\nb\n", 0);

  g_assert_cmpstr (same, ==, "");
  g_assert_cmpstr (one, ==, "@@ -3,3 +3,3 @@\n c\n-d\n+D\n e\n");
  g_assert_cmpstr (add, ==, "@@ -1,0 +2,1 @@\n+x\n");
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

int
main (int argc, char **argv)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);

  path = g_test_build_filename (G_TEST_DIST, "domain-xml", NULL);
  dir = g_dir_open (path, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >=, 20);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *test = g_strdup_printf ("/core/domain-config/golden/%s",
                                               (char *) g_ptr_array_index (names, i));

      g_test_add_data_func (test, g_ptr_array_index (names, i), test_golden);
    }
  g_test_add_func ("/core/domain-config/roundtrip", test_roundtrip);
  g_test_add_func ("/core/domain-config/invalid", test_invalid);
  g_test_add_func ("/core/domain-config/bad-documents", test_bad_documents);
  g_test_add_func ("/core/domain-config/caps", test_caps);
  g_test_add_func ("/core/text-diff", test_diff);
  return g_test_run ();
}
