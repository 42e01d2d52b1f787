#define G_LOG_DOMAIN "oriel-tunnel"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "oriel-error.h"
#include "oriel-ssh-session-private.h"

/* The worker's second part: one poll() over the SSH socket (in the
 * directions libssh2 asks for), the wake pipe and every channel's local
 * socket; channels are spliced both ways with bounded buffers. No timer
 * but the stall watch below, no busy looping: a direction is only polled
 * while it can make progress. */

/* Stalls are found by silence, with no timer of its own while the link is
 * busy: an idle libvirt link alone hears from the server every 5 s (libvirt's
 * own keepalive). Only after PROBE_US without a byte from the server does one
 * libssh2 keepalive ask for an answer; STALL_US of silence is a stall, noticed
 * within STALL_US. A fixed keepalive period (libssh2's own scheme) would wake
 * an idle console, and the host, for nothing. */
#define PROBE_US (6 * G_USEC_PER_SEC)
#define STALL_US (12 * G_USEC_PER_SEC)

static gboolean
fatal_ssh_error (int rc)
{
  if (rc < 0 && rc != LIBSSH2_ERROR_EAGAIN)
    g_debug ("libssh2 says %d", rc);
  return rc < 0 && rc != LIBSSH2_ERROR_EAGAIN && rc != LIBSSH2_ERROR_CHANNEL_CLOSED
         && rc != LIBSSH2_ERROR_CHANNEL_EOF_SENT && rc != LIBSSH2_ERROR_CHANNEL_FAILURE
         && rc != LIBSSH2_ERROR_CHANNEL_UNKNOWN;
}

static void
channel_free (Channel *channel)
{
  if (channel->channel != NULL)
    libssh2_channel_free (channel->channel);
  if (channel->local_fd >= 0)
    close (channel->local_fd);
  if (channel->request != NULL)
    oriel_ssh_request_free (channel->request);
  g_free (channel);
}

static void
adopt_requests (OrielSshSession *self)
{
  Request *request;

  g_mutex_lock (&self->lock);
  /* the stall watch rests while there is no channel: it starts afresh */
  if (self->channels->len == 0 && !g_queue_is_empty (&self->requests))
    self->last_inbound = g_get_monotonic_time ();
  while ((request = g_queue_pop_head (&self->requests)) != NULL)
    {
      Channel *channel = g_new0 (Channel, 1);

      channel->request = request;
      channel->local_fd = request->local_fd;
      channel->local_ready = TRUE;
      request->local_fd = -1;
      g_ptr_array_add (self->channels, channel);
    }
  g_mutex_unlock (&self->lock);
}

static void
fail_request (OrielSshSession *self, Channel *channel, GError *error)
{
  {
    GTask *task = g_steal_pointer (&channel->request->task);

    g_task_return_error (task, error);
    g_object_unref (task);
  }
  channel->dead = TRUE;
}

/* Returns FALSE when the session itself failed. */
static gboolean
progress_open (OrielSshSession *self, Channel *channel)
{
  Request *request = channel->request;
  int rc;

  if (channel->channel == NULL)
    {
      if (request->kind == REQUEST_TCP)
        channel->channel = libssh2_channel_direct_tcpip_ex (self->ssh, request->host,
                                                            request->port, "127.0.0.1", 0);
      else
        channel->channel = libssh2_channel_open_session (self->ssh);

      if (channel->channel == NULL)
        {
          rc = libssh2_session_last_errno (self->ssh);
          if (rc == LIBSSH2_ERROR_EAGAIN)
            return TRUE;
          if (fatal_ssh_error (rc) && rc != LIBSSH2_ERROR_CHANNEL_FAILURE)
            return FALSE;
          if (request->kind == REQUEST_TCP)
            fail_request (self, channel,
                          g_error_new (ORIEL_ERROR, ORIEL_ERROR_UNREACHABLE,
                                       _("The host could not connect to %s port %u for the "
                                         "display (is the domain running?)."),
                                       request->host, request->port));
          else
            fail_request (self, channel, oriel_ssh_error_from_session (self, ORIEL_SSH_STEP_CHANNEL));
          return TRUE;
        }
    }

  if (request->kind == REQUEST_EXEC && !channel->exec_started)
    {
      rc = libssh2_channel_process_startup (channel->channel, "exec", 4, request->command,
                                            strlen (request->command));
      if (rc == LIBSSH2_ERROR_EAGAIN)
        return TRUE;
      if (rc != 0)
        {
          fail_request (self, channel, oriel_ssh_error_from_session (self, ORIEL_SSH_STEP_COMMAND));
          return !fatal_ssh_error (rc);
        }
      channel->exec_started = TRUE;
    }

  /* open: the caller gets its end (0 when it gave its own) */
  {
    GTask *task = g_steal_pointer (&request->task);

    g_task_return_int (task, MAX (request->peer_fd, 0));
    g_object_unref (task);
  }
  request->peer_fd = -1;
  g_clear_pointer (&channel->request, oriel_ssh_request_free);
  return TRUE;
}

