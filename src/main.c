#define G_LOG_DOMAIN "oriel"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "oriel-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr (OrielApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("oriel");
  g_set_application_name (_("Oriel"));

  app = oriel_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
