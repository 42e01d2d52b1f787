#pragma once

#include <vte/vte.h>

#include "oriel-display.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_DISPLAY_VTE (oriel_display_vte_get_type ())
G_DECLARE_FINAL_TYPE (OrielDisplayVte, oriel_display_vte, ORIEL, DISPLAY_VTE, OrielDisplay)

OrielDisplay *oriel_display_vte_new           (void);
VteTerminal  *oriel_display_vte_get_terminal  (OrielDisplayVte *self);
void          oriel_display_vte_feed          (OrielDisplayVte *self,
                                               GBytes          *bytes);
gboolean      oriel_display_vte_search        (OrielDisplayVte *self,
                                               const char      *text,
                                               gboolean         backwards);
void          oriel_display_vte_zoom          (OrielDisplayVte *self,
                                               int              direction);
gboolean      oriel_display_vte_save_log      (OrielDisplayVte *self,
                                               GFile           *file,
                                               GError         **error);
char         *oriel_display_vte_get_text      (OrielDisplayVte *self);

G_END_DECLS
