#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-host-row.h"
#include "oriel-spinner.h"

/* A host in the sidebar: its name and URI, its state (a spinner while
 * connecting), the error that stopped it, and Connect or Retry, Remove. */
struct _OrielHostRow
{
  GtkListBoxRow parent_instance;

  OrielHost *host;
  GtkLabel *title;
  GtkLabel *status;
  OrielSpinner *spinner;
  GtkImage *icon;
  GtkWidget *connect_button;
  GtkWidget *remove_button;
  GtkWidget *edit_button;
};

G_DEFINE_FINAL_TYPE (OrielHostRow, oriel_host_row, GTK_TYPE_LIST_BOX_ROW)

enum { REMOVE, EDIT, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
update (OrielHostRow *self)
{
  OrielHostState state = oriel_host_get_state (self->host);
  const char *error = oriel_host_get_error (self->host);
  const char *text;
  const char *icon = NULL;
  gboolean busy = state == ORIEL_HOST_CONNECTING || state == ORIEL_HOST_RECONNECTING;

  switch (state)
    {
    case ORIEL_HOST_CONNECTING:
      text = _("Connecting…");
      break;
    case ORIEL_HOST_CONNECTED:
      text = _("Connected");
      icon = "emblem-ok-symbolic";
      break;
    case ORIEL_HOST_RECONNECTING:
      text = error;
      break;
    case ORIEL_HOST_FAILED:
      text = error;
      icon = "dialog-error-symbolic";
      break;
    case ORIEL_HOST_IDLE:
    default:
      text = _("Not connected");
      break;
    }
  gtk_label_set_text (self->status, text ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status), text);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  g_object_set (self->spinner, "active", busy, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (self->icon, icon, GTK_ICON_SIZE_MENU);
  gtk_button_set_label (GTK_BUTTON (self->connect_button),
                        state == ORIEL_HOST_IDLE ? _("Connect") : _("_Retry"));
  gtk_widget_set_visible (self->connect_button,
                          state == ORIEL_HOST_IDLE || state == ORIEL_HOST_FAILED
                            || state == ORIEL_HOST_RECONNECTING);
}

static void
state_cb (OrielHost *host, GParamSpec *pspec, OrielHostRow *self)
{
  update (self);
}

static void
connect_clicked_cb (GtkButton *button, OrielHostRow *self)
{
  oriel_host_retry (self->host);
}

static void
remove_clicked_cb (GtkButton *button, OrielHostRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
edit_clicked_cb (GtkButton *button, OrielHostRow *self)
{
  g_signal_emit (self, signals[EDIT], 0);
}

static void
oriel_host_row_dispose (GObject *object)
{
  OrielHostRow *self = ORIEL_HOST_ROW (object);

  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->host);
  G_OBJECT_CLASS (oriel_host_row_parent_class)->dispose (object);
}

static void
oriel_host_row_class_init (OrielHostRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = oriel_host_row_dispose;
  /* Remove pressed: the window forgets the host */
  signals[REMOVE] = g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Edit pressed: the window shows the connection's builder */
  signals[EDIT] = g_signal_new ("edit-requested", G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
oriel_host_row_init (OrielHostRow *self)
{
}

GtkWidget *
oriel_host_row_new (OrielHost *host, gboolean removable)
{
  OrielHostRow *self = g_object_new (ORIEL_TYPE_HOST_ROW, NULL);
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  g_autofree char *label = oriel_host_get_label (host);

  self->host = g_object_ref (host);
  gtk_grid_set_column_spacing (grid, 6);
  gtk_container_set_border_width (GTK_CONTAINER (grid), 6);

  self->spinner = ORIEL_SPINNER (oriel_spinner_new ());
  self->icon = GTK_IMAGE (gtk_image_new ());
  self->title = GTK_LABEL (gtk_label_new (label));
  gtk_label_set_xalign (self->title, 0.0);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), oriel_host_get_uri (host));
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0.0);
  gtk_label_set_line_wrap (self->status, TRUE);
  gtk_label_set_line_wrap_mode (self->status, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (self->status, 3);
  gtk_label_set_ellipsize (self->status, PANGO_ELLIPSIZE_END);
  gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (self->status)),
                               "dim-label");

  self->connect_button = gtk_button_new_with_mnemonic (_("_Retry"));
  g_signal_connect (self->connect_button, "clicked", G_CALLBACK (connect_clicked_cb), self);
  self->remove_button = gtk_button_new_from_icon_name ("list-remove-symbolic",
                                                      GTK_ICON_SIZE_BUTTON);
  gtk_widget_set_tooltip_text (self->remove_button, _("Remove this connection"));
  atk_object_set_name (gtk_widget_get_accessible (self->remove_button),
                       _("Remove this connection"));
  g_signal_connect (self->remove_button, "clicked", G_CALLBACK (remove_clicked_cb), self);
  self->edit_button = gtk_button_new_from_icon_name ("document-edit-symbolic",
                                                    GTK_ICON_SIZE_BUTTON);
  gtk_widget_set_tooltip_text (self->edit_button, _("Edit this connection"));
  atk_object_set_name (gtk_widget_get_accessible (self->edit_button),
                       _("Edit this connection"));
  g_signal_connect (self->edit_button, "clicked", G_CALLBACK (edit_clicked_cb), self);
  gtk_container_add (GTK_CONTAINER (buttons), self->edit_button);
  gtk_container_add (GTK_CONTAINER (buttons), self->connect_button);
  gtk_container_add (GTK_CONTAINER (buttons), self->remove_button);

  gtk_grid_attach (grid, GTK_WIDGET (self->spinner), 0, 0, 1, 1);
  gtk_grid_attach (grid, GTK_WIDGET (self->icon), 0, 0, 1, 1);
  gtk_grid_attach (grid, GTK_WIDGET (self->title), 1, 0, 1, 1);
  gtk_grid_attach (grid, buttons, 2, 0, 1, 2);
  gtk_grid_attach (grid, GTK_WIDGET (self->status), 1, 1, 1, 1);
  gtk_container_add (GTK_CONTAINER (self), GTK_WIDGET (grid));
  gtk_widget_show_all (GTK_WIDGET (self));
  gtk_widget_set_visible (self->remove_button, removable);
  gtk_widget_set_visible (self->edit_button, removable);
  gtk_widget_set_no_show_all (GTK_WIDGET (grid), TRUE);

  g_signal_connect_object (host, "notify::state", G_CALLBACK (state_cb), self, 0);
  g_signal_connect_object (host, "notify::error", G_CALLBACK (state_cb), self, 0);
  update (self);
  return GTK_WIDGET (self);
}

/* Returns: (transfer none) */
OrielHost *
oriel_host_row_get_host (OrielHostRow *self)
{
  g_return_val_if_fail (ORIEL_IS_HOST_ROW (self), NULL);
  return self->host;
}

/* Returns: (transfer none) */
GtkButton *
oriel_host_row_get_edit_button (OrielHostRow *self)
{
  g_return_val_if_fail (ORIEL_IS_HOST_ROW (self), NULL);
  return GTK_BUTTON (self->edit_button);
}

/* Returns: (transfer none) */
GtkButton *
oriel_host_row_get_remove_button (OrielHostRow *self)
{
  g_return_val_if_fail (ORIEL_IS_HOST_ROW (self), NULL);
  return GTK_BUTTON (self->remove_button);
}

