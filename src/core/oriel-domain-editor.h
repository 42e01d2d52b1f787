#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "oriel-domain-config.h"

G_BEGIN_DECLS

/* Loading a domain's persistent settings and writing them back safely:
 * read with secrets, refuse when someone else changed the domain meanwhile,
 * define with validation.  The plain calls block (worker threads, the
 * command line); the _async ones are for the main loop. */

OrielDomainConfig *oriel_domain_editor_load      (virDomainPtr        domain,
                                                  GError            **error);
gboolean           oriel_domain_editor_apply     (virDomainPtr        domain,
                                                  OrielDomainConfig  *config,
                                                  gboolean            live_password,
                                                  GError            **error);

void               oriel_domain_editor_load_async  (GVirDomain          *domain,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
OrielDomainConfig *oriel_domain_editor_load_finish (GAsyncResult        *result,
                                                    GError             **error);
void               oriel_domain_editor_apply_async (GVirDomain          *domain,
                                                    OrielDomainConfig   *config,
                                                    gboolean             live_password,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean           oriel_domain_editor_apply_finish (GAsyncResult       *result,
                                                     GError            **error);

G_END_DECLS
