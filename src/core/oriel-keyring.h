#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean oriel_keyring_is_available        (void);

void     oriel_keyring_lookup_async        (const char          *host,
                                            const char          *display,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
char    *oriel_keyring_lookup_finish       (GAsyncResult        *result,
                                            GError             **error);
void     oriel_keyring_store_async         (const char          *host,
                                            const char          *display,
                                            const char          *label,
                                            const char          *password,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean oriel_keyring_store_finish        (GAsyncResult        *result,
                                            GError             **error);
void     oriel_keyring_forget_async        (const char          *host,
                                            const char          *display,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean oriel_keyring_forget_finish       (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
