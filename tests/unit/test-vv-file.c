#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oriel-error.h"
#include "oriel-vv-file.h"

/* Every log line of the process, to check what is (not) logged. */
static GString *logged;

static GLogWriterOutput
record_log (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      g_string_append_printf (logged, "%s\n", (const char *) fields[i].value);
  if (level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, data);
}

static OrielViewerTarget *
parse_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  OrielViewerTarget *target = oriel_vv_file_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (target);
  return target;
}

static char *
parse_fails (const char *text, int code)
{
  g_autoptr (GError) error = NULL;
  OrielViewerTarget *target = oriel_vv_file_parse (text, strlen (text), &error);

  g_assert_null (target);
  g_assert_error (error, ORIEL_ERROR, code);
  return g_strdup (error->message);
}

#define SPICE "[virt-viewer]\ntype=spice\nhost=h.example\nport=5900\n"

static const char all_keys[] =
  "# written by hand\n"
  "[virt-viewer]\n"
  "type=spice\n"
  "host=spice.example\n"
  "port=5900\n"
  "tls-port=5901\n"
  "username=ann\n"
  "password= p=a;ss word\n"
  "proxy=http://proxy.example:3128/?a=b&c=d\n"
  "ca=-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n\n"
  "host-subject=C=XX,L=city,O=org,CN=spice.example\n"
  "tls-ciphers=HIGH:!aNULL\n"
  "secure-channels=main;inputs;display\n"
  "disable-channels=usbredir;smartcard;\n"
  "disable-effects=wallpaper; animation\n"
  "color-depth=16\n"
  "title=%d - my vm\n"
  "fullscreen=1\n"
  "toggle-fullscreen=shift+f11\n"
  "release-cursor=shift+f12\n"
  "secure-attention=ctrl+alt+end\n"
  "smartcard-insert=shift+f8\n"
  "smartcard-remove=shift+f9\n"
  "usb-device-reset=shift+f10\n"
  "zoom-in=ctrl+plus\n"
  "zoom-out=ctrl+minus\n"
  "zoom-reset=ctrl+0\n"
  "enable-smartcard=true\n"
  "enable-usbredir=1\n"
  "enable-usb-autoshare=True\n"
  "usb-filter=-1,-1,-1,-1,0\n"
  "usb-redirect-on-connect=0x03,-1,-1,-1,0|-1,-1,-1,-1,1\n"
  "delete-this-file=1\n"
  "version=7.0\n"
  "versions=rhel8:7.0-3;win64:2.0-160\n"
  "newer-version-url=https://example.org/viewer?os=linux\n";

