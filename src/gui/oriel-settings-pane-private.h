#pragma once

#include "oriel-settings-pane.h"
#include "oriel-spinner.h"

G_BEGIN_DECLS

struct _OrielSettingsPane
{
  GtkBox parent_instance;

  /* template */
  GtkStack *stack;
  OrielSpinner *spinner;
  GtkLabel *message_label;
  GtkWidget *reload_button;
  GtkWidget *restart_label;
  GtkComboBoxText *model_combo;
  GtkLabel *model_error;
  GtkSpinButton *heads_spin;
  GtkLabel *heads_error;
  GtkWidget *heads_hint;
  GtkToggleButton *accel_check;
  GtkLabel *accel_error;
  GtkComboBoxText *vram_combo;
  GtkLabel *vram_error;
  GtkComboBoxText *type_combo;
  GtkLabel *type_error;
  GtkComboBoxText *listen_combo;
  GtkEntry *address_entry;
  GtkLabel *listen_error;
  GtkComboBoxText *port_combo;
  GtkEntry *port_entry;
  GtkLabel *port_error;
  GtkComboBoxText *tls_combo;
  GtkEntry *tls_entry;
  GtkWidget *tls_hint;
  GtkLabel *tls_error;
  GtkComboBoxText *keymap_combo;
  GtkEntry *keymap_entry;
  GtkLabel *keymap_error;
  GtkEntry *password_entry;
  GtkWidget *password_hint;
  GtkWidget *live_check;
  GtkLabel *password_error;
  GtkLabel *exposure_label;
  GtkWidget *exposure_fix_button;
  GtkRevealer *preview_revealer;
  GtkTextView *preview_view;
  GtkToggleButton *preview_button;
  GtkLabel *status_label;
  GtkWidget *apply_button;
  GtkWidget *revert_button;

  OrielDomain *domain;
  OrielDomainConfig *loaded;
  OrielDomainConfig *edited;
  GCancellable *cancellable;
  OrielSettingsPaneState state;
  guint syncing;                /* widgets being set from the model */
  gboolean has_errors;
};

void oriel_settings_pane_rebuild         (OrielSettingsPane  *self);
void oriel_settings_pane_sync            (OrielSettingsPane  *self,
                                          OrielDomainConfig  *config);
void oriel_settings_pane_update_preview  (OrielSettingsPane  *self);
void oriel_settings_pane_update_buttons  (OrielSettingsPane  *self);
void oriel_settings_pane_fill_choices    (OrielSettingsPane  *self,
                                          OrielDomainConfig  *config);
void oriel_settings_pane_clear_errors    (OrielSettingsPane  *self);
void oriel_settings_pane_show_error      (GtkLabel           *label,
                                          const GError       *error);

G_END_DECLS
