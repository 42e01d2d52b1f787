#pragma once

#include <gtk/gtk.h>

#include "oriel-domain.h"
#include "oriel-domain-filter.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_DOMAIN_LIST (oriel_domain_list_get_type ())
G_DECLARE_FINAL_TYPE (OrielDomainList, oriel_domain_list, ORIEL, DOMAIN_LIST, GtkBox)

GtkWidget         *oriel_domain_list_new             (void);
void               oriel_domain_list_set_domains     (OrielDomainList *self,
                                                      GListModel      *domains);
OrielDomainFilter *oriel_domain_list_get_filter      (OrielDomainList *self);
void               oriel_domain_list_set_show_host   (OrielDomainList *self,
                                                      gboolean         show);
GtkEntry          *oriel_domain_list_get_entry       (OrielDomainList *self);
OrielDomain       *oriel_domain_list_get_selected    (OrielDomainList *self);
gboolean           oriel_domain_list_select          (OrielDomainList *self,
                                                      OrielDomain     *domain);
gboolean           oriel_domain_list_shows_exposed   (OrielDomainList *self,
                                                      OrielDomain     *domain);
GdkPixbuf         *oriel_domain_list_get_thumbnail   (OrielDomainList *self,
                                                      OrielDomain     *domain);

G_END_DECLS
