#pragma once

#include <gio/gio.h>

#include "oriel-connection.h"
#include "oriel-ssh-session.h"

G_BEGIN_DECLS

typedef enum
{
  ORIEL_HOST_IDLE,              /* not connected, nothing under way */
  ORIEL_HOST_CONNECTING,
  ORIEL_HOST_CONNECTED,
  ORIEL_HOST_RECONNECTING,      /* lost; trying again by itself */
  ORIEL_HOST_FAILED,            /* gave up: see the error; Retry */
} OrielHostState;

#define ORIEL_TYPE_HOST (oriel_host_get_type ())
G_DECLARE_FINAL_TYPE (OrielHost, oriel_host, ORIEL, HOST, GObject)

OrielHost       *oriel_host_new            (const char *uri,
                                            gboolean    read_only);
const char      *oriel_host_get_uri        (OrielHost *self);
char            *oriel_host_get_label      (OrielHost *self);
OrielHostState   oriel_host_get_state      (OrielHost *self);
const char      *oriel_host_get_error      (OrielHost *self);
gboolean         oriel_host_get_can_retry  (OrielHost *self);
OrielConnection *oriel_host_get_connection (OrielHost *self);
gboolean         oriel_host_owns_domain    (OrielHost   *self,
                                            OrielDomain *domain);
void             oriel_host_connect        (OrielHost *self);
void             oriel_host_retry          (OrielHost *self);
void             oriel_host_disconnect     (OrielHost *self);

G_END_DECLS
