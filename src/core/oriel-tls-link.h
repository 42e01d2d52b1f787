#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     oriel_tls_link_async        (int                  fd,
                                      const char          *ca_file,
                                      const char          *identity,
                                      const char          *subject,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
int      oriel_tls_link_finish       (GAsyncResult        *result,
                                      GError             **error);
gboolean oriel_tls_subject_matches   (const char          *actual,
                                      const char          *expected);

G_END_DECLS
