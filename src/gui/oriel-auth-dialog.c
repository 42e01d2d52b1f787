#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-auth-dialog.h"

/* Asks for a display's password (and user name where the server wants
 * one), saying why when a previous answer was refused. */
struct _OrielAuthDialog
{
  GtkDialog parent_instance;

  GtkLabel *message_label;
  GtkLabel *reason_label;
  GtkLabel *username_label;
  GtkEntry *username_entry;
  GtkEntry *password_entry;
  GtkToggleButton *remember_check;
};

G_DEFINE_FINAL_TYPE (OrielAuthDialog, oriel_auth_dialog, GTK_TYPE_DIALOG)

static void
oriel_auth_dialog_class_init (OrielAuthDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/oriel/Oriel/ui/oriel-auth-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OrielAuthDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, OrielAuthDialog, reason_label);
  gtk_widget_class_bind_template_child (widget_class, OrielAuthDialog, username_label);
  gtk_widget_class_bind_template_child (widget_class, OrielAuthDialog, username_entry);
  gtk_widget_class_bind_template_child (widget_class, OrielAuthDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, OrielAuthDialog, remember_check);
}

static void
oriel_auth_dialog_init (OrielAuthDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
}

GtkWidget *
oriel_auth_dialog_new (GtkWindow  *parent,
                       const char *domain_name,
                       const char *protocol,
                       gboolean    need_username,
                       const char *reason)
{
  OrielAuthDialog *self;
  g_autofree char *message = NULL;

  self = g_object_new (ORIEL_TYPE_AUTH_DIALOG, "transient-for", parent, "modal", TRUE,
                       "use-header-bar", FALSE, NULL);

  /* Translators: "The SPICE display of “vm1” needs a password." */
  message = g_strdup_printf (_("The %s display of “%s” needs a password."), protocol, domain_name);
  gtk_label_set_text (self->message_label, message);
  gtk_label_set_text (self->reason_label, reason ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->username_label), need_username);
  gtk_widget_set_visible (GTK_WIDGET (self->username_entry), need_username);
  gtk_widget_grab_focus (GTK_WIDGET (need_username ? self->username_entry : self->password_entry));
  return GTK_WIDGET (self);
}

const char *
oriel_auth_dialog_get_username (OrielAuthDialog *self)
{
  g_return_val_if_fail (ORIEL_IS_AUTH_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->username_entry)))
    return NULL;
  return gtk_entry_get_text (self->username_entry);
}

const char *
oriel_auth_dialog_get_password (OrielAuthDialog *self)
{
  g_return_val_if_fail (ORIEL_IS_AUTH_DIALOG (self), NULL);
  return gtk_entry_get_text (self->password_entry);
}

/* Returns: (nullable): why the previous answer was refused. */
const char *
oriel_auth_dialog_get_reason (OrielAuthDialog *self)
{
  g_return_val_if_fail (ORIEL_IS_AUTH_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->reason_label)))
    return NULL;
  return gtk_label_get_text (self->reason_label);
}

void
oriel_auth_dialog_set_password (OrielAuthDialog *self, const char *password)
{
  g_return_if_fail (ORIEL_IS_AUTH_DIALOG (self));
  gtk_entry_set_text (self->password_entry, password);
}

/* Offers to keep the password in the keyring (only where one runs). */
void
oriel_auth_dialog_set_can_remember (OrielAuthDialog *self, gboolean can_remember)
{
  g_return_if_fail (ORIEL_IS_AUTH_DIALOG (self));
  gtk_widget_set_visible (GTK_WIDGET (self->remember_check), can_remember);
}

gboolean
oriel_auth_dialog_get_can_remember (OrielAuthDialog *self)
{
  g_return_val_if_fail (ORIEL_IS_AUTH_DIALOG (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->remember_check));
}

gboolean
oriel_auth_dialog_get_remember (OrielAuthDialog *self)
{
  g_return_val_if_fail (ORIEL_IS_AUTH_DIALOG (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->remember_check))
         && gtk_toggle_button_get_active (self->remember_check);
}

void
oriel_auth_dialog_set_remember (OrielAuthDialog *self, gboolean remember)
{
  g_return_if_fail (ORIEL_IS_AUTH_DIALOG (self));
  gtk_toggle_button_set_active (self->remember_check, remember);
}
