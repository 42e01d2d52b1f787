#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-util.h"
#include "oriel-console-tab.h"
#include "oriel-console-tab-private.h"
#include "oriel-error.h"
#include "oriel-serial-view.h"
#include "oriel-session.h"

/* One domain's graphical console: finds its display, runs the session,
 * shows what is happening, and follows the domain through stop and start. */

G_DEFINE_FINAL_TYPE (OrielConsoleTab, oriel_console_tab, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_DISPLAY,
  N_PROPS
};

enum
{
  CLOSE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start (OrielConsoleTab *self);

void
oriel_console_tab_start (OrielConsoleTab *self)
{
  start (self);
}
static void start_session (OrielConsoleTab *self, OrielTransport *transport);

static void
set_state (OrielConsoleTab *self, OrielConsoleTabState state, const char *message)
{
  gboolean busy = state == ORIEL_CONSOLE_TAB_CONNECTING;
  gboolean failed = state == ORIEL_CONSOLE_TAB_DISCONNECTED;

  oriel_set_str (&self->message, message);
  gtk_label_set_text (self->placeholder_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder_spinner), busy);
  if (busy)
    oriel_spinner_start (self->placeholder_spinner);
  else
    oriel_spinner_stop (self->placeholder_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->reconnect_button), failed);
  gtk_stack_set_visible_child_name (self->stack,
                                    state == ORIEL_CONSOLE_TAB_CONNECTED ? "display" : "status");

  switch (state)
    {
    case ORIEL_CONSOLE_TAB_CONNECTING:
      gtk_label_set_text (self->status_label, _("Connecting…"));
      break;
    case ORIEL_CONSOLE_TAB_CONNECTED:
      gtk_label_set_text (self->status_label, _("Connected"));
      break;
    case ORIEL_CONSOLE_TAB_DISCONNECTED:
      gtk_label_set_text (self->status_label, _("Disconnected"));
      break;
    case ORIEL_CONSOLE_TAB_SHUT_OFF:
      gtk_label_set_text (self->status_label, _("Shut off"));
      break;
    case ORIEL_CONSOLE_TAB_NO_DISPLAY:
    default:
      gtk_label_set_text (self->status_label, _("No display"));
      break;
    }

  if (self->state != state)
    {
      self->state = state;
      g_debug ("%s: console state %d (%s)", oriel_console_tab_get_name (self), state,
               message ? message : "");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
show_shut_off (OrielConsoleTab *self)
{
  g_autofree char *message =
    g_strdup_printf (_("“%s” is not running. The console reconnects when it starts."),
                     oriel_console_tab_get_name (self));
  set_state (self, ORIEL_CONSOLE_TAB_SHUT_OFF, message);
}

static void
update_grab_label (OrielConsoleTab *self)
{
  g_autofree char *text = NULL;
  g_autofree char *keys = self->display ? oriel_display_get_grab_label (self->display) : NULL;

  if (self->display != NULL && oriel_display_get_grabbed (self->display))
    /* Translators: %s is a key combination such as Ctrl+Alt */
    text = g_strdup_printf (_("Press %s to release the keyboard"), keys);
  else if (self->display != NULL)
    text = g_strdup_printf (_("Click the display to type into it; %s releases"), keys);
  gtk_label_set_text (self->grab_label, text ? text : "");
}

static gboolean
stable_cb (gpointer data)
{
  OrielConsoleTab *self = data;

  self->stable_id = 0;
  self->auto_retries = 0;
  return G_SOURCE_REMOVE;
}

static void
update_from_display (OrielConsoleTab *self)
{
  if (self->session == NULL || oriel_session_get_state (self->session) != ORIEL_SESSION_CONNECTED)
    return;
  if (self->display != NULL && oriel_display_get_ready (self->display))
    {
      set_state (self, ORIEL_CONSOLE_TAB_CONNECTED, NULL);
      /* an automatic reconnect may still be dropped while the server settles */
      g_clear_handle_id (&self->stable_id, g_source_remove);
      if (self->auto_retries > 0)
        self->stable_id = g_timeout_add_seconds (5, stable_cb, self);
    }
  else
    set_state (self, ORIEL_CONSOLE_TAB_CONNECTING, _("Waiting for the guest’s display…"));
}

static void
display_ready_cb (OrielDisplay *display, GParamSpec *pspec, OrielConsoleTab *self)
{
  update_from_display (self);
  /* the first frame gives the size the guest keeps */
  oriel_console_tab_guest_agent_changed (self);
}

static void
display_grabbed_cb (OrielDisplay *display, GParamSpec *pspec, OrielConsoleTab *self)
{
  update_grab_label (self);
}

/* The position in the display box for a display of @monitor. */
static int
first_after (OrielConsoleTab *self, guint monitor)
{
  g_autoptr (GList) children = gtk_container_get_children (GTK_CONTAINER (self->display_box));
  int position = 0;

  for (GList *l = children; l != NULL; l = l->next, position++)
    if (oriel_display_get_monitor (l->data) > monitor)
      return position;
  return -1;
}

/* gtk-vnc and spice-gtk read their GdkWindow's size on every framebuffer
 * update, also while their page (or this whole tab) is hidden and GTK has
 * not realized them: keep them realized whenever the toplevel is. */
static void
realize_display (OrielDisplay *display, OrielConsoleTab *self)
{
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));

  if (gtk_widget_is_toplevel (toplevel) && gtk_widget_get_realized (toplevel))
    gtk_widget_realize (oriel_display_get_content (display));
}

