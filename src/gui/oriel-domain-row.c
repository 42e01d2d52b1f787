#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include "oriel-domain-row.h"

/* One domain in the list: name, state and display types, kept current by
 * property bindings. */
struct _OrielDomainRow
{
  GtkListBoxRow parent_instance;

  OrielDomain *domain;
  GtkLabel *name_label;
  GtkLabel *state_label;
  GtkLabel *graphics_label;
  GtkWidget *exposed_image;
};

G_DEFINE_FINAL_TYPE (OrielDomainRow, oriel_domain_row, GTK_TYPE_LIST_BOX_ROW)

static void
oriel_domain_row_dispose (GObject *object)
{
  OrielDomainRow *self = ORIEL_DOMAIN_ROW (object);

  g_clear_object (&self->domain);
  G_OBJECT_CLASS (oriel_domain_row_parent_class)->dispose (object);
}

static void
oriel_domain_row_class_init (OrielDomainRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = oriel_domain_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/oriel/Oriel/ui/oriel-domain-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OrielDomainRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, OrielDomainRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, OrielDomainRow, graphics_label);
  gtk_widget_class_bind_template_child (widget_class, OrielDomainRow, exposed_image);
}

static void
oriel_domain_row_init (OrielDomainRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
oriel_domain_row_new (OrielDomain *domain)
{
  OrielDomainRow *self;

  g_return_val_if_fail (ORIEL_IS_DOMAIN (domain), NULL);

  self = g_object_new (ORIEL_TYPE_DOMAIN_ROW, NULL);
  self->domain = g_object_ref (domain);
  g_object_bind_property (domain, "name", self->name_label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (domain, "state-label", self->state_label, "label",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (domain, "graphics-label", self->graphics_label, "label",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (domain, "exposed", self->exposed_image, "visible",
                          G_BINDING_SYNC_CREATE);
  return GTK_WIDGET (self);
}

/* Whether the row shows the warning of a console open to the network. */
gboolean
oriel_domain_row_shows_exposed (OrielDomainRow *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_ROW (self), FALSE);
  return gtk_widget_get_visible (self->exposed_image);
}

OrielDomain *
oriel_domain_row_get_domain (OrielDomainRow *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_ROW (self), NULL);
  return self->domain;
}
