#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What libvirt asks for when a connection authenticates (SASL, TLS with
 * SASL, polkit): one kind per libvirt VIR_CRED_* type it can ask. */
typedef enum
{
  ORIEL_CREDENTIAL_USERNAME,      /* VIR_CRED_AUTHNAME */
  ORIEL_CREDENTIAL_PASSPHRASE,    /* VIR_CRED_PASSPHRASE */
  ORIEL_CREDENTIAL_ECHO_PROMPT,   /* VIR_CRED_ECHOPROMPT: an answer shown as typed */
  ORIEL_CREDENTIAL_SECRET_PROMPT, /* VIR_CRED_NOECHOPROMPT: an answer hidden */
  ORIEL_CREDENTIAL_REALM,         /* VIR_CRED_REALM */
  ORIEL_CREDENTIAL_EXTERNAL,      /* VIR_CRED_EXTERNAL: done elsewhere (polkit) */
} OrielCredentialKind;

#define ORIEL_TYPE_CREDENTIALS (oriel_credentials_get_type ())
G_DECLARE_FINAL_TYPE (OrielCredentials, oriel_credentials, ORIEL, CREDENTIALS, GObject)

OrielCredentials   *oriel_credentials_new             (const char *uri);
void                oriel_credentials_add             (OrielCredentials    *self,
                                                       OrielCredentialKind  kind,
                                                       const char          *prompt,
                                                       const char          *challenge,
                                                       const char          *default_answer);
const char         *oriel_credentials_get_uri         (OrielCredentials *self);
guint               oriel_credentials_get_n_items     (OrielCredentials *self);
OrielCredentialKind oriel_credentials_get_kind        (OrielCredentials *self,
                                                       guint             index);
const char         *oriel_credentials_get_prompt      (OrielCredentials *self,
                                                       guint             index);
const char         *oriel_credentials_get_challenge   (OrielCredentials *self,
                                                       guint             index);
const char         *oriel_credentials_get_default     (OrielCredentials *self,
                                                       guint             index);
gboolean            oriel_credentials_is_secret       (OrielCredentials *self,
                                                       guint             index);
gboolean            oriel_credentials_needs_answer    (OrielCredentials *self,
                                                       guint             index);
void                oriel_credentials_set_answer      (OrielCredentials *self,
                                                       guint             index,
                                                       const char       *answer);
const char         *oriel_credentials_get_answer      (OrielCredentials *self,
                                                       guint             index);
void                oriel_credentials_submit          (OrielCredentials *self);
void                oriel_credentials_cancel          (OrielCredentials *self);
gboolean            oriel_credentials_wait            (OrielCredentials *self,
                                                       GCancellable     *cancellable);
gboolean            oriel_credentials_was_cancelled   (OrielCredentials *self);

G_END_DECLS