static void
toplevel_realize_cb (GtkWidget *toplevel, OrielConsoleTab *self)
{
  if (self->display_box != NULL)
    gtk_container_foreach (GTK_CONTAINER (self->display_box),
                         (GtkCallback) realize_display, self);
}

static gboolean
toplevel_configure_cb (GtkWidget *toplevel, GdkEvent *event, OrielConsoleTab *self)
{
  oriel_console_tab_toplevel_moved (self);
  return GDK_EVENT_PROPAGATE;
}

/* A tab on a background page of the window's notebook is not realized with
 * the window; follow the toplevel instead. */
static void
oriel_console_tab_hierarchy_changed (GtkWidget *widget, GtkWidget *previous)
{
  OrielConsoleTab *self = ORIEL_CONSOLE_TAB (widget);
  GtkWidget *toplevel = gtk_widget_get_toplevel (widget);

  if (previous != NULL)
    {
      g_signal_handlers_disconnect_by_func (previous, toplevel_realize_cb, self);
      g_signal_handlers_disconnect_by_func (previous, toplevel_configure_cb, self);
    }
  if (gtk_widget_is_toplevel (toplevel))
    {
      g_signal_connect_object (toplevel, "configure-event", G_CALLBACK (toplevel_configure_cb),
                               self, 0);
      g_signal_connect_object (toplevel, "realize", G_CALLBACK (toplevel_realize_cb), self,
                               G_CONNECT_AFTER);
      toplevel_realize_cb (toplevel, self);
    }
}

static void
display_added_cb (OrielSession *session, OrielDisplay *display, OrielConsoleTab *self)
{
  /* the first display lives here, the others on pages of their own */
  if (oriel_display_get_monitor (display) > 0)
    {
      if (self->initial_zoom != 0)
        oriel_display_set_zoom (display, self->initial_zoom);
      oriel_console_tab_add_extra_display (self, display);
      return;
    }
  g_signal_connect_object (display, "notify::ready", G_CALLBACK (display_ready_cb), self, 0);
  g_signal_connect_object (display, "notify::grabbed", G_CALLBACK (display_grabbed_cb), self, 0);
  gtk_container_add (GTK_CONTAINER (self->display_box), GTK_WIDGET (display));
  gtk_widget_show (GTK_WIDGET (display));
  realize_display (display, self);
  /* Monitors in their order, whatever order their channels arrive in; the
   * tab's display is the first monitor. */
  gtk_box_reorder_child (self->display_box, GTK_WIDGET (display),
                         first_after (self, oriel_display_get_monitor (display)));
  if (self->initial_zoom != 0)
    oriel_display_set_zoom (display, self->initial_zoom);
  oriel_console_tab_apply_display_options (self, display);
  if (self->display == NULL
      || oriel_display_get_monitor (display) < oriel_display_get_monitor (self->display))
    {
      self->display = display;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY]);
    }
  update_grab_label (self);
  update_from_display (self);
}

