#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void oriel_a11y_install (void);
void oriel_a11y_name    (GtkWidget *widget);

G_END_DECLS
