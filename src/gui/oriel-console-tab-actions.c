#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <gdk/gdkkeysyms.h>
#include <glib/gi18n.h>

#include "oriel-console-tab-private.h"
#include "oriel-displays-dialog.h"
#include "oriel-display-typer.h"
#include "oriel-display-vnc.h"
#include "oriel-settings.h"

/* The console.* actions of a tab: its toolbar, Send Key menu and tab label
 * use them. */

typedef struct
{
  const char *id;
  guint keyvals[3];
} KeyCombo;

static const KeyCombo key_combos[] = {
  { "ctrl-alt-del", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_Delete } },
  { "ctrl-alt-backspace", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_BackSpace } },
  { "ctrl-alt-f1", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F1 } },
  { "ctrl-alt-f2", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F2 } },
  { "ctrl-alt-f3", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F3 } },
  { "ctrl-alt-f4", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F4 } },
  { "ctrl-alt-f5", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F5 } },
  { "ctrl-alt-f6", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F6 } },
  { "ctrl-alt-f7", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F7 } },
  { "ctrl-alt-f8", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F8 } },
  { "ctrl-alt-f9", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F9 } },
  { "ctrl-alt-f10", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F10 } },
  { "ctrl-alt-f11", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F11 } },
  { "ctrl-alt-f12", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F12 } },
  { "print", { GDK_KEY_Print } },
};

static void
send_keys_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  OrielConsoleTab *self = user_data;
  const char *id = g_variant_get_string (parameter, NULL);

  if (self->display == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (key_combos); i++)
    {
      guint n = 0;

      if (!g_str_equal (key_combos[i].id, id))
        continue;
      while (n < G_N_ELEMENTS (key_combos[i].keyvals) && key_combos[i].keyvals[n] != 0)
        n++;
      oriel_display_send_keys (self->display, key_combos[i].keyvals, n);
      return;
    }
  g_warning ("Unknown key combination “%s”", id);
}

static void
zoom_in_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  oriel_console_tab_zoom (user_data, 1);
}

static void
zoom_out_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  oriel_console_tab_zoom (user_data, -1);
}

static void
zoom_reset_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  oriel_console_tab_zoom (user_data, 0);
}

static void
reconnect_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  oriel_console_tab_reconnect (user_data);
}

static void
close_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  oriel_console_tab_request_close (user_data);
}

static void
screenshot_response_cb (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  g_autoptr (GdkPixbuf) pixbuf = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));
      if (!gdk_pixbuf_save (pixbuf, path, "png", &error, NULL))
        {
          GtkWidget *dialog = gtk_message_dialog_new (NULL, GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR,
                                                      GTK_BUTTONS_CLOSE,
                                                      _("Could not save the screenshot"));
          gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                                    error->message);
          g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
          gtk_widget_show (dialog);
        }
    }
  g_object_unref (chooser);
}

static void
screenshot_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  OrielConsoleTab *self = user_data;
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->display == NULL || (pixbuf = oriel_display_get_pixbuf (self->display)) == NULL)
    return;

  name = g_strdup_printf ("%s-%s.png", oriel_console_tab_get_name (self), stamp);
  chooser = gtk_file_chooser_native_new (_("Save Screenshot"),
                                         GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (screenshot_response_cb),
                    g_steal_pointer (&pixbuf));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The settings pane slides in beside the console; the console itself is
 * left exactly as it is. */
static void
settings_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  OrielConsoleTab *self = user_data;
  gboolean show = g_variant_get_boolean (state);

  g_simple_action_set_state (action, state);
  if (show && self->settings == NULL)
    {
      self->settings = oriel_settings_pane_new (self->domain);
      gtk_box_pack_start (self->settings_box, GTK_WIDGET (self->settings), TRUE, TRUE, 0);
      oriel_settings_pane_load (self->settings);
    }
  gtk_revealer_set_reveal_child (self->settings_revealer, show);
}

static void
clipboard_text_cb (GtkClipboard *clipboard, const char *text, gpointer user_data)
{
  g_autoptr (OrielConsoleTab) self = user_data;
  guint skipped;

  if (text == NULL || self->display == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  skipped = oriel_display_type_text (self->display, text);
  if (skipped > 0)
    g_message ("%u characters of the clipboard have no key on this keyboard layout; "
               "they were not typed", skipped);
}

/* Types the clipboard's text into the guest, key by key. */
static void
type_clipboard_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  OrielConsoleTab *self = user_data;
  GtkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self), GDK_SELECTION_CLIPBOARD);

  if (self->display == NULL)
    return;
  gtk_clipboard_request_text (clipboard, clipboard_text_cb, g_object_ref (self));
}

/* Per domain, remembered by UUID: a guest trusted with the clipboard stays
 * trusted, one that is not stays cut off; the rest follow the preference. */
static gboolean
clipboard_allowed (OrielConsoleTab *self)
{
  g_autoptr (GVariant) value = NULL;

  value = oriel_settings_get_for_domain (self->domain ? oriel_domain_get_uuid (self->domain)
                                                      : NULL,
                                         "share-clipboard");
  return value == NULL || g_variant_get_boolean (value);
}

static void
remember_clipboard (OrielConsoleTab *self, gboolean share)
{
  g_autoptr (GSettings) settings = oriel_settings_get_domain (oriel_domain_get_uuid (self->domain));

  if (settings != NULL)
    g_settings_set_boolean (settings, "share-clipboard", share);
}

