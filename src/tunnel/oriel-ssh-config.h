#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ORIEL_TYPE_SSH_CONFIG (oriel_ssh_config_get_type ())

/* What the OpenSSH client configuration says about one host, for the
 * options Oriel uses. Paths are expanded (~, %-tokens, ${VAR}). */
typedef struct
{
  char *hostname;               /* HostName, lower case; the host itself when unset */
  char *user;                   /* the caller's user, else User; NULL when neither */
  int port;                     /* the caller's port, else Port; 0: unset (22) */
  GStrv identity_files;         /* every IdentityFile, in order; empty when none */
  GStrv user_known_hosts_files; /* the first UserKnownHostsFile line's files; empty
                                 * when unset (ssh then uses ~/.ssh/known_hosts and
                                 * ~/.ssh/known_hosts2); "none" is kept as is */
  int hash_known_hosts;         /* -1: unset (no), 0: no, 1: yes */
  int connect_timeout;          /* seconds; -1: unset, 0: none */
  int server_alive_interval;    /* seconds; -1: unset, 0: off */
} OrielSshConfig;

GType           oriel_ssh_config_get_type    (void) G_GNUC_CONST;
OrielSshConfig *oriel_ssh_config_copy        (const OrielSshConfig *config);
void            oriel_ssh_config_free        (OrielSshConfig *config);

OrielSshConfig *oriel_ssh_config_lookup      (const char *const *paths,
                                              const char        *host,
                                              const char        *user_or_null,
                                              GError           **error);
OrielSshConfig *oriel_ssh_config_lookup_full (const char *const *paths,
                                              const char        *host,
                                              const char        *user_or_null,
                                              guint16            port_or_zero,
                                              GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrielSshConfig, oriel_ssh_config_free)

G_END_DECLS
