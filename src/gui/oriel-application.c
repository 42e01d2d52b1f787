#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "oriel-a11y.h"
#include "oriel-application.h"
#include "oriel-preferences.h"
#include "oriel-display-keys.h"
#include "oriel-display-vnc.h"
#include "oriel-error.h"
#include "oriel-settings.h"
#include "oriel-transport.h"
#include "oriel-viewer-uri.h"
#include "oriel-vv-file.h"
#include "oriel-window.h"

struct _OrielApplication
{
  GtkApplication parent_instance;

  OrielViewerOptions *options;  /* the command line, once parsed */
  OrielViewerTarget *target;    /* what its URI or connection file names */
  GArray *global_keys;          /* of GlobalKey: -H bindings, live while grabbed */
  gboolean hotkeys_given;       /* by -H or a connection file: the preference waits */
};

typedef struct
{
  guint keyval;
  GdkModifierType mods;
  const char *action;           /* static: from the table below */
} GlobalKey;

G_DEFINE_FINAL_TYPE (OrielApplication, oriel_application, GTK_TYPE_APPLICATION)

/* Every accelerator in one place, with virt-viewer's hotkey names where it
 * has them. They stand aside while a guest holds the keyboard (see
 * OrielWindow's key handling), except those given with -H. */
static const struct
{
  const char *hotkey;           /* virt-viewer's name, or NULL */
  const char *action;
  const char *accels[4];
} accels[] = {
  { "toggle-fullscreen", "win.fullscreen", { "F11", NULL } },
  { "zoom-in", "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
  { "zoom-out", "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
  { "zoom-reset", "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
  { "secure-attention", "win.secure-attention", { "<Control><Alt>End", NULL } },
  { "smartcard-insert", "win.smartcard-insert", { "<Shift>F8", NULL } },
  { "smartcard-remove", "win.smartcard-remove", { "<Shift>F9", NULL } },
  { "usb-device-reset", "win.usb-device-reset", { "<Control><Shift>r", NULL } },
  { NULL, "win.close-tab", { "<Control>w", NULL } },
  { NULL, "win.toggle-text", { "<Control><Shift>t", NULL } },
  { NULL, "app.quit", { "<Control>q", NULL } },
  { NULL, "app.preferences", { "<Control>comma", NULL } },
};

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
preferences_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (oriel_preferences_new (parent)));
}

static void
about_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  static const char * const authors[] = { "The Oriel developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_show_about_dialog (parent,
                         "program-name", _("Oriel"),
                         "version", PACKAGE_VERSION,
                         "logo-icon-name", APP_ID,
                         "comments", _("Consoles of libvirt virtual machines: SPICE, VNC and text, "
                                       "local or over SSH"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "about", about_activated },
};

static int
find_hotkey (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    if (accels[i].hotkey != NULL && g_str_equal (accels[i].hotkey, name))
      return (int) i;
  return -1;
}

/* Checks every binding before any is applied: a bad one changes nothing. */
static gboolean
check_hotkeys (GPtrArray *hotkeys, GError **error)
{
  for (guint i = 0; hotkeys != NULL && i < hotkeys->len; i++)
    {
      const OrielHotkey *hotkey = g_ptr_array_index (hotkeys, i);
      guint key = 0;
      GdkModifierType mods = 0;

      if (hotkey->accel == NULL || g_str_equal (hotkey->action, "release-cursor"))
        continue;
      gtk_accelerator_parse (hotkey->accel, &key, &mods);
      if (key == 0)
        {
          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                       _("The hotkey for %s, “%s”, names no key Oriel knows. Use key names "
                         "such as “shift+f11” or “ctrl+alt+d”."),
                       hotkey->action, hotkey->accel);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * oriel_application_set_hotkeys:
 * @hotkeys: (element-type OrielHotkey): virt-viewer's bindings, from -H or
 *   a connection file
 *
 * The bindings replace the hotkeys (an action left out, or with an empty
 * key, has none) and, as with virt-viewer's -H, also work while a guest
 * holds the keyboard.
 */
gboolean
oriel_application_set_hotkeys (OrielApplication *self, GPtrArray *hotkeys, GError **error)
{
  g_return_val_if_fail (ORIEL_IS_APPLICATION (self), FALSE);

  if (!check_hotkeys (hotkeys, error))
    return FALSE;
  /* as in virt-viewer, a list of hotkeys replaces all of them: what it
   * leaves out has none (only the pointer release keeps Ctrl+Alt, or the
   * keyboard could never be released) */
  if (hotkeys != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
      if (accels[i].hotkey != NULL)
        {
          const char *none[] = { NULL };

          gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, none);
        }
  for (guint i = 0; hotkeys != NULL && i < hotkeys->len; i++)
    {
      const OrielHotkey *hotkey = g_ptr_array_index (hotkeys, i);
      const char *none[] = { NULL };
      const char *one[] = { hotkey->accel, NULL };
      int row;

      if (g_str_equal (hotkey->action, "release-cursor"))
        {
          if (!oriel_display_keys_set_release (hotkey->accel, error))
            return FALSE;
          continue;
        }
      row = find_hotkey (hotkey->action);
      if (row < 0)
        {
          g_debug ("No action for the hotkey %s", hotkey->action);
          continue;
        }
      gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[row].action,
                                             hotkey->accel ? one : none);
      if (hotkey->accel != NULL)
        {
          GlobalKey key = { 0, 0, accels[row].action };

          gtk_accelerator_parse (hotkey->accel, &key.keyval, &key.mods);
          g_array_append_val (self->global_keys, key);
        }
    }
  return TRUE;
}

/* Back to the built-in hotkeys, as if none had been given. */
void
oriel_application_reset_hotkeys (OrielApplication *self)
{
  g_return_if_fail (ORIEL_IS_APPLICATION (self));

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
  g_array_set_size (self->global_keys, 0);
  oriel_display_keys_reset ();
}

/* For a window while a guest holds the keyboard: the -H hotkeys still work. */
gboolean
oriel_application_activate_global_key (OrielApplication *self, GtkWindow *window,
                                       GdkEventKey *event)
{
  GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask ();
  guint keyval = gdk_keyval_to_lower (event->keyval);

  g_return_val_if_fail (ORIEL_IS_APPLICATION (self), FALSE);

  for (guint i = 0; i < self->global_keys->len; i++)
    {
      const GlobalKey *key = &g_array_index (self->global_keys, GlobalKey, i);

      if (key->keyval == keyval && key->mods == mods)
        {
          const char *name = strchr (key->action, '.') + 1;
          GAction *action = g_action_map_lookup_action (G_ACTION_MAP (window), name);

          if (action != NULL && g_action_get_enabled (action))
            g_action_activate (action, NULL);
          return TRUE;
        }
    }
  return FALSE;
}

/* The preference, when neither -H nor a connection file gives hotkeys; a
 * preference that does not parse is reported and left out.
 *
 * Returns: (transfer full) (nullable) */
static GPtrArray *
preferred_hotkeys (void)
{
  GPtrArray *hotkeys;
  g_autofree char *spec = NULL;
  g_autoptr (GError) error = NULL;

  if (oriel_settings_get () == NULL)
    return NULL;  /* no schema: the default keys */
  spec = g_settings_get_string (oriel_settings_get (), "hotkeys");
  if (*g_strstrip (spec) == '\0')
    return NULL;
  hotkeys = oriel_hotkeys_parse (spec, &error);
  if (hotkeys == NULL)
    g_warning ("The hotkeys preference “%s” is not valid and is left out: %s", spec,
               error->message);
  return hotkeys;
}

/**
 * oriel_application_load_target:
 *
 * Reads what a spice:// or vnc:// URI, a connection file or standard input
 * names, before anything is shown: a mistake is a message and exit status 1.
 * A file that asks for it (delete-this-file, as oVirt's one-time passwords
 * do) is deleted once read.
 *
 * Returns: (transfer full) (nullable): NULL with @error set, or when the
 *   options name a domain
 */
OrielViewerTarget *
oriel_application_load_target (OrielViewerOptions *options, GError **error)
{
  OrielViewerTarget *target = NULL;

  switch (options->kind)
    {
    case ORIEL_TARGET_URI:
      target = oriel_viewer_uri_parse (options->target, error);
      break;
    case ORIEL_TARGET_VV_FILE:
      target = oriel_vv_file_load (options->target, error);
      break;
    case ORIEL_TARGET_VV_STDIN:
      target = oriel_vv_file_read_fd (0, error);
      break;
    case ORIEL_TARGET_NONE:
    case ORIEL_TARGET_DOMAIN:
    default:
      return NULL;
    }
  if (target == NULL)
    return NULL;
  if (target->delete_this_file && options->kind == ORIEL_TARGET_VV_FILE
      && g_unlink (options->target) != 0)
    /* it may hold a one-time password: the person should know it stayed */
    g_printerr (_("oriel: the connection file %s asks to be deleted once read, but could not "
                  "be: %s. Delete it by hand.\n"), options->target, g_strerror (errno));
  if (target->has_ovirt)
    g_printerr (_("oriel: the [ovirt] section of the connection file is not supported: "
                  "Oriel connects to the display its [virt-viewer] section names.\n"));
  return target;
}

/* The connection file's own settings, where the command line is silent. */
/* --spice-ca-file and --spice-host-subject fill in what a URI or .vv file
 * left out (a file's own "ca" and "host-subject" win, as in remote-viewer). */
static gboolean
apply_spice_tls (OrielViewerTarget *target, const OrielViewerOptions *options, GError **error)
{
  if (options->spice_ca_file != NULL && target->ca == NULL)
    {
      g_autoptr (GError) local = NULL;
      char *pem = NULL;

      if (!g_file_get_contents (options->spice_ca_file, &pem, NULL, &local))
        {
          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                       _("Could not read the CA file given with --spice-ca-file: %s"),
                       local->message);
          return FALSE;
        }
      target->ca = pem;
    }
  if (options->spice_host_subject != NULL && target->host_subject == NULL)
    target->host_subject = g_strdup (options->spice_host_subject);
  return TRUE;
}

static gboolean
apply_target (OrielApplication *self, OrielViewerTarget *target, GError **error)
{
  g_autoptr (GPtrArray) hotkeys = g_ptr_array_new_with_free_func ((GDestroyNotify) oriel_hotkey_free);
  GHashTableIter iter;
  gpointer action, spec;

  g_hash_table_iter_init (&iter, target->hotkeys);
  while (g_hash_table_iter_next (&iter, &action, &spec))
    {
      g_autofree char *line = g_strdup_printf ("%s=%s", (char *) action, (char *) spec);
      g_autoptr (GPtrArray) one = oriel_hotkeys_parse (line, error);

      if (one == NULL)
        return FALSE;
      for (guint i = 0; i < one->len; i++)
        g_ptr_array_add (hotkeys, g_steal_pointer (&one->pdata[i]));
    }
  return oriel_application_set_hotkeys (self, hotkeys, error);
}

/* The first saved connection marked to connect at start (transfer full,
 * nullable): the window's own host; the others join its sidebar. */
static char *
open_saved_connections (OrielApplication *self, OrielViewerOptions *options)
{
  char *first = NULL;
  g_autoptr (GVariant) list = NULL;
  GVariantIter iter;
  const char *uri;
  gboolean autoconnect;

  if (oriel_settings_get () == NULL)
    return NULL;
  list = g_settings_get_value (oriel_settings_get (), "connections");
  g_variant_iter_init (&iter, list);
  /* the first one the window's own; the others join its sidebar */
  while (first == NULL && g_variant_iter_next (&iter, "(&sb)", &uri, &autoconnect))
    if (autoconnect)
      first = g_strdup (uri);
  return first;
}

/**
 * oriel_application_open:
 *
 * @given: (transfer full) (nullable): from oriel_application_load_target()
 *
 * Opens what the command line names: the domain list, a domain, or one
 * display by URI or connection file.
 *
 * Returns: (transfer none): the window, or NULL with @error set
 */
OrielWindow *
oriel_application_open (OrielApplication *self, OrielViewerOptions *options,
                        OrielViewerTarget *given, GError **error)
{
  g_autoptr (OrielViewerTarget) target = given;
  g_autoptr (GPtrArray) preferred = NULL;
  g_autofree char *saved_uri = NULL;
  OrielWindow *window;
  gboolean fullscreen = options->fullscreen;

  g_return_val_if_fail (ORIEL_IS_APPLICATION (self), NULL);

  self->hotkeys_given = options->hotkeys != NULL
                        || (target != NULL && g_hash_table_size (target->hotkeys) > 0);
  if (options->hotkeys == NULL)
    preferred = preferred_hotkeys ();
  if (!oriel_application_set_hotkeys (self, options->hotkeys ? options->hotkeys : preferred,
                                      error)
      || !oriel_display_keys_set_remaps (options->key_remaps, error))
    return NULL;
  oriel_display_vnc_set_default_pointer_local (options->cursor_local);

  if (options->kind == ORIEL_TARGET_NONE && options->connect_uri == NULL)
    saved_uri = open_saved_connections (self, options);
  if (options->kind == ORIEL_TARGET_NONE || options->kind == ORIEL_TARGET_DOMAIN)
    {
      window = oriel_window_new (self, options->connect_uri ? options->connect_uri
                                                            : saved_uri,
                                 options->read_only, options->target);
      oriel_window_set_text_first (window, options->serial);
      oriel_window_set_no_tunnel (window, options->direct);
      oriel_window_set_spice_tls (window, options->spice_ca_file, options->spice_host_subject);
      oriel_window_set_lookup (window, options->lookup, options->wait);
      oriel_window_set_console_options (window, options->reconnect_set, options->reconnect,
                                        options->attach);
      if (options->title != NULL)
        oriel_window_set_title (window, options->title);
    }
  else
    {
      g_autoptr (OrielTransport) transport = NULL;
      g_autofree char *title = NULL;

      if (target == NULL)
        {
          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                       _("Nothing to connect to: the URI or connection file was not read."));
          return NULL;
        }
      /* hotkeys from the command line win over the file's */
      if ((options->hotkeys == NULL || options->hotkeys->len == 0) && !apply_target (self, target, error))
        return NULL;
      if (!apply_spice_tls (target, options, error))
        return NULL;
      /* the window and its tab take the title */
      title = g_strdup (options->title ? options->title : target->title);
      fullscreen = fullscreen || target->fullscreen;
      transport = oriel_transport_new_direct (g_steal_pointer (&target));
      window = oriel_window_new_direct (self, transport, title);
    }
  if (options->zoom != 100)
    oriel_window_set_zoom (window, (guint) options->zoom);
  if (options->kiosk)
    {
      const char *none[] = { NULL };

      /* a kiosk is not closed from its keyboard */
      gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", none);
      gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.close-tab", none);
      oriel_window_set_kiosk (window, TRUE, options->kiosk_quit == ORIEL_KIOSK_QUIT_ON_DISCONNECT);
    }
  else if (fullscreen)
    gtk_window_fullscreen (GTK_WINDOW (window));
  oriel_window_start (window);
  return window;
}

