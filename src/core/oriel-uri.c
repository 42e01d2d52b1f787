#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

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
