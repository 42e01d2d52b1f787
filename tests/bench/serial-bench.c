/* Guest-to-terminal throughput of a text console: Oriel's path (libvirt
 * console stream, bridge, pump, VTE rendering on an X server) against
 * `virsh console` in a pty, reading the same guest output.
 *
 *   serial-bench DOMAIN RUNS KIB
 *
 * Prints one line per run: "oriel SECONDS BYTES" or "virsh SECONDS BYTES".
 * Not a test: timings depend on the machine. */

#include "config.h"

#include <gtk/gtk.h>

#include "oriel-char-device.h"
#include "oriel-connection.h"
#include "oriel-display-vte.h"
#include "oriel-session-serial.h"

static GByteArray *received;
static const char *awaited;     /* marker wanted next */
static gboolean seen;

static void
output_cb (OrielDisplayVte *display, GBytes *bytes, gpointer data)
{
  gsize size;
  const guint8 *chunk = g_bytes_get_data (bytes, &size);

  gsize from;

  g_byte_array_append (received, chunk, size);
  /* only the new bytes (and a marker's length before them) are searched */
  from = received->len > size + 16 ? received->len - size - 16 : 0;
  if (awaited != NULL
      && g_strstr_len ((const char *) received->data + from, received->len - from, awaited))
    seen = TRUE;
}

static void
wait_for (const char *marker, guint timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (!seen)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("no “%s” from the guest", marker);
      g_main_context_iteration (NULL, TRUE);
    }
  seen = FALSE;
  awaited = NULL;
}

static void
open_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;

  if (!oriel_connection_open_finish (ORIEL_CONNECTION (source), result, &error))
    g_error ("%s", error->message);
  *(gboolean *) data = TRUE;
}

static void
consoles_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;

  *(GPtrArray **) data = oriel_domain_fetch_consoles_finish (ORIEL_DOMAIN (source), result, &error);
  if (*(GPtrArray **) data == NULL)
    g_error ("%s", error->message);
}

