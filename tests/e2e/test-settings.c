#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "e2e-util.h"
#include "oriel-domain-list.h"
#include "oriel-application.h"
#include "oriel-settings-pane.h"
#include "oriel-text-diff.h"

/* End-to-end: the settings pane beside a console, driven like a person
 * would, against the lab's libvirtd.  Each case starts from the lab's
 * pristine oriel-lab-edit and checks what `virsh dumpxml --inactive` says. */

#define DOMAIN "oriel-lab-edit"

static OrielApplication *app;
static char *pristine;

static char *
dumpxml (void)
{
  const char *argv[] = { "virsh", "-q", "-c", LAB_URI, "dumpxml", "--inactive",
                         "--security-info", DOMAIN, NULL };
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error))
    g_error ("virsh: %s", error->message);
  return out;
}

static void
define_xml (const char *xml)
{
  g_autofree char *path = NULL;
  g_autofree char *args = NULL;
  int fd = g_file_open_tmp ("oriel-settings-XXXXXX.xml", &path, NULL);

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
  args = g_strdup_printf ("define %s", path);
  e2e_virsh (args);
  g_unlink (path);
}

static gboolean
domain_running (void)
{
  g_autofree char *out = NULL;
  g_autofree char *command = g_strdup_printf ("virsh -q -c " LAB_URI " domstate " DOMAIN);

  g_spawn_command_line_sync (command, &out, NULL, NULL, NULL);
  return out && g_str_has_prefix (out, "running");
}

static void
reset_domain (void)
{
  if (domain_running ())
    e2e_virsh ("destroy " DOMAIN);
  define_xml (pristine);
}

/* The lines that differ, without positions: "-old\n+new\n". */
static char *
changed_lines (const char *before, const char *after)
{
  g_autofree char *diff = oriel_text_diff (before, after, 0);
  g_auto (GStrv) lines = g_strsplit (diff, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    if (lines[i][0] == '-' || lines[i][0] == '+')
      g_string_append_printf (out, "%s\n", lines[i]);
  return g_string_free (out, FALSE);
}

typedef struct
{
  OrielWindow *window;
  OrielConsoleTab *tab;
  OrielSettingsPane *pane;
} Pane;

static gboolean
pane_ready (gpointer data)
{
  return oriel_settings_pane_get_state (data) == ORIEL_SETTINGS_PANE_READY;
}

static void
wait_ready (OrielSettingsPane *pane)
{
  if (!e2e_wait_until (pane_ready, pane, 20000))
    g_error ("the settings pane is in state %d", oriel_settings_pane_get_state (pane));
}

static void
open_pane (Pane *p)
{
  p->window = e2e_window_new (app, FALSE, DOMAIN);
  p->tab = e2e_wait_for_tab (p->window, DOMAIN);
  p->pane = ORIEL_SETTINGS_PANE (oriel_console_tab_show_settings (p->tab, TRUE));
  g_assert_nonnull (p->pane);
  wait_ready (p->pane);
}

static void
close_pane (Pane *p)
{
  gtk_widget_destroy (GTK_WIDGET (p->window));
  e2e_sleep (100);
}

static GtkWidget *
field (Pane *p, const char *name)
{
  GtkWidget *widget = oriel_settings_pane_get_field (p->pane, name);

  g_assert_nonnull (widget);
  return widget;
}

/* Sets a field the way its widget takes input: a choice, a number, a
 * check, or typed text. */
static void
set_field (Pane *p, const char *name, const char *value)
{
  GtkWidget *widget = field (p, name);

  g_test_message ("pane: %s ← %s", name, value);
  if (GTK_IS_SPIN_BUTTON (widget))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget), g_ascii_strtod (value, NULL));
  else if (GTK_IS_TOGGLE_BUTTON (widget))
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (widget), g_str_equal (value, "yes"));
  else if (GTK_IS_ENTRY (widget))
    gtk_entry_set_text (GTK_ENTRY (widget), value);
  else if (gtk_combo_box_get_has_entry (GTK_COMBO_BOX (widget)))
    gtk_entry_set_text (GTK_ENTRY (gtk_bin_get_child (GTK_BIN (widget))), value);
  else
    g_assert_true (gtk_combo_box_set_active_id (GTK_COMBO_BOX (widget), value));
}

