#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "oriel-error.h"
#include "oriel-graphics-info.h"
#include "oriel-uri.h"
#include "oriel-xml-util.h"

/* libvirt-gconfig has no getters for listen addresses, TLS ports or
 * passwords, so the <graphics> element is read here with libxml2. */

G_DEFINE_BOXED_TYPE (OrielGraphicsInfo, oriel_graphics_info,
                     oriel_graphics_info_copy, oriel_graphics_info_free)

OrielGraphicsInfo *
oriel_graphics_info_copy (const OrielGraphicsInfo *info)
{
  OrielGraphicsInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (OrielGraphicsInfo, 1);
  *copy = *info;
  copy->type_name = g_strdup (info->type_name);
  copy->listen = g_strdup (info->listen);
  copy->socket = g_strdup (info->socket);
  copy->password = g_strdup (info->password);
  return copy;
}

void
oriel_graphics_info_free (OrielGraphicsInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->type_name);
  g_free (info->listen);
  g_free (info->socket);
  if (info->password != NULL)
    memset (info->password, 0, strlen (info->password));
  g_free (info->password);
  g_free (info);
}

gboolean
oriel_graphics_info_is_console (const OrielGraphicsInfo *info)
{
  g_return_val_if_fail (info != NULL, FALSE);
  return info->type == ORIEL_GRAPHICS_SPICE || info->type == ORIEL_GRAPHICS_VNC;
}

const char *
oriel_graphics_info_get_label (const OrielGraphicsInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  switch (info->type)
    {
    case ORIEL_GRAPHICS_SPICE:
      return "SPICE";
    case ORIEL_GRAPHICS_VNC:
      return "VNC";
    case ORIEL_GRAPHICS_OTHER:
    default:
      return info->type_name;
    }
}

/* A line a person can read to tell two displays apart. */
char *
oriel_graphics_info_describe (const OrielGraphicsInfo *info)
{
  const char *label;

  g_return_val_if_fail (info != NULL, NULL);

  label = oriel_graphics_info_get_label (info);
  switch (info->listen_type)
    {
    case ORIEL_LISTEN_SOCKET:
      /* Translators: "SPICE on UNIX socket /run/.../spice.sock" */
      return g_strdup_printf (_("%s on UNIX socket %s"), label, info->socket);
    case ORIEL_LISTEN_NONE:
      /* Translators: the display has no network listener at all */
      return g_strdup_printf (_("%s, through libvirt only"), label);
    case ORIEL_LISTEN_ADDRESS:
    default:
      if (info->port > 0 && info->tls_port > 0)
        /* Translators: "SPICE on 127.0.0.1 port 5900, TLS port 5901" */
        return g_strdup_printf (_("%s on %s port %d, TLS port %d"), label,
                                info->listen ? info->listen : "localhost",
                                info->port, info->tls_port);
      if (info->port > 0)
        return g_strdup_printf (_("%s on %s port %d"), label,
                                info->listen ? info->listen : "localhost", info->port);
      if (info->tls_port > 0)
        return g_strdup_printf (_("%s on %s TLS port %d"), label,
                                info->listen ? info->listen : "localhost", info->tls_port);
      return g_strdup_printf (_("%s (no port assigned)"), label);
    }
}

static int
get_port (xmlNode *node, const char *name)
{
  g_autofree char *text = oriel_xml_prop (node, name);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, -1, 65535, &value, NULL))
    return -1;
  return value > 0 ? (int) value : -1;
}

/* libvirt honours the first <listen> child; the older listen= and socket=
 * attributes mirror it, so they only count when there is no child. */
