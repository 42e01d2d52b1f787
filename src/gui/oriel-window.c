#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-util.h"
#include "oriel-credentials-dialog.h"
#include "oriel-domain-details.h"
#include "oriel-domain-list.h"
#include "oriel-error.h"
#include "oriel-graphics-info.h"
#include "oriel-ssh-dialog.h"
#include "oriel-ssh-link.h"
#include "oriel-window.h"
#include "oriel-settings.h"
#include "oriel-window-private.h"

/* The domain list of one connection beside a notebook of consoles. */

G_DEFINE_FINAL_TYPE (OrielWindow, oriel_window, GTK_TYPE_APPLICATION_WINDOW)

static void connect_to_host (OrielWindow *self);
static void schedule_reconnect (OrielWindow *self, const char *why);

static void
show_error (OrielWindow *self, const char *message, gboolean can_retry)
{
  oriel_set_str (&self->error, message);
  gtk_label_set_text (self->info_label, message ? message : "");
  gtk_widget_set_visible (self->retry_button, can_retry);
  gtk_info_bar_set_message_type (self->info_bar, GTK_MESSAGE_ERROR);
  gtk_info_bar_set_revealed (self->info_bar, message != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->info_bar), message != NULL);
}

void
oriel_window_update_subtitle (OrielWindow *self)
{
  g_autofree char *subtitle = NULL;
  const char *uri;

  if (self->connection == NULL)
    {
      gtk_header_bar_set_subtitle (self->header_bar, self->uri);
      return;
    }
  uri = oriel_connection_get_uri (self->connection);
  if (oriel_connection_is_open (self->connection) && oriel_connection_is_read_only (self->connection))
    /* Translators: the window subtitle, %s is a libvirt URI */
    subtitle = g_strdup_printf (_("%s (read-only)"), uri);
  else
    subtitle = g_strdup (uri);
  gtk_header_bar_set_subtitle (self->header_bar, subtitle);
}

OrielConsoleTab *
oriel_window_get_current_tab (OrielWindow *self)
{
  int page;

  g_return_val_if_fail (ORIEL_IS_WINDOW (self), NULL);

  page = gtk_notebook_get_current_page (self->notebook);
  if (page < 0)
    return NULL;
  return ORIEL_CONSOLE_TAB (gtk_notebook_get_nth_page (self->notebook, page));
}

OrielConsoleTab *
oriel_window_find_tab (OrielWindow *self, OrielDomain *domain)
{
  int n;

  g_return_val_if_fail (ORIEL_IS_WINDOW (self), NULL);

  n = gtk_notebook_get_n_pages (self->notebook);
  for (int i = 0; i < n; i++)
    {
      OrielConsoleTab *tab = ORIEL_CONSOLE_TAB (gtk_notebook_get_nth_page (self->notebook, i));

      if (oriel_console_tab_get_domain (tab) == domain)
        return tab;
    }
  return NULL;
}

static void
update_content (OrielWindow *self)
{
  gboolean has_tabs = gtk_notebook_get_n_pages (self->notebook) > 0;

  /* the tab strip follows the chrome: oriel_window_update_chrome() */
  gtk_stack_set_visible_child_name (self->content_stack, has_tabs ? "tabs" : "empty");
}

void
oriel_window_close_tab (OrielWindow *self, OrielConsoleTab *tab)
{
  gtk_widget_destroy (GTK_WIDGET (tab));
  update_content (self);
}

static void
tab_close_cb (OrielConsoleTab *tab, OrielWindow *self)
{
  oriel_window_close_tab (self, tab);
}

static void
add_tab (OrielWindow *self, OrielDomain *domain, int graphics_index)
{
  OrielConsoleTab *tab = oriel_console_tab_new (self->connection, domain, graphics_index);

  if (self->initial_text)
    {
      self->initial_text = FALSE;
      oriel_console_tab_set_prefer_text (tab, TRUE);
    }
  if (self->no_tunnel)
    oriel_console_tab_set_no_tunnel (tab, TRUE);
  oriel_console_tab_set_spice_tls (tab, self->spice_ca_file, self->spice_subject);
  oriel_console_tab_set_reconnect (tab, self->reconnect_set
                                          ? !self->no_reconnect
                                          : oriel_settings_get () == NULL
                                              || g_settings_get_boolean (oriel_settings_get (),
                                                                         "reconnect"));
  oriel_console_tab_set_attach (tab, self->attach);
  oriel_window_setup_tab (self, tab);
}