static void
test_keys_all (void)
{
  g_autoptr (OrielViewerTarget) target = parse_ok (all_keys);
  const char *const secure[] = { "main", "inputs", "display", NULL };
  const char *const disabled[] = { "usbredir", "smartcard", NULL };
  const char *const effects[] = { "wallpaper", "animation", NULL };
  const char *const versions[] = { "rhel8:7.0-3", "win64:2.0-160", NULL };
  struct { const char *action, *spec; } hotkeys[] = {
    { "toggle-fullscreen", "shift+f11" }, { "release-cursor", "shift+f12" },
    { "secure-attention", "ctrl+alt+end" }, { "smartcard-insert", "shift+f8" },
    { "smartcard-remove", "shift+f9" }, { "usb-device-reset", "shift+f10" },
    { "zoom-in", "ctrl+plus" }, { "zoom-out", "ctrl+minus" }, { "zoom-reset", "ctrl+0" },
  };

  g_assert_cmpint (target->type, ==, ORIEL_GRAPHICS_SPICE);
  g_assert_cmpstr (target->host, ==, "spice.example");
  g_assert_cmpint (target->port, ==, 5900);
  g_assert_cmpint (target->tls_port, ==, 5901);
  g_assert_null (target->unix_path);
  g_assert_false (target->tls_only);
  g_assert_cmpstr (target->username, ==, "ann");
  g_assert_cmpstr (target->password, ==, "p=a;ss word");
  g_assert_cmpstr (target->proxy, ==, "http://proxy.example:3128/?a=b&c=d");
  g_assert_cmpstr (target->ca, ==,
                   "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
  g_assert_cmpstr (target->host_subject, ==, "C=XX,L=city,O=org,CN=spice.example");
  g_assert_cmpstr (target->tls_ciphers, ==, "HIGH:!aNULL");
  g_assert_true (g_strv_equal ((const char *const *) target->secure_channels, secure));
  g_assert_true (g_strv_equal ((const char *const *) target->disable_channels, disabled));
  g_assert_true (g_strv_equal ((const char *const *) target->disable_effects, effects));
  g_assert_cmpint (target->color_depth, ==, 16);
  g_assert_cmpstr (target->title, ==, "%d - my vm");
  g_assert_true (target->fullscreen);
  g_assert_cmpuint (g_hash_table_size (target->hotkeys), ==, G_N_ELEMENTS (hotkeys));
  for (gsize i = 0; i < G_N_ELEMENTS (hotkeys); i++)
    g_assert_cmpstr (g_hash_table_lookup (target->hotkeys, hotkeys[i].action), ==,
                     hotkeys[i].spec);
  g_assert_true (target->enable_smartcard);
  g_assert_true (target->enable_usbredir);
  g_assert_true (target->enable_usb_autoshare);
  g_assert_cmpstr (target->usb_filter, ==, "-1,-1,-1,-1,0");
  g_assert_cmpstr (target->usb_redirect_on_connect, ==, "0x03,-1,-1,-1,0|-1,-1,-1,-1,1");
  g_assert_true (target->delete_this_file);
  g_assert_cmpstr (target->version, ==, "7.0");
  g_assert_true (g_strv_equal ((const char *const *) target->versions, versions));
  g_assert_cmpstr (target->newer_version_url, ==, "https://example.org/viewer?os=linux");
  g_assert_false (target->has_ovirt);
}

static void
test_keys_defaults (void)
{
  g_autoptr (OrielViewerTarget) target = parse_ok ("[virt-viewer]\ntype=vnc\nhost=h\nport=5901\n");
  g_autofree char *text = oriel_viewer_target_describe (target);

  g_assert_cmpint (target->type, ==, ORIEL_GRAPHICS_VNC);
  g_assert_cmpstr (target->host, ==, "h");
  g_assert_cmpint (target->port, ==, 5901);
  g_assert_cmpint (target->tls_port, ==, -1);
  g_assert_null (target->password);
  g_assert_null (target->proxy);
  g_assert_null (target->secure_channels);
  g_assert_null (target->versions);
  g_assert_cmpint (target->color_depth, ==, 0);
  g_assert_false (target->fullscreen);
  g_assert_false (target->delete_this_file);
  g_assert_cmpuint (g_hash_table_size (target->hotkeys), ==, 0);
  g_assert_cmpstr (text, ==, "vnc://h:5901");
}

static void
test_keys_unknown (void)
{
  g_autoptr (OrielViewerTarget) target = NULL;

  g_string_truncate (logged, 0);
  target = parse_ok ("[virt-viewer]\n"
                     "type=spice\n"
                     "host=h\n"
                     "zoom-level=150\n"
                     "password=hunter2\n"
                     "title[fr]=ma vm\n"
                     "port=5900\n"
                     "[elsewhere]\n"
                     "password=hunter3\n");
  g_assert_cmpint (target->port, ==, 5900);
  g_assert_cmpstr (target->password, ==, "hunter2");
  g_assert_null (target->title);   /* a translation is not the title */
  g_assert_nonnull (strstr (logged->str, "“zoom-level” on line 4"));
  g_assert_nonnull (strstr (logged->str, "[elsewhere]"));
  g_assert_null (strstr (logged->str, "hunter"));
}

static void
test_keys_trailing_blanks (void)
{
  /* GKeyFile keeps trailing blanks; CRLF files come from Windows portals. */
  g_autoptr (OrielViewerTarget) target = parse_ok ("[virt-viewer] \r\n"
                                                   "  type = vnc \r\n"
                                                   "host=h.example\t\r\n"
                                                   "port= 5900 \r\n"
                                                   "fullscreen=false \r\n"
                                                   "password=pw \r\n");

  g_assert_cmpint (target->type, ==, ORIEL_GRAPHICS_VNC);
  g_assert_cmpstr (target->host, ==, "h.example");
  g_assert_cmpint (target->port, ==, 5900);
  g_assert_false (target->fullscreen);
  g_assert_cmpstr (target->password, ==, "pw ");
}

static void
test_keys_duplicate (void)
{
  g_autoptr (OrielViewerTarget) target = parse_ok (SPICE "port=5905\n[virt-viewer]\nhost=i\n");

  g_assert_cmpstr (target->host, ==, "i");
  g_assert_cmpint (target->port, ==, 5905);
}

static void
test_booleans (void)
{
  struct { const char *text; gboolean value; } cases[] = {
    { "true", TRUE }, { "false", FALSE }, { "1", TRUE }, { "0", FALSE }, { "TRUE", TRUE },
    { "False", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf (SPICE "fullscreen=%s\nenable-usbredir=%s\n",
                                               cases[i].text, cases[i].text);
      g_autoptr (OrielViewerTarget) target = parse_ok (text);

      g_assert_cmpint (target->fullscreen, ==, cases[i].value);
      g_assert_cmpint (target->enable_usbredir, ==, cases[i].value);
    }
}

static void
test_booleans_invalid (void)
{
  g_autofree char *yes = parse_fails (SPICE "delete-this-file=yes\n", ORIEL_ERROR_INVALID_VALUE);
  g_autofree char *two = parse_fails (SPICE "\nenable-smartcard=2\n", ORIEL_ERROR_INVALID_VALUE);

  g_assert_cmpstr (yes, ==,
                   "Line 5 of the connection file: “delete-this-file” must be true or false "
                   "(or 1 or 0), not “yes”.");
  g_assert_cmpstr (two, ==,
                   "Line 6 of the connection file: “enable-smartcard” must be true or false "
                   "(or 1 or 0), not “2”.");
}

static void
test_lists (void)
{
  g_autoptr (OrielViewerTarget) target = parse_ok (SPICE
                                                   "secure-channels=main\n"
                                                   "disable-channels=\n"
                                                   "disable-effects=all;;font-smooth\\;x;\n");
  const char *const main_only[] = { "main", NULL };
  const char *const none[] = { NULL };
  const char *const effects[] = { "all", "font-smooth;x", NULL };

  g_assert_true (g_strv_equal ((const char *const *) target->secure_channels, main_only));
  g_assert_true (g_strv_equal ((const char *const *) target->disable_channels, none));
  g_assert_true (g_strv_equal ((const char *const *) target->disable_effects, effects));
}

static void
test_proxy (void)
{
  g_autoptr (OrielViewerTarget) target = parse_ok (SPICE
                                                   "proxy=http://u:p@proxy.example:3128/"
                                                   "?a=b&c=d;e#f\n");

  g_assert_cmpstr (target->proxy, ==, "http://u:p@proxy.example:3128/?a=b&c=d;e#f");
}

static void
test_ovirt (void)
{
  g_autoptr (OrielViewerTarget) target = parse_ok (SPICE
                                                   "[ovirt]\nhost=engine.example\n"
                                                   "vm-guid=1234\n");
  g_autofree char *type = parse_fails ("[virt-viewer]\ntype=ovirt\n", ORIEL_ERROR_UNSUPPORTED);

  g_assert_true (target->has_ovirt);
  g_assert_cmpstr (target->host, ==, "h.example");
  g_assert_cmpstr (type, ==,
                   "Line 2 of the connection file: type=ovirt is not supported; Oriel opens "
                   "type=spice and type=vnc files.");
}

static void
test_unix_path (void)
{
  g_autoptr (OrielViewerTarget) target = parse_ok ("[virt-viewer]\ntype=spice\n"
                                                   "unix-path=/run/vm/spice.sock\n");
  g_autofree char *text = oriel_viewer_target_describe (target);
  g_autofree char *both = parse_fails ("[virt-viewer]\ntype=spice\nunix-path=/run/x\n"
                                       "host=h\nport=5900\n",
                                       ORIEL_ERROR_INVALID_VALUE);

  g_assert_cmpstr (target->unix_path, ==, "/run/vm/spice.sock");
  g_assert_null (target->host);
  g_assert_cmpint (target->port, ==, -1);
  g_assert_cmpstr (text, ==, "spice+unix:///run/vm/spice.sock");
  g_assert_cmpstr (both, ==,
                   "Line 3 of the connection file: “unix-path” cannot be combined with “host”, "
                   "“port” or “tls-port”: keep one way to reach the display.");
}

static void
test_ports (void)
{
  /* A file made for a TLS proxy: no plain port, an opaque host. */
  g_autoptr (OrielViewerTarget) tls = parse_ok ("[virt-viewer]\ntype=spice\n"
                                                "host=proxy:abc:100:node\ntls-port=61000\n"
                                                "port=-1\n");
  g_autofree char *text = oriel_viewer_target_describe (tls);

  g_assert_cmpint (tls->port, ==, -1);
  g_assert_cmpint (tls->tls_port, ==, 61000);
  g_assert_cmpstr (tls->host, ==, "proxy:abc:100:node");
  g_assert_cmpstr (text, ==, "spice+tls://[proxy:abc:100:node]:61000");
}

static void
test_ports_invalid (void)
{
  g_autofree char *big = parse_fails ("[virt-viewer]\ntype=spice\nhost=h\nport=70000\n",
                                      ORIEL_ERROR_INVALID_VALUE);
  g_autofree char *word = parse_fails ("[virt-viewer]\ntype=spice\nhost=h\n\ntls-port=abc\n",
                                       ORIEL_ERROR_INVALID_VALUE);
  g_autofree char *zero = parse_fails ("[virt-viewer]\nport=0\ntype=vnc\nhost=h\n",
                                       ORIEL_ERROR_INVALID_VALUE);
  g_autofree char *none = parse_fails ("[virt-viewer]\ntype=vnc\nhost=h\ntls-port=5901\n",
                                       ORIEL_ERROR_INVALID_VALUE);
  g_autofree char *nohost = parse_fails ("[virt-viewer]\ntype=spice\nport=5900\n",
                                         ORIEL_ERROR_INVALID_VALUE);

  g_assert_cmpstr (big, ==,
                   "Line 4 of the connection file: “port” must be a port number from 1 to "
                   "65535, not “70000”; for example port=5900.");
  g_assert_cmpstr (word, ==,
                   "Line 5 of the connection file: “tls-port” must be a port number from 1 to "
                   "65535, not “abc”; for example tls-port=5900.");
  g_assert_cmpstr (zero, ==,
                   "Line 2 of the connection file: “port” must be a port number from 1 to "
                   "65535, not “0”; for example port=5900.");
  g_assert_cmpstr (none, ==,
                   "The connection file names no port: add one to its [virt-viewer] group, as "
                   "in port=5900.");
  g_assert_cmpstr (nohost, ==,
                   "The connection file names no display: add host= and port= (or unix-path=) "
                   "to its [virt-viewer] group.");
}

static void
test_color_depth (void)
{
  g_autoptr (OrielViewerTarget) target = parse_ok (SPICE "color-depth=32\n");
  g_autofree char *bad = parse_fails (SPICE "color-depth=15\n", ORIEL_ERROR_INVALID_VALUE);

  g_assert_cmpint (target->color_depth, ==, 32);
  g_assert_cmpstr (bad, ==,
                   "Line 5 of the connection file: “color-depth” must be 16 or 32 (or 8, 24, "
                   "or 0 for the server’s choice), not “15”.");
}

static void
test_type (void)
{
  g_autofree char *missing = parse_fails ("[virt-viewer]\nhost=h\nport=5900\n",
                                          ORIEL_ERROR_INVALID_VALUE);
  g_autofree char *unknown = parse_fails ("[virt-viewer]\nhost=h\ntype=rdp\nport=5900\n",
                                          ORIEL_ERROR_INVALID_VALUE);

  g_assert_cmpstr (missing, ==,
                   "The connection file has no type: add type=spice or type=vnc to its "
                   "[virt-viewer] group.");
  g_assert_cmpstr (unknown, ==,
                   "Line 3 of the connection file: the type “rdp” is unknown: use type=spice "
                   "or type=vnc.");
}

static void
test_malformed (void)
{
  g_autofree char *line = parse_fails ("# comment\n\n[virt-viewer]\ntype=spice\n"
                                       "host h.example\nport=5900\n",
                                       ORIEL_ERROR_INVALID_VALUE);
  g_autofree char *crlf = parse_fails ("[virt-viewer]\r\ntype=spice\r\n=5900\r\n",
                                       ORIEL_ERROR_INVALID_VALUE);
  g_autofree char *before = parse_fails ("\n# c\ntype=spice\n[virt-viewer]\n",
                                         ORIEL_ERROR_INVALID_VALUE);
  g_autofree char *group = parse_fails ("[virt-viewer]\ntype=spice\n[ovirt\n",
                                        ORIEL_ERROR_INVALID_VALUE);
  g_autofree char *utf8 = parse_fails ("[virt-viewer]\ntype=spice\ntitle=\xff\xfe\n",
                                       ORIEL_ERROR_INVALID_VALUE);
  g_autofree char *secret = parse_fails ("[virt-viewer]\ntype=spice\npassword hunter2\n",
                                         ORIEL_ERROR_INVALID_VALUE);

  g_assert_cmpstr (line, ==,
                   "Line 5 of the connection file: this line is not a [group], a key=value "
                   "setting or a # comment.");
  g_assert_cmpstr (crlf, ==,
                   "Line 3 of the connection file: this line is not a [group], a key=value "
                   "setting or a # comment.");
  g_assert_cmpstr (before, ==,
                   "Line 3 of the connection file: a setting comes before any group: the file "
                   "must start with [virt-viewer].");
  g_assert_cmpstr (group, ==,
                   "Line 3 of the connection file: a group line must be a name in brackets, "
                   "as in [virt-viewer].");
  g_assert_cmpstr (utf8, ==, "Line 3 of the connection file: this line is not UTF-8 text.");
  g_assert_null (strstr (secret, "hunter2"));
  g_free (parse_fails ("[]\ntype=spice\n", ORIEL_ERROR_INVALID_VALUE));
}

static void
test_malformed_nul (void)
{
  static const char data[] = "[virt-viewer]\ntype=spice\nhost=a\0b\nport=5900\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielViewerTarget) target = oriel_vv_file_parse (data, sizeof data - 1, &error);

  g_assert_null (target);
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
  g_assert_cmpstr (error->message, ==,
                   "Line 3 of the connection file: this line is not UTF-8 text.");
}

static void
test_escape (void)
{
  g_autofree char *bad = parse_fails (SPICE "\npassword=abc\\qdef\n", ORIEL_ERROR_INVALID_VALUE);

  g_assert_cmpstr (bad, ==,
                   "Line 6 of the connection file: the value of “password” has a backslash "
                   "that starts none of \\n, \\t, \\r, \\s or \\\\; write a backslash "
                   "itself as \\\\.");
  g_free (parse_fails (SPICE "secure-channels=main;x\\\n", ORIEL_ERROR_INVALID_VALUE));
  g_assert_null (strstr (bad, "abc"));
}

static void
test_empty (void)
{
  g_autofree char *empty = parse_fails ("", ORIEL_ERROR_INVALID_VALUE);
  g_autofree char *blank = parse_fails (" \n\n\t\n", ORIEL_ERROR_INVALID_VALUE);
  g_autofree char *comment = parse_fails ("# nothing\n", ORIEL_ERROR_INVALID_VALUE);
  g_autofree char *other = parse_fails ("[other]\ntype=spice\n", ORIEL_ERROR_INVALID_VALUE);

  g_assert_cmpstr (empty, ==,
                   "The connection file is empty: it must start with [virt-viewer] and a line "
                   "such as type=spice.");
  g_assert_cmpstr (blank, ==, empty);
  g_assert_cmpstr (comment, ==,
                   "The connection file has no [virt-viewer] group: it must start with "
                   "[virt-viewer] and a line such as type=spice.");
  g_assert_cmpstr (other, ==, comment);
}

static void
test_stdin (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielViewerTarget) target = NULL;
  int fds[2];

  g_assert_no_errno (pipe (fds));
  g_assert_cmpint (write (fds[1], all_keys, strlen (all_keys)), ==, strlen (all_keys));
  close (fds[1]);
  target = oriel_vv_file_read_fd (fds[0], &error);
  g_assert_no_error (error);
  g_assert_nonnull (target);
  g_assert_cmpstr (target->host, ==, "spice.example");
  g_assert_cmpstr (target->password, ==, "p=a;ss word");
  g_assert_cmpstr (target->proxy, ==, "http://proxy.example:3128/?a=b&c=d");
  /* Left open for the caller. */
  g_assert_no_errno (fcntl (fds[0], F_GETFD));
  close (fds[0]);
}

static void
test_stdin_malformed (void)
{
  static const char text[] = "[virt-viewer]\ntype=spice\nport=5900\nhost\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielViewerTarget) target = NULL;
  int fds[2];

  g_assert_no_errno (pipe (fds));
  g_assert_cmpint (write (fds[1], text, strlen (text)), ==, strlen (text));
  close (fds[1]);
  target = oriel_vv_file_read_fd (fds[0], &error);
  close (fds[0]);
  g_assert_null (target);
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
  g_assert_true (g_str_has_prefix (error->message, "Line 4 of the connection file: "));
}

/* A file of @size bytes that would be valid if it were small. */
static char *
write_big_file (const char *dir, gsize size)
{
  g_autofree char *data = g_malloc (size);
  char *path = g_build_filename (dir, "big.vv", NULL);

  memset (data, '#', size);
  memcpy (data, SPICE, strlen (SPICE));
  data[strlen (SPICE)] = '\n';
  g_assert_true (g_file_set_contents (path, data, size, NULL));
  return path;
}

static void
test_stdin_too_big (void)
{
  g_autofree char *dir = g_dir_make_tmp ("oriel-vv-XXXXXX", NULL);
  g_autofree char *path = write_big_file (dir, 1024 * 1024 + 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielViewerTarget) target = NULL;
  int fd = open (path, O_RDONLY);

  g_assert_cmpint (fd, >=, 0);
  target = oriel_vv_file_read_fd (fd, &error);
  close (fd);
  g_assert_null (target);
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
  g_assert_cmpstr (error->message, ==,
                   "The connection file is larger than 1 MiB; a real one is a few kilobytes.");
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_load (void)
{
  g_autofree char *dir = g_dir_make_tmp ("oriel-vv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "console.vv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.vv", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.vv", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.vv", NULL);
  g_autofree char *big = write_big_file (dir, 1024 * 1024 + 1);
  g_autofree char *fits = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (OrielViewerTarget) target = NULL;
  g_autoptr (OrielViewerTarget) large = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, all_keys, -1, NULL));
  target = oriel_vv_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (target->host, ==, "spice.example");
  g_assert_true (target->delete_this_file);

  /* Errors name the file. */
  g_assert_true (g_file_set_contents (bad, "[virt-viewer]\ntype=spice\nport=99999\n", -1, NULL));
  g_assert_null (oriel_vv_file_load (bad, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
  expected = g_strdup_printf ("%s: Line 3 of the connection file: “port” must be a port number "
                              "from 1 to 65535, not “99999”; for example port=5900.", bad);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_null (oriel_vv_file_load (missing, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_null (oriel_vv_file_load (dir, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "is not a regular file"));
  g_clear_error (&error);

  /* Would block forever if opened for reading without O_NONBLOCK. */
  g_assert_no_errno (mkfifo (fifo, 0600));
  g_assert_null (oriel_vv_file_load (fifo, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "is not a regular file"));
  g_clear_error (&error);

  g_assert_null (oriel_vv_file_load (big, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "larger than 1 MiB"));
  g_clear_error (&error);

  /* Exactly at the limit is fine. */
  g_unlink (big);
  fits = write_big_file (dir, 1024 * 1024);
  large = oriel_vv_file_load (fits, &error);
  g_assert_no_error (error);
  g_assert_cmpint (large->port, ==, 5900);

  g_unlink (path);
  g_unlink (bad);
  g_unlink (fifo);
  g_unlink (fits);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  logged = g_string_new (NULL);
  g_log_set_writer_func (record_log, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/vv-file/keys/all", test_keys_all);
  g_test_add_func ("/core/vv-file/keys/defaults", test_keys_defaults);
  g_test_add_func ("/core/vv-file/keys/unknown", test_keys_unknown);
  g_test_add_func ("/core/vv-file/keys/trailing-blanks", test_keys_trailing_blanks);
  g_test_add_func ("/core/vv-file/keys/duplicate", test_keys_duplicate);
  g_test_add_func ("/core/vv-file/booleans/valid", test_booleans);
  g_test_add_func ("/core/vv-file/booleans/invalid", test_booleans_invalid);
  g_test_add_func ("/core/vv-file/lists", test_lists);
  g_test_add_func ("/core/vv-file/proxy", test_proxy);
  g_test_add_func ("/core/vv-file/ovirt", test_ovirt);
  g_test_add_func ("/core/vv-file/unix-path", test_unix_path);
  g_test_add_func ("/core/vv-file/ports/valid", test_ports);
  g_test_add_func ("/core/vv-file/ports/invalid", test_ports_invalid);
  g_test_add_func ("/core/vv-file/color-depth", test_color_depth);
  g_test_add_func ("/core/vv-file/type", test_type);
  g_test_add_func ("/core/vv-file/malformed/lines", test_malformed);
  g_test_add_func ("/core/vv-file/malformed/nul", test_malformed_nul);
  g_test_add_func ("/core/vv-file/malformed/escape", test_escape);
  g_test_add_func ("/core/vv-file/malformed/empty", test_empty);
  g_test_add_func ("/core/vv-file/stdin/valid", test_stdin);
  g_test_add_func ("/core/vv-file/stdin/malformed", test_stdin_malformed);
  g_test_add_func ("/core/vv-file/stdin/too-big", test_stdin_too_big);
  g_test_add_func ("/core/vv-file/load", test_load);
  return g_test_run ();
}
