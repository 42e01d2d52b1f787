#pragma once

#include "oriel-console-tab.h"
#include "oriel-monitor-mapping.h"
#include "oriel-session.h"
#include "oriel-settings.h"
#include "oriel-settings-pane.h"
#include "oriel-spinner.h"

G_BEGIN_DECLS

/* QEMU allows 16 heads; one more than spice-gtk's display table */
#define ORIEL_MAX_DISPLAYS 16

struct _OrielConsoleTab
{
  GtkBox parent_instance;

  /* template */
  GtkWidget *toolbar;
  GtkNotebook *views;           /* the display, then the text consoles */
  GtkLabel *status_label;
  GtkLabel *grab_label;
  GtkStack *stack;
  GtkLabel *placeholder_label;
  OrielSpinner *placeholder_spinner;
  GtkWidget *reconnect_button;
  GtkBox *display_box;
  GtkRevealer *settings_revealer;
  GtkBox *settings_box;
  GtkRevealer *transfer_revealer;
  GtkLabel *transfer_label;
  GtkProgressBar *transfer_progress;
  OrielSettingsPane *settings;  /* made when first shown */

  GtkWidget *tab_label;
  OrielConnection *connection;
  OrielDomain *domain;          /* NULL for a direct target */
  OrielTransport *direct;       /* a spice:// or vnc:// URI or .vv file, or NULL */
  char *name;                   /* the domain's name, or the target's title or URI */
  int graphics_index;
  guint initial_zoom;           /* for the first display, then 0 */
  gboolean no_tunnel;           /* -d/--direct: the display's own address */
  char *spice_ca_file;          /* CA for SPICE TLS ports, or NULL: the system's */
  char *spice_subject;          /* certificate subject to require, or NULL */
  gboolean no_reconnect;        /* --no-reconnect */
  gboolean attach;              /* -a/--attach */
  OrielSession *session;
  OrielDisplay *display;
  GCancellable *cancellable;
  GtkWidget *auth_dialog;
  gboolean keyring_tried;       /* this connection looked in the keyring */
  gboolean keyring_in_use;      /* the password given came from the keyring */
  char *keyring_pending;        /* to keep once accepted (a secret), or NULL */
  char *keyring_reason;         /* why the display asked, while looking */
  OrielConsoleTabState state;
  char *message;
  gboolean prefer_text;         /* bring the first text console to the front */
  gboolean consoles_listed;
  guint auto_retries;           /* left for a reconnect nobody asked for */
  guint retry_id;
  guint stable_id;              /* ends the retries once connected a while */
  GPtrArray *transfers;         /* SpiceFileTransferTask under way */
  GPtrArray *extra_pages;       /* OrielDisplayPage of displays 2 and up, in order */
  gboolean displays_on[ORIEL_MAX_DISPLAYS];  /* asked to be on, by display */
  int asked_width[ORIEL_MAX_DISPLAYS];       /* the size it was turned on with */
  int asked_height[ORIEL_MAX_DISPLAYS];
  gboolean displays_on_before_spread[ORIEL_MAX_DISPLAYS];
  OrielResolutionPolicy policy;
  gboolean spread;              /* fullscreen across the client's monitors */
  gboolean want_spread;         /* the window is fullscreen */
  gboolean chrome_hidden;       /* fullscreen or kiosk: no toolbar, no page strip */
  OrielMonitorMapping *spread_mapping;
  guint guest_size_id;
  int last_monitor;
  gboolean display_windows;     /* displays 2 and up in windows of their own */
};

void oriel_console_tab_setup_actions  (OrielConsoleTab *self);
void oriel_console_tab_set_connecting (OrielConsoleTab *self,
                                       const char      *message);
void oriel_console_tab_auth_required  (OrielSession    *session,
                                       gboolean         need_username,
                                       const char      *reason,
                                       OrielConsoleTab *self);
void     oriel_console_tab_keyring_connected (OrielConsoleTab  *self);
void     oriel_console_tab_keyring_reset     (OrielConsoleTab  *self);
void oriel_console_tab_start          (OrielConsoleTab *self);
gboolean oriel_console_tab_shares_clipboard (OrielConsoleTab *self);
void oriel_console_tab_setup_spice_actions  (OrielConsoleTab *self,
                                             GActionMap      *group);
void oriel_console_tab_update_spice_actions (OrielConsoleTab *self);
void oriel_console_tab_drop_transfers       (OrielConsoleTab *self);
void oriel_console_tab_apply_display_options (OrielConsoleTab *self,
                                              OrielDisplay    *display);
void oriel_console_tab_list_consoles  (OrielConsoleTab *self);
void oriel_console_tab_request_close  (OrielConsoleTab *self);
void oriel_console_tab_add_extra_display    (OrielConsoleTab *self,
                                             OrielDisplay    *display);
void oriel_console_tab_remove_extra_display (OrielConsoleTab *self,
                                             OrielDisplay    *display);
void oriel_console_tab_display_ready_windows (OrielConsoleTab *self);
void oriel_console_tab_displays_connected   (OrielConsoleTab *self);
void oriel_console_tab_guest_agent_changed  (OrielConsoleTab *self);
void oriel_console_tab_toplevel_moved       (OrielConsoleTab *self);
void oriel_console_tab_drop_displays        (OrielConsoleTab *self);
void oriel_console_tab_update_page_strip    (OrielConsoleTab *self);

G_END_DECLS