static void
connected_cb (OrielSession *session, gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
send_line (OrielSessionSerial *session, const char *line)
{
  VteTerminal *terminal =
    oriel_display_vte_get_terminal (ORIEL_DISPLAY_VTE (oriel_session_serial_get_display (session)));

  vte_terminal_feed_child (terminal, line, -1);
}

static double
run_oriel (OrielSessionSerial *session, gsize *bytes)
{
  gint64 start;
  const guint8 *data;
  const char *begin, *end;

  g_byte_array_set_size (received, 0);
  awaited = "END\n";
  send_line (session, "echo BE\"GIN\"; busybox cat /d; echo EN\"D\"\r");
  start = g_get_monotonic_time ();
  wait_for ("END\n", 120);
  data = received->data;
  begin = g_strstr_len ((const char *) data, received->len, "BEGIN\n");
  end = g_strstr_len ((const char *) data, received->len, "END\n");
  *bytes = end - begin;
  return (g_get_monotonic_time () - start) / 1e6;
}

/* virsh console inside a pty (script), as a person runs it in a terminal. */
static double
run_virsh (const char *domain, gsize *bytes)
{
  g_autofree char *command = g_strdup_printf ("virsh -c qemu:///system console %s --force", domain);
  const char *argv[] = { "script", "-qfc", command, "/dev/null", NULL };
  g_autoptr (GSubprocess) virsh = NULL;
  g_autoptr (GError) error = NULL;
  GInputStream *out;
  GOutputStream *in;
  g_autoptr (GByteArray) got = g_byte_array_new ();
  gint64 start = 0;
  char buffer[65536];
  const char *begin, *end = NULL;

  virsh = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                             &error);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (virsh);
  out = g_subprocess_get_stdout_pipe (virsh);
  g_usleep (G_USEC_PER_SEC);  /* let it take the console */
  g_output_stream_write_all (in, "echo BE\"GIN\"; busybox cat /d; echo EN\"D\"\r", 43, NULL, NULL,
                             &error);
  start = g_get_monotonic_time ();
  while (end == NULL)
    {
      gssize n = g_input_stream_read (out, buffer, sizeof buffer, NULL, &error);

      if (n <= 0)
        g_error ("virsh console ended: %s", error ? error->message : "EOF");
      g_byte_array_append (got, (guint8 *) buffer, n);
      end = g_strstr_len ((const char *) got->data, got->len, "END\r\n");
      if (end == NULL)
        end = g_strstr_len ((const char *) got->data, got->len, "END\n");
    }
  begin = g_strstr_len ((const char *) got->data, got->len, "BEGIN");
  *bytes = end - begin;
  g_subprocess_force_exit (virsh);
  g_subprocess_wait (virsh, NULL, NULL);
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int argc, char *argv[])
{
  g_autoptr (OrielConnection) connection = NULL;
  g_autoptr (GPtrArray) consoles = NULL;
  g_autoptr (OrielSession) session = NULL;
  g_autofree char *prepare = NULL;
  OrielDomain *domain;
  GtkWidget *window;
  gboolean done = FALSE;
  int runs, kib;

  gtk_init (&argc, &argv);
  if (argc != 4)
    g_error ("usage: serial-bench DOMAIN RUNS KIB");
  runs = atoi (argv[2]);
  kib = atoi (argv[3]);
  received = g_byte_array_new ();

  connection = oriel_connection_new ("qemu:///system", FALSE);
  oriel_connection_open_async (connection, NULL, open_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  domain = oriel_connection_find_domain (connection, argv[1]);
  if (domain == NULL)
    g_error ("no domain %s", argv[1]);
  while (oriel_domain_get_state (domain) == ORIEL_DOMAIN_STATE_UNKNOWN)
    g_main_context_iteration (NULL, TRUE);
  oriel_domain_fetch_consoles_async (domain, NULL, consoles_cb, &consoles);
  while (consoles == NULL)
    g_main_context_iteration (NULL, TRUE);

  for (int i = 0; i < runs; i++)
    {
      gsize bytes = 0;
      double seconds;

      /* Oriel: a fresh session each round, shown in a real window */
      session = oriel_session_serial_new (domain, g_ptr_array_index (consoles, 0));
      oriel_session_serial_set_force (ORIEL_SESSION_SERIAL (session), TRUE);
      window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
      gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
      gtk_container_add (GTK_CONTAINER (window),
                         GTK_WIDGET (oriel_session_serial_get_display (ORIEL_SESSION_SERIAL (session))));
      gtk_widget_show_all (window);
      g_signal_connect (oriel_session_serial_get_display (ORIEL_SESSION_SERIAL (session)), "output",
                        G_CALLBACK (output_cb), NULL);
      done = FALSE;
      g_signal_connect (session, "connected", G_CALLBACK (connected_cb), &done);
      oriel_session_connect (session);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      /* QEMU's pty notices a new reader only on its 1 s poll: settle as
       * long as the virsh run does */
      {
        gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;

        while (g_get_monotonic_time () < until)
          g_main_context_iteration (NULL, FALSE);
      }
      if (i == 0)
        {
          /* the data, once: base64 of random bytes, no output processing */
          prepare = g_strdup_printf ("busybox stty -opost; busybox head -c %d /dev/urandom | "
                                     "busybox base64 > /d; echo RE\"ADY\"\r", kib * 1024);
          g_byte_array_set_size (received, 0);
          awaited = "READY\n";
          send_line (ORIEL_SESSION_SERIAL (session), prepare);
          wait_for ("READY\n", 120);
        }
      seconds = run_oriel (ORIEL_SESSION_SERIAL (session), &bytes);
      g_print ("oriel %.4f %zu\n", seconds, bytes);
      oriel_session_disconnect (session);
      gtk_widget_destroy (window);
      g_clear_object (&session);
      for (int j = 0; j < 50; j++)
        g_main_context_iteration (NULL, FALSE);

      if (g_getenv ("SERIAL_BENCH_ORIEL_ONLY") == NULL)
        {
          seconds = run_virsh (argv[1], &bytes);
          g_print ("virsh %.4f %zu\n", seconds, bytes);
        }
    }
  return 0;
}
