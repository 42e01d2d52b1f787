#define G_LOG_DOMAIN "oriel-viewer-options"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "oriel-error.h"
#include "oriel-viewer-options.h"

/* What GOptionContext fills in, before it is checked. */
typedef struct
{
  char *connect_uri;
  gboolean wait;
  gboolean reconnect;
  gboolean no_reconnect;
  gboolean direct;
  gboolean attach;
  gboolean fullscreen;
  char *zoom;
  char *hotkeys;
  char *keymap;
  gboolean kiosk;
  char *kiosk_quit;
  char *auto_resize;
  char *cursor;
  gboolean shared;
  gboolean by_name;
  gboolean by_id;
  gboolean by_uuid;
  char *title;
  char *spice_ca_file;
  char *spice_host_subject;
  gboolean verbose;
  gboolean debug;
  gboolean version;
  gboolean read_only;
  gboolean serial;
  char **rest;
} RawOptions;

static void
raw_options_clear (RawOptions *raw)
{
  g_free (raw->connect_uri);
  g_free (raw->zoom);
  g_free (raw->hotkeys);
  g_free (raw->keymap);
  g_free (raw->kiosk_quit);
  g_free (raw->auto_resize);
  g_free (raw->cursor);
  g_free (raw->title);
  g_free (raw->spice_ca_file);
  g_free (raw->spice_host_subject);
  g_strfreev (raw->rest);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RawOptions, raw_options_clear)

static const char * const hotkey_actions[] = {
  "toggle-fullscreen", "release-cursor", "zoom-in", "zoom-out", "zoom-reset",
  "secure-attention", "smartcard-insert", "smartcard-remove", "usb-device-reset", NULL,
};

/* One table for parsing and for the help text, so they cannot drift. */
static GOptionContext *
make_context (RawOptions *raw)
{
  const GOptionEntry entries[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING, &raw->connect_uri,
      N_("Connect to the libvirt hypervisor at URI"), N_("URI") },
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &raw->wait,
      N_("Wait for the domain to start before showing its console"), NULL },
    { "reconnect", 'r', 0, G_OPTION_ARG_NONE, &raw->reconnect,
      N_("Reconnect when the domain shuts down and starts again (the default)"), NULL },
    { "no-reconnect", 0, 0, G_OPTION_ARG_NONE, &raw->no_reconnect,
      N_("Do not reconnect when the domain shuts down"), NULL },
    { "direct", 'd', 0, G_OPTION_ARG_NONE, &raw->direct,
      N_("Reach the display directly, never through an SSH tunnel"), NULL },
    { "attach", 'a', 0, G_OPTION_ARG_NONE, &raw->attach,
      N_("Ask libvirt for a connected socket to the display (domains on this host)"), NULL },
    { "full-screen", 'f', 0, G_OPTION_ARG_NONE, &raw->fullscreen,
      N_("Start in full screen"), NULL },
    { "zoom", 'z', 0, G_OPTION_ARG_STRING, &raw->zoom,
      N_("Zoom level of the window in percent, from 10 to 400"), N_("PCT") },
    { "hotkeys", 'H', 0, G_OPTION_ARG_STRING, &raw->hotkeys,
      N_("Hotkeys that work while the guest has the keyboard, as action=keys,… "
         "(toggle-fullscreen=shift+f11); actions left out have no hotkey"), N_("SPEC") },
    { "keymap", 'K', 0, G_OPTION_ARG_STRING, &raw->keymap,
      N_("Remap or block keys sent to the guest, as key=keys,… (1=Shift_L+F1, Super_L=)"),
      N_("SPEC") },
    { "kiosk", 'k', 0, G_OPTION_ARG_NONE, &raw->kiosk,
      N_("Kiosk mode: full screen, minimal interface, no way to quit"), NULL },
    { "kiosk-quit", 0, 0, G_OPTION_ARG_STRING, &raw->kiosk_quit,
      N_("In kiosk mode, whether to quit when the display disconnects"), "never|on-disconnect" },
    { "auto-resize", 0, 0, G_OPTION_ARG_STRING, &raw->auto_resize,
      N_("Whether the guest display follows the window size"), "always|never" },
    { "cursor", 0, 0, G_OPTION_ARG_STRING, &raw->cursor,
      N_("Always draw the local cursor (local), or as the guest asks (auto)"), "local|auto" },
    { "shared", 's', 0, G_OPTION_ARG_NONE, &raw->shared,
      N_("Share the display with other clients (VNC)"), NULL },
    { "domain-name", 0, 0, G_OPTION_ARG_NONE, &raw->by_name,
      N_("Look the domain up by its name only"), NULL },
    { "id", 0, 0, G_OPTION_ARG_NONE, &raw->by_id,
      N_("Look the domain up by its ID only"), NULL },
    { "uuid", 0, 0, G_OPTION_ARG_NONE, &raw->by_uuid,
      N_("Look the domain up by its UUID only"), NULL },
    { "title", 't', 0, G_OPTION_ARG_STRING, &raw->title,
      N_("Window title"), N_("TITLE") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &raw->verbose,
      N_("Show information about the connection"), NULL },
    { "debug", 0, 0, G_OPTION_ARG_NONE, &raw->debug,
      N_("Print debugging information"), NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &raw->version,
      N_("Show the version and quit"), NULL },
    { "read-only", 0, 0, G_OPTION_ARG_NONE, &raw->read_only,
      N_("Open the libvirt connection read-only: displays are reached through their "
         "network address and passwords are asked for"), NULL },
    { "serial", 0, 0, G_OPTION_ARG_NONE, &raw->serial,
      N_("Show the domain's first text console (serial or console device) in front"), NULL },
    { "spice-ca-file", 0, 0, G_OPTION_ARG_FILENAME, &raw->spice_ca_file,
      N_("Trust the certificate authorities in FILE for SPICE TLS (default: the system's)"),
      N_("FILE") },
    { "spice-host-subject", 0, 0, G_OPTION_ARG_STRING, &raw->spice_host_subject,
      N_("Require this subject in the SPICE server's certificate instead of its host name, "
         "as in \"C=XX,O=Org,CN=name\""), N_("SUBJECT") },
    /* filenames, not strings: a .vv path is bytes in the file system's encoding */
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &raw->rest, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  GOptionContext *context = g_option_context_new (N_("[DOMAIN | URI | FILE | -]"));

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (
    context, N_("Show the console of a libvirt domain (name, ID or UUID), of a SPICE or VNC\n"
                "display (spice://, spice+unix://, spice+tls://, vnc://), or of a remote-viewer\n"
                "connection file (.vv; “-” reads one from standard input)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

static gboolean
invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Every refusal here is ORIEL_ERROR_INVALID_VALUE; returns FALSE to chain. */
static gboolean
invalid (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE, format,
                                                args));
  va_end (args);
  return FALSE;
}

