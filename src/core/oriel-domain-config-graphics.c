#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "oriel-domain-config-private.h"

#define VNC_PASSWORD_MAX 8
#define PORT_MIN 5900
#define PORT_MAX 65535

/* The keyboard layouts QEMU ships (its pc-bios/keymaps directory). */
static const char * const keymaps[] = {
  "ar", "bepo", "cz", "da", "de", "de-ch", "en-gb", "en-us", "es", "et", "fi", "fo",
  "fr", "fr-be", "fr-ca", "fr-ch", "hr", "hu", "is", "it", "ja", "lt", "lv", "mk",
  "nl", "no", "pl", "pt", "pt-br", "ru", "sl", "sv", "th", "tr", NULL
};

/* Devices libvirt writes after <graphics>. */
static const char * const after_graphics[] = {
  "sound", "audio", "video", "hostdev", "redirdev", "redirfilter", "hub", "watchdog",
  "memballoon", "rng", "panic", "shmem", "memory", "iommu", "vsock", "crypto", NULL
};

/* Attributes and children that only one protocol has. */
static const char * const spice_only_attrs[] = { "tlsPort", "defaultMode", NULL };
static const char * const vnc_only_attrs[] = { "sharePolicy", "websocket", "powerControl", NULL };
static const char * const spice_only_children[] = {
  "channel", "image", "jpeg", "zlib", "playback", "streaming", "clipboard", "mouse",
  "filetransfer", "gl", NULL
};

/* libvirt's order of <graphics> attributes, kept when adding one. */
static const char * const attr_order[] = {
  "type", "port", "tlsPort", "autoport", "websocket", "listen", "sharePolicy", "keymap",
  "defaultMode", "passwd", "passwdValidTo", "connected", NULL
};

static void
set_attr (OrielDomainConfig *self, guint index, const char *name, const char *value)
{
  oriel_xml_text_set_attr_in_order (self->text, oriel_domain_config_device (self, "graphics", index),
                                    name, value, attr_order);
}

const char * const *
oriel_keymaps (void)
{
  return keymaps;
}

static OrielXmlElem *
graphics (OrielDomainConfig *self, guint index)
{
  return oriel_domain_config_device (self, "graphics", index);
}

guint
oriel_domain_config_get_n_graphics (OrielDomainConfig *self)
{
  return oriel_xml_elem_n_children (oriel_domain_config_devices (self), "graphics");
}

OrielConfigGraphics
oriel_domain_config_get_graphics_type (OrielDomainConfig *self, guint index)
{
  const char *type = oriel_xml_elem_attr (graphics (self, index), "type");

  if (graphics (self, index) == NULL)
    return ORIEL_CONFIG_GRAPHICS_NONE;
  if (g_strcmp0 (type, "spice") == 0)
    return ORIEL_CONFIG_GRAPHICS_SPICE;
  if (g_strcmp0 (type, "vnc") == 0)
    return ORIEL_CONFIG_GRAPHICS_VNC;
  return ORIEL_CONFIG_GRAPHICS_OTHER;
}

/* A SPICE or VNC display to edit, or an error naming what is there. */
static OrielXmlElem *
editable (OrielDomainConfig *self, guint index, GError **error)
{
  switch (oriel_domain_config_get_graphics_type (self, index))
    {
    case ORIEL_CONFIG_GRAPHICS_SPICE:
    case ORIEL_CONFIG_GRAPHICS_VNC:
      return graphics (self, index);
    case ORIEL_CONFIG_GRAPHICS_NONE:
      if (index > 0)
        oriel_domain_config_invalid (error, _("This domain has no display number %u"), index + 1);
      else
        oriel_domain_config_invalid (error, _("There is no graphical display; set the type to SPICE or VNC first"));
      return NULL;
    case ORIEL_CONFIG_GRAPHICS_OTHER:
    default:
      oriel_domain_config_invalid (error, _("A “%s” display has no such setting"),
                                   oriel_xml_elem_attr (graphics (self, index), "type"));
      return NULL;
    }
}

static gboolean
has_spice (OrielDomainConfig *self)
{
  for (guint i = 0; graphics (self, i) != NULL; i++)
    if (oriel_domain_config_get_graphics_type (self, i) == ORIEL_CONFIG_GRAPHICS_SPICE)
      return TRUE;
  return FALSE;
}