/* Moves what it can in both directions. Returns FALSE when the session
 * failed; marks the channel dead when it is finished; sets *moved when any
 * byte went anywhere. */
static gboolean
pump (OrielSshSession *self, Channel *channel, gboolean *moved)
{
  ssize_t n;

  /* remote -> local */
  for (;;)
    {
      if (channel->to_local_off < channel->to_local_len)
        {
          n = write (channel->local_fd, channel->to_local + channel->to_local_off,
                     channel->to_local_len - channel->to_local_off);
          if (n < 0 && (errno == EAGAIN || errno == EINTR))
            break;
          if (n < 0)
            {
              channel->dead = TRUE;  /* the local side went away */
              return TRUE;
            }
          channel->to_local_off += n;
          *moved = TRUE;
          continue;
        }
      if (channel->remote_eof)
        break;
      /* every libssh2_channel_read() reads the SSH socket until it would
       * block and queues what it finds for all channels: once that happened
       * in a round, a channel with nothing queued needs no read (and no
       * recv() syscall) of its own */
      if (self->socket_drained && libssh2_poll_channel_read (channel->channel, 0) == 0
          && !libssh2_channel_eof (channel->channel))
        break;
      n = libssh2_channel_read (channel->channel, channel->to_local, sizeof channel->to_local);
      self->socket_drained = TRUE;
      if (n == LIBSSH2_ERROR_EAGAIN)
        break;
      if (n < 0)
        {
          if (fatal_ssh_error ((int) n))
            return FALSE;
          channel->remote_eof = TRUE;
        }
      else if (n == 0)
        {
          if (libssh2_channel_eof (channel->channel))
            channel->remote_eof = TRUE;
          else
            break;
        }
      else
        {
          self->last_inbound = g_get_monotonic_time ();
          channel->to_local_len = n;
          channel->to_local_off = 0;
          continue;
        }
      if (channel->remote_eof)
        shutdown (channel->local_fd, SHUT_WR);
    }
  if (channel->to_local_off >= channel->to_local_len)
    channel->to_local_off = channel->to_local_len = 0;

  /* local -> remote */
  for (;;)
    {
      if (channel->to_remote_off < channel->to_remote_len)
        {
          n = libssh2_channel_write (channel->channel, channel->to_remote + channel->to_remote_off,
                                     channel->to_remote_len - channel->to_remote_off);
          if (n == LIBSSH2_ERROR_EAGAIN)
            break;
          if (n < 0)
            {
              if (fatal_ssh_error ((int) n))
                return FALSE;
              channel->dead = TRUE;
              return TRUE;
            }
          channel->to_remote_off += n;
          *moved = TRUE;
          continue;
        }
      channel->to_remote_off = channel->to_remote_len = 0;
      if (channel->local_eof || !channel->local_ready)
        break;
      n = read (channel->local_fd, channel->to_remote, sizeof channel->to_remote);
      if (n < 0 && errno == EAGAIN)
        channel->local_ready = FALSE;  /* until poll() says otherwise */
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        break;
      if (n <= 0)
        {
          channel->local_eof = TRUE;
          break;
        }
      channel->to_remote_len = n;
    }

  if (channel->local_eof && !channel->eof_sent && channel->to_remote_len == 0)
    {
      int rc = libssh2_channel_send_eof (channel->channel);

      if (rc == 0)
        channel->eof_sent = TRUE;
      else if (fatal_ssh_error (rc))
        return FALSE;
      else if (rc != LIBSSH2_ERROR_EAGAIN)
        channel->eof_sent = TRUE;
    }

  if (channel->eof_sent && channel->remote_eof && channel->to_local_len == 0)
    channel->dead = TRUE;
  return TRUE;
}

static void
drain_wake_pipe (OrielSshSession *self)
{
  char buf[64];

  while (read (self->wake_fds[0], buf, sizeof buf) > 0)
    ;
}

