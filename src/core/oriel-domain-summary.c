#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <string.h>

#include "oriel-char-device.h"
#include "oriel-domain-summary.h"
#include "oriel-error.h"
#include "oriel-graphics-info.h"
#include "oriel-xml-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* What a console user wants to know of a domain at a glance: its UUID
 * (monitor mappings are kept by it), displays, text consoles, monitor
 * count and any GPU given to it, read from one description. */

void
oriel_domain_summary_free (OrielDomainSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->uuid);
  g_clear_pointer (&summary->graphics, g_ptr_array_unref);
  g_clear_pointer (&summary->consoles, g_ptr_array_unref);
  g_free (summary->video_model);
  g_clear_pointer (&summary->gpus, g_ptr_array_unref);
  g_free (summary);
}

static guint
hex (xmlNode *node, const char *name)
{
  g_autofree char *text = oriel_xml_prop (node, name);

  return text ? (guint) g_ascii_strtoull (text, NULL, 0) : 0;
}

/* <hostdev>s that can be displays: mediated devices (vGPUs) and PCI
 * devices (whether a PCI device is a GPU is for the host to say). */
static void
read_hostdevs (OrielDomainSummary *summary, xmlNode *devices)
{
  for (xmlNode *node = devices ? devices->children : NULL; node != NULL; node = node->next)
    {
      g_autofree char *type = NULL;
      xmlNode *address;
      OrielGpu *gpu;

      if (!oriel_xml_is (node, "hostdev"))
        continue;
      type = oriel_xml_prop (node, "type");
      address = oriel_xml_child (oriel_xml_child (node, "source"), "address");
      if (address == NULL || type == NULL)
        continue;
      gpu = g_new0 (OrielGpu, 1);
      if (g_str_equal (type, "mdev"))
        {
          gpu->mediated = TRUE;
          gpu->address = oriel_xml_prop (address, "uuid");
        }
      else if (g_str_equal (type, "pci"))
        gpu->address = g_strdup_printf ("%04x:%02x:%02x.%x", hex (address, "domain"),
                                        hex (address, "bus"), hex (address, "slot"),
                                        hex (address, "function"));
      if (gpu->address == NULL)
        {
          oriel_gpu_free (gpu);
          continue;
        }
      g_ptr_array_add (summary->gpus, gpu);
    }
}

void
oriel_gpu_free (OrielGpu *gpu)
{
  g_free (gpu->address);
  g_free (gpu->product);
  g_free (gpu);
}

/* Returns: (transfer full) (nullable): the summary of a domain's XML */
OrielDomainSummary *
oriel_domain_summary_parse (const char *xml, GError **error)
{
  g_autoptr (xmlDoc) doc = oriel_xml_read_domain (xml, error);
  OrielDomainSummary *summary;
  xmlNode *root;
  xmlNode *devices;
  xmlNode *model;

  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  devices = oriel_xml_child (root, "devices");
  summary = g_new0 (OrielDomainSummary, 1);
  {
    xmlNode *uuid = oriel_xml_child (root, "uuid");
    xmlChar *text = uuid ? xmlNodeGetContent (uuid) : NULL;

    summary->uuid = g_strdup ((const char *) text);
    xmlFree (text);
  }
  summary->graphics = oriel_graphics_info_parse (xml, NULL);
  summary->consoles = oriel_char_device_parse (xml, NULL);
  if (summary->graphics == NULL)
    summary->graphics = g_ptr_array_new ();
  if (summary->consoles == NULL)
    summary->consoles = g_ptr_array_new ();
  model = oriel_xml_child (oriel_xml_child (devices, "video"), "model");
  if (model != NULL)
    {
      g_autofree char *heads = oriel_xml_prop (model, "heads");

      summary->video_model = oriel_xml_prop (model, "type");
      summary->heads = heads ? (guint) g_ascii_strtoull (heads, NULL, 10) : 1;
    }
  summary->gpus = g_ptr_array_new_with_free_func ((GDestroyNotify) oriel_gpu_free);
  read_hostdevs (summary, devices);
  return summary;
}

/* A PCI device's class and name, from the host's node device (which a
 * read-only or unprivileged link may not see: then the kind stays unknown). */
static void
identify_pci (virConnectPtr conn, OrielGpu *gpu)
{
  g_autofree char *name = g_strdup_printf ("pci_%s", gpu->address);
  g_autoptr (xmlDoc) doc = NULL;
  virNodeDevicePtr device;
  xmlNode *capability;
  char *raw;

  g_strdelimit (name, ":.", '_');
  device = virNodeDeviceLookupByName (conn, name);
  if (device == NULL)
    return;
  raw = virNodeDeviceGetXMLDesc (device, 0);
  virNodeDeviceFree (device);
  if (raw == NULL)
    return;
  doc = xmlReadMemory (raw, strlen (raw), "device.xml", NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  free (raw);
  if (doc == NULL)
    return;
  capability = oriel_xml_child (xmlDocGetRootElement (doc), "capability");
  if (capability != NULL)
    {
      xmlNode *class = oriel_xml_child (capability, "class");
      xmlNode *product = oriel_xml_child (capability, "product");

      if (class != NULL)
        {
          xmlChar *text = xmlNodeGetContent (class);

          /* PCI base class 0x03: display controllers */
          gpu->known = TRUE;
          gpu->display = (g_ascii_strtoull ((const char *) text, NULL, 0) >> 16) == 0x03;
          xmlFree (text);
        }
      if (product != NULL)
        {
          xmlChar *text = xmlNodeGetContent (product);

          gpu->product = g_strdup ((const char *) text);
          xmlFree (text);
        }
    }
}

static void
summary_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  OrielDomain *domain = source;
  virDomainPtr handle = task_data;
  GError *error = NULL;
  OrielDomainSummary *summary;
  g_autofree char *xml = oriel_domain_read_xml (domain, handle, 0, &error);

  if (xml == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  summary = oriel_domain_summary_parse (xml, &error);
  if (summary == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < summary->gpus->len; i++)
    {
      OrielGpu *gpu = g_ptr_array_index (summary->gpus, i);

      if (gpu->mediated)
        gpu->known = gpu->display = TRUE;   /* a vGPU is a display device */
      else
        identify_pci (virDomainGetConnect (handle), gpu);
    }
  g_task_return_pointer (task, summary, (GDestroyNotify) oriel_domain_summary_free);
}

void
oriel_domain_fetch_summary_async (OrielDomain *domain, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (ORIEL_IS_DOMAIN (domain));
  task = oriel_domain_new_handle_task (domain, cancellable, callback, user_data,
                                       oriel_domain_fetch_summary_async);
  g_task_run_in_thread (task, summary_thread);
}

/* Returns: (transfer full) (nullable) */
OrielDomainSummary *
oriel_domain_fetch_summary_finish (OrielDomain *domain, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, domain), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
