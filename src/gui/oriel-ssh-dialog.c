#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-ssh-dialog.h"

/* Answers one question of an SSH login: an unknown host key (shown by its
 * SHA256 fingerprint, as ssh shows it), a password, a key's passphrase or
 * a question of the server's. The answer goes back when the dialog ends;
 * closing it in any other way cancels. */
struct _OrielSshDialog
{
  GtkDialog parent_instance;

  GtkLabel *title_label;
  GtkLabel *message_label;
  GtkLabel *fingerprint_label;
  GtkEntry *entry;
  GtkWidget *ok_button;

  OrielSshPrompt *prompt;
};

G_DEFINE_FINAL_TYPE (OrielSshDialog, oriel_ssh_dialog, GTK_TYPE_DIALOG)

static void
response_cb (GtkDialog *dialog, int response, gpointer data)
{
  OrielSshDialog *self = ORIEL_SSH_DIALOG (dialog);
  const char *answer = NULL;

  if (response == GTK_RESPONSE_OK)
    answer = oriel_ssh_prompt_get_kind (self->prompt) == ORIEL_SSH_PROMPT_HOST_KEY
               ? "yes"
               : gtk_entry_get_text (self->entry);
  oriel_ssh_prompt_reply (self->prompt, answer);
  gtk_entry_set_text (self->entry, "");
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
oriel_ssh_dialog_dispose (GObject *object)
{
  OrielSshDialog *self = ORIEL_SSH_DIALOG (object);

  /* destroyed without an answer: that is a "no" */
  if (self->prompt != NULL)
    oriel_ssh_prompt_reply (self->prompt, NULL);
  g_clear_object (&self->prompt);
  G_OBJECT_CLASS (oriel_ssh_dialog_parent_class)->dispose (object);
}

static void
oriel_ssh_dialog_class_init (OrielSshDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = oriel_ssh_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/oriel/Oriel/ui/oriel-ssh-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OrielSshDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, OrielSshDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, OrielSshDialog, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, OrielSshDialog, entry);
  gtk_widget_class_bind_template_child (widget_class, OrielSshDialog, ok_button);
}

static void
oriel_ssh_dialog_init (OrielSshDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

GtkWidget *
oriel_ssh_dialog_new (GtkWindow *parent, OrielSshPrompt *prompt)
{
  OrielSshDialog *self;
  const char *host = oriel_ssh_prompt_get_host (prompt);
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;
  g_autofree char *fingerprint = NULL;

  self = g_object_new (ORIEL_TYPE_SSH_DIALOG, "transient-for", parent, "modal", TRUE,
                       "use-header-bar", FALSE, NULL);
  self->prompt = g_object_ref (prompt);

  switch (oriel_ssh_prompt_get_kind (prompt))
    {
    case ORIEL_SSH_PROMPT_HOST_KEY:
      title = g_strdup_printf (_("Unknown host %s"), host);
      message = g_strdup_printf (
        _("Oriel has not connected to %s before and cannot tell whether it is the host you "
          "mean. Compare its key fingerprint with the one its administrator gives you "
          "(ssh-keygen -lf on the host's public key). If you accept, the key is added to "
          "your known hosts."), host);
      fingerprint = g_strdup_printf ("%s %s", oriel_ssh_prompt_get_key_type (prompt),
                                     oriel_ssh_prompt_get_fingerprint (prompt));
      gtk_label_set_text (self->fingerprint_label, fingerprint);
      gtk_widget_show (GTK_WIDGET (self->fingerprint_label));
      gtk_widget_hide (GTK_WIDGET (self->entry));
      gtk_button_set_label (GTK_BUTTON (self->ok_button), _("_Accept and Connect"));
      break;
    case ORIEL_SSH_PROMPT_PASSPHRASE:
      title = g_strdup_printf (_("Log in to %s"), host);
      message = g_strdup_printf (_("Passphrase for the key %s"), oriel_ssh_prompt_get_text (prompt));
      break;
    case ORIEL_SSH_PROMPT_PASSWORD:
    case ORIEL_SSH_PROMPT_KBD_INTERACTIVE:
    default:
      title = g_strdup_printf (_("Log in to %s"), host);
      message = g_strdup (oriel_ssh_prompt_get_text (prompt));
      gtk_entry_set_visibility (self->entry, oriel_ssh_prompt_get_echo (prompt));
      break;
    }
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->message_label, message);
  return GTK_WIDGET (self);
}

OrielSshPrompt *
oriel_ssh_dialog_get_prompt (OrielSshDialog *self)
{
  g_return_val_if_fail (ORIEL_IS_SSH_DIALOG (self), NULL);
  return self->prompt;
}

void
oriel_ssh_dialog_set_answer (OrielSshDialog *self, const char *answer)
{
  g_return_if_fail (ORIEL_IS_SSH_DIALOG (self));
  gtk_entry_set_text (self->entry, answer);
}
