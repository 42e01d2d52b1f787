#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include "oriel-channel-opener.h"

G_DEFINE_INTERFACE (OrielChannelOpener, oriel_channel_opener, G_TYPE_OBJECT)

static void
oriel_channel_opener_default_init (OrielChannelOpenerInterface *iface)
{
}

/* A TCP connection made from the host itself to @host:@port. */
void
oriel_channel_opener_open_tcp_async (OrielChannelOpener  *self,
                                     const char          *host,
                                     guint16              port,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (ORIEL_IS_CHANNEL_OPENER (self));
  ORIEL_CHANNEL_OPENER_GET_IFACE (self)->open_tcp_async (self, host, port, cancellable,
                                                          callback, user_data);
}

/* A connection to the UNIX socket @path on the host. */
void
oriel_channel_opener_open_unix_async (OrielChannelOpener  *self,
                                      const char          *path,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (ORIEL_IS_CHANNEL_OPENER (self));
  ORIEL_CHANNEL_OPENER_GET_IFACE (self)->open_unix_async (self, path, cancellable, callback,
                                                           user_data);
}

/* Returns: a connected, close-on-exec fd owned by the caller, or -1. */
int
oriel_channel_opener_open_finish (OrielChannelOpener *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (ORIEL_IS_CHANNEL_OPENER (self), -1);
  return ORIEL_CHANNEL_OPENER_GET_IFACE (self)->open_finish (self, result, error);
}