/* GDK keysym names are letters, digits and underscores ("KP_Add", "3270_Play");
 * anything else would also break the "<Mod>key" accelerator syntax. */
static gboolean
is_key_name (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static const char *
modifier_accel (const char *name)
{
  static const struct
  {
    const char *name;
    const char *accel;
  } modifiers[] = {
    { "ctrl", "<Control>" }, { "control", "<Control>" }, { "alt", "<Alt>" },
    { "shift", "<Shift>" },  { "super", "<Super>" },     { "meta", "<Meta>" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (modifiers); i++)
    if (g_ascii_strcasecmp (name, modifiers[i].name) == 0)
      return modifiers[i].accel;
  return NULL;
}

/* f11 -> F11, Q -> q; other names are GDK's business */
static char *
normalise_key (const char *name)
{
  if ((name[0] == 'f' || name[0] == 'F') && name[1] != '\0'
      && strspn (name + 1, "0123456789") == strlen (name + 1))
    return g_strconcat ("F", name + 1, NULL);
  if (g_ascii_isalpha (name[0]) && name[1] == '\0')
    return g_strdup_printf ("%c", g_ascii_tolower (name[0]));
  return g_strdup (name);
}

static char *to_accel (const char *keys, gboolean modifiers_only, GError **error);

char *
oriel_hotkey_to_accel (const char *keys, GError **error)
{
  return to_accel (keys, FALSE, error);
}

/* @modifiers_only: release-cursor's default is Ctrl+Alt alone, so it may be
 * modifiers without a key ("<Control><Alt>"). */
static char *
to_accel (const char *keys, gboolean modifiers_only, GError **error)
{
  g_auto (GStrv) parts = NULL;
  g_autoptr (GString) accel = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (keys != NULL, NULL);

  /* g_strsplit() gives no part at all for "" */
  parts = g_strsplit (keys, "+", -1);
  n = g_strv_length (parts);
  if (n == 0)
    {
      invalid (error, _("No keys given: write them as in shift+f11"));
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      const char *part = g_strstrip (parts[i]);
      const char *modifier = modifier_accel (part);

      if (*part == '\0')
        {
          invalid (error, _("“%s” has an empty key name: join keys with one “+”, as in ctrl+alt+f"),
                   keys);
          return NULL;
        }
      if (!is_key_name (part))
        {
          invalid (error, _("“%s” in “%s” is not a key name: use names such as ctrl, shift, f11 "
                            "or Return"), part, keys);
          return NULL;
        }
      if (i + 1 < n && modifier == NULL)
        {
          invalid (error, _("“%s” in “%s” is not a modifier: only the last key can be a plain "
                            "key, as in ctrl+alt+f"), part, keys);
          return NULL;
        }
      if (i + 1 == n && modifier != NULL && !modifiers_only)
        {
          invalid (error, _("“%s” has only modifiers: end it with a key, as in ctrl+alt+f"), keys);
          return NULL;
        }
      if (modifier != NULL)
        {
          if (strstr (accel->str, modifier) == NULL)
            g_string_append (accel, modifier);
        }
      else
        {
          g_autofree char *key = normalise_key (part);
          g_string_append (accel, key);
        }
    }
  return g_string_free (g_steal_pointer (&accel), FALSE);
}

const char * const *
oriel_hotkey_actions (void)
{
  return hotkey_actions;
}

/* Splits "a,b , c" into trimmed items; NULL with an error when one is empty,
 * an empty vector for an empty spec. */
static GStrv
split_items (const char *spec, GError **error)
{
  g_auto (GStrv) items = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (spec));

  if (*trimmed == '\0')
    return g_new0 (char *, 1);
  items = g_strsplit (trimmed, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    if (*g_strstrip (items[i]) == '\0')
      {
        invalid (error, _("“%s” has an empty item: remove the extra comma"), spec);
        return NULL;
      }
  return g_steal_pointer (&items);
}

GPtrArray *
oriel_hotkeys_parse (const char *spec, GError **error)
{
  g_autoptr (GPtrArray) hotkeys = NULL;
  g_auto (GStrv) items = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  items = split_items (spec, error);
  if (items == NULL)
    return NULL;

  hotkeys = g_ptr_array_new_with_free_func ((GDestroyNotify) oriel_hotkey_free);
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *equals = strchr (items[i], '=');
      const char *action, *keys;
      OrielHotkey *hotkey;

      if (equals == NULL)
        {
          invalid (error, _("“%s” is not a hotkey: write action=keys, as in "
                            "toggle-fullscreen=shift+f11"), items[i]);
          return NULL;
        }
      *equals = '\0';
      action = g_strstrip (items[i]);
      keys = g_strstrip (equals + 1);

      if (!g_strv_contains (hotkey_actions, action))
        {
          g_autofree char *known = g_strjoinv (", ", (char **) hotkey_actions);
          invalid (error, _("Unknown hotkey action “%s”: the actions are %s"), action, known);
          return NULL;
        }
      for (guint j = 0; j < hotkeys->len; j++)
        if (g_str_equal (((OrielHotkey *) g_ptr_array_index (hotkeys, j))->action, action))
          {
            invalid (error, _("The hotkey of “%s” is given twice: keep one"), action);
            return NULL;
          }

      hotkey = g_new0 (OrielHotkey, 1);
      hotkey->action = g_strdup (action);
      g_ptr_array_add (hotkeys, hotkey);
      /* "release-cursor=": that action gets no hotkey */
      if (*keys != '\0'
          && (hotkey->accel = to_accel (keys, g_str_equal (action, "release-cursor"), error)) == NULL)
        return NULL;
    }
  return g_steal_pointer (&hotkeys);
}

GPtrArray *
oriel_key_remaps_parse (const char *spec, GError **error)
{
  g_autoptr (GPtrArray) remaps = NULL;
  g_auto (GStrv) items = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  items = split_items (spec, error);
  if (items == NULL)
    return NULL;

  remaps = g_ptr_array_new_with_free_func ((GDestroyNotify) oriel_key_remap_free);
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *equals = strchr (items[i], '=');
      const char *from, *to;
      OrielKeyRemap *remap;

      if (equals == NULL)
        {
          invalid (error, _("“%s” is not a key remap: write key=keys, as in 1=Shift_L+F1, or "
                            "key= to block a key"), items[i]);
          return NULL;
        }
      *equals = '\0';
      from = g_strstrip (items[i]);
      to = g_strstrip (equals + 1);

      if (*from == '\0')
        {
          invalid (error, _("A key remap names no key before “=”: write the key first, as in "
                            "1=Shift_L+F1"));
          return NULL;
        }
      if (!is_key_name (from))
        {
          invalid (error, _("“%s” is not a key name: use GDK key names such as Super_L or F1"),
                   from);
          return NULL;
        }
      for (guint j = 0; j < remaps->len; j++)
        if (g_str_equal (((OrielKeyRemap *) g_ptr_array_index (remaps, j))->from, from))
          {
            invalid (error, _("The key “%s” is remapped twice: keep one"), from);
            return NULL;
          }

      remap = g_new0 (OrielKeyRemap, 1);
      remap->from = g_strdup (from);
      g_ptr_array_add (remaps, remap);
      /* empty or "Void": the key is blocked */
      if (*to == '\0' || g_str_equal (to, "Void"))
        {
          remap->to = g_new0 (char *, 1);
          continue;
        }
      remap->to = g_strsplit (to, "+", -1);
      for (guint j = 0; remap->to[j] != NULL; j++)
        if (!is_key_name (g_strstrip (remap->to[j])))
          {
            invalid (error, _("“%s” in the remap of %s is not a key name: use GDK key names "
                              "joined by “+”, such as Shift_L+F1"), remap->to[j], from);
            return NULL;
          }
    }
  return g_steal_pointer (&remaps);
}

