/* remote-viewer connection files: what a web portal or a download gives.
 * Whatever the bytes, the parser returns a usable target or an error,
 * never both, never neither. */
#include <stdlib.h>

#include "fuzz-common.h"
#include "oriel-vv-file.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return 0;
}

static gboolean
port_ok (int port)
{
  return port == -1 || (port >= 1 && port <= 65535);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielViewerTarget) target = NULL;

  /* The bytes as they are: no terminating NUL, maybe NULs inside. */
  target = oriel_vv_file_parse ((const char *) data, size, &error);
  if ((target == NULL) == (error == NULL))
    abort ();
  if (target == NULL)
    return 0;

  if (target->type != ORIEL_GRAPHICS_SPICE && target->type != ORIEL_GRAPHICS_VNC)
    abort ();
  if (!port_ok (target->port) || !port_ok (target->tls_port))
    abort ();
  if ((target->unix_path == NULL) == (target->host == NULL))
    abort ();
  g_free (oriel_viewer_target_describe (target));
  return 0;
}
