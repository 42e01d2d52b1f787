#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "oriel-domain-editor.h"
#include "oriel-error.h"
#include "oriel-settings-pane-private.h"

/* The display hardware of one domain, beside its console.  The widgets
 * describe a wish; each change rebuilds the edited configuration from the
 * loaded one by applying every field that differs, so the order in which a
 * person touched the fields never matters and Revert is exact. */

enum { PROP_0, PROP_DOMAIN, PROP_STATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OrielSettingsPane, oriel_settings_pane, GTK_TYPE_BOX)

static void
set_state (OrielSettingsPane *self, OrielSettingsPaneState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_status (OrielSettingsPane *self, const char *text, gboolean is_error)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self->status_label));

  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text);
  if (is_error)
    gtk_style_context_add_class (style, "error");
  else
    gtk_style_context_remove_class (style, "error");
}

static void
field_changed_cb (OrielSettingsPane *self)
{
  if (self->syncing == 0 && self->loaded != NULL)
    {
      set_status (self, NULL, FALSE);
      oriel_settings_pane_rebuild (self);
    }
}

/* ------------------------------------------------------------- loading --- */

static void
show_loaded (OrielSettingsPane *self, OrielDomainConfig *config)
{
  g_set_object (&self->loaded, config);
  g_clear_object (&self->edited);
  self->edited = oriel_domain_config_copy (config);
  oriel_settings_pane_fill_choices (self, config);
  oriel_settings_pane_clear_errors (self);
  oriel_settings_pane_sync (self, config);
  if (oriel_domain_config_get_graphics_type (config, 0) == ORIEL_CONFIG_GRAPHICS_OTHER)
    {
      self->syncing++;
      gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->type_combo), "other");
      self->syncing--;
    }
  gtk_stack_set_visible_child_name (self->stack, "form");
  set_state (self, ORIEL_SETTINGS_PANE_READY);
  oriel_settings_pane_update_buttons (self);
  oriel_settings_pane_update_preview (self);
}

static void
show_message (OrielSettingsPane *self, const char *message, gboolean busy)
{
  gtk_label_set_text (self->message_label, message);
  if (busy)
    oriel_spinner_start (self->spinner);
  else
    oriel_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_visible (self->reload_button, !busy);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static void
load_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (OrielSettingsPane) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielDomainConfig) config = oriel_domain_editor_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (config == NULL)
    {
      show_message (self, error->message, FALSE);
      set_state (self, ORIEL_SETTINGS_PANE_FAILED);
      return;
    }
  show_loaded (self, config);
}

/* (Re)reads the domain's persistent settings, dropping unapplied edits. */
void
oriel_settings_pane_load (OrielSettingsPane *self)
{
  g_return_if_fail (ORIEL_IS_SETTINGS_PANE (self));

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  show_message (self, _("Reading the domain’s settings…"), TRUE);
  set_state (self, ORIEL_SETTINGS_PANE_LOADING);
  oriel_domain_editor_load_async (oriel_domain_get_gvir (self->domain), self->cancellable,
                                  load_ready_cb, g_object_ref (self));
}

/* ------------------------------------------------------------ applying --- */

static void
apply_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (OrielSettingsPane) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean active = oriel_domain_is_active (self->domain);

  if (!oriel_domain_editor_apply_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_state (self, ORIEL_SETTINGS_PANE_READY);
      oriel_settings_pane_update_buttons (self);
      /* The edits stay in the fields: nothing typed is lost. */
      set_status (self, error->message, TRUE);
      if (g_error_matches (error, ORIEL_ERROR, ORIEL_ERROR_UNSUPPORTED))
        {
          /* Saved; only the live password step did not happen. */
          oriel_settings_pane_load (self);
          set_status (self, error->message, FALSE);
        }
      return;
    }
  oriel_settings_pane_load (self);
  set_status (self, active ? _("Saved. The guest uses the new settings after it shuts down and starts again.")
                           : _("Saved."), FALSE);
}

void
oriel_settings_pane_apply (OrielSettingsPane *self)
{
  gboolean live;

  g_return_if_fail (ORIEL_IS_SETTINGS_PANE (self));

  if (!oriel_settings_pane_can_apply (self))
    return;
  live = gtk_widget_get_visible (self->live_check)
         && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->live_check));
  set_state (self, ORIEL_SETTINGS_PANE_APPLYING);
  oriel_settings_pane_update_buttons (self);
  set_status (self, _("Saving…"), FALSE);
  oriel_domain_editor_apply_async (oriel_domain_get_gvir (self->domain), self->edited, live,
                                   self->cancellable, apply_ready_cb, g_object_ref (self));
}

void
oriel_settings_pane_revert (OrielSettingsPane *self)
{
  g_return_if_fail (ORIEL_IS_SETTINGS_PANE (self));

  if (self->loaded == NULL)
    return;
  set_status (self, NULL, FALSE);
  show_loaded (self, g_object_ref (self->loaded));
  g_object_unref (self->loaded);
}

