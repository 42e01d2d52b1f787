#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-credentials-dialog.h"
#include "oriel-uri.h"

/* One dialog for everything libvirt asks when a connection authenticates
 * (SASL over TCP or TLS, polkit): a field per question, in libvirt's order.
 * OK submits every answer at once; any other end cancels. */
struct _OrielCredentialsDialog
{
  GtkDialog parent_instance;

  OrielCredentials *request;
  GPtrArray *entries;           /* GtkEntry per request item, or NULL */
};

G_DEFINE_FINAL_TYPE (OrielCredentialsDialog, oriel_credentials_dialog, GTK_TYPE_DIALOG)

static void
clear_entries (OrielCredentialsDialog *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      GtkEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry != NULL)
        gtk_entry_set_text (entry, "");
    }
}

static void
response_cb (GtkDialog *dialog, int response, gpointer data)
{
  OrielCredentialsDialog *self = ORIEL_CREDENTIALS_DIALOG (dialog);
  g_autoptr (OrielCredentials) request = g_steal_pointer (&self->request);

  if (request == NULL)
    return;
  if (response == GTK_RESPONSE_OK)
    {
      for (guint i = 0; i < self->entries->len; i++)
        {
          GtkEntry *entry = g_ptr_array_index (self->entries, i);

          if (entry != NULL)
            oriel_credentials_set_answer (request, i, gtk_entry_get_text (entry));
        }
      oriel_credentials_submit (request);
    }
  else
    oriel_credentials_cancel (request);
  clear_entries (self);
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
oriel_credentials_dialog_dispose (GObject *object)
{
  OrielCredentialsDialog *self = ORIEL_CREDENTIALS_DIALOG (object);

  /* destroyed without an answer: the connection must not wait forever */
  if (self->request != NULL)
    oriel_credentials_cancel (self->request);
  g_clear_object (&self->request);
  G_OBJECT_CLASS (oriel_credentials_dialog_parent_class)->dispose (object);
}

static void
oriel_credentials_dialog_finalize (GObject *object)
{
  OrielCredentialsDialog *self = ORIEL_CREDENTIALS_DIALOG (object);

  g_ptr_array_unref (self->entries);
  G_OBJECT_CLASS (oriel_credentials_dialog_parent_class)->finalize (object);
}

static void
oriel_credentials_dialog_class_init (OrielCredentialsDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = oriel_credentials_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = oriel_credentials_dialog_finalize;
}

static void
oriel_credentials_dialog_init (OrielCredentialsDialog *self)
{
  self->entries = g_ptr_array_new ();
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

/* Oriel's own words for the usual questions (libvirt's are English only);
 * libvirt's prompt for the rest. */
static const char *
label_for (OrielCredentials *request, guint index)
{
  const char *prompt = oriel_credentials_get_prompt (request, index);

  switch (oriel_credentials_get_kind (request, index))
    {
    case ORIEL_CREDENTIAL_USERNAME:
      return _("_User name");
    case ORIEL_CREDENTIAL_PASSPHRASE:
      return _("_Password");
    case ORIEL_CREDENTIAL_REALM:
      return _("_Realm");
    default:
      return prompt != NULL && *prompt != '\0' ? prompt : _("_Answer");
    }
}

static void
add_row (OrielCredentialsDialog *self, GtkGrid *grid, guint index)
{
  OrielCredentials *request = self->request;
  const char *challenge = oriel_credentials_get_challenge (request, index);
  const char *default_answer = oriel_credentials_get_default (request, index);
  GtkWidget *label;
  GtkWidget *entry;

  if (!oriel_credentials_needs_answer (request, index))
    {
      g_ptr_array_add (self->entries, NULL);
      return;
    }
  label = gtk_label_new_with_mnemonic (label_for (request, index));
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  if (oriel_credentials_is_secret (request, index))
    {
      gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
    }
  else if (default_answer != NULL)
    gtk_entry_set_text (GTK_ENTRY (entry), default_answer);
  gtk_grid_attach (grid, label, 0, (int) index * 2, 1, 1);
  gtk_grid_attach (grid, entry, 1, (int) index * 2, 1, 1);
  if (challenge != NULL && *challenge != '\0')
    {
      GtkWidget *hint = gtk_label_new (challenge);

      gtk_label_set_xalign (GTK_LABEL (hint), 0.0);
      gtk_label_set_line_wrap (GTK_LABEL (hint), TRUE);
      gtk_style_context_add_class (gtk_widget_get_style_context (hint), "dim-label");
      gtk_grid_attach (grid, hint, 1, (int) index * 2 + 1, 1, 1);
    }
  g_ptr_array_add (self->entries, entry);
}

/* The first field still empty gets the focus: a known user name is given. */
static void
focus_first_empty (OrielCredentialsDialog *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      GtkEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry != NULL && *gtk_entry_get_text (entry) == '\0')
        {
          gtk_widget_grab_focus (GTK_WIDGET (entry));
          return;
        }
    }
}

