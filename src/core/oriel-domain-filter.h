#pragma once

#include <gio/gio.h>

#include "oriel-domain.h"

G_BEGIN_DECLS

typedef enum
{
  ORIEL_DOMAIN_SORT_NAME,
  ORIEL_DOMAIN_SORT_TITLE,
  ORIEL_DOMAIN_SORT_STATE,
  ORIEL_DOMAIN_SORT_GRAPHICS,
  ORIEL_DOMAIN_SORT_HOST,
} OrielDomainSort;

#define ORIEL_TYPE_DOMAIN_FILTER (oriel_domain_filter_get_type ())
G_DECLARE_FINAL_TYPE (OrielDomainFilter, oriel_domain_filter, ORIEL, DOMAIN_FILTER, GObject)

OrielDomainFilter *oriel_domain_filter_new               (GListModel        *domains);
void               oriel_domain_filter_set_source        (OrielDomainFilter *self,
                                                          GListModel        *domains);
void               oriel_domain_filter_set_text          (OrielDomainFilter *self,
                                                          const char        *text);
void               oriel_domain_filter_set_sort          (OrielDomainFilter *self,
                                                          OrielDomainSort    sort,
                                                          gboolean           descending);
OrielDomainSort    oriel_domain_filter_get_sort          (OrielDomainFilter *self,
                                                          gboolean          *descending);
void               oriel_domain_filter_set_running_first (OrielDomainFilter *self,
                                                          gboolean           running_first);

G_END_DECLS