/* One click for a console open to the network: this host only, applied
 * (the usual checks of Apply hold: a change made elsewhere is refused). */
static void
exposure_fix_clicked_cb (OrielSettingsPane *self)
{
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->listen_combo), "localhost");
  if (oriel_settings_pane_can_apply (self))
    oriel_settings_pane_apply (self);
}

static void
apply_clicked_cb (OrielSettingsPane *self)
{
  oriel_settings_pane_apply (self);
}

static void
revert_clicked_cb (OrielSettingsPane *self)
{
  oriel_settings_pane_revert (self);
}

static void
reload_clicked_cb (OrielSettingsPane *self)
{
  set_status (self, NULL, FALSE);
  oriel_settings_pane_load (self);
}

static void
preview_toggled_cb (OrielSettingsPane *self)
{
  gboolean show = gtk_toggle_button_get_active (self->preview_button);

  if (show)
    oriel_settings_pane_update_preview (self);
  gtk_revealer_set_reveal_child (self->preview_revealer, show);
}

static void
password_icon_cb (OrielSettingsPane *self)
{
  gboolean visible = !gtk_entry_get_visibility (self->password_entry);

  gtk_entry_set_visibility (self->password_entry, visible);
  gtk_entry_set_icon_from_icon_name (self->password_entry, GTK_ENTRY_ICON_SECONDARY,
                                     visible ? "view-conceal-symbolic" : "view-reveal-symbolic");
  if (gtk_toggle_button_get_active (self->preview_button))
    oriel_settings_pane_update_preview (self);
}

static void
domain_state_cb (OrielSettingsPane *self)
{
  oriel_settings_pane_update_buttons (self);
}

/* ----------------------------------------------------------- accessors --- */

OrielSettingsPaneState
oriel_settings_pane_get_state (OrielSettingsPane *self)
{
  g_return_val_if_fail (ORIEL_IS_SETTINGS_PANE (self), ORIEL_SETTINGS_PANE_LOADING);
  return self->state;
}

/* Returns: (transfer none) (nullable): the configuration as edited so far. */
OrielDomainConfig *
oriel_settings_pane_get_edited (OrielSettingsPane *self)
{
  g_return_val_if_fail (ORIEL_IS_SETTINGS_PANE (self), NULL);
  return self->edited;
}

const char *
oriel_settings_pane_get_status (OrielSettingsPane *self)
{
  g_return_val_if_fail (ORIEL_IS_SETTINGS_PANE (self), NULL);
  return gtk_label_get_text (self->status_label);
}

gboolean
oriel_settings_pane_can_apply (OrielSettingsPane *self)
{
  g_return_val_if_fail (ORIEL_IS_SETTINGS_PANE (self), FALSE);
  return gtk_widget_get_sensitive (self->apply_button);
}

/* Fields by name, for keyboard-less drivers such as the tests. */
static const struct { const char *name; gsize widget, error; } fields[] = {
  { "model", G_STRUCT_OFFSET (OrielSettingsPane, model_combo), G_STRUCT_OFFSET (OrielSettingsPane, model_error) },
  { "heads", G_STRUCT_OFFSET (OrielSettingsPane, heads_spin), G_STRUCT_OFFSET (OrielSettingsPane, heads_error) },
  { "accel3d", G_STRUCT_OFFSET (OrielSettingsPane, accel_check), G_STRUCT_OFFSET (OrielSettingsPane, accel_error) },
  { "vram", G_STRUCT_OFFSET (OrielSettingsPane, vram_combo), G_STRUCT_OFFSET (OrielSettingsPane, vram_error) },
  { "type", G_STRUCT_OFFSET (OrielSettingsPane, type_combo), G_STRUCT_OFFSET (OrielSettingsPane, type_error) },
  { "listen", G_STRUCT_OFFSET (OrielSettingsPane, listen_combo), G_STRUCT_OFFSET (OrielSettingsPane, listen_error) },
  { "address", G_STRUCT_OFFSET (OrielSettingsPane, address_entry), G_STRUCT_OFFSET (OrielSettingsPane, listen_error) },
  { "port", G_STRUCT_OFFSET (OrielSettingsPane, port_combo), G_STRUCT_OFFSET (OrielSettingsPane, port_error) },
  { "tls-port", G_STRUCT_OFFSET (OrielSettingsPane, tls_combo), G_STRUCT_OFFSET (OrielSettingsPane, tls_error) },
  { "keymap", G_STRUCT_OFFSET (OrielSettingsPane, keymap_combo), G_STRUCT_OFFSET (OrielSettingsPane, keymap_error) },
  { "password", G_STRUCT_OFFSET (OrielSettingsPane, password_entry), G_STRUCT_OFFSET (OrielSettingsPane, password_error) },
  { "live", G_STRUCT_OFFSET (OrielSettingsPane, live_check), G_STRUCT_OFFSET (OrielSettingsPane, password_error) },
  { "exposure", G_STRUCT_OFFSET (OrielSettingsPane, exposure_label), G_STRUCT_OFFSET (OrielSettingsPane, exposure_label) },
  { "restart", G_STRUCT_OFFSET (OrielSettingsPane, restart_label), G_STRUCT_OFFSET (OrielSettingsPane, restart_label) },
};

