#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

G_BEGIN_DECLS

void       oriel_domain_loader_run_async  (virConnectPtr        conn,
                                           const char          *origin,
                                           gboolean             read_only,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray *oriel_domain_loader_run_finish (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
