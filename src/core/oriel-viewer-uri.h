#pragma once

#include <glib.h>

#include "oriel-viewer-target.h"

G_BEGIN_DECLS

/* TRUE when @uri has one of the schemes remote-viewer opens directly:
 * spice://, spice+unix://, spice+tls://, vnc://. */
gboolean           oriel_viewer_uri_is_direct (const char *uri);
/* spice://host:port[?port=N&tls-port=N], spice+unix:///path,
 * spice+tls://host:port, vnc://host:port (the port as given, never a
 * display number); errors in ORIEL_ERROR_INVALID_VALUE say what is wrong
 * and what a valid URI looks like. A password (?password= or user:pass@)
 * is refused: a URI lands in argv, visible to every local user. */
OrielViewerTarget *oriel_viewer_uri_parse     (const char  *uri,
                                               GError     **error);

G_END_DECLS
