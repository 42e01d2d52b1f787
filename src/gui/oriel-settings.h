#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings *oriel_settings_get (void);

G_END_DECLS