/* Returns: (transfer none) (nullable) */
GtkWidget *
oriel_settings_pane_get_field (OrielSettingsPane *self, const char *field)
{
  g_return_val_if_fail (ORIEL_IS_SETTINGS_PANE (self), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].name, field))
      return G_STRUCT_MEMBER (GtkWidget *, self, fields[i].widget);
  return NULL;
}

/* Returns: (transfer full) (nullable): the message under @field, if shown. */
char *
oriel_settings_pane_get_field_error (OrielSettingsPane *self, const char *field)
{
  g_return_val_if_fail (ORIEL_IS_SETTINGS_PANE (self), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].name, field))
      {
        GtkLabel *label = G_STRUCT_MEMBER (GtkLabel *, self, fields[i].error);

        return gtk_widget_get_visible (GTK_WIDGET (label))
               ? g_strdup (gtk_label_get_text (label)) : NULL;
      }
  return NULL;
}

void
oriel_settings_pane_show_changes (OrielSettingsPane *self, gboolean show)
{
  g_return_if_fail (ORIEL_IS_SETTINGS_PANE (self));
  gtk_toggle_button_set_active (self->preview_button, show);
}

/* Returns: (transfer full): the preview as shown. */
char *
oriel_settings_pane_get_preview (OrielSettingsPane *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->preview_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* ------------------------------------------------------------- GObject --- */

static void
oriel_settings_pane_dispose (GObject *object)
{
  OrielSettingsPane *self = ORIEL_SETTINGS_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->loaded);
  g_clear_object (&self->edited);
  g_clear_object (&self->domain);
  G_OBJECT_CLASS (oriel_settings_pane_parent_class)->dispose (object);
}

static void
oriel_settings_pane_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  OrielSettingsPane *self = ORIEL_SETTINGS_PANE (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oriel_settings_pane_set_property (GObject *object, guint prop_id, const GValue *value,
                                  GParamSpec *pspec)
{
  OrielSettingsPane *self = ORIEL_SETTINGS_PANE (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      self->domain = g_value_dup_object (value);
      g_signal_connect_object (self->domain, "notify::state", G_CALLBACK (domain_state_cb), self,
                               G_CONNECT_SWAPPED);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oriel_settings_pane_class_init (OrielSettingsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oriel_settings_pane_dispose;
  object_class->get_property = oriel_settings_pane_get_property;
  object_class->set_property = oriel_settings_pane_set_property;

  properties[PROP_DOMAIN] =
    g_param_spec_object ("domain", NULL, NULL, ORIEL_TYPE_DOMAIN,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, ORIEL_SETTINGS_PANE_LOADING,
                      ORIEL_SETTINGS_PANE_FAILED, ORIEL_SETTINGS_PANE_LOADING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ORIEL_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/oriel/Oriel/ui/oriel-settings-pane.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, OrielSettingsPane, name)
  CHILD (stack); CHILD (spinner); CHILD (message_label); CHILD (reload_button);
  CHILD (restart_label); CHILD (model_combo); CHILD (model_error); CHILD (heads_spin);
  CHILD (heads_error); CHILD (heads_hint); CHILD (accel_check); CHILD (accel_error);
  CHILD (vram_combo); CHILD (vram_error); CHILD (type_combo); CHILD (type_error);
  CHILD (listen_combo); CHILD (address_entry); CHILD (listen_error); CHILD (port_combo);
  CHILD (port_entry); CHILD (port_error); CHILD (tls_combo); CHILD (tls_entry);
  CHILD (tls_hint); CHILD (tls_error); CHILD (keymap_combo); CHILD (keymap_entry);
  CHILD (keymap_error); CHILD (password_entry); CHILD (password_hint); CHILD (live_check);
  CHILD (password_error); CHILD (exposure_label); CHILD (exposure_fix_button); CHILD (preview_revealer);
  CHILD (preview_view); CHILD (preview_button); CHILD (status_label); CHILD (apply_button);
  CHILD (revert_button);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_icon_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, exposure_fix_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, revert_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reload_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, preview_toggled_cb);
}

static void
oriel_settings_pane_init (OrielSettingsPane *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  buffer = gtk_text_view_get_buffer (self->preview_view);
  gtk_text_buffer_create_tag (buffer, "added", "foreground", "#26a269", NULL);
  gtk_text_buffer_create_tag (buffer, "removed", "foreground", "#c01c28", NULL);
  gtk_text_buffer_create_tag (buffer, "hunk", "foreground", "#1c71d8", NULL);
}

/* Returns: (transfer full): a pane that reads @domain's settings when loaded. */
OrielSettingsPane *
oriel_settings_pane_new (OrielDomain *domain)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN (domain), NULL);
  return g_object_new (ORIEL_TYPE_SETTINGS_PANE, "domain", domain, NULL);
}
