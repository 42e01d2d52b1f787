/* tunnel-bench: bulk throughput and small-message round trips through ONE
 * SSH channel, measured by the same code for Oriel's tunnel and for a
 * command that speaks on its stdio (OpenSSH's `ssh -W HOST:PORT`, which
 * opens the same kind of channel, direct-tcpip, on the server). Also the
 * sink/echo server at the far end. Benchmark helper, not a test; used by
 * tests/bench/ssh.sh.
 *
 *   tunnel-bench serve [--lifetime S]
 *       Listens on 127.0.0.1 (a free port, printed on stdout as "PORT\n"),
 *       at most 8 clients at a time, exits after S seconds (default 600).
 *
 *   tunnel-bench oriel --uri qemu+ssh://... --to HOST:PORT [MEASURE]
 *       OrielSshSession for the URI (keyfile=, known_hosts= honoured; no
 *       prompts: any is answered "no"), one direct-tcpip channel to
 *       HOST:PORT through OrielChannelOpener, measured on the local fd.
 *
 *   tunnel-bench cmd [MEASURE] -- COMMAND [ARG...]
 *       COMMAND runs with its stdin and stdout on one end of a socket pair
 *       (as Oriel's channel ends in one); measured on the other end.
 *
 * MEASURE: --bytes N (per direction; default 268435456) --msgs N (1000)
 *          --msg-size N (64) --timeout S (120: then the process dies)
 *
 * Output, one line: key=value pairs
 *   ready_s       start to the first echoed byte (connect, log in, channel)
 *   rtt_p50_us rtt_p90_us rtt_p99_us   --msgs echoes of --msg-size bytes,
 *                 one at a time
 *   up_MBps up_cpu_s      --bytes to the server, timed to its ack
 *   down_MBps down_cpu_s  --bytes from the server, timed to the last byte
 *   (MB = 10^6 bytes; cpu_s = user+system of this process and COMMAND)
 *   cipher mac    (oriel mode: what libssh2 negotiated, client to server)
 *
 * Wire protocol to the server: a 16-byte header "OPCD" u32 size u64 count
 * (big endian), then
 *   ECHO size n   n times: the client sends size bytes, the server echoes
 *   UPLD - len    the client sends len bytes; the server answers 8 bytes
 *   DNLD - len    the server sends len bytes
 *   QUIT          the server closes
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gio/gio.h>

#include "oriel-channel-opener.h"
#include "oriel-ssh-link.h"
#include "oriel-ssh-session-private.h"

#define CHUNK (64 * 1024)
#define MAX_MSG (64 * 1024)
#define MAX_CLIENTS 8

static void
die (const char *fmt, ...) G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN;

static void
die (const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  fputs ("tunnel-bench: ", stderr);
  vfprintf (stderr, fmt, ap);
  fputc ('\n', stderr);
  va_end (ap);
  exit (1);
}

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
read_full (int fd, void *buf, size_t len)
{
  char *p = buf;

  while (len > 0)
    {
      ssize_t n = read (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return -1;
      p += n;
      len -= n;
    }
  return 0;
}

static int
write_full (int fd, const void *buf, size_t len)
{
  const char *p = buf;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return -1;
      p += n;
      len -= n;
    }
  return 0;
}

typedef struct
{
  char op[4];
  uint32_t size;
  uint64_t count;
} Header;

/* ------------------------------------------------------------ server --- */

static pthread_mutex_t clients_lock = PTHREAD_MUTEX_INITIALIZER;
static int n_clients;

static void *
serve_client (void *data)
{
  int fd = GPOINTER_TO_INT (data);
  static char pattern[CHUNK];   /* read only: zeroes */
  char *buf = malloc (CHUNK);
  Header h;

  while (buf != NULL && read_full (fd, &h, sizeof h) == 0)
    {
      uint32_t size = be32toh (h.size);
      uint64_t count = be64toh (h.count);

      if (memcmp (h.op, "ECHO", 4) == 0)
        {
          if (size == 0 || size > MAX_MSG)
            break;
          for (uint64_t i = 0; i < count; i++)
            if (read_full (fd, buf, size) < 0 || write_full (fd, buf, size) < 0)
              goto out;
        }
      else if (memcmp (h.op, "UPLD", 4) == 0)
        {
          uint64_t left = count, ack;

          while (left > 0)
            {
              ssize_t n = read (fd, buf, left < CHUNK ? left : CHUNK);

              if (n < 0 && errno == EINTR)
                continue;
              if (n <= 0)
                goto out;
              left -= n;
            }
          ack = htobe64 (count);
          if (write_full (fd, &ack, sizeof ack) < 0)
            break;
        }
      else if (memcmp (h.op, "DNLD", 4) == 0)
        {
          uint64_t left = count;

          while (left > 0)
            {
              size_t n = left < CHUNK ? left : CHUNK;

              if (write_full (fd, pattern, n) < 0)
                goto out;
              left -= n;
            }
        }
      else
        break;
    }
out:
  free (buf);
  close (fd);
  pthread_mutex_lock (&clients_lock);
  n_clients--;
  pthread_mutex_unlock (&clients_lock);
  return NULL;
}

