#pragma once

#include <gtk/gtk.h>

#include "oriel-display.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_DISPLAY_PAGE (oriel_display_page_get_type ())
G_DECLARE_FINAL_TYPE (OrielDisplayPage, oriel_display_page, ORIEL, DISPLAY_PAGE, GtkStack)

/* A guest display after the first: the display itself once the guest shows
 * something on it, before that a note saying the guest has not turned it on
 * and a button that asks it to ("turn-on"). */
GtkWidget    *oriel_display_page_new         (OrielDisplay     *display);
OrielDisplay *oriel_display_page_get_display (OrielDisplayPage *self);
guint         oriel_display_page_get_number  (OrielDisplayPage *self);
gboolean      oriel_display_page_get_shown   (OrielDisplayPage *self);
void          oriel_display_page_set_wanted  (OrielDisplayPage *self,
                                              gboolean          wanted);

G_END_DECLS
