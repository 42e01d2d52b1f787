#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include "oriel-console-tab-private.h"
#include "oriel-util.h"

/* A tab for a display named by URI or file, and what the command line
 * sets on tabs: zoom, reconnecting, how the display is reached. The last
 * two are read when the tab builds its transport, once the domain's
 * displays are known: set right after oriel_console_tab_new(), they apply
 * to its first connection, so nothing has to start over. */

/**
 * oriel_console_tab_new_direct:
 * @transport: a transport made by oriel_transport_new_direct()
 * @title: (nullable): the tab's name; the target's URI when NULL
 *
 * A console for a display named by a spice:// or vnc:// URI or a
 * connection file: no domain, so no text consoles and no settings.
 */
OrielConsoleTab *
oriel_console_tab_new_direct (OrielTransport *transport, const char *title)
{
  OrielConsoleTab *self;

  g_return_val_if_fail (ORIEL_IS_TRANSPORT (transport), NULL);

  self = g_object_new (ORIEL_TYPE_CONSOLE_TAB, NULL);
  self->direct = g_object_ref (transport);
  self->name = g_strdup (title ? title : oriel_transport_get_name (transport));
  self->consoles_listed = TRUE;
  oriel_console_tab_setup_actions (self);
  oriel_console_tab_start (self);
  return self;
}

/* -d/--direct: connect to the display's own address, never through the
 * SSH tunnel or libvirt's fd. */
void
oriel_console_tab_set_no_tunnel (OrielConsoleTab *self, gboolean no_tunnel)
{
  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));
  self->no_tunnel = no_tunnel;
}

/* How a SPICE TLS port's certificate is checked: against @ca_file (NULL:
 * the system's authorities), and @subject or else the host name. */
void
oriel_console_tab_set_spice_tls (OrielConsoleTab *self, const char *ca_file, const char *subject)
{
  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));
  oriel_set_str (&self->spice_ca_file, ca_file);
  oriel_set_str (&self->spice_subject, subject);
}

const char *
oriel_console_tab_get_name (OrielConsoleTab *self)
{
  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), NULL);
  return self->domain ? oriel_domain_get_name (self->domain) : self->name;
}

/* -z/--zoom: every display of this tab starts at @zoom percent. */
void
oriel_console_tab_set_initial_zoom (OrielConsoleTab *self, guint zoom)
{
  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));
  self->initial_zoom = zoom;
  if (self->display != NULL)
    oriel_display_set_zoom (self->display, zoom);
}

/* --no-reconnect: when the guest starts again, wait to be asked. */
void
oriel_console_tab_set_reconnect (OrielConsoleTab *self, gboolean reconnect)
{
  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));
  self->no_reconnect = !reconnect;
}

/* -a/--attach: the display only through libvirt's own fd. */
void
oriel_console_tab_set_attach (OrielConsoleTab *self, gboolean attach)
{
  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));
  self->attach = attach;
}
