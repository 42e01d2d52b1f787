#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "oriel-error.h"
#include "oriel-viewer-options.h"

/* Files made in main(): rows name them "@VV@", "@FILE@" (a plain file) and "@DIR@". */
static char *tmp_dir;
static char *vv_path;
static char *file_path;

static const char *
substitute (const char *text)
{
  if (g_strcmp0 (text, "@VV@") == 0)
    return vv_path;
  if (g_strcmp0 (text, "@FILE@") == 0)
    return file_path;
  if (g_strcmp0 (text, "@DIR@") == 0)
    return tmp_dir;
  return text;
}

/* "action=accel;…", an empty accel for a disabled hotkey; NULL for no array. */
static char *
render_hotkeys (GPtrArray *hotkeys)
{
  g_autoptr (GString) text = NULL;

  if (hotkeys == NULL)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < hotkeys->len; i++)
    {
      OrielHotkey *hotkey = g_ptr_array_index (hotkeys, i);

      g_assert_true (hotkey->accel == NULL || *hotkey->accel != '\0');
      g_string_append_printf (text, "%s%s=%s", i > 0 ? ";" : "", hotkey->action,
                              hotkey->accel != NULL ? hotkey->accel : "");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "from=to+to;…", nothing after "=" for a blocked key; NULL for no array. */
static char *
render_remaps (GPtrArray *remaps)
{
  g_autoptr (GString) text = NULL;

  if (remaps == NULL)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < remaps->len; i++)
    {
      OrielKeyRemap *remap = g_ptr_array_index (remaps, i);
      g_autofree char *to = NULL;

      g_assert_nonnull (remap->to);
      for (guint j = 0; remap->to[j] != NULL; j++)
        g_assert_cmpstr (remap->to[j], !=, "");
      to = g_strjoinv ("+", remap->to);
      g_string_append_printf (text, "%s%s=%s", i > 0 ? ";" : "", remap->from, to);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Zero is the default for every field, so rows name only what differs. */
typedef struct
{
  const char *connect_uri;
  gboolean wait;
  gboolean no_reconnect;
  gboolean direct;
  gboolean attach;
  gboolean fullscreen;
  int zoom;                     /* 0: 100 */
  const char *hotkeys;          /* as render_hotkeys() writes them */
  const char *key_remaps;       /* as render_remaps() writes them */
  gboolean kiosk;
  OrielKioskQuit kiosk_quit;
  gboolean no_auto_resize;
  gboolean cursor_local;
  gboolean shared;
  OrielLookup lookup;
  const char *title;
  gboolean verbose;
  gboolean debug;
  gboolean version;
  gboolean read_only;
  gboolean serial;
  OrielTargetKind kind;
  const char *target;
} Expect;

typedef struct
{
  const char *name;
  const char *args[10];         /* after argv[0], NULL-terminated */
  const char *error;            /* a substring of the message; NULL: success */
  Expect expect;
} ParseRow;

#define OK(...) .expect = { __VA_ARGS__ }

static const ParseRow parse_rows[] = {
  { "defaults", { NULL }, NULL, OK (0) },
  { "connect", { "-c", "qemu:///system" }, NULL, OK (.connect_uri = "qemu:///system") },
  { "connect-long", { "--connect=qemu+ssh://h/system", "vm" }, NULL,
    OK (.connect_uri = "qemu+ssh://h/system", .kind = ORIEL_TARGET_DOMAIN, .target = "vm") },
  { "wait", { "-w", "vm" }, NULL, OK (.wait = TRUE, .kind = ORIEL_TARGET_DOMAIN, .target = "vm") },
  { "wait-long", { "--wait", "vm" }, NULL,
    OK (.wait = TRUE, .kind = ORIEL_TARGET_DOMAIN, .target = "vm") },
  { "reconnect", { "-r" }, NULL, OK (0) },
  { "reconnect-long", { "--reconnect" }, NULL, OK (0) },
  { "no-reconnect", { "--no-reconnect" }, NULL, OK (.no_reconnect = TRUE) },
  { "direct", { "-d" }, NULL, OK (.direct = TRUE) },
  { "direct-long", { "--direct" }, NULL, OK (.direct = TRUE) },
  { "attach", { "-a", "vm" }, NULL,
    OK (.attach = TRUE, .kind = ORIEL_TARGET_DOMAIN, .target = "vm") },
  { "attach-long", { "--attach" }, NULL, OK (.attach = TRUE) },
  { "full-screen", { "-f" }, NULL, OK (.fullscreen = TRUE) },
  { "full-screen-long", { "--full-screen" }, NULL, OK (.fullscreen = TRUE) },
  { "zoom", { "-z", "150" }, NULL, OK (.zoom = 150) },
  { "zoom-min", { "--zoom=10" }, NULL, OK (.zoom = 10) },
  { "zoom-max", { "--zoom", "400" }, NULL, OK (.zoom = 400) },
  { "hotkeys", { "-H", "toggle-fullscreen=shift+f11,release-cursor=shift+f12,"
                       "secure-attention=ctrl+shift+b" }, NULL,
    OK (.hotkeys = "toggle-fullscreen=<Shift>F11;release-cursor=<Shift>F12;"
                   "secure-attention=<Control><Shift>b") },
  { "hotkeys-long", { "--hotkeys= release-cursor= , zoom-in=ctrl+plus" }, NULL,
    OK (.hotkeys = "release-cursor=;zoom-in=<Control>plus") },
  { "hotkeys-empty", { "--hotkeys=" }, NULL, OK (.hotkeys = "") },
  { "keymap", { "-K", "Super_L=,Alt_L=Void,1=Shift_L+F1" }, NULL,
    OK (.key_remaps = "Super_L=;Alt_L=;1=Shift_L+F1") },
  { "keymap-long", { "--keymap=F1=SHIFT+CTRL+F1" }, NULL, OK (.key_remaps = "F1=SHIFT+CTRL+F1") },
  { "kiosk", { "-k" }, NULL, OK (.kiosk = TRUE) },
  { "kiosk-long", { "--kiosk" }, NULL, OK (.kiosk = TRUE) },
  { "kiosk-quit-on-disconnect", { "--kiosk-quit", "on-disconnect" }, NULL,
    OK (.kiosk_quit = ORIEL_KIOSK_QUIT_ON_DISCONNECT) },
  { "kiosk-quit-never", { "--kiosk-quit=never" }, NULL, OK (.kiosk_quit = ORIEL_KIOSK_QUIT_NEVER) },
  { "auto-resize-never", { "--auto-resize=never" }, NULL, OK (.no_auto_resize = TRUE) },
  { "auto-resize-always", { "--auto-resize", "always" }, NULL, OK (0) },
  { "cursor-local", { "--cursor=local" }, NULL, OK (.cursor_local = TRUE) },
  { "cursor-auto", { "--cursor", "auto" }, NULL, OK (0) },
  { "shared", { "-s" }, NULL, OK (.shared = TRUE) },
  { "shared-long", { "--shared" }, NULL, OK (.shared = TRUE) },
  { "domain-name", { "--domain-name", "2" }, NULL,
    OK (.lookup = ORIEL_LOOKUP_NAME, .kind = ORIEL_TARGET_DOMAIN, .target = "2") },
  { "id", { "--id", "7" }, NULL,
    OK (.lookup = ORIEL_LOOKUP_ID, .kind = ORIEL_TARGET_DOMAIN, .target = "7") },
  { "id-zero", { "--id", "0" }, NULL,
    OK (.lookup = ORIEL_LOOKUP_ID, .kind = ORIEL_TARGET_DOMAIN, .target = "0") },
  { "uuid", { "--uuid", "66ab33c0-6919-a3f7-e659-16c82d248521" }, NULL,
    OK (.lookup = ORIEL_LOOKUP_UUID, .kind = ORIEL_TARGET_DOMAIN,
        .target = "66ab33c0-6919-a3f7-e659-16c82d248521") },
  { "uuid-no-dashes", { "--uuid", "66AB33C06919A3F7E65916C82D248521" }, NULL,
    OK (.lookup = ORIEL_LOOKUP_UUID, .kind = ORIEL_TARGET_DOMAIN,
        .target = "66AB33C06919A3F7E65916C82D248521") },
  { "title", { "-t", "My VM" }, NULL, OK (.title = "My VM") },
  { "title-long", { "--title=Ünïcode" }, NULL, OK (.title = "Ünïcode") },
  { "verbose", { "-v" }, NULL, OK (.verbose = TRUE) },
  { "verbose-long", { "--verbose" }, NULL, OK (.verbose = TRUE) },
  { "debug", { "--debug" }, NULL, OK (.debug = TRUE) },
  { "version", { "-V" }, NULL, OK (.version = TRUE) },
  { "version-long", { "--version" }, NULL, OK (.version = TRUE) },
  { "read-only", { "--read-only" }, NULL, OK (.read_only = TRUE) },
  { "serial", { "--serial" }, NULL, OK (.serial = TRUE) },
  { "grouped-short", { "-fk", "-z", "50", "vm" }, NULL,
    OK (.fullscreen = TRUE, .kiosk = TRUE, .zoom = 50, .kind = ORIEL_TARGET_DOMAIN,
        .target = "vm") },
  { "option-after-target", { "vm", "-f" }, NULL,
    OK (.fullscreen = TRUE, .kind = ORIEL_TARGET_DOMAIN, .target = "vm") },
  { "last-value-wins", { "-z", "20", "-z", "30", "-t", "a", "-t", "b" }, NULL,
    OK (.zoom = 30, .title = "b") },

  /* the positional argument */
  { "target/domain", { "vm" }, NULL, OK (.kind = ORIEL_TARGET_DOMAIN, .target = "vm") },
  { "target/domain-number", { "7" }, NULL, OK (.kind = ORIEL_TARGET_DOMAIN, .target = "7") },
  { "target/spice", { "spice://host:5900" }, NULL,
    OK (.kind = ORIEL_TARGET_URI, .target = "spice://host:5900") },
  { "target/spice-unix", { "spice+unix:///run/x.sock" }, NULL,
    OK (.kind = ORIEL_TARGET_URI, .target = "spice+unix:///run/x.sock") },
  { "target/spice-tls", { "spice+tls://host:5901" }, NULL,
    OK (.kind = ORIEL_TARGET_URI, .target = "spice+tls://host:5901") },
  { "target/vnc", { "vnc://host:5900" }, NULL,
    OK (.kind = ORIEL_TARGET_URI, .target = "vnc://host:5900") },
  { "target/scheme-case", { "SPICE+TLS://Host:5901" }, NULL,
    OK (.kind = ORIEL_TARGET_URI, .target = "SPICE+TLS://Host:5901") },
  { "target/after-dashes", { "-f", "--", "vnc://h:1" }, NULL,
    OK (.fullscreen = TRUE, .kind = ORIEL_TARGET_URI, .target = "vnc://h:1") },
  { "target/other-scheme", { "spicey://h" }, NULL,
    OK (.kind = ORIEL_TARGET_DOMAIN, .target = "spicey://h") },
  { "target/stdin", { "-" }, NULL, OK (.kind = ORIEL_TARGET_VV_STDIN, .target = "-") },
  { "target/vv-suffix", { "/nonexistent/console.vv" }, NULL,
    OK (.kind = ORIEL_TARGET_VV_FILE, .target = "/nonexistent/console.vv") },
  { "target/vv-file", { "@VV@" }, NULL, OK (.kind = ORIEL_TARGET_VV_FILE, .target = "@VV@") },
  /* what a file manager or browser passes for a downloaded file */
  { "target/file-uri", { "file:///tmp/dl/My%20console.vv" }, NULL,
    OK (.kind = ORIEL_TARGET_VV_FILE, .target = "/tmp/dl/My console.vv") },
  { "error/file-uri-host", { "file://elsewhere/x.vv" }, "is not a file URI Oriel can open" },
  { "target/plain-file", { "@FILE@" }, NULL,
    OK (.kind = ORIEL_TARGET_VV_FILE, .target = "@FILE@") },
  { "target/plain-file-domain-name", { "--domain-name", "@FILE@" }, NULL,
    OK (.lookup = ORIEL_LOOKUP_NAME, .kind = ORIEL_TARGET_DOMAIN, .target = "@FILE@") },
  { "target/plain-file-connect", { "-c", "qemu:///system", "@FILE@" }, NULL,
    OK (.connect_uri = "qemu:///system", .kind = ORIEL_TARGET_DOMAIN, .target = "@FILE@") },
  { "target/directory", { "@DIR@" }, NULL, OK (.kind = ORIEL_TARGET_DOMAIN, .target = "@DIR@") },

  /* refusals */
  { "error/unknown-option", { "--bogus" }, "Unknown option --bogus" },
  { "error/unknown-short", { "-x" }, "Unknown option -x" },
  { "error/help-is-the-callers", { "-h" }, "Unknown option -h" },
  { "error/missing-argument", { "vm", "-z" }, "Missing argument for -z" },
  { "error/two-targets", { "a", "b" }, "(“a” and “b”): give only one" },
  { "error/zoom-low", { "-z", "9" }, "Zoom “9” is not a percentage from 10 to 400" },
  { "error/zoom-high", { "--zoom=401" }, "Zoom “401”" },
  { "error/zoom-word", { "--zoom=big" }, "Zoom “big”" },
  { "error/zoom-fraction", { "--zoom=1.5" }, "Zoom “1.5”" },
  { "error/zoom-percent", { "--zoom=150%" }, "Zoom “150%”" },
  { "error/zoom-empty", { "--zoom=" }, "Zoom “”" },
  { "error/kiosk-quit", { "--kiosk-quit=always" },
    "--kiosk-quit does not take “always”: use “never” or “on-disconnect”" },
  { "error/auto-resize", { "--auto-resize=yes" },
    "--auto-resize does not take “yes”: use “never” or “always”" },
  { "error/cursor", { "--cursor", "remote" },
    "--cursor does not take “remote”: use “auto” or “local”" },
  { "error/lookup-two", { "--id", "--uuid", "7" }, "exclude each other" },
  { "error/lookup-three", { "--domain-name", "--id", "--uuid", "7" }, "exclude each other" },
  { "error/id-word", { "--id", "vm" }, "“vm” is not a domain ID" },
  { "error/id-negative", { "--id", "--", "-1" }, "“-1” is not a domain ID" },
  { "error/uuid-short", { "--uuid", "66ab33c0" }, "“66ab33c0” is not a UUID" },
  { "error/uuid-long", { "--uuid", "66ab33c0-6919-a3f7-e659-16c82d24852100" }, "is not a UUID" },
  { "error/uuid-not-hex", { "--uuid", "zzab33c0-6919-a3f7-e659-16c82d248521" }, "is not a UUID" },
  { "error/reconnect-both", { "-r", "--no-reconnect" }, "contradict each other" },
  { "error/attach-direct", { "-a", "-d", "vm" }, "--attach and --direct exclude each other" },
  { "error/connect-uri", { "-c", "qemu:///system", "spice://h:5900" },
    "--connect applies only to libvirt domains, not to the display address “spice://h:5900”" },
  { "error/connect-vv", { "--connect=qemu:///system", "x.vv" },
    "--connect applies only to libvirt domains, not to the connection file “x.vv”" },
  { "error/connect-stdin", { "-c", "qemu:///system", "-" },
    "--connect applies only to libvirt domains, not to a connection file on standard input" },
  { "error/domain-name-uri", { "--domain-name", "vnc://h:1" }, "--domain-name applies only to" },
  { "error/id-uri", { "--id", "spice+unix:///s" }, "--id applies only to" },
  { "error/uuid-vv", { "--uuid", "@VV@" }, "--uuid applies only to" },
  { "error/attach-uri", { "-a", "spice+tls://h" }, "--attach applies only to" },
  { "error/attach-vv", { "--attach", "@VV@" }, "--attach applies only to" },
  { "error/wait-uri", { "-w", "vnc://h" }, "--wait applies only to" },
  { "error/wait-stdin", { "--wait", "-" }, "--wait applies only to" },
  { "error/wait-no-domain", { "-w" }, "--wait needs a domain to wait for" },
  { "error/lookup-no-domain", { "--uuid" }, "--uuid needs a domain" },
  { "error/hotkeys-action", { "-H", "fly=ctrl+f" },
    "Invalid --hotkeys: Unknown hotkey action “fly”" },
  { "error/hotkeys-empty-key", { "-H", "release-cursor=ctrl++" },
    "Invalid --hotkeys: “ctrl++” has an empty key name" },
  { "error/hotkeys-modifiers", { "-H", "zoom-in=ctrl+alt" }, "has only modifiers" },
  { "error/hotkeys-twice", { "-H", "zoom-in=f1,zoom-in=f2" }, "“zoom-in” is given twice" },
  { "error/hotkeys-no-equals", { "-H", "toggle-fullscreen" }, "is not a hotkey" },
  { "error/keymap-no-from", { "-K", "=F1" }, "Invalid --keymap: A key remap names no key" },
  { "error/keymap-no-equals", { "-K", "Super_L" }, "“Super_L” is not a key remap" },
  { "error/keymap-empty-to-key", { "-K", "1=Shift_L++F1" }, "in the remap of 1 is not a key name" },
  { "error/keymap-empty-item", { "-K", "Super_L=,,1=F1" }, "has an empty item" },
};

static void
test_parse (gconstpointer data)
{
  const ParseRow *row = data;
  const Expect *expect = &row->expect;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielViewerOptions) options = NULL;
  g_autofree char *hotkeys = NULL;
  g_autofree char *remaps = NULL;

  g_assert_null (row->args[G_N_ELEMENTS (row->args) - 1]);
  g_ptr_array_add (argv, "oriel");
  for (guint i = 0; row->args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) substitute (row->args[i]));
  g_ptr_array_add (argv, NULL);

  options = oriel_viewer_options_parse ((char **) argv->pdata, &error);
  if (row->error != NULL)
    {
      g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
      g_assert_null (options);
      if (strstr (error->message, row->error) == NULL)
        g_error ("“%s” is not in “%s”", row->error, error->message);
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (options);
  g_assert_cmpstr (options->connect_uri, ==, expect->connect_uri);
  g_assert_cmpint (options->wait, ==, expect->wait);
  g_assert_cmpint (options->reconnect, ==, !expect->no_reconnect);
  g_assert_cmpint (options->direct, ==, expect->direct);
  g_assert_cmpint (options->attach, ==, expect->attach);
  g_assert_cmpint (options->fullscreen, ==, expect->fullscreen);
  g_assert_cmpint (options->zoom, ==, expect->zoom != 0 ? expect->zoom : 100);
  hotkeys = render_hotkeys (options->hotkeys);
  g_assert_cmpstr (hotkeys, ==, expect->hotkeys);
  remaps = render_remaps (options->key_remaps);
  g_assert_cmpstr (remaps, ==, expect->key_remaps);
  g_assert_cmpint (options->kiosk, ==, expect->kiosk);
  g_assert_cmpint (options->kiosk_quit, ==, expect->kiosk_quit);
  g_assert_cmpint (options->auto_resize, ==, !expect->no_auto_resize);
  g_assert_cmpint (options->cursor_local, ==, expect->cursor_local);
  g_assert_cmpint (options->shared, ==, expect->shared);
  g_assert_cmpint (options->lookup, ==, expect->lookup);
  g_assert_cmpstr (options->title, ==, expect->title);
  g_assert_cmpint (options->verbose, ==, expect->verbose);
  g_assert_cmpint (options->debug, ==, expect->debug);
  g_assert_cmpint (options->version, ==, expect->version);
  g_assert_cmpint (options->read_only, ==, expect->read_only);
  g_assert_cmpint (options->serial, ==, expect->serial);
  g_assert_cmpint (options->kind, ==, expect->kind);
  g_assert_cmpstr (options->target, ==, substitute (expect->target));
}

typedef struct
{
  const char *name;
  const char *input;
  const char *output;           /* NULL: refused */
  const char *error;            /* a substring of the message */
} ConvertRow;

static const ConvertRow accel_rows[] = {
  { "shift-f11", "shift+f11", "<Shift>F11" },
  { "ctrl-alt-f", "ctrl+alt+f", "<Control><Alt>f" },
  { "control-upper", "Control+Shift+B", "<Control><Shift>b" },
  { "super-meta", "SUPER+meta+Return", "<Super><Meta>Return" },
  { "spaces", " ctrl + Delete ", "<Control>Delete" },
  { "function-upper", "F1", "F1" },
  { "function-two-digits", "alt+f12", "<Alt>F12" },
  { "letter", "q", "q" },
  { "letter-f", "ctrl+F", "<Control>f" },
  { "not-function", "ctrl+fx", "<Control>fx" },
  { "digit", "ctrl+1", "<Control>1" },
  { "keypad", "alt+KP_Add", "<Alt>KP_Add" },
  { "repeated-modifier", "ctrl+ctrl+x", "<Control>x" },
  { "error/empty", "", NULL, "No keys given" },
  { "error/blank", "  ", NULL, "“  ” has an empty key name" },
  { "error/empty-key", "ctrl++", NULL, "“ctrl++” has an empty key name" },
  { "error/leading-plus", "+f", NULL, "has an empty key name" },
  { "error/modifiers-only", "ctrl+alt", NULL, "“ctrl+alt” has only modifiers" },
  { "error/modifier-only", "shift", NULL, "has only modifiers" },
  { "error/key-first", "f+ctrl", NULL, "“f” in “f+ctrl” is not a modifier" },
  { "error/two-keys", "a+b", NULL, "“a” in “a+b” is not a modifier" },
  { "error/markup", "ctrl+<Alt>x", NULL, "“<Alt>x” in “ctrl+<Alt>x” is not a key name" },
  { "error/space-inside", "ctrl+page up", NULL, "“page up” in “ctrl+page up” is not a key name" },
};

static void
test_accel (gconstpointer data)
{
  const ConvertRow *row = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *accel = oriel_hotkey_to_accel (row->input, &error);

  if (row->output == NULL)
    {
      g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
      g_assert_null (accel);
      if (strstr (error->message, row->error) == NULL)
        g_error ("“%s” is not in “%s”", row->error, error->message);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpstr (accel, ==, row->output);
}

static const ConvertRow hotkeys_rows[] = {
  { "every-action",
    "toggle-fullscreen=f11,release-cursor=shift+f12,zoom-in=ctrl+plus,zoom-out=ctrl+minus,"
    "zoom-reset=ctrl+0,secure-attention=ctrl+alt+End,smartcard-insert=shift+f8,"
    "smartcard-remove=shift+f9,usb-device-reset=shift+f10",
    "toggle-fullscreen=F11;release-cursor=<Shift>F12;zoom-in=<Control>plus;"
    "zoom-out=<Control>minus;zoom-reset=<Control>0;secure-attention=<Control><Alt>End;"
    "smartcard-insert=<Shift>F8;smartcard-remove=<Shift>F9;usb-device-reset=<Shift>F10" },
  { "disabled", "release-cursor=,toggle-fullscreen= ", "release-cursor=;toggle-fullscreen=" },
  { "spaces", "  zoom-in = ctrl + plus ,  zoom-out=ctrl+minus  ",
    "zoom-in=<Control>plus;zoom-out=<Control>minus" },
  { "empty", "", "" },
  { "blank", "   ", "" },
  { "error/action-case", "Release-Cursor=ctrl+f", NULL, "Unknown hotkey action “Release-Cursor”" },
  { "error/no-action", "=ctrl+f", NULL, "Unknown hotkey action “”" },
  { "error/trailing-comma", "zoom-in=f1,", NULL, "“zoom-in=f1,” has an empty item" },
  { "error/twice", "zoom-in=f1, zoom-in=", NULL, "The hotkey of “zoom-in” is given twice" },
  { "error/keys", "zoom-in=ctrl", NULL, "“ctrl” has only modifiers" },
  /* virt-viewer's own default for releasing the pointer is Ctrl+Alt alone */
  { "release-modifiers", "release-cursor=ctrl+alt", "release-cursor=<Control><Alt>" },
};

static void
test_hotkeys (gconstpointer data)
{
  const ConvertRow *row = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hotkeys = oriel_hotkeys_parse (row->input, &error);
  g_autofree char *text = NULL;

  if (row->output == NULL)
    {
      g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
      g_assert_null (hotkeys);
      if (strstr (error->message, row->error) == NULL)
        g_error ("“%s” is not in “%s”", row->error, error->message);
      return;
    }
  g_assert_no_error (error);
  text = render_hotkeys (hotkeys);
  g_assert_cmpstr (text, ==, row->output);
}

static const ConvertRow keymap_rows[] = {
  { "man-page", "Super_L=,Alt_L=,1=Shift_L+F1,2=Shift_L+F2",
    "Super_L=;Alt_L=;1=Shift_L+F1;2=Shift_L+F2" },
  { "void", "ALT_L=Void", "ALT_L=" },
  { "spaces", " F1 = Shift_L + Control_L + F1 , c = d ", "F1=Shift_L+Control_L+F1;c=d" },
  { "case-kept", "super_l=KP_Enter", "super_l=KP_Enter" },
  { "empty", "", "" },
  { "error/no-from", "=F1", NULL, "A key remap names no key before “=”" },
  { "error/blank-from", "  =F1", NULL, "A key remap names no key before “=”" },
  { "error/no-equals", "F1", NULL, "“F1” is not a key remap" },
  { "error/empty-to-key", "F1=Shift_L+", NULL, "in the remap of F1 is not a key name" },
  { "error/bad-from", "Super L=F1", NULL, "“Super L” is not a key name" },
  { "error/bad-to", "F1=Shift_L+<F2>", NULL, "“<F2>” in the remap of F1 is not a key name" },
  { "error/twice", "F1=a,F1=b", NULL, "The key “F1” is remapped twice" },
  { "error/empty-item", "a=b,,c=d", NULL, "has an empty item" },
};

static void
test_keymap (gconstpointer data)
{
  const ConvertRow *row = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) remaps = oriel_key_remaps_parse (row->input, &error);
  g_autofree char *text = NULL;

  if (row->output == NULL)
    {
      g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE);
      g_assert_null (remaps);
      if (strstr (error->message, row->error) == NULL)
        g_error ("“%s” is not in “%s”", row->error, error->message);
      return;
    }
  g_assert_no_error (error);
  text = render_remaps (remaps);
  g_assert_cmpstr (text, ==, row->output);
}

