#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include "oriel-util.h"
#include "oriel-window-private.h"

/* What the command line sets on a window: one display by URI or file,
 * kiosk mode, title, zoom, and how domains and displays are reached. */

/* Fullscreen and kiosk mode show the guest alone; a window for one
 * display by URI never has a domain list. */
void
oriel_window_update_chrome (OrielWindow *self)
{
  gboolean chrome = !self->fullscreen && !self->kiosk;
  int n = gtk_notebook_get_n_pages (self->notebook);

  gtk_widget_set_visible (self->sidebar, chrome && !self->direct);
  gtk_widget_set_visible (GTK_WIDGET (self->info_bar), chrome && self->error != NULL);
  for (int i = 0; i < n; i++)
    oriel_console_tab_set_chrome_visible (
      ORIEL_CONSOLE_TAB (gtk_notebook_get_nth_page (self->notebook, i)), chrome);
  gtk_notebook_set_show_tabs (self->notebook, chrome && !self->direct);
}

/**
 * oriel_window_new_direct:
 * @transport: from oriel_transport_new_direct()
 * @title: (nullable): the window title, else the target's URI
 *
 * A window with the one display a spice:// or vnc:// URI or a connection
 * file names: no libvirt connection, no domain list.
 */
OrielWindow *
oriel_window_new_direct (OrielApplication *app, OrielTransport *transport, const char *title)
{
  OrielWindow *self = g_object_new (ORIEL_TYPE_WINDOW, "application", app, NULL);

  self->direct = TRUE;
  self->uri = g_strdup (oriel_transport_get_name (transport));
  oriel_window_update_subtitle (self);
  if (title != NULL)
    oriel_window_set_title (self, title);
  self->pending_direct = g_object_ref (transport);
  self->pending_title = g_strdup (title);
  oriel_window_update_chrome (self);
  return self;
}

/* Tabs of a direct window start once options are set (zoom, kiosk). */
static void
open_pending_direct (OrielWindow *self)
{
  g_autoptr (OrielTransport) transport = g_steal_pointer (&self->pending_direct);
  g_autofree char *title = g_steal_pointer (&self->pending_title);
  OrielConsoleTab *tab;

  if (transport == NULL)
    return;
  tab = oriel_console_tab_new_direct (transport, title);
  oriel_window_setup_tab (self, tab);
}

/* -t/--title, or a connection file's title. */
void
oriel_window_set_title (OrielWindow *self, const char *title)
{
  g_return_if_fail (ORIEL_IS_WINDOW (self));
  gtk_header_bar_set_title (self->header_bar, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* -z/--zoom: the first display of each tab starts at @zoom percent. */
void
oriel_window_set_zoom (OrielWindow *self, guint zoom)
{
  g_return_if_fail (ORIEL_IS_WINDOW (self));
  self->initial_zoom = zoom;
}

/* -d/--direct: displays at their own address, never through the tunnel. */
void
oriel_window_set_no_tunnel (OrielWindow *self, gboolean no_tunnel)
{
  g_return_if_fail (ORIEL_IS_WINDOW (self));
  self->no_tunnel = no_tunnel;
}

/* --spice-ca-file, --spice-host-subject: how SPICE TLS ports are checked. */
void
oriel_window_set_spice_tls (OrielWindow *self, const char *ca_file, const char *subject)
{
  g_return_if_fail (ORIEL_IS_WINDOW (self));
  oriel_set_str (&self->spice_ca_file, ca_file);
  oriel_set_str (&self->spice_subject, subject);
}

/* -k/--kiosk: fullscreen, no toolbar, tabs or list; with @quit_on_disconnect
 * the window closes (and with it the viewer) when the display ends. */
void
oriel_window_set_kiosk (OrielWindow *self, gboolean kiosk, gboolean quit_on_disconnect)
{
  g_return_if_fail (ORIEL_IS_WINDOW (self));
  self->kiosk = kiosk;
  self->kiosk_quit = kiosk && quit_on_disconnect;
  if (kiosk)
    gtk_window_fullscreen (GTK_WINDOW (self));
  oriel_window_update_chrome (self);
}

gboolean
oriel_window_get_kiosk (OrielWindow *self)
{
  g_return_val_if_fail (ORIEL_IS_WINDOW (self), FALSE);
  return self->kiosk;
}

/* Opens the display of a direct window once its options are set; a libvirt
 * window connects from oriel_window_new() already. */
void
oriel_window_start (OrielWindow *self)
{
  g_return_if_fail (ORIEL_IS_WINDOW (self));
  open_pending_direct (self);
}

/* How the domain named at start is found, and what to do until it is:
 * --domain-name, --id, --uuid and -w/--wait. */
void
oriel_window_set_lookup (OrielWindow *self, OrielLookup lookup, gboolean wait)
{
  g_return_if_fail (ORIEL_IS_WINDOW (self));
  self->lookup = lookup;
  self->wait = wait;
}

/* --no-reconnect: a console whose guest stops stays closed when it starts
 * again. -a/--attach: displays only through libvirt (no network). */
void
oriel_window_set_console_options (OrielWindow *self, gboolean reconnect_set, gboolean reconnect,
                                  gboolean attach)
{
  g_return_if_fail (ORIEL_IS_WINDOW (self));
  self->reconnect_set = reconnect_set;
  self->no_reconnect = !reconnect;
  self->attach = attach;
}
