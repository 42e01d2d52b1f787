#pragma once

#include <gtk/gtk.h>

#include "oriel-domain.h"
#include "oriel-domain-config.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_SETTINGS_PANE (oriel_settings_pane_get_type ())
G_DECLARE_FINAL_TYPE (OrielSettingsPane, oriel_settings_pane, ORIEL, SETTINGS_PANE, GtkBox)

typedef enum
{
  ORIEL_SETTINGS_PANE_LOADING,
  ORIEL_SETTINGS_PANE_READY,
  ORIEL_SETTINGS_PANE_APPLYING,
  ORIEL_SETTINGS_PANE_FAILED,     /* could not load: a message and Reload */
} OrielSettingsPaneState;

OrielSettingsPane      *oriel_settings_pane_new        (OrielDomain       *domain);
void                    oriel_settings_pane_load       (OrielSettingsPane *self);
OrielSettingsPaneState  oriel_settings_pane_get_state  (OrielSettingsPane *self);
OrielDomainConfig      *oriel_settings_pane_get_edited (OrielSettingsPane *self);
const char             *oriel_settings_pane_get_status (OrielSettingsPane *self);
gboolean                oriel_settings_pane_can_apply  (OrielSettingsPane *self);
char                   *oriel_settings_pane_get_field_error (OrielSettingsPane *self,
                                                             const char        *field);
GtkWidget              *oriel_settings_pane_get_field  (OrielSettingsPane *self,
                                                        const char        *field);
void                    oriel_settings_pane_apply      (OrielSettingsPane *self);
void                    oriel_settings_pane_revert     (OrielSettingsPane *self);
void                    oriel_settings_pane_show_changes (OrielSettingsPane *self,
                                                          gboolean           show);
char                   *oriel_settings_pane_get_preview (OrielSettingsPane *self);

G_END_DECLS
