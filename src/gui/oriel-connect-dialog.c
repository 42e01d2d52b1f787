#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "oriel-connect-dialog.h"

/* Adds a host: this computer, a host over SSH (user, host, port) or TLS,
 * or any libvirt URI; the URI it makes shows as it is typed, and a wrong
 * field says why and keeps the dialog open. */
struct _OrielConnectDialog
{
  GtkDialog parent_instance;

  GtkComboBoxText *kind;
  GtkEntry *user;
  GtkEntry *host;
  GtkEntry *port;
  GtkEntry *custom;
  GtkToggleButton *autoconnect;
  GtkLabel *preview;
  GtkLabel *error;
  GtkWidget *rows[4];           /* user, host, port, custom: label + entry pairs */
  GtkWidget *labels[4];
};

G_DEFINE_FINAL_TYPE (OrielConnectDialog, oriel_connect_dialog, GTK_TYPE_DIALOG)

static OrielUriKind
current_kind (OrielConnectDialog *self)
{
  return (OrielUriKind) atoi (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->kind)));
}

static guint
port_value (OrielConnectDialog *self, gboolean *ok)
{
  const char *text = gtk_entry_get_text (self->port);
  guint64 port = 0;

  *ok = *text == '\0' || g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &port, NULL);
  return (guint) port;
}

char *
oriel_connect_dialog_get_uri (OrielConnectDialog *self, GError **error)
{
  gboolean ok;
  guint port = port_value (self, &ok);

  if (!ok)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a port: ports go from 1 to 65535."),
                   gtk_entry_get_text (self->port));
      return NULL;
    }
  return oriel_uri_build (current_kind (self), gtk_entry_get_text (self->user),
                          gtk_entry_get_text (self->host), port,
                          gtk_entry_get_text (self->custom), error);
}

static void
changed_cb (OrielConnectDialog *self)
{
  OrielUriKind kind = current_kind (self);
  gboolean remote = kind == ORIEL_URI_SSH || kind == ORIEL_URI_TLS;
  gboolean visible[4] = { kind == ORIEL_URI_SSH, remote, remote, kind == ORIEL_URI_CUSTOM };
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (visible); i++)
    {
      gtk_widget_set_visible (self->rows[i], visible[i]);
      gtk_widget_set_visible (self->labels[i], visible[i]);
    }
  uri = oriel_connect_dialog_get_uri (self, &error);
  gtk_label_set_text (self->preview, uri ? uri : "");
  gtk_label_set_text (self->error, error ? error->message : "");
  gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_OK, uri != NULL);
}

static GtkEntry *
add_field (OrielConnectDialog *self, GtkGrid *grid, int row, const char *label,
           const char *placeholder)
{
  GtkWidget *name = gtk_label_new_with_mnemonic (label);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (name), 1.0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (name), entry);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_hexpand (entry, TRUE);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (changed_cb), self);
  gtk_grid_attach (grid, name, 0, row, 1, 1);
  gtk_grid_attach (grid, entry, 1, row, 1, 1);
  self->labels[row - 1] = name;
  self->rows[row - 1] = entry;
  return GTK_ENTRY (entry);
}

static void
oriel_connect_dialog_class_init (OrielConnectDialogClass *klass)
{
}

