#define G_LOG_DOMAIN "oriel-viewer-uri"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "oriel-error.h"
#include "oriel-viewer-uri.h"

typedef enum
{
  SCHEME_NONE,
  SCHEME_SPICE,
  SCHEME_SPICE_UNIX,
  SCHEME_SPICE_TLS,
  SCHEME_VNC,
} Scheme;

static Scheme
scheme_of (const char *uri)
{
  /* Interned and lower-cased by GLib: no allocation, no full parse. */
  const char *scheme = g_uri_peek_scheme (uri);

  if (scheme == NULL)
    return SCHEME_NONE;
  if (g_str_equal (scheme, "spice"))
    return SCHEME_SPICE;
  if (g_str_equal (scheme, "spice+unix"))
    return SCHEME_SPICE_UNIX;
  if (g_str_equal (scheme, "spice+tls"))
    return SCHEME_SPICE_TLS;
  if (g_str_equal (scheme, "vnc"))
    return SCHEME_VNC;
  return SCHEME_NONE;
}

/* What a valid URI of the same kind looks like, for error messages. */
static const char *
example_of (Scheme scheme)
{
  switch (scheme)
    {
      case SCHEME_SPICE_UNIX:
        return "spice+unix:///run/vm/spice.sock";
      case SCHEME_SPICE_TLS:
        return "spice+tls://host.example:5901";
      case SCHEME_VNC:
        return "vnc://host.example:5900";
      case SCHEME_SPICE:
      case SCHEME_NONE:
      default:
        return "spice://host.example:5900";
    }
}

gboolean
oriel_viewer_uri_is_direct (const char *uri)
{
  g_return_val_if_fail (uri != NULL, FALSE);

  return scheme_of (uri) != SCHEME_NONE;
}

static gboolean
parse_port (const char *text, Scheme scheme, int *port, GError **error)
{
  guint64 value;

  if (*text == '\0' || strspn (text, "0123456789") != strlen (text))
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("“%s” is not a port number: a port is a number from 1 to 65535, as in %s"),
                   text, example_of (scheme));
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &value, NULL))
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("Port %s is out of range: a port is a number from 1 to 65535, as in %s"),
                   text, example_of (scheme));
      return FALSE;
    }
  *port = (int) value;
  return TRUE;
}

/* GUri refuses a bad port with a message that does not say what a good
 * one is; this finds the port text so ours can name it. */
static char *
authority_port (const char *uri)
{
  const char *start = strstr (uri, "://");
  const char *end;
  const char *p;

  if (start == NULL)
    return NULL;
  start += 3;
  end = start + strcspn (start, "/?#");
  for (p = end; p > start; p--)
    {
      if (p[-1] == ':')
        return g_strndup (p, end - p);
      if (p[-1] == ']' || p[-1] == '@')
        break;
    }
  return NULL;
}

static void
set_password_error (GError **error)
{
  /* Whatever is on a command line is visible to every local user (ps,
   * /proc) and lands in shell history. */
  g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                       _("A password in the address is refused, because command lines are "
                         "visible to other users. Put it in a connection file (.vv) with "
                         "password=…, or leave it out and type it when asked."));
}

/* One setting of spice://host?port=5900&tls-port=5901; every other
 * scheme takes none. */
static gboolean
apply_param (const char *key, const char *value, Scheme scheme, OrielViewerTarget *target,
             GError **error)
{
  int *field = NULL;

  if (g_str_equal (key, "password"))
    {
      set_password_error (error);
      return FALSE;
    }
  if (scheme == SCHEME_SPICE && g_str_equal (key, "port"))
    field = &target->port;
  else if (scheme == SCHEME_SPICE && g_str_equal (key, "tls-port"))
    field = &target->tls_port;

  if (field == NULL && scheme == SCHEME_SPICE)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("“%s” is not a setting of a SPICE address: only port and tls-port "
                     "are, as in spice://host.example?port=5900&tls-port=5901"),
                   key);
      return FALSE;
    }
  if (field == NULL)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("This address takes no settings after “?”: write it as %s"),
                   example_of (scheme));
      return FALSE;
    }
  if (*field != -1)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("The address gives %s twice: give it once, as in "
                     "spice://host.example?port=5900&tls-port=5901"),
                   key);
      return FALSE;
    }
  return parse_port (value, scheme, field, error);
}

