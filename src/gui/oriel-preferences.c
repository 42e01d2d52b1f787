#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-preferences.h"
#include "oriel-settings.h"
#include "oriel-viewer-options.h"

/* The Preferences dialog: every control bound to its GSettings key, so a
 * change applies (and is kept) at once. Per-domain choices (clipboard,
 * resolution, monitor mapping) live with each console; these are the
 * defaults they start from. */

struct _OrielPreferences
{
  GtkDialog parent_instance;

  GtkWidget *reconnect_switch;
  GtkWidget *clipboard_switch;
  GtkWidget *policy_combo;
  GtkWidget *windows_switch;
  GtkWidget *scrollback_spin;
  GtkWidget *hotkeys_entry;
  GtkWidget *hotkeys_error;
};

G_DEFINE_FINAL_TYPE (OrielPreferences, oriel_preferences, GTK_TYPE_DIALOG)

/* Hotkeys are kept only in a form that parses, so a typo never replaces
 * working hotkeys; the entry says what is wrong meanwhile. */
static void
hotkeys_changed_cb (GtkEntry *entry, OrielPreferences *self)
{
  GSettings *settings = oriel_settings_get ();
  g_autofree char *spec = g_strstrip (g_strdup (gtk_entry_get_text (entry)));
  g_autoptr (GPtrArray) hotkeys = NULL;
  g_autoptr (GError) error = NULL;

  if (*spec != '\0' && (hotkeys = oriel_hotkeys_parse (spec, &error)) == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->hotkeys_error), error->message);
      gtk_entry_set_icon_from_icon_name (entry, GTK_ENTRY_ICON_SECONDARY, "dialog-warning-symbolic");
      return;
    }
  gtk_label_set_text (GTK_LABEL (self->hotkeys_error), "");
  gtk_entry_set_icon_from_icon_name (entry, GTK_ENTRY_ICON_SECONDARY, NULL);
  if (settings != NULL)
    g_settings_set_string (settings, "hotkeys", spec);
}

static void
oriel_preferences_class_init (OrielPreferencesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/oriel/Oriel/ui/oriel-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, OrielPreferences, reconnect_switch);
  gtk_widget_class_bind_template_child (widget_class, OrielPreferences, clipboard_switch);
  gtk_widget_class_bind_template_child (widget_class, OrielPreferences, policy_combo);
  gtk_widget_class_bind_template_child (widget_class, OrielPreferences, windows_switch);
  gtk_widget_class_bind_template_child (widget_class, OrielPreferences, scrollback_spin);
  gtk_widget_class_bind_template_child (widget_class, OrielPreferences, hotkeys_entry);
  gtk_widget_class_bind_template_child (widget_class, OrielPreferences, hotkeys_error);
  gtk_widget_class_bind_template_callback (widget_class, hotkeys_changed_cb);
}

static void
oriel_preferences_init (OrielPreferences *self)
{
  GSettings *settings = oriel_settings_get ();
  g_autofree char *hotkeys = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  if (settings == NULL)
    {
      /* nothing to keep the choices in (the schema is not installed) */
      gtk_widget_set_sensitive (gtk_dialog_get_content_area (GTK_DIALOG (self)), FALSE);
      return;
    }
  g_settings_bind (settings, "reconnect", self->reconnect_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "share-clipboard", self->clipboard_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "resolution-policy", self->policy_combo, "active-id",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "display-windows", self->windows_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "serial-scrollback-lines", self->scrollback_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  hotkeys = g_settings_get_string (settings, "hotkeys");
  gtk_entry_set_text (GTK_ENTRY (self->hotkeys_entry), hotkeys);
}

GtkWidget *
oriel_preferences_new (GtkWindow *parent)
{
  return g_object_new (ORIEL_TYPE_PREFERENCES, "transient-for", parent, "use-header-bar", TRUE,
                       NULL);
}
