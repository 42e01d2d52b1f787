#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ORIEL_TYPE_AUTH_DIALOG (oriel_auth_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OrielAuthDialog, oriel_auth_dialog, ORIEL, AUTH_DIALOG, GtkDialog)

GtkWidget  *oriel_auth_dialog_new          (GtkWindow  *parent,
                                            const char *domain_name,
                                            const char *protocol,
                                            gboolean    need_username,
                                            const char *reason);
const char *oriel_auth_dialog_get_username (OrielAuthDialog *self);
const char *oriel_auth_dialog_get_password (OrielAuthDialog *self);
const char *oriel_auth_dialog_get_reason   (OrielAuthDialog *self);
void        oriel_auth_dialog_set_password (OrielAuthDialog *self,
                                            const char      *password);
void        oriel_auth_dialog_set_can_remember (OrielAuthDialog *self,
                                                gboolean         can_remember);
gboolean    oriel_auth_dialog_get_can_remember (OrielAuthDialog *self);
gboolean    oriel_auth_dialog_get_remember     (OrielAuthDialog *self);
void        oriel_auth_dialog_set_remember     (OrielAuthDialog *self,
                                                gboolean         remember);

G_END_DECLS
