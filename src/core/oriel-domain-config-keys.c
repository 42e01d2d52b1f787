#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "oriel-domain-config-private.h"
#include "oriel-error.h"

/* The settings by name, for `oriel-edit` and the tests: "video.heads",
 * "graphics[1].port".  Values are the words a person would type. */

static const char * const keys[] = {
  "video.model", "video.heads", "video.accel3d", "video.vram",
  "graphics.type", "graphics.listen", "graphics.port", "graphics.tls-port",
  "graphics.keymap", "graphics.password", NULL
};

const char * const *
oriel_domain_config_keys (void)
{
  return keys;
}

/* Splits "graphics[1].port" into "graphics.port" and 1. */
static char *
split_key (const char *key, guint *index, GError **error)
{
  const char *open = strchr (key, '[');
  const char *dot = strchr (key, '.');
  guint64 n = 0;
  char *plain;

  if (open != NULL && dot != NULL && open < dot)
    {
      g_autofree char *digits = NULL;
      const char *close = strchr (open, ']');

      if (close == NULL || close + 1 != dot)
        goto bad;
      digits = g_strndup (open + 1, close - open - 1);
      if (!g_ascii_string_to_unsigned (digits, 10, 0, 63, &n, NULL))
        goto bad;
      plain = g_strdup_printf ("%.*s%s", (int) (open - key), key, dot);
    }
  else
    plain = g_strdup (key);
  if (!g_strv_contains (keys, plain))
    {
      g_free (plain);
      goto bad;
    }
  *index = n;
  return plain;

bad:
  {
    g_autofree char *list = g_strjoinv (", ", (char **) keys);

    g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                 _("%s: no such setting; known: %s (a device other than the first as video[1].heads)"),
                 key, list);
    return NULL;
  }
}

static const char *
type_word (OrielDomainConfig *self, guint index)
{
  switch (oriel_domain_config_get_graphics_type (self, index))
    {
    case ORIEL_CONFIG_GRAPHICS_SPICE: return "spice";
    case ORIEL_CONFIG_GRAPHICS_VNC: return "vnc";
    case ORIEL_CONFIG_GRAPHICS_NONE: return "none";
    default: return oriel_xml_elem_attr (oriel_domain_config_device (self, "graphics", index), "type");
    }
}

static char *
port_word (int port)
{
  if (port == ORIEL_PORT_AUTO)
    return g_strdup ("auto");
  if (port == ORIEL_PORT_OFF)
    return g_strdup ("off");
  return g_strdup_printf ("%d", port);
}

static char *
listen_word (OrielDomainConfig *self, guint index)
{
  g_autofree char *address = NULL;

  switch (oriel_domain_config_get_listen (self, index, &address))
    {
    case ORIEL_CONFIG_LISTEN_DEFAULT: return g_strdup ("default");
    case ORIEL_CONFIG_LISTEN_NONE: return g_strdup ("none");
    case ORIEL_CONFIG_LISTEN_SOCKET:
      return address ? g_strconcat ("socket:", address, NULL) : g_strdup ("socket");
    case ORIEL_CONFIG_LISTEN_NETWORK: return g_strconcat ("network:", address, NULL);
    default: return g_steal_pointer (&address);
    }
}

/**
 * oriel_domain_config_get_key:
 *
 * Returns: (transfer full) (nullable): the value as `oriel-edit --get` prints it
 */
char *
oriel_domain_config_get_key (OrielDomainConfig *self, const char *key, GError **error)
{
  guint i;
  g_autofree char *plain = split_key (key, &i, error);

  if (plain == NULL)
    return NULL;
  if (g_str_has_prefix (plain, "video.") && oriel_domain_config_get_video_model (self, i) == NULL)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("%s: this domain has no video device number %u"), key, i + 1);
      return NULL;
    }
  if (g_str_equal (plain, "video.model"))
    return g_strdup (oriel_domain_config_get_video_model (self, i));
  if (g_str_equal (plain, "video.heads"))
    return g_strdup_printf ("%u", oriel_domain_config_get_heads (self, i));
  if (g_str_equal (plain, "video.accel3d"))
    return g_strdup (oriel_domain_config_get_accel3d (self, i) ? "yes" : "no");
  if (g_str_equal (plain, "video.vram"))
    return oriel_domain_config_get_vram (self, i)
           ? g_strdup_printf ("%u", oriel_domain_config_get_vram (self, i)) : g_strdup ("default");
  if (g_str_equal (plain, "graphics.type"))
    return g_strdup (type_word (self, i));
  if (oriel_domain_config_get_graphics_type (self, i) == ORIEL_CONFIG_GRAPHICS_NONE)
    return g_strdup ("");
  if (g_str_equal (plain, "graphics.listen"))
    return listen_word (self, i);
  if (g_str_equal (plain, "graphics.port"))
    return port_word (oriel_domain_config_get_port (self, i));
  if (g_str_equal (plain, "graphics.tls-port"))
    return port_word (oriel_domain_config_get_tls_port (self, i));
  if (g_str_equal (plain, "graphics.keymap"))
    return g_strdup (oriel_domain_config_get_keymap (self, i) ? oriel_domain_config_get_keymap (self, i) : "");
  return g_strdup (oriel_domain_config_get_password (self, i) ? oriel_domain_config_get_password (self, i) : "");
}