static gboolean
parse_choice (const char *option, const char *value, const char * const *choices,
              int *index, GError **error)
{
  for (int i = 0; choices[i] != NULL; i++)
    if (g_str_equal (value, choices[i]))
      {
        *index = i;
        return TRUE;
      }
  return invalid (error, _("%s does not take “%s”: use “%s” or “%s”"), option, value,
                  choices[0], choices[1]);
}

/* The per-option values: ranges, choices, hotkeys and key remaps. */
static gboolean
convert_values (RawOptions *raw, OrielViewerOptions *options, GError **error)
{
  static const char * const kiosk_quits[] = { "never", "on-disconnect", NULL };
  static const char * const auto_resizes[] = { "never", "always", NULL };
  static const char * const cursors[] = { "auto", "local", NULL };
  int index;

  if (raw->zoom != NULL)
    {
      gint64 zoom;

      if (!g_ascii_string_to_signed (raw->zoom, 10, 10, 400, &zoom, NULL))
        return invalid (error, _("Zoom “%s” is not a percentage from 10 to 400: give a whole "
                                 "number, as in --zoom=150"), raw->zoom);
      options->zoom = zoom;
    }
  if (raw->kiosk_quit != NULL)
    {
      if (!parse_choice ("--kiosk-quit", raw->kiosk_quit, kiosk_quits, &index, error))
        return FALSE;
      options->kiosk_quit = index == 1 ? ORIEL_KIOSK_QUIT_ON_DISCONNECT : ORIEL_KIOSK_QUIT_NEVER;
    }
  if (raw->auto_resize != NULL)
    {
      if (!parse_choice ("--auto-resize", raw->auto_resize, auto_resizes, &index, error))
        return FALSE;
      options->auto_resize = index == 1;
    }
  if (raw->cursor != NULL)
    {
      if (!parse_choice ("--cursor", raw->cursor, cursors, &index, error))
        return FALSE;
      options->cursor_local = index == 1;
    }
  if (raw->hotkeys != NULL)
    options->hotkeys = oriel_hotkeys_parse (raw->hotkeys, error);
  if (raw->hotkeys != NULL && options->hotkeys == NULL)
    {
      g_prefix_error (error, _("Invalid --hotkeys: "));
      return FALSE;
    }
  if (raw->keymap != NULL)
    options->key_remaps = oriel_key_remaps_parse (raw->keymap, error);
  if (raw->keymap != NULL && options->key_remaps == NULL)
    {
      g_prefix_error (error, _("Invalid --keymap: "));
      return FALSE;
    }
  return TRUE;
}

