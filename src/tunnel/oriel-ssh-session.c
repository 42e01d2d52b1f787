#define G_LOG_DOMAIN "oriel-tunnel"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "oriel-error.h"
#include "oriel-util.h"
#include "oriel-ssh-session-private.h"

/* One SSH connection per (user, host, port) for the whole process: the
 * libvirt link and every display channel ride it. libssh2 runs in one
 * worker thread per connection; this side is the main thread's. */

static void oriel_ssh_session_opener_init (OrielChannelOpenerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OrielSshSession, oriel_ssh_session, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ORIEL_TYPE_CHANNEL_OPENER,
                                                      oriel_ssh_session_opener_init))

G_DEFINE_BOXED_TYPE (OrielSshTarget, oriel_ssh_target, oriel_ssh_target_copy,
                     oriel_ssh_target_free)

enum
{
  PROMPT,
  LOST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* live sessions by "user@hostname:port"; main thread only */
static GHashTable *pool;

OrielSshTarget *
oriel_ssh_target_copy (const OrielSshTarget *target)
{
  OrielSshTarget *copy = g_new0 (OrielSshTarget, 1);

  copy->user = g_strdup (target->user);
  copy->host = g_strdup (target->host);
  copy->hostname = g_strdup (target->hostname);
  copy->port = target->port;
  copy->identity_files = g_strdupv (target->identity_files);
  copy->known_hosts_files = g_strdupv (target->known_hosts_files);
  copy->hash_known_hosts = target->hash_known_hosts;
  return copy;
}

void
oriel_ssh_target_free (OrielSshTarget *target)
{
  if (target == NULL)
    return;
  g_free (target->user);
  g_free (target->host);
  g_free (target->hostname);
  g_strfreev (target->identity_files);
  g_strfreev (target->known_hosts_files);
  g_free (target);
}

/* "user@host" or "user@host:port", for messages and the pool. */
char *
oriel_ssh_target_describe (const OrielSshTarget *target)
{
  if (target->port == 22)
    return g_strdup_printf ("%s@%s", target->user, target->hostname);
  return g_strdup_printf ("%s@%s:%u", target->user, target->hostname, target->port);
}

/* ---------------------------------------------------------- secrets --- */

static GMutex secrets_lock;
static GHashTable *secrets;     /* "target\nwhat" -> secret */

static char *
secret_key (const OrielSshTarget *target, const char *what)
{
  g_autofree char *label = oriel_ssh_target_describe (target);

  return g_strdup_printf ("%s\n%s", label, what);
}

static void
secret_free (gpointer secret)
{
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

char *
oriel_ssh_secrets_lookup (const OrielSshTarget *target, const char *what)
{
  g_autofree char *key = secret_key (target, what);
  char *secret = NULL;

  g_mutex_lock (&secrets_lock);
  if (secrets != NULL)
    secret = g_strdup (g_hash_table_lookup (secrets, key));
  g_mutex_unlock (&secrets_lock);
  return secret;
}

void
oriel_ssh_secrets_store (const OrielSshTarget *target, const char *what, const char *secret)
{
  g_mutex_lock (&secrets_lock);
  if (secrets == NULL)
    secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, secret_free);
  if (secret != NULL)
    g_hash_table_insert (secrets, secret_key (target, what), g_strdup (secret));
  else
    {
      g_autofree char *key = secret_key (target, what);
      g_hash_table_remove (secrets, key);
    }
  g_mutex_unlock (&secrets_lock);
}

/* ---------------------------------------------------------- prompts --- */

/* Runs @func on @context's own thread, always later: g_main_context_invoke
 * would run it right here, in the worker, whenever the main thread happens
 * not to hold the context (a test blocked in a subprocess; a busy main
 * loop), and these callbacks reach windows. */
static void
run_on_context (GMainContext *context, GSourceFunc func, gpointer data, GDestroyNotify notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "oriel-ssh-worker-call");
  g_source_attach (source, context);
  g_source_unref (source);
}

static gboolean
emit_prompt (gpointer data)
{
  OrielSshPrompt *prompt = data;
  OrielSshSession *self = g_object_get_data (G_OBJECT (prompt), "oriel-session");
  gboolean handled = FALSE;

  g_signal_emit (self, signals[PROMPT], 0, prompt, &handled);
  if (!handled)
    oriel_ssh_prompt_reply (prompt, NULL);  /* nobody to ask: as if cancelled */
  return G_SOURCE_REMOVE;
}