/* Without a SPICE display libvirt refuses SPICE channels, USB redirection
 * and SPICE audio; they go, and the audio backend becomes "none". */
static void
drop_spice_companions (OrielDomainConfig *self)
{
  OrielXmlElem *devices = oriel_domain_config_devices (self);

  for (guint i = 0; (devices = oriel_domain_config_devices (self)) != NULL
                    && oriel_xml_elem_child (devices, NULL, i) != NULL;)
    {
      OrielXmlElem *dev = oriel_xml_elem_child (devices, NULL, i);
      const char *type = oriel_xml_elem_attr (dev, "type");
      const char *name = oriel_xml_elem_name (dev);

      if (g_strcmp0 (type, "spicevmc") == 0 || g_strcmp0 (type, "spiceport") == 0)
        {
          oriel_xml_text_remove (self->text, dev);
          continue;
        }
      if (g_str_equal (name, "audio") && g_strcmp0 (type, "spice") == 0)
        oriel_xml_text_set_attr (self->text, dev, "type", "none");
      i++;
    }
}

static gboolean
check_vnc_password (const char *password, GError **error)
{
  glong len = password ? g_utf8_strlen (password, -1) : 0;

  if (len <= VNC_PASSWORD_MAX)
    return TRUE;
  return oriel_domain_config_invalid (error,
                                      _("VNC passwords are at most %d characters; this one has %ld. Set a shorter one first"),
                                      VNC_PASSWORD_MAX, len);
}

gboolean
oriel_domain_config_set_graphics_type (OrielDomainConfig *self, guint index,
                                       OrielConfigGraphics type, GError **error)
{
  OrielConfigGraphics old;
  const char *name = type == ORIEL_CONFIG_GRAPHICS_SPICE ? "spice" : "vnc";

  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), FALSE);

  old = oriel_domain_config_get_graphics_type (self, index);
  if (old == type)
    return TRUE;
  if (type == ORIEL_CONFIG_GRAPHICS_OTHER)
    return oriel_domain_config_invalid (error, _("Choose SPICE, VNC or none"));
  if (type != ORIEL_CONFIG_GRAPHICS_NONE && !oriel_domain_caps_has_graphics_type (self->caps, name))
    return oriel_domain_config_invalid (error, _("This host does not offer %s displays"),
                                        type == ORIEL_CONFIG_GRAPHICS_SPICE ? "SPICE" : "VNC");

  if (type == ORIEL_CONFIG_GRAPHICS_NONE)
    oriel_xml_text_remove (self->text, graphics (self, index));
  else if (old == ORIEL_CONFIG_GRAPHICS_NONE)
    {
      g_autofree char *markup = NULL;

      if (index != oriel_domain_config_get_n_graphics (self))
        return oriel_domain_config_invalid (error, _("This domain has no display number %u"),
                                            index + 1);
      /* A new display listens on this host only, like libvirt's default. */
      markup = g_strdup_printf ("<graphics type='%s' autoport='yes' listen='127.0.0.1'>\n"
                                "  <listen type='address' address='127.0.0.1'/>\n"
                                "</graphics>", name);
      oriel_domain_config_insert_device (self, after_graphics, markup);
    }
  else
    {
      const char * const *drop_attrs = type == ORIEL_CONFIG_GRAPHICS_VNC ? spice_only_attrs
                                                                  : vnc_only_attrs;

      /* Listen, port, keymap and password carry over; what the other
       * protocol has no word for goes. */
      if (type == ORIEL_CONFIG_GRAPHICS_VNC
          && !check_vnc_password (oriel_domain_config_get_password (self, index), error))
        return FALSE;
      set_attr (self, index, "type", name);
      for (guint i = 0; drop_attrs[i]; i++)
        set_attr (self, index, drop_attrs[i], NULL);
      for (guint i = 0; type == ORIEL_CONFIG_GRAPHICS_VNC && spice_only_children[i]; i++)
        {
          OrielXmlElem *child;

          while ((child = oriel_xml_elem_child (graphics (self, index), spice_only_children[i], 0)))
            oriel_xml_text_remove (self->text, child);
        }
    }
  if (!has_spice (self))
    drop_spice_companions (self);
  oriel_domain_config_changed (self);
  return TRUE;
}

