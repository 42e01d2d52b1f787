#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings *oriel_settings_get        (void);
GSettings *oriel_settings_get_domain (const char *uuid);
GVariant  *oriel_settings_get_for_domain (const char *uuid,
                                          const char *key);
gboolean   oriel_settings_find_connection   (const char *uri,
                                             gboolean   *autoconnect);
void       oriel_settings_save_connection   (const char *uri,
                                             gboolean    autoconnect,
                                             gboolean    in_place);
void       oriel_settings_forget_connection (const char *uri);

/* io.github.oriel.Oriel.ResolutionPolicy */
typedef enum
{
  ORIEL_RESOLUTION_KEEP,
  ORIEL_RESOLUTION_WINDOW,
  ORIEL_RESOLUTION_MONITOR,
} OrielResolutionPolicy;

G_END_DECLS
