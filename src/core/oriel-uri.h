#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  oriel_uri_is_local          (const char *uri);
char     *oriel_uri_get_host          (const char *uri);
gboolean  oriel_address_is_loopback   (const char *address);
gboolean  oriel_address_is_wildcard   (const char *address);

G_END_DECLS
