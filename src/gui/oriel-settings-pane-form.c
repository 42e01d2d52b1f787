#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "oriel-error.h"
#include "oriel-settings-pane-private.h"

/* The form of the settings pane: what its widgets say, turned into edits of
 * the loaded configuration, and the edited configuration shown back. */

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

void
oriel_settings_pane_show_error (GtkLabel *label, const GError *error)
{
  gtk_label_set_text (label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);
}

/* Applies one field's outcome: TRUE if it was valid. */
static gboolean
field_result (OrielSettingsPane *self, GtkLabel *label, gboolean ok, GError *error)
{
  oriel_settings_pane_show_error (label, ok ? NULL : error);
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
void
oriel_settings_pane_sync (OrielSettingsPane *self, OrielDomainConfig *config)
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
  /* open to anyone on the network: offer the fix */
  gtk_widget_set_visible (self->exposure_fix_button,
                          graphics && listen == ORIEL_CONFIG_LISTEN_ALL
                          /* automatic: only if the host has TLS set up */
                          && oriel_domain_config_get_tls_port (config, 0) <= 0
                          && (oriel_domain_config_get_password (config, 0) == NULL
                              || *oriel_domain_config_get_password (config, 0) == '\0'));
  self->syncing--;
}

void
oriel_settings_pane_update_preview (OrielSettingsPane *self)
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

void
oriel_settings_pane_update_buttons (OrielSettingsPane *self)
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
void
oriel_settings_pane_rebuild (OrielSettingsPane *self)
{
  g_autoptr (OrielDomainConfig) edited = NULL;
  OrielDomainConfig *loaded = self->loaded;
  OrielConfigGraphics type;
  g_autofree char *model_now = NULL;
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
        oriel_settings_pane_show_error (labels[i], NULL);
    }

  model = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->model_combo));
  if (oriel_domain_config_get_video_model (loaded, 0) != NULL || model != NULL)
    {
      ok = model == NULL || oriel_domain_config_set_video_model (edited, 0, model, &error);
      field_result (self, self->model_error, ok, error), error = NULL;
      /* A copy: the edits below rewrite the text the getter points into. */
      model_now = g_strdup (oriel_domain_config_get_video_model (edited, 0));
      model = model_now;
      if (oriel_video_model_max_heads (model) > 1)
        {
          ok = oriel_domain_config_set_heads (edited, 0,
                                              gtk_spin_button_get_value_as_int (self->heads_spin),
                                              &error);
          field_result (self, self->heads_error, ok, error), error = NULL;
        }
      else
        oriel_settings_pane_show_error (self->heads_error, NULL);
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
  oriel_settings_pane_sync (self, self->edited);
  oriel_settings_pane_update_buttons (self);
  if (gtk_toggle_button_get_active (self->preview_button))
    oriel_settings_pane_update_preview (self);
}

void
oriel_settings_pane_fill_choices (OrielSettingsPane *self, OrielDomainConfig *config)
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

void
oriel_settings_pane_clear_errors (OrielSettingsPane *self)
{
  GtkLabel *labels[] = { self->model_error, self->heads_error, self->accel_error,
                         self->vram_error, self->type_error, self->listen_error,
                         self->port_error, self->tls_error, self->keymap_error,
                         self->password_error };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    oriel_settings_pane_show_error (labels[i], NULL);
  self->has_errors = FALSE;
}

