#pragma once

#include "oriel-domain-list.h"
#include "oriel-host.h"
#include "oriel-list-concat.h"
#include "oriel-window.h"

G_BEGIN_DECLS

struct _OrielWindow
{
  GtkApplicationWindow parent_instance;

  /* template */
  GtkHeaderBar *header_bar;
  GtkInfoBar *info_bar;
  GtkLabel *info_label;
  GtkWidget *retry_button;
  GtkWidget *sidebar;
  OrielDomainList *domain_list;
  struct _OrielDomainDetails *details;
  GtkStack *content_stack;
  GtkNotebook *notebook;

  struct _OrielHost *host;      /* the window's own: -c, or the first saved connection */
  GPtrArray *hosts;             /* of OrielHost: that one, then the other saved ones */
  OrielListConcat *all_domains; /* every host's domains, as the list shows them */
  GtkListBox *host_list;
  gboolean host_error;          /* the info bar shows the host's error */
  GCancellable *cancellable;
  char *uri;
  gboolean read_only;
  char *initial_domain;         /* from the command line, opened once listed */
  gboolean initial_text;        /* --serial: its text console in front */
  char *error;
  gboolean fullscreen;
  gboolean direct;              /* one display by URI or .vv file; no libvirt */
  gboolean no_tunnel;           /* -d/--direct */
  char *spice_ca_file;          /* --spice-ca-file, or NULL */
  char *spice_subject;          /* --spice-host-subject, or NULL */
  guint initial_zoom;           /* -z/--zoom, for the first display */
  gboolean kiosk;               /* -k: fullscreen, nothing but the guest */
  gboolean kiosk_quit;          /* --kiosk-quit=on-disconnect */
  OrielLookup lookup;           /* --domain-name, --id, --uuid */
  gboolean wait;                /* -w: a domain not defined yet is waited for */
  gboolean no_reconnect;        /* --no-reconnect */
  gboolean reconnect_set;
  gboolean attach;              /* -a: displays only through libvirt's fd */
  OrielTransport *pending_direct;
  char *pending_title;
};

void oriel_window_setup_actions   (OrielWindow     *self);
void oriel_window_show_error      (OrielWindow     *self,
                                   const char      *message,
                                   gboolean         can_retry);
void oriel_window_rebind_tabs     (OrielWindow     *self,
                                   OrielHost       *host);
void oriel_window_open_initial_domain (OrielWindow *self);
void oriel_window_hosts_init      (OrielWindow     *self);
void oriel_window_load_saved_hosts (OrielWindow    *self);
void oriel_window_drop_hosts      (OrielWindow     *self);
OrielHost *oriel_window_add_host  (OrielWindow     *self,
                                   const char      *uri,
                                   gboolean         read_only,
                                   gboolean         primary,
                                   gboolean         connect);
OrielHost *oriel_window_host_of   (OrielWindow     *self,
                                   OrielDomain     *domain);
void oriel_window_update_chrome   (OrielWindow     *self);
void oriel_window_update_subtitle (OrielWindow     *self);
void oriel_window_setup_tab       (OrielWindow     *self,
                                   OrielConsoleTab *tab);
void oriel_window_close_tab       (OrielWindow     *self,
                                   OrielConsoleTab *tab);

G_END_DECLS
