#pragma once

#include "oriel-display.h"

G_BEGIN_DECLS

/* "Type clipboard": text sent as key presses, for guests without an agent
 * and for VNC, which has no clipboard of its own in most guests. */
guint oriel_display_type_text (OrielDisplay *display,
                               const char   *text);

G_END_DECLS
