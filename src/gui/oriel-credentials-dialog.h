#pragma once

#include <gtk/gtk.h>

#include "oriel-credentials.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_CREDENTIALS_DIALOG (oriel_credentials_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OrielCredentialsDialog, oriel_credentials_dialog, ORIEL,
                      CREDENTIALS_DIALOG, GtkDialog)

GtkWidget        *oriel_credentials_dialog_new         (GtkWindow        *parent,
                                                        OrielCredentials *request);
OrielCredentials *oriel_credentials_dialog_get_request (OrielCredentialsDialog *self);
void              oriel_credentials_dialog_set_answer  (OrielCredentialsDialog *self,
                                                        guint                   index,
                                                        const char             *answer);

G_END_DECLS
