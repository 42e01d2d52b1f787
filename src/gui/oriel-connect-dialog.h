#pragma once

#include <gtk/gtk.h>

#include "oriel-uri.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_CONNECT_DIALOG (oriel_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OrielConnectDialog, oriel_connect_dialog, ORIEL, CONNECT_DIALOG, GtkDialog)

GtkWidget  *oriel_connect_dialog_new             (GtkWindow          *parent);
void        oriel_connect_dialog_set_fields      (OrielConnectDialog *self,
                                                  OrielUriKind        kind,
                                                  const char         *user,
                                                  const char         *host,
                                                  const char         *port,
                                                  const char         *custom);
void        oriel_connect_dialog_set_autoconnect (OrielConnectDialog *self,
                                                  gboolean            autoconnect);
char       *oriel_connect_dialog_get_uri         (OrielConnectDialog *self,
                                                  GError            **error);
gboolean    oriel_connect_dialog_get_autoconnect (OrielConnectDialog *self);
const char *oriel_connect_dialog_get_error       (OrielConnectDialog *self);

G_END_DECLS
