#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "oriel-char-device.h"
#include "oriel-error.h"
#include "oriel-xml-util.h"

G_DEFINE_BOXED_TYPE (OrielCharDevice, oriel_char_device, oriel_char_device_copy,
                     oriel_char_device_free)

OrielCharDevice *
oriel_char_device_copy (const OrielCharDevice *device)
{
  OrielCharDevice *copy = g_new0 (OrielCharDevice, 1);

  *copy = *device;
  copy->type = g_strdup (device->type);
  copy->target_type = g_strdup (device->target_type);
  copy->alias = g_strdup (device->alias);
  return copy;
}

void
oriel_char_device_free (OrielCharDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->type);
  g_free (device->target_type);
  g_free (device->alias);
  g_free (device);
}

/* "Serial 0", "Console (virtio) 1": what its tab is called. */
char *
oriel_char_device_get_label (const OrielCharDevice *device)
{
  int port = MAX (device->port, 0);

  if (device->kind == ORIEL_CHAR_SERIAL)
    /* Translators: a serial port's tab, %d its number */
    return g_strdup_printf (_("Serial %d"), port);
  if (device->target_type != NULL)
    /* Translators: a console device's tab: "Console (virtio) 1" */
    return g_strdup_printf (_("Console (%s) %d"), device->target_type, port);
  return g_strdup_printf (_("Console %d"), port);
}

/* libvirt streams only pty-backed devices (virDomainOpenConsole). */
gboolean
oriel_char_device_can_stream (const OrielCharDevice *device, char **why_not)
{
  if (g_strcmp0 (device->type, "pty") == 0)
    return TRUE;
  if (why_not != NULL)
    *why_not = g_strdup_printf (
      _("This device is of type “%s”; libvirt can show only devices of type “pty”. Change "
        "it to a pty in the domain's XML to use it here."), device->type ? device->type : "?");
  return FALSE;
}

static OrielCharDevice *
read_device (xmlNode *node, OrielCharKind kind, guint index)
{
  OrielCharDevice *device = g_new0 (OrielCharDevice, 1);
  xmlNode *target = oriel_xml_child (node, "target");
  xmlNode *alias = oriel_xml_child (node, "alias");
  g_autofree char *port = NULL;
  gint64 value;

  device->kind = kind;
  device->type = oriel_xml_prop (node, "type");
  device->port = (int) index;
  if (target != NULL)
    {
      device->target_type = oriel_xml_prop (target, "type");
      port = oriel_xml_prop (target, "port");
      if (port != NULL && g_ascii_string_to_signed (port, 10, 0, G_MAXINT, &value, NULL))
        device->port = (int) value;
    }
  if (alias != NULL)
    device->alias = oriel_xml_prop (alias, "name");
  if (device->alias == NULL)
    /* the inactive XML has no aliases; libvirt names them so */
    device->alias = g_strdup_printf ("%s%u", kind == ORIEL_CHAR_SERIAL ? "serial" : "console",
                                     index);
  return device;
}

/* A <console> with a serial target is the same port as that <serial>, which
 * libvirt lists twice: one tab is enough. */
static gboolean
duplicates_serial (GPtrArray *devices, const OrielCharDevice *console)
{
  if (g_strcmp0 (console->target_type, "serial") != 0)
    return FALSE;
  for (guint i = 0; i < devices->len; i++)
    {
      const OrielCharDevice *other = g_ptr_array_index (devices, i);

      if (other->kind == ORIEL_CHAR_SERIAL && other->port == console->port)
        return TRUE;
    }
  return FALSE;
}

/**
 * oriel_char_device_parse:
 *
 * Returns: (transfer full) (element-type OrielCharDevice): the domain's
 * serial ports, then its consoles that are not one of those ports.
 */
GPtrArray *
oriel_char_device_parse (const char *xml, GError **error)
{
  g_autoptr (GPtrArray) devices = NULL;
  xmlDoc *doc;
  xmlNode *devs;
  guint serials = 0, consoles = 0;

  doc = oriel_xml_read_domain (xml, error);
  if (doc == NULL)
    return NULL;

  devices = g_ptr_array_new_with_free_func ((GDestroyNotify) oriel_char_device_free);
  devs = oriel_xml_child (xmlDocGetRootElement (doc), "devices");
  for (xmlNode *node = devs ? devs->children : NULL; node != NULL; node = node->next)
    if (oriel_xml_is (node, "serial"))
      g_ptr_array_add (devices, read_device (node, ORIEL_CHAR_SERIAL, serials++));
  for (xmlNode *node = devs ? devs->children : NULL; node != NULL; node = node->next)
    if (oriel_xml_is (node, "console"))
      {
        OrielCharDevice *device = read_device (node, ORIEL_CHAR_CONSOLE, consoles++);

        if (duplicates_serial (devices, device))
          oriel_char_device_free (device);
        else
          g_ptr_array_add (devices, device);
      }
  xmlFreeDoc (doc);
  return g_steal_pointer (&devices);
}