static void
read_listen (OrielGraphicsInfo *info, xmlNode *graphics)
{
  for (xmlNode *child = graphics->children; child != NULL; child = child->next)
    {
      g_autofree char *type = NULL;

      if (!oriel_xml_is (child, "listen"))
        continue;

      type = oriel_xml_prop (child, "type");
      if (g_strcmp0 (type, "none") == 0)
        {
          info->listen_type = ORIEL_LISTEN_NONE;
          return;
        }
      if (g_strcmp0 (type, "socket") == 0)
        {
          info->socket = oriel_xml_prop (child, "socket");
          info->listen_type = info->socket ? ORIEL_LISTEN_SOCKET : ORIEL_LISTEN_NONE;
          return;
        }
      /* "address", or "network" (whose address the live XML fills in) */
      info->listen = oriel_xml_prop (child, "address");
      if (info->listen == NULL)
        info->listen = oriel_xml_prop (graphics, "listen");
      info->listen_type = ORIEL_LISTEN_ADDRESS;
      return;
    }

  info->socket = oriel_xml_prop (graphics, "socket");
  if (info->socket != NULL)
    {
      info->listen_type = ORIEL_LISTEN_SOCKET;
      return;
    }
  info->listen = oriel_xml_prop (graphics, "listen");
  info->listen_type = ORIEL_LISTEN_ADDRESS;
}

static OrielGraphicsInfo *
read_graphics (xmlNode *node, guint index)
{
  OrielGraphicsInfo *info = g_new0 (OrielGraphicsInfo, 1);
  g_autofree char *autoport = NULL;

  info->index = index;
  info->type_name = oriel_xml_prop (node, "type");
  if (g_strcmp0 (info->type_name, "spice") == 0)
    info->type = ORIEL_GRAPHICS_SPICE;
  else if (g_strcmp0 (info->type_name, "vnc") == 0)
    info->type = ORIEL_GRAPHICS_VNC;
  else
    info->type = ORIEL_GRAPHICS_OTHER;
  if (info->type_name == NULL)
    info->type_name = g_strdup ("unknown");

  info->port = get_port (node, "port");
  info->tls_port = info->type == ORIEL_GRAPHICS_SPICE ? get_port (node, "tlsPort") : -1;
  autoport = oriel_xml_prop (node, "autoport");
  info->autoport = g_strcmp0 (autoport, "yes") == 0;
  info->password = oriel_xml_prop (node, "passwd");
  read_listen (info, node);

  /* An address listener without any port is only reachable through libvirt;
   * autoport leaves the port unset until the domain runs. */
  return info;
}

/**
 * oriel_graphics_info_parse:
 * @xml: a domain's XML description
 *
 * Returns: (transfer full) (element-type OrielGraphicsInfo): every
 * <graphics> device in document order, possibly none; %NULL with @error set
 * when @xml is not a domain description.
 */
GPtrArray *
oriel_graphics_info_parse (const char *xml, GError **error)
{
  g_autoptr (GPtrArray) result = NULL;
  xmlDoc *doc;
  xmlNode *root;
  guint index = 0;

  g_return_val_if_fail (xml != NULL, NULL);

  doc = oriel_xml_read_domain (xml, error);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) oriel_graphics_info_free);
  for (xmlNode *devices = root->children; devices != NULL; devices = devices->next)
    {
      if (!oriel_xml_is (devices, "devices"))
        continue;
      for (xmlNode *dev = devices->children; dev != NULL; dev = dev->next)
        if (oriel_xml_is (dev, "graphics"))
          g_ptr_array_add (result, read_graphics (dev, index++));
    }

  xmlFreeDoc (doc);
  return g_steal_pointer (&result);
}

/* A console anyone on the network can open: it listens on every interface
 * (0.0.0.0, ::), with neither a TLS port nor a password. @info must come
 * from a description with its secrets (a read-only connection does not
 * see passwords, so it cannot tell). */
gboolean
oriel_graphics_info_is_exposed (const OrielGraphicsInfo *info)
{
  g_return_val_if_fail (info != NULL, FALSE);

  return oriel_graphics_info_is_console (info) && info->listen_type == ORIEL_LISTEN_ADDRESS
         && info->listen != NULL && oriel_address_is_wildcard (info->listen)
         && info->tls_port <= 0 && (info->password == NULL || *info->password == '\0');
}