static void
display_removed_cb (OrielSession *session, OrielDisplay *display, OrielConsoleTab *self)
{
  if (oriel_display_get_monitor (display) > 0)
    {
      oriel_console_tab_remove_extra_display (self, display);
      return;
    }
  g_signal_handlers_disconnect_by_data (display, self);
  gtk_container_remove (GTK_CONTAINER (self->display_box), GTK_WIDGET (display));
  if (self->display == display)
    {
      self->display = NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY]);
    }
  update_grab_label (self);
}

static void
connected_cb (OrielSession *session, OrielConsoleTab *self)
{
  oriel_console_tab_keyring_connected (self);
  oriel_console_tab_displays_connected (self);
  update_from_display (self);
}

static gboolean
retry_cb (gpointer data)
{
  OrielConsoleTab *self = data;

  self->retry_id = 0;
  start (self);
  return G_SOURCE_REMOVE;
}

static void
disconnected_cb (OrielSession *session, const GError *error, OrielConsoleTab *self)
{
  if (self->domain != NULL && !oriel_domain_is_active (self->domain))
    {
      show_shut_off (self);
      return;
    }
  /* a display that just came up may drop the first client (QEMU and libvirt
   * are still setting it up): an automatic reconnect tries a few times */
  if (self->auto_retries > 0 && !g_error_matches (error, ORIEL_ERROR, ORIEL_ERROR_AUTH_CANCELLED))
    {
      self->auto_retries--;
      g_debug ("%s: %s; trying again", oriel_console_tab_get_name (self),
               error ? error->message : "closed");
      set_state (self, ORIEL_CONSOLE_TAB_CONNECTING, _("Reconnecting…"));
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->retry_id = g_timeout_add (1000, retry_cb, self);
      return;
    }
  set_state (self, ORIEL_CONSOLE_TAB_DISCONNECTED,
             error ? error->message : _("The display closed the connection."));
  /* it may have stopped: its state event can arrive after the display's end */
  if (self->domain != NULL)
    oriel_domain_refresh (self->domain);
}

void
oriel_console_tab_set_connecting (OrielConsoleTab *self, const char *message)
{
  set_state (self, ORIEL_CONSOLE_TAB_CONNECTING, message);
}

static void
drop_session (OrielConsoleTab *self)
{
  g_autoptr (OrielSession) session = g_steal_pointer (&self->session);
  GPtrArray *displays;

  g_clear_pointer (&self->auth_dialog, gtk_widget_destroy);
  if (session == NULL)
    return;
  g_signal_handlers_disconnect_by_data (session, self);
  oriel_console_tab_drop_transfers (self);
  displays = oriel_session_get_displays (session);
  for (guint i = 0; displays != NULL && i < displays->len; i++)
    display_removed_cb (session, g_ptr_array_index (displays, i), self);
  oriel_session_disconnect (session);
}

static const OrielGraphicsInfo *
pick_graphics (OrielConsoleTab *self, GPtrArray *infos)
{
  for (guint i = 0; i < infos->len; i++)
    {
      const OrielGraphicsInfo *info = g_ptr_array_index (infos, i);

      if (self->graphics_index >= 0 ? (int) info->index == self->graphics_index
                                    : oriel_graphics_info_is_console (info))
        return info;
    }
  return NULL;
}