/* --kiosk-quit=on-disconnect: the viewer ends with its display. */
static void
tab_state_cb (OrielConsoleTab *tab, GParamSpec *pspec, OrielWindow *self)
{
  OrielConsoleTabState state = oriel_console_tab_get_state (tab);

  if (!self->kiosk_quit)
    return;
  if (state == ORIEL_CONSOLE_TAB_DISCONNECTED || state == ORIEL_CONSOLE_TAB_SHUT_OFF)
    {
      g_debug ("Kiosk: the display of %s ended; quitting", oriel_console_tab_get_name (tab));
      gtk_widget_destroy (GTK_WIDGET (self));
    }
}

/* What every tab gets, by domain or by URI. */
void
oriel_window_setup_tab (OrielWindow *self, OrielConsoleTab *tab)
{
  int page;

  if (self->initial_zoom != 0)
    oriel_console_tab_set_initial_zoom (tab, self->initial_zoom);
  g_signal_connect_object (tab, "notify::state", G_CALLBACK (tab_state_cb), self, 0);
  g_signal_connect_object (tab, "close", G_CALLBACK (tab_close_cb), self, 0);
  oriel_console_tab_set_chrome_visible (tab, !self->fullscreen);
  page = gtk_notebook_append_page (self->notebook, GTK_WIDGET (tab),
                                   oriel_console_tab_get_tab_label (tab));
  gtk_notebook_set_tab_reorderable (self->notebook, GTK_WIDGET (tab), TRUE);
  gtk_notebook_set_current_page (self->notebook, page);
  update_content (self);
}

typedef struct
{
  OrielWindow *self;
  OrielDomain *domain;
} OpenRequest;

static void
open_request_free (OpenRequest *request)
{
  g_object_unref (request->self);
  g_object_unref (request->domain);
  g_free (request);
}

static void
choice_response_cb (GtkDialog *dialog, int response, OpenRequest *request)
{
  if (response >= 0)
    add_tab (request->self, request->domain, response);
  gtk_widget_destroy (GTK_WIDGET (dialog));
  open_request_free (request);
}

static void
graphics_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OpenRequest *request = user_data;
  OrielWindow *self = request->self;
  g_autoptr (GPtrArray) infos = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *dialog;
  guint consoles = 0;

  infos = oriel_domain_fetch_graphics_finish (ORIEL_DOMAIN (source), result, &error);
  if (infos != NULL)
    for (guint i = 0; i < infos->len; i++)
      consoles += oriel_graphics_info_is_console (g_ptr_array_index (infos, i));

  /* one display, none, or an error: the tab shows it or says why */
  if (consoles <= 1 || oriel_window_find_tab (self, request->domain) != NULL)
    {
      if (oriel_window_find_tab (self, request->domain) == NULL)
        add_tab (self, request->domain, -1);
      open_request_free (request);
      return;
    }

  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("“%s” has several displays"),
                                   oriel_domain_get_name (request->domain));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("Choose the one to open."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  for (guint i = 0; i < infos->len; i++)
    {
      const OrielGraphicsInfo *info = g_ptr_array_index (infos, i);
      g_autofree char *label = NULL;

      if (!oriel_graphics_info_is_console (info))
        continue;
      label = oriel_graphics_info_describe (info);
      gtk_dialog_add_button (GTK_DIALOG (dialog), label, (int) info->index);
    }
  g_signal_connect (dialog, "response", G_CALLBACK (choice_response_cb), request);
  gtk_widget_show (dialog);
}

/* Opens (or brings forward) the graphical console of @domain. */
void
oriel_window_open_console (OrielWindow *self, OrielDomain *domain)
{
  OrielConsoleTab *tab;
  OpenRequest *request;

  g_return_if_fail (ORIEL_IS_WINDOW (self));
  g_return_if_fail (ORIEL_IS_DOMAIN (domain));

  tab = oriel_window_find_tab (self, domain);
  if (tab != NULL)
    {
      gtk_notebook_set_current_page (self->notebook,
                                     gtk_notebook_page_num (self->notebook, GTK_WIDGET (tab)));
      return;
    }
  request = g_new0 (OpenRequest, 1);
  request->self = g_object_ref (self);
  request->domain = g_object_ref (domain);
  oriel_domain_fetch_graphics_async (domain, self->cancellable, graphics_ready_cb, request);
}

