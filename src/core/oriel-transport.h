#pragma once

#include <gio/gio.h>

#include "oriel-channel-opener.h"
#include "oriel-domain.h"
#include "oriel-graphics-info.h"
#include "oriel-viewer-target.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_TRANSPORT (oriel_transport_get_type ())
G_DECLARE_FINAL_TYPE (OrielTransport, oriel_transport, ORIEL, TRANSPORT, GObject)

OrielTransport *oriel_transport_new             (OrielDomain             *domain,
                                                 const OrielGraphicsInfo *info,
                                                 const char              *connection_uri,
                                                 OrielChannelOpener      *opener);
OrielTransport *oriel_transport_new_direct      (OrielViewerTarget       *target);
const OrielGraphicsInfo *oriel_transport_get_info (OrielTransport *self);
const OrielViewerTarget *oriel_transport_get_target (OrielTransport *self);
const char     *oriel_transport_get_name        (OrielTransport *self);
void            oriel_transport_set_no_tunnel   (OrielTransport *self);
void            oriel_transport_set_attach_only (OrielTransport *self);
void            oriel_transport_set_tls         (OrielTransport *self,
                                                 const char     *ca_file,
                                                 const char     *subject);
gboolean        oriel_transport_get_skips_auth  (OrielTransport *self);
gboolean        oriel_transport_check           (OrielTransport  *self,
                                                 GError         **error);

void            oriel_transport_open_fd_async   (OrielTransport      *self,
                                                 gboolean             tls,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
int             oriel_transport_open_fd_finish  (OrielTransport  *self,
                                                 GAsyncResult    *result,
                                                 GError         **error);

G_END_DECLS
