#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "oriel-domain-editor.h"
#include "oriel-error.h"
#include "oriel-settings-pane.h"

/* The display hardware of one domain, beside its console.  The widgets
 * describe a wish; each change rebuilds the edited configuration from the
 * loaded one by applying every field that differs, so the order in which a
 * person touched the fields never matters and Revert is exact. */

struct _OrielSettingsPane
{
  GtkBox parent_instance;

  /* template */
  GtkStack *stack;
  GtkSpinner *spinner;
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

enum { PROP_0, PROP_DOMAIN, PROP_STATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OrielSettingsPane, oriel_settings_pane, GTK_TYPE_BOX)

static void rebuild (OrielSettingsPane *self);

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

/* ---------------------------------------------------------------- fields -- */

static const char *
type_id (OrielConfigGraphics type)
{
  switch (type)
    {
    case ORIEL_CONFIG_GRAPHICS_SPICE: return "spice";
    case ORIEL_CONFIG_GRAPHICS_VNC: return "vnc";
    case ORIEL_CONFIG_GRAPHICS_NONE: return "none";
    default: return NULL;
    }
}

static OrielConfigGraphics
widget_type (OrielSettingsPane *self)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->type_combo));

  if (g_strcmp0 (id, "spice") == 0)
    return ORIEL_CONFIG_GRAPHICS_SPICE;
  if (g_strcmp0 (id, "vnc") == 0)
    return ORIEL_CONFIG_GRAPHICS_VNC;
  if (g_strcmp0 (id, "none") == 0)
    return ORIEL_CONFIG_GRAPHICS_NONE;
  return ORIEL_CONFIG_GRAPHICS_OTHER;
}

static const char * const listen_ids[] = {
  [ORIEL_CONFIG_LISTEN_DEFAULT] = "default", [ORIEL_CONFIG_LISTEN_LOCALHOST] = "localhost",
  [ORIEL_CONFIG_LISTEN_ALL] = "all", [ORIEL_CONFIG_LISTEN_ADDRESS] = "address",
  [ORIEL_CONFIG_LISTEN_NONE] = "none", [ORIEL_CONFIG_LISTEN_SOCKET] = "socket",
  [ORIEL_CONFIG_LISTEN_NETWORK] = "network",
};

static OrielConfigListen
widget_listen (OrielSettingsPane *self)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->listen_combo));

  for (guint i = 0; i < G_N_ELEMENTS (listen_ids); i++)
    if (g_strcmp0 (id, listen_ids[i]) == 0)
      return i;
  return ORIEL_CONFIG_LISTEN_DEFAULT;
}

/* A port field: a chosen item's id, else the typed text. */
static gboolean
widget_port (GtkComboBoxText *combo, GtkEntry *entry, gboolean tls, int *port, GError **error)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo));
  g_autofree char *text = g_strstrip (g_strdup (id ? id : gtk_entry_get_text (entry)));
  guint64 n;

  if (g_str_equal (text, "auto") || g_str_equal (text, "") || g_str_equal (text, _("Automatic")))
    *port = ORIEL_PORT_AUTO;
  else if (tls && (g_str_equal (text, "off") || g_str_equal (text, _("Off"))))
    *port = ORIEL_PORT_OFF;
  else if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &n, NULL))
    *port = n;
  else
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   tls ? _("“%s” is not a port: choose Automatic or Off, or type a number from 5900 to 65535")
                       : _("“%s” is not a port: choose Automatic, or type a number from 5900 to 65535"),
                   text);
      return FALSE;
    }
  return TRUE;
}

static const char *
widget_keymap (OrielSettingsPane *self)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->keymap_combo));

  return id ? id : gtk_entry_get_text (self->keymap_entry);
}

static void
show_error (GtkLabel *label, const GError *error)
{
  gtk_label_set_text (label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);
}

/* Applies one field's outcome: TRUE if it was valid. */
static gboolean
field_result (OrielSettingsPane *self, GtkLabel *label, gboolean ok, GError *error)
{
  show_error (label, ok ? NULL : error);
  if (!ok)
    self->has_errors = TRUE;
  g_clear_error (&error);
  return ok;
}

/* ------------------------------------------------------------ rebuilding -- */

