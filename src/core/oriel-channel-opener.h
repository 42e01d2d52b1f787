#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Something that opens byte streams on a (remote) host and hands back a
 * connected local fd: the SSH tunnel implements it. core only knows the
 * interface, so it stays below the tunnel layer. */
#define ORIEL_TYPE_CHANNEL_OPENER (oriel_channel_opener_get_type ())
G_DECLARE_INTERFACE (OrielChannelOpener, oriel_channel_opener, ORIEL, CHANNEL_OPENER, GObject)

struct _OrielChannelOpenerInterface
{
  GTypeInterface parent_iface;

  void (*open_tcp_async)  (OrielChannelOpener  *self,
                           const char          *host,
                           guint16              port,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data);
  void (*open_unix_async) (OrielChannelOpener  *self,
                           const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data);
  int  (*open_finish)     (OrielChannelOpener  *self,
                           GAsyncResult        *result,
                           GError             **error);
};

void  oriel_channel_opener_open_tcp_async  (OrielChannelOpener  *self,
                                            const char          *host,
                                            guint16              port,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
void  oriel_channel_opener_open_unix_async (OrielChannelOpener  *self,
                                            const char          *path,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
int   oriel_channel_opener_open_finish     (OrielChannelOpener  *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
