#pragma once

#include <gtk/gtk.h>

#include "oriel-char-device.h"
#include "oriel-display-vte.h"
#include "oriel-domain.h"

G_BEGIN_DECLS

typedef enum
{
  ORIEL_SERIAL_VIEW_CONNECTING,
  ORIEL_SERIAL_VIEW_CONNECTED,
  ORIEL_SERIAL_VIEW_DISCONNECTED,   /* with a Reconnect button */
  ORIEL_SERIAL_VIEW_BUSY,           /* another client has it: Take over */
  ORIEL_SERIAL_VIEW_SHUT_OFF,       /* reopens when the domain starts */
  ORIEL_SERIAL_VIEW_UNSUPPORTED,    /* libvirt cannot stream this device */
} OrielSerialViewState;

#define ORIEL_TYPE_SERIAL_VIEW (oriel_serial_view_get_type ())
G_DECLARE_FINAL_TYPE (OrielSerialView, oriel_serial_view, ORIEL, SERIAL_VIEW, GtkBox)

OrielSerialView      *oriel_serial_view_new          (OrielDomain           *domain,
                                                      const OrielCharDevice *device);
const char           *oriel_serial_view_get_title    (OrielSerialView *self);
OrielSerialViewState  oriel_serial_view_get_state    (OrielSerialView *self);
const char           *oriel_serial_view_get_message  (OrielSerialView *self);
OrielDisplayVte      *oriel_serial_view_get_display  (OrielSerialView *self);
void                  oriel_serial_view_take_over    (OrielSerialView *self);
void                  oriel_serial_view_rebind       (OrielSerialView *self,
                                                      OrielDomain     *domain);
void                  oriel_serial_view_link_lost    (OrielSerialView *self,
                                                      const char      *message);

G_END_DECLS