static void
domain_activated_cb (OrielDomainList *list, OrielDomain *domain, OrielWindow *self)
{
  oriel_window_open_console (self, domain);
}

static void
domain_selected_cb (OrielDomainList *list, OrielWindow *self)
{
  oriel_domain_details_set_domain (self->details, oriel_domain_list_get_selected (list));
}

static void open_initial_domain (OrielWindow *self);

/* -w/--wait: the domain was not there yet; each change of the list may
 * bring it. */
static void
domains_changed_cb (GListModel *list, guint position, guint removed, guint added, OrielWindow *self)
{
  if (added > 0 && self->initial_domain != NULL)
    open_initial_domain (self);
}

static void
open_initial_domain (OrielWindow *self)
{
  g_autofree char *message = NULL;
  OrielDomain *domain;

  if (self->initial_domain == NULL)
    return;
  domain = oriel_connection_find_domain_as (self->connection, self->initial_domain, self->lookup);
  if (domain != NULL)
    {
      g_clear_pointer (&self->initial_domain, g_free);
      show_error (self, NULL, FALSE);
      oriel_window_open_console (self, domain);
      return;
    }
  if (self->wait)
    {
      message = g_strdup_printf (_("Waiting for the domain “%s” to appear on %s…"),
                                 self->initial_domain, oriel_connection_get_uri (self->connection));
      show_error (self, message, FALSE);
      gtk_info_bar_set_message_type (self->info_bar, GTK_MESSAGE_INFO);
      g_signal_handlers_disconnect_by_func (oriel_connection_get_domains (self->connection),
                                            domains_changed_cb, self);
      g_signal_connect_object (oriel_connection_get_domains (self->connection), "items-changed",
                               G_CALLBACK (domains_changed_cb), self, 0);
      return;
    }
  message = g_strdup_printf (_("There is no domain “%s” on %s. Check its name, id or UUID "
                               "with “virsh list --all”, or choose one from the list."),
                             self->initial_domain, oriel_connection_get_uri (self->connection));
  g_clear_pointer (&self->initial_domain, g_free);
  show_error (self, message, FALSE);
}

static void
connection_closed_cb (OrielConnection *connection, OrielWindow *self)
{
  g_autofree char *message =
    g_strdup_printf (_("The connection to %s was lost."), oriel_connection_get_uri (connection));
  schedule_reconnect (self, message);
}

/* Tabs find their domains again, by UUID, in the new connection. */
static void
rebind_tabs (OrielWindow *self)
{
  int n = gtk_notebook_get_n_pages (self->notebook);

  for (int i = 0; i < n; i++)
    {
      OrielConsoleTab *tab = ORIEL_CONSOLE_TAB (gtk_notebook_get_nth_page (self->notebook, i));
      OrielDomain *old = oriel_console_tab_get_domain (tab);
      OrielDomain *domain;

      if (old == NULL)
        continue;
      domain = oriel_connection_find_domain (self->connection, oriel_domain_get_uuid (old));

      if (domain != NULL)
        oriel_console_tab_rebind (tab, self->connection, domain);
      else
        oriel_console_tab_link_lost (tab, _("This domain no longer exists on the host."));
    }
}

/* A step of connecting failed: while reconnecting, try again later if
 * that can help; otherwise say so. */
static void
connect_failed (OrielWindow *self, const GError *error, gboolean can_retry)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->reconnecting && can_retry)
    schedule_reconnect (self, error->message);
  else
    show_error (self, error->message, TRUE);
}

static void
open_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OrielWindow *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!oriel_connection_open_finish (ORIEL_CONNECTION (source), result, &error))
    {
      connect_failed (self, error, !g_error_matches (error, ORIEL_ERROR,
                                                     ORIEL_ERROR_AUTH_CANCELLED));
      return;
    }
  oriel_window_update_subtitle (self);
  self->was_read_write = !oriel_connection_is_read_only (ORIEL_CONNECTION (source));
  if (self->reconnecting)
    {
      g_debug ("Reconnected to %s", self->uri);
      self->reconnecting = FALSE;
      self->reconnect_attempt = 0;
      show_error (self, NULL, FALSE);
      rebind_tabs (self);
    }
  open_initial_domain (self);
}

