#define G_LOG_DOMAIN "oriel"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <spice-client.h>

#include "oriel-application.h"
#include "oriel-viewer-options.h"

static gboolean
asks_for_help (char **argv)
{
  for (int i = 1; argv[i] != NULL && !g_str_equal (argv[i], "--"); i++)
    if (g_str_equal (argv[i], "-h") || g_str_equal (argv[i], "--help")
        || g_str_equal (argv[i], "-?"))
      return TRUE;
  return FALSE;
}

int
main (int argc, char *argv[])
{
  g_autoptr (OrielApplication) app = NULL;
  g_autoptr (OrielViewerOptions) options = NULL;
  g_autoptr (OrielViewerTarget) target = NULL;
  g_autoptr (GError) error = NULL;
  char *app_argv[] = { argv[0], NULL };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("oriel");
  g_set_application_name (_("Oriel"));

  /* virt-viewer's and remote-viewer's command line, parsed and checked
   * before anything starts, so a mistake costs nothing but a message. */
  if (asks_for_help (argv))
    {
      g_autofree char *help = oriel_viewer_options_help ();

      g_print ("%s", help);
      return 0;
    }
  options = oriel_viewer_options_parse (argv, &error);
  if (options == NULL)
    {
      g_printerr ("oriel: %s\n", error->message);
      g_printerr (_("Run “oriel --help” to see the options.\n"));
      return 1;
    }
  if (options->version)
    {
      g_print ("oriel %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (options->debug)
    {
      /* spice-gtk's own trace too; not gtk-vnc's, which prints the
       * credentials it is given (test-secrets found it) */
      g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
      spice_util_set_debug (TRUE);
    }
  else if (options->verbose)
    g_setenv ("G_MESSAGES_DEBUG", "oriel oriel-gui oriel-console oriel-transport", FALSE);

  if (options->kind != ORIEL_TARGET_NONE && options->kind != ORIEL_TARGET_DOMAIN)
    {
      target = oriel_application_load_target (options, &error);
      if (target == NULL)
        {
          g_printerr ("oriel: %s\n", error->message);
          return 1;
        }
    }

  app = oriel_application_new_with_options (g_steal_pointer (&options), g_steal_pointer (&target));
  return g_application_run (G_APPLICATION (app), 1, app_argv);
}
