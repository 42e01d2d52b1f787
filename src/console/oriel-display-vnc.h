#pragma once

#include <vncdisplay.h>

#include "oriel-display.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_DISPLAY_VNC (oriel_display_vnc_get_type ())
G_DECLARE_FINAL_TYPE (OrielDisplayVnc, oriel_display_vnc, ORIEL, DISPLAY_VNC, OrielDisplay)

OrielDisplay *oriel_display_vnc_new     (void);
VncDisplay   *oriel_display_vnc_get_vnc (OrielDisplayVnc *self);
void          oriel_display_vnc_set_default_pointer_local (gboolean local);
void          oriel_display_vnc_set_lossy (OrielDisplayVnc *self,
                                           gboolean         lossy);
void          oriel_display_vnc_set_share_clipboard (OrielDisplayVnc *self,
                                                     gboolean         share);

G_END_DECLS
