#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "oriel-stream-pump.h"

#define TOTAL (4 * 1024 * 1024)

static GIOStream *
stream_for_fd (int fd)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = g_socket_new_from_fd (fd, &error);

  g_assert_no_error (error);
  return G_IO_STREAM (g_socket_connection_factory_create_connection (socket));
}

typedef struct
{
  guint64 received;
  guint64 expected_next;        /* position in the pattern */
  guint8 seed;
  guint closed;
  GError *error;
} Sink;

static guint8
pattern (guint64 position, guint8 seed)
{
  return (guint8) ((position * 131 + position / 7919 + seed) & 0xff);
}

static void
data_cb (OrielStreamPump *pump, GBytes *bytes, Sink *sink)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  for (gsize i = 0; i < size; i++)
    if (data[i] != pattern (sink->expected_next + i, sink->seed))
      g_error ("byte %" G_GUINT64_FORMAT " is wrong", sink->expected_next + i);
  sink->expected_next += size;
  sink->received += size;
}

static void
closed_cb (OrielStreamPump *pump, const GError *error, Sink *sink)
{
  sink->closed++;
  if (error != NULL)
    sink->error = g_error_copy (error);
}

static void
send_pattern (OrielStreamPump *pump, guint8 seed)
{
  g_autofree guint8 *chunk = g_malloc (50000);
  guint64 position = 0;

  /* uneven chunks, so that reads and writes never line up */
  while (position < TOTAL)
    {
      gsize n = MIN ((gsize) (1000 + position % 49000), TOTAL - position);

      for (gsize i = 0; i < n; i++)
        chunk[i] = pattern (position + i, seed);
      oriel_stream_pump_write (pump, chunk, n);
      position += n;
    }
}

static void
test_both_directions (void)
{
  int pair[2];
  g_autoptr (GIOStream) a_stream = NULL;
  g_autoptr (GIOStream) b_stream = NULL;
  g_autoptr (OrielStreamPump) a = NULL;
  g_autoptr (OrielStreamPump) b = NULL;
  Sink at_a = { 0, 0, 2, 0, NULL };
  Sink at_b = { 0, 0, 1, 0, NULL };

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), ==, 0);
  a_stream = stream_for_fd (pair[0]);
  b_stream = stream_for_fd (pair[1]);
  a = oriel_stream_pump_new (a_stream);
  b = oriel_stream_pump_new (b_stream);
  g_signal_connect (a, "data", G_CALLBACK (data_cb), &at_a);
  g_signal_connect (b, "data", G_CALLBACK (data_cb), &at_b);
  g_signal_connect (a, "closed", G_CALLBACK (closed_cb), &at_a);
  g_signal_connect (b, "closed", G_CALLBACK (closed_cb), &at_b);
  oriel_stream_pump_start (a);
  oriel_stream_pump_start (b);

  send_pattern (a, 1);
  send_pattern (b, 2);
  while (at_a.received < TOTAL || at_b.received < TOTAL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (at_b.received, ==, TOTAL);
  g_assert_cmpuint (at_a.received, ==, TOTAL);
  g_assert_cmpuint (oriel_stream_pump_get_bytes_out (a), ==, TOTAL);
  g_assert_cmpuint (oriel_stream_pump_get_bytes_in (b), ==, TOTAL);
  g_assert_cmpuint (at_a.closed + at_b.closed, ==, 0);

  /* b goes away: a hears the end of the stream exactly once */
  oriel_stream_pump_close (b);
  while (at_a.closed == 0)
    g_main_context_iteration (NULL, TRUE);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (at_a.closed, ==, 1);
  g_assert_no_error (at_a.error);
  g_assert_cmpuint (at_b.closed, ==, 0);  /* its own close is not news */
}

/* Writing to a peer that is gone is an error, told once. */
static void
test_error_once (void)
{
  int pair[2];
  g_autoptr (GIOStream) stream = NULL;
  g_autoptr (OrielStreamPump) pump = NULL;
  Sink sink = { 0 };
  guint8 block[65536] = { 0 };

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), ==, 0);
  stream = stream_for_fd (pair[0]);
  pump = oriel_stream_pump_new (stream);
  g_signal_connect (pump, "closed", G_CALLBACK (closed_cb), &sink);
  close (pair[1]);
  for (int i = 0; i < 64; i++)
    oriel_stream_pump_write (pump, block, sizeof block);
  while (sink.closed == 0)
    g_main_context_iteration (NULL, TRUE);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (sink.closed, ==, 1);
  g_assert_nonnull (sink.error);
  g_test_message ("%s", sink.error->message);
  g_clear_error (&sink.error);
  /* writes after the end are dropped quietly */
  oriel_stream_pump_write (pump, block, 16);
  g_assert_cmpuint (sink.closed, ==, 1);
}

int
main (int argc, char *argv[])
{
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/stream-pump/both-directions", test_both_directions);
  g_test_add_func ("/core/stream-pump/error-once", test_error_once);
  return g_test_run ();
}