/* libvirt wants to know who connects (SASL, polkit): one dialog for all of
 * its questions; nothing to ask (polkit's own agent asks) goes on at once. */
static gboolean
credentials_requested_cb (OrielConnection *connection, OrielCredentials *request,
                          OrielWindow *self)
{
  GtkWidget *dialog;
  gboolean ask = FALSE;

  for (guint i = 0; i < oriel_credentials_get_n_items (request); i++)
    ask = ask || oriel_credentials_needs_answer (request, i);
  if (!ask)
    {
      oriel_credentials_submit (request);
      return TRUE;
    }
  dialog = oriel_credentials_dialog_new (GTK_WINDOW (self), request);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
open_connection (OrielWindow *self, const char *link_uri)
{
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);
  if (link_uri != NULL)
    self->connection = oriel_connection_new_tunneled (self->uri, link_uri,
                                                      ORIEL_CHANNEL_OPENER (self->ssh),
                                                      self->read_only);
  else
    self->connection = oriel_connection_new (self->uri, self->read_only);
  /* back as it was: read-write stays read-write (or waits for it) */
  if (self->reconnecting && self->was_read_write)
    oriel_connection_set_no_read_only_fallback (self->connection);
  g_signal_connect_object (self->connection, "closed", G_CALLBACK (connection_closed_cb), self, 0);
  g_signal_connect_object (self->connection, "credentials-requested",
                           G_CALLBACK (credentials_requested_cb), self, 0);
  oriel_domain_list_set_domains (self->domain_list,
                                 oriel_connection_get_domains (self->connection));
  oriel_window_update_subtitle (self);
  oriel_connection_open_async (self->connection, self->cancellable, open_ready_cb, self);
}

static void
link_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OrielWindow *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *link_uri = oriel_ssh_libvirt_link_finish (ORIEL_SSH_SESSION (source), result,
                                                             &error);

  if (link_uri == NULL)
    {
      connect_failed (self, error, TRUE);
      return;
    }
  open_connection (self, link_uri);
}

static void
ssh_connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OrielWindow *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!oriel_ssh_session_connect_finish (ORIEL_SSH_SESSION (source), result, &error))
    {
      /* a refused host key or login will not get better by retrying */
      connect_failed (self, error,
                      !g_error_matches (error, ORIEL_ERROR, ORIEL_ERROR_AUTH_CANCELLED)
                        && !g_error_matches (error, ORIEL_ERROR, ORIEL_ERROR_AUTH_FAILED)
                        && !g_error_matches (error, ORIEL_ERROR, ORIEL_ERROR_HOST_KEY));
      return;
    }
  oriel_ssh_libvirt_link_async (self->ssh, self->uri, self->cancellable, link_ready_cb, self);
}