/* Worker side: asks on the main thread and waits for the answer. */
char *
oriel_ssh_worker_ask (OrielSshSession *self, OrielSshPrompt *prompt)
{
  g_object_set_data_full (G_OBJECT (prompt), "oriel-session", g_object_ref (self),
                          g_object_unref);
  run_on_context (self->context, emit_prompt, g_object_ref (prompt), g_object_unref);
  return oriel_ssh_prompt_wait (prompt, self->cancellable);
}

/* ----------------------------------------------------- worker thread --- */

static void
fail_tasks (GList *tasks, const GError *error)
{
  for (GList *l = tasks; l != NULL; l = l->next)
    {
      g_task_return_error (l->data, g_error_copy (error));
      g_object_unref (l->data);
    }
  g_list_free (tasks);
}

static gboolean
emit_lost (gpointer data)
{
  OrielSshSession *self = data;
  GError *error;

  g_mutex_lock (&self->lock);
  error = self->error ? g_error_copy (self->error) : NULL;
  g_mutex_unlock (&self->lock);
  if (pool != NULL)
    {
      g_autofree char *key = oriel_ssh_target_describe (self->target);

      if (g_hash_table_lookup (pool, key) == self)
        g_hash_table_remove (pool, key);
    }
  g_signal_emit (self, signals[LOST], 0, error);
  g_clear_error (&error);
  return G_SOURCE_REMOVE;
}

/* Ends the session: pending requests fail with @error, listeners hear. */
void
oriel_ssh_session_set_lost (OrielSshSession *self, GError *error)
{
  GList *tasks;
  GQueue requests = G_QUEUE_INIT;
  gboolean was_connected;

  g_mutex_lock (&self->lock);
  was_connected = self->state == SSH_STATE_CONNECTED;
  self->state = SSH_STATE_CLOSED;
  if (self->error == NULL)
    self->error = g_error_copy (error);
  tasks = g_steal_pointer (&self->connect_tasks);
  requests = self->requests;
  g_queue_init (&self->requests);
  g_mutex_unlock (&self->lock);

  fail_tasks (tasks, error);
  for (GList *l = requests.head; l != NULL; l = l->next)
    {
      Request *request = l->data;

      {
        GTask *task = g_steal_pointer (&request->task);

        g_task_return_error (task, g_error_copy (error));
        g_object_unref (task);
      }
      oriel_ssh_request_free (request);
    }
  g_queue_clear (&requests);
  if (was_connected)
    run_on_context (self->context, emit_lost, g_object_ref (self), g_object_unref);
}

static gpointer
worker_main (gpointer data)
{
  OrielSshSession *self = data;
  g_autoptr (GError) error = NULL;
  GList *tasks;

  if (!oriel_ssh_worker_connect (self, &error))
    {
      g_debug ("SSH to %s failed: %s", self->target->hostname, error->message);
      oriel_ssh_session_set_lost (self, error);
      oriel_ssh_worker_free (self);
      g_object_unref (self);
      return NULL;
    }

  g_mutex_lock (&self->lock);
  self->state = SSH_STATE_CONNECTED;
  tasks = g_steal_pointer (&self->connect_tasks);
  g_mutex_unlock (&self->lock);
  for (GList *l = tasks; l != NULL; l = l->next)
    {
      g_task_return_boolean (l->data, TRUE);
      g_object_unref (l->data);
    }
  g_list_free (tasks);

  oriel_ssh_worker_run (self);
  oriel_ssh_worker_free (self);
  g_object_unref (self);
  return NULL;
}

static void
wake_worker (OrielSshSession *self)
{
  char byte = 1;

  /* a full pipe already means "wake up" */
  if (write (self->wake_fds[1], &byte, 1) < 0 && errno != EAGAIN)
    g_debug ("Could not wake the SSH worker: %s", g_strerror (errno));
}

/* ------------------------------------------------------- public API --- */

/* Returns: (transfer full): the live session for @target, or a new one.
 * Each call holds it open until oriel_ssh_session_release(). */
