#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-application.h"
#include "oriel-window.h"

struct _OrielApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (OrielApplication, oriel_application, GTK_TYPE_APPLICATION)

/* Every accelerator in one place. They stand aside while a guest holds the
 * keyboard (see OrielWindow's key handling). */
static const struct
{
  const char *action;
  const char *accels[4];
} accels[] = {
  { "win.fullscreen", { "F11", NULL } },
  { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
  { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
  { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
  { "win.close-tab", { "<Control>w", NULL } },
  { "win.toggle-text", { "<Control><Shift>t", NULL } },
  { "app.quit", { "<Control>q", NULL } },
};

static const GOptionEntry options[] = {
  { "connect", 'c', 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect to the libvirt URI (default: qemu:///system, then qemu:///session)"), N_("URI") },
  { "read-only", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the libvirt connection read-only: displays are reached through their network "
       "address and passwords are asked for"), NULL },
  { "serial", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the domain's first text console (serial or console device) in front"), NULL },
  { "version", 'V', 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[DOMAIN]") },
  { NULL }
};

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
};

static int
oriel_application_handle_local_options (GApplication *app, GVariantDict *opts)
{
  g_autofree const char **rest = NULL;

  if (g_variant_dict_contains (opts, "version"))
    {
      g_print ("oriel %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (opts, G_OPTION_REMAINING, "^a&s", &rest) && g_strv_length ((char **) rest) > 1)
    {
      g_printerr (_("oriel: give at most one domain (name, id or UUID)\n"));
      return 1;
    }
  return -1;
}

static int
oriel_application_command_line (GApplication *app, GApplicationCommandLine *cmdline)
{
  GVariantDict *opts = g_application_command_line_get_options_dict (cmdline);
  g_autofree const char **rest = NULL;
  const char *uri = NULL;
  gboolean read_only = FALSE;
  gboolean serial = FALSE;
  OrielWindow *window;

  g_variant_dict_lookup (opts, "connect", "&s", &uri);
  g_variant_dict_lookup (opts, "read-only", "b", &read_only);
  g_variant_dict_lookup (opts, "serial", "b", &serial);
  g_variant_dict_lookup (opts, G_OPTION_REMAINING, "^a&s", &rest);

  window = oriel_window_new (ORIEL_APPLICATION (app), uri, read_only,
                             rest != NULL ? rest[0] : NULL);
  oriel_window_set_text_first (window, serial);
  gtk_window_present (GTK_WINDOW (window));
  return 0;
}

static void
oriel_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (oriel_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
oriel_application_class_init (OrielApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = oriel_application_startup;
  app_class->command_line = oriel_application_command_line;
  app_class->handle_local_options = oriel_application_handle_local_options;
}

static void
oriel_application_init (OrielApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[DOMAIN]"));
  g_application_set_option_context_summary (
    G_APPLICATION (self), _("Show the consoles of libvirt virtual machines."));
}

OrielApplication *
oriel_application_new (void)
{
  /* Non-unique: each invocation is its own viewer, and no session bus is needed. */
  return g_object_new (ORIEL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE,
                       NULL);
}
