#include "config.h"

#include "oriel-domain-list-fixture.h"

/* vm-00000 .. vm-NNNNN: every fourth running (the test driver's runstate
 * 1), the rest shut off (5); every tenth has a title with an accent; even
 * ones show SPICE, odd ones VNC. */
void
oriel_fixture_write_node (const char *path, guint n_domains)
{
  g_autoptr (GString) xml = g_string_new ("<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n");
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < n_domains; i++)
    {
      g_string_append_printf (xml,
                              "<domain type='test'><name>vm-%05u</name>"
                              "<uuid>6f1e0000-0000-4000-8000-%012u</uuid>", i, i);
      if (i % 10 == 0)
        g_string_append_printf (xml, "<title>Équipe %u</title>", i / 10);
      g_string_append_printf (xml,
                              "<memory>8192</memory><os><type>hvm</type></os>"
                              "<devices><graphics type='%s' autoport='yes'/></devices>"
                              "<test:runstate>%d</test:runstate></domain>\n",
                              i % 2 == 0 ? "spice" : "vnc", i % 4 == 0 ? 1 : 5);
    }
  g_string_append (xml, "</node>\n");
  if (!g_file_set_contents (path, xml->str, xml->len, &error))
    g_error ("%s: %s", path, error->message);
}