static void
set_port_widget (GtkComboBoxText *combo, GtkEntry *entry, int port)
{
  if (port == ORIEL_PORT_AUTO)
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), "auto");
  else if (port == ORIEL_PORT_OFF)
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), "off");
  else
    {
      g_autofree char *text = g_strdup_printf ("%d", port);

      if (!g_str_equal (gtk_entry_get_text (entry), text))
        gtk_entry_set_text (entry, text);
    }
}

static void
set_entry (GtkEntry *entry, const char *text)
{
  if (!g_str_equal (gtk_entry_get_text (entry), text ? text : ""))
    gtk_entry_set_text (entry, text ? text : "");
}

static void
set_combo_entry (GtkComboBoxText *combo, GtkEntry *entry, const char *id)
{
  if (!gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), id))
    set_entry (entry, id);
}

/* Shows @config in the widgets, leaving alone those holding an error (the
 * person is still typing there). */
static void
sync_widgets (OrielSettingsPane *self, OrielDomainConfig *config)
{
  OrielConfigGraphics type = oriel_domain_config_get_graphics_type (config, 0);
  const char *model = oriel_domain_config_get_video_model (config, 0);
  g_autofree char *address = NULL;
  OrielConfigListen listen = oriel_domain_config_get_listen (config, 0, &address);
  gboolean has_video = model != NULL;
  gboolean graphics = type == ORIEL_CONFIG_GRAPHICS_SPICE || type == ORIEL_CONFIG_GRAPHICS_VNC;
  gboolean tcp = graphics && listen != ORIEL_CONFIG_LISTEN_NONE && listen != ORIEL_CONFIG_LISTEN_SOCKET;
  g_autofree char *exposure = oriel_domain_config_describe_exposure (config, 0);
  g_autofree char *vram = g_strdup_printf ("%u", oriel_domain_config_get_vram (config, 0));

  self->syncing++;
  if (has_video && !gtk_widget_get_visible (GTK_WIDGET (self->model_error)))
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->model_combo), model);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->heads_error)))
    gtk_spin_button_set_value (self->heads_spin, oriel_domain_config_get_heads (config, 0));
  gtk_toggle_button_set_active (self->accel_check, oriel_domain_config_get_accel3d (config, 0));
  if (!gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->vram_combo), vram))
    {
      g_autofree char *label = g_strdup_printf (_("%u MiB"), oriel_domain_config_get_vram (config, 0) / 1024);

      gtk_combo_box_text_append (self->vram_combo, vram, label);
      gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->vram_combo), vram);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->model_combo), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->heads_spin),
                            has_video && oriel_video_model_max_heads (model) > 1);
  gtk_widget_set_visible (self->heads_hint, has_video && oriel_video_model_max_heads (model) == 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->accel_check),
                            has_video && oriel_video_model_has_accel3d (model));
  gtk_widget_set_sensitive (GTK_WIDGET (self->vram_combo),
                            has_video && oriel_video_model_has_vram (model));

  if (type_id (type) != NULL)
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->type_combo), type_id (type));
  gtk_widget_set_sensitive (GTK_WIDGET (self->type_combo), type != ORIEL_CONFIG_GRAPHICS_OTHER);
  /* Typing 127.0.0.1 as "one address" is this host only; the field stays. */
  if (graphics && !gtk_widget_get_visible (GTK_WIDGET (self->listen_error))
      && !(widget_listen (self) == ORIEL_CONFIG_LISTEN_ADDRESS
           && (listen == ORIEL_CONFIG_LISTEN_LOCALHOST || listen == ORIEL_CONFIG_LISTEN_ALL)
           && g_strcmp0 (gtk_entry_get_text (self->address_entry), address) == 0))
    {
      gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->listen_combo), listen_ids[listen]);
      if (listen == ORIEL_CONFIG_LISTEN_ADDRESS)
        set_entry (self->address_entry, address);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->address_entry),
                          widget_listen (self) == ORIEL_CONFIG_LISTEN_ADDRESS);
  gtk_widget_set_sensitive (GTK_WIDGET (self->listen_combo),
                            graphics && listen != ORIEL_CONFIG_LISTEN_NETWORK);
  if (tcp && !gtk_widget_get_visible (GTK_WIDGET (self->port_error)))
    set_port_widget (self->port_combo, self->port_entry, oriel_domain_config_get_port (config, 0));
  if (tcp && !gtk_widget_get_visible (GTK_WIDGET (self->tls_error)))
    set_port_widget (self->tls_combo, self->tls_entry, oriel_domain_config_get_tls_port (config, 0));
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_combo), tcp);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tls_combo), tcp && type == ORIEL_CONFIG_GRAPHICS_SPICE);
  gtk_widget_set_visible (self->tls_hint, type == ORIEL_CONFIG_GRAPHICS_SPICE);
  if (graphics && !gtk_widget_get_visible (GTK_WIDGET (self->keymap_error)))
    set_combo_entry (self->keymap_combo, self->keymap_entry,
                     oriel_domain_config_get_keymap (config, 0) ? oriel_domain_config_get_keymap (config, 0) : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->keymap_combo), graphics);
  if (graphics && !gtk_widget_get_visible (GTK_WIDGET (self->password_error)))
    set_entry (self->password_entry, oriel_domain_config_get_password (config, 0));
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_entry), graphics);
  gtk_widget_set_visible (self->password_hint, type == ORIEL_CONFIG_GRAPHICS_VNC);
  gtk_label_set_text (self->exposure_label, exposure);
  self->syncing--;
}

