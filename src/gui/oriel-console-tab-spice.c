#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <spice-client-gtk.h>

#include "oriel-console-tab-private.h"
#include "oriel-session-spice.h"

/* The SPICE extras of a tab: USB devices, a shared folder, sound, and the
 * progress of files dropped on the display. spice-gtk does each of them;
 * the tab offers the switches and shows the transfers. */

static OrielSessionSpice *
spice_session (OrielConsoleTab *self)
{
  return ORIEL_IS_SESSION_SPICE (self->session) ? ORIEL_SESSION_SPICE (self->session) : NULL;
}

static void
usb_devices_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  OrielConsoleTab *self = user_data;
  OrielSessionSpice *spice = spice_session (self);
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkWidget *dialog, *list;

  if (spice == NULL || oriel_session_spice_get_spice (spice) == NULL)
    return;
  dialog = gtk_dialog_new_with_buttons (_("USB Devices"),
                                        GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                        GTK_DIALOG_DESTROY_WITH_PARENT | GTK_DIALOG_USE_HEADER_BAR,
                                        NULL, NULL);
  /* spice-gtk's own list: a switch per device, its errors and limits */
  /* Translators: how a USB device is named in the list, %s is the
   * manufacturer and product, %s the bus and address */
  list = spice_usb_device_widget_new (oriel_session_spice_get_spice (spice), _("%s %s"));
  gtk_container_set_border_width (GTK_CONTAINER (list), 12);
  gtk_container_add (GTK_CONTAINER (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), list);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_widget_show_all (dialog);
}

static void
folder_response_cb (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  g_autoptr (OrielConsoleTab) self = user_data;
  OrielSessionSpice *spice = spice_session (self);

  if (response == GTK_RESPONSE_ACCEPT && spice != NULL)
    {
      g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

      oriel_session_spice_share_folder (spice, path, FALSE);
    }
  g_object_unref (chooser);
}

/* The guest sees the folder through its spice-webdavd. */
static void
share_folder_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  OrielConsoleTab *self = user_data;
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  if (spice_session (self) == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Share a Folder with the Guest"),
                                         GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Share"),
                                         _("_Cancel"));
  g_signal_connect (chooser, "response", G_CALLBACK (folder_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
action_state (OrielConsoleTab *self, const char *name)
{
  GActionGroup *group = gtk_widget_get_action_group (GTK_WIDGET (self), "console");
  g_autoptr (GVariant) state = g_action_group_get_action_state (group, name);

  return state != NULL && g_variant_get_boolean (state);
}

static void
audio_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  OrielConsoleTab *self = user_data;

  g_simple_action_set_state (action, state);
  if (spice_session (self) != NULL)
    oriel_session_spice_set_audio (spice_session (self), action_state (self, "playback"),
                                   action_state (self, "record"));
}

/* ------------------------------------------------------------ transfers -- */

static void
update_transfers (OrielConsoleTab *self)
{
  guint64 total = 0, done = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->transfers->len; i++)
    {
      SpiceFileTransferTask *task = g_ptr_array_index (self->transfers, i);

      total += spice_file_transfer_task_get_total_bytes (task);
      done += spice_file_transfer_task_get_transferred_bytes (task);
    }
  if (self->transfers->len == 1)
    {
      g_autofree char *name =
        spice_file_transfer_task_get_filename (g_ptr_array_index (self->transfers, 0));

      /* Translators: %s is a file name */
      text = g_strdup_printf (_("Copying %s to the guest"), name);
    }
  else if (self->transfers->len > 1)
    text = g_strdup_printf (ngettext ("Copying %u file to the guest",
                                      "Copying %u files to the guest", self->transfers->len),
                            self->transfers->len);
  gtk_label_set_text (self->transfer_label, text ? text : "");
  gtk_progress_bar_set_fraction (self->transfer_progress, total ? (double) done / total : 0.0);
  gtk_revealer_set_reveal_child (self->transfer_revealer, self->transfers->len > 0);
}

static void
transfer_progress_cb (SpiceFileTransferTask *task, GParamSpec *pspec, OrielConsoleTab *self)
{
  update_transfers (self);
}

static void
transfer_finished_cb (SpiceFileTransferTask *task, GError *error, OrielConsoleTab *self)
{
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *name = spice_file_transfer_task_get_filename (task);

      g_message ("Could not copy %s to the guest: %s", name, error->message);
    }
  g_signal_handlers_disconnect_by_data (task, self);
  g_ptr_array_remove (self->transfers, task);
  update_transfers (self);
}

static void
file_transfer_cb (OrielSessionSpice *session, SpiceFileTransferTask *task, OrielConsoleTab *self)
{
  g_ptr_array_add (self->transfers, g_object_ref (task));
  g_signal_connect_object (task, "notify::progress", G_CALLBACK (transfer_progress_cb), self, 0);
  g_signal_connect_object (task, "finished", G_CALLBACK (transfer_finished_cb), self, 0);
  update_transfers (self);
}

static void
cancel_transfers_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  OrielConsoleTab *self = user_data;
  g_autoptr (GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);

  /* a cancelled task finishes at once and leaves the list */
  for (guint i = 0; i < self->transfers->len; i++)
    g_ptr_array_add (tasks, g_object_ref (g_ptr_array_index (self->transfers, i)));
  for (guint i = 0; i < tasks->len; i++)
    spice_file_transfer_task_cancel (g_ptr_array_index (tasks, i));
}

static const GActionEntry spice_actions[] = {
  { "usb-devices", usb_devices_activated },
  { "share-folder", share_folder_activated },
  { "playback", NULL, NULL, "true", audio_changed },
  /* the microphone only when asked for */
  { "record", NULL, NULL, "false", audio_changed },
  { "cancel-transfers", cancel_transfers_activated },
};

void
oriel_console_tab_setup_spice_actions (OrielConsoleTab *self, GActionMap *group)
{
  g_action_map_add_action_entries (group, spice_actions, G_N_ELEMENTS (spice_actions), self);
  self->transfers = g_ptr_array_new_with_free_func (g_object_unref);
  oriel_console_tab_update_spice_actions (self);
}

/* The switches work for a SPICE session only; a new one takes them. */
void
oriel_console_tab_update_spice_actions (OrielConsoleTab *self)
{
  GActionGroup *group = gtk_widget_get_action_group (GTK_WIDGET (self), "console");
  OrielSessionSpice *spice = spice_session (self);
  static const char *names[] = { "usb-devices", "share-folder", "playback", "record" };

  if (group == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_simple_action_set_enabled (
      G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (group), names[i])), spice != NULL);
  if (spice == NULL)
    return;
  oriel_session_spice_set_audio (spice, action_state (self, "playback"),
                                 action_state (self, "record"));
  g_signal_connect_object (spice, "file-transfer", G_CALLBACK (file_transfer_cb), self, 0);
}

void
oriel_console_tab_drop_transfers (OrielConsoleTab *self)
{
  if (self->transfers == NULL)
    return;
  for (guint i = 0; i < self->transfers->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->transfers, i), self);
  g_ptr_array_set_size (self->transfers, 0);
  update_transfers (self);
}