static gboolean
applied (gpointer data)
{
  OrielSettingsPane *pane = data;

  return oriel_settings_pane_get_state (pane) == ORIEL_SETTINGS_PANE_READY
         && strlen (oriel_settings_pane_get_status (pane)) > 0
         && !g_str_equal (oriel_settings_pane_get_status (pane), "Saving…");
}

static const char *
apply (Pane *p)
{
  g_assert_true (oriel_settings_pane_can_apply (p->pane));
  oriel_settings_pane_apply (p->pane);
  g_assert_true (e2e_wait_until (applied, p->pane, 20000));
  return oriel_settings_pane_get_status (p->pane);
}

/* Saves the window to $ORIEL_SCREENSHOT_DIR/NAME.png, when set: what the
 * pane looks like, for a person to check. */
static void
screenshot (Pane *p, const char *name)
{
  const char *dir = g_getenv ("ORIEL_SCREENSHOT_DIR");
  GdkWindow *window = gtk_widget_get_window (GTK_WIDGET (p->window));
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  e2e_sleep (600);                       /* revealer animations */
  pixbuf = gdk_pixbuf_get_from_window (window, 0, 0, gdk_window_get_width (window),
                                       gdk_window_get_height (window));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  gdk_pixbuf_save (pixbuf, path, "png", NULL, NULL);
}

typedef struct
{
  const char *fields[3][2];      /* field, value; several for one change */
  const char *expected;          /* the lines that change in dumpxml --inactive */
} Edit;

static const Edit edits[] = {
  { { { "model", "virtio" } },
    "-      <model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>\n"
    "+      <model type='virtio' heads='1' primary='yes'/>\n" },
  { { { "heads", "4" } },
    "-      <model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>\n"
    "+      <model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='4' primary='yes'/>\n" },
  { { { "vram", "32768" } },
    "-      <model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>\n"
    "+      <model type='qxl' ram='65536' vram='32768' vgamem='16384' heads='1' primary='yes'/>\n" },
  { { { "model", "virtio" }, { "accel3d", "yes" } },
    "-      <model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>\n"
    "+      <model type='virtio' heads='1' primary='yes'>\n"
    "+        <acceleration accel3d='yes'/>\n"
    "+      </model>\n" },
  { { { "type", "vnc" } },
    "-    <graphics type='spice' autoport='yes' listen='127.0.0.1'>\n"
    "+    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'>\n"
    "-    <audio id='1' type='spice'/>\n"
    "+    <audio id='1' type='none'/>\n" },
  { { { "listen", "all" } },
    "-    <graphics type='spice' autoport='yes' listen='127.0.0.1'>\n"
    "-      <listen type='address' address='127.0.0.1'/>\n"
    "+    <graphics type='spice' autoport='yes' listen='0.0.0.0'>\n"
    "+      <listen type='address' address='0.0.0.0'/>\n" },
  { { { "listen", "none" } },
    "-    <graphics type='spice' autoport='yes' listen='127.0.0.1'>\n"
    "-      <listen type='address' address='127.0.0.1'/>\n"
    "+    <graphics type='spice'>\n"
    "+      <listen type='none'/>\n" },
  { { { "listen", "address" }, { "address", "127.0.0.2" } },
    "-    <graphics type='spice' autoport='yes' listen='127.0.0.1'>\n"
    "-      <listen type='address' address='127.0.0.1'/>\n"
    "+    <graphics type='spice' autoport='yes' listen='127.0.0.2'>\n"
    "+      <listen type='address' address='127.0.0.2'/>\n" },
  { { { "port", "5930" } },
    "-    <graphics type='spice' autoport='yes' listen='127.0.0.1'>\n"
    "+    <graphics type='spice' port='5930' autoport='no' listen='127.0.0.1'>\n" },
  { { { "tls-port", "off" } },
    "-    <graphics type='spice' autoport='yes' listen='127.0.0.1'>\n"
    "+    <graphics type='spice' port='-1' autoport='no' listen='127.0.0.1'>\n" },
  { { { "keymap", "de" } },
    "-    <graphics type='spice' autoport='yes' listen='127.0.0.1'>\n"
    "+    <graphics type='spice' autoport='yes' listen='127.0.0.1' keymap='de'>\n" },
  { { { "password", "s3cret1" } },
    "-    <graphics type='spice' autoport='yes' listen='127.0.0.1'>\n"
    "+    <graphics type='spice' autoport='yes' listen='127.0.0.1' passwd='s3cret1'>\n" },
};

