#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the positional argument names. */
typedef enum
{
  ORIEL_TARGET_NONE,            /* no argument: the domain list */
  ORIEL_TARGET_DOMAIN,          /* a libvirt domain: name, id or UUID */
  ORIEL_TARGET_URI,             /* spice://, spice+unix://, spice+tls://, vnc:// */
  ORIEL_TARGET_VV_FILE,         /* a remote-viewer connection file */
  ORIEL_TARGET_VV_STDIN,        /* "-": a connection file on standard input */
} OrielTargetKind;

/* How ORIEL_TARGET_DOMAIN is looked up (--domain-name, --id, --uuid). */
typedef enum
{
  ORIEL_LOOKUP_ANY,             /* id, then UUID, then name, as virt-viewer does */
  ORIEL_LOOKUP_NAME,
  ORIEL_LOOKUP_ID,
  ORIEL_LOOKUP_UUID,
} OrielLookup;

typedef enum
{
  ORIEL_KIOSK_QUIT_NEVER,
  ORIEL_KIOSK_QUIT_ON_DISCONNECT,
} OrielKioskQuit;

/* One hotkey binding: an Oriel/virt-viewer action name and a GTK
 * accelerator string; accel NULL disables the action's hotkey. */
typedef struct
{
  char *action;                 /* "toggle-fullscreen", "release-cursor", ... */
  char *accel;                  /* "<Shift>F11", or NULL */
} OrielHotkey;

/* One key remap of -K/--keymap: pressing @from sends @to (a list of key
 * names, modifiers first), or nothing when @to is empty (blocked). */
typedef struct
{
  char *from;                   /* key name, as GDK spells it: "Super_L" */
  char **to;                    /* NULL-terminated; empty: the key is blocked */
} OrielKeyRemap;

/* The command line of virt-viewer and remote-viewer, with Oriel's own
 * options, parsed and checked. */
typedef struct
{
  char *connect_uri;            /* -c, --connect */
  gboolean wait;                /* -w, --wait */
  gboolean reconnect;           /* -r, --reconnect; TRUE unless --no-reconnect */
  gboolean reconnect_set;       /* either was given: it overrides the preference */
  gboolean direct;              /* -d, --direct */
  gboolean attach;              /* -a, --attach */
  gboolean fullscreen;          /* -f, --full-screen */
  int zoom;                     /* -z, --zoom: 10..400, 100 when not given */
  GPtrArray *hotkeys;           /* of OrielHotkey, from -H, --hotkeys; NULL when not
                                 * given, else actions left out have no hotkey
                                 * (virt-viewer), an empty array: none at all */
  GPtrArray *key_remaps;        /* of OrielKeyRemap, from -K, --keymap; NULL when not given */
  gboolean kiosk;               /* -k, --kiosk */
  OrielKioskQuit kiosk_quit;    /* --kiosk-quit */
  gboolean auto_resize;         /* --auto-resize=always|never; TRUE by default */
  gboolean cursor_local;        /* --cursor=local (else auto) */
  gboolean shared;              /* -s, --shared (VNC) */
  OrielLookup lookup;           /* --domain-name, --id, --uuid */
  char *title;                  /* -t, --title */
  gboolean verbose;             /* -v, --verbose */
  gboolean debug;               /* --debug */
  gboolean version;             /* -V, --version */
  gboolean read_only;           /* --read-only (Oriel) */
  gboolean serial;              /* --serial (Oriel) */
  char *spice_ca_file;          /* --spice-ca-file, as remote-viewer's */
  char *spice_host_subject;     /* --spice-host-subject */
  OrielTargetKind kind;
  char *target;                 /* the positional argument, NULL for NONE */
} OrielViewerOptions;

/* @argv (with argv[0]) is not modified. -h/--help is refused as an unknown
 * option: the caller looks for it first and prints oriel_viewer_options_help(). */
OrielViewerOptions *oriel_viewer_options_parse (char              **argv,
                                                GError            **error);
void                oriel_viewer_options_free  (OrielViewerOptions *options);
char               *oriel_viewer_options_help  (void);

/* virt-viewer's hotkey syntax ("toggle-fullscreen=shift+f11,release-cursor=")
 * to bindings; also used for the hotkey keys of .vv files. */
GPtrArray          *oriel_hotkeys_parse        (const char  *spec,
                                                GError     **error);
char               *oriel_hotkey_to_accel      (const char  *keys,
                                                GError     **error);
/* the actions a hotkey can be bound to, NULL-terminated */
const char * const *oriel_hotkey_actions       (void);

GPtrArray          *oriel_key_remaps_parse     (const char  *spec,
                                                GError     **error);

void                oriel_hotkey_free          (OrielHotkey   *hotkey);
void                oriel_key_remap_free       (OrielKeyRemap *remap);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrielViewerOptions, oriel_viewer_options_free)

G_END_DECLS