static OrielConfigListen
classify (const char *address)
{
  if (address == NULL || *address == '\0')
    return ORIEL_CONFIG_LISTEN_DEFAULT;
  if (g_str_equal (address, "127.0.0.1") || g_str_equal (address, "::1")
      || g_str_equal (address, "localhost"))
    return ORIEL_CONFIG_LISTEN_LOCALHOST;
  if (g_str_equal (address, "0.0.0.0") || g_str_equal (address, "::"))
    return ORIEL_CONFIG_LISTEN_ALL;
  return ORIEL_CONFIG_LISTEN_ADDRESS;
}

/**
 * oriel_domain_config_get_listen:
 * @address: (out) (transfer full) (optional) (nullable): the address, socket
 *   path or network name, where there is one
 */
OrielConfigListen
oriel_domain_config_get_listen (OrielDomainConfig *self, guint index, char **address)
{
  OrielXmlElem *g = graphics (self, index);
  OrielXmlElem *listen = oriel_xml_elem_child (g, "listen", 0);
  const char *type = oriel_xml_elem_attr (listen, "type");
  const char *value = NULL;
  OrielConfigListen kind;

  if (listen == NULL || g_strcmp0 (type, "address") == 0)
    {
      value = listen ? oriel_xml_elem_attr (listen, "address") : NULL;
      if (value == NULL)
        value = oriel_xml_elem_attr (g, "listen");
      kind = classify (value);
    }
  else if (g_strcmp0 (type, "network") == 0)
    kind = ORIEL_CONFIG_LISTEN_NETWORK, value = oriel_xml_elem_attr (listen, "network");
  else if (g_strcmp0 (type, "socket") == 0)
    kind = ORIEL_CONFIG_LISTEN_SOCKET, value = oriel_xml_elem_attr (listen, "socket");
  else
    kind = ORIEL_CONFIG_LISTEN_NONE;
  if (address != NULL)
    *address = g_strdup (value);
  return kind;
}

static gboolean
check_listen (OrielConfigListen kind, const char *address, GError **error)
{
  g_autoptr (GInetAddress) inet = NULL;

  switch (kind)
    {
    case ORIEL_CONFIG_LISTEN_ADDRESS:
      inet = address ? g_inet_address_new_from_string (address) : NULL;
      if (inet == NULL)
        return oriel_domain_config_invalid (error,
                                            _("“%s” is not an IP address; give one of this host’s addresses, or choose this host only, all interfaces, none or a socket"),
                                            address ? address : "");
      return TRUE;
    case ORIEL_CONFIG_LISTEN_SOCKET:
      if (address != NULL && *address != '\0' && !g_path_is_absolute (address))
        return oriel_domain_config_invalid (error,
                                            _("The socket path “%s” must be absolute, or left empty for libvirt to choose"),
                                            address);
      return TRUE;
    case ORIEL_CONFIG_LISTEN_NETWORK:
      return oriel_domain_config_invalid (error,
                                          _("Listening on a libvirt network cannot be set here; choose an address instead"));
    default:
      return TRUE;
    }
}

