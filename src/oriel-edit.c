#define G_LOG_DOMAIN "oriel-edit"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/virterror.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "oriel-domain-editor.h"
#include "oriel-error.h"

/* The settings pane's edits for scripts: the same code, the same checks.
 * Exit status: 0 done, 2 invalid input, 3 changed by someone else, 1 else. */
enum { EXIT_DONE = 0, EXIT_OTHER = 1, EXIT_INVALID = 2, EXIT_CHANGED = 3 };

static char *uri;
static char **sets;
static char **gets;
static char *xml_file;
static gboolean dry_run;
static gboolean live;
static gboolean version;

static const GOptionEntry entries[] = {
  { "connect", 'c', 0, G_OPTION_ARG_STRING, &uri, N_("libvirt URI of the host"), N_("URI") },
  { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, N_("Change a setting (repeatable)"), N_("KEY=VALUE") },
  { "get", 0, 0, G_OPTION_ARG_STRING_ARRAY, &gets, N_("Print a setting (repeatable)"), N_("KEY") },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Print what would change; write nothing"), NULL },
  { "live", 0, 0, G_OPTION_ARG_NONE, &live, N_("Also change the running guest’s display password now"), NULL },
  { "xml-file", 0, 0, G_OPTION_ARG_FILENAME, &xml_file, N_("Edit this domain XML file offline and print the result; the file is not changed"), N_("FILE") },
  { "version", 'V', 0, G_OPTION_ARG_NONE, &version, N_("Show the version and quit"), NULL },
  { NULL }
};

static int
status_of (const GError *error)
{
  if (error->domain == ORIEL_ERROR && error->code == ORIEL_ERROR_CHANGED)
    return EXIT_CHANGED;
  if (error->domain == ORIEL_ERROR
      && (error->code == ORIEL_ERROR_INVALID_VALUE || error->code == ORIEL_ERROR_INVALID_XML))
    return EXIT_INVALID;
  if (error->domain == G_OPTION_ERROR)
    return EXIT_INVALID;
  return EXIT_OTHER;
}

static int
fail (GError *error)
{
  int status = status_of (error);

  g_printerr ("oriel-edit: %s\n", error->message);
  g_error_free (error);
  return status;
}

/* One line of standard input: how a password reaches us without showing
 * up in the process list. */
static char *
read_secret (void)
{
  char line[1024];
  gsize len;

  if (fgets (line, sizeof line, stdin) == NULL)
    return g_strdup ("");
  len = strlen (line);
  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    line[--len] = '\0';
  return g_strdup (line);
}

