#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-domain-config.h"
#include "oriel-domain-editor.h"
#include "oriel-displays-dialog.h"
#include "oriel-monitor-map.h"
#include "oriel-monitor-settings.h"

/* The console's displays: which client monitor each guest display fills in
 * fullscreen (the picture, or a choice per display for the keyboard), the
 * guest's resolution policy, each display's current resolution and the
 * domain's monitor count. Changes apply and are kept at once. */

struct _OrielDisplaysDialog
{
  GtkDialog parent_instance;

  OrielConsoleTab *tab;         /* weak */
  GtkWidget *map;
  GtkWidget *rows;              /* GtkGrid: display, resolution, monitor */
  GtkWidget *heads_label;
  GtkWidget *export_label;
  GtkWidget *policy[3];
  GCancellable *cancellable;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (OrielDisplaysDialog, oriel_displays_dialog, GTK_TYPE_DIALOG)

static const char *
uuid_of (OrielDisplaysDialog *self)
{
  OrielDomain *domain = self->tab ? oriel_console_tab_get_domain (self->tab) : NULL;

  return domain != NULL ? oriel_domain_get_uuid (domain) : NULL;
}

static guint
n_displays (OrielDisplaysDialog *self)
{
  return self->tab ? MAX (1, oriel_console_tab_get_n_displays (self->tab)) : 1;
}

static char *
resolution_text (OrielDisplaysDialog *self, guint n)
{
  OrielDisplay *display = oriel_console_tab_get_nth_display (self->tab, n);
  int width = 0, height = 0;

  if (display == NULL || !oriel_console_tab_get_display_on (self->tab, n))
    return g_strdup (_("Off"));
  oriel_display_get_desktop_size (display, &width, &height);
  /* Translators: a guest display's resolution in pixels */
  return g_strdup_printf (_("%d×%d"), width, height);
}

static void monitor_changed_cb (GtkComboBox *combo, OrielDisplaysDialog *self);

/* One row per display: its number, its resolution, its monitor. */
static void
fill_rows (OrielDisplaysDialog *self)
{
  const OrielMonitorMapping *mapping = oriel_monitor_map_get_mapping (ORIEL_MONITOR_MAP (self->map));
  GdkDisplay *gdk_display = gtk_widget_get_display (GTK_WIDGET (self));
  int n_monitors = gdk_display_get_n_monitors (gdk_display);
  g_autoptr (GList) old = gtk_container_get_children (GTK_CONTAINER (self->rows));

  for (GList *l = old; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  self->updating = TRUE;
  for (guint n = 0; n < n_displays (self); n++)
    {
      g_autofree char *name = g_strdup_printf (_("Display %u"), n + 1);
      g_autofree char *resolution = resolution_text (self, n);
      g_autofree char *combo_name = g_strdup_printf ("monitor-%u", n + 1);
      g_autofree char *id = g_strdup_printf ("%d", oriel_monitor_mapping_get (mapping, n));
      GtkWidget *label = gtk_label_new (name);
      GtkWidget *size = gtk_label_new (resolution);
      GtkWidget *combo = gtk_combo_box_text_new ();

      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_widget_set_halign (size, GTK_ALIGN_START);
      gtk_widget_set_name (combo, combo_name);
      for (int m = 0; m < n_monitors; m++)
        {
          g_autofree char *mid = g_strdup_printf ("%d", m);
          g_autofree char *text = g_strdup_printf (_("Monitor %d"), m + 1);

          gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), mid, text);
        }
      gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), "-1", _("Windowed"));
      if (!gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), id))
        gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), "-1");
      g_object_set_data (G_OBJECT (combo), "oriel-display", GUINT_TO_POINTER (n));
      g_signal_connect (combo, "changed", G_CALLBACK (monitor_changed_cb), self);
      /* Translators: the accessible name of a display's monitor choice */
      atk_object_set_name (gtk_widget_get_accessible (combo), name);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), combo);
      gtk_grid_attach (GTK_GRID (self->rows), label, 0, (int) n, 1, 1);
      gtk_grid_attach (GTK_GRID (self->rows), size, 1, (int) n, 1, 1);
      gtk_grid_attach (GTK_GRID (self->rows), combo, 2, (int) n, 1, 1);
    }
  gtk_widget_show_all (self->rows);
  self->updating = FALSE;
}

