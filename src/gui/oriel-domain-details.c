#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-char-device.h"
#include "oriel-domain-details.h"
#include "oriel-domain-summary.h"
#include "oriel-graphics-info.h"

/* Below the domain list: power buttons for the selected domain, each
 * usable only in the states where it applies, and what a console user
 * needs to know of it, read-only. A failed action says why here. */
struct _OrielDomainDetails
{
  GtkBox parent_instance;

  OrielDomain *domain;
  GCancellable *cancellable;
  GtkWidget *buttons[ORIEL_POWER_FORCE_OFF + 1];
  GtkLabel *uuid_label;
  GtkLabel *displays_label;
  GtkLabel *consoles_label;
  GtkLabel *monitors_label;
  GtkLabel *gpus_label;
  GtkLabel *error_label;
};

G_DEFINE_FINAL_TYPE (OrielDomainDetails, oriel_domain_details, GTK_TYPE_BOX)

static void
show_error (OrielDomainDetails *self, const char *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_buttons (OrielDomainDetails *self)
{
  for (int action = 0; action <= ORIEL_POWER_FORCE_OFF; action++)
    gtk_widget_set_sensitive (self->buttons[action],
                              self->domain != NULL
                                && oriel_domain_power_applies (self->domain, action));
  /* one place for pause and resume: the one that applies */
  gtk_widget_set_visible (self->buttons[ORIEL_POWER_RESUME],
                          self->domain != NULL
                            && oriel_domain_get_state (self->domain) == ORIEL_DOMAIN_STATE_PAUSED);
  gtk_widget_set_visible (self->buttons[ORIEL_POWER_PAUSE],
                          !gtk_widget_get_visible (self->buttons[ORIEL_POWER_RESUME]));
}

/* Returns: (transfer full) (nullable): a line for @data, or NULL to leave
 * it out */
typedef char *(*DescribeFunc) (gpointer data);

static char *
describe_gpu (gpointer data)
{
  OrielGpu *gpu = data;

  if (gpu->mediated)
    /* Translators: a mediated device (vGPU) and its UUID */
    return g_strdup_printf (_("vGPU %s"), gpu->address);
  if (gpu->known && !gpu->display)
    return NULL;   /* a NIC or disk passed through: not a display */
  if (gpu->product != NULL)
    return g_strdup_printf (_("PCI %s (%s)"), gpu->address, gpu->product);
  return g_strdup_printf (_("PCI %s"), gpu->address);
}

/* One line per item of @items, as @describe words it. */
static char *
join_lines (GPtrArray *items, DescribeFunc describe)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *line = describe (g_ptr_array_index (items, i));

      if (line != NULL)
        g_string_append_printf (text, "%s%s", text->len ? "\n" : "", line);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
summary_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielDomainSummary) summary =
    oriel_domain_fetch_summary_finish (ORIEL_DOMAIN (source), result, &error);
  OrielDomainDetails *self;
  g_autofree char *displays = NULL;
  g_autofree char *consoles = NULL;
  g_autofree char *gpus = NULL;
  g_autofree char *monitors = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = ORIEL_DOMAIN_DETAILS (user_data);
  if (summary == NULL)
    {
      show_error (self, error->message);
      return;
    }
  displays = join_lines (summary->graphics, (DescribeFunc) oriel_graphics_info_describe);
  consoles = join_lines (summary->consoles, (DescribeFunc) oriel_char_device_get_label);
  gpus = join_lines (summary->gpus, describe_gpu);
  if (summary->video_model != NULL)
    /* Translators: "2 (qxl)": monitors of the video device, and its model */
    monitors = g_strdup_printf (_("%u (%s)"), summary->heads, summary->video_model);
  gtk_label_set_text (self->uuid_label, summary->uuid ? summary->uuid : "");
  gtk_label_set_text (self->displays_label, *displays ? displays : _("None"));
  gtk_label_set_text (self->consoles_label, *consoles ? consoles : _("None"));
  gtk_label_set_text (self->monitors_label, monitors ? monitors : _("No video device"));
  gtk_label_set_text (self->gpus_label, *gpus ? gpus : _("None"));
}