static int
oriel_application_command_line (GApplication *app, GApplicationCommandLine *cmdline)
{
  OrielApplication *self = ORIEL_APPLICATION (app);
  g_autoptr (GError) error = NULL;
  OrielWindow *window;

  if (self->options == NULL)
    return 1;
  window = oriel_application_open (self, self->options, g_steal_pointer (&self->target), &error);
  if (window == NULL)
    {
      g_application_command_line_printerr (cmdline, "oriel: %s\n", error->message);
      return 1;
    }
  gtk_window_present (GTK_WINDOW (window));
  return 0;
}

/* The Preferences dialog changed the hotkeys: they apply at once. */
static void
hotkeys_preference_cb (GSettings *settings, const char *key, OrielApplication *self)
{
  g_autoptr (GPtrArray) preferred = NULL;
  g_autoptr (GError) error = NULL;

  if (self->hotkeys_given)
    return;
  preferred = preferred_hotkeys ();
  if (preferred == NULL)
    oriel_application_reset_hotkeys (self);
  else if (!oriel_application_set_hotkeys (self, preferred, &error))
    g_warning ("The hotkeys preference is left out: %s", error->message);
}

static void
oriel_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (oriel_application_parent_class)->startup (app);

  oriel_a11y_install ();
  /* F10 belongs to the guest (BIOS set-up, installers, text tools), not
   * to GTK's "open the menu" key; the main menu stays a click or Tab away */
  g_object_set (gtk_settings_get_default (), "gtk-menu-bar-accel", NULL, NULL);
  if (oriel_settings_get () != NULL)
    g_signal_connect_object (oriel_settings_get (), "changed::hotkeys",
                             G_CALLBACK (hotkeys_preference_cb), app, 0);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  oriel_application_reset_hotkeys (ORIEL_APPLICATION (app));
}

