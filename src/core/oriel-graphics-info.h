#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  ORIEL_GRAPHICS_SPICE,
  ORIEL_GRAPHICS_VNC,
  ORIEL_GRAPHICS_OTHER,         /* rdp, sdl, egl-headless, ...: not a console */
} OrielGraphicsType;

typedef enum
{
  ORIEL_LISTEN_ADDRESS,         /* TCP on listen:port (and tls_port) */
  ORIEL_LISTEN_SOCKET,          /* a UNIX socket on the host */
  ORIEL_LISTEN_NONE,            /* reachable only through libvirt's graphics fd */
} OrielListenType;

#define ORIEL_TYPE_GRAPHICS_INFO (oriel_graphics_info_get_type ())

/* One <graphics> device of a domain, as its XML describes it. */
typedef struct
{
  OrielGraphicsType type;
  char *type_name;              /* the XML's own name: "spice", "vnc", "rdp"... */
  guint index;                  /* position among the domain's <graphics> */
  OrielListenType listen_type;
  char *listen;                 /* address, NULL when not given */
  char *socket;                 /* UNIX socket path for ORIEL_LISTEN_SOCKET */
  int port;                     /* -1: none or not yet assigned */
  int tls_port;                 /* -1: none */
  gboolean autoport;
  char *password;               /* only with a SECURE dump; NULL otherwise */
} OrielGraphicsInfo;

GType              oriel_graphics_info_get_type   (void) G_GNUC_CONST;
OrielGraphicsInfo *oriel_graphics_info_copy       (const OrielGraphicsInfo *info);
void               oriel_graphics_info_free       (OrielGraphicsInfo *info);
gboolean           oriel_graphics_info_is_console (const OrielGraphicsInfo *info);
gboolean           oriel_graphics_info_is_exposed (const OrielGraphicsInfo *info);
const char        *oriel_graphics_info_get_label  (const OrielGraphicsInfo *info);
char              *oriel_graphics_info_describe   (const OrielGraphicsInfo *info);

GPtrArray         *oriel_graphics_info_parse      (const char *xml,
                                                   GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrielGraphicsInfo, oriel_graphics_info_free)

G_END_DECLS