static gboolean
ssh_prompt_cb (OrielSshSession *session, OrielSshPrompt *prompt, OrielWindow *self)
{
  GtkWidget *dialog = oriel_ssh_dialog_new (GTK_WINDOW (self), prompt);

  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
ssh_lost_cb (OrielSshSession *session, const GError *error, OrielWindow *self)
{
  schedule_reconnect (self, error ? error->message : _("The SSH connection was lost."));
}

/* A qemu+ssh:// URI: log in once, then libvirt and every display ride the
 * one SSH connection. */
static void
connect_over_ssh (OrielWindow *self)
{
  g_autoptr (OrielSshTarget) target = NULL;
  g_autoptr (GError) error = NULL;

  target = oriel_ssh_target_new_for_uri (self->uri, &error);
  if (target == NULL)
    {
      show_error (self, error->message, FALSE);
      return;
    }
  if (self->ssh != NULL)
    g_signal_handlers_disconnect_by_data (self->ssh, self);
  g_clear_pointer (&self->ssh, oriel_ssh_session_release);
  self->ssh = oriel_ssh_session_get_for_target (target);
  g_signal_connect_object (self->ssh, "prompt", G_CALLBACK (ssh_prompt_cb), self, 0);
  g_signal_connect_object (self->ssh, "lost", G_CALLBACK (ssh_lost_cb), self, 0);
  oriel_window_update_subtitle (self);
  oriel_ssh_session_connect_async (self->ssh, self->cancellable, ssh_connected_cb, self);
}

static gboolean
reconnect_cb (gpointer data)
{
  OrielWindow *self = data;

  self->reconnect_id = 0;
  self->reconnect_attempt++;
  g_debug ("Reconnecting to %s, attempt %u", self->uri, self->reconnect_attempt);
  connect_to_host (self);
  return G_SOURCE_REMOVE;
}

/* The host went away: every tab says so, and Oriel tries again after 0.5 s,
 * 1 s, then every 2 s, so it is back soon after the host answers again. */
static void
schedule_reconnect (OrielWindow *self, const char *why)
{
  g_autofree char *message = g_strdup_printf (_("%s Reconnecting…"), why);
  guint delay_ms = MIN (500u << MIN (self->reconnect_attempt, 2u), 2000u);
  int n = gtk_notebook_get_n_pages (self->notebook);

  show_error (self, message, TRUE);
  if (!self->reconnecting)
    for (int i = 0; i < n; i++)
      oriel_console_tab_link_lost (
        ORIEL_CONSOLE_TAB (gtk_notebook_get_nth_page (self->notebook, i)), message);
  self->reconnecting = TRUE;
  if (self->reconnect_id == 0)
    self->reconnect_id = g_timeout_add (delay_ms, reconnect_cb, self);
}

static void
connect_to_host (OrielWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (!self->reconnecting)
    show_error (self, NULL, FALSE);
  if (self->uri != NULL && oriel_uri_is_ssh (self->uri))
    connect_over_ssh (self);
  else
    open_connection (self, NULL);
}

static void
retry_clicked_cb (GtkButton *button, OrielWindow *self)
{
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->reconnecting = FALSE;
  self->reconnect_attempt = 0;
  gtk_notebook_set_current_page (self->notebook, -1);
  while (gtk_notebook_get_n_pages (self->notebook) > 0)
    gtk_widget_destroy (gtk_notebook_get_nth_page (self->notebook, 0));
  update_content (self);
  connect_to_host (self);
}


static gboolean
oriel_window_window_state_event (GtkWidget *widget, GdkEventWindowState *event)
{
  OrielWindow *self = ORIEL_WINDOW (widget);
  OrielConsoleTab *tab = oriel_window_get_current_tab (self);

  self->fullscreen = (event->new_window_state & GDK_WINDOW_STATE_FULLSCREEN) != 0;
  oriel_window_update_chrome (self);
  update_content (self);
  /* a guest's later displays fill the other monitors meanwhile */
  if (tab != NULL)
    oriel_console_tab_set_spread (tab, self->fullscreen);
  return GTK_WIDGET_CLASS (oriel_window_parent_class)->window_state_event (widget, event);
}

/* While a guest holds the keyboard every key is the guest's: accelerators
 * and mnemonics stand aside until the release keys are pressed. */
static gboolean
oriel_window_key_press_event (GtkWidget *widget, GdkEventKey *event)
{
  OrielConsoleTab *tab = oriel_window_get_current_tab (ORIEL_WINDOW (widget));
  OrielDisplay *display = tab ? oriel_console_tab_get_display (tab) : NULL;

  if (display != NULL && oriel_display_get_grabbed (display))
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (widget));

      /* hotkeys given with -H (or by a connection file) work even then */
      if (ORIEL_IS_APPLICATION (app)
          && oriel_application_activate_global_key (ORIEL_APPLICATION (app), GTK_WINDOW (widget),
                                                    event))
        return TRUE;
      return gtk_window_propagate_key_event (GTK_WINDOW (widget), event);
    }
  return GTK_WIDGET_CLASS (oriel_window_parent_class)->key_press_event (widget, event);
}

/* Returns: (transfer none) (nullable): NULL while an SSH login is under way. */
OrielConnection *
oriel_window_get_connection (OrielWindow *self)
{
  g_return_val_if_fail (ORIEL_IS_WINDOW (self), NULL);
  return self->connection;
}

/* Returns: (nullable): what the info bar says, if anything. */
const char *
oriel_window_get_error (OrielWindow *self)
{
  g_return_val_if_fail (ORIEL_IS_WINDOW (self), NULL);
  return self->error;
}