static void
test_actions (void)
{
  const char *expected[] = {
    "toggle-fullscreen", "release-cursor", "zoom-in", "zoom-out", "zoom-reset",
    "secure-attention", "smartcard-insert", "smartcard-remove", "usb-device-reset", NULL,
  };

  g_assert_true (g_strv_equal ((const char * const *) expected, oriel_hotkey_actions ()));
}

static void
test_help (void)
{
  g_autofree char *help = oriel_viewer_options_help ();
  const char *needles[] = {
    "-c, --connect=URI", "-z, --zoom=PCT", "-H, --hotkeys=SPEC", "-K, --keymap=SPEC",
    "--kiosk-quit=never|on-disconnect", "--auto-resize=always|never", "--cursor=local|auto",
    "--no-reconnect", "--domain-name", "--uuid", "-t, --title=TITLE", "-V, --version",
    "-h, --help", "[DOMAIN | URI | FILE | -]",
    "Open the libvirt connection read-only: displays are reached through their network "
    "address and passwords are asked for",
    "Show the domain's first text console (serial or console device) in front",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (needles); i++)
    if (strstr (help, needles[i]) == NULL)
      g_error ("“%s” is not in the help:\n%s", needles[i], help);
}

/* The caller's vector is neither edited nor freed. */
static void
test_argv_untouched (void)
{
  char *argv[] = { "oriel", "-f", "--", "vm", NULL };
  g_autoptr (OrielViewerOptions) options = NULL;

  options = oriel_viewer_options_parse (argv, NULL);
  g_assert_nonnull (options);
  g_assert_cmpstr (argv[1], ==, "-f");
  g_assert_cmpstr (argv[2], ==, "--");
  g_assert_cmpstr (argv[3], ==, "vm");
  g_assert_null (argv[4]);
  g_assert_null (oriel_viewer_options_parse ((char *[]) { "oriel", "-z", "5", NULL }, NULL));

  oriel_viewer_options_free (NULL);
  oriel_hotkey_free (NULL);
  oriel_key_remap_free (NULL);
}

