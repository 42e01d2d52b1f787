#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-util.h"
#include "oriel-domain-details.h"
#include "oriel-domain-list.h"
#include "oriel-error.h"
#include "oriel-graphics-info.h"
#include "oriel-host.h"
#include "oriel-window.h"
#include "oriel-settings.h"
#include "oriel-window-private.h"

/* The domain list of one connection beside a notebook of consoles. */

G_DEFINE_FINAL_TYPE (OrielWindow, oriel_window, GTK_TYPE_APPLICATION_WINDOW)


void
oriel_window_show_error (OrielWindow *self, const char *message, gboolean can_retry)
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
  OrielConnection *connection = self->host ? oriel_host_get_connection (self->host) : NULL;
  const char *uri;

  if (connection == NULL)
    {
      gtk_header_bar_set_subtitle (self->header_bar, self->uri);
      return;
    }
  uri = oriel_connection_get_uri (connection);
  if (oriel_connection_is_open (connection) && oriel_connection_is_read_only (connection))
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
  OrielHost *host = oriel_window_host_of (self, domain);
  OrielConsoleTab *tab;

  if (host == NULL)
    return;   /* its host went away meanwhile */
  tab = oriel_console_tab_new (oriel_host_get_connection (host), domain, graphics_index);
  g_object_set_data (G_OBJECT (tab), "oriel-host", host);

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


/* -w/--wait: the domain was not there yet; each change of the list may
 * bring it. */
static void
domains_changed_cb (GListModel *list, guint position, guint removed, guint added, OrielWindow *self)
{
  if (added > 0 && self->initial_domain != NULL)
    oriel_window_open_initial_domain (self);
}

void
oriel_window_open_initial_domain (OrielWindow *self)
{
  g_autofree char *message = NULL;
  OrielConnection *connection = oriel_host_get_connection (self->host);
  OrielDomain *domain;

  if (self->initial_domain == NULL || connection == NULL)
    return;
  domain = oriel_connection_find_domain_as (connection, self->initial_domain, self->lookup);
  if (domain != NULL)
    {
      g_clear_pointer (&self->initial_domain, g_free);
      oriel_window_show_error (self, NULL, FALSE);
      oriel_window_open_console (self, domain);
      return;
    }
  if (self->wait)
    {
      message = g_strdup_printf (_("Waiting for the domain “%s” to appear on %s…"),
                                 self->initial_domain, oriel_connection_get_uri (connection));
      oriel_window_show_error (self, message, FALSE);
      gtk_info_bar_set_message_type (self->info_bar, GTK_MESSAGE_INFO);
      g_signal_handlers_disconnect_by_func (oriel_connection_get_domains (connection),
                                            domains_changed_cb, self);
      g_signal_connect_object (oriel_connection_get_domains (connection), "items-changed",
                               G_CALLBACK (domains_changed_cb), self, 0);
      return;
    }
  message = g_strdup_printf (_("There is no domain “%s” on %s. Check its name, id or UUID "
                               "with “virsh list --all”, or choose one from the list."),
                             self->initial_domain, oriel_connection_get_uri (connection));
  g_clear_pointer (&self->initial_domain, g_free);
  oriel_window_show_error (self, message, FALSE);
}

/* @host's tabs find their domains again, by UUID, in its new connection. */
void
oriel_window_rebind_tabs (OrielWindow *self, OrielHost *host)
{
  OrielConnection *connection = oriel_host_get_connection (host);
  int n = gtk_notebook_get_n_pages (self->notebook);

  for (int i = 0; i < n; i++)
    {
      OrielConsoleTab *tab = ORIEL_CONSOLE_TAB (gtk_notebook_get_nth_page (self->notebook, i));
      OrielDomain *old = oriel_console_tab_get_domain (tab);
      OrielDomain *domain;

      if (old == NULL || g_object_get_data (G_OBJECT (tab), "oriel-host") != host)
        continue;
      domain = oriel_connection_find_domain (connection, oriel_domain_get_uuid (old));

      if (domain != NULL)
        oriel_console_tab_rebind (tab, connection, domain);
      else
        oriel_console_tab_link_lost (tab, _("This domain no longer exists on the host."));
    }
}

static void
retry_clicked_cb (GtkButton *button, OrielWindow *self)
{
  gtk_notebook_set_current_page (self->notebook, -1);
  while (gtk_notebook_get_n_pages (self->notebook) > 0)
    gtk_widget_destroy (gtk_notebook_get_nth_page (self->notebook, 0));
  update_content (self);
  if (self->host != NULL)
    oriel_host_retry (self->host);
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
  return self->host ? oriel_host_get_connection (self->host) : NULL;
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
  oriel_window_drop_hosts (self);
  G_OBJECT_CLASS (oriel_window_parent_class)->dispose (object);
  g_clear_object (&self->pending_direct);
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
  oriel_window_hosts_init (self);
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
  self->cancellable = g_cancellable_new ();
  oriel_window_add_host (self, uri, read_only, TRUE, TRUE);
  oriel_window_load_saved_hosts (self);
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