static void
refresh (OrielDomainDetails *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  update_buttons (self);
  if (self->domain == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  oriel_domain_fetch_summary_async (self->domain, self->cancellable, summary_ready_cb, self);
}

static void
state_cb (OrielDomain *domain, GParamSpec *pspec, OrielDomainDetails *self)
{
  /* the displays' ports come and go with the guest */
  refresh (self);
}

static void
power_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (OrielDomainDetails) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!oriel_domain_power_finish (ORIEL_DOMAIN (source), result, &error))
    show_error (self, error->message);
}

static void
run (OrielDomainDetails *self, OrielPowerAction action)
{
  show_error (self, NULL);
  oriel_domain_power_async (self->domain, action, NULL, power_ready_cb, g_object_ref (self));
}

static void
force_off_response_cb (GtkDialog *dialog, int response, OrielDomainDetails *self)
{
  OrielDomain *domain = g_object_get_data (G_OBJECT (dialog), "domain");

  if (response == GTK_RESPONSE_ACCEPT && domain == self->domain)
    run (self, ORIEL_POWER_FORCE_OFF);
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
clicked_cb (GtkButton *button, OrielDomainDetails *self)
{
  OrielPowerAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "action"));
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->domain == NULL || !oriel_domain_power_applies (self->domain, action))
    return;
  if (action != ORIEL_POWER_FORCE_OFF)
    {
      run (self, action);
      return;
    }
  /* the one that loses work: asked first */
  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                   _("Force off “%s”?"), oriel_domain_get_name (self->domain));
  gtk_message_dialog_format_secondary_text (
    GTK_MESSAGE_DIALOG (dialog),
    _("It stops at once, as if its power were cut: whatever the guest has not saved is lost."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_style_context_add_class (
    gtk_widget_get_style_context (gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Force Off"),
                                                         GTK_RESPONSE_ACCEPT)),
    "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_object_set_data_full (G_OBJECT (dialog), "domain", g_object_ref (self->domain),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (force_off_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
add_button (OrielDomainDetails *self, GtkBox *box, OrielPowerAction action, const char *icon,
            const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon, GTK_ICON_SIZE_BUTTON);

  gtk_widget_set_tooltip_text (button, label);
  atk_object_set_name (gtk_widget_get_accessible (button), label);
  g_object_set_data (G_OBJECT (button), "action", GINT_TO_POINTER (action));
  g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), self);
  gtk_container_add (GTK_CONTAINER (box), button);
  self->buttons[action] = button;
  return button;
}

static GtkLabel *
add_row (GtkGrid *grid, int row, const char *title)
{
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *value = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 1.0);
  gtk_label_set_yalign (GTK_LABEL (name), 0.0);
  gtk_style_context_add_class (gtk_widget_get_style_context (name), "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value), 0.0);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_label_set_line_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_line_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_grid_attach (grid, name, 0, row, 1, 1);
  gtk_grid_attach (grid, value, 1, row, 1, 1);
  atk_object_set_name (gtk_widget_get_accessible (value), title);
  return GTK_LABEL (value);
}

static void
oriel_domain_details_dispose (GObject *object)
{
  OrielDomainDetails *self = ORIEL_DOMAIN_DETAILS (object);

  oriel_domain_details_set_domain (self, NULL);
  G_OBJECT_CLASS (oriel_domain_details_parent_class)->dispose (object);
}

static void
oriel_domain_details_class_init (OrielDomainDetailsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = oriel_domain_details_dispose;
}

