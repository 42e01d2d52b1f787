#pragma once

#include <gio/gio.h>

#include "oriel-domain.h"

G_BEGIN_DECLS

void    oriel_domain_screenshot_async  (OrielDomain         *domain,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GBytes *oriel_domain_screenshot_finish (OrielDomain   *domain,
                                        GAsyncResult  *result,
                                        char         **mime_type,
                                        GError       **error);

G_END_DECLS