static void
graphics_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OrielConsoleTab *self = user_data;
  g_autoptr (GPtrArray) infos = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielTransport) transport = NULL;
  const OrielGraphicsInfo *info;
  g_autofree char *message = NULL;

  infos = oriel_domain_fetch_graphics_finish (ORIEL_DOMAIN (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (infos == NULL)
    {
      set_state (self, ORIEL_CONSOLE_TAB_DISCONNECTED, error->message);
      return;
    }

  info = pick_graphics (self, infos);
  if (info == NULL)
    {
      message = g_strdup_printf (_("“%s” has no graphical display."),
                                 oriel_console_tab_get_name (self));
      set_state (self, ORIEL_CONSOLE_TAB_NO_DISPLAY, message);
      /* a headless domain: its text console is what a person wants */
      if (gtk_notebook_get_n_pages (self->views) > 1)
        gtk_notebook_set_current_page (self->views, 1);
      else
        self->prefer_text = TRUE;
      return;
    }
  if (!oriel_graphics_info_is_console (info))
    {
      message = g_strdup_printf (_("The %s display of “%s” cannot be shown here; "
                                   "only SPICE and VNC displays can."),
                                 info->type_name, oriel_console_tab_get_name (self));
      set_state (self, ORIEL_CONSOLE_TAB_NO_DISPLAY, message);
      return;
    }
  self->graphics_index = (int) info->index;
  if (!oriel_domain_is_active (self->domain))
    {
      show_shut_off (self);
      return;
    }

  transport = oriel_transport_new (self->domain, info, oriel_connection_get_uri (self->connection),
                                   oriel_connection_get_opener (self->connection));
  if (self->no_tunnel)
    oriel_transport_set_no_tunnel (transport);
  oriel_transport_set_tls (transport, self->spice_ca_file, self->spice_subject);
  if (self->attach)
    oriel_transport_set_attach_only (transport);
  start_session (self, transport);
}

static void
start_session (OrielConsoleTab *self, OrielTransport *transport)
{
  g_autoptr (GError) error = NULL;

  if (!oriel_transport_check (transport, &error))
    {
      set_state (self, ORIEL_CONSOLE_TAB_DISCONNECTED, error->message);
      return;
    }

  self->session = oriel_session_new_for_transport (transport);
  oriel_session_set_share_clipboard (self->session, oriel_console_tab_shares_clipboard (self));
  oriel_console_tab_update_spice_actions (self);
  g_signal_connect_object (self->session, "connected", G_CALLBACK (connected_cb), self, 0);
  g_signal_connect_object (self->session, "disconnected", G_CALLBACK (disconnected_cb), self, 0);
  g_signal_connect_object (self->session, "auth-required", G_CALLBACK (oriel_console_tab_auth_required), self, 0);
  g_signal_connect_object (self->session, "display-added", G_CALLBACK (display_added_cb), self, 0);
  g_signal_connect_object (self->session, "display-removed",
                           G_CALLBACK (display_removed_cb), self, 0);
  g_signal_connect_object (self->session, "notify::guest-agent",
                           G_CALLBACK (oriel_console_tab_guest_agent_changed), self,
                           G_CONNECT_SWAPPED);
  oriel_session_connect (self->session);
}

static void
start (OrielConsoleTab *self)
{
  g_autofree char *message = NULL;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  drop_session (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  oriel_console_tab_keyring_reset (self);

  message = g_strdup_printf (_("Connecting to the display of “%s”…"),
                             oriel_console_tab_get_name (self));
  set_state (self, ORIEL_CONSOLE_TAB_CONNECTING, message);
  if (self->direct != NULL)
    {
      start_session (self, self->direct);
      return;
    }
  /* the port of an autoport display changes with every start */
  oriel_domain_fetch_graphics_async (self->domain, self->cancellable, graphics_ready_cb, self);
}

/* The guest runs again: reconnect, unless --no-reconnect said not to. */
static void
restarted (OrielConsoleTab *self)
{
  g_autofree char *message = NULL;

  if (!self->no_reconnect)
    {
      self->auto_retries = 3;
      start (self);
      return;
    }
  drop_session (self);
  message = g_strdup_printf (_("“%s” was started again. Reconnect to see its display."),
                             oriel_console_tab_get_name (self));
  set_state (self, ORIEL_CONSOLE_TAB_DISCONNECTED, message);
}

static void
domain_state_cb (OrielDomain *domain, GParamSpec *pspec, OrielConsoleTab *self)
{
  /* nothing to wait for: running or not, there is no display to show */
  if (self->state == ORIEL_CONSOLE_TAB_NO_DISPLAY)
    return;
  /* still reading the domain's displays: that answer decides (it looks at
   * the state itself), so it must not be cancelled */
  if (self->session == NULL && self->state == ORIEL_CONSOLE_TAB_CONNECTING
      && !g_cancellable_is_cancelled (self->cancellable) && self->retry_id == 0)
    return;
  if (!oriel_domain_is_active (domain))
    {
      g_cancellable_cancel (self->cancellable);
      drop_session (self);
      show_shut_off (self);
    }
  else if (self->state == ORIEL_CONSOLE_TAB_SHUT_OFF)
    restarted (self);
}

/* The guest started (again): whatever the tab showed belongs to its last run. */
static void
domain_started_cb (OrielDomain *domain, OrielConsoleTab *self)
{
  if (self->state == ORIEL_CONSOLE_TAB_NO_DISPLAY)
    return;
  restarted (self);
}

void
oriel_console_tab_reconnect (OrielConsoleTab *self)
{
  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));
  start (self);
}

