#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* End-to-end: `oriel-edit` against the lab's libvirtd. Every case starts from
 * oriel-lab-edit as the lab defined it and judges an edit by what libvirt
 * itself then reports (`virsh dumpxml --inactive --security-info`). No guest
 * is booted and no display is needed: plain GLib and subprocesses, no shell,
 * and the one password goes through standard input. Not built on e2e-util:
 * a command-line test need not wait for the GUI library to compile. */

#define LAB_URI "qemu:///system"   /* as in e2e-util.h */
#define DOMAIN "oriel-lab-edit"

/* oriel-lab-edit's lines an edit touches, as libvirt formats them. */
#define GRAPHICS_LINE "    <graphics type='spice' autoport='yes' listen='127.0.0.1'>"
#define LISTEN_LINE "      <listen type='address' address='127.0.0.1'/>"
#define AUDIO_LINE "    <audio id='1' type='spice'/>"
#define MODEL_LINE "      <model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>"

static const char *oriel_edit;  /* $ORIEL_EDIT: the executable under test */
static char *pristine;          /* oriel-lab-edit's XML at start-up */

typedef struct
{
  int status;                   /* exit status; -1 for a signal */
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* Runs @argv (no shell) with @input, or nothing, on its standard input. */
static void
spawn (const char * const *argv, const char *input, Result *result)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_strjoinv (" ", (char **) argv);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Untranslated messages: the key names are what the cases look for. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_test_message ("$ %s%s", line, input ? " <stdin" : "");
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input ? input : "", NULL, &result->out, &result->err,
                                 &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (result->err != NULL && *result->err != '\0')
    g_test_message ("stderr (exit %d): %s", result->status, result->err);
}

/* `virsh ARGS...` on the lab; returns its standard output, or fails. */
static char *
virsh (const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (Result) result = { 0 };
  va_list args;

  g_ptr_array_add (argv, (gpointer) "virsh");
  g_ptr_array_add (argv, (gpointer) "-q");
  g_ptr_array_add (argv, (gpointer) "-c");
  g_ptr_array_add (argv, (gpointer) LAB_URI);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  spawn ((const char * const *) argv->pdata, NULL, &result);
  if (result.status != 0)
    g_error ("virsh %s failed (exit %d): %s", first, result.status, result.err);
  return g_steal_pointer (&result.out);
}

/* The persistent definition as libvirt writes it, password included. */
static char *
dumpxml (void)
{
  return virsh ("dumpxml", "--inactive", "--security-info", DOMAIN, NULL);
}

/* Back to the definition the lab made; a case never boots the guest, but
 * one left running by hand would keep its old live XML. */
static void
restore (void)
{
  g_autofree char *state = virsh ("domstate", DOMAIN, NULL);
  g_autofree char *now = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  int fd;

  if (!g_str_has_prefix (state, "shut off"))
    g_free (virsh ("destroy", DOMAIN, NULL));
  fd = g_file_open_tmp ("oriel-test-edit-XXXXXX.xml", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, pristine, -1, &error));
  g_free (virsh ("define", path, NULL));
  g_unlink (path);
  now = dumpxml ();
  g_assert_cmpstr (now, ==, pristine);
}

/* `oriel-edit -c LAB DOMAIN ARGS...`, or without the connection and domain
 * when @domain is NULL (--xml-file). */
static void
edit (const char *domain, const char * const *args, const char *input, Result *result)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) oriel_edit);
  if (domain != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "-c");
      g_ptr_array_add (argv, (gpointer) LAB_URI);
      g_ptr_array_add (argv, (gpointer) domain);
    }
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  spawn ((const char * const *) argv->pdata, input, result);
}

/* `--set A --set B ...` from "A", "B" (a NULL-terminated list). */
static GStrv
set_args (const char * const *sets)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; sets[i]; i++)
    {
      g_strv_builder_add (builder, "--set");
      g_strv_builder_add (builder, sets[i]);
    }
  return g_strv_builder_end (builder);
}

static char *
get_key (const char *key)
{
  const char *args[] = { "--get", key, NULL };
  g_auto (Result) result = { 0 };

  edit (DOMAIN, args, NULL, &result);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  return g_strdup (g_strchomp (result.out));
}

/* The lines that differ between @a and @b (longest common subsequence):
 * "-line\n" for one only in @a, "+line\n" for one only in @b, in order,
 * removals before additions in each run of changes. */
