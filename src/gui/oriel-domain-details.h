#pragma once

#include <gtk/gtk.h>

#include "oriel-domain.h"
#include "oriel-domain-power.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_DOMAIN_DETAILS (oriel_domain_details_get_type ())
G_DECLARE_FINAL_TYPE (OrielDomainDetails, oriel_domain_details, ORIEL, DOMAIN_DETAILS, GtkBox)

GtkWidget  *oriel_domain_details_new        (void);
void        oriel_domain_details_set_domain (OrielDomainDetails *self,
                                             OrielDomain        *domain);
GtkButton  *oriel_domain_details_get_button (OrielDomainDetails *self,
                                             OrielPowerAction    action);
const char *oriel_domain_details_get_error  (OrielDomainDetails *self);
const char *oriel_domain_details_get_field  (OrielDomainDetails *self,
                                             const char         *name);

G_END_DECLS