OrielSshSession *
oriel_ssh_session_get_for_target (const OrielSshTarget *target)
{
  g_autofree char *key = oriel_ssh_target_describe (target);
  OrielSshSession *self;

  if (pool == NULL)
    pool = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self = g_hash_table_lookup (pool, key);
  if (self != NULL && self->state != SSH_STATE_CLOSED)
    {
      self->holds++;
      return g_object_ref (self);
    }

  self = g_object_new (ORIEL_TYPE_SSH_SESSION, NULL);
  self->target = oriel_ssh_target_copy (target);
  self->holds = 1;
  /* weak: the pool forgets a session when it is finalized or lost */
  g_hash_table_replace (pool, g_steal_pointer (&key), self);
  return self;
}

/* Logs in (asking through ::prompt where needed); every caller shares the
 * one attempt in progress. */
void
oriel_ssh_session_connect_async (OrielSshSession     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  gboolean start = FALSE;

  g_return_if_fail (ORIEL_IS_SSH_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, oriel_ssh_session_connect_async);

  g_mutex_lock (&self->lock);
  switch (self->state)
    {
    case SSH_STATE_CONNECTED:
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      break;
    case SSH_STATE_CLOSED:
      g_task_return_error (task, self->error ? g_error_copy (self->error)
                                             : g_error_new_literal (ORIEL_ERROR, ORIEL_ERROR_FAILED,
                                                                    _("The SSH connection is closed.")));
      g_object_unref (task);
      break;
    case SSH_STATE_IDLE:
      self->state = SSH_STATE_CONNECTING;
      start = TRUE;
      G_GNUC_FALLTHROUGH;
    case SSH_STATE_CONNECTING:
    default:
      self->connect_tasks = g_list_append (self->connect_tasks, task);
      break;
    }
  g_mutex_unlock (&self->lock);

  if (start)
    self->thread = g_thread_new ("oriel-ssh", worker_main, g_object_ref (self));
}

