#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <string.h>

#include "oriel-error.h"
#include "oriel-xml-util.h"

/* Parses @xml, which must be a <domain>; no network, no entity tricks. */
xmlDoc *
oriel_xml_read_domain (const char *xml, GError **error)
{
  xmlDoc *doc;
  xmlNode *root;

  doc = xmlReadMemory (xml, strlen (xml), "domain.xml", NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL)
    {
      const xmlError *xerr = xmlGetLastError ();
      g_autofree char *reason = g_strdup (xerr && xerr->message ? xerr->message : "");

      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_XML,
                   _("The domain description is not valid XML (line %d: %s)"),
                   xerr ? xerr->line : 0, g_strstrip (reason));
      return NULL;
    }
  root = xmlDocGetRootElement (doc);
  if (root == NULL || !oriel_xml_is (root, "domain"))
    {
      xmlFreeDoc (doc);
      g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_XML,
                           _("The description is not a libvirt domain (no <domain> element)"));
      return NULL;
    }
  return doc;
}

gboolean
oriel_xml_is (xmlNode *node, const char *name)
{
  return node->type == XML_ELEMENT_NODE && xmlStrEqual (node->name, (const xmlChar *) name);
}

/* Returns: (nullable) (transfer none): the first child element @name. */
xmlNode *
oriel_xml_child (xmlNode *node, const char *name)
{
  for (xmlNode *child = node ? node->children : NULL; child != NULL; child = child->next)
    if (oriel_xml_is (child, name))
      return child;
  return NULL;
}

/* Returns: (nullable) (transfer full) */
char *
oriel_xml_prop (xmlNode *node, const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

/* Returns: (nullable) (transfer full): the domain's <title>, one line */
char *
oriel_xml_domain_title (const char *xml)
{
  xmlDoc *doc = oriel_xml_read_domain (xml, NULL);
  xmlNode *title;
  char *text = NULL;

  if (doc == NULL)
    return NULL;
  title = oriel_xml_child (xmlDocGetRootElement (doc), "title");
  if (title != NULL)
    {
      xmlChar *content = xmlNodeGetContent (title);

      if (content != NULL && *content != '\0')
        text = g_strdup ((const char *) content);
      xmlFree (content);
    }
  xmlFreeDoc (doc);
  return text;
}