static void
share_clipboard_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  OrielConsoleTab *self = user_data;
  gboolean share = g_variant_get_boolean (state);

  g_simple_action_set_state (action, state);
  if (self->domain != NULL)
    remember_clipboard (self, share);
  if (self->session != NULL)
    oriel_session_set_share_clipboard (self->session, share);
}

/* For a new session: what the person chose for this domain. */
gboolean
oriel_console_tab_shares_clipboard (OrielConsoleTab *self)
{
  GActionGroup *group = gtk_widget_get_action_group (GTK_WIDGET (self), "console");
  g_autoptr (GVariant) state = group ? g_action_group_get_action_state (group, "share-clipboard")
                                     : NULL;

  return state ? g_variant_get_boolean (state) : TRUE;
}

/* VNC only: lossy (JPEG) encoding, for slow links */
static void
lossy_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  OrielConsoleTab *self = user_data;

  g_simple_action_set_state (action, state);
  if (self->display != NULL && ORIEL_IS_DISPLAY_VNC (self->display))
    oriel_display_vnc_set_lossy (ORIEL_DISPLAY_VNC (self->display), g_variant_get_boolean (state));
}

/* A new display takes the tab's choices. */
void
oriel_console_tab_apply_display_options (OrielConsoleTab *self, OrielDisplay *display)
{
  GActionGroup *group = gtk_widget_get_action_group (GTK_WIDGET (self), "console");
  g_autoptr (GVariant) lossy = g_action_group_get_action_state (group, "lossy");
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (group), "lossy");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), ORIEL_IS_DISPLAY_VNC (display));
  if (ORIEL_IS_DISPLAY_VNC (display))
    oriel_display_vnc_set_lossy (ORIEL_DISPLAY_VNC (display), g_variant_get_boolean (lossy));
}

static void
displays_dialog_destroy_cb (GtkWidget *dialog, OrielConsoleTab *self)
{
  g_object_set_data (G_OBJECT (self), "oriel-displays-dialog", NULL);
}

/* Returns: (transfer none): the Displays dialog, opened now or before. */
GtkWidget *
oriel_console_tab_show_displays (OrielConsoleTab *self)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkWidget *dialog = g_object_get_data (G_OBJECT (self), "oriel-displays-dialog");

  if (dialog == NULL)
    {
      dialog = oriel_displays_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                          self);
      g_object_set_data (G_OBJECT (self), "oriel-displays-dialog", dialog);
      g_signal_connect_object (dialog, "destroy", G_CALLBACK (displays_dialog_destroy_cb), self,
                               0);
    }
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
displays_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  oriel_console_tab_show_displays (user_data);
}

static const GActionEntry tab_actions[] = {
  { "displays", displays_activated },
  { "lossy", NULL, NULL, "false", lossy_changed },
  { "share-clipboard", NULL, NULL, "true", share_clipboard_changed },
  { "type-clipboard", type_clipboard_activated },
  { "send-keys", send_keys_activated, "s" },
  { "zoom-in", zoom_in_activated },
  { "zoom-out", zoom_out_activated },
  { "zoom-reset", zoom_reset_activated },
  { "reconnect", reconnect_activated },
  { "screenshot", screenshot_activated },
  { "close", close_activated },
  { "settings", NULL, NULL, "false", settings_changed },
};

static GtkWidget *
build_tab_label (OrielConsoleTab *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (oriel_console_tab_get_name (self));
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic", GTK_ICON_SIZE_MENU);

  gtk_button_set_relief (GTK_BUTTON (close), GTK_RELIEF_NONE);
  gtk_widget_set_tooltip_text (close, _("Close the console"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (close), "console.close");
  gtk_container_add (GTK_CONTAINER (box), label);
  gtk_container_add (GTK_CONTAINER (box), close);
  gtk_widget_show_all (box);
  return g_object_ref_sink (box);
}

void
oriel_console_tab_setup_actions (OrielConsoleTab *self)
{
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (group), tab_actions, G_N_ELEMENTS (tab_actions),
                                   self);
  oriel_console_tab_setup_spice_actions (self, G_ACTION_MAP (group));
  /* A read-only connection may neither read passwords nor define domains;
   * a display reached by its URI has no domain to edit. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (group),
                                                                            "settings")),
                               self->domain != NULL && !oriel_domain_is_read_only (self->domain));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (group),
                                                                          "share-clipboard")),
                             g_variant_new_boolean (clipboard_allowed (self)));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "console", G_ACTION_GROUP (group));
  self->tab_label = build_tab_label (self);
  /* the label lives in the notebook's tab strip, outside the tab */
  gtk_widget_insert_action_group (self->tab_label, "console", G_ACTION_GROUP (group));
}

/**
 * oriel_console_tab_show_settings:
 *
 * Shows or hides the settings pane, as the toolbar's toggle does.
 *
 * Returns: (transfer none) (nullable): the pane, once it has been shown
 */
GtkWidget *
oriel_console_tab_show_settings (OrielConsoleTab *self, gboolean show)
{
  GActionGroup *group;

  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), NULL);

  group = gtk_widget_get_action_group (GTK_WIDGET (self), "console");
  g_action_group_change_action_state (group, "settings", g_variant_new_boolean (show));
  return self->settings ? GTK_WIDGET (self->settings) : NULL;
}
