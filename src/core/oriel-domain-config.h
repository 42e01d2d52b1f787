#pragma once

#include <gio/gio.h>

#include "oriel-domain-caps.h"

G_BEGIN_DECLS

/* The display hardware of one domain's persistent configuration, as typed
 * values with validated setters.  A string a getter returns lasts until the
 * next edit of the same configuration: copy it to keep it across one.  A setter that refuses leaves the document
 * as it was; one that succeeds changes only what it names (and what the new
 * value makes invalid, such as SPICE-only devices when leaving SPICE). */

typedef enum
{
  ORIEL_CONFIG_GRAPHICS_NONE,      /* no <graphics> at all */
  ORIEL_CONFIG_GRAPHICS_SPICE,
  ORIEL_CONFIG_GRAPHICS_VNC,
  ORIEL_CONFIG_GRAPHICS_OTHER,     /* sdl, egl-headless, dbus, ...: shown, not edited */
} OrielConfigGraphics;

typedef enum
{
  ORIEL_CONFIG_LISTEN_DEFAULT,     /* nothing set: the host's qemu.conf decides */
  ORIEL_CONFIG_LISTEN_LOCALHOST,
  ORIEL_CONFIG_LISTEN_ALL,
  ORIEL_CONFIG_LISTEN_ADDRESS,
  ORIEL_CONFIG_LISTEN_NONE,        /* only through libvirt */
  ORIEL_CONFIG_LISTEN_SOCKET,
  ORIEL_CONFIG_LISTEN_NETWORK,     /* a libvirt network's address: shown, not offered */
} OrielConfigListen;

/* Ports: a number, or one of these. */
#define ORIEL_PORT_AUTO (-1)
#define ORIEL_PORT_OFF  0       /* TLS port only */

#define ORIEL_VIDEO_MAX_HEADS 16

#define ORIEL_TYPE_DOMAIN_CONFIG (oriel_domain_config_get_type ())
G_DECLARE_FINAL_TYPE (OrielDomainConfig, oriel_domain_config, ORIEL, DOMAIN_CONFIG, GObject)

OrielDomainConfig *oriel_domain_config_new        (const char         *xml,
                                                   GError            **error);
OrielDomainConfig *oriel_domain_config_copy       (OrielDomainConfig  *self);
const char        *oriel_domain_config_get_xml    (OrielDomainConfig  *self);
const char        *oriel_domain_config_get_original (OrielDomainConfig *self);
gboolean           oriel_domain_config_is_modified (OrielDomainConfig *self);
char              *oriel_domain_config_diff       (OrielDomainConfig  *self);
const char        *oriel_domain_config_get_name   (OrielDomainConfig  *self);
void               oriel_domain_config_set_caps   (OrielDomainConfig  *self,
                                                   OrielDomainCaps    *caps);
OrielDomainCaps   *oriel_domain_config_get_caps   (OrielDomainConfig  *self);
char              *oriel_domain_config_caps_query (OrielDomainConfig  *self,
                                                   char              **arch,
                                                   char              **machine,
                                                   char              **virttype);

/* Video: @index picks the <video> device (0 = first). */
guint        oriel_domain_config_get_n_videos   (OrielDomainConfig *self);
const char  *oriel_domain_config_get_video_model (OrielDomainConfig *self, guint index);
gboolean     oriel_domain_config_set_video_model (OrielDomainConfig *self, guint index,
                                                  const char *model, GError **error);
guint        oriel_domain_config_get_heads      (OrielDomainConfig *self, guint index);
gboolean     oriel_domain_config_set_heads      (OrielDomainConfig *self, guint index,
                                                 guint heads, GError **error);
gboolean     oriel_domain_config_get_accel3d    (OrielDomainConfig *self, guint index);
gboolean     oriel_domain_config_set_accel3d    (OrielDomainConfig *self, guint index,
                                                 gboolean accel3d, GError **error);
guint        oriel_domain_config_get_vram       (OrielDomainConfig *self, guint index);
gboolean     oriel_domain_config_set_vram       (OrielDomainConfig *self, guint index,
                                                 guint vram_kib, GError **error);

guint        oriel_video_model_max_heads        (const char *model);
gboolean     oriel_video_model_has_vram         (const char *model);
gboolean     oriel_video_model_has_accel3d      (const char *model);

/* Graphics: @index picks the <graphics> device (0 = first). */
guint              oriel_domain_config_get_n_graphics (OrielDomainConfig *self);
OrielConfigGraphics  oriel_domain_config_get_graphics_type (OrielDomainConfig *self, guint index);
gboolean           oriel_domain_config_set_graphics_type (OrielDomainConfig *self, guint index,
                                                          OrielConfigGraphics type, GError **error);
OrielConfigListen    oriel_domain_config_get_listen (OrielDomainConfig *self, guint index,
                                                   char **address);
gboolean           oriel_domain_config_set_listen (OrielDomainConfig *self, guint index,
                                                   OrielConfigListen kind, const char *address,
                                                   GError **error);
int                oriel_domain_config_get_port   (OrielDomainConfig *self, guint index);
gboolean           oriel_domain_config_set_port   (OrielDomainConfig *self, guint index,
                                                   int port, GError **error);
int                oriel_domain_config_get_tls_port (OrielDomainConfig *self, guint index);
gboolean           oriel_domain_config_set_tls_port (OrielDomainConfig *self, guint index,
                                                     int port, GError **error);
const char        *oriel_domain_config_get_keymap (OrielDomainConfig *self, guint index);
gboolean           oriel_domain_config_set_keymap (OrielDomainConfig *self, guint index,
                                                   const char *keymap, GError **error);
const char        *oriel_domain_config_get_password (OrielDomainConfig *self, guint index);
gboolean           oriel_domain_config_set_password (OrielDomainConfig *self, guint index,
                                                     const char *password, GError **error);
char              *oriel_domain_config_get_graphics_markup (OrielDomainConfig *self, guint index);
char              *oriel_domain_config_describe_exposure (OrielDomainConfig *self, guint index);

const char * const *oriel_keymaps (void);

/* The same edits by key, as `oriel-edit` takes them: "video.heads",
 * "graphics[1].port", ... */
char     *oriel_domain_config_get_key (OrielDomainConfig *self, const char *key, GError **error);
gboolean  oriel_domain_config_set_key (OrielDomainConfig *self, const char *key,
                                       const char *value, GError **error);
const char * const *oriel_domain_config_keys (void);

G_END_DECLS