static char *
line_diff (const char *a, const char *b)
{
  g_auto (GStrv) la = g_strsplit (a, "\n", -1);
  g_auto (GStrv) lb = g_strsplit (b, "\n", -1);
  guint n = g_strv_length (la), m = g_strv_length (lb);
  g_autofree guint *lcs = g_new0 (guint, (gsize) (n + 1) * (m + 1));
  GString *diff = g_string_new (NULL);
  guint i = 0, j = 0;

#define LCS(x, y) lcs[(gsize) (x) * (m + 1) + (y)]
  for (guint x = n; x-- > 0;)
    for (guint y = m; y-- > 0;)
      LCS (x, y) = g_str_equal (la[x], lb[y]) ? LCS (x + 1, y + 1) + 1
                                              : MAX (LCS (x + 1, y), LCS (x, y + 1));
  while (i < n || j < m)
    {
      if (i < n && j < m && g_str_equal (la[i], lb[j]))
        i++, j++;
      else if (i < n && (j == m || LCS (i + 1, j) >= LCS (i, j + 1)))
        g_string_append_printf (diff, "-%s\n", la[i++]);
      else
        g_string_append_printf (diff, "+%s\n", lb[j++]);
    }
#undef LCS
  return g_string_free (diff, FALSE);
}

static guint
count_lines_starting (const char *text, char c)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint count = 0;

  for (guint i = 0; lines[i]; i++)
    if (lines[i][0] == c)
      count++;
  return count;
}

/* ------------------------------------------------------------ edits ---- */

typedef struct
{
  const char *name;             /* test path: /e2e/edit/cli/set/NAME */
  const char *sets[3];          /* KEY=VALUE, in order */
  const char *input;            /* standard input (the password) */
  const char *diff;             /* what changes in libvirt's XML (line_diff) */
  const char *key;              /* `--get KEY` then prints... */
  const char *value;            /* ...this */
} Edit;

static const Edit edits[] = {
  { "video.model", { "video.model=virtio" }, NULL,
    "-" MODEL_LINE "\n"
    "+      <model type='virtio' heads='1' primary='yes'/>\n",
    "video.model", "virtio" },
  { "video.heads", { "video.heads=4" }, NULL,
    "-" MODEL_LINE "\n"
    "+      <model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='4' primary='yes'/>\n",
    "video.heads", "4" },
  { "video.vram", { "video.vram=32768" }, NULL,
    "-" MODEL_LINE "\n"
    "+      <model type='qxl' ram='65536' vram='32768' vgamem='16384' heads='1' primary='yes'/>\n",
    "video.vram", "32768" },
  /* 3D needs virtio first; QEMU could not start it here, and is not asked to. */
  { "video.accel3d", { "video.model=virtio", "video.accel3d=yes" }, NULL,
    "-" MODEL_LINE "\n"
    "+      <model type='virtio' heads='1' primary='yes'>\n"
    "+        <acceleration accel3d='yes'/>\n"
    "+      </model>\n",
    "video.accel3d", "yes" },
  /* libvirt refuses SPICE audio without SPICE: the editor turns it off. */
  { "graphics.type", { "graphics.type=vnc" }, NULL,
    "-" GRAPHICS_LINE "\n"
    "+    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'>\n"
    "-" AUDIO_LINE "\n"
    "+    <audio id='1' type='none'/>\n",
    "graphics.type", "vnc" },
  { "graphics.listen-all", { "graphics.listen=0.0.0.0" }, NULL,
    "-" GRAPHICS_LINE "\n"
    "-" LISTEN_LINE "\n"
    "+    <graphics type='spice' autoport='yes' listen='0.0.0.0'>\n"
    "+      <listen type='address' address='0.0.0.0'/>\n",
    "graphics.listen", "0.0.0.0" },
  /* No address, no TCP port: autoport goes with it. */
  { "graphics.listen-none", { "graphics.listen=none" }, NULL,
    "-" GRAPHICS_LINE "\n"
    "-" LISTEN_LINE "\n"
    "+    <graphics type='spice'>\n"
    "+      <listen type='none'/>\n",
    "graphics.listen", "none" },
  { "graphics.port", { "graphics.port=5930" }, NULL,
    "-" GRAPHICS_LINE "\n"
    "+    <graphics type='spice' port='5930' autoport='no' listen='127.0.0.1'>\n",
    "graphics.port", "5930" },
  /* autoport='yes' reads as an automatic TLS port (libvirt allocates one
   * where qemu.conf enables SPICE TLS): "off" pins it off and keeps the
   * plain port automatic, as port='-1'. Done again, it is a no-op (below). */
  { "graphics.tls-port", { "graphics.tls-port=off" }, NULL,
    "-" GRAPHICS_LINE "\n"
    "+    <graphics type='spice' port='-1' autoport='no' listen='127.0.0.1'>\n",
    "graphics.tls-port", "off" },
  { "graphics.keymap", { "graphics.keymap=de" }, NULL,
    "-" GRAPHICS_LINE "\n"
    "+    <graphics type='spice' autoport='yes' listen='127.0.0.1' keymap='de'>\n",
    "graphics.keymap", "de" },
  { "graphics.password", { "graphics.password=-" }, "s3cret1\n",
    "-" GRAPHICS_LINE "\n"
    "+    <graphics type='spice' autoport='yes' listen='127.0.0.1' passwd='s3cret1'>\n",
    "graphics.password", "s3cret1" },
};

