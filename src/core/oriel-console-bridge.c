#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <sys/socket.h>
#include <unistd.h>

#include "oriel-console-bridge.h"

/* Splices a libvirt console stream to one end of a local socket pair and
 * hands out the other end as a GIOStream.
 *
 * libvirt-glib's GVirStream should have done this, but in 4.0 its
 * GInputStream frees the same GError twice when a console closes under a
 * pending read, and its finalizer logs a critical whenever the console
 * already ended (virStreamFinish fails). So libvirt's stream API is used
 * directly; its events arrive on the GLib main loop through libvirt-glib's
 * event implementation (gvir_event_register). Every buffer is bounded; a
 * direction is only watched while it can make progress. */

#define BUFFER_SIZE 65536

typedef struct
{
  virStreamPtr stream;
  int fd;
  int stream_events;            /* what libvirt is asked to report */
  guint fd_watch;
  GIOCondition fd_cond;
  char to_local[BUFFER_SIZE];
  gsize to_local_len, to_local_off;
  char to_remote[BUFFER_SIZE];
  gsize to_remote_len, to_remote_off;
  gboolean remote_eof;
  gboolean local_eof;
  gboolean ended;
} Bridge;

static void update_watches (Bridge *bridge);

static gboolean
free_later (gpointer data)
{
  g_free (data);
  return G_SOURCE_REMOVE;
}

static void
release_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  virStreamPtr stream = task_data;

  /* finishing is a round trip to libvirtd: not on the main loop, and never
   * inside libvirt's own stream callback */
  if (virStreamFinish (stream) < 0)
    virStreamAbort (stream);
  virResetLastError ();
  virStreamFree (stream);
  g_task_return_boolean (task, TRUE);
}

static void
end (Bridge *bridge)
{
  g_autoptr (GTask) task = NULL;

  if (bridge->ended)
    return;
  bridge->ended = TRUE;
  g_clear_handle_id (&bridge->fd_watch, g_source_remove);
  virStreamEventRemoveCallback (bridge->stream);
  close (bridge->fd);
  /* gives the console back to libvirt */
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, g_steal_pointer (&bridge->stream), NULL);
  g_task_run_in_thread (task, release_thread);
  /* we may be inside libvirt's callback for this bridge */
  g_idle_add (free_later, bridge);
}

static void
flush_local (Bridge *bridge)
{
  while (bridge->to_local_off < bridge->to_local_len)
    {
      ssize_t n = write (bridge->fd, bridge->to_local + bridge->to_local_off,
                         bridge->to_local_len - bridge->to_local_off);

      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
      if (n < 0)
        {
          bridge->local_eof = TRUE;  /* nobody reads any more */
          bridge->to_local_off = bridge->to_local_len = 0;
          return;
        }
      bridge->to_local_off += n;
    }
  bridge->to_local_off = bridge->to_local_len = 0;
}

/* Returns FALSE when the stream failed. */
static gboolean
flush_remote (Bridge *bridge)
{
  while (bridge->to_remote_off < bridge->to_remote_len)
    {
      int n = virStreamSend (bridge->stream, bridge->to_remote + bridge->to_remote_off,
                             bridge->to_remote_len - bridge->to_remote_off);

      if (n == -2)
        return TRUE;  /* would block */
      if (n < 0)
        {
          g_debug ("console stream: %s", virGetLastErrorMessage ());
          return FALSE;
        }
      bridge->to_remote_off += n;
    }
  bridge->to_remote_off = bridge->to_remote_len = 0;
  return TRUE;
}

static void
stream_cb (virStreamPtr stream, int events, void *data)
{
  Bridge *bridge = data;

  if (bridge->ended)
    return;
  if ((events & VIR_STREAM_EVENT_READABLE) && bridge->to_local_len == 0)
    {
      int n = virStreamRecv (stream, bridge->to_local, sizeof bridge->to_local);

      if (n > 0)
        bridge->to_local_len = n;
      else if (n == 0)
        {
          bridge->remote_eof = TRUE;
          shutdown (bridge->fd, SHUT_WR);
        }
      else if (n != -2)
        {
          g_debug ("console stream: %s", virGetLastErrorMessage ());
          end (bridge);
          return;
        }
      flush_local (bridge);
    }
  if ((events & (VIR_STREAM_EVENT_HANGUP | VIR_STREAM_EVENT_ERROR))
      && !(events & VIR_STREAM_EVENT_READABLE))
    {
      bridge->remote_eof = TRUE;
      shutdown (bridge->fd, SHUT_WR);
      if (bridge->to_local_len == 0)
        {
          end (bridge);
          return;
        }
    }
  if ((events & VIR_STREAM_EVENT_WRITABLE) && !flush_remote (bridge))
    {
      end (bridge);
      return;
    }
  update_watches (bridge);
}

