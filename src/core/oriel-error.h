#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ORIEL_ERROR (oriel_error_quark ())

typedef enum
{
  ORIEL_ERROR_FAILED,
  ORIEL_ERROR_INVALID_XML,      /* the domain XML could not be read */
  ORIEL_ERROR_NO_GRAPHICS,      /* the domain has no graphical display */
  ORIEL_ERROR_UNREACHABLE,      /* the display cannot be reached from here */
  ORIEL_ERROR_NOT_RUNNING,      /* the domain is not running */
  ORIEL_ERROR_NOT_FOUND,        /* no such domain */
  ORIEL_ERROR_AUTH_FAILED,      /* the display refused the credentials */
  ORIEL_ERROR_AUTH_CANCELLED,   /* the person cancelled a credentials prompt */
  ORIEL_ERROR_UNSUPPORTED,      /* a protocol or device Oriel does not handle */
  ORIEL_ERROR_BUSY,             /* another client holds the console */
  ORIEL_ERROR_HOST_KEY,         /* a changed or revoked SSH host key: refused */
  ORIEL_ERROR_INVALID_VALUE,    /* a setting refused by validation; nothing changed */
  ORIEL_ERROR_CHANGED,          /* the domain changed since it was loaded */
  ORIEL_ERROR_TLS,              /* a TLS certificate failed a check: refused */
} OrielError;

GQuark oriel_error_quark (void);

G_END_DECLS
