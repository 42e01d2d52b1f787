#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-connect-dialog.h"
#include "oriel-credentials-dialog.h"
#include "oriel-host-row.h"
#include "oriel-settings.h"
#include "oriel-ssh-dialog.h"
#include "oriel-window-private.h"

/* The window's hosts: the one it was opened for (-c, or the first saved
 * connection) and the other saved connections, each a row of the sidebar
 * with its state, errors and Retry, all connected at once; their domains
 * make one list. Added and removed connections are saved (GSettings
 * "connections": URI and autoconnect). */

/* libvirt wants to know who connects (SASL, polkit): one dialog for all of
 * its questions; nothing to ask (polkit's own agent asks) goes on at once. */
static gboolean
credentials_requested_cb (OrielHost *host, OrielCredentials *request, OrielWindow *self)
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

static gboolean
ssh_prompt_cb (OrielHost *host, OrielSshPrompt *prompt, OrielWindow *self)
{
  GtkWidget *dialog = oriel_ssh_dialog_new (GTK_WINDOW (self), prompt);

  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* The primary host's state shows in the info bar (Retry when it helps);
 * the others' in their rows of the sidebar. */
static void
host_state_cb (OrielHost *host, GParamSpec *pspec, OrielWindow *self)
{
  OrielHostState state = oriel_host_get_state (host);
  const char *error = oriel_host_get_error (host);

  if (host != self->host)
    return;
  if (state == ORIEL_HOST_CONNECTING || state == ORIEL_HOST_CONNECTED || error == NULL)
    {
      /* a message of the window's own (a domain not found) stays */
      if (self->host_error)
        oriel_window_show_error (self, NULL, FALSE);
      self->host_error = FALSE;
    }
  else
    {
      oriel_window_show_error (self, error, oriel_host_get_can_retry (host));
      self->host_error = TRUE;
    }
  oriel_window_update_subtitle (self);
}

/* A new connection (a reconnect): its domains replace the old ones. */
static void
host_connection_cb (OrielHost *host, GParamSpec *pspec, OrielWindow *self)
{
  OrielConnection *connection = oriel_host_get_connection (host);
  guint slot = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (host), "oriel-slot"));

  oriel_list_concat_set (self->all_domains, slot,
                         connection ? oriel_connection_get_domains (connection) : NULL);
  oriel_window_update_subtitle (self);
}

static void
host_link_lost_cb (OrielHost *host, const char *message, OrielWindow *self)
{
  int n = gtk_notebook_get_n_pages (self->notebook);

  for (int i = 0; i < n; i++)
    {
      GtkWidget *tab = gtk_notebook_get_nth_page (self->notebook, i);

      if (g_object_get_data (G_OBJECT (tab), "oriel-host") == host)
        oriel_console_tab_link_lost (ORIEL_CONSOLE_TAB (tab), message);
    }
}

static void
host_opened_cb (OrielHost *host, gboolean reconnected, OrielWindow *self)
{
  oriel_window_update_subtitle (self);
  if (reconnected)
    oriel_window_rebind_tabs (self, host);
  if (host == self->host)
    oriel_window_open_initial_domain (self);
}

static void
watch_host (OrielWindow *self, OrielHost *host)
{
  g_signal_connect_object (host, "notify::state", G_CALLBACK (host_state_cb), self, 0);
  g_signal_connect_object (host, "notify::error", G_CALLBACK (host_state_cb), self, 0);
  g_signal_connect_object (host, "notify::connection", G_CALLBACK (host_connection_cb), self, 0);
  g_signal_connect_object (host, "link-lost", G_CALLBACK (host_link_lost_cb), self, 0);
  g_signal_connect_object (host, "opened", G_CALLBACK (host_opened_cb), self, 0);
  g_signal_connect_object (host, "credentials-requested", G_CALLBACK (credentials_requested_cb),
                           self, 0);
  g_signal_connect_object (host, "ssh-prompt", G_CALLBACK (ssh_prompt_cb), self, 0);
}



static void
update_host_column (OrielWindow *self)
{
  oriel_domain_list_set_show_host (self->domain_list, self->hosts->len > 1);
}