static gboolean
fd_cb (int fd, GIOCondition cond, gpointer data)
{
  Bridge *bridge = data;

  bridge->fd_watch = 0;
  if (cond & G_IO_OUT)
    flush_local (bridge);
  if ((cond & (G_IO_IN | G_IO_HUP | G_IO_ERR)) && bridge->to_remote_len == 0)
    {
      ssize_t n = read (fd, bridge->to_remote, sizeof bridge->to_remote);

      if (n > 0)
        {
          bridge->to_remote_len = n;
          if (!flush_remote (bridge))
            {
              end (bridge);
              return G_SOURCE_REMOVE;
            }
        }
      else if (n == 0 || (errno != EAGAIN && errno != EINTR))
        bridge->local_eof = TRUE;
    }
  update_watches (bridge);
  return G_SOURCE_REMOVE;
}

static void
update_watches (Bridge *bridge)
{
  int stream_events = 0;
  GIOCondition fd_cond = 0;

  if (bridge->ended)
    return;
  /* the local side is gone and all it sent has been delivered: done */
  if (bridge->local_eof && bridge->to_remote_len == 0)
    {
      end (bridge);
      return;
    }
  if (bridge->remote_eof && bridge->to_local_len == 0 && bridge->local_eof)
    {
      end (bridge);
      return;
    }
  if (bridge->to_local_len == 0 && !bridge->remote_eof)
    stream_events |= VIR_STREAM_EVENT_READABLE;
  if (bridge->to_remote_len > 0)
    stream_events |= VIR_STREAM_EVENT_WRITABLE;
  if (bridge->to_remote_len == 0)
    fd_cond |= G_IO_IN;
  if (bridge->to_local_len > 0)
    fd_cond |= G_IO_OUT;

  if (stream_events != bridge->stream_events)
    {
      virStreamEventUpdateCallback (bridge->stream, stream_events);
      bridge->stream_events = stream_events;
    }
  if (fd_cond != bridge->fd_cond || (bridge->fd_watch == 0 && fd_cond != 0))
    {
      g_clear_handle_id (&bridge->fd_watch, g_source_remove);
      if (fd_cond != 0)
        bridge->fd_watch = g_unix_fd_add (bridge->fd, fd_cond, fd_cb, bridge);
      bridge->fd_cond = fd_cond;
    }
}

/**
 * oriel_console_bridge_new:
 * @stream: a non-blocking console stream; the bridge takes over this
 *   reference
 *
 * Returns: (transfer full): the local end. Closing it gives the console
 * back to libvirt; the console ending closes it.
 */
GIOStream *
oriel_console_bridge_new (virStreamPtr stream, GError **error)
{
  g_autoptr (GSocket) socket = NULL;
  Bridge *bridge;
  int pair[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, pair) < 0)
    {
      int saved = errno;

      virStreamAbort (stream);
      virStreamFree (stream);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create a local socket: %s"), g_strerror (saved));
      return NULL;
    }
  socket = g_socket_new_from_fd (pair[1], error);
  if (socket == NULL)
    {
      close (pair[0]);
      close (pair[1]);
      virStreamAbort (stream);
      virStreamFree (stream);
      return NULL;
    }

  bridge = g_new0 (Bridge, 1);
  bridge->stream = stream;
  bridge->fd = pair[0];
  bridge->stream_events = VIR_STREAM_EVENT_READABLE;
  if (virStreamEventAddCallback (stream, bridge->stream_events, stream_cb, bridge, NULL) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not watch the console stream: %s"), virGetLastErrorMessage ());
      close (pair[0]);
      virStreamAbort (stream);
      virStreamFree (stream);
      g_free (bridge);
      return NULL;
    }
  update_watches (bridge);
  return G_IO_STREAM (g_socket_connection_factory_create_connection (socket));
}
