#pragma once

#include <gtk/gtk.h>

#include "oriel-connection.h"
#include "oriel-display.h"
#include "oriel-domain.h"
#include "oriel-monitor-mapping.h"
#include "oriel-session.h"
#include "oriel-settings.h"

G_BEGIN_DECLS

typedef enum
{
  ORIEL_CONSOLE_TAB_CONNECTING,
  ORIEL_CONSOLE_TAB_CONNECTED,      /* a guest frame is on screen */
  ORIEL_CONSOLE_TAB_DISCONNECTED,   /* with a reason and a Reconnect button */
  ORIEL_CONSOLE_TAB_SHUT_OFF,       /* reconnects when the domain starts */
  ORIEL_CONSOLE_TAB_NO_DISPLAY,     /* the domain has no console display */
} OrielConsoleTabState;

#define ORIEL_TYPE_CONSOLE_TAB (oriel_console_tab_get_type ())
G_DECLARE_FINAL_TYPE (OrielConsoleTab, oriel_console_tab, ORIEL, CONSOLE_TAB, GtkBox)

OrielConsoleTab     *oriel_console_tab_new            (OrielConnection *connection,
                                                       OrielDomain     *domain,
                                                       int              graphics_index);
OrielConsoleTab     *oriel_console_tab_new_direct     (OrielTransport  *transport,
                                                       const char      *title);
void                 oriel_console_tab_set_no_tunnel  (OrielConsoleTab *self,
                                                       gboolean         no_tunnel);
void                 oriel_console_tab_set_spice_tls  (OrielConsoleTab *self,
                                                       const char      *ca_file,
                                                       const char      *subject);
const char          *oriel_console_tab_get_name       (OrielConsoleTab *self);
void                 oriel_console_tab_set_reconnect  (OrielConsoleTab *self,
                                                       gboolean         reconnect);
void                 oriel_console_tab_set_attach     (OrielConsoleTab *self,
                                                       gboolean         attach);
void                 oriel_console_tab_set_initial_zoom (OrielConsoleTab *self,
                                                       guint            zoom);
OrielDomain         *oriel_console_tab_get_domain     (OrielConsoleTab *self);
int                  oriel_console_tab_get_graphics_index (OrielConsoleTab *self);
OrielConsoleTabState oriel_console_tab_get_state      (OrielConsoleTab *self);
const char          *oriel_console_tab_get_message    (OrielConsoleTab *self);
OrielDisplay        *oriel_console_tab_get_display    (OrielConsoleTab *self);
OrielSession        *oriel_console_tab_get_session    (OrielConsoleTab *self);
GtkWidget           *oriel_console_tab_get_tab_label  (OrielConsoleTab *self);
void                 oriel_console_tab_set_chrome_visible (OrielConsoleTab *self,
                                                           gboolean         visible);
void                 oriel_console_tab_reconnect      (OrielConsoleTab *self);
void                 oriel_console_tab_rebind         (OrielConsoleTab *self,
                                                       OrielConnection *connection,
                                                       OrielDomain     *domain);
void                 oriel_console_tab_link_lost      (OrielConsoleTab *self,
                                                       const char      *message);
GList               *oriel_console_tab_get_text_views (OrielConsoleTab *self);
void                 oriel_console_tab_toggle_text    (OrielConsoleTab *self);
GtkWidget           *oriel_console_tab_show_settings  (OrielConsoleTab *self,
                                                       gboolean         show);
void                 oriel_console_tab_set_prefer_text (OrielConsoleTab *self,
                                                        gboolean         prefer);
void                 oriel_console_tab_zoom           (OrielConsoleTab *self,
                                                       int              direction);
/* several guest displays (oriel-console-tab-displays.c) */
guint                oriel_console_tab_get_n_displays (OrielConsoleTab *self);
OrielDisplay        *oriel_console_tab_get_nth_display (OrielConsoleTab *self,
                                                        guint            n);
GtkWindow           *oriel_console_tab_get_display_window (OrielConsoleTab *self,
                                                           guint            n);
void                 oriel_console_tab_set_display_on (OrielConsoleTab *self,
                                                       guint            n,
                                                       gboolean         on);
gboolean             oriel_console_tab_get_display_on (OrielConsoleTab *self,
                                                       guint            n);
void                 oriel_console_tab_set_resolution_policy (OrielConsoleTab      *self,
                                                              OrielResolutionPolicy policy);
OrielResolutionPolicy oriel_console_tab_get_resolution_policy (OrielConsoleTab *self);
OrielMonitorMapping *oriel_console_tab_resolve_mapping (OrielConsoleTab *self);
int                  oriel_console_tab_get_fullscreen_monitor (OrielConsoleTab *self);
void                 oriel_console_tab_set_spread     (OrielConsoleTab *self,
                                                       gboolean         spread);
gboolean             oriel_console_tab_get_spread     (OrielConsoleTab *self);
GtkWidget           *oriel_console_tab_show_displays  (OrielConsoleTab *self);

G_END_DECLS
