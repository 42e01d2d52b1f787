#pragma once

#include "oriel-domain-config.h"
#include "oriel-xml-text.h"

G_BEGIN_DECLS

struct _OrielDomainConfig
{
  GObject parent_instance;
  char *original;            /* the XML as loaded */
  OrielXmlText *text;        /* the XML as edited */
  OrielDomainCaps *caps;     /* nullable */
  char *name;                /* <name>, which no edit here changes */
};

OrielXmlElem *oriel_domain_config_devices (OrielDomainConfig *self);
OrielXmlElem *oriel_domain_config_device  (OrielDomainConfig *self,
                                           const char        *name,
                                           guint              index);
void          oriel_domain_config_changed (OrielDomainConfig *self);
void          oriel_domain_config_insert_device (OrielDomainConfig *self,
                                                 const char * const *before_any,
                                                 const char        *markup);
gboolean      oriel_domain_config_invalid (GError            **error,
                                           const char         *format,
                                           ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
