#pragma once

#include "oriel-domain-list.h"
#include "oriel-ssh-session.h"
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

  OrielConnection *connection;
  OrielSshSession *ssh;         /* carries everything for qemu+ssh:// URIs */
  GCancellable *cancellable;
  char *uri;
  gboolean read_only;
  char *initial_domain;         /* from the command line, opened once listed */
  gboolean initial_text;        /* --serial: its text console in front */
  char *error;
  gboolean fullscreen;
  guint reconnect_id;           /* a reconnect is scheduled */
  guint reconnect_attempt;
  gboolean reconnecting;        /* tabs wait to be rebound */
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
  gboolean was_read_write;      /* the last open link was read-write */       /* -r or --no-reconnect given: not the preference */
  gboolean attach;              /* -a: displays only through libvirt's fd */
  OrielTransport *pending_direct;
  char *pending_title;
};

void oriel_window_setup_actions   (OrielWindow     *self);
void oriel_window_update_chrome   (OrielWindow     *self);
void oriel_window_update_subtitle (OrielWindow     *self);
void oriel_window_setup_tab       (OrielWindow     *self,
                                   OrielConsoleTab *tab);
void oriel_window_close_tab       (OrielWindow     *self,
                                   OrielConsoleTab *tab);

G_END_DECLS
