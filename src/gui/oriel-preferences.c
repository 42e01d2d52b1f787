#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

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
  GtkWidget *thumbnails_combo;
  GtkWidget *scrollback_spin;
  GtkWidget *hotkeys_entry;
  GtkWidget *hotkeys_error;
  GtkWidget *grid;
  GtkWidget *connection_list;
  GtkWidget *connection_entry;
  GtkWidget *connection_error;
  gboolean updating;
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

/* ---------------------------------------------------- saved connections -- */

static void fill_connections (OrielPreferences *self);

static void
autoconnect_cb (GtkSwitch *toggle, GParamSpec *pspec, OrielPreferences *self)
{
  if (!self->updating)
    oriel_settings_save_connection (g_object_get_data (G_OBJECT (toggle), "oriel-uri"),
                                    gtk_switch_get_active (toggle), TRUE);
}

static void
remove_cb (GtkButton *button, OrielPreferences *self)
{
  oriel_settings_forget_connection (g_object_get_data (G_OBJECT (button), "oriel-uri"));
}

static void
fill_connections (OrielPreferences *self)
{
  g_autoptr (GVariant) list = g_settings_get_value (oriel_settings_get (), "connections");
  g_autoptr (GList) old = gtk_container_get_children (GTK_CONTAINER (self->connection_list));
  GVariantIter iter;
  const char *uri;
  gboolean autoconnect;

  self->updating = TRUE;
  for (GList *l = old; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  g_variant_iter_init (&iter, list);
  while (g_variant_iter_next (&iter, "(&sb)", &uri, &autoconnect))
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (uri);
      GtkWidget *toggle = gtk_switch_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic", GTK_ICON_SIZE_BUTTON);
      /* Translators: %s is a libvirt URI */
      g_autofree char *toggle_name = g_strdup_printf (_("Connect to %s at start"), uri);
      g_autofree char *remove_name = g_strdup_printf (_("Forget %s"), uri);

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_switch_set_active (GTK_SWITCH (toggle), autoconnect);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (toggle, toggle_name);
      gtk_widget_set_tooltip_text (remove, remove_name);
      g_object_set_data_full (G_OBJECT (toggle), "oriel-uri", g_strdup (uri), g_free);
      g_object_set_data_full (G_OBJECT (remove), "oriel-uri", g_strdup (uri), g_free);
      g_signal_connect (toggle, "notify::active", G_CALLBACK (autoconnect_cb), self);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_cb), self);
      gtk_container_add (GTK_CONTAINER (row), label);
      gtk_container_add (GTK_CONTAINER (row), toggle);
      gtk_container_add (GTK_CONTAINER (row), remove);
      gtk_widget_show_all (row);
      gtk_container_add (GTK_CONTAINER (self->connection_list), row);
    }
  self->updating = FALSE;
}

/* A libvirt URI has a scheme ("qemu", "qemu+ssh", "test") and parses as
 * one; libvirt itself judges the rest when it connects. */
static void
add_cb (GtkWidget *widget, OrielPreferences *self)
{
  g_autofree char *uri = g_strstrip (g_strdup (gtk_entry_get_text (GTK_ENTRY (self->connection_entry))));
  g_autoptr (GError) error = NULL;

  if (*uri == '\0')
    return;
  if (!g_uri_is_valid (uri, G_URI_FLAGS_NON_DNS, &error) || strchr (uri, ':') == NULL)
    {
      g_autofree char *text =
        g_strdup_printf (_("“%s” is not a libvirt URI, such as qemu:///system or "
                           "qemu+ssh://user@host/system."), uri);

      gtk_label_set_text (GTK_LABEL (self->connection_error), text);
      return;
    }
  gtk_label_set_text (GTK_LABEL (self->connection_error), "");
  oriel_settings_save_connection (uri, TRUE, FALSE);
  gtk_entry_set_text (GTK_ENTRY (self->connection_entry), "");
}

static void
connections_changed_cb (GSettings *settings, const char *key, OrielPreferences *self)
{
  fill_connections (self);
}