static void
oriel_application_finalize (GObject *object)
{
  OrielApplication *self = ORIEL_APPLICATION (object);

  g_clear_pointer (&self->options, oriel_viewer_options_free);
  g_clear_pointer (&self->target, oriel_viewer_target_free);
  g_array_unref (self->global_keys);
  oriel_display_keys_reset ();
  G_OBJECT_CLASS (oriel_application_parent_class)->finalize (object);
}

static void
oriel_application_class_init (OrielApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = oriel_application_finalize;
  app_class->startup = oriel_application_startup;
  app_class->command_line = oriel_application_command_line;
}

static void
oriel_application_init (OrielApplication *self)
{
  self->global_keys = g_array_new (FALSE, FALSE, sizeof (GlobalKey));
}

/**
 * oriel_application_new_with_options:
 * @options: (transfer full) (nullable): the parsed command line
 * @target: (transfer full) (nullable): from oriel_application_load_target()
 */
OrielApplication *
oriel_application_new_with_options (OrielViewerOptions *options, OrielViewerTarget *target)
{
  /* Non-unique: each invocation is its own viewer, and no session bus is needed. */
  OrielApplication *self = g_object_new (ORIEL_TYPE_APPLICATION,
                                         "application-id", APP_ID,
                                         "flags", G_APPLICATION_HANDLES_COMMAND_LINE
                                                    | G_APPLICATION_NON_UNIQUE,
                                         NULL);

  self->options = options;
  self->target = target;
  return self;
}

OrielApplication *
oriel_application_new (void)
{
  return oriel_application_new_with_options (NULL, NULL);
}
