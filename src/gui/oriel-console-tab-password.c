#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-auth-dialog.h"
#include "oriel-console-tab-private.h"
#include "oriel-graphics-info.h"
#include "oriel-keyring.h"
#include "oriel-uri.h"
#include "oriel-util.h"

/* A display's password: the password dialog, and the keyring. A kept
 * password is looked up before asking, a remembered one kept once the
 * display has accepted it, and forgotten as soon as the display refuses
 * it (it changed), so the person is asked instead of being refused over
 * and over. */

static void ask_password (OrielConsoleTab *self, gboolean need_username, const char *reason);

/* The keyring item's attributes: the libvirt host and the domain's UUID,
 * or, for a display reached without libvirt, its own address. */
static gboolean
get_ids (OrielConsoleTab *self, char **host, char **display)
{
  if (self->domain != NULL && self->connection != NULL)
    {
      const char *uri = oriel_connection_get_uri (self->connection);

      *host = oriel_uri_get_host (uri);
      if (*host == NULL || **host == '\0')
        {
          g_free (*host);
          *host = g_strdup ("localhost");
        }
      *display = g_strdup_printf ("%s#%d", oriel_domain_get_uuid (self->domain),
                                  self->graphics_index);
      return TRUE;
    }
  if (self->direct != NULL)
    {
      const OrielViewerTarget *target = oriel_transport_get_target (self->direct);

      if (target == NULL)
        return FALSE;
      *host = g_strdup (target->host ? target->host : "localhost");
      *display = oriel_viewer_target_describe (target);
      return TRUE;
    }
  return FALSE;
}

static void
lookup_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (OrielConsoleTab) self = user_data;
  g_autoptr (GError) error = NULL;
  char *password = oriel_keyring_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      oriel_secret_free (password);
      return;   /* the session it was for is gone */
    }
  if (error != NULL)
    g_debug ("No keyring: %s", error->message);
  if (password == NULL || self->session == NULL)
    {
      oriel_secret_free (password);
      ask_password (self, FALSE, self->keyring_reason);
      return;
    }
  g_debug ("%s: trying the password kept in the keyring", oriel_console_tab_get_name (self));
  self->keyring_in_use = TRUE;
  oriel_session_set_credentials (self->session, NULL, password);
  oriel_secret_free (password);
}

static void
forget_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!oriel_keyring_forget_finish (result, &error))
    g_warning ("Could not remove a refused password from the keyring: %s", error->message);
}

/* The display wants a password: answers it from the keyring when one is
 * kept (asynchronously: TRUE, the tab then asks by itself if none is).
 * Returns: FALSE when the person must be asked now; @reason may then be
 * replaced by why. */
static gboolean
keyring_answer (OrielConsoleTab *self, gboolean need_username, const char **reason)
{
  g_autofree char *host = NULL;
  g_autofree char *display = NULL;

  if (!oriel_keyring_is_available () || !get_ids (self, &host, &display))
    return FALSE;
  if (self->keyring_in_use)
    {
      /* refused: the domain's password changed since it was kept */
      self->keyring_in_use = FALSE;
      oriel_keyring_forget_async (host, display, NULL, forget_cb, NULL);
      *reason = _("The display refused the password kept in the keyring, so it was removed "
                  "from the keyring. Enter the current password.");
      return FALSE;
    }
  if (need_username || self->keyring_tried)
    return FALSE;
  self->keyring_tried = TRUE;
  g_free (self->keyring_reason);
  self->keyring_reason = g_strdup (*reason);
  oriel_console_tab_set_connecting (self, _("Looking for the password in the keyring…"));
  oriel_keyring_lookup_async (host, display, self->cancellable, lookup_cb, g_object_ref (self));
  return TRUE;
}

/* The person ticked "Remember": kept only once the display accepts it. */
static void
keyring_remember (OrielConsoleTab *self, const char *password)
{
  oriel_secret_clear (&self->keyring_pending);
  self->keyring_pending = g_strdup (password);
}

static void
store_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!oriel_keyring_store_finish (result, &error))
    g_warning ("Could not keep the password in the keyring: %s", error->message);
}

/* The display accepted the password: keep it if asked to. */
void
oriel_console_tab_keyring_connected (OrielConsoleTab *self)
{
  g_autofree char *host = NULL;
  g_autofree char *display = NULL;
  g_autofree char *label = NULL;

  if (self->keyring_pending == NULL)
    return;
  if (get_ids (self, &host, &display))
    {
      /* Translators: the keyring item's name: "Display password of vm1 (host)" */
      label = g_strdup_printf (_("Display password of %s (%s)"),
                               oriel_console_tab_get_name (self), host);
      oriel_keyring_store_async (host, display, label, self->keyring_pending, NULL, store_cb,
                                 NULL);
    }
  oriel_secret_clear (&self->keyring_pending);
}

/* A new connection attempt: the keyring may be asked again. */
void
oriel_console_tab_keyring_reset (OrielConsoleTab *self)
{
  self->keyring_tried = FALSE;
  self->keyring_in_use = FALSE;
  oriel_secret_clear (&self->keyring_pending);
  g_clear_pointer (&self->keyring_reason, g_free);
}

static void
auth_response_cb (GtkDialog *dialog, int response, OrielConsoleTab *self)
{
  OrielAuthDialog *auth = ORIEL_AUTH_DIALOG (dialog);

  if (self->session != NULL)
    {
      if (response == GTK_RESPONSE_OK && oriel_auth_dialog_get_remember (auth))
        keyring_remember (self, oriel_auth_dialog_get_password (auth));
      if (response == GTK_RESPONSE_OK)
        oriel_session_set_credentials (self->session, oriel_auth_dialog_get_username (auth),
                                       oriel_auth_dialog_get_password (auth));
      else
        oriel_session_cancel_auth (self->session);
    }
  oriel_auth_dialog_set_password (auth, "");
  self->auth_dialog = NULL;
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
ask_password (OrielConsoleTab *self, gboolean need_username, const char *reason)
{
  const OrielGraphicsInfo *info;
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));

  if (self->session == NULL)
    return;
  info = oriel_transport_get_info (oriel_session_get_transport (self->session));
  oriel_console_tab_set_connecting (self, _("Waiting for the password…"));
  g_clear_pointer (&self->auth_dialog, gtk_widget_destroy);
  self->auth_dialog = oriel_auth_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                             oriel_console_tab_get_name (self),
                                             oriel_graphics_info_get_label (info), need_username,
                                             reason);
  oriel_auth_dialog_set_can_remember (ORIEL_AUTH_DIALOG (self->auth_dialog),
                                      !need_username && oriel_keyring_is_available ());
  g_signal_connect_object (self->auth_dialog, "response", G_CALLBACK (auth_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->auth_dialog));
}

/* The session's ::auth-required: the keyring first, else the person. */
void
oriel_console_tab_auth_required (OrielSession *session, gboolean need_username,
                                 const char *reason, OrielConsoleTab *self)
{
  if (keyring_answer (self, need_username, &reason))
    return;
  ask_password (self, need_username, reason);
}

