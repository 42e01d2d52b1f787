#pragma once

#include "oriel-session.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_SESSION_VNC (oriel_session_vnc_get_type ())
G_DECLARE_FINAL_TYPE (OrielSessionVnc, oriel_session_vnc, ORIEL, SESSION_VNC, OrielSession)

G_END_DECLS
