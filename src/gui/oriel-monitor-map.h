#pragma once

#include <gtk/gtk.h>

#include "oriel-monitor-mapping.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_MONITOR_MAP (oriel_monitor_map_get_type ())
G_DECLARE_FINAL_TYPE (OrielMonitorMap, oriel_monitor_map, ORIEL, MONITOR_MAP, GtkDrawingArea)

GtkWidget                 *oriel_monitor_map_new         (void);
void                       oriel_monitor_map_set_mapping (OrielMonitorMap           *self,
                                                          const OrielMonitorMapping *mapping,
                                                          guint                      n_displays);
const OrielMonitorMapping *oriel_monitor_map_get_mapping (OrielMonitorMap           *self);
void                       oriel_monitor_map_drop        (OrielMonitorMap           *self,
                                                          guint                      display,
                                                          int                        monitor);

G_END_DECLS