/* Every field, edited through the pane: libvirt's copy changes exactly there. */
static void
test_each_field (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      Pane p = { 0 };
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *changed = NULL;

      reset_domain ();
      before = dumpxml ();
      open_pane (&p);
      for (guint f = 0; f < G_N_ELEMENTS (edits[i].fields) && edits[i].fields[f][0]; f++)
        set_field (&p, edits[i].fields[f][0], edits[i].fields[f][1]);
      for (guint f = 0; f < G_N_ELEMENTS (edits[i].fields) && edits[i].fields[f][0]; f++)
        {
          g_autofree char *error = oriel_settings_pane_get_field_error (p.pane,
                                                                        edits[i].fields[f][0]);

          g_assert_null (error);
        }
      g_assert_cmpstr (apply (&p), ==, "Saved.");
      after = dumpxml ();
      changed = changed_lines (before, after);
      g_assert_cmpstr (changed, ==, edits[i].expected);
      /* The pane reloads what was saved: nothing left to apply. */
      g_assert_false (oriel_settings_pane_can_apply (p.pane));
      close_pane (&p);
    }
  reset_domain ();
}

typedef struct
{
  const char *fields[2][2];
  const char *error_field;       /* where the message shows */
  const char *message;           /* part of it */
} Invalid;

static const Invalid invalid[] = {
  { { { "port", "70000" } }, "port", "5900 to 65535" },
  { { { "port", "5899" } }, "port", "5900 to 65535" },
  { { { "port", "abc" } }, "port", "not a port" },
  { { { "port", "5930" }, { "tls-port", "5930" } }, "tls-port", "must differ" },
  { { { "keymap", "klingon" } }, "keymap", "klingon" },
  { { { "listen", "address" }, { "address", "not-an-address" } }, "address", "not an IP address" },
  { { { "type", "vnc" }, { "password", "123456789" } }, "password", "at most 8" },
};

/* Bad input: a message on the field, Apply off, libvirt's copy untouched. */
static void
test_invalid (void)
{
  g_autofree char *before = NULL;
  Pane p = { 0 };

  reset_domain ();
  before = dumpxml ();
  open_pane (&p);
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *error = NULL;

      oriel_settings_pane_revert (p.pane);
      for (guint f = 0; f < G_N_ELEMENTS (invalid[i].fields) && invalid[i].fields[f][0]; f++)
        set_field (&p, invalid[i].fields[f][0], invalid[i].fields[f][1]);
      error = oriel_settings_pane_get_field_error (p.pane, invalid[i].error_field);
      g_test_message ("%s: %s", invalid[i].error_field, error);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error, invalid[i].message));
      g_assert_false (oriel_settings_pane_can_apply (p.pane));
      if (i == 0)
        screenshot (&p, "settings-invalid-port");
      oriel_settings_pane_apply (p.pane);     /* refused: nothing happens */
      g_assert_cmpint (oriel_settings_pane_get_state (p.pane), ==, ORIEL_SETTINGS_PANE_READY);
    }
  /* Only qxl and virtio drive several monitors: the field is off on vga. */
  oriel_settings_pane_revert (p.pane);
  set_field (&p, "model", "vga");
  g_assert_false (gtk_widget_get_sensitive (field (&p, "heads")));
  /* VNC has no TLS port. */
  set_field (&p, "type", "vnc");
  g_assert_false (gtk_widget_get_sensitive (field (&p, "tls-port")));
  {
    g_autofree char *after = dumpxml ();

    g_assert_cmpstr (after, ==, before);
  }
  close_pane (&p);
}