static OrielTargetKind
classify_target (const char *target, gboolean names_domain)
{
  static const char * const schemes[] = { "spice://", "spice+unix://", "spice+tls://", "vnc://" };

  if (target == NULL)
    return ORIEL_TARGET_NONE;
  if (g_str_equal (target, "-"))
    return ORIEL_TARGET_VV_STDIN;
  for (gsize i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_ascii_strncasecmp (target, schemes[i], strlen (schemes[i])) == 0)
      return ORIEL_TARGET_URI;
  if (g_str_has_suffix (target, ".vv"))
    return ORIEL_TARGET_VV_FILE;
  /* A plain file is a connection file, as for remote-viewer, unless
   * libvirt-only options say a domain is meant: "--domain-name 2" must not
   * turn into a file because a file "2" lies in the current directory. */
  if (!names_domain && g_file_test (target, G_FILE_TEST_IS_REGULAR))
    return ORIEL_TARGET_VV_FILE;
  return ORIEL_TARGET_DOMAIN;
}

/* libvirt accepts hex digits with dashes anywhere; so does this */
static gboolean
is_uuid (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '-')
        continue;
      if (!g_ascii_isxdigit (*p))
        return FALSE;
      digits++;
    }
  return digits == 32;
}

/* The options that only mean something for a libvirt domain. */
static const char *
first_libvirt_option (const RawOptions *raw)
{
  if (raw->connect_uri != NULL)
    return "--connect";
  if (raw->by_name)
    return "--domain-name";
  if (raw->by_id)
    return "--id";
  if (raw->by_uuid)
    return "--uuid";
  if (raw->attach)
    return "--attach";
  if (raw->wait)
    return "--wait";
  return NULL;
}