gboolean
oriel_ssh_session_connect_finish (OrielSshSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
oriel_ssh_request_free (Request *request)
{
  if (request->local_fd >= 0)
    close (request->local_fd);
  if (request->peer_fd >= 0)
    close (request->peer_fd);
  g_clear_object (&request->task);
  g_free (request->host);
  g_free (request->command);
  g_free (request);
}

static void
queue_request (OrielSshSession *self, Request *request, GCancellable *cancellable,
               GAsyncReadyCallback callback, gpointer user_data)
{
  GError *error = NULL;
  int pair[2];

  request->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (request->task, queue_request);
  /* a result that arrives after cancellation is closed by _finish */
  g_task_set_check_cancellable (request->task, FALSE);

  if (request->local_fd < 0)
    {
      if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
        {
          int saved = errno;
          g_task_return_new_error (request->task, G_IO_ERROR, g_io_error_from_errno (saved),
                                   _("Could not create a local socket: %s"), g_strerror (saved));
          oriel_ssh_request_free (request);
          return;
        }
      request->local_fd = pair[0];
      request->peer_fd = pair[1];
    }
  fcntl (request->local_fd, F_SETFL, fcntl (request->local_fd, F_GETFL) | O_NONBLOCK);

  g_mutex_lock (&self->lock);
  if (self->state != SSH_STATE_CONNECTED)
    {
      error = self->error ? g_error_copy (self->error)
                          : g_error_new_literal (ORIEL_ERROR, ORIEL_ERROR_FAILED,
                                                 _("The SSH connection is not open."));
      g_mutex_unlock (&self->lock);
      g_task_return_error (request->task, error);
      oriel_ssh_request_free (request);
      return;
    }
  g_queue_push_tail (&self->requests, request);
  g_mutex_unlock (&self->lock);
  wake_worker (self);
}

/**
 * oriel_ssh_session_open_exec_async:
 * @local_fd: the local end to splice the command's stdio to, or -1 for a
 *   new socket pair whose other end _finish() returns
 */
void
oriel_ssh_session_open_exec_async (OrielSshSession     *self,
                                   const char          *command,
                                   int                  local_fd,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Request *request = g_new0 (Request, 1);

  g_return_if_fail (ORIEL_IS_SSH_SESSION (self));

  request->kind = REQUEST_EXEC;
  request->command = g_strdup (command);
  request->local_fd = local_fd;
  request->peer_fd = -1;
  queue_request (self, request, cancellable, callback, user_data);
}

static void
oriel_ssh_session_open_tcp_async (OrielChannelOpener  *opener,
                                  const char          *host,
                                  guint16              port,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Request *request = g_new0 (Request, 1);

  request->kind = REQUEST_TCP;
  request->host = g_strdup (host);
  request->port = port;
  request->local_fd = -1;
  request->peer_fd = -1;
  queue_request (ORIEL_SSH_SESSION (opener), request, cancellable, callback, user_data);
}

/* libssh2 1.10 has no direct-streamlocal: a UNIX socket on the host is
 * reached through a command there. */
static void
oriel_ssh_session_open_unix_async (OrielChannelOpener  *opener,
                                   const char          *path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command =
    g_strdup_printf ("if command -v nc >/dev/null 2>&1; then exec nc -U %s; "
                     "else exec socat - UNIX-CONNECT:%s; fi", quoted, quoted);

  oriel_ssh_session_open_exec_async (ORIEL_SSH_SESSION (opener), command, -1, cancellable,
                                     callback, user_data);
}

/* Returns: the caller's end of the channel (close-on-exec); 0 when the
 * caller gave its own local fd; -1 with @error set on failure. */
int
oriel_ssh_session_open_finish (OrielSshSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return oriel_task_propagate_fd (G_TASK (result), error);
}

static int
opener_finish (OrielChannelOpener *opener, GAsyncResult *result, GError **error)
{
  return oriel_ssh_session_open_finish (ORIEL_SSH_SESSION (opener), result, error);
}

static void
oriel_ssh_session_opener_init (OrielChannelOpenerInterface *iface)
{
  iface->open_tcp_async = oriel_ssh_session_open_tcp_async;
  iface->open_unix_async = oriel_ssh_session_open_unix_async;
  iface->open_finish = opener_finish;
}

/* Closes the connection and every channel on it. */
void
oriel_ssh_session_close (OrielSshSession *self)
{
  g_return_if_fail (ORIEL_IS_SSH_SESSION (self));

  g_cancellable_cancel (self->cancellable);
  wake_worker (self);
}

/* Drops a hold from _get_for_target() and the reference it returned; the
 * worker keeps its own reference, so the last hold closes the connection. */
void
oriel_ssh_session_release (OrielSshSession *self)
{
  g_return_if_fail (ORIEL_IS_SSH_SESSION (self));
  g_return_if_fail (self->holds > 0);

  if (--self->holds == 0)
    {
      g_autofree char *key = oriel_ssh_target_describe (self->target);

      if (pool != NULL && g_hash_table_lookup (pool, key) == self)
        g_hash_table_remove (pool, key);
      oriel_ssh_session_close (self);
    }
  g_object_unref (self);
}

static void
oriel_ssh_session_dispose (GObject *object)
{
  OrielSshSession *self = ORIEL_SSH_SESSION (object);

  if (pool != NULL && self->target != NULL)
    {
      g_autofree char *key = oriel_ssh_target_describe (self->target);

      if (g_hash_table_lookup (pool, key) == self)
        g_hash_table_remove (pool, key);
    }
  G_OBJECT_CLASS (oriel_ssh_session_parent_class)->dispose (object);
}

static void
oriel_ssh_session_finalize (GObject *object)
{
  OrielSshSession *self = ORIEL_SSH_SESSION (object);

  g_debug ("SSH session %p finalized", self);
  /* the worker holds a reference while it runs: it is gone by now */
  if (self->thread != NULL)
    g_thread_unref (self->thread);
  g_clear_pointer (&self->target, oriel_ssh_target_free);
  g_clear_error (&self->error);
  g_clear_object (&self->cancellable);
  g_main_context_unref (self->context);
  close (self->wake_fds[0]);
  close (self->wake_fds[1]);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (oriel_ssh_session_parent_class)->finalize (object);
}

static void
oriel_ssh_session_class_init (OrielSshSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = oriel_ssh_session_dispose;
  object_class->finalize = oriel_ssh_session_finalize;

  /* Return TRUE when the prompt will be answered (now or later). */
  signals[PROMPT] = g_signal_new ("prompt", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  g_signal_accumulator_true_handled, NULL, NULL,
                                  G_TYPE_BOOLEAN, 1, ORIEL_TYPE_SSH_PROMPT);
  /* The link went down after it was up. */
  signals[LOST] = g_signal_new ("lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  /* not thread-safe, so once here, before any worker exists */
  libssh2_init (0);
}

static void
oriel_ssh_session_init (OrielSshSession *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->requests);
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->sock = -1;
  if (pipe2 (self->wake_fds, O_CLOEXEC | O_NONBLOCK) < 0)
    g_error ("pipe2: %s", g_strerror (errno));
}