static gboolean
parse_query (const char *query, Scheme scheme, OrielViewerTarget *target, GError **error)
{
  GUriParamsIter iter;
  g_autoptr (GError) local_error = NULL;
  char *key;
  char *value;

  g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_NONE);
  while (g_uri_params_iter_next (&iter, &key, &value, &local_error))
    {
      gboolean ok = apply_param (key, value, scheme, target, error);

      g_free (key);
      g_free (value);
      if (!ok)
        return FALSE;
    }
  if (local_error != NULL)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("The settings after “?” cannot be read (%s): write them as in "
                     "spice://host.example?port=5900&tls-port=5901"),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_path (const char *path, Scheme scheme, GError **error)
{
  if (*path == '\0' || g_str_equal (path, "/"))
    return TRUE;
  g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
               _("The address has a path (“%s”), which SPICE and VNC addresses do not use: "
                 "write it as %s"),
               path, example_of (scheme));
  return FALSE;
}

OrielViewerTarget *
oriel_viewer_uri_parse (const char *uri, GError **error)
{
  g_autoptr (OrielViewerTarget) target = NULL;
  g_autoptr (GUri) parsed = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *host;
  const char *query;
  Scheme scheme;
  int authority;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scheme = scheme_of (uri);
  if (scheme == SCHEME_NONE)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("“%s” is not a SPICE or VNC address: it must start with spice://, "
                     "spice+unix://, spice+tls:// or vnc://, as in spice://host.example:5900"),
                   uri);
      return NULL;
    }

  parsed = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_QUERY, &local_error);
  if (parsed == NULL)
    {
      g_autofree char *port = NULL;
      int ignored;

      if (g_error_matches (local_error, G_URI_ERROR, G_URI_ERROR_BAD_PORT)
          && (port = authority_port (uri)) != NULL
          && !parse_port (port, scheme, &ignored, error))
        return NULL;
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("The address cannot be read (%s): write it as %s"),
                   local_error->message, example_of (scheme));
      return NULL;
    }

  if (g_uri_get_password (parsed) != NULL)
    {
      set_password_error (error);
      return NULL;
    }

  target = oriel_viewer_target_new ();
  target->type = scheme == SCHEME_VNC ? ORIEL_GRAPHICS_VNC : ORIEL_GRAPHICS_SPICE;
  target->username = g_strdup (g_uri_get_user (parsed));

  query = g_uri_get_query (parsed);
  if (query != NULL && !parse_query (query, scheme, target, error))
    return NULL;

  host = g_uri_get_host (parsed);
  if (scheme == SCHEME_SPICE_UNIX)
    {
      const char *path = g_uri_get_path (parsed);

      if ((host != NULL && *host != '\0') || path[0] != '/' || path[1] == '\0')
        {
          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                       _("spice+unix:// needs the absolute path of the socket after a third "
                         "slash, as in %s"),
                       example_of (scheme));
          return NULL;
        }
      target->unix_path = g_strdup (path);
      return g_steal_pointer (&target);
    }

  if (host == NULL || *host == '\0')
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("The address names no host: add one, as in %s"), example_of (scheme));
      return NULL;
    }
  if (!check_path (g_uri_get_path (parsed), scheme, error))
    return NULL;
  target->host = g_strdup (host);

  /* GUri takes 0..65535 after the colon; 0 is no port to connect to. */
  authority = g_uri_get_port (parsed);
  if (authority >= 0 && authority < 100 && scheme == SCHEME_VNC)
    authority += 5900;          /* a display number, see below */
  if (authority == 0)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("Port 0 is out of range: a port is a number from 1 to 65535, as in %s"),
                   example_of (scheme));
      return NULL;
    }
  if (authority > 0 && target->port != -1)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("The address gives port twice: give it once, as in %s"),
                   example_of (scheme));
      return NULL;
    }

  switch (scheme)
    {
      case SCHEME_SPICE_TLS:
        target->tls_port = authority;
        target->tls_only = TRUE;
        break;
      case SCHEME_VNC:
        /* Below 100 it is a display number, VNC's own convention and what
         * `virsh domdisplay` prints (port 5901 is vnc://host:1), which
         * people pass to remote-viewer as it is. */
        target->port = authority;
        break;
      case SCHEME_SPICE:
        if (authority > 0)
          target->port = authority;
        break;
      case SCHEME_SPICE_UNIX:
      case SCHEME_NONE:
      default:
        g_assert_not_reached ();
    }

  if (target->port == -1 && target->tls_port == -1)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("The address names no port: add one, as in %s"), example_of (scheme));
      return NULL;
    }
  return g_steal_pointer (&target);
}
