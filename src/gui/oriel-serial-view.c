#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <gdk/gdkkeysyms.h>
#include <glib/gi18n.h>

#include "oriel-error.h"
#include "oriel-serial-view.h"
#include "oriel-session-serial.h"
#include "oriel-settings.h"

/* One text console of a domain: the terminal, what state it is in, and
 * the console's own actions (copy, paste, find, zoom, save, clear). */
struct _OrielSerialView
{
  GtkBox parent_instance;

  /* template */
  GtkWidget *status_box;
  GtkLabel *status_label;
  GtkWidget *take_over_button;
  GtkWidget *reconnect_button;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkBox *terminal_box;

  OrielDomain *domain;
  OrielSession *session;
  guint auto_retries;           /* left for failures nobody asked about */
  guint retry_id;
  OrielCharDevice *device;
  char *title;
  char *message;
  OrielSerialViewState state;
  gboolean wanted;              /* shown once: from then on it stays attached */
};

G_DEFINE_FINAL_TYPE (OrielSerialView, oriel_serial_view, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_state (OrielSerialView *self, OrielSerialViewState state, const char *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_text (self->status_label, message ? message : "");
  gtk_widget_set_visible (self->status_box, state != ORIEL_SERIAL_VIEW_CONNECTED);
  gtk_widget_set_visible (self->take_over_button, state == ORIEL_SERIAL_VIEW_BUSY);
  gtk_widget_set_visible (self->reconnect_button, state == ORIEL_SERIAL_VIEW_DISCONNECTED);
  if (self->state != state)
    {
      self->state = state;
      g_debug ("%s %s: state %d (%s)", oriel_domain_get_name (self->domain), self->title, state,
               message ? message : "");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static OrielDisplayVte *
display (OrielSerialView *self)
{
  return ORIEL_DISPLAY_VTE (oriel_session_serial_get_display (ORIEL_SESSION_SERIAL (self->session)));
}

static void
show_shut_off (OrielSerialView *self)
{
  g_autofree char *message =
    g_strdup_printf (_("“%s” is not running. The console reopens when it starts."),
                     oriel_domain_get_name (self->domain));
  set_state (self, ORIEL_SERIAL_VIEW_SHUT_OFF, message);
}

static void
connect_console (OrielSerialView *self)
{
  g_autofree char *why = NULL;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (!oriel_char_device_can_stream (self->device, &why))
    {
      set_state (self, ORIEL_SERIAL_VIEW_UNSUPPORTED, why);
      return;
    }
  /* a console has one client at a time: take it only once someone looks,
   * so opening a display does not lock others out of the serial port */
  if (!self->wanted)
    {
      set_state (self, ORIEL_SERIAL_VIEW_CONNECTING, _("Opens when shown."));
      return;
    }
  if (!oriel_domain_is_active (self->domain))
    {
      oriel_session_disconnect (self->session);
      show_shut_off (self);
      return;
    }
  set_state (self, ORIEL_SERIAL_VIEW_CONNECTING, _("Opening the console…"));
  oriel_session_connect (self->session);
}

static void
connected_cb (OrielSession *session, OrielSerialView *self)
{
  self->auto_retries = 0;
  set_state (self, ORIEL_SERIAL_VIEW_CONNECTED, NULL);
}

static gboolean
retry_cb (gpointer data)
{
  OrielSerialView *self = data;

  self->retry_id = 0;
  connect_console (self);
  return G_SOURCE_REMOVE;
}

static void
disconnected_cb (OrielSession *session, const GError *error, OrielSerialView *self)
{
  if (g_error_matches (error, ORIEL_ERROR, ORIEL_ERROR_BUSY))
    {
      set_state (self, ORIEL_SERIAL_VIEW_BUSY,
                 _("Another client (virsh console, or another viewer) has this console open. "
                   "Take it over to use it here; the other client is disconnected."));
      return;
    }
  if (!oriel_domain_is_active (self->domain))
    {
      show_shut_off (self);
      return;
    }
  /* just after a start or a reconnect to libvirtd, the daemon may still be
   * reattaching to the guest: a failure then is worth a few more tries */
  if (self->auto_retries > 0)
    {
      self->auto_retries--;
      g_debug ("%s %s: %s; trying again", oriel_domain_get_name (self->domain), self->title,
               error ? error->message : "closed");
      set_state (self, ORIEL_SERIAL_VIEW_CONNECTING, _("Opening the console…"));
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->retry_id = g_timeout_add (1000, retry_cb, self);
      return;
    }
  set_state (self, ORIEL_SERIAL_VIEW_DISCONNECTED,
             error ? error->message : _("The console was closed."));
  oriel_domain_refresh (self->domain);
}

static void
map_cb (GtkWidget *widget, OrielSerialView *self)
{
  if (self->wanted)
    return;
  self->wanted = TRUE;
  connect_console (self);
}

static void
domain_state_cb (OrielDomain *domain, GParamSpec *pspec, OrielSerialView *self)
{
  if (self->state == ORIEL_SERIAL_VIEW_UNSUPPORTED || !self->wanted)
    return;
  if (!oriel_domain_is_active (domain))
    {
      oriel_session_disconnect (self->session);
      show_shut_off (self);
    }
  else if (self->state == ORIEL_SERIAL_VIEW_SHUT_OFF)
    {
      /* as soon as it runs, so the boot messages are there from the start */
      self->auto_retries = 3;
      connect_console (self);
    }
}

static void
take_over_response_cb (GtkDialog *dialog, int response, OrielSerialView *self)
{
  gtk_widget_destroy (GTK_WIDGET (dialog));
  if (response != GTK_RESPONSE_ACCEPT)
    return;
  oriel_serial_view_take_over (self);
}

/* Takes the console over at once; the button asks first. */
void
oriel_serial_view_take_over (OrielSerialView *self)
{
  g_return_if_fail (ORIEL_IS_SERIAL_VIEW (self));

  oriel_session_serial_set_force (ORIEL_SESSION_SERIAL (self->session), TRUE);
  connect_console (self);
}

static void
take_over_clicked (OrielSerialView *self)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Take over %s of “%s”?"), self->title,
                                   oriel_domain_get_name (self->domain));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("The client that has it now is disconnected."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Take Over"), GTK_RESPONSE_ACCEPT, NULL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (take_over_response_cb), self, 0);
  gtk_widget_show (dialog);
}

/* ------------------------------------------------------------ actions --- */

static void
copy_activated (GSimpleAction *action, GVariant *parameter, gpointer self)
{
  vte_terminal_copy_clipboard_format (oriel_display_vte_get_terminal (display (self)),
                                      VTE_FORMAT_TEXT);
}

static void
paste_activated (GSimpleAction *action, GVariant *parameter, gpointer self)
{
  vte_terminal_paste_clipboard (oriel_display_vte_get_terminal (display (self)));
}

static void
select_all_activated (GSimpleAction *action, GVariant *parameter, gpointer self)
{
  vte_terminal_select_all (oriel_display_vte_get_terminal (display (self)));
}

static void
find_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  OrielSerialView *self = data;

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_activated (GSimpleAction *action, GVariant *parameter, gpointer self)
{
  vte_terminal_reset (oriel_display_vte_get_terminal (display (self)), TRUE, TRUE);
}

static void
zoom_activated (GSimpleAction *action, GVariant *parameter, gpointer self)
{
  oriel_display_vte_zoom (display (self), g_variant_get_int32 (parameter));
}

static void
save_response_cb (GtkNativeDialog *chooser, int response, gpointer data)
{
  OrielSerialView *self = data;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (!oriel_display_vte_save_log (display (self), file, &error))
        {
          GtkWidget *dialog = gtk_message_dialog_new (NULL, GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR,
                                                      GTK_BUTTONS_CLOSE,
                                                      _("Could not save the console log"));
          gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                                    error->message);
          g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
          gtk_widget_show (dialog);
        }
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
save_log_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  OrielSerialView *self = data;
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  g_autofree char *name = g_strdup_printf ("%s-%s.log", oriel_domain_get_name (self->domain),
                                           self->device->alias);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Console Log"),
                                         GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
take_over_activated (GSimpleAction *action, GVariant *parameter, gpointer self)
{
  take_over_clicked (self);
}

static void
reconnect_activated (GSimpleAction *action, GVariant *parameter, gpointer self)
{
  connect_console (self);
}

static const GActionEntry serial_actions[] = {
  { "copy", copy_activated },
  { "paste", paste_activated },
  { "select-all", select_all_activated },
  { "find", find_activated },
  { "clear", clear_activated },
  { "zoom", zoom_activated, "i" },
  { "save-log", save_log_activated },
  { "take-over", take_over_activated },
  { "reconnect", reconnect_activated },
};

static void
search_cb (GtkSearchEntry *entry, OrielSerialView *self)
{
  oriel_display_vte_search (display (self), gtk_entry_get_text (GTK_ENTRY (entry)), FALSE);
}

static void
search_previous_cb (GtkSearchEntry *entry, OrielSerialView *self)
{
  oriel_display_vte_search (display (self), gtk_entry_get_text (GTK_ENTRY (entry)), TRUE);
}

static gboolean
terminal_button_cb (GtkWidget *terminal, GdkEventButton *event, OrielSerialView *self)
{
  g_autoptr (GMenu) menu = NULL;
  GtkWidget *popup;

  if (event->type != GDK_BUTTON_PRESS || event->button != GDK_BUTTON_SECONDARY)
    return GDK_EVENT_PROPAGATE;
  menu = g_menu_new ();
  g_menu_append (menu, _("_Copy"), "serial.copy");
  g_menu_append (menu, _("_Paste"), "serial.paste");
  g_menu_append (menu, _("Select _All"), "serial.select-all");
  g_menu_append (menu, _("_Find…"), "serial.find");
  g_menu_append (menu, _("_Save Log…"), "serial.save-log");
  g_menu_append (menu, _("C_lear"), "serial.clear");
  popup = gtk_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_menu_attach_to_widget (GTK_MENU (popup), terminal, NULL);
  g_signal_connect (popup, "deactivate", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_menu_popup_at_pointer (GTK_MENU (popup), (GdkEvent *) event);
  return GDK_EVENT_STOP;
}

/* The terminal's own shortcuts: Ctrl+Shift+C/V copy and paste, Ctrl+Shift+F
 * finds; everything else is typed into the guest. */
static gboolean
terminal_key_cb (GtkWidget *terminal, GdkEventKey *event, OrielSerialView *self)
{
  GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask ();
  GActionGroup *group = gtk_widget_get_action_group (GTK_WIDGET (self), "serial");

  if (mods != (GDK_CONTROL_MASK | GDK_SHIFT_MASK))
    return GDK_EVENT_PROPAGATE;
  switch (gdk_keyval_to_lower (event->keyval))
    {
    case GDK_KEY_c:
      g_action_group_activate_action (group, "copy", NULL);
      return GDK_EVENT_STOP;
    case GDK_KEY_v:
      g_action_group_activate_action (group, "paste", NULL);
      return GDK_EVENT_STOP;
    case GDK_KEY_f:
      g_action_group_activate_action (group, "find", NULL);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

/* ---------------------------------------------------------- lifecycle --- */

void
oriel_serial_view_rebind (OrielSerialView *self, OrielDomain *domain)
{
  g_return_if_fail (ORIEL_IS_SERIAL_VIEW (self));

  g_signal_handlers_disconnect_by_data (self->domain, self);
  g_set_object (&self->domain, domain);
  oriel_session_serial_set_domain (ORIEL_SESSION_SERIAL (self->session), domain);
  g_signal_connect_object (domain, "notify::state", G_CALLBACK (domain_state_cb), self, 0);
  self->auto_retries = 3;
  connect_console (self);
}

void
oriel_serial_view_link_lost (OrielSerialView *self, const char *message)
{
  g_return_if_fail (ORIEL_IS_SERIAL_VIEW (self));

  oriel_session_disconnect (self->session);
  set_state (self, ORIEL_SERIAL_VIEW_DISCONNECTED, message);
  gtk_widget_set_visible (self->reconnect_button, FALSE);
}

const char *
oriel_serial_view_get_title (OrielSerialView *self)
{
  return self->title;
}

OrielSerialViewState
oriel_serial_view_get_state (OrielSerialView *self)
{
  return self->state;
}

const char *
oriel_serial_view_get_message (OrielSerialView *self)
{
  return self->message;
}

OrielDisplayVte *
oriel_serial_view_get_display (OrielSerialView *self)
{
  return display (self);
}

static void
oriel_serial_view_dispose (GObject *object)
{
  OrielSerialView *self = ORIEL_SERIAL_VIEW (object);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      oriel_session_disconnect (self->session);
    }
  g_clear_object (&self->session);
  if (self->domain != NULL)
    g_signal_handlers_disconnect_by_data (self->domain, self);
  g_clear_object (&self->domain);
  G_OBJECT_CLASS (oriel_serial_view_parent_class)->dispose (object);
}

static void
oriel_serial_view_finalize (GObject *object)
{
  OrielSerialView *self = ORIEL_SERIAL_VIEW (object);

  oriel_char_device_free (self->device);
  g_free (self->title);
  g_free (self->message);
  G_OBJECT_CLASS (oriel_serial_view_parent_class)->finalize (object);
}

static void
oriel_serial_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, ORIEL_SERIAL_VIEW (object)->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oriel_serial_view_class_init (OrielSerialViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oriel_serial_view_dispose;
  object_class->finalize = oriel_serial_view_finalize;
  object_class->get_property = oriel_serial_view_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, ORIEL_SERIAL_VIEW_CONNECTING,
                      ORIEL_SERIAL_VIEW_UNSUPPORTED, ORIEL_SERIAL_VIEW_CONNECTING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/oriel/Oriel/ui/oriel-serial-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OrielSerialView, status_box);
  gtk_widget_class_bind_template_child (widget_class, OrielSerialView, status_label);
  gtk_widget_class_bind_template_child (widget_class, OrielSerialView, take_over_button);
  gtk_widget_class_bind_template_child (widget_class, OrielSerialView, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, OrielSerialView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, OrielSerialView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OrielSerialView, terminal_box);
  gtk_widget_class_bind_template_callback (widget_class, search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_previous_cb);
}

static void
oriel_serial_view_init (OrielSerialView *self)
{
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (group), serial_actions,
                                   G_N_ELEMENTS (serial_actions), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "serial", G_ACTION_GROUP (group));
}

OrielSerialView *
oriel_serial_view_new (OrielDomain *domain, const OrielCharDevice *device)
{
  OrielSerialView *self = g_object_new (ORIEL_TYPE_SERIAL_VIEW, NULL);
  GtkWidget *terminal;

  self->domain = g_object_ref (domain);
  self->device = oriel_char_device_copy (device);
  self->title = oriel_char_device_get_label (device);
  self->session = oriel_session_serial_new (domain, device);
  g_signal_connect_object (self->session, "connected", G_CALLBACK (connected_cb), self, 0);
  g_signal_connect_object (self->session, "disconnected", G_CALLBACK (disconnected_cb), self, 0);
  g_signal_connect_object (domain, "notify::state", G_CALLBACK (domain_state_cb), self, 0);

  gtk_container_add (GTK_CONTAINER (self->terminal_box), GTK_WIDGET (display (self)));
  gtk_widget_show (GTK_WIDGET (display (self)));
  terminal = GTK_WIDGET (oriel_display_vte_get_terminal (display (self)));
  if (oriel_settings_get () != NULL)
    g_settings_bind (oriel_settings_get (), "serial-scrollback-lines", terminal,
                     "scrollback-lines", G_SETTINGS_BIND_GET);
  g_signal_connect_object (terminal, "button-press-event", G_CALLBACK (terminal_button_cb), self, 0);
  g_signal_connect_object (terminal, "key-press-event", G_CALLBACK (terminal_key_cb), self, 0);
  gtk_search_bar_connect_entry (self->search_bar, GTK_ENTRY (self->search_entry));
  g_signal_connect (self, "map", G_CALLBACK (map_cb), self);
  connect_console (self);
  return self;
}