/* The choices follow the picture: updated in place, since a choice being
 * changed is what emitted the change. */
static void
sync_rows (OrielDisplaysDialog *self)
{
  const OrielMonitorMapping *mapping = oriel_monitor_map_get_mapping (ORIEL_MONITOR_MAP (self->map));

  self->updating = TRUE;
  for (guint n = 0; n < n_displays (self); n++)
    {
      GtkWidget *size = gtk_grid_get_child_at (GTK_GRID (self->rows), 1, (int) n);
      GtkWidget *combo = gtk_grid_get_child_at (GTK_GRID (self->rows), 2, (int) n);
      g_autofree char *id = g_strdup_printf ("%d", oriel_monitor_mapping_get (mapping, n));
      g_autofree char *resolution = resolution_text (self, n);

      if (GTK_IS_LABEL (size))
        gtk_label_set_text (GTK_LABEL (size), resolution);
      if (GTK_IS_COMBO_BOX (combo) && !gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), id))
        gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), "-1");
    }
  self->updating = FALSE;
}

static void
load_mapping (OrielDisplaysDialog *self)
{
  g_autoptr (OrielMonitorMapping) mapping = oriel_console_tab_resolve_mapping (self->tab);

  oriel_monitor_map_set_mapping (ORIEL_MONITOR_MAP (self->map), mapping, n_displays (self));
  fill_rows (self);
}

static void
save_mapping (OrielDisplaysDialog *self)
{
  if (uuid_of (self) != NULL)
    oriel_monitor_settings_save_mapping (uuid_of (self),
                                         oriel_monitor_map_get_mapping (ORIEL_MONITOR_MAP (self->map)));
  gtk_label_set_text (GTK_LABEL (self->export_label), "");
}

static void
map_changed_cb (OrielMonitorMap *map, OrielDisplaysDialog *self)
{
  save_mapping (self);
  sync_rows (self);
}

static void
monitor_changed_cb (GtkComboBox *combo, OrielDisplaysDialog *self)
{
  guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (combo), "oriel-display"));
  const char *id = gtk_combo_box_get_active_id (combo);

  if (self->updating || id == NULL)
    return;
  /* the picture's drop rule: a taken monitor is exchanged */
  oriel_monitor_map_drop (ORIEL_MONITOR_MAP (self->map), n, atoi (id));
}

static void
policy_toggled_cb (GtkToggleButton *button, OrielDisplaysDialog *self)
{
  if (self->updating || !gtk_toggle_button_get_active (button) || self->tab == NULL)
    return;
  for (int i = 0; i < 3; i++)
    if (GTK_WIDGET (button) == self->policy[i])
      oriel_console_tab_set_resolution_policy (self->tab, (OrielResolutionPolicy) i);
}

static void
export_clicked_cb (GtkButton *button, OrielDisplaysDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (oriel_monitor_settings_export (uuid_of (self),
                                     oriel_monitor_map_get_mapping (ORIEL_MONITOR_MAP (self->map)),
                                     &path, &error))
    /* Translators: %s is a file name */
    text = g_strdup_printf (_("Written to %s."), path);
  else
    text = g_strdup (error->message);
  gtk_label_set_text (GTK_LABEL (self->export_label), text);
}

static void
reset_clicked_cb (GtkButton *button, OrielDisplaysDialog *self)
{
  g_autoptr (OrielMonitorMapping) empty = oriel_monitor_mapping_new ();

  if (uuid_of (self) != NULL)
    oriel_monitor_settings_save_mapping (uuid_of (self), empty);
  load_mapping (self);
}