gboolean
oriel_domain_config_set_listen (OrielDomainConfig *self, guint index, OrielConfigListen kind,
                                const char *address, GError **error)
{
  g_autofree char *old_address = NULL;
  OrielConfigListen old;
  const char *value = address;
  const char *type;
  OrielXmlElem *g, *listen;

  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), FALSE);

  if (editable (self, index, error) == NULL || !check_listen (kind, address, error))
    return FALSE;
  if (kind == ORIEL_CONFIG_LISTEN_LOCALHOST)
    value = "127.0.0.1";
  else if (kind == ORIEL_CONFIG_LISTEN_ALL)
    value = "0.0.0.0";
  else if (kind == ORIEL_CONFIG_LISTEN_ADDRESS)
    kind = classify (address);
  if (value != NULL && *value == '\0')
    value = NULL;

  old = oriel_domain_config_get_listen (self, index, &old_address);
  if (old == kind && g_strcmp0 (old_address, value) == 0)
    return TRUE;

  type = kind == ORIEL_CONFIG_LISTEN_NONE ? "none" : kind == ORIEL_CONFIG_LISTEN_SOCKET ? "socket" : "address";
  g = graphics (self, index);
  if (kind == ORIEL_CONFIG_LISTEN_DEFAULT)
    {
      set_attr (self, index, "listen", NULL);
      while ((listen = oriel_xml_elem_child (graphics (self, index), "listen", 0)))
        oriel_xml_text_remove (self->text, listen);
    }
  else
    {
      gboolean is_address = g_str_equal (type, "address");

      set_attr (self, index, "listen", is_address ? value : NULL);
      listen = oriel_xml_elem_child (graphics (self, index), "listen", 0);
      if (listen == NULL)
        {
          g_autofree char *markup = NULL;

          if (is_address)
            markup = g_markup_printf_escaped ("<listen type='address' address='%s'/>", value);
          else if (value != NULL)
            markup = g_markup_printf_escaped ("<listen type='%s' socket='%s'/>", type, value);
          else
            markup = g_strdup_printf ("<listen type='%s'/>", type);
          oriel_xml_text_insert (self->text, graphics (self, index),
                                 oriel_xml_elem_child (graphics (self, index), NULL, 0), markup);
        }
      else
        {
          oriel_xml_text_set_attr (self->text, listen, "type", type);
          listen = oriel_xml_elem_child (graphics (self, index), "listen", 0);
          oriel_xml_text_set_attr (self->text, listen, "network", NULL);
          listen = oriel_xml_elem_child (graphics (self, index), "listen", 0);
          oriel_xml_text_set_attr (self->text, listen, "address", is_address ? value : NULL);
          listen = oriel_xml_elem_child (graphics (self, index), "listen", 0);
          oriel_xml_text_set_attr (self->text, listen, "socket", is_address ? NULL : value);
        }
    }
  /* No TCP port without an address; one again when an address comes back. */
  g = graphics (self, index);
  if (kind == ORIEL_CONFIG_LISTEN_NONE || kind == ORIEL_CONFIG_LISTEN_SOCKET)
    {
      set_attr (self, index, "port", NULL);
      set_attr (self, index, "tlsPort", NULL);
      set_attr (self, index, "autoport", NULL);
    }
  else if (oriel_xml_elem_attr (g, "port") == NULL && oriel_xml_elem_attr (g, "autoport") == NULL)
    set_attr (self, index, "autoport", "yes");
  oriel_domain_config_changed (self);
  return TRUE;
}

static gboolean
has_tcp_port (OrielDomainConfig *self, guint index)
{
  OrielConfigListen kind = oriel_domain_config_get_listen (self, index, NULL);

  return kind != ORIEL_CONFIG_LISTEN_NONE && kind != ORIEL_CONFIG_LISTEN_SOCKET;
}

static int
port_attr (OrielXmlElem *g, const char *name, int unset)
{
  const char *text = oriel_xml_elem_attr (g, name);
  gint64 n;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, -1, PORT_MAX, &n, NULL))
    return unset;
  return n == 0 ? unset : (int) n;
}

/* ORIEL_PORT_AUTO or a port number. */
int
oriel_domain_config_get_port (OrielDomainConfig *self, guint index)
{
  OrielXmlElem *g = graphics (self, index);

  if (g == NULL || g_strcmp0 (oriel_xml_elem_attr (g, "autoport"), "yes") == 0)
    return ORIEL_PORT_AUTO;
  return port_attr (g, "port", ORIEL_PORT_AUTO);
}

/* ORIEL_PORT_AUTO, ORIEL_PORT_OFF or a port number; SPICE only. */
int
oriel_domain_config_get_tls_port (OrielDomainConfig *self, guint index)
{
  OrielXmlElem *g = graphics (self, index);

  if (oriel_domain_config_get_graphics_type (self, index) != ORIEL_CONFIG_GRAPHICS_SPICE)
    return ORIEL_PORT_OFF;
  if (g_strcmp0 (oriel_xml_elem_attr (g, "autoport"), "yes") == 0)
    return ORIEL_PORT_AUTO;
  return port_attr (g, "tlsPort", ORIEL_PORT_OFF);
}

static gboolean
check_port (int port, gboolean tls, GError **error)
{
  if (port == ORIEL_PORT_AUTO || (tls && port == ORIEL_PORT_OFF)
      || (port >= PORT_MIN && port <= PORT_MAX))
    return TRUE;
  return oriel_domain_config_invalid (error,
                                      tls ? _("%d is not allowed: use automatic, off, or a port from 5900 to 65535")
                                          : _("%d is not allowed: use automatic or a port from 5900 to 65535"),
                                      port);
}

