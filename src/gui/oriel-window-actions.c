#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include "oriel-session-spice.h"
#include "oriel-window-private.h"

/* The window's actions: the accelerators of OrielApplication point here. */

static void
fullscreen_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  OrielWindow *self = user_data;
  OrielConsoleTab *tab = oriel_window_get_current_tab (self);
  int monitor = tab != NULL ? oriel_console_tab_get_fullscreen_monitor (tab) : -1;

  if (self->fullscreen)
    gtk_window_unfullscreen (GTK_WINDOW (self));
  else if (monitor >= 0)  /* the first of several guest displays: its monitor */
    gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), gtk_window_get_screen (GTK_WINDOW (self)),
                                      monitor);
  else
    gtk_window_fullscreen (GTK_WINDOW (self));
}

static void
zoom_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  OrielConsoleTab *tab = oriel_window_get_current_tab (user_data);
  const char *name = g_action_get_name (G_ACTION (action));

  if (tab == NULL)
    return;
  if (g_str_equal (name, "zoom-in"))
    oriel_console_tab_zoom (tab, 1);
  else if (g_str_equal (name, "zoom-out"))
    oriel_console_tab_zoom (tab, -1);
  else
    oriel_console_tab_zoom (tab, 0);
}

static void
close_tab_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  OrielConsoleTab *tab = oriel_window_get_current_tab (user_data);

  if (tab != NULL)
    oriel_window_close_tab (user_data, tab);
}

static void
toggle_text_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  OrielConsoleTab *tab = oriel_window_get_current_tab (user_data);

  if (tab != NULL)
    oriel_console_tab_toggle_text (tab);
}

static void
secure_attention_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  OrielConsoleTab *tab = oriel_window_get_current_tab (user_data);
  GActionGroup *group = tab ? gtk_widget_get_action_group (GTK_WIDGET (tab), "console") : NULL;

  if (group != NULL)
    g_action_group_activate_action (group, "send-keys", g_variant_new_string ("ctrl-alt-del"));
}

static OrielSessionSpice *
current_spice (OrielWindow *self)
{
  OrielConsoleTab *tab = oriel_window_get_current_tab (self);
  OrielSession *session = tab ? oriel_console_tab_get_session (tab) : NULL;

  return ORIEL_IS_SESSION_SPICE (session) ? ORIEL_SESSION_SPICE (session) : NULL;
}

static void
smartcard_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  OrielSessionSpice *spice = current_spice (user_data);
  gboolean insert = g_str_equal (g_action_get_name (G_ACTION (action)), "smartcard-insert");

  if (spice == NULL || !oriel_session_spice_smartcard (spice, insert))
    g_debug ("No software smartcard to %s", insert ? "insert" : "remove");
}

static void
usb_reset_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  OrielSessionSpice *spice = current_spice (user_data);

  if (spice != NULL)
    g_debug ("%u USB devices returned", oriel_session_spice_usb_reset (spice));
}

static const GActionEntry win_actions[] = {
  { "secure-attention", secure_attention_activated },
  { "smartcard-insert", smartcard_activated },
  { "smartcard-remove", smartcard_activated },
  { "usb-device-reset", usb_reset_activated },
  { "toggle-text", toggle_text_activated },
  { "fullscreen", fullscreen_activated },
  { "zoom-in", zoom_activated },
  { "zoom-out", zoom_activated },
  { "zoom-reset", zoom_activated },
  { "close-tab", close_tab_activated },
};

void
oriel_window_setup_actions (OrielWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions),
                                   self);
}
