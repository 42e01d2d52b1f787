#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-char-device.h"
#include "oriel-console-tab-private.h"
#include "oriel-display-page.h"
#include "oriel-serial-view.h"

/* The text consoles of a tab's domain: one page each beside the display,
 * listed once (they are part of the domain's configuration). */

/* The page in front gets the keyboard: typing goes where one looks. */
static void
switch_page_cb (GtkNotebook *views, GtkWidget *page, guint number, OrielConsoleTab *self)
{
  for (guint n = 0; n < oriel_console_tab_get_n_displays (self); n++)
    oriel_display_release_grab (oriel_console_tab_get_nth_display (self, n));
  if (ORIEL_IS_SERIAL_VIEW (page))
    gtk_widget_grab_focus (
      GTK_WIDGET (oriel_display_vte_get_terminal (oriel_serial_view_get_display (ORIEL_SERIAL_VIEW (page)))));
  else if (ORIEL_IS_DISPLAY_PAGE (page))
    gtk_widget_grab_focus (
      oriel_display_get_content (oriel_display_page_get_display (ORIEL_DISPLAY_PAGE (page))));
  else if (self->display != NULL)
    gtk_widget_grab_focus (oriel_display_get_content (self->display));
}

static void
consoles_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (OrielConsoleTab) self = user_data;
  g_autoptr (GPtrArray) devices = NULL;
  g_autoptr (GError) error = NULL;

  devices = oriel_domain_fetch_consoles_finish (ORIEL_DOMAIN (source), result, &error);
  if (devices == NULL)
    {
      g_debug ("No text consoles for %s: %s", oriel_domain_get_name (self->domain),
               error->message);
      return;
    }
  /* The tab may have been closed (and disposed) while libvirt answered. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || self->domain == NULL)
    return;

  for (guint i = 0; i < devices->len; i++)
    {
      OrielSerialView *view = oriel_serial_view_new (self->domain, g_ptr_array_index (devices, i));

      gtk_notebook_append_page (self->views, GTK_WIDGET (view),
                                gtk_label_new (oriel_serial_view_get_title (view)));
    }
  oriel_console_tab_update_page_strip (self);
  if (self->prefer_text && devices->len > 0)
    gtk_notebook_set_current_page (self->views, 1);
}

void
oriel_console_tab_list_consoles (OrielConsoleTab *self)
{
  if (self->consoles_listed)
    return;
  self->consoles_listed = TRUE;
  g_signal_connect_object (self->views, "switch-page", G_CALLBACK (switch_page_cb), self,
                           G_CONNECT_AFTER);
  oriel_domain_fetch_consoles_async (self->domain, NULL, consoles_ready_cb, g_object_ref (self));
}

/* Returns: (transfer container) (element-type OrielSerialView) */
GList *
oriel_console_tab_get_text_views (OrielConsoleTab *self)
{
  GList *views = NULL;
  int n;

  g_return_val_if_fail (ORIEL_IS_CONSOLE_TAB (self), NULL);

  n = gtk_notebook_get_n_pages (self->views);
  for (int i = n - 1; i >= 1; i--)
    views = g_list_prepend (views, gtk_notebook_get_nth_page (self->views, i));
  return views;
}

/* Between the display and the first text console (Ctrl+Shift+T). */
void
oriel_console_tab_toggle_text (OrielConsoleTab *self)
{
  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));

  if (gtk_notebook_get_n_pages (self->views) < 2)
    return;
  gtk_notebook_set_current_page (self->views,
                                 gtk_notebook_get_current_page (self->views) == 0 ? 1 : 0);
}

/* For `oriel --serial DOMAIN`: the first text console in front. */
void
oriel_console_tab_set_prefer_text (OrielConsoleTab *self, gboolean prefer)
{
  g_return_if_fail (ORIEL_IS_CONSOLE_TAB (self));

  self->prefer_text = prefer;
  if (prefer && gtk_notebook_get_n_pages (self->views) > 1)
    gtk_notebook_set_current_page (self->views, 1);
}