static void
set_port_attr (OrielDomainConfig *self, guint index, const char *name, int port)
{
  g_autofree char *text = port == ORIEL_PORT_OFF ? NULL : g_strdup_printf ("%d", port);

  set_attr (self, index, name, text);
}

/* Writes both ports the way libvirt reads them: autoport="yes" only when
 * both are automatic, -1 for one automatic port next to a fixed one. */
static void
write_ports (OrielDomainConfig *self, guint index, int port, int tls)
{
  if (oriel_domain_config_get_graphics_type (self, index) == ORIEL_CONFIG_GRAPHICS_VNC)
    {
      if (port == ORIEL_PORT_AUTO)
        {
          if (oriel_xml_elem_attr (graphics (self, index), "port") != NULL)
            set_port_attr (self, index, "port", -1);
          set_attr (self, index, "autoport", "yes");
        }
      else
        {
          set_port_attr (self, index, "port", port);
          set_attr (self, index, "autoport", "no");
        }
      return;
    }
  if (port == ORIEL_PORT_AUTO && tls == ORIEL_PORT_AUTO)
    {
      set_port_attr (self, index, "port", ORIEL_PORT_OFF);
      set_port_attr (self, index, "tlsPort", ORIEL_PORT_OFF);
      set_attr (self, index, "autoport", "yes");
      return;
    }
  set_port_attr (self, index, "port", port);
  set_port_attr (self, index, "tlsPort", tls);
  set_attr (self, index, "autoport", "no");
}

gboolean
oriel_domain_config_set_port (OrielDomainConfig *self, guint index, int port, GError **error)
{
  int tls;

  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), FALSE);

  if (editable (self, index, error) == NULL || !check_port (port, FALSE, error))
    return FALSE;
  if (port == oriel_domain_config_get_port (self, index))
    return TRUE;
  if (!has_tcp_port (self, index))
    return oriel_domain_config_invalid (error,
                                        _("This display listens on no TCP address, so it has no port"));
  tls = oriel_domain_config_get_tls_port (self, index);
  if (port != ORIEL_PORT_AUTO && port == tls)
    return oriel_domain_config_invalid (error,
                                        _("Port %d is already the TLS port; the two must differ"),
                                        port);
  /* "Automatic" TLS next to a fixed port would need TLS enabled in the
   * host's qemu.conf, or the guest does not start: a fixed port turns an
   * all-automatic TLS port off, which the pane shows. */
  if (tls == ORIEL_PORT_AUTO
      && g_strcmp0 (oriel_xml_elem_attr (graphics (self, index), "autoport"), "yes") == 0)
    tls = ORIEL_PORT_OFF;
  write_ports (self, index, port, tls);
  oriel_domain_config_changed (self);
  return TRUE;
}

gboolean
oriel_domain_config_set_tls_port (OrielDomainConfig *self, guint index, int port,
                                  GError **error)
{
  int plain;

  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), FALSE);

  if (editable (self, index, error) == NULL)
    return FALSE;
  if (oriel_domain_config_get_graphics_type (self, index) != ORIEL_CONFIG_GRAPHICS_SPICE)
    return oriel_domain_config_invalid (error,
                                        _("VNC has no TLS port of its own (VNC TLS is set for the whole host); this is for SPICE"));
  if (!check_port (port, TRUE, error))
    return FALSE;
  if (port == oriel_domain_config_get_tls_port (self, index))
    return TRUE;
  if (!has_tcp_port (self, index))
    return oriel_domain_config_invalid (error,
                                        _("This display listens on no TCP address, so it has no port"));
  plain = oriel_domain_config_get_port (self, index);
  if (port > 0 && port == plain)
    return oriel_domain_config_invalid (error,
                                        _("Port %d is already the plain port; the two must differ"),
                                        port);
  write_ports (self, index, plain, port);
  oriel_domain_config_changed (self);
  return TRUE;
}

/* Returns: (nullable): the keymap, NULL when unset. */
const char *
oriel_domain_config_get_keymap (OrielDomainConfig *self, guint index)
{
  return oriel_xml_elem_attr (graphics (self, index), "keymap");
}