/* Returns: (transfer none) (nullable): the host whose list holds @domain */
OrielHost *
oriel_window_host_of (OrielWindow *self, OrielDomain *domain)
{
  for (guint i = 0; i < self->hosts->len; i++)
    if (oriel_host_owns_domain (g_ptr_array_index (self->hosts, i), domain))
      return g_ptr_array_index (self->hosts, i);
  return NULL;
}

static OrielHost *
find_host (OrielWindow *self, const char *uri)
{
  for (guint i = 0; i < self->hosts->len; i++)
    if (g_strcmp0 (oriel_host_get_uri (g_ptr_array_index (self->hosts, i)), uri) == 0)
      return g_ptr_array_index (self->hosts, i);
  return NULL;
}

static void
close_tabs_of (OrielWindow *self, OrielHost *host)
{
  for (int i = gtk_notebook_get_n_pages (self->notebook) - 1; i >= 0; i--)
    {
      GtkWidget *tab = gtk_notebook_get_nth_page (self->notebook, i);

      if (g_object_get_data (G_OBJECT (tab), "oriel-host") == host)
        oriel_window_close_tab (self, ORIEL_CONSOLE_TAB (tab));
    }
}

static void
forget_host (OrielWindow *self, OrielHost *host)
{
  guint slot = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (host), "oriel-slot"));

  g_signal_handlers_disconnect_by_data (host, self);
  oriel_host_disconnect (host);
  oriel_list_concat_remove_slot (self->all_domains, slot);
  g_ptr_array_remove (self->hosts, host);
}

static void
remove_row_cb (OrielHostRow *row, OrielWindow *self)
{
  g_autoptr (OrielHost) host = g_object_ref (oriel_host_row_get_host (row));

  close_tabs_of (self, host);
  oriel_settings_forget_connection (oriel_host_get_uri (host));
  forget_host (self, host);
  gtk_widget_destroy (GTK_WIDGET (row));
  update_host_column (self);
}

static void edit_row_cb (OrielHostRow *row, OrielWindow *self);
static GtkWidget *show_dialog (OrielWindow *self, OrielHostRow *editing);

/**
 * oriel_window_add_host:
 * @primary: the window's own host (-c): its errors show in the info bar,
 *   and it cannot be removed from the sidebar
 *
 * Returns: (transfer none): the host, connecting when @connect
 */
OrielHost *
oriel_window_add_host (OrielWindow *self, const char *uri, gboolean read_only, gboolean primary,
                       gboolean connect)
{
  OrielHost *host = oriel_host_new (uri, read_only);
  guint slot = oriel_list_concat_add_slot (self->all_domains);
  GtkWidget *row;

  g_object_set_data (G_OBJECT (host), "oriel-slot", GUINT_TO_POINTER (slot));
  g_ptr_array_add (self->hosts, host);
  if (primary)
    self->host = host;
  watch_host (self, host);
  row = oriel_host_row_new (host, !primary);
  g_signal_connect_object (row, "remove-requested", G_CALLBACK (remove_row_cb), self, 0);
  g_signal_connect_object (row, "edit-requested", G_CALLBACK (edit_row_cb), self, 0);
  gtk_container_add (GTK_CONTAINER (self->host_list), row);
  update_host_column (self);
  if (connect)
    oriel_host_connect (host);
  return host;
}

/* The saved connections besides the window's own: autoconnect ones
 * connect now, the others wait for Connect. */
void
oriel_window_load_saved_hosts (OrielWindow *self)
{
  GSettings *settings = oriel_settings_get ();
  g_autoptr (GVariant) saved = NULL;
  GVariantIter iter;
  const char *uri;
  gboolean autoconnect;

  if (settings == NULL)
    return;
  saved = g_settings_get_value (settings, "connections");
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "(&sb)", &uri, &autoconnect))
    if (find_host (self, uri) == NULL)
      oriel_window_add_host (self, uri, self->read_only, FALSE, autoconnect);
}

