#pragma once

#include <gio/gio.h>

#include "oriel-display.h"
#include "oriel-transport.h"

G_BEGIN_DECLS

#define ORIEL_TYPE_SESSION (oriel_session_get_type ())
G_DECLARE_DERIVABLE_TYPE (OrielSession, oriel_session, ORIEL, SESSION, GObject)

typedef enum
{
  ORIEL_SESSION_IDLE,
  ORIEL_SESSION_CONNECTING,
  ORIEL_SESSION_AUTHENTICATING,
  ORIEL_SESSION_CONNECTED,
  ORIEL_SESSION_DISCONNECTED,
} OrielSessionState;

/* A console protocol client. It receives connected fds from its transport
 * and reports through signals; it never touches windows. */
struct _OrielSessionClass
{
  GObjectClass parent_class;

  void (*start)            (OrielSession *self);
  void (*stop)             (OrielSession *self);
  void (*resume_auth)      (OrielSession *self);  /* credentials were set */
  void (*share_clipboard)  (OrielSession *self,
                            gboolean      share);
};

OrielSession      *oriel_session_new_for_transport (OrielTransport *transport);
OrielTransport    *oriel_session_get_transport     (OrielSession *self);
OrielSessionState  oriel_session_get_state         (OrielSession *self);
void               oriel_session_connect           (OrielSession *self);
void               oriel_session_disconnect        (OrielSession *self);
void               oriel_session_set_credentials   (OrielSession *self,
                                                    const char   *username,
                                                    const char   *password);
void               oriel_session_cancel_auth       (OrielSession *self);
void               oriel_session_set_share_clipboard (OrielSession *self,
                                                      gboolean      share);
gboolean           oriel_session_get_share_clipboard (OrielSession *self);
GPtrArray         *oriel_session_get_displays      (OrielSession *self);
gboolean           oriel_session_get_guest_agent   (OrielSession *self);

/* for subclasses */
void               oriel_session_set_guest_agent   (OrielSession *self,
                                                    gboolean      present);
const char        *oriel_session_get_password      (OrielSession *self);
const char        *oriel_session_get_username      (OrielSession *self);
void               oriel_session_forget_password   (OrielSession *self);
GCancellable      *oriel_session_get_cancellable   (OrielSession *self);
void               oriel_session_open_fd_async     (OrielSession        *self,
                                                    gboolean             tls,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
int                oriel_session_open_fd_finish    (OrielSession  *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);
void               oriel_session_emit_connected    (OrielSession *self);
void               oriel_session_emit_disconnected (OrielSession *self,
                                                    const GError *error);
void               oriel_session_request_auth      (OrielSession *self,
                                                    gboolean      need_username,
                                                    const char   *reason);
void               oriel_session_add_display       (OrielSession *self,
                                                    OrielDisplay *display);
void               oriel_session_remove_display    (OrielSession *self,
                                                    OrielDisplay *display);

G_END_DECLS
