#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* Small helpers over libxml2 for the readers of domain XML. */
xmlDoc  *oriel_xml_read_domain (const char  *xml,
                                GError     **error);
gboolean oriel_xml_is          (xmlNode     *node,
                                const char  *name);
xmlNode *oriel_xml_child       (xmlNode     *node,
                                const char  *name);
char    *oriel_xml_prop        (xmlNode     *node,
                                const char  *name);
char    *oriel_xml_domain_title (const char *xml);

G_END_DECLS
