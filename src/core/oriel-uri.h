#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  oriel_uri_is_local          (const char *uri);
char     *oriel_uri_get_host          (const char *uri);
gboolean  oriel_address_is_loopback   (const char *address);
gboolean  oriel_address_is_wildcard   (const char *address);

/* What the connection builder offers. */
typedef enum
{
  ORIEL_URI_LOCAL_SYSTEM,       /* qemu:///system */
  ORIEL_URI_LOCAL_SESSION,      /* qemu:///session */
  ORIEL_URI_SSH,                /* qemu+ssh://[user@]host[:port]/system */
  ORIEL_URI_TLS,                /* qemu+tls://host[:port]/system */
  ORIEL_URI_CUSTOM,             /* as typed */
} OrielUriKind;

char     *oriel_uri_build             (OrielUriKind  kind,
                                       const char   *user,
                                       const char   *host,
                                       guint         port,
                                       const char   *custom,
                                       GError      **error);

G_END_DECLS