static gboolean
parse_uint (const char *value, guint max, guint *out, const char *what, GError **error)
{
  guint64 n;

  if (!g_ascii_string_to_unsigned (value, 10, 0, max, &n, NULL))
    return oriel_domain_config_invalid (error, _("“%s” is not %s"), value, what);
  *out = n;
  return TRUE;
}

static gboolean
parse_port (const char *value, gboolean tls, int *port, GError **error)
{
  guint n;

  if (g_str_equal (value, "auto"))
    *port = ORIEL_PORT_AUTO;
  else if (tls && g_str_equal (value, "off"))
    *port = ORIEL_PORT_OFF;
  else if (!parse_uint (value, G_MAXINT, &n,
                        tls ? _("a port: use auto, off or a number from 5900 to 65535")
                            : _("a port: use auto or a number from 5900 to 65535"), error))
    return FALSE;
  else
    *port = n;
  return TRUE;
}

static gboolean
parse_bool (const char *value, gboolean *out, GError **error)
{
  if (g_str_equal (value, "yes") || g_str_equal (value, "on") || g_str_equal (value, "true"))
    *out = TRUE;
  else if (g_str_equal (value, "no") || g_str_equal (value, "off") || g_str_equal (value, "false"))
    *out = FALSE;
  else
    return oriel_domain_config_invalid (error, _("“%s” is not yes or no"), value);
  return TRUE;
}

static gboolean
set_listen_word (OrielDomainConfig *self, guint i, const char *value, GError **error)
{
  if (g_str_equal (value, "default"))
    return oriel_domain_config_set_listen (self, i, ORIEL_CONFIG_LISTEN_DEFAULT, NULL, error);
  if (g_str_equal (value, "localhost"))
    return oriel_domain_config_set_listen (self, i, ORIEL_CONFIG_LISTEN_LOCALHOST, NULL, error);
  if (g_str_equal (value, "all"))
    return oriel_domain_config_set_listen (self, i, ORIEL_CONFIG_LISTEN_ALL, NULL, error);
  if (g_str_equal (value, "none"))
    return oriel_domain_config_set_listen (self, i, ORIEL_CONFIG_LISTEN_NONE, NULL, error);
  if (g_str_equal (value, "socket"))
    return oriel_domain_config_set_listen (self, i, ORIEL_CONFIG_LISTEN_SOCKET, NULL, error);
  if (g_str_has_prefix (value, "socket:"))
    return oriel_domain_config_set_listen (self, i, ORIEL_CONFIG_LISTEN_SOCKET, value + 7, error);
  return oriel_domain_config_set_listen (self, i, ORIEL_CONFIG_LISTEN_ADDRESS, value, error);
}

static gboolean
set_plain_key (OrielDomainConfig *self, const char *plain, guint i, const char *value,
               GError **error)
{
  guint n = 0;
  int port = 0;
  gboolean yes = FALSE;

  if (g_str_equal (plain, "video.model"))
    return oriel_domain_config_set_video_model (self, i, value, error);
  if (g_str_equal (plain, "video.heads"))
    return parse_uint (value, G_MAXUINT, &n, _("a number of monitors"), error)
           && oriel_domain_config_set_heads (self, i, n, error);
  if (g_str_equal (plain, "video.accel3d"))
    return parse_bool (value, &yes, error) && oriel_domain_config_set_accel3d (self, i, yes, error);
  if (g_str_equal (plain, "video.vram"))
    return (g_str_equal (value, "default") ? (n = 0, TRUE)
            : parse_uint (value, G_MAXUINT, &n, _("an amount of KiB"), error))
           && oriel_domain_config_set_vram (self, i, n, error);
  if (g_str_equal (plain, "graphics.type"))
    {
      OrielConfigGraphics type = g_str_equal (value, "spice") ? ORIEL_CONFIG_GRAPHICS_SPICE
                               : g_str_equal (value, "vnc") ? ORIEL_CONFIG_GRAPHICS_VNC
                               : g_str_equal (value, "none") ? ORIEL_CONFIG_GRAPHICS_NONE
                               : ORIEL_CONFIG_GRAPHICS_OTHER;

      return oriel_domain_config_set_graphics_type (self, i, type, error);
    }
  if (g_str_equal (plain, "graphics.listen"))
    return set_listen_word (self, i, value, error);
  if (g_str_equal (plain, "graphics.port"))
    return parse_port (value, FALSE, &port, error)
           && oriel_domain_config_set_port (self, i, port, error);
  if (g_str_equal (plain, "graphics.tls-port"))
    return parse_port (value, TRUE, &port, error)
           && oriel_domain_config_set_tls_port (self, i, port, error);
  if (g_str_equal (plain, "graphics.keymap"))
    return oriel_domain_config_set_keymap (self, i, value, error);
  return oriel_domain_config_set_password (self, i, value, error);
}

/**
 * oriel_domain_config_set_key:
 *
 * Sets @key from its text form; on failure the error names the key and
 * the document is unchanged.
 */
gboolean
oriel_domain_config_set_key (OrielDomainConfig *self, const char *key, const char *value,
                             GError **error)
{
  guint i;
  g_autofree char *plain = NULL;

  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  plain = split_key (key, &i, error);
  if (plain == NULL)
    return FALSE;
  if (!set_plain_key (self, plain, i, value, error))
    {
      g_prefix_error (error, "%s: ", key);
      return FALSE;
    }
  return TRUE;
}