static void
change_heads_cb (GtkButton *button, OrielDisplaysDialog *self)
{
  if (self->tab != NULL)
    oriel_console_tab_show_settings (self->tab, TRUE);
  gtk_widget_destroy (GTK_WIDGET (self));
}

static void
config_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OrielDisplaysDialog *self = user_data;
  g_autoptr (OrielDomainConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  config = oriel_domain_editor_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (config == NULL)
    text = g_strdup_printf (_("Monitors in the domain’s video device: unknown (%s)"),
                            error->message);
  else if (oriel_domain_config_get_n_videos (config) == 0)
    text = g_strdup (_("The domain has no video device."));
  else
    text = g_strdup_printf (_("Monitors in the domain’s video device: %u"),
                            oriel_domain_config_get_heads (config, 0));
  gtk_label_set_text (GTK_LABEL (self->heads_label), text);
}

static void
oriel_displays_dialog_dispose (GObject *object)
{
  OrielDisplaysDialog *self = ORIEL_DISPLAYS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->tab);
  G_OBJECT_CLASS (oriel_displays_dialog_parent_class)->dispose (object);
}

static void
oriel_displays_dialog_class_init (OrielDisplaysDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = oriel_displays_dialog_dispose;
}

static void
oriel_displays_dialog_init (OrielDisplaysDialog *self)
{
  self->cancellable = g_cancellable_new ();
}

static GtkWidget *
heading (const char *text)
{
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", text);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  return label;
}

/* The SPICE part: monitors, mapping, monitor count. */
static void
add_mapping (OrielDisplaysDialog *self, GtkBox *content)
{
  GtkWidget *buttons, *button, *heads_box;
  OrielDomain *domain = oriel_console_tab_get_domain (self->tab);

  gtk_box_pack_start (content, heading (_("Fullscreen on the client’s monitors")), FALSE, FALSE, 0);
  self->map = oriel_monitor_map_new ();
  g_signal_connect (self->map, "changed", G_CALLBACK (map_changed_cb), self);
  gtk_box_pack_start (content, self->map, TRUE, TRUE, 0);
  self->rows = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->rows), 6);
  gtk_grid_set_column_spacing (GTK_GRID (self->rows), 18);
  gtk_box_pack_start (content, self->rows, FALSE, FALSE, 0);

  heads_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->heads_label = gtk_label_new (_("Monitors in the domain’s video device: …"));
  gtk_widget_set_name (self->heads_label, "heads");
  gtk_box_pack_start (GTK_BOX (heads_box), self->heads_label, FALSE, FALSE, 0);
  if (domain != NULL)
    {
      button = gtk_button_new_with_mnemonic (_("C_hange in Settings…"));
      gtk_widget_set_tooltip_text (button, _("Open the settings pane, where the video device’s monitor count is edited"));
      g_signal_connect (button, "clicked", G_CALLBACK (change_heads_cb), self);
      gtk_box_pack_end (GTK_BOX (heads_box), button, FALSE, FALSE, 0);
      oriel_domain_editor_load_async (oriel_domain_get_gvir (domain), self->cancellable,
                                      config_loaded_cb, self);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->heads_label),
                        _("Monitors in the domain’s video device: unknown (no libvirt domain)"));
  gtk_box_pack_start (content, heads_box, FALSE, FALSE, 0);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  button = gtk_button_new_with_mnemonic (_("_Export for virt-viewer"));
  gtk_widget_set_tooltip_text (button, _("Write this mapping to virt-viewer’s settings file"));
  gtk_widget_set_sensitive (button, uuid_of (self) != NULL);
  g_signal_connect (button, "clicked", G_CALLBACK (export_clicked_cb), self);
  gtk_box_pack_start (GTK_BOX (buttons), button, FALSE, FALSE, 0);
  button = gtk_button_new_with_mnemonic (_("_Reset"));
  gtk_widget_set_tooltip_text (button, _("Forget this mapping: displays take the monitors in order"));
  g_signal_connect (button, "clicked", G_CALLBACK (reset_clicked_cb), self);
  gtk_box_pack_start (GTK_BOX (buttons), button, FALSE, FALSE, 0);
  gtk_box_pack_start (content, buttons, FALSE, FALSE, 0);
  self->export_label = gtk_label_new ("");
  gtk_label_set_line_wrap (GTK_LABEL (self->export_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->export_label), TRUE);
  gtk_widget_set_halign (self->export_label, GTK_ALIGN_START);
  gtk_box_pack_start (content, self->export_label, FALSE, FALSE, 0);
  load_mapping (self);
}