/* Built here rather than in the template: its rows follow the key. */
static void
add_connections_section (OrielPreferences *self)
{
  GtkWidget *heading = gtk_label_new (_("Connections"));
  GtkWidget *hint = gtk_label_new (_("Switched on, a connection opens in a window of its own "
                                     "when Oriel starts without -c."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add"));
  PangoAttrList *bold = pango_attr_list_new ();

  pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  gtk_label_set_attributes (GTK_LABEL (heading), bold);
  pango_attr_list_unref (bold);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_margin_top (heading, 12);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_line_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (hint), 60);
  gtk_style_context_add_class (gtk_widget_get_style_context (hint), "dim-label");
  self->connection_list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->connection_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->connection_entry), "qemu+ssh://user@host/system");
  gtk_widget_set_hexpand (self->connection_entry, TRUE);
  atk_object_set_name (gtk_widget_get_accessible (self->connection_entry),
                       _("libvirt URI to add"));
  gtk_widget_set_name (self->connection_entry, "connection-entry");
  self->connection_error = gtk_label_new ("");
  gtk_label_set_xalign (GTK_LABEL (self->connection_error), 0);
  gtk_label_set_line_wrap (GTK_LABEL (self->connection_error), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->connection_error), 60);
  g_signal_connect (self->connection_entry, "activate", G_CALLBACK (add_cb), self);
  g_signal_connect (add, "clicked", G_CALLBACK (add_cb), self);
  gtk_container_add (GTK_CONTAINER (box), self->connection_entry);
  gtk_container_add (GTK_CONTAINER (box), add);
  gtk_grid_attach (GTK_GRID (self->grid), heading, 0, 10, 2, 1);
  gtk_grid_attach (GTK_GRID (self->grid), hint, 0, 11, 2, 1);
  gtk_grid_attach (GTK_GRID (self->grid), self->connection_list, 0, 12, 2, 1);
  gtk_grid_attach (GTK_GRID (self->grid), box, 0, 13, 2, 1);
  gtk_grid_attach (GTK_GRID (self->grid), self->connection_error, 0, 14, 2, 1);
  gtk_widget_show_all (self->grid);
  g_signal_connect_object (oriel_settings_get (), "changed::connections",
                           G_CALLBACK (connections_changed_cb), self, 0);
  fill_connections (self);
}

/* the entry's current text, for tests and the Add button alike */
void
oriel_preferences_add_connection (OrielPreferences *self, const char *uri)
{
  g_return_if_fail (ORIEL_IS_PREFERENCES (self));
  gtk_entry_set_text (GTK_ENTRY (self->connection_entry), uri);
  add_cb (NULL, self);
}

const char *
oriel_preferences_get_connection_error (OrielPreferences *self)
{
  g_return_val_if_fail (ORIEL_IS_PREFERENCES (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->connection_error));
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
  gtk_widget_class_bind_template_child (widget_class, OrielPreferences, thumbnails_combo);
  gtk_widget_class_bind_template_child (widget_class, OrielPreferences, scrollback_spin);
  gtk_widget_class_bind_template_child (widget_class, OrielPreferences, hotkeys_entry);
  gtk_widget_class_bind_template_child (widget_class, OrielPreferences, hotkeys_error);
  gtk_widget_class_bind_template_child (widget_class, OrielPreferences, grid);
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
  g_settings_bind (settings, "thumbnails", self->thumbnails_combo, "active-id",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "display-windows", self->windows_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "serial-scrollback-lines", self->scrollback_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  hotkeys = g_settings_get_string (settings, "hotkeys");
  gtk_entry_set_text (GTK_ENTRY (self->hotkeys_entry), hotkeys);
  add_connections_section (self);
}

GtkWidget *
oriel_preferences_new (GtkWindow *parent)
{
  return g_object_new (ORIEL_TYPE_PREFERENCES, "transient-for", parent, "use-header-bar", TRUE,
                       NULL);
}
