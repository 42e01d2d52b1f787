#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <string.h>

#include "oriel-settings.h"

#define SCHEMA_ID "io.github.oriel.Oriel"
#define DOMAIN_SCHEMA_ID "io.github.oriel.Oriel.Domain"

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

/* Returns: (transfer full) (nullable): the settings Oriel keeps for the
 * domain with @uuid, or NULL without the schema or for a string that is not
 * a UUID (it becomes part of a settings path). */
GSettings *
oriel_settings_get_domain (const char *uuid)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autofree char *path = NULL;

  if (uuid == NULL || *uuid == '\0' || strlen (uuid) > 64
      || strspn (uuid, "0123456789abcdefABCDEF-") != strlen (uuid) || source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, DOMAIN_SCHEMA_ID, TRUE);
  if (schema == NULL)
    return NULL;
  path = g_strdup_printf ("/io/github/oriel/Oriel/domains/%s/", uuid);
  return g_settings_new_full (schema, NULL, path);
}

/* A per-domain choice, or the general setting of the same name while the
 * domain has none of its own. Returns: (transfer full) */
GVariant *
oriel_settings_get_for_domain (const char *uuid, const char *key)
{
  g_autoptr (GSettings) domain = oriel_settings_get_domain (uuid);
  GSettings *general = oriel_settings_get ();
  GVariant *value = domain ? g_settings_get_user_value (domain, key) : NULL;

  if (value != NULL)
    return value;
  if (general != NULL)
    return g_settings_get_value (general, key);
  return domain ? g_settings_get_value (domain, key) : NULL;
}

/* Saved connections: the "connections" setting, (uri, autoconnect) pairs
 * in order (the first to connect at start is a window's own). */

/* Whether @uri is saved; *@autoconnect gets its flag. */
gboolean
oriel_settings_find_connection (const char *uri, gboolean *autoconnect)
{
  GSettings *settings = oriel_settings_get ();
  g_autoptr (GVariant) saved = NULL;
  GVariantIter iter;
  const char *each;
  gboolean flag;

  if (settings == NULL)
    return FALSE;
  saved = g_settings_get_value (settings, "connections");
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "(&sb)", &each, &flag))
    if (g_str_equal (each, uri))
      {
        if (autoconnect != NULL)
          *autoconnect = flag;
        return TRUE;
      }
  return FALSE;
}

/* Writes the list back with @uri dropped (@keep FALSE), set in its place
 * (@in_place, when it is there), or put last. */
static void
rewrite_connections (const char *uri, gboolean keep, gboolean autoconnect, gboolean in_place)
{
  GSettings *settings = oriel_settings_get ();
  g_autoptr (GVariant) old = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *each;
  gboolean flag;
  gboolean placed = FALSE;

  if (settings == NULL)
    return;
  old = g_settings_get_value (settings, "connections");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sb)"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "(&sb)", &each, &flag))
    {
      if (!g_str_equal (each, uri))
        g_variant_builder_add (&builder, "(sb)", each, flag);
      else if (keep && in_place && !placed)
        {
          g_variant_builder_add (&builder, "(sb)", each, autoconnect);
          placed = TRUE;
        }
    }
  if (keep && !placed)
    g_variant_builder_add (&builder, "(sb)", uri, autoconnect);
  g_settings_set_value (settings, "connections", g_variant_builder_end (&builder));
}

/* Saves @uri with @autoconnect: in its place when @in_place and it is
 * saved already, otherwise (moved) to the end. */
void
oriel_settings_save_connection (const char *uri, gboolean autoconnect, gboolean in_place)
{
  rewrite_connections (uri, TRUE, autoconnect, in_place);
}

void
oriel_settings_forget_connection (const char *uri)
{
  rewrite_connections (uri, FALSE, FALSE, FALSE);
}