/* "Show changes" shows the XML difference; Revert returns to what was loaded. */
static void
test_preview_and_revert (void)
{
  Pane p = { 0 };
  g_autofree char *preview = NULL;
  g_autofree char *exposure = NULL;

  reset_domain ();
  open_pane (&p);
  set_field (&p, "model", "virtio");
  set_field (&p, "heads", "2");
  set_field (&p, "listen", "all");
  oriel_settings_pane_show_changes (p.pane, TRUE);
  preview = oriel_settings_pane_get_preview (p.pane);
  g_test_message ("preview:\n%s", preview);
  g_assert_nonnull (strstr (preview, "-      <model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>\n"
                                     "+      <model type='virtio' heads='2' primary='yes'/>\n"));
  g_assert_nonnull (strstr (preview, "+      <listen type='address' address='0.0.0.0'/>"));
  /* The exposure line says who can reach it now. */
  exposure = g_strdup (gtk_label_get_text (GTK_LABEL (field (&p, "exposure"))));
  g_assert_nonnull (strstr (exposure, "Anyone on the network, no password"));
  screenshot (&p, "settings-preview");

  oriel_settings_pane_revert (p.pane);
  g_assert_false (oriel_settings_pane_can_apply (p.pane));
  g_clear_pointer (&preview, g_free);
  preview = oriel_settings_pane_get_preview (p.pane);
  g_assert_cmpstr (preview, ==, "No changes.");
  g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (field (&p, "model"))), ==, "qxl");
  close_pane (&p);
}

/* An edit libvirt refuses: the pane says why, nothing is written, and the
 * edit stays for another try. Here the host's QEMU went away between
 * loading and saving (libvirt checks the emulator when it defines). */
static void
test_refused_by_libvirt (void)
{
  Pane p = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("oriel-emulator-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "qemu-system-x86_64", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GRegex) emulator = g_regex_new ("<emulator>[^<]*</emulator>", 0, 0, NULL);
  g_autofree char *replacement = g_strdup_printf ("<emulator>%s</emulator>", link);
  const char *status;

  reset_domain ();
  g_assert_cmpint (symlink ("/usr/bin/qemu-system-x86_64", link), ==, 0);
  {
    g_autofree char *edited = g_regex_replace_literal (emulator, pristine, -1, 0, replacement,
                                                       0, NULL);

    define_xml (edited);
  }
  before = dumpxml ();
  open_pane (&p);
  set_field (&p, "port", "5930");
  g_unlink (link);
  status = apply (&p);
  g_test_message ("status: %s", status);
  g_assert_nonnull (strstr (status, "Cannot check QEMU binary"));
  after = dumpxml ();
  g_assert_cmpstr (after, ==, before);
  g_assert_true (oriel_settings_pane_can_apply (p.pane));   /* the edit is still there */
  close_pane (&p);
  g_rmdir (dir);
}

/* A `virsh define` between load and apply: Oriel refuses and loses nothing. */
static void
test_concurrent_define (void)
{
  Pane p = { 0 };
  g_autofree char *theirs = NULL;
  g_autofree char *after = NULL;
  const char *status;

  reset_domain ();
  open_pane (&p);
  set_field (&p, "port", "5930");
  {
    g_autofree char *xml = dumpxml ();
    GString *edited = g_string_new (xml);

    g_string_replace (edited, "</devices>", "  <watchdog model='i6300esb' action='reset'/>\n  </devices>", 1);
    define_xml (edited->str);
    g_string_free (edited, TRUE);
  }
  theirs = dumpxml ();
  status = apply (&p);
  g_test_message ("status: %s", status);
  g_assert_nonnull (strstr (status, "changed elsewhere"));
  after = dumpxml ();
  g_assert_cmpstr (after, ==, theirs);           /* their change stands, ours is not in */
  g_assert_null (strstr (after, "5930"));
  /* Our edit is still in the field, ready to apply after a reload. */
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (gtk_bin_get_child (GTK_BIN (field (&p, "port"))))),
                   ==, "5930");
  close_pane (&p);
  reset_domain ();
}

