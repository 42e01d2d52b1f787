#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings *oriel_settings_get        (void);
GSettings *oriel_settings_get_domain (const char *uuid);
GVariant  *oriel_settings_get_for_domain (const char *uuid,
                                          const char *key);

/* io.github.oriel.Oriel.ResolutionPolicy */
typedef enum
{
  ORIEL_RESOLUTION_KEEP,
  ORIEL_RESOLUTION_WINDOW,
  ORIEL_RESOLUTION_MONITOR,
} OrielResolutionPolicy;

G_END_DECLS