static void
lose (OrielSshSession *self, gboolean stalled)
{
  g_autofree char *label = oriel_ssh_target_describe (self->target);
  g_autoptr (GError) error = NULL;

  if (stalled)
    error = g_error_new (ORIEL_ERROR, ORIEL_ERROR_UNREACHABLE,
                         _("The SSH connection to %s stopped answering."), label);
  else
    error = g_error_new (ORIEL_ERROR, ORIEL_ERROR_UNREACHABLE,
                         _("The SSH connection to %s was lost."), label);
  g_debug ("%s", error->message);
  /* nobody answers on a dead link: make every later write fail at once */
  shutdown (self->sock, SHUT_RDWR);
  oriel_ssh_session_set_lost (self, error);
}

typedef enum
{
  SILENCE_OK,
  SILENCE_FAILED,
  SILENCE_STALLED,
} Silence;

/* The stall watch (see PROBE_US): asks the server for an answer once per
 * silence, and sets *timeout_ms to the next moment it must look again (-1:
 * never, with no channel there is nothing to lose). */
static Silence
watch_silence (OrielSshSession *self, int dir, int *timeout_ms)
{
  gint64 now = g_get_monotonic_time ();
  gint64 silence = now - self->last_inbound;
  gint64 due;

  *timeout_ms = -1;
  if (self->channels->len == 0)
    return SILENCE_OK;
  if (silence >= STALL_US)
    return SILENCE_STALLED;
  if (silence >= PROBE_US && self->last_probe <= self->last_inbound
      && !(dir & LIBSSH2_SESSION_BLOCK_OUTBOUND))
    {
      /* with output still queued the link is stuck anyway: a keepalive
       * would only sit behind it (and libssh2 wants a half-sent packet
       * finished before any other) */
      int ignored;
      int rc = libssh2_keepalive_send (self->ssh, &ignored);

      if (rc != 0 && rc != LIBSSH2_ERROR_EAGAIN)
        return SILENCE_FAILED;
      self->last_probe = now;
    }
  due = self->last_inbound + (silence >= PROBE_US ? STALL_US : PROBE_US);
  /* rounded up: waking a little early would only wake again */
  *timeout_ms = (int) ((due - now + 999) / 1000);
  return SILENCE_OK;
}

/* A finished channel: its local end closes at once; libssh2 may need a few
 * more rounds to close its side. Returns TRUE once it is all gone. */
static gboolean
reap (Channel *channel)
{
  if (channel->local_fd >= 0)
    {
      close (channel->local_fd);
      channel->local_fd = -1;
    }
  if (channel->channel != NULL)
    {
      if (libssh2_channel_free (channel->channel) == LIBSSH2_ERROR_EAGAIN)
        return FALSE;
      channel->channel = NULL;
    }
  return TRUE;
}