/* Applies every --set in order; stops at the first refusal. */
static gboolean
apply_sets (OrielDomainConfig *config, GError **error)
{
  for (guint i = 0; sets && sets[i]; i++)
    {
      g_auto (GStrv) kv = g_strsplit (sets[i], "=", 2);

      if (kv[1] == NULL)
        {
          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                       _("“%s”: write the setting as KEY=VALUE"), sets[i]);
          return FALSE;
        }
      if (g_str_has_suffix (kv[0], "password") && g_str_equal (kv[1], "-"))
        {
          g_free (kv[1]);
          kv[1] = read_secret ();
        }
      else if (g_str_has_suffix (kv[0], "password") && *kv[1] != '\0')
        g_printerr (_("oriel-edit: warning: a password in the arguments is visible to other users of this machine; give %s=- and type it on standard input instead\n"),
                    kv[0]);
      if (!oriel_domain_config_set_key (config, kv[0], kv[1], error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
print_gets (OrielDomainConfig *config, GError **error)
{
  const char * const *keys = gets ? (const char * const *) gets : oriel_domain_config_keys ();

  for (guint i = 0; keys[i]; i++)
    {
      g_autofree char *value = oriel_domain_config_get_key (config, keys[i], error);

      if (value == NULL)
        return FALSE;
      /* Listing everything: KEY=VALUE; asked for one: just the value. */
      if (gets != NULL)
        g_print ("%s\n", value);
      else if (!g_str_has_suffix (keys[i], "password"))
        g_print ("%s=%s\n", keys[i], value);
    }
  return TRUE;
}

static int
edit_file (void)
{
  g_autofree char *xml = NULL;
  g_autoptr (OrielDomainConfig) config = NULL;
  GError *error = NULL;

  if (!g_file_get_contents (xml_file, &xml, NULL, &error))
    return fail (error);
  config = oriel_domain_config_new (xml, &error);
  if (config == NULL)
    {
      g_prefix_error (&error, "%s: ", xml_file);
      return fail (error);
    }
  if (!apply_sets (config, &error))
    return fail (error);
  if (sets == NULL)
    return print_gets (config, &error) ? EXIT_DONE : fail (error);
  if (dry_run)
    {
      g_autofree char *diff = oriel_domain_config_diff (config);

      fputs (diff, stdout);
    }
  else
    {
      fputs (oriel_domain_config_get_xml (config), stdout);
    }
  return EXIT_DONE;
}

static virDomainPtr
lookup (virConnectPtr conn, const char *name, GError **error)
{
  virDomainPtr domain = virDomainLookupByName (conn, name);
  guint64 id;

  if (domain == NULL)
    domain = virDomainLookupByUUIDString (conn, name);
  if (domain == NULL && g_ascii_string_to_unsigned (name, 10, 0, G_MAXINT, &id, NULL))
    domain = virDomainLookupByID (conn, id);
  if (domain == NULL)
    g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_NOT_FOUND,
                 _("No domain “%s” on %s; `virsh list --all` shows the names"),
                 name, virConnectGetURI (conn) ? virConnectGetURI (conn) : "this host");
  return domain;
}

static void
quiet_libvirt (void *data, virErrorPtr err)
{
  /* Errors reach the person through GError messages, once. */
}

static int
edit_domain (const char *name)
{
  g_autoptr (OrielDomainConfig) config = NULL;
  virConnectPtr conn;
  virDomainPtr domain;
  GError *error = NULL;
  int status = EXIT_DONE;

  virSetErrorFunc (NULL, quiet_libvirt);
  /* a terminal tool: libvirt's own prompts ask for any credentials */
  conn = virConnectOpenAuth (uri, virConnectAuthPtrDefault, 0);
  if (conn == NULL)
    {
      g_printerr (_("oriel-edit: cannot connect to %s: %s\n"), uri ? uri : _("the default host"),
                  virGetLastErrorMessage ());
      return EXIT_OTHER;
    }
  domain = lookup (conn, name, &error);
  if (domain != NULL)
    config = oriel_domain_editor_load (domain, &error);
  if (config == NULL || !apply_sets (config, &error))
    status = fail (error);
  else if (sets == NULL)
    status = print_gets (config, &error) ? EXIT_DONE : fail (error);
  else if (dry_run)
    {
      g_autofree char *diff = oriel_domain_config_diff (config);

      fputs (diff, stdout);
    }
  else if (!oriel_domain_editor_apply (domain, config, live, &error))
    status = fail (error);
  else if (oriel_domain_config_is_modified (config) && virDomainIsActive (domain) == 1)
    g_printerr (_("oriel-edit: saved; “%s” is running and uses the new settings after it restarts\n"),
                name);
  if (domain != NULL)
    virDomainFree (domain);
  virConnectClose (conn);
  return status;
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  GError *error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("[DOMAIN] — edit a domain’s display settings"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Keys: video.model video.heads video.accel3d video.vram (KiB) graphics.type\n"
      "graphics.listen graphics.port graphics.tls-port graphics.keymap graphics.password;\n"
      "video[1].heads picks the second video device.\n"
      "Exit status: 0 done, 2 invalid input, 3 changed by someone else, 1 other failure."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error);
  if (version)
    {
      g_print ("oriel-edit %s\n", PACKAGE_VERSION);
      return EXIT_DONE;
    }
  if (sets != NULL && gets != NULL)
    {
      g_printerr (_("oriel-edit: use either --set or --get\n"));
      return EXIT_INVALID;
    }
  if (xml_file != NULL)
    {
      if (argc != 1)
        {
          g_printerr (_("oriel-edit: with --xml-file, give no domain name\n"));
          return EXIT_INVALID;
        }
      return edit_file ();
    }
  if (argc != 2)
    {
      g_printerr (_("oriel-edit: name one domain (see --help)\n"));
      return EXIT_INVALID;
    }
  return edit_domain (argv[1]);
}
