#pragma once

#include <gtk/gtk.h>

#include "oriel-viewer-options.h"
#include "oriel-viewer-target.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_APPLICATION (oriel_application_get_type ())
G_DECLARE_FINAL_TYPE (OrielApplication, oriel_application, ORIEL, APPLICATION, GtkApplication)

typedef struct _OrielWindow OrielWindow;

OrielApplication *oriel_application_new              (void);
OrielApplication *oriel_application_new_with_options (OrielViewerOptions *options,
                                                      OrielViewerTarget  *target);
OrielViewerTarget *oriel_application_load_target     (OrielViewerOptions *options,
                                                      GError            **error);
OrielWindow      *oriel_application_open             (OrielApplication   *self,
                                                      OrielViewerOptions *options,
                                                      OrielViewerTarget  *target,
                                                      GError            **error);
gboolean          oriel_application_set_hotkeys      (OrielApplication   *self,
                                                      GPtrArray          *hotkeys,
                                                      GError            **error);
void              oriel_application_reset_hotkeys    (OrielApplication   *self);
gboolean          oriel_application_activate_global_key (OrielApplication *self,
                                                         GtkWindow        *window,
                                                         GdkEventKey      *event);

G_END_DECLS