/* The host's link is gone: nothing to do but say so until it is back. */
void
oriel_console_tab_link_lost (OrielConsoleTab *self, const char *message)
{
  g_autoptr (GList) views = NULL;

  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));

  views = oriel_console_tab_get_text_views (self);
  g_cancellable_cancel (self->cancellable);
  drop_session (self);
  set_state (self, ORIEL_CONSOLE_TAB_DISCONNECTED, message);
  gtk_widget_set_visible (GTK_WIDGET (self->reconnect_button), FALSE);
  for (GList *l = views; l != NULL; l = l->next)
    oriel_serial_view_link_lost (l->data, message);
}

/* After a reconnect the domain is a new object of a new connection; the tab
 * keeps its place, its zoom, and which display it shows. */
void
oriel_console_tab_rebind (OrielConsoleTab *self, OrielConnection *connection, OrielDomain *domain)
{
  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));
  g_return_if_fail (ORIEL_IS_DOMAIN (domain));

  g_signal_handlers_disconnect_by_data (self->domain, self);
  g_set_object (&self->domain, domain);
  g_set_object (&self->connection, connection);
  g_signal_connect_object (domain, "notify::state", G_CALLBACK (domain_state_cb), self, 0);
  g_signal_connect_object (domain, "started", G_CALLBACK (domain_started_cb), self, 0);
  start (self);
  {
    g_autoptr (GList) views = oriel_console_tab_get_text_views (self);

    for (GList *l = views; l != NULL; l = l->next)
      oriel_serial_view_rebind (l->data, domain);
  }
}

/* direction: +1 in, -1 out, 0 back to 100% */
void
oriel_console_tab_zoom (OrielConsoleTab *self, int direction)
{
  guint zoom;

  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));

  if (self->display == NULL)
    return;
  zoom = oriel_display_get_zoom (self->display);
  if (direction > 0)
    zoom = zoom * 5 / 4;
  else if (direction < 0)
    zoom = zoom * 4 / 5;
  else
    zoom = 100;
  /* snap to 100% when passing it, so the way back is exact */
  if ((direction > 0 && zoom > 95 && zoom < 105) || (direction < 0 && zoom > 95 && zoom < 105))
    zoom = 100;
  oriel_display_set_zoom (self->display, zoom);
}

void
oriel_console_tab_set_chrome_visible (OrielConsoleTab *self, gboolean visible)
{
  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));
  self->chrome_hidden = !visible;
  gtk_widget_set_visible (GTK_WIDGET (self->toolbar), visible);
  oriel_console_tab_update_page_strip (self);
}

/* The strip of display and text-console pages: when there is a choice, and
 * not in fullscreen, where the guest gets every pixel. */
void
oriel_console_tab_update_page_strip (OrielConsoleTab *self)
{
  gtk_notebook_set_show_tabs (self->views, !self->chrome_hidden
                                           && gtk_notebook_get_n_pages (self->views) > 1);
}

/* Returns: (transfer none) (nullable): the protocol session, while there is one. */
OrielSession *
oriel_console_tab_get_session (OrielConsoleTab *self)
{
  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), NULL);
  return self->session;
}

OrielDomain *
oriel_console_tab_get_domain (OrielConsoleTab *self)
{
  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), NULL);
  return self->domain;
}

int
oriel_console_tab_get_graphics_index (OrielConsoleTab *self)
{
  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), -1);
  return self->graphics_index;
}

OrielConsoleTabState
oriel_console_tab_get_state (OrielConsoleTab *self)
{
  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), ORIEL_CONSOLE_TAB_CONNECTING);
  return self->state;
}

const char *
oriel_console_tab_get_message (OrielConsoleTab *self)
{
  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), NULL);
  return self->message;
}

/* Returns: (transfer none) (nullable): the guest's (first) display. */
OrielDisplay *
oriel_console_tab_get_display (OrielConsoleTab *self)
{
  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), NULL);
  return self->display;
}

GtkWidget *
oriel_console_tab_get_tab_label (OrielConsoleTab *self)
{
  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), NULL);
  return self->tab_label;
}

void
oriel_console_tab_request_close (OrielConsoleTab *self)
{
  g_signal_emit (self, signals[CLOSE], 0);
}

