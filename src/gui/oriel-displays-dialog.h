#pragma once

#include <gtk/gtk.h>

#include "oriel-console-tab.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_DISPLAYS_DIALOG (oriel_displays_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OrielDisplaysDialog, oriel_displays_dialog, ORIEL, DISPLAYS_DIALOG, GtkDialog)

GtkWidget *oriel_displays_dialog_new (GtkWindow       *parent,
                                      OrielConsoleTab *tab);

G_END_DECLS
