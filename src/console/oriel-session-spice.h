#pragma once

#include "oriel-session.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_SESSION_SPICE (oriel_session_spice_get_type ())
G_DECLARE_FINAL_TYPE (OrielSessionSpice, oriel_session_spice, ORIEL, SESSION_SPICE, OrielSession)

gboolean oriel_session_spice_smartcard   (OrielSessionSpice *self,
                                          gboolean           insert);
guint    oriel_session_spice_usb_reset   (OrielSessionSpice *self);
struct _SpiceSession *oriel_session_spice_get_spice (OrielSessionSpice *self);
void     oriel_session_spice_share_folder (OrielSessionSpice *self,
                                           const char        *path,
                                           gboolean           read_only);
const char *oriel_session_spice_get_shared_folder (OrielSessionSpice *self);
void     oriel_session_spice_set_audio   (OrielSessionSpice *self,
                                          gboolean           playback,
                                          gboolean           record);

G_END_DECLS
