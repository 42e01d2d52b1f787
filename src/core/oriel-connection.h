#pragma once

#include <gio/gio.h>

#include "oriel-channel-opener.h"
#include "oriel-credentials.h"
#include "oriel-domain.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_CONNECTION (oriel_connection_get_type ())
G_DECLARE_FINAL_TYPE (OrielConnection, oriel_connection, ORIEL, CONNECTION, GObject)

OrielConnection *oriel_connection_new            (const char *uri,
                                                  gboolean    read_only);
OrielConnection *oriel_connection_new_tunneled   (const char         *uri,
                                                  const char         *link_uri,
                                                  OrielChannelOpener *opener,
                                                  gboolean            read_only);
const char      *oriel_connection_get_uri        (OrielConnection *self);
OrielChannelOpener *oriel_connection_get_opener  (OrielConnection *self);
gboolean         oriel_connection_is_open        (OrielConnection *self);
gboolean         oriel_connection_is_read_only   (OrielConnection *self);
void             oriel_connection_set_no_read_only_fallback (OrielConnection *self);
gboolean         oriel_connection_is_local       (OrielConnection *self);
GListModel      *oriel_connection_get_domains    (OrielConnection *self);
OrielDomain     *oriel_connection_find_domain    (OrielConnection *self,
                                                  const char      *name_id_or_uuid);
OrielDomain     *oriel_connection_find_domain_as (OrielConnection *self,
                                                  const char      *name_id_or_uuid,
                                                  OrielLookup      lookup);

void             oriel_connection_open_async     (OrielConnection     *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean         oriel_connection_open_finish    (OrielConnection  *self,
                                                  GAsyncResult     *result,
                                                  GError          **error);

G_END_DECLS
