#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include "oriel-monitor-settings.h"

/* Oriel keeps a domain's mapping in its own settings. Until it has one, the
 * line a virt-viewer user wrote in virt-viewer's settings file applies, so
 * a mapping made there carries over; Oriel never writes that file unless
 * asked to export. */

/* In a Flatpak sandbox the user's config directory is the application's
 * own; virt-viewer's file is in the host's (the manifest grants it). */
static char *
virt_viewer_settings_path (void)
{
  const char *host = g_getenv ("HOST_XDG_CONFIG_HOME");
  g_autofree char *config = NULL;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    config = host != NULL && *host != '\0' ? g_strdup (host)
                                            : g_build_filename (g_get_home_dir (), ".config", NULL);
  else
    config = g_strdup (g_get_user_config_dir ());
  return g_build_filename (config, "virt-viewer", "settings", NULL);
}

/* Returns: (transfer full): the mapping, empty when none was saved. */
OrielMonitorMapping *
oriel_monitor_settings_load_mapping (const char *uuid)
{
  g_autoptr (GSettings) settings = oriel_settings_get_domain (uuid);
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  OrielMonitorMapping *mapping = NULL;

  if (settings != NULL)
    text = g_settings_get_string (settings, "monitor-mapping");
  if (text != NULL && *text != '\0')
    {
      mapping = oriel_monitor_mapping_parse (text, &error);
      if (mapping != NULL)
        return mapping;
      /* written by hand (dconf): say so, and go on with the defaults */
      g_warning ("Ignoring the saved monitor mapping of %s: %s", uuid, error->message);
      g_clear_error (&error);
    }
  path = virt_viewer_settings_path ();
  mapping = oriel_monitor_mapping_load_virt_viewer (path, uuid, &error);
  if (error != NULL)
    g_warning ("%s", error->message);
  return mapping != NULL ? mapping : oriel_monitor_mapping_new ();
}

void
oriel_monitor_settings_save_mapping (const char *uuid, const OrielMonitorMapping *mapping)
{
  g_autoptr (GSettings) settings = oriel_settings_get_domain (uuid);
  g_autofree char *text = oriel_monitor_mapping_to_string (mapping);

  if (settings != NULL)
    g_settings_set_string (settings, "monitor-mapping", text);
}

/* Writes the mapping as virt-viewer's line for @uuid; @path says where. */
gboolean
oriel_monitor_settings_export (const char *uuid, const OrielMonitorMapping *mapping,
                               char **path, GError **error)
{
  g_autofree char *file = virt_viewer_settings_path ();

  if (!oriel_monitor_mapping_save_virt_viewer (mapping, file, uuid, error))
    return FALSE;
  if (path != NULL)
    *path = g_steal_pointer (&file);
  return TRUE;
}

OrielResolutionPolicy
oriel_monitor_settings_get_policy (const char *uuid)
{
  static const char * const nicks[] = { "keep", "window", "monitor" };
  g_autoptr (GVariant) value = oriel_settings_get_for_domain (uuid, "resolution-policy");

  for (guint i = 0; value != NULL && i < G_N_ELEMENTS (nicks); i++)
    if (g_str_equal (g_variant_get_string (value, NULL), nicks[i]))
      return (OrielResolutionPolicy) i;
  return ORIEL_RESOLUTION_KEEP;
}

void
oriel_monitor_settings_set_policy (const char *uuid, OrielResolutionPolicy policy)
{
  g_autoptr (GSettings) settings = oriel_settings_get_domain (uuid);

  if (settings != NULL)
    g_settings_set_enum (settings, "resolution-policy", (int) policy);
}
