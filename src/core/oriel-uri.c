#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "oriel-error.h"
#include "oriel-uri.h"

/* A libvirt URI is local when it names no host and its transport is the
 * default UNIX socket: only then can libvirt pass file descriptors. */
gboolean
oriel_uri_is_local (const char *uri)
{
  g_autoptr (GUri) parsed = NULL;
  const char *scheme;
  const char *plus;

  g_return_val_if_fail (uri != NULL, FALSE);

  parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, NULL);
  if (parsed == NULL)
    return FALSE;

  if (g_uri_get_host (parsed) != NULL && *g_uri_get_host (parsed) != '\0')
    return FALSE;

  scheme = g_uri_get_scheme (parsed);
  plus = strchr (scheme, '+');
  return plus == NULL || g_str_equal (plus + 1, "unix");
}

/* Returns: (nullable): the host part of @uri, without brackets. */
char *
oriel_uri_get_host (const char *uri)
{
  g_autoptr (GUri) parsed = NULL;
  const char *host;

  g_return_val_if_fail (uri != NULL, NULL);

  parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);
  if (parsed == NULL)
    return NULL;
  host = g_uri_get_host (parsed);
  if (host == NULL || *host == '\0')
    return NULL;
  return g_strdup (host);
}

gboolean
oriel_address_is_loopback (const char *address)
{
  g_autoptr (GInetAddress) inet = NULL;

  if (address == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (address, "localhost") == 0)
    return TRUE;
  inet = g_inet_address_new_from_string (address);
  return inet != NULL && g_inet_address_get_is_loopback (inet);
}

gboolean
oriel_address_is_wildcard (const char *address)
{
  g_autoptr (GInetAddress) inet = NULL;

  if (address == NULL)
    return FALSE;
  inet = g_inet_address_new_from_string (address);
  return inet != NULL && g_inet_address_get_is_any (inet);
}

/* A host name or address as a URI carries it: IPv6 in brackets. Nothing
 * that would change the URI's meaning (spaces, /, @, ?, #) is let in. */
static char *
uri_host (const char *host, GError **error)
{
  g_autofree char *plain = g_strstrip (g_strdup (host ? host : ""));

  if (*plain == '\0')
    {
      g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                           _("Enter the host's name or address."));
      return NULL;
    }
  for (const char *c = plain; *c != '\0'; c++)
    if (g_ascii_isspace (*c) || strchr ("/@?#[]\\", *c) != NULL)
      {
        g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                     _("“%s” is not a host name or address."), plain);
        return NULL;
      }
  if (strchr (plain, ':') != NULL)
    {
      if (!g_hostname_is_ip_address (plain))
        {
          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                       _("“%s” is not a host name or address."), plain);
          return NULL;
        }
      return g_strdup_printf ("[%s]", plain);
    }
  return g_steal_pointer (&plain);
}

/**
 * oriel_uri_build:
 * @port: 0 for the default
 * @custom: the URI typed, for ORIEL_URI_CUSTOM
 *
 * Returns: (transfer full) (nullable): the libvirt URI, or NULL with @error
 */
char *
oriel_uri_build (OrielUriKind kind, const char *user, const char *host, guint port,
                 const char *custom, GError **error)
{
  g_autofree char *where = NULL;
  g_autofree char *who = NULL;
  g_autofree char *on = NULL;

  switch (kind)
    {
    case ORIEL_URI_LOCAL_SYSTEM:
      return g_strdup ("qemu:///system");
    case ORIEL_URI_LOCAL_SESSION:
      return g_strdup ("qemu:///session");
    case ORIEL_URI_CUSTOM:
      {
        g_autofree char *uri = g_strstrip (g_strdup (custom ? custom : ""));

        if (strstr (uri, ":/") == NULL || !g_uri_is_valid (uri, G_URI_FLAGS_NONE, NULL))
          {
            g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                         _("“%s” is not a libvirt URI (as in qemu+ssh://host/system)."), uri);
            return NULL;
          }
        return g_steal_pointer (&uri);
      }
    case ORIEL_URI_SSH:
    case ORIEL_URI_TLS:
    default:
      break;
    }
  where = uri_host (host, error);
  if (where == NULL)
    return NULL;
  if (port > 65535)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("%u is not a port: ports go from 1 to 65535."), port);
      return NULL;
    }
  if (kind == ORIEL_URI_SSH && user != NULL && *g_strstrip (who = g_strdup (user)) != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (who, NULL, FALSE);

      g_free (who);
      who = g_strdup_printf ("%s@", escaped);
    }
  else
    g_clear_pointer (&who, g_free);
  on = port > 0 ? g_strdup_printf (":%u", port) : g_strdup ("");
  return g_strdup_printf ("qemu+%s://%s%s%s/system", kind == ORIEL_URI_SSH ? "ssh" : "tls",
                          who ? who : "", where, on);
}
