#define G_LOG_DOMAIN "oriel-core"

#include "config.h"


#include "oriel-stream-pump.h"

/* Moves bytes between a GIOStream (libvirt's console stream) and whoever
 * listens: reads go out as ::data in order, writes are queued and sent in
 * order, and the end (EOF, hang-up or an error) is told once as ::closed.
 * Everything is asynchronous on the thread-default main context.
 *
 * Pending reads and writes are never cancelled: libvirt-gobject's streams
 * free the cancellation's GError twice. Closing the stream ends them
 * instead, and they hold only a weak reference, so a late result is
 * dropped. */
struct _OrielStreamPump
{
  GObject parent_instance;

  GIOStream *stream;
  GQueue pending;               /* of GBytes still to write */
  gboolean writing;
  gboolean closed;
  guint64 bytes_in;
  guint64 bytes_out;
};

G_DEFINE_FINAL_TYPE (OrielStreamPump, oriel_stream_pump, G_TYPE_OBJECT)

enum
{
  DATA,
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define READ_SIZE 65536

static void
finish (OrielStreamPump *self, const GError *error)
{
  if (self->closed)
    return;
  self->closed = TRUE;
  g_queue_clear_full (&self->pending, (GDestroyNotify) g_bytes_unref);
  g_signal_emit (self, signals[CLOSED], 0, error);
}

static void read_next (OrielStreamPump *self);

static GWeakRef *
weak_self (OrielStreamPump *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

/* Returns: (transfer full) (nullable): the pump, if it is still there. */
static OrielStreamPump *
take_weak (GWeakRef *ref)
{
  OrielStreamPump *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return self;
}

static void
read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (OrielStreamPump) self = take_weak (user_data);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (self == NULL || self->closed)
    return;
  if (bytes == NULL)
    {
      finish (self, error);
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      finish (self, NULL);  /* end of stream */
      return;
    }
  self->bytes_in += g_bytes_get_size (bytes);
  g_signal_emit (self, signals[DATA], 0, bytes);
  read_next (self);
}

static void
read_next (OrielStreamPump *self)
{
  if (self->closed)
    return;
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (self->stream), READ_SIZE,
                                   G_PRIORITY_DEFAULT, NULL, read_cb, weak_self (self));
}

static void write_next (OrielStreamPump *self);

static void
write_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (OrielStreamPump) self = take_weak (user_data);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) head = NULL;
  gssize written;

  written = g_output_stream_write_bytes_finish (G_OUTPUT_STREAM (source), result, &error);
  if (self == NULL)
    return;
  self->writing = FALSE;
  if (self->closed)
    return;
  if (written < 0)
    {
      finish (self, error);
      return;
    }
  self->bytes_out += written;
  head = g_queue_pop_head (&self->pending);
  if ((gsize) written < g_bytes_get_size (head))
    g_queue_push_head (&self->pending,
                       g_bytes_new_from_bytes (head, written, g_bytes_get_size (head) - written));
  write_next (self);
}

static void
write_next (OrielStreamPump *self)
{
  GBytes *head;

  if (self->writing || self->closed || (head = g_queue_peek_head (&self->pending)) == NULL)
    return;
  self->writing = TRUE;
  g_output_stream_write_bytes_async (g_io_stream_get_output_stream (self->stream), head,
                                     G_PRIORITY_DEFAULT, NULL, write_cb, weak_self (self));
}

OrielStreamPump *
oriel_stream_pump_new (GIOStream *stream)
{
  OrielStreamPump *self;

  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);

  self = g_object_new (ORIEL_TYPE_STREAM_PUMP, NULL);
  self->stream = g_object_ref (stream);
  return self;
}

void
oriel_stream_pump_start (OrielStreamPump *self)
{
  g_return_if_fail (ORIEL_IS_STREAM_PUMP (self));
  read_next (self);
}

/* Queues @data; it goes out after everything queued before it. */
void
oriel_stream_pump_write (OrielStreamPump *self, const void *data, gsize length)
{
  g_return_if_fail (ORIEL_IS_STREAM_PUMP (self));

  if (self->closed || length == 0)
    return;
  g_queue_push_tail (&self->pending, g_bytes_new (data, length));
  write_next (self);
}

/* Stops pumping and closes the stream; ::closed is not emitted for a close
 * asked for here. */
void
oriel_stream_pump_close (OrielStreamPump *self)
{
  g_return_if_fail (ORIEL_IS_STREAM_PUMP (self));

  if (self->closed && self->stream == NULL)
    return;
  self->closed = TRUE;
  g_queue_clear_full (&self->pending, (GDestroyNotify) g_bytes_unref);
  g_io_stream_close_async (self->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

guint64
oriel_stream_pump_get_bytes_in (OrielStreamPump *self)
{
  return self->bytes_in;
}

guint64
oriel_stream_pump_get_bytes_out (OrielStreamPump *self)
{
  return self->bytes_out;
}

static void
oriel_stream_pump_dispose (GObject *object)
{
  OrielStreamPump *self = ORIEL_STREAM_PUMP (object);

  g_queue_clear_full (&self->pending, (GDestroyNotify) g_bytes_unref);
  G_OBJECT_CLASS (oriel_stream_pump_parent_class)->dispose (object);
}

static void
oriel_stream_pump_finalize (GObject *object)
{
  OrielStreamPump *self = ORIEL_STREAM_PUMP (object);

  g_clear_object (&self->stream);
  G_OBJECT_CLASS (oriel_stream_pump_parent_class)->finalize (object);
}

static void
oriel_stream_pump_class_init (OrielStreamPumpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = oriel_stream_pump_dispose;
  object_class->finalize = oriel_stream_pump_finalize;

  signals[DATA] = g_signal_new ("data", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
  /* once; the error is NULL at a plain end of stream */
  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
oriel_stream_pump_init (OrielStreamPump *self)
{
  g_queue_init (&self->pending);
}
