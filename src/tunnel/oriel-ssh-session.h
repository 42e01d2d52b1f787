#pragma once

#include <gio/gio.h>

#include "oriel-channel-opener.h"
#include "oriel-ssh-prompt.h"

G_BEGIN_DECLS

/* Where and as whom to log in, after ~/.ssh/config and the URI's own
 * keyfile= and known_hosts= parameters. */
typedef struct
{
  char *user;
  char *host;                   /* as the person named it */
  char *hostname;               /* what to connect to (HostName) */
  guint16 port;
  GStrv identity_files;
  GStrv known_hosts_files;      /* the first one gets new host keys */
  gboolean hash_known_hosts;
} OrielSshTarget;

#define ORIEL_TYPE_SSH_TARGET (oriel_ssh_target_get_type ())
GType           oriel_ssh_target_get_type (void) G_GNUC_CONST;
OrielSshTarget *oriel_ssh_target_copy     (const OrielSshTarget *target);
void            oriel_ssh_target_free     (OrielSshTarget *target);
char           *oriel_ssh_target_describe (const OrielSshTarget *target);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrielSshTarget, oriel_ssh_target_free)

#define ORIEL_TYPE_SSH_SESSION (oriel_ssh_session_get_type ())
G_DECLARE_FINAL_TYPE (OrielSshSession, oriel_ssh_session, ORIEL, SSH_SESSION, GObject)

OrielSshSession *oriel_ssh_session_get_for_target (const OrielSshTarget *target);
void             oriel_ssh_session_close          (OrielSshSession *self);
void             oriel_ssh_session_release        (OrielSshSession *self);

void             oriel_ssh_session_connect_async  (OrielSshSession     *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean         oriel_ssh_session_connect_finish (OrielSshSession  *self,
                                                   GAsyncResult     *result,
                                                   GError          **error);

void             oriel_ssh_session_open_exec_async (OrielSshSession     *self,
                                                    const char          *command,
                                                    int                  local_fd,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
int              oriel_ssh_session_open_finish     (OrielSshSession  *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);

G_END_DECLS
