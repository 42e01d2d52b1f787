#pragma once

#include <glib.h>

#include "oriel-graphics-info.h"

G_BEGIN_DECLS

/* A display to reach directly, without libvirt: what a spice://, vnc://
 * URI or a remote-viewer connection file (.vv) describes. Built by
 * oriel_viewer_uri_parse() and oriel_vv_file_parse(). */
typedef struct
{
  OrielGraphicsType type;       /* ORIEL_GRAPHICS_SPICE or ORIEL_GRAPHICS_VNC */
  char *host;                   /* NULL for a UNIX socket */
  int port;                     /* -1: none */
  int tls_port;                 /* -1: none (SPICE only) */
  char *unix_path;              /* a UNIX socket instead of host and port */
  gboolean tls_only;            /* spice+tls://: never the plain port */

  /* The rest comes from .vv files only; NULL/-1/FALSE when not given. */
  char *username;
  char *password;               /* secret: never logged, never in argv */
  char *proxy;                  /* http://[user:pass@]host:port */
  char *ca;                     /* PEM text of the CA certificate */
  char *host_subject;           /* "C=XX,L=city,O=org,CN=name" */
  char *tls_ciphers;
  char **secure_channels;       /* channel names ("main", "display", ...) */
  char **disable_channels;
  char **disable_effects;       /* "wallpaper", "font-smooth", "animation", "all" */
  int color_depth;              /* 0: server's choice; else 16 or 32 (8, 24 accepted) */
  char *title;                  /* window title; "%d" is replaced by the monitor number */
  gboolean fullscreen;
  GHashTable *hotkeys;          /* action ("toggle-fullscreen") -> virt-viewer spec ("shift+f11") */
  gboolean enable_smartcard;
  gboolean enable_usbredir;
  gboolean enable_usb_autoshare;
  char *usb_filter;             /* spice-gtk's filter string */
  char *usb_redirect_on_connect;
  gboolean delete_this_file;
  char *version;                /* the minimum viewer version the file asks for; not
                                 * compared here: virt-viewer's numbers are not Oriel's */
  char **versions;              /* "osid:version" pairs, as given; not compared either */
  char *newer_version_url;
  gboolean has_ovirt;           /* an [ovirt] group was present (unsupported) */
} OrielViewerTarget;

OrielViewerTarget *oriel_viewer_target_new      (void);
void               oriel_viewer_target_free     (OrielViewerTarget *target);
/* "spice://host:5900", "spice+unix:///run/x.sock": for titles and messages */
char              *oriel_viewer_target_describe (const OrielViewerTarget *target);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrielViewerTarget, oriel_viewer_target_free)

G_END_DECLS