void
oriel_ssh_worker_run (OrielSshSession *self)
{
  g_autoptr (GArray) fds = g_array_new (FALSE, FALSE, sizeof (struct pollfd));

  gboolean idle = FALSE;         /* the last poll() timed out: nothing arrived */

  self->channels = g_ptr_array_new_with_free_func ((GDestroyNotify) channel_free);

  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      struct pollfd ssh_fd = { self->sock, 0, 0 };
      struct pollfd wake = { self->wake_fds[0], POLLIN, 0 };
      gboolean want_inbound = FALSE;
      int timeout_ms;
      int dir;
      int rc;

      gboolean moved;
      guint rounds = 0;

      adopt_requests (self);

      /* Round after round until nothing moves: data libssh2 already read
       * for one channel while serving another would otherwise wait for
       * the next poll() timeout. A channel is pumped in the very round
       * it opens, for the same reason (a server's greeting comes with the
       * open confirmation). */
      /* after a bare timeout every channel was drained already: only the
       * stall watch is due, so skip a read on each channel */
      do
        {
          moved = FALSE;
          self->socket_drained = FALSE;
          if (idle)
            break;
          for (guint i = 0; i < self->channels->len; i++)
            {
              Channel *channel = g_ptr_array_index (self->channels, i);
              gboolean ok = TRUE;

              if (channel->dead)
                continue;
              if (channel->request != NULL)
                {
                  ok = progress_open (self, channel);
                  if (ok && channel->request == NULL && !channel->dead)
                    moved = TRUE;
                }
              else
                ok = pump (self, channel, &moved);
              if (!ok)
                {
                  lose (self, FALSE);
                  return;
                }
            }
        }
      /* bounded, so new requests and keepalives get their turn */
      while (moved && ++rounds < 16);
      for (guint i = self->channels->len; i-- > 0;)
        if (((Channel *) g_ptr_array_index (self->channels, i))->dead
            && reap (g_ptr_array_index (self->channels, i)))
          g_ptr_array_remove_index_fast (self->channels, i);

      dir = libssh2_session_block_directions (self->ssh);
      switch (watch_silence (self, dir, &timeout_ms))
        {
        case SILENCE_FAILED:
          lose (self, FALSE);
          return;
        case SILENCE_STALLED:
          lose (self, TRUE);
          return;
        default:
          break;
        }

      g_array_set_size (fds, 0);
      g_array_append_val (fds, wake);
      for (guint i = 0; i < self->channels->len; i++)
        {
          Channel *channel = g_ptr_array_index (self->channels, i);
          struct pollfd local = { channel->local_fd, 0, 0 };

          channel->poll_index = -1;
          if (channel->request != NULL || channel->dead)
            {
              want_inbound = TRUE;  /* waiting for the server's answer */
              continue;
            }
          if (channel->to_remote_len == 0 && !channel->local_eof)
            local.events |= POLLIN;
          if (channel->to_local_off < channel->to_local_len)
            local.events |= POLLOUT;
          else if (!channel->remote_eof)
            want_inbound = TRUE;  /* room for what the server sends */
          if (local.events != 0)
            {
              channel->poll_index = fds->len;
              g_array_append_val (fds, local);
            }
        }

      if (want_inbound || (dir & LIBSSH2_SESSION_BLOCK_INBOUND))
        ssh_fd.events |= POLLIN;
      if (dir & LIBSSH2_SESSION_BLOCK_OUTBOUND)
        ssh_fd.events |= POLLOUT;
      g_array_append_val (fds, ssh_fd);

      do
        rc = poll ((struct pollfd *) fds->data, fds->len, moved ? 0 : timeout_ms);
      while (rc < 0 && errno == EINTR);
      idle = rc == 0 && !moved;

      if (g_array_index (fds, struct pollfd, 0).revents & POLLIN)
        drain_wake_pipe (self);
      if (g_array_index (fds, struct pollfd, fds->len - 1).revents & (POLLIN | POLLHUP | POLLERR))
        self->last_inbound = g_get_monotonic_time ();
      /* a local end not watched for input may have some by now */
      for (guint i = 0; i < self->channels->len; i++)
        {
          Channel *channel = g_ptr_array_index (self->channels, i);
          const struct pollfd *local = channel->poll_index < 0 ? NULL
                                       : &g_array_index (fds, struct pollfd, channel->poll_index);

          if (local == NULL || !(local->events & POLLIN)
              || (local->revents & (POLLIN | POLLHUP | POLLERR)))
            channel->local_ready = TRUE;
        }
    }
}

/* Closes everything the worker owns; pending requests fail. */
void
oriel_ssh_worker_free (OrielSshSession *self)
{
  g_autofree char *label = oriel_ssh_target_describe (self->target);
  g_autoptr (GError) error = g_error_new (ORIEL_ERROR, ORIEL_ERROR_UNREACHABLE,
                                          _("The SSH connection to %s is closed."), label);

  oriel_ssh_session_set_lost (self, error);
  if (self->ssh != NULL)
    {
      /* closing may need replies; a dead link fails fast, a live one answers */
      libssh2_session_set_blocking (self->ssh, 1);
      libssh2_session_set_timeout (self->ssh, 2000);
    }
  if (self->channels != NULL)
    {
      for (guint i = 0; i < self->channels->len; i++)
        {
          Channel *channel = g_ptr_array_index (self->channels, i);

          if (channel->request != NULL && channel->request->task != NULL)
            {
              GTask *task = g_steal_pointer (&channel->request->task);

              g_task_return_error (task, g_error_copy (error));
              g_object_unref (task);
            }
        }
      g_clear_pointer (&self->channels, g_ptr_array_unref);
    }
  if (self->ssh != NULL)
    {
      /* best effort, without waiting: the socket is closed right after */
      libssh2_session_disconnect (self->ssh, "Oriel closed the connection");
      libssh2_session_free (self->ssh);
      self->ssh = NULL;
    }
  if (self->sock >= 0)
    close (self->sock);
  self->sock = -1;
}