static void
test_set (gconstpointer data)
{
  const Edit *e = data;
  g_auto (GStrv) args = set_args (e->sets);
  g_auto (Result) result = { 0 };
  g_auto (Result) again = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *diff = NULL;
  g_autofree char *value = NULL;
  g_autofree char *last = NULL;

  restore ();
  before = dumpxml ();
  edit (DOMAIN, (const char * const *) args, e->input, &result);
  g_assert_cmpint (result.status, ==, 0);
  /* Nothing to say on success; no warning about a password in argv. */
  g_assert_cmpstr (result.out, ==, "");
  g_assert_cmpstr (result.err, ==, "");
  after = dumpxml ();
  diff = line_diff (before, after);
  g_test_message ("%s changed:\n%s", e->name, diff);
  g_assert_cmpstr (diff, ==, e->diff);

  value = get_key (e->key);
  g_assert_cmpstr (value, ==, e->value);

  /* The same command again finds nothing to do and writes nothing. */
  edit (DOMAIN, (const char * const *) args, e->input, &again);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.err, ==, "");
  last = dumpxml ();
  g_assert_cmpstr (last, ==, after);
}

/* ------------------------------------------------------ bad input ---- */

typedef struct
{
  const char *name;             /* test path: /e2e/edit/cli/invalid/NAME */
  const char *sets[3];
  const char *input;
  int status;                   /* expected exit status */
  const char *names;            /* what stderr must name */
  const char *domain;           /* NULL: oriel-lab-edit */
} Invalid;

static const Invalid invalids[] = {
  { "port-too-high", { "graphics.port=70000" }, NULL, 2, "graphics.port" },
  { "port-too-low", { "graphics.port=5899" }, NULL, 2, "graphics.port" },
  { "port-not-a-number", { "graphics.port=abc" }, NULL, 2, "graphics.port" },
  { "heads-zero", { "video.heads=0" }, NULL, 2, "video.heads" },
  { "heads-too-many", { "video.heads=17" }, NULL, 2, "video.heads" },
  { "heads-on-vga", { "video.model=vga", "video.heads=2" }, NULL, 2, "video.heads" },
  { "tls-port-on-vnc", { "graphics.type=vnc", "graphics.tls-port=5901" }, NULL, 2,
    "graphics.tls-port" },
  { "tls-port-is-port", { "graphics.port=5930", "graphics.tls-port=5930" }, NULL, 2,
    "graphics.tls-port" },
  { "keymap", { "graphics.keymap=klingon" }, NULL, 2, "graphics.keymap" },
  { "listen", { "graphics.listen=not-an-address" }, NULL, 2, "graphics.listen" },
  { "vnc-password-too-long", { "graphics.type=vnc", "graphics.password=-" }, "123456789\n", 2,
    "graphics.password" },
  { "unknown-key", { "video.colour=blue" }, NULL, 2, "video.colour" },
  { "no-such-domain", { "graphics.port=5930" }, NULL, 1, "oriel-lab-no-such-domain",
    "oriel-lab-no-such-domain" },
};

static void
test_invalid (gconstpointer data)
{
  const Invalid *bad = data;
  g_auto (GStrv) args = set_args (bad->sets);
  g_auto (Result) result = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  restore ();
  before = dumpxml ();
  edit (bad->domain ? bad->domain : DOMAIN, (const char * const *) args, bad->input, &result);
  g_assert_cmpint (result.status, ==, bad->status);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, bad->names));
  if (bad->input != NULL)       /* a refused password is not echoed */
    {
      g_autofree char *secret = g_strchomp (g_strdup (bad->input));

      g_assert_null (strstr (result.err, secret));
    }
  after = dumpxml ();
  g_assert_cmpstr (after, ==, before);
}

/* ------------------------------------------------------- dry run ---- */

static void
test_dry_run (void)
{
  const char *args[] = { "--set", "graphics.port=5930", "--dry-run", NULL };
  g_auto (Result) result = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *port = NULL;

  restore ();
  before = dumpxml ();
  edit (DOMAIN, args, NULL, &result);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  g_test_message ("dry run:\n%s", result.out);
  /* A unified-diff hunk: the one line, before and after, in context. */
  g_assert_true (g_str_has_prefix (result.out, "@@ -"));
  g_assert_nonnull (strstr (result.out, "\n-" GRAPHICS_LINE "\n"));
  g_assert_nonnull (strstr (result.out,
                            "\n+    <graphics type='spice' port='5930' autoport='no' listen='127.0.0.1'>\n"));
  g_assert_nonnull (strstr (result.out, "\n " LISTEN_LINE "\n"));
  g_assert_cmpuint (count_lines_starting (result.out, '-'), ==, 1);
  g_assert_cmpuint (count_lines_starting (result.out, '+'), ==, 1);
  after = dumpxml ();
  g_assert_cmpstr (after, ==, before);
  port = get_key ("graphics.port");
  g_assert_cmpstr (port, ==, "auto");
}

