#pragma once

#include <gtk/gtk.h>

#include "oriel-domain.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_DOMAIN_ROW (oriel_domain_row_get_type ())
G_DECLARE_FINAL_TYPE (OrielDomainRow, oriel_domain_row, ORIEL, DOMAIN_ROW, GtkListBoxRow)

GtkWidget   *oriel_domain_row_new        (OrielDomain *domain);
OrielDomain *oriel_domain_row_get_domain (OrielDomainRow *self);

gboolean     oriel_domain_row_shows_exposed (OrielDomainRow *self);

G_END_DECLS