static int
cmd_serve (int argc, char **argv)
{
  struct sockaddr_in addr = { .sin_family = AF_INET };
  socklen_t len = sizeof addr;
  int lifetime = 600, one = 1, lfd;

  for (int i = 0; i < argc; i++)
    if (strcmp (argv[i], "--lifetime") == 0 && i + 1 < argc)
      lifetime = atoi (argv[++i]);
    else
      die ("serve: unknown argument %s", argv[i]);

  /* bounded: gone after LIFETIME seconds whatever happens */
  alarm (lifetime > 0 ? lifetime : 600);
  lfd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = 0;
  setsockopt (lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (lfd < 0 || bind (lfd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (lfd, 16) < 0
      || getsockname (lfd, (struct sockaddr *) &addr, &len) < 0)
    die ("serve: %s", strerror (errno));
  printf ("%u\n", ntohs (addr.sin_port));
  fflush (stdout);

  for (;;)
    {
      int fd = accept4 (lfd, NULL, NULL, SOCK_CLOEXEC);
      pthread_t thread;
      gboolean full;

      if (fd < 0)
        {
          if (errno == EINTR || errno == ECONNABORTED)
            continue;
          die ("accept: %s", strerror (errno));
        }
      pthread_mutex_lock (&clients_lock);
      full = n_clients >= MAX_CLIENTS;
      if (!full)
        n_clients++;
      pthread_mutex_unlock (&clients_lock);
      if (full)
        {
          close (fd);
          continue;
        }
      setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      if (pthread_create (&thread, NULL, serve_client, GINT_TO_POINTER (fd)) != 0)
        die ("pthread_create failed");
      pthread_detach (thread);
    }
}

/* ----------------------------------------------------------- measure --- */

typedef struct
{
  guint64 bytes;
  guint msgs;
  guint msg_size;
  int timeout;
} Options;

/* user+system seconds of this process and of PID (if > 0) */
static double
cpu_s (pid_t pid)
{
  struct rusage ru;
  double total;

  getrusage (RUSAGE_SELF, &ru);
  total = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec
          + ru.ru_stime.tv_usec / 1e6;
  if (pid > 0)
    {
      char path[64], buf[1024], *p;
      unsigned long ut = 0, st = 0;
      FILE *f;

      snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
      f = fopen (path, "r");
      if (f != NULL)
        {
          if (fgets (buf, sizeof buf, f) != NULL && (p = strrchr (buf, ')')) != NULL)
            sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st);
          fclose (f);
        }
      total += (double) (ut + st) / sysconf (_SC_CLK_TCK);
    }
  return total;
}

static void
send_header (int fd, const char *op, uint32_t size, uint64_t count)
{
  Header h;

  memcpy (h.op, op, 4);
  h.size = htobe32 (size);
  h.count = htobe64 (count);
  if (write_full (fd, &h, sizeof h) < 0)
    die ("the channel closed (sending %s)", op);
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
measure (int fd, const Options *opt, pid_t child, double t_start, const char *extra)
{
  g_autofree char *out = g_malloc (MAX_MSG), *in = g_malloc (MAX_MSG);
  g_autofree char *chunk = g_malloc0 (CHUNK);
  g_autofree double *rtt = g_new (double, MAX (opt->msgs, 1));
  double ready, t0, c0, up_s, up_cpu, down_s, down_cpu;
  uint64_t ack, left;

  for (guint i = 0; i < opt->msg_size; i++)
    out[i] = (char) (i * 7 + 1);

  /* the first echo: the channel is up end to end */
  send_header (fd, "ECHO", 1, 1);
  if (write_full (fd, out, 1) < 0 || read_full (fd, in, 1) < 0)
    die ("no echo: the channel did not open");
  ready = now_s () - t_start;

  /* round trips, one message in flight */
  send_header (fd, "ECHO", opt->msg_size, opt->msgs);
  for (guint i = 0; i < opt->msgs; i++)
    {
      t0 = now_s ();
      out[0] = (char) i;
      if (write_full (fd, out, opt->msg_size) < 0 || read_full (fd, in, opt->msg_size) < 0)
        die ("echo %u: the channel closed", i);
      rtt[i] = now_s () - t0;
      if (memcmp (in, out, opt->msg_size) != 0)
        die ("echo %u came back different", i);
    }
  qsort (rtt, opt->msgs, sizeof *rtt, cmp_double);

  /* to the server */
  c0 = cpu_s (child);
  t0 = now_s ();
  send_header (fd, "UPLD", 0, opt->bytes);
  for (left = opt->bytes; left > 0;)
    {
      size_t n = left < CHUNK ? left : CHUNK;

      if (write_full (fd, chunk, n) < 0)
        die ("upload: the channel closed");
      left -= n;
    }
  if (read_full (fd, &ack, sizeof ack) < 0 || be64toh (ack) != opt->bytes)
    die ("upload: no acknowledgement");
  up_s = now_s () - t0;
  up_cpu = cpu_s (child) - c0;

  /* from the server */
  c0 = cpu_s (child);
  t0 = now_s ();
  send_header (fd, "DNLD", 0, opt->bytes);
  for (left = opt->bytes; left > 0;)
    {
      ssize_t n = read (fd, chunk, left < CHUNK ? left : CHUNK);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        die ("download: the channel closed with %" G_GUINT64_FORMAT " bytes to go", left);
      left -= n;
    }
  down_s = now_s () - t0;
  down_cpu = cpu_s (child) - c0;

  send_header (fd, "QUIT", 0, 0);

#define P(q) (rtt[MIN ((guint) ((q) * opt->msgs), opt->msgs - 1)] * 1e6)
  printf ("ready_s=%.4f rtt_p50_us=%.1f rtt_p90_us=%.1f rtt_p99_us=%.1f "
          "up_MBps=%.1f up_s=%.3f up_cpu_s=%.2f down_MBps=%.1f down_s=%.3f down_cpu_s=%.2f%s%s\n",
          ready, P (0.5), P (0.9), P (0.99), opt->bytes / up_s / 1e6, up_s, up_cpu,
          opt->bytes / down_s / 1e6, down_s, down_cpu, extra ? " " : "", extra ? extra : "");
#undef P
  fflush (stdout);
}

static int
parse_measure (Options *opt, int argc, char **argv, int i)
{
  if (i + 1 >= argc)
    return 0;
  if (strcmp (argv[i], "--bytes") == 0)
    opt->bytes = g_ascii_strtoull (argv[i + 1], NULL, 10);
  else if (strcmp (argv[i], "--msgs") == 0)
    opt->msgs = atoi (argv[i + 1]);
  else if (strcmp (argv[i], "--msg-size") == 0)
    opt->msg_size = atoi (argv[i + 1]);
  else if (strcmp (argv[i], "--timeout") == 0)
    opt->timeout = atoi (argv[i + 1]);
  else
    return 0;
  return 2;
}

static void
check_options (const Options *opt)
{
  if (opt->bytes == 0 || opt->msgs == 0 || opt->msg_size == 0 || opt->msg_size > MAX_MSG)
    die ("bad --bytes/--msgs/--msg-size");
  alarm (opt->timeout > 0 ? opt->timeout : 120);
}

/* --------------------------------------------------------------- cmd --- */

static int
cmd_cmd (int argc, char **argv)
{
  Options opt = { 256 << 20, 1000, 64, 120 };
  int i = 0, pair[2], status;
  double t_start;
  pid_t pid;

  while (i < argc && strcmp (argv[i], "--") != 0)
    {
      int used = parse_measure (&opt, argc, argv, i);

      if (used == 0)
        die ("cmd: unknown argument %s", argv[i]);
      i += used;
    }
  if (i + 1 >= argc)
    die ("cmd: no command after --");
  check_options (&opt);
  argv += i + 1;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
    die ("socketpair: %s", strerror (errno));
  t_start = now_s ();
  pid = fork ();
  if (pid < 0)
    die ("fork: %s", strerror (errno));
  if (pid == 0)
    {
      prctl (PR_SET_PDEATHSIG, SIGTERM);
      dup2 (pair[1], 0);
      dup2 (pair[1], 1);
      execvp (argv[0], argv);
      _exit (127);
    }
  close (pair[1]);
  measure (pair[0], &opt, pid, t_start, NULL);
  shutdown (pair[0], SHUT_WR);
  close (pair[0]);
  /* it goes on end of file; not forever */
  for (int k = 0; k < 50 && waitpid (pid, &status, WNOHANG) == 0; k++)
    g_usleep (100 * 1000);
  if (waitpid (pid, &status, WNOHANG) == 0)
    {
      kill (pid, SIGTERM);
      waitpid (pid, &status, 0);
    }
  return 0;
}

/* ------------------------------------------------------------- oriel --- */

typedef struct
{
  GMainLoop *loop;
  OrielSshSession *session;
  char *host;
  guint16 port;
  int fd;
  GError *error;
  double connected_s;
} OrielRun;

static gboolean
prompt_cb (OrielSshSession *session, OrielSshPrompt *prompt, gpointer data)
{
  g_printerr ("tunnel-bench: unexpected prompt (%d) \"%s\": answering no\n",
              oriel_ssh_prompt_get_kind (prompt), oriel_ssh_prompt_get_text (prompt));
  oriel_ssh_prompt_reply (prompt, NULL);
  return TRUE;
}

static void
opened_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  OrielRun *run = data;

  run->fd = oriel_channel_opener_open_finish (ORIEL_CHANNEL_OPENER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
connected_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  OrielRun *run = data;

  if (!oriel_ssh_session_connect_finish (run->session, result, &run->error))
    {
      g_main_loop_quit (run->loop);
      return;
    }
  run->connected_s = now_s ();
  oriel_channel_opener_open_tcp_async (ORIEL_CHANNEL_OPENER (run->session), run->host, run->port,
                                       NULL, opened_cb, run);
}

static int
cmd_oriel (int argc, char **argv)
{
  Options opt = { 256 << 20, 1000, 64, 120 };
  const char *uri = NULL, *to = NULL, *colon;
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielSshTarget) target = NULL;
  g_autofree char *extra = NULL;
  OrielRun run = { 0 };
  double t_start;

  for (int i = 0; i < argc;)
    {
      int used = parse_measure (&opt, argc, argv, i);

      if (used > 0)
        i += used;
      else if (strcmp (argv[i], "--uri") == 0 && i + 1 < argc)
        uri = argv[i + 1], i += 2;
      else if (strcmp (argv[i], "--to") == 0 && i + 1 < argc)
        to = argv[i + 1], i += 2;
      else
        die ("oriel: unknown argument %s", argv[i]);
    }
  if (uri == NULL || to == NULL || (colon = strrchr (to, ':')) == NULL)
    die ("oriel: needs --uri URI --to HOST:PORT");
  check_options (&opt);
  run.host = g_strndup (to, colon - to);
  run.port = (guint16) atoi (colon + 1);
  run.fd = -1;

  t_start = now_s ();
  target = oriel_ssh_target_new_for_uri (uri, &error);
  if (target == NULL)
    die ("%s", error->message);
  run.loop = g_main_loop_new (NULL, FALSE);
  run.session = oriel_ssh_session_get_for_target (target);
  g_signal_connect (run.session, "prompt", G_CALLBACK (prompt_cb), NULL);
  oriel_ssh_session_connect_async (run.session, NULL, connected_cb, &run);
  g_main_loop_run (run.loop);
  if (run.fd < 0)
    die ("%s", run.error ? run.error->message : "no channel");

  /* what libssh2 agreed on: fixed once logged in */
  extra = g_strdup_printf ("login_s=%.4f cipher=%s mac=%s", run.connected_s - t_start,
                           libssh2_session_methods (run.session->ssh, LIBSSH2_METHOD_CRYPT_CS),
                           libssh2_session_methods (run.session->ssh, LIBSSH2_METHOD_MAC_CS));
  /* the worker thread splices; this thread only reads and writes the fd */
  measure (run.fd, &opt, 0, t_start, extra);
  close (run.fd);

  /* The worker thread is not joined by the session: wait until it has let
   * go of its reference (it is done with libssh2 then). Exiting while it
   * still runs lets OpenSSL's atexit cleanup pull the rug from under a
   * libssh2 call in the worker (seen: SIGSEGV in RAND_bytes_ex from
   * libssh2_channel_write_ex, about 1 exit in 15). */
  {
    OrielSshSession *session = g_object_ref (run.session);
    double deadline = now_s () + 5;

    oriel_ssh_session_release (run.session);
    while (G_OBJECT (session)->ref_count > 1 && now_s () < deadline)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    if (G_OBJECT (session)->ref_count > 1)
      {
        g_printerr ("tunnel-bench: the SSH worker did not finish within 5 s\n");
        fflush (stdout);
        _exit (0);
      }
    g_object_unref (session);
  }
  g_main_loop_unref (run.loop);
  g_free (run.host);
  return 0;
}

int
main (int argc, char **argv)
{
  signal (SIGPIPE, SIG_IGN);
  if (argc >= 2 && strcmp (argv[1], "serve") == 0)
    return cmd_serve (argc - 2, argv + 2);
  if (argc >= 2 && strcmp (argv[1], "cmd") == 0)
    return cmd_cmd (argc - 2, argv + 2);
  if (argc >= 2 && strcmp (argv[1], "oriel") == 0)
    return cmd_oriel (argc - 2, argv + 2);
  fprintf (stderr, "usage: tunnel-bench serve [--lifetime S]\n"
                   "       tunnel-bench oriel --uri URI --to HOST:PORT [MEASURE]\n"
                   "       tunnel-bench cmd [MEASURE] -- COMMAND [ARG...]\n"
                   "MEASURE: --bytes N --msgs N --msg-size N --timeout S\n");
  return 2;
}
