#pragma once

#include "oriel-char-device.h"
#include "oriel-domain.h"
#include "oriel-session.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_SESSION_SERIAL (oriel_session_serial_get_type ())
G_DECLARE_FINAL_TYPE (OrielSessionSerial, oriel_session_serial, ORIEL, SESSION_SERIAL, OrielSession)

OrielSession          *oriel_session_serial_new        (OrielDomain           *domain,
                                                        const OrielCharDevice *device);
void                   oriel_session_serial_set_force  (OrielSessionSerial *self,
                                                        gboolean            force);
void                   oriel_session_serial_set_domain (OrielSessionSerial *self,
                                                        OrielDomain        *domain);
OrielDisplay          *oriel_session_serial_get_display (OrielSessionSerial *self);

G_END_DECLS