/* The domain disappears while the pane is open. */
static void
test_vanished (void)
{
  Pane p = { 0 };
  const char *status;

  reset_domain ();
  open_pane (&p);
  set_field (&p, "keymap", "fr");
  e2e_virsh ("undefine " DOMAIN);
  status = apply (&p);
  g_test_message ("status: %s", status);
  g_assert_nonnull (strstr (status, "no longer exists"));
  close_pane (&p);
  define_xml (pristine);
}

/* Read-only, nothing can be changed: the settings are not offered. */
static void
test_read_only (void)
{
  OrielWindow *window = e2e_window_new (app, TRUE, DOMAIN);
  OrielConsoleTab *tab = e2e_wait_for_tab (window, DOMAIN);
  GActionGroup *group = gtk_widget_get_action_group (GTK_WIDGET (tab), "console");

  g_assert_false (g_action_group_get_action_enabled (group, "settings"));
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (100);
}

static gboolean
has_displays (gpointer data)
{
  OrielConsoleTab *tab = data;
  OrielSession *session = oriel_console_tab_get_session (tab);
  GPtrArray *displays = session ? oriel_session_get_displays (session) : NULL;

  return displays != NULL && displays->len == 2;
}

static gboolean
first_monitor_matches (gpointer data)
{
  OrielConsoleTab *tab = data;
  OrielDisplay *first = oriel_console_tab_get_display (tab);
  g_autoptr (GdkPixbuf) server = e2e_server_screenshot (DOMAIN);
  g_autoptr (GdkPixbuf) shown = first ? oriel_display_get_pixbuf (first) : NULL;
  double diff;

  g_test_message ("monitor %u of %u: %dx%d; the server's screen: %dx%d",
                  first ? oriel_display_get_monitor (first) : 0,
                  oriel_console_tab_get_session (tab)
                  ? oriel_session_get_displays (oriel_console_tab_get_session (tab))->len : 0,
                  shown ? gdk_pixbuf_get_width (shown) : 0, shown ? gdk_pixbuf_get_height (shown) : 0,
                  gdk_pixbuf_get_width (server), gdk_pixbuf_get_height (server));
  if (shown == NULL || gdk_pixbuf_get_width (shown) != gdk_pixbuf_get_width (server)
      || gdk_pixbuf_get_height (shown) != gdk_pixbuf_get_height (server))
    return FALSE;
  diff = e2e_differing_fraction (shown, server, E2E_CHANNEL_TOLERANCE);
  g_test_message ("first monitor differs from the server's screenshot in %.4f%% of pixels",
                  diff * 100);
  return diff <= E2E_MAX_DIFF_FRACTION;
}

/* A running domain: the notice, the console untouched by the pane, and
 * after a restart the console back with the new model and two monitors. */