static void
add_convert_tests (const char *prefix, const ConvertRow *rows, gsize n, GTestDataFunc func)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/viewer-options/%s/%s", prefix, rows[i].name);
      g_test_add_data_func (path, &rows[i], func);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  /* GOptionContext converts string arguments from the locale's charset:
   * pin a UTF-8 one, as a desktop session has, for the non-ASCII title */
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("oriel-viewer-options-XXXXXX", &error);
  g_assert_no_error (error);
  vv_path = g_build_filename (tmp_dir, "console.vv", NULL);
  file_path = g_build_filename (tmp_dir, "connection", NULL);
  g_file_set_contents (vv_path, "[virt-viewer]\ntype=spice\nhost=h\nport=5900\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (file_path, "[virt-viewer]\ntype=vnc\nhost=h\nport=5900\n", -1, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (parse_rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/viewer-options/parse/%s", parse_rows[i].name);
      g_test_add_data_func (path, &parse_rows[i], test_parse);
    }
  add_convert_tests ("hotkey-accel", accel_rows, G_N_ELEMENTS (accel_rows), test_accel);
  add_convert_tests ("hotkeys", hotkeys_rows, G_N_ELEMENTS (hotkeys_rows), test_hotkeys);
  add_convert_tests ("keymap", keymap_rows, G_N_ELEMENTS (keymap_rows), test_keymap);
  g_test_add_func ("/core/viewer-options/hotkey-actions", test_actions);
  g_test_add_func ("/core/viewer-options/help", test_help);
  g_test_add_func ("/core/viewer-options/argv-untouched", test_argv_untouched);

  status = g_test_run ();

  g_unlink (vv_path);
  g_unlink (file_path);
  g_rmdir (tmp_dir);
  g_free (vv_path);
  g_free (file_path);
  g_free (tmp_dir);
  return status;
}