static void
oriel_connect_dialog_init (OrielConnectDialog *self)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  GtkWidget *kind_label = gtk_label_new_with_mnemonic (_("_Connect to"));
  GtkWidget *content = gtk_dialog_get_content_area (GTK_DIALOG (self));

  gtk_grid_set_row_spacing (grid, 6);
  gtk_grid_set_column_spacing (grid, 12);
  gtk_container_set_border_width (GTK_CONTAINER (grid), 12);

  self->kind = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());
  gtk_combo_box_text_append (self->kind, "0", _("This computer (system)"));
  gtk_combo_box_text_append (self->kind, "1", _("This computer (session)"));
  gtk_combo_box_text_append (self->kind, "2", _("A host over SSH"));
  gtk_combo_box_text_append (self->kind, "3", _("A host over TLS"));
  gtk_combo_box_text_append (self->kind, "4", _("A libvirt URI"));
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->kind), "2");
  g_signal_connect_swapped (self->kind, "changed", G_CALLBACK (changed_cb), self);
  gtk_label_set_xalign (GTK_LABEL (kind_label), 1.0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (kind_label), GTK_WIDGET (self->kind));
  gtk_grid_attach (grid, kind_label, 0, 0, 1, 1);
  gtk_grid_attach (grid, GTK_WIDGET (self->kind), 1, 0, 1, 1);

  self->user = add_field (self, grid, 1, _("_User"), _("as in ~/.ssh/config"));
  self->host = add_field (self, grid, 2, _("_Host"), _("name or address"));
  self->port = add_field (self, grid, 3, _("_Port"), _("default"));
  self->custom = add_field (self, grid, 4, _("_URI"), "qemu+ssh://root@host/system");
  gtk_entry_set_input_purpose (self->port, GTK_INPUT_PURPOSE_DIGITS);

  self->autoconnect = GTK_TOGGLE_BUTTON (gtk_check_button_new_with_mnemonic (
    _("Connect _automatically when Oriel starts")));
  gtk_toggle_button_set_active (self->autoconnect, TRUE);
  gtk_grid_attach (grid, GTK_WIDGET (self->autoconnect), 1, 5, 1, 1);

  self->preview = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->preview, 0.0);
  gtk_label_set_selectable (self->preview, TRUE);
  gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (self->preview)),
                               "dim-label");
  gtk_grid_attach (grid, GTK_WIDGET (self->preview), 1, 6, 1, 1);
  self->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->error, 0.0);
  gtk_label_set_line_wrap (self->error, TRUE);
  gtk_label_set_max_width_chars (self->error, 40);
  gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (self->error)), "error");
  gtk_grid_attach (grid, GTK_WIDGET (self->error), 1, 7, 1, 1);

  gtk_container_add (GTK_CONTAINER (content), GTK_WIDGET (grid));
  gtk_widget_show_all (GTK_WIDGET (grid));
  gtk_dialog_add_button (GTK_DIALOG (self), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_dialog_add_button (GTK_DIALOG (self), _("C_onnect"), GTK_RESPONSE_OK);
  gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
  changed_cb (self);
}

GtkWidget *
oriel_connect_dialog_new (GtkWindow *parent)
{
  return g_object_new (ORIEL_TYPE_CONNECT_DIALOG, "transient-for", parent, "modal", TRUE,
                       "use-header-bar", FALSE, "title", _("Add Connection"),
                       "resizable", FALSE, NULL);
}

/* Fills the form as a person would (tests; editing a saved connection). */
void
oriel_connect_dialog_set_fields (OrielConnectDialog *self, OrielUriKind kind, const char *user,
                                 const char *host, const char *port, const char *custom)
{
  g_autofree char *id = g_strdup_printf ("%d", kind);

  g_return_if_fail (ORIEL_IS_CONNECT_DIALOG (self));
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->kind), id);
  gtk_entry_set_text (self->user, user ? user : "");
  gtk_entry_set_text (self->host, host ? host : "");
  gtk_entry_set_text (self->port, port ? port : "");
  gtk_entry_set_text (self->custom, custom ? custom : "");
}

void
oriel_connect_dialog_set_autoconnect (OrielConnectDialog *self, gboolean autoconnect)
{
  g_return_if_fail (ORIEL_IS_CONNECT_DIALOG (self));
  gtk_toggle_button_set_active (self->autoconnect, autoconnect);
}

gboolean
oriel_connect_dialog_get_autoconnect (OrielConnectDialog *self)
{
  g_return_val_if_fail (ORIEL_IS_CONNECT_DIALOG (self), FALSE);
  return gtk_toggle_button_get_active (self->autoconnect);
}

/* What is wrong with the fields, or "" */
const char *
oriel_connect_dialog_get_error (OrielConnectDialog *self)
{
  g_return_val_if_fail (ORIEL_IS_CONNECT_DIALOG (self), NULL);
  return gtk_label_get_text (self->error);
}
