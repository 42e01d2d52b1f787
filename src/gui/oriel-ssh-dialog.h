#pragma once

#include <gtk/gtk.h>

#include "oriel-ssh-prompt.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_SSH_DIALOG (oriel_ssh_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OrielSshDialog, oriel_ssh_dialog, ORIEL, SSH_DIALOG, GtkDialog)

GtkWidget      *oriel_ssh_dialog_new        (GtkWindow      *parent,
                                             OrielSshPrompt *prompt);
OrielSshPrompt *oriel_ssh_dialog_get_prompt (OrielSshDialog *self);
void            oriel_ssh_dialog_set_answer (OrielSshDialog *self,
                                             const char     *answer);

G_END_DECLS