static void
add_policy (OrielDisplaysDialog *self, GtkBox *content, gboolean can_resize)
{
  static const char *labels[] = {
    N_("_Keep the guest’s resolution (scale the picture)"),
    N_("Resize the guest to the _window"),
    N_("Resize the guest to the _monitor (its device pixels)"),
  };
  OrielResolutionPolicy policy = oriel_console_tab_get_resolution_policy (self->tab);

  gtk_box_pack_start (content, heading (_("Guest resolution")), FALSE, FALSE, 0);
  self->updating = TRUE;
  for (int i = 0; i < 3; i++)
    {
      self->policy[i] = gtk_radio_button_new_with_mnemonic_from_widget (
        i ? GTK_RADIO_BUTTON (self->policy[0]) : NULL, _(labels[i]));
      gtk_widget_set_sensitive (self->policy[i], can_resize || i == 0);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->policy[i]), (int) policy == i);
      g_signal_connect (self->policy[i], "toggled", G_CALLBACK (policy_toggled_cb), self);
      gtk_box_pack_start (content, self->policy[i], FALSE, FALSE, 0);
    }
  self->updating = FALSE;
}

GtkWidget *
oriel_displays_dialog_new (GtkWindow *parent, OrielConsoleTab *tab)
{
  OrielDisplaysDialog *self;
  OrielDisplay *display;
  GtkBox *content;
  g_autofree char *title = NULL;
  gboolean spice;

  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (tab), NULL);

  title = g_strdup_printf (_("Displays of %s"), oriel_console_tab_get_name (tab));
  self = g_object_new (ORIEL_TYPE_DISPLAYS_DIALOG, "title", title, "transient-for", parent,
                       "use-header-bar", FALSE, "destroy-with-parent", TRUE, NULL);
  g_set_weak_pointer (&self->tab, tab);
  gtk_dialog_add_button (GTK_DIALOG (self), _("_Close"), GTK_RESPONSE_CLOSE);
  g_signal_connect (self, "response", G_CALLBACK (gtk_widget_destroy), NULL);

  content = GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (self)));
  gtk_box_set_spacing (content, 10);
  gtk_container_set_border_width (GTK_CONTAINER (content), 12);

  display = oriel_console_tab_get_display (tab);
  spice = display != NULL && oriel_display_can_configure_guest (display);
  if (spice)
    add_mapping (self, content);
  else
    {
      GtkWidget *note = gtk_label_new (
        display == NULL ? _("The console is not connected.")
                        : _("Several monitors need a SPICE display: this console is VNC, "
                            "which shows one monitor and cannot resize the guest."));

      gtk_label_set_line_wrap (GTK_LABEL (note), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (note), 50);
      gtk_widget_set_name (note, "needs-spice");
      gtk_box_pack_start (content, note, FALSE, FALSE, 0);
      if (display != NULL)
        {
          g_autofree char *size = resolution_text (self, 0);
          /* Translators: %s is a resolution such as 1024×768 */
          g_autofree char *text = g_strdup_printf (_("Current resolution: %s"), size);

          gtk_box_pack_start (content, gtk_label_new (text), FALSE, FALSE, 0);
        }
    }
  add_policy (self, content, spice);
  gtk_widget_show_all (GTK_WIDGET (content));
  return GTK_WIDGET (self);
}