static void
test_running_restart (void)
{
  Pane p = { 0 };
  OrielDisplay *display;
  g_autofree char *live = NULL;

  reset_domain ();
  e2e_lab ("start " DOMAIN);
  p.window = e2e_window_new (app, FALSE, DOMAIN);
  p.tab = e2e_wait_for_tab (p.window, DOMAIN);
  g_assert_true (e2e_wait_for_tab_state (p.tab, ORIEL_CONSOLE_TAB_CONNECTED, 20000));
  display = oriel_console_tab_get_display (p.tab);
  p.pane = ORIEL_SETTINGS_PANE (oriel_console_tab_show_settings (p.tab, TRUE));
  wait_ready (p.pane);
  g_assert_false (gtk_widget_get_visible (field (&p, "restart")));
  set_field (&p, "model", "virtio");
  set_field (&p, "heads", "2");
  g_assert_true (gtk_widget_get_visible (field (&p, "restart")));
  g_assert_nonnull (strstr (apply (&p), "after it shuts down and starts again"));
  /* Opening the pane and saving left the console as it was. */
  g_assert_true (oriel_console_tab_get_display (p.tab) == display);
  g_assert_cmpint (oriel_console_tab_get_state (p.tab), ==, ORIEL_CONSOLE_TAB_CONNECTED);

  /* A full stop and start: a reboot inside the guest keeps the old hardware.
   * (lab.sh start would redefine the lab's pristine domain.) */
  e2e_virsh ("destroy " DOMAIN);
  g_assert_true (e2e_wait_for_tab_state (p.tab, ORIEL_CONSOLE_TAB_SHUT_OFF, 10000));
  e2e_virsh ("start " DOMAIN);
  /* The viewer sees the guest boot, as a person would. */
  e2e_run_looping ((const char *[]) { "bash", g_getenv ("ORIEL_LAB_SH"), "wait-ready", DOMAIN, NULL });
  live = dumpxml ();
  g_assert_nonnull (strstr (live, "<model type='virtio' heads='2' primary='yes'/>"));
  /* The console comes back by itself, one display per monitor. */
  g_assert_true (e2e_wait_for_tab_state (p.tab, ORIEL_CONSOLE_TAB_CONNECTED, 30000));
  if (!e2e_wait_until (has_displays, p.tab, 20000))
    g_error ("the console shows %u displays, not 2 (tab state %d)",
             oriel_console_tab_get_session (p.tab)
             ? oriel_session_get_displays (oriel_console_tab_get_session (p.tab))->len : 0,
             oriel_console_tab_get_state (p.tab));
  screenshot (&p, "settings-after-restart");
  /* The first monitor carries the guest's screen.  (Both monitors share the
   * tab, scaled to fit, until multi-monitor layouts exist: so this compares
   * the frame the viewer received, not the scaled pixels on screen.) */
  g_assert_true (e2e_wait_until (first_monitor_matches, p.tab, 20000));
  close_pane (&p);
  reset_domain ();
}

static char *
live_password (void)
{
  g_autofree char *out = NULL;
  g_autofree char *command = g_strdup_printf ("virsh -q -c " LAB_URI " dumpxml --security-info " DOMAIN);
  const char *at;

  g_spawn_command_line_sync (command, &out, NULL, NULL, NULL);
  at = out ? strstr (out, "passwd='") : NULL;
  return at ? g_strndup (at + 8, strchr (at + 8, '\'') - (at + 8)) : NULL;
}

/* The one setting libvirt changes on a running guest: the pane offers it,
 * and says so when QEMU cannot (a display started without a password). */
static void
test_live_password (void)
{
  Pane p = { 0 };
  g_autofree char *live = NULL;
  g_autofree char *persistent = NULL;

  reset_domain ();
  {
    GString *xml = g_string_new (pristine);

    g_string_replace (xml, "<graphics type='spice' autoport='yes' listen='127.0.0.1'>",
                      "<graphics type='spice' autoport='yes' listen='127.0.0.1' passwd='first1'>", 1);
    define_xml (xml->str);
    g_string_free (xml, TRUE);
  }
  e2e_virsh ("start " DOMAIN);
  open_pane (&p);
  g_assert_false (gtk_widget_get_visible (field (&p, "live")));
  set_field (&p, "password", "second2");
  g_assert_true (gtk_widget_get_visible (field (&p, "live")));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (field (&p, "live"))));
  g_assert_nonnull (strstr (apply (&p), "Saved"));
  live = live_password ();
  g_assert_cmpstr (live, ==, "second2");
  persistent = dumpxml ();
  g_assert_nonnull (strstr (persistent, "passwd='second2'"));
  close_pane (&p);

  /* Started without a password: QEMU cannot add one while it runs. */
  reset_domain ();
  e2e_virsh ("start " DOMAIN);
  open_pane (&p);
  set_field (&p, "password", "third3");
  g_assert_nonnull (strstr (apply (&p), "applies when the guest restarts"));
  g_clear_pointer (&persistent, g_free);
  persistent = dumpxml ();
  g_assert_nonnull (strstr (persistent, "passwd='third3'"));
  close_pane (&p);
  reset_domain ();
}

