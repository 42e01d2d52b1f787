#pragma once

#include <gio/gio.h>

#include "oriel-monitor-mapping.h"
#include "oriel-settings.h"

G_BEGIN_DECLS

/* A domain's monitor mapping and resolution policy, kept by UUID. */
OrielMonitorMapping  *oriel_monitor_settings_load_mapping (const char                *uuid);
void                  oriel_monitor_settings_save_mapping (const char                *uuid,
                                                           const OrielMonitorMapping *mapping);
gboolean              oriel_monitor_settings_export       (const char                *uuid,
                                                           const OrielMonitorMapping *mapping,
                                                           char                     **path,
                                                           GError                   **error);
OrielResolutionPolicy oriel_monitor_settings_get_policy   (const char                *uuid);
void                  oriel_monitor_settings_set_policy   (const char                *uuid,
                                                           OrielResolutionPolicy      policy);

G_END_DECLS