GtkWidget *
oriel_credentials_dialog_new (GtkWindow *parent, OrielCredentials *request)
{
  OrielCredentialsDialog *self;
  g_autofree char *host = oriel_uri_get_host (oriel_credentials_get_uri (request));
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;
  GtkWidget *content;
  GtkWidget *box;
  GtkWidget *heading;
  GtkWidget *text;
  GtkWidget *grid;

  self = g_object_new (ORIEL_TYPE_CREDENTIALS_DIALOG, "transient-for", parent, "modal", TRUE,
                       "use-header-bar", FALSE, "resizable", FALSE, NULL);
  self->request = g_object_ref (request);

  title = g_strdup_printf (_("Log in to %s"), host != NULL ? host : _("this computer"));
  gtk_window_set_title (GTK_WINDOW (self), title);
  /* Translators: %s is a libvirt connection URI, e.g. qemu+tls://host/system */
  message = g_strdup_printf (_("The libvirt daemon at %s asks who you are before it lists its "
                               "virtual machines."), oriel_credentials_get_uri (request));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_container_set_border_width (GTK_CONTAINER (box), 12);
  heading = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
  gtk_style_context_add_class (gtk_widget_get_style_context (heading), "heading");
  text = gtk_label_new (message);
  gtk_label_set_xalign (GTK_LABEL (text), 0.0);
  gtk_label_set_line_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 50);
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  for (guint i = 0; i < oriel_credentials_get_n_items (request); i++)
    add_row (self, GTK_GRID (grid), i);
  gtk_container_add (GTK_CONTAINER (box), heading);
  gtk_container_add (GTK_CONTAINER (box), text);
  gtk_container_add (GTK_CONTAINER (box), grid);
  content = gtk_dialog_get_content_area (GTK_DIALOG (self));
  gtk_container_add (GTK_CONTAINER (content), box);
  gtk_widget_show_all (box);

  gtk_dialog_add_button (GTK_DIALOG (self), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_dialog_add_button (GTK_DIALOG (self), _("_Log In"), GTK_RESPONSE_OK);
  gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
  focus_first_empty (self);
  return GTK_WIDGET (self);
}

/* Returns: (transfer none) (nullable): the request, until answered */
OrielCredentials *
oriel_credentials_dialog_get_request (OrielCredentialsDialog *self)
{
  g_return_val_if_fail (ORIEL_IS_CREDENTIALS_DIALOG (self), NULL);
  return self->request;
}

/* Types an answer into field @index, as a person would. */
void
oriel_credentials_dialog_set_answer (OrielCredentialsDialog *self, guint index,
                                     const char *answer)
{
  GtkEntry *entry;

  g_return_if_fail (ORIEL_IS_CREDENTIALS_DIALOG (self));
  g_return_if_fail (index < self->entries->len);
  entry = g_ptr_array_index (self->entries, index);
  if (entry != NULL)
    gtk_entry_set_text (entry, answer);
}