typedef struct
{
  const char *label;
  GtkWidget *found;
} Search;

static void
search_cb (GtkWidget *widget, gpointer data)
{
  Search *search = data;

  if (search->found != NULL)
    return;
  if (search->label != NULL && GTK_IS_BUTTON (widget)
           && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), search->label) == 0)
    search->found = widget;
  else if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), search_cb, search);
}

static gboolean
row_exposed (gpointer data)
{
  OrielWindow *window = data;
  OrielDomain *domain = oriel_connection_find_domain (oriel_window_get_connection (window), DOMAIN);

  return domain != NULL
         && oriel_domain_list_shows_exposed (oriel_window_get_domain_list (window), domain);
}

static gboolean
row_private (gpointer data)
{
  return !row_exposed (data);
}

/* A console open to the network (every interface, no password, no TLS) is
 * flagged in the domain list; the pane's one click makes it private, and
 * the XML differs in the listen address alone. */
static void
test_exposure (void)
{
  const char *argv[] = { g_getenv ("ORIEL_EDIT"), "-c", LAB_URI, DOMAIN,
                         "--set", "graphics.listen=all", "--set", "graphics.password=", NULL };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *changed = NULL;
  g_auto (GStrv) lines = NULL;
  Search fix = { "Make _Private", NULL };
  Pane p = { 0 };

  reset_domain ();
  e2e_run_looping (argv);
  before = dumpxml ();
  g_assert_nonnull (strstr (before, "0.0.0.0"));
  open_pane (&p);
  g_assert_true (e2e_wait_until (row_exposed, p.window, 10000));

  gtk_container_forall (GTK_CONTAINER (p.pane), search_cb, &fix);
  g_assert_nonnull (fix.found);
  g_assert_true (gtk_widget_get_visible (fix.found));
  screenshot (&p, "exposure");
  gtk_button_clicked (GTK_BUTTON (fix.found));
  g_assert_true (e2e_wait_until (applied, p.pane, 20000));
  after = dumpxml ();
  changed = changed_lines (before, after);
  g_test_message ("changed:\n%s", changed);
  lines = g_strsplit (changed, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 3);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    g_assert_nonnull (strstr (lines[i], lines[i][0] == '-' ? "0.0.0.0" : "127.0.0.1"));
  g_assert_true (e2e_wait_until (row_private, p.window, 10000));
  g_assert_false (gtk_widget_get_visible (fix.found));
  close_pane (&p);
  reset_domain ();
}

int
main (int argc, char **argv)
{
  int status;

  app = e2e_init (&argc, &argv);
  /* The lab (re)defines its guests as they ship: a run that died midway
   * leaves nothing behind for this one. */
  if (domain_running ())
    e2e_virsh ("destroy " DOMAIN);
  e2e_lab ("start");
  pristine = dumpxml ();
  g_assert_nonnull (strstr (pristine, "<name>" DOMAIN "</name>"));

  g_test_add_func ("/e2e/settings/each-field", test_each_field);
  g_test_add_func ("/e2e/settings/invalid", test_invalid);
  g_test_add_func ("/e2e/settings/preview-and-revert", test_preview_and_revert);
  g_test_add_func ("/e2e/settings/refused-by-libvirt", test_refused_by_libvirt);
  g_test_add_func ("/e2e/settings/concurrent-define", test_concurrent_define);
  g_test_add_func ("/e2e/settings/vanished", test_vanished);
  g_test_add_func ("/e2e/settings/read-only", test_read_only);
  g_test_add_func ("/e2e/settings/running-restart", test_running_restart);
  g_test_add_func ("/e2e/settings/live-password", test_live_password);
  g_test_add_func ("/e2e/settings/exposure", test_exposure);
  status = g_test_run ();
  reset_domain ();
  return status;
}
