#pragma once

#include <gio/gio.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "oriel-viewer-options.h"

G_BEGIN_DECLS

typedef enum
{
  ORIEL_DOMAIN_STATE_UNKNOWN,
  ORIEL_DOMAIN_STATE_RUNNING,
  ORIEL_DOMAIN_STATE_PAUSED,
  ORIEL_DOMAIN_STATE_SHUTOFF,
  ORIEL_DOMAIN_STATE_CRASHED,
  ORIEL_DOMAIN_STATE_SUSPENDED,   /* saved to disk or suspended to RAM */
} OrielDomainState;

GType oriel_domain_state_get_type (void) G_GNUC_CONST;
#define ORIEL_TYPE_DOMAIN_STATE (oriel_domain_state_get_type ())

#define ORIEL_TYPE_DOMAIN (oriel_domain_get_type ())
G_DECLARE_FINAL_TYPE (OrielDomain, oriel_domain, ORIEL, DOMAIN, GObject)

OrielDomain      *oriel_domain_new                 (GVirDomain *gvir,
                                                    gboolean    read_only);
OrielDomain      *oriel_domain_new_with_state      (GVirDomain       *gvir,
                                                    gboolean          read_only,
                                                    OrielDomainState  state);
OrielDomainState  oriel_domain_state_from_libvirt  (int state);
void              oriel_domain_ensure_details      (OrielDomain *self);
GTask            *oriel_domain_new_handle_task     (OrielDomain         *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data,
                                                    gpointer             source_tag);
char             *oriel_domain_read_xml            (OrielDomain   *self,
                                                    virDomainPtr   handle,
                                                    unsigned int   flags,
                                                    GError       **error);
const char       *oriel_domain_get_title           (OrielDomain *self);
void              oriel_domain_set_origin          (OrielDomain *self,
                                                    const char  *uri);
const char       *oriel_domain_get_origin          (OrielDomain *self);
const char       *oriel_domain_get_search_text     (OrielDomain *self);
const char       *oriel_domain_get_name_key        (OrielDomain *self);
const char       *oriel_domain_get_title_key       (OrielDomain *self);
char             *oriel_domain_fold                (const char  *text);
GVirDomain       *oriel_domain_get_gvir            (OrielDomain *self);
const char       *oriel_domain_get_name            (OrielDomain *self);
const char       *oriel_domain_get_uuid            (OrielDomain *self);
OrielDomainState  oriel_domain_get_state           (OrielDomain *self);
gboolean          oriel_domain_is_active           (OrielDomain *self);
gboolean          oriel_domain_is_read_only        (OrielDomain *self);
const char       *oriel_domain_get_graphics_label  (OrielDomain *self);
gboolean          oriel_domain_is_exposed          (OrielDomain *self);
const char       *oriel_domain_state_to_string     (OrielDomainState state);
gboolean          oriel_domain_matches             (OrielDomain *self,
                                                    const char  *name_id_or_uuid);
gboolean          oriel_domain_matches_as          (OrielDomain *self,
                                                    const char  *key,
                                                    OrielLookup  lookup);
void              oriel_domain_refresh             (OrielDomain *self);

void              oriel_domain_fetch_graphics_async  (OrielDomain         *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray        *oriel_domain_fetch_graphics_finish (OrielDomain   *self,
                                                      GAsyncResult  *result,
                                                      GError       **error);

void              oriel_domain_fetch_consoles_async  (OrielDomain         *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray        *oriel_domain_fetch_consoles_finish (OrielDomain   *self,
                                                      GAsyncResult  *result,
                                                      GError       **error);
void              oriel_domain_open_console_async    (OrielDomain         *self,
                                                      const char          *devname,
                                                      gboolean             force,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GIOStream        *oriel_domain_open_console_finish   (OrielDomain   *self,
                                                      GAsyncResult  *result,
                                                      GError       **error);

G_END_DECLS