static gboolean
check_target (const RawOptions *raw, OrielViewerOptions *options, GError **error)
{
  const char *libvirt_option = first_libvirt_option (raw);
  const char *lookup_option = raw->by_name ? "--domain-name" : raw->by_id ? "--id" : "--uuid";

  if (raw->rest != NULL && raw->rest[0] != NULL && raw->rest[1] != NULL)
    return invalid (error, _("More than one domain, URI or file was given (“%s” and “%s”): "
                             "give only one"), raw->rest[0], raw->rest[1]);

  options->target = raw->rest != NULL ? g_strdup (raw->rest[0]) : NULL;
  /* a file manager or browser passes a file:// URI for a downloaded .vv */
  if (options->target != NULL && g_ascii_strncasecmp (options->target, "file://", 7) == 0)
    {
      g_autofree char *host = NULL;
      g_autofree char *path = g_filename_from_uri (options->target, &host, NULL);

      if (path == NULL || (host != NULL && g_ascii_strcasecmp (host, "localhost") != 0))
        return invalid (error, _("“%s” is not a file URI Oriel can open: give the connection "
                                 "file's path instead"), options->target);
      g_free (options->target);
      options->target = g_steal_pointer (&path);
    }
  options->kind = classify_target (options->target, libvirt_option != NULL);

  if (libvirt_option != NULL)
    switch (options->kind)
      {
        case ORIEL_TARGET_URI:
          return invalid (error, _("%s applies only to libvirt domains, not to the display "
                                   "address “%s”: remove it"), libvirt_option, options->target);
        case ORIEL_TARGET_VV_FILE:
          return invalid (error, _("%s applies only to libvirt domains, not to the connection "
                                   "file “%s”: remove it"), libvirt_option, options->target);
        case ORIEL_TARGET_VV_STDIN:
          return invalid (error, _("%s applies only to libvirt domains, not to a connection file "
                                   "on standard input: remove it"), libvirt_option);
        case ORIEL_TARGET_NONE:
        case ORIEL_TARGET_DOMAIN:
          break;
      }

  if (raw->wait && options->kind == ORIEL_TARGET_NONE)
    return invalid (error, _("--wait needs a domain to wait for: give its name, ID or UUID"));
  if (options->lookup != ORIEL_LOOKUP_ANY && options->kind == ORIEL_TARGET_NONE)
    return invalid (error, _("%s needs a domain: give its name, ID or UUID after the options"),
                    lookup_option);
  if (options->lookup == ORIEL_LOOKUP_ID
      && !g_ascii_string_to_unsigned (options->target, 10, 0, G_MAXINT, NULL, NULL))
    return invalid (error, _("“%s” is not a domain ID: --id needs a number, as in --id 3; use "
                             "--domain-name for names"), options->target);
  if (options->lookup == ORIEL_LOOKUP_UUID && !is_uuid (options->target))
    return invalid (error, _("“%s” is not a UUID: --uuid needs 32 hexadecimal digits, as in "
                             "66ab33c0-6919-a3f7-e659-16c82d248521"), options->target);
  return TRUE;
}