static void
update_preview (OrielSettingsPane *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->preview_view);
  g_autofree char *diff = self->edited ? oriel_domain_config_diff (self->edited) : g_strdup ("");
  g_auto (GStrv) lines = g_strsplit (diff, "\n", -1);
  GtkTextIter end;

  gtk_text_buffer_set_text (buffer, "", -1);
  if (*diff == '\0')
    {
      gtk_text_buffer_set_text (buffer, _("No changes."), -1);
      return;
    }
  for (guint i = 0; lines[i] && (*lines[i] || lines[i + 1]); i++)
    {
      const char *tag = lines[i][0] == '+' ? "added" : lines[i][0] == '-' ? "removed"
                        : lines[i][0] == '@' ? "hunk" : NULL;

      gtk_text_buffer_get_end_iter (buffer, &end);
      /* The password never shows in the preview unless shown in its field. */
      if (tag != NULL && strstr (lines[i], "passwd=") != NULL
          && !gtk_entry_get_visibility (self->password_entry))
        {
          g_autoptr (GRegex) secret = g_regex_new ("passwd=(['\"])[^'\"]*\\1", 0, 0, NULL);
          g_autofree char *masked = g_regex_replace (secret, lines[i], -1, 0,
                                                     "passwd=\\1••••••\\1", 0, NULL);

          gtk_text_buffer_insert_with_tags_by_name (buffer, &end, masked, -1, tag, NULL);
        }
      else if (tag != NULL)
        gtk_text_buffer_insert_with_tags_by_name (buffer, &end, lines[i], -1, tag, NULL);
      else
        gtk_text_buffer_insert (buffer, &end, lines[i], -1);
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, "\n", -1);
    }
}

static void
update_buttons (OrielSettingsPane *self)
{
  gboolean ready = self->state == ORIEL_SETTINGS_PANE_READY;
  gboolean modified = self->edited && oriel_domain_config_is_modified (self->edited);
  gboolean active = self->domain && oriel_domain_is_active (self->domain);
  gboolean password_changed = self->edited && self->loaded
                              && g_strcmp0 (oriel_domain_config_get_password (self->edited, 0),
                                            oriel_domain_config_get_password (self->loaded, 0)) != 0;

  gtk_widget_set_sensitive (self->apply_button, ready && modified && !self->has_errors);
  gtk_widget_set_sensitive (self->revert_button, ready && (modified || self->has_errors));
  gtk_widget_set_visible (self->restart_label, active && modified);
  /* libvirt applies a new password to a running display; nothing else. */
  gtk_widget_set_visible (self->live_check, active && password_changed
                          && oriel_domain_config_get_graphics_type (self->edited, 0)
                             == oriel_domain_config_get_graphics_type (self->loaded, 0));
}

