#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-display-page.h"

struct _OrielDisplayPage
{
  GtkStack parent_instance;

  OrielDisplay *display;
  GtkWidget *note;
  gboolean wanted;              /* FALSE: off as far as Oriel asked the guest */
};

G_DEFINE_FINAL_TYPE (OrielDisplayPage, oriel_display_page, GTK_TYPE_STACK)

enum
{
  TURN_ON,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ready_cb (OrielDisplay *display, GParamSpec *pspec, OrielDisplayPage *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self),
                                    oriel_display_page_get_shown (self) ? "display" : "off");
}

/* Whether the guest shows something here: it drew on the display, and (when
 * Oriel decides which displays are on) Oriel asked for it. A display turned
 * off still has a picture at QEMU: its "not active" notice. */
gboolean
oriel_display_page_get_shown (OrielDisplayPage *self)
{
  g_return_val_if_fail (ORIEL_IS_DISPLAY_PAGE (self), FALSE);
  return self->wanted && oriel_display_get_ready (self->display);
}

void
oriel_display_page_set_wanted (OrielDisplayPage *self, gboolean wanted)
{
  g_return_if_fail (ORIEL_IS_DISPLAY_PAGE (self));
  self->wanted = wanted;
  ready_cb (self->display, NULL, self);
}

static void
turn_on_clicked_cb (GtkButton *button, OrielDisplayPage *self)
{
  g_signal_emit (self, signals[TURN_ON], 0);
}

static void
oriel_display_page_class_init (OrielDisplayPageClass *klass)
{
  signals[TURN_ON] = g_signal_new ("turn-on", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
oriel_display_page_init (OrielDisplayPage *self)
{
}

GtkWidget *
oriel_display_page_new (OrielDisplay *display)
{
  OrielDisplayPage *self;
  GtkWidget *box, *label, *button;
  g_autofree char *text = NULL;

  g_return_val_if_fail (ORIEL_IS_DISPLAY (display), NULL);

  self = g_object_new (ORIEL_TYPE_DISPLAY_PAGE, "hexpand", TRUE, "vexpand", TRUE, NULL);
  self->display = display;
  self->wanted = TRUE;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  text = g_strdup_printf (_("The guest has not turned on display %u."),
                          oriel_display_get_monitor (display) + 1);
  label = gtk_label_new (text);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  button = gtk_button_new_with_mnemonic (_("_Turn On"));
  gtk_widget_set_tooltip_text (button, _("Ask the guest to show a desktop on this display"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  if (!oriel_display_can_configure_guest (display))
    gtk_widget_set_sensitive (button, FALSE);
  g_signal_connect_object (button, "clicked", G_CALLBACK (turn_on_clicked_cb), self, 0);
  gtk_container_add (GTK_CONTAINER (box), label);
  gtk_container_add (GTK_CONTAINER (box), button);
  gtk_widget_show_all (box);
  self->note = box;

  gtk_stack_add_named (GTK_STACK (self), box, "off");
  gtk_stack_add_named (GTK_STACK (self), GTK_WIDGET (display), "display");
  gtk_widget_show (GTK_WIDGET (display));
  g_signal_connect_object (display, "notify::ready", G_CALLBACK (ready_cb), self, 0);
  ready_cb (display, NULL, self);
  return GTK_WIDGET (self);
}

/* Returns: (transfer none) */
OrielDisplay *
oriel_display_page_get_display (OrielDisplayPage *self)
{
  g_return_val_if_fail (ORIEL_IS_DISPLAY_PAGE (self), NULL);
  return self->display;
}

/* The display's number as people count: 2 for the second. */
guint
oriel_display_page_get_number (OrielDisplayPage *self)
{
  g_return_val_if_fail (ORIEL_IS_DISPLAY_PAGE (self), 0);
  return oriel_display_get_monitor (self->display) + 1;
}