static gboolean
check_options (const RawOptions *raw, OrielViewerOptions *options, GError **error)
{
  if (raw->reconnect && raw->no_reconnect)
    return invalid (error, _("--reconnect and --no-reconnect contradict each other: give only "
                             "one"));
  if (raw->attach && raw->direct)
    return invalid (error, _("--attach and --direct exclude each other: --attach asks libvirt "
                             "for the display's socket, --direct connects to its address; give "
                             "only one"));
  if (raw->by_name + raw->by_id + raw->by_uuid > 1)
    return invalid (error, _("--domain-name, --id and --uuid exclude each other: give only one"));

  options->lookup = raw->by_name ? ORIEL_LOOKUP_NAME
                    : raw->by_id ? ORIEL_LOOKUP_ID
                    : raw->by_uuid ? ORIEL_LOOKUP_UUID
                    : ORIEL_LOOKUP_ANY;
  return check_target (raw, options, error);
}

/* @argv is left as it is: GOptionContext edits a copy of its own. */
OrielViewerOptions *
oriel_viewer_options_parse (char **argv, GError **error)
{
  g_auto (RawOptions) raw = { 0 };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (OrielViewerOptions) options = NULL;
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) args = NULL;

  g_return_val_if_fail (argv != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  args = g_strdupv (argv);
  context = make_context (&raw);
  g_option_context_set_help_enabled (context, FALSE);
  if (!g_option_context_parse_strv (context, &args, &local_error))
    {
      invalid (error, _("%s (see --help for the options)"), local_error->message);
      return NULL;
    }

  options = g_new0 (OrielViewerOptions, 1);
  options->reconnect = !raw.no_reconnect;
  options->reconnect_set = raw.reconnect || raw.no_reconnect;
  options->zoom = 100;
  options->auto_resize = TRUE;
  options->kiosk_quit = ORIEL_KIOSK_QUIT_NEVER;
  if (!convert_values (&raw, options, error) || !check_options (&raw, options, error))
    return NULL;

  options->connect_uri = g_steal_pointer (&raw.connect_uri);
  options->title = g_steal_pointer (&raw.title);
  options->spice_ca_file = g_steal_pointer (&raw.spice_ca_file);
  options->spice_host_subject = g_steal_pointer (&raw.spice_host_subject);
  options->wait = raw.wait;
  options->direct = raw.direct;
  options->attach = raw.attach;
  options->fullscreen = raw.fullscreen;
  options->kiosk = raw.kiosk;
  options->shared = raw.shared;
  options->verbose = raw.verbose;
  options->debug = raw.debug;
  options->version = raw.version;
  options->read_only = raw.read_only;
  options->serial = raw.serial;
  return g_steal_pointer (&options);
}

char *
oriel_viewer_options_help (void)
{
  g_auto (RawOptions) raw = { 0 };
  g_autoptr (GOptionContext) context = make_context (&raw);

  /* help stays enabled (the default) so -h is listed, although parsing
   * leaves -h to the caller */
  return g_option_context_get_help (context, TRUE, NULL);
}

void
oriel_viewer_options_free (OrielViewerOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->connect_uri);
  g_clear_pointer (&options->hotkeys, g_ptr_array_unref);
  g_clear_pointer (&options->key_remaps, g_ptr_array_unref);
  g_free (options->title);
  g_free (options->spice_ca_file);
  g_free (options->spice_host_subject);
  g_free (options->target);
  g_free (options);
}

void
oriel_hotkey_free (OrielHotkey *hotkey)
{
  if (hotkey == NULL)
    return;
  g_free (hotkey->action);
  g_free (hotkey->accel);
  g_free (hotkey);
}

void
oriel_key_remap_free (OrielKeyRemap *remap)
{
  if (remap == NULL)
    return;
  g_free (remap->from);
  g_strfreev (remap->to);
  g_free (remap);
}
