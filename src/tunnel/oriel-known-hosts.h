#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What the known hosts files say about the key a server presented. */
typedef enum
{
  ORIEL_HOST_KEY_MATCH,         /* a line for this host has exactly this key */
  ORIEL_HOST_KEY_UNKNOWN,       /* no line for this host has a key of this type */
  ORIEL_HOST_KEY_CHANGED,       /* the host is known with another key of this type */
  ORIEL_HOST_KEY_REVOKED,       /* an @revoked line for this host names this key */
} OrielHostKeyStatus;

#define ORIEL_TYPE_KNOWN_HOSTS_ENTRY (oriel_known_hosts_entry_get_type ())

/* One key line of a known hosts file, for showing a person where it is. */
typedef struct
{
  char *file;                   /* the path, or the origin given to load_data() */
  guint line;                   /* 1-based */
  char *key_type;               /* "ssh-ed25519", "ecdsa-sha2-nistp256", ... */
  GBytes *key;                  /* the public key blob (the decoded base64) */
} OrielKnownHostsEntry;

GType                 oriel_known_hosts_entry_get_type (void) G_GNUC_CONST;
OrielKnownHostsEntry *oriel_known_hosts_entry_copy     (const OrielKnownHostsEntry *entry);
void                  oriel_known_hosts_entry_free     (OrielKnownHostsEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrielKnownHostsEntry, oriel_known_hosts_entry_free)

#define ORIEL_TYPE_KNOWN_HOSTS (oriel_known_hosts_get_type ())
G_DECLARE_FINAL_TYPE (OrielKnownHosts, oriel_known_hosts, ORIEL, KNOWN_HOSTS, GObject)

OrielKnownHosts    *oriel_known_hosts_new           (void);
gboolean            oriel_known_hosts_load_file     (OrielKnownHosts  *self,
                                                     const char       *path,
                                                     GError          **error);
void                oriel_known_hosts_load_data     (OrielKnownHosts *self,
                                                     const char      *data,
                                                     const char      *origin);
OrielHostKeyStatus  oriel_known_hosts_check         (OrielKnownHosts       *self,
                                                     const char            *host,
                                                     guint16                port,
                                                     const char            *key_type,
                                                     GBytes                *key,
                                                     OrielKnownHostsEntry **conflict);
GStrv               oriel_known_hosts_get_key_types (OrielKnownHosts *self,
                                                     const char      *host,
                                                     guint16          port);

gboolean            oriel_known_hosts_append        (const char  *path,
                                                     const char  *host,
                                                     guint16      port,
                                                     const char  *key_type,
                                                     GBytes      *key,
                                                     gboolean     hashed,
                                                     GError     **error);

char               *oriel_host_key_fingerprint      (GBytes *key);

G_END_DECLS
