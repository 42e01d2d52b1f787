#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a host can give a domain, from its domain capabilities: the choices
 * the settings offer. */
typedef struct
{
  char **video_models;      /* NULL: not known, any model Oriel knows is offered */
  char **graphics_types;
} OrielDomainCaps;

GType            oriel_domain_caps_get_type (void) G_GNUC_CONST;
#define ORIEL_TYPE_DOMAIN_CAPS (oriel_domain_caps_get_type ())

OrielDomainCaps *oriel_domain_caps_parse (const char      *xml,
                                          GError         **error);
OrielDomainCaps *oriel_domain_caps_copy  (OrielDomainCaps *caps);
void             oriel_domain_caps_free  (OrielDomainCaps *caps);
gboolean         oriel_domain_caps_has_video_model   (OrielDomainCaps *caps,
                                                      const char      *model);
gboolean         oriel_domain_caps_has_graphics_type (OrielDomainCaps *caps,
                                                      const char      *type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrielDomainCaps, oriel_domain_caps_free)

G_END_DECLS
