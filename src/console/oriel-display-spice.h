#pragma once

#include <spice-client-gtk.h>

#include "oriel-display.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_DISPLAY_SPICE (oriel_display_spice_get_type ())
G_DECLARE_FINAL_TYPE (OrielDisplaySpice, oriel_display_spice, ORIEL, DISPLAY_SPICE, OrielDisplay)

OrielDisplay *oriel_display_spice_new         (SpiceSession *session,
                                               SpiceChannel *display_channel,
                                               int           monitor_id);
SpiceChannel *oriel_display_spice_get_channel (OrielDisplaySpice *self);
int           oriel_display_spice_get_monitor_id (OrielDisplaySpice *self);

G_END_DECLS