static void
oriel_console_tab_dispose (GObject *object)
{
  OrielConsoleTab *self = ORIEL_CONSOLE_TAB (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->stable_id, g_source_remove);
  drop_session (self);
  oriel_console_tab_drop_displays (self);
  if (self->domain != NULL)
    g_signal_handlers_disconnect_by_data (self->domain, self);
  g_clear_object (&self->domain);
  g_clear_object (&self->connection);
  g_clear_object (&self->direct);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->tab_label);
  G_OBJECT_CLASS (oriel_console_tab_parent_class)->dispose (object);
}

static void
oriel_console_tab_finalize (GObject *object)
{
  OrielConsoleTab *self = ORIEL_CONSOLE_TAB (object);

  oriel_console_tab_keyring_reset (self);
  g_free (self->spice_ca_file);
  g_free (self->spice_subject);
  g_free (self->message);
  g_free (self->name);
  g_clear_pointer (&self->transfers, g_ptr_array_unref);
  G_OBJECT_CLASS (oriel_console_tab_parent_class)->finalize (object);
}

static void
oriel_console_tab_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  OrielConsoleTab *self = ORIEL_CONSOLE_TAB (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_DISPLAY:
      g_value_set_object (value, self->display);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oriel_console_tab_class_init (OrielConsoleTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oriel_console_tab_dispose;
  object_class->finalize = oriel_console_tab_finalize;
  object_class->get_property = oriel_console_tab_get_property;
  widget_class->hierarchy_changed = oriel_console_tab_hierarchy_changed;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, ORIEL_CONSOLE_TAB_CONNECTING,
                      ORIEL_CONSOLE_TAB_NO_DISPLAY, ORIEL_CONSOLE_TAB_CONNECTING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY] =
    g_param_spec_object ("display", NULL, NULL, ORIEL_TYPE_DISPLAY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (ORIEL_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/oriel/Oriel/ui/oriel-console-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, OrielConsoleTab, toolbar);
  gtk_widget_class_bind_template_child (widget_class, OrielConsoleTab, views);
  gtk_widget_class_bind_template_child (widget_class, OrielConsoleTab, status_label);
  gtk_widget_class_bind_template_child (widget_class, OrielConsoleTab, grab_label);
  gtk_widget_class_bind_template_child (widget_class, OrielConsoleTab, stack);
  gtk_widget_class_bind_template_child (widget_class, OrielConsoleTab, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, OrielConsoleTab, placeholder_spinner);
  gtk_widget_class_bind_template_child (widget_class, OrielConsoleTab, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, OrielConsoleTab, display_box);
  gtk_widget_class_bind_template_child (widget_class, OrielConsoleTab, settings_revealer);
  gtk_widget_class_bind_template_child (widget_class, OrielConsoleTab, settings_box);
  gtk_widget_class_bind_template_child (widget_class, OrielConsoleTab, transfer_revealer);
  gtk_widget_class_bind_template_child (widget_class, OrielConsoleTab, transfer_label);
  gtk_widget_class_bind_template_child (widget_class, OrielConsoleTab, transfer_progress);
}

static void
oriel_console_tab_init (OrielConsoleTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->graphics_index = -1;
  self->state = ORIEL_CONSOLE_TAB_CONNECTING;
  self->extra_pages = g_ptr_array_new_with_free_func (g_object_unref);
  self->last_monitor = -1;
}

/**
 * oriel_console_tab_new:
 * @graphics_index: which <graphics> device, or -1 for the first console one
 */
OrielConsoleTab *
oriel_console_tab_new (OrielConnection *connection, OrielDomain *domain, int graphics_index)
{
  OrielConsoleTab *self;

  g_return_val_if_fail (ORIEL_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (ORIEL_IS_DOMAIN (domain), NULL);

  self = g_object_new (ORIEL_TYPE_CONSOLE_TAB, NULL);
  self->connection = g_object_ref (connection);
  self->domain = g_object_ref (domain);
  self->graphics_index = graphics_index;
  oriel_console_tab_setup_actions (self);
  oriel_console_tab_list_consoles (self);
  g_signal_connect_object (domain, "notify::state", G_CALLBACK (domain_state_cb), self, 0);
  g_signal_connect_object (domain, "started", G_CALLBACK (domain_started_cb), self, 0);
  start (self);
  return self;
}
