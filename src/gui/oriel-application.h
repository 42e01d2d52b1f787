#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ORIEL_TYPE_APPLICATION (oriel_application_get_type ())
G_DECLARE_FINAL_TYPE (OrielApplication, oriel_application, ORIEL, APPLICATION, GtkApplication)

OrielApplication *oriel_application_new (void);

G_END_DECLS
