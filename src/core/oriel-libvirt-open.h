#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "oriel-credentials.h"

G_BEGIN_DECLS

/* Called on the main context of the opening thread's caller with a request
 * it must eventually submit or cancel. */
typedef void (*OrielCredentialsFunc) (OrielCredentials *request,
                                      gpointer          user_data);

virConnectPtr oriel_libvirt_open (const char           *uri,
                                  gboolean              read_only,
                                  GMainContext         *context,
                                  OrielCredentialsFunc  func,
                                  gpointer              user_data,
                                  GCancellable         *cancellable,
                                  GError              **error);

G_END_DECLS
