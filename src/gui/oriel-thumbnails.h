#pragma once

#include <gtk/gtk.h>

#include "oriel-domain.h"

G_BEGIN_DECLS

#define ORIEL_THUMBNAIL_WIDTH 80

#define ORIEL_TYPE_THUMBNAILS (oriel_thumbnails_get_type ())
G_DECLARE_FINAL_TYPE (OrielThumbnails, oriel_thumbnails, ORIEL, THUMBNAILS, GObject)

OrielThumbnails *oriel_thumbnails_new    (void);
GdkPixbuf       *oriel_thumbnails_get    (OrielThumbnails *self,
                                          OrielDomain     *domain);
gboolean         oriel_thumbnails_wanted (OrielDomain     *domain);

G_END_DECLS
