/* Domain and capabilities XML as a hypervisor (or anyone) returns it:
 * the readers behind consoles, text consoles and the settings choices. */
#include "fuzz-common.h"
#include "oriel-char-device.h"
#include "oriel-domain-caps.h"
#include "oriel-graphics-info.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *xml = fuzz_string (data, size);
  g_autoptr (GPtrArray) graphics = oriel_graphics_info_parse (xml, NULL);
  g_autoptr (GPtrArray) devices = oriel_char_device_parse (xml, NULL);

  oriel_domain_caps_free (oriel_domain_caps_parse (xml, NULL));
  for (guint i = 0; graphics && i < graphics->len; i++)
    g_free (oriel_graphics_info_describe (g_ptr_array_index (graphics, i)));
  for (guint i = 0; devices && i < devices->len; i++)
    g_free (oriel_char_device_get_label (g_ptr_array_index (devices, i)));
  return 0;
}
