#pragma once

#include <gtk/gtk.h>

#include "oriel-display.h"

G_BEGIN_DECLS

/* The keys that release a grabbed keyboard and the client-side key remaps
 * (-H release-cursor=..., -K): one setting for every graphical display of
 * the process, as virt-viewer has them. */
gboolean    oriel_display_keys_set_release  (const char  *accel,
                                             GError     **error);
const char *oriel_display_keys_get_release  (void);
char       *oriel_display_keys_release_label (void);
gboolean    oriel_display_keys_set_remaps   (GPtrArray   *remaps,
                                             GError     **error);
void        oriel_display_keys_reset        (void);
void        oriel_display_keys_watch        (OrielDisplay *display,
                                             GtkWidget    *widget);

G_END_DECLS