/* ------------------------------------------------------- XML file ---- */

static char *
write_temp (const char *contents)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("oriel-test-edit-XXXXXX.xml", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_xml_file (void)
{
  g_autofree char *path = NULL;
  g_autofree char *file_after = NULL;
  g_autofree char *diff = NULL;
  g_autofree char *domain_after = NULL;
  g_auto (Result) result = { 0 };
  g_auto (Result) dry = { 0 };

  restore ();
  path = write_temp (pristine);
  {
    const char *args[] = { "--xml-file", path, "--set", "graphics.keymap=de", NULL };

    edit (NULL, args, NULL, &result);
  }
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_true (g_file_get_contents (path, &file_after, NULL, NULL));
  g_assert_cmpstr (file_after, ==, pristine);
  /* The whole document, every other byte as it was. */
  diff = line_diff (pristine, result.out);
  g_assert_cmpstr (diff, ==,
                   "-" GRAPHICS_LINE "\n"
                   "+    <graphics type='spice' autoport='yes' listen='127.0.0.1' keymap='de'>\n");

  /* --dry-run on a file: the diff instead of the document. */
  {
    const char *args[] = { "--xml-file", path, "--set", "graphics.keymap=de", "--dry-run", NULL };

    edit (NULL, args, NULL, &dry);
  }
  g_assert_cmpint (dry.status, ==, 0);
  g_assert_true (g_str_has_prefix (dry.out, "@@ -"));
  g_assert_nonnull (strstr (dry.out,
                            "\n+    <graphics type='spice' autoport='yes' listen='127.0.0.1' keymap='de'>\n"));
  g_assert_cmpuint (count_lines_starting (dry.out, '+'), ==, 1);
  g_clear_pointer (&file_after, g_free);
  g_assert_true (g_file_get_contents (path, &file_after, NULL, NULL));
  g_assert_cmpstr (file_after, ==, pristine);

  /* The domain itself is not involved. */
  domain_after = dumpxml ();
  g_assert_cmpstr (domain_after, ==, pristine);
  g_unlink (path);
}

static void
test_xml_file_malformed (void)
{
  g_autofree char *path = write_temp ("<domain><devices>");
  g_autofree char *file_after = NULL;
  const char *args[] = { "--xml-file", path, "--set", "graphics.keymap=de", NULL };
  g_auto (Result) result = { 0 };

  restore ();
  edit (NULL, args, NULL, &result);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, path));
  g_assert_true (g_file_get_contents (path, &file_after, NULL, NULL));
  g_assert_cmpstr (file_after, ==, "<domain><devices>");
  g_unlink (path);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  oriel_edit = g_getenv ("ORIEL_EDIT");
  if (oriel_edit == NULL)
    g_error ("ORIEL_EDIT is not set; run the e2e suite through meson test");
  /* `tests/lab/lab.sh start` defines oriel-lab-edit afresh, never booted. */
  pristine = dumpxml ();
  if (strstr (pristine, "\n" GRAPHICS_LINE "\n") == NULL
      || strstr (pristine, "\n" MODEL_LINE "\n") == NULL
      || strstr (pristine, "\n" AUDIO_LINE "\n") == NULL
      || strstr (pristine, "passwd=") != NULL || strstr (pristine, "keymap=") != NULL)
    {
      g_printerr ("%s", pristine);
      g_error (DOMAIN " is not as tests/lab/lab.sh defines it (an earlier run stopped "
               "half-way?); `tests/lab/lab.sh start` defines it afresh");
    }

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *path = g_strdup_printf ("/e2e/edit/cli/set/%s", edits[i].name);

      g_test_add_data_func (path, &edits[i], test_set);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalids); i++)
    {
      g_autofree char *path = g_strdup_printf ("/e2e/edit/cli/invalid/%s", invalids[i].name);

      g_test_add_data_func (path, &invalids[i], test_invalid);
    }
  g_test_add_func ("/e2e/edit/cli/dry-run", test_dry_run);
  g_test_add_func ("/e2e/edit/cli/xml-file", test_xml_file);
  g_test_add_func ("/e2e/edit/cli/xml-file-malformed", test_xml_file_malformed);
  status = g_test_run ();
  /* Leave it as found for the next run and for people. */
  restore ();
  g_free (pristine);
  return status;
}
