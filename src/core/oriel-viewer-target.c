#define G_LOG_DOMAIN "oriel-viewer-target"

#include "config.h"

#include <string.h>

#include "oriel-viewer-target.h"

OrielViewerTarget *
oriel_viewer_target_new (void)
{
  OrielViewerTarget *target = g_new0 (OrielViewerTarget, 1);

  target->type = ORIEL_GRAPHICS_SPICE;
  target->port = -1;
  target->tls_port = -1;
  target->hotkeys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return target;
}

void
oriel_viewer_target_free (OrielViewerTarget *target)
{
  if (target == NULL)
    return;
  g_free (target->host);
  g_free (target->unix_path);
  g_free (target->username);
  if (target->password != NULL)
    {
      memset (target->password, 0, strlen (target->password));
      g_free (target->password);
    }
  g_free (target->proxy);
  g_free (target->ca);
  g_free (target->host_subject);
  g_free (target->tls_ciphers);
  g_strfreev (target->secure_channels);
  g_strfreev (target->disable_channels);
  g_strfreev (target->disable_effects);
  g_free (target->title);
  g_hash_table_unref (target->hotkeys);
  g_free (target->usb_filter);
  g_free (target->usb_redirect_on_connect);
  g_free (target->version);
  g_strfreev (target->versions);
  g_free (target->newer_version_url);
  g_free (target);
}

char *
oriel_viewer_target_describe (const OrielViewerTarget *target)
{
  const char *scheme;
  g_autofree char *host = NULL;

  g_return_val_if_fail (target != NULL, NULL);

  scheme = target->type == ORIEL_GRAPHICS_VNC ? "vnc" : "spice";
  if (target->unix_path != NULL)
    return g_strdup_printf ("%s+unix://%s", scheme, target->unix_path);

  /* An IPv6 address needs brackets, or its colons read as a port. */
  if (target->host != NULL && strchr (target->host, ':') != NULL)
    host = g_strdup_printf ("[%s]", target->host);
  else
    host = g_strdup (target->host ? target->host : "");

  if (target->port > 0)
    return g_strdup_printf ("%s://%s:%d", scheme, host, target->port);
  if (target->tls_port > 0)
    return g_strdup_printf ("%s+tls://%s:%d", scheme, host, target->tls_port);
  return g_strdup_printf ("%s://%s", scheme, host);
}