static void
oriel_domain_details_init (OrielDomainDetails *self)
{
  GtkBox *buttons = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_container_set_border_width (GTK_CONTAINER (self), 6);
  gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (buttons)), "linked");
  add_button (self, buttons, ORIEL_POWER_START, "media-playback-start-symbolic", _("Start"));
  add_button (self, buttons, ORIEL_POWER_SHUTDOWN, "system-shutdown-symbolic", _("Shut Down"));
  add_button (self, buttons, ORIEL_POWER_REBOOT, "system-reboot-symbolic", _("Reboot"));
  add_button (self, buttons, ORIEL_POWER_PAUSE, "media-playback-pause-symbolic", _("Pause"));
  add_button (self, buttons, ORIEL_POWER_RESUME, "media-seek-forward-symbolic", _("Resume"));
  add_button (self, buttons, ORIEL_POWER_FORCE_OFF, "process-stop-symbolic", _("Force Off"));

  gtk_grid_set_row_spacing (grid, 4);
  gtk_grid_set_column_spacing (grid, 12);
  self->uuid_label = add_row (grid, 0, _("UUID"));
  self->displays_label = add_row (grid, 1, _("Displays"));
  self->consoles_label = add_row (grid, 2, _("Text consoles"));
  self->monitors_label = add_row (grid, 3, _("Monitors"));
  self->gpus_label = add_row (grid, 4, _("GPUs"));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->error_label, 0.0);
  gtk_label_set_line_wrap (self->error_label, TRUE);
  gtk_label_set_selectable (self->error_label, TRUE);
  gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (self->error_label)),
                               "error");

  gtk_container_add (GTK_CONTAINER (self), GTK_WIDGET (buttons));
  gtk_container_add (GTK_CONTAINER (self), GTK_WIDGET (grid));
  gtk_container_add (GTK_CONTAINER (self), GTK_WIDGET (self->error_label));
  gtk_widget_show_all (GTK_WIDGET (self));
  gtk_widget_hide (GTK_WIDGET (self->error_label));
  gtk_widget_set_no_show_all (GTK_WIDGET (self->error_label), TRUE);
  update_buttons (self);
}

GtkWidget *
oriel_domain_details_new (void)
{
  return g_object_new (ORIEL_TYPE_DOMAIN_DETAILS, NULL);
}

/* @domain: (nullable): the selected domain, or NULL for none */
void
oriel_domain_details_set_domain (OrielDomainDetails *self, OrielDomain *domain)
{
  g_return_if_fail (ORIEL_IS_DOMAIN_DETAILS (self));

  if (self->domain == domain)
    return;
  if (self->domain != NULL)
    g_signal_handlers_disconnect_by_data (self->domain, self);
  g_set_object (&self->domain, domain);
  show_error (self, NULL);
  if (domain != NULL)
    g_signal_connect_object (domain, "notify::state", G_CALLBACK (state_cb), self, 0);
  refresh (self);
  gtk_widget_set_visible (GTK_WIDGET (self), domain != NULL);
}

/* Returns: (transfer none): the button for @action */
GtkButton *
oriel_domain_details_get_button (OrielDomainDetails *self, OrielPowerAction action)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_DETAILS (self), NULL);
  return GTK_BUTTON (self->buttons[action]);
}

/* Returns: (nullable): why the last action failed */
const char *
oriel_domain_details_get_error (OrielDomainDetails *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_DETAILS (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
           ? gtk_label_get_text (self->error_label) : NULL;
}

/* Returns: the text shown for the UUID, displays, consoles, monitors or GPUs */
const char *
oriel_domain_details_get_field (OrielDomainDetails *self, const char *name)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_DETAILS (self), NULL);
  if (g_str_equal (name, "uuid"))
    return gtk_label_get_text (self->uuid_label);
  if (g_str_equal (name, "displays"))
    return gtk_label_get_text (self->displays_label);
  if (g_str_equal (name, "consoles"))
    return gtk_label_get_text (self->consoles_label);
  if (g_str_equal (name, "monitors"))
    return gtk_label_get_text (self->monitors_label);
  if (g_str_equal (name, "gpus"))
    return gtk_label_get_text (self->gpus_label);
  return NULL;
}