/* The edited configuration: the loaded one plus every field that differs. */
static void
rebuild (OrielSettingsPane *self)
{
  g_autoptr (OrielDomainConfig) edited = NULL;
  OrielDomainConfig *loaded = self->loaded;
  OrielConfigGraphics type;
  const char *model;
  GError *error = NULL;
  gboolean ok;
  int port;

  if (loaded == NULL)
    return;
  edited = oriel_domain_config_copy (loaded);
  self->has_errors = FALSE;

  /* Graphics first: a type change decides which other fields exist. */
  type = widget_type (self);
  ok = type == ORIEL_CONFIG_GRAPHICS_OTHER
       || oriel_domain_config_set_graphics_type (edited, 0, type, &error);
  field_result (self, self->type_error, ok, error), error = NULL;
  type = oriel_domain_config_get_graphics_type (edited, 0);

  if (type == ORIEL_CONFIG_GRAPHICS_SPICE || type == ORIEL_CONFIG_GRAPHICS_VNC)
    {
      OrielConfigListen listen = widget_listen (self);
      const char *address = gtk_entry_get_text (self->address_entry);
      g_autofree char *old_address = NULL;
      OrielConfigListen old = oriel_domain_config_get_listen (edited, 0, &old_address);
      gboolean tcp;

      ok = TRUE;
      if (listen != old || (listen == ORIEL_CONFIG_LISTEN_ADDRESS && g_strcmp0 (address, old_address) != 0))
        ok = oriel_domain_config_set_listen (edited, 0, listen, address, &error);
      field_result (self, self->listen_error, ok, error), error = NULL;

      listen = oriel_domain_config_get_listen (edited, 0, NULL);
      tcp = listen != ORIEL_CONFIG_LISTEN_NONE && listen != ORIEL_CONFIG_LISTEN_SOCKET;
      if (tcp)
        {
          ok = widget_port (self->port_combo, self->port_entry, FALSE, &port, &error)
               && (port == oriel_domain_config_get_port (loaded, 0)
                   || oriel_domain_config_set_port (edited, 0, port, &error));
          field_result (self, self->port_error, ok, error), error = NULL;
        }
      if (type == ORIEL_CONFIG_GRAPHICS_SPICE && tcp)
        {
          ok = widget_port (self->tls_combo, self->tls_entry, TRUE, &port, &error)
               && (port == oriel_domain_config_get_tls_port (loaded, 0)
                   || oriel_domain_config_set_tls_port (edited, 0, port, &error));
          field_result (self, self->tls_error, ok, error), error = NULL;
        }
      ok = oriel_domain_config_set_keymap (edited, 0, widget_keymap (self), &error);
      field_result (self, self->keymap_error, ok, error), error = NULL;
      ok = oriel_domain_config_set_password (edited, 0, gtk_entry_get_text (self->password_entry),
                                             &error);
      field_result (self, self->password_error, ok, error), error = NULL;
    }
  else
    {
      GtkLabel *labels[] = { self->listen_error, self->port_error, self->tls_error,
                             self->keymap_error, self->password_error };

      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        show_error (labels[i], NULL);
    }

  model = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->model_combo));
  if (oriel_domain_config_get_video_model (loaded, 0) != NULL || model != NULL)
    {
      ok = model == NULL || oriel_domain_config_set_video_model (edited, 0, model, &error);
      field_result (self, self->model_error, ok, error), error = NULL;
      model = oriel_domain_config_get_video_model (edited, 0);
      if (oriel_video_model_max_heads (model) > 1)
        {
          ok = oriel_domain_config_set_heads (edited, 0,
                                              gtk_spin_button_get_value_as_int (self->heads_spin),
                                              &error);
          field_result (self, self->heads_error, ok, error), error = NULL;
        }
      else
        show_error (self->heads_error, NULL);
      ok = !oriel_video_model_has_accel3d (model)
           || oriel_domain_config_set_accel3d (edited, 0,
                                               gtk_toggle_button_get_active (self->accel_check),
                                               &error);
      field_result (self, self->accel_error, ok, error), error = NULL;
      if (oriel_video_model_has_vram (model))
        {
          const char *vram = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->vram_combo));

          ok = oriel_domain_config_set_vram (edited, 0, vram ? atoi (vram) : 0, &error);
          field_result (self, self->vram_error, ok, error), error = NULL;
        }
    }

  g_set_object (&self->edited, edited);
  sync_widgets (self, self->edited);
  update_buttons (self);
  if (gtk_toggle_button_get_active (self->preview_button))
    update_preview (self);
}

