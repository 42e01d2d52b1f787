#pragma once

#include <libssh2.h>

#include "oriel-ssh-session.h"

G_BEGIN_DECLS

typedef enum
{
  SSH_STATE_IDLE,
  SSH_STATE_CONNECTING,
  SSH_STATE_CONNECTED,
  SSH_STATE_CLOSED,             /* lost or closed: a new session takes over */
} SshState;

typedef enum
{
  REQUEST_TCP,
  REQUEST_EXEC,
} RequestKind;

/* A channel asked for by the main thread, handled by the worker. */
typedef struct
{
  RequestKind kind;
  char *host;
  guint16 port;
  char *command;
  int local_fd;                 /* the worker's end */
  int peer_fd;                  /* handed to the caller; -1 when it gave its own */
  GTask *task;
} Request;

/* One open channel and the local socket it is spliced to. */
typedef struct
{
  Request *request;             /* until the channel is open */
  LIBSSH2_CHANNEL *channel;
  int local_fd;
  gboolean exec_started;
  char to_remote[32768];
  gsize to_remote_len, to_remote_off;
  char to_local[32768];
  gsize to_local_len, to_local_off;
  gboolean local_eof;           /* nothing more will come from the local end */
  gboolean local_ready;         /* the local end may have bytes: worth a read() */
  int poll_index;               /* its local end's place in the worker's poll set, or -1 */
  gboolean eof_sent;
  gboolean remote_eof;
  gboolean dead;
} Channel;

struct _OrielSshSession
{
  GObject parent_instance;

  OrielSshTarget *target;
  GMainContext *context;
  guint holds;                  /* users from _get_for_target; the last closes */        /* where prompts and results are delivered */

  /* shared with the worker, under lock */
  GMutex lock;
  SshState state;
  GQueue requests;
  GList *connect_tasks;
  GError *error;
  int wake_fds[2];
  GCancellable *cancellable;    /* cancels the worker as a whole */

  /* the worker's own */
  GThread *thread;
  LIBSSH2_SESSION *ssh;
  int sock;
  GPtrArray *channels;          /* of Channel */
  gboolean socket_drained;      /* libssh2 read the SSH socket dry in this round */
  gint64 last_inbound;          /* monotonic: the server's last byte */
  gint64 last_probe;            /* monotonic: the stall watch's last keepalive */
  char *password;               /* asked once, kept for this run */
  GHashTable *passphrases;      /* key file -> passphrase */
};

gboolean oriel_ssh_worker_connect (OrielSshSession *self, GError **error);
void     oriel_ssh_worker_run     (OrielSshSession *self);
void     oriel_ssh_worker_free    (OrielSshSession *self);
char    *oriel_ssh_worker_ask     (OrielSshSession *self, OrielSshPrompt *prompt);
int      oriel_ssh_wait_socket    (OrielSshSession *self, int timeout_ms);
void     oriel_ssh_session_set_lost (OrielSshSession *self, GError *error);
/* What failed, for oriel_ssh_error_from_session()'s message. */
typedef enum
{
  ORIEL_SSH_STEP_START,
  ORIEL_SSH_STEP_LOGIN,
  ORIEL_SSH_STEP_CHANNEL,
  ORIEL_SSH_STEP_COMMAND,
} OrielSshStep;

GError  *oriel_ssh_error_from_session (OrielSshSession *self, OrielSshStep step);
void     oriel_ssh_request_free   (Request *request);

/* Kept across sessions of one target for this run, so a reconnect after a
 * lost link does not ask again. Main thread and worker both use them. */
char    *oriel_ssh_secrets_lookup (const OrielSshTarget *target, const char *what);
void     oriel_ssh_secrets_store  (const OrielSshTarget *target, const char *what,
                                   const char *secret);

G_END_DECLS
