#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include "oriel-settings.h"

#define SCHEMA_ID "io.github.oriel.Oriel"

/* Returns: (transfer none) (nullable): Oriel's settings, or NULL when the
 * schema is not installed (a build run in place without
 * GSETTINGS_SCHEMA_DIR): then the defaults in the code apply. */
GSettings *
oriel_settings_get (void)
{
  static GSettings *settings;
  static gboolean looked;

  if (!looked)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr (GSettingsSchema) schema = NULL;

      looked = TRUE;
      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
      if (schema != NULL)
        settings = g_settings_new_full (schema, NULL, NULL);
      else
        g_message ("The settings schema %s is not installed; using defaults", SCHEMA_ID);
    }
  return settings;
}