static void
oriel_window_dispose (GObject *object)
{
  OrielWindow *self = ORIEL_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  if (self->ssh != NULL)
    g_signal_handlers_disconnect_by_data (self->ssh, self);
  G_OBJECT_CLASS (oriel_window_parent_class)->dispose (object);
  g_clear_object (&self->connection);
  g_clear_object (&self->pending_direct);
  g_clear_pointer (&self->ssh, oriel_ssh_session_release);
}

static void
oriel_window_finalize (GObject *object)
{
  OrielWindow *self = ORIEL_WINDOW (object);

  g_free (self->uri);
  g_free (self->spice_ca_file);
  g_free (self->spice_subject);
  g_free (self->initial_domain);
  g_free (self->pending_title);
  g_free (self->error);
  G_OBJECT_CLASS (oriel_window_parent_class)->finalize (object);
}

static void
oriel_window_class_init (OrielWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = oriel_window_dispose;
  object_class->finalize = oriel_window_finalize;
  widget_class->key_press_event = oriel_window_key_press_event;
  widget_class->window_state_event = oriel_window_window_state_event;

  g_type_ensure (ORIEL_TYPE_DOMAIN_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/oriel/Oriel/ui/oriel-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OrielWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, OrielWindow, info_bar);
  gtk_widget_class_bind_template_child (widget_class, OrielWindow, info_label);
  gtk_widget_class_bind_template_child (widget_class, OrielWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, OrielWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, OrielWindow, domain_list);
  gtk_widget_class_bind_template_child (widget_class, OrielWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, OrielWindow, notebook);
  gtk_widget_class_bind_template_callback (widget_class, domain_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
}

/* In fullscreen the tab in front spreads its displays over the monitors;
 * the one it replaces takes its own back. */
static void
switch_page_cb (GtkNotebook *notebook, GtkWidget *page, guint number, OrielWindow *self)
{
  OrielConsoleTab *before = oriel_window_get_current_tab (self);

  if (!self->fullscreen || !ORIEL_IS_CONSOLE_TAB (page))
    return;
  if (before != NULL && GTK_WIDGET (before) != page)
    oriel_console_tab_set_spread (before, FALSE);
  oriel_console_tab_set_spread (ORIEL_CONSOLE_TAB (page), TRUE);
}

static void
oriel_window_init (OrielWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* before the switch: the tab in front is still the old one */
  g_signal_connect (self->notebook, "switch-page", G_CALLBACK (switch_page_cb), self);
  oriel_window_setup_actions (self);
  self->details = ORIEL_DOMAIN_DETAILS (oriel_domain_details_new ());
  gtk_widget_set_no_show_all (GTK_WIDGET (self->details), TRUE);
  gtk_widget_hide (GTK_WIDGET (self->details));
  gtk_container_add (GTK_CONTAINER (self->sidebar), GTK_WIDGET (self->details));
  g_signal_connect (self->domain_list, "selection-changed", G_CALLBACK (domain_selected_cb), self);
}

/* With --serial: the domain given at start shows its first text console. */
void
oriel_window_set_text_first (OrielWindow *self, gboolean text_first)
{
  g_return_if_fail (ORIEL_IS_WINDOW (self));
  self->initial_text = text_first;
}

OrielWindow *
oriel_window_new (OrielApplication *app, const char *uri, gboolean read_only, const char *domain)
{
  OrielWindow *self = g_object_new (ORIEL_TYPE_WINDOW, "application", app, NULL);

  self->uri = g_strdup (uri);
  self->read_only = read_only;
  self->initial_domain = g_strdup (domain);
  connect_to_host (self);
  return self;
}


/* Returns: (transfer none): the selected domain's power buttons and details */
OrielDomainDetails *
oriel_window_get_domain_details (OrielWindow *self)
{
  g_return_val_if_fail (ORIEL_IS_WINDOW (self), NULL);
  return self->details;
}

/* Returns: (transfer none): the list of the connection's domains */
OrielDomainList *
oriel_window_get_domain_list (OrielWindow *self)
{
  g_return_val_if_fail (ORIEL_IS_WINDOW (self), NULL);
  return self->domain_list;
}
