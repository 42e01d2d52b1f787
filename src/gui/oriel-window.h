#pragma once

#include <gtk/gtk.h>

#include "oriel-application.h"
#include "oriel-connection.h"
#include "oriel-console-tab.h"
#include "oriel-transport.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_WINDOW (oriel_window_get_type ())
G_DECLARE_FINAL_TYPE (OrielWindow, oriel_window, ORIEL, WINDOW, GtkApplicationWindow)

OrielWindow     *oriel_window_new             (OrielApplication *app,
                                               const char       *uri,
                                               gboolean          read_only,
                                               const char       *domain);
OrielWindow     *oriel_window_new_direct      (OrielApplication *app,
                                               OrielTransport   *transport,
                                               const char       *title);
void             oriel_window_start           (OrielWindow *self);
void             oriel_window_set_text_first  (OrielWindow *self,
                                               gboolean     text_first);
void             oriel_window_set_title       (OrielWindow *self,
                                               const char  *title);
void             oriel_window_set_zoom        (OrielWindow *self,
                                               guint        zoom);
void             oriel_window_set_no_tunnel   (OrielWindow *self,
                                               gboolean     no_tunnel);
void             oriel_window_set_spice_tls   (OrielWindow *self,
                                               const char  *ca_file,
                                               const char  *subject);
void             oriel_window_set_kiosk       (OrielWindow *self,
                                               gboolean     kiosk,
                                               gboolean     quit_on_disconnect);
gboolean         oriel_window_get_kiosk       (OrielWindow *self);
void             oriel_window_set_lookup      (OrielWindow *self,
                                               OrielLookup  lookup,
                                               gboolean     wait);
void             oriel_window_set_console_options (OrielWindow *self,
                                                   gboolean     reconnect_set,
                                                   gboolean     reconnect,
                                                   gboolean     attach);
OrielConnection *oriel_window_get_connection  (OrielWindow *self);
struct _OrielDomainList *oriel_window_get_domain_list (OrielWindow *self);
struct _OrielDomainDetails *oriel_window_get_domain_details (OrielWindow *self);
GtkListBox      *oriel_window_get_host_list    (OrielWindow *self);
GtkWidget       *oriel_window_show_connect_dialog (OrielWindow *self);
OrielConsoleTab *oriel_window_get_current_tab (OrielWindow *self);
OrielConsoleTab *oriel_window_find_tab        (OrielWindow *self,
                                               OrielDomain *domain);
void             oriel_window_open_console    (OrielWindow *self,
                                               OrielDomain *domain);
const char      *oriel_window_get_error       (OrielWindow *self);

G_END_DECLS
