#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <string.h>

#include "oriel-domain-caps.h"
#include "oriel-error.h"
#include "oriel-xml-util.h"

G_DEFINE_BOXED_TYPE (OrielDomainCaps, oriel_domain_caps, oriel_domain_caps_copy,
                     oriel_domain_caps_free)

/* The <value>s of devices/@device/enum[@name=@name], or NULL if the host
 * does not say. */
static char **
enum_values (xmlNode *devices, const char *device, const char *name)
{
  xmlNode *dev = oriel_xml_child (devices, device);
  g_autofree char *supported = dev ? oriel_xml_prop (dev, "supported") : NULL;
  g_autoptr (GPtrArray) values = NULL;

  if (dev == NULL)
    return NULL;
  values = g_ptr_array_new ();
  if (g_strcmp0 (supported, "no") != 0)
    for (xmlNode *e = dev->children; e != NULL; e = e->next)
      {
        g_autofree char *ename = oriel_xml_is (e, "enum") ? oriel_xml_prop (e, "name") : NULL;

        if (g_strcmp0 (ename, name) != 0)
          continue;
        for (xmlNode *v = e->children; v != NULL; v = v->next)
          if (oriel_xml_is (v, "value"))
            {
              xmlChar *text = xmlNodeGetContent (v);

              g_ptr_array_add (values, g_strstrip (g_strdup ((const char *) text)));
              xmlFree (text);
            }
      }
  g_ptr_array_add (values, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&values), FALSE);
}

/* Returns: (transfer full) (nullable): the caps in a <domainCapabilities>. */
OrielDomainCaps *
oriel_domain_caps_parse (const char *xml, GError **error)
{
  xmlDoc *doc;
  xmlNode *root;
  OrielDomainCaps *caps;

  doc = xmlReadMemory (xml, strlen (xml), "domcaps.xml", NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  root = doc ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL || !oriel_xml_is (root, "domainCapabilities"))
    {
      if (doc)
        xmlFreeDoc (doc);
      g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_XML,
                           _("The host's domain capabilities could not be read"));
      return NULL;
    }
  caps = g_new0 (OrielDomainCaps, 1);
  caps->video_models = enum_values (oriel_xml_child (root, "devices"), "video", "modelType");
  caps->graphics_types = enum_values (oriel_xml_child (root, "devices"), "graphics", "type");
  xmlFreeDoc (doc);
  return caps;
}

OrielDomainCaps *
oriel_domain_caps_copy (OrielDomainCaps *caps)
{
  OrielDomainCaps *copy = g_new0 (OrielDomainCaps, 1);

  copy->video_models = g_strdupv (caps->video_models);
  copy->graphics_types = g_strdupv (caps->graphics_types);
  return copy;
}

void
oriel_domain_caps_free (OrielDomainCaps *caps)
{
  if (caps == NULL)
    return;
  g_strfreev (caps->video_models);
  g_strfreev (caps->graphics_types);
  g_free (caps);
}

/* TRUE when the host offers @model, or does not say what it offers. */
gboolean
oriel_domain_caps_has_video_model (OrielDomainCaps *caps, const char *model)
{
  return caps == NULL || caps->video_models == NULL
         || g_strv_contains ((const char * const *) caps->video_models, model);
}

gboolean
oriel_domain_caps_has_graphics_type (OrielDomainCaps *caps, const char *type)
{
  return caps == NULL || caps->graphics_types == NULL
         || g_strv_contains ((const char * const *) caps->graphics_types, type);
}