static void
connect_response_cb (GtkDialog *dialog, int response, OrielWindow *self)
{
  OrielConnectDialog *connect = ORIEL_CONNECT_DIALOG (dialog);
  OrielHostRow *editing = g_object_get_data (G_OBJECT (dialog), "oriel-editing");
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = NULL;
  OrielHost *host;

  if (response != GTK_RESPONSE_OK)
    {
      gtk_widget_destroy (GTK_WIDGET (dialog));
      return;
    }
  uri = oriel_connect_dialog_get_uri (connect, &error);
  if (uri == NULL)
    return;   /* the dialog says why and stays */
  if (editing != NULL)
    {
      /* edited: the old host goes (with its consoles) unless only its
       * autoconnect flag changed */
      OrielHost *old = oriel_host_row_get_host (editing);

      if (!g_str_equal (oriel_host_get_uri (old), uri))
        remove_row_cb (editing, self);
    }
  host = find_host (self, uri);
  if (host == NULL)
    host = oriel_window_add_host (self, uri, self->read_only, FALSE, TRUE);
  else if (oriel_host_get_state (host) != ORIEL_HOST_CONNECTED)
    oriel_host_retry (host);
  if (host != self->host)
    oriel_settings_save_connection (uri, oriel_connect_dialog_get_autoconnect (connect), FALSE);
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static GtkWidget *
show_dialog (OrielWindow *self, OrielHostRow *editing)
{
  GtkWidget *dialog = oriel_connect_dialog_new (GTK_WINDOW (self));

  if (editing != NULL)
    {
      const char *uri = oriel_host_get_uri (oriel_host_row_get_host (editing));
      gboolean autoconnect = FALSE;

      gtk_window_set_title (GTK_WINDOW (dialog), _("Edit Connection"));
      oriel_connect_dialog_set_fields (ORIEL_CONNECT_DIALOG (dialog), ORIEL_URI_CUSTOM, NULL,
                                       NULL, NULL, uri);
      oriel_settings_find_connection (uri, &autoconnect);
      oriel_connect_dialog_set_autoconnect (ORIEL_CONNECT_DIALOG (dialog), autoconnect);
      g_object_set_data_full (G_OBJECT (dialog), "oriel-editing", g_object_ref (editing),
                              g_object_unref);
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (connect_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
edit_row_cb (OrielHostRow *row, OrielWindow *self)
{
  show_dialog (self, row);
}

/* Returns: (transfer none): the dialog (for tests) */
GtkWidget *
oriel_window_show_connect_dialog (OrielWindow *self)
{
  return show_dialog (self, NULL);
}

static void
add_clicked_cb (GtkButton *button, OrielWindow *self)
{
  oriel_window_show_connect_dialog (self);
}

/* The sidebar's host rows and Add button; the domain list shows them all. */
void
oriel_window_hosts_init (OrielWindow *self)
{
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Connection…"));

  self->hosts = g_ptr_array_new_with_free_func (g_object_unref);
  self->all_domains = oriel_list_concat_new (ORIEL_TYPE_DOMAIN);
  oriel_domain_list_set_domains (self->domain_list, G_LIST_MODEL (self->all_domains));

  self->host_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->host_list, GTK_SELECTION_NONE);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->host_list)),
                       _("Connections"));
  gtk_widget_set_margin_start (add, 6);
  gtk_widget_set_margin_end (add, 6);
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  g_signal_connect (add, "clicked", G_CALLBACK (add_clicked_cb), self);
  gtk_box_pack_start (GTK_BOX (self->sidebar), GTK_WIDGET (self->host_list), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (self->sidebar), add, FALSE, FALSE, 0);
  gtk_box_reorder_child (GTK_BOX (self->sidebar), GTK_WIDGET (self->host_list), 0);
  gtk_box_reorder_child (GTK_BOX (self->sidebar), add, 1);
  gtk_widget_show_all (GTK_WIDGET (self->host_list));
  gtk_widget_show (add);
}

/* Lets every host go (the window closes). */
void
oriel_window_drop_hosts (OrielWindow *self)
{
  while (self->hosts != NULL && self->hosts->len > 0)
    forget_host (self, g_ptr_array_index (self->hosts, self->hosts->len - 1));
  self->host = NULL;
  g_clear_pointer (&self->hosts, g_ptr_array_unref);
  g_clear_object (&self->all_domains);
}

/* Returns: (transfer none): the sidebar's rows of hosts */
GtkListBox *
oriel_window_get_host_list (OrielWindow *self)
{
  g_return_val_if_fail (ORIEL_IS_WINDOW (self), NULL);
  return self->host_list;
}
