#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ORIEL_TYPE_SPINNER (oriel_spinner_get_type ())
G_DECLARE_FINAL_TYPE (OrielSpinner, oriel_spinner, ORIEL, SPINNER, GtkWidget)

GtkWidget *oriel_spinner_new   (void);
void       oriel_spinner_start (OrielSpinner *self);
void       oriel_spinner_stop  (OrielSpinner *self);

G_END_DECLS