/* @keymap: (nullable): NULL or "" unsets it (the usual, best choice). */
gboolean
oriel_domain_config_set_keymap (OrielDomainConfig *self, guint index, const char *keymap,
                                GError **error)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), FALSE);

  if (editable (self, index, error) == NULL)
    return FALSE;
  if (keymap != NULL && *keymap == '\0')
    keymap = NULL;
  if (keymap != NULL && !g_strv_contains (keymaps, keymap))
    return oriel_domain_config_invalid (error,
                                        _("QEMU has no keymap “%s”; leave it unset, or choose one such as de, fr or en-gb"),
                                        keymap);
  if (g_strcmp0 (keymap, oriel_domain_config_get_keymap (self, index)) == 0)
    return TRUE;
  set_attr (self, index, "keymap", keymap);
  oriel_domain_config_changed (self);
  return TRUE;
}

/* Returns: (nullable): the password, NULL when none is set or it was not
 * readable (the XML was read without secrets). */
const char *
oriel_domain_config_get_password (OrielDomainConfig *self, guint index)
{
  return oriel_xml_elem_attr (graphics (self, index), "passwd");
}

/* @password: (nullable): NULL or "" clears it (and its expiry). */
gboolean
oriel_domain_config_set_password (OrielDomainConfig *self, guint index, const char *password,
                                  GError **error)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), FALSE);

  if (editable (self, index, error) == NULL)
    return FALSE;
  if (password != NULL && *password == '\0')
    password = NULL;
  if (password != NULL && !g_utf8_validate (password, -1, NULL))
    return oriel_domain_config_invalid (error, _("The password is not valid text"));
  for (const char *c = password; c && *c; c++)
    if ((guchar) *c < 0x20 || *c == 0x7f)
      return oriel_domain_config_invalid (error, _("The password may not contain control characters"));
  if (oriel_domain_config_get_graphics_type (self, index) == ORIEL_CONFIG_GRAPHICS_VNC
      && !check_vnc_password (password, error))
    return FALSE;
  if (g_strcmp0 (password, oriel_domain_config_get_password (self, index)) == 0)
    return TRUE;
  set_attr (self, index, "passwd", password);
  if (password == NULL)
    set_attr (self, index, "passwdValidTo", NULL);
  oriel_domain_config_changed (self);
  return TRUE;
}

/* Returns: (transfer full) (nullable): the <graphics> element as written,
 * for libvirt's update-device call. */
char *
oriel_domain_config_get_graphics_markup (OrielDomainConfig *self, guint index)
{
  OrielXmlElem *g = graphics (self, index);

  return g ? oriel_xml_elem_markup (self->text, g) : NULL;
}

/* Returns: (transfer full): one line on who can reach the display. */
char *
oriel_domain_config_describe_exposure (OrielDomainConfig *self, guint index)
{
  g_autofree char *address = NULL;
  gboolean password = oriel_domain_config_get_password (self, index) != NULL;
  const char *auth = password ? _("with the password") : _("no password");

  switch (oriel_domain_config_get_graphics_type (self, index))
    {
    case ORIEL_CONFIG_GRAPHICS_NONE:
      return g_strdup (_("No graphical display: only the serial console, if any."));
    case ORIEL_CONFIG_GRAPHICS_OTHER:
      return g_strdup (_("A display Oriel does not open; nothing to reach over the network."));
    default:
      break;
    }
  switch (oriel_domain_config_get_listen (self, index, &address))
    {
    case ORIEL_CONFIG_LISTEN_NONE:
      return g_strdup (_("Only through libvirt: people allowed to manage this domain, nobody on the network."));
    case ORIEL_CONFIG_LISTEN_SOCKET:
      return g_strdup (_("Only programs on the host that may open its socket, and through libvirt."));
    case ORIEL_CONFIG_LISTEN_LOCALHOST:
      return g_strdup_printf (_("Anyone logged in to the host or tunnelling to it, %s."), auth);
    case ORIEL_CONFIG_LISTEN_DEFAULT:
      return g_strdup_printf (_("Whatever the host’s qemu.conf says (usually this host only), %s."), auth);
    case ORIEL_CONFIG_LISTEN_ALL:
      return g_strdup_printf (_("Anyone on the network, %s."), auth);
    case ORIEL_CONFIG_LISTEN_NETWORK:
      return g_strdup_printf (_("Anyone on libvirt network “%s”, %s."), address, auth);
    case ORIEL_CONFIG_LISTEN_ADDRESS:
    default:
      return g_strdup_printf (_("Anyone who can reach %s, %s."), address, auth);
    }
}
