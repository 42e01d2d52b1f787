#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  ORIEL_CHAR_SERIAL,
  ORIEL_CHAR_CONSOLE,
} OrielCharKind;

#define ORIEL_TYPE_CHAR_DEVICE (oriel_char_device_get_type ())

/* One <serial> or <console> of a domain: a text console for a tab. */
typedef struct
{
  OrielCharKind kind;
  char *type;                   /* source type: "pty", "file", "tcp", ... */
  char *target_type;            /* "isa-serial", "virtio", "serial", ... */
  int port;                     /* target port, -1 when not given */
  char *alias;                  /* the name virDomainOpenConsole takes */
} OrielCharDevice;

GType            oriel_char_device_get_type   (void) G_GNUC_CONST;
OrielCharDevice *oriel_char_device_copy       (const OrielCharDevice *device);
void             oriel_char_device_free       (OrielCharDevice *device);
char            *oriel_char_device_get_label  (const OrielCharDevice *device);
gboolean         oriel_char_device_can_stream (const OrielCharDevice *device,
                                               char                 **why_not);
GPtrArray       *oriel_char_device_parse      (const char *xml,
                                               GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrielCharDevice, oriel_char_device_free)

G_END_DECLS