static void
field_changed_cb (OrielSettingsPane *self)
{
  if (self->syncing == 0 && self->loaded != NULL)
    {
      set_status (self, NULL, FALSE);
      rebuild (self);
    }
}

/* ------------------------------------------------------------- loading --- */

static void
fill_choices (OrielSettingsPane *self, OrielDomainConfig *config)
{
  OrielDomainCaps *caps = oriel_domain_config_get_caps (config);
  static const char * const fallback[] = {
    "virtio", "qxl", "vga", "bochs", "cirrus", "vmvga", "ramfb", "none", NULL
  };
  const char * const *models = caps && caps->video_models
                               ? (const char * const *) caps->video_models : fallback;
  const char *current = oriel_domain_config_get_video_model (config, 0);
  const char * const *keymaps = oriel_keymaps ();

  self->syncing++;
  gtk_combo_box_text_remove_all (self->model_combo);
  for (guint i = 0; models[i]; i++)
    gtk_combo_box_text_append (self->model_combo, models[i], models[i]);
  /* What the domain has stays choosable even if the host no longer lists it. */
  if (current != NULL && *current && !g_strv_contains (models, current))
    gtk_combo_box_text_append (self->model_combo, current, current);

  gtk_combo_box_text_remove_all (self->keymap_combo);
  gtk_combo_box_text_append (self->keymap_combo, "", _("Unset (recommended)"));
  for (guint i = 0; keymaps[i]; i++)
    gtk_combo_box_text_append (self->keymap_combo, keymaps[i], keymaps[i]);

  if (oriel_domain_config_get_listen (config, 0, NULL) == ORIEL_CONFIG_LISTEN_NETWORK
      && !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->listen_combo), "network"))
    gtk_combo_box_text_append (self->listen_combo, "network", _("A libvirt network"));
  if (oriel_domain_config_get_graphics_type (config, 0) == ORIEL_CONFIG_GRAPHICS_OTHER)
    gtk_combo_box_text_append (self->type_combo, "other",
                               oriel_domain_config_get_key (config, "graphics.type", NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->preview_revealer), TRUE);
  self->syncing--;
}

static void
clear_errors (OrielSettingsPane *self)
{
  GtkLabel *labels[] = { self->model_error, self->heads_error, self->accel_error,
                         self->vram_error, self->type_error, self->listen_error,
                         self->port_error, self->tls_error, self->keymap_error,
                         self->password_error };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    show_error (labels[i], NULL);
  self->has_errors = FALSE;
}

static void
show_loaded (OrielSettingsPane *self, OrielDomainConfig *config)
{
  g_set_object (&self->loaded, config);
  g_clear_object (&self->edited);
  self->edited = oriel_domain_config_copy (config);
  fill_choices (self, config);
  clear_errors (self);
  sync_widgets (self, config);
  if (oriel_domain_config_get_graphics_type (config, 0) == ORIEL_CONFIG_GRAPHICS_OTHER)
    {
      self->syncing++;
      gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->type_combo), "other");
      self->syncing--;
    }
  gtk_stack_set_visible_child_name (self->stack, "form");
  set_state (self, ORIEL_SETTINGS_PANE_READY);
  update_buttons (self);
  update_preview (self);
}

static void
show_message (OrielSettingsPane *self, const char *message, gboolean busy)
{
  gtk_label_set_text (self->message_label, message);
  if (busy)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
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
      update_buttons (self);
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
  update_buttons (self);
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
    update_preview (self);
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
    update_preview (self);
}

static void
domain_state_cb (OrielSettingsPane *self)
{
  update_buttons (self);
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
  CHILD (password_error); CHILD (exposure_label); CHILD (preview_revealer);
  CHILD (preview_view); CHILD (preview_button); CHILD (status_label); CHILD (apply_button);
  CHILD (revert_button);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_icon_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
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
