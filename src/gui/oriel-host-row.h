#pragma once

#include <gtk/gtk.h>

#include "oriel-host.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_HOST_ROW (oriel_host_row_get_type ())
G_DECLARE_FINAL_TYPE (OrielHostRow, oriel_host_row, ORIEL, HOST_ROW, GtkListBoxRow)

GtkWidget  *oriel_host_row_new                (OrielHost *host,
                                               gboolean   removable);
OrielHost  *oriel_host_row_get_host           (OrielHostRow *self);
GtkButton  *oriel_host_row_get_remove_button  (OrielHostRow *self);
GtkButton  *oriel_host_row_get_edit_button    (OrielHostRow *self);

G_END_DECLS
