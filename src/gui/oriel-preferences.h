#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ORIEL_TYPE_PREFERENCES (oriel_preferences_get_type ())
G_DECLARE_FINAL_TYPE (OrielPreferences, oriel_preferences, ORIEL, PREFERENCES, GtkDialog)

GtkWidget  *oriel_preferences_new                  (GtkWindow        *parent);
void        oriel_preferences_add_connection       (OrielPreferences *self,
                                                    const char       *uri);
const char *oriel_preferences_get_connection_error (OrielPreferences *self);

G_END_DECLS
