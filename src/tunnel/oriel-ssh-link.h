#pragma once

#include <gio/gio.h>

#include "oriel-ssh-session.h"

G_BEGIN_DECLS

OrielSshTarget *oriel_ssh_target_new_for_uri (const char  *uri,
                                              GError     **error);
gboolean        oriel_uri_is_ssh             (const char  *uri);
char           *oriel_ssh_remote_uri         (const char  *uri);

void            oriel_ssh_libvirt_link_async  (OrielSshSession     *session,
                                               const char          *uri,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char           *oriel_ssh_libvirt_link_finish (OrielSshSession  *session,
                                               GAsyncResult     *result,
                                               GError          **error);

G_END_DECLS
