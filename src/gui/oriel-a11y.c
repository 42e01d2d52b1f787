#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-a11y.h"

/* Accessible names for controls that have none. GTK 3 names a button by its
 * label but leaves an entry, a switch, a combo box or an icon button
 * nameless even when a label points at it with a mnemonic (GTK 4 does
 * this itself): a screen reader would say "button". Each control gets, when
 * it first maps, the text of the label that names it, else its tooltip;
 * the parts inside a combo box take the combo box's name. */

static void
set_name (GtkWidget *widget, const char *text)
{
  if (text != NULL && *text != '\0')
    atk_object_set_name (gtk_widget_get_accessible (widget), text);
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_ENTRY (widget)
         || GTK_IS_COMBO_BOX (widget) || GTK_IS_SCALE (widget);
}

/* What a button shows when it shows no label of its own: a label deeper
 * inside (a menu button's), or what its icon stands for (GTK's search
 * buttons). */
static const char *
inner_text (GtkWidget *widget)
{
  g_autoptr (GList) children = NULL;

  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_IMAGE (widget) && gtk_image_get_storage_type (GTK_IMAGE (widget)) == GTK_IMAGE_ICON_NAME)
    {
      const char *icon = NULL;

      gtk_image_get_icon_name (GTK_IMAGE (widget), &icon, NULL);
      if (icon != NULL && g_str_has_prefix (icon, "edit-find"))
        return _("Search");
      if (icon != NULL && g_str_has_prefix (icon, "open-menu"))
        return _("Menu");
      return NULL;
    }
  if (!GTK_IS_CONTAINER (widget))
    return NULL;
  children = gtk_container_get_children (GTK_CONTAINER (widget));
  for (GList *l = children; l != NULL; l = l->next)
    {
      const char *text = inner_text (l->data);

      if (text != NULL && *text != '\0')
        return text;
    }
  return NULL;
}

/* Gives @widget a name if it is a control without one. */
void
oriel_a11y_name (GtkWidget *widget)
{
  AtkObject *accessible;
  const char *name;
  GList *labels;
  GtkWidget *combo;
  g_autofree char *tooltip = NULL;

  if (!is_control (widget) || (accessible = gtk_widget_get_accessible (widget)) == NULL)
    return;
  name = atk_object_get_name (accessible);
  if (name != NULL && *name != '\0')
    return;

  labels = gtk_widget_list_mnemonic_labels (widget);
  if (labels != NULL && GTK_IS_LABEL (labels->data))
    set_name (widget, gtk_label_get_text (GTK_LABEL (labels->data)));  /* no mnemonic mark */
  g_list_free (labels);
  name = atk_object_get_name (accessible);
  if (name != NULL && *name != '\0')
    return;

  /* a combo box's own button or entry */
  combo = gtk_widget_get_ancestor (gtk_widget_get_parent (widget), GTK_TYPE_COMBO_BOX);
  if (combo != NULL)
    {
      oriel_a11y_name (combo);
      set_name (widget, atk_object_get_name (gtk_widget_get_accessible (combo)));
      return;
    }
  tooltip = gtk_widget_get_tooltip_text (widget);
  set_name (widget, tooltip);
  name = atk_object_get_name (accessible);
  if (name == NULL || *name == '\0')
    set_name (widget, inner_text (widget));
}

static gboolean
map_hook (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  if (GTK_IS_WIDGET (widget))
    oriel_a11y_name (widget);
  return TRUE;  /* stay installed */
}

/* Once per process: every widget that maps from now on is looked at. */
void
oriel_a11y_install (void)
{
  static gsize installed;

  if (g_once_init_enter (&installed))
    {
      guint signal = g_signal_lookup ("map", GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (signal, 0, map_hook, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}
